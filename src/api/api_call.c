/*-------------------------------------------------------------------------
 * src/api/api_call.c
 *	  api_call: the single wrapper around every API function, act_as
 *	  included — one path for every failure (the Express app's
 *	  async_handler did this job there).
 *
 * It checks who is calling, runs the body inside SPI, and makes sure that
 * whatever goes wrong reaches the client as a contract error: constraint
 * violations become the friendly messages the body prepared, and nothing
 * internal (SQL text, constraint names, C file names) is passed on.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_proc.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/rls.h"

#include "actor.h"
#include "catalog.h"
#include "api/api_error.h"
#include "api/api_call.h"

/* Error context line for errors raised while the body runs. */
static void
api_error_context(void *arg)
{
	ApiCall    *call = (ApiCall *) arg;

	errcontext("while running supporthub.%s", call->name);
}

/* Check the actor against the function's access rule. */
static void
check_access(ApiCall *call)
{
	const Actor *actor = actor_current();

	call->actor = *actor;
	if (call->access == API_PLATFORM || call->access == API_NO_ACTOR ||
		call->access == API_TENANT_ARG)
		return;
	if (actor->kind == ACTOR_NONE || actor->kind == ACTOR_PLATFORM)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Call supporthub.act_as(user_id) or supporthub.act_as_tenant(tenant_id) first.",
				  "No actor is set for this transaction");
	actor_recheck(actor);
	if (call->access == API_STAFF && !actor_is_staff(actor))
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL, NULL, "%s", call->denied);
	if (call->access == API_ADMIN &&
		actor->kind != ACTOR_ADMIN && actor->kind != ACTOR_SYSTEM)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL, NULL, "%s", call->denied);
}

/*
 * A platform function is executed by supporthub_platform only: the install
 * grants it by name (999_finalize_privileges.sql).  One that runs as a
 * platform function here but that the roles of applications and web tiers
 * may execute — missing from that list — refuses to run, so that it fails
 * at its first call, and in the tests, instead of handing tenant
 * administration to every application.  A schema still at 1.0 (not
 * updated yet) grants the platform functions to supporthub_service, as
 * 1.0 did.
 */
static void
check_platform_grant(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const char *const others[] = {"supporthub_service", "supporthub_authenticator"};
	Oid			fn = fcinfo->flinfo ? fcinfo->flinfo->fn_oid : InvalidOid;

	if (!OidIsValid(fn))
		return;
	for (int i = 0; i < lengthof(others); i++)
	{
		Oid			role = get_role_oid(others[i], true);

		if (OidIsValid(role) &&
			pg_proc_aclcheck(fn, role, ACL_EXECUTE) == ACLCHECK_OK &&
			!catalog_extension_is_1_0())
			elog(ERROR, "supporthub.%s is a platform function, but %s may execute it",
				 call->name, others[i]);
	}
}

/*
 * Settings of the caller that would change what a call does, pinned for
 * the call only, like the functions' own search_path: with row_security
 * off every internal statement would fail (the API's role is not
 * BYPASSRLS).  Only a setting that differs is pinned, so the usual call
 * pays nothing.  Values written to the feed do not depend on DateStyle,
 * TimeZone or number formats: they are encoded explicitly (activity.c).
 */
static void
pin_settings(ApiCall *call)
{
	if (!row_security)
	{
		if (call->guc_nest < 0)
			call->guc_nest = NewGUCNestLevel();
		(void) set_config_option("row_security", "on", PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, ERROR, false);
	}
}

/*
 * A procedure cannot be SECURITY DEFINER (it commits), so it runs as its
 * caller and takes on the API's role, and the search_path the functions'
 * SET clause gives them, for each of its transactions.
 */
static void
enter_procedure(ApiCall *call)
{
	Oid			api_role = get_role_oid("supporthub_api", false);

	if (call->guc_nest < 0)
		call->guc_nest = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET,
							 PGC_S_SESSION, GUC_ACTION_SAVE, true, ERROR, false);
	GetUserIdAndSecContext(&call->saved_userid, &call->saved_sec_context);
	SetUserIdAndSecContext(api_role,
						   call->saved_sec_context | SECURITY_LOCAL_USERID_CHANGE);
}

/* Back to the caller's role and settings (before a commit, or at the end). */
static void
leave_procedure(ApiCall *call)
{
	SetUserIdAndSecContext(call->saved_userid, call->saved_sec_context);
	if (call->guc_nest >= 0)
		AtEOXact_GUC(true, call->guc_nest);
	call->guc_nest = -1;
}

/* The actor for the rest of the call, in the call's GUC nest level. */
static void
set_call_actor(ApiCall *call)
{
	if (call->guc_nest < 0)
		call->guc_nest = NewGUCNestLevel();
	actor_set(&call->actor, GUC_ACTION_SAVE);
}

void
api_call_act_as(ApiCall *call, const Actor *actor)
{
	call->actor = *actor;
	call->call_actor = true;
	set_call_actor(call);
}

void
api_commit(ApiCall *call)
{
	Assert(call->procedure);
	leave_procedure(call);
	SPI_commit();
	enter_procedure(call);
	pin_settings(call);
	if (call->call_actor)
		set_call_actor(call);
}

/*
 * A procedure that commits must be called on its own (CALL outside
 * BEGIN … COMMIT): there it could not commit, and a caller who rolled its
 * failure back could guess without a trace.
 */
static void
check_procedure_context(FunctionCallInfo fcinfo, ApiCall *call)
{
	if (fcinfo->context == NULL || !IsA(fcinfo->context, CallContext) ||
		((CallContext *) fcinfo->context)->atomic)
		api_error(ERRCODE_ACTIVE_SQL_TRANSACTION, NULL,
				  "CALL it on its own, not after BEGIN and not from a function; node-postgres: client.query('CALL …') outside a transaction.",
				  "supporthub.%s cannot run inside a transaction block", call->name);
}

/*
 * The tenant named by the first argument is the actor of an API_TENANT_ARG
 * call: NULL is 22023, an unknown tenant PT404.
 */
static void
act_as_tenant_arg(FunctionCallInfo fcinfo, ApiCall *call)
{
	Actor		tenant;

	if (PG_NARGS() < 1 || PG_ARGISNULL(0))
		api_error_null_arg("tenant_id");
	memset(&tenant, 0, sizeof(tenant));
	tenant.kind = ACTOR_SYSTEM;
	memcpy(&tenant.tenant_id, PG_GETARG_UUID_P(0), sizeof(pg_uuid_t));
	if (!actor_tenant_exists(&tenant.tenant_id))
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Tenant not found");
	api_call_act_as(call, &tenant);
}

/*
 * Turn a caught error into what the client may see.  Constraint errors
 * the body announced become its friendly message; others keep their
 * SQLSTATE and message but lose every internal detail.
 */
static void
translate_error(ApiCall *call, ErrorData *edata)
{
	/* constraint errors of the executor name their constraint; ours don't */
	int			code = edata->constraint_name ? edata->sqlerrcode : 0;

	/* PostgreSQL's wording names the statement and hints at nothing */
	if (edata->sqlerrcode == ERRCODE_READ_ONLY_SQL_TRANSACTION)
		api_error(ERRCODE_READ_ONLY_SQL_TRANSACTION, NULL,
				  "Run it in a read-write transaction (not after BEGIN READ ONLY or SET TRANSACTION READ ONLY, and not on a standby).",
				  "supporthub.%s changes data and cannot run in a read-only transaction",
				  call->name);
	switch (code)
	{
		case ERRCODE_UNIQUE_VIOLATION:
			if (call->dup_message)
				api_error(ERRCODE_UNIQUE_VIOLATION, call->dup_detail, call->dup_hint,
						  "%s", call->dup_message);
			api_error(ERRCODE_UNIQUE_VIOLATION, NULL, NULL,
					  "This change conflicts with an existing row");
			break;
		case ERRCODE_FOREIGN_KEY_VIOLATION:
			{
				char	   *noun;

				/* a delete that a new reference raced */
				if (call->in_use_message)
					api_error(ERRCODE_FOREIGN_KEY_VIOLATION, NULL, call->in_use_hint,
							  "%s", call->in_use_message);
				/* a row named by an argument vanished: say which, from the key */
				noun = edata->table_name ?
					catalog_fk_noun(edata->table_name, edata->constraint_name) : NULL;
				if (noun)
					api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "%s not found", noun);
				api_error(SH_ERRCODE_NOT_FOUND, NULL, "It may have just been deleted.",
						  "A referenced object was not found");
				break;
			}
		case ERRCODE_CHECK_VIOLATION:
		case ERRCODE_NOT_NULL_VIOLATION:
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
					  "A value is missing or out of range");
			break;
		default:
			break;
	}
	edata->filename = NULL;
	edata->lineno = 0;
	edata->funcname = NULL;
	edata->internalquery = NULL;
	edata->internalpos = 0;
	edata->cursorpos = 0;
	edata->constraint_name = NULL;
	edata->schema_name = NULL;
	edata->table_name = NULL;
	edata->column_name = NULL;
	edata->datatype_name = NULL;
	edata->context = psprintf("while running supporthub.%s", call->name);
	ReThrowError(edata);
}

Datum
api_call(FunctionCallInfo fcinfo, ApiCall *call, ApiBody body)
{
	MemoryContext callercxt = CurrentMemoryContext;
	ErrorContextCallback errcb;
	Datum		result = (Datum) 0;

	call->guc_nest = -1;
	call->call_actor = false;
	errcb.callback = api_error_context;
	errcb.arg = call;
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;

	PG_TRY();
	{
		if (call->procedure)
			check_procedure_context(fcinfo, call);
		check_access(call);
		if (call->procedure)
			enter_procedure(call);
		pin_settings(call);
		if (call->access == API_PLATFORM)
		{
			Actor		platform = {ACTOR_PLATFORM};

			/* platform rights last for this call only, like a SET clause */
			api_call_act_as(call, &platform);
		}
		if (SPI_connect_ext(call->procedure ? SPI_OPT_NONATOMIC : 0) != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		if (call->access == API_TENANT_ARG)
			act_as_tenant_arg(fcinfo, call);
		if (call->access == API_PLATFORM)
			check_platform_grant(fcinfo, call);
		result = body(fcinfo, call);
		if (SPI_finish() != SPI_OK_FINISH)
			elog(ERROR, "SPI_finish failed");
		if (call->procedure)
			leave_procedure(call);
		else if (call->guc_nest >= 0)
			AtEOXact_GUC(true, call->guc_nest);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(callercxt);
		edata = CopyErrorData();
		FlushErrorState();
		translate_error(call, edata);
	}
	PG_END_TRY();

	error_context_stack = errcb.previous;
	return result;
}
