-- The same page, the actor from the agent's access token (act_as_session:
-- one index probe).  A read-only request, BEGIN READ ONLY, as an
-- application sends a GET: act_as_session never writes last_used_at there.
\set k random(1, :N)
BEGIN READ ONLY;
SELECT supporthub.act_as_session(access_token) FROM bench.session_tokens WHERE k = :k;
SELECT * FROM supporthub.get_tickets(status => 'open');
COMMIT;
