/*-------------------------------------------------------------------------
 * src/auth/password.c
 *	  Passwords: the rules a new one must meet, and hashing and checking
 *	  with bcrypt from pgcrypto (the extension requires it).  pgcrypto's
 *	  functions are found in whatever schema it was installed in and called
 *	  through fmgr, so no search_path is involved.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "nodes/pg_list.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/builtins.h"
#include "utils/formatting.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "api/api_error.h"
#include "auth/auth.h"
#include "auth/password.h"
#include "engine.h"

#define PASSWORD_MIN_BYTES	8
#define PASSWORD_MAX_BYTES	72	/* bcrypt reads no further */

static int	bcrypt_cost = 12;

/* pgcrypto's crypt(text, text) and gen_salt(text, int4), once found */
static Oid	crypt_oid = InvalidOid;
static Oid	gen_salt_oid = InvalidOid;

/* A hash of a random password per cost, for emails without an account. */
static char *dummy_hash = NULL;
static int	dummy_cost = 0;

/* pg_proc changed (pgcrypto dropped or re-created): look again. */
static void
pgcrypto_invalidate(Datum arg, int cacheid, uint32 hashvalue)
{
	crypt_oid = InvalidOid;
	gen_salt_oid = InvalidOid;
}

void
password_init(void)
{
	DefineCustomIntVariable("supporthub.bcrypt_cost",
							"bcrypt cost of new password hashes (2^cost rounds).",
							"Hashes made at another cost are re-hashed at the next successful sign-in.",
							&bcrypt_cost,
							12, 4, 16,
							PGC_SUSET, 0,
							NULL, NULL, NULL);
	CacheRegisterSyscacheCallback(PROCOID, pgcrypto_invalidate, (Datum) 0);
}

/* Find a pgcrypto function by name and argument types. */
static Oid
pgcrypto_function(const char *schema, const char *name, Oid second_arg)
{
	Oid			argtypes[2] = {TEXTOID, second_arg};

	return LookupFuncName(list_make2(makeString(pstrdup(schema)), makeString(pstrdup(name))),
						  2, argtypes, false);
}

static void
pgcrypto_lookup(void)
{
	Oid			ext;
	char	   *schema;

	if (OidIsValid(crypt_oid) && OidIsValid(gen_salt_oid))
		return;
	ext = get_extension_oid("pgcrypto", true);
	if (!OidIsValid(ext))
		api_error(ERRCODE_UNDEFINED_OBJECT, NULL,
				  "CREATE EXTENSION pgcrypto, then try again.",
				  "supporthub needs the extension pgcrypto to hash passwords");
	schema = get_namespace_name(auth_extension_schema(ext));
	crypt_oid = pgcrypto_function(schema, "crypt", TEXTOID);
	gen_salt_oid = pgcrypto_function(schema, "gen_salt", INT4OID);
}

/* crypt(password, salt_or_hash) as a C string. */
static char *
run_crypt(const char *password, const char *salt)
{
	pgcrypto_lookup();
	return TextDatumGetCString(OidFunctionCall2(crypt_oid,
												CStringGetTextDatum(password),
												CStringGetTextDatum(salt)));
}

char *
password_hash(const char *password)
{
	char	   *salt;

	pgcrypto_lookup();
	salt = TextDatumGetCString(OidFunctionCall2(gen_salt_oid,
												CStringGetTextDatum("bf"),
												Int32GetDatum(bcrypt_cost)));
	return run_crypt(password, salt);
}

/* Equal strings, in time independent of where they differ. */
static bool
equal_in_constant_time(const char *a, const char *b)
{
	size_t		la = strlen(a);
	size_t		lb = strlen(b);
	size_t		i;
	unsigned char diff = (la != lb);

	for (i = 0; i < la && i < lb; i++)
		diff |= (unsigned char) a[i] ^ (unsigned char) b[i];
	return diff == 0;
}

bool
password_matches(const char *password, const char *hash)
{
	return equal_in_constant_time(run_crypt(password, hash), hash);
}

void
password_waste_time(const char *password)
{
	if (dummy_hash == NULL || dummy_cost != bcrypt_cost)
	{
		uint8		random_bytes[18];
		char		random_password[37];
		char	   *hash;
		int			i;

		if (!pg_strong_random(random_bytes, sizeof(random_bytes)))
			elog(ERROR, "could not generate random values");
		for (i = 0; i < (int) sizeof(random_bytes); i++)
			snprintf(random_password + 2 * i, 3, "%02x", random_bytes[i]);
		hash = password_hash(random_password);
		if (dummy_hash)
			pfree(dummy_hash);
		dummy_hash = MemoryContextStrdup(TopMemoryContext, hash);
		dummy_cost = bcrypt_cost;
	}
	(void) password_matches(password, dummy_hash);
}

/* bcrypt hashes read "$2a$NN$…": NN is the cost. */
bool
password_needs_rehash(const char *hash)
{
	if (strlen(hash) < 7 || hash[3] != '$' || hash[6] != '$' ||
		!isdigit((unsigned char) hash[4]) || !isdigit((unsigned char) hash[5]))
		return true;
	return (hash[4] - '0') * 10 + (hash[5] - '0') != bcrypt_cost;
}

void
password_check_rules(const char *argname, const char *password, const char *email)
{
	size_t		bytes = strlen(password);
	char	   *trimmed = engine_trim(password);

	if (bytes < PASSWORD_MIN_BYTES || bytes > PASSWORD_MAX_BYTES)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "A longer passphrase of plain words is fine, up to 72 bytes.",
				  "%s must be 8 to 72 bytes long", argname);
	if (*trimmed == '\0')
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
				  "%s must not be only white space", argname);
	if (email != NULL)
	{
		char	   *e = engine_trim(email);

		if (strcmp(str_tolower(trimmed, strlen(trimmed), DEFAULT_COLLATION_OID),
				   str_tolower(e, strlen(e), DEFAULT_COLLATION_OID)) == 0)
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
					  "%s must not be the email address", argname);
	}
}
