/*-------------------------------------------------------------------------
 * src/auth/phone.c
 *	  Signing in with a phone number: six-digit codes (made, limited,
 *	  voided, counted) and the procedure that checks one.
 *
 * A code is kept only as SHA-256 of its row id and its digits, so equal
 * codes never have equal digests, and no role may read even that.  It
 * lives 5 minutes, dies after 5 wrong tries, and a phone gets at most 3
 * codes per 10 minutes: at most 15 guesses at a million codes per phone
 * and tenant in any 10 minutes.  verify_phone_otp is a procedure like
 * sign_in: a wrong try is counted and logged, committed, and only then
 * refused, so that rolling the error back does not give the try back.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "activity.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "api/api_response.h"
#include "auth/auth.h"
#include "auth/session.h"
#include "auth/token.h"
#include "engine.h"
#include "plans.h"
#include "uuid_v7.h"

#define CODE_DIGITS			6
#define CODE_VALUES			1000000
#define CODE_MINUTES		5
#define CODE_TRIES			5
#define CODE_LIMIT			3
#define CODE_WINDOW_MINUTES	10

/* E.164: +, then 8 to 15 digits, the first not 0 */
#define PHONE_MIN_DIGITS	8
#define PHONE_MAX_DIGITS	15
/* no phone number, however punctuated, is longer than this */
#define PHONE_MAX_INPUT		100

/* first key of the advisory lock that makes one phone's requests queue */
#define PHONE_LOCK_CLASS	1397248072	/* 0x53485048, "SHPH" */

/*
 * The phone argument in E.164 form: surrounding white space, then the
 * spaces, dashes, dots and parentheses people write numbers with, are
 * removed; what is left must be +, a non-zero digit and 8–15 digits in all.
 */
static char *
phone_arg(FunctionCallInfo fcinfo, int argno)
{
	text	   *arg;
	char	   *raw;
	char		out[PHONE_MAX_DIGITS + 2];
	int			digits = 0;
	bool		valid;
	const char *p;

	if (PG_ARGISNULL(argno))
		api_error_null_arg("phone");
	arg = PG_GETARG_TEXT_PP(argno);
	valid = VARSIZE_ANY_EXHDR(arg) <= PHONE_MAX_INPUT;
	if (valid)
	{
		raw = engine_trim(text_to_cstring(arg));
		valid = raw[0] == '+';
		out[0] = '+';
		for (p = raw + 1; valid && *p; p++)
		{
			if (*p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')')
				continue;
			valid = *p >= '0' && *p <= '9' && digits < PHONE_MAX_DIGITS &&
				(digits > 0 || *p != '0');
			out[++digits] = *p;
		}
		valid = valid && digits >= PHONE_MIN_DIGITS;
	}
	if (!valid)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "Use the international form: + and the country code, such as +1 800 555 0100.",
				  "phone is not a valid phone number");
	out[digits + 1] = '\0';
	return pstrdup(out);
}

/* Six random digits, each of the million codes as likely as the others. */
static void
code_make(char code[CODE_DIGITS + 1])
{
	/* the largest multiple of a million a uint32 holds: above it, draw again */
	const uint32 limit = (PG_UINT32_MAX / CODE_VALUES) * CODE_VALUES;
	uint32		value;

	do
	{
		if (!pg_strong_random(&value, sizeof(value)))
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg("could not generate a random code")));
	} while (value >= limit);
	snprintf(code, CODE_DIGITS + 1, "%0*u", CODE_DIGITS, value % CODE_VALUES);
	explicit_bzero(&value, sizeof(value));
}

/* SHA-256 of the code's row id and its digits, as a bytea. */
static bytea *
code_digest(const pg_uuid_t *id, const char *code)
{
	bytea	   *digest = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);

	SET_VARSIZE(digest, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	if (ctx == NULL || pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, id->data, UUID_LEN) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) code, CODE_DIGITS) < 0 ||
		pg_cryptohash_final(ctx, (uint8 *) VARDATA(digest), PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute a SHA-256 digest");
	pg_cryptohash_free(ctx);
	return digest;
}

/* The user of the call's tenant with this phone number, if any. */
static bool
phone_user(ApiCall *call, const char *phone, pg_uuid_t *user_id)
{
	return auth_find_user(call, "SELECT id FROM supporthub.users WHERE tenant_id = $1 AND phone = $2",
						  phone, user_id, NULL);
}

/*
 * request_phone_otp(tenant_id, phone): a new code for the application to
 * send.  A code is made whether or not the number has an account, so that
 * asking tells nothing about who uses the help desk.
 */
static Datum
request_phone_otp_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[4] = {UUIDOID, TEXTOID, UUIDOID, BYTEAOID};
	char	   *phone = phone_arg(fcinfo, 1);
	char		code[CODE_DIGITS + 1];
	pg_uuid_t	id;
	Datum		values[4];
	Datum		result[2];
	bool		nulls[2] = {false, false};
	TupleDesc	desc;
	bool		isnull;

	/*
	 * One request of a phone at a time: the limit then counts what the
	 * others committed (each statement reads anew at READ COMMITTED).
	 */
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(phone);
	plan_exec("SELECT pg_catalog.pg_advisory_xact_lock(" CppAsString2(PHONE_LOCK_CLASS) ","
			  " pg_catalog.hashtext($1::text OPERATOR(pg_catalog.||) $2))",
			  2, types, values, NULL, false, 0);
	if (plan_exec("SELECT created_at FROM supporthub.phone_otps"
				  " WHERE tenant_id = $1 AND phone = $2"
				  " AND created_at > now() - interval '" CppAsString2(CODE_WINDOW_MINUTES) " minutes'"
				  " ORDER BY created_at DESC LIMIT " CppAsString2(CODE_LIMIT),
				  2, types, values, NULL, false, 0) >= CODE_LIMIT)
	{
		TimestampTz until = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[CODE_LIMIT - 1],
															  SPI_tuptable->tupdesc, 1, &isnull)) +
			(int64) CODE_WINDOW_MINUTES * USECS_PER_MINUTE;
		int64		minutes = (until - GetCurrentTimestamp() + USECS_PER_MINUTE - 1) / USECS_PER_MINUTE;

		api_error(SH_ERRCODE_TOO_MANY,
				  psprintf("A new code for this number can be requested at %s.", iso_timestamp(until)),
				  "Use the last code sent, or wait.",
				  "Too many codes requested; try again in " INT64_FORMAT " minute%s",
				  minutes, minutes == 1 ? "" : "s");
	}

	uuid_v7_make(&id);
	code_make(code);
	values[2] = UUIDPGetDatum(&id);
	values[3] = PointerGetDatum(code_digest(&id, code));
	plan_exec("WITH voided AS (UPDATE supporthub.phone_otps SET used_at = now()"
			  "  WHERE tenant_id = $1 AND phone = $2 AND used_at IS NULL),"
			  " e AS (INSERT INTO supporthub.auth_events (tenant_id, user_id, event)"
			  "  VALUES ($1, (SELECT id FROM supporthub.users WHERE tenant_id = $1 AND phone = $2),"
			  "   'phone_code_requested'))"
			  " INSERT INTO supporthub.phone_otps (tenant_id, id, phone, code_hash, expires_at)"
			  " VALUES ($1, $3, $2, $4, now() + interval '" CppAsString2(CODE_MINUTES) " minutes')"
			  " RETURNING expires_at",
			  4, types, values, NULL, false, 0);
	result[0] = CStringGetTextDatum(code);
	result[1] = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	explicit_bzero(code, sizeof(code));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != 2)
		elog(ERROR, "request_phone_otp must return two columns");
	return api_response_row(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), result, nulls)));
}

PG_FUNCTION_INFO_V1(sh_request_phone_otp);
Datum
sh_request_phone_otp(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "request_phone_otp", .access = API_TENANT_ARG};

	return api_call(fcinfo, &call, request_phone_otp_body);
}

/*
 * The code argument: six ASCII digits once surrounding white space (a
 * pasted code's) is removed; NULL when it is anything else, which is a
 * wrong try like any other.
 */
static char *
code_arg(FunctionCallInfo fcinfo, int argno)
{
	text	   *arg;
	char	   *code;
	int			i;

	if (PG_ARGISNULL(argno))
		api_error_null_arg("code");
	arg = PG_GETARG_TEXT_PP(argno);
	if (VARSIZE_ANY_EXHDR(arg) > PHONE_MAX_INPUT)
		return NULL;
	code = engine_trim(text_to_cstring(arg));
	for (i = 0; i < CODE_DIGITS; i++)
		if (code[i] < '0' || code[i] > '9')
			return NULL;
	return code[CODE_DIGITS] == '\0' ? code : NULL;
}

/*
 * A refused phone sign-in: its trace (the log row, a counted try, a used
 * code) is committed, then the error is raised, which can no longer undo it.
 */
static pg_attribute_noreturn() void
refuse(ApiCall *call, const char *event, const pg_uuid_t *user_id,
	   const SessionOrigin *origin, const char *detail)
{
	auth_event_log(call, event, user_id, NULL, NULL, origin);
	api_commit(call);
	api_error(SH_ERRCODE_UNAUTHORIZED, detail, "Request a new code.",
			  "Code is incorrect, expired or already used");
}

/*
 * CALL verify_phone_otp(tenant_id, phone, code, device_info, client_addr,
 * session): a session for the user with this phone number, or for a new
 * customer with it, when the code is the phone's newest and still alive.
 */
static Datum
verify_phone_otp_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, TEXTOID};
	static const Oid row_types[2] = {UUIDOID, UUIDOID};
	char	   *phone = phone_arg(fcinfo, 1);
	char	   *code = code_arg(fcinfo, 2);
	const char *killed_detail = "The code was entered wrongly 5 times and no longer works.";
	SessionOrigin origin;
	SessionTokens tokens;
	Datum		values[2];
	Datum		keys[2];
	pg_uuid_t	code_id;
	pg_uuid_t	user_id;
	bool		has_user;
	bool		isnull;
	int32		attempts;
	ProbedRow	row;
	bytea	   *stored;

	session_origin_args(fcinfo, 3, "signed_in", &origin);
	has_user = phone_user(call, phone, &user_id);

	/*
	 * The phone's newest code (a new one voids the older), locked: checks
	 * of one code queue, so that every wrong try counts and a code signs
	 * in once.
	 */
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(phone);
	if (plan_exec("SELECT id, attempts, used_at IS NULL AND expires_at > now()"
				  " FROM supporthub.phone_otps WHERE tenant_id = $1 AND phone = $2"
				  " ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE",
				  2, types, values, NULL, false, 0) == 0 ||
		!DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull)))
		refuse(call, "phone_code_failed", has_user ? &user_id : NULL, &origin, NULL);
	memcpy(&code_id, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)),
		   sizeof(pg_uuid_t));
	attempts = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	if (attempts >= CODE_TRIES)
		refuse(call, "phone_code_failed", has_user ? &user_id : NULL, &origin, killed_detail);

	/* the digest, which no role may SELECT, by a direct probe */
	keys[0] = values[0];
	keys[1] = UUIDPGetDatum(&code_id);
	row = auth_probe("phone_otps", 2, keys);
	if (row.tuple == NULL)
		elog(ERROR, "the phone code vanished while locked");
	stored = DatumGetByteaPP(probed_value(&row, "code_hash", &isnull));
	if (code == NULL || VARSIZE_ANY_EXHDR(stored) != PG_SHA256_DIGEST_LENGTH ||
		!token_digest_equal((const uint8 *) VARDATA_ANY(stored),
							(const uint8 *) VARDATA(code_digest(&code_id, code))))
	{
		plan_exec("UPDATE supporthub.phone_otps SET attempts = attempts + 1"
				  " WHERE tenant_id = $1 AND id = $2",
				  2, row_types, keys, NULL, false, 0);
		refuse(call, "phone_code_failed", has_user ? &user_id : NULL, &origin,
			   attempts + 1 >= CODE_TRIES ? killed_detail : NULL);
	}

	/* the right code: used now, whatever comes next */
	plan_exec("UPDATE supporthub.phone_otps SET used_at = now() WHERE tenant_id = $1 AND id = $2",
			  2, row_types, keys, NULL, false, 0);
	if (!has_user)
	{
		/* only whoever holds the phone learns that sign-up is closed */
		if (!auth_self_sign_up_on(call))
		{
			auth_event_log(call, "sign_in_failed", NULL, NULL, NULL, &origin);
			api_commit(call);
			auth_self_sign_up_refused();
		}
		identity_new_customer(call, phone, NULL, phone, "phone", phone, &origin, &user_id);
		origin.event = "signed_up";
	}
	if (!session_open(call, &user_id, &origin, &tokens))
	{
		auth_event_log(call, "sign_in_failed", &user_id, NULL, NULL, &origin);
		api_commit(call);
		auth_account_deactivated();
	}
	return session_procedure_result(fcinfo, &tokens);
}

PG_FUNCTION_INFO_V1(sh_verify_phone_otp);
Datum
sh_verify_phone_otp(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "verify_phone_otp", .access = API_TENANT_ARG, .procedure = true};

	return api_call(fcinfo, &call, verify_phone_otp_body);
}
