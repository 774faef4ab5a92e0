/*-------------------------------------------------------------------------
 * src/users.c
 *	  Users API on the CRUD engine, plus the rules that are particular to
 *	  users: admins cannot lock themselves out, and a user who stops being
 *	  working staff (deactivated, or made a customer) gives up their open
 *	  tickets, each unassignment logged.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/uuid.h"

#include "plans.h"
#include "activity.h"
#include "catalog.h"
#include "auth/session.h"
#include "entities.h"
#include "api/api_error.h"

enum
{
	USER_NAME, USER_EMAIL, USER_ROLE, USER_ACTIVE
};

static const FieldSpec user_fields[] = {
	[USER_NAME] = {"name", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_REQUIRED | F_TRIM | F_NONEMPTY | F_LINE},
	[USER_EMAIL] = {"email", FIELD_TEXT, "text", F_CREATE | F_UPDATE | F_REQUIRED | F_TRIM | F_NONEMPTY | F_EMAIL | F_LINE},
	[USER_ROLE] = {"role", FIELD_ENUM, "supporthub.user_role", F_CREATE | F_UPDATE | F_REQUIRED | F_FILTER},
	[USER_ACTIVE] = {"active", FIELD_BOOL, "boolean", F_UPDATE},
};

/* Everything that keeps a user in the history, so delete is refused. */
static const RefSpec user_refs[] = {
	{"tickets", "customer_id", "ticket as customer", "tickets as customer"},
	{"tickets", "agent_id", "assigned ticket", "assigned tickets"},
	{"chats", "started_by_user_id", "chat", "chats"},
	{"chats", "assigned_agent_id", "assigned chat", "assigned chats"},
	{"chat_msgs", "sender_id", "chat message", "chat messages"},
	{"escalations", "raised_by_user_id", "escalation", "escalations"},
	{"communications", "user_id", "communication", "communications"},
	{"recent_activities", "user_id", "activity", "activities"},
};

static bool
is_self(ApiCall *call, const EngineRow *row)
{
	return actor_has_user(&call->actor) &&
		memcmp(&call->actor.user_id, &row->id, sizeof(pg_uuid_t)) == 0;
}

static bool
is_staff_role(const EngineRow *row)
{
	char	   *role = engine_text_value(row, USER_ROLE);

	return role && strcmp(role, "customer") != 0;
}

/* An admin may not deactivate or demote themselves (no lock-out). */
static void
user_validate(ApiCall *call, const EngineRow *old, EngineRow *row)
{
	if (old == NULL || !is_self(call, old))
		return;
	if (!DatumGetBool(row->values[USER_ACTIVE]))
		api_error(SH_ERRCODE_CONFLICT, NULL, "Another admin can deactivate you.",
				  "You cannot deactivate yourself");
	if (strcmp(engine_text_value(row, USER_ROLE), "admin") != 0)
		api_error(SH_ERRCODE_CONFLICT, NULL, "Another admin can change your role.",
				  "You cannot remove your own admin role");
}

/*
 * A deactivated user loses their sessions.  A user who can no longer work
 * tickets gives them back: unassign every
 * open or pending ticket, one 'assigned' activity per ticket, in one
 * statement.
 */
static void
user_after_update(ApiCall *call, const EngineRow *old, const EngineRow *row)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, UUIDOID};
	Datum		values[3];
	bool		isnull[3] = {false, false, false};
	bool		was_working = DatumGetBool(old->values[USER_ACTIVE]) && is_staff_role(old);
	bool		is_working = DatumGetBool(row->values[USER_ACTIVE]) && is_staff_role(row);

	/* a deactivated user is signed out everywhere (1.0's schema has no sessions) */
	if (DatumGetBool(old->values[USER_ACTIVE]) && !DatumGetBool(row->values[USER_ACTIVE]) &&
		!catalog_extension_is_1_0())
		session_end_all(call, &row->id, "user_deactivated");
	if (!was_working || is_working)
		return;
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(&row->id);
	if (actor_has_user(&call->actor))
		values[2] = UUIDPGetDatum(&call->actor.user_id);
	else
		isnull[2] = true;
	plan_exec("WITH unassigned AS ("
			  " UPDATE supporthub.tickets SET agent_id = NULL, updated_at = now()"
			  " WHERE tenant_id = $1 AND agent_id = $2"
			  " AND status IN ('open', 'pending') RETURNING id)"
			  " " FEED_INSERT
			  " SELECT $1, $3, 'assigned', 'ticket', u.id, u.id,"
			  " jsonb_build_object(" FEED_PAIR("agent_id", "$2", "NULL") ")"
			  " FROM unassigned u",
			  3, types, values, isnull, false, 0);
}

/* Deleting yourself would leave the actor dangling. */
static void
user_before_delete(ApiCall *call, const EngineRow *old)
{
	if (is_self(call, old))
		api_error(SH_ERRCODE_CONFLICT, NULL, NULL, "You cannot delete yourself");
}

const EntitySpec user_entity = {
	.singular = "user",
	.table = "users",
	.noun = "User",
	.tenant_scoped = true,
	.title_field = "name",
	.read_access = API_ANY_ACTOR,
	.write_access = API_ADMIN,
	.write_denied = "Only admins may manage users",
	ENGINE_FIELDS(user_fields),
	.refs = user_refs,
	.nrefs = lengthof(user_refs),
	.in_use_hint = "Deactivate the user instead: supporthub.update_user(id, active => false).",
	.dup_field = "email",
	.dup_format = "A user with the email \"%s\" already exists",
	.dup_hint = "Email addresses are compared ignoring case, surrounding spaces and Unicode look-alike forms.",
	.paged = true,
	.validate = user_validate,
	.after_update = user_after_update,
	.before_delete = user_before_delete,
};

ENGINE_CRUD_FUNCTIONS(sh_create_user, sh_get_users, sh_get_user_by_id,
					  sh_update_user, sh_delete_user, user_entity)
