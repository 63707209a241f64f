-- 008_supervise_work.sql: the supervision work around cases (S1-S4, S6-S9, R5): public
-- exposure of substantiated cases, key periods, open and covert inspections (明察暗访),
-- key projects with their discipline inspectors, decision tracking (跟踪问效), citizen
-- service stations with their supervisors and leader cards, and integrity routines.
-- Dates are ISO 8601 'YYYY-MM-DD' text; created_at is ISO 8601 time.

-- Case people: the leader's relation in the responsibility chain when proposed (S4), and
-- when a finding was confirmed and by whom.
ALTER TABLE case_people ADD COLUMN relation TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN finding_area TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN finding_confirmed_by INTEGER REFERENCES users(id);
ALTER TABLE cases ADD COLUMN finding_confirmed_on TEXT;
ALTER TABLE cases ADD COLUMN finding_summary TEXT NOT NULL DEFAULT '';

-- Revocation of a sanction: by whom and when (the reason is in sanctions.revoke_reason).
ALTER TABLE sanctions ADD COLUMN revoked_by INTEGER REFERENCES users(id);
ALTER TABLE sanctions ADD COLUMN revoked_on TEXT;
ALTER TABLE veto_items ADD COLUMN created_at TEXT NOT NULL DEFAULT '';

-- 曝光台 (S7): a substantiated case chosen by the office for publication. The public sees
-- title, unit, facts and handling; the person's name only when show_person is 1.
CREATE TABLE exposures (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	title TEXT NOT NULL CHECK (title <> ''),
	facts TEXT NOT NULL CHECK (facts <> ''),
	handling TEXT NOT NULL CHECK (handling <> ''),
	published_on TEXT NOT NULL,
	show_person INTEGER NOT NULL DEFAULT 0 CHECK (show_person IN (0, 1)),
	published INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
	unpublish_reason TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL
);
CREATE INDEX exposures_published ON exposures(published, published_on);
CREATE UNIQUE INDEX exposures_one_live ON exposures(case_id) WHERE published = 1;

-- Key periods and links (S1): holidays, elections, promotions, posting changes, moving
-- house, major personnel arrangements, with the inspections they call for.
CREATE TABLE key_periods (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('holiday', 'election', 'promotion', 'posting',
		'moving_house', 'personnel')),
	name TEXT NOT NULL CHECK (name <> ''),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	remind_days INTEGER NOT NULL DEFAULT 7 CHECK (remind_days BETWEEN 0 AND 365),
	plan TEXT NOT NULL DEFAULT '',        -- the inspections the period calls for
	focus TEXT NOT NULL DEFAULT '',       -- what to watch (e.g. 公款吃喝、收受礼金)
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	CHECK (ends_on >= starts_on)
);
CREATE INDEX key_periods_start ON key_periods(starts_on);

-- 明察暗访 (S1, R5): a plan, its team and target units, open or covert.
CREATE TABLE inspections (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL CHECK (title <> ''),
	mode TEXT NOT NULL CHECK (mode IN ('open', 'covert')),
	planned_on TEXT NOT NULL,
	done_on TEXT,
	key_period_id INTEGER REFERENCES key_periods(id),
	plan TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'done', 'cancelled')),
	summary TEXT NOT NULL DEFAULT '',
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL
);
CREATE INDEX inspections_planned ON inspections(planned_on);
CREATE TABLE inspection_team (
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	leads INTEGER NOT NULL DEFAULT 0 CHECK (leads IN (0, 1)),
	PRIMARY KEY (inspection_id, person_id)
);
CREATE TABLE inspection_targets (
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (inspection_id, unit_id)
);
-- What an inspection found; case_id is the case it opened (channel 'inspection').
CREATE TABLE inspection_findings (
	id INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	person_id INTEGER REFERENCES people(id),
	category TEXT NOT NULL REFERENCES case_categories(code),
	found_on TEXT NOT NULL,
	description TEXT NOT NULL CHECK (description <> ''),
	case_id INTEGER REFERENCES cases(id),
	created_at TEXT NOT NULL
);
CREATE INDEX inspection_findings_unit ON inspection_findings(unit_id, found_on);

-- Key projects (S2) with their discipline inspectors, milestones and findings.
CREATE TABLE projects (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL CHECK (name <> ''),
	unit_id INTEGER NOT NULL REFERENCES units(id),   -- the unit that builds it
	starts_on TEXT NOT NULL,
	ends_on TEXT,
	budget REAL CHECK (budget >= 0),                 -- 万元
	state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'completed', 'suspended')),
	created_at TEXT NOT NULL
);
CREATE TABLE project_inspectors (
	project_id INTEGER NOT NULL REFERENCES projects(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (project_id, person_id)
);
CREATE TABLE project_milestones (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id),
	name TEXT NOT NULL CHECK (name <> ''),
	due_on TEXT NOT NULL,
	done_on TEXT
);
CREATE TABLE project_findings (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id),
	found_on TEXT NOT NULL,
	description TEXT NOT NULL CHECK (description <> ''),
	rectified_on TEXT,
	created_at TEXT NOT NULL
);

-- Decision tracking (S3, 跟踪问效): a decision broken into tasks, each with a responsible
-- unit, a deadline, progress and milestones; every change kept in the task's history.
CREATE TABLE decisions (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL CHECK (title <> ''),
	source TEXT NOT NULL DEFAULT '',       -- the meeting or document it comes from
	decided_on TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE TABLE decision_tasks (
	id INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	title TEXT NOT NULL CHECK (title <> ''),
	deadline TEXT NOT NULL,
	progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
	done_on TEXT,
	updated_at TEXT NOT NULL
);
CREATE INDEX decision_tasks_unit ON decision_tasks(unit_id, status, deadline);
CREATE INDEX decision_tasks_due ON decision_tasks(status, deadline);
CREATE TABLE decision_milestones (
	id INTEGER PRIMARY KEY,
	task_id INTEGER NOT NULL REFERENCES decision_tasks(id),
	name TEXT NOT NULL CHECK (name <> ''),
	due_on TEXT NOT NULL,
	done_on TEXT
);
CREATE TABLE decision_task_history (
	id INTEGER PRIMARY KEY,
	task_id INTEGER NOT NULL REFERENCES decision_tasks(id),
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	progress INTEGER NOT NULL,
	status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decision_task_history_task ON decision_task_history(task_id, id);

-- Citizen service stations (S8): where supervisors sit, the unit they watch, and the card
-- of leaders' phone numbers handed out there.
CREATE TABLE stations (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL CHECK (name <> ''),
	place TEXT NOT NULL DEFAULT '',
	unit_id INTEGER NOT NULL REFERENCES units(id),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL
);
CREATE TABLE station_supervisors (
	user_id INTEGER PRIMARY KEY REFERENCES users(id),
	station_id INTEGER NOT NULL REFERENCES stations(id)
);
CREATE TABLE station_card (
	station_id INTEGER NOT NULL REFERENCES stations(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	phone TEXT NOT NULL CHECK (phone <> ''),
	PRIMARY KEY (station_id, person_id)
);

-- Integrity routines (S6, S9) on record.
CREATE TABLE routines (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('appraisal_meeting', 'opinion_meeting', 'democratic_life',
		'duty_report', 'admonishment_talk', 'inspection_tour', 'audit', 'inquiry')),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	held_on TEXT NOT NULL,
	title TEXT NOT NULL CHECK (title <> ''),
	participants TEXT NOT NULL DEFAULT '', -- those present who are not cadres on record
	outcome TEXT NOT NULL DEFAULT '',
	issues INTEGER NOT NULL DEFAULT 0 CHECK (issues >= 0),   -- issues raised
	resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved >= 0), -- of them, settled
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL
);
CREATE INDEX routines_unit ON routines(unit_id, held_on);
CREATE TABLE routine_people (
	routine_id INTEGER NOT NULL REFERENCES routines(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (routine_id, person_id)
);
