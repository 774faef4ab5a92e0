/*-------------------------------------------------------------------------
 * src/auth/probe.c
 *	  Direct primary-key probes of the sign-in tables: how a token is
 *	  checked (one index probe, no SPI) and how the digests, which no role
 *	  may SELECT, are read at all.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "auth/auth.h"

/* Up to three key columns: tenant_id, id, and an int4 (a generation). */
#define PROBE_MAX_KEYS 3

ProbedRow
auth_probe(const char *table, int nkeys, const Datum *keys)
{
	ProbedRow	result = {NULL, NULL};
	Oid			nsp = get_namespace_oid("supporthub", false);
	Oid			relid = get_relname_relid(table, nsp);
	Oid			indexid = get_relname_relid(psprintf("%s_pkey", table), nsp);
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key[PROBE_MAX_KEYS];
	HeapTuple	tup;
	Snapshot	snapshot;
	int			i;

	if (!OidIsValid(relid) || !OidIsValid(indexid) || nkeys < 1 || nkeys > PROBE_MAX_KEYS)
		elog(ERROR, "supporthub.%s or its primary key is missing", table);
	rel = table_open(relid, AccessShareLock);
	for (i = 0; i < nkeys; i++)
		ScanKeyInit(&key[i], (AttrNumber) (i + 1), BTEqualStrategyNumber,
					i < 2 ? F_UUID_EQ : F_INT4EQ, keys[i]);
	snapshot = RegisterSnapshot(GetLatestSnapshot());
	scan = systable_beginscan(rel, indexid, true, snapshot, nkeys, key);
	if (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		result.tuple = heap_copytuple(tup);
		result.desc = CreateTupleDescCopy(RelationGetDescr(rel));
	}
	systable_endscan(scan);
	UnregisterSnapshot(snapshot);
	table_close(rel, AccessShareLock);
	return result;
}

Datum
probed_value(const ProbedRow *row, const char *column, bool *isnull)
{
	int			i;

	for (i = 0; i < row->desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(row->desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), column) == 0)
			return heap_getattr(row->tuple, i + 1, row->desc, isnull);
	}
	elog(ERROR, "column %s is missing", column);
	return (Datum) 0;
}

/* The schema an extension lives in (pg_extension.extnamespace). */
Oid
auth_extension_schema(Oid ext)
{
	Relation	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			nsp = InvalidOid;

	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ext));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	if (HeapTupleIsValid(tup = systable_getnext(scan)))
		nsp = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	if (!OidIsValid(nsp))
		elog(ERROR, "extension %u has no schema", ext);
	return nsp;
}
