#!/usr/bin/perl
# test/t/004_purge_on_schedule.pl — purge_expired_auth() run by pg_cron, as
# docs/operations.md schedules it, in a real cluster with pg_cron preloaded:
# an expired session and an expired verification token are removed by the
# scheduled job, while a live session and the user's data stay.  pg_cron
# (Debian's postgresql-15-cron, installed by test/deps.sh) runs jobs on the
# minute, so the test waits for the next one (at most about 70 seconds).
# Run by the TAP layer of test/layers.sh.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('cron',
	port => $ENV{SUPPORTHUB_TAP_PORT_CRON} // 54396);
$node->init;
$node->append_conf('postgresql.conf', qq{
shared_preload_libraries = 'pg_cron'
cron.database_name = 'helpdesk'
# jobs run in background workers: this cluster listens on no TCP port
cron.use_background_workers = on
max_worker_processes = 16
log_statement = none
});
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE helpdesk');
$node->safe_psql('helpdesk', q{
CREATE EXTENSION supporthub CASCADE;
CREATE EXTENSION pg_cron;
SET supporthub.bcrypt_cost = 4;
CREATE TABLE t AS SELECT id FROM supporthub.create_tenant('Cron');
CREATE TABLE live AS
	SELECT s.session_id FROM t, LATERAL supporthub.sign_up(t.id, 'Liv', 'liv@cron.test', 'liv password 1') s;
CREATE TABLE old AS
	SELECT s.session_id FROM t, LATERAL supporthub.sign_up(t.id, 'Oda', 'oda@cron.test', 'oda password 1') s;
-- Oda's session and verification token ran out a day ago
UPDATE supporthub.sessions SET expires_at = now() - interval '1 day',
	   access_expires_at = now() - interval '1 day'
 WHERE id = (SELECT session_id FROM old);
UPDATE supporthub.email_verifications SET expires_at = now() - interval '1 day'
 WHERE user_id = (SELECT id FROM supporthub.users WHERE email = 'oda@cron.test');
});
is($node->safe_psql('helpdesk', q{SELECT count(*) FROM supporthub.sessions}), '2',
	'two sessions before the job runs, one of them expired');

# the line of docs/operations.md
my $schedule = q{SELECT cron.schedule('supporthub-purge-auth', '* * * * *',
                     'SELECT * FROM supporthub.purge_expired_auth()')};
$node->safe_psql('helpdesk', $schedule);
is($node->safe_psql('helpdesk', q{SELECT jobname || ' ' || schedule FROM cron.job}),
	'supporthub-purge-auth * * * * *', 'the job is scheduled every minute');

# wait for one run of it
my $done = 0;
for (1 .. 90)
{
	$done = $node->safe_psql('helpdesk',
		q{SELECT count(*) FROM cron.job_run_details WHERE status IN ('succeeded', 'failed')});
	last if $done > 0;
	sleep 1;
}
ok($done > 0, 'pg_cron ran the job within 90 seconds');
like($node->safe_psql('helpdesk',
		q{SELECT status || ' ' || coalesce(return_message, '') FROM cron.job_run_details ORDER BY runid LIMIT 1}),
	qr/^succeeded SELECT \d+$/, 'the run succeeded (a row per kind of purged data)');
is($node->safe_psql('helpdesk', q{SELECT count(*) FROM supporthub.sessions WHERE id = (SELECT session_id FROM old)}),
	'0', 'the expired session is gone');
is($node->safe_psql('helpdesk',
		q{SELECT count(*) FROM supporthub.email_verifications v JOIN supporthub.users u ON u.id = v.user_id
		   WHERE u.email = 'oda@cron.test'}),
	'0', 'and the expired verification token');
is($node->safe_psql('helpdesk', q{SELECT count(*) FROM supporthub.sessions WHERE id = (SELECT session_id FROM live)}),
	'1', 'the live session stays');
is($node->safe_psql('helpdesk', q{SELECT count(*) FROM supporthub.users}), '2',
	'and so do the users');

$node->stop;
done_testing();
