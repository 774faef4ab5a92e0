#!/usr/bin/perl
# test/t/001_crash_recovery.pl — kill -9 of a backend while pgbench creates,
# assigns and escalates tickets through the API; after the postmaster's crash
# recovery:
#   - every transaction pgbench saw commit is there (pgbench's per-transaction
#     log, -l, checked against bench_log, written in the same transaction);
#   - every ticket has exactly one 'created' activity;
#   - ticket numbers are unique per tenant, gapless and equal to the
#     counter's last_number;
#   - no orphan rows; every index agrees with its table (amcheck);
#   - the API works again.
# Run by the TAP layer of test/layers.sh (see docs/reliability.md).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;
use Time::HiRes qw(usleep);

# Load, kill -9, recover: once per API write, each round killing (when it
# can catch one) a backend inside that call.
my @VICTIM  = qw(create_ticket assign_agent escalate);
my $ROUNDS  = scalar @VICTIM;
my $CLIENTS = 4;
my $TENANTS = 2;	# the shared fixture's tenants, A and B
my $SEEDED  = 40;	# tickets added per tenant (assign/escalate targets)

my $node = PostgreSQL::Test::Cluster->new('crash',
	port => $ENV{SUPPORTHUB_TAP_PORT_CRASH} // 54391);
$node->init;
$node->append_conf('postgresql.conf', q{
restart_after_crash = on
log_statement = none
max_connections = 30
});
$node->start;

my $host = $node->host;
my $port = $node->port;

# ---- extension, load role, side tables, fixture (through the API) ----------
$node->safe_psql('postgres', q{
CREATE EXTENSION supporthub CASCADE;
CREATE EXTENSION amcheck;
CREATE ROLE bench LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_service, supporthub_platform;
GRANT CREATE ON SCHEMA public TO bench;	-- for the fixture's lookup table
-- The load role cannot write supporthub's tables; what each committed
-- transaction got back is logged here, in the same transaction.
CREATE TABLE public.bench_log (
	round int NOT NULL, client int NOT NULL, seq int NOT NULL, op text NOT NULL,
	tenant_id uuid NOT NULL, ticket_id uuid NOT NULL, ticket_number bigint NOT NULL,
	ref_id uuid,
	PRIMARY KEY (round, client, seq));
CREATE TABLE public.bench_fixture (
	tenant_no int PRIMARY KEY, tenant_id uuid NOT NULL, admin_id uuid NOT NULL,
	agent_ids uuid[] NOT NULL, customer_ids uuid[] NOT NULL,
	category_ids uuid[] NOT NULL, type_ids uuid[] NOT NULL,
	first_seed bigint NOT NULL);
GRANT SELECT, INSERT ON public.bench_log, public.bench_fixture TO bench;
});

# The shared fixture (test/fixture/fixture.sql), then what only this test
# needs: $SEEDED open, unassigned, low tickets per tenant for the load to
# assign and escalate, and the ids the pgbench scripts pick from.
my $fixture = ($ENV{SUPPORTHUB_ROOT} // '.') . '/test/fixture/fixture.sql';
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-U', 'bench', '-d', 'postgres', '-f', $fixture ],
	'the shared fixture loads through the API as a non-superuser');
$node->safe_psql('postgres', qq{
BEGIN;
DO \$seed\$
DECLARE
	f record;
	first bigint;
	num bigint;
	i int;
BEGIN
	FOR f IN
		SELECT CASE side WHEN 'A' THEN 1 ELSE 2 END AS n,
			   (ids->>'tenant')::uuid AS tenant, (ids->>'admin')::uuid AS adm,
			   ARRAY[ids->>'agent', ids->>'agent2']::uuid[] AS ag,
			   ARRAY[ids->>'customer', ids->>'customer2']::uuid[] AS cu,
			   ARRAY[ids->>'billing', ids->>'outage']::uuid[] AS ca,
			   ARRAY[ids->>'manager', ids->>'legal']::uuid[] AS ty
		  FROM (SELECT side, jsonb_object_agg(name, id) AS ids FROM public.fixture GROUP BY side) s
		 ORDER BY side
	LOOP
		PERFORM supporthub.act_as(f.adm);
		first := NULL;
		FOR i IN 1..$SEEDED LOOP
			num := (supporthub.create_ticket('Seed ticket ' || i, 'fixture', f.ca[1 + i % 2], 'low',
											 f.cu[1 + i % 2])).ticket_number;
			first := coalesce(first, num);
		END LOOP;
		INSERT INTO public.bench_fixture VALUES (f.n, f.tenant, f.adm, f.ag, f.cu, f.ca, f.ty, first);
	END LOOP;
END
\$seed\$;
COMMIT;
REVOKE CREATE ON SCHEMA public FROM bench;
}, extra_params => [ '-U', 'bench' ]);

is($node->safe_psql('postgres', q{
SELECT count(*) FILTER (WHERE subject LIKE 'Seed ticket %') || ' seeded, '
	   || count(*) FILTER (WHERE id IN (SELECT id FROM public.fixture WHERE kind = 'tickets')) || ' of the fixture'
  FROM supporthub.tickets}),
	($TENANTS * $SEEDED) . ' seeded, ' . $node->safe_psql('postgres',
		q{SELECT count(*) FROM public.fixture WHERE kind = 'tickets'}) . ' of the fixture',
	'fixture and seeded tickets created through the API as a non-superuser');

# ---- the pgbench scripts -----------------------------------------------------
# Variables persist per client across transactions: seq numbers them, so each
# bench_log row can be matched with a line of pgbench's transaction log.
my $dir = PostgreSQL::Test::Utils::tempdir;
my %scripts = (
	create => qq{
\\set t random(1, $TENANTS)
\\set a random(1, 2)
\\set c random(1, 2)
\\set k random(1, 2)
\\set seq :seq + 1
BEGIN;
SELECT supporthub.act_as(agent_ids[:a]) FROM bench_fixture WHERE tenant_no = :t;
INSERT INTO bench_log (round, client, seq, op, tenant_id, ticket_id, ticket_number)
SELECT :round, :client_id, :seq, 'create', tk.tenant_id, tk.id, tk.ticket_number
  FROM bench_fixture f,
       LATERAL supporthub.create_ticket('Load ' || :seq, 'pgbench client ' || :client_id,
                                        f.category_ids[:k], 'low', f.customer_ids[:c]) tk
 WHERE f.tenant_no = :t;
COMMIT;
},
	assign => qq{
\\set t random(1, $TENANTS)
\\set g random(1, 2)
\\set n random(1, $SEEDED)
\\set seq :seq + 1
BEGIN;
SELECT supporthub.act_as(admin_id) FROM bench_fixture WHERE tenant_no = :t;
INSERT INTO bench_log (round, client, seq, op, tenant_id, ticket_id, ticket_number, ref_id)
SELECT :round, :client_id, :seq, 'assign', tk.tenant_id, tk.id, tk.ticket_number, tk.agent_id
  FROM bench_fixture f,
       LATERAL supporthub.get_ticket_by_number(f.first_seed + :n - 1) cur,
       LATERAL supporthub.assign_agent(cur.id, f.agent_ids[:g]) tk
 WHERE f.tenant_no = :t;
COMMIT;
},
	escalate => qq{
\\set t random(1, $TENANTS)
\\set a random(1, 2)
\\set y random(1, 2)
\\set n random(1, $SEEDED)
\\set seq :seq + 1
BEGIN;
SELECT supporthub.act_as(agent_ids[:a]) FROM bench_fixture WHERE tenant_no = :t;
INSERT INTO bench_log (round, client, seq, op, tenant_id, ticket_id, ticket_number, ref_id)
SELECT :round, :client_id, :seq, 'escalate', e.tenant_id, e.ticket_id, cur.ticket_number, e.id
  FROM bench_fixture f,
       LATERAL supporthub.get_ticket_by_number(f.first_seed + :n - 1) cur,
       LATERAL supporthub.escalate(cur.id, f.type_ids[:y], 'pgbench') e
 WHERE f.tenant_no = :t;
COMMIT;
});
my @order = qw(create assign escalate);	# pgbench script_no 0, 1, 2
my %weight = (create => 5, assign => 3, escalate => 2);
for my $s (@order)
{
	open my $fh, '>', "$dir/$s.sql" or die "$dir/$s.sql: $!";
	print $fh $scripts{$s};
	close $fh;
}

# A backend of the load to kill: busy, preferably inside the given call.
sub load_backend
{
	my ($call) = @_;
	my $row = $node->safe_psql('postgres', qq{
SELECT pid || '|' || (state = 'active' AND query LIKE '%supporthub.$call(%')
  FROM pg_stat_activity
 WHERE usename = 'bench' AND backend_type = 'client backend' AND state <> 'idle'
 ORDER BY state = 'active' AND query LIKE '%supporthub.$call(%' DESC, random() LIMIT 1});
	return split /\|/, $row;
}

my (%seen_commit, %logged_round);
my $total_seen = 0;
for my $round (1 .. $ROUNDS)
{
	my ($out, $err) = ('', '');
	my @cmd = (
		'pgbench', '-n', '-h', $host, '-p', $port, '-U', 'bench',
		'-c', $CLIENTS, '-j', 1, '-T', 60,
		'-D', "round=$round", '-D', 'seq=0',
		'-l', "--log-prefix=$dir/round$round",
		map({ ('-f', "$dir/$_.sql\@$weight{$_}") } @order),
		'postgres');
	my $before = $node->safe_psql('postgres', 'SELECT count(*) FROM bench_log');
	my $h = IPC::Run::start(\@cmd, '>', \$out, '2>', \$err,
		IPC::Run::timeout(90));

	# Let the load run until 3,000 transactions committed (at most ~10 s).
	for (1 .. 100)
	{
		usleep(100_000);
		last if $node->safe_psql('postgres', 'SELECT count(*) FROM bench_log') - $before >= 3000;
	}
	my $call = $VICTIM[ $round - 1 ];
	my ($victim, $inside) = ('', 'f');
	for (1 .. 100)
	{
		($victim, $inside) = load_backend($call);
		$victim //= '';
		last if $victim ne '' && $inside eq 'true';
		usleep(2_000);
	}
	ok($victim ne '', "round $round: found a busy load backend ($victim)");
	note "round $round: killing backend $victim, "
	  . ($inside eq 'true' ? "inside $call" : "between statements");

	my $log_offset = -s $node->logfile;
	kill 'KILL', $victim if $victim ne '';

	# The postmaster notices, resets every backend and runs crash recovery.
	$node->wait_for_log(qr/server process \(PID $victim\) was terminated by signal 9/, $log_offset);
	$node->wait_for_log(qr/all server processes terminated; reinitializing/, $log_offset);
	$node->wait_for_log(qr/database system is ready to accept connections/, $log_offset);
	$node->poll_query_until('postgres', 'SELECT true');
	pass("round $round: backend $victim killed, crash recovery completed");

	eval { $h->finish; };
	note "pgbench round $round stderr (tail):\n" . join("\n", (split /\n/, $err)[-5 .. -1]) if $err;
	like($err, qr/server closed the connection|terminating connection|connection to server|could not send data|aborted/,
		"round $round: pgbench lost its connections to the crash");

	# pgbench's transaction log: client_id transaction_no time script_no ...
	my $n = 0;
	for my $f (glob("$dir/round$round.*"))
	{
		open my $fh, '<', $f or die "$f: $!";
		while (<$fh>)
		{
			my ($client, $txn, $time, $script) = split;
			next unless defined $script && $time =~ /^\d+$/;	# committed only
			# seq counts the client's transactions, as transaction_no does
			$seen_commit{"$round/$client/$txn"} = $order[$script];
			$n++;
		}
		close $fh;
	}
	$logged_round{$round} = $n;
	$total_seen += $n;
	cmp_ok($n, '>', 50, "round $round: pgbench saw $n transactions commit before the crash");
}

# ---- every transaction pgbench saw commit is there ----------------------------
my %in_db;
for my $line (split /\n/, $node->safe_psql('postgres',
	'SELECT round, client, seq, op FROM bench_log'))
{
	my ($r, $c, $s, $op) = split /\|/, $line;
	$in_db{"$r/$c/$s"} = $op;
}
my @missing = grep { !defined $in_db{$_} || $in_db{$_} ne $seen_commit{$_} }
  sort keys %seen_commit;
is(scalar(@missing), 0,
	"all $total_seen transactions pgbench saw commit are in bench_log")
  or diag "missing: @missing[0 .. ($#missing < 9 ? $#missing : 9)]";
my $in_flight = scalar(grep { !defined $seen_commit{$_} } keys %in_db);
cmp_ok($in_flight, '<=', $ROUNDS * $CLIENTS,
	"at most one in-flight commit per client not acknowledged to pgbench ($in_flight)");

# ---- what bench_log recorded, the tables hold --------------------------------
my %check = (
	'bench_log creates: the ticket is there, same tenant and number' => q{
SELECT count(*) FROM bench_log b WHERE op = 'create' AND NOT EXISTS (
	SELECT 1 FROM supporthub.tickets t
	 WHERE t.tenant_id = b.tenant_id AND t.id = b.ticket_id AND t.ticket_number = b.ticket_number)},
	'bench_log escalations: the escalation is there, on its ticket' => q{
SELECT count(*) FROM bench_log b WHERE op = 'escalate' AND NOT EXISTS (
	SELECT 1 FROM supporthub.escalations e
	 WHERE e.tenant_id = b.tenant_id AND e.id = b.ref_id AND e.ticket_id = b.ticket_id)},
	'bench_log assignments: the ticket has an assigned activity' => q{
SELECT count(*) FROM bench_log b WHERE op = 'assign' AND NOT EXISTS (
	SELECT 1 FROM supporthub.recent_activities a
	 WHERE a.tenant_id = b.tenant_id AND a.ticket_id = b.ticket_id AND a.action = 'assigned')},
	'every ticket has exactly one created activity' => q{
SELECT count(*) FROM supporthub.tickets t
 WHERE (SELECT count(*) FROM supporthub.recent_activities a
		 WHERE a.tenant_id = t.tenant_id AND a.ref_type = 'ticket' AND a.ref_id = t.id
		   AND a.action = 'created') <> 1},
	'no created activity without its ticket (unless the feed records its deletion)' => q{
SELECT count(*) FROM supporthub.recent_activities a
 WHERE a.ref_type = 'ticket' AND a.action = 'created' AND NOT EXISTS (
	SELECT 1 FROM supporthub.tickets t WHERE t.tenant_id = a.tenant_id AND t.id = a.ref_id)
   AND NOT EXISTS (
	SELECT 1 FROM supporthub.recent_activities d
	 WHERE d.tenant_id = a.tenant_id AND d.ref_type = 'ticket' AND d.ref_id = a.ref_id AND d.action = 'deleted')},
	'ticket numbers unique per tenant' => q{
SELECT count(*) FROM (SELECT tenant_id, ticket_number FROM supporthub.tickets
					   GROUP BY 1, 2 HAVING count(*) > 1) d},
	'counter = max(number) = count(tickets) + deleted tickets per tenant (no gap, no reuse)' => q{
SELECT count(*) FROM (
	SELECT t.tenant_id, max(t.ticket_number) AS mx, count(*) AS n, c.last_number,
		   (SELECT count(*) FROM supporthub.recent_activities d
			 WHERE d.tenant_id = t.tenant_id AND d.ref_type = 'ticket' AND d.action = 'deleted') AS deleted
	  FROM supporthub.tickets t
	  LEFT JOIN supporthub.ticket_counters c ON c.tenant_id = t.tenant_id
	 GROUP BY t.tenant_id, c.last_number) s
 WHERE last_number IS DISTINCT FROM mx OR mx <> n + deleted},
	'every escalation has exactly one escalated activity' => q{
SELECT count(*) FROM supporthub.escalations e
 WHERE (SELECT count(*) FROM supporthub.recent_activities a
		 WHERE a.tenant_id = e.tenant_id AND a.ticket_id = e.ticket_id AND a.action = 'escalated'
		   AND a.changes -> 'escalation_id' ->> 'new' = e.id::text) <> 1},
	'no orphan tickets (tenant, category, customer, agent)' => q{
SELECT count(*) FROM supporthub.tickets t
 WHERE NOT EXISTS (SELECT 1 FROM supporthub.tenants x WHERE x.id = t.tenant_id)
	OR NOT EXISTS (SELECT 1 FROM supporthub.categories x WHERE x.tenant_id = t.tenant_id AND x.id = t.category_id)
	OR NOT EXISTS (SELECT 1 FROM supporthub.users x WHERE x.tenant_id = t.tenant_id AND x.id = t.customer_id)
	OR (t.agent_id IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM supporthub.users x WHERE x.tenant_id = t.tenant_id AND x.id = t.agent_id))},
	'no orphan escalations (ticket, type, raiser)' => q{
SELECT count(*) FROM supporthub.escalations e
 WHERE NOT EXISTS (SELECT 1 FROM supporthub.tickets x WHERE x.tenant_id = e.tenant_id AND x.id = e.ticket_id)
	OR NOT EXISTS (SELECT 1 FROM supporthub.escalation_types x WHERE x.tenant_id = e.tenant_id AND x.id = e.type_id)
	OR (e.raised_by_user_id IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM supporthub.users x WHERE x.tenant_id = e.tenant_id AND x.id = e.raised_by_user_id))},
	'no orphan activities (tenant, user, ticket unless the feed records its deletion)' => q{
SELECT count(*) FROM supporthub.recent_activities a
 WHERE NOT EXISTS (SELECT 1 FROM supporthub.tenants x WHERE x.id = a.tenant_id)
	OR (a.user_id IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM supporthub.users x WHERE x.tenant_id = a.tenant_id AND x.id = a.user_id))
	OR (a.ticket_id IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM supporthub.tickets x WHERE x.tenant_id = a.tenant_id AND x.id = a.ticket_id)
		AND NOT EXISTS (
		SELECT 1 FROM supporthub.recent_activities d
		 WHERE d.tenant_id = a.tenant_id AND d.ref_type = 'ticket' AND d.ref_id = a.ticket_id
		   AND d.action = 'deleted'))},
	'no orphan users, categories, escalation types, counters (tenant)' => q{
SELECT (SELECT count(*) FROM supporthub.users x WHERE NOT EXISTS (SELECT 1 FROM supporthub.tenants t WHERE t.id = x.tenant_id))
	 + (SELECT count(*) FROM supporthub.categories x WHERE NOT EXISTS (SELECT 1 FROM supporthub.tenants t WHERE t.id = x.tenant_id))
	 + (SELECT count(*) FROM supporthub.escalation_types x WHERE NOT EXISTS (SELECT 1 FROM supporthub.tenants t WHERE t.id = x.tenant_id))
	 + (SELECT count(*) FROM supporthub.ticket_counters x WHERE NOT EXISTS (SELECT 1 FROM supporthub.tenants t WHERE t.id = x.tenant_id))},
	'priority matches escalations: a seeded low ticket escalated k times is min(low+k, urgent)' => q{
SELECT count(*) FROM supporthub.tickets t
 WHERE t.subject LIKE 'Seed ticket %'
   AND t.priority <> (ARRAY['low','medium','high','urgent']::supporthub.ticket_priority[])[
		least(4, 1 + (SELECT count(*) FROM supporthub.escalations e
					   WHERE e.tenant_id = t.tenant_id AND e.ticket_id = t.id))::int]},
	'every index agrees with its table (amcheck, heapallindexed)' => q{
SELECT count(*) FROM (
	SELECT bt_index_check(i.indexrelid, true)
	  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
	  JOIN pg_am am ON am.oid = c.relam
	 WHERE c.relnamespace = 'supporthub'::regnamespace AND am.amname = 'btree') s
 WHERE false},
);
for my $name (sort keys %check)
{
	is($node->safe_psql('postgres', $check{$name}), '0', $name);
}

my $counts = $node->safe_psql('postgres', q{
SELECT (SELECT count(*) FROM supporthub.tickets) || ' tickets, '
	|| (SELECT count(*) FROM supporthub.escalations) || ' escalations, '
	|| (SELECT count(*) FROM supporthub.recent_activities) || ' activities, '
	|| (SELECT count(*) FROM bench_log) || ' bench_log rows'});
note "after $ROUNDS crashes: $counts; pgbench saw $total_seen commits";

# ---- the API works after recovery ------------------------------------------------
my $next = $node->safe_psql('postgres', q{
BEGIN;
SELECT supporthub.act_as(admin_id) FROM bench_fixture WHERE tenant_no = 1 \g /dev/null
SELECT (SELECT last_number FROM supporthub.ticket_counters c WHERE c.tenant_id = f.tenant_id) + 1
	   = (supporthub.create_ticket('After the crash', 'x', f.category_ids[1], 'high', f.customer_ids[1])).ticket_number
  FROM bench_fixture f WHERE tenant_no = 1;
COMMIT;
}, extra_params => [ '-U', 'bench' ]);
is($next, 't', 'after recovery create_ticket hands out the next number');

$node->stop;
done_testing();
