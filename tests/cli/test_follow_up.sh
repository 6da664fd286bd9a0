#!/bin/sh
# 001 第9条(5)イ "必要に応じてつなぎ先の機関へ相談者の状況について確認するなど、
# 適宜フォローアップに努める" and (9)エ "必要に応じてフォローアップを行う": the
# follow-up after a referral or a closure is recorded on the case as it is,
# closed, without a reopening that would undo the 終結; it meets the date
# that was due (`due`), is audited and shows in the case's history. A case
# still in support records its contacts as progress entries (issue 14,
# finding 5).
. "$(dirname "$0")/../lib.sh"
PW='admin-pass1'
T1='tanaka-pass
'
md --stdin "$PW
" init --admin kanri
expect 0 -- "init"
md --stdin "$PW
tanaka-pass
" -u kanri user add tanaka --name '田中 一郎' --role consultant
expect 0 -- "a consultant"
t() { md --stdin "$T1" -u tanaka "$@"; }

t case new --name '鈴木 次郎' --kana 'すずき じろう'
t form set 1 reception signed はい consent_share はい
t step 1 application
t step 1 triage --outcome 継続支援
t followup 1 --result つながった --how 電話
expect 1 stderr-contains "手順「フォローアップ」はまだ行えません: フォローアップは、他制度・他機関や福祉事務所へつないだあと、または終結したあとに記録します" \
	-- "001 第9条(9)エ: no follow-up for a case still in support, saying why"
t form set 1 intake complaint '仕事が見つからない' issues 1 summary 'ハローワークへつなぐ'
t step 1 assessment
t step 1 screening --outcome 他制度 --agency ハローワーク --follow-up R8.4.10
expect 0 -- "closed by a referral with a follow-up date"

export MADOGUCHI_NOW='2026-04-20 10:00:00'
t due
expect 0 stdout-contains "令和8年4月10日(期限超過)	フォローアップ	1	鈴木 次郎" -- "the follow-up is overdue"
t form set 1 progress kind フォローアップ content 'ハローワークに確認'
expect 1 stderr-contains "ケース 1 は終結しています" -- "a closed case still takes no progress entry"
t followup 1 --result つながった
expect 1 stderr-contains "フォローアップの方法を選んでください(1: 電話、2: 訪問、3: 来所、4: 関係機関から、5: その他)" \
	-- "how it was checked is asked for, from the definition"
t followup 1 --result 済んだ --how 電話
expect 1 stderr-contains "フォローアップの結果に「済んだ」はありません(1: つながった、2: 支援継続中、3: つながっていない、4: 確認できず)" \
	-- "the results are the definition's"
t followup 1 --result つながっていない --how 訪問
expect 1 stderr-contains "「つながっていない」にはフォローアップの予定日が必要です" \
	-- "a follow-up that did not connect needs the next date"
t followup 1 --result つながっていない --how 訪問 --next R8.4.19
expect 1 stderr-contains "フォローアップ予定日(令和8年4月19日)は、フォローアップの日(令和8年4月20日)より前にはできません" \
	-- "the next follow-up is not before this one"
t followup 1 --result つながった --how 電話 --date R8.3.31
expect 1 stderr-contains "フォローアップの日付(令和8年3月31日)は、このケースの受付日(令和8年4月1日)より前です" \
	-- "a follow-up is dated in the case's course"
t followup 1 --result つながっていない --how 訪問 --next R8.5.15 --note '本人不在。置き手紙をした'
expect 0 stdout-contains "記録しました: ケース 1 フォローアップ 令和8年4月20日 → つながっていない(訪問)" \
	stdout-contains "次のフォローアップ予定日: 令和8年5月15日" \
	stdout-contains "ケースは終結したままです" -- "001 第9条(5)イ: a follow-up on the closed case, the next one set"
t due --days 60
expect 0 stdout-contains "令和8年5月15日	フォローアップ	1" stdout-lacks "令和8年4月10日" \
	-- "the date met leaves due, the next one is due"

export MADOGUCHI_NOW='2026-05-15 10:00:00'
t followup 1 --result つながった --how 関係 --note 'ハローワークから、求職登録して通っていると連絡'
expect 0 stdout-contains "→ つながった(関係機関から)" stdout-contains "予定していたフォローアップは済みました" \
	-- "a method by the start of its name"
t due --days 60
expect 0 stdout-contains "(予定はありません)" -- "001 第9条(5)イ: the follow-up done leaves due"
t case show 1
expect 0 stdout-contains "状態: 終結(フォローアップ)" stdout-contains "終結の理由: 他制度・他機関へつなぐ" \
	stdout-lacks "フォローアップ予定日:" \
	stdout-contains "令和8年4月20日 フォローアップ 田中 一郎 → つながっていない(方法: 訪問)(フォローアップ: 令和8年5月15日) メモ: 本人不在。置き手紙をした" \
	stdout-contains "令和8年5月15日 フォローアップ 田中 一郎 → つながった(方法: 関係機関から) メモ: ハローワークから、求職登録して通っていると連絡" \
	-- "001 第9条(9)エ: the case stays closed, its follow-ups in its history"
md --stdin "$PW
" -u kanri audit --case 1
expect 0 stdout-contains "フォローアップ: つながっていない(訪問)" stdout-contains "フォローアップ: つながった(関係機関から)" \
	-- "each follow-up is audited"
t case reopen 1 --reason '再び相談'
expect 3 stderr-contains "主任相談支援員と管理者です" -- "reopening for new support stays a chief's decision"

# The same with `step`, the follow-up's id and its options.
t step 1 follow_up --outcome 確認できず --how その他 --note '連絡がつかない'
expect 0 stdout-contains "記録しました: ケース 1 フォローアップ" -- "step takes the follow-up too"
t step 1 plan_draft
expect 1 stderr-contains "このケースは終結しています" -- "other steps stay closed until a reopening"

done_testing
