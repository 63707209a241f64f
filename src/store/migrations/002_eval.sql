-- 002_eval.sql: evaluation rounds (V1-V7) and their inputs: process, self and efficiency,
-- survey, adjustments, and ballots. Ballots carry no token, no evaluator, no time finer than
-- the day, and random ids, so that neither their content nor their order tells who voted.

CREATE TABLE rounds (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	config TEXT NOT NULL,          -- the normalized configuration (SCORING.md section 1)
	state TEXT NOT NULL DEFAULT 'draft'
		CHECK (state IN ('draft', 'open', 'closed', 'published')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- V2: daily, monthly, quarterly, annual scores by the office.
CREATE TABLE process_scores (
	id INTEGER PRIMARY KEY,
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	period_type TEXT NOT NULL CHECK (period_type IN ('daily', 'monthly', 'quarterly', 'annual')),
	period TEXT NOT NULL,
	score REAL NOT NULL CHECK (score >= 0 AND score <= 100),
	UNIQUE (round_id, unit_id, period_type, period)
);

-- V5: a unit's self-evaluation and its quantitative efficiency score; either may be missing.
CREATE TABLE self_scores (
	id INTEGER PRIMARY KEY,
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	self REAL CHECK (self >= 0 AND self <= 100),
	efficiency REAL CHECK (efficiency >= 0 AND efficiency <= 100),
	confirmed INTEGER NOT NULL DEFAULT 1,
	UNIQUE (round_id, unit_id)
);

-- V4: the third-party satisfaction survey.
CREATE TABLE survey_scores (
	id INTEGER PRIMARY KEY,
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	satisfaction REAL CHECK (satisfaction >= 0 AND satisfaction <= 100),
	UNIQUE (round_id, unit_id)
);

-- V6: deductions, vetoes (一票否决) and lost excellence eligibility, each with its reason.
CREATE TABLE adjustments (
	id INTEGER PRIMARY KEY,
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	points REAL NOT NULL CHECK (points >= 0),
	veto INTEGER NOT NULL DEFAULT 0 CHECK (veto IN (0, 1)),
	no_excellent INTEGER NOT NULL DEFAULT 0 CHECK (no_excellent IN (0, 1)),
	reason TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX adjustments_round ON adjustments(round_id, unit_id);

-- V3: one row per ballot about one unit. ratings holds one byte per indicator of the unit's
-- category, in the round's order: 0..100, or 255 for an abstention. grp is the group's
-- position in the round's configuration. rater_unit_id only for mutual evaluation.
-- Stored in key order (round, unit, group, random id), so a round's ballots are read in one
-- sequential scan and the physical order reveals nothing about when each was cast.
CREATE TABLE ballots (
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	grp INTEGER NOT NULL,
	id INTEGER NOT NULL,           -- random, not a sequence
	channel TEXT NOT NULL CHECK (channel IN ('network', 'meeting', 'mutual', 'letter')),
	rater_unit_id INTEGER REFERENCES units(id),
	day TEXT NOT NULL,
	ratings BLOB NOT NULL,
	PRIMARY KEY (round_id, unit_id, grp, id)
) WITHOUT ROWID;
