-- refresh_session as an application calls it (a procedure, on its own),
-- each client rotating its own session's chain: the current refresh token
-- is read, rotated, and the new one kept for the next transaction.
SELECT refresh_token AS rt FROM bench.refresh_chain WHERE c = :client_id \gset
CALL supporthub.refresh_session(:rt, NULL) \gset
UPDATE bench.refresh_chain SET refresh_token = ((:session)::supporthub.session_tokens).refresh_token
 WHERE c = :client_id;
