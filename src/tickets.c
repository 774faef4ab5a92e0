/*-------------------------------------------------------------------------
 * src/tickets.c
 *	  The ticket workflow: create_ticket, get_tickets, get_ticket_by_id,
 *	  get_ticket_by_number, update_ticket, assign_agent, escalate,
 *	  set_ticket_status, set_ticket_tags, delete_ticket.
 *
 * Reads, updates and deletes of a ticket as a whole run on the CRUD engine.
 * The workflow steps are written out here because each is one guarded
 * statement: an UPDATE whose WHERE clause restates the state it was decided
 * on (compare-and-set), with the activity row written by the same
 * statement.  When it touches no row, the ticket changed concurrently; the
 * step is decided again on the new state, so concurrent steps serialize and
 * the feed records each change that took effect with its true old value.
 * No row is locked and then updated (that would write it twice).
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/uuid.h"

#include "activity.h"
#include "catalog.h"
#include "entities.h"
#include "plans.h"
#include "tickets.h"
#include "api/api_error.h"
#include "api/api_response.h"
#include "api/api_call.h"

/* How often a step is decided again after losing a race. */
#define MAX_RETRIES 20

/* ---------- the ticket entity (engine part) ---------- */

static const FieldSpec ticket_fields[] = {
	{"subject", FIELD_TEXT, "text", F_UPDATE | F_TRIM | F_NONEMPTY | F_LINE},
	{"description", FIELD_TEXT, "text", F_UPDATE},
	{"category_id", FIELD_UUID, "uuid", F_UPDATE | F_FILTER, &category_entity},
	{"priority", FIELD_ENUM, "supporthub.ticket_priority", F_UPDATE | F_FILTER},
	{"status", FIELD_ENUM, "supporthub.ticket_status", F_FILTER | F_LITERAL},
	{"customer_id", FIELD_UUID, "uuid", F_FILTER},
	{"agent_id", FIELD_UUID, "uuid", F_FILTER},
};

static const char *const ticket_filter_args[] = {
	"status", "priority", "agent_id", "customer_id", "category_id", NULL
};
static const char *const ticket_update_args[] = {
	"subject", "description", "category_id", "priority", NULL
};

/* Closed is final: update_ticket refuses a closed ticket. */
static void
ticket_validate(ApiCall *call, const EngineRow *old, EngineRow *row)
{
	HeapTupleHeader hdr;
	bool		isnull;
	int			k = engine_field_index(&ticket_entity, "status");

	if (old == NULL || strcmp(engine_text_value(old, k), "closed") != 0)
		return;
	hdr = DatumGetHeapTupleHeader(old->composite);
	api_error(SH_ERRCODE_CONFLICT, NULL, "Closed is final; open a new ticket instead.",
			  "Ticket " INT64_FORMAT " is closed",
			  DatumGetInt64(GetAttributeByName(hdr, "ticket_number", &isnull)));
}

const EntitySpec ticket_entity = {
	.singular = "ticket",
	.table = "tickets",
	.noun = "Ticket",
	.tenant_scoped = true,
	.title_field = "subject",
	.read_access = API_ANY_ACTOR,
	.write_access = API_STAFF,
	.write_denied = "Only agents and admins may update tickets",
	.delete_access = API_ADMIN,
	.delete_denied = "Only admins may delete tickets",
	ENGINE_FIELDS(ticket_fields),
	.paged = true,
	.update_args = ticket_update_args,
	.filter_args = ticket_filter_args,
	.ticket_field = "id",
	.validate = ticket_validate,
};

ENGINE_FUNCTION(sh_get_tickets, list, ticket_entity)

ENGINE_FUNCTION(sh_get_ticket_by_id, get, ticket_entity)

ENGINE_FUNCTION(sh_update_ticket, update, ticket_entity)

ENGINE_FUNCTION(sh_delete_ticket, delete, ticket_entity)

/* ---------- shared helpers of the workflow steps ---------- */

/* What a workflow step decides on. */
typedef struct TicketState
{
	Datum		row;			/* whole row */
	int64		number;
	char	   *status;
	char	   *priority;
	bool		has_agent;
	pg_uuid_t	agent_id;
	pg_uuid_t	customer_id;
} TicketState;

static void refuse_closed(const TicketState *st);

Datum
actor_user_datum(ApiCall *call, bool *isnull)
{
	*isnull = !actor_has_user(&call->actor);
	return *isnull ? (Datum) 0 : UUIDPGetDatum(&call->actor.user_id);
}

pg_uuid_t *
uuid_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (PG_ARGISNULL(argno))
		api_error_null_arg(name);
	return PG_GETARG_UUID_P(argno);
}

/* Read the ticket as the actor sees it; PT404 when it cannot. */
static void
ticket_read(ApiCall *call, const pg_uuid_t *ticket_id, TicketState *st)
{
	TupleDesc	desc;
	HeapTuple	tup;
	bool		isnull;
	Datum		d;

	tup = plan_read_row("SELECT t, t.ticket_number, t.status::text, t.priority::text,"
						" t.agent_id, t.customer_id"
						" FROM supporthub.tickets t WHERE t.tenant_id = $1 AND t.id = $2",
						&call->actor.tenant_id, ticket_id, false, "Ticket not found", &desc);
	st->row = SPI_getbinval(tup, desc, 1, &isnull);
	st->number = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
	st->status = SPI_getvalue(tup, desc, 3);
	st->priority = SPI_getvalue(tup, desc, 4);
	d = SPI_getbinval(tup, desc, 5, &isnull);
	st->has_agent = !isnull;
	if (st->has_agent)
		st->agent_id = *DatumGetUUIDP(d);
	st->customer_id = *DatumGetUUIDP(SPI_getbinval(tup, desc, 6, &isnull));
}

static bool
uuid_equal(const pg_uuid_t *a, const pg_uuid_t *b)
{
	return memcmp(a, b, sizeof(pg_uuid_t)) == 0;
}

/* A user of the actor's tenant as of now; false if none. */
static bool
tenant_user(ApiCall *call, const pg_uuid_t *user_id, ActorKind *kind, bool *active)
{
	return actor_find_user(&call->actor.tenant_id, user_id, kind, active);
}

/* ---------- create_ticket ---------- */

static Datum
create_ticket_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[7] = {UUIDOID, TEXTOID, TEXTOID, TEXTOID, UUIDOID, UUIDOID, UUIDOID};
	Datum		values[7];
	bool		isnull[7] = {false, false, false, false, false, false, false};
	char	   *subject,
			   *description,
			   *priority = "medium";
	pg_uuid_t  *customer_id;
	bool		dummy;

	if (PG_ARGISNULL(0))
		api_error_null_arg("subject");
	subject = engine_trim(TextDatumGetCString(PG_GETARG_DATUM(0)));
	engine_check_column_text("tickets", "subject", subject, F_NONEMPTY | F_LINE);
	if (PG_ARGISNULL(1))
		api_error_null_arg("description");
	description = TextDatumGetCString(PG_GETARG_DATUM(1));
	engine_check_column_text("tickets", "description", description, 0);
	(void) uuid_arg(fcinfo, 2, "category_id");
	if (!PG_ARGISNULL(3))
		priority = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(3)));

	if (call->actor.kind == ACTOR_CUSTOMER)
	{
		/* customers raise tickets for themselves only */
		if (!PG_ARGISNULL(4) && !uuid_equal(PG_GETARG_UUID_P(4), &call->actor.user_id))
			api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
					  "Leave customer_id out (or pass your own id).",
					  "Customers may only create tickets for themselves");
		customer_id = &call->actor.user_id;
	}
	else
	{
		ActorKind	kind;
		bool		active;

		if (PG_ARGISNULL(4))
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
					  "Staff create tickets on behalf of a customer: pass customer_id.",
					  "customer_id must not be null");
		customer_id = PG_GETARG_UUID_P(4);
		if (!tenant_user(call, customer_id, &kind, &active))
			api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Customer not found");
		if (kind != ACTOR_CUSTOMER)
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
					  "User is an %s, not a customer",
					  actor_role_label(kind));
		if (!active)
			api_error(SH_ERRCODE_CONFLICT, NULL, NULL, "Customer is deactivated");
	}

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = CStringGetTextDatum(subject);
	values[2] = CStringGetTextDatum(description);
	values[3] = CStringGetTextDatum(priority);
	values[4] = PG_GETARG_DATUM(2);
	values[5] = UUIDPGetDatum(customer_id);
	values[6] = actor_user_datum(call, &isnull[6]);

	/* number, ticket and feed in one statement; the counter row lock
	 * serialises numbering within this tenant only */
	plan_exec("WITH n AS ("
			  " INSERT INTO supporthub.ticket_counters AS c (tenant_id, last_number)"
			  " VALUES ($1, 1) ON CONFLICT (tenant_id)"
			  " DO UPDATE SET last_number = c.last_number + 1 RETURNING c.last_number),"
			  " ins AS ("
			  " INSERT INTO supporthub.tickets AS t"
			  " (tenant_id, ticket_number, subject, description, priority, category_id, customer_id)"
			  " SELECT $1, n.last_number, $2, $3, $4::supporthub.ticket_priority, $5, $6 FROM n"
			  " RETURNING t AS tk),"
			  " feed AS ("
			  " " FEED_INSERT
			  " SELECT $1, $7, 'created', 'ticket', (ins.tk).id, (ins.tk).id,"
			  " jsonb_build_object("
			  FEED_PAIR("ticket_number", "NULL", "(ins.tk).ticket_number") ", "
			  FEED_PAIR("subject", "NULL", "$2") ", "
			  FEED_PAIR("status", "NULL", "'open'") ", "
			  FEED_PAIR("priority", "NULL", "$4") ", "
			  FEED_PAIR("category_id", "NULL", "$5") ", "
			  FEED_PAIR("customer_id", "NULL", "$6") ")"
			  " FROM ins)"
			  " SELECT ins.tk FROM ins",
			  7, types, values, isnull, false, 0);
	return api_response_row(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &dummy));
}

PG_FUNCTION_INFO_V1(sh_create_ticket);
Datum
sh_create_ticket(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "create_ticket", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, create_ticket_body);
}

/* ---------- get_ticket_by_number ---------- */

static Datum
ticket_by_number_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[2] = {UUIDOID, INT8OID};
	Datum		values[2];
	bool		isnull;

	if (PG_ARGISNULL(0))
		api_error_null_arg("ticket_number");
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = PG_GETARG_DATUM(0);
	if (plan_exec("SELECT t FROM supporthub.tickets t"
				  " WHERE t.tenant_id = $1 AND t.ticket_number = $2",
				  2, types, values, NULL, true, 0) == 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Ticket not found");
	return api_response_row(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

PG_FUNCTION_INFO_V1(sh_get_ticket_by_number);
Datum
sh_get_ticket_by_number(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "get_ticket_by_number", .access = API_ANY_ACTOR, .read_only = true};

	return api_call(fcinfo, &call, ticket_by_number_body);
}

/* ---------- the step driver of assign_agent, escalate, set_ticket_status ---------- */

/* The guarded statement a step decided on, with its parameters. */
typedef struct StepStatement
{
	const char *sql;
	int			nargs;
	const Oid  *types;
	Datum		values[PLAN_MAX_ARGS];
	bool		isnull[PLAN_MAX_ARGS];
} StepStatement;

/*
 * Set a step statement's parameter types from a static array; does not
 * compile when the array is longer than the statement's values.
 */
#define STEP_TYPES(stmt, arr) \
	((stmt)->types = (arr), \
	 (stmt)->nargs = (int) lengthof(arr) + \
		0 * (int) sizeof(char[lengthof(arr) <= PLAN_MAX_ARGS ? 1 : -1]))

/*
 * Decide a step on the ticket as it is now: raise to refuse, return false
 * when there is nothing to do, or fill in the guarded statement.  With st
 * NULL, decide blind, before anything is read: fill in a statement that
 * checks the ticket's state itself and touches no row unless the step goes
 * through, or return false to read first.
 */
typedef bool (*StepDecide) (ApiCall *call, const TicketState *st, void *arg,
							StepStatement *stmt);

/* Run a step's statement; true, with *result, when it touched the row. */
static bool
step_run(StepStatement *stmt, Datum *result)
{
	bool		isnull;

	if (plan_exec(stmt->sql, stmt->nargs, stmt->types, stmt->values, stmt->isnull,
				  false, 0) != 1)
		return false;
	*result = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return true;
}

/*
 * The blind statement first, when the step has one (the common case costs
 * one statement); then read the ticket, decide, run the guarded statement,
 * and when it touches no row the ticket changed in between, so read and
 * decide again.  Returns the statement's first column (or the unchanged
 * ticket).
 */
static Datum
ticket_step(ApiCall *call, const pg_uuid_t *ticket_id, StepDecide decide, void *arg)
{
	TicketState st;
	StepStatement stmt;
	Datum		result;
	int			attempt;

	memset(&stmt, 0, sizeof(stmt));
	if (decide(call, NULL, arg, &stmt) && step_run(&stmt, &result))
		return api_response_row(result);
	for (attempt = 0; attempt < MAX_RETRIES; attempt++)
	{
		memset(&stmt, 0, sizeof(stmt));
		ticket_read(call, ticket_id, &st);	/* customers: own tickets only */
		if (!decide(call, &st, arg, &stmt))
			return api_response_row(st.row);
		if (step_run(&stmt, &result))
			return api_response_row(result);
	}
	api_error(ERRCODE_T_R_SERIALIZATION_FAILURE, NULL, "Try again.",
			  "Ticket " INT64_FORMAT " is changing too quickly", st.number);
	return (Datum) 0;
}

/* Refuse any change to a closed ticket. */
static void
refuse_closed(const TicketState *st)
{
	if (strcmp(st->status, "closed") == 0)
		api_error(SH_ERRCODE_CONFLICT, NULL, "Closed is final; open a new ticket instead.",
				  "Ticket " INT64_FORMAT " is closed", st->number);
}

void
ticket_require_not_closed(ApiCall *call, const pg_uuid_t *ticket_id, pg_uuid_t **agent_id)
{
	TicketState st;

	ticket_read(call, ticket_id, &st);
	refuse_closed(&st);
	if (agent_id)
	{
		*agent_id = NULL;
		if (st.has_agent)
		{
			*agent_id = palloc(sizeof(pg_uuid_t));
			**agent_id = st.agent_id;
		}
	}
}

/* $1 tenant, $2 ticket: the scope every step statement starts with. */
static void
step_scope(ApiCall *call, StepStatement *stmt, const pg_uuid_t *ticket_id)
{
	stmt->values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	stmt->values[1] = UUIDPGetDatum(ticket_id);
}

/* ---------- assign_agent ---------- */

typedef struct AssignArgs
{
	pg_uuid_t  *ticket_id;
	pg_uuid_t  *agent_id;
	bool		agent_checked;	/* checked since the last statement ran */
} AssignArgs;

/* The assignee must be an active agent or admin of the tenant. */
static void
assign_check_agent(ApiCall *call, AssignArgs *a)
{
	ActorKind	kind;
	bool		active;

	if (!tenant_user(call, a->agent_id, &kind, &active))
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Agent not found");
	if (kind == ACTOR_CUSTOMER)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
				  "Tickets can only be assigned to agents and admins");
	if (!active)
		api_error(SH_ERRCODE_CONFLICT, NULL, NULL, "Agent is deactivated");
	a->agent_checked = true;
}

/*
 * One statement serves blind and after a read: it reads the ticket itself
 * (o, the row as the statement found it) and changes it only if the agent
 * is still o's (t, the row when it is locked), so the activity's "old" is
 * right even after a race.  It also share-locks the assignee's row, still
 * active staff (lk): a deactivation that commits first makes it touch
 * nothing, and the step is decided again, checking the agent anew; one
 * that comes later waits for this transaction and then unassigns the
 * ticket.
 */
static bool
assign_decide(ApiCall *call, const TicketState *st, void *arg, StepStatement *stmt)
{
	static const Oid types[4] = {UUIDOID, UUIDOID, UUIDOID, UUIDOID};
	AssignArgs *a = arg;

	if (st)
	{
		if (!a->agent_checked)
			assign_check_agent(call, a);
		refuse_closed(st);
		if (st->has_agent && uuid_equal(&st->agent_id, a->agent_id))
			return false;		/* already theirs: no change, no log */
	}
	a->agent_checked = false;
	stmt->sql = "WITH lk AS ("
		" SELECT FROM supporthub.users AS a"
		" WHERE a.tenant_id = $1 AND a.id = $3 AND a.active AND a.role <> 'customer'"
		" FOR SHARE),"
		" u AS ("
		" UPDATE supporthub.tickets AS t SET agent_id = $3, updated_at = now()"
		" FROM supporthub.tickets AS o"
		" WHERE t.tenant_id = $1 AND t.id = $2 AND o.tenant_id = $1 AND o.id = $2"
		" AND t.status <> 'closed' AND o.agent_id IS DISTINCT FROM $3"
		" AND t.agent_id IS NOT DISTINCT FROM o.agent_id AND EXISTS (SELECT FROM lk)"
		" RETURNING t AS tk, o.agent_id AS old_agent),"
		" feed AS ("
		" " FEED_INSERT
		" SELECT $1, $4, 'assigned', 'ticket', $2, $2,"
		" jsonb_build_object(" FEED_PAIR("agent_id", "u.old_agent", "$3") ")"
		" FROM u)"
		" SELECT u.tk FROM u";
	STEP_TYPES(stmt, types);
	step_scope(call, stmt, a->ticket_id);
	stmt->values[2] = UUIDPGetDatum(a->agent_id);
	stmt->values[3] = actor_user_datum(call, &stmt->isnull[3]);
	return true;
}

static Datum
assign_agent_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	AssignArgs	a;

	a.ticket_id = uuid_arg(fcinfo, 0, "ticket_id");
	a.agent_id = uuid_arg(fcinfo, 1, "agent_id");
	assign_check_agent(call, &a);	/* before the ticket: its errors first */
	return ticket_step(call, a.ticket_id, assign_decide, &a);
}

PG_FUNCTION_INFO_V1(sh_assign_agent);
Datum
sh_assign_agent(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "assign_agent", .access = API_STAFF,
	.denied = "Only agents and admins may assign tickets"};

	return api_call(fcinfo, &call, assign_agent_body);
}

/* ---------- escalate ---------- */

typedef struct EscalateArgs
{
	pg_uuid_t  *ticket_id;
	pg_uuid_t  *type_id;
	char	   *reason;
} EscalateArgs;

/*
 * The escalation statement: it reads the ticket (o), raises its
 * priority one step from what it read, and changes it only if it is still
 * open or pending with that priority; then the escalation and the feed row.
 * A ticket that is not there, not visible, resolved or closed, or changed
 * in between, is touched by nothing: ticket_step then reads it and decides.
 */
static bool
escalate_statement(ApiCall *call, EscalateArgs *a, StepStatement *stmt)
{
	static const Oid types[5] = {UUIDOID, UUIDOID, UUIDOID, UUIDOID, TEXTOID};

	stmt->sql = "WITH u AS ("
		" UPDATE supporthub.tickets AS t"
		" SET priority = CASE o.priority WHEN 'low' THEN 'medium' WHEN 'medium' THEN 'high'"
		" ELSE 'urgent' END::supporthub.ticket_priority, updated_at = now()"
		" FROM supporthub.tickets AS o"
		" WHERE t.tenant_id = $1 AND t.id = $2 AND o.tenant_id = $1 AND o.id = $2"
		" AND t.status IN ('open', 'pending') AND t.priority = o.priority"
		" RETURNING t.id, o.priority::text AS old_p, t.priority::text AS new_p),"
		" esc AS ("
		" INSERT INTO supporthub.escalations AS e"
		" (tenant_id, ticket_id, raised_by_user_id, type_id, reason)"
		" SELECT $1, u.id, $4, $3, $5 FROM u RETURNING e AS er),"
		" feed AS ("
		" " FEED_INSERT
		" SELECT $1, $4, 'escalated', 'ticket', $2, $2,"
		" CASE WHEN u.new_p = u.old_p THEN '{}'::jsonb"
		" ELSE jsonb_build_object(" FEED_PAIR("priority", "u.old_p", "u.new_p") ") END"
		" || CASE WHEN $5 IS NULL THEN '{}'::jsonb"
		" ELSE jsonb_build_object(" FEED_PAIR("reason", "NULL", "$5") ") END"
		" || jsonb_build_object("
		FEED_PAIR("escalation_id", "NULL", "(esc.er).id") ", "
		FEED_PAIR("type_id", "NULL", "$3") ")"
		" FROM esc, u)"
		" SELECT esc.er FROM esc";
	STEP_TYPES(stmt, types);
	step_scope(call, stmt, a->ticket_id);
	stmt->values[2] = UUIDPGetDatum(a->type_id);
	stmt->values[3] = actor_user_datum(call, &stmt->isnull[3]);
	stmt->values[4] = a->reason ? CStringGetTextDatum(a->reason) : (Datum) 0;
	stmt->isnull[4] = a->reason == NULL;
	return true;
}

/*
 * Decide an escalation: refuse a closed or resolved ticket; otherwise the
 * one escalation statement, which raises the priority from the ticket as
 * it finds it (escalate_statement, run blind first and again after a read).
 */
static bool
escalate_decide(ApiCall *call, const TicketState *st, void *arg, StepStatement *stmt)
{
	EscalateArgs *a = arg;

	if (st != NULL)
	{
		refuse_closed(st);
		if (strcmp(st->status, "resolved") == 0)
			api_error(SH_ERRCODE_CONFLICT, NULL, "Reopen the ticket first.",
					  "Ticket " INT64_FORMAT " is resolved", st->number);
	}
	return escalate_statement(call, a, stmt);
}

static Datum
escalate_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	EscalateArgs a;

	a.ticket_id = uuid_arg(fcinfo, 0, "ticket_id");
	a.type_id = uuid_arg(fcinfo, 1, "type_id");
	a.reason = NULL;
	if (!PG_ARGISNULL(2))
	{
		a.reason = engine_trim(TextDatumGetCString(PG_GETARG_DATUM(2)));
		engine_check_column_text("escalations", "reason", a.reason, 0);
		if (a.reason[0] == '\0')
			a.reason = NULL;
	}
	return ticket_step(call, a.ticket_id, escalate_decide, &a);
}

PG_FUNCTION_INFO_V1(sh_escalate);
Datum
sh_escalate(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "escalate", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, escalate_body);
}

/* ---------- set_ticket_status ---------- */

typedef struct StatusArgs
{
	const pg_uuid_t *ticket_id;
	const char *to;
	bool		with_reply;		/* add_comment: already there is no change */
	bool		customer_reply; /* a customer's reply: pending → open too */
} StatusArgs;

/* The transition map of the workflow; NULL when a move is not allowed. */
static const char *
transition_action(const char *from, const char *to)
{
	static const struct
	{
		const char *from,
				   *to,
				   *action;
	}			moves[] =
	{
		{"open", "pending", "updated"},
		{"pending", "open", "updated"},
		{"open", "resolved", "resolved"},
		{"pending", "resolved", "resolved"},
		{"resolved", "closed", "closed"},
		{"resolved", "open", "reopened"},
	};
	int			i;

	for (i = 0; i < lengthof(moves); i++)
		if (strcmp(moves[i].from, from) == 0 && strcmp(moves[i].to, to) == 0)
			return moves[i].action;
	return NULL;
}

/*
 * The guarded move: the status, and resolved_at, which the 7 days of a
 * rating's replacement count from (src/ratings.c): set when the ticket is
 * resolved, cleared when it is reopened, kept when it is closed.  A 1.0
 * schema (this library before ALTER EXTENSION UPDATE) has no resolved_at:
 * the column is looked up in the catalog (cached), not assumed.
 */
#define STATUS_SQL(resolved_at) \
	"WITH u AS (" \
	" UPDATE supporthub.tickets AS t" \
	" SET status = $3::supporthub.ticket_status, updated_at = now()" resolved_at \
	" WHERE t.tenant_id = $1 AND t.id = $2" \
	" AND t.status = $4::supporthub.ticket_status RETURNING t AS tk)," \
	" feed AS (" \
	" " FEED_INSERT \
	" SELECT $1, $5, $6::supporthub.activity_action, 'ticket', $2, $2," \
	" jsonb_build_object(" FEED_PAIR("status", "$4", "$3") ")" \
	" FROM u)" \
	" SELECT u.tk FROM u"
static const char *const status_sql =
STATUS_SQL(", resolved_at = CASE $3 WHEN 'resolved' THEN now() WHEN 'open' THEN NULL"
		   " ELSE t.resolved_at END");
static const char *const status_sql_1_0 = STATUS_SQL("");

static bool
status_decide(ApiCall *call, const TicketState *st, void *arg, StepStatement *stmt)
{
	static const Oid types[6] = {UUIDOID, UUIDOID, TEXTOID, TEXTOID, UUIDOID, TEXTOID};
	StatusArgs *a = arg;
	const char *action;

	if (st == NULL)
		return false;			/* the transition depends on the status */
	if (strcmp(st->status, a->to) == 0 && a->with_reply)
		return false;			/* a reply leaves it where it is */
	if (strcmp(st->status, a->to) == 0)
		api_error(SH_ERRCODE_CONFLICT, NULL, NULL,
				  "Ticket " INT64_FORMAT " is already %s", st->number, a->to);
	refuse_closed(st);
	action = transition_action(st->status, a->to);
	if (action == NULL)
		api_error(SH_ERRCODE_CONFLICT, NULL,
				  "Allowed: open ⇄ pending, open or pending → resolved, resolved → closed or open.",
				  "Ticket " INT64_FORMAT " cannot go from %s to %s", st->number, st->status, a->to);
	if (call->actor.kind == ACTOR_CUSTOMER && strcmp(action, "updated") == 0
		&& !a->customer_reply)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL, NULL,
				  "Customers may only resolve, close or reopen their own tickets");
	stmt->sql = OidIsValid(catalog_column_type("tickets", "resolved_at")) ? status_sql : status_sql_1_0;
	STEP_TYPES(stmt, types);
	step_scope(call, stmt, a->ticket_id);
	stmt->values[2] = CStringGetTextDatum(a->to);
	stmt->values[3] = CStringGetTextDatum(st->status);
	stmt->values[4] = actor_user_datum(call, &stmt->isnull[4]);
	stmt->values[5] = CStringGetTextDatum(action);
	return true;
}

static Datum
set_status_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	StatusArgs	a;

	a.ticket_id = uuid_arg(fcinfo, 0, "ticket_id");
	if (PG_ARGISNULL(1))
		api_error_null_arg("status");
	a.to = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(1)));
	a.with_reply = false;
	a.customer_reply = false;
	return ticket_step(call, a.ticket_id, status_decide, &a);
}

/*
 * add_comment moves the ticket with the same step as set_ticket_status, so
 * that a reply follows the one transition map and logs the same way.
 */
void
ticket_set_status_with_reply(ApiCall *call, const pg_uuid_t *ticket_id, const char *to,
							 bool customer_reply)
{
	StatusArgs	a;

	a.ticket_id = ticket_id;
	a.to = to;
	a.with_reply = true;
	a.customer_reply = customer_reply;
	(void) ticket_step(call, ticket_id, status_decide, &a);
}

PG_FUNCTION_INFO_V1(sh_set_ticket_status);
Datum
sh_set_ticket_status(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "set_ticket_status", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, set_status_body);
}

/* ---------- set_ticket_tags ---------- */

/* A tag as stored: 1-50 characters of a-z, 0-9, - and _. */
static bool
tag_shape_ok(const char *p, int len)
{
	int			i;

	if (len < 1 || len > TICKET_TAG_MAX_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') ||
			  p[i] == '-' || p[i] == '_'))
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(sh_ticket_tags_valid);

/*
 * ticket_tags_valid(text[]): the CHECK of tickets.tags as one call.
 * PostgreSQL reads a table's CHECK expressions from the catalog again for
 * every statement that writes the table, so the rules live here rather
 * than spelled out in the constraint: every update of a ticket pays for a
 * function call, not for re-reading and planning a long expression.
 */
Datum
sh_ticket_tags_valid(PG_FUNCTION_ARGS)
{
	ArrayType  *tags;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(true);	/* the column is NOT NULL: that rule says no */
	tags = PG_GETARG_ARRAYTYPE_P(0);
	if (ARR_NDIM(tags) == 0)
		PG_RETURN_BOOL(true);
	if (ARR_NDIM(tags) != 1 || ARR_ELEMTYPE(tags) != TEXTOID)
		PG_RETURN_BOOL(false);
	deconstruct_array(tags, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n > TICKET_TAGS_MAX)
		PG_RETURN_BOOL(false);
	for (i = 0; i < n; i++)
	{
		text	   *t;

		if (nulls[i])
			PG_RETURN_BOOL(false);
		t = DatumGetTextPP(elems[i]);
		if (!tag_shape_ok(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)))
			PG_RETURN_BOOL(false);
	}
	PG_RETURN_BOOL(true);
}

char *
ticket_tag_normalise(const char *raw, const char *label)
{
	char	   *tag = engine_trim(raw);
	char	   *p;

	if (tag[0] == '\0')
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "A tag is 1–50 characters of letters, digits, - and _.",
				  "%s is empty", label);
	if (pg_mbstrlen(tag) > TICKET_TAG_MAX_LEN)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "A tag is 1–50 characters of letters, digits, - and _.",
				  "%s is longer than 50 characters", label);
	for (p = tag; *p; p++)
		*p = pg_ascii_tolower((unsigned char) *p);
	for (p = tag; *p; p++)
	{
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
					  "A tag is one word: letters a-z, digits, - and _ (no spaces, quotes or other signs).",
					  "%s (%s) may contain only letters a-z, digits, - and _", label, tag);
	}
	return tag;
}

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

typedef struct TagsArgs
{
	pg_uuid_t  *ticket_id;
	Datum		tags;			/* the normalised set, text[] */
} TagsArgs;

/*
 * The tags argument as a set: every element normalised (22023 naming the
 * first bad one by position), duplicates merged, sorted, at most 20.
 */
static void
tags_arg(FunctionCallInfo fcinfo, TagsArgs *a)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				kept = 0;
	char	  **tags;
	Datum	   *out;

	if (PG_ARGISNULL(1))
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, "Pass {} to clear the tags.",
				  "tags must not be null");
	arr = PG_GETARG_ARRAYTYPE_P(1);
	if (ARR_NDIM(arr) > 1)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
				  "tags must be a one-dimensional array");
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	tags = palloc(sizeof(char *) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		char	   *label = psprintf("Tag %d", i + 1);

		if (nulls[i])
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, "Leave null out of tags.",
					  "%s is null", label);
		tags[i] = ticket_tag_normalise(TextDatumGetCString(elems[i]), label);
	}
	if (n > 1)
		qsort(tags, n, sizeof(char *), tag_cmp);
	out = palloc(sizeof(Datum) * Max(n, 1));
	for (i = 0; i < n; i++)
		if (kept == 0 || strcmp(tags[i], tags[i - 1]) != 0)
			out[kept++] = CStringGetTextDatum(tags[i]);
	if (kept > TICKET_TAGS_MAX)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
				  "A ticket has at most 20 tags, and %d different ones were given", kept);
	a->tags = PointerGetDatum(construct_array(out, kept, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * Whether the ticket has the set already.  Read here rather than by
 * ticket_read: the library also serves databases not yet updated from 1.0,
 * whose tickets have no tags.
 */
static bool
same_tags(ApiCall *call, TagsArgs *a)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, TEXTARRAYOID};
	Datum		values[3];

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(a->ticket_id);
	values[2] = a->tags;
	return plan_exec("SELECT FROM supporthub.tickets t"
					 " WHERE t.tenant_id = $1 AND t.id = $2 AND t.tags = $3",
					 3, types, values, NULL, true, 0) == 1;
}

/*
 * Replace the set in one guarded statement (as assign_agent): it reads the
 * ticket (o) and changes it only if its tags are still o's and differ from
 * the new set, so the feed's "old" is true even after a race.  The same
 * set is no change and no feed row; a closed ticket takes no tags (PT409,
 * as it takes no comment).
 */
static bool
tags_decide(ApiCall *call, const TicketState *st, void *arg, StepStatement *stmt)
{
	static const Oid types[4] = {UUIDOID, UUIDOID, TEXTARRAYOID, UUIDOID};
	TagsArgs   *a = arg;

	if (st)
	{
		refuse_closed(st);
		if (same_tags(call, a))
			return false;		/* the same set: no change, no log */
	}
	stmt->sql = "WITH u AS ("
		" UPDATE supporthub.tickets AS t SET tags = $3, updated_at = now()"
		" FROM supporthub.tickets AS o"
		" WHERE t.tenant_id = $1 AND t.id = $2 AND o.tenant_id = $1 AND o.id = $2"
		" AND t.status <> 'closed' AND o.tags <> $3 AND t.tags = o.tags"
		" RETURNING t AS tk, o.tags AS old_tags),"
		" feed AS ("
		" " FEED_INSERT
		" SELECT $1, $4, 'tagged', 'ticket', $2, $2,"
		" jsonb_build_object(" FEED_PAIR("tags", "to_jsonb(u.old_tags)", "to_jsonb($3)") ")"
		" FROM u)"
		" SELECT u.tk FROM u";
	STEP_TYPES(stmt, types);
	step_scope(call, stmt, a->ticket_id);
	stmt->values[2] = a->tags;
	stmt->values[3] = actor_user_datum(call, &stmt->isnull[3]);
	return true;
}

static Datum
set_tags_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	TagsArgs	a;

	a.ticket_id = uuid_arg(fcinfo, 0, "ticket_id");
	tags_arg(fcinfo, &a);
	return ticket_step(call, a.ticket_id, tags_decide, &a);
}

PG_FUNCTION_INFO_V1(sh_set_ticket_tags);
Datum
sh_set_ticket_tags(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "set_ticket_tags", .access = API_STAFF,
	.denied = "Only agents and admins may tag tickets"};

	return api_call(fcinfo, &call, set_tags_body);
}
