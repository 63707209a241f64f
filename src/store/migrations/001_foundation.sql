-- 001_foundation.sql: accounts, sessions, security policy, the audit and login logs, and the
-- organisation (categories, units, people, leadership teams, oversight).
-- Times that are compared are stored as integer epoch seconds; times shown are ISO 8601 text.

CREATE TABLE security_policy (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO security_policy(key, value) VALUES
	('pw_min_length', '8'),
	('pw_min_classes', '3'),
	('pw_max_age_days', '90'),
	('lock_threshold', '5'),
	('lock_minutes', '15'),
	('idle_minutes', '15'),
	('addr_fail_limit', '20'),
	('addr_fail_window_minutes', '15'),
	('allow_list', '');

-- Append-only, SM3 hash-chained. Triggers refuse any change and any deletion younger than
-- the 180 days that 等保2.0 asks logs to be kept.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	addr TEXT NOT NULL,
	action TEXT NOT NULL,
	entity TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	result TEXT NOT NULL,
	changes TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
-- The newest entry, written in the same transaction: cutting entries off the end of the
-- chain leaves the head pointing past it.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	last_id INTEGER NOT NULL,
	last_hash TEXT NOT NULL
);
INSERT INTO audit_head(id, last_id, last_hash) VALUES (1, 0, '');
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit log entries cannot be changed');
END;
CREATE TRIGGER audit_log_keep_180_days BEFORE DELETE ON audit_log
WHEN old.at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-180 days')
BEGIN
	SELECT RAISE(ABORT, 'audit log entries younger than 180 days cannot be deleted');
END;

CREATE TABLE login_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	at_epoch INTEGER NOT NULL,
	username TEXT NOT NULL,
	addr TEXT NOT NULL,
	result TEXT NOT NULL   -- ok, bad_password, unknown_user, locked, throttled, inactive, denied_address
);
CREATE INDEX login_log_addr ON login_log(addr, at_epoch);
CREATE INDEX login_log_user ON login_log(username, at_epoch);
CREATE TRIGGER login_log_no_update BEFORE UPDATE ON login_log
BEGIN
	SELECT RAISE(ABORT, 'login log entries cannot be changed');
END;
CREATE TRIGGER login_log_keep_180_days BEFORE DELETE ON login_log
WHEN old.at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-180 days')
BEGIN
	SELECT RAISE(ABORT, 'login log entries younger than 180 days cannot be deleted');
END;

CREATE TABLE categories (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL DEFAULT 'dept' CHECK (kind IN ('township', 'dept', 'other')),
	active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE units (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	category_id INTEGER REFERENCES categories(id),
	parent_id INTEGER REFERENCES units(id),
	active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_category ON units(category_id);

CREATE TABLE people (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	gender TEXT NOT NULL CHECK (gender IN ('M', 'F')),
	birth_date TEXT,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	rank TEXT NOT NULL,
	post TEXT NOT NULL DEFAULT '',
	appointed_on TEXT,
	managed_by INTEGER REFERENCES units(id),   -- the body with management authority (干部管理权限)
	active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_unit ON people(unit_id);

-- Leadership team (领导班子): one main leader (第一责任人) per unit; areas are what each
-- member oversees inside the unit (一岗双责), separated by '、' or ','.
CREATE TABLE team_members (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	role TEXT NOT NULL CHECK (role IN ('main', 'deputy', 'member')),
	title TEXT NOT NULL DEFAULT '',
	areas TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	UNIQUE (unit_id, person_id)
);
CREATE UNIQUE INDEX team_one_main ON team_members(unit_id) WHERE role = 'main' AND active = 1;

-- Oversight (分管): a leader answers for a unit, or for an area across units.
CREATE TABLE oversight (
	id INTEGER PRIMARY KEY,
	leader_id INTEGER NOT NULL REFERENCES people(id),
	unit_id INTEGER REFERENCES units(id),
	area TEXT NOT NULL DEFAULT '',
	active INTEGER NOT NULL DEFAULT 1,
	CHECK (unit_id IS NOT NULL OR area <> '')
);
CREATE INDEX oversight_unit ON oversight(unit_id);
CREATE INDEX oversight_leader ON oversight(leader_id);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	display_name TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN ('office', 'inspector', 'unit_leader', 'unit_staff',
		'supervisor', 'viewer', 'sysadmin', 'secadmin', 'auditor')),
	unit_id INTEGER REFERENCES units(id),
	person_id INTEGER REFERENCES people(id),
	pw_hash TEXT NOT NULL,
	pw_changed_at INTEGER NOT NULL,
	must_change INTEGER NOT NULL DEFAULT 1,
	demo_password INTEGER NOT NULL DEFAULT 0,
	failed_count INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	csrf TEXT NOT NULL,
	addr TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
