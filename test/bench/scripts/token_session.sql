-- The same page, the actor from the agent's access token (act_as_session:
-- one index probe; last_used_at written at most once a minute).
\set k random(1, :N)
BEGIN;
SELECT supporthub.act_as_session(access_token) FROM bench.session_tokens WHERE k = :k;
SELECT * FROM supporthub.get_tickets(status => 'open');
COMMIT;
