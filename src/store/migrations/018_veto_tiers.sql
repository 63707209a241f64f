-- 018_veto_tiers.sql: the veto rule 两年内受到组织处理或更重处理 counted every sanction of
-- tier 2 or above, and so also tier 3 (取消奖励, 取消年终一次性奖励: lighter measures that R5
-- lists after organisational handling) and tier 4 (a unit's staffing freeze). A sanction_tier
-- rule now names its tiers; the rule as first installed becomes tiers 2 (organisational
-- handling) and 5 (transfer to judicial organs, the heavier). A rule the office has set
-- otherwise is left as it is: min_tier N still means every tier from N up.
UPDATE veto_rules
SET params = '{"months":24,"tiers":[2,5]}',
	updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE code = 'org_handling_2y' AND kind = 'sanction_tier'
	AND json(params) = json('{"min_tier":2,"months":24}');
