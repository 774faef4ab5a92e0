/*-------------------------------------------------------------------------
 * src/chats.c
 *	  Conversations on a ticket: chats and their messages (start_chat,
 *	  post_chat_msg, get_chat_msgs, close_chat), recordings (add_recording,
 *	  get_recordings) and logged communications (log_communication,
 *	  get_communications) — entities on the CRUD engine whose hooks apply
 *	  the rules: everything hangs off a ticket the actor can see, a closed
 *	  ticket takes nothing new, messages go only to open chats.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/uuid.h"

#include "activity.h"
#include "entities.h"
#include "plans.h"
#include "tickets.h"
#include "api/api_error.h"
#include "api/api_response.h"

/* What a rule about a chat needs: its ticket and whether it is closed. */
typedef struct ChatState
{
	pg_uuid_t	ticket_id;
	bool		closed;
} ChatState;

/* PT404 unless the actor can see the chat (customers: their tickets' only). */
static void
chat_read(ApiCall *call, const pg_uuid_t *chat_id, ChatState *st)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	Datum		values[2];
	bool		isnull;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(chat_id);
	if (plan_exec("SELECT ticket_id, closed_at IS NOT NULL FROM supporthub.chats"
				  " WHERE tenant_id = $1 AND id = $2",
				  2, types, values, NULL, false, 0) == 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Chat not found");
	st->ticket_id = *DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	st->closed = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
}

static const pg_uuid_t *
actor_user(ApiCall *call)
{
	return actor_has_user(&call->actor) ? &call->actor.user_id : NULL;
}

/* ---------- chats ---------- */

enum
{
	CHAT_TICKET, CHAT_STARTED_BY, CHAT_AGENT
};

static const FieldSpec chat_fields[] = {
	[CHAT_TICKET] = {"ticket_id", FIELD_UUID, "uuid", F_CREATE | F_REQUIRED},
	[CHAT_STARTED_BY] = {"started_by_user_id", FIELD_UUID, "uuid", 0},
	[CHAT_AGENT] = {"assigned_agent_id", FIELD_UUID, "uuid", 0},
};

/*
 * start_chat: on a ticket the actor can see that is not closed; started by
 * the actor; answered by the staff member who starts it, else by the
 * ticket's agent.
 */
static void
chat_validate(ApiCall *call, const EngineRow *old, EngineRow *row)
{
	pg_uuid_t  *agent;

	ticket_require_not_closed(call, DatumGetUUIDP(row->values[CHAT_TICKET]), &agent);
	engine_set_uuid(row, CHAT_STARTED_BY, actor_user(call));
	if (call->actor.kind == ACTOR_ADMIN || call->actor.kind == ACTOR_AGENT)
		agent = &call->actor.user_id;
	engine_set_uuid(row, CHAT_AGENT, agent);
}

static const EntitySpec chat_entity = {
	.create_name = "start_chat",
	.singular = "chat",
	.table = "chats",
	.noun = "Chat",
	.tenant_scoped = true,
	.read_access = API_ANY_ACTOR,
	.write_access = API_ANY_ACTOR,
	ENGINE_FIELDS(chat_fields),
	.ticket_field = "ticket_id",
	.validate = chat_validate,
};

ENGINE_FUNCTION(sh_start_chat, create, chat_entity)

/* close_chat: one guarded UPDATE; diagnose only when it touches no row. */
static Datum
close_chat_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, UUIDOID};
	Datum		values[2];
	ChatState	st;
	bool		isnull;
	Datum		row;
	TimestampTz closed_at;
	Changes		changes;

	if (PG_ARGISNULL(0))
		api_error_null_arg("chat_id");
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = PG_GETARG_DATUM(0);
	if (plan_exec("UPDATE supporthub.chats AS c SET closed_at = now()"
				  " WHERE c.tenant_id = $1 AND c.id = $2 AND c.closed_at IS NULL"
				  " RETURNING c, c.ticket_id, c.closed_at",
				  2, types, values, NULL, false, 0) == 0)
	{
		chat_read(call, PG_GETARG_UUID_P(0), &st);	/* PT404 if not visible */
		api_error(SH_ERRCODE_CONFLICT, NULL, NULL, "Chat is already closed");
	}
	row = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	st.ticket_id = *DatumGetUUIDP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	closed_at = DatumGetTimestampTz(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
	row = api_response_row(row);
	changes_init(&changes);
	changes_add(&changes, "closed_at", NULL, json_timestamp(closed_at));
	activity_log(&call->actor, &call->actor.tenant_id, "closed", "chat",
				 PG_GETARG_UUID_P(0), &st.ticket_id, changes_text(&changes));
	return row;
}

PG_FUNCTION_INFO_V1(sh_close_chat);
Datum
sh_close_chat(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "close_chat", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, close_chat_body);
}

/* ---------- chat messages ---------- */

enum
{
	MSG_CHAT, MSG_MESSAGE, MSG_SENDER
};

static const FieldSpec chat_msg_fields[] = {
	[MSG_CHAT] = {"chat_id", FIELD_UUID, "uuid",
	F_CREATE | F_REQUIRED | F_FILTER | F_FILTER_REQUIRED, &chat_entity},
	[MSG_MESSAGE] = {"message", FIELD_TEXT, "text", F_CREATE | F_REQUIRED | F_NONEMPTY},
	[MSG_SENDER] = {"sender_id", FIELD_UUID, "uuid", 0},
};

/* Messages go to open chats of tickets that are not closed. */
static void
chat_msg_validate(ApiCall *call, const EngineRow *old, EngineRow *row)
{
	ChatState	st;

	chat_read(call, DatumGetUUIDP(row->values[MSG_CHAT]), &st);
	ticket_require_not_closed(call, &st.ticket_id, NULL);
	if (st.closed)
		api_error(SH_ERRCODE_CONFLICT, NULL, "Start a new chat on the ticket.",
				  "Chat is closed");
	engine_set_uuid(row, MSG_SENDER, actor_user(call));
	row->has_ticket = true;
	row->ticket = st.ticket_id;
}

static const EntitySpec chat_msg_entity = {
	.create_name = "post_chat_msg",
	.singular = "chat_msg",
	.table = "chat_msgs",
	.noun = "Message",
	.tenant_scoped = true,
	.title_field = "message",
	.read_access = API_ANY_ACTOR,
	.write_access = API_ANY_ACTOR,
	ENGINE_FIELDS(chat_msg_fields),
	.paged = true,
	.validate = chat_msg_validate,
};

ENGINE_FUNCTION(sh_post_chat_msg, create, chat_msg_entity)

ENGINE_FUNCTION(sh_get_chat_msgs, list, chat_msg_entity)

/* ---------- recordings ---------- */

enum
{
	REC_CHAT, REC_URL, REC_TICKET
};

static const FieldSpec recording_fields[] = {
	[REC_CHAT] = {"chat_id", FIELD_UUID, "uuid", F_CREATE | F_REQUIRED},
	[REC_URL] = {"url", FIELD_TEXT, "text", F_CREATE | F_REQUIRED | F_TRIM | F_NONEMPTY | F_URL | F_LINE},
	[REC_TICKET] = {"ticket_id", FIELD_UUID, "uuid",
	F_FILTER | F_FILTER_REQUIRED, &ticket_entity},
};

/* A recording belongs to a chat (it may be closed) of a ticket not closed. */
static void
recording_validate(ApiCall *call, const EngineRow *old, EngineRow *row)
{
	ChatState	st;

	chat_read(call, DatumGetUUIDP(row->values[REC_CHAT]), &st);
	ticket_require_not_closed(call, &st.ticket_id, NULL);
	engine_set_uuid(row, REC_TICKET, &st.ticket_id);
}

static const EntitySpec recording_entity = {
	.create_name = "add_recording",
	.singular = "recording",
	.table = "recordings",
	.noun = "Recording",
	.tenant_scoped = true,
	.title_field = "url",
	.read_access = API_ANY_ACTOR,
	.write_access = API_STAFF,
	.write_denied = "Only agents and admins may add recordings",
	ENGINE_FIELDS(recording_fields),
	.ticket_field = "ticket_id",
	.validate = recording_validate,
};

ENGINE_FUNCTION(sh_add_recording, create, recording_entity)

ENGINE_FUNCTION(sh_get_recordings, list, recording_entity)

/* ---------- communications ---------- */

enum
{
	COMM_TICKET, COMM_TYPE, COMM_SUMMARY, COMM_CHAT, COMM_USER
};

static const FieldSpec communication_fields[] = {
	[COMM_TICKET] = {"ticket_id", FIELD_UUID, "uuid",
	F_CREATE | F_REQUIRED | F_FILTER | F_FILTER_REQUIRED, &ticket_entity},
	[COMM_TYPE] = {"type", FIELD_ENUM, "supporthub.comm_type", F_CREATE | F_REQUIRED},
	[COMM_SUMMARY] = {"summary", FIELD_TEXT, "text", F_CREATE | F_REQUIRED | F_TRIM | F_NONEMPTY},
	[COMM_CHAT] = {"chat_id", FIELD_UUID, "uuid", F_CREATE},
	[COMM_USER] = {"user_id", FIELD_UUID, "uuid", 0},
};

/* Logged on a ticket not closed; a chat named with it must be the ticket's. */
static void
communication_validate(ApiCall *call, const EngineRow *old, EngineRow *row)
{
	const pg_uuid_t *ticket = DatumGetUUIDP(row->values[COMM_TICKET]);

	ticket_require_not_closed(call, ticket, NULL);
	if (!row->isnull[COMM_CHAT])
	{
		ChatState	st;

		chat_read(call, DatumGetUUIDP(row->values[COMM_CHAT]), &st);
		if (memcmp(&st.ticket_id, ticket, sizeof(pg_uuid_t)) != 0)
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
					  "The chat belongs to another ticket");
	}
	engine_set_uuid(row, COMM_USER, actor_user(call));
}

static const EntitySpec communication_entity = {
	.create_name = "log_communication",
	.singular = "communication",
	.table = "communications",
	.noun = "Communication",
	.tenant_scoped = true,
	.title_field = "summary",
	.read_access = API_ANY_ACTOR,
	.write_access = API_STAFF,
	.write_denied = "Only agents and admins may log communications",
	ENGINE_FIELDS(communication_fields),
	.ticket_field = "ticket_id",
	.validate = communication_validate,
};

ENGINE_FUNCTION(sh_log_communication, create, communication_entity)

ENGINE_FUNCTION(sh_get_communications, list, communication_entity)
