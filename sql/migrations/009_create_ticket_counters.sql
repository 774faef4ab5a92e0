-- 009: ticket_counters — the last ticket number handed out, one row per tenant.

CREATE TABLE supporthub.ticket_counters (
	tenant_id	uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	last_number	bigint		NOT NULL DEFAULT 0 CHECK (last_number >= 0),
	CONSTRAINT ticket_counters_pkey PRIMARY KEY (tenant_id)
);
COMMENT ON TABLE supporthub.ticket_counters IS 'Internal: per-tenant ticket number sequence (row lock serialises numbering within one tenant only)';
COMMENT ON COLUMN supporthub.ticket_counters.tenant_id IS 'Tenant the counter numbers tickets for';
COMMENT ON COLUMN supporthub.ticket_counters.last_number IS 'Highest ticket number handed out so far';
SELECT pg_catalog.pg_extension_config_dump('supporthub.ticket_counters', '');
