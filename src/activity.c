/*-------------------------------------------------------------------------
 * src/activity.c
 *	  Writing the activity feed: the changes object and the insert.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/json.h"
#include "utils/uuid.h"

#include "activity.h"
#include "entities.h"
#include "plans.h"

void
changes_init(Changes *changes)
{
	initStringInfo(&changes->buf);
	appendStringInfoChar(&changes->buf, '{');
	changes->count = 0;
}

void
changes_add(Changes *changes, const char *field, const char *old_json,
			const char *new_json)
{
	if (changes->count++ > 0)
		appendStringInfoString(&changes->buf, ", ");
	escape_json(&changes->buf, field);
	appendStringInfo(&changes->buf, ": {\"old\": %s, \"new\": %s}",
					 old_json ? old_json : "null", new_json ? new_json : "null");
}

const char *
changes_text(Changes *changes)
{
	appendStringInfoChar(&changes->buf, '}');
	return changes->buf.data;
}

char *
json_string(const char *s)
{
	StringInfoData buf;

	if (s == NULL)
		return NULL;
	initStringInfo(&buf);
	escape_json(&buf, s);
	return buf.data;
}

/*
 * The feed is read by programs in other time zones and date styles: a
 * timestamp is written as to_jsonb() writes it under TimeZone 'UTC'
 * ("2026-12-07T17:57:50.630235+00:00"), never in the caller's settings.
 */
char *
json_timestamp(TimestampTz ts)
{
	return json_string(iso_timestamp(ts));
}

/* ISO 8601 in UTC, unquoted: for messages that say when. */
char *
iso_timestamp(TimestampTz ts)
{
	char		buf[MAXDATELEN + 1];
	const int	utc = 0;

	JsonEncodeDateTime(buf, TimestampTzGetDatum(ts), TIMESTAMPTZOID, &utc);
	return pstrdup(buf);
}

/* One prepared INSERT for the whole feed; enums travel as text. */
void
activity_log(const Actor *actor, const pg_uuid_t *tenant_id, const char *action,
			 const char *ref_type, const pg_uuid_t *ref_id,
			 const pg_uuid_t *ticket_id, const char *changes_json)
{
	static const Oid types[7] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID, UUIDOID, UUIDOID, TEXTOID};
	Datum		values[7];
	bool		isnull[7] = {false, false, false, false, false, false, false};

	values[0] = UUIDPGetDatum(tenant_id);
	if (actor_has_user(actor))
		values[1] = UUIDPGetDatum(&actor->user_id);
	else
		isnull[1] = true;
	values[2] = CStringGetTextDatum(action);
	values[3] = CStringGetTextDatum(ref_type);
	values[4] = UUIDPGetDatum(ref_id);
	if (ticket_id)
		values[5] = UUIDPGetDatum(ticket_id);
	else
		isnull[5] = true;
	values[6] = CStringGetTextDatum(changes_json ? changes_json : "{}");

	plan_exec(FEED_INSERT
			  " VALUES ($1, $2, $3::supporthub.activity_action,"
			  " $4::supporthub.activity_ref_type, $5, $6, $7::jsonb)",
			  7, types, values, isnull, false, 0);
}

/* ---------- reading the feed: get_recent_activities on the engine ---------- */

static const FieldSpec activity_fields[] = {
	{"ref_type", FIELD_ENUM, "supporthub.activity_ref_type", F_FILTER},
	{"ref_id", FIELD_UUID, "uuid", F_FILTER},
	{"action", FIELD_ENUM, "supporthub.activity_action", 0},
	{"ticket_id", FIELD_UUID, "uuid", 0},
};

/* Everyone reads the feed; row-level security decides which rows. */
const EntitySpec activity_entity = {
	.singular = "recent_activity",
	.table = "recent_activities",
	.noun = "Activity",
	.tenant_scoped = true,
	.title_field = "action",
	.read_access = API_ANY_ACTOR,
	.write_access = API_ADMIN,
	ENGINE_FIELDS(activity_fields),
	.paged = true,
};

ENGINE_FUNCTION(sh_get_recent_activities, list, activity_entity)
