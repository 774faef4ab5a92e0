/*-------------------------------------------------------------------------
 * src/auth/sign_in.c
 *	  Signing up and signing in with an email and a password, with the
 *	  throttling of failed attempts, and email verification.
 *
 * A failed sign-in must leave a trace that its caller cannot roll back, so
 * sign_in is a procedure: it writes the failure to auth_events, commits,
 * and only then raises.  Failures are counted from that log per tenant and
 * email, whether or not the email has an account, and an unknown email
 * costs the same bcrypt time as a wrong password.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

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
#include "settings.h"
#include "uuid_v7.h"

#define THROTTLE_FAILURES	5
#define THROTTLE_WINDOW		(15 * SECS_PER_MINUTE * USECS_PER_SEC)
#define VERIFICATION_HOURS	48

/* A text argument that must be there. */
static char *
required_text(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		api_error_null_arg(argname);
	return TextDatumGetCString(PG_GETARG_DATUM(argno));
}

/*
 * Is sign-in with this email locked, and until when?  Locked when the last
 * five password attempts since the last success (a sign-in, or a password
 * changed or reset) all failed, within 15 minutes of each other, and the
 * last of them less than 15 minutes ago.
 */
bool
sign_in_locked(ApiCall *call, const char *email, TimestampTz *until)
{
	static const Oid types[2] = {UUIDOID, TEXTOID};
	Datum		values[2];
	TimestampTz newest = 0;
	TimestampTz oldest = 0;
	uint64		n;
	uint64		i;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(email);
	n = plan_exec("SELECT event = 'sign_in_failed', created_at FROM supporthub.auth_events"
				  " WHERE tenant_id = $1 AND email_key = supporthub.name_key($2)"
				  " AND event IN ('signed_in', 'sign_in_failed', 'password_changed', 'password_reset')"
				  " ORDER BY created_at DESC LIMIT 5",
				  2, types, values, NULL, true, 0);
	if (n < THROTTLE_FAILURES)
		return false;
	for (i = 0; i < n; i++)
	{
		bool		isnull;
		HeapTuple	tup = SPI_tuptable->vals[i];

		if (!DatumGetBool(SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &isnull)))
			return false;
		oldest = DatumGetTimestampTz(SPI_getbinval(tup, SPI_tuptable->tupdesc, 2, &isnull));
		if (i == 0)
			newest = oldest;
	}
	*until = newest + THROTTLE_WINDOW;
	return newest - oldest <= THROTTLE_WINDOW && GetCurrentTimestamp() < *until;
}

/* PT429 for a locked email, with when it opens again. */
void
sign_in_throttled(TimestampTz until)
{
	int64		minutes = (until - GetCurrentTimestamp() + USECS_PER_MINUTE - 1) / USECS_PER_MINUTE;

	api_error(SH_ERRCODE_TOO_MANY,
			  psprintf("Sign-in with this email is possible again at %s.", iso_timestamp(until)),
			  "Wait, or reset the password.",
			  "Too many sign-in attempts; try again in " INT64_FORMAT " minute%s",
			  minutes, minutes == 1 ? "" : "s");
}

/* The bcrypt hash of a user's password, NULL when they have none. */
char *
stored_password_hash(const pg_uuid_t *tenant_id, const pg_uuid_t *user_id)
{
	Datum		keys[2] = {UUIDPGetDatum(tenant_id), UUIDPGetDatum(user_id)};
	ProbedRow	row = auth_probe("user_passwords", 2, keys);
	bool		isnull;

	if (row.tuple == NULL)
		return NULL;
	return TextDatumGetCString(probed_value(&row, "password_hash", &isnull));
}

/*
 * CALL sign_in(tenant_id, email, password, device_info, client_addr,
 * session): a session for the user with this email and password.
 */
static Datum
sign_in_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, TEXTOID};
	char	   *email = engine_trim(required_text(fcinfo, 1, "email"));
	char	   *password = required_text(fcinfo, 2, "password");
	SessionOrigin origin;
	TimestampTz until;
	Datum		values[2];
	pg_uuid_t	user_id;
	bool		found = false;
	bool		active = false;
	char	   *hash = NULL;
	SessionTokens tokens;

	engine_check_column_text("users", "email", email, F_NONEMPTY | F_LINE);
	session_origin_args(fcinfo, 3, "signed_in", &origin);
	origin.email_key_of = email;

	if (sign_in_locked(call, email, &until))
	{
		auth_event_log(call, "sign_in_throttled", NULL, NULL, email, &origin);
		api_commit(call);
		sign_in_throttled(until);
	}

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(email);
	if (plan_exec("SELECT id, active FROM supporthub.users"
				  " WHERE tenant_id = $1 AND supporthub.name_key(email) = supporthub.name_key($2)",
				  2, types, values, NULL, true, 0) == 1)
	{
		bool		isnull;

		memcpy(&user_id, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)),
			   sizeof(pg_uuid_t));
		active = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
		found = true;
		hash = stored_password_hash(&call->actor.tenant_id, &user_id);
	}

	if (hash == NULL || !password_matches(password, hash) || !active ||
		!session_open(call, &user_id, &origin, &tokens))
	{
		if (hash == NULL)
			password_waste_time(password);
		auth_event_log(call, "sign_in_failed", found ? &user_id : NULL, NULL, email, &origin);
		api_commit(call);
		api_error(SH_ERRCODE_UNAUTHORIZED, NULL, NULL, "Email or password is incorrect");
	}

	/* an older hash is brought to the configured cost */
	if (password_needs_rehash(hash))
	{
		static const Oid rehash_types[3] = {UUIDOID, UUIDOID, TEXTOID};
		Datum		rehash[3];

		rehash[0] = UUIDPGetDatum(&call->actor.tenant_id);
		rehash[1] = UUIDPGetDatum(&user_id);
		rehash[2] = CStringGetTextDatum(password_hash(password));
		plan_exec("UPDATE supporthub.user_passwords SET password_hash = $3, updated_at = now()"
				  " WHERE tenant_id = $1 AND user_id = $2",
				  3, rehash_types, rehash, NULL, false, 0);
	}
	return session_procedure_result(fcinfo, &tokens);
}

PG_FUNCTION_INFO_V1(sh_sign_in);
Datum
sh_sign_in(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "sign_in", .access = API_TENANT_ARG, .procedure = true};

	return api_call(fcinfo, &call, sign_in_body);
}

/*
 * A new email verification token for the user (voiding older ones);
 * returns its text and expiry.
 */
static char *
email_verification_open(ApiCall *call, const pg_uuid_t *user_id, const char *email,
						TimestampTz *expires_at)
{
	static const Oid types[5] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, BYTEAOID};
	Datum		values[5];
	pg_uuid_t	id;
	Token		token;
	bytea	   *digest = palloc(VARHDRSZ + TOKEN_DIGEST_BYTES);
	bool		isnull;

	uuid_v7_make(&id);
	token_make(&token, TOKEN_EMAIL_VERIFICATION, &call->actor.tenant_id, &id, 1);
	SET_VARSIZE(digest, VARHDRSZ + TOKEN_DIGEST_BYTES);
	token_digest(&token, (uint8 *) VARDATA(digest));
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(&id);
	values[2] = UUIDPGetDatum(user_id);
	values[3] = CStringGetTextDatum(email);
	values[4] = PointerGetDatum(digest);
	plan_exec("WITH voided AS (UPDATE supporthub.email_verifications SET used_at = now()"
			  "  WHERE tenant_id = $1 AND user_id = $3 AND used_at IS NULL),"
			  " e AS (INSERT INTO supporthub.auth_events (tenant_id, user_id, event)"
			  "  VALUES ($1, $3, 'email_verification_requested'))"
			  " INSERT INTO supporthub.email_verifications"
			  " (tenant_id, id, user_id, email, token_hash, expires_at)"
			  " VALUES ($1, $2, $3, $4, $5, now() + interval '" CppAsString2(VERIFICATION_HOURS) " hours')"
			  " RETURNING expires_at",
			  5, types, values, NULL, false, 0);
	*expires_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	return token_text(&token);
}

/*
 * sign_up(tenant_id, name, email, password, device_info, client_addr): a
 * new customer, signed in, with a token to verify the email.
 */
static Datum
sign_up_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[4] = {UUIDOID, TEXTOID, TEXTOID, TEXTOID};
	char	   *name = engine_trim(required_text(fcinfo, 1, "name"));
	char	   *email = engine_trim(required_text(fcinfo, 2, "email"));
	char	   *password = required_text(fcinfo, 3, "password");
	TenantSettings settings;
	SessionOrigin origin;
	SessionTokens tokens;
	Datum		values[4];
	pg_uuid_t	user_id;
	Actor		customer;
	Changes		changes;
	TupleDesc	desc;
	Datum		result[7];
	bool		nulls[7] = {false};
	TimestampTz verify_until;
	bool		isnull;

	tenant_settings_read(&call->actor.tenant_id, &settings);
	if (!settings.self_sign_up)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Ask the help desk for an invitation.",
				  "Self sign-up is turned off for this tenant");
	engine_check_column_text("users", "name", name, F_NONEMPTY | F_LINE);
	engine_check_column_text("users", "email", email, F_NONEMPTY | F_EMAIL | F_LINE);
	password_check_rules("password", password, email);
	session_origin_args(fcinfo, 4, "signed_up", &origin);

	call->dup_message = psprintf("A user with the email \"%s\" already exists", email);
	call->dup_hint = "Sign in instead, or reset the password.";
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(name);
	values[2] = CStringGetTextDatum(email);
	values[3] = CStringGetTextDatum(password_hash(password));
	plan_exec("WITH u AS (INSERT INTO supporthub.users (tenant_id, name, email, role)"
			  "  VALUES ($1, $2, $3, 'customer') RETURNING id)"
			  " INSERT INTO supporthub.user_passwords (tenant_id, user_id, password_hash)"
			  " SELECT $1, id, $4 FROM u RETURNING user_id",
			  4, types, values, NULL, false, 0);
	memcpy(&user_id, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)),
		   sizeof(pg_uuid_t));
	call->dup_message = NULL;

	/* the feed: the customer made themself */
	memset(&customer, 0, sizeof(customer));
	customer.kind = ACTOR_CUSTOMER;
	memcpy(&customer.tenant_id, &call->actor.tenant_id, sizeof(pg_uuid_t));
	memcpy(&customer.user_id, &user_id, sizeof(pg_uuid_t));
	changes_init(&changes);
	changes_add(&changes, "name", NULL, json_string(name));
	changes_add(&changes, "email", NULL, json_string(email));
	changes_add(&changes, "role", NULL, json_string("customer"));
	activity_log(&customer, &call->actor.tenant_id, "created", "user", &user_id, NULL,
				 changes_text(&changes));

	if (!session_open(call, &user_id, &origin, &tokens))
		elog(ERROR, "the new user could not be signed in");

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != 7)
		elog(ERROR, "sign_up must return seven columns");
	desc = BlessTupleDesc(desc);
	{
		HeapTupleHeader session = DatumGetHeapTupleHeader(session_tokens_datum(&tokens));
		HeapTupleData tmp;
		TupleDesc	sdesc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(session),
												   HeapTupleHeaderGetTypMod(session));

		tmp.t_len = HeapTupleHeaderGetDatumLength(session);
		tmp.t_data = session;
		heap_deform_tuple(&tmp, sdesc, result, nulls);
		ReleaseTupleDesc(sdesc);
	}
	result[6] = CStringGetTextDatum(email_verification_open(call, &user_id, email, &verify_until));
	return api_response_row(HeapTupleGetDatum(heap_form_tuple(desc, result, nulls)));
}

PG_FUNCTION_INFO_V1(sh_sign_up);
Datum
sh_sign_up(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "sign_up", .access = API_TENANT_ARG};

	return api_call(fcinfo, &call, sign_up_body);
}

/* request_email_verification(): a new token for the acting user's email. */
static Datum
request_email_verification_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	Datum		values[2];
	TupleDesc	desc;
	Datum		result[2];
	bool		nulls[2] = {false, false};
	TimestampTz expires_at;
	bool		isnull;
	char	   *email;

	if (!actor_has_user(&call->actor))
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL, "Act as the user (act_as_session or act_as).",
				  "supporthub.request_email_verification needs a user as actor");
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(&call->actor.user_id);
	if (plan_exec("SELECT email, email_verified FROM supporthub.users WHERE tenant_id = $1 AND id = $2",
				  2, types, values, NULL, true, 0) != 1)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "User not found");
	email = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	if (email == NULL)
		api_error(SH_ERRCODE_CONFLICT, NULL, "Add an email address first.",
				  "The user has no email address to verify");
	if (DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull)))
		api_error(SH_ERRCODE_CONFLICT, NULL, NULL, "Email is already verified");
	result[0] = CStringGetTextDatum(email_verification_open(call, &call->actor.user_id, email, &expires_at));
	result[1] = TimestampTzGetDatum(expires_at);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != 2)
		elog(ERROR, "request_email_verification must return two columns");
	return api_response_row(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), result, nulls)));
}

PG_FUNCTION_INFO_V1(sh_request_email_verification);
Datum
sh_request_email_verification(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "request_email_verification", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, request_email_verification_body);
}

/* verify_email(token): mark the user's email verified; returns the user. */
static Datum
verify_email_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, UUIDOID};
	text	   *arg;
	Token		token;
	Datum		keys[2];
	ProbedRow	row;
	bool		isnull;
	Actor		tenant;
	Datum		values[3];
	uint8		digest[TOKEN_DIGEST_BYTES];

	if (PG_ARGISNULL(0))
		api_error_null_arg("token");
	arg = PG_GETARG_TEXT_PP(0);
	if (!token_parse(VARDATA_ANY(arg), VARSIZE_ANY_EXHDR(arg), TOKEN_EMAIL_VERIFICATION, &token))
		api_error(SH_ERRCODE_UNAUTHORIZED, NULL, "Ask for a new one.",
				  "Verification link is invalid, expired or already used");
	keys[0] = UUIDPGetDatum(&token.tenant_id);
	keys[1] = UUIDPGetDatum(&token.id);
	row = auth_probe("email_verifications", 2, keys);
	token_digest(&token, digest);
	if (row.tuple == NULL ||
		VARSIZE_ANY_EXHDR(DatumGetByteaPP(probed_value(&row, "token_hash", &isnull))) != TOKEN_DIGEST_BYTES ||
		!token_digest_equal((const uint8 *) VARDATA_ANY(DatumGetByteaPP(probed_value(&row, "token_hash", &isnull))),
							digest))
		api_error(SH_ERRCODE_UNAUTHORIZED, NULL, "Ask for a new one.",
				  "Verification link is invalid, expired or already used");
	memset(&tenant, 0, sizeof(tenant));
	tenant.kind = ACTOR_SYSTEM;
	memcpy(&tenant.tenant_id, &token.tenant_id, sizeof(pg_uuid_t));
	api_call_act_as(call, &tenant);
	values[0] = keys[0];
	values[1] = keys[1];
	values[2] = probed_value(&row, "user_id", &isnull);
	/* single use, unexpired, and for the address the user still has */
	if (plan_exec("WITH t AS (UPDATE supporthub.email_verifications v SET used_at = now()"
				  "  FROM supporthub.users u"
				  "  WHERE v.tenant_id = $1 AND v.id = $2 AND v.used_at IS NULL AND v.expires_at > now()"
				  "  AND u.tenant_id = $1 AND u.id = v.user_id"
				  "  AND supporthub.name_key(u.email) = supporthub.name_key(v.email)"
				  "  RETURNING v.user_id),"
				  " e AS (INSERT INTO supporthub.auth_events (tenant_id, user_id, event)"
				  "  SELECT $1, user_id, 'email_verified' FROM t)"
				  " UPDATE supporthub.users u SET email_verified = true, updated_at = now()"
				  " FROM t WHERE u.tenant_id = $1 AND u.id = t.user_id RETURNING u",
				  3, types, values, NULL, false, 0) != 1)
		api_error(SH_ERRCODE_UNAUTHORIZED, NULL, "Ask for a new one.",
				  "Verification link is invalid, expired or already used");
	return api_response_row(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

PG_FUNCTION_INFO_V1(sh_verify_email);
Datum
sh_verify_email(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "verify_email", .access = API_NO_ACTOR};

	return api_call(fcinfo, &call, verify_email_body);
}

/* get_auth_events(user_id, after, page_size): a user's log, newest first. */
static Datum
get_auth_events_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[4] = {UUIDOID, UUIDOID, UUIDOID, INT4OID};
	Datum		values[4];
	bool		isnull[4] = {false, false, PG_ARGISNULL(1), false};
	const char *denied_message = "Only admins may see other users' sign-in log";

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(auth_subject(fcinfo, 0, call, denied_message));
	values[2] = PG_ARGISNULL(1) ? (Datum) 0 : PG_GETARG_DATUM(1);
	values[3] = Int32GetDatum(engine_page_size(fcinfo, 2));
	plan_exec_to("SELECT id, user_id, event, device_info, client_addr, created_at"
				 " FROM supporthub.auth_events"
				 " WHERE tenant_id = $1 AND user_id = $2 AND ($3::uuid IS NULL OR id < $3)"
				 " ORDER BY id DESC LIMIT $4",
				 4, types, values, isnull, api_response_rows(fcinfo));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_get_auth_events);
Datum
sh_get_auth_events(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "get_auth_events", .access = API_ANY_ACTOR, .read_only = true};

	return api_call(fcinfo, &call, get_auth_events_body);
}
