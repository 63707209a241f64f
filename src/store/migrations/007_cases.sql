-- 007_cases.sql: what the supervision cases (S5, S6, X2) add to 006's shared tables: who
-- filed a case, the routing proposal, the working-day deadlines and the cycle they belong
-- to, escalation, the duplicate link's state, a keyed hash of the complainant's phone (for
-- duplicates, never the number); the timeline of every case (case_events), reminders,
-- extension requests, evidence files (stored outside the database), the holiday calendar
-- and the office's deadline settings.

ALTER TABLE cases ADD COLUMN created_by INTEGER REFERENCES users(id);
ALTER TABLE cases ADD COLUMN proposed_unit_id INTEGER REFERENCES units(id);
ALTER TABLE cases ADD COLUMN proposed_leader_id INTEGER REFERENCES people(id);
ALTER TABLE cases ADD COLUMN assigned_on TEXT;
ALTER TABLE cases ADD COLUMN escalated_to INTEGER REFERENCES people(id);
ALTER TABLE cases ADD COLUMN escalated_on TEXT;
ALTER TABLE cases ADD COLUMN dup_state TEXT CHECK (dup_state IN ('suspected', 'confirmed'));
ALTER TABLE cases ADD COLUMN dup_score INTEGER;          -- similarity in percent
ALTER TABLE cases ADD COLUMN phone_index BLOB;           -- HMAC-SM3 of the phone (seal.h)
ALTER TABLE cases ADD COLUMN signed_late INTEGER CHECK (signed_late IN (0, 1));
ALTER TABLE cases ADD COLUMN replied_late INTEGER CHECK (replied_late IN (0, 1));
CREATE INDEX cases_dup ON cases(duplicate_of);
CREATE INDEX cases_phone ON cases(phone_index);
CREATE INDEX cases_ext ON cases(external_ref);

-- The timeline: one row per thing that happened to a case. note never holds the
-- complainant; data is a JSON object of the details (days, unit, leader, ...).
CREATE TABLE case_events (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	at TEXT NOT NULL,                      -- ISO 8601 time of the record
	happened_on TEXT NOT NULL,             -- the day it happened (YYYY-MM-DD)
	actor TEXT NOT NULL,                   -- username, "public" or "system"
	kind TEXT NOT NULL,
	from_state TEXT,
	to_state TEXT,
	note TEXT NOT NULL DEFAULT '',
	data TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Reminders (催办): one per case, stage and cycle (a reopened case starts a new cycle).
CREATE TABLE case_reminders (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	stage TEXT NOT NULL CHECK (stage IN ('sign', 'handle')),
	cycle INTEGER NOT NULL,
	due TEXT NOT NULL,
	reminded_on TEXT NOT NULL,
	UNIQUE (case_id, stage, cycle)
);

-- Extension requests by the handling unit, decided by the office.
CREATE TABLE case_extensions (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 30),
	reason TEXT NOT NULL CHECK (reason <> ''),
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'denied')),
	requested_by TEXT NOT NULL,
	requested_on TEXT NOT NULL,
	decided_by TEXT,
	decided_on TEXT,
	old_due TEXT,
	new_due TEXT
);
CREATE INDEX case_extensions_case ON case_extensions(case_id, state);

-- Evidence files: the bytes live in "<db>.files/<sha256>", named by their content.
CREATE TABLE case_attachments (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	sha256 TEXT NOT NULL,
	name TEXT NOT NULL,
	mime TEXT NOT NULL,
	size INTEGER NOT NULL CHECK (size > 0),
	uploaded_by TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments(case_id);

-- The working-day calendar: listed days only; the rest follow Monday-Friday.
CREATE TABLE calendar_days (
	day TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name TEXT NOT NULL DEFAULT ''
);

-- Deadline settings (working days) and duplicate detection, changed by the office.
CREATE TABLE case_settings (
	key TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);
INSERT INTO case_settings(key, value) VALUES
	('sign_days', 1),
	('handle_days', 10),
	('escalate_after', 3),
	('reopen_escalate', 3),
	('dup_threshold_pct', 50),
	('dup_window_days', 30);
