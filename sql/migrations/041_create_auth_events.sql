-- 041: auth_events — the sign-in log: sign-ups, sign-ins, failures,
-- sign-outs, revocations and refreshes, with device and address.  Failed
-- sign-ins are counted from it (per tenant and email, whether or not the
-- email has an account), so a failure leaves this row and nothing else.

CREATE TABLE supporthub.auth_events (
	tenant_id		uuid		NOT NULL,
	id				uuid		NOT NULL DEFAULT supporthub.uuid_v7(),
	user_id			uuid,
	session_id		uuid,
	event			supporthub.auth_event_kind NOT NULL,
	email_key		text		CONSTRAINT auth_events_email_key_check
		CHECK (char_length(email_key) BETWEEN 1 AND 5000),
	device_info		text		CONSTRAINT auth_events_device_info_check
		CHECK (char_length(device_info) BETWEEN 1 AND 500),
	client_addr		inet,
	created_at		timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT auth_events_pkey PRIMARY KEY (tenant_id, id),
	CONSTRAINT auth_events_user_fkey FOREIGN KEY (tenant_id, user_id)
		REFERENCES supporthub.users (tenant_id, id) ON DELETE CASCADE,
	CONSTRAINT auth_events_tenant_fkey FOREIGN KEY (tenant_id)
		REFERENCES supporthub.tenants (id) ON DELETE CASCADE
);
COMMENT ON TABLE supporthub.auth_events IS 'Sign-in log of a tenant: who signed up, in or out, failed or was throttled, which sessions were revoked or refreshed';
COMMENT ON COLUMN supporthub.auth_events.tenant_id IS 'Tenant signed into';
COMMENT ON COLUMN supporthub.auth_events.id IS 'Event id (UUIDv7): the feed order';
COMMENT ON COLUMN supporthub.auth_events.user_id IS 'The user, NULL for an attempt on an email without an account';
COMMENT ON COLUMN supporthub.auth_events.session_id IS 'The session concerned, if any (no foreign key: the log outlives its sessions)';
COMMENT ON COLUMN supporthub.auth_events.event IS 'What happened';
COMMENT ON COLUMN supporthub.auth_events.email_key IS 'name_key() of the email a password sign-in named: failures are counted per tenant and email';
COMMENT ON COLUMN supporthub.auth_events.device_info IS 'Device information the application passed';
COMMENT ON COLUMN supporthub.auth_events.client_addr IS 'Client address the application passed';
COMMENT ON COLUMN supporthub.auth_events.created_at IS 'When it happened';
COMMENT ON CONSTRAINT auth_events_pkey ON supporthub.auth_events IS 'An event is identified by its id within its tenant';
COMMENT ON CONSTRAINT auth_events_user_fkey ON supporthub.auth_events IS 'The user of an event belongs to the tenant; their events go with them';
COMMENT ON CONSTRAINT auth_events_tenant_fkey ON supporthub.auth_events IS 'Events of an existing tenant; deleted with it';
COMMENT ON CONSTRAINT auth_events_email_key_check ON supporthub.auth_events IS 'An email key is at most 5000 characters (name_key() of a 254-character address)';
COMMENT ON CONSTRAINT auth_events_device_info_check ON supporthub.auth_events IS 'Device information is 1–500 characters';
COMMENT ON INDEX supporthub.auth_events_pkey IS 'Finds an event by id within its tenant';
SELECT pg_catalog.pg_extension_config_dump('supporthub.auth_events', '');
