-- 030: comments on every index, constraint, policy and role, so pgAdmin and \d+ explain them.
--
-- Objects that already carry a comment keep it: the name_key() indexes of
-- 029, tickets_number_key (the constraint), every policy (019), every enum
-- type (001) and every function.  An index that backs a constraint is an
-- object of its own: the index says which lookups it serves, the constraint
-- what it guarantees.  Foreign keys name (tenant_id, id), so a reference
-- never crosses tenants.

-- ---- roles (cluster-wide) --------------------------------------------------

COMMENT ON ROLE supporthub_service IS 'supporthub: NOLOGIN group role for applications; its members read the tables (row-level security filters them) and call the API';
COMMENT ON ROLE supporthub_api IS 'supporthub: NOLOGIN owner of the SECURITY DEFINER API functions, the only role that writes the tables; neither superuser nor BYPASSRLS, so the policies hold inside the API';

-- ---- tenants ---------------------------------------------------------------

COMMENT ON INDEX supporthub.tenants_pkey IS 'Finds a tenant by id (act_as_tenant probes it directly); get_tenants pages through it newest first';
COMMENT ON CONSTRAINT tenants_pkey ON supporthub.tenants IS 'A tenant is identified by its id';
COMMENT ON CONSTRAINT tenants_name_check ON supporthub.tenants IS 'A tenant name is 1–200 characters';

-- ---- categories ------------------------------------------------------------

COMMENT ON INDEX supporthub.categories_pkey IS 'Finds a category by id within its tenant; get_categories lists a tenant''s categories through it newest first';
COMMENT ON CONSTRAINT categories_pkey ON supporthub.categories IS 'A category is identified by its id within its tenant';
COMMENT ON CONSTRAINT categories_tenant_id_fkey ON supporthub.categories IS 'A category belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT categories_name_check ON supporthub.categories IS 'A category name is 1–200 characters';
COMMENT ON CONSTRAINT categories_description_check ON supporthub.categories IS 'A category description is at most 2000 characters';

-- ---- escalation_types ------------------------------------------------------

COMMENT ON INDEX supporthub.escalation_types_pkey IS 'Finds an escalation type by id within its tenant; get_escalation_types lists a tenant''s types through it newest first';
COMMENT ON CONSTRAINT escalation_types_pkey ON supporthub.escalation_types IS 'An escalation type is identified by its id within its tenant';
COMMENT ON CONSTRAINT escalation_types_tenant_id_fkey ON supporthub.escalation_types IS 'An escalation type belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT escalation_types_label_check ON supporthub.escalation_types IS 'An escalation-type label is 1–100 characters';

-- ---- users -----------------------------------------------------------------

COMMENT ON INDEX supporthub.users_pkey IS 'Finds a user by id within its tenant; get_users pages through it newest first, role filter included';
COMMENT ON INDEX supporthub.users_id_idx IS 'Finds a user by id alone, across tenants: act_as maps a user id to its tenant, and every API call rechecks the acting user, by a direct probe';
COMMENT ON INDEX supporthub.users_role_idx IS 'Users of one role, newest first. Not used inside the API: under row-level security a role filter cannot be an index condition (enum equality is not leakproof)';
COMMENT ON CONSTRAINT users_pkey ON supporthub.users IS 'A user is identified by its id within its tenant';
COMMENT ON CONSTRAINT users_tenant_id_fkey ON supporthub.users IS 'A user belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT users_name_check ON supporthub.users IS 'A user name is 1–200 characters';
COMMENT ON CONSTRAINT users_email_check ON supporthub.users IS 'An email address is 3–254 characters';

-- ---- tickets ---------------------------------------------------------------

COMMENT ON INDEX supporthub.tickets_pkey IS 'Finds a ticket by id within its tenant (every workflow step); get_tickets without a filter pages through it newest first';
COMMENT ON INDEX supporthub.tickets_number_key IS 'Finds a ticket by its number within the tenant: get_ticket_by_number';
COMMENT ON INDEX supporthub.tickets_category_idx IS 'Tickets of a category newest first (get_tickets by category); checks for tickets when a category is deleted';
COMMENT ON INDEX supporthub.tickets_customer_idx IS 'Tickets of a customer newest first: get_tickets by customer, and the read policies that show a customer what hangs off their tickets; checks for tickets when a user is deleted';
COMMENT ON INDEX supporthub.tickets_agent_idx IS 'Tickets assigned to an agent newest first (get_tickets by agent); unassigns them when the agent is deactivated; checks for them when a user is deleted';
COMMENT ON INDEX supporthub.tickets_open_idx IS 'Open tickets of a tenant newest first: the default ticket list page';
COMMENT ON INDEX supporthub.tickets_pending_idx IS 'Pending tickets of a tenant newest first: get_tickets with status pending';
COMMENT ON INDEX supporthub.tickets_resolved_idx IS 'Resolved tickets of a tenant newest first: get_tickets with status resolved';
COMMENT ON INDEX supporthub.tickets_closed_idx IS 'Closed tickets of a tenant newest first: get_tickets with status closed';
COMMENT ON INDEX supporthub.tickets_priority_idx IS 'Tickets of one priority, newest first. Not used inside the API: under row-level security a priority filter cannot be an index condition (enum equality is not leakproof)';
COMMENT ON CONSTRAINT tickets_pkey ON supporthub.tickets IS 'A ticket is identified by its id within its tenant';
COMMENT ON CONSTRAINT tickets_tenant_id_fkey ON supporthub.tickets IS 'A ticket belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT tickets_category_fkey ON supporthub.tickets IS 'A ticket is filed under a category of the same tenant; a category with tickets cannot be deleted';
COMMENT ON CONSTRAINT tickets_customer_fkey ON supporthub.tickets IS 'A ticket is for a user of the same tenant; a user with tickets cannot be deleted';
COMMENT ON CONSTRAINT tickets_agent_fkey ON supporthub.tickets IS 'The assigned agent, when set, is a user of the same tenant; that user cannot be deleted while assigned';
COMMENT ON CONSTRAINT tickets_ticket_number_check ON supporthub.tickets IS 'Ticket numbers start at 1';
COMMENT ON CONSTRAINT tickets_subject_check ON supporthub.tickets IS 'A subject is 1–255 characters';
COMMENT ON CONSTRAINT tickets_description_check ON supporthub.tickets IS 'A description is at most 100000 characters';

-- ---- ticket_counters -------------------------------------------------------

COMMENT ON INDEX supporthub.ticket_counters_pkey IS 'The counter row of a tenant, which create_ticket upserts (ON CONFLICT (tenant_id)) and so locks';
COMMENT ON CONSTRAINT ticket_counters_pkey ON supporthub.ticket_counters IS 'One ticket counter per tenant';
COMMENT ON CONSTRAINT ticket_counters_tenant_id_fkey ON supporthub.ticket_counters IS 'A counter belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT ticket_counters_last_number_check ON supporthub.ticket_counters IS 'The last number handed out is never negative';

-- ---- templates -------------------------------------------------------------

COMMENT ON INDEX supporthub.templates_pkey IS 'Finds a template by id within its tenant; get_templates without a category lists through it newest first';
COMMENT ON INDEX supporthub.templates_category_idx IS 'Templates of a category newest first (get_templates by category); checks for templates when a category is deleted';
COMMENT ON CONSTRAINT templates_pkey ON supporthub.templates IS 'A template is identified by its id within its tenant';
COMMENT ON CONSTRAINT templates_tenant_id_fkey ON supporthub.templates IS 'A template belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT templates_category_fkey ON supporthub.templates IS 'A template is filed under a category of the same tenant; a category with templates cannot be deleted';
COMMENT ON CONSTRAINT templates_title_check ON supporthub.templates IS 'A template title is 1–200 characters';
COMMENT ON CONSTRAINT templates_body_check ON supporthub.templates IS 'A template body is at most 100000 characters';

-- ---- chats -----------------------------------------------------------------

COMMENT ON INDEX supporthub.chats_pkey IS 'Finds a chat by id within its tenant (posting, closing, the message read policy)';
COMMENT ON INDEX supporthub.chats_ticket_idx IS 'Chats of a ticket: the customer read policy of chat messages, and deleting a ticket''s chats with it';
COMMENT ON INDEX supporthub.chats_started_by_idx IS 'Chats a user started: checks for them when a user is deleted';
COMMENT ON INDEX supporthub.chats_assigned_agent_idx IS 'Chats assigned to an agent: checks for them when a user is deleted';
COMMENT ON CONSTRAINT chats_pkey ON supporthub.chats IS 'A chat is identified by its id within its tenant';
COMMENT ON CONSTRAINT chats_tenant_id_fkey ON supporthub.chats IS 'A chat belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT chats_ticket_fkey ON supporthub.chats IS 'A chat is on a ticket of the same tenant; deleted with it';
COMMENT ON CONSTRAINT chats_started_by_fkey ON supporthub.chats IS 'Who started the chat, when a user did, is a user of the same tenant; that user cannot be deleted';
COMMENT ON CONSTRAINT chats_assigned_agent_fkey ON supporthub.chats IS 'The assigned agent, when set, is a user of the same tenant; that user cannot be deleted';

-- ---- chat_msgs -------------------------------------------------------------

COMMENT ON INDEX supporthub.chat_msgs_pkey IS 'Finds a message by id within its tenant';
COMMENT ON INDEX supporthub.chat_msgs_chat_idx IS 'Messages of a chat newest first: get_chat_msgs, and deleting a chat''s messages with it';
COMMENT ON INDEX supporthub.chat_msgs_sender_idx IS 'Messages a user sent: checks for them when a user is deleted';
COMMENT ON CONSTRAINT chat_msgs_pkey ON supporthub.chat_msgs IS 'A message is identified by its id within its tenant';
COMMENT ON CONSTRAINT chat_msgs_tenant_id_fkey ON supporthub.chat_msgs IS 'A message belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT chat_msgs_chat_fkey ON supporthub.chat_msgs IS 'A message belongs to a chat of the same tenant; deleted with it';
COMMENT ON CONSTRAINT chat_msgs_sender_fkey ON supporthub.chat_msgs IS 'The sender, when a user, is a user of the same tenant; that user cannot be deleted';
COMMENT ON CONSTRAINT chat_msgs_message_check ON supporthub.chat_msgs IS 'A message is 1–10000 characters';

-- ---- recordings ------------------------------------------------------------

COMMENT ON INDEX supporthub.recordings_pkey IS 'Finds a recording by id within its tenant';
COMMENT ON INDEX supporthub.recordings_ticket_idx IS 'Recordings of a ticket newest first: get_recordings, and deleting them with the ticket';
COMMENT ON INDEX supporthub.recordings_chat_idx IS 'Recordings of a chat: deleting them with the chat';
COMMENT ON CONSTRAINT recordings_pkey ON supporthub.recordings IS 'A recording is identified by its id within its tenant';
COMMENT ON CONSTRAINT recordings_tenant_id_fkey ON supporthub.recordings IS 'A recording belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT recordings_ticket_fkey ON supporthub.recordings IS 'A recording belongs to a ticket of the same tenant; deleted with it';
COMMENT ON CONSTRAINT recordings_chat_fkey ON supporthub.recordings IS 'The chat of a recording, when set, is a chat of the same tenant; deleted with it';
COMMENT ON CONSTRAINT recordings_url_check ON supporthub.recordings IS 'A recording URL is 1–2048 characters';

-- ---- communications --------------------------------------------------------

COMMENT ON INDEX supporthub.communications_pkey IS 'Finds a communication by id within its tenant';
COMMENT ON INDEX supporthub.communications_ticket_idx IS 'Communications of a ticket newest first: get_communications, and deleting them with the ticket';
COMMENT ON INDEX supporthub.communications_chat_idx IS 'Communications of a chat: deleting them with the chat';
COMMENT ON INDEX supporthub.communications_user_idx IS 'Communications a user logged: checks for them when a user is deleted';
COMMENT ON CONSTRAINT communications_pkey ON supporthub.communications IS 'A communication is identified by its id within its tenant';
COMMENT ON CONSTRAINT communications_tenant_id_fkey ON supporthub.communications IS 'A communication belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT communications_ticket_fkey ON supporthub.communications IS 'A communication is about a ticket of the same tenant; deleted with it';
COMMENT ON CONSTRAINT communications_chat_fkey ON supporthub.communications IS 'The chat of a communication, when set, is a chat of the same tenant; deleted with it';
COMMENT ON CONSTRAINT communications_user_fkey ON supporthub.communications IS 'Who logged it, when a user did, is a user of the same tenant; that user cannot be deleted';
COMMENT ON CONSTRAINT communications_summary_check ON supporthub.communications IS 'A summary is 1–10000 characters';

-- ---- escalations -----------------------------------------------------------

COMMENT ON INDEX supporthub.escalations_pkey IS 'Finds an escalation by id within its tenant';
COMMENT ON INDEX supporthub.escalations_ticket_idx IS 'Escalations of a ticket newest first; deleting them with the ticket';
COMMENT ON INDEX supporthub.escalations_raised_by_idx IS 'Escalations a user raised: checks for them when a user is deleted';
COMMENT ON INDEX supporthub.escalations_type_idx IS 'Escalations of a type: checks for them when an escalation type is deleted';
COMMENT ON CONSTRAINT escalations_pkey ON supporthub.escalations IS 'An escalation is identified by its id within its tenant';
COMMENT ON CONSTRAINT escalations_tenant_id_fkey ON supporthub.escalations IS 'An escalation belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT escalations_ticket_fkey ON supporthub.escalations IS 'An escalation is of a ticket of the same tenant; deleted with it';
COMMENT ON CONSTRAINT escalations_raised_by_fkey ON supporthub.escalations IS 'Who escalated, when a user did, is a user of the same tenant; that user cannot be deleted';
COMMENT ON CONSTRAINT escalations_type_fkey ON supporthub.escalations IS 'An escalation has a type of the same tenant; a type in use cannot be deleted';
COMMENT ON CONSTRAINT escalations_reason_check ON supporthub.escalations IS 'A reason is at most 2000 characters';

-- ---- recent_activities -----------------------------------------------------

COMMENT ON INDEX supporthub.recent_activities_pkey IS 'The whole feed of a tenant newest first: get_recent_activities without a filter';
COMMENT ON INDEX supporthub.recent_activities_ref_idx IS 'What happened to one object newest first: get_recent_activities by ref_id';
COMMENT ON INDEX supporthub.recent_activities_ticket_idx IS 'Everything that happened on one ticket (its chats, messages, escalations…) newest first, for queries by ticket_id';
COMMENT ON INDEX supporthub.recent_activities_user_idx IS 'What a user did: checks for it when a user is deleted';
COMMENT ON CONSTRAINT recent_activities_pkey ON supporthub.recent_activities IS 'An activity is identified by its id within its tenant';
COMMENT ON CONSTRAINT recent_activities_tenant_id_fkey ON supporthub.recent_activities IS 'An activity belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT recent_activities_user_fkey ON supporthub.recent_activities IS 'Who acted, when a user did, is a user of the same tenant; a user with history cannot be deleted';
