-- 006_supervise_core.sql: the records the supervision, education and responsibility rooms
-- share: cases (complaints from every channel, S5), the complainant kept apart and sealed
-- (X2), the people a finding holds responsible (R5, S4), the sanctions catalogue with its
-- consequences (R5), sanctions as decided, and the veto registry (一票否决).
-- Dates are ISO 8601 'YYYY-MM-DD' text; times compared as numbers are epoch seconds.

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	case_no TEXT NOT NULL UNIQUE,          -- e.g. ZF-2026-000123, shown to the public
	channel TEXT NOT NULL CHECK (channel IN ('hotline', 'mailbox', 'website', 'letter_visit',
		'media', 'supervisor', 'inspection', 'referral')),
	subject TEXT NOT NULL,
	content TEXT NOT NULL,
	category TEXT NOT NULL,                -- code of case_categories
	unit_id INTEGER NOT NULL REFERENCES units(id),      -- the unit concerned
	person_id INTEGER REFERENCES people(id),            -- the person concerned, if named
	handling_unit_id INTEGER REFERENCES units(id),      -- routed to (R1, R2)
	handling_leader_id INTEGER REFERENCES people(id),   -- the responsible leader
	state TEXT NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'assigned', 'signed',
		'handling', 'replied', 'followed_up', 'closed')),
	anonymous INTEGER NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
	query_hash BLOB UNIQUE,                -- hash of the public query code; the code is never kept
	external_ref TEXT NOT NULL DEFAULT '', -- e.g. the 12345 hotline's own number
	received_on TEXT NOT NULL,
	sign_due TEXT,                         -- working-day deadlines, computed on assignment
	due TEXT,
	signed_on TEXT,
	replied_on TEXT,
	closed_on TEXT,
	reply TEXT NOT NULL DEFAULT '',        -- the published reply to the complainant
	satisfied INTEGER CHECK (satisfied IN (0, 1)),  -- 回访 result
	reopen_count INTEGER NOT NULL DEFAULT 0,
	escalated INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
	duplicate_of INTEGER REFERENCES cases(id),
	finding TEXT CHECK (finding IN ('substantiated', 'partly', 'unsubstantiated')),
	finding_on TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX cases_unit ON cases(unit_id, received_on);
CREATE INDEX cases_handling ON cases(handling_unit_id, state);
CREATE INDEX cases_person ON cases(person_id);
CREATE INDEX cases_state_due ON cases(state, due);

-- Case categories: the style problems a complaint can be about. veto marks the categories
-- whose substantiated cases veto a promotion (R4).
CREATE TABLE case_categories (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	veto INTEGER NOT NULL DEFAULT 0 CHECK (veto IN (0, 1)),
	active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO case_categories(code, name, veto) VALUES
	('attitude', '服务态度差', 0),
	('absence', '脱岗离岗', 0),
	('dereliction', '不作为慢作为', 0),
	('abuse', '乱作为滥用职权', 1),
	('dining', '公款吃喝', 1),
	('gifts', '收受礼品礼金', 1),
	('efficiency', '办事效率低', 0),
	('discipline', '违反工作纪律', 0),
	('other', '其他作风问题', 0);

-- The complainant, apart from the case: name, phone and any ID number sealed together as
-- SM4 ciphertext with an HMAC-SM3 tag, under a key kept outside the database. Readable by
-- the inspector role only.
CREATE TABLE complainants (
	case_id INTEGER PRIMARY KEY REFERENCES cases(id),
	sealed BLOB NOT NULL
);

-- Who a finding holds responsible: directly ('direct'), or as a leader whose weak
-- supervision let it happen ('leader', S4). Proposed by the system, confirmed by an inspector.
CREATE TABLE case_people (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	kind TEXT NOT NULL CHECK (kind IN ('direct', 'leader')),
	confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
	UNIQUE (case_id, person_id, kind)
);
CREATE INDEX case_people_person ON case_people(person_id);

-- The sanctions catalogue (R5), maintained by the office. Each measure carries its
-- consequences: points deducted from the unit's evaluation (they become the round's
-- adjustments), loss of the person's / the unit's excellence eligibility for the year, loss
-- of the year-end bonus, a promotion ban in months, a staffing freeze in months, a veto.
-- level: 'person' measures apply to a cadre, 'unit' measures to a unit.
CREATE TABLE sanction_measures (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	tier INTEGER NOT NULL CHECK (tier BETWEEN 1 AND 5),
	level TEXT NOT NULL DEFAULT 'person' CHECK (level IN ('person', 'unit')),
	points REAL NOT NULL DEFAULT 0 CHECK (points >= 0),
	person_no_excellent INTEGER NOT NULL DEFAULT 0 CHECK (person_no_excellent IN (0, 1)),
	unit_no_excellent INTEGER NOT NULL DEFAULT 0 CHECK (unit_no_excellent IN (0, 1)),
	no_bonus INTEGER NOT NULL DEFAULT 0 CHECK (no_bonus IN (0, 1)),
	promotion_ban_months INTEGER NOT NULL DEFAULT 0 CHECK (promotion_ban_months >= 0),
	staffing_freeze_months INTEGER NOT NULL DEFAULT 0 CHECK (staffing_freeze_months >= 0),
	veto INTEGER NOT NULL DEFAULT 0 CHECK (veto IN (0, 1)),
	active INTEGER NOT NULL DEFAULT 1
);
-- R5's measures in their tiers: 1 education and criticism, 2 organisational handling,
-- 3 benefits, 4 unit level, 5 transfer to judicial organs.
INSERT INTO sanction_measures(code, name, tier, level, points, person_no_excellent,
		unit_no_excellent, no_bonus, promotion_ban_months, staffing_freeze_months, veto) VALUES
	('criticism', '批评教育', 1, 'person', 0.5, 0, 0, 0, 0, 0, 0),
	('self_criticism', '责令检讨', 1, 'person', 0.5, 0, 0, 0, 0, 0, 0),
	('public_commitment', '公开承诺', 1, 'person', 0.5, 0, 0, 0, 0, 0, 0),
	('admonishment', '诫勉谈话', 1, 'person', 1, 1, 0, 0, 6, 0, 0),
	('circulated_criticism', '通报批评', 1, 'person', 2, 1, 0, 0, 6, 0, 0),
	('suspension', '停职检查', 2, 'person', 3, 1, 0, 1, 12, 0, 0),
	('transfer', '调离岗位', 2, 'person', 3, 1, 0, 1, 12, 0, 0),
	('ordered_resignation', '责令辞职', 2, 'person', 4, 1, 0, 1, 12, 0, 0),
	('removal', '免职', 2, 'person', 4, 1, 0, 1, 12, 0, 0),
	('dismissal', '辞退', 2, 'person', 5, 1, 0, 1, 24, 0, 0),
	('cancel_awards', '取消奖励', 3, 'person', 1, 1, 0, 0, 0, 0, 0),
	('cancel_excellence', '取消单位和个人年度评先评优资格', 3, 'unit', 2, 1, 1, 0, 0, 0, 0),
	('cancel_bonus', '取消年终一次性奖励', 3, 'person', 1, 0, 0, 1, 0, 0, 0),
	('staffing_freeze', '停止增人增编', 4, 'unit', 3, 0, 1, 0, 0, 12, 0),
	('judicial_transfer', '移送司法机关', 5, 'person', 10, 1, 1, 1, 60, 0, 1);

-- The veto registry (一票否决): every veto item has its legal basis and an expiry, so vetoes
-- cannot multiply unchecked. A veto measure applies through one of these items.
CREATE TABLE veto_items (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	basis TEXT NOT NULL CHECK (basis <> ''),
	expires_on TEXT,                       -- NULL: until the registry is revised
	active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO veto_items(code, name, basis, expires_on) VALUES
	('serious_style', '发生严重作风问题被移送司法机关',
		'《区机关作风明察暗访工作暂行办法》情节严重的移送司法机关依法处理', NULL);

-- A sanction as decided: on a person (and through it the person's unit) or on a unit, from
-- a case or from an evaluation result. decided_by is the account; authority_unit_id the body
-- that holds management authority over the cadre (干部管理权限), checked at decision time.
-- promotion_ban_until and freeze_until are computed from the measure when decided.
-- round_id / adjustment_id: the evaluation round the deduction went into, when it did.
CREATE TABLE sanctions (
	id INTEGER PRIMARY KEY,
	measure_id INTEGER NOT NULL REFERENCES sanction_measures(id),
	person_id INTEGER REFERENCES people(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	case_id INTEGER REFERENCES cases(id),
	veto_item_id INTEGER REFERENCES veto_items(id),
	decided_on TEXT NOT NULL,
	basis TEXT NOT NULL CHECK (basis <> ''),
	decided_by INTEGER NOT NULL REFERENCES users(id),
	authority_unit_id INTEGER REFERENCES units(id),
	promotion_ban_until TEXT,
	freeze_until TEXT,
	round_id INTEGER REFERENCES rounds(id),
	adjustment_id INTEGER REFERENCES adjustments(id),
	revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
	revoke_reason TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL
);
CREATE INDEX sanctions_person ON sanctions(person_id, decided_on);
CREATE INDEX sanctions_unit ON sanctions(unit_id, decided_on);
CREATE INDEX sanctions_case ON sanctions(case_id);
