-- 009_educate.sql: the education mechanism (E1-E7): programme kinds and the topic catalogue
-- (seeded), programmes whose targets are computed from a rule, sessions with speakers,
-- materials and attendance, fair random speaker draws, the reading list and who read what,
-- written commitments (表态), family integrity education, and appointments held at the gate
-- of E2 until the integrity talk and the appointment training are on record.
-- Dates are ISO 8601 'YYYY-MM-DD' text.

-- What a programme of a kind counts towards its requirement: attendance at its sessions
-- (hours and sessions), reading records, family education records, or commitments.
CREATE TABLE programme_kinds (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	requirement TEXT NOT NULL,             -- the MISSION id, E1..E7
	counts TEXT NOT NULL DEFAULT 'attendance'
		CHECK (counts IN ('attendance', 'reading', 'family', 'commitment')),
	sort INTEGER NOT NULL
);
INSERT INTO programme_kinds(code, name, requirement, counts, sort) VALUES
	('lecture_hall', '乡镇讲堂', 'E1', 'attendance', 1),
	('party_school', '党校周末班', 'E1', 'attendance', 2),
	('closed_study', '封闭学习', 'E1', 'attendance', 3),
	('integrity_talk', '任前廉政谈话', 'E2', 'attendance', 4),
	('appointment_training', '任职培训', 'E2', 'attendance', 5),
	('village_training', '村干部任职培训（含廉政党课）', 'E2', 'attendance', 6),
	('meeting_study', '周例会学习', 'E3', 'attendance', 7),
	('ethics', '职业道德教育和自查自纠', 'E4', 'attendance', 8),
	('family', '家庭助廉教育', 'E5', 'family', 9),
	('reading', '读书活动', 'E6', 'reading', 10),
	('publicity', '宣传活动与表态', 'E7', 'commitment', 11);

-- The topic catalogue of sessions (E1's weekend classes and the rest).
CREATE TABLE topics (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1,
	sort INTEGER NOT NULL
);
INSERT INTO topics(code, name, sort) VALUES
	('work_style', '工作作风', 1),
	('ethics', '职业道德', 2),
	('party_spirit', '党性修养', 3),
	('leadership', '领导艺术', 4),
	('foreign_language', '外语', 5),
	('mental_health', '心理健康', 6),
	('discussion', '专题研讨', 7),
	('communication', '语言沟通', 8),
	('integrity', '廉洁从政', 9),
	('documents', '作风文件学习', 10);

-- Settings of the room; every rule is configurable (MISSION).
CREATE TABLE educate_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO educate_settings(key, value) VALUES
	('gate_months_before', '6'),       -- E2: a talk or training up to N months before the decision counts
	('override_reason_min', '10');     -- E2: the shortest override reason, in characters

-- A programme. rule is the normalized JSON target rule (educate.h); the requirement is per
-- calendar year (period 'year') or once for good (period 'once'). unit_id: the unit that
-- runs it (a township's lecture hall), or NULL for the district.
CREATE TABLE programmes (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL REFERENCES programme_kinds(code),
	rule TEXT NOT NULL,
	required_hours REAL NOT NULL DEFAULT 0 CHECK (required_hours >= 0),
	required_sessions INTEGER NOT NULL DEFAULT 0 CHECK (required_sessions >= 0),
	period TEXT NOT NULL DEFAULT 'year' CHECK (period IN ('year', 'once')),
	unit_id INTEGER REFERENCES units(id),
	description TEXT NOT NULL DEFAULT '',
	pick_cycle INTEGER NOT NULL DEFAULT 1,  -- the current cycle of the fair speaker draw
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX programmes_kind ON programmes(kind);

CREATE TABLE edu_sessions (
	id INTEGER PRIMARY KEY,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	held_on TEXT NOT NULL,
	place TEXT NOT NULL DEFAULT '',
	topic TEXT REFERENCES topics(code),
	title TEXT NOT NULL,
	credit_hours REAL NOT NULL DEFAULT 0 CHECK (credit_hours >= 0),
	unit_id INTEGER REFERENCES units(id),   -- the unit holding it, or NULL for the district
	materials TEXT NOT NULL DEFAULT '[]',   -- JSON array of {title, link}
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX edu_sessions_programme ON edu_sessions(programme_id, held_on);
CREATE INDEX edu_sessions_unit ON edu_sessions(unit_id, held_on);

CREATE TABLE session_speakers (
	session_id INTEGER NOT NULL REFERENCES edu_sessions(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_speakers_person ON session_speakers(person_id);

CREATE TABLE attendance (
	session_id INTEGER NOT NULL REFERENCES edu_sessions(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	status TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
	note TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (session_id, person_id)
);
CREATE INDEX attendance_person ON attendance(person_id);

-- Fair random draws of speakers (E1, E3): the seed (decimal text of a 64-bit integer) is kept
-- so a draw can be replayed; each pick records the cycle it belongs to.
CREATE TABLE draws (
	id INTEGER PRIMARY KEY,
	programme_id INTEGER NOT NULL REFERENCES programmes(id),
	seed TEXT NOT NULL,
	requested INTEGER NOT NULL CHECK (requested > 0),
	eligible INTEGER NOT NULL,
	drawn_on TEXT NOT NULL,
	actor TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX draws_programme ON draws(programme_id);
CREATE TABLE draw_picks (
	draw_id INTEGER NOT NULL REFERENCES draws(id),
	seq INTEGER NOT NULL,
	person_id INTEGER NOT NULL REFERENCES people(id),
	cycle INTEGER NOT NULL,
	PRIMARY KEY (draw_id, seq),
	UNIQUE (draw_id, person_id)
);
CREATE INDEX draw_picks_person ON draw_picks(person_id);

-- E6: the reading list and who has read what.
CREATE TABLE reading_items (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	category TEXT NOT NULL CHECK (category IN ('party_paper', 'policy', 'integrity_code',
		'district_notice', 'inspection_measures', 'law_enforcement', 'traditional_culture')),
	link TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE reading_records (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL REFERENCES reading_items(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	read_on TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	UNIQUE (item_id, person_id)
);
CREATE INDEX reading_records_person ON reading_records(person_id, read_on);

-- E7: written commitments (表态), optionally within a publicity campaign (a programme).
CREATE TABLE commitments (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id),
	programme_id INTEGER REFERENCES programmes(id),
	made_on TEXT NOT NULL,
	text TEXT NOT NULL
);
CREATE INDEX commitments_person ON commitments(person_id, made_on);

-- E5: family integrity education: the cadre, the family member's relation, the activity.
CREATE TABLE family_education (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id),
	programme_id INTEGER REFERENCES programmes(id),
	relation TEXT NOT NULL,
	activity TEXT NOT NULL,
	held_on TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX family_education_person ON family_education(person_id, held_on);

-- E2: appointments wait at the gate until the integrity talk and the appointment training
-- (village cadres: the village-cadre training) are on record; the office may override with
-- a written reason.
CREATE TABLE appointments (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id),
	new_post TEXT NOT NULL,
	new_rank TEXT NOT NULL,
	decided_on TEXT NOT NULL,
	managed_by INTEGER REFERENCES units(id),  -- the body holding management authority after it
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'effective', 'overridden')),
	effective_on TEXT,
	override_reason TEXT NOT NULL DEFAULT '',
	override_by TEXT NOT NULL DEFAULT '',
	missing TEXT NOT NULL DEFAULT '',      -- what was missing when the override was made
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX appointments_person ON appointments(person_id);
CREATE INDEX appointments_state ON appointments(state);
