-- The same page with the actor from the access token, in a read-write
-- transaction: act_as_session writes the session's last_used_at at most
-- once a minute, so the first request of each session in a minute writes
-- a row and waits for its WAL flush at COMMIT.  Informational: what that
-- write costs when every session of the run is due (each round comes
-- minutes after the previous one).
\set k random(1, :N)
BEGIN;
SELECT supporthub.act_as_session(access_token) FROM bench.session_tokens WHERE k = :k;
SELECT * FROM supporthub.get_tickets(status => 'open');
COMMIT;
