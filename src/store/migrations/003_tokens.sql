-- 003_tokens.sql: ballot tokens (network and letter channels), the units each covers, the
-- receipts voters may ask for, and who has cast the mutual evaluation with an account.
-- Nothing here links a ballot to a token, a voter or a time: a token is kept only as a hash
-- with a used flag (no time of use), a receipt only as a hash with its round and day, and the
-- mutual-evaluation register only says that an account has voted, never what or when.

-- One row per token: the BLAKE2b-256 hash (crypto_generichash) of its normalized text, the
-- group it votes in (position in the round's configuration, like ballots.grp), the channel
-- its ballots are recorded under, and for a mutual group the unit that rates.
CREATE TABLE tokens (
	hash BLOB NOT NULL PRIMARY KEY,
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	grp INTEGER NOT NULL,
	channel TEXT NOT NULL CHECK (channel IN ('network', 'letter')),
	rater_unit_id INTEGER REFERENCES units(id),
	used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
) WITHOUT ROWID;

-- The units a token's holder evaluates.
CREATE TABLE token_units (
	token_hash BLOB NOT NULL REFERENCES tokens(hash),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	PRIMARY KEY (token_hash, unit_id)
) WITHOUT ROWID;

-- Receipts: the hash of a random code given to a voter who asked for one. Unlinked from the
-- ballots: no ballot id, no unit, no token; keyed by hash so the order reveals nothing.
CREATE TABLE receipts (
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	hash BLOB NOT NULL,
	day TEXT NOT NULL,
	PRIMARY KEY (round_id, hash)
) WITHOUT ROWID;

-- Accounts that have cast their mutual evaluation in a round (once each). The ballots
-- themselves carry only the rater unit.
CREATE TABLE mutual_voters (
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	PRIMARY KEY (round_id, user_id)
) WITHOUT ROWID;
