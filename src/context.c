/*-------------------------------------------------------------------------
 * src/context.c
 *	  The context functions of SQL: act_as, act_as_tenant and reset_actor,
 *	  which set the actor through the same wrapper as every API function,
 *	  and the current_* readers the row-level security policies call.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/uuid.h"

#include "actor.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "auth/auth.h"
#include "auth/session.h"

/*
 * The calls' context: whether the caller runs in a procedure or DO block
 * that may COMMIT itself (a non-atomic context).  There the actor lasts
 * until that COMMIT, not only to the end of the statement, so act_as does
 * not warn.  Read before the wrapper connects to SPI, which is atomic.
 */
static const bool caller_may_commit = true;

#define CONTEXT_CALL(sqlname) \
	{.name = (sqlname), .access = API_NO_ACTOR, \
	 .context = SPI_inside_nonatomic_context() ? &caller_may_commit : NULL}

/* Common tail of act_as and act_as_tenant: the scope and the warning. */
static void
actor_install(const ApiCall *call, const Actor *actor, bool for_session)
{
	if (!for_session && !IsTransactionBlock() && call->context == NULL)
		api_warning(ERRCODE_NO_ACTIVE_SQL_TRANSACTION,
					"Call it after BEGIN, or pass for_session => true.",
					"the actor lasts only until the end of this statement outside a transaction block");
	actor_set(actor, for_session ? GUC_ACTION_SET : GUC_ACTION_LOCAL);
}

/* The for_session flag: NULL is an error, not "false". */
static bool
for_session_arg(FunctionCallInfo fcinfo)
{
	if (PG_NARGS() < 2 || PG_ARGISNULL(1))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL, "for_session must not be null");
	return PG_GETARG_BOOL(1);
}

/* act_as(user_id, for_session): act as an active user of some tenant. */
static Datum
act_as_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	Actor		actor;
	bool		active = false;
	bool		for_session;

	if (PG_ARGISNULL(0))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL, "user_id must not be null");
	for_session = for_session_arg(fcinfo);
	if (!actor_lookup(PG_GETARG_UUID_P(0), &actor, &active))
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "User not found");
	if (!active)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "An admin can reactivate the user with supporthub.update_user(id, active => true).",
				  "User is deactivated and cannot act");
	actor_install(call, &actor, for_session);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sh_act_as);
Datum
sh_act_as(PG_FUNCTION_ARGS)
{
	ApiCall		call = CONTEXT_CALL("act_as");

	return api_call(fcinfo, &call, act_as_body);
}

/* act_as_tenant(tenant_id, for_session): act as the tenant itself. */
static Datum
act_as_tenant_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	Actor		actor;
	bool		for_session;

	if (PG_ARGISNULL(0))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL, "tenant_id must not be null");
	for_session = for_session_arg(fcinfo);
	memset(&actor, 0, sizeof(actor));
	actor.kind = ACTOR_SYSTEM;
	memcpy(&actor.tenant_id, PG_GETARG_UUID_P(0), sizeof(pg_uuid_t));
	if (!actor_tenant_exists(&actor.tenant_id))
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Tenant not found");
	actor_install(call, &actor, for_session);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sh_act_as_tenant);
Datum
sh_act_as_tenant(PG_FUNCTION_ARGS)
{
	ApiCall		call = CONTEXT_CALL("act_as_tenant");

	return api_call(fcinfo, &call, act_as_tenant_body);
}

/*
 * act_as_session(access_token, for_session): act as the user of a live
 * session, in the tenant that issued it — what a web tier holding only
 * supporthub_authenticator can do.  One index probe; last_used_at is
 * written at most once a minute, never in a read-only transaction.
 */
static Datum
act_as_session_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	text	   *token;
	Actor		actor;
	bool		for_session;
	bool		touch = false;

	if (PG_ARGISNULL(0))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL, "access_token must not be null");
	for_session = for_session_arg(fcinfo);
	token = PG_GETARG_TEXT_PP(0);
	if (!session_check_access_token(VARDATA_ANY(token), VARSIZE_ANY_EXHDR(token), &actor, &touch))
		api_error(SH_ERRCODE_UNAUTHORIZED, NULL,
				  "Refresh the session with supporthub.refresh_session(refresh_token), or sign in again.",
				  "Session expired or revoked");
	actor_install(call, &actor, for_session);
	if (touch)
		session_touch(&actor);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sh_act_as_session);
Datum
sh_act_as_session(PG_FUNCTION_ARGS)
{
	ApiCall		call = CONTEXT_CALL("act_as_session");

	return api_call(fcinfo, &call, act_as_session_body);
}

/* reset_actor(): clear the actor for the rest of the session. */
static Datum
reset_actor_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	Actor		none = {ACTOR_NONE};

	actor_set(&none, GUC_ACTION_SET);
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sh_reset_actor);
Datum
sh_reset_actor(PG_FUNCTION_ARGS)
{
	ApiCall		call = CONTEXT_CALL("reset_actor");

	return api_call(fcinfo, &call, reset_actor_body);
}

/* Readers.  A platform function has no tenant: all read NULL then. */

/* A palloc'd copy of a uuid, as a function result. */
static Datum
uuid_result(const pg_uuid_t *u)
{
	pg_uuid_t  *res = palloc(sizeof(pg_uuid_t));

	memcpy(res, u, sizeof(pg_uuid_t));
	return UUIDPGetDatum(res);
}

PG_FUNCTION_INFO_V1(sh_current_tenant_id);
Datum
sh_current_tenant_id(PG_FUNCTION_ARGS)
{
	if (actor_current()->kind == ACTOR_NONE || actor_current()->kind == ACTOR_PLATFORM)
		PG_RETURN_NULL();
	return uuid_result(&actor_current()->tenant_id);
}

PG_FUNCTION_INFO_V1(sh_current_user_id);
Datum
sh_current_user_id(PG_FUNCTION_ARGS)
{
	if (!actor_has_user(actor_current()))
		PG_RETURN_NULL();
	return uuid_result(&actor_current()->user_id);
}

PG_FUNCTION_INFO_V1(sh_current_user_role);
Datum
sh_current_user_role(PG_FUNCTION_ARGS)
{
	const char *label = actor_role_label(actor_current()->kind);
	Oid			typid;

	if (label == NULL)
		PG_RETURN_NULL();
	typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
							CStringGetDatum("user_role"),
							ObjectIdGetDatum(get_namespace_oid("supporthub", false)));
	if (!OidIsValid(typid))
		elog(ERROR, "type supporthub.user_role is missing");
	return DirectFunctionCall2(enum_in, CStringGetDatum(label), ObjectIdGetDatum(typid));
}

PG_FUNCTION_INFO_V1(sh_current_actor_is_staff);
Datum
sh_current_actor_is_staff(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(actor_is_staff(actor_current()));
}

PG_FUNCTION_INFO_V1(sh_current_actor_is_platform);
Datum
sh_current_actor_is_platform(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(actor_current()->kind == ACTOR_PLATFORM);
}
