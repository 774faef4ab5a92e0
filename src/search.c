/*-------------------------------------------------------------------------
 * src/search.c
 *	  search_tickets: full-text search of the tickets the actor can see.
 *
 * What is searched lives in ticket_search_documents (059), two documents
 * per ticket kept by triggers: the public one (subject, description,
 * public comments) and the staff one (the same and the internal notes).
 * A customer's search reads the public documents of their own tickets
 * only; staff read the staff documents of the tenant.  So a word that is
 * only in an internal note never makes a customer's ticket match.
 *
 * The query is parsed here, once, with websearch_to_tsquery and the
 * 'simple' configuration (it never raises a syntax error), and passed to
 * the statement as a tsquery parameter.  Staff search through the GIN
 * index of the staff documents, keyed by tenant as well (btree_gin), so a
 * search reads the acting tenant's entries only; a customer's search
 * probes the public document of each of their tickets.  The statement is
 * planned for each call's values (plan_exec_custom_to): with the words
 * unknown, the generic plan scans the index for the tenant alone and
 * filters every document of the tenant.  A query that is a ticket number
 * (#123 or 123) also finds that ticket by an index probe, ranked first.
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
#include "tsearch/ts_type.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "engine.h"
#include "plans.h"
#include "tickets.h"
#include "api/api_call.h"
#include "api/api_error.h"
#include "api/api_response.h"

/* Longest query searched, in characters: a search box, not a document. */
#define SEARCH_QUERY_MAX 1000

/* A page of results: 20 unless asked, at most 100 (ranking sorts them all). */
#define SEARCH_PAGE_SIZE 20
#define SEARCH_PAGE_SIZE_MAX 100

/*
 * Staff: the matches of the tenant's staff documents (the audience a
 * literal: the index's predicate).  The text matches (rank: ts_rank_cd
 * normalised into [0, 1), method 32) leave out the ticket the query names
 * by number, which comes once, with rank 1.  Ties go to the newest ticket:
 * the greatest id (UUIDv7, in creation order), known without reading the
 * ticket.  So without filters the page is cut from the documents alone and
 * only its tickets are read; with a status or a tag, every match's ticket
 * is read and filtered first.
 */
#define STAFF_MATCHES \
"SELECT d.ticket_id, ts_rank_cd(d.document, $2, 32) AS rank" \
" FROM supporthub.ticket_search_documents d" \
" WHERE d.tenant_id = $1 AND d.audience = 'staff' AND d.document @@ $2" \
" AND d.ticket_id NOT IN (SELECT x.id FROM supporthub.tickets x" \
" WHERE x.tenant_id = $1 AND x.ticket_number = $3)" \
" UNION ALL" \
" SELECT n.id, 1::real FROM supporthub.tickets n" \
" WHERE n.tenant_id = $1 AND n.ticket_number = $3"
#define HIT_COLUMNS \
"SELECT t.tenant_id, t.id, t.ticket_number, t.subject, t.description, t.status," \
" t.priority, t.category_id, t.customer_id, t.agent_id, t.created_at, t.updated_at," \
" t.first_responded_at, t.last_replied_at, t.tags,"

static const char *const search_staff_sql =
HIT_COLUMNS " m.rank"
" FROM (SELECT s.ticket_id, s.rank FROM (" STAFF_MATCHES ") s"
" ORDER BY s.rank DESC, s.ticket_id DESC LIMIT $7) m"
" JOIN supporthub.tickets t ON t.tenant_id = $1 AND t.id = m.ticket_id"
" ORDER BY m.rank DESC, t.id DESC";

static const char *const search_staff_filtered_sql =
HIT_COLUMNS " m.rank"
" FROM (" STAFF_MATCHES ") m"
" JOIN supporthub.tickets t ON t.tenant_id = $1 AND t.id = m.ticket_id"
" WHERE ($4::supporthub.ticket_status IS NULL OR t.status = $4::supporthub.ticket_status)"
" AND ($5::text IS NULL OR t.tags @> ARRAY[$5::text])"
" ORDER BY m.rank DESC, t.id DESC"
" LIMIT $7";

/*
 * A customer ($6): their own tickets, few as a rule, each probed for its
 * public document (by its primary key) rather than the tenant's matches
 * found and most of them dropped.  The number and the words in one
 * condition.
 */
static const char *const search_customer_sql =
HIT_COLUMNS
" CASE WHEN t.ticket_number = $3 THEN 1::real"
" ELSE ts_rank_cd(d.document, $2, 32) END AS rank"
" FROM supporthub.tickets t"
" JOIN supporthub.ticket_search_documents d"
" ON d.tenant_id = $1 AND d.ticket_id = t.id AND d.audience = 'public'"
" WHERE t.tenant_id = $1 AND t.customer_id = $6"
" AND (d.document @@ $2 OR t.ticket_number = $3)"
" AND ($4::supporthub.ticket_status IS NULL OR t.status = $4::supporthub.ticket_status)"
" AND ($5::text IS NULL OR t.tags @> ARRAY[$5::text])"
" ORDER BY 16 DESC, t.id DESC"
" LIMIT $7";

/* The 'simple' text search configuration, looked up once. */
static Oid
simple_config(void)
{
	static Oid	cfg = InvalidOid;

	if (!OidIsValid(cfg))
		cfg = get_ts_config_oid(list_make2(makeString("pg_catalog"), makeString("simple")),
								false);
	return cfg;
}

/*
 * The ticket number a query names, #123 or 123 (white space around it
 * allowed); false when it is anything else.
 */
static bool
query_number(const char *query, int64 *number)
{
	char	   *q = engine_trim(query);
	char	   *p = q;
	int			digits = 0;

	if (*p == '#')
		p++;
	for (; p[digits] != '\0'; digits++)
		if (p[digits] < '0' || p[digits] > '9')
			return false;
	if (digits == 0 || digits > 18)
		return false;
	*number = strtoi64(p, NULL, 10);
	return true;
}

/*
 * Whether the text search parser could find a word in the query: some
 * letter or digit (any non-ASCII character may be one).  A query of only
 * operators, quotes and spaces is searched for nothing, without asking the
 * parser (which would raise a NOTICE for it).
 */
static bool
query_has_word(const char *query, int len)
{
	int			i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) query[i];

		if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			return true;
	}
	return false;
}

static Datum
search_tickets_body(FunctionCallInfo fcinfo, ApiCall *call)
{
	static const Oid types[7] = {UUIDOID, TSQUERYOID, INT8OID, TEXTOID, TEXTOID,
	UUIDOID, INT4OID};
	Datum		values[7];
	bool		isnull[7] = {false, false, false, false, false, false, false};
	text	   *query;
	int			len;
	char	   *query_str;
	int64		number = 0;
	bool		is_number;
	bool		staff = actor_is_staff(&call->actor);
	DestReceiver *dest;

	if (PG_ARGISNULL(0))
		api_error_null_arg("query");
	query = PG_GETARG_TEXT_PP(0);
	len = VARSIZE_ANY_EXHDR(query);
	/* bytes first: a huge query is refused without counting characters */
	if (len > SEARCH_QUERY_MAX * MAX_MULTIBYTE_CHAR_LEN
		|| pg_mbstrlen_with_len(VARDATA_ANY(query), len) > SEARCH_QUERY_MAX)
		api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL,
				  "Search for a few words, a phrase in quotes or a ticket number.",
				  "query is longer than 1000 characters");
	isnull[3] = PG_ARGISNULL(1);
	values[3] = isnull[3] ? (Datum) 0 :
		CStringGetTextDatum(DatumGetCString(DirectFunctionCall1(enum_out, PG_GETARG_DATUM(1))));
	isnull[4] = PG_ARGISNULL(2);
	values[4] = isnull[4] ? (Datum) 0 :
		CStringGetTextDatum(ticket_tag_normalise(TextDatumGetCString(PG_GETARG_DATUM(2)), "tag"));
	values[6] = Int32GetDatum(SEARCH_PAGE_SIZE);
	if (!PG_ARGISNULL(3))
	{
		int32		n = PG_GETARG_INT32(3);

		if (n < 1 || n > SEARCH_PAGE_SIZE_MAX)
			api_error(ERRCODE_INVALID_PARAMETER_VALUE, NULL, NULL,
					  "page_size must be between 1 and 100");
		values[6] = Int32GetDatum(n);
	}

	dest = api_response_rows(fcinfo);
	query_str = text_to_cstring(query);
	is_number = query_number(query_str, &number);
	if (!query_has_word(query_str, len))
		return (Datum) 0;		/* no word, no number: nothing matches */
	values[1] = DirectFunctionCall2(websearch_to_tsquery_byid,
									ObjectIdGetDatum(simple_config()),
									PointerGetDatum(query));
	if (DatumGetTSQuery(values[1])->size == 0 && !is_number)
		return (Datum) 0;

	values[0] = UUIDPGetDatum(&call->actor.tenant_id);
	values[2] = Int64GetDatum(number);
	isnull[2] = !is_number;
	values[5] = actor_user_datum(call, &isnull[5]);
	plan_exec_custom_to(!staff ? search_customer_sql :
						isnull[3] && isnull[4] ? search_staff_sql : search_staff_filtered_sql,
						7, types, values, isnull, dest);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sh_search_tickets);
Datum
sh_search_tickets(PG_FUNCTION_ARGS)
{
	ApiCall		call = {.name = "search_tickets", .access = API_ANY_ACTOR, .read_only = true};

	return api_call(fcinfo, &call, search_tickets_body);
}
