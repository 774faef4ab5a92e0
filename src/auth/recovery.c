/*-------------------------------------------------------------------------
 * src/auth/recovery.c
 *	  Setting a password other than at sign-up: changing it (a procedure,
 *	  since a wrong current password counts as a failed sign-in), resetting
 *	  a forgotten one with a token sent by email, and inviting a user, who
 *	  sets theirs when accepting.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "activity.h"
#include "actor.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "api/api_response.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "auth/session.h"
#include "auth/token.h"
#include "engine.h"
#include "plans.h"
#include "uuid_v7.h"

#define RESET_HOURS			1
#define INVITATION_HOURS	(7 * 24)

/* A token's digest as a bytea parameter. */
static Datum
token_digest_datum(const Token *token)
{
	bytea	   *b = palloc(VARHDRSZ + TOKEN_DIGEST_BYTES);

	SET_VARSIZE(b, VARHDRSZ + TOKEN_DIGEST_BYTES);
	token_digest(token, (uint8 *) VARDATA(b));
	return PointerGetDatum(b);
}

/* A text argument that must be there. */
static char *
text_arg(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		api_error_null_arg(argname);
	return TextDatumGetCString(PG_GETARG_DATUM(argno));
}

/* A user's email, NULL when they have none. */
static char *
user_email(ApiCall *call, const pg_uuid_t *user_id)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	Datum		values[2];

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(user_id);
	if (plan_exec("SELECT email FROM supporthub.users WHERE tenant_id = $1 AND id = $2",
				  2, types, values, NULL, true, 0) != 1)
		return NULL;
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

/* Set a user's password (its hash only), replacing any. */
static void
password_store(ApiCall *call, const pg_uuid_t *user_id, const char *password)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, TEXTOID};
	Datum		values[3];

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(user_id);
	values[2] = CStringGetTextDatum(password_hash(password));
	/* the new hash is a parameter: nothing reads the hash column */
	plan_exec("INSERT INTO supporthub.user_passwords (tenant_id, user_id, password_hash)"
			  " VALUES ($1, $2, $3)"
			  " ON CONFLICT (tenant_id, user_id) DO UPDATE SET password_hash = $3, updated_at = now()",
			  3, types, values, NULL, false, 0);
}

/*
 * A new password token for a user of the call's tenant, voiding the older
 * ones of its purpose: its text, and its expiry in *expires_at.
 */
static char *
password_token_open(ApiCall *call, const pg_uuid_t *user_id, const char *purpose,
					TokenKind kind, int hours, TimestampTz *expires_at)
{
	static const Oid types[6] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, BYTEAOID, INT4OID};
	Datum		values[6];
	pg_uuid_t	id;
	Token		token;
	bool		isnull;

	uuid_v7_make(&id);
	token_make(&token, kind, &call->actor.tenant_id, &id, 1);
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(&id);
	values[2] = UUIDPGetDatum(user_id);
	values[3] = CStringGetTextDatum(purpose);
	values[4] = token_digest_datum(&token);
	values[5] = Int32GetDatum(hours);
	plan_exec("WITH voided AS (UPDATE supporthub.password_resets SET used_at = now()"
			  "  WHERE tenant_id = $1 AND user_id = $3"
			  "  AND purpose = $4::supporthub.password_token_purpose AND used_at IS NULL)"
			  " INSERT INTO supporthub.password_resets"
			  " (tenant_id, id, user_id, purpose, token_hash, expires_at)"
			  " VALUES ($1, $2, $3, $4::supporthub.password_token_purpose, $5,"
			  "  now() + make_interval(hours => $6))"
			  " RETURNING expires_at",
			  6, types, values, NULL, false, 0);
	*expires_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	return token_text(&token);
}

/* PT401 for a password token that proves nothing. */
static void
token_refused(const char *what)
{
	api_error(SH_ERRCODE_UNAUTHORIZED, NULL, "Ask for a new one.",
			  "%s is invalid, expired or already used", what);
}

/*
 * The user a password token of this purpose names, after checking its
 * digest; the call then acts as the token's tenant.  The token is not used
 * up yet: password_token_consume does that, once the new password passed.
 */
static void
password_token_find(ApiCall *call, FunctionCallInfo fcinfo, TokenKind kind,
					const char *what, Token *token, pg_uuid_t *user_id)
{
	text	   *arg;
	Datum		keys[2];
	ProbedRow	row;
	bool		isnull;
	uint8		digest[TOKEN_DIGEST_BYTES];
	bytea	   *stored;
	Actor		tenant;

	if (PG_ARGISNULL(0))
		api_error_null_arg("token");
	arg = PG_GETARG_TEXT_PP(0);
	if (!token_parse(VARDATA_ANY(arg), VARSIZE_ANY_EXHDR(arg), kind, token))
		token_refused(what);
	keys[0] = UUIDPGetDatum(&token->tenant_id);
	keys[1] = UUIDPGetDatum(&token->id);
	row = auth_probe("password_resets", 2, keys);
	if (row.tuple == NULL)
		token_refused(what);
	stored = DatumGetByteaPP(probed_value(&row, "token_hash", &isnull));
	token_digest(token, digest);
	if (VARSIZE_ANY_EXHDR(stored) != TOKEN_DIGEST_BYTES ||
		!token_digest_equal((const uint8 *) VARDATA_ANY(stored), digest))
		token_refused(what);
	memcpy(user_id, DatumGetUUIDP(probed_value(&row, "user_id", &isnull)), sizeof(pg_uuid_t));
	memset(&tenant, 0, sizeof(tenant));
	tenant.kind = ACTOR_SYSTEM;
	memcpy(&tenant.tenant_id, &token->tenant_id, sizeof(pg_uuid_t));
	api_call_act_as(call, &tenant);
}

/* Use the token up: once, unexpired, of its purpose; PT401 otherwise. */
static void
password_token_consume(ApiCall *call, const Token *token, const char *purpose, const char *what)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, TEXTOID};
	Datum		values[3];

	values[0] = UUIDPGetDatum(&token->tenant_id);
	values[1] = UUIDPGetDatum(&token->id);
	values[2] = CStringGetTextDatum(purpose);
	if (plan_exec("UPDATE supporthub.password_resets SET used_at = now()"
				  " WHERE tenant_id = $1 AND id = $2 AND purpose = $3::supporthub.password_token_purpose"
				  " AND used_at IS NULL AND expires_at > now()",
				  3, types, values, NULL, false, 0) != 1)
		token_refused(what);
}

/*
 * Redeem a password token: check it, check the new password (argument 1,
 * named argname) against the rules, use the token up and store the
 * password.  The user in *user, their email (or NULL) returned; the call
 * acts as the token's tenant from here on.  A bad password leaves the
 * token usable.
 */
static char *
password_token_redeem(ApiCall *call, FunctionCallInfo fcinfo, TokenKind kind,
					  const char *purpose, const char *what, const char *argname,
					  pg_uuid_t *user)
{
	char	   *password = text_arg(fcinfo, 1, argname);
	Token		token;
	char	   *email;

	password_token_find(call, fcinfo, kind, what, &token, user);
	email = user_email(call, user);
	password_check_rules(argname, password, email);
	password_token_consume(call, &token, purpose, what);
	password_store(call, user, password);
	return email;
}

/*
 * CALL change_password(current_password, new_password, session): the
 * acting user, from a session, proves the current password and sets a new
 * one; every other session of theirs ends, and the current one gets new
 * tokens.  A wrong current password counts as a failed sign-in (logged and
 * committed before the PT401), and the sign-in lock applies.
 */
static Datum
change_password_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, UUIDOID};
	const pg_uuid_t *user = acting_user(call);
	char	   *current = text_arg(fcinfo, 0, "current_password");
	char	   *fresh = text_arg(fcinfo, 1, "new_password");
	char	   *email;
	char	   *hash;
	TimestampTz until;
	Datum		keys[2];
	ProbedRow	session;
	bool		isnull;
	SessionTokens tokens;
	Datum		values[3];

	if (!call->actor.has_session)
		api_error(SH_ERRCODE_CONFLICT, NULL,
				  "change_password gives the current session new tokens: act as the user with supporthub.act_as_session(access_token, for_session => true) first.",
				  "The actor was not set from a session");
	email = user_email(call, user);
	if (email != NULL && sign_in_locked(call, email, &until))
	{
		auth_event_log(call, "sign_in_throttled", user, &call->actor.session_id, email, NULL);
		api_commit(call);
		sign_in_throttled(until);
	}
	hash = stored_password_hash(&call->actor.tenant_id, user);
	if (hash == NULL || !password_matches(current, hash))
	{
		if (hash == NULL)
			password_waste_time(current);
		auth_event_log(call, "sign_in_failed", user, &call->actor.session_id, email, NULL);
		api_commit(call);
		api_error(SH_ERRCODE_UNAUTHORIZED, NULL, NULL, "Current password is incorrect");
	}
	password_check_rules("new_password", fresh, email);
	password_store(call, user, fresh);

	/* the other sessions end; this one continues with a new pair */
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(user);
	values[2] = UUIDPGetDatum(&call->actor.session_id);
	plan_exec("WITH s AS (UPDATE supporthub.sessions"
			  " SET revoked_at = now(), revoked_reason = 'password_changed'"
			  " WHERE tenant_id = $1 AND user_id = $2 AND id <> $3 AND revoked_at IS NULL"
			  " RETURNING id)"
			  " INSERT INTO supporthub.auth_events (tenant_id, user_id, session_id, event)"
			  " SELECT $1, $2, id, 'session_revoked' FROM s",
			  3, types, values, NULL, false, 0);
	keys[0] = values[0];
	keys[1] = values[2];
	session = auth_probe("sessions", 2, keys);
	if (session.tuple == NULL ||
		!session_rotate(call, &call->actor.session_id,
						DatumGetInt32(probed_value(&session, "generation", &isnull)),
						"session_refreshed", &tokens))
		api_error(SH_ERRCODE_CONFLICT, NULL,
				  "Another request refreshed the session a moment ago: try again.",
				  "Session was just refreshed");
	auth_event_log(call, "password_changed", user, &call->actor.session_id, email, NULL);
	return session_procedure_result(fcinfo, &tokens);
}

PG_FUNCTION_INFO_V1(sh_change_password);
Datum
sh_change_password(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "change_password", .access = API_ANY_ACTOR, .procedure = true};

	return api_call(fcinfo, &call, change_password_body);
}

/*
 * request_password_reset(tenant_id, email): a reset token (1 hour) for the
 * active user with this email, for the application to send; NULL when
 * there is none.  Both cases run the same single statement, so the time
 * tells nothing.
 */
static Datum
request_password_reset_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[5] = {UUIDOID, UUIDOID, TEXTOID, BYTEAOID, INT4OID};
	char	   *email = engine_trim(text_arg(fcinfo, 1, "email"));
	Datum		values[5];
	pg_uuid_t	id;
	Token		token;

	engine_check_column_text("users", "email", email, F_NONEMPTY | F_LINE);
	uuid_v7_make(&id);
	token_make(&token, TOKEN_PASSWORD_RESET, &call->actor.tenant_id, &id, 1);
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(&id);
	values[2] = CStringGetTextDatum(email);
	values[3] = token_digest_datum(&token);
	values[4] = Int32GetDatum(RESET_HOURS);
	if (plan_exec("WITH u AS (SELECT id FROM supporthub.users"
				  "  WHERE tenant_id = $1 AND supporthub.name_key(email) = supporthub.name_key($3) AND active),"
				  " voided AS (UPDATE supporthub.password_resets SET used_at = now()"
				  "  WHERE tenant_id = $1 AND user_id IN (SELECT id FROM u)"
				  "  AND purpose = 'reset' AND used_at IS NULL),"
				  " e AS (INSERT INTO supporthub.auth_events (tenant_id, user_id, event)"
				  "  SELECT $1, id, 'password_reset_requested' FROM u)"
				  " INSERT INTO supporthub.password_resets"
				  " (tenant_id, id, user_id, purpose, token_hash, expires_at)"
				  " SELECT $1, $2, id, 'reset', $4, now() + make_interval(hours => $5) FROM u",
				  5, types, values, NULL, false, 0) != 1)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(token_text(&token)));
}

PG_FUNCTION_INFO_V1(sh_request_password_reset);
Datum
sh_request_password_reset(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "request_password_reset", .access = API_TENANT_ARG};

	return api_call(fcinfo, &call, request_password_reset_body);
}

/*
 * reset_password(token, new_password): set the password of the user a
 * reset token names; every session of the user ends.  Returns the user.
 */
static Datum
reset_password_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	const char *what = "Password reset link";
	pg_uuid_t	user;
	char	   *email;
	Datum		values[2];
	bool		isnull;

	email = password_token_redeem(call, fcinfo, TOKEN_PASSWORD_RESET, "reset", what,
								  "new_password", &user);
	session_end_all(call, &user, "password_reset");
	auth_event_log(call, "password_reset", &user, NULL, email, NULL);
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(&user);
	if (plan_exec("SELECT u FROM supporthub.users u WHERE tenant_id = $1 AND id = $2",
				  2, types, values, NULL, true, 0) != 1)
		token_refused(what);
	return api_response_row(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

PG_FUNCTION_INFO_V1(sh_reset_password);
Datum
sh_reset_password(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "reset_password", .access = API_NO_ACTOR};

	return api_call(fcinfo, &call, reset_password_body);
}

/*
 * invite_user(name, email, role): a user of the tenant without a password,
 * and a token (7 days) for the application to send; they set their
 * password with accept_invitation.  Admins only.
 */
static Datum
invite_user_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[4] = {UUIDOID, TEXTOID, TEXTOID, TEXTOID};
	char	   *name = engine_trim(text_arg(fcinfo, 0, "name"));
	char	   *email = engine_trim(text_arg(fcinfo, 1, "email"));
	char	   *role;
	Datum		values[4];
	pg_uuid_t	user;
	Changes		changes;
	TupleDesc	desc;
	Datum		result[3];
	bool		nulls[3] = {false, false, false};
	TimestampTz expires_at;
	bool		isnull;

	if (PG_ARGISNULL(2))
		api_error_null_arg("role");
	role = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(2)));
	engine_check_column_text("users", "name", name, F_NONEMPTY | F_LINE);
	engine_check_column_text("users", "email", email, F_NONEMPTY | F_EMAIL | F_LINE);
	call->dup_message = psprintf("A user with the email \"%s\" already exists", email);
	call->dup_hint = "Email addresses are compared ignoring case, surrounding spaces and Unicode look-alike forms.";
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(name);
	values[2] = CStringGetTextDatum(email);
	values[3] = CStringGetTextDatum(role);
	plan_exec("INSERT INTO supporthub.users (tenant_id, name, email, role)"
			  " VALUES ($1, $2, $3, $4::supporthub.user_role) RETURNING id",
			  4, types, values, NULL, false, 0);
	memcpy(&user, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)),
		   sizeof(pg_uuid_t));
	call->dup_message = NULL;
	changes_init(&changes);
	changes_add(&changes, "name", NULL, json_string(name));
	changes_add(&changes, "email", NULL, json_string(email));
	changes_add(&changes, "role", NULL, json_string(role));
	activity_log(&call->actor, &call->actor.tenant_id, "created", "user", &user, NULL,
				 changes_text(&changes));
	result[1] = CStringGetTextDatum(password_token_open(call, &user, "invitation", TOKEN_INVITATION,
													   INVITATION_HOURS, &expires_at));
	result[2] = TimestampTzGetDatum(expires_at);
	auth_event_log(call, "invited", &user, NULL, NULL, NULL);
	result[0] = UUIDPGetDatum(&user);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != 3)
		elog(ERROR, "invite_user must return three columns");
	return api_response_row(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), result, nulls)));
}

PG_FUNCTION_INFO_V1(sh_invite_user);
Datum
sh_invite_user(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "invite_user", .access = API_ADMIN,
	.denied = "Only admins may invite users"};

	return api_call(fcinfo, &call, invite_user_body);
}

/*
 * accept_invitation(token, password): the invited user sets a password,
 * which also proves their email, and is signed in.
 */
static Datum
accept_invitation_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	const char *what = "Invitation";
	pg_uuid_t	user;
	Datum		values[2];
	SessionOrigin origin;
	SessionTokens tokens;

	(void) password_token_redeem(call, fcinfo, TOKEN_INVITATION, "invitation", what,
								 "password", &user);
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(&user);
	plan_exec("UPDATE supporthub.users SET email_verified = true, updated_at = now()"
			  " WHERE tenant_id = $1 AND id = $2 AND NOT email_verified",
			  2, types, values, NULL, false, 0);
	auth_event_log(call, "invitation_accepted", &user, NULL, NULL, NULL);
	memset(&origin, 0, sizeof(origin));
	origin.event = "signed_in";
	origin.device_info_null = true;
	origin.client_addr_null = true;
	if (!session_open(call, &user, &origin, &tokens))
		token_refused(what);	/* deactivated since the invitation */
	return api_response_row(session_tokens_datum(&tokens));
}

PG_FUNCTION_INFO_V1(sh_accept_invitation);
Datum
sh_accept_invitation(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "accept_invitation", .access = API_NO_ACTOR};

	return api_call(fcinfo, &call, accept_invitation_body);
}
