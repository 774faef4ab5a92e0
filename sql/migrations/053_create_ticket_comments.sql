-- 053: ticket_comments — the thread of a ticket: public replies and
-- internal notes (staff only).

CREATE TABLE supporthub.ticket_comments (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	ticket_id	uuid		NOT NULL,
	author_id	uuid,
	body		text		NOT NULL CHECK (char_length(body) BETWEEN 1 AND 65536),
	internal	boolean		NOT NULL DEFAULT false,
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT ticket_comments_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT ticket_comments_ticket_fkey FOREIGN KEY (tenant_id, ticket_id)
		REFERENCES supporthub.tickets (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT ticket_comments_author_fkey FOREIGN KEY (tenant_id, author_id)
		REFERENCES supporthub.users (tenant_id, id)
);
COMMENT ON TABLE supporthub.ticket_comments IS 'The thread of a ticket: public replies and internal notes (staff only)';
COMMENT ON COLUMN supporthub.ticket_comments.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.ticket_comments.id IS 'Comment id (UUIDv7); id order is posting order';
COMMENT ON COLUMN supporthub.ticket_comments.ticket_id IS 'Ticket the comment is on';
COMMENT ON COLUMN supporthub.ticket_comments.author_id IS 'User who wrote it; NULL when the tenant (system actor) did';
COMMENT ON COLUMN supporthub.ticket_comments.body IS 'Text of the comment, 1–65536 characters';
COMMENT ON COLUMN supporthub.ticket_comments.internal IS 'An internal note: seen by staff only, never by a customer';
COMMENT ON COLUMN supporthub.ticket_comments.created_at IS 'When the comment was posted';
COMMENT ON COLUMN supporthub.ticket_comments.updated_at IS 'When its body was last edited (created_at if never)';
COMMENT ON CONSTRAINT ticket_comments_pkey ON supporthub.ticket_comments IS 'A comment is identified by its id within its tenant';
COMMENT ON INDEX supporthub.ticket_comments_pkey IS 'Finds a comment by id within its tenant';
COMMENT ON CONSTRAINT ticket_comments_tenant_id_fkey ON supporthub.ticket_comments IS 'A comment belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT ticket_comments_ticket_fkey ON supporthub.ticket_comments IS 'A comment is on a ticket of the same tenant; deleted with it';
COMMENT ON CONSTRAINT ticket_comments_author_fkey ON supporthub.ticket_comments IS 'The author, when a user, is a user of the same tenant; that user cannot be deleted';
COMMENT ON CONSTRAINT ticket_comments_body_check ON supporthub.ticket_comments IS 'A comment is 1–65536 characters';
SELECT pg_catalog.pg_extension_config_dump('supporthub.ticket_comments', '');
