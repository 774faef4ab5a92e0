-- 014: communications — log of contacts with the customer about a ticket.

CREATE TABLE supporthub.communications (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	ticket_id	uuid		NOT NULL,
	chat_id		uuid,
	type		supporthub.comm_type NOT NULL,
	user_id		uuid,
	summary		text		NOT NULL CHECK (char_length(summary) BETWEEN 1 AND 10000),
	created_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT communications_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT communications_ticket_fkey FOREIGN KEY (tenant_id, ticket_id)
		REFERENCES supporthub.tickets (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT communications_chat_fkey FOREIGN KEY (tenant_id, chat_id)
		REFERENCES supporthub.chats (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT communications_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id)
);
COMMENT ON TABLE supporthub.communications IS 'Emails, texts, calls and pushes exchanged about a ticket';
COMMENT ON COLUMN supporthub.communications.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.communications.id IS 'Communication id (UUIDv7)';
COMMENT ON COLUMN supporthub.communications.ticket_id IS 'Ticket the communication is about';
COMMENT ON COLUMN supporthub.communications.chat_id IS 'Chat it belongs to, if any';
COMMENT ON COLUMN supporthub.communications.type IS 'Channel: email, sms, call or push';
COMMENT ON COLUMN supporthub.communications.user_id IS 'User who logged it; NULL when the tenant (system actor) did';
COMMENT ON COLUMN supporthub.communications.summary IS 'What was said';
COMMENT ON COLUMN supporthub.communications.created_at IS 'When it was logged';
SELECT pg_catalog.pg_extension_config_dump('supporthub.communications', '');
