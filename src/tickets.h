/*-------------------------------------------------------------------------
 * src/tickets.h
 *	  What other entities need to know about a ticket before hanging a row
 *	  off it.
 *-------------------------------------------------------------------------
 */
#ifndef SUPPORTHUB_TICKETS_H
#define SUPPORTHUB_TICKETS_H

#include "api/api_call.h"
#include "utils/uuid.h"

/*
 * PT404 unless the actor can see the ticket, PT409 "Ticket N is closed"
 * when it is closed: a closed ticket takes nothing new.  Returns its agent
 * (NULL when unassigned) in *agent_id when that is not NULL.
 */
extern void ticket_require_not_closed(ApiCall *call, const pg_uuid_t *ticket_id,
									  pg_uuid_t **agent_id);

/* The actor's user id as a parameter (NULL for the tenant itself). */
extern Datum actor_user_datum(ApiCall *call, bool *isnull);

/* A uuid argument that must not be NULL (22023 "<name> must not be null"). */
extern pg_uuid_t *uuid_arg(FunctionCallInfo fcinfo, int argno, const char *name);

/*
 * Move the ticket to status to, as set_ticket_status does, for a reply
 * posted with add_comment: a ticket already there is left alone, and
 * customer_reply lets a customer's reply set a pending ticket open.
 */
extern void ticket_set_status_with_reply(ApiCall *call, const pg_uuid_t *ticket_id,
										 const char *to, bool customer_reply);

/* Limits of tags (tickets_tags_check says the same). */
#define TICKET_TAGS_MAX 20
#define TICKET_TAG_MAX_LEN 50

/*
 * One tag trimmed and lower-cased; 22023 when it is empty, longer than 50
 * characters or holds anything but a-z, 0-9, - and _ (label names it in
 * the message: "Tag 3", "tag").  set_ticket_tags and search_tickets' tag
 * filter share the rules.
 */
extern char *ticket_tag_normalise(const char *raw, const char *label);

#endif
