-- 027: conversations on a ticket — chats, messages, recordings, communications.

CREATE FUNCTION supporthub.start_chat(ticket_id uuid)
RETURNS supporthub.chats
AS 'MODULE_PATHNAME', 'sh_start_chat'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.start_chat(uuid) IS
	'Start a chat on a ticket that is not closed (staff, or the ticket''s customer)';

CREATE FUNCTION supporthub.post_chat_msg(chat_id uuid, message text)
RETURNS supporthub.chat_msgs
AS 'MODULE_PATHNAME', 'sh_post_chat_msg'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.post_chat_msg(uuid, text) IS
	'Post a message (1–10000 characters) to an open chat of a ticket that is not closed (staff, or the ticket''s customer)';

CREATE FUNCTION supporthub.get_chat_msgs(chat_id uuid, after uuid DEFAULT NULL, page_size integer DEFAULT 50)
RETURNS SETOF supporthub.chat_msgs
AS 'MODULE_PATHNAME', 'sh_get_chat_msgs'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
ROWS 50;
COMMENT ON FUNCTION supporthub.get_chat_msgs(uuid, uuid, integer) IS
	'Messages of a chat the actor can see, newest first, keyset-paged';

CREATE FUNCTION supporthub.close_chat(chat_id uuid)
RETURNS supporthub.chats
AS 'MODULE_PATHNAME', 'sh_close_chat'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.close_chat(uuid) IS
	'Close an open chat (staff, or the ticket''s customer)';

CREATE FUNCTION supporthub.add_recording(chat_id uuid, url text)
RETURNS supporthub.recordings
AS 'MODULE_PATHNAME', 'sh_add_recording'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.add_recording(uuid, text) IS
	'Attach a recording (absolute http(s) URL, at most 2048 characters) to a chat of a ticket that is not closed (staff only)';

CREATE FUNCTION supporthub.get_recordings(ticket_id uuid)
RETURNS SETOF supporthub.recordings
AS 'MODULE_PATHNAME', 'sh_get_recordings'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_recordings(uuid) IS
	'Recordings of a ticket the actor can see, newest first';

CREATE FUNCTION supporthub.log_communication(ticket_id uuid, type supporthub.comm_type, summary text,
											 chat_id uuid DEFAULT NULL)
RETURNS supporthub.communications
AS 'MODULE_PATHNAME', 'sh_log_communication'
LANGUAGE C VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.log_communication(uuid, supporthub.comm_type, text, uuid) IS
	'Log an email, text, call or push about a ticket that is not closed (staff only); chat_id, when given, must be a chat of that ticket';

CREATE FUNCTION supporthub.get_communications(ticket_id uuid)
RETURNS SETOF supporthub.communications
AS 'MODULE_PATHNAME', 'sh_get_communications'
LANGUAGE C STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION supporthub.get_communications(uuid) IS
	'Communications logged on a ticket the actor can see, newest first';
