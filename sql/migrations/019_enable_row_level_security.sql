-- 019: row-level security on every table, enabled and forced.
--
-- Read policies (every role): staff (admins, agents, the tenant itself) see
-- all rows of their tenant; a customer sees their own tickets and what hangs
-- off them, the tenant's categories and escalation types, their own user row
-- and the staff; without an actor nothing is visible.
-- Write policies apply to supporthub_api alone (the owner of the API
-- functions): no other role holds write privileges, and even the API can
-- only write rows of the actor's tenant.

CREATE POLICY tenants_read ON supporthub.tenants FOR SELECT
	USING (id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   OR supporthub.current_actor_is_platform());
COMMENT ON POLICY tenants_read ON supporthub.tenants IS 'An actor sees its own tenant; platform functions see all tenants';

CREATE POLICY tenants_write ON supporthub.tenants FOR ALL TO supporthub_api
	USING (supporthub.current_actor_is_platform())
	WITH CHECK (supporthub.current_actor_is_platform());
COMMENT ON POLICY tenants_write ON supporthub.tenants IS 'Only platform functions create, rename or delete tenants';

CREATE POLICY categories_read ON supporthub.categories FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY categories_read ON supporthub.categories IS 'Every actor of the tenant sees its categories';

CREATE POLICY escalation_types_read ON supporthub.escalation_types FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY escalation_types_read ON supporthub.escalation_types IS 'Every actor of the tenant sees its escalation types';

CREATE POLICY users_read ON supporthub.users FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR id OPERATOR(pg_catalog.=) supporthub.current_user_id()
				OR role OPERATOR(pg_catalog.<>) 'customer'::supporthub.user_role));
COMMENT ON POLICY users_read ON supporthub.users IS 'Staff see every user of the tenant; a customer sees their own row and the staff';

CREATE POLICY tickets_read ON supporthub.tickets FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id()));
COMMENT ON POLICY tickets_read ON supporthub.tickets IS 'Staff see every ticket of the tenant; a customer sees their own tickets';

CREATE POLICY ticket_counters_read ON supporthub.ticket_counters FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND supporthub.current_actor_is_staff());
COMMENT ON POLICY ticket_counters_read ON supporthub.ticket_counters IS 'Staff see their tenant''s ticket counter';

CREATE POLICY ticket_counters_api ON supporthub.ticket_counters FOR SELECT TO supporthub_api
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id());
COMMENT ON POLICY ticket_counters_api ON supporthub.ticket_counters IS 'The API numbers tickets for any actor of the tenant, customers included';

CREATE POLICY templates_read ON supporthub.templates FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND supporthub.current_actor_is_staff());
COMMENT ON POLICY templates_read ON supporthub.templates IS 'Templates are for staff only';

CREATE POLICY chats_read ON supporthub.chats FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR EXISTS (SELECT 1 FROM supporthub.tickets t
						   WHERE t.tenant_id OPERATOR(pg_catalog.=) chats.tenant_id
							 AND t.id OPERATOR(pg_catalog.=) chats.ticket_id
							 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY chats_read ON supporthub.chats IS 'Staff see every chat of the tenant; a customer sees the chats on their own tickets';

CREATE POLICY chat_msgs_read ON supporthub.chat_msgs FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR EXISTS (SELECT 1 FROM supporthub.chats c
						   JOIN supporthub.tickets t
							 ON t.tenant_id OPERATOR(pg_catalog.=) c.tenant_id
							AND t.id OPERATOR(pg_catalog.=) c.ticket_id
						   WHERE c.tenant_id OPERATOR(pg_catalog.=) chat_msgs.tenant_id
							 AND c.id OPERATOR(pg_catalog.=) chat_msgs.chat_id
							 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY chat_msgs_read ON supporthub.chat_msgs IS 'Staff see every message of the tenant; a customer sees the messages of chats on their own tickets';

CREATE POLICY recordings_read ON supporthub.recordings FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR EXISTS (SELECT 1 FROM supporthub.tickets t
						   WHERE t.tenant_id OPERATOR(pg_catalog.=) recordings.tenant_id
							 AND t.id OPERATOR(pg_catalog.=) recordings.ticket_id
							 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY recordings_read ON supporthub.recordings IS 'Staff see every recording of the tenant; a customer sees those of their own tickets';

CREATE POLICY communications_read ON supporthub.communications FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR EXISTS (SELECT 1 FROM supporthub.tickets t
						   WHERE t.tenant_id OPERATOR(pg_catalog.=) communications.tenant_id
							 AND t.id OPERATOR(pg_catalog.=) communications.ticket_id
							 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY communications_read ON supporthub.communications IS 'Staff see every communication of the tenant; a customer sees those of their own tickets';

CREATE POLICY escalations_read ON supporthub.escalations FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR EXISTS (SELECT 1 FROM supporthub.tickets t
						   WHERE t.tenant_id OPERATOR(pg_catalog.=) escalations.tenant_id
							 AND t.id OPERATOR(pg_catalog.=) escalations.ticket_id
							 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY escalations_read ON supporthub.escalations IS 'Staff see every escalation of the tenant; a customer sees those of their own tickets';

CREATE POLICY recent_activities_read ON supporthub.recent_activities FOR SELECT
	USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
		   AND (supporthub.current_actor_is_staff()
				OR (ref_type OPERATOR(pg_catalog.=) 'user'::supporthub.activity_ref_type
					AND ref_id OPERATOR(pg_catalog.=) supporthub.current_user_id())
				OR EXISTS (SELECT 1 FROM supporthub.tickets t
						   WHERE t.tenant_id OPERATOR(pg_catalog.=) recent_activities.tenant_id
							 AND t.id OPERATOR(pg_catalog.=) recent_activities.ticket_id
							 AND t.customer_id OPERATOR(pg_catalog.=) supporthub.current_user_id())));
COMMENT ON POLICY recent_activities_read ON supporthub.recent_activities IS 'Staff see the whole feed of the tenant; a customer sees what happened to their own tickets and their own user row';

-- Write policies: identical for every tenant-scoped table, so made in one loop.
DO $rls$
DECLARE
	t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['tenants', 'categories', 'escalation_types', 'users',
							 'tickets', 'ticket_counters', 'templates', 'chats',
							 'chat_msgs', 'recordings', 'communications',
							 'escalations', 'recent_activities']
	LOOP
		EXECUTE format('ALTER TABLE supporthub.%I ENABLE ROW LEVEL SECURITY', t);
		EXECUTE format('ALTER TABLE supporthub.%I FORCE ROW LEVEL SECURITY', t);
		CONTINUE WHEN t = 'tenants';
		EXECUTE format('CREATE POLICY %I ON supporthub.%I FOR INSERT TO supporthub_api '
					   'WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())',
					   t || '_insert', t);
		EXECUTE format('CREATE POLICY %I ON supporthub.%I FOR UPDATE TO supporthub_api '
					   'USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()) '
					   'WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())',
					   t || '_update', t);
		EXECUTE format('CREATE POLICY %I ON supporthub.%I FOR DELETE TO supporthub_api '
					   'USING (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id())',
					   t || '_delete', t);
		EXECUTE format('COMMENT ON POLICY %I ON supporthub.%I IS %L', t || '_insert', t,
					   'The API inserts rows of the actor''s tenant only');
		EXECUTE format('COMMENT ON POLICY %I ON supporthub.%I IS %L', t || '_update', t,
					   'The API updates rows of the actor''s tenant only');
		EXECUTE format('COMMENT ON POLICY %I ON supporthub.%I IS %L', t || '_delete', t,
					   'The API deletes rows of the actor''s tenant only');
	END LOOP;
END
$rls$;
