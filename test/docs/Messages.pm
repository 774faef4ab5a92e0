# test/docs/Messages.pm — what the docs checks share: the messages the C
# code can raise (read from src/, whatever its files are called), the
# messages a pg_regress expected output shows, the messages a pgTAP file
# asserts, and how a message matches a format with placeholders.
package Messages;
use strict;
use warnings;
use File::Find;
use Exporter 'import';
our @EXPORT_OK = qw(source_messages code_matches doc_matches regress_messages pgtap_messages sql_calls sql_literal);

# ------------------------------------------------------------ SQLSTATEs
# ERRCODE_* names, from PostgreSQL's errcodes.h and the extension's own
# MAKE_SQLSTATE definitions.
sub read_errcodes
{
	my ($errcode, $file) = @_;
	open my $fh, '<', $file or return;
	while (my $line = <$fh>)
	{
		$errcode->{$1} = join '', $2, $3, $4, $5, $6
		  if $line =~ /#define\s+(\w+)\s+MAKE_SQLSTATE\('(.)',\s*'(.)',\s*'(.)',\s*'(.)',\s*'(.)'\)/;
	}
}

# ------------------------------------------------------------ C
# Tokens of C: strings (unescaped), identifiers, punctuation; comments and
# preprocessor lines dropped (string macros are kept in %$macro).
sub c_unescape
{
	my ($s) = @_;
	$s =~ s/\\(["\\'])/$1/g;
	$s =~ s/\\n/\n/g;
	$s =~ s/\\t/\t/g;
	return $s;
}

sub c_tokens
{
	my ($text, $macro) = @_;
	my @t;
	while (
		$text =~ m{\G(?:
			(\s+)
		  | (/\*.*?\*/)
		  | (//[^\n]*)
		  | (^[ \t]*\#[^\n]*(?:\\\n[^\n]*)*)
		  | "((?:[^"\\]|\\.)*)"
		  | '((?:[^'\\]|\\.)*)'
		  | ([A-Za-z_]\w*)
		  | (->|\+\+|--|&&|\|\||[-+*/%<>=!&|^~?:;,.()\[\]{}])
		  | (\S)
		)}gcxms)
	{
		if (defined $4)
		{
			my $line = $4;
			$macro->{$1} = join '', map { c_unescape($_) } ($2 =~ /"((?:[^"\\]|\\.)*)"/g)
			  if $line =~ /^\s*#\s*define\s+(\w+)\s+((?:"(?:[^"\\]|\\.)*"\s*)+)$/;
		}
		elsif (defined $5) { push @t, [ 'str', c_unescape($5) ] }
		elsif (defined $6) { push @t, [ 'chr', $6 ] }
		elsif (defined $7) { push @t, [ 'id', $7 ] }
		elsif (defined $8) { push @t, [ 'p', $8 ] }
		elsif (defined $9) { push @t, [ 'p', $9 ] }
	}
	return @t;
}

# The arguments of a call whose "(" is at $t->[$i]: lists of tokens, split
# at the commas of depth 0.
sub c_call_args
{
	my ($t, $i) = @_;
	my (@args, @cur);
	my $depth = 0;
	for ($i++; $i < @$t; $i++)
	{
		my ($k, $v) = @{ $t->[$i] };
		if ($k eq 'p' && $v =~ /^[(\[{]$/) { $depth++ }
		elsif ($k eq 'p' && $v =~ /^[)\]}]$/)
		{
			if ($depth-- == 0) { push @args, [@cur]; return \@args }
		}
		elsif ($k eq 'p' && $v eq ',' && $depth == 0) { push @args, [@cur]; @cur = (); next }
		push @cur, $t->[$i];
	}
	return \@args;
}

# The string values a C expression can have: each run of adjacent literals
# and string macros is one value (a ternary gives two); psprintf(...) and
# friends give the value of their format.
sub c_strings
{
	my ($expr, $macro) = @_;
	my (@out, $cur);
	my @e = @$expr;
	if (@e >= 2 && $e[0][0] eq 'id' && $e[0][1] =~ /printf$/ && $e[1][1] eq '(')
	{
		return c_strings(c_call_args(\@e, 1)->[0], $macro);
	}
	for my $tok (@e)
	{
		my ($k, $v) = @$tok;
		if ($k eq 'str') { $cur = ($cur // '') . $v; next }
		if ($k eq 'id' && exists $macro->{$v}) { $cur = ($cur // '') . $macro->{$v}; next }
		push @out, $cur if defined $cur;
		undef $cur;
	}
	push @out, $cur if defined $cur;
	return @out;
}

# Which arguments after a format are filled with an entity's noun.
sub noun_args
{
	my (@args) = @_;
	return [ map { (@$_ && $_->[-1][0] eq 'id' && $_->[-1][1] =~ /noun$/) ? 1 : 0 } @args ];
}

# Every message, DETAIL and HINT the C code of $root/src can raise, and
# those the install and update scripts raise (sql/migrations: RAISE
# EXCEPTION … USING ERRCODE, MESSAGE, DETAIL, HINT):
#   api_error(code, detail, hint, fmt, args…), api_warning(code, hint, fmt,
#   args…); the descriptors' .dup_format, .write_denied, .read_denied,
#   .delete_denied, .denied (messages), .in_use_hint, .dup_hint (HINTs),
#   .noun; messages built for a later api_error (a literal or psprintf()
#   assigned to a *message, *detail or *hint variable).
# Returns a hash: raised => [{kind, sqlstate, text, where, noun_args}],
# nouns => {noun => 1}, calls => number of api_error/api_warning calls
# and RAISEs,
# errcodes => number of SQLSTATE names known.
sub source_messages
{
	my ($root) = @_;
	my (%errcode, @files);
	my $inc = `pg_config --includedir-server 2>/dev/null`;
	chomp $inc;
	read_errcodes(\%errcode, "$inc/utils/errcodes.h") if $inc;
	find({ wanted => sub { push @files, $File::Find::name if /\.[ch]$/ }, no_chdir => 1 }, "$root/src");
	@files = sort @files;
	read_errcodes(\%errcode, $_) for @files;

	my %macro = (INT64_FORMAT => '%lld', UINT64_FORMAT => '%llu');
	my (@raised, %noun);
	my $calls = 0;
	my $raise = sub {
		my (%r) = @_;
		push @raised, \%r if defined $r{text} && $r{text} ne '' && $r{text} !~ /^(%[a-z]*s)+$/;
	};
	for my $file (@files)
	{
		open my $fh, '<', $file or die "$file: $!";
		my $text = do { local $/; <$fh> };
		close $fh;
		my @t = c_tokens($text, \%macro);
		(my $rel = $file) =~ s{^\Q$root\E/}{};
		for (my $i = 0; $i < @t; $i++)
		{
			my ($k, $v) = @{ $t[$i] };
			next unless $k eq 'id';
			if (($v eq 'api_error' || $v eq 'api_warning') && $i + 1 < @t && $t[ $i + 1 ][1] eq '(')
			{
				my @a = @{ c_call_args(\@t, $i + 1) };
				next if @{ $a[0] // [] } && $a[0][0][0] eq 'id' && $a[0][0][1] =~ /^(int|const|char|void)$/;	# a declaration
				my ($code, $detail, $hint, $fmt, @rest) =
				  $v eq 'api_error' ? @a : ($a[0], undef, $a[1], $a[2], @a[ 3 .. $#a ]);
				next unless $fmt;
				$calls++;
				my $state = (@$code == 1 && $code->[0][0] eq 'id') ? $errcode{ $code->[0][1] } : undef;
				$raise->(kind => 'message', sqlstate => $state, text => $_, where => "$rel: $v",
						 noun_args => noun_args(@rest)) for c_strings($fmt, \%macro);
				$raise->(kind => 'HINT', text => $_, where => "$rel: $v") for $hint ? c_strings($hint, \%macro) : ();
				$raise->(kind => 'DETAIL', text => $_, where => "$rel: $v") for $detail ? c_strings($detail, \%macro) : ();
				next;
			}
			# descriptor fields: .field = "..."
			if ($i > 0 && $t[ $i - 1 ][1] eq '.' && $i + 1 < @t && $t[ $i + 1 ][1] eq '=')
			{
				my @expr;
				for (my $j = $i + 2; $j < @t && $t[$j][1] !~ /^[,;}]$/; $j++) { push @expr, $t[$j] }
				my @s = c_strings(\@expr, \%macro);
				next unless @s;
				if ($v eq 'noun') { $noun{$_} = 1 for @s }
				elsif ($v eq 'dup_format') { $raise->(kind => 'message', sqlstate => '23505', text => $_, where => "$rel: .$v") for @s }
				elsif ($v =~ /^(write_|read_|delete_)?denied$/) { $raise->(kind => 'message', sqlstate => '42501', text => $_, where => "$rel: .$v") for @s }
				elsif ($v =~ /_hint$/) { $raise->(kind => 'HINT', text => $_, where => "$rel: .$v") for @s }
				next;
			}
			# messages built for a later api_error: x->in_use_message = psprintf("...")
			if ($v =~ /(message|detail|hint)$/i && $i + 2 < @t && $t[ $i + 1 ][1] eq '='
				&& ($t[ $i + 2 ][0] eq 'str' || ($t[ $i + 2 ][0] eq 'id' && $t[ $i + 2 ][1] =~ /printf$/)))
			{
				my $kind = $v =~ /message$/i ? 'message' : $v =~ /detail$/i ? 'DETAIL' : 'HINT';
				my @expr;
				for (my $j = $i + 2; $j < @t && $t[$j][1] ne ';'; $j++) { push @expr, $t[$j] }
				my $args = $expr[0][0] eq 'id' ? c_call_args(\@expr, 1) : [];
				$raise->(kind => $kind, text => $_, where => "$rel: $v =",
						 noun_args => noun_args(@{$args}[ 1 .. $#$args ])) for c_strings(\@expr, \%macro);
			}
		}
	}
	# the install and update scripts: RAISE EXCEPTION [format, args] USING
	# ERRCODE = …, MESSAGE = …, DETAIL = …, HINT = … (literals only)
	for my $file (sort glob("$root/sql/migrations/*.sql"))
	{
		open my $fh, '<', $file or die "$file: $!";
		my $text = do { local $/; <$fh> };
		close $fh;
		(my $rel = $file) =~ s{^\Q$root\E/}{};
		while ($text =~ /\bRAISE\s+EXCEPTION\b((?:'(?:[^']|'')*'|[^;'])*);/gis)
		{
			my $stmt = $1;
			my %opt;
			$opt{MESSAGE} = $1 =~ s/''/'/gr =~ s/%/%s/gr if $stmt =~ /^\s*'((?:[^']|'')*)'/s;
			while ($stmt =~ /\b(ERRCODE|MESSAGE|DETAIL|HINT)\s*=\s*'((?:[^']|'')*)'/gis)
			{
				$opt{ uc $1 } = $2 =~ s/''/'/gr;
			}
			next unless defined $opt{MESSAGE};
			$calls++;
			my $code = $opt{ERRCODE} // 'P0001';
			my $state = $code =~ /^[0-9A-Z]{5}$/ ? $code : $errcode{ 'ERRCODE_' . uc $code };
			$raise->(kind => 'message', sqlstate => $state, text => $opt{MESSAGE}, where => "$rel: RAISE");
			$raise->(kind => $_, text => $opt{$_}, where => "$rel: RAISE") for grep { defined $opt{$_} } qw(DETAIL HINT);
		}
	}
	return { raised => \@raised, nouns => \%noun, calls => $calls, errcodes => scalar(keys %errcode) };
}

# ------------------------------------------------------------ matching
my $PLACEHOLDER = qr/%[-+ #0-9.]*(?:ll|l|z|h)?[sdiuxXc]/;

# A code format as a regex over a message: placeholders match any text or a
# <placeholder>; an argument filled with an entity noun matches a noun.
sub code_regex
{
	my ($r, $nouns) = @_;
	my @noun_args = @{ $r->{noun_args} // [] };
	my $alt = join '|', map { quotemeta } sort keys %{ $nouns // {} };
	my $k = 0;
	my $re = join '', map {
		if (/^$PLACEHOLDER$/)
		{
			my $is_noun = $noun_args[ $k++ ];
			$is_noun && $alt ? "(<[^<>]+>|$alt)" : '(<[^<>]+>|.+?)';
		}
		else { quotemeta }
	} split /($PLACEHOLDER)/, $r->{text};
	return qr/^$re$/s;
}

# A documented message as a regex over a code format: <…>, … and
# [optional] parts match any text (a placeholder of the code included).
sub doc_regex
{
	my ($text) = @_;
	my $re = join '', map {
		/^<[^<>]+>$/ || $_ eq '…' ? '.+?' : /^\[.*\]$/ ? '(?:.*?)' : quotemeta
	} split /(<[^<>]+>|…|\[[^\]]*\])/, $text;
	return qr/^$re$/s;
}

# Does a message of the code ($r) match documented text: either way round.
sub doc_matches
{
	my ($r, $doc_text, $nouns) = @_;
	return 1 if $doc_text =~ code_regex($r, $nouns);
	(my $code_text = $r->{text}) =~ s/$PLACEHOLDER/\x01/g;
	return $code_text =~ doc_regex($doc_text) ? 1 : 0;
}

# Does a message as raised (or a test's format() of it, %s left in) come
# from the code's format $r?  Returns the texts its placeholders stand for.
sub code_matches
{
	my ($r, $message, $nouns) = @_;
	my $re = code_regex($r, $nouns);
	return unless $message =~ $re;
	return (1) unless $r->{text} =~ $PLACEHOLDER;
	my @parts = $message =~ $re;
	return (1, @parts);
}

# ------------------------------------------------------------ pg_regress
# The ERROR, DETAIL and HINT lines of expected/*.out: [{kind, text, where}].
sub regress_messages
{
	my ($root) = @_;
	my @out;
	for my $file (sort glob("$root/expected/*.out"))
	{
		open my $fh, '<', $file or die "$file: $!";
		(my $rel = $file) =~ s{^\Q$root\E/}{};
		while (my $line = <$fh>)
		{
			push @out, { kind => $1 eq 'ERROR' ? 'message' : $1, text => $2, where => "$rel:$." }
			  if $line =~ /^(ERROR|DETAIL|HINT):  (.*)$/;
		}
		close $fh;
	}
	return \@out;
}

# ------------------------------------------------------------ SQL
# Calls of function $name in SQL text: for each, the list of its argument
# texts (split at the commas of depth 0; string literals, dollar quotes,
# comments and psql variables are skipped over as units), their offsets
# [from, to) in the text, and the line.
sub sql_calls
{
	my ($text, $name) = @_;
	my @calls;
	while ($text =~ /\b\Q$name\E\s*\(/g)
	{
		my $start = pos($text);
		my $line = 1 + (substr($text, 0, $start) =~ tr/\n//);
		my ($depth, $cur, $from, @args, @spans) = (0, '', $start);
		pos($text) = $start;
		while (
			$text =~ m{\G(
				[eE]'(?:[^'\\]|\\.|'')*'
			  | '(?:[^']|'')*'
			  | (\$[A-Za-z_]*\$).*?\2
			  | --[^\n]*
			  | :'[A-Za-z_]\w*'
			  | [(),]
			  | [^'(),\$:eE-]+
			  | .
			)}gcsx)
		{
			my $tok = $1;
			if ($tok eq '(') { $depth++ }
			elsif ($tok eq ')')
			{
				if ($depth-- == 0) { push @args, $cur; push @spans, [ $from, pos($text) - 1 ]; last }
			}
			elsif ($tok eq ',' && $depth == 0)
			{
				push @args, $cur; push @spans, [ $from, pos($text) - 1 ];
				($cur, $from) = ('', pos($text));
				next;
			}
			$cur .= $tok;
		}
		s/^\s+|\s+$//g for @args;
		push @calls, { args => \@args, spans => \@spans, line => $line, start => $start };
		pos($text) = $start;
	}
	return @calls;
}

# The value of a SQL string literal ('…', E'…', $$…$$), or undef.
sub sql_literal
{
	my ($s) = @_;
	return $1 =~ s/''/'/gr if $s =~ /^'((?:[^']|'')*)'$/s;
	if ($s =~ /^[eE]'((?:[^'\\]|\\.|'')*)'$/s)
	{
		my $v = $1 =~ s/''/'/gr;
		$v =~ s/\\u([0-9a-fA-F]{4})/chr(hex($1))/ge;
		$v =~ s/\\U([0-9a-fA-F]{8})/chr(hex($1))/ge;
		$v =~ s/\\n/\n/g;
		$v =~ s/\\t/\t/g;
		$v =~ s/\\(.)/$1/g;
		return $v;
	}
	return $2 if $s =~ /^(\$[A-Za-z_]*\$)(.*)\1$/s;
	return;
}

# The messages pgTAP files assert verbatim: the message argument of
# throws_ok() (a literal, or the format of a format() call, also inside a
# CASE) and a literal compared with an error's 'message', 'detail' or
# 'hint' by is(): [{kind, text, where, arg}].
sub pgtap_messages
{
	my ($root) = @_;
	my @out;
	for my $file (sort glob("$root/test/pgtap/*.sql"))
	{
		open my $fh, '<', $file or die "$file: $!";
		my $text = do { local $/; <$fh> };
		close $fh;
		(my $rel = $file) =~ s{^\Q$root\E/}{};
		for my $c (sql_calls($text, 'throws_ok'))
		{
			my $msg = $c->{args}[2];
			next unless defined $msg && @{ $c->{args} } >= 3;
			my @texts;
			if (defined(my $v = sql_literal($msg))) { push @texts, $v }
			else
			{
				for my $f (sql_calls($msg, 'format'))
				{
					my $v = sql_literal($f->{args}[0] // '');
					push @texts, $v if defined $v;
				}
				while ($msg =~ /\b(?:THEN|ELSE)\s+('(?:[^']|'')*'|[eE]'(?:[^'\\]|\\.|'')*')/g)
				{
					push @texts, sql_literal($1);
				}
			}
			push @out, map { { kind => 'message', text => $_, where => "$rel:$c->{line}", arg => $msg } } @texts;
		}
		for my $c (sql_calls($text, 'is'))
		{
			my ($got, $want) = @{ $c->{args} };
			next unless defined $want && defined $got;
			next unless $got =~ /->>\s*'(message|detail|hint)'\s*\)?$/;
			my $kind = $1 eq 'message' ? 'message' : uc $1;
			my $v = sql_literal($want);
			push @out, { kind => $kind, text => $v, where => "$rel:$c->{line}", arg => $want } if defined $v;
		}
	}
	return \@out;
}

1;
