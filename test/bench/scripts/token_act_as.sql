-- The page of 50 open tickets as a signed-in agent, the actor named by id
-- (act_as): the reference of the token runs.  The id is read from the
-- same table the token run reads its token from.  A read-only request:
-- BEGIN READ ONLY, as an application sends a GET.
\set k random(1, :N)
BEGIN READ ONLY;
SELECT supporthub.act_as(user_id) FROM bench.session_tokens WHERE k = :k;
SELECT * FROM supporthub.get_tickets(status => 'open');
COMMIT;
