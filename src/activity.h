/*-------------------------------------------------------------------------
 * src/activity.h
 *	  The activity feed: one recent_activities row per state change, with
 *	  what changed.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_ACTIVITY_H
#define SUPPORTHUB_ACTIVITY_H

#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "utils/uuid.h"

#include "actor.h"

/*
 * The feed row's INSERT, written once: activity_log() runs it with values,
 * and the statements that log in the same statement as their change (the
 * ticket steps) select into it.  FEED_PAIR writes one "field": {"old",
 * "new"} entry of changes in SQL, the shape changes_add() writes in C.
 */
#define FEED_INSERT \
	"INSERT INTO supporthub.recent_activities" \
	" (tenant_id, user_id, action, ref_type, ref_id, ticket_id, changes)"
#define FEED_PAIR(field, old, new) \
	"'" field "', jsonb_build_object('old', " old ", 'new', " new ")"

/* A {"field": {"old": …, "new": …}} object under construction. */
typedef struct Changes
{
	StringInfoData buf;
	int			count;
} Changes;

extern void changes_init(Changes *changes);

/* Add one field; old_json/new_json are JSON literals, NULL meaning null. */
extern void changes_add(Changes *changes, const char *field,
						const char *old_json, const char *new_json);
extern const char *changes_text(Changes *changes);

/* JSON literal for a C string (NULL gives NULL, i.e. JSON null). */
extern char *json_string(const char *s);

/* JSON literal for a timestamp: ISO 8601 in UTC, whatever the session says. */
extern char *json_timestamp(TimestampTz ts);

/* The same time unquoted (ISO 8601, UTC), for messages. */
extern char *iso_timestamp(TimestampTz ts);

/*
 * Write the activity row as the actor (user_id NULL for the system actor)
 * in tenant_id.  ticket_id may be NULL; changes_json is a JSON object text.
 */
extern void activity_log(const Actor *actor, const pg_uuid_t *tenant_id,
						 const char *action, const char *ref_type,
						 const pg_uuid_t *ref_id, const pg_uuid_t *ticket_id,
						 const char *changes_json);

#endif
