/*-------------------------------------------------------------------------
 * src/actor.c
 *	  The actor of a transaction: the setting that holds it, and the
 *	  look-ups of users and tenants it is made from and re-checked against.
 *
 * The actor is kept in the setting supporthub.actor.  It is PGC_SUSET and
 * GUC_SUPERUSER_ONLY, its prefix is reserved, and only this file writes it
 * (set_config_option with PGC_SUSET context), so no SET, set_config(),
 * ALTER ROLE ... SET or connection option of an ordinary role can create or
 * change it.  Being a setting, it follows transaction and subtransaction
 * rollback, is transaction-local unless set for the session, and is copied
 * into parallel workers, so its readers are PARALLEL SAFE.  The assign hook
 * keeps the parsed value in backend memory, so readers never parse text.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/uuid.h"

#include "actor.h"
#include "api/api_error.h"
#include "auth/auth.h"

#define ACTOR_GUC "supporthub.actor"

static char *actor_guc_value = NULL;

static void lookup_oids_invalidate(Datum arg, Oid relid);
static Actor current_actor = {ACTOR_NONE};

/* One-letter tags of the text form "k:tenant[:user]". */
static const struct
{
	char		tag;
	ActorKind	kind;
}			actor_tags[] =
{
	{'a', ACTOR_ADMIN},
	{'g', ACTOR_AGENT},
	{'c', ACTOR_CUSTOMER},
	{'s', ACTOR_SYSTEM},
	{'p', ACTOR_PLATFORM},
};

/* Return 0..15 for a hex digit, -1 otherwise. */
static int
hex_value_quiet(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse a uuid without raising errors (check hooks must not throw). */
static bool
parse_uuid_quiet(const char *s, pg_uuid_t *out)
{
	int			i;

	if (strlen(s) != 36)
		return false;
	for (i = 0; i < 16; i++)
	{
		int			hi,
					lo;

		if (*s == '-')
			s++;
		hi = hex_value_quiet(s[0]);
		lo = hex_value_quiet(s[1]);
		if (hi < 0 || lo < 0)
			return false;
		out->data[i] = (unsigned char) ((hi << 4) | lo);
		s += 2;
	}
	return *s == '\0';
}

/*
 * Parse the text form of an actor, "k:tenant[:user[:session]]"; false when
 * it is malformed.
 */
static bool
actor_parse(const char *s, Actor *out)
{
	char		buf[120];
	char	   *user;
	char	   *session = NULL;
	char	   *generation;
	char	   *end;
	long		value;
	size_t		i;

	memset(out, 0, sizeof(Actor));
	if (s == NULL || *s == '\0')
		return true;
	if (strcmp(s, "p") == 0)
	{
		out->kind = ACTOR_PLATFORM;
		return true;
	}
	if (strlen(s) >= sizeof(buf) || s[1] != ':')
		return false;
	for (i = 0; i < lengthof(actor_tags); i++)
		if (actor_tags[i].tag == s[0] && actor_tags[i].kind != ACTOR_PLATFORM)
			out->kind = actor_tags[i].kind;
	if (out->kind == ACTOR_NONE)
		return false;
	strlcpy(buf, s + 2, sizeof(buf));
	user = strchr(buf, ':');
	if (user)
	{
		*user++ = '\0';
		session = strchr(user, ':');
		if (session)
			*session++ = '\0';
	}
	if (!parse_uuid_quiet(buf, &out->tenant_id))
		return false;
	if (out->kind == ACTOR_SYSTEM)
		return user == NULL;
	if (user == NULL || !parse_uuid_quiet(user, &out->user_id))
		return false;
	if (session == NULL)
		return true;
	out->has_session = true;
	generation = strchr(session, ':');
	if (generation == NULL)
		return false;
	*generation++ = '\0';
	if (!parse_uuid_quiet(session, &out->session_id))
		return false;
	errno = 0;
	value = strtol(generation, &end, 10);
	if (errno != 0 || *generation == '\0' || *end != '\0' || value < 0 || value > PG_INT32_MAX)
		return false;
	out->session_generation = (int32) value;
	return true;
}

/* Format an actor as text for the setting. */
static char *
actor_format(const Actor *a)
{
	char		tag = 0;
	size_t		i;
	char	   *tenant;
	char	   *user;

	if (a->kind == ACTOR_NONE)
		return pstrdup("");
	if (a->kind == ACTOR_PLATFORM)
		return pstrdup("p");
	for (i = 0; i < lengthof(actor_tags); i++)
		if (actor_tags[i].kind == a->kind)
			tag = actor_tags[i].tag;
	tenant = DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(&a->tenant_id)));
	if (a->kind == ACTOR_SYSTEM)
		return psprintf("%c:%s", tag, tenant);
	user = DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(&a->user_id)));
	if (!a->has_session)
		return psprintf("%c:%s:%s", tag, tenant, user);
	return psprintf("%c:%s:%s:%s:%d", tag, tenant, user,
					DatumGetCString(DirectFunctionCall1(uuid_out, UUIDPGetDatum(&a->session_id))),
					a->session_generation);
}

/* GUC check hook: accept only well-formed actors, parsed once into extra. */
static bool
actor_check(char **newval, void **extra, GucSource source)
{
	Actor	   *parsed = (Actor *) malloc(sizeof(Actor));	/* freed by guc.c */

	if (parsed == NULL)
		return false;
	if (!actor_parse(*newval, parsed))
	{
		free(parsed);
		GUC_check_errdetail("supporthub.actor is set by supporthub.act_as() and supporthub.act_as_tenant() only.");
		return false;
	}
	*extra = parsed;
	return true;
}

/* GUC assign hook: publish the parsed actor to the readers. */
static void
actor_assign(const char *newval, void *extra)
{
	if (extra)
		current_actor = *(Actor *) extra;
	else
		memset(&current_actor, 0, sizeof(Actor));
}

/* Define the setting; called from _PG_init, which then reserves the prefix. */
void
actor_init(void)
{
	DefineCustomStringVariable(ACTOR_GUC,
							   "Actor of the current transaction (set by supporthub.act_as and act_as_tenant only).",
							   NULL,
							   &actor_guc_value,
							   "",
							   PGC_SUSET,
							   GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE |
							   GUC_DISALLOW_IN_FILE | GUC_SUPERUSER_ONLY,
							   actor_check, actor_assign, NULL);
	CacheRegisterRelcacheCallback(lookup_oids_invalidate, (Datum) 0);
}

const Actor *
actor_current(void)
{
	return &current_actor;
}

bool
actor_is_staff(const Actor *actor)
{
	return actor->kind == ACTOR_ADMIN || actor->kind == ACTOR_AGENT ||
		actor->kind == ACTOR_SYSTEM;
}

bool
actor_has_user(const Actor *actor)
{
	return actor->kind == ACTOR_ADMIN || actor->kind == ACTOR_AGENT ||
		actor->kind == ACTOR_CUSTOMER;
}

/* The user_role label of a user actor, NULL otherwise. */
const char *
actor_role_label(ActorKind kind)
{
	switch (kind)
	{
		case ACTOR_ADMIN:
			return "admin";
		case ACTOR_AGENT:
			return "agent";
		case ACTOR_CUSTOMER:
			return "customer";
		default:
			return NULL;
	}
}

/* Write the setting with superuser context: the only way it is ever set. */
void
actor_set(const Actor *actor, int guc_action)
{
	(void) set_config_option(ACTOR_GUC, actor_format(actor),
							 PGC_SUSET, PGC_S_SESSION,
							 (GucAction) guc_action, true, ERROR, false);
}

/*
 * Relations and columns the direct lookups use, found once and forgotten on
 * any relcache invalidation of them (DROP/CREATE EXTENSION, ALTER TABLE).
 */
typedef struct LookupOids
{
	bool		valid;
	Oid			users;
	Oid			users_id_idx;
	Oid			tenants;
	Oid			tenants_pkey;
	AttrNumber	user_id;
	AttrNumber	user_tenant_id;
	AttrNumber	user_role;
	AttrNumber	user_active;
	AttrNumber	tenant_id;
} LookupOids;

static LookupOids lookup_oids;

static void
lookup_oids_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == lookup_oids.users ||
		relid == lookup_oids.users_id_idx || relid == lookup_oids.tenants ||
		relid == lookup_oids.tenants_pkey)
		lookup_oids.valid = false;
}

static const LookupOids *
lookup_oids_get(void)
{
	Oid			nsp;

	if (lookup_oids.valid)
		return &lookup_oids;
	nsp = get_namespace_oid("supporthub", false);
	lookup_oids.users = get_relname_relid("users", nsp);
	lookup_oids.users_id_idx = get_relname_relid("users_id_idx", nsp);
	lookup_oids.tenants = get_relname_relid("tenants", nsp);
	lookup_oids.tenants_pkey = get_relname_relid("tenants_pkey", nsp);
	if (!OidIsValid(lookup_oids.users) || !OidIsValid(lookup_oids.users_id_idx) ||
		!OidIsValid(lookup_oids.tenants) || !OidIsValid(lookup_oids.tenants_pkey))
		elog(ERROR, "supporthub.users, supporthub.tenants or their indexes are missing");
	lookup_oids.user_id = get_attnum(lookup_oids.users, "id");
	lookup_oids.user_tenant_id = get_attnum(lookup_oids.users, "tenant_id");
	lookup_oids.user_role = get_attnum(lookup_oids.users, "role");
	lookup_oids.user_active = get_attnum(lookup_oids.users, "active");
	lookup_oids.tenant_id = get_attnum(lookup_oids.tenants, "id");
	lookup_oids.valid = true;
	return &lookup_oids;
}

/*
 * Find a user by id, across tenants and without row-level security: act_as
 * must map a bare user id to its tenant, and the API's own checks of a
 * named user need no policy (they compare the tenant themselves).  A direct
 * index scan on users_id_idx keeps this out of the policies and out of SPI.
 */
static bool
lookup_user(const pg_uuid_t *user_id, Snapshot snapshot, Actor *out, bool *active)
{
	const LookupOids *o = lookup_oids_get();
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tup;
	bool		found = false;

	memset(out, 0, sizeof(Actor));	/* no session unless a caller adds one */
	rel = table_open(o->users, AccessShareLock);
	/* systable scan keys name heap columns; it maps them to the index */
	ScanKeyInit(&key, o->user_id, BTEqualStrategyNumber, F_UUID_EQ,
				UUIDPGetDatum(user_id));
	scan = systable_beginscan(rel, o->users_id_idx, true, snapshot, 1, &key);
	if (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		TupleDesc	desc = RelationGetDescr(rel);
		bool		isnull;
		Datum		d;
		char	   *role;

		d = heap_getattr(tup, o->user_tenant_id, desc, &isnull);
		memcpy(&out->tenant_id, DatumGetUUIDP(d), sizeof(pg_uuid_t));
		memcpy(&out->user_id, user_id, sizeof(pg_uuid_t));
		d = heap_getattr(tup, o->user_role, desc, &isnull);
		role = DatumGetCString(DirectFunctionCall1(enum_out, d));
		out->kind = strcmp(role, "admin") == 0 ? ACTOR_ADMIN :
			strcmp(role, "agent") == 0 ? ACTOR_AGENT : ACTOR_CUSTOMER;
		d = heap_getattr(tup, o->user_active, desc, &isnull);
		*active = DatumGetBool(d);
		found = true;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return found;
}

/*
 * A user of this tenant as of now: its kind and active flag, or false when
 * the tenant has no such user.  The API's checks of a named user (the
 * customer of a new ticket, the assignee) use it instead of an SPI query;
 * the snapshot is fresh in READ COMMITTED, so a check repeated after a lost
 * race sees the change that made it lose.
 */
bool
actor_find_user(const pg_uuid_t *tenant_id, const pg_uuid_t *user_id,
				ActorKind *kind, bool *active)
{
	Snapshot	snapshot = RegisterSnapshot(GetTransactionSnapshot());
	Actor		found;
	bool		ok;

	ok = lookup_user(user_id, snapshot, &found, active) &&
		memcmp(&found.tenant_id, tenant_id, sizeof(pg_uuid_t)) == 0;
	UnregisterSnapshot(snapshot);
	if (ok)
		*kind = found.kind;
	return ok;
}

/* Does a tenant with this id exist now?  Same direct lookup as lookup_user. */
bool
actor_tenant_exists(const pg_uuid_t *tenant_id)
{
	const LookupOids *o = lookup_oids_get();
	Relation	rel;
	SysScanDesc scan;
	ScanKeyData key;
	bool		found;
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());

	rel = table_open(o->tenants, AccessShareLock);
	ScanKeyInit(&key, o->tenant_id, BTEqualStrategyNumber, F_UUID_EQ,
				UUIDPGetDatum(tenant_id));
	scan = systable_beginscan(rel, o->tenants_pkey, true, snapshot, 1, &key);
	found = HeapTupleIsValid(systable_getnext(scan));
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	UnregisterSnapshot(snapshot);
	return found;
}

/*
 * Look a user up as of the latest committed state, whatever the isolation
 * level: rights are not data of the transaction, so a REPEATABLE READ or
 * SERIALIZABLE transaction must not keep acting for a user who was
 * deactivated or demoted after its snapshot was taken.
 */
bool
actor_lookup(const pg_uuid_t *user_id, Actor *out, bool *active)
{
	Snapshot	snapshot = RegisterSnapshot(GetLatestSnapshot());
	bool		found;

	found = lookup_user(user_id, snapshot, out, active);
	UnregisterSnapshot(snapshot);
	return found;
}

/*
 * The acting user as the users table says now: an API call refuses to run
 * for a user who was deactivated, deleted or given another role since
 * act_as, so a change of rights takes effect at the next call, even for a
 * session-long actor and at every isolation level.  One index probe, no SPI.
 */
void
actor_recheck(const Actor *actor)
{
	Actor		now;
	bool		active = false;

	if (!actor_has_user(actor))
		return;
	if (!actor_lookup(&actor->user_id, &now, &active) ||
		memcmp(&now.tenant_id, &actor->tenant_id, sizeof(pg_uuid_t)) != 0)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Set the actor again with supporthub.act_as().",
				  "The acting user no longer exists");
	if (!active)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "An admin can reactivate the user with supporthub.update_user(id, active => true).",
				  "User is deactivated and cannot act");
	if (now.kind != actor->kind)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Set the actor again with supporthub.act_as().",
				  "The acting user's role has changed since the actor was set");
	/*
	 * An actor from an access token lasts only as long as that token: the
	 * session live, the token not refreshed away nor expired — also when
	 * act_as_session set it for the whole connection.
	 */
	if (actor->has_session &&
		!session_is_live(&actor->tenant_id, &actor->session_id, actor->session_generation))
		api_error(SH_ERRCODE_UNAUTHORIZED, NULL,
				  session_is_live(&actor->tenant_id, &actor->session_id, -1) ?
				  "Refresh the session with supporthub.refresh_session(refresh_token), or sign in again." :
				  "Sign in again.",
				  "Session expired or revoked");
}
