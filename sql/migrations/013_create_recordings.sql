-- 013: recordings — links to call or chat recordings of a ticket.

CREATE TABLE supporthub.recordings (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	ticket_id	uuid		NOT NULL,
	chat_id		uuid,
	url			text		NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2048),
	created_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT recordings_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT recordings_ticket_fkey FOREIGN KEY (tenant_id, ticket_id)
		REFERENCES supporthub.tickets (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT recordings_chat_fkey FOREIGN KEY (tenant_id, chat_id)
		REFERENCES supporthub.chats (tenant_id, id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.recordings IS 'Recordings (by URL) attached to a ticket, optionally to one of its chats';
COMMENT ON COLUMN supporthub.recordings.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.recordings.id IS 'Recording id (UUIDv7)';
COMMENT ON COLUMN supporthub.recordings.ticket_id IS 'Ticket the recording belongs to';
COMMENT ON COLUMN supporthub.recordings.chat_id IS 'Chat the recording was made in, if any';
COMMENT ON COLUMN supporthub.recordings.url IS 'Absolute http(s) URL of the recording';
COMMENT ON COLUMN supporthub.recordings.created_at IS 'When the recording was added';
SELECT pg_catalog.pg_extension_config_dump('supporthub.recordings', '');
