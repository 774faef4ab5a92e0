#!/usr/bin/perl
# test/docs/errors_md.pl — docs/errors.md checked against the C sources.
#
# Every message the C code can raise is found in src/ (all of it, whatever
# the files are called): the format strings of api_error() and
# api_warning() calls (message, DETAIL and HINT), the strings of the
# entity descriptors (.dup_format, .write_denied, .read_denied,
# .delete_denied, .denied as messages; .in_use_hint, .dup_hint as HINTs;
# .noun for "<noun> not found") and messages built for a later api_error
# (an assignment of a literal or psprintf() to a *message, *detail or
# *hint variable); and those the install and update scripts raise
# (RAISE EXCEPTION in sql/migrations/).  Then:
#   - each message must be in errors.md, in a table of the section of its
#     SQLSTATE (read from PostgreSQL's errcodes.h and the extension's
#     headers), or for an internal invariant in "Outside the contract";
#     each HINT and DETAIL somewhere in errors.md;
#   - each message that errors.md lists in a section of its own SQLSTATEs
#     must still be raised by the code (PostgreSQL's own messages, in the
#     sections that say so, are left out).
# Placeholders match either way: %s, %d, INT64_FORMAT … in the code match
# any text or a <placeholder> of errors.md, and <placeholder> or … in
# errors.md matches any text of the code.
# Prints TAP; run by the "docs" layer of test/layers.sh.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use Test::More;
use Messages qw(source_messages doc_matches);

my $root = "$FindBin::Bin/../..";
my $doc = "$root/docs/errors.md";

my $src = source_messages($root);
my @raised = @{ $src->{raised} };
my %noun = %{ $src->{nouns} };
ok($src->{errcodes} > 100, "SQLSTATE names read from errcodes.h and src/ ($src->{errcodes})");
cmp_ok($src->{calls}, '>=', 30, "api_error and api_warning calls and RAISEs found ($src->{calls})");
cmp_ok(scalar(grep { $_->{kind} eq 'message' } @raised), '>=', 50,
	'messages found in src/ (' . scalar(grep { $_->{kind} eq 'message' } @raised) . ')');
ok(scalar(keys %noun) >= 5, 'entity nouns found in src/ (' . join(', ', sort keys %noun) . ')');

# ------------------------------------------------------------ docs/errors.md
open my $dfh, '<', $doc or die "$doc: $!";
my @lines = <$dfh>;
close $dfh;
my (@documented, %span, %outside);	# {sqlstate, text, line}
my ($section_state, $pg_own, $in_outside, @header) = (undef, 0, 0);
for my $n (0 .. $#lines)
{
	my $line = $lines[$n];
	$span{$_} = 1 for $line =~ /`([^`]+)`/g;
	$in_outside = $line =~ /^##\s+Outside the contract/ ? 1 : $line =~ /^##\s/ ? 0 : $in_outside;
	$outside{$_} = $n + 1 for $in_outside ? $line =~ /`([^`]+)`/g : ();
	if ($line =~ /^##\s+(\S+?):?\s/)
	{
		my $title = $1;
		($section_state, $pg_own, @header) = ($title =~ /^[0-9A-Z]{5}$/ ? $title : undef, 0);
		next;
	}
	if ($line =~ /^#/) { ($section_state, $pg_own, @header) = (undef, 0); next }
	$pg_own = 1 if defined $section_state && $line =~ /PostgreSQL's own/ && !@header;
	next unless $line =~ /^\|/;
	my @cells = map { s/^\s+|\s+$//gr } split /(?<!\\)\|/, $line;
	shift @cells;
	if (!@header || $line =~ /^\|[-| :]+$/)
	{
		@header = map { lc } @cells unless $line =~ /^\|[-| :]+$/;
		next;
	}
	my %row;
	@row{@header} = @cells;
	if (defined $row{message})
	{
		# the message cell: the messages are its leading `…` spans, joined by ", " or " / "
		my $cell = $row{message};
		my @msgs;
		while ($cell =~ s/^\s*(?:,|\/)?\s*`([^`]+)`//) { push @msgs, $1 }
		my $state = $section_state;
		$state = $1 if defined $row{sqlstate} && $row{sqlstate} =~ /`?([0-9A-Z]{5})`?/;
		push @documented, map { { sqlstate => $state, text => $_, line => $n + 1, pg_own => $pg_own } } @msgs
		  if defined $state;
	}
	# "the client gets": `23505 This change conflicts with an existing row`
	for my $cell (values %row)
	{
		push @documented, { sqlstate => $1, text => $2, line => $n + 1, pg_own => 0 }
		  while $cell =~ /`((?=[A-Z]*[0-9])[0-9A-Z]{5}) ([^`]+)`/g;
	}
}
cmp_ok(scalar(@documented), '>=', 50, 'messages listed in docs/errors.md tables (' . scalar(@documented) . ')');

sub matches { my ($r, $text) = @_; return doc_matches($r, $text, \%noun) }

# Each message, HINT and DETAIL of the code is documented.
my %seen;
for my $r (sort { $a->{kind} cmp $b->{kind} || $a->{text} cmp $b->{text} } @raised)
{
	next if $seen{"$r->{kind}\0$r->{text}\0" . ($r->{sqlstate} // '')}++;
	my $what = "$r->{kind} " . ($r->{sqlstate} ? "$r->{sqlstate} " : '') . "\"$r->{text}\" ($r->{where})";
	if ($r->{kind} eq 'message')
	{
		my @hit = grep { matches($r, $_->{text}) } @documented;
		my @right = grep { !defined $r->{sqlstate} || $_->{sqlstate} eq $r->{sqlstate} } @hit;
		# an internal invariant may instead be listed under "Outside the contract"
		push @right, grep { matches($r, $_) } keys %outside;
		ok(scalar(@right), "$what is in docs/errors.md")
		  or diag(@hit ? 'documented under ' . join(', ', map { "$_->{sqlstate} (line $_->{line})" } @hit)
				  . " instead of $r->{sqlstate}" : 'not in any table of docs/errors.md');
	}
	else
	{
		ok(scalar(grep { matches($r, $_) } keys %span), "$what is in docs/errors.md")
		  or diag("no `…` span of docs/errors.md matches it");
	}
}

# Each message errors.md lists is still raised.
my @messages = grep { $_->{kind} eq 'message' } @raised;
my %done;
for my $d (@documented)
{
	next if $d->{pg_own} || $done{"$d->{sqlstate} $d->{text}"}++;
	my @hit = grep { matches($_, $d->{text}) } @messages;
	my @right = grep { !defined $_->{sqlstate} || $_->{sqlstate} eq $d->{sqlstate} } @hit;
	ok(scalar(@right), "docs/errors.md line $d->{line}: $d->{sqlstate} \"$d->{text}\" is raised by the code")
	  or diag(@hit ? 'raised as ' . join(', ', map { $_->{sqlstate} // '?' } @hit) : 'no message of src/ matches it: documented but no longer raised?');
}

done_testing();
