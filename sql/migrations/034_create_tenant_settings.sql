-- 034: tenant_settings — one row per tenant holding its settings
-- (SPEC-1.1 §D), and get_tenant_settings / update_tenant_settings.
--
-- Every setting is a typed column whose CHECK constraint is its rule; the
-- C code reads the limits of the integer settings from these constraints
-- and the digits of the refund limit from its numeric type, so a limit is
-- written here only.  create_tenant makes the row of a new tenant; the
-- rows of the tenants that exist already are made below.  The SLA
-- escalation type is a key of the same tenant; deleting that type clears
-- the setting (ON DELETE SET NULL of that one column, PostgreSQL 15).

CREATE TABLE supporthub.tenant_settings (
	tenant_id				uuid		NOT NULL REFERENCES supporthub.tenants (id) ON DELETE CASCADE,
	self_sign_up			boolean		NOT NULL DEFAULT true,
	max_sessions_per_user	integer		NOT NULL DEFAULT 5 CHECK (max_sessions_per_user BETWEEN 1 AND 100),
	access_token_minutes	integer		NOT NULL DEFAULT 15 CHECK (access_token_minutes BETWEEN 1 AND 1440),
	refresh_token_days		integer		NOT NULL DEFAULT 30 CHECK (refresh_token_days BETWEEN 1 AND 90),
	refresh_reuse_seconds	integer		NOT NULL DEFAULT 10 CHECK (refresh_reuse_seconds BETWEEN 0 AND 300),
	auto_assign				boolean		NOT NULL DEFAULT false,
	sla_escalation_type_id	uuid,
	agent_refund_limit		numeric(12, 2) CHECK (agent_refund_limit BETWEEN 0 AND 9999999999.99),
	currency				text		NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
	time_zone				text		NOT NULL DEFAULT 'UTC' CHECK (char_length(time_zone) BETWEEN 1 AND 64),
	updated_at				timestamptz	NOT NULL DEFAULT now(),
	CONSTRAINT tenant_settings_pkey PRIMARY KEY (tenant_id),
	CONSTRAINT tenant_settings_sla_escalation_type_fkey FOREIGN KEY (tenant_id, sla_escalation_type_id)
		REFERENCES supporthub.escalation_types (tenant_id, id) ON DELETE SET NULL (sla_escalation_type_id)
);
COMMENT ON TABLE supporthub.tenant_settings IS 'The settings of each tenant, one row per tenant: sign-in and sessions, routing, SLA, refunds, currency and time zone; read with get_tenant_settings, changed with update_tenant_settings';
COMMENT ON COLUMN supporthub.tenant_settings.tenant_id IS 'The tenant these settings are of';
COMMENT ON COLUMN supporthub.tenant_settings.self_sign_up IS 'Whether people may sign themselves up as customers';
COMMENT ON COLUMN supporthub.tenant_settings.max_sessions_per_user IS 'Live sessions a user may hold; a sign-in beyond it ends the least recently used one';
COMMENT ON COLUMN supporthub.tenant_settings.access_token_minutes IS 'How long an access token is valid, in minutes';
COMMENT ON COLUMN supporthub.tenant_settings.refresh_token_days IS 'How long a refresh token is valid, in days';
COMMENT ON COLUMN supporthub.tenant_settings.refresh_reuse_seconds IS 'How long after a refresh the replaced refresh token is answered "just refreshed" instead of ending the session';
COMMENT ON COLUMN supporthub.tenant_settings.auto_assign IS 'Whether new tickets are assigned to a representative automatically';
COMMENT ON COLUMN supporthub.tenant_settings.sla_escalation_type_id IS 'The escalation type an SLA breach escalates with; NULL when none is chosen';
COMMENT ON COLUMN supporthub.tenant_settings.agent_refund_limit IS 'The largest refund an agent may approve alone; NULL means no limit';
COMMENT ON COLUMN supporthub.tenant_settings.currency IS 'The tenant''s currency, an ISO 4217 code (USD)';
COMMENT ON COLUMN supporthub.tenant_settings.time_zone IS 'The tenant''s time zone, an IANA name as pg_timezone_names spells it';
COMMENT ON COLUMN supporthub.tenant_settings.updated_at IS 'When a setting was last changed';

COMMENT ON INDEX supporthub.tenant_settings_pkey IS 'The settings row of a tenant (every read and update of the settings; clearing a deleted SLA escalation type)';
COMMENT ON CONSTRAINT tenant_settings_pkey ON supporthub.tenant_settings IS 'One settings row per tenant';
COMMENT ON CONSTRAINT tenant_settings_tenant_id_fkey ON supporthub.tenant_settings IS 'Settings belong to an existing tenant; deleted with it';
COMMENT ON CONSTRAINT tenant_settings_sla_escalation_type_fkey ON supporthub.tenant_settings IS 'The SLA escalation type, when set, is an escalation type of the same tenant; deleting that type clears the setting';
COMMENT ON CONSTRAINT tenant_settings_max_sessions_per_user_check ON supporthub.tenant_settings IS 'A user may hold 1–100 live sessions';
COMMENT ON CONSTRAINT tenant_settings_access_token_minutes_check ON supporthub.tenant_settings IS 'An access token lives 1–1440 minutes (at most a day)';
COMMENT ON CONSTRAINT tenant_settings_refresh_token_days_check ON supporthub.tenant_settings IS 'A refresh token lives 1–90 days';
COMMENT ON CONSTRAINT tenant_settings_refresh_reuse_seconds_check ON supporthub.tenant_settings IS 'A replaced refresh token is forgiven for 0–300 seconds';
COMMENT ON CONSTRAINT tenant_settings_agent_refund_limit_check ON supporthub.tenant_settings IS 'A refund limit is an amount from 0 to 9999999999.99 (never NaN)';
COMMENT ON CONSTRAINT tenant_settings_currency_check ON supporthub.tenant_settings IS 'A currency is three capital letters (ISO 4217)';
COMMENT ON CONSTRAINT tenant_settings_time_zone_check ON supporthub.tenant_settings IS 'A time zone name is 1–64 characters';

SELECT pg_catalog.pg_extension_config_dump('supporthub.tenant_settings', '');

-- Staff read their tenant's settings; a customer does not (the refund
-- limit and the routing are the staff's business).  The API reads them
-- for any actor of the tenant: sign-in and sessions need the lifetimes
-- when a customer acts.  Only the API writes, and only its actor's row; a
-- platform function (create_tenant) inserts the row of a new tenant.
ALTER TABLE supporthub.tenant_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE supporthub.tenant_settings FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_settings_read ON supporthub.tenant_settings FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND supporthub.current_actor_is_staff());
COMMENT ON POLICY tenant_settings_read ON supporthub.tenant_settings IS 'Staff see their tenant''s settings';

CREATE POLICY tenant_settings_api ON supporthub.tenant_settings FOR SELECT TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY tenant_settings_api ON supporthub.tenant_settings IS 'The API reads the settings for any actor of the tenant, customers included';

CREATE POLICY tenant_settings_insert ON supporthub.tenant_settings FOR INSERT TO supporthub_api
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
				OR supporthub.current_actor_is_platform());
COMMENT ON POLICY tenant_settings_insert ON supporthub.tenant_settings IS 'The API inserts the settings of the actor''s tenant; create_tenant (a platform function) those of the tenant it creates';

CREATE POLICY tenant_settings_update ON supporthub.tenant_settings FOR UPDATE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY tenant_settings_update ON supporthub.tenant_settings IS 'The API updates the settings of the actor''s tenant only';

CREATE POLICY tenant_settings_delete ON supporthub.tenant_settings FOR DELETE TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY tenant_settings_delete ON supporthub.tenant_settings IS 'The API deletes the settings of the actor''s tenant only (in practice they go with the tenant)';

-- The tenants of a database updated from 1.0 get their row, with the defaults.
INSERT INTO supporthub.tenant_settings (tenant_id) SELECT t.id FROM supporthub.tenants t;

CREATE FUNCTION supporthub.get_tenant_settings()
RETURNS jsonb
AS 'MODULE_PATHNAME', 'sh_get_tenant_settings'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_tenant_settings() IS
	'The settings of the actor''s tenant (staff only): every key with its value';

CREATE FUNCTION supporthub.update_tenant_settings(settings jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'sh_update_tenant_settings'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.update_tenant_settings(jsonb) IS
	'Change the settings given as keys of a JSON object (admins only); returns every key with its value';
