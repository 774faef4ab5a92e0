-- 018: an index behind every foreign key (so deletes and reference counts
-- never scan a table) and behind every list the API serves, newest first.
-- Every index leads with tenant_id: one tenant's rows are one index range.

-- users: act_as finds a user by id alone; lists filter by role.
CREATE INDEX users_id_idx ON supporthub.users (id);
CREATE INDEX users_role_idx ON supporthub.users (tenant_id, role, id);

-- tickets: foreign keys and the filtered lists of get_tickets.
CREATE INDEX tickets_category_idx ON supporthub.tickets (tenant_id, category_id, id);
CREATE INDEX tickets_customer_idx ON supporthub.tickets (tenant_id, customer_id, id);
CREATE INDEX tickets_agent_idx ON supporthub.tickets (tenant_id, agent_id, id);
-- Under row-level security only leakproof operators can become index
-- conditions, and enum equality is not leakproof: a status filter would be
-- a filter over the whole tenant.  One partial index per status serves
-- "newest tickets of this status" as an index scan instead (get_tickets puts
-- the status into the statement as a constant so the planner can match it).
-- A ticket is in exactly one of them, so together they cost one index.
CREATE INDEX tickets_open_idx ON supporthub.tickets (tenant_id, id) WHERE status = 'open';
CREATE INDEX tickets_pending_idx ON supporthub.tickets (tenant_id, id) WHERE status = 'pending';
CREATE INDEX tickets_resolved_idx ON supporthub.tickets (tenant_id, id) WHERE status = 'resolved';
CREATE INDEX tickets_closed_idx ON supporthub.tickets (tenant_id, id) WHERE status = 'closed';
CREATE INDEX tickets_priority_idx ON supporthub.tickets (tenant_id, priority, id);

CREATE INDEX templates_category_idx ON supporthub.templates (tenant_id, category_id, id);

CREATE INDEX chats_ticket_idx ON supporthub.chats (tenant_id, ticket_id, id);
CREATE INDEX chats_started_by_idx ON supporthub.chats (tenant_id, started_by_user_id);
CREATE INDEX chats_assigned_agent_idx ON supporthub.chats (tenant_id, assigned_agent_id);

CREATE INDEX chat_msgs_chat_idx ON supporthub.chat_msgs (tenant_id, chat_id, id);
CREATE INDEX chat_msgs_sender_idx ON supporthub.chat_msgs (tenant_id, sender_id);

CREATE INDEX recordings_ticket_idx ON supporthub.recordings (tenant_id, ticket_id, id);
CREATE INDEX recordings_chat_idx ON supporthub.recordings (tenant_id, chat_id);

CREATE INDEX communications_ticket_idx ON supporthub.communications (tenant_id, ticket_id, id);
CREATE INDEX communications_chat_idx ON supporthub.communications (tenant_id, chat_id);
CREATE INDEX communications_user_idx ON supporthub.communications (tenant_id, user_id);

CREATE INDEX escalations_ticket_idx ON supporthub.escalations (tenant_id, ticket_id, id);
CREATE INDEX escalations_raised_by_idx ON supporthub.escalations (tenant_id, raised_by_user_id);
CREATE INDEX escalations_type_idx ON supporthub.escalations (tenant_id, type_id);

CREATE INDEX recent_activities_ref_idx ON supporthub.recent_activities (tenant_id, ref_id, id);
CREATE INDEX recent_activities_ticket_idx ON supporthub.recent_activities (tenant_id, ticket_id, id);
CREATE INDEX recent_activities_user_idx ON supporthub.recent_activities (tenant_id, user_id);
