-- 072: ticket_ratings — the customer's satisfaction with a resolved ticket:
-- one rating per ticket, 1–5, with an optional comment.

CREATE TABLE supporthub.ticket_ratings (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	ticket_id	uuid		NOT NULL,
	customer_id	uuid		NOT NULL,
	score		integer		NOT NULL CHECK (score BETWEEN 1 AND 5),
	comment		text		CHECK (char_length(comment) BETWEEN 1 AND 65536),
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT ticket_ratings_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT ticket_ratings_ticket_fkey FOREIGN KEY (tenant_id, ticket_id)
		REFERENCES supporthub.tickets (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT ticket_ratings_customer_fkey FOREIGN KEY (tenant_id, customer_id)
		REFERENCES supporthub.users (tenant_id, id)
);
COMMENT ON TABLE supporthub.ticket_ratings IS 'Satisfaction ratings: the customer''s score (1–5) of a resolved or closed ticket, one per ticket';
COMMENT ON COLUMN supporthub.ticket_ratings.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.ticket_ratings.id IS 'Rating id (UUIDv7)';
COMMENT ON COLUMN supporthub.ticket_ratings.ticket_id IS 'Ticket rated (one rating per ticket)';
COMMENT ON COLUMN supporthub.ticket_ratings.customer_id IS 'Customer who rated it: the ticket''s customer';
COMMENT ON COLUMN supporthub.ticket_ratings.score IS 'Satisfaction from 1 (very unhappy) to 5 (very happy)';
COMMENT ON COLUMN supporthub.ticket_ratings.comment IS 'What the customer wrote with the score, 1–65536 characters; NULL if nothing';
COMMENT ON COLUMN supporthub.ticket_ratings.created_at IS 'When the ticket was first rated';
COMMENT ON COLUMN supporthub.ticket_ratings.updated_at IS 'When the rating was last replaced (created_at if never)';
COMMENT ON CONSTRAINT ticket_ratings_pkey ON supporthub.ticket_ratings IS 'A rating is identified by its id within its tenant';
COMMENT ON INDEX supporthub.ticket_ratings_pkey IS 'Finds a rating by id within its tenant';
COMMENT ON CONSTRAINT ticket_ratings_tenant_id_fkey ON supporthub.ticket_ratings IS 'A rating belongs to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT ticket_ratings_ticket_fkey ON supporthub.ticket_ratings IS 'A rating is of a ticket of the same tenant; deleted with it';
COMMENT ON CONSTRAINT ticket_ratings_customer_fkey ON supporthub.ticket_ratings IS 'The customer is a user of the same tenant; that user cannot be deleted';
COMMENT ON CONSTRAINT ticket_ratings_score_check ON supporthub.ticket_ratings IS 'A score is 1–5';
COMMENT ON CONSTRAINT ticket_ratings_comment_check ON supporthub.ticket_ratings IS 'A comment, when there is one, is 1–65536 characters';
SELECT pg_catalog.pg_extension_config_dump('supporthub.ticket_ratings', '');
