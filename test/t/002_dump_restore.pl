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
CREATE EXTENSION supporthub;
CREATE ROLE app LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_service;
-- where the fixture keeps the ids it needs later (a plain table: dumped too)
CREATE TABLE public.fixture (name text PRIMARY KEY, id uuid NOT NULL);
GRANT SELECT, INSERT ON public.fixture TO app;
});

# ---- a fixture touching every table, through the API, as the application ------
# Awkward text on purpose: quotes, backslashes, tabs, newlines, non-ASCII,
# a long description, NULLs and empty strings where allowed.
$node->safe_psql('src', q{
BEGIN;
DO $fixture$
DECLARE
	acme uuid; globex uuid; gone uuid;
	adm uuid; ag1 uuid; ag2 uuid; cu1 uuid; cu2 uuid; cu3 uuid;
	billing uuid; outage uuid; misc uuid; mgr uuid; legal uuid;
	t1 uuid; t2 uuid; t3 uuid; t4 uuid; t5 uuid; c1 uuid; c2 uuid; tpl uuid;
	i int;
BEGIN
	acme := (supporthub.create_tenant('Acme «Ünïcødé» Ltd.')).id;
	globex := (supporthub.create_tenant('Globex')).id;
	gone := (supporthub.create_tenant('Short-lived')).id;
	PERFORM supporthub.update_tenant(globex, 'Globex Corporation');
	PERFORM supporthub.delete_tenant(gone);

	FOR i IN 1..2 LOOP
		PERFORM supporthub.act_as_tenant(CASE i WHEN 1 THEN acme ELSE globex END);
		adm := (supporthub.create_user('Ådmin O''Neil', 'admin@t' || i || '.test', 'admin')).id;
		ag1 := (supporthub.create_user('Agent "Smith"', 'smith@t' || i || '.test', 'agent')).id;
		ag2 := (supporthub.create_user('Agent — Dash', 'tab@t' || i || '.test', 'agent')).id;
		cu1 := (supporthub.create_user('客户 一', 'one@customer.test', 'customer')).id;
		cu2 := (supporthub.create_user(E'Back\\slash', 'two@customer.test', 'customer')).id;
		cu3 := (supporthub.create_user('Leaving', 'three@customer.test', 'customer')).id;
		billing := (supporthub.create_category('Billing', E'Money\nmatters')).id;
		outage := (supporthub.create_category('Outage', NULL)).id;
		misc := (supporthub.create_category('Misc', 'to be deleted')).id;
		PERFORM supporthub.update_category(outage, description => 'Site or app down');
		PERFORM supporthub.delete_category(misc);
		mgr := (supporthub.create_escalation_type('Manager review')).id;
		legal := (supporthub.create_escalation_type('Legal')).id;
		PERFORM supporthub.update_escalation_type(legal, 'Legal & compliance');
		tpl := (supporthub.create_template(billing, 'Refund', E'Dear {{name}},\n\nYour refund…', 'email')).id;
		PERFORM supporthub.create_template(billing, 'Refund SMS', 'Refund on its way', 'sms');
		PERFORM supporthub.create_template(outage, 'We are on it', 'Push: investigating', 'push');
		PERFORM supporthub.update_template(tpl, body => E'Dear {{name}},\n\nYour refund of 10 € is on its way.');
		PERFORM supporthub.delete_template((supporthub.create_template(outage, 'Temp', 'x', 'sms')).id);
		INSERT INTO public.fixture VALUES ('tenant' || i, CASE i WHEN 1 THEN acme ELSE globex END),
			('admin' || i, adm), ('agent' || i, ag1), ('customer' || i, cu1),
			('billing' || i, billing), ('mgr' || i, mgr);

		PERFORM supporthub.act_as(adm);
		t1 := (supporthub.create_ticket('Charged twice', E'Card charged twice.\nRef: "A\\B"', billing, 'low', cu1)).id;
		t2 := (supporthub.create_ticket('Site down', repeat('Nothing loads. ', 4000), outage, 'high', cu2)).id;
		t3 := (supporthub.create_ticket('Empty description', '', billing, 'medium', cu1)).id;
		t4 := (supporthub.create_ticket('To delete', 'x', outage, 'urgent', cu3)).id;
		t5 := (supporthub.create_ticket('Closed one', 'done', billing, 'low', cu2)).id;
		PERFORM supporthub.assign_agent(t1, ag1);
		PERFORM supporthub.assign_agent(t2, ag2);
		PERFORM supporthub.assign_agent(t2, ag1);
		PERFORM supporthub.assign_agent(t5, ag2);
		PERFORM supporthub.escalate(t1, mgr, 'Still waiting');
		PERFORM supporthub.escalate(t1, legal, NULL);
		PERFORM supporthub.escalate(t2, mgr, 'Ünïcødé reason');
		PERFORM supporthub.update_ticket(t3, subject => 'Empty description (edited)', priority => 'high');
		PERFORM supporthub.set_ticket_status(t3, 'pending');
		PERFORM supporthub.set_ticket_status(t5, 'resolved');
		PERFORM supporthub.set_ticket_status(t5, 'closed');
		PERFORM supporthub.set_ticket_status(t2, 'resolved');
		PERFORM supporthub.set_ticket_status(t2, 'open');
		c1 := (supporthub.start_chat(t1)).id;
		PERFORM supporthub.post_chat_msg(c1, 'Hello from staff');
		PERFORM supporthub.add_recording(c1, 'https://rec.example.test/calls/' || i || '.ogg');
		PERFORM supporthub.log_communication(t1, 'call', 'Called back', c1);
		PERFORM supporthub.log_communication(t1, 'email', E'Sent\tthe link');
		PERFORM supporthub.log_communication(t2, 'sms', 'Texted');
		PERFORM supporthub.log_communication(t2, 'push', 'Pushed');
		PERFORM supporthub.close_chat(c1);
		c2 := (supporthub.start_chat(t2)).id;
		PERFORM supporthub.post_chat_msg(c2, 'Ping');
		PERFORM supporthub.delete_ticket(t4);
		PERFORM supporthub.update_user(ag2, active => false);
		PERFORM supporthub.delete_user(cu3);

		PERFORM supporthub.act_as(cu1);
		PERFORM supporthub.create_ticket('From the customer', 'Please call me', billing);
		PERFORM supporthub.escalate(t3, mgr, 'customer escalates');
		c2 := (supporthub.start_chat(t3)).id;
		PERFORM supporthub.post_chat_msg(c2, '客户的消息');
	END LOOP;
END
$fixture$;
COMMIT;
}, extra_params => [ '-U', 'app' ]);

# ---- every table has rows ------------------------------------------------------
my @tables = split /\n/, $node->safe_psql('src', q{
SELECT c.relname FROM pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY 1});
is(scalar(@tables), 13, 'supporthub has 13 tables: ' . join(', ', @tables));
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
SELECT count(*) || ' ' || md5(string_agg(f::text, ',' ORDER BY f.name)) FROM public.fixture f});
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
SELECT id AS tenant FROM fixture WHERE name = 'tenant1' \gset
SELECT id AS admin FROM fixture WHERE name = 'admin1' \gset
SELECT id AS agent FROM fixture WHERE name = 'agent1' \gset
SELECT id AS customer FROM fixture WHERE name = 'customer1' \gset
SELECT id AS billing FROM fixture WHERE name = 'billing1' \gset
SELECT id AS mgr FROM fixture WHERE name = 'mgr1' \gset
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
