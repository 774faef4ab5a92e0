/*-------------------------------------------------------------------------
 * src/catalog.c
 *	  What the C code reads from the catalog instead of repeating it: the
 *	  length limit of a text column and the range of an integer column
 *	  (from their CHECK constraints) and what a foreign key points at (for
 *	  its not-found message).  Read once per backend and forgotten
 *	  on any relcache invalidation, so an ALTER TABLE or an update of the
 *	  extension is seen at once.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "nodes/nodeFuncs.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/syscache.h"

#include "catalog.h"

/* The OID of supporthub.<name>, InvalidOid when there is none. */
static Oid
schema_relid(const char *name)
{
	return get_relname_relid(name, get_namespace_oid("supporthub", false));
}

typedef struct LimitEntry
{
	char		key[2 * NAMEDATALEN + 2];	/* "table.column" and what is measured */
	int64		lo;				/* PG_INT64_MIN: no lower bound */
	int64		hi;				/* PG_INT64_MAX: no upper bound */
} LimitEntry;

static HTAB *limits = NULL;
static uint64 generation = 1;

/* Forget every cached limit: a table of the schema may have changed. */
static void
limits_invalidate(Datum arg, Oid relid)
{
	generation++;
	if (limits != NULL)
	{
		hash_destroy(limits);
		limits = NULL;
	}
}

void
catalog_init(void)
{
	CacheRegisterRelcacheCallback(limits_invalidate, (Datum) 0);
}

/* The column a char_length()-like call measures, or 0. */
static AttrNumber
measured_column(Node *node)
{
	FuncExpr   *f;
	Node	   *arg;
	char	   *name;

	if (!IsA(node, FuncExpr))
		return 0;
	f = (FuncExpr *) node;
	if (list_length(f->args) != 1)
		return 0;
	name = get_func_name(f->funcid);
	if (name == NULL ||
		(strcmp(name, "char_length") != 0 && strcmp(name, "character_length") != 0 &&
		 strcmp(name, "length") != 0))
		return 0;
	arg = linitial(f->args);
	while (IsA(arg, RelabelType))
		arg = (Node *) ((RelabelType *) arg)->arg;
	return IsA(arg, Var) ? ((Var *) arg)->varattno : 0;
}

/* Is node what the bounds are about: column attnum, or its length? */
static bool
is_bounded(Node *node, AttrNumber attnum, bool length)
{
	if (length)
		return measured_column(node) == attnum;
	return IsA(node, Var) && ((Var *) node)->varattno == attnum;
}

/*
 * Narrow *lo and *hi to the bounds a CHECK expression puts on column
 * attnum (length: on its length in characters): "x <= n", "x < n",
 * "x >= n", "x > n" with an integer n, and BETWEEN, which is an AND of two.
 * What the expression does not bound is left as it was.
 */
static void
check_bounds(Node *node, AttrNumber attnum, bool length, int64 *lo, int64 *hi)
{
	if (node == NULL)
		return;
	if (IsA(node, BoolExpr) && ((BoolExpr *) node)->boolop == AND_EXPR)
	{
		ListCell   *lc;

		foreach(lc, ((BoolExpr *) node)->args)
			check_bounds(lfirst(lc), attnum, length, lo, hi);
		return;
	}
	if (IsA(node, OpExpr) && list_length(((OpExpr *) node)->args) == 2)
	{
		OpExpr	   *op = (OpExpr *) node;
		Node	   *right = lsecond(op->args);
		char	   *opname = get_opname(op->opno);
		int64		n;

		if (opname == NULL || !is_bounded(linitial(op->args), attnum, length) ||
			!IsA(right, Const) || ((Const *) right)->constisnull ||
			((Const *) right)->consttype != INT4OID)
			return;
		n = DatumGetInt32(((Const *) right)->constvalue);
		if (strcmp(opname, "<=") == 0)
			*hi = Min(*hi, n);
		else if (strcmp(opname, "<") == 0)
			*hi = Min(*hi, n - 1);
		else if (strcmp(opname, ">=") == 0)
			*lo = Max(*lo, n);
		else if (strcmp(opname, ">") == 0)
			*lo = Max(*lo, n + 1);
	}
}

/* Read the bounds of supporthub.table.column from its CHECK constraints. */
static void
read_bounds(const char *table, const char *column, bool length, int64 *lo, int64 *hi)
{
	Oid			relid = schema_relid(table);
	Relation	rel;
	TupleConstr *constr;
	AttrNumber	attnum;

	if (!OidIsValid(relid))
		elog(ERROR, "table supporthub.%s is missing", table);
	attnum = get_attnum(relid, column);
	if (attnum == InvalidAttrNumber)
		elog(ERROR, "column supporthub.%s.%s is missing", table, column);
	*lo = PG_INT64_MIN;
	*hi = PG_INT64_MAX;
	rel = table_open(relid, AccessShareLock);
	constr = RelationGetDescr(rel)->constr;
	for (int i = 0; constr != NULL && i < constr->num_check; i++)
		check_bounds(stringToNode(constr->check[i].ccbin), attnum, length, lo, hi);
	table_close(rel, AccessShareLock);
}

/* The bounds of supporthub.table.column (or of its length), cached. */
static void
cached_bounds(const char *table, const char *column, bool length, int64 *lo, int64 *hi)
{
	char		key[2 * NAMEDATALEN + 2];
	LimitEntry *entry;
	bool		found;

	snprintf(key, sizeof(key), "%s.%s%s", table, column, length ? "#" : "");
	if (limits == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(key);
		ctl.entrysize = sizeof(LimitEntry);
		ctl.hcxt = TopMemoryContext;
		limits = hash_create("supporthub limits", 32, &ctl,
							 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	entry = hash_search(limits, key, HASH_FIND, NULL);
	if (entry != NULL)
	{
		*lo = entry->lo;
		*hi = entry->hi;
		return;
	}
	read_bounds(table, column, length, lo, hi);
	/* the read may have run an invalidation that dropped the table */
	if (limits == NULL)
		return;
	entry = hash_search(limits, key, HASH_ENTER, &found);
	entry->lo = *lo;
	entry->hi = *hi;
}

/*
 * Most characters supporthub.table.column may hold, as its CHECK
 * constraint says (0: no limit).  Argument checks use it, so a limit is
 * written once, in the migration.
 */
int
catalog_text_limit(const char *table, const char *column)
{
	int64		lo,
				hi;

	cached_bounds(table, column, true, &lo, &hi);
	return (hi == PG_INT64_MAX || hi < 0) ? 0 : (int) hi;
}

/*
 * The range of the integer column supporthub.table.column, as its CHECK
 * constraint says; a column that is not bounded on both sides is an
 * internal error (the settings that use it are meant to be).
 */
void
catalog_int_range(const char *table, const char *column, int32 *min, int32 *max)
{
	int64		lo,
				hi;

	cached_bounds(table, column, false, &lo, &hi);
	if (lo < PG_INT32_MIN || hi > PG_INT32_MAX)
		elog(ERROR, "column supporthub.%s.%s has no CHECK constraint bounding it", table, column);
	*min = (int32) lo;
	*max = (int32) hi;
}

/* "escalation_types" -> "Escalation type", "categories" -> "Category". */
static char *
noun_of_table(const char *table)
{
	char	   *noun = pstrdup(table);
	size_t		len = strlen(noun);

	if (len > 3 && strcmp(noun + len - 3, "ies") == 0)
		strcpy(noun + len - 3, "y");
	else if (len > 1 && noun[len - 1] == 's')
		noun[len - 1] = '\0';
	for (char *p = noun; *p; p++)
		if (*p == '_')
			*p = ' ';
	noun[0] = pg_toupper((unsigned char) noun[0]);
	return noun;
}

/*
 * What the foreign key supporthub.<table>.<constraint> names, as the noun
 * of a "... not found" message: the referenced table's ("Category",
 * "Escalation type"), or for a reference to users the role its column
 * names ("customer_id" -> "Customer").  NULL when there is no such key.
 */
char *
catalog_fk_noun(const char *table, const char *constraint)
{
	Oid			relid = schema_relid(table);
	Oid			conid;
	HeapTuple	tup;
	Form_pg_constraint con;
	char	   *noun = NULL;

	if (!OidIsValid(relid) ||
		!OidIsValid(conid = get_relation_constraint_oid(relid, constraint, true)))
		return NULL;
	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conid));
	if (!HeapTupleIsValid(tup))
		return NULL;
	con = (Form_pg_constraint) GETSTRUCT(tup);
	if (con->contype == CONSTRAINT_FOREIGN)
	{
		char	   *target = get_rel_name(con->confrelid);

		if (target != NULL && strcmp(target, "users") != 0)
			noun = noun_of_table(target);
		else if (target != NULL)
		{
			bool		isnull;
			Datum		d = SysCacheGetAttr(CONSTROID, tup, Anum_pg_constraint_conkey, &isnull);
			ArrayType  *keys = isnull ? NULL : DatumGetArrayTypeP(d);
			int16	   *attnums = keys ? (int16 *) ARR_DATA_PTR(keys) : NULL;
			int			n = keys ? ARR_DIMS(keys)[0] : 0;

			/* the key's column other than tenant_id, without "_id" */
			for (int i = 0; i < n && noun == NULL; i++)
			{
				char	   *col = get_attname(relid, attnums[i], true);
				size_t		len = col ? strlen(col) : 0;

				if (col && strcmp(col, "tenant_id") != 0 && len > 3 &&
					strcmp(col + len - 3, "_id") == 0)
				{
					col[len - 3] = '\0';
					noun = noun_of_table(psprintf("%ss", col));
				}
			}
		}
	}
	ReleaseSysCache(tup);
	return noun;
}

bool
catalog_extension_is_1_0(void)
{
	bool		isnull;
	Datum		v;
	bool		result;

	if (SPI_execute("SELECT extversion FROM pg_catalog.pg_extension"
					" WHERE extname OPERATOR(pg_catalog.=) 'supporthub'",
					true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the extension's version");
	if (SPI_processed != 1)
		return false;
	v = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	result = !isnull && strcmp(TextDatumGetCString(v), "1.0") == 0;
	return result;
}

/* Bumped by every relcache invalidation: what was checked may be stale. */
uint64
catalog_generation(void)
{
	return generation;
}

/* The type of supporthub.table.column; InvalidOid when there is none. */
Oid
catalog_column_type(const char *table, const char *column)
{
	Oid			relid = schema_relid(table);
	AttrNumber	attnum;

	if (!OidIsValid(relid) ||
		(attnum = get_attnum(relid, column)) == InvalidAttrNumber)
		return InvalidOid;
	return get_atttype(relid, attnum);
}

/* The type modifier of supporthub.table.column; -1 when there is none. */
int32
catalog_column_typmod(const char *table, const char *column)
{
	Oid			relid = schema_relid(table);
	AttrNumber	attnum;
	Oid			typid;
	int32		typmod;
	Oid			collid;

	if (!OidIsValid(relid) ||
		(attnum = get_attnum(relid, column)) == InvalidAttrNumber)
		return -1;
	get_atttypetypmodcoll(relid, attnum, &typid, &typmod, &collid);
	return typmod;
}

/* Does a foreign key of supporthub.table on column point at reftable? */
bool
catalog_references(const char *table, const char *column, const char *reftable)
{
	Oid			relid = schema_relid(table);
	Oid			refid = schema_relid(reftable);
	AttrNumber	attnum;
	Relation	rel;
	List	   *fks;
	ListCell   *lc;
	bool		found = false;

	if (!OidIsValid(relid) || !OidIsValid(refid) ||
		(attnum = get_attnum(relid, column)) == InvalidAttrNumber)
		return false;
	rel = table_open(relid, AccessShareLock);
	fks = RelationGetFKeyList(rel);
	foreach(lc, fks)
	{
		ForeignKeyCacheInfo *fk = lfirst(lc);

		if (fk->confrelid != refid)
			continue;
		for (int i = 0; i < fk->nkeys; i++)
			if (fk->conkey[i] == attnum)
				found = true;
	}
	table_close(rel, AccessShareLock);
	return found;
}
