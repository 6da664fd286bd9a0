-- The madoguchi database schema, as numbered migrations.
--
-- Each migration starts with a line "-- migration N: summary" and runs in one
-- transaction; PRAGMA user_version records the last one applied. Once
-- released, a migration is never edited: change the schema by adding another.
-- Dates are ISO 8601 text ('2024-04-01'); times are local
-- 'YYYY-MM-DD HH:MM:SS'. Form values are JSON objects of text.

-- migration 1: staff, households, persons, cases, forms, workflow, audit, agencies
CREATE TABLE users (
	id              INTEGER PRIMARY KEY,
	login           TEXT NOT NULL UNIQUE,
	display_name    TEXT NOT NULL,
	role            TEXT NOT NULL
	                CHECK (role IN ('consultant', 'chief', 'employment', 'admin')),
	password_hash   TEXT NOT NULL,
	active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	failed_attempts INTEGER NOT NULL DEFAULT 0,
	locked_until    TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);

CREATE TABLE households (
	id         INTEGER PRIMARY KEY,
	label      TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);

-- The person's own fields, entered once and shown on every form (自動転記).
CREATE TABLE persons (
	id           INTEGER PRIMARY KEY,
	household_id INTEGER REFERENCES households (id),
	name         TEXT NOT NULL,
	kana         TEXT NOT NULL,
	sex          TEXT NOT NULL DEFAULT '',
	birth_date   TEXT,
	postal_code  TEXT NOT NULL DEFAULT '',
	address      TEXT NOT NULL DEFAULT '',
	phone_home   TEXT NOT NULL DEFAULT '',
	phone_mobile TEXT NOT NULL DEFAULT '',
	email        TEXT NOT NULL DEFAULT '',
	extra        TEXT NOT NULL DEFAULT '{}', -- "sex.other" and the like
	name_key     TEXT NOT NULL, -- search keys: md_text_search_key()
	kana_key     TEXT NOT NULL,
	revision     INTEGER NOT NULL DEFAULT 1,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX persons_name_key ON persons (name_key);
CREATE INDEX persons_kana_key ON persons (kana_key);
CREATE INDEX persons_birth_date ON persons (birth_date);
CREATE INDEX persons_household ON persons (household_id);

-- Every state of a person's fields; the row with persons.revision is current.
CREATE TABLE person_revisions (
	person_id     INTEGER NOT NULL REFERENCES persons (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER REFERENCES users (id),
	at            TEXT NOT NULL,
	data          TEXT NOT NULL,
	changed       TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (person_id, revision)
) WITHOUT ROWID;

-- One person's course of support; a person may have several over the years.
CREATE TABLE cases (
	id              INTEGER PRIMARY KEY,
	person_id       INTEGER NOT NULL REFERENCES persons (id),
	status          TEXT NOT NULL DEFAULT 'open'
	                CHECK (status IN ('open', 'closed')),
	stage           TEXT NOT NULL DEFAULT 'reception', -- last step taken
	staff_id        INTEGER REFERENCES users (id),
	opened_on       TEXT NOT NULL,
	closed_on       TEXT,
	close_reason    TEXT,
	plan_decided_on TEXT,
	next_eval_on    TEXT,
	follow_up_on    TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX cases_person ON cases (person_id);
CREATE INDEX cases_staff ON cases (staff_id, status);
CREATE INDEX cases_stage ON cases (status, stage);
CREATE INDEX cases_opened ON cases (opened_on);
CREATE INDEX cases_next_eval ON cases (next_eval_on) WHERE status = 'open';
CREATE INDEX cases_follow_up ON cases (follow_up_on)
	WHERE follow_up_on IS NOT NULL;

-- One filled form of a case: seq numbers the rounds of a form (再アセスメント,
-- 再プラン) or the entries of 第3号様式. Its values are in form_revisions.
CREATE TABLE form_records (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases (id),
	form       TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	revision   INTEGER NOT NULL DEFAULT 0, -- latest revision
	complete   INTEGER NOT NULL DEFAULT 0, -- all ※ fields hold values
	entry_date TEXT,                       -- 第3号様式: the entry's date
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (case_id, form, seq)
);
CREATE INDEX form_records_entries ON form_records (case_id, form, entry_date);

-- Append-only: a save adds a row and never changes one.
CREATE TABLE form_revisions (
	record_id     INTEGER NOT NULL REFERENCES form_records (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER NOT NULL REFERENCES users (id),
	at            TEXT NOT NULL,
	complete      INTEGER NOT NULL,
	data          TEXT NOT NULL, -- JSON object: field key → text
	changed       TEXT NOT NULL, -- JSON array of the keys this save changed
	note          TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (record_id, revision)
) WITHOUT ROWID;

CREATE TABLE agencies (
	id      INTEGER PRIMARY KEY,
	name    TEXT NOT NULL UNIQUE,
	kind    TEXT NOT NULL DEFAULT '',
	phone   TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- Every workflow step taken, with its outcome and who took it.
CREATE TABLE workflow_events (
	id              INTEGER PRIMARY KEY,
	case_id         INTEGER NOT NULL REFERENCES cases (id),
	step            TEXT NOT NULL,
	outcome         TEXT NOT NULL DEFAULT '',
	reason          TEXT NOT NULL DEFAULT '',
	agency          TEXT NOT NULL DEFAULT '', -- name, as the catalogue had it
	follow_up_on    TEXT,
	record_id       INTEGER REFERENCES form_records (id),
	record_revision INTEGER,
	user_id         INTEGER NOT NULL REFERENCES users (id),
	at              TEXT NOT NULL
);
CREATE INDEX workflow_events_case ON workflow_events (case_id, id);

-- Who viewed, changed or exported what, when. Rows are only ever added.
CREATE TABLE audit_log (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	user_id   INTEGER REFERENCES users (id),
	action    TEXT NOT NULL,
	case_id   INTEGER,
	person_id INTEGER,
	detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_case ON audit_log (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_user ON audit_log (user_id, id);

-- What a consultant is typing into a form, kept between saves; private to them.
CREATE TABLE drafts (
	user_id       INTEGER NOT NULL REFERENCES users (id),
	case_id       INTEGER NOT NULL REFERENCES cases (id),
	form          TEXT NOT NULL,
	seq           INTEGER NOT NULL, -- 0: a record not yet saved
	base_revision INTEGER NOT NULL,
	data          TEXT NOT NULL,
	field         TEXT NOT NULL DEFAULT '',
	updated_at    TEXT NOT NULL,
	PRIMARY KEY (user_id, case_id, form, seq)
) WITHOUT ROWID;

-- History is append-only: the database itself refuses to change or remove it.
CREATE TRIGGER form_revisions_no_update BEFORE UPDATE ON form_revisions
BEGIN SELECT RAISE(ABORT, 'form_revisions is append-only'); END;
CREATE TRIGGER form_revisions_no_delete BEFORE DELETE ON form_revisions
BEGIN SELECT RAISE(ABORT, 'form_revisions is append-only'); END;
CREATE TRIGGER person_revisions_no_update BEFORE UPDATE ON person_revisions
BEGIN SELECT RAISE(ABORT, 'person_revisions is append-only'); END;
CREATE TRIGGER person_revisions_no_delete BEFORE DELETE ON person_revisions
BEGIN SELECT RAISE(ABORT, 'person_revisions is append-only'); END;
CREATE TRIGGER workflow_events_no_update BEFORE UPDATE ON workflow_events
BEGIN SELECT RAISE(ABORT, 'workflow_events is append-only'); END;
CREATE TRIGGER workflow_events_no_delete BEFORE DELETE ON workflow_events
BEGIN SELECT RAISE(ABORT, 'workflow_events is append-only'); END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
BEGIN SELECT RAISE(ABORT, 'accounts are disabled, never deleted'); END;

-- migration 2: search keys of names and kana, and indexes for the case list
-- For each person, the search key (md_search_key(), see text.h) of the whole
-- 氏名, of the whole ふりがな, and of each space-separated part of either, so
-- that a prefix range finds "髙橋 花子" by たかはし, 花子 or はなこ. Rewritten by
-- the core whenever the person's fields are written.
CREATE TABLE person_keys (
	key       TEXT NOT NULL,
	person_id INTEGER NOT NULL REFERENCES persons (id),
	PRIMARY KEY (key, person_id)
) WITHOUT ROWID;
CREATE INDEX person_keys_person ON person_keys (person_id);

-- The case list sorted by the nearest date due (evaluation or follow-up; '~',
-- after every date, when there is none). The expression must stay exactly as
-- the core writes it (src/core/search.c, DUE_KEY) for the index to be used.
CREATE INDEX cases_due ON cases
	(coalesce(min(next_eval_on, follow_up_on), next_eval_on, follow_up_on, '~'));

-- The keys of the persons already there: the whole fields, then each part
-- between spaces (ASCII, tab or ideographic); duplicates collapse.
INSERT OR IGNORE INTO person_keys (key, person_id)
WITH RECURSIVE
	field (person_id, text) AS (
		SELECT id, name FROM persons
		UNION ALL
		SELECT id, kana FROM persons
	),
	part (person_id, word, rest) AS (
		SELECT person_id, text,
			replace(replace(text, char(12288), ' '), char(9), ' ') || ' '
		FROM field
		UNION ALL
		SELECT person_id, substr(rest, 1, instr(rest, ' ') - 1),
			substr(rest, instr(rest, ' ') + 1)
		FROM part WHERE rest <> ''
	)
SELECT md_search_key(word), person_id FROM part
WHERE md_search_key(word) <> '';

-- migration 3: form_revisions as a rowid table
-- A WITHOUT ROWID table keeps only about 1 KB of a row inside its page (with
-- 4 KiB pages) and copies whole rows into its interior pages: the JSON of a
-- 第2号様式 or 第4号様式 revision spilled into a mostly empty overflow page, and
-- the table took three times the space of its data. As a rowid table, rows up
-- to a page stay in place, are stored in the order they were saved (appended),
-- and the primary key is a small index beside them.
CREATE TABLE form_revisions_new (
	record_id     INTEGER NOT NULL REFERENCES form_records (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER NOT NULL REFERENCES users (id),
	at            TEXT NOT NULL,
	complete      INTEGER NOT NULL,
	data          TEXT NOT NULL, -- JSON object: field key → text
	changed       TEXT NOT NULL, -- JSON array of the keys this save changed
	note          TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (record_id, revision)
);
INSERT INTO form_revisions_new
SELECT record_id, revision, base_revision, user_id, at, complete, data,
       changed, note
FROM form_revisions ORDER BY at, record_id, revision;
-- Dropping the table drops its triggers first, so none fires.
DROP TABLE form_revisions;
ALTER TABLE form_revisions_new RENAME TO form_revisions;
CREATE TRIGGER form_revisions_no_update BEFORE UPDATE ON form_revisions
BEGIN SELECT RAISE(ABORT, 'form_revisions is append-only'); END;
CREATE TRIGGER form_revisions_no_delete BEFORE DELETE ON form_revisions
BEGIN SELECT RAISE(ABORT, 'form_revisions is append-only'); END;

-- migration 4: full-text search in progress entries
-- The text of each entry (md_entries_text), folded (md_search_fold), in two
-- indexes (tokenizers in src/core/entries.c): entries_pairs holds each pair
-- of neighbouring characters with its positions, so a word of two or more
-- characters is the exact phrase of its pairs; entries_chars holds each
-- character without positions, for one-character words. Together about 1.2
-- times the size of the text. Contentless: the text lives in
-- form_revisions, and the core takes the old text out when an entry
-- changes. The rowid is the entry's form_records.id.
CREATE VIRTUAL TABLE entries_pairs USING fts5 (
	body, content = '', tokenize = 'md_pairs'
);
CREATE VIRTUAL TABLE entries_chars USING fts5 (
	body, content = '', detail = none, tokenize = 'md_chars'
);
-- Facts about the database the program keeps for itself: entries_fields,
-- the fields the index was built from (md_entries_synced); the program
-- builds the index when they are missing or differ from the forms.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- migration 5: the cases of one member of staff by the day they were opened
-- The case list filtered to the user's cases in 受付日 order, and the home
-- screen's recent cases, read a page through this index (without it, a
-- user with few cases made the list walk every case).
CREATE INDEX cases_staff_opened ON cases (staff_id, opened_on);

-- migration 6: the audit log by time
-- madoguchi audit --since reads the rows from a day on through this index.
CREATE INDEX audit_log_at ON audit_log (at);

-- migration 7: the audit log as a hash chain, and no row of it removed
-- Each row carries hash: md_audit_hash() (src/core/audit.c), the SHA-256 of
-- the row's own columns chained to the hash of the row before it ('' before
-- the first), so that a row changed or removed in the file breaks the chain
-- at that row (madoguchi audit verify, madoguchi check). The rows already
-- there are chained here, oldest first, as if each had been written so. The
-- table is rebuilt to hold the column (as in migration 3), its indexes and
-- triggers with it; a trigger now refuses DELETE as well as UPDATE.
CREATE TABLE audit_log_new (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	user_id   INTEGER REFERENCES users (id),
	action    TEXT NOT NULL,
	case_id   INTEGER,
	person_id INTEGER,
	detail    TEXT NOT NULL DEFAULT '',
	hash      TEXT NOT NULL
);
INSERT INTO audit_log_new (id, at, user_id, action, case_id, person_id,
                           detail, hash)
WITH RECURSIVE chain (id, hash) AS (
	SELECT id, md_audit_hash('', id, at, user_id, action, case_id,
	                         person_id, detail)
	FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)
	UNION ALL
	SELECT a.id, md_audit_hash(c.hash, a.id, a.at, a.user_id, a.action,
	                           a.case_id, a.person_id, a.detail)
	FROM chain c
	JOIN audit_log a ON a.id = (SELECT min(id) FROM audit_log WHERE id > c.id)
)
SELECT a.id, a.at, a.user_id, a.action, a.case_id, a.person_id, a.detail,
       c.hash
FROM chain c JOIN audit_log a ON a.id = c.id;
-- Dropping the table drops its indexes and triggers first, so none fires.
DROP TABLE audit_log;
ALTER TABLE audit_log_new RENAME TO audit_log;
CREATE INDEX audit_log_case ON audit_log (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_user ON audit_log (user_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- migration 8: login names unique without regard to case and width
-- login_key is the login name as md_auth_login_key() folds it (NFKC and
-- case folding, src/core/auth.c): Admin, ADMIN and ａｄｍｉｎ are one login.
-- An account is found by its key, so that any such spelling logs in; a new
-- account whose key is taken is refused, by the core with the name of the
-- account it would be mistaken for, and here for any other writer. Accounts
-- made before this migration may share a key (admin and Admin): both are
-- kept and log in by their exact spelling, `madoguchi check` names them,
-- and no further one can be added, hence triggers rather than a unique
-- index, which the old pairs would break.
ALTER TABLE users ADD COLUMN login_key TEXT;
UPDATE users SET login_key = md_login_key(login);
CREATE INDEX users_login_key ON users (login_key);
CREATE TRIGGER users_login_key_insert BEFORE INSERT ON users
WHEN NEW.login_key IS NULL
	OR EXISTS (SELECT 1 FROM users WHERE login_key = NEW.login_key)
BEGIN SELECT RAISE(ABORT, 'the login name is taken (case and width aside)'); END;
CREATE TRIGGER users_login_key_update BEFORE UPDATE OF login, login_key ON users
WHEN NEW.login_key IS NULL
	OR EXISTS (SELECT 1 FROM users WHERE login_key = NEW.login_key
		AND id <> NEW.id)
BEGIN SELECT RAISE(ABORT, 'the login name is taken (case and width aside)'); END;

-- migration 9: the day each step was done, the forms a step has frozen, and the 受付日 of 第1号様式
-- The day a step was done (001 第9条・第10条), as the consultant gave it: on or
-- after the case's 受付日 and the steps it depends on, never in the future. It
-- may be before the day the step was recorded (at). NULL for the steps
-- recorded when a case opens (相談受付): their day is the case's 受付日. The
-- steps recorded before this migration are dated by the day they were
-- recorded; the history stays append-only once they are.
ALTER TABLE workflow_events ADD COLUMN done_on TEXT;
DROP TRIGGER IF EXISTS workflow_events_no_update;
UPDATE workflow_events SET done_on = substr(at, 1, 10);
CREATE TRIGGER workflow_events_no_update BEFORE UPDATE ON workflow_events
BEGIN SELECT RAISE(ABORT, 'workflow_events is append-only'); END;

-- The forms frozen by a step that stands (forms/workflow.ini: freezes, e.g. a
-- plan once decided, 001 第10条(2)): md_record_save refuses to change them
-- and says why, with what to do (why, in Japanese). The workflow rewrites a
-- case's rows each time one of its steps is taken.
CREATE TABLE record_freezes (
	record_id INTEGER PRIMARY KEY REFERENCES form_records (id),
	event_id  INTEGER NOT NULL REFERENCES workflow_events (id),
	why       TEXT NOT NULL
);

-- The case's 受付日 is the one on 第1号様式 (the field bound to it with
-- "case = received_on", reception.received_on as shipped): the core keeps
-- cases.opened_on equal to it on every save; cases saved before now take it.
UPDATE cases SET opened_on = (
	SELECT json_extract(r.data, '$.received_on') FROM form_records f
	JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision
	WHERE f.case_id = cases.id AND f.form = 'reception' AND f.seq = 1)
WHERE (SELECT json_extract(r.data, '$.received_on') FROM form_records f
	JOIN form_revisions r ON r.record_id = f.id AND r.revision = f.revision
	WHERE f.case_id = cases.id AND f.form = 'reception' AND f.seq = 1)
	GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';

-- migration 10: agency aliases, and the kind the 福祉事務所 referral requires
-- 別名 of agencies from the catalogue (公共職業安定所 for ハローワーク): a
-- referral or an agency field may name an agency by one, and each names
-- one agency. Kinds (種別) are those forms/workflow.ini lists; the shipped
-- 福祉事務所 gets the kind that the referral of 001 第9条(5) requires.
CREATE TABLE agency_aliases (
	id        INTEGER PRIMARY KEY,
	agency_id INTEGER NOT NULL REFERENCES agencies (id),
	alias     TEXT NOT NULL UNIQUE
);
CREATE INDEX agency_aliases_agency ON agency_aliases (agency_id);
UPDATE agencies SET kind = '福祉事務所'
	WHERE name = '福祉事務所(生活保護)' AND kind = '行政';

-- migration 11: how a follow-up was done, and the consultant's note
-- A follow-up after a referral or a closure (001 第9条(5)イ・(9)エ) is a step
-- of its own (forms/workflow.ini: follow_up), taken on the case closed or
-- not and leaving it as it is: the day it was done (done_on), its result
-- (outcome), how it was checked (method: one of the step's methods, 電話,
-- 訪問…), a note, and the next follow-up date where one is set. Steps
-- recorded before have neither.
ALTER TABLE workflow_events ADD COLUMN method TEXT NOT NULL DEFAULT '';
ALTER TABLE workflow_events ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- migration 12: the next appointment of each progress entry, for 今日の予定
-- The date an entry names as its next appointment (the field its form names
-- with appointment_field: progress.next_on, 次回予定日, as shipped), kept on
-- every save of the entry (md_entries_appointment), so that 今日の予定 reads
-- the appointments coming up through an index of their date. Entries saved
-- before now take it from their latest revision.
ALTER TABLE form_records ADD COLUMN appointment_on TEXT;
UPDATE form_records SET appointment_on = (
	SELECT json_extract(r.data, '$.next_on') FROM form_revisions r
	WHERE r.record_id = form_records.id AND r.revision = form_records.revision)
WHERE form = 'progress';
UPDATE form_records SET appointment_on = NULL
WHERE appointment_on NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
CREATE INDEX form_records_appointment ON form_records (appointment_on)
	WHERE appointment_on IS NOT NULL;

-- migration 13: contacts, outreach, referrals and their follow-ups, offices
-- 000 第3条(1): every contact is recorded, anonymous ones too (相談票), with
-- its channel, 窓口相談 or 訪問相談 (for a visit the reason of イ and the
-- place), the 相談内容 and the 対応; 001 第9条(1): outreach (把握) before any
-- consent, each attempt and its result; 000 第3条(1)ア: the referral
-- (つなぎ・取次ぎ) to an exact next place, with a follow-up (001 第9条(5)イ,
-- (9)エ) cleared by its result whether a case is open, closed or none.
-- 000 第4条: the offices (本所, 各総合支所) each contact, case and member of
-- staff belongs to. Categories are data (forms/contacts.ini); the rows keep
-- the labels chosen. Contacts, referrals and offices are revisioned as
-- forms are: every state in a *_revisions row, never changed.
CREATE TABLE offices (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	revision   INTEGER NOT NULL DEFAULT 1,
	active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE TABLE office_revisions (
	office_id INTEGER NOT NULL REFERENCES offices (id),
	revision  INTEGER NOT NULL,
	user_id   INTEGER REFERENCES users (id),
	at        TEXT NOT NULL,
	data      TEXT NOT NULL,
	PRIMARY KEY (office_id, revision)
) WITHOUT ROWID;
ALTER TABLE users ADD COLUMN office_id INTEGER REFERENCES offices (id);
ALTER TABLE cases ADD COLUMN office_id INTEGER REFERENCES offices (id);
CREATE INDEX cases_office ON cases (office_id) WHERE office_id IS NOT NULL;

-- The catalogue keeps the 窓口, 対象 and 受付時間 of an agency; an agency a
-- consultant adds is 仮登録 (provisional) until an administrator confirms
-- it, or merges it into another (merged_into; its references move).
ALTER TABLE agencies ADD COLUMN desk TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN target TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN hours TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0
	CHECK (provisional IN (0, 1));
ALTER TABLE agencies ADD COLUMN merged_into INTEGER REFERENCES agencies (id);
ALTER TABLE agencies ADD COLUMN added_by INTEGER REFERENCES users (id);

CREATE TABLE contacts (
	id           INTEGER PRIMARY KEY,
	revision     INTEGER NOT NULL DEFAULT 1,
	contact_on   TEXT NOT NULL,             -- the day
	contact_time TEXT NOT NULL DEFAULT '',  -- "HH:MM"
	channel      TEXT NOT NULL,
	kind         TEXT NOT NULL,             -- 窓口相談 / 訪問相談
	visit_reason TEXT NOT NULL DEFAULT '',
	place        TEXT NOT NULL DEFAULT '',
	person_id    INTEGER REFERENCES persons (id), -- NULL: anonymous
	description  TEXT NOT NULL DEFAULT '',  -- an anonymous person, briefly
	age_band     TEXT NOT NULL DEFAULT '',
	topics       TEXT NOT NULL DEFAULT '',  -- 相談内容, a line each
	response     TEXT NOT NULL DEFAULT '',  -- 対応
	staff_id     INTEGER REFERENCES users (id),
	office_id    INTEGER REFERENCES offices (id),
	note         TEXT NOT NULL DEFAULT '',
	search_key   TEXT NOT NULL DEFAULT '',  -- md_text_search_key of the texts
	outreach     INTEGER NOT NULL DEFAULT 0 CHECK (outreach IN (0, 1)),
	route        TEXT NOT NULL DEFAULT '',  -- 発見経路 (outreach)
	case_id      INTEGER REFERENCES cases (id), -- the case it became
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);
CREATE INDEX contacts_on ON contacts (contact_on);
CREATE INDEX contacts_person ON contacts (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX contacts_case ON contacts (case_id) WHERE case_id IS NOT NULL;
CREATE TABLE contact_revisions (
	contact_id    INTEGER NOT NULL REFERENCES contacts (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER NOT NULL REFERENCES users (id),
	at            TEXT NOT NULL,
	data          TEXT NOT NULL, -- JSON object: field code → text
	changed       TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (contact_id, revision)
) WITHOUT ROWID;
-- Each visit or call of an outreach, as it went (001 第9条(1)).
CREATE TABLE outreach_attempts (
	id         INTEGER PRIMARY KEY,
	contact_id INTEGER NOT NULL REFERENCES contacts (id),
	done_on    TEXT NOT NULL,
	method     TEXT NOT NULL,
	result     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	user_id    INTEGER NOT NULL REFERENCES users (id),
	at         TEXT NOT NULL
);
CREATE INDEX outreach_attempts_contact ON outreach_attempts (contact_id, id);

CREATE TABLE referrals (
	id               INTEGER PRIMARY KEY,
	revision         INTEGER NOT NULL DEFAULT 1,
	contact_id       INTEGER REFERENCES contacts (id),
	case_id          INTEGER REFERENCES cases (id),
	agency_id        INTEGER NOT NULL REFERENCES agencies (id),
	desk             TEXT NOT NULL DEFAULT '', -- 窓口
	person_in_charge TEXT NOT NULL DEFAULT '',
	phone            TEXT NOT NULL DEFAULT '',
	method           TEXT NOT NULL,            -- how it was handed over
	referred_on      TEXT NOT NULL,
	appointment_on   TEXT,
	appointment_time TEXT NOT NULL DEFAULT '',
	bring            TEXT NOT NULL DEFAULT '', -- 持ち物
	note             TEXT NOT NULL DEFAULT '',
	follow_up_on     TEXT,                     -- NULL: none due
	result           TEXT NOT NULL DEFAULT '',
	result_note      TEXT NOT NULL DEFAULT '',
	result_on        TEXT,
	user_id          INTEGER NOT NULL REFERENCES users (id),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL
);
CREATE INDEX referrals_contact ON referrals (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX referrals_case ON referrals (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX referrals_follow_up ON referrals (follow_up_on)
	WHERE follow_up_on IS NOT NULL;
CREATE TABLE referral_revisions (
	referral_id   INTEGER NOT NULL REFERENCES referrals (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER NOT NULL REFERENCES users (id),
	at            TEXT NOT NULL,
	data          TEXT NOT NULL,
	changed       TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (referral_id, revision)
) WITHOUT ROWID;

CREATE TRIGGER office_revisions_no_update BEFORE UPDATE ON office_revisions
BEGIN SELECT RAISE(ABORT, 'office_revisions is append-only'); END;
CREATE TRIGGER office_revisions_no_delete BEFORE DELETE ON office_revisions
BEGIN SELECT RAISE(ABORT, 'office_revisions is append-only'); END;
CREATE TRIGGER contact_revisions_no_update BEFORE UPDATE ON contact_revisions
BEGIN SELECT RAISE(ABORT, 'contact_revisions is append-only'); END;
CREATE TRIGGER contact_revisions_no_delete BEFORE DELETE ON contact_revisions
BEGIN SELECT RAISE(ABORT, 'contact_revisions is append-only'); END;
CREATE TRIGGER outreach_attempts_no_update BEFORE UPDATE ON outreach_attempts
BEGIN SELECT RAISE(ABORT, 'outreach_attempts is append-only'); END;
CREATE TRIGGER outreach_attempts_no_delete BEFORE DELETE ON outreach_attempts
BEGIN SELECT RAISE(ABORT, 'outreach_attempts is append-only'); END;
CREATE TRIGGER referral_revisions_no_update BEFORE UPDATE ON referral_revisions
BEGIN SELECT RAISE(ABORT, 'referral_revisions is append-only'); END;
CREATE TRIGGER referral_revisions_no_delete BEFORE DELETE ON referral_revisions
BEGIN SELECT RAISE(ABORT, 'referral_revisions is append-only'); END;

-- migration 14: households as revisioned records, and who belongs to each
-- 000 第1条 (福祉課題を世帯単位で捉え), 000 第2条(1) (本人: 支援が必要な個人又は
-- 世帯), 003 §6-2(3)ア (その属する世帯全体が抱える課題), 004 図4 (how many in
-- one household need support, and whether each has a 担当部局). A household
-- keeps its issues (世帯の課題, a line each) and a note, revisioned as
-- contacts are: every state in household_revisions, never changed. A
-- membership is one stay of one member in one household: a registered
-- person, or someone not registered (person_id NULL: a label such as
-- 「小学生(氏名不詳)」 and a birth date, estimated when only an age was
-- told); its 続柄, 同居 or 別居, the day and reason of moving in and of
-- moving out, whether the member needs support (支援対象者) and the 担当部局
-- supporting them (a line each). Moving out ends a membership
-- (moved_out_on) and never removes it; moving into another household starts
-- another. A person has at most one current membership (moved_out_on NULL;
-- household_members_current), and persons.household_id is kept equal to its
-- household by the core (src/core/households.c), NULL when there is none.
-- Labels are those of forms/households.ini, as chosen. The persons already
-- in a household become its current members, each with 続柄 不明 and 同居
-- (both of the shipped lists: forms/households.ini says they must stay),
-- moved in on a day not known (NULL), needing support when they have an
-- open case; each household and member gets its first revision, by no one.
ALTER TABLE households ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE households ADD COLUMN issues TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE households ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE households SET updated_at = created_at;
CREATE TABLE household_revisions (
	household_id  INTEGER NOT NULL REFERENCES households (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER REFERENCES users (id), -- NULL: this migration
	at            TEXT NOT NULL,
	data          TEXT NOT NULL, -- JSON object: label, issues, note
	changed       TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (household_id, revision)
) WITHOUT ROWID;
CREATE TABLE household_members (
	id              INTEGER PRIMARY KEY,
	household_id    INTEGER NOT NULL REFERENCES households (id),
	person_id       INTEGER REFERENCES persons (id), -- NULL: not registered
	label           TEXT NOT NULL DEFAULT '',  -- one not registered, briefly
	birth_date      TEXT,                      -- one not registered
	birth_estimated INTEGER NOT NULL DEFAULT 0 CHECK (birth_estimated IN (0, 1)),
	relation        TEXT NOT NULL,             -- 続柄
	living          TEXT NOT NULL,             -- 同居 / 別居
	moved_in_on     TEXT,                      -- NULL: not known
	reason_in       TEXT NOT NULL DEFAULT '',
	moved_out_on    TEXT,                      -- NULL: a current member
	reason_out      TEXT NOT NULL DEFAULT '',
	needs_support   INTEGER NOT NULL DEFAULT 0 CHECK (needs_support IN (0, 1)),
	departments     TEXT NOT NULL DEFAULT '',  -- 担当部局, a line each
	note            TEXT NOT NULL DEFAULT '',
	revision        INTEGER NOT NULL DEFAULT 1,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	CHECK (person_id IS NOT NULL OR label <> ''),
	CHECK (moved_out_on IS NULL OR moved_in_on IS NULL
		OR moved_out_on >= moved_in_on)
);
CREATE UNIQUE INDEX household_members_current ON household_members (person_id)
	WHERE moved_out_on IS NULL;
CREATE INDEX household_members_household ON household_members (household_id, id);
CREATE INDEX household_members_person ON household_members (person_id, id)
	WHERE person_id IS NOT NULL;
CREATE TABLE household_member_revisions (
	member_id     INTEGER NOT NULL REFERENCES household_members (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER REFERENCES users (id), -- NULL: this migration
	at            TEXT NOT NULL,
	data          TEXT NOT NULL, -- JSON object: the member's values by code
	changed       TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (member_id, revision)
) WITHOUT ROWID;
INSERT INTO household_revisions (household_id, revision, base_revision, at,
                                 data)
SELECT id, 1, 0, created_at, json_object('label', label)
FROM households ORDER BY id;
INSERT INTO household_members (household_id, person_id, relation, living,
                               needs_support, created_at, updated_at)
SELECT p.household_id, p.id, '不明', '同居',
       EXISTS (SELECT 1 FROM cases c
               WHERE c.person_id = p.id AND c.status = 'open'),
       p.created_at, p.created_at
FROM persons p WHERE p.household_id IS NOT NULL ORDER BY p.id;
INSERT INTO household_member_revisions (member_id, revision, base_revision,
                                        at, data)
SELECT id, 1, 0, created_at,
       json_object('living', living, 'needs_support',
                   CAST(needs_support AS TEXT), 'person',
                   CAST(person_id AS TEXT), 'relation', relation)
FROM household_members ORDER BY id;
CREATE TRIGGER household_revisions_no_update BEFORE UPDATE ON household_revisions
BEGIN SELECT RAISE(ABORT, 'household_revisions is append-only'); END;
CREATE TRIGGER household_revisions_no_delete BEFORE DELETE ON household_revisions
BEGIN SELECT RAISE(ABORT, 'household_revisions is append-only'); END;
CREATE TRIGGER household_member_revisions_no_update
BEFORE UPDATE ON household_member_revisions
BEGIN SELECT RAISE(ABORT, 'household_member_revisions is append-only'); END;
CREATE TRIGGER household_member_revisions_no_delete
BEFORE DELETE ON household_member_revisions
BEGIN SELECT RAISE(ABORT, 'household_member_revisions is append-only'); END;
-- A membership is never removed: it ends.
CREATE TRIGGER household_members_no_delete BEFORE DELETE ON household_members
BEGIN SELECT RAISE(ABORT, 'household members end (moved_out_on), never removed'); END;

-- migration 15: drafts of contacts (相談票)
-- What a consultant is typing into a contact, kept between saves as a
-- form's draft is (drafts), private to its user and never audited: one per
-- user and contact, contact_id 0 for a contact not yet saved (so no foreign
-- key to contacts). Removed once the contact is saved or the typing thrown
-- away.
CREATE TABLE contact_drafts (
	user_id       INTEGER NOT NULL REFERENCES users (id),
	contact_id    INTEGER NOT NULL, -- 0: a contact not yet saved
	base_revision INTEGER NOT NULL,
	data          TEXT NOT NULL,    -- JSON object: field code → text
	field         TEXT NOT NULL DEFAULT '',
	updated_at    TEXT NOT NULL,
	PRIMARY KEY (user_id, contact_id)
) WITHOUT ROWID;

-- migration 16: meetings, who attended, who was discussed on which basis, the
-- 役割分担, every disclosure of a person, and consent withdrawn (issue 19).
-- 000 第3条(2) (連絡会, 支援会議; 第4条3: a related agency may propose one),
-- 002 (推進会議 and its ケース共有会議, 2か月に1回; 第9条 秘密の保持), 003 §6
-- (相談支援包括化推進会議 / 支援調整会議 本人同意 必要 / 支援会議 なくても可,
-- 生活困窮者自立支援法第9条), 004 §3(6) (支援会議, 社会福祉法第106条の6), §3(7)
-- (重層的支援会議), §5(4), §5(7), 別紙③. The types and their rules are data
-- (forms/meetings.ini); a meeting keeps the type's id and the basis chosen.
-- A meeting is revisioned as contacts are (meeting_revisions: its whole state,
-- attendees, persons and tasks with it, after each change). Attendees,
-- persons discussed, disclosures and withdrawals are append-only; a task's
-- done_on is set once (its revision the meeting's).
CREATE TABLE meetings (
	id                 INTEGER PRIMARY KEY,
	type               TEXT NOT NULL,   -- a section of forms/meetings.ini
	basis              TEXT NOT NULL DEFAULT '', -- the legal basis chosen
	held               INTEGER NOT NULL CHECK (held IN (0, 1)), -- 0: planned
	held_on            TEXT NOT NULL,   -- the day held, or planned
	place              TEXT NOT NULL DEFAULT '',
	convener_id        INTEGER NOT NULL REFERENCES users (id), -- 招集者
	proposer_agency_id INTEGER REFERENCES agencies (id), -- 000 第4条3
	proposer_user_id   INTEGER REFERENCES users (id),
	shared             TEXT NOT NULL DEFAULT '',  -- what was shared
	decisions          TEXT NOT NULL DEFAULT '',
	lead_agency_id     INTEGER REFERENCES agencies (id), -- 主担当
	next_on            TEXT,            -- the next meeting's day
	revision           INTEGER NOT NULL DEFAULT 1,
	user_id            INTEGER NOT NULL REFERENCES users (id),
	created_at         TEXT NOT NULL,
	updated_at         TEXT NOT NULL
);
CREATE INDEX meetings_next ON meetings (next_on) WHERE next_on IS NOT NULL;
CREATE INDEX meetings_type ON meetings (type, held_on);
CREATE TABLE meeting_revisions (
	meeting_id    INTEGER NOT NULL REFERENCES meetings (id),
	revision      INTEGER NOT NULL,
	base_revision INTEGER NOT NULL,
	user_id       INTEGER NOT NULL REFERENCES users (id),
	at            TEXT NOT NULL,
	data          TEXT NOT NULL, -- JSON: the meeting with its lists
	changed       TEXT NOT NULL DEFAULT '[]',
	PRIMARY KEY (meeting_id, revision)
) WITHOUT ROWID;
CREATE TABLE meeting_attendees (
	id           INTEGER PRIMARY KEY,
	meeting_id   INTEGER NOT NULL REFERENCES meetings (id),
	user_id      INTEGER REFERENCES users (id),    -- a member of staff
	name         TEXT NOT NULL DEFAULT '',         -- an agency's member
	agency_id    INTEGER REFERENCES agencies (id),
	secrecy      INTEGER NOT NULL CHECK (secrecy IN (0, 1)), -- 守秘義務の確認
	created_by   INTEGER NOT NULL REFERENCES users (id),
	at           TEXT NOT NULL,
	CHECK (user_id IS NOT NULL OR name <> '')
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id, id);
CREATE TABLE meeting_persons (
	id           INTEGER PRIMARY KEY,
	meeting_id   INTEGER NOT NULL REFERENCES meetings (id),
	person_id    INTEGER NOT NULL REFERENCES persons (id),
	basis        TEXT NOT NULL CHECK (basis IN ('consent', 'law')),
	basis_text   TEXT NOT NULL,  -- 本人の同意, or the law as the type names it
	note         TEXT NOT NULL DEFAULT '',
	created_by   INTEGER NOT NULL REFERENCES users (id),
	at           TEXT NOT NULL,
	UNIQUE (meeting_id, person_id)
);
CREATE INDEX meeting_persons_person ON meeting_persons (person_id, id);
CREATE TABLE meeting_tasks (
	id           INTEGER PRIMARY KEY,
	meeting_id   INTEGER NOT NULL REFERENCES meetings (id),
	what         TEXT NOT NULL CHECK (what <> ''),
	owner        TEXT NOT NULL CHECK (owner <> ''),  -- an agency or staff
	agency_id    INTEGER REFERENCES agencies (id),
	due_on       TEXT NOT NULL,
	done_on      TEXT,
	created_by   INTEGER NOT NULL REFERENCES users (id),
	at           TEXT NOT NULL
);
CREATE INDEX meeting_tasks_due ON meeting_tasks (due_on) WHERE done_on IS NULL;
CREATE TABLE disclosures (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES persons (id),
	what         TEXT NOT NULL,
	meeting_id   INTEGER REFERENCES meetings (id),
	agency_id    INTEGER REFERENCES agencies (id),
	to_text      TEXT NOT NULL,   -- to whom, as shown
	basis        TEXT NOT NULL,   -- 本人の同意, or the law
	on_day       TEXT NOT NULL,
	user_id      INTEGER NOT NULL REFERENCES users (id),
	at           TEXT NOT NULL
);
CREATE INDEX disclosures_person ON disclosures (person_id, id);
CREATE TABLE consent_withdrawals (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES persons (id),
	withdrawn_on TEXT NOT NULL,
	note         TEXT NOT NULL DEFAULT '',
	user_id      INTEGER NOT NULL REFERENCES users (id),
	at           TEXT NOT NULL
);
CREATE INDEX consent_withdrawals_person ON consent_withdrawals (person_id);
CREATE TRIGGER meeting_revisions_no_update BEFORE UPDATE ON meeting_revisions
BEGIN SELECT RAISE(ABORT, 'meeting_revisions is append-only'); END;
CREATE TRIGGER meeting_revisions_no_delete BEFORE DELETE ON meeting_revisions
BEGIN SELECT RAISE(ABORT, 'meeting_revisions is append-only'); END;
CREATE TRIGGER meeting_attendees_no_update BEFORE UPDATE ON meeting_attendees
BEGIN SELECT RAISE(ABORT, 'meeting_attendees is append-only'); END;
CREATE TRIGGER meeting_attendees_no_delete BEFORE DELETE ON meeting_attendees
BEGIN SELECT RAISE(ABORT, 'meeting_attendees is append-only'); END;
CREATE TRIGGER meeting_persons_no_update BEFORE UPDATE ON meeting_persons
BEGIN SELECT RAISE(ABORT, 'meeting_persons is append-only'); END;
CREATE TRIGGER meeting_persons_no_delete BEFORE DELETE ON meeting_persons
BEGIN SELECT RAISE(ABORT, 'meeting_persons is append-only'); END;
CREATE TRIGGER meeting_tasks_no_delete BEFORE DELETE ON meeting_tasks
BEGIN SELECT RAISE(ABORT, 'meeting_tasks are done, never removed'); END;
CREATE TRIGGER meeting_tasks_done_once BEFORE UPDATE ON meeting_tasks
WHEN OLD.done_on IS NOT NULL OR NEW.what IS NOT OLD.what
	OR NEW.owner IS NOT OLD.owner OR NEW.due_on IS NOT OLD.due_on
BEGIN SELECT RAISE(ABORT, 'a task is only marked done, once'); END;
CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures is append-only'); END;
CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures is append-only'); END;
CREATE TRIGGER consent_withdrawals_no_update BEFORE UPDATE ON consent_withdrawals
BEGIN SELECT RAISE(ABORT, 'consent_withdrawals is append-only'); END;
CREATE TRIGGER consent_withdrawals_no_delete BEFORE DELETE ON consent_withdrawals
BEGIN SELECT RAISE(ABORT, 'consent_withdrawals is append-only'); END;

-- migration 17: 多機関協働の対象判定 (004 図4) of a household. A member's
-- record says whether they are 障害者 (disabled) and whether 生活困窮 is their
-- main issue (poverty), the two things the figure asks of a 支援対象者 besides
-- the age and the 担当部局; both 0 for the members already recorded, as the
-- figure counts a member only on what the consultant has recorded. A
-- household keeps the consultant's latest decision on the figure
-- (eligibility: a JSON object of text, '' before any: who and when, the
-- reference date, the answers, the row and verdict advised, the verdict
-- decided, a note, and what the advice was computed from), written by the
-- core (src/core/households.c) as a new revision of the household, so
-- household_revisions keeps every earlier decision.
ALTER TABLE household_members ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0
	CHECK (disabled IN (0, 1));
ALTER TABLE household_members ADD COLUMN poverty INTEGER NOT NULL DEFAULT 0
	CHECK (poverty IN (0, 1));
ALTER TABLE households ADD COLUMN eligibility TEXT NOT NULL DEFAULT '';

-- migration 18: the steps of a period, by the day each was done
-- madoguchi count (issue 20) reads the steps done in a period (a year of
-- monthly counts) through this index rather than every step ever taken.
-- The steps recorded when a case opens have no day of their own (NULL):
-- they are found through cases_opened.
CREATE INDEX workflow_events_done ON workflow_events (done_on);
