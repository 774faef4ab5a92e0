-- 011: chats — live conversations held on a ticket.

CREATE TABLE supporthub.chats (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	ticket_id	uuid		NOT NULL,
	started_by_user_id uuid,
	assigned_agent_id uuid,
	created_at	timestamptz	NOT NULL DEFAULT now(),
	closed_at	timestamptz,
	CONSTRAINT chats_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT chats_ticket_fkey FOREIGN KEY (tenant_id, ticket_id)
		REFERENCES supporthub.tickets (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT chats_started_by_fkey FOREIGN KEY (tenant_id, started_by_user_id)
		REFERENCES supporthub.users (tenant_id, id),
	CONSTRAINT chats_assigned_agent_fkey FOREIGN KEY (tenant_id, assigned_agent_id)
		REFERENCES supporthub.users (tenant_id, id)
);
COMMENT ON TABLE supporthub.chats IS 'Chat conversations, each on one ticket';
COMMENT ON COLUMN supporthub.chats.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.chats.id IS 'Chat id (UUIDv7)';
COMMENT ON COLUMN supporthub.chats.ticket_id IS 'Ticket the chat is about';
COMMENT ON COLUMN supporthub.chats.started_by_user_id IS 'User who started the chat; NULL when the tenant (system actor) did';
COMMENT ON COLUMN supporthub.chats.assigned_agent_id IS 'Agent answering the chat, if any';
COMMENT ON COLUMN supporthub.chats.created_at IS 'When the chat started';
COMMENT ON COLUMN supporthub.chats.closed_at IS 'When the chat was closed; NULL while open';
SELECT pg_catalog.pg_extension_config_dump('supporthub.chats', '');
