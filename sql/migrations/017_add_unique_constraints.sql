-- 017: uniqueness rules.  Names, labels, emails and titles compare without
-- regard to case or surrounding spaces ("Acme" = " acme "); all but the
-- tenant name are unique per tenant.  Ticket numbers are unique per tenant.

CREATE UNIQUE INDEX tenants_name_key
	ON supporthub.tenants (lower(btrim(name)));
COMMENT ON INDEX supporthub.tenants_name_key IS 'A tenant name is used once, ignoring case and surrounding spaces';

CREATE UNIQUE INDEX categories_name_key
	ON supporthub.categories (tenant_id, lower(btrim(name)));
COMMENT ON INDEX supporthub.categories_name_key IS 'A category name is used once per tenant, ignoring case and surrounding spaces';

CREATE UNIQUE INDEX escalation_types_label_key
	ON supporthub.escalation_types (tenant_id, lower(btrim(label)));
COMMENT ON INDEX supporthub.escalation_types_label_key IS 'An escalation-type label is used once per tenant, ignoring case and surrounding spaces';

CREATE UNIQUE INDEX users_email_key
	ON supporthub.users (tenant_id, lower(btrim(email)));
COMMENT ON INDEX supporthub.users_email_key IS 'An email address is used once per tenant, ignoring case and surrounding spaces';

CREATE UNIQUE INDEX templates_title_key
	ON supporthub.templates (tenant_id, category_id, lower(btrim(title)));
COMMENT ON INDEX supporthub.templates_title_key IS 'A template title is used once per category, ignoring case and surrounding spaces';

ALTER TABLE supporthub.tickets
	ADD CONSTRAINT tickets_number_key UNIQUE (tenant_id, ticket_number);
COMMENT ON CONSTRAINT tickets_number_key ON supporthub.tickets IS 'Ticket numbers are never duplicated within a tenant';
