-- 008: tickets — a customer's request and its life cycle.

CREATE TABLE supporthub.tickets (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	id			uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	ticket_number bigint	NOT NULL CHECK (ticket_number > 0),
	subject		text		NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 255),
	description	text		CHECK (char_length(description) <= 100000),
	status		supporthub.ticket_status NOT NULL DEFAULT 'open',
	priority	supporthub.ticket_priority NOT NULL DEFAULT 'medium',
	category_id	uuid		NOT NULL,
	customer_id	uuid		NOT NULL,
	agent_id	uuid,
	created_at	timestamptz	NOT NULL DEFAULT now(),
	updated_at	timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT tickets_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT tickets_category_fkey FOREIGN KEY (tenant_id, category_id)
		REFERENCES supporthub.categories (tenant_id, id),
	CONSTRAINT tickets_customer_fkey FOREIGN KEY (tenant_id, customer_id)
		REFERENCES supporthub.users (tenant_id, id),
	CONSTRAINT tickets_agent_fkey FOREIGN KEY (tenant_id, agent_id)
		REFERENCES supporthub.users (tenant_id, id)
);
COMMENT ON TABLE supporthub.tickets IS 'Support tickets: one request of one customer, worked by staff';
COMMENT ON COLUMN supporthub.tickets.tenant_id IS 'Owning tenant';
COMMENT ON COLUMN supporthub.tickets.id IS 'Ticket id (UUIDv7)';
COMMENT ON COLUMN supporthub.tickets.ticket_number IS 'Human ticket number, per tenant from 1, never reused';
COMMENT ON COLUMN supporthub.tickets.subject IS 'One-line summary (1–255 characters, trimmed)';
COMMENT ON COLUMN supporthub.tickets.description IS 'Full description of the request';
COMMENT ON COLUMN supporthub.tickets.status IS 'open, pending, resolved or closed (final)';
COMMENT ON COLUMN supporthub.tickets.priority IS 'low, medium, high or urgent';
COMMENT ON COLUMN supporthub.tickets.category_id IS 'Category of the ticket';
COMMENT ON COLUMN supporthub.tickets.customer_id IS 'Customer the ticket is for';
COMMENT ON COLUMN supporthub.tickets.agent_id IS 'Assigned agent or admin; NULL while unassigned';
COMMENT ON COLUMN supporthub.tickets.created_at IS 'When the ticket was created';
COMMENT ON COLUMN supporthub.tickets.updated_at IS 'When the ticket was last changed';
SELECT pg_catalog.pg_extension_config_dump('supporthub.tickets', '');
