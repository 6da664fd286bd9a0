#!/bin/sh
# 001 第9条(5) "確実に福祉事務所につなげる", on the case screen: a case screened
# to 生活保護 shows that its 終結 waits for the 福祉事務所へのつなぎ, and that
# step offers only agencies of the kind it requires (issue 14, finding 4).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
setup_users
cli() { printf 'tanaka-pass\n' | "$MADOGUCHI" -u tanaka "$@" >/dev/null 2>&1; }
cli case new --name '鈴木 一郎' --kana 'すずき いちろう'
cli form set 1 reception signed はい consent_share はい
cli step 1 application
cli step 1 triage --outcome 継続支援
cli form set 1 intake complaint '収入がない' issues '経済的困窮' summary '生活保護の申請'
cli step 1 assessment
cli step 1 screening --outcome '生活保護の申請につなぐ(福祉事務所)'
holds "the case is screened to 生活保護" test $? = 0

start 160 40
login tanaka tanaka-pass
open_case 'すずき' '鈴木 一郎'
see "the closure says the referral is what is missing" \
	"未 終結: スクリーニングで生活保護の申請につなぐと判断したケースは、「福祉事務所へのつなぎ」"
see "the referral is open" "可 福祉事務所へのつなぎ"

# reception, 支援経過, application, triage, assessment, screening, then it.
send Home
down 6
send Enter
see "the referral asks for its agency" "つなぎ先(関係機関)"
see "a 福祉事務所 is offered" "福祉事務所(生活保護)"
dont_see "no agency of another kind is" "警察"
dont_see "nor ハローワーク" "ハローワーク"
send Enter
see "a follow-up date may be given" "フォローアップの予定日(なければ空のまま Enter)"
send Enter
see "the day it was done is asked last" "手順を行った日"
send Enter
see "it asks, saying the case closes" "福祉事務所へのつなぎを「つないだ」で記録し、ケースを終結します。"
send y
see "the referral is recorded" "記録しました: 福祉事務所へのつなぎ"

done_testing
