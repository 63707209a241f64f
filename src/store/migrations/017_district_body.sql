-- 017_district_body.sql: units that are the district's own organs (区纪委监委, 区委组织部...).
-- Their inspector and office accounts act for the district, as an account with no unit does:
-- the district's discipline inspectors sit in the 纪委 unit, not above the tree.
ALTER TABLE units ADD COLUMN district_body INTEGER NOT NULL DEFAULT 0
	CHECK (district_body IN (0, 1));
