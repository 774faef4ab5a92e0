-- 056: change notifications.  Every recent_activities row raises
-- NOTIFY supporthub_activity with a JSON payload of ids only (tenant_id,
-- activity_id, ref_type, ref_id, ticket_id, action), delivered at commit
-- and dropped on rollback.  A row trigger on the feed table is the one
-- place every write path goes through: activity_log() in C and the ticket
-- statements that insert their feed row in a CTE alike.  The function is
-- C (src/notify.c): it runs once per feed row inside every write.
-- supporthub.notify (superuser-only, default on) turns it off.

CREATE FUNCTION supporthub.notify_activity()
RETURNS trigger
AS 'MODULE_PATHNAME', 'sh_notify_activity'
LANGUAGE C;
COMMENT ON FUNCTION supporthub.notify_activity() IS
	'Trigger of recent_activities: NOTIFY supporthub_activity with the row''s ids (never its changes), unless supporthub.notify is off';

CREATE TRIGGER recent_activities_notify
	AFTER INSERT ON supporthub.recent_activities
	FOR EACH ROW EXECUTE FUNCTION supporthub.notify_activity();
COMMENT ON TRIGGER recent_activities_notify ON supporthub.recent_activities IS
	'Every feed row raises NOTIFY supporthub_activity at commit, with ids only (supporthub.notify turns it off)';
