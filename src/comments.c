/*-------------------------------------------------------------------------
 * src/comments.c
 *	  The ticket thread: add_comment, get_comments, update_comment,
 *	  delete_comment.
 *
 * A comment is a public reply or an internal note (staff only).  The CRUD
 * engine is not used: every feed row of a comment must carry the comment's
 * "internal" in its changes (the feed's read policy hides the rows of
 * internal notes from customers by it, 054), and a reply also stamps the
 * ticket and may move it.  Each write is one statement that writes the
 * comment, the ticket's reply times and the feed row together, guarded as
 * the ticket steps are (src/tickets.c): when it touches nothing the state
 * changed in between, and the call decides again.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/uuid.h"

#include "activity.h"
#include "engine.h"
#include "plans.h"
#include "tickets.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "api/api_response.h"

/* How often a write is decided again after losing a race. */
#define MAX_RETRIES 20

/* What a rule about an existing comment is decided on. */
typedef struct CommentState
{
	pg_uuid_t	ticket_id;
	bool		has_author;
	pg_uuid_t	author_id;
	bool		internal;
	bool		ticket_closed;
	int64		ticket_number;
} CommentState;

/* The body argument, checked against the column's limits (1–65,536). */
static char *
body_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *body;

	if (PG_ARGISNULL(argno))
		api_error_null_arg("body");
	body = TextDatumGetCString(PG_GETARG_DATUM(argno));
	engine_check_column_text("ticket_comments", "body", body, F_NONEMPTY);
	return body;
}

/*
 * Read a comment as the actor sees it (RLS: a customer sees only public
 * comments of their own tickets); PT404 when it cannot.
 */
static void
comment_read(ApiCall *call, const pg_uuid_t *id, CommentState *st)
{
	TupleDesc	desc;
	HeapTuple	tup;
	bool		isnull;
	Datum		d;

	tup = plan_read_row("SELECT c.ticket_id, c.author_id, c.internal, t.status = 'closed', t.ticket_number"
						" FROM supporthub.ticket_comments c"
						" JOIN supporthub.tickets t ON t.tenant_id = c.tenant_id AND t.id = c.ticket_id"
						" WHERE c.tenant_id = $1 AND c.id = $2",
						&call->actor.tenant_id, id, true, "Comment not found", &desc);
	st->ticket_id = *DatumGetUUIDP(SPI_getbinval(tup, desc, 1, &isnull));
	d = SPI_getbinval(tup, desc, 2, &isnull);
	st->has_author = !isnull;
	if (st->has_author)
		st->author_id = *DatumGetUUIDP(d);
	st->internal = DatumGetBool(SPI_getbinval(tup, desc, 3, &isnull));
	st->ticket_closed = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
	st->ticket_number = DatumGetInt64(SPI_getbinval(tup, desc, 5, &isnull));
}

/* Whether the actor wrote the comment (the tenant itself wrote those with no author). */
static bool
is_author(ApiCall *call, const CommentState *st)
{
	if (!actor_has_user(&call->actor))
		return !st->has_author;
	return st->has_author &&
		memcmp(&st->author_id, &call->actor.user_id, sizeof(pg_uuid_t)) == 0;
}

/* ---------- add_comment ---------- */

/* After the ticket t the statement found: the comment and its feed row. */
#define COMMENT_INSERT \
" c AS (" \
" INSERT INTO supporthub.ticket_comments AS c (tenant_id, ticket_id, author_id, body, internal)" \
" SELECT $1, t.id, $3, $4, $5 FROM t RETURNING c AS cm)," \
" feed AS (" \
" " FEED_INSERT \
" SELECT $1, $3, 'created', 'comment', (c.cm).id, $2," \
" jsonb_build_object(" FEED_PAIR("body", "NULL", "$4") ", " \
FEED_PAIR("internal", "NULL", "$5") ")" \
" FROM c)" \
" SELECT c.cm FROM c"

/*
 * A public reply stamps the ticket (last_replied_at; first_responded_at
 * the first time staff reply) in the statement that inserts it, and only
 * if the ticket is not closed: a close that commits first makes it touch
 * nothing.  An internal note leaves the ticket alone: it only share-locks
 * it, so that a concurrent close waits for it or wins.
 */
static const char *const add_reply_sql =
"WITH t AS ("
" UPDATE supporthub.tickets AS t SET last_replied_at = now(),"
" first_responded_at = CASE WHEN $6 THEN coalesce(t.first_responded_at, now())"
" ELSE t.first_responded_at END"
" WHERE t.tenant_id = $1 AND t.id = $2 AND t.status <> 'closed' RETURNING t.id),"
COMMENT_INSERT;

static const char *const add_note_sql =
"WITH t AS ("
" SELECT t.id FROM supporthub.tickets AS t"
" WHERE t.tenant_id = $1 AND t.id = $2 AND t.status <> 'closed'"
" FOR SHARE),"
COMMENT_INSERT;

static Datum
add_comment_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[6] = {UUIDOID, UUIDOID, UUIDOID, TEXTOID, BOOLOID, BOOLOID};
	Datum		values[6];
	bool		isnull[6] = {false, false, false, false, false, false};
	pg_uuid_t  *ticket_id = uuid_arg(fcinfo, 0, "ticket_id");
	char	   *body = body_arg(fcinfo, 1);
	bool		internal;
	char	   *status = NULL;
	bool		customer = call->actor.kind == ACTOR_CUSTOMER;
	Datum		result = (Datum) 0;
	bool		dummy;
	int			attempt;

	if (PG_ARGISNULL(2))
		api_error_null_arg("internal");
	internal = PG_GETARG_BOOL(2);
	if (!PG_ARGISNULL(3))
		status = DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(3)));
	if (customer && internal)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Leave internal out: customers reply in public.",
				  "Only agents and admins may write internal notes");

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(ticket_id);
	values[2] = actor_user_datum(call, &isnull[2]);
	values[3] = CStringGetTextDatum(body);
	values[4] = BoolGetDatum(internal);
	values[5] = BoolGetDatum(!customer);
	for (attempt = 0; attempt < MAX_RETRIES; attempt++)
	{
		/* PT404 when the actor cannot see it, PT409 when closed */
		ticket_require_not_closed(call, ticket_id, NULL);
		if (plan_exec(internal ? add_note_sql : add_reply_sql,
					  6, types, values, isnull, false, 0) == 1)
		{
			result = api_response_row(SPI_getbinval(SPI_tuptable->vals[0],
													SPI_tuptable->tupdesc, 1, &dummy));
			break;
		}
	}
	if (result == (Datum) 0)
		api_error(ERRCODE_T_R_SERIALIZATION_FAILURE, NULL, "Try again.",
				  "The ticket is changing too quickly");

	/* then the ticket's status, by the one transition map */
	if (status != NULL)
		ticket_set_status_with_reply(call, ticket_id, status, false);
	else if (customer)
		ticket_set_status_with_reply(call, ticket_id, "open", true);
	return result;
}

PG_FUNCTION_INFO_V1(sh_add_comment);
Datum
sh_add_comment(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "add_comment", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, add_comment_body);
}

/* ---------- get_comments ---------- */

/*
 * The thread oldest first, a page at a time: one statement per case so
 * that each is an index range scan of ticket_comments_ticket_idx.  The
 * internal-note filter is stated here as well as by the table's policy.
 */
static Datum
get_comments_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[5] = {UUIDOID, UUIDOID, BOOLOID, INT4OID, UUIDOID};
	Datum		values[5];
	pg_uuid_t  *ticket_id = uuid_arg(fcinfo, 0, "ticket_id");
	int			page_size = engine_page_size(fcinfo, 2);
	bool		after = !PG_ARGISNULL(1);

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(ticket_id);
	values[2] = BoolGetDatum(actor_is_staff(&call->actor));
	values[3] = Int32GetDatum(page_size);
	values[4] = after ? PG_GETARG_DATUM(1) : (Datum) 0;
	if (plan_exec("SELECT FROM supporthub.tickets t WHERE t.tenant_id = $1 AND t.id = $2",
				  2, types, values, NULL, true, 0) == 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Ticket not found");
	if (after)
		plan_exec_to("SELECT r.* FROM supporthub.ticket_comments r"
					 " WHERE r.tenant_id = $1 AND r.ticket_id = $2 AND r.id > $5"
					 " AND ($3 OR NOT r.internal)"
					 " ORDER BY r.id LIMIT $4",
					 5, types, values, NULL, api_response_rows(fcinfo));
	else
		plan_exec_to("SELECT r.* FROM supporthub.ticket_comments r"
					 " WHERE r.tenant_id = $1 AND r.ticket_id = $2"
					 " AND ($3 OR NOT r.internal)"
					 " ORDER BY r.id LIMIT $4",
					 4, types, values, NULL, api_response_rows(fcinfo));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_get_comments);
Datum
sh_get_comments(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "get_comments", .access = API_ANY_ACTOR, .read_only = true};

	return api_call(fcinfo, &call, get_comments_body);
}

/* ---------- update_comment ---------- */

/*
 * Only the author edits a comment, and not on a closed ticket.  The
 * statement compares the body it read (o) with the row it locks (c), so
 * the feed's "old" is the true old body; a concurrent edit makes it touch
 * nothing and the call decides again.
 */
static Datum
update_comment_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[4] = {UUIDOID, UUIDOID, TEXTOID, UUIDOID};
	Datum		values[4];
	bool		isnull[4] = {false, false, false, false};
	pg_uuid_t  *id = uuid_arg(fcinfo, 0, "id");
	char	   *body = body_arg(fcinfo, 1);
	CommentState st;
	bool		dummy;
	int			attempt;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(id);
	values[2] = CStringGetTextDatum(body);
	values[3] = actor_user_datum(call, &isnull[3]);
	for (attempt = 0; attempt < MAX_RETRIES; attempt++)
	{
		comment_read(call, id, &st);
		if (!is_author(call, &st))
			api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL, NULL,
					  "Only its author may edit a comment");
		if (st.ticket_closed)
			api_error(SH_ERRCODE_CONFLICT, NULL, "Closed is final; open a new ticket instead.",
					  "Ticket " INT64_FORMAT " is closed", st.ticket_number);
		if (plan_exec("WITH u AS ("
					  " UPDATE supporthub.ticket_comments AS c"
					  " SET body = $3, updated_at = now()"
					  " FROM supporthub.ticket_comments AS o"
					  " WHERE c.tenant_id = $1 AND c.id = $2 AND o.tenant_id = $1 AND o.id = $2"
					  " AND c.body = o.body AND o.body <> $3"
					  " AND EXISTS (SELECT FROM supporthub.tickets t WHERE t.tenant_id = $1"
					  " AND t.id = c.ticket_id AND t.status <> 'closed')"
					  " RETURNING c AS cm, o.body AS old_body, c.internal, c.ticket_id),"
					  " feed AS ("
					  " " FEED_INSERT
					  " SELECT $1, $4, 'updated', 'comment', $2, u.ticket_id,"
					  " jsonb_build_object(" FEED_PAIR("body", "u.old_body", "$3") ", "
					  FEED_PAIR("internal", "u.internal", "u.internal") ")"
					  " FROM u)"
					  " SELECT u.cm FROM u",
					  4, types, values, isnull, false, 0) == 1)
			return api_response_row(SPI_getbinval(SPI_tuptable->vals[0],
												  SPI_tuptable->tupdesc, 1, &dummy));
		/* the same body: no change, no log */
		if (plan_exec("SELECT c FROM supporthub.ticket_comments c"
					  " WHERE c.tenant_id = $1 AND c.id = $2 AND c.body = $3",
					  3, types, values, isnull, true, 0) == 1)
			return api_response_row(SPI_getbinval(SPI_tuptable->vals[0],
												  SPI_tuptable->tupdesc, 1, &dummy));
	}
	api_error(ERRCODE_T_R_SERIALIZATION_FAILURE, NULL, "Try again.",
			  "The comment is changing too quickly");
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_update_comment);
Datum
sh_update_comment(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "update_comment", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, update_comment_body);
}

/* ---------- delete_comment ---------- */

/*
 * Its author or an admin (or the tenant itself) deletes a comment, closed
 * ticket or not: removing what should not have been written is moderation,
 * not a change of the ticket.  The reply times of the ticket stay as they
 * were.
 */
static Datum
delete_comment_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[3] = {UUIDOID, UUIDOID, UUIDOID};
	Datum		values[3];
	bool		isnull[3] = {false, false, false};
	pg_uuid_t  *id = uuid_arg(fcinfo, 0, "id");
	CommentState st;
	bool		dummy;

	comment_read(call, id, &st);
	if (!is_author(call, &st) && call->actor.kind != ACTOR_ADMIN
		&& call->actor.kind != ACTOR_SYSTEM)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL, NULL,
				  "Only its author or an admin may delete a comment");
	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(id);
	values[2] = actor_user_datum(call, &isnull[2]);
	if (plan_exec("WITH d AS ("
				  " DELETE FROM supporthub.ticket_comments AS c"
				  " WHERE c.tenant_id = $1 AND c.id = $2"
				  " RETURNING c AS cm, c.body, c.internal, c.ticket_id),"
				  " feed AS ("
				  " " FEED_INSERT
				  " SELECT $1, $3, 'deleted', 'comment', $2, d.ticket_id,"
				  " jsonb_build_object(" FEED_PAIR("body", "d.body", "NULL") ", "
				  FEED_PAIR("internal", "d.internal", "NULL") ")"
				  " FROM d)"
				  " SELECT d.cm FROM d",
				  3, types, values, isnull, false, 0) == 0)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Comment not found");
	return api_response_row(SPI_getbinval(SPI_tuptable->vals[0],
										  SPI_tuptable->tupdesc, 1, &dummy));
}

PG_FUNCTION_INFO_V1(sh_delete_comment);
Datum
sh_delete_comment(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "delete_comment", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, delete_comment_body);
}
