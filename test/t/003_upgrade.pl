#!/usr/bin/perl
# test/t/003_upgrade.pl — a database made with release 1.0 and upgraded with
# ALTER EXTENSION supporthub UPDATE keeps every row, works, and ends up with
# the schema of a fresh install of the current version:
#   - database old: CREATE EXTENSION supporthub VERSION '1.0' (the frozen
#     sql/releases/supporthub--1.0.sql), the shared fixture
#     (test/fixture/fixture.sql) written through the 1.0 API by the
#     application, a fingerprint of every supporthub table (count and md5 of
#     its rows in primary-key order; tables read from the catalog), then
#     ALTER EXTENSION supporthub UPDATE with the current library installed,
#     as in the field;
#   - after it: the default version, the same fingerprints over the columns
#     the rows had, the same answers from the API's lists, the API writing
#     and reading as a non-superuser LOGIN role, every tenant with its
#     settings, and that role — a member of supporthub_service, which in
#     1.0 administered tenants — now a member of supporthub_platform and
#     still creating tenants;
#   - database fresh: CREATE EXTENSION supporthub, which grants
#     supporthub_platform to nobody (a member of supporthub_service made
#     before it cannot create a tenant); a catalog fingerprint of both
#     (every extension member and everything in schema supporthub, by
#     name, never by OID) must be the same set of lines.
# A secondary check compares pg_dump --schema-only of both databases, which
# hold nothing but the extension.  pg_dump does not dump extension members:
# with -n supporthub it writes only CREATE SCHEMA, its comment and grants,
# which the fingerprint covers already.  The whole-database dump adds the
# CREATE EXTENSION line and the GRANT/REVOKE that pg_dump writes for members
# whose privileges differ from pg_init_privs — what a dump of an upgraded
# database carries — so that is the one compared.
#
# The initial privileges are compared too: 999 hands the SECURITY DEFINER
# functions to supporthub_api before it grants, so pg_init_privs (which an
# owner change does not rewrite) holds the same at install and at update.
# Run by the TAP layer of test/layers.sh (see docs/reliability.md).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $FROM = '1.0';	# the version installed in the field

my $node = PostgreSQL::Test::Cluster->new('upgrade',
	port => $ENV{SUPPORTHUB_TAP_PORT_UPGRADE} // 54393);
$node->init;
$node->append_conf('postgresql.conf', "log_statement = none\n");
$node->start;

# ---- the versions on offer --------------------------------------------------------
my $target = $node->safe_psql('postgres',
	q{SELECT default_version FROM pg_available_extensions WHERE name = 'supporthub'});
isnt($target, $FROM, "the default version ($target) is newer than $FROM");
isnt($node->safe_psql('postgres', qq{
SELECT coalesce(path, '') FROM pg_extension_update_paths('supporthub')
 WHERE source = '$FROM' AND target = '$target'}), '',
	"there is an update path from $FROM to $target");

$node->safe_psql('postgres', q{
CREATE DATABASE old;
CREATE DATABASE fresh;
});
$node->safe_psql('old', qq{CREATE EXTENSION supporthub VERSION '$FROM'});
is($node->safe_psql('old', q{SELECT extversion FROM pg_extension WHERE extname = 'supporthub'}),
	$FROM, "old: CREATE EXTENSION supporthub VERSION '$FROM'");
# The application's role: a LOGIN role that is neither superuser nor
# BYPASSRLS, member of supporthub_service (cluster-wide, so made once).
$node->safe_psql('old', q{
CREATE ROLE app LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_service;
GRANT CREATE ON SCHEMA public TO app;	-- for the fixture's lookup table, dropped below
});

# ---- the shared fixture, through the 1.0 API, as the application --------------------
# Two tenants touching every table, with awkward text on purpose (quotes,
# backslashes, tabs, newlines, non-ASCII, a long description, NULLs and
# empty strings where allowed), deletions and renames.
my $fixture = ($ENV{SUPPORTHUB_ROOT} // '.') . '/test/fixture/fixture.sql';
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-U', 'app', '-d', 'old', '-f', $fixture ],
	"the shared fixture loads through the $FROM API as the application");

# ---- data fingerprints ------------------------------------------------------------
# Every table of schema supporthub, from the catalog, with its live columns
# and its primary key.  The fingerprint after the upgrade is taken over the
# columns the rows had before it, so a column added by a later migration does
# not count as a change of the existing data.
sub table_shapes
{
	my ($db) = @_;
	my %shape;
	for my $row (split /\n/, $node->safe_psql($db, q{
SELECT c.oid::regclass,
	   (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
		  FROM pg_attribute a
		 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
	   coalesce((SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i)
				   FROM pg_index x, unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, i),
						pg_attribute a
				  WHERE x.indrelid = c.oid AND x.indisprimary
					AND a.attrelid = c.oid AND a.attnum = k.attnum), '')
  FROM pg_class c
 WHERE c.relnamespace = 'supporthub'::regnamespace AND c.relkind IN ('r', 'p')
 ORDER BY 1}))
	{
		my ($table, $columns, $pkey) = split /\|/, $row;
		$shape{$table} = { columns => $columns, pkey => $pkey };
	}
	return \%shape;
}

# Row count and md5 of the rows in primary-key order, read as superuser
# (row-level security does not filter it).
sub data_fingerprint
{
	my ($db, $shape) = @_;
	my %fp;
	for my $table (sort keys %$shape)
	{
		my $cols  = $shape->{$table}{columns};
		my $order = $shape->{$table}{pkey} || "ROW($cols)::text";
		my ($ret, $out, $err) = $node->psql($db, qq{
SELECT count(*) || ' ' || coalesce(md5(string_agg(ROW($cols)::text, E'\\n' ORDER BY $order)), '-')
  FROM $table});
		$fp{$table} = $ret == 0 ? $out : "error: $err";
	}
	return \%fp;
}

my $shape = table_shapes('old');
my @unlisted = grep { !exists $shape->{"supporthub.$_"} }
  split /\n/, $node->safe_psql('old', 'SELECT DISTINCT kind FROM public.fixture ORDER BY 1');
is("@unlisted", '', 'old: the catalog lists every table the fixture names ('
	  . scalar(keys %$shape) . ' tables: ' . join(', ', sort keys %$shape) . ')');
my @no_pkey = grep { $shape->{$_}{pkey} eq '' } sort keys %$shape;
is("@no_pkey", '', 'every table has a primary key to order its rows by');
my $before = data_fingerprint('old', $shape);
my @empty = grep { $before->{$_} =~ /^0 / } sort keys %$before;
is("@empty", '', 'the fixture put rows in every table');
note 'rows before the upgrade: '
  . join(', ', map { "$_ " . ($before->{$_} =~ s/ .*//r) } sort keys %$before);

# ---- the API's answers, as the application ------------------------------------------
# Ids of the fixture (tenant A), read as superuser; then its lookup table
# goes, so that old holds nothing but the extension, as fresh does.
my %id = map { split /\|/ } split /\n/, $node->safe_psql('old', q{
SELECT name, id FROM public.fixture
 WHERE side = 'A' AND name IN ('admin', 'agent', 'customer', 'billing', 'manager')});
$id{mgr} = delete $id{manager};
is(join(',', sort keys %id), 'admin,agent,billing,customer,mgr', 'the fixture ids are found');
my $next_number = $node->safe_psql('old', q{
SELECT c.last_number + 1 FROM supporthub.ticket_counters c JOIN public.fixture f ON f.id = c.tenant_id
 WHERE f.side = 'A' AND f.name = 'tenant'});
$node->safe_psql('old', q{
DROP TABLE public.fixture;
REVOKE CREATE ON SCHEMA public FROM app;
});
my @as_app = ('-U', 'app', map { ('-v', "$_=$id{$_}") } sort keys %id);

# Read-only calls whose answers must not change with the upgrade (only
# columns every version has).
my $reads = q{
\set ON_ERROR_STOP 1
SELECT 'role', rolsuper, rolbypassrls, pg_has_role('supporthub_service', 'MEMBER')
  FROM pg_roles WHERE rolname = current_user;
SELECT 'no actor sees', count(*) FROM supporthub.tickets;
BEGIN;
SELECT supporthub.act_as(:'admin') \g /dev/null
SELECT 'tickets', count(*), md5(string_agg(concat_ws(' ', ticket_number, subject, status, priority,
		agent_id, customer_id), E'\n' ORDER BY ticket_number))
  FROM supporthub.get_tickets(page_size => 500);
SELECT 'users', count(*), md5(string_agg(concat_ws(' ', name, email, role, active), E'\n' ORDER BY id))
  FROM supporthub.get_users(page_size => 500);
SELECT 'feed', count(*), md5(string_agg(concat_ws(' ', id, action, ref_type, ref_id), E'\n' ORDER BY id))
  FROM supporthub.get_recent_activities(page_size => 500);
SELECT 'categories', string_agg(name, ', ' ORDER BY name) FROM supporthub.get_categories();
SELECT 'templates', count(*) FROM supporthub.get_templates();
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'customer') \g /dev/null
SELECT 'customer sees', count(*) FROM supporthub.get_tickets(page_size => 500);
COMMIT;
};
my ($ret, $reads_before, $err) = $node->psql('old', $reads, extra_params => \@as_app);
is($ret, 0, "old, $FROM: the read calls run as the application") or diag $err;
like($reads_before, qr/^role\|f\|f\|t$/m,
	'the application role is a LOGIN role, not superuser nor BYPASSRLS, in supporthub_service');

# ---- the upgrade ---------------------------------------------------------------------
# 1.1 requires pgcrypto and btree_gin, which ALTER EXTENSION … UPDATE does not install
($ret, my $out, $err) = $node->psql('old', 'ALTER EXTENSION supporthub UPDATE');
isnt($ret, 0, 'old: without pgcrypto the update stops');
like($err, qr/required extension "pgcrypto" is not installed/, 'it names the missing extension');
$node->safe_psql('old', 'CREATE EXTENSION pgcrypto');
($ret, $out, $err) = $node->psql('old', 'ALTER EXTENSION supporthub UPDATE');
isnt($ret, 0, 'old: without btree_gin the update stops');
like($err, qr/required extension "btree_gin" is not installed/, 'it names the missing extension');
$node->safe_psql('old', 'CREATE EXTENSION btree_gin');
($ret, $out, $err) = $node->psql('old', 'ALTER EXTENSION supporthub UPDATE');
is($ret, 0, "old: ALTER EXTENSION supporthub UPDATE succeeds") or diag $err;
is($node->safe_psql('old', q{SELECT extversion FROM pg_extension WHERE extname = 'supporthub'}),
	$target, "old: extversion is now $target");

my $after = data_fingerprint('old', $shape);
my @changed = grep { $before->{$_} ne $after->{$_} } sort keys %$before;
is(scalar(@changed), 0, 'old: every row of every table is the same after the upgrade ('
	  . scalar(keys %$before) . ' tables compared)')
  or diag join("\n", map { "$_: $before->{$_} before, $after->{$_} after" } @changed);
my @added = grep { !exists $shape->{$_} } sort keys %{ table_shapes('old') };
note 'tables added by the upgrade: ' . (@added ? join(', ', @added) : 'none');

# the column the upgrade fills in: when each resolved or closed ticket was
# resolved, from the latest 'resolved' row of its feed (the fixture's
# t_resolved and t_closed of each tenant; t_reopened is open again)
is($node->safe_psql('old', q{
SELECT count(*) FILTER (WHERE t.resolved_at IS NOT NULL) || ' '
	   || count(*) FILTER (WHERE (t.status IN ('resolved', 'closed')) <> (t.resolved_at IS NOT NULL)
							  OR t.resolved_at IS DISTINCT FROM CASE WHEN t.status IN ('resolved', 'closed') THEN
								 (SELECT max(a.created_at) FROM supporthub.recent_activities a
								   WHERE a.tenant_id = t.tenant_id AND a.ticket_id = t.id
									 AND a.ref_type = 'ticket' AND a.action = 'resolved') END)
  FROM supporthub.tickets t}), '4 0',
	'old: the update set resolved_at of the 4 resolved or closed tickets, to their latest resolution in the feed, and of no other');

my $reads_after;
($ret, $reads_after, $err) = $node->psql('old', $reads, extra_params => \@as_app);
is($ret, 0, "old, $target: the read calls run as the application") or diag $err;
is($reads_after, $reads_before, 'the read calls answer as they did before the upgrade');

# The API writes and reads after the upgrade, as the application.
my $writes = q{
\set ON_ERROR_STOP 1
BEGIN;
SELECT supporthub.act_as(:'admin') \g /dev/null
SELECT id AS t, ticket_number AS n
  FROM supporthub.create_ticket('After the upgrade', 'x', :'billing', 'low', :'customer') \gset
SELECT 'new number', :n, :n = (SELECT last_number FROM supporthub.ticket_counters);
SELECT 'assigned', agent_id = :'agent' FROM supporthub.assign_agent(:'t', :'agent');
SELECT 'escalated', reason FROM supporthub.escalate(:'t', :'mgr', 'after the upgrade');
SELECT 'status', status FROM supporthub.set_ticket_status(:'t', 'resolved');
SELECT id AS chat FROM supporthub.start_chat(:'t') \gset
SELECT 'chat', message FROM supporthub.post_chat_msg(:'chat', 'upgraded');
SELECT 'feed', action FROM supporthub.get_recent_activities(ref_id => :'t') ORDER BY action::text;
SELECT 'settings', supporthub.get_tenant_settings() = '{"self_sign_up": true, "max_sessions_per_user": 5,
	"access_token_minutes": 15, "refresh_token_days": 30, "refresh_reuse_seconds": 10, "auto_assign": false,
	"sla_escalation_type_id": null, "agent_refund_limit": null, "currency": "USD", "time_zone": "UTC"}'::jsonb;
COMMIT;
BEGIN;
SELECT supporthub.act_as(:'customer') \g /dev/null
SELECT 'customer reads', subject FROM supporthub.get_ticket_by_id(:'t');
COMMIT;
};
($ret, $out, $err) = $node->psql('old', $writes, extra_params => \@as_app);
is($ret, 0, 'old: the API writes after the upgrade, as the application') or diag $err;
like($out, qr/^new number\|$next_number\|t$/m, "create_ticket hands out the next number of the tenant ($next_number)");
like($out, qr/^assigned\|t$/m, 'assign_agent assigns');
like($out, qr/^escalated\|after the upgrade$/m, 'escalate records the escalation');
like($out, qr/^status\|resolved$/m, 'set_ticket_status moves the ticket');
like($out, qr/^chat\|upgraded$/m, 'a chat starts and takes a message');
is(join(' ', $out =~ /^feed\|(\w+)$/mg), 'assigned created escalated resolved',
	'the feed shows what happened to the new ticket');
like($out, qr/^customer reads\|After the upgrade$/m, 'the customer sees the new ticket');
like($out, qr/^settings\|t$/m, 'the tenant has its settings, with the defaults');
note "API answers after the upgrade:\n$out";
is($node->safe_psql('old', q{
SELECT count(*) FROM supporthub.tenants t
 WHERE NOT EXISTS (SELECT FROM supporthub.tenant_settings s WHERE s.tenant_id = t.id)}), '0',
	'every tenant of the old database has its settings row');

# ---- the roles: who administered tenants in 1.0 still does ---------------------------
# In 1.0 every member of supporthub_service could create tenants; the update
# grants those members supporthub_platform, which now holds that right alone.
is($node->safe_psql('old', q{
SELECT count(*) FROM pg_auth_members m
 WHERE m.roleid = 'supporthub_platform'::regrole AND m.member = 'app'::regrole}), '1',
	'the update made the application role, a member of supporthub_service, a member of supporthub_platform');
($ret, $out, $err) = $node->psql('old', q{
\set ON_ERROR_STOP 1
SELECT 'created', name FROM supporthub.create_tenant('Made after the upgrade');
SELECT 'as service only', has_function_privilege('supporthub_service', 'supporthub.create_tenant(text)', 'EXECUTE');
}, extra_params => [ '-U', 'app' ]);
is($ret, 0, 'the application role still creates tenants after the upgrade') or diag $err;
like($out, qr/^created\|Made after the upgrade$/m, 'create_tenant returns the new tenant');
like($out, qr/^as service only\|f$/m, 'through supporthub_platform: supporthub_service itself may not');

# ---- the schema: upgraded against fresh ------------------------------------------------
# A member of supporthub_service that exists before the fresh install: only
# the update from 1.0 grants supporthub_platform, a fresh install does not.
$node->safe_psql('postgres', q{
CREATE ROLE app_fresh LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE supporthub_service});
$node->safe_psql('fresh', 'CREATE EXTENSION supporthub CASCADE');
is($node->safe_psql('fresh', q{SELECT extversion FROM pg_extension WHERE extname = 'supporthub'}),
	$target, "fresh: CREATE EXTENSION supporthub installs $target");
is($node->safe_psql('fresh', q{SELECT pg_has_role('app_fresh', 'supporthub_platform', 'MEMBER')}), 'f',
	'fresh: the install grants supporthub_platform to no member of supporthub_service');
($ret, $out, $err) = $node->psql('fresh', q{
\set VERBOSITY verbose
SELECT supporthub.create_tenant('Not mine to make');
}, extra_params => [ '-U', 'app_fresh' ]);
isnt($ret, 0, 'fresh: a member of supporthub_service alone cannot create a tenant');
like($err, qr/ERROR:  42501: permission denied for function create_tenant/, 'fresh: 42501 permission denied');

# One line per object and property, by name.  Two helpers live only for the
# session: q() puts any value on one line, acl() sorts an ACL's items (their
# order depends on the order of the grants, not on what they grant).
my $fingerprint_sql = q{
CREATE FUNCTION pg_temp.q(anyelement) RETURNS text LANGUAGE sql IMMUTABLE
	AS $$SELECT coalesce(to_json($1)::text, 'null')$$;
CREATE FUNCTION pg_temp.acl(aclitem[]) RETURNS text LANGUAGE sql IMMUTABLE
	AS $$SELECT CASE WHEN $1 IS NULL THEN 'default'
		ELSE '{' || array_to_string(ARRAY(SELECT x::text FROM unnest($1) x ORDER BY 1), ',') || '}' END$$;

WITH ext AS (SELECT * FROM pg_extension WHERE extname = 'supporthub'),
nsp AS (SELECT * FROM pg_namespace WHERE nspname = 'supporthub'),
member AS (
	SELECT d.classid, d.objid, d.objsubid FROM pg_depend d, ext
	 WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'),
rel AS (
	SELECT c.* FROM pg_class c
	 WHERE c.relnamespace = (SELECT oid FROM nsp)
		OR c.oid IN (SELECT objid FROM member WHERE classid = 'pg_class'::regclass)),
proc AS (
	SELECT p.* FROM pg_proc p
	 WHERE p.pronamespace = (SELECT oid FROM nsp)
		OR p.oid IN (SELECT objid FROM member WHERE classid = 'pg_proc'::regclass)),
typ AS (
	SELECT t.* FROM pg_type t
	 WHERE t.typnamespace = (SELECT oid FROM nsp)
		OR t.oid IN (SELECT objid FROM member WHERE classid = 'pg_type'::regclass))
SELECT line FROM (
	-- the extension, and its configuration tables by name
	SELECT format('extension %s version=%s schema=%s relocatable=%s owner=%s comment=%s',
				  e.extname, e.extversion, e.extnamespace::regnamespace, e.extrelocatable,
				  e.extowner::regrole, pg_temp.q(obj_description(e.oid, 'pg_extension')))
	  FROM ext e
	UNION ALL
	SELECT format('extconfig %s condition=%s', u.rel::regclass, pg_temp.q(u.cond))
	  FROM ext e, unnest(e.extconfig, e.extcondition) u(rel, cond)
	UNION ALL
	-- every member, whatever its kind
	SELECT format('member %s %s', i.type, i.identity)
	  FROM member m, pg_identify_object(m.classid, m.objid, m.objsubid) i
	UNION ALL
	-- the schema, and default privileges in it
	SELECT format('schema %s owner=%s acl=%s comment=%s', n.nspname, n.nspowner::regrole,
				  pg_temp.acl(n.nspacl), pg_temp.q(obj_description(n.oid, 'pg_namespace')))
	  FROM nsp n
	UNION ALL
	SELECT format('default-acl %s role=%s objtype=%s acl=%s', d.defaclnamespace::regnamespace,
				  d.defaclrole::regrole, d.defaclobjtype, pg_temp.acl(d.defaclacl))
	  FROM pg_default_acl d WHERE d.defaclnamespace = (SELECT oid FROM nsp)
	UNION ALL
	-- relations: tables, indexes, sequences, views, …
	SELECT format('relation %s kind=%s persistence=%s am=%s rls=%s force-rls=%s owner=%s acl=%s '
				  'options=%s replident=%s partkey=%s partbound=%s inherits=%s comment=%s',
				  c.oid::regclass, c.relkind, c.relpersistence, am.amname, c.relrowsecurity,
				  c.relforcerowsecurity, c.relowner::regrole, pg_temp.acl(c.relacl),
				  pg_temp.q(c.reloptions), c.relreplident,
				  pg_temp.q(CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END),
				  pg_temp.q(pg_get_expr(c.relpartbound, c.oid)),
				  (SELECT pg_temp.q(array_agg(h.inhparent::regclass::text ORDER BY h.inhseqno))
					 FROM pg_inherits h WHERE h.inhrelid = c.oid),
				  pg_temp.q(obj_description(c.oid, 'pg_class')))
	  FROM rel c LEFT JOIN pg_am am ON am.oid = c.relam
	UNION ALL
	-- columns: the position counts live columns only, as a fresh table has them
	SELECT format('column %s.%s position=%s type=%s not-null=%s default=%s identity=%s '
				  'generated=%s collation=%s storage=%s acl=%s comment=%s',
				  a.attrelid::regclass, quote_ident(a.attname),
				  row_number() OVER (PARTITION BY a.attrelid ORDER BY a.attnum),
				  format_type(a.atttypid, a.atttypmod), a.attnotnull,
				  pg_temp.q(pg_get_expr(ad.adbin, ad.adrelid)), pg_temp.q(a.attidentity),
				  pg_temp.q(a.attgenerated), pg_temp.q(nullif(a.attcollation, 0)::regcollation::text),
				  a.attstorage, pg_temp.acl(a.attacl), pg_temp.q(col_description(a.attrelid, a.attnum)))
	  FROM rel c JOIN pg_attribute a ON a.attrelid = c.oid
		   LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
	 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND a.attnum > 0 AND NOT a.attisdropped
	UNION ALL
	-- constraints of tables and domains
	SELECT format('constraint %s.%s type=%s def=%s comment=%s',
				  coalesce(nullif(k.conrelid, 0)::regclass::text, k.contypid::regtype::text),
				  quote_ident(k.conname), k.contype, pg_temp.q(pg_get_constraintdef(k.oid)),
				  pg_temp.q(obj_description(k.oid, 'pg_constraint')))
	  FROM pg_constraint k
	 WHERE k.connamespace = (SELECT oid FROM nsp)
		OR k.conrelid IN (SELECT oid FROM rel) OR k.contypid IN (SELECT oid FROM typ)
	UNION ALL
	SELECT format('index %s def=%s primary=%s clustered=%s replident=%s valid=%s',
				  x.indexrelid::regclass, pg_temp.q(pg_get_indexdef(x.indexrelid)), x.indisprimary,
				  x.indisclustered, x.indisreplident, x.indisvalid)
	  FROM pg_index x WHERE x.indrelid IN (SELECT oid FROM rel)
	UNION ALL
	SELECT format('policy %s.%s.%s permissive=%s roles=%s cmd=%s using=%s check=%s comment=%s',
				  quote_ident(p.schemaname), quote_ident(p.tablename), quote_ident(p.policyname),
				  p.permissive, p.roles, p.cmd, pg_temp.q(p.qual), pg_temp.q(p.with_check),
				  pg_temp.q(obj_description(pol.oid, 'pg_policy')))
	  FROM pg_policies p
		   JOIN pg_policy pol ON pol.polname = p.policyname
				AND pol.polrelid = format('%I.%I', p.schemaname, p.tablename)::regclass
	 WHERE pol.polrelid IN (SELECT oid FROM rel)
	UNION ALL
	SELECT format('trigger %s.%s def=%s enabled=%s comment=%s',
				  t.tgrelid::regclass, quote_ident(t.tgname), pg_temp.q(pg_get_triggerdef(t.oid)),
				  t.tgenabled, pg_temp.q(obj_description(t.oid, 'pg_trigger')))
	  FROM pg_trigger t WHERE t.tgrelid IN (SELECT oid FROM rel) AND NOT t.tgisinternal
	UNION ALL
	SELECT format('rule %s.%s def=%s comment=%s', r.ev_class::regclass, quote_ident(r.rulename),
				  pg_temp.q(pg_get_ruledef(r.oid)), pg_temp.q(obj_description(r.oid, 'pg_rewrite')))
	  FROM pg_rewrite r WHERE r.ev_class IN (SELECT oid FROM rel)
	UNION ALL
	SELECT format('sequence %s type=%s start=%s increment=%s min=%s max=%s cache=%s cycle=%s owned-by=%s',
				  s.seqrelid::regclass, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin,
				  s.seqmax, s.seqcache, s.seqcycle,
				  (SELECT pg_temp.q(array_agg(pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)
											  ORDER BY 1))
					 FROM pg_depend d
					WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
					  AND d.deptype IN ('a', 'i') AND d.refclassid = 'pg_class'::regclass))
	  FROM pg_sequence s WHERE s.seqrelid IN (SELECT oid FROM rel)
	UNION ALL
	-- functions and procedures
	SELECT format('function %s.%s(%s) kind=%s args=%s returns=%s language=%s src=%s bin=%s '
				  'volatile=%s strict=%s security-definer=%s leakproof=%s parallel=%s rows=%s '
				  'cost=%s config=%s owner=%s acl=%s comment=%s',
				  p.pronamespace::regnamespace, quote_ident(p.proname),
				  pg_get_function_identity_arguments(p.oid), p.prokind,
				  pg_temp.q(pg_get_function_arguments(p.oid)), pg_get_function_result(p.oid),
				  l.lanname, pg_temp.q(p.prosrc), pg_temp.q(p.probin), p.provolatile, p.proisstrict,
				  p.prosecdef, p.proleakproof, p.proparallel, p.prorows, p.procost,
				  pg_temp.q(p.proconfig), p.proowner::regrole, pg_temp.acl(p.proacl),
				  pg_temp.q(obj_description(p.oid, 'pg_proc')))
	  FROM proc p JOIN pg_language l ON l.oid = p.prolang
	UNION ALL
	-- types: enums with their labels in order, domains with their base
	SELECT format('type %s kind=%s category=%s owner=%s acl=%s base=%s not-null=%s default=%s '
				  'labels=%s comment=%s',
				  t.oid::regtype, t.typtype, t.typcategory, t.typowner::regrole, pg_temp.acl(t.typacl),
				  pg_temp.q(nullif(t.typbasetype, 0)::regtype::text), t.typnotnull,
				  pg_temp.q(t.typdefault),
				  (SELECT pg_temp.q(array_agg(e.enumlabel ORDER BY e.enumsortorder))
					 FROM pg_enum e WHERE e.enumtypid = t.oid),
				  pg_temp.q(obj_description(t.oid, 'pg_type')))
	  FROM typ t
	UNION ALL
	-- the privileges the extension's scripts left: pg_dump dumps changes from these
	SELECT format('init-privs %s %s privtype=%s privs=%s', i.type, i.identity, ip.privtype,
				  pg_temp.acl(ip.initprivs))
	  FROM pg_init_privs ip, pg_identify_object(ip.classoid, ip.objoid, ip.objsubid) i
	 WHERE (ip.classoid, ip.objoid) IN (SELECT classid, objid FROM member)
		OR i.schema = 'supporthub'
		OR (ip.classoid = 'pg_namespace'::regclass AND ip.objoid = (SELECT oid FROM nsp))
) s(line)
ORDER BY line COLLATE "C";
};

# Lines of one set and not of the other, each marked with the database it
# comes from.
sub set_difference
{
	my ($a_name, $a_lines, $b_name, $b_lines) = @_;
	my %a = map { $_ => 1 } @$a_lines;
	my %b = map { $_ => 1 } @$b_lines;
	return ((map { "only in $a_name: $_" } grep { !$b{$_} } @$a_lines),
		(map { "only in $b_name: $_" } grep { !$a{$_} } @$b_lines));
}

# Compare two sets of lines: the same, or the lines that differ shown.
sub compare_sets
{
	my ($what, $old_lines, $fresh_lines) = @_;
	my @diff = set_difference('old (upgraded)', $old_lines, 'fresh', $fresh_lines);
	is(scalar(@diff), 0, "$what: upgraded and fresh are the same")
	  or diag join("\n", @diff);
}

my @old_fp   = split /\n/, $node->safe_psql('old', $fingerprint_sql);
my @fresh_fp = split /\n/, $node->safe_psql('fresh', $fingerprint_sql);
my %kinds;
$kinds{ (split / /, $_)[0] }++ for @fresh_fp;
note 'catalog fingerprint of fresh: '
  . join(', ', map { "$kinds{$_} $_" } sort keys %kinds);
# The comparison means something only if the fingerprint sees the schema.
ok($kinds{relation} && $kinds{column} && $kinds{constraint} && $kinds{index}
	  && $kinds{policy} && $kinds{function} && $kinds{type} && $kinds{member}
	  && $kinds{'init-privs'} && $kinds{extconfig} && $kinds{schema},
	'the catalog fingerprint sees relations, columns, constraints, indexes, policies, '
	  . 'functions, types, members, initial privileges, config tables and the schema');
compare_sets('catalog fingerprint', \@old_fp, \@fresh_fp);

# ---- secondary: what pg_dump writes for each database ----------------------------------
# (\restrict and \unrestrict carry a random key, new in every dump.)
my $tmp = PostgreSQL::Test::Utils::tempdir;
sub dump_lines
{
	my ($db) = @_;
	$node->command_ok([ 'pg_dump', '--schema-only', '-d', $db, '-f', "$tmp/$db.sql" ],
		"pg_dump --schema-only of $db");
	return [ grep { !/^\\(un)?restrict / && !/^--/ && /\S/ }
		  split /\n/, slurp_file("$tmp/$db.sql") ];
}
my $old_dump   = dump_lines('old');
my $fresh_dump = dump_lines('fresh');
ok((grep { /^CREATE EXTENSION IF NOT EXISTS supporthub WITH SCHEMA pg_catalog;$/ } @$old_dump),
	'the dump of old creates the extension in pg_catalog (schema supporthub is one of its members)');
compare_sets('pg_dump --schema-only', $old_dump, $fresh_dump);

# ---- a 1.0 database holding names that 1.1 counts as one ---------------------------------
# 1.0 accepted "Billing" beside a full-width "Ｂilling" and an LRM-prefixed
# "Billing" (the 1.1 library, loaded before the update, refuses the latter:
# it is written directly, as 1.0 wrote it); the update must stop with the list of them, change nothing, and
# go through once they are renamed.
$node->safe_psql('postgres', 'CREATE DATABASE clash');
$node->safe_psql('clash', q{
CREATE EXTENSION supporthub VERSION '1.0';
CREATE EXTENSION pgcrypto;
CREATE EXTENSION btree_gin;
BEGIN;
SELECT supporthub.act_as_tenant((supporthub.create_tenant('Clash')).id);
SELECT supporthub.create_category('Billing', NULL);
SELECT supporthub.create_category(E'\uff22illing', NULL);
SELECT supporthub.create_category('Shipping', NULL);
COMMIT;
-- as the 1.0 library wrote it (this library refuses invisible characters)
INSERT INTO supporthub.categories (tenant_id, name) SELECT id, E'\u200eBilling' FROM supporthub.tenants;
});
my ($clash_rc, $clash_out, $clash_err) = $node->psql('clash', 'ALTER EXTENSION supporthub UPDATE');
isnt($clash_rc, 0, 'the update of a 1.0 database with look-alike names fails');
like($clash_err, qr/ERROR:  supporthub 1\.1 cannot be installed over names that look the same/,
	'it says why');
like($clash_err, qr/DETAIL:  categories name in tenant [0-9a-f-]+: .*'Billing'.*'Ｂilling'/,
	'the DETAIL lists the names of each group, with their tenant');
like($clash_err, qr/HINT:  Rename all but one of each group/, 'the HINT says what to do');
is($node->safe_psql('clash', q{SELECT extversion FROM pg_extension WHERE extname = 'supporthub'}),
	'1.0', 'the database is still at 1.0');
is($node->safe_psql('clash', 'SELECT count(*) FROM supporthub.categories'), '4',
	'and its rows are all there');
$node->safe_psql('clash', q{
BEGIN;
SELECT supporthub.act_as_tenant(id) FROM supporthub.tenants;
SELECT supporthub.update_category(id, name => 'Billing (full width)') FROM supporthub.categories WHERE name = E'\uff22illing';
SELECT supporthub.update_category(id, name => 'Billing (old)') FROM supporthub.categories WHERE name = E'\u200eBilling';
COMMIT;
});
$node->safe_psql('clash', 'ALTER EXTENSION supporthub UPDATE');
is($node->safe_psql('clash', q{SELECT extversion FROM pg_extension WHERE extname = 'supporthub'}),
	'1.1', 'once renamed, the update goes through');

$node->stop;
done_testing();
