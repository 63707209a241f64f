-- 015_tokens_by_issue.sql: tokens in the order they were issued, found through a unique index
-- on the hash, and the units each covers keyed by the token's issue number. Spending a token
-- sets its used flag; with the hash as the table's key that flag lived on a random page, so
-- every ballot rewrote one more random page of the log and of the database, and checking
-- what it covers read another random page. Now the hash index never changes after issue,
-- and the flags and units of tokens issued together (one batch, one group) share pages. The
-- tables still hold nothing that links a token to a ballot, and issue order was never secret
-- (the CSV lists it).
CREATE TABLE tokens_new (
	id INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	grp INTEGER NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('network', 'letter')),
	rater_unit_id INTEGER REFERENCES units(id),
	used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
);
INSERT INTO tokens_new(hash, round_id, grp, channel, rater_unit_id, used)
	SELECT hash, round_id, grp, channel, rater_unit_id, used FROM tokens
	ORDER BY round_id, grp, rater_unit_id, hash;
CREATE TABLE token_units_new (
	token_id INTEGER NOT NULL REFERENCES tokens_new(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (token_id, unit_id)
) WITHOUT ROWID;
INSERT INTO token_units_new(token_id, unit_id)
	SELECT t.id, tu.unit_id FROM token_units tu JOIN tokens_new t ON t.hash = tu.token_hash;
DROP TABLE token_units;
DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;
ALTER TABLE token_units_new RENAME TO token_units;
CREATE INDEX tokens_round ON tokens(round_id, grp);
