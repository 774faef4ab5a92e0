#!/usr/bin/perl
# test/t/005_notify.pl — change notifications: a second connection that
# LISTENs on supporthub_activity receives, at commit, one payload per feed
# row of a committed change (ids only: every key checked, no `changes`,
# no text of the ticket), nothing of a rolled-back change, and nothing
# while supporthub.notify is off; only a superuser may turn it off.
# "Nothing arrived" is shown by a marker NOTIFY sent afterwards: PostgreSQL
# delivers notifications in commit order, so whatever came before the
# marker is all there was.  Run by the TAP layer of test/layers.sh.
use strict;
use warnings;
use JSON::PP;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('notify',
	port => $ENV{SUPPORTHUB_TAP_PORT_NOTIFY} // 54397);
$node->init;
$node->append_conf('postgresql.conf', "log_statement = none\n");
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE helpdesk');
$node->safe_psql('helpdesk', q{
CREATE EXTENSION supporthub CASCADE;
CREATE ROLE app LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_service, supporthub_platform;
});
my $ids = $node->safe_psql('helpdesk', q{
SELECT (SELECT id FROM supporthub.create_tenant('Notify')) \gset
BEGIN;
SELECT supporthub.act_as_tenant(:'id');
SELECT id AS agent FROM supporthub.create_user('Ann Agent', 'ann@notify.test', 'agent') \gset
SELECT id AS customer FROM supporthub.create_user('Cy Customer', 'cy@notify.test', 'customer') \gset
SELECT id AS category FROM supporthub.create_category('Billing') \gset
COMMIT;
SELECT :'id' || '|' || :'agent' || '|' || :'customer' || '|' || :'category';
});
my ($tenant, $agent, $customer, $category) = split /\|/, (split /\n/, $ids)[-1];

# The listener: psql prints each notification it has received after the
# command it runs, so it runs SELECT 1 until what is awaited has come.
my $listener = $node->background_psql('helpdesk');
$listener->query_safe('LISTEN supporthub_activity');
my $marks = 0;

# Send a marker and return the payloads of supporthub_activity received
# before it (and after the previous call).
sub received
{
	my $mark = 'marker ' . ++$marks;
	$node->safe_psql('helpdesk', "NOTIFY supporthub_activity, '$mark'");
	my $out = '';
	for (1 .. 100)
	{
		$out .= $listener->query_safe('SELECT 1');
		last if $out =~ /payload "\Q$mark\E"/;
		select(undef, undef, undef, 0.05);
	}
	my @payloads = $out =~ /^Asynchronous notification "supporthub_activity" with payload "(.*)" received from server process with PID \d+\.$/mg;
	is($payloads[-1], $mark, "marker $marks arrived");
	pop @payloads;
	return @payloads;
}

sub create_ticket_sql
{
	my ($subject, $end) = @_;
	return qq{
BEGIN;
SELECT supporthub.act_as('$agent');
SELECT id FROM supporthub.create_ticket('$subject', 'A private description', '$category', 'medium', '$customer') \\gset
SELECT (supporthub.set_ticket_status(:'id', 'pending')).status;
$end;
};
}

# ------------------------------------------------------------ a committed change
$node->safe_psql('helpdesk', create_ticket_sql('Secret subject xyzzy', 'COMMIT'));
my @payloads = received();
my $rows = $node->safe_psql('helpdesk', q{
SELECT concat_ws('|', a.tenant_id, a.id, a.ref_type, a.ref_id, coalesce(a.ticket_id::text, 'null'), a.action)
  FROM supporthub.recent_activities a JOIN supporthub.tickets t ON t.id = a.ticket_id
 WHERE t.subject = 'Secret subject xyzzy' ORDER BY a.id});
my @rows = split /\n/, $rows;
is(scalar(@payloads), 2, 'the committed change logged two feed rows (created, then pending)');
is(scalar(@payloads), scalar(@rows), 'and the listener received one notification per feed row');
my @keys = sort qw(tenant_id activity_id ref_type ref_id ticket_id action);
for my $i (0 .. $#payloads)
{
	my $p = eval { decode_json($payloads[$i]) };
	ok(ref $p eq 'HASH', "payload $i is a JSON object");
	is_deeply([ sort keys %$p ], \@keys, "payload $i has exactly the keys " . join(', ', @keys));
	is(join('|', map { $p->{$_} // 'null' } qw(tenant_id activity_id ref_type ref_id ticket_id action)),
		$rows[$i], "payload $i names the ids of its feed row, in commit order");
	unlike($payloads[$i], qr/changes|Secret|xyzzy|private|Cy Customer/,
		"payload $i carries no changes and no text of the ticket");
}
is(JSON::PP->new->decode($payloads[0])->{action}, 'created', 'the first says created');
is(JSON::PP->new->decode($payloads[0])->{tenant_id}, $tenant, 'in the tenant');

# ------------------------------------------------------------ a rolled-back change
$node->safe_psql('helpdesk', create_ticket_sql('Rolled back', 'ROLLBACK'));
is_deeply([ received() ], [], 'a rolled-back change sends nothing');

# and a savepoint rolled back inside a committed transaction
$node->safe_psql('helpdesk', qq{
BEGIN;
SELECT supporthub.act_as('$agent');
SAVEPOINT s;
SELECT supporthub.create_ticket('Undone', '', '$category', 'low', '$customer');
ROLLBACK TO SAVEPOINT s;
COMMIT;
});
is_deeply([ received() ], [], 'nor does a change undone by ROLLBACK TO SAVEPOINT');

# ------------------------------------------------------------ supporthub.notify = off
$node->safe_psql('helpdesk', 'SET supporthub.notify = off;' . create_ticket_sql('Quiet', 'COMMIT'));
is($node->safe_psql('helpdesk', q{SELECT count(*) FROM supporthub.tickets WHERE subject = 'Quiet'}), '1',
	'with supporthub.notify off the change is made');
is_deeply([ received() ], [], 'and nothing is sent');

my ($ret, $stdout, $stderr) = $node->psql('helpdesk',
	'SELECT supporthub.uuid_v7() IS NOT NULL; SET supporthub.notify = off',
	extra_params => [ '-U', 'app' ]);
like($stderr, qr/permission denied to set parameter "supporthub\.notify"/,
	'only a superuser may turn notifications off');

# Set before the library is loaded, the value waits as a placeholder; the
# library's definition then refuses it for a role that may not set it.
($ret, $stdout, $stderr) = $node->psql('helpdesk',
	'SET supporthub.notify = off;' . create_ticket_sql('Not quiet', 'COMMIT') . 'SHOW supporthub.notify;',
	extra_params => [ '-U', 'app' ]);
like($stdout, qr/^on$/m, 'nor by setting it before the library is loaded');
is(scalar(my @not_quiet = received()), 2, 'and the application\'s change is sent');

# on again, in a new session: the default
$node->safe_psql('helpdesk', create_ticket_sql('Loud', 'COMMIT'));
is(scalar(my @loud = received()), 2, 'with the default setting they are sent again');

$listener->quit;
$node->stop;
done_testing();
