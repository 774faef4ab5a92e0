/*-------------------------------------------------------------------------
 * src/ratings.c
 *	  Satisfaction ratings: rate_ticket, get_ticket_rating.
 *
 * A ticket's customer rates it 1–5, with an optional comment, once it is
 * resolved or closed; one rating per ticket, which a second rating replaces
 * within 7 days of the ticket's resolution (tickets.resolved_at).  Each
 * write is one statement that share-locks the ticket on the condition the
 * call decided on (its customer, its status, the 7 days) and writes the
 * rating and its feed row together, as the thread does (src/comments.c):
 * when it touches nothing, the ticket or the rating changed in between
 * (reopened, rated from another tab), and the call decides again.  A
 * reopen racing a rating therefore waits for it or wins; it never lands
 * between the check and the write.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
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

/*
 * How long after its resolution a ticket's rating may be replaced; the
 * same words in the statements, the HINT and docs/api.md.
 */
#define RATING_WINDOW_SQL "interval '7 days'"
#define RATING_WINDOW_TEXT "7 days"

/* A ticket and its rating, read as the actor sees them. */
typedef struct RatingState
{
	int64		number;
	char	   *status;
	pg_uuid_t	customer_id;
	bool		in_window;		/* resolved less than 7 days ago */
	bool		rated;			/* the rest is set only when rated */
	Datum		row;			/* the rating, whole */
	pg_uuid_t	id;
	int32		score;
	char	   *comment;		/* NULL when there is none */
} RatingState;

/* The score argument: 1–5, never NULL. */
static int32
score_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		score;

	if (PG_ARGISNULL(argno))
		api_error_null_arg("score");
	score = PG_GETARG_INT32(argno);
	if (score < 1 || score > 5)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "Rate from 1 (very unhappy) to 5 (very happy).",
				  "score must be between 1 and 5");
	return score;
}

/*
 * The comment argument: NULL for none; otherwise checked against the
 * column's limits (1–65,536 characters, not only white space).
 */
static char *
rating_comment_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *comment;

	if (PG_ARGISNULL(argno))
		return NULL;
	comment = TextDatumGetCString(PG_GETARG_DATUM(argno));
	engine_check_column_text("ticket_ratings", "comment", comment, F_NONEMPTY);
	return comment;
}

/*
 * The ticket and its rating in one statement, as the actor sees them (RLS:
 * a customer sees only their own tickets and their ratings); PT404 when
 * the actor cannot see the ticket.
 */
static void
rating_read(ApiCall *call, const pg_uuid_t *ticket_id, RatingState *st)
{
	TupleDesc	desc;
	HeapTuple	tup;
	bool		isnull;
	Datum		d;

	tup = plan_read_row("SELECT t.ticket_number, t.status::text, t.customer_id,"
						" coalesce(t.resolved_at > now() - " RATING_WINDOW_SQL ", false),"
						" r, r.id, r.score, r.comment"
						" FROM supporthub.tickets t"
						" LEFT JOIN supporthub.ticket_ratings r ON r.tenant_id = t.tenant_id AND r.ticket_id = t.id"
						" WHERE t.tenant_id = $1 AND t.id = $2",
						&call->actor.tenant_id, ticket_id, call->read_only, "Ticket not found", &desc);
	st->number = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
	st->status = SPI_getvalue(tup, desc, 2);
	st->customer_id = *DatumGetUUIDP(SPI_getbinval(tup, desc, 3, &isnull));
	st->in_window = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
	d = SPI_getbinval(tup, desc, 6, &isnull);
	st->rated = !isnull;
	if (!st->rated)
		return;
	st->id = *DatumGetUUIDP(d);
	st->row = SPI_getbinval(tup, desc, 5, &isnull);
	st->score = DatumGetInt32(SPI_getbinval(tup, desc, 7, &isnull));
	st->comment = SPI_getvalue(tup, desc, 8);
}

/* ---------- rate_ticket ---------- */

/*
 * $1 tenant, $2 ticket, $3 customer: the ticket, share-locked, if it is
 * still the customer's and resolved or closed (and, for a replacement,
 * resolved less than 7 days ago).  A reopen that commits first makes it
 * find nothing; one that comes later waits for the rating.
 */
#define RATED_TICKET(extra) \
"WITH t AS (" \
" SELECT t.id FROM supporthub.tickets AS t" \
" WHERE t.tenant_id = $1 AND t.id = $2 AND t.customer_id = $3" \
" AND t.status IN ('resolved', 'closed')" extra \
" FOR SHARE),"

/* The first rating: nothing when another rating got there first. */
static const char *const rate_insert_sql =
RATED_TICKET("")
" r AS ("
" INSERT INTO supporthub.ticket_ratings AS r (tenant_id, ticket_id, customer_id, score, comment)"
" SELECT $1, t.id, $3, $4, $5 FROM t"
" ON CONFLICT (tenant_id, ticket_id) DO NOTHING RETURNING r AS rt, r.id),"
" feed AS ("
" " FEED_INSERT
" SELECT $1, $3, 'rated', 'rating', r.id, $2, $6::jsonb FROM r)"
" SELECT r.rt FROM r";

/*
 * A replacement, compared with the rating it was decided on ($7 id, $8
 * score, $9 comment) so that the feed's "old" values are the true ones.
 */
static const char *const rate_update_sql =
RATED_TICKET(" AND t.resolved_at > now() - " RATING_WINDOW_SQL)
" u AS ("
" UPDATE supporthub.ticket_ratings AS r SET score = $4, comment = $5, updated_at = now()"
" WHERE r.tenant_id = $1 AND r.ticket_id = $2 AND r.id = $7"
" AND r.score = $8 AND r.comment IS NOT DISTINCT FROM $9 AND EXISTS (SELECT FROM t)"
" RETURNING r AS rt, r.id),"
" feed AS ("
" " FEED_INSERT
" SELECT $1, $3, 'updated', 'rating', u.id, $2, $6::jsonb FROM u)"
" SELECT u.rt FROM u";

/* A score as a JSON literal. */
static char *
json_score(int32 score)
{
	return psprintf("%d", score);
}

static Datum
rate_ticket_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[9] = {UUIDOID, UUIDOID, UUIDOID, INT4OID, TEXTOID, TEXTOID,
								 UUIDOID, INT4OID, TEXTOID};
	Datum		values[9];
	bool		isnull[9] = {false, false, false, false, false, false, false, false, false};
	pg_uuid_t  *ticket_id = uuid_arg(fcinfo, 0, "ticket_id");
	int32		score = score_arg(fcinfo, 1);
	char	   *comment = rating_comment_arg(fcinfo, 2);
	bool		dummy;
	int			attempt;

	if (call->actor.kind != ACTOR_CUSTOMER)
		api_error(ERRCODE_INSUFFICIENT_PRIVILEGE, NULL,
				  "Ratings are the customer's own word on their ticket.",
				  "Only the ticket's customer may rate it");

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[1] = UUIDPGetDatum(ticket_id);
	values[2] = UUIDPGetDatum(&call->actor.user_id);
	values[3] = Int32GetDatum(score);
	values[4] = comment ? CStringGetTextDatum(comment) : (Datum) 0;
	isnull[4] = comment == NULL;
	for (attempt = 0; attempt < MAX_RETRIES; attempt++)
	{
		RatingState st;
		Changes		changes;
		bool		same_comment;

		rating_read(call, ticket_id, &st);
		if (memcmp(&st.customer_id, &call->actor.user_id, sizeof(pg_uuid_t)) != 0)
			api_error(SH_ERRCODE_NOT_FOUND, NULL, NULL, "Ticket not found");
		if (strcmp(st.status, "resolved") != 0 && strcmp(st.status, "closed") != 0)
			api_error(SH_ERRCODE_CONFLICT, NULL,
					  "A ticket can be rated once it is resolved or closed.",
					  "Ticket " INT64_FORMAT " is %s: it cannot be rated yet",
					  st.number, st.status);

		changes_init(&changes);
		if (!st.rated)
		{
			/* the first rating: no "old" values, no comment left out */
			changes_add(&changes, "score", NULL, json_score(score));
			if (comment != NULL)
				changes_add(&changes, "comment", NULL, json_string(comment));
			values[5] = CStringGetTextDatum(changes_text(&changes));
			if (plan_exec(rate_insert_sql, 6, types, values, isnull, false, 0) == 1)
				return api_response_row(SPI_getbinval(SPI_tuptable->vals[0],
													  SPI_tuptable->tupdesc, 1, &dummy));
			continue;			/* rated meanwhile, or no longer resolved */
		}

		/* a replacement */
		if (!st.in_window)
			api_error(SH_ERRCODE_CONFLICT, NULL,
					  "A rating can be replaced for " RATING_WINDOW_TEXT " after the ticket is resolved.",
					  "The rating of ticket " INT64_FORMAT " can no longer be changed",
					  st.number);
		same_comment = (st.comment == NULL) == (comment == NULL) &&
			(comment == NULL || strcmp(st.comment, comment) == 0);
		if (st.score == score && same_comment)
			return api_response_row(st.row);	/* no change, no log */
		if (st.score != score)
			changes_add(&changes, "score", json_score(st.score), json_score(score));
		if (!same_comment)
			changes_add(&changes, "comment", json_string(st.comment), json_string(comment));
		values[5] = CStringGetTextDatum(changes_text(&changes));
		values[6] = UUIDPGetDatum(&st.id);
		values[7] = Int32GetDatum(st.score);
		values[8] = st.comment ? CStringGetTextDatum(st.comment) : (Datum) 0;
		isnull[8] = st.comment == NULL;
		if (plan_exec(rate_update_sql, 9, types, values, isnull, false, 0) == 1)
			return api_response_row(SPI_getbinval(SPI_tuptable->vals[0],
												  SPI_tuptable->tupdesc, 1, &dummy));
	}
	api_error(ERRCODE_T_R_SERIALIZATION_FAILURE, NULL, "Try again.",
			  "The rating is changing too quickly");
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_rate_ticket);
Datum
sh_rate_ticket(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "rate_ticket", .access = API_ANY_ACTOR};

	return api_call(fcinfo, &call, rate_ticket_body);
}

/* ---------- get_ticket_rating ---------- */

/*
 * The rating of a ticket the actor can see: staff any ticket of the
 * tenant, a customer their own (RLS on tickets and on ticket_ratings).
 */
static Datum
get_ticket_rating_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	RatingState st;

	rating_read(call, uuid_arg(fcinfo, 0, "ticket_id"), &st);
	if (!st.rated)
		api_error(SH_ERRCODE_NOT_FOUND, NULL, "It is rated by its customer once resolved (rate_ticket).",
				  "Ticket " INT64_FORMAT " has no rating", st.number);
	return api_response_row(st.row);
}

PG_FUNCTION_INFO_V1(sh_get_ticket_rating);
Datum
sh_get_ticket_rating(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "get_ticket_rating", .access = API_ANY_ACTOR, .read_only = true};

	return api_call(fcinfo, &call, get_ticket_rating_body);
}
