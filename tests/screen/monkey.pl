#!/usr/bin/perl
# The key monkey (issue 15): the real program, built with AddressSanitizer
# and UBSan (build/asan/madoguchi), driven in tmux with long random
# sequences of every key it binds (read from the action table in
# src/tui/ui.h, never copied here) and of editing keys, text in Japanese
# and ASCII, short and long, and window sizes from 200×60 down to 1×1 and
# back. Episodes lead it to every screen first (login and first run, 今日の
# 予定, the case list and its search, a case, each kind of form, a progress
# entry, history, 支援経過の検索, F1, the dialogs, the contact screen new
# and saved, the contacts list, the referral dialog, the meetings list, a
# meeting new and recorded, a person's 提供記録, a household and its
# 対象判定), then let it loose there.
#
# After every batch of keys it checks that the program is alive or ended
# with exit 0 (a quit: it is started again and the restarts counted), that
# it has not stopped reading keys (a hang), and that no sanitizer wrote a
# report. At the end both databases must pass `madoguchi check` (and the
# crash tests' checks when build/check/crash_check is there), and in the
# draft sub-runs the draft of a progress entry must hold exactly what a
# model of the editor says was typed.
#
#   perl tests/screen/monkey.pl [--keys N] [--seed S] [--work DIR] [--tap]
#   perl tests/screen/monkey.pl --replay DIR/keys.log
#
# MONKEY_KEYS, MONKEY_SEED, MONKEY_BIN, MONKEY_HANG_SECONDS set the same.
# Every key sent is written to WORK/keys.log (number, where, kind, key); the
# seed replays the choices (the moments are the machine's), --replay sends
# a log's keys again as they were. Keys that quit are let through and the
# program restarted; F9 prints into WORK/out; $EDITOR is a script that
# appends a line; the idle lock waits a day (and is unlocked if it shows anyway).
use v5.20;
use strict;
use warnings;
use utf8;

use Cwd qw(abs_path);
use Digest::SHA;
use Encode qw(decode_utf8 encode_utf8);
use Fcntl qw(O_RDONLY O_NOCTTY O_NONBLOCK);
use File::Basename qw(dirname);
use File::Path qw(make_path remove_tree);
use File::Temp qw(tempdir);
use Getopt::Long qw(GetOptions);
use POSIX qw(_exit ICANON);
use Time::HiRes qw(sleep time);

binmode STDOUT, ':encoding(UTF-8)';
binmode STDERR, ':encoding(UTF-8)';
$| = 1;

my $TOP = abs_path(dirname(__FILE__) . '/../..');
my %opt = (
	keys => $ENV{MONKEY_KEYS} // 3000,
	seed => $ENV{MONKEY_SEED},
	bin  => $ENV{MONKEY_BIN} // "$TOP/build/asan/madoguchi",
	hang => $ENV{MONKEY_HANG_SECONDS} // 60,
	tap  => 0,
);
GetOptions(\%opt, 'keys=i', 'seed=i', 'bin=s', 'work=s', 'tap', 'replay=s',
	   'hang=i', 'cases=i')
	or die "usage: monkey.pl [--keys N] [--seed S] [--work DIR] [--tap] [--replay LOG]\n";
$opt{seed} //= (time() ^ ($$ << 8)) % 2147483647;
$opt{cases} //= 30;
my $PASSWORD = 'demo-password';              # MD_DEMO_PASSWORD
my @USERS = qw(suzuki.k hayashi.y demo kondo.h); # consultant, chief, admin, employment
my $NOW = '2026-04-01 10:00:00';

# ---- TAP ---------------------------------------------------------------------
my ($tap_n, $tap_failed) = (0, 0);
sub note { my $m = join '', @_; $m =~ s/^/# /mg; print "$m\n"; }
sub result {
	my ($ok, $what, @diag) = @_;
	$tap_n++;
	$tap_failed++ unless $ok;
	print(($ok ? 'ok' : 'not ok') . " $tap_n - $what\n");
	note($_) for @diag;
}

# ---- the working folder --------------------------------------------------------
my $W;
if ($opt{work}) {
	$W = $opt{work};
	remove_tree($W) if -d $W && !$opt{replay};
	make_path($W);
	$W = abs_path($W);
} else {
	$W = tempdir('madoguchi-monkey-XXXXXX', TMPDIR => 1);
}
my $keep = $opt{work} ? 1 : 0; # a temporary folder is removed unless a run failed
END { remove_tree($W) if defined $W && !$keep && !$opt{work}; }

make_path("$W/$_") for qw(home data config out san);
my $DB    = "$W/main.db";
my $FIRST = "$W/first.db";
my $LOG   = "$W/keys.log";
my $SOCK  = "madoguchi-monkey-$$";
$ENV{$_->[0]} = $_->[1] for (
	[HOME => "$W/home"], [XDG_DATA_HOME => "$W/data"],
	[XDG_CONFIG_HOME => "$W/config"], [TZ => 'Asia/Tokyo'],
	[LANG => 'C.UTF-8'], [LC_ALL => 'C.UTF-8'], [MADOGUCHI_NOW => $NOW],
	[MADOGUCHI_DATADIR => $TOP], [MADOGUCHI_SYSCONFIG => "$W/system.ini"],
	# A report ends the program and is written where the monkey reads it.
	[ASAN_OPTIONS => "log_path=$W/san/asan:halt_on_error=1:abort_on_error=0:"
			 . "exitcode=86:detect_leaks=1"],
	[UBSAN_OPTIONS => "log_path=$W/san/ubsan:halt_on_error=1:print_stacktrace=1"],
);
delete $ENV{$_} for qw(VISUAL EDITOR TMUX MADOGUCHI_TRACE MADOGUCHI_IDLE_SECONDS);

# $EDITOR: appends a line and ends, as a person who adds a sentence would.
my $EDIT_ADDS = '(エディタで追記)';
open(my $ed, '>:encoding(UTF-8)', "$W/editor.sh") or die "$W/editor.sh: $!";
print $ed "#!/bin/sh\nprintf '%s' '$EDIT_ADDS' >>\"\$1\"\n";
close $ed;
chmod 0755, "$W/editor.sh";

# The program runs under a shell that writes its exit status (tmux 3.3
# does not always reap it: the pane shows dead, the status never comes)
# and keeps what it writes to stderr (a sanitizer that ignores log_path).
my $STATUS = "$W/status";
my $STDERR = "$W/stderr";
open(my $run, '>', "$W/run.sh") or die;
print $run "#!/bin/sh\n\"\$@\" 2>>'$STDERR'\necho \$? >'$STATUS'\n";
close $run;
chmod 0755, "$W/run.sh";

open(my $ini, '>', "$W/madoguchi.ini") or die;
print $ini <<"EOF";
[drafts]
autosave_seconds = 1
[export]
dir = $W/out
EOF
close $ini;
# The security policy is the system's (/etc/madoguchi.ini in a release).
open(my $sys, '>', "$W/system.ini") or die;
print $sys <<"EOF";
[security]
idle_lock_minutes = 1440
max_failed_logins = 100
failed_login_delay_seconds = 0
EOF
close $sys;

die "monkey: $opt{bin} is not built (make $opt{bin})\n" unless -x $opt{bin};

# ---- running things ------------------------------------------------------------
# Run a command (a list, no shell) and return its stdout (decoded) and status.
sub capture {
	my @cmd = map { encode_utf8($_) } @_;
	my $pid = open(my $fh, '-|');
	die "fork: $!" unless defined $pid;
	if (!$pid) {
		open(STDERR, '>', '/dev/null');
		exec(@cmd) or _exit(127);
	}
	local $/;
	my $out = <$fh> // '';
	close $fh;
	return (decode_utf8($out), $?);
}

# tmux commands, ";" between them. An argument ending in ";" would end a
# command: it is escaped as tmux wants ("\;").
sub tm {
	my @a = map { my $s = $_; $s eq ';' ? $s : ($s =~ s/;\z/\\;/r) } @_;
	my ($out) = capture('tmux', '-L', $SOCK, '-f', '/dev/null', @a);
	return $out;
}
END { system('tmux', '-L', $SOCK, 'kill-server') if defined $SOCK; }
# Stopped (Ctrl-C, a time limit): the END blocks still end tmux and the program.
$SIG{$_} = sub { exit 2 } for qw(INT TERM HUP);

sub sql {
	my ($db, $q, @opts) = @_;
	my ($out, $st) = capture('sqlite3', '-cmd', '.timeout 5000', @opts, $db, $q);
	return $st == 0 ? $out : undef;
}

# A query's rows, fields ended by \x1f and rows by \x1e.
sub sql_rows { return sql(@_, '-separator', "\x1f", '-newline', "\x1e"); }

# md_audit_hash of src/core/audit.c: SHA-256 of a version line and each
# value as "length:text" (bytes), NULL as "-"; hex.
sub audit_hash {
	my $d = Digest::SHA->new(256);
	$d->add("madoguchi audit 1\n");
	for my $v (@_) {
		if (!defined $v) { $d->add('-'); next }
		my $b = encode_utf8($v);
		$d->add(length($b) . ':' . $b);
	}
	return $d->hexdigest;
}

# One audit row (create/update) for each revision the demo wrote, chained
# after the log's last row.
sub complete_demo_audit {
	my ($db) = @_;
	my $rows = sql_rows($db, "SELECT r.at, r.user_id, CASE r.revision WHEN 1 THEN 'create' ELSE 'update' END,"
		       . " f.case_id, 'デモ ' || f.form || ' (' || f.seq || ') 版 ' || r.revision"
		       . " FROM form_revisions r JOIN form_records f ON f.id = r.record_id"
		       . " ORDER BY r.at, f.id, r.revision;");
	my $last = sql_rows($db, "SELECT coalesce(max(id), 0), coalesce((SELECT hash FROM audit_log"
		       . " ORDER BY id DESC LIMIT 1), '') FROM audit_log;");
	return 0 unless defined $rows && defined $last;
	$last =~ s/\x1e\z//;
	my ($id, $prev) = split /\x1f/, $last, -1;
	my $q = sub { my $t = shift; defined $t ? "'" . ($t =~ s/'/''/gr) . "'" : 'NULL' };
	my @ins = ('BEGIN;');
	for my $row (split /\x1e/, $rows) {
		my ($at, $user, $action, $case, $detail) = split /\x1f/, $row, -1;
		$id++;
		$prev = audit_hash($prev, $id, $at, $user, $action, $case, undef, $detail);
		push @ins, "INSERT INTO audit_log (id, at, user_id, action, case_id, person_id, detail, hash)"
			. " VALUES ($id, " . $q->($at) . ", $user, '$action', $case, NULL, "
			. $q->($detail) . ", '$prev');";
	}
	push @ins, 'COMMIT;';
	return defined sql($db, join("\n", @ins));
}

# ---- the program's keys: read from its action table ---------------------------
# Every key the table names (its key column and the "(X でも)" of its help),
# as tmux key names. A key written in a way not understood here stops the
# run: the table changed and the monkey must learn it, not skip it.
sub tmux_key_of {
	my ($k) = @_;
	my %named = (
		Enter => 'Enter', Esc => 'Escape', Tab => 'Tab', Space => 'Space',
		'Shift-Tab' => 'BTab', Home => 'Home', End => 'End',
		PgUp => 'PPage', PgDn => 'NPage', Backspace => 'BSpace',
		Delete => 'DC', Del => 'DC', Insert => 'IC', Up => 'Up',
		Down => 'Down', Left => 'Left', Right => 'Right', '↑' => 'Up',
		'↓' => 'Down', '←' => 'Left', '→' => 'Right',
	);
	return $named{$k} if $named{$k};
	return $k if $k =~ /^F([1-9]|1[0-2])$/;
	return 'C-' . lc($1) if $k =~ /^(?:Ctrl|C)-([A-Za-z\[\]\\])$/;
	return 'M-' . $1 if $k =~ /^(?:Alt|Meta|M)-(.)$/;
	return $k if length($k) == 1 && $k =~ /[[:graph:]]/;
	return undef;
}

sub action_keys {
	open(my $fh, '<:encoding(UTF-8)', "$TOP/src/tui/ui.h") or die "ui.h: $!";
	local $/;
	my $h = <$fh>;
	close $fh;
	my ($table) = $h =~ /#define UI_ACTION_LIST\(X\)(.*?)\n\s*\n/s
		or die "monkey: no UI_ACTION_LIST in src/tui/ui.h\n";
	my (%keys, @bad);
	# X(name, key, alt, who, label, help)
	while ($table =~ /X\(\s*(ACT_\w+)\s*,\s*"([^"]*)"\s*,\s*"([^"]*)"\s*,\s*\w+\s*,\s*"[^"]*"\s*,\s*"((?:[^"\\]|\\.)*)"/g) {
		my ($act, $key, $alt, $help) = ($1, $2, $3, $4);
		my @names = ($key);
		push @names, $alt if length $alt;
		push @names, $1 while $help =~ /[(（]([^()（）]+?) でも[)）]/g;
		for my $n (@names) {
			# "< >", ", .", "Ctrl-O h": keys apart by spaces (as
			# the table writes them); "Ctrl-S / F2": names.
			my @parts = length($n) == 1 ? ($n)
				  : $n =~ m{\s(?:/|・|、)\s} ? split(m{\s*(?:/|・|、|,)\s*}, $n)
				  : split(/\s+/, $n);
			for my $p (@parts) {
				my $t = tmux_key_of($p);
				if (defined $t) { $keys{$t} = $act; } else { push @bad, "$act «$p»"; }
			}
		}
	}
	die "monkey: keys of the action table not understood: @bad\n" if @bad;
	die "monkey: the action table gave no keys\n" unless %keys;
	return \%keys;
}
my $ACTION_KEYS = action_keys();
my @ACTION_KEYS = sort keys %$ACTION_KEYS;

# The screens the program has (their titles), for the coverage report.
sub screen_titles {
	my @t;
	for my $f (glob("$TOP/src/tui/*.c")) {
		open(my $fh, '<:encoding(UTF-8)', $f) or next;
		local $/;
		my $s = <$fh>;
		push @t, $1 while $s =~ /\.title\s*=\s*"([^"]+)"/g;
	}
	return sort @t;
}
my @TITLES = screen_titles();

# ---- random choices -------------------------------------------------------------
srand($opt{seed}); # perl's own drand48 since 5.20: the same on every machine
sub pick { return $_[int(rand(@_))]; }
sub chance { return rand() < $_[0]; }

my @EDIT_KEYS = qw(C-u C-k C-w C-a C-e C-y C-h BSpace DC Home End Left Right
		   Up Down Tab BTab Enter Escape PPage NPage Space IC);
# Keys that edit without typing: what a field that never held text meets
# when a person clears it first (issue 15, finding 1).
my @EDIT_ONLY = qw(C-u C-k C-w C-a C-y C-h BSpace DC Home End Left Right IC);
my @MOVE = qw(Tab BTab Down Up Enter);
my @FKEYS = map { "F$_" } 1 .. 12;
my @CTRL = map { "C-$_" } ('a' .. 'z');
my @SIZES = ([80, 24], [100, 30], [200, 60], [132, 43], [79, 24], [80, 23],
	     [60, 20], [40, 12], [20, 6], [10, 3], [2, 2], [1, 1]);
my @JA = qw(すずき いちろう 鈴木 一郎 たなか 田中 家賃 滞納 就労 ハローワーク 通院
	    令和6年4月1日 R6.4.1 S55.4.1 平成 ２０２４－０４－０１ ｽｽﾞｷ ｲﾁﾛｳ 𠮷田
	    髙橋 齋藤 ①② ○× ～ 　 😀 が ぱ ヴ 々 〒105-0011 03-1234-5678 ¥1000 ３，０００円
	    。 、 「」 ・ ー);
my @ASCII = (('a' .. 'z'), ('A' .. 'Z'), (0 .. 9), split(//, q{ .,-/:@#%&*+=?!_'"()<>[]{}~^$|\\}));
# Characters that only join the one before (a combining mark) and a
# character of East Asian ambiguous width.
my @ODD = ("か\x{3099}", "e\x{301}", '※', '◎', "\x{FE0F}");

sub random_text {
	my $r = rand();
	if ($r < 0.45) {
		return join '', map { pick(@ASCII) } 1 .. 1 + int(rand(8));
	} elsif ($r < 0.9) {
		return join '', map { pick(@JA) } 1 .. 1 + int(rand(3));
	} elsif ($r < 0.98) {
		return pick(@ODD) . pick(@JA);
	}
	# A long text: a field filled past its width, a text area of many lines.
	return join '', map { pick(@JA, @ASCII) } 1 .. 60 + int(rand(240));
}

# One random event: [kind, value] with kind k (a tmux key), t (text) or r
# (a window size).
sub random_event {
	my $r = rand();
	return ['k', pick(@ACTION_KEYS)] if $r < 0.25;
	return ['k', pick(@EDIT_KEYS)] if $r < 0.55;
	return ['t', random_text()] if $r < 0.82;
	return ['t', pick(qw(j k y n s d q h a / 1 2 3 9 0))] if $r < 0.90;
	return ['k', pick(@FKEYS)] if $r < 0.94;
	return ['k', pick(@CTRL)] if $r < 0.995;
	my $s = pick(@SIZES);
	return ['r', "$s->[0]x$s->[1]"];
}

# A command of the program on the main database as a consultant (the
# password on its standard input); its status.
sub as_consultant {
	my @cmd = map { encode_utf8($_) } ($opt{bin}, '-d', $DB, '-u', 'suzuki.k', @_);
	my $pid = fork();
	die "fork: $!" unless defined $pid;
	if (!$pid) {
		open(my $in, '-|', 'printf', '%s\n', $PASSWORD) or _exit(127);
		open(STDIN, '<&', $in) or _exit(127);
		open(STDOUT, '>', '/dev/null');
		open(STDERR, '>', '/dev/null');
		exec(@cmd) or _exit(127);
	}
	waitpid($pid, 0);
	return $?;
}

# Contacts for the contact screens to open (the demo makes none): an
# anonymous one referred with a follow-up due (今日の予定 lists it), an
# outreach one with an attempt.
sub seed_contacts {
	my @steps = (
		[qw(contact add --channel 電話 --response 他機関紹介・取次ぎ --age 40代),
		 '--description', '家賃の相談 男性', '--note', '滞納 3 か月'],
		[qw(refer --contact 1 --agency ハローワーク --how 電話で取次ぎ --appointment R8.4.3
		    --at 14:00 --follow-up R8.4.3)],
		[qw(contact add --channel 訪問 --kind 訪問相談 --reason 2 --response 訪問予定
		    --age 80代以上 --outreach --route 民生委員), '--place', '芝一丁目',
		 '--description', '一人暮らしの高齢女性'],
		[qw(contact attempt 2 --how 訪問 --result 不在)],
	);
	for my $c (@steps) {
		my $st = as_consultant(@$c);
		die "monkey: seeding contacts failed ($st): @$c\n" if $st;
	}
}

# Meetings for the meeting screens to open (issue 19): a 支援会議 with an
# attendee, a person discussed on the law, a 役割分担 due (今日の予定 lists
# it) and a next date; a 支援調整会議 planned.
sub seed_meetings {
	my @steps = (
		[qw(meeting new --type 支援会議 --basis 1 --on R8.3.25 --next R8.4.8),
		 '--place', '相談室 1', '--shared', '家賃の滞納と就労の状況'],
		[qw(meeting add 1 --name 山田 --agency 社会福祉協議会 --secrecy)],
		[qw(meeting add 1 --staff suzuki.k --secrecy)],
		[qw(meeting person 1 1)],
		[qw(meeting task 1 --what 家計の見直し --owner 社会福祉協議会 --due R8.4.3)],
		[qw(meeting new --type 支援調整会議 --on R8.4.20 --planned)],
	);
	for my $c (@steps) {
		my $st = as_consultant(@$c);
		die "monkey: seeding meetings failed ($st): @$c\n" if $st;
	}
}

# ---- the keys log -----------------------------------------------------------------
open(my $LOGFH, $opt{replay} ? '>>:encoding(UTF-8)' : '>:encoding(UTF-8)',
     $opt{replay} ? "$W/replay.log" : $LOG) or die "$LOG: $!";
$LOGFH->autoflush(1);
print $LOGFH "# seed $opt{seed} keys $opt{keys}\n" unless $opt{replay};
my $T0 = time();
my @recent;      # the last events, for a failure's report
my $sent = 0;    # keys sent (a text counts its characters)
my $nevents = 0;
my %stats = (starts => 0, resizes => 0, drafts => 0, draft_ok => 0,
	     batches => 0, quits => 0);
my %seen;        # where keys were sent: screen titles, dialogs, help …
my %action_sent;
my %pressed;     # where → key of the action table → times pressed there
# The screens where every key of the action table is pressed at least once
# (the meetings of issue 19, the household and its 対象判定 of issue 18,
# the counts of issue 20):
# one the random batches missed is pressed there at the end.
my @EVERY_KEY_ON = ('会議一覧', '会議', '提供記録', '世帯', '多機関協働の対象判定',
		    '件数の集計');

sub log_event {
	my ($where, $kind, $value) = @_;
	$nevents++;
	my $v = $value =~ s/\\/\\\\/gr =~ s/\n/\\n/gr =~ s/\t/\\t/gr;
	my $line = sprintf("%d\t%d\t%.2f\t%s\t%s\t%s", $nevents, $sent, time() - $T0, $where,
			   $kind, $v);
	print $LOGFH "$line\n";
	push @recent, $line;
	shift @recent while @recent > 60;
}

# ---- the program in tmux ------------------------------------------------------------
my $session = 0;
my %pane;           # tty, pid of the program running now
my $db_now = $DB;   # the database the program runs on
my $user_now = '';  # who is logged in ('' none)
my $size = '80x24';
my $failed = '';    # why the run stopped

sub start_program {
	my ($db, $term) = @_;
	$term //= chance(0.7) ? 'screen-256color' : pick(qw(xterm-256color vt100 screen));
	my $cmd = "exec env -u VISUAL TERM=$term EDITOR='$W/editor.sh' '$W/run.sh' '$opt{bin}'"
		. " -c '$W/madoguchi.ini' -d '$db'";
	unlink $STATUS;
	log_event('-', 'start', "$term $db");
	$stats{starts}++;
	# A new session each time (tmux 3.3 forgets the exit status of a
	# respawned pane), started before the last one goes so that the
	# server never finds itself without one.
	tm('new-session', '-d', '-s', 'md-next', '-x', 80, '-y', 24, $cmd, ';',
	   'set-option', '-t', 'md-next', 'remain-on-exit', 'on');
	tm('kill-session', '-t', '=md') if $session;
	tm('rename-session', '-t', '=md-next', 'md');
	$session = 1;
	$size = '80x24';
	$db_now = $db;
	$user_now = '';
	%pane = ();
	my $t = time();
	my $o = wait_screen(sub { $_[0]{text} =~ /パスワード/ }, 30);
	$stats{start_seconds} += time() - $t;
	return $o && !$o->{dead};
}

# What the pane shows now: a hash with dead, status, signal, text, lines,
# title (the screen's, from the title bar), where (title, or the dialog,
# help, lock … in front of it).
sub observe {
	return {dead => 1, status => '0', signal => '', text => '', lines => [],
		title => '', where => 'dead'} unless $session;
	my $out = tm('display-message', '-p', '-t', 'md',
		     '#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}|#{pane_tty}|#{pane_pid}',
		     ';', 'capture-pane', '-p', '-t', 'md');
	my ($head, $text) = split(/\n/, $out, 2);
	$text //= '';
	my ($dead, $status, $signal, $tty, $pid) = split(/\|/, $head // '', -1);
	my %o = (dead => ($dead // '') eq '1', status => $status // '',
		 signal => $signal // '', text => $text,
		 lines => [split(/\n/, $text, -1)]);
	$pane{tty} = $tty if $tty;
	$pane{pid} = $pid if $pid;
	if ($o{dead}) {
		# The status run.sh wrote: 128 + N for a signal N.
		$o{status} = $o{signal} = '';
		if (open(my $fh, '<', $STATUS)) {
			my $st = <$fh> // '';
			close $fh;
			chomp $st;
			if ($st =~ /^\d+$/) {
				if ($st > 128) { $o{signal} = $st - 128; } else { $o{status} = $st; }
			}
		}
	}
	my $l0 = $o{lines}[0] // '';
	$o{title} = $l0 =~ /^\s*窓口 madoguchi\s/ ? (split(/\s{2,}/, $l0 =~ s/\s+$//r))[-1] : '';
	$o{where} = classify(\%o);
	return \%o;
}

# The questions only the referral dialog asks (ui_refer's refer_asks).
my $REFER_ASKS = qr/つなぎ先の関係機関\(|窓口\(空なら関係機関|電話\(空なら関係機関|予約日\(例|予約の時刻\(例|フォローアップの日\(つながった/;

sub classify {
	my ($o) = @_;
	my $t = $o->{text};
	return 'dead' if $o->{dead};
	return 'lock' if $t =~ /画面をロックしました/;
	return 'help' if ($o->{lines}[1] // '') =~ /^\s*ヘルプ\s*$/;
	return 'too small' if $t =~ /端末を .*以上にしてください/;
	return 'dialog: leave' if $t =~ /保存されていない変更があります/;
	return 'dialog: drafts' if $t =~ /入力中だった下書きがあります/;
	return 'dialog: confirm' if $t =~ /はい: y|Esc: いいえ/;
	# The referral dialog (つなぎ, src/tui/contact.c ui_refer): its
	# questions of their own, and its list of hand-over methods.
	return 'dialog: refer' if $t =~ /Enter: 決定/ && $t =~ /$REFER_ASKS/
		|| $t =~ /番号か|Space: 選ぶ/ && $t =~ /^\s*つなぎ方\s*$/m;
	# (A narrow list cuts its hint: 「番号か ↑↓ で選び E」.)
	return 'dialog: choose' if $t =~ /番号か|Space: 選ぶ/;
	return 'dialog: ask' if $t =~ /Enter: 決定/;
	return 'first run' if $t =~ /最初の管理者を登録します/;
	return $o->{title} || 'other';
}

# Wait until pred(observation) holds; the last observation, or undef.
sub wait_screen {
	my ($pred, $secs) = @_;
	my $end = time() + $secs;
	my $o;
	while (1) {
		$o = observe();
		return $o if $pred->($o);
		return undef if $o->{dead} || time() > $end;
		sleep 0.05;
	}
}

# Bytes typed that the program has not read yet (FIONREAD on its tty), and
# whether the tty is in canonical mode (the program not yet started, or
# away in $EDITOR: keys typed then are line-edited by the tty itself, a
# Ctrl-U erasing what came before it, and never reach the program whole).
my $FIONREAD = eval { require 'sys/ioctl.ph'; FIONREAD() } // 0x541B;
sub unread {
	return (0, 0) unless $pane{tty};
	sysopen(my $fh, $pane{tty}, O_RDONLY | O_NOCTTY | O_NONBLOCK) or return (0, 0);
	my $n = pack('L', 0);
	my $ok = ioctl($fh, $FIONREAD, $n);
	my $t = POSIX::Termios->new;
	my $canon = $t->getattr(fileno($fh)) ? ($t->getlflag() & ICANON) : 0;
	close $fh;
	return ($ok ? unpack('L', $n) : 0, $canon);
}

# After keys: until the program has read them all and is back reading keys
# one by one (twice in a row, tmux writes a moment after send-keys
# returns), or the hang limit.
sub wait_read {
	my $end = time() + $opt{hang};
	my $ready = 0;
	my $canon_since;
	while (time() < $end) {
		my ($n, $canon) = unread();
		$stats{most_unread} = $n if $n > ($stats{most_unread} // 0);
		if ($n == 0 && !$canon) {
			return 1 if ++$ready >= 2;
		} else {
			$ready = 0;
		}
		# Canonical for long: ended (the pane's tty outlives it)?
		$canon_since = $canon ? $canon_since // time() : undef;
		return 1 if $canon && time() - $canon_since > 1 && observe()->{dead};
		sleep 0.003;
	}
	return 0;
}

# Send events in one tmux call, then wait for the program to read them.
sub send_events {
	my ($where, @ev) = @_;
	$seen{$where}++;
	$pane{typed}++;
	my @args;
	my @keys;
	my $flush = sub {
		push @args, (@args ? ';' : ()), 'send-keys', '-t', 'md', '--', @keys if @keys;
		@keys = ();
	};
	for my $e (@ev) {
		my ($kind, $v) = @$e;
		log_event($where, $kind, $v);
		if ($kind eq 'k') {
			push @keys, $v;
			$sent++;
			$action_sent{$v}++ if $ACTION_KEYS->{$v};
			$pressed{$where}{$v}++ if $ACTION_KEYS->{$v};
		} elsif ($kind eq 't') {
			$flush->();
			push @args, (@args ? ';' : ()), 'send-keys', '-l', '-t', 'md', '--', $v;
			$sent += length $v;
		} elsif ($kind eq 'r') {
			$flush->();
			my ($x, $y) = split /x/, $v;
			push @args, (@args ? ';' : ()), 'resize-window', '-t', 'md', '-x', $x, '-y', $y;
			$size = $v;
			$stats{resizes}++;
		}
	}
	$flush->();
	tm(@args) if @args;
	$stats{batches}++;
	return wait_read();
}

# The sanitizers' log files, and the program's stderr when a report went
# there (UBSan next to ASan, as gcc links them, ignores log_path).
my $stderr_seen = 0;
sub sanitizer_reports {
	my @r = grep { -s $_ } glob("$W/san/*");
	my $size = -s $STDERR // 0;
	if ($size != $stderr_seen && open(my $fh, '<', $STDERR)) {
		local $/;
		my $all = <$fh> // '';
		close $fh;
		push @r, $STDERR if $all =~ /runtime error:|ERROR: (?:Address|Leak)Sanitizer|SUMMARY: \w+Sanitizer/;
		$stderr_seen = $size unless @r;
	}
	return @r;
}

sub fail_run {
	my ($why, $o) = @_;
	return if $failed;
	$failed = $why;
	$keep = 1;
	$o //= observe();
	my @diag = ("seed $opt{seed} (MONKEY_SEED=$opt{seed} replays the choices), "
		    . "after $sent keys; the keys log: $LOG",
		    "replay its keys: perl tests/screen/monkey.pl --replay $LOG",
		    'the last keys (number, keys before, seconds, where, kind, key):',
		    map { "  $_" } @recent);
	push @diag, 'the screen:', map { "  |$_" } @{$o->{lines}} if $o && $o->{lines};
	my %shown;
	for my $f (grep { !$shown{$_}++ } sanitizer_reports(), (-s $STDERR ? $STDERR : ())) {
		open(my $fh, '<:encoding(UTF-8)', $f) or next;
		my @l = <$fh>;
		close $fh;
		chomp @l;
		push @diag, "$f:", map { "  $_" } @l[0 .. ($#l < 80 ? $#l : 80)];
	}
	note("monkey: $why");
	note($_) for @diag;
}

# After a batch: dead (a quit, or a crash), a sanitizer report, a hang.
# Returns the observation, or undef when the run must stop.
sub check_after {
	my ($read) = @_;
	my $o = observe();
	# The pane may close a moment before the exit status is written.
	for (1 .. 100) {
		last unless $o->{dead} && $o->{status} eq '' && $o->{signal} eq '';
		sleep 0.02;
		$o = observe();
	}
	if (sanitizer_reports()) {
		fail_run('a sanitizer report', $o);
		return undef;
	}
	if ($o->{dead}) {
		if ($o->{signal} ne '' || $o->{status} ne '0') {
			fail_run("the program ended with "
				 . ($o->{signal} ne '' ? "signal $o->{signal}" : "exit status $o->{status}"), $o);
			return undef;
		}
		$stats{quits}++ unless $pane{quit}++;
		return $o;
	}
	if (!$read) {
		fail_run("the program stopped reading keys for $opt{hang} s (a hang)", $o);
		return undef;
	}
	return $o;
}

# ---- logging in ---------------------------------------------------------------------
# The demo accounts as they were made: random keys on the staff screens
# (disable, new password) or failed logins may leave one locked out; the
# monkey puts them back before trying again.
my %initial_hash;
sub repair_accounts {
	for my $u (@USERS) {
		my $h = $initial_hash{$u} or next;
		sql($DB, "UPDATE users SET active = 1, failed_attempts = 0, locked_until = NULL,"
		       . " password_hash = '$h' WHERE login = '$u'");
	}
}

# Log in as user on the main database, starting the program again unless
# it shows the login screen of that database untouched (always when a
# terminal type is given); true on the home screen (or a form restored
# from a draft).
sub login {
	my ($user, $term) = @_;
	for my $try (1 .. 3) {
		my $o = observe();
		# A login screen something was typed into is started afresh.
		if ($try > 1 || $term || $o->{dead} || $db_now ne $DB || $o->{where} ne 'ログイン'
		    || $pane{typed}) {
			stop_program() unless $o->{dead};
			return 0 if $failed;
			repair_accounts() if $try > 1;
			start_program($DB, $term) or do { fail_run('the program did not start'); return 0 };
		}
		send_events('ログイン', ['t', $user], ['k', 'Tab'], ['t', $PASSWORD], ['k', 'Enter']);
		$o = wait_screen(sub { $_[0]{title} && $_[0]{title} ne 'ログイン' ||
				       $_[0]{where} eq 'dialog: drafts' }, 15);
		return 0 if !check_after(1);
		next unless $o && !$o->{dead} && ($o->{title} ne 'ログイン' || $o->{where} eq 'dialog: drafts');
		$user_now = $user;
		if ($o->{where} eq 'dialog: drafts') {
			# Restore one (the first) or not: both are what people do.
			send_events('dialog: drafts', ['k', chance(0.5) ? 'Escape' : 'Enter']);
			wait_screen(sub { $_[0]{where} ne 'dialog: drafts' }, 20);
		}
		return 1;
	}
	fail_run("cannot log in as $user");
	return 0;
}

# End the program as a person would not notice: SIGTERM (the terminal
# closed), which keeps drafts and must end with exit 0.
# The program's process: the child of run.sh, the pane's process.
sub program_pid {
	return undef unless $pane{pid};
	my $f = "/proc/$pane{pid}/task/$pane{pid}/children";
	if (open(my $fh, '<', $f)) {
		my ($c) = split ' ', (<$fh> // '');
		close $fh;
		return $c;
	}
	my ($out) = capture('pgrep', '-P', $pane{pid});
	my ($c) = split ' ', $out;
	return $c;
}

sub stop_program {
	return unless $session;
	my $o = observe();
	return if $o->{dead};
	my $pid = program_pid();
	kill 'TERM', $pid if $pid;
	$o = wait_screen(sub { $_[0]{dead} }, 30);
	if (!$o) {
		fail_run('the program did not end on SIGTERM');
		return;
	}
	check_after(1);
}

# ---- where the monkey goes ----------------------------------------------------------
# Back to 今日の予定 the way a person would: close what is in front,
# F10 until home. Leaving a changed form answers s or d; a form that will
# not save (s refused) is discarded after a few tries (d, then y to the
# second question), as a person stuck there would.
sub go_home {
	for my $try (1 .. 20) {
		my $o = observe();
		return 0 if $failed;
		if ($o->{dead} || $db_now ne $DB || !$user_now) {
			login(pick(@USERS)) or return 0;
			next; # a draft restored opens its form
		}
		my $w = $o->{where};
		return 1 if $w eq '今日の予定';
		my $key = $w eq 'lock' ? undef
			: $w eq 'help' ? 'q'
			: $w eq 'dialog: leave' ? ($try > 4 ? 'd' : pick('s', 'd'))
			: $w eq 'dialog: confirm' ? ($try > 4 ? 'y' : 'n')
			: $w =~ /^dialog/ ? 'Escape'
			: $w eq 'too small' ? undef
			: $w eq 'ログイン' ? undef
			: 'F10';
		if ($w eq 'lock') {
			unlock();
			next;
		}
		if ($w eq 'too small') {
			send_events($w, ['r', '80x24']);
			next;
		}
		if ($w eq 'ログイン') {
			login(pick(@USERS)) or return 0;
			next;
		}
		my $before = $o->{text};
		send_events($w, ['k', $key]);
		return 0 unless check_after(1);
		wait_screen(sub { $_[0]{text} ne $before }, 3);
	}
	# Stuck: end it and start again.
	stop_program();
	return 0 if $failed;
	login(pick(@USERS)) or return 0;
	return observe()->{where} eq '今日の予定';
}

sub unlock {
	send_events('lock', ['k', 'Enter']);
	wait_screen(sub { $_[0]{where} eq 'dialog: ask' }, 10);
	send_events('lock', ['t', $PASSWORD], ['k', 'Enter']);
	wait_screen(sub { $_[0]{where} ne 'lock' }, 10);
}

sub until_title {
	my ($title, $secs) = @_;
	my $o = wait_screen(sub { $_[0]{where} eq $title }, $secs // 8);
	return $o ? 1 : 0;
}

sub to_caselist {
	go_home() or return 0;
	send_events('今日の予定', ['k', pick('/', 'F3')]);
	return until_title('支援ケース一覧');
}

# The contact screen (相談票): new (c on home), or a saved one from the
# contacts list (l, Enter; its rows below the fields: つなぎ, the referrals,
# outreach attempts, ケースにする); or the contacts list (l).
sub to_contact {
	if (chance(0.5)) {
		to_contacts() or return 0;
		my @ev = map { ['k', 'Down'] } 1 .. int(rand(3));
		send_events('相談一覧', @ev, ['k', 'Enter']);
		return new_contact_offer() && until_title('相談票');
	}
	go_home() or return 0;
	send_events('今日の予定', ['k', 'c']);
	return new_contact_offer() && until_title('相談票');
}

# A contact opening with a draft left for it asks to restore it: either
# answer (n asks again whether to throw it away: y or n).
sub new_contact_offer {
	for (1 .. 3) {
		my $o = wait_screen(sub { $_[0]{where} !~ /^(今日の予定|相談一覧)$/ }, 10)
			or return 0;
		return 1 unless $o->{where} eq 'dialog: confirm';
		my $before = $o->{text};
		send_events('dialog: confirm', ['k', pick('Enter', 'n', 'y')]);
		wait_screen(sub { $_[0]{text} ne $before }, 5) or return 0;
	}
	return 1;
}

sub to_contacts {
	go_home() or return 0;
	send_events('今日の予定', ['k', 'l']);
	return until_title('相談一覧');
}

# The referral dialog (つなぎ): t on a case, or the row of つなぎ under the
# fields of a saved contact (Down past the 16 fields).
sub to_referral {
	if (chance(0.5)) {
		to_case() or return 0;
		send_events('ケース', ['k', 't']);
	} else {
		to_contacts() or return 0;
		send_events('相談一覧', ['k', 'Enter']);
		new_contact_offer() && until_title('相談票') or return 0;
		# To the first field (a draft restored puts the cursor
		# elsewhere), then past the 16 fields to つなぎ.
		send_events('相談票', (map { ['k', 'PPage'] } 1 .. 3),
			    (map { ['k', 'Down'] } 1 .. 16), ['k', 'Enter']);
	}
	return wait_screen(sub { $_[0]{where} eq 'dialog: refer' }, 10) ? 1 : 0;
}

# The meetings list (m on home), a meeting (one of the list, or a new one
# with n), a person's 提供記録 (i on a case).
sub to_meetings {
	go_home() or return 0;
	send_events('今日の予定', ['k', 'm']);
	return until_title('会議一覧');
}

sub to_meeting {
	to_meetings() or return 0;
	if (chance(0.3)) {
		send_events('会議一覧', ['k', 'n']);
	} else {
		my @ev = map { ['k', 'Down'] } 1 .. int(rand(3));
		send_events('会議一覧', @ev, ['k', 'Enter']);
	}
	return until_title('会議');
}

# The counts (K on home), for every user; the staff screen (u on home),
# for the administrator only (demo): logged in again as demo first.
sub to_counts {
	go_home() or return 0;
	send_events('今日の予定', ['k', 'K']);
	return until_title('件数の集計');
}

sub to_staff {
	if (($user_now // '') ne 'demo') {
		stop_program();
		return 0 if $failed;
		login('demo') or return 0;
	}
	go_home() or return 0;
	send_events('今日の予定', ['k', 'u']);
	return until_title('職員');
}

sub to_disclosures {
	to_case() or return 0;
	send_events('ケース', ['k', 'i']);
	return until_title('提供記録');
}

sub to_case {
	to_caselist() or return 0;
	my @ev = (['k', 'Down']);
	push @ev, ['k', 'j'] for 1 .. int(rand(12));
	send_events('支援ケース一覧', @ev, ['k', 'Enter']);
	return until_title('ケース');
}

# To the last item of a list: Down rather than End, which a vt100 has not
# (its sequence arrives as Esc, which leaves the screen).
my @TO_END = map { ['k', 'Down'] } 1 .. 60;

# The household screen (世帯, issue 18): H on a case; a person without a
# household is offered one (yes; the relation the first, 世帯主).
sub to_household {
	to_case() or return 0;
	send_events('ケース', ['k', 'H']);
	my $o = wait_screen(sub { $_[0]{where} =~ /^(世帯|dialog: confirm)$/ }, 10) or return 0;
	if ($o->{where} eq 'dialog: confirm') {
		send_events('dialog: confirm', ['k', 'y']);
		wait_screen(sub { $_[0]{where} eq 'dialog: choose' }, 10) or return 0;
		send_events('dialog: choose', ['k', 'Enter']);
	}
	return until_title('世帯', 10);
}

# Its 多機関協働の対象判定 (004 図4): d on the household screen.
sub to_eligibility {
	to_household() or return 0;
	send_events('世帯', ['k', 'd']);
	return until_title('多機関協働の対象判定', 10);
}

# A form of the case (listed after the steps: from the end) or a step
# (Enter opens its form, or asks how it went).
sub to_form {
	to_case() or return 0;
	my @ev = chance(0.6) ? (@TO_END, map { ['k', 'Up'] } 1 .. int(rand(4)))
		: map { ['k', 'Down'] } 1 .. int(rand(14));
	my $before = observe()->{text};
	send_events('ケース', @ev, ['k', 'Enter']);
	# A form or a question, or a refusal on the message line.
	my $o = wait_screen(sub { $_[0]{where} ne 'ケース' || $_[0]{text} ne $before }, 5);
	$o = wait_screen(sub { $_[0]{where} ne 'ケース' }, 1) if $o && $o->{where} eq 'ケース';
	return $o ? 1 : 0;
}

sub to_entry {
	to_case() or return 0;
	return entry_of_case();
}

# From a case screen, a new progress entry (a).
sub entry_of_case {
	my $before = observe()->{text};
	send_events('ケース', ['k', 'a']);
	# The form, a question about a draft of it, or a refusal (a closed case).
	my $o = wait_screen(sub { $_[0]{where} =~ /^(様式|dialog)/ || $_[0]{text} ne $before }, 10);
	$o = wait_screen(sub { $_[0]{where} =~ /^(様式|dialog)/ }, 1) if $o && $o->{where} eq 'ケース';
	return 0 unless $o;
	if ($o->{where} eq 'dialog: confirm') { # a draft of it: not restored
		send_events($o->{where}, ['k', 'n']);
		$o = wait_screen(sub { $_[0]{where} eq '様式' }, 10);
	}
	return $o && $o->{text} =~ /第3号様式/ ? 1 : 0;
}

# The forms are listed after the steps: from the last item up, h on each
# until one was saved (the history opens) or a step is reached.
# A form's history (h on a form's row of the case screen): up from the end,
# past the rows below the forms (the 多機関協働 track's steps, referrals,
# follow-ups), until h opens one.
sub to_history {
	for (1 .. 3) {
		to_case() or return 0;
		send_events('ケース', @TO_END);
		for (1 .. 16) {
			send_events('ケース', ['k', 'h']);
			return 1 if wait_screen(sub { $_[0]{where} eq '履歴' }, 1);
			send_events('ケース', ['k', 'Up']);
		}
	}
	return 0;
}

sub to_entries {
	go_home() or return 0;
	send_events('今日の予定', ['k', 'F4']);
	return until_title('支援経過の検索');
}

sub to_newcase {
	go_home() or return 0;
	send_events('今日の予定', ['k', 'n']);
	return wait_screen(sub { $_[0]{where} eq 'dialog: ask' }, 10) ? 1 : 0;
}

sub to_help {
	my $o = observe();
	# F1 from a screen (a dialog has no help of its own).
	if ($o->{where} =~ /^(dead|too small|lock|help|other|first run)$|^dialog/) {
		go_home() or return 0;
		$o = observe();
	}
	send_events($o->{where}, ['k', 'F1']);
	return wait_screen(sub { $_[0]{where} eq 'help' }, 10) ? 1 : 0;
}

# A progress entry, then one of the dialogs in turn: a list to choose from
# (Enter on 対応方法 … 対応者, the 4th to 8th fields), a line to type
# (Ctrl-G), leaving with changes (text, then F10).
my $dialog_turn = 0;
sub to_dialogs {
	to_entry() or return 0;
	my $turn = $dialog_turn++ % 3;
	if ($turn == 0) {
		send_events('様式', (map { ['k', 'Down'] } 1 .. 3 + int(rand(5))), ['k', 'Enter']);
	} elsif ($turn == 1) {
		send_events('様式', ['k', 'C-g']);
	} else {
		send_events('様式', ['t', random_text()], ['k', 'F10']);
	}
	return wait_screen(sub { $_[0]{where} =~ /^dialog/ }, 3) ? 1 : 0;
}

# The login screen, and the first run on a database with no accounts.
sub to_login {
	stop_program();
	return 0 if $failed;
	return start_program($DB);
}

sub to_first_run {
	stop_program();
	return 0 if $failed;
	unlink $FIRST, "$FIRST-wal", "$FIRST-shm";
	return start_program($FIRST);
}

# ---- the draft holds what was typed ---------------------------------------------------
# Type into the empty 内容 of a new progress entry with keys whose effect
# a model can follow (text, Enter, BSpace, DC, ← →, Home, End, Ctrl-U,
# Ctrl-E through the editor script, and keys the editor leaves alone), then
# wait for the autosave and compare the draft with the model.
my @MODEL_KEYS = qw(Enter BSpace DC Left Right Home End C-u BSpace Left);
push @MODEL_KEYS, 'C-e' if ($ACTION_KEYS->{'C-e'} // '') eq 'ACT_EDITOR';

# A new case made with n (a case of the demo may be closed, and takes no
# entries): its screen.
my $new_cases = 0;
sub to_new_case {
	to_newcase() or return 0;
	$new_cases++;
	send_events('dialog: ask', ['t', "猿田 $new_cases"], ['k', 'Enter']);
	wait_screen(sub { $_[0]{text} =~ /ふりがな/ }, 10) or return 0;
	send_events('dialog: ask', ['t', 'さるた'], ['k', 'Enter']);
	wait_screen(sub { $_[0]{text} =~ /生年月日/ }, 10) or return 0;
	send_events('dialog: ask', ['k', 'Enter']);
	my $o = wait_screen(sub { $_[0]{where} =~ /^(ケース|dialog: choose)$/ }, 10) or return 0;
	# Persons who may be the same: the last choice registers another one.
	send_events('dialog: choose', ['k', 'End'], ['k', 'Enter'])
		if $o->{where} eq 'dialog: choose';
	return until_title('ケース', 10);
}

# A new progress entry of a new case, its 内容 focused (Ctrl-G 内容 when
# the table binds Ctrl-G to 項目へ, else 8 fields down); the case number.
sub to_content {
	to_new_case() && entry_of_case() or return 0;
	if (($ACTION_KEYS->{'C-g'} // '') eq 'ACT_GOTO') {
		send_events('様式', ['k', 'C-g']);
		wait_screen(sub { $_[0]{where} eq 'dialog: ask' }, 10) or return 0;
		send_events('dialog: ask', ['t', '内容'], ['k', 'Enter']);
	} else {
		send_events('様式', map { ['k', 'Down'] } 1 .. 8);
	}
	my $o = wait_screen(sub { $_[0]{where} eq '様式' && $_[0]{text} =~ /聞き取ったこと/ }, 10)
		or return 0;
	my ($case) = $o->{text} =~ /ケース (\d+)/;
	return $case // 0;
}

sub draft_run {
	# A consultant, on a terminal that has every key the model uses.
	login('suzuki.k', 'screen-256color') or return 0;
	my $case;
	for (1 .. 5) {
		last if $case = to_content();
		return 0 if $failed;
	}
	return 0 unless $case;
	my @text;        # the model: characters
	my $cur = 0;
	my @typed;
	for (1 .. 30 + int(rand(200))) {
		my $r = rand();
		my $e;
		if ($r < 0.4) {
			my $t = chance(0.5) ? join('', map { pick(@ASCII) } 1 .. 1 + int(rand(6)))
				: join('', map { pick(@JA) } 1 .. 1 + int(rand(2)));
			$e = ['t', $t];
			my @c = split //, $t;
			splice(@text, $cur, 0, @c);
			$cur += @c;
		} else {
			my $k = pick(@MODEL_KEYS);
			$e = ['k', $k];
			if ($k eq 'Enter') { splice(@text, $cur++, 0, "\n"); }
			elsif ($k eq 'BSpace') { splice(@text, --$cur, 1) if $cur > 0; }
			elsif ($k eq 'DC') { splice(@text, $cur, 1) if $cur < @text; }
			elsif ($k eq 'Left') { $cur-- if $cur > 0; }
			elsif ($k eq 'Right') { $cur++ if $cur < @text; }
			elsif ($k eq 'Home') { $cur-- while $cur > 0 && $text[$cur - 1] ne "\n"; }
			elsif ($k eq 'End') { $cur++ while $cur < @text && $text[$cur] ne "\n"; }
			elsif ($k eq 'C-u') { @text = (); $cur = 0; }
			elsif ($k eq 'C-e') { push @text, split(//, $EDIT_ADDS); $cur = @text; }
		}
		push @typed, $e;
	}
	# In batches, with a resize to a larger window and back in the middle.
	while (@typed) {
		my @b = splice(@typed, 0, 1 + int(rand(12)));
		push @b, ['r', '100x30'], ['r', '80x24'] if chance(0.05);
		send_events('draft: 内容', @b);
		return 0 unless check_after(1) && !observe()->{dead};
	}
	$stats{drafts}++;
	my $want = join '', @text;
	# The draft is the logged-in user's: the title bar names them (the
	# keys may have locked the screen and someone else logged in).
	my ($who) = (observe()->{lines}[0] // '') =~ /^\s*窓口 madoguchi\s{2}.*?\s{2}(\S.*?)・/;
	my $user = defined $who ? "(SELECT id FROM users WHERE display_name = '" . ($who =~ s/'/''/gr) . "')"
				: "(SELECT id FROM users WHERE login = 'suzuki.k')";
	my $got;
	my $t = time();
	my $end = time() + 30;
	while (time() < $end) {
		my $hex = sql($DB, "SELECT hex(CAST(json_extract(data, '\$.content') AS BLOB)) FROM drafts"
			      . " WHERE case_id = $case AND form = 'progress' AND seq = 0 AND user_id = $user");
		if (defined $hex) {
			$hex =~ s/\s+//g;
			$got = decode_utf8(pack('H*', $hex));
			last if $got eq $want;
		}
		sleep 0.2;
	}
	$stats{draft_seconds} += time() - $t;
	if (($got // '') ne $want) {
		fail_run("the draft of 内容 (case $case, user " . ($who // "?") . ") does not hold what was typed:\n"
			 . "  typed: «$want»\n  draft: «" . ($got // '(none)') . "»");
		return 0;
	}
	$stats{draft_ok}++;
	# Leave it: saved or thrown away.
	send_events('様式', ['k', 'F10']);
	my $l = wait_screen(sub { $_[0]{where} ne '様式' }, 10);
	send_events('dialog: leave', ['k', pick('s', 'd')]) if $l && $l->{where} eq 'dialog: leave';
	return 1;
}

# ---- the run ---------------------------------------------------------------------------
# Random keys where the monkey is now: n keys (at least), in batches; not
# past the run's count unless told (the first visit of every target).
sub loose {
	my ($n, $past_count) = @_;
	my $until = $sent + $n;
	my $back_to = 0; # batches until the window returns to 80×24
	my $first_batch = chance(0.7);
	my $o = observe();
	while ($sent < $until && ($past_count || $sent < $opt{keys}) && !$failed) {
		if ($o->{dead}) {
			if ($db_now ne $DB) {
				start_program($db_now) or return;
			} else {
				login(pick(@USERS)) or return;
			}
			$o = observe();
			next;
		}
		my $w = $o->{where};
		if ($w eq 'lock') { unlock(); $o = observe(); next; }
		if ($w eq 'ログイン' && $db_now eq $DB && $user_now && chance(0.5)) {
			# Logged out by a switch at the lock: log in again.
			login(pick(@USERS)) or return;
			$o = observe();
			next;
		}
		# A batch of anything, or (also when just arrived) a move to another
		# field and editing keys on it before anything is typed.
		my @b = ($first_batch || chance(0.2))
			? ((chance(0.5) ? ['k', pick(@MOVE)] : ()),
			   map { ['k', pick(@EDIT_ONLY)] } 1 .. 1 + int(rand(5)))
			: map { random_event() } 1 .. 1 + int(rand(12));
		$first_batch = 0;
		if ($size ne '80x24' && $back_to-- <= 0) {
			push @b, ['r', '80x24'];
		}
		$back_to = 1 + int(rand(6)) if grep { $_->[0] eq 'r' && $_->[1] ne '80x24' } @b;
		my $t = time();
		my $read = send_events($w, @b);
		$o = check_after($read) or return;
		$stats{loose_seconds} += time() - $t;
	}
}

my @TARGETS = (
	['login', \&to_login],         ['first run', \&to_first_run],
	['home', \&go_home],           ['case list', \&to_caselist],
	['case', \&to_case],           ['form', \&to_form],
	['progress entry', \&to_entry], ['history', \&to_history],
	['entries search', \&to_entries], ['help', \&to_help],
	['new case', \&to_newcase],    ['dialogs', \&to_dialogs],
	['draft', \&draft_run],         ['contact', \&to_contact],
	['contacts list', \&to_contacts], ['referral', \&to_referral],
	['meetings list', \&to_meetings], ['meeting', \&to_meeting],
	['disclosures', \&to_disclosures],
	['household', \&to_household], ['eligibility', \&to_eligibility],
	['counts', \&to_counts],       ['staff', \&to_staff],
);

sub replay {
	my ($file) = @_;
	open(my $fh, '<:encoding(UTF-8)', $file) or die "$file: $!";
	while (my $l = <$fh>) {
		chomp $l;
		next if $l =~ /^#/;
		my (undef, undef, undef, $where, $kind, $v) = split /\t/, $l, 6;
		$v = $v =~ s/\\(\\|n|t)/$1 eq 'n' ? "\n" : $1 eq 't' ? "\t" : '\\'/ger;
		if ($kind eq 'start') {
			my ($term, $db) = split / /, $v, 2;
			stop_program() if $session;
			last if $failed;
			$db = $db =~ /first\.db$/ ? $FIRST : $DB;
			start_program($db, $term) or last;
			next;
		}
		my $read = send_events($where, [$kind, $v]);
		check_after($read) or last;
	}
	close $fh;
}

note("monkey: seed $opt{seed} (MONKEY_SEED=$opt{seed} replays the choices), "
     . "$opt{keys} keys, program $opt{bin}, keys log $LOG");
note('monkey: the action table gives ' . scalar(@ACTION_KEYS) . " keys: @ACTION_KEYS");
my ($gen, $gst) = capture($opt{bin}, '-d', $DB, 'demo', 'generate', '--cases', $opt{cases}, '--seed', 1);
die "monkey: demo generate failed ($gst)\n" if $gst;
# The demo writes one audit row for all it made, the crash tests' check
# wants one for each revision: the demo's are added here, so that the
# check at the end speaks for the revisions the monkey's keys made. The
# log is a hash chain (src/core/audit.c, md_audit_hash), so each added row
# carries the hash the program would have given it.
complete_demo_audit($DB) or die "monkey: cannot complete the demo's audit log\n";
seed_contacts();
seed_meetings();
for my $u (@USERS) {
	my $h = sql($DB, "SELECT password_hash FROM users WHERE login = '$u'") // '';
	chomp $h;
	$initial_hash{$u} = $h;
}
my $t0 = time();
if ($opt{replay}) {
	replay($opt{replay});
} else {
	my @order = @TARGETS[0 .. $#TARGETS];
	# Every target once first (in an order of the seed), then at random.
	for my $i (reverse 1 .. $#order) {
		my $j = int(rand($i + 1));
		@order[$i, $j] = @order[$j, $i];
	}
	my $ep = 0;
	my $last_report = 0;
	while (($sent < $opt{keys} || $ep < @order) && !$failed) {
		my $first = $ep < @order;
		my $t = $first ? $order[$ep] : pick(@TARGETS);
		$ep++;
		print $LOGFH "# episode $ep: $t->[0]\n";
		my $t1 = time();
		my $went = $t->[1]->();
		$stats{nav_seconds}{$t->[0]} += time() - $t1;
		last if $failed;
		$stats{"reached $t->[0]"}++ if $went;
		$stats{"missed $t->[0]"}++ unless $went;
		# Short runs spread their keys over every target at least twice.
		# Long runs stay longer where they went: less time on the way.
		my $most = int($opt{keys} / (2 * @TARGETS));
		my $n = 30 + int(rand($opt{keys} >= 100000 ? 1500 : 300));
		loose($most > 0 && $most < $n ? $most : $n, $first);
		if (!$opt{tap} && $sent - $last_report >= 10000) {
			$last_report = $sent;
			printf STDERR "monkey: %d keys, %d starts, %d s\n", $sent, $stats{starts},
				time() - $t0;
		}
	}
	# Every screen and dialog the episodes lead to gets keys at least once:
	# one missed by chance (a loaded machine, keys that led elsewhere) is
	# sought again, up to three times, before the count is checked.
	my %way = ('ログイン' => \&to_login, 'first run' => \&to_first_run,
		   '今日の予定' => \&go_home, '支援ケース一覧' => \&to_caselist,
		   'ケース' => \&to_case, '様式' => \&to_form, '履歴' => \&to_history,
		   '支援経過の検索' => \&to_entries, 'help' => \&to_help,
		   'dialog: choose' => \&to_dialogs, 'dialog: ask' => \&to_dialogs,
		   'dialog: leave' => \&to_dialogs, '相談票' => \&to_contact,
		   '相談一覧' => \&to_contacts, 'dialog: refer' => \&to_referral,
		   '会議一覧' => \&to_meetings, '会議' => \&to_meeting,
		   '提供記録' => \&to_disclosures, '世帯' => \&to_household,
		   '多機関協働の対象判定' => \&to_eligibility,
		   '件数の集計' => \&to_counts, '職員' => \&to_staff);
	for my $screen (sort keys %way) {
		for (1 .. 3) {
			last if $failed || $seen{$screen};
			print $LOGFH "# again: $screen\n";
			$stats{"again $screen"}++;
			loose(30, 1) if $way{$screen}->();
		}
	}
	# Every key of the action table on each screen of @EVERY_KEY_ON: one
	# not pressed there yet is, after the way there (a key that leaves,
	# F10, or opens a dialog, is followed by the way back).
	for my $screen (@EVERY_KEY_ON) {
		for my $k (grep { !$pressed{$screen}{$_} } @ACTION_KEYS) {
			last if $failed;
			print $LOGFH "# again: key $k on $screen\n";
			next unless $way{$screen}->();
			send_events($screen, ['k', $k]);
			check_after(1) or last;
		}
	}
	# And every key of the action table at least once: one the random
	# batches did not draw is pressed on a case screen (where most keys
	# act), then the way home.
	for my $k (grep { !$action_sent{$_} } @ACTION_KEYS) {
		last if $failed;
		print $LOGFH "# again: key $k\n";
		my $w = to_case() ? 'ケース' : observe()->{where};
		send_events($w, ['k', $k]);
		check_after(1) or last;
	}
}
# The end: quit from home as a person would (F10), or SIGTERM.
if (!$failed) {
	my $o = observe();
	if (!$o->{dead} && $db_now eq $DB && go_home() && !$failed) {
		send_events('今日の予定', ['k', 'F10']);
		# It asks 終了しますか (いいえ first): y.
		send_events('dialog: confirm', ['k', 'y'])
			if wait_screen(sub { $_[0]{where} eq 'dialog: confirm' || $_[0]{dead} }, 10)
			   && !observe()->{dead};
		$o = wait_screen(sub { $_[0]{dead} }, 20);
		$o ? check_after(1) : stop_program();
	} else {
		stop_program();
	}
}
my $secs = time() - $t0;

my @where = sort { $seen{$b} <=> $seen{$a} } keys %seen;
note(sprintf('monkey: %d keys (%d events) in %d s, %d starts (%d quits by a key), %d resizes, '
	     . '%d draft runs', $sent, $nevents, $secs, $stats{starts}, $stats{quits},
	     $stats{resizes}, $stats{drafts}));
note(sprintf('monkey: %.0f s starting the program, %.0f s of random keys, %.0f s waiting '
	     . 'for drafts; at most %d bytes typed ahead', $stats{start_seconds} // 0,
	     $stats{loose_seconds} // 0, $stats{draft_seconds} // 0, $stats{most_unread} // 0));
note('monkey: seconds to get there: ' . join(', ', map { sprintf('%s %.0f', $_, $stats{nav_seconds}{$_}) }
					      sort keys %{$stats{nav_seconds}}));
note('monkey: batches sent where: ' . join(', ', map { "$_ $seen{$_}" } @where));
note('monkey: episodes: ' . join(', ', map { "$_ $stats{$_}" } sort grep { /^(reached|missed|again) / } keys %stats));

result(!$failed, ($opt{replay} ? "replay of $opt{replay}" : "seed $opt{seed}") . ": $sent keys, the program alive or ended with exit 0 "
       . "($stats{quits} quits, $stats{starts} starts), never stopped reading keys, "
       . "no sanitizer report",
       $failed ? ($failed) : ());
for my $db ([$DB, 'the database'], [$FIRST, 'the first-run database']) {
	next unless -e $db->[0];
	my ($out, $st) = capture($opt{bin}, '-d', $db->[0], 'check');
	result($st == 0, "$db->[1] passes madoguchi check", $st ? ($out) : ());
	my $cc = "$TOP/build/check/crash_check";
	if (-x $cc && !$opt{replay}) {
		($out, $st) = capture($cc, $db->[0]);
		result($st == 0, "$db->[1] passes the crash tests' checks", $st ? ($out) : ());
	}
}
if (!$opt{replay}) {
	result($stats{draft_ok} > 0 && $stats{draft_ok} == $stats{drafts},
	       "the draft held what was typed ($stats{draft_ok} of $stats{drafts} sub-runs)");
	# The screens the episodes lead to, and the dialogs; a screen the
	# program has (a title in src/tui) and no episode leads to is named in
	# a TODO line, for the monkey to learn the way there.
	my @known = ('ログイン', 'first run', '今日の予定', '支援ケース一覧', 'ケース', '様式',
		     '履歴', '支援経過の検索', 'help', 'dialog: choose', 'dialog: ask',
		     'dialog: leave', '相談票', '相談一覧', 'dialog: refer', '会議一覧', '会議',
		     '提供記録', '世帯', '多機関協働の対象判定', '件数の集計', '職員');
	my %known = map { $_ => 1 } @known;
	my @missed = grep { !$seen{$_} } @known;
	result(!@missed, 'keys went to every screen and dialog the episodes lead to ('
	       . join('、', grep { $seen{$_} } @known) . ')',
	       @missed ? ('not reached: ' . join('、', @missed)) : ());
	my @unknown = grep { !$known{$_} && !$seen{$_} } @TITLES;
	if (@unknown) {
		$tap_n++;
		print "not ok $tap_n - keys went to every screen of src/tui # TODO no episode "
			. "leads to " . join('、', @unknown) . " (add one to \@TARGETS)\n";
	}
	for my $screen (@EVERY_KEY_ON) {
		my @missed = grep { !$pressed{$screen}{$_} } @ACTION_KEYS;
		result(!@missed, "every key of the action table was pressed on $screen",
		       @missed ? ("not pressed there: @missed") : ());
	}
	my @unsent = grep { !$action_sent{$_} } @ACTION_KEYS;
	result(!@unsent, 'every key of the action table was sent',
	       @unsent ? ("not sent: @unsent") : ());
}
close $LOGFH;
print "1..$tap_n\n";
$keep = 1 if $tap_failed;
note("monkey: the working folder is kept: $W") if $tap_failed && !$opt{work};
exit($tap_failed ? 1 : 0);
