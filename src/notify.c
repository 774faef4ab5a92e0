/*-------------------------------------------------------------------------
 * src/notify.c
 *	  Change notifications: every recent_activities row raises
 *	  NOTIFY supporthub_activity with a JSON payload of ids only.
 *
 * notify_activity() is an AFTER INSERT … FOR EACH ROW trigger of
 * recent_activities, so no write path can go around it: activity_log(),
 * the ticket statements that insert their feed row in a CTE, and anything
 * added later all insert into that table.  PostgreSQL queues the
 * notification with the transaction and delivers it at commit; a rollback
 * (or the rollback of a savepoint) drops it.
 *
 * The payload names what changed and nothing of its content: tenant_id,
 * activity_id, ref_type, ref_id, ticket_id and action.  LISTEN has no
 * privilege check, so the payload must be safe for any role that can
 * connect; the `changes` column (which may hold a subject, a description or
 * a comment's text) never travels.  A listener fetches the row through the
 * API, where row-level security decides what it may see.
 *
 * The trigger is written in C rather than PL/pgSQL: it runs once per feed
 * row inside every write, and calling Async_Notify() directly skips the
 * interpreter, the json_build_object() call and pg_notify()'s argument
 * checks.  supporthub.notify (superuser-only, default on) turns it off for
 * a session, a role or the cluster: a bulk load or a restore that should
 * not queue one notification per row.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "commands/async.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/rel.h"

#include "api/api_error.h"
#include "notify.h"

static bool notify_enabled = true;

void
notify_init(void)
{
	DefineCustomBoolVariable("supporthub.notify",
							 "Raise NOTIFY supporthub_activity for every activity feed row.",
							 "The payload carries ids only; turn it off for bulk loads and restores.",
							 &notify_enabled,
							 true,
							 PGC_SUSET,
							 0,
							 NULL, NULL, NULL);
}

/*
 * Append "key": value to the payload, the value being the column's text
 * form as a JSON string (or null).  Columns are found by name: the table
 * may gain columns, and a dump restored into a newer version may order
 * them differently.
 */
static void
append_column(StringInfo buf, const char *key, HeapTuple tuple, TupleDesc desc,
			  const char *column, PGFunction out)
{
	int			attnum = SPI_fnumber(desc, column);
	bool		isnull;
	Datum		value;

	if (attnum <= 0)
		elog(ERROR, "recent_activities has no column \"%s\"", column);
	value = heap_getattr(tuple, attnum, desc, &isnull);
	if (buf->len > 1)
		appendStringInfoString(buf, ", ");
	escape_json(buf, key);
	appendStringInfoString(buf, ": ");
	if (isnull)
		appendStringInfoString(buf, "null");
	else
		escape_json(buf, DatumGetCString(DirectFunctionCall1(out, value)));
}

PG_FUNCTION_INFO_V1(sh_notify_activity);

/* AFTER INSERT row trigger of recent_activities: queue the notification. */
Datum
sh_notify_activity(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	HeapTuple	tuple;
	TupleDesc	desc;
	StringInfoData payload;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_AFTER(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_INSERT(trigdata->tg_event))
		api_error(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED, NULL, NULL,
				  "notify_activity() runs only as an AFTER INSERT row trigger");
	if (!notify_enabled)
		return PointerGetDatum(NULL);

	tuple = trigdata->tg_trigtuple;
	desc = RelationGetDescr(trigdata->tg_relation);

	/* Ids and enum labels only: never the changes column. */
	initStringInfo(&payload);
	appendStringInfoChar(&payload, '{');
	append_column(&payload, "tenant_id", tuple, desc, "tenant_id", uuid_out);
	append_column(&payload, "activity_id", tuple, desc, "id", uuid_out);
	append_column(&payload, "ref_type", tuple, desc, "ref_type", enum_out);
	append_column(&payload, "ref_id", tuple, desc, "ref_id", uuid_out);
	append_column(&payload, "ticket_id", tuple, desc, "ticket_id", uuid_out);
	append_column(&payload, "action", tuple, desc, "action", enum_out);
	appendStringInfoChar(&payload, '}');

	Async_Notify(NOTIFY_CHANNEL, payload.data);
	pfree(payload.data);

	return PointerGetDatum(NULL);
}
