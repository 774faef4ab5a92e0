#!/usr/bin/perl
# test/t/002_dump_restore.pl — pg_dump and restore into a fresh database keep
# every row of every supporthub table (the tables are registered with
# pg_extension_config_dump), the privileges, policies and function owners,
# and the API works on the restored copy.  Both formats: plain SQL restored
# with psql, custom format restored with pg_restore.
# Run by the TAP layer of test/layers.sh (see docs/reliability.md).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dump',
	port => $ENV{SUPPORTHUB_TAP_PORT_DUMP} // 54392);
$node->init;
$node->append_conf('postgresql.conf', "log_statement = none\n");
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
CREATE EXTENSION supporthub CASCADE;
CREATE ROLE app LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_service, supporthub_platform;
GRANT CREATE ON SCHEMA public TO app;	-- for the fixture's lookup table
});

# ---- the shared fixture, through the API, as the application ---------------------
# test/fixture/fixture.sql: two tenants touching every table, with awkward
# text on purpose (quotes, backslashes, tabs, newlines, non-ASCII, a long
# description, NULLs and empty strings where allowed), deletions and
# renames.  Its lookup table public.fixture is a plain table: dumped too.
my $fixture = ($ENV{SUPPORTHUB_ROOT} // '.') . '/test/fixture/fixture.sql';
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-U', 'app', '-d', 'src', '-f', $fixture ],
	'the shared fixture loads through the API as the application');
$node->safe_psql('src', 'REVOKE CREATE ON SCHEMA public FROM app');

# ---- every table has rows ------------------------------------------------------
my @tables = split /\n/, $node->safe_psql('src', q{
SELECT c.relname FROM pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY 1});
my %is_table = map { $_ => 1 } @tables;
my @kinds = split /\n/, $node->safe_psql('src', 'SELECT DISTINCT kind FROM public.fixture ORDER BY 1');
is(join(', ', grep { !$is_table{$_} } @kinds), '',
	'the catalog lists every table the fixture names (' . scalar(@tables) . ' tables: ' . join(', ', @tables) . ')');
my $config = $node->safe_psql('src', q{
SELECT count(*) FROM pg_extension e, unnest(e.extconfig) r WHERE e.extname = 'supporthub'});
is($config, scalar(@tables), 'every table is registered with pg_extension_config_dump');
my @rows;
for my $t (@tables)
{
	my $n = $node->safe_psql('src', "SELECT count(*) FROM supporthub.$t");
	cmp_ok($n, '>', 0, "fixture has rows in $t");
	push @rows, "$t $n";
}
note 'fixture rows: ' . join(', ', @rows);

# Content of every table: row count and md5 of the rows in a stable order.
sub content
{
	my ($db) = @_;
	my %c;
	for my $t (@tables)
	{
		$c{$t} = $node->safe_psql($db, qq{
SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-')
  FROM supporthub.$t t});
	}
	$c{'public.fixture'} = $node->safe_psql($db, q{
SELECT count(*) || ' ' || md5(string_agg(f::text, ',' ORDER BY f.side, f.name)) FROM public.fixture f});
	return \%c;
}

# What else a restore must bring back: extension membership of config
# tables, row-level security, policies, grants, function owners.
my $catalog_sql = q{
SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
	SELECT 'config ' || r::regclass::text || ' ' || coalesce(extcondition[i], '')
	  FROM pg_extension e, unnest(e.extconfig) WITH ORDINALITY u(r, i)
	 WHERE e.extname = 'supporthub'
	UNION ALL
	SELECT 'rel ' || c.relname || ' ' || c.relrowsecurity || c.relforcerowsecurity || ' '
		   || coalesce(c.relacl::text, '') || ' ' || c.relowner::regrole::text
	  FROM pg_class c WHERE c.relnamespace = 'supporthub'::regnamespace
	UNION ALL
	SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || roles::text
		   || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')
	  FROM pg_policies WHERE schemaname = 'supporthub'
	UNION ALL
	SELECT 'proc ' || p.oid::regprocedure::text || ' ' || p.proowner::regrole::text || ' '
		   || p.prosecdef || ' ' || coalesce(p.proacl::text, '')
	  FROM pg_proc p WHERE p.pronamespace = 'supporthub'::regnamespace
) s(x)};

my $before  = content('src');
my $catalog = $node->safe_psql('src', $catalog_sql);
my $tmp     = PostgreSQL::Test::Utils::tempdir;

# ---- dump, restore in both formats -----------------------------------------------
$node->command_ok([ 'pg_dump', '-d', 'src', '-f', "$tmp/src.sql" ], 'pg_dump, plain format');
$node->command_ok([ 'pg_dump', '-d', 'src', '-Fc', '-f', "$tmp/src.dump" ], 'pg_dump, custom format');
like(slurp_file("$tmp/src.sql"), qr/^COPY supporthub\.tickets /m, 'the dump holds the ticket rows');

$node->safe_psql('postgres', 'CREATE DATABASE restored_plain');
$node->safe_psql('postgres', 'CREATE DATABASE restored_custom');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction',
		'-d', 'restored_plain', '-f', "$tmp/src.sql" ],
	'plain dump restores into a fresh database with psql, without error');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', 'restored_custom', "$tmp/src.dump" ],
	'custom dump restores into a fresh database with pg_restore, without error');

for my $db (qw(restored_plain restored_custom))
{
	my $after = content($db);
	my @diff = grep { ($before->{$_} // '') ne ($after->{$_} // '') } sort keys %$before;
	is(scalar(@diff), 0, "$db: every row of every table is the same ("
		  . scalar(keys %$before) . ' tables compared)')
	  or diag join("\n", map { "$_: $before->{$_} vs " . ($after->{$_} // 'missing') } @diff);
	is($node->safe_psql($db, $catalog_sql), $catalog,
		"$db: config tables, RLS, policies, grants and function owners are the same");
}

# A dump of the restored copy is the dump of the original: nothing was lost
# that a later dump would need.  Compared line by line after sorting: COPY
# may put a row on an earlier page of the fresh table than it had in the
# original, so rows can come out in another physical order.
# (\restrict and \unrestrict carry a random key, new in every dump.)
$node->command_ok([ 'pg_dump', '-d', 'restored_custom', '-f', "$tmp/again.sql" ],
	'pg_dump of the restored copy');
sub dump_lines
{
	return join "\n", sort grep { !/^\\(un)?restrict / } split /\n/, slurp_file($_[0]);
}
my $same = dump_lines("$tmp/again.sql") eq dump_lines("$tmp/src.sql");
ok($same, 'the restored copy dumps the same statements and rows as the original');
diag `diff "$tmp/src.sql" "$tmp/again.sql" | head -40` unless $same;

# ---- the API works on the restored copy, as the application ---------------------
# The same calls on the original and on each copy must give the same answers.
my $api = q{
\set ON_ERROR_STOP 1
SELECT id AS tenant FROM fixture WHERE side = 'A' AND name = 'tenant' \gset
SELECT id AS admin FROM fixture WHERE side = 'A' AND name = 'admin' \gset
SELECT id AS agent FROM fixture WHERE side = 'A' AND name = 'agent' \gset
SELECT id AS customer FROM fixture WHERE side = 'A' AND name = 'customer' \gset
SELECT id AS billing FROM fixture WHERE side = 'A' AND name = 'billing' \gset
SELECT id AS mgr FROM fixture WHERE side = 'A' AND name = 'manager' \gset
-- without an actor nothing is visible
SELECT 'no actor sees', count(*) FROM supporthub.tickets;
BEGIN;
SELECT supporthub.act_as(:'admin') \g /dev/null
SELECT 'counter', last_number FROM supporthub.ticket_counters;
SELECT id AS t, ticket_number AS n FROM supporthub.create_ticket('After restore', 'x', :'billing', 'low', :'customer') \gset
SELECT 'new number', :n, :n = (SELECT last_number FROM supporthub.ticket_counters);
SELECT 'assigned', agent_id = :'agent' FROM supporthub.assign_agent(:'t', :'agent');
SELECT 'escalated', reason FROM supporthub.escalate(:'t', :'mgr', 'after restore');
SELECT 'priority', priority FROM supporthub.get_ticket_by_id(:'t');
SELECT 'status', status FROM supporthub.set_ticket_status(:'t', 'resolved');
SELECT id AS chat FROM supporthub.start_chat(:'t') \gset
SELECT 'chat', message FROM supporthub.post_chat_msg(:'chat', 'restored');
SELECT 'feed', action, ref_type FROM supporthub.get_recent_activities(ref_id => :'t') ORDER BY id;
SELECT 'tickets', count(*) FROM supporthub.get_tickets(page_size => 500);
SAVEPOINT a;
\set ON_ERROR_STOP 0
SELECT supporthub.create_user('Dup', ' ONE@customer.test ', 'customer');
\echo :SQLSTATE
ROLLBACK TO a;
\set ON_ERROR_STOP 1
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'customer') \g /dev/null
SELECT 'customer sees', count(*) FROM supporthub.tickets;
COMMIT;
};

my %answer;
for my $db (qw(src restored_plain restored_custom))
{
	my ($ret, $out, $err) = $node->psql($db, $api, extra_params => [ '-U', 'app' ]);
	is($ret, 0, "$db: the API script runs as the application") or diag $err;
	$answer{$db} = $out;
}
like($answer{src}, qr/^no actor sees\|0$/m, 'RLS: without an actor nothing is visible');
like($answer{src}, qr/^new number\|(\d+)\|t$/m, 'create_ticket hands out the next number');
like($answer{src}, qr/^priority\|medium$/m, 'escalate raises the priority');
like($answer{src}, qr/^23505$/m, 'the unique email index still refuses a duplicate');
is($answer{restored_plain}, $answer{src}, 'restored_plain answers exactly like the original');
is($answer{restored_custom}, $answer{src}, 'restored_custom answers exactly like the original');
note "API answers:\n$answer{src}";

$node->stop;
done_testing();
