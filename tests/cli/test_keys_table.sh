#!/bin/sh
# Keys from the table (issue 16, "Keys from the table"): every key a screen
# acts on is in the action table of src/tui/ui.h, which the dispatch
# (ui_key_action) reads, so that the key written there and the key that
# works are one. A screen matches no letter or sign of its own: only j and
# k (movement), digits (a choice's number) and Space, Tab and Enter, as wide
# characters (L'x') since a key is one.
. "$(dirname "$0")/../lib.sh"

perl -CSD -e '
use strict; use warnings;
my $top = shift;
sub slurp { open(my $fh, "<:encoding(UTF-8)", $_[0]) or die "$_[0]: $!"; local $/; <$fh> }
my $h = slurp("$top/src/tui/ui.h");
my ($table) = $h =~ /#define UI_ACTION_LIST\(X\)(.*?)\n\s*\n/s or die "no UI_ACTION_LIST\n";
my (%names, @order);
while ($table =~ /X\((ACT_\w+),\s*"([^"]*)",\s*"([^"]*)"/g) {
	$names{$1} = [grep { length } split(/ /, $2), split(/ /, $3)];
	push @order, $1;
}
my $n = 0;
sub ok { my ($good, $what) = @_; $n++; print(($good ? "ok" : "not ok") . " $n - $what\n"); }

# Every name is one ui_key_action reads.
for my $a (@order) {
	my @bad = grep { !/^(F([1-9]|1[0-2])|Home|End|Enter|Esc|Ctrl-[A-Z]|[!-~])$/ } @{$names{$a}};
	ok(!@bad, "$a: every key named is one the dispatch reads" . (@bad ? " (not: @bad)" : ""));
}
# A function key, control key, Enter or Esc means one action everywhere.
my %global;
for my $a (@order) {
	for my $k (grep { length > 1 } @{$names{$a}}) {
		ok(!$global{$k}, "$k is the key of one action ($a" . ($global{$k} ? ", $global{$k})" : ")"));
		$global{$k} = $a;
	}
}
for my $f (sort glob("$top/src/tui/*.c")) {
	my $src = slurp($f);
	next unless $src =~ /\.actions\s*=\s*(\w+)/;
	my $list = $1;
	(my $base = $f) =~ s{.*/}{};
	# Within a screen a letter or sign means one action.
	my ($acts) = $src =~ /enum ui_action \Q$list\E\[\]\s*=\s*\{(.*?)\}/s or die "$base: no $list\n";
	my %letter;
	for my $a ($acts =~ /(ACT_\w+)/g) {
		next if $a eq "ACT_NONE";
		ok(exists $names{$a}, "$base: $a is in the table");
		for my $k (grep { length == 1 } @{$names{$a} || []}) {
			ok(!$letter{$k}, "$base: $k means one action ($a" . ($letter{$k} ? ", $letter{$k})" : ")"));
			$letter{$k} = $a;
		}
	}
	# No letter or sign matched outside the table.
	my @lines = split /\n/, $src;
	my @bad;
	for my $i (0 .. $#lines) {
		(my $l = $lines[$i]) =~ s{/\*.*?\*/|//.*$}{}g;
		$l =~ s/"(?:[^"\\]|\\.)*"//g;
		while ($l =~ /L\x27([^\x27\\])\x27/g) {
			my $c = $1;
			next if $c =~ /^[jk0-9 ]$/;
			push @bad, ($i + 1) . ": \x27$c\x27";
		}
	}
	ok(!@bad, "$base matches no letter or sign outside the action table" .
		(@bad ? " (" . join(", ", @bad) . ")" : ""));
}
print "1..$n\n";
' "$TOP"
