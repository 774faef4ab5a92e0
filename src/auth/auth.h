/*-------------------------------------------------------------------------
 * src/auth/auth.h
 *	  What the sign-in files share: direct probes of rows whose digests no
 *	  role may read, sessions being opened, the sign-in log, and the
 *	  customers that provider and phone sign-in make.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_AUTH_AUTH_H
#define SUPPORTHUB_AUTH_AUTH_H

#include "access/htup.h"
#include "access/tupdesc.h"
#include "datatype/timestamp.h"
#include "utils/uuid.h"

#include "api/api_call.h"

/* A row of supporthub.<table> read by a direct index probe. */
typedef struct ProbedRow
{
	HeapTuple	tuple;			/* NULL when there is none */
	TupleDesc	desc;
} ProbedRow;

/*
 * The row of supporthub.<table> whose primary key's leading columns equal
 * keys (uuids, then an int4 for a third key), as last committed (and as
 * written by this transaction), without row-level security or column
 * privileges: only for rows the caller proves it may see (a token, the
 * acting user) and for digests, which no role may SELECT.
 */
extern ProbedRow auth_probe(const char *table, int nkeys, const Datum *keys);

/* A column of a probed row; *isnull tells NULL. */
extern Datum probed_value(const ProbedRow *row, const char *column, bool *isnull);

/* The schema an extension lives in (PostgreSQL 15 does not export it). */
extern Oid auth_extension_schema(Oid ext);

/* What a session hands out (supporthub.session_tokens). */
typedef struct SessionTokens
{
	pg_uuid_t	user_id;
	pg_uuid_t	session_id;
	char	   *access_token;
	TimestampTz access_expires_at;
	char	   *refresh_token;
	TimestampTz refresh_expires_at;
} SessionTokens;

/* How a new session came about, for the log. */
typedef struct SessionOrigin
{
	const char *event;			/* auth_event_kind label */
	const char *email_key_of;	/* the email a password sign-in named, or NULL */
	Datum		device_info;	/* text */
	bool		device_info_null;
	Datum		client_addr;	/* inet */
	bool		client_addr_null;
} SessionOrigin;

/*
 * Open a session for an active user of the call's tenant: evict the least
 * recently used live sessions beyond the tenant's device limit, store the
 * new tokens' digests, log it, note the sign-in on the user.  false when
 * the user is no longer there or active (nothing written).
 */
extern bool session_open(ApiCall *call, const pg_uuid_t *user_id,
						 const SessionOrigin *origin, SessionTokens *out);

/* The composite supporthub.session_tokens of out. */
extern Datum session_tokens_datum(const SessionTokens *tokens);

/*
 * Log an auth event in the call's tenant (user, session and email may be
 * NULL; email_key_of is the email as given, keyed by name_key()).
 */
extern void auth_event_log(ApiCall *call, const char *event, const pg_uuid_t *user_id,
						   const pg_uuid_t *session_id, const char *email_key_of,
						   const SessionOrigin *origin);

/* Read device_info (argno) and client_addr (argno + 1) into origin. */
extern void session_origin_args(FunctionCallInfo fcinfo, int argno,
								const char *event, SessionOrigin *origin);

/* The acting user, or 42501 for the tenant actor (it has no sessions). */
extern const pg_uuid_t *acting_user(ApiCall *call);

/* The bcrypt hash of a user's password (a direct probe), NULL if none. */
extern char *stored_password_hash(const pg_uuid_t *tenant_id, const pg_uuid_t *user_id);

/* Is password sign-in with this email locked, and until when? */
extern bool sign_in_locked(ApiCall *call, const char *email, TimestampTz *until);

/* PT429 for a locked email, saying when it opens again. */
extern void sign_in_throttled(TimestampTz until) pg_attribute_noreturn();

/*
 * Is the session still live (not revoked, not expired)?  With a generation
 * (>= 0), also: its access token of that generation is the current one and
 * has not expired.  A direct probe.
 */
extern bool session_is_live(const pg_uuid_t *tenant_id, const pg_uuid_t *session_id,
							int32 generation);

/* Does the call's tenant let people sign themselves up (self_sign_up)? */
extern bool auth_self_sign_up_on(ApiCall *call);

/* 42501: the tenant turned self sign-up off. */
extern void auth_self_sign_up_refused(void) pg_attribute_noreturn();

/* PT401 for a proved sign-in (provider, phone code) of a deactivated user. */
extern void auth_account_deactivated(void) pg_attribute_noreturn();

/*
 * The user of the call's tenant that sql finds by value ($1 the tenant, $2
 * value; one row: its id, then, if flag is given, a boolean); false when
 * there is none.
 */
extern bool auth_find_user(ApiCall *call, const char *sql, const char *value,
						   pg_uuid_t *user_id, bool *flag);

/*
 * A new customer of the call's tenant signed up through a provider account
 * or a phone code: the user (email verified when the provider gave one),
 * the feed's "created" row by the customer, and the identity, linked and
 * logged.  The caller has checked self sign-up.
 */
extern void identity_new_customer(ApiCall *call, const char *name, const char *email,
								  const char *phone, const char *provider,
								  const char *provider_id, const SessionOrigin *origin,
								  pg_uuid_t *user_id);

#endif
