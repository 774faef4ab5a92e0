-- 026: reading the activity feed.

CREATE FUNCTION supporthub.get_recent_activities(ref_type supporthub.activity_ref_type DEFAULT NULL,
												 ref_id uuid DEFAULT NULL,
												 after uuid DEFAULT NULL,
												 page_size integer DEFAULT 50)
RETURNS SETOF supporthub.recent_activities
AS 'MODULE_PATHNAME', 'sh_get_recent_activities'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 50;
COMMENT ON FUNCTION supporthub.get_recent_activities(supporthub.activity_ref_type, uuid, uuid, integer) IS
	'The activity feed visible to the actor, optionally about one object, newest first, keyset-paged';
