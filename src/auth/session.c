/*-------------------------------------------------------------------------
 * src/auth/session.c
 *	  Sessions: opening one (the device limit, the token pair), checking
 *	  an access token for act_as_session, rotating the pair with reuse
 *	  detection (refresh_session), ending sessions, listing them, and the
 *	  clean-up of what has expired.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/inet.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "actor.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "api/api_response.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "auth/token.h"
#include "engine.h"
#include "plans.h"
#include "settings.h"
#include "uuid_v7.h"

/* last_used_at is written at most this often per session */
#define TOUCH_INTERVAL_USECS	(60 * USECS_PER_SEC)

/* A digest as a bytea parameter. */
static Datum
digest_datum(const Token *token)
{
	bytea	   *b = palloc(VARHDRSZ + TOKEN_DIGEST_BYTES);

	SET_VARSIZE(b, VARHDRSZ + TOKEN_DIGEST_BYTES);
	token_digest(token, (uint8 *) VARDATA(b));
	return PointerGetDatum(b);
}

/* Does the stored digest (a bytea datum) match the token's? */
static bool
digest_matches(Datum stored, const Token *token)
{
	bytea	   *b = DatumGetByteaPP(stored);
	uint8		digest[TOKEN_DIGEST_BYTES];

	if (VARSIZE_ANY_EXHDR(b) != TOKEN_DIGEST_BYTES)
		return false;
	token_digest(token, digest);
	return token_digest_equal((const uint8 *) VARDATA_ANY(b), digest);
}

static TimestampTz
timestamp_of(const ProbedRow *row, const char *column, bool *isnull)
{
	return DatumGetTimestampTz(probed_value(row, column, isnull));
}

void
session_origin_args(FunctionCallInfo fcinfo, int argno, const char *event,
					SessionOrigin *origin)
{
	memset(origin, 0, sizeof(SessionOrigin));
	origin->event = event;
	origin->device_info_null = true;
	origin->client_addr_null = true;
	if (PG_NARGS() > argno && !PG_ARGISNULL(argno))
	{
		char	   *info = engine_trim(TextDatumGetCString(PG_GETARG_DATUM(argno)));

		if (*info != '\0')
		{
			engine_check_column_text("sessions", "device_info", info, F_LINE);
			origin->device_info = CStringGetTextDatum(info);
			origin->device_info_null = false;
		}
	}
	if (PG_NARGS() > argno + 1 && !PG_ARGISNULL(argno + 1))
	{
		origin->client_addr = PG_GETARG_DATUM(argno + 1);
		origin->client_addr_null = false;
	}
}

void
auth_event_log(ApiCall *call, const char *event, const pg_uuid_t *user_id,
			   const pg_uuid_t *session_id, const char *email_key_of,
			   const SessionOrigin *origin)
{
	static const Oid types[7] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, TEXTOID, TEXTOID, INETOID};
	Datum		values[7];
	bool		isnull[7] = {false, user_id == NULL, session_id == NULL, false,
	email_key_of == NULL, origin == NULL || origin->device_info_null,
	origin == NULL || origin->client_addr_null};

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = user_id ? UUIDPGetDatum(user_id) : (Datum) 0;
	values[2] = session_id ? UUIDPGetDatum(session_id) : (Datum) 0;
	values[3] = CStringGetTextDatum(event);
	values[4] = email_key_of ? CStringGetTextDatum(email_key_of) : (Datum) 0;
	values[5] = origin ? origin->device_info : (Datum) 0;
	values[6] = origin ? origin->client_addr : (Datum) 0;
	plan_exec("INSERT INTO supporthub.auth_events"
			  " (tenant_id, user_id, session_id, event, email_key, device_info, client_addr)"
			  " VALUES ($1, $2, $3, $4::supporthub.auth_event_kind, supporthub.name_key($5), $6, $7)",
			  7, types, values, isnull, false, 0);
}

bool
session_open(ApiCall *call, const pg_uuid_t *user_id, const SessionOrigin *origin,
			 SessionTokens *out)
{
	static const Oid user_types[2] = {UUIDOID, UUIDOID};
	static const Oid evict_types[3] = {UUIDOID, UUIDOID, INT4OID};
	static const Oid open_types[11] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, INETOID,
	BYTEAOID, INT4OID, INT4OID, BYTEAOID, TEXTOID, TEXTOID};
	const pg_uuid_t *tenant = &call->actor.tenant_id;
	TenantSettings settings;
	Datum		values[11];
	bool		isnull[11] = {false};
	Token		access;
	Token		refresh;
	bool		dummy;

	tenant_settings_read(tenant, &settings);

	/* the user, still active; the row lock makes one user's sign-ins queue */
	values[0] = UUIDPGetDatum(tenant);
	values[1] = UUIDPGetDatum(user_id);
	if (plan_exec("UPDATE supporthub.users SET last_signed_in_at = now()"
				  " WHERE tenant_id = $1 AND id = $2 AND active RETURNING id",
				  2, user_types, values, isnull, false, 0) == 0)
		return false;

	/* the device limit: room for the new one, least recently used out */
	values[2] = Int32GetDatum(settings.max_sessions_per_user - 1);
	plan_exec("WITH evicted AS ("
			  " UPDATE supporthub.sessions s"
			  " SET revoked_at = now(), revoked_reason = 'device_limit'"
			  " FROM (SELECT id FROM supporthub.sessions"
			  "  WHERE tenant_id = $1 AND user_id = $2"
			  "  AND revoked_at IS NULL AND expires_at > now()"
			  "  ORDER BY coalesce(last_used_at, created_at) DESC, id DESC OFFSET $3) old"
			  " WHERE s.tenant_id = $1 AND s.id = old.id RETURNING s.id)"
			  " INSERT INTO supporthub.auth_events (tenant_id, user_id, session_id, event)"
			  " SELECT $1, $2, id, 'session_revoked' FROM evicted",
			  3, evict_types, values, isnull, false, 0);

	memcpy(&out->user_id, user_id, sizeof(pg_uuid_t));
	uuid_v7_make(&out->session_id);
	token_make(&access, TOKEN_ACCESS, tenant, &out->session_id, 1);
	token_make(&refresh, TOKEN_REFRESH, tenant, &out->session_id, 1);

	values[0] = UUIDPGetDatum(tenant);
	values[1] = UUIDPGetDatum(&out->session_id);
	values[2] = UUIDPGetDatum(user_id);
	values[3] = origin->device_info;
	isnull[3] = origin->device_info_null;
	values[4] = origin->client_addr;
	isnull[4] = origin->client_addr_null;
	values[5] = digest_datum(&access);
	values[6] = Int32GetDatum(settings.access_token_minutes);
	values[7] = Int32GetDatum(settings.refresh_token_days);
	values[8] = digest_datum(&refresh);
	values[9] = CStringGetTextDatum(origin->event);
	values[10] = origin->email_key_of ? CStringGetTextDatum(origin->email_key_of) : (Datum) 0;
	isnull[10] = origin->email_key_of == NULL;
	if (plan_exec("WITH s AS ("
				  " INSERT INTO supporthub.sessions (tenant_id, id, user_id, device_info, client_addr,"
				  "  access_token_hash, access_expires_at, expires_at)"
				  " VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7),"
				  "  now() + make_interval(days => $8))"
				  " RETURNING id, access_expires_at, expires_at),"
				  " r AS (INSERT INTO supporthub.session_refresh_tokens"
				  "  (tenant_id, session_id, generation, token_hash)"
				  "  SELECT $1, id, 1, $9 FROM s),"
				  " e AS (INSERT INTO supporthub.auth_events"
				  "  (tenant_id, user_id, session_id, event, email_key, device_info, client_addr)"
				  "  SELECT $1, $3, id, $10::supporthub.auth_event_kind, supporthub.name_key($11), $4, $5 FROM s)"
				  " SELECT access_expires_at, expires_at FROM s",
				  11, open_types, values, isnull, false, 0) != 1)
		elog(ERROR, "session was not stored");
	out->access_expires_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0],
															   SPI_tuptable->tupdesc, 1, &dummy));
	out->refresh_expires_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0],
																SPI_tuptable->tupdesc, 2, &dummy));
	out->access_token = token_text(&access);
	out->refresh_token = token_text(&refresh);
	return true;
}

/* The type supporthub.<name>. */
static Oid
supporthub_type(const char *name)
{
	Oid			typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										CStringGetDatum(name),
										ObjectIdGetDatum(get_namespace_oid("supporthub", false)));

	if (!OidIsValid(typid))
		elog(ERROR, "type supporthub.%s is missing", name);
	return typid;
}

Datum
session_tokens_datum(const SessionTokens *tokens)
{
	TupleDesc	desc = BlessTupleDesc(TypeGetTupleDesc(supporthub_type("session_tokens"), NIL));
	Datum		values[6];
	bool		isnull[6] = {false};
	pg_uuid_t  *user = palloc(sizeof(pg_uuid_t));
	pg_uuid_t  *session = palloc(sizeof(pg_uuid_t));

	memcpy(user, &tokens->user_id, sizeof(pg_uuid_t));
	memcpy(session, &tokens->session_id, sizeof(pg_uuid_t));
	values[0] = UUIDPGetDatum(user);
	values[1] = UUIDPGetDatum(session);
	values[2] = CStringGetTextDatum(tokens->access_token);
	values[3] = TimestampTzGetDatum(tokens->access_expires_at);
	values[4] = CStringGetTextDatum(tokens->refresh_token);
	values[5] = TimestampTzGetDatum(tokens->refresh_expires_at);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, isnull));
}

/* A procedure's result: its one OUT parameter, session. */
Datum
session_procedure_result(FunctionCallInfo fcinfo, const SessionTokens *tokens)
{
	TupleDesc	desc;
	Datum		value = session_tokens_datum(tokens);
	bool		isnull = false;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != 1)
		elog(ERROR, "procedure must have one OUT parameter");
	desc = BlessTupleDesc(desc);
	return api_response_row(HeapTupleGetDatum(heap_form_tuple(desc, &value, &isnull)));
}

bool
session_check_access_token(const char *text, size_t len, Actor *actor, bool *touch)
{
	Token		token;
	Datum		keys[2];
	ProbedRow	row;
	bool		isnull;
	TimestampTz now = GetCurrentTimestamp();
	TimestampTz last_used;
	Actor		user;
	bool		active = false;

	if (!token_parse(text, len, TOKEN_ACCESS, &token))
		return false;
	keys[0] = UUIDPGetDatum(&token.tenant_id);
	keys[1] = UUIDPGetDatum(&token.id);
	row = auth_probe("sessions", 2, keys);
	if (row.tuple == NULL)
		return false;
	(void) probed_value(&row, "revoked_at", &isnull);
	if (!isnull ||
		DatumGetInt32(probed_value(&row, "generation", &isnull)) != token.generation ||
		!digest_matches(probed_value(&row, "access_token_hash", &isnull), &token) ||
		timestamp_of(&row, "access_expires_at", &isnull) <= now ||
		timestamp_of(&row, "expires_at", &isnull) <= now)
		return false;
	if (!actor_lookup(DatumGetUUIDP(probed_value(&row, "user_id", &isnull)), &user, &active) ||
		!active || memcmp(&user.tenant_id, &token.tenant_id, sizeof(pg_uuid_t)) != 0)
		return false;
	*actor = user;
	actor->has_session = true;
	memcpy(&actor->session_id, &token.id, sizeof(pg_uuid_t));
	actor->session_generation = token.generation;
	last_used = timestamp_of(&row, "last_used_at", &isnull);
	*touch = isnull || now - last_used >= TOUCH_INTERVAL_USECS;
	return true;
}

void
session_touch(const Actor *actor)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	Datum		values[2];
	bool		isnull[2] = {false, false};

	/* a read-only request stays read-only (and a standby cannot write) */
	if (XactReadOnly)
		return;
	values[0] = UUIDPGetDatum(&actor->tenant_id);
	values[1] = UUIDPGetDatum(&actor->session_id);
	plan_exec("UPDATE supporthub.sessions SET last_used_at = now()"
			  " WHERE tenant_id = $1 AND id = $2"
			  " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')",
			  2, types, values, isnull, false, 0);
}

bool
session_is_live(const pg_uuid_t *tenant_id, const pg_uuid_t *session_id, int32 generation)
{
	Datum		keys[2] = {UUIDPGetDatum(tenant_id), UUIDPGetDatum(session_id)};
	ProbedRow	row = auth_probe("sessions", 2, keys);
	TimestampTz now = GetCurrentTimestamp();
	bool		isnull;

	if (row.tuple == NULL)
		return false;
	(void) probed_value(&row, "revoked_at", &isnull);
	if (!isnull || timestamp_of(&row, "expires_at", &isnull) <= now)
		return false;
	if (generation < 0)
		return true;
	return DatumGetInt32(probed_value(&row, "generation", &isnull)) == generation &&
		timestamp_of(&row, "access_expires_at", &isnull) > now;
}

bool
session_rotate(ApiCall *call, const pg_uuid_t *session_id, int32 generation,
			   const char *event, SessionTokens *out)
{
	static const Oid types[8] = {UUIDOID, UUIDOID, INT4OID, BYTEAOID, INT4OID, INT4OID, BYTEAOID, TEXTOID};
	const pg_uuid_t *tenant = &call->actor.tenant_id;
	TenantSettings settings;
	Token		access;
	Token		refresh;
	Datum		values[8];
	bool		isnull;

	tenant_settings_read(tenant, &settings);
	token_make(&access, TOKEN_ACCESS, tenant, session_id, generation + 1);
	token_make(&refresh, TOKEN_REFRESH, tenant, session_id, generation + 1);
	values[0] = UUIDPGetDatum(tenant);
	values[1] = UUIDPGetDatum(session_id);
	values[2] = Int32GetDatum(generation);
	values[3] = digest_datum(&access);
	values[4] = Int32GetDatum(settings.access_token_minutes);
	values[5] = Int32GetDatum(settings.refresh_token_days);
	values[6] = digest_datum(&refresh);
	values[7] = CStringGetTextDatum(event);
	if (plan_exec("WITH s AS (UPDATE supporthub.sessions"
				  " SET generation = generation + 1, access_token_hash = $4,"
				  "  access_expires_at = now() + make_interval(mins => $5),"
				  "  expires_at = least(now() + make_interval(days => $6), created_at + interval '90 days'),"
				  "  refreshed_at = now()"
				  " WHERE tenant_id = $1 AND id = $2 AND generation = $3 AND revoked_at IS NULL"
				  " RETURNING id, user_id, access_expires_at, expires_at),"
				  " old AS (UPDATE supporthub.session_refresh_tokens SET rotated_at = now()"
				  "  WHERE tenant_id = $1 AND session_id = $2 AND generation = $3"
				  "  AND EXISTS (SELECT FROM s)),"
				  " new AS (INSERT INTO supporthub.session_refresh_tokens"
				  "  (tenant_id, session_id, generation, token_hash)"
				  "  SELECT $1, id, $3 + 1, $7 FROM s),"
				  " e AS (INSERT INTO supporthub.auth_events (tenant_id, user_id, session_id, event)"
				  "  SELECT $1, user_id, id, $8::supporthub.auth_event_kind FROM s)"
				  " SELECT user_id, access_expires_at, expires_at FROM s",
				  8, types, values, NULL, false, 0) == 0)
		return false;
	memcpy(&out->user_id, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)),
		   sizeof(pg_uuid_t));
	memcpy(&out->session_id, session_id, sizeof(pg_uuid_t));
	out->access_expires_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	out->refresh_expires_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
	out->access_token = token_text(&access);
	out->refresh_token = token_text(&refresh);
	return true;
}

/* PT401 for a refresh token that proves nothing. */
static void
refused(const char *detail)
{
	api_error(SH_ERRCODE_UNAUTHORIZED, detail, "Sign in again.", "Session expired or revoked");
}

/*
 * refresh_session(refresh_token, OUT session): rotate the pair.  The
 * current refresh token gets a new pair, once: a concurrent refresh of the
 * same token, or the previous token within refresh_reuse_seconds of its
 * rotation, is PT409 and changes nothing; any other rotated-away token
 * revokes the session, and that is committed before the PT401.
 */
static Datum
refresh_session_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid revoke_types[2] = {UUIDOID, UUIDOID};
	text	   *arg;
	Token		token;
	Actor		tenant;
	Datum		keys[3];
	ProbedRow	session;
	ProbedRow	issued;
	bool		isnull;
	int32		generation;
	TimestampTz rotated_at;
	TimestampTz now = GetCurrentTimestamp();
	TenantSettings settings;
	SessionTokens out;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (PG_ARGISNULL(0))
		api_error_null_arg("refresh_token");
	arg = PG_GETARG_TEXT_PP(0);
	if (!token_parse(VARDATA_ANY(arg), VARSIZE_ANY_EXHDR(arg), TOKEN_REFRESH, &token))
		refused(NULL);
	memset(&tenant, 0, sizeof(tenant));
	tenant.kind = ACTOR_SYSTEM;
	memcpy(&tenant.tenant_id, &token.tenant_id, sizeof(pg_uuid_t));
	keys[0] = UUIDPGetDatum(&token.tenant_id);
	keys[1] = UUIDPGetDatum(&token.id);
	keys[2] = Int32GetDatum(token.generation);
	session = auth_probe("sessions", 2, keys);
	issued = auth_probe("session_refresh_tokens", 3, keys);
	if (session.tuple == NULL || issued.tuple == NULL ||
		!digest_matches(probed_value(&issued, "token_hash", &isnull), &token))
		refused(NULL);
	api_call_act_as(call, &tenant);
	(void) probed_value(&session, "revoked_at", &isnull);
	if (!isnull || timestamp_of(&session, "expires_at", &isnull) <= now)
		refused(NULL);
	generation = DatumGetInt32(probed_value(&session, "generation", &isnull));
	rotated_at = timestamp_of(&issued, "rotated_at", &isnull);
	tenant_settings_read(&token.tenant_id, &settings);

	if (!isnull)
	{
		/* a token rotated away: a second tab just now, or a replay */
		if (token.generation == generation - 1 &&
			now - rotated_at <= (int64) settings.refresh_reuse_seconds * USECS_PER_SEC)
			api_error(SH_ERRCODE_CONFLICT, NULL,
					  "Another request refreshed it a moment ago: use the tokens it received.",
					  "Session was just refreshed");
		values[0] = keys[0];
		values[1] = keys[1];
		plan_exec("WITH s AS (UPDATE supporthub.sessions"
				  " SET revoked_at = now(), revoked_reason = 'refresh_reuse'"
				  " WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id, user_id)"
				  " INSERT INTO supporthub.auth_events (tenant_id, user_id, session_id, event)"
				  " SELECT $1, user_id, id, 'refresh_reused' FROM s",
				  2, revoke_types, values, nulls, false, 0);
		api_commit(call);
		refused("A refresh token that had already been used was presented again, so the session was ended.");
	}

	{
		Actor		user;
		bool		active = false;

		if (!actor_lookup(DatumGetUUIDP(probed_value(&session, "user_id", &isnull)), &user, &active) ||
			!active)
			refused(NULL);
	}
	if (!session_rotate(call, &token.id, generation, "session_refreshed", &out))
	{
		/* lost to a concurrent refresh of the same token (or a revocation) */
		if (!session_is_live(&token.tenant_id, &token.id, -1))
			refused(NULL);
		api_error(SH_ERRCODE_CONFLICT, NULL,
				  "Another request refreshed it a moment ago: use the tokens it received.",
				  "Session was just refreshed");
	}
	return session_procedure_result(fcinfo, &out);
}

PG_FUNCTION_INFO_V1(sh_refresh_session);
Datum
sh_refresh_session(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "refresh_session", .access = API_NO_ACTOR, .procedure = true};

	return api_call(fcinfo, &call, refresh_session_body);
}

/* The acting user, or 42501 for the tenant actor (it has no sessions). */
const pg_uuid_t *
acting_user(ApiCall *call)
{
	if (!actor_has_user(&call->actor))
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Act as the user (act_as_session or act_as).",
				  "supporthub.%s needs a user as actor", call->name);
	return &call->actor.user_id;
}

/* End sessions of the call's tenant: one, or all of a user's; returns how many. */
static uint64
sessions_end(ApiCall *call, const pg_uuid_t *user_id, const pg_uuid_t *session_id,
			 const char *reason, const char *event)
{
	static const Oid types[5] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, TEXTOID};
	Datum		values[5];
	bool		isnull[5] = {false, user_id == NULL, session_id == NULL, false, false};

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = user_id ? UUIDPGetDatum(user_id) : (Datum) 0;
	values[2] = session_id ? UUIDPGetDatum(session_id) : (Datum) 0;
	values[3] = CStringGetTextDatum(reason);
	values[4] = CStringGetTextDatum(event);
	return plan_exec("WITH s AS (UPDATE supporthub.sessions"
					 " SET revoked_at = now(), revoked_reason = $4::supporthub.session_end_reason"
					 " WHERE tenant_id = $1 AND revoked_at IS NULL"
					 " AND ($2::uuid IS NULL OR user_id = $2) AND ($3::uuid IS NULL OR id = $3)"
					 " RETURNING id, user_id)"
					 " INSERT INTO supporthub.auth_events (tenant_id, user_id, session_id, event)"
					 " SELECT $1, user_id, id, $5::supporthub.auth_event_kind FROM s",
					 5, types, values, isnull, false, 0);
}

void
session_end_all(ApiCall *call, const pg_uuid_t *user_id, const char *reason)
{
	(void) sessions_end(call, user_id, NULL, reason, "session_revoked");
}

/* sign_out(): end the session the actor came from. */
static Datum
sign_out_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	const pg_uuid_t *user = acting_user(call);

	if (!call->actor.has_session)
		api_error(SH_ERRCODE_CONFLICT, NULL,
				  "sign_out ends the session of act_as_session(access_token); sign_out_everywhere() ends them all.",
				  "The actor was not set from a session");
	(void) sessions_end(call, user, &call->actor.session_id, "signed_out", "signed_out");
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(sh_sign_out);
Datum
sh_sign_out(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "sign_out", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, sign_out_body);
}

/* sign_out_everywhere(): end every live session of the acting user. */
static Datum
sign_out_everywhere_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	PG_RETURN_INT32((int32) sessions_end(call, acting_user(call), NULL,
										 "signed_out_everywhere", "signed_out"));
}

PG_FUNCTION_INFO_V1(sh_sign_out_everywhere);
Datum
sh_sign_out_everywhere(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "sign_out_everywhere", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, sign_out_everywhere_body);
}

/*
 * Whose sessions or log a call may read: the actor's own (argument NULL or
 * their id), or, for admins and the tenant, any user of the tenant.
 */
const pg_uuid_t *
auth_subject(FunctionCallInfo fcinfo, int argno, ApiCall *call, const char *denied)
{
	const pg_uuid_t *named = PG_ARGISNULL(argno) ? NULL : PG_GETARG_UUID_P(argno);
	ActorKind	kind;
	bool		active;

	if (named == NULL)
		return acting_user(call);
	if (actor_has_user(&call->actor) &&
		memcmp(named, &call->actor.user_id, sizeof(pg_uuid_t)) == 0)
		return named;
	if (call->actor.kind != ACTOR_ADMIN && call->actor.kind != ACTOR_SYSTEM)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL, NULL, "%s", denied);
	if (!actor_find_user(&call->actor.tenant_id, named, &kind, &active))
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "User not found");
	return named;
}

#define SESSION_INFO_COLUMNS \
	"id, user_id, device_info, client_addr, created_at, last_used_at, expires_at," \
	" revoked_at, revoked_reason, id IS NOT DISTINCT FROM $3 AS current"

/* get_sessions(user_id): the sessions of a user, newest first. */
static Datum
get_sessions_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, UUIDOID};
	Datum		values[3];
	bool		isnull[3] = {false, false, !call->actor.has_session};
	const char *denied_message = "Only admins may see other users' sessions";

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(auth_subject(fcinfo, 0, call, denied_message));
	values[2] = call->actor.has_session ? UUIDPGetDatum(&call->actor.session_id) : (Datum) 0;
	plan_exec_to("SELECT " SESSION_INFO_COLUMNS " FROM supporthub.sessions"
				 " WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC",
				 3, types, values, isnull, api_response_rows(fcinfo));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_get_sessions);
Datum
sh_get_sessions(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "get_sessions", .access = API_ANY_ACTOR, .read_only = true};

	return api_call(fcinfo, &call, get_sessions_body);
}

/* revoke_session(id): end one session the actor may see; returns it. */
static Datum
revoke_session_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, UUIDOID};
	Datum		values[3];
	bool		isnull[3] = {false, false, !call->actor.has_session};
	pg_uuid_t	owner;
	bool		dummy;

	if (PG_ARGISNULL(0))
		api_error_null_arg("session_id");
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = PG_GETARG_DATUM(0);
	values[2] = call->actor.has_session ? UUIDPGetDatum(&call->actor.session_id) : (Datum) 0;
	if (plan_exec("SELECT user_id FROM supporthub.sessions WHERE tenant_id = $1 AND id = $2",
				  2, types, values, isnull, true, 0) == 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Session not found");
	memcpy(&owner, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &dummy)),
		   sizeof(pg_uuid_t));
	/* your own sessions; admins and the tenant any of the tenant's */
	if (call->actor.kind != ACTOR_ADMIN && call->actor.kind != ACTOR_SYSTEM &&
		memcmp(&owner, &call->actor.user_id, sizeof(pg_uuid_t)) != 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Session not found");
	(void) sessions_end(call, &owner, PG_GETARG_UUID_P(0), "revoked", "session_revoked");
	if (plan_exec("SELECT ROW(s.*)::supporthub.session_info FROM (SELECT " SESSION_INFO_COLUMNS
				  " FROM supporthub.sessions WHERE tenant_id = $1 AND id = $2) s",
				  3, types, values, isnull, false, 0) != 1)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Session not found");
	return api_response_row(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &dummy));
}

PG_FUNCTION_INFO_V1(sh_revoke_session);
Datum
sh_revoke_session(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "revoke_session", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, revoke_session_body);
}

/*
 * purge_expired_auth(): remove what can no longer be used, in every
 * tenant — sessions past their end or revoked over 30 days ago (their
 * refresh tokens with them), verification and password tokens expired or
 * used, phone codes past the request limit's 10 minutes (which counts them
 * even expired), log entries older than 90 days; a row per kind with the
 * count.
 */
static Datum
purge_expired_auth_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	plan_exec_write_to("WITH s AS (DELETE FROM supporthub.sessions"
				 "  WHERE expires_at < now() OR revoked_at < now() - interval '30 days' RETURNING 1),"
				 " v AS (DELETE FROM supporthub.email_verifications"
				 "  WHERE expires_at < now() OR used_at < now() - interval '1 day' RETURNING 1),"
				 " p AS (DELETE FROM supporthub.password_resets"
				 "  WHERE expires_at < now() OR used_at < now() - interval '1 day' RETURNING 1),"
				 " o AS (DELETE FROM supporthub.phone_otps"
				 "  WHERE created_at < now() - interval '10 minutes' RETURNING 1),"
				 " e AS (DELETE FROM supporthub.auth_events"
				 "  WHERE created_at < now() - interval '90 days' RETURNING 1)"
				 " SELECT 'sessions'::text, count(*) FROM s"
				 " UNION ALL SELECT 'email_verifications', count(*) FROM v"
				 " UNION ALL SELECT 'password_resets', count(*) FROM p"
				 " UNION ALL SELECT 'phone_otps', count(*) FROM o"
				 " UNION ALL SELECT 'auth_events', count(*) FROM e",
					   0, NULL, NULL, NULL, api_response_rows(fcinfo));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_purge_expired_auth);
Datum
sh_purge_expired_auth(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "purge_expired_auth", .access = API_PLATFORM};

	return api_call(fcinfo, &call, purge_expired_auth_body);
}
