#!/bin/sh
# The man pages describe what the program does now: every configuration key
# with its default, every command, and they render without warnings.
. "$(dirname "$0")/../lib.sh"
MAN1="$TOP/man/madoguchi.1"
MAN5="$TOP/man/madoguchi.ini.5"

for page in "$MAN1" "$MAN5" "$TOP"/man/*.5; do
	run man --warnings -l "$page"
	if [ "$status" = 0 ] && [ ! -s "$T/err" ]; then
		pass "$(basename "$page") renders without warnings"
	else
		fail "$(basename "$page") renders without warnings"
	fi
done

# Every key the program knows (from its one table, via `config`), with its
# section, its default and whether only the system configuration sets it,
# is documented.
md config
section= prev=
while IFS= read -r line; do
	case $line in
	\[*\]) section=${line#[}; section=${section%]}
		grep -qF ".SS [$section]" "$MAN5" && pass "section [$section] documented" ||
			fail "section [$section] documented" ;;
	*' = '*)
		key=${line%% = *}; value=${line#* = }
		awk -v k="$key" -v v="$value" '
			$0 == ".B " k { found = 1; next }
			found && /^\.TP/ { exit 1 }
			found && /^Default:/ { getline d; if (v == "" || index(d, v)) { ok = 1; exit 0 } }
			END { exit !ok }' "$MAN5" && pass "[$section] $key and its default «$value» documented" ||
			fail "[$section] $key and its default «$value» documented"
		case $prev in *システムの設定でだけ*) want=1 scope="system" ;; *) want=0 scope="user" ;; esac
		awk -v k="$key" -v want="$want" '
			$0 == ".B " k { found = 1; next }
			found && /^Set only in the system configuration\.$/ { sys = 1 }
			found && /^Default:/ { exit }
			END { exit !(found && sys == want) }' "$MAN5" &&
			pass "[$section] $key documented as the $scope's" ||
			fail "[$section] $key documented as the $scope's" ;;
	esac
	prev=$line
done <"$T/out"

# The test hooks (include/madoguchi/hooks.h) are listed for developers in
# the README, and are not in the manual: the release program has none.
for hook in $(sed -n 's/^[[:space:]]*X(\([A-Z_0-9]*\), ".*/\1/p' "$TOP/include/madoguchi/hooks.h"); do
	grep -qF "MADOGUCHI_$hook\`" "$TOP/README.md" && pass "hook MADOGUCHI_$hook in README" ||
		fail "hook MADOGUCHI_$hook in README"
	grep -qF "MADOGUCHI_$hook" "$MAN1" && fail "hook MADOGUCHI_$hook not in madoguchi.1" ||
		pass "hook MADOGUCHI_$hook not in madoguchi.1"
done

# Every command of --help has an entry in madoguchi.1.
md --help
for cmd in $(sed -n 's/^  \([a-z][a-z]*\)  *.*/\1/p' "$T/out"); do
	grep -qE "^\.B $cmd( |\$)" "$MAN1" && pass "command $cmd documented" ||
		fail "command $cmd documented"
done

# Subcommands of audit each have an entry too, and --help names them.
md audit --help
for sub in verify; do
	grep -qE "^\.B audit $sub( |\$)" "$MAN1" && pass "audit $sub documented" ||
		fail "audit $sub documented"
	grep -qF "audit $sub" "$T/out" && pass "audit --help names $sub" ||
		fail "audit --help names $sub"
done

# The security model: what the program protects, what the system must.
MANWIDTH=1000 man -l "$MAN1" 2>/dev/null >"$T/man1"
holds "madoguchi.1 has a SECURITY section" grep -q '^SECURITY' "$T/man1"
for words in "Roles" "Audit" "Tamper evidence" "0600" "service account" \
	"do not get a shell" "Full-disk encryption" "Backups kept as safely" "--anchor"; do
	sed -n '/^SECURITY/,/^[A-Z]/p' "$T/man1" | tr -s ' \n' ' ' | grep -qF -- "$words" &&
		pass "SECURITY states «$words»" || fail "SECURITY states «$words»"
done

# Exit statuses 0–5 each have an entry.
for s in 0 1 2 3 4 5; do
	awk -v s="$s" '/^\.SH EXIT STATUS/ { on = 1 } on && $0 == ".B " s { f = 1 } END { exit !f }' "$MAN1" &&
		pass "exit status $s documented" || fail "exit status $s documented"
done

# The keys of the screens' one table (UI_ACTION_LIST, src/tui/ui.h, which
# the key bar, F1 and the dispatch read) are the README's table of keys and
# the man page's: each action's keys as F1 writes them ("F6 / Ctrl-O h") are
# an item of the first cell of a README row, and its key then its other keys
# the bold words of a .TP tag in madoguchi.1's Keys; and every key those
# name is the table's, or movement, typing or a question's answer.
perl -CSD -e '
use strict; use warnings; use utf8;
my ($top) = @ARGV;
sub slurp { open(my $fh, "<:encoding(UTF-8)", $_[0]) or die "$_[0]: $!"; local $/; <$fh> }
my $h = slurp("$top/src/tui/ui.h");
my ($table) = $h =~ /#define UI_ACTION_LIST\(X\)(.*?)\n\s*\n/s or die "no UI_ACTION_LIST\n";
my @acts;
push @acts, [$1, $2, $3] while $table =~ /X\((ACT_\w+),\s*"([^"]*)",\s*"([^"]*)"/g;
my %known = map { $_ => 1 } map { ($_->[1], length $_->[2] ? ($_->[2]) : ()) } @acts;
# Keys that are no action: movement, typing, a question'"'"'s answer.
my %other = map { $_ => 1 } ("Tab", "Shift-Tab", "↑ ↓", "↑", "↓", "j k", "PgUp PgDn",
	"PgUp", "PgDn", "y", "← → Enter", "←", "→");
my $n = 0;
sub ok { my ($good, $what) = @_; $n++; print(($good ? "ok" : "not ok") . " $n - $what\n"); }

my $readme = slurp("$top/README.md");
my ($keys) = $readme =~ /\n### Keys\n(.*?)\n(?:#|\n[^|\n])/s or die "README: no ### Keys\n";
# The items of a first cell are apart by ", ", which "< > / , ." holds too:
# the table'"'"'s own items are taken out whole first, the longest first.
my %written = map { my $w = length $_->[2] ? "$_->[1] / $_->[2]" : $_->[1]; $w => 1 } @acts;
my (%items, @rest);
for my $row (grep { /^\| / } split /\n/, $keys) {
	my ($cell) = $row =~ /^\|\s*(.*?)\s*\|/;
	next if $cell eq "key" || $cell =~ /^-+$/;
	for my $w (sort { length $b <=> length $a } keys %written) {
		$items{$w} = 1 if $cell =~ s/(?:^|(?<=, ))\Q$w\E(?=, |$)/\x{1}/g;
	}
	push @rest, grep { $_ ne "\x{1}" } split /, /, $cell;
}
for my $a (@acts) {
	my ($name, $key, $alt) = @$a;
	my $want = length $alt ? "$key / $alt" : $key;
	ok($items{$want}, "README: $name is «$want»");
}
for my $item (@rest) {
	ok($known{$item} || $other{$item},
		"README: «$item» is a key of the table (or movement, typing, an answer)");
}

my $man = slurp("$top/man/madoguchi.1");
my ($sec) = $man =~ /\n\.SS Keys\n(.*?)\n\.S[SH] /s or die "madoguchi.1: no .SS Keys\n";
my @tags;
my @lines = split /\n/, $sec;
for my $i (1 .. $#lines) {
	next unless $lines[$i - 1] eq ".TP" && $lines[$i] =~ /^\.(BR?) (.*)/;
	my ($macro, $rest) = ($1, $2);
	my @args;
	push @args, defined $1 ? $1 : $2 while $rest =~ /\G\s*(?:"([^"]*)"|(\S+))/g;
	my @bold = $macro eq "B" ? (join " ", @args) : @args[grep { $_ % 2 == 0 } 0 .. $#args];
	for (@bold) {
		s/\\-/-/g; s/\\\(ua/↑/g; s/\\\(da/↓/g; s/\\\(<-/←/g; s/\\\(->/→/g;
	}
	push @tags, \@bold;
}
for my $a (@acts) {
	my ($name, $key, $alt) = @$a;
	my $found = grep {
		my $t = $_;
		grep { $t->[$_] eq $key && (!length $alt || ($t->[$_ + 1] // "") eq $alt) } 0 .. $#$t
	} @tags;
	ok($found, "madoguchi.1: $name is «$key»" . (length $alt ? " then «$alt»" : ""));
}
my %words = map { $_ => 1 } map { @$_ } @tags;
for my $w (sort keys %words) {
	ok($known{$w} || $other{$w}, "madoguchi.1: «$w» is a key of the table (or movement, typing, an answer)");
}
print "# checks: $n\n";
' "$TOP" >"$T/keys_docs" 2>&1 || fail "the keys of README and madoguchi.1 read" "$(cat "$T/keys_docs")"
while IFS= read -r line; do
	case $line in
	"ok "*) pass "${line#ok [0-9]* - }" ;;
	"not ok "*) fail "${line#not ok [0-9]* - }" ;;
	esac
done <"$T/keys_docs"

# The README starts with the two commands.
holds "README starts with make run and make test" sh -c \
	"head -n 12 '$TOP/README.md' | grep -q 'make run' && head -n 12 '$TOP/README.md' | grep -q 'make test'"

done_testing
