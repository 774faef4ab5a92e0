/*-------------------------------------------------------------------------
 * src/plans.c
 *	  Prepare each internal statement once per backend and reuse its plan
 *	  (SPI_prepare + SPI_keepplan), as PL/pgSQL does for its statements.
 *
 * Plans are found by their SQL text.  They survive DROP/CREATE EXTENSION in
 * the same session because the plan cache re-analyses a kept plan whenever
 * an object it uses changes; parameters use built-in types only (enums are
 * passed as text and cast in the statement) so no stale type OID is kept.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "nodes/params.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "plans.h"
#include "api/api_error.h"

typedef struct PlanEntry
{
	uint64		key;			/* hash of the SQL text (hash key) */
	char	   *sql;			/* the text, to rule out collisions */
	SPIPlanPtr	plan;
} PlanEntry;

static HTAB *plan_table = NULL;

/*
 * Find or prepare the kept plan for sql; custom: planned again for the
 * values of every call (cursor_options CURSOR_OPT_CUSTOM_PLAN).
 */
static SPIPlanPtr
plan_get(const char *sql, int nargs, const Oid *argtypes, bool custom)
{
	uint64		key = hash_bytes_extended((const unsigned char *) sql, strlen(sql), 0);
	PlanEntry  *entry;
	bool		found;
	SPIPlanPtr	plan;

	if (plan_table == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(uint64);
		ctl.entrysize = sizeof(PlanEntry);
		ctl.hcxt = TopMemoryContext;
		plan_table = hash_create("supporthub plans", 128, &ctl,
								 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}

	entry = (PlanEntry *) hash_search(plan_table, &key, HASH_FIND, &found);
	if (found && strcmp(entry->sql, sql) == 0)
		return entry->plan;

	/*
	 * Always the generic plan: every statement here is scoped by tenant and
	 * id parameters whose values do not change the best plan, so planning
	 * once per backend is enough (custom plans would re-plan on every call).
	 * The exception is a statement whose best plan depends on a value, as
	 * a search's on how common its words are (plan_exec_custom_to).
	 */
	plan = SPI_prepare_cursor(sql, nargs, (Oid *) argtypes,
							  custom ? CURSOR_OPT_CUSTOM_PLAN : CURSOR_OPT_GENERIC_PLAN);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (found)
		return plan;			/* hash collision: use it unkept this once */

	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	entry = (PlanEntry *) hash_search(plan_table, &key, HASH_ENTER, &found);
	entry->sql = MemoryContextStrdup(TopMemoryContext, sql);
	entry->plan = plan;
	return plan;
}

/*
 * Run a kept plan: rows go to SPI_tuptable, or to dest when there is one
 * (a list streams its rows straight into the caller's result that way).
 */
static uint64
plan_run(const char *sql, int nargs, const Oid *argtypes, const Datum *values,
		 const bool *isnull, bool read_only, long count, DestReceiver *dest,
		 bool custom)
{
	SPIPlanPtr	plan = plan_get(sql, nargs, argtypes, custom);
	ParamListInfo params = makeParamList(nargs);
	SPIExecuteOptions options;
	int			i;
	int			rc;

	if (nargs < 0 || nargs > PLAN_MAX_ARGS)
		elog(ERROR, "too many statement parameters: %d", nargs);
	for (i = 0; i < nargs; i++)
	{
		ParamExternData *prm = &params->params[i];

		prm->value = values[i];
		prm->isnull = isnull && isnull[i];
		prm->pflags = PARAM_FLAG_CONST;
		prm->ptype = argtypes[i];
	}
	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = read_only;
	options.tcount = count;
	options.dest = dest;
	rc = SPI_execute_plan_extended(plan, &options);
	if (rc < 0)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	return SPI_processed;
}

uint64
plan_exec(const char *sql, int nargs, const Oid *argtypes,
		  const Datum *values, const bool *isnull, bool read_only, long count)
{
	return plan_run(sql, nargs, argtypes, values, isnull, read_only, count, NULL, false);
}

uint64
plan_exec_to(const char *sql, int nargs, const Oid *argtypes,
			 const Datum *values, const bool *isnull, DestReceiver *dest)
{
	return plan_run(sql, nargs, argtypes, values, isnull, true, 0, dest, false);
}

uint64
plan_exec_write_to(const char *sql, int nargs, const Oid *argtypes,
				   const Datum *values, const bool *isnull, DestReceiver *dest)
{
	return plan_run(sql, nargs, argtypes, values, isnull, false, 0, dest, false);
}

uint64
plan_exec_custom_to(const char *sql, int nargs, const Oid *argtypes,
					const Datum *values, const bool *isnull, DestReceiver *dest)
{
	return plan_run(sql, nargs, argtypes, values, isnull, true, 0, dest, true);
}

HeapTuple
plan_read_row(const char *sql, const pg_uuid_t *tenant_id, const pg_uuid_t *id,
			  bool read_only, const char *not_found, TupleDesc *desc)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	Datum		values[2];

	values[0] = UUIDPGetDatum(tenant_id);
	values[1] = UUIDPGetDatum(id);
	if (plan_exec(sql, 2, types, values, NULL, read_only, 0) == 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "%s", not_found);
	*desc = SPI_tuptable->tupdesc;
	return SPI_tuptable->vals[0];
}
