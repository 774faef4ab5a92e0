#!/usr/bin/perl
# test/docs/messages_once.pl — each message is pinned in one layer.
#
# The exact wording of a message belongs to the pg_regress walk-through
# that shows it (and to docs/errors.md).  A pgTAP file may assert a
# message verbatim only when no expected/*.out shows that wording; where a
# walk-through does, pgTAP checks the SQLSTATE, and at most that the
# message carries a value (a name, a count, the states of a move).
#
# A wording is one format of the C code (read from src/ as
# test/docs/errors_md.pl does): "Ticket 7 is closed" in a pgTAP file and
# "Ticket 1 is closed" in an expected output are the same wording.  A
# message that is not the extension's own (PostgreSQL's) counts when the
# two texts are equal.  Messages are those of throws_ok() and those
# compared with an error's message, DETAIL or HINT by is().
# Prints TAP, one test per pgTAP file; run by the "docs" layer of
# test/layers.sh.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use Test::More;
use Messages qw(source_messages code_matches regress_messages pgtap_messages sql_calls);

my $root = "$FindBin::Bin/../..";
my $src = source_messages($root);
my @formats = @{ $src->{raised} };
my $nouns = $src->{nouns};
my @regress = @{ regress_messages($root) };
my @pgtap = @{ pgtap_messages($root) };

cmp_ok(scalar(@formats), '>=', 50, 'message formats read from src/ (' . scalar(@formats) . ')');
cmp_ok(scalar(@regress), '>=', 50, 'ERROR, DETAIL and HINT lines in expected/*.out (' . scalar(@regress) . ')');
my $throws = 0;
for my $file (glob("$root/test/pgtap/*.sql"))
{
	open my $fh, '<', $file or die "$file: $!";
	my $text = do { local $/; <$fh> };
	$throws += () = sql_calls($text, 'throws_ok');
}
cmp_ok($throws, '>=', 100, "throws_ok calls read in test/pgtap/*.sql ($throws; "
	  . scalar(@pgtap) . ' assert a message verbatim)');

# The wordings (formats) a text is an instance of; for PostgreSQL's own
# messages, the text itself.
sub wordings
{
	my ($kind, $text) = @_;
	my @w = map { "$_->{kind}\0$_->{text}" } grep { $_->{kind} eq $kind && code_matches($_, $text, $nouns) } @formats;
	return @w ? @w : ("$kind\0=$text");
}

my %pinned;		# wording => where a walk-through shows it
for my $r (@regress)
{
	$pinned{$_} //= $r->{where} for wordings($r->{kind}, $r->{text});
}

my %by_file;
for my $p (@pgtap)
{
	(my $file = $p->{where}) =~ s/:\d+$//;
	$by_file{$file} //= [];
	my $text = $p->{text};
	# (a format() of the test keeps its %s: they match the code's placeholders)
	for my $w (wordings($p->{kind}, $text))
	{
		next unless $pinned{$w};
		(my $shown = $w) =~ s/^[^\0]*\0//;
		push @{ $by_file{$file} }, "$p->{where}: $p->{kind} \"$text\" (wording \"$shown\") is pinned by $pinned{$w}";
	}
}
for my $file (sort glob("$root/test/pgtap/*.sql"))
{
	(my $rel = $file) =~ s{^\Q$root\E/}{};
	my @v = @{ $by_file{$rel} // [] };
	ok(!@v, "$rel asserts no message wording that a pg_regress walk-through pins") or diag join("\n", @v);
}

done_testing();
