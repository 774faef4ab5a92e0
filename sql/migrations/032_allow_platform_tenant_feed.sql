-- 032: the feed rows of create_tenant and update_tenant are written by the
-- platform function itself, which acts for no tenant: the insert policy of
-- recent_activities lets the platform actor write a tenant's own row
-- (ref_type 'tenant', about that tenant, by no user), so writing the feed
-- never has to change who is acting.

DROP POLICY recent_activities_insert ON supporthub.recent_activities;
CREATE POLICY recent_activities_insert ON supporthub.recent_activities FOR INSERT TO supporthub_api
	WITH CHECK (tenant_id OPERATOR(pg_catalog.=) supporthub.current_tenant_id()
				OR (supporthub.current_actor_is_platform()
					AND ref_type OPERATOR(pg_catalog.=) 'tenant'::supporthub.activity_ref_type
					AND ref_id OPERATOR(pg_catalog.=) tenant_id
					AND user_id IS NULL));
COMMENT ON POLICY recent_activities_insert ON supporthub.recent_activities IS
	'The API inserts rows of the actor''s tenant only; a platform function inserts only a tenant''s own row (ref_type tenant, no user)';
