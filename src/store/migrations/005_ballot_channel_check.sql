-- 005_ballot_channel_check.sql: ballots.channel's CHECK as a chain of comparisons. SQLite
-- evaluates an IN list inside a CHECK by building a temporary index for every row inserted,
-- which cost a third of the writing of a ballot; the comparisons cost next to nothing and
-- allow exactly the same values.
CREATE TABLE ballots_new (
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	grp INTEGER NOT NULL,
	id INTEGER NOT NULL,
	channel TEXT NOT NULL CHECK (channel = 'network' OR channel = 'meeting'
		OR channel = 'mutual' OR channel = 'letter'),
	rater_unit_id INTEGER REFERENCES units(id),
	day TEXT NOT NULL,
	ratings BLOB NOT NULL,
	PRIMARY KEY (round_id, unit_id, grp, id)
) WITHOUT ROWID;
INSERT INTO ballots_new(round_id, unit_id, grp, id, channel, rater_unit_id, day, ratings)
	SELECT round_id, unit_id, grp, id, channel, rater_unit_id, day, ratings FROM ballots;
DROP TABLE ballots;
ALTER TABLE ballots_new RENAME TO ballots;
