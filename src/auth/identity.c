/*-------------------------------------------------------------------------
 * src/auth/identity.c
 *	  Signing in with an outside provider's account (Google, Apple,
 *	  GitHub, …), and the identities linked to a user: link, unlink, list.
 *
 * The application has verified the provider's token; the database decides
 * whose account it opens.  A linked identity signs its user in.  An
 * unknown one is linked to the user whose email it gives only when that
 * user proved the email (users.email_verified): an account whose email was
 * never proved may have been opened by someone else with that address, so
 * a provider account never takes it over (23505).  Otherwise the identity
 * makes a new customer, if the tenant lets people sign themselves up.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "activity.h"
#include "actor.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "api/api_response.h"
#include "auth/auth.h"
#include "catalog.h"
#include "engine.h"
#include "plans.h"
#include "settings.h"

#define IDENTITY_INFO_COLUMNS "id, provider, provider_id, email, created_at"

/* 23505 for an email whose account a provider account may not take over */
static const char *const email_taken_message =
"An account with this email already exists; sign in to it and link this provider";

/* Provider and phone sign-in make customers only where sign_up may. */
bool
auth_self_sign_up_on(ApiCall *call)
{
	TenantSettings settings;

	tenant_settings_read(&call->actor.tenant_id, &settings);
	return settings.self_sign_up;
}

/* The same refusal, and the same words, as sign_up's. */
void
auth_self_sign_up_refused(void)
{
	api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
			  "Ask the help desk for an invitation.",
			  "Self sign-up is turned off for this tenant");
}

/*
 * Said only after the caller proved the account is theirs (a provider's
 * word, a phone code), so it tells nobody else that the account exists.
 */
void
auth_account_deactivated(void)
{
	api_error(SH_ERRCODE_UNAUTHORIZED, NULL, "Ask the help desk to reactivate it.",
			  "This account is deactivated");
}

/* The session the actor came from, for the log (NULL after act_as). */
static const pg_uuid_t *
actor_session(ApiCall *call)
{
	return call->actor.has_session ? &call->actor.session_id : NULL;
}

/* The acting user: identities belong to users, not to the tenant actor. */
static const pg_uuid_t *
identity_acting_user(ApiCall *call)
{
	if (!actor_has_user(&call->actor))
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Act as the user (act_as_session or act_as).",
				  "supporthub.%s needs a user as actor", call->name);
	return &call->actor.user_id;
}

/*
 * The provider argument's label.  A phone number is proved by a code
 * (verify_phone_otp), never by the application's word: phone is refused.
 */
static char *
provider_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *label;

	if (PG_ARGISNULL(argno))
		api_error_null_arg("provider");
	label = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(argno)));
	if (strcmp(label, "phone") == 0)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "Phone numbers sign in with a code: request_phone_otp, then verify_phone_otp.",
				  "provider must not be phone");
	return label;
}

/*
 * provider_id, trimmed and otherwise kept as it is: provider ids are
 * opaque, compared exactly (047), so only what no id holds is refused.
 */
static char *
provider_id_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *id;

	if (PG_ARGISNULL(argno))
		api_error_null_arg("provider_id");
	id = engine_trim(TextDatumGetCString(PG_GETARG_DATUM(argno)));
	engine_check_column_text("auth_identities", "provider_id", id, F_NONEMPTY | F_LINE);
	return id;
}

/* An optional text argument checked like users.<column>; NULL when absent. */
static char *
user_text_arg(FunctionCallInfo fcinfo, int argno, const char *column, int flags)
{
	char	   *value;

	if (PG_ARGISNULL(argno))
		return NULL;
	value = engine_trim(TextDatumGetCString(PG_GETARG_DATUM(argno)));
	engine_check_column_text("users", column, value, F_NONEMPTY | F_LINE | flags);
	return value;
}

/* The user a provider account is linked to in the call's tenant, if any. */
static bool
identity_owner(ApiCall *call, const char *provider, const char *provider_id,
			   pg_uuid_t *user_id)
{
	static const Oid types[3] = {UUIDOID, TEXTOID, TEXTOID};
	Datum		values[3];
	bool		isnull;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(provider);
	values[2] = CStringGetTextDatum(provider_id);
	if (plan_exec("SELECT user_id FROM supporthub.auth_identities"
				  " WHERE tenant_id = $1 AND provider = $2::supporthub.identity_provider"
				  " AND provider_id = $3",
				  3, types, values, NULL, true, 0) == 0)
		return false;
	memcpy(user_id, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)),
		   sizeof(pg_uuid_t));
	return true;
}

/*
 * Link a provider account to a user of the call's tenant and log it;
 * returns the identity (supporthub.identity_info).  A concurrent link of
 * the same account loses with the same 23505 as one made before.
 */
static Datum
identity_link(ApiCall *call, const pg_uuid_t *user_id, const char *provider,
			  const char *provider_id, const char *email,
			  const pg_uuid_t *session_id, const SessionOrigin *origin)
{
	static const Oid types[8] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID, TEXTOID, UUIDOID,
	TEXTOID, INETOID};
	Datum		values[8];
	bool		isnull[8] = {false, false, false, false, email == NULL, session_id == NULL,
	origin == NULL || origin->device_info_null, origin == NULL || origin->client_addr_null};
	bool		dummy;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(user_id);
	values[2] = CStringGetTextDatum(provider);
	values[3] = CStringGetTextDatum(provider_id);
	values[4] = email ? CStringGetTextDatum(email) : (Datum) 0;
	values[5] = session_id ? UUIDPGetDatum(session_id) : (Datum) 0;
	values[6] = origin ? origin->device_info : (Datum) 0;
	values[7] = origin ? origin->client_addr : (Datum) 0;
	call->dup_message = psprintf("This %s account is already linked", provider);
	call->dup_hint = "A provider account signs in one user; it must be unlinked there first.";
	plan_exec("WITH i AS (INSERT INTO supporthub.auth_identities"
			  "  (tenant_id, user_id, provider, provider_id, email)"
			  "  VALUES ($1, $2, $3::supporthub.identity_provider, $4, $5)"
			  "  RETURNING " IDENTITY_INFO_COLUMNS "),"
			  " e AS (INSERT INTO supporthub.auth_events"
			  "  (tenant_id, user_id, session_id, event, device_info, client_addr)"
			  "  SELECT $1, $2, $6, 'identity_linked', $7, $8 FROM i)"
			  " SELECT ROW(" IDENTITY_INFO_COLUMNS ")::supporthub.identity_info FROM i",
			  8, types, values, isnull, false, 0);
	call->dup_message = NULL;
	call->dup_hint = NULL;
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &dummy);
}

/*
 * One way to make a customer for both provider and phone sign-up, so that
 * the user, the feed row and the identity are always made together.
 */
void
identity_new_customer(ApiCall *call, const char *name, const char *email, const char *phone,
					  const char *provider, const char *provider_id,
					  const SessionOrigin *origin, pg_uuid_t *user_id)
{
	static const Oid types[4] = {UUIDOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[4];
	bool		isnull[4] = {false, false, email == NULL, phone == NULL};
	Actor		customer;
	Changes		changes;
	bool		dummy;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(name);
	values[2] = email ? CStringGetTextDatum(email) : (Datum) 0;
	values[3] = phone ? CStringGetTextDatum(phone) : (Datum) 0;
	/* only a concurrent sign-up with the same email gets here with one taken */
	call->dup_message = email ? email_taken_message : NULL;
	plan_exec("INSERT INTO supporthub.users (tenant_id, name, email, email_verified, phone, role)"
			  " VALUES ($1, $2, $3, $3 IS NOT NULL, $4, 'customer') RETURNING id",
			  4, types, values, isnull, false, 0);
	memcpy(user_id, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &dummy)),
		   sizeof(pg_uuid_t));
	call->dup_message = NULL;

	/* the feed: the customer made themself, as with sign_up */
	memset(&customer, 0, sizeof(customer));
	customer.kind = ACTOR_CUSTOMER;
	memcpy(&customer.tenant_id, &call->actor.tenant_id, sizeof(pg_uuid_t));
	memcpy(&customer.user_id, user_id, sizeof(pg_uuid_t));
	changes_init(&changes);
	changes_add(&changes, "name", NULL, json_string(name));
	if (email)
		changes_add(&changes, "email", NULL, json_string(email));
	if (phone)
		changes_add(&changes, "phone", NULL, json_string(phone));
	changes_add(&changes, "role", NULL, json_string("customer"));
	activity_log(&customer, &call->actor.tenant_id, "created", "user", user_id, NULL,
				 changes_text(&changes));

	(void) identity_link(call, user_id, provider, provider_id, email, NULL, origin);
}

bool
auth_find_user(ApiCall *call, const char *sql, const char *value, pg_uuid_t *user_id,
			   bool *flag)
{
	static const Oid types[2] = {UUIDOID, TEXTOID};
	Datum		values[2];
	bool		isnull;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(value);
	if (plan_exec(sql, 2, types, values, NULL, true, 0) != 1)
		return false;
	memcpy(user_id, DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)),
		   sizeof(pg_uuid_t));
	if (flag)
		*flag = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	return true;
}

/*
 * sign_in_with_identity(tenant_id, provider, provider_id, email, name,
 * device_info, client_addr): a session for the user of a provider account.
 */
static Datum
sign_in_with_identity_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	char	   *provider = provider_arg(fcinfo, 1);
	char	   *provider_id = provider_id_arg(fcinfo, 2);
	char	   *email = user_text_arg(fcinfo, 3, "email", F_EMAIL);
	char	   *name = user_text_arg(fcinfo, 4, "name", 0);
	SessionOrigin origin;
	SessionTokens tokens;
	pg_uuid_t	user_id;
	bool		verified;

	session_origin_args(fcinfo, 5, "signed_in", &origin);
	if (identity_owner(call, provider, provider_id, &user_id))
		;						/* a returning user */
	else if (email != NULL &&
			 auth_find_user(call, "SELECT id, email_verified FROM supporthub.users WHERE tenant_id = $1"
							" AND supporthub.name_key(email) = supporthub.name_key($2)",
							email, &user_id, &verified))
	{
		/* the account of that email: linked only if its owner proved it */
		if (!verified)
			api_error(ERRCODE_UNIQUE_VIOLATION, NULL,
					  "Sign in to that account (with its password, or reset it) and link the provider with link_identity.",
					  "%s", email_taken_message);
		(void) identity_link(call, &user_id, provider, provider_id, email, NULL, &origin);
	}
	else
	{
		if (!auth_self_sign_up_on(call))
			auth_self_sign_up_refused();
		if (name == NULL && email == NULL)
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
					  "A new account needs a name or an email address.",
					  "name must not be null");
		/* without a name, the customer is shown by their email address */
		if (name == NULL)
			name = pnstrdup(email, pg_mbcharcliplen(email, strlen(email),
													catalog_text_limit("users", "name")));
		identity_new_customer(call, name, email, NULL, provider, provider_id, &origin, &user_id);
		origin.event = "signed_up";
	}

	/* false for a deactivated user: the whole call, a link included, rolls back */
	if (!session_open(call, &user_id, &origin, &tokens))
		auth_account_deactivated();
	return api_response_row(session_tokens_datum(&tokens));
}

PG_FUNCTION_INFO_V1(sh_sign_in_with_identity);
Datum
sh_sign_in_with_identity(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "sign_in_with_identity", .access = API_TENANT_ARG};

	return api_call(fcinfo, &call, sign_in_with_identity_body);
}

/* link_identity(provider, provider_id, email): link it to the acting user. */
static Datum
link_identity_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	const pg_uuid_t *user = identity_acting_user(call);
	char	   *provider = provider_arg(fcinfo, 0);
	char	   *provider_id = provider_id_arg(fcinfo, 1);
	char	   *email = user_text_arg(fcinfo, 2, "email", F_EMAIL);
	pg_uuid_t	owner;

	if (identity_owner(call, provider, provider_id, &owner))
		api_error(ERRCODE_UNIQUE_VIOLATION, NULL,
				  "A provider account signs in one user; it must be unlinked there first.",
				  "This %s account is already linked", provider);
	return api_response_row(identity_link(call, user, provider, provider_id, email,
										  actor_session(call), NULL));
}

PG_FUNCTION_INFO_V1(sh_link_identity);
Datum
sh_link_identity(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "link_identity", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, link_identity_body);
}

/*
 * unlink_identity(id): remove one of the acting user's identities, unless
 * nothing would be left to sign in with (no password, no other identity).
 * Unlinking the phone identity also takes the number off the user, since
 * phone codes sign in whoever has it (verify_phone_otp).
 */
static Datum
unlink_identity_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[4] = {UUIDOID, UUIDOID, UUIDOID, UUIDOID};
	static const Oid phone_types[3] = {UUIDOID, UUIDOID, TEXTOID};
	const pg_uuid_t *user = identity_acting_user(call);
	Datum		values[4];
	bool		isnull[4] = {false, false, false, actor_session(call) == NULL};
	Datum		removed;
	char	   *provider;
	char	   *provider_id;
	bool		dummy;

	if (PG_ARGISNULL(0))
		api_error_null_arg("id");
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = PG_GETARG_DATUM(0);
	values[2] = UUIDPGetDatum(user);
	values[3] = actor_session(call) ? UUIDPGetDatum(actor_session(call)) : (Datum) 0;

	/*
	 * The user's row lock makes two unlinks of one user queue, and the
	 * check after it reads what the other committed (a new snapshot at
	 * READ COMMITTED, the API's level): the last way to sign in is never
	 * removed by two calls at once.
	 */
	plan_exec("SELECT FROM supporthub.users WHERE tenant_id = $1 AND id = $3 FOR UPDATE",
			  3, types, values, isnull, false, 0);
	if (plan_exec("SELECT i.provider::text, i.provider_id,"
				  " EXISTS (SELECT FROM supporthub.user_passwords p"
				  "  WHERE p.tenant_id = $1 AND p.user_id = $3)"
				  " OR EXISTS (SELECT FROM supporthub.auth_identities o"
				  "  WHERE o.tenant_id = $1 AND o.user_id = $3 AND o.id <> $2)"
				  " FROM supporthub.auth_identities i"
				  " WHERE i.tenant_id = $1 AND i.id = $2 AND i.user_id = $3",
				  3, types, values, isnull, false, 0) != 1)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Identity not found");
	provider = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	provider_id = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	if (!DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &dummy)))
		api_error(SH_ERRCODE_CONFLICT, NULL,
				  "Link another provider or set a password (request_password_reset) first.",
				  "This is the last way to sign in to the account");

	plan_exec("WITH i AS (DELETE FROM supporthub.auth_identities"
			  "  WHERE tenant_id = $1 AND id = $2 AND user_id = $3"
			  "  RETURNING " IDENTITY_INFO_COLUMNS "),"
			  " e AS (INSERT INTO supporthub.auth_events (tenant_id, user_id, session_id, event)"
			  "  SELECT $1, $3, $4, 'identity_unlinked' FROM i)"
			  " SELECT ROW(" IDENTITY_INFO_COLUMNS ")::supporthub.identity_info FROM i",
			  4, types, values, isnull, false, 0);
	removed = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &dummy);

	if (strcmp(provider, "phone") == 0)
	{
		Datum		phone_values[3] = {values[0], values[2], CStringGetTextDatum(provider_id)};

		if (plan_exec("UPDATE supporthub.users SET phone = NULL, updated_at = now()"
					  " WHERE tenant_id = $1 AND id = $2 AND phone = $3",
					  3, phone_types, phone_values, NULL, false, 0) == 1)
		{
			Changes		changes;

			changes_init(&changes);
			changes_add(&changes, "phone", json_string(provider_id), NULL);
			activity_log(&call->actor, &call->actor.tenant_id, "updated", "user", user, NULL,
						 changes_text(&changes));
		}
	}
	return api_response_row(removed);
}

PG_FUNCTION_INFO_V1(sh_unlink_identity);
Datum
sh_unlink_identity(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "unlink_identity", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, unlink_identity_body);
}

/* get_identities(): the acting user's identities, newest first. */
static Datum
get_identities_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	Datum		values[2];

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(identity_acting_user(call));
	plan_exec_to("SELECT " IDENTITY_INFO_COLUMNS " FROM supporthub.auth_identities"
				 " WHERE tenant_id = $1 AND user_id = $2 ORDER BY id DESC",
				 2, types, values, NULL, api_response_rows(fcinfo));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_get_identities);
Datum
sh_get_identities(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "get_identities", .access = API_ANY_ACTOR, .read_only = true};

	return api_call(fcinfo, &call, get_identities_body);
}
