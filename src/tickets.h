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

#endif
