-- 025: tickets API — the workflow of SPEC §6.

CREATE FUNCTION supporthub.create_ticket(subject text, description text, category_id uuid,
										 priority supporthub.ticket_priority DEFAULT 'medium',
										 customer_id uuid DEFAULT NULL)
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_create_ticket'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.create_ticket(text, text, uuid, supporthub.ticket_priority, uuid) IS
	'Open a ticket with the tenant''s next number: customers for themselves, staff for a named active customer';

CREATE FUNCTION supporthub.get_tickets(status supporthub.ticket_status DEFAULT NULL,
									   priority supporthub.ticket_priority DEFAULT NULL,
									   agent_id uuid DEFAULT NULL, customer_id uuid DEFAULT NULL,
									   category_id uuid DEFAULT NULL, after uuid DEFAULT NULL,
									   page_size integer DEFAULT 50)
RETURNS SETOF supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_get_tickets'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 50;
COMMENT ON FUNCTION supporthub.get_tickets(supporthub.ticket_status, supporthub.ticket_priority, uuid, uuid, uuid, uuid, integer) IS
	'Tickets visible to the actor (a customer: their own), filtered, newest first, keyset-paged';

CREATE FUNCTION supporthub.get_ticket_by_id(id uuid)
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_get_ticket_by_id'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_ticket_by_id(uuid) IS
	'One ticket visible to the actor';

CREATE FUNCTION supporthub.get_ticket_by_number(ticket_number bigint)
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_get_ticket_by_number'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_ticket_by_number(bigint) IS
	'One ticket visible to the actor, by its number within the tenant';

CREATE FUNCTION supporthub.update_ticket(id uuid, subject text DEFAULT NULL,
										 description text DEFAULT NULL,
										 category_id uuid DEFAULT NULL,
										 priority supporthub.ticket_priority DEFAULT NULL)
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_update_ticket'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_ticket(uuid, text, text, uuid, supporthub.ticket_priority) IS
	'Change a ticket''s subject, description, category or priority (staff only; NULL = unchanged; not when closed)';

CREATE FUNCTION supporthub.assign_agent(ticket_id uuid, agent_id uuid)
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_assign_agent'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.assign_agent(uuid, uuid) IS
	'Assign a ticket to an active agent or admin (staff only; not when closed; the same agent again changes nothing)';

CREATE FUNCTION supporthub.escalate(ticket_id uuid, type_id uuid, reason text DEFAULT NULL)
RETURNS supporthub.escalations
AS 'MODULE_PATHNAME', 'sh_escalate'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.escalate(uuid, uuid, text) IS
	'Escalate an open or pending ticket (staff, or its customer): raises the priority one step and records the escalation';

CREATE FUNCTION supporthub.set_ticket_status(ticket_id uuid, status supporthub.ticket_status)
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_set_ticket_status'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.set_ticket_status(uuid, supporthub.ticket_status) IS
	'Move a ticket: open ⇄ pending, open/pending → resolved, resolved → closed, resolved → open (reopen); closed is final';

CREATE FUNCTION supporthub.delete_ticket(id uuid)
RETURNS supporthub.tickets
AS 'MODULE_PATHNAME', 'sh_delete_ticket'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.delete_ticket(uuid) IS
	'Delete a ticket and everything hanging off it (admins only); the feed keeps the record of it';
