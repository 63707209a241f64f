-- 010_respons.sql: the responsibility system's records (R1-R4): the veto rules of cadre
-- selection (一票否决) with their legal basis, nominations with the inspector's assessment
-- of the candidate's attitude to style and own style (R3), every vetting and the snapshot
-- of what it saw, the supervising leader's signature on a cleared recommendation, and the
-- joint-liability flags (连带责任) that a later finding against the promoted cadre raises.
-- Dates are ISO 8601 'YYYY-MM-DD' text.

-- Settings of the room (key, value), e.g. the default joint-liability period in months.
CREATE TABLE respons_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO respons_settings(key, value) VALUES ('liability_months', '24');

-- A veto rule: what it checks (kind), how (params, a JSON object whose keys depend on the
-- kind), and the document it rests on (basis). Vetting applies every active rule.
CREATE TABLE veto_rules (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('promotion_ban', 'sanction_tier', 'veto_case',
		'education_owed', 'assessment')),
	params TEXT NOT NULL DEFAULT '{}',
	basis TEXT NOT NULL CHECK (basis <> ''),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
INSERT INTO veto_rules(code, name, kind, params, basis, active, created_at, updated_at) VALUES
	('promotion_ban', '处于影响期（禁止提拔期）内', 'promotion_ban', '{}',
		'区干部作风建设责任制（选拔任用）：杜绝作风不好的干部得到提拔重用；按干部管理权限作出的处理所定禁止提拔期内，不得提拔',
		1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('org_handling_2y', '两年内受到组织处理或更重处理', 'sanction_tier',
		'{"min_tier": 2, "months": 24}',
		'《区机关作风明察暗访工作暂行办法》：组织处理（停职检查、调离岗位、责令辞职、免职、辞退）；区干部作风建设责任制：作风表现不好的干部一律否决',
		1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('veto_case_3y', '三年内有查实的一票否决类作风问题', 'veto_case',
		'{"months": 36, "findings": ["substantiated", "partly"]}',
		'区干部作风建设责任制（选拔任用）：注重考察干部在原有单位作风表现情况，作风表现不好的干部一律否决',
		1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('education_owed', '应修教育培训未完成', 'education_owed', '{"max_owed": 0}',
		'区干部作风教育机制：新任职干部须经任前廉政谈话和任职培训，应修教育未完成的暂缓任用',
		0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('assessment_poor', '考察中对作风的态度和本人作风评价为差', 'assessment',
		'{"grades": ["差"]}',
		'区干部作风建设责任制：把领导干部对待作风建设的态度和自身作风状况列入考察内容；作风表现不好的干部一律否决',
		1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');

-- A nomination for promotion (R4): the candidate, the post and rank proposed, the unit that
-- nominates, the supervising leader proposed to sign, and the inspector's assessment (R3).
-- state: pending (not vetted yet), cleared / vetted (the last vetting's outcome), signed.
CREATE TABLE nominations (
	id INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),            -- the candidate's unit when nominated
	nominating_unit_id INTEGER NOT NULL REFERENCES units(id),
	proposed_post TEXT NOT NULL CHECK (proposed_post <> ''),
	proposed_rank TEXT NOT NULL,
	nominated_on TEXT NOT NULL,
	supervisor_id INTEGER REFERENCES people(id),              -- the leader who is to sign
	liability_months INTEGER NOT NULL CHECK (liability_months > 0),
	state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'cleared', 'vetoed',
		'signed')),
	assessment_grade TEXT CHECK (assessment_grade IN ('好', '较好', '一般', '差')),
	assessment_text TEXT NOT NULL DEFAULT '',
	assessed_on TEXT,
	assessed_by INTEGER REFERENCES users(id),
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX nominations_person ON nominations(person_id);
CREATE INDEX nominations_unit ON nominations(unit_id);

-- Every vetting of a nomination: its outcome, the date it was judged as of, and the snapshot
-- of the style record and of each rule's verdict with the records that triggered it.
CREATE TABLE vettings (
	id INTEGER PRIMARY KEY,
	nomination_id INTEGER NOT NULL REFERENCES nominations(id),
	outcome TEXT NOT NULL CHECK (outcome IN ('cleared', 'vetoed')),
	as_of TEXT NOT NULL,
	snapshot TEXT NOT NULL,
	vetted_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL
);
CREATE INDEX vettings_nomination ON vettings(nomination_id);

-- The supervising leader's signature on a cleared recommendation, and the joint-liability
-- period it opens: [signed_on, liability_until], both days included.
CREATE TABLE nomination_signatures (
	id INTEGER PRIMARY KEY,
	nomination_id INTEGER NOT NULL UNIQUE REFERENCES nominations(id),
	signer_id INTEGER NOT NULL REFERENCES people(id),
	user_id INTEGER REFERENCES users(id),
	signed_on TEXT NOT NULL,
	text TEXT NOT NULL CHECK (text <> ''),
	liability_until TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX signatures_signer ON nomination_signatures(signer_id);

-- A joint-liability flag: the promoted cadre got a substantiated case or a sanction within
-- the signer's liability period. One flag per signature and triggering record.
CREATE TABLE liability_flags (
	id INTEGER PRIMARY KEY,
	signature_id INTEGER NOT NULL REFERENCES nomination_signatures(id),
	nomination_id INTEGER NOT NULL REFERENCES nominations(id),
	signer_id INTEGER NOT NULL REFERENCES people(id),
	person_id INTEGER NOT NULL REFERENCES people(id),
	source TEXT NOT NULL CHECK (source IN ('case', 'sanction')),
	source_id INTEGER NOT NULL,
	source_on TEXT NOT NULL,
	flagged_on TEXT NOT NULL,
	created_at TEXT NOT NULL,
	UNIQUE (signature_id, source, source_id)
);
CREATE INDEX liability_flags_signer ON liability_flags(signer_id);
CREATE INDEX liability_flags_person ON liability_flags(person_id);
