-- 012: chat_msgs — the messages of a chat.

CREATE TABLE supporthub.chat_msgs (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	chat_id		uuid		NOT NULL,
	sender_id	uuid,
	message		text		NOT NULL CHECK (char_length(message) BETWEEN 1 AND 10000),
	sent_at		timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT chat_msgs_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT chat_msgs_chat_fkey FOREIGN KEY (tenant_id, chat_id)
		REFERENCES supporthub.chats (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT chat_msgs_sender_fkey FOREIGN KEY (tenant_id, sender_id)
		REFERENCES supporthub.users (tenant_id, id)
);
COMMENT ON TABLE supporthub.chat_msgs IS 'Messages posted in a chat';
COMMENT ON COLUMN supporthub.chat_msgs.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.chat_msgs.id IS 'Message id (UUIDv7); id order is posting order';
COMMENT ON COLUMN supporthub.chat_msgs.chat_id IS 'Chat the message belongs to';
COMMENT ON COLUMN supporthub.chat_msgs.sender_id IS 'User who sent it; NULL when the tenant (system actor) did';
COMMENT ON COLUMN supporthub.chat_msgs.message IS 'Text of the message';
COMMENT ON COLUMN supporthub.chat_msgs.sent_at IS 'When the message was posted';
SELECT pg_catalog.pg_extension_config_dump('supporthub.chat_msgs', '');
