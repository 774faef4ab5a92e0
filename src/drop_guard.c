/*-------------------------------------------------------------------------
 * src/drop_guard.c
 *	  DROP EXTENSION supporthub (or DROP SCHEMA supporthub) deletes every
 *	  tenant's data; refuse it while tenants exist unless the operator has
 *	  said so with SET supporthub.allow_drop_with_data = on.
 *
 * guard_drop() is an event trigger function (ddl_command_start, for DROP
 * EXTENSION and DROP SCHEMA); the setting is PGC_SUSET, as only a
 * superuser can drop the extension anyway.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/event_trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/parsenodes.h"
#include "utils/guc.h"

#include "api/api_error.h"
#include "drop_guard.h"

static bool allow_drop_with_data = false;

void
drop_guard_init(void)
{
	DefineCustomBoolVariable("supporthub.allow_drop_with_data",
							 "Let DROP EXTENSION supporthub delete existing tenants and their data.",
							 NULL,
							 &allow_drop_with_data,
							 false,
							 PGC_SUSET,
							 GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
}

/* Does the DROP statement name supporthub among its objects? */
static bool
drops_supporthub(DropStmt *stmt)
{
	ListCell   *lc;

	if (stmt->removeType != OBJECT_EXTENSION && stmt->removeType != OBJECT_SCHEMA)
		return false;
	foreach(lc, stmt->objects)
	{
		Node	   *name = lfirst(lc);

		if (IsA(name, String) && strcmp(strVal(name), "supporthub") == 0)
			return true;
	}
	return false;
}

PG_FUNCTION_INFO_V1(sh_guard_drop);

/* Event trigger: refuse to drop supporthub while it holds tenants. */
Datum
sh_guard_drop(PG_FUNCTION_ARGS)
{
	EventTriggerData *trigdata;
	int64		tenants;
	bool		isnull;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		api_error(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED, NULL, NULL,
				  "guard_drop() runs only as an event trigger");
	trigdata = (EventTriggerData *) fcinfo->context;
	if (allow_drop_with_data || !IsA(trigdata->parsetree, DropStmt) ||
		!drops_supporthub((DropStmt *) trigdata->parsetree))
		PG_RETURN_VOID();

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute("SELECT pg_catalog.count(*) FROM supporthub.tenants", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not count the tenants");
	tenants = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();
	if (tenants > 0)
		api_error(ERRCODE_OBJECT_IN_USE,
				  psprintf("Dropping it deletes " INT64_FORMAT " tenant%s and all their tickets, users and history.",
						   tenants, tenants == 1 ? "" : "s"),
				  "Take a backup first (pg_dump -Fc of the whole database); then SET supporthub.allow_drop_with_data = on and drop it again.",
				  "supporthub still holds tenants");
	PG_RETURN_VOID();
}
