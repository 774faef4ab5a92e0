-- test/bench/explain.sql — the plans behind the page of 50 tickets, under
-- RLS, as the benchmark runs them.  Run as postgres by test/bench/run.sh
-- with psql variables t (a tenant number) and deep (a ticket number far
-- down the tenant's list).
--
-- 1. EXPLAIN ANALYZE of the page as an application role (bench_app, subject
--    to RLS) with an agent of tenant :t as actor — the query a client would
--    write by hand.
-- 2. The statement get_tickets itself runs inside the API (SECURITY DEFINER
--    as supporthub_api, so RLS applies), caught with auto_explain
--    (log_nested_statements) on the 8th call, i.e. with the plan the
--    backend keeps using.  A plan with $1 is the generic plan, planned once
--    per backend; a plan with the tenant as a literal is a custom plan,
--    planned again on every call.
-- 3. A later page (after => an old ticket): is the keyset condition an
--    index condition?
-- 4. Both pages again with plan_cache_mode = force_generic_plan (SPI's kept
--    plans follow it too): the generic plans, whatever the plan cache would
--    choose.
-- 5. That later page as a plain SELECT under RLS, for comparison.

\set ON_ERROR_STOP 1
\pset footer off

SELECT bench.id(2, :t, 3) AS agent, bench.id(1, :t, 0) AS tenant, bench.id(5, :t, :deep) AS deep_id \gset

\echo '=== 1. SELECT … WHERE tenant_id = … AND status = ''open'' ORDER BY id DESC LIMIT 50, as bench_app (RLS), actor: an agent'
SET ROLE bench_app;
BEGIN;
SELECT supporthub.act_as(:'agent') \g /dev/null
SELECT format('EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM supporthub.tickets WHERE tenant_id = %L AND status = %L ORDER BY id DESC LIMIT 50',
			  :'tenant', 'open') AS q \gset
:q;
COMMIT;
RESET ROLE;

\echo '=== 2. inside supporthub.get_tickets(status => ''open''): the kept plan after 7 calls (auto_explain)'
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0;
SET auto_explain.log_analyze = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_timing = off;
SET auto_explain.log_format = text;
SET auto_explain.log_level = notice;
SET client_min_messages = notice;
BEGIN;
SELECT supporthub.act_as(:'agent') \g /dev/null
SELECT count(*) FROM supporthub.get_tickets(status => 'open') \g /dev/null
SELECT count(*) FROM supporthub.get_tickets(status => 'open') \g /dev/null
SELECT count(*) FROM supporthub.get_tickets(status => 'open') \g /dev/null
SELECT count(*) FROM supporthub.get_tickets(status => 'open') \g /dev/null
SELECT count(*) FROM supporthub.get_tickets(status => 'open') \g /dev/null
SELECT count(*) FROM supporthub.get_tickets(status => 'open') \g /dev/null
SET auto_explain.log_nested_statements = on;
SELECT count(*) AS rows FROM supporthub.get_tickets(status => 'open');

\echo '=== 3. a later page: get_tickets(status => ''open'', after => ticket :deep)'
SELECT count(*) AS rows FROM supporthub.get_tickets(status => 'open', after => :'deep_id');
COMMIT;


\echo '=== 4. the generic plans (plan_cache_mode = force_generic_plan): first page, then the later page'
BEGIN;
SET LOCAL plan_cache_mode = force_generic_plan;
SELECT supporthub.act_as(:'agent') \g /dev/null
SELECT count(*) AS rows FROM supporthub.get_tickets(status => 'open');
SELECT count(*) AS rows FROM supporthub.get_tickets(status => 'open', after => :'deep_id');
COMMIT;
SET auto_explain.log_min_duration = -1;

\echo '=== 5. for comparison, that later page as a plain SELECT under RLS (bench_app): id < constant is an index condition'
SET ROLE bench_app;
BEGIN;
SELECT supporthub.act_as(:'agent') \g /dev/null
SELECT format('EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT * FROM supporthub.tickets WHERE tenant_id = %L AND status = %L AND id < %L ORDER BY id DESC LIMIT 50',
			  :'tenant', 'open', :'deep_id') AS q \gset
:q;
COMMIT;
RESET ROLE;
