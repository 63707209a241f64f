-- 004_eval_more.sql: the indicator library (V1) and the accountability proposals that the
-- worst unit of each category produces for its main leader (V7).

-- V1: the five common indicators and the twelve category-specific ones a round picks from,
-- each with what the evaluators judge under it. A round's configuration carries its own
-- codes, names and weights per category; the library is the catalogue they come from.
CREATE TABLE indicators (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('common', 'specific')),
	description TEXT NOT NULL,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
INSERT INTO indicators(code, name, kind, description, created_at, updated_at) VALUES
	('sixiang', '思想作风', 'common',
	 '解放思想、实事求是，坚持原则、敢于担当，执行上级决策部署不打折扣、不搞变通', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('fuwu', '服务大局', 'common',
	 '围绕全区中心工作谋划和推进本单位工作，顾全大局、协作配合，不推诿扯皮', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('huanjing', '优化环境', 'common',
	 '为企业和群众办事不设障碍，不吃拿卡要，不乱收费、乱检查、乱罚款，营造良好发展环境', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('xiaoneng', '行政效能', 'common',
	 '办事程序简便、时限明确，按时办结，不拖延、不敷衍，首问负责和限时办结落实到位', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('lianjie', '廉洁从政', 'common',
	 '严守廉洁自律各项规定，不以权谋私、不收受礼金，公务接待和公车使用规范', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('xuexi', '学习风气', 'specific',
	 '坚持集体学习和个人自学，学习有记录、有体会，学以致用，干部业务能力有提升', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('lingdao', '领导水平', 'specific',
	 '领导班子团结协调，科学决策、民主决策，驾驭全局、解决复杂问题的能力强', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('weimin', '为民意识', 'specific',
	 '心系群众、贴近群众，及时解决群众反映的困难和问题，群众诉求件件有回音', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('zunzhang', '遵章守纪', 'specific',
	 '严格遵守工作纪律和考勤制度，不迟到早退、不擅离岗位，上班时间不做与工作无关的事', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('jingshen', '精神风貌', 'specific',
	 '干部精神饱满、积极向上，敬业奉献，干事创业的热情高，无庸懒散现象', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('taidu', '服务态度', 'specific',
	 '接待群众热情周到、文明用语，耐心解释政策，不冷硬横推、不门难进脸难看事难办', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('xingxiang', '公众形象', 'specific',
	 '单位和干部在群众中的口碑和社会形象良好，仪容举止得体，无损害形象的行为', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('gongzuo', '工作效能', 'specific',
	 '工作目标明确、措施有力，各项工作推进快、质量高、效果好', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('qingzheng', '清正廉洁', 'specific',
	 '办事公道、清正廉明，落实党风廉政建设责任制，无违规违纪问题', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('lvzhi', '履职尽责', 'specific',
	 '认真履行岗位职责，依法行政、规范执法，不失职渎职、不乱作为', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('zhizheng', '执政能力', 'specific',
	 '乡镇班子推动发展、服务群众、维护稳定的能力，依法执政和应对突发事件的能力', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
	('renwu', '任务完成情况', 'specific',
	 '年度目标任务和上级交办的重点工作按时按质完成情况', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');

-- V7: one accountability proposal per (round, unit): the worst unit of a category, the
-- person it names (the main leader from the responsibility chain, or when the unit has
-- none, the next person in the chain), the ranking figures it rests on, and the office's
-- decision. Regenerating updates the row; nothing is deleted.
CREATE TABLE proposals (
	id INTEGER PRIMARY KEY,
	round_id INTEGER NOT NULL REFERENCES rounds(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	category TEXT NOT NULL,
	person_id INTEGER REFERENCES people(id),  -- NULL: nobody in the chain
	relation TEXT NOT NULL DEFAULT '',         -- the person's relation in the chain
	relation_zh TEXT NOT NULL DEFAULT '',
	main_leader_missing INTEGER NOT NULL DEFAULT 0 CHECK (main_leader_missing IN (0, 1)),
	rank INTEGER NOT NULL,
	ranked INTEGER NOT NULL,                   -- ranked units of the category
	total REAL,
	p_last REAL,                               -- NULL when the round skips the bootstrap
	rank_lo INTEGER NOT NULL,
	rank_hi INTEGER NOT NULL,
	needs_review INTEGER NOT NULL CHECK (needs_review IN (0, 1)),
	status TEXT NOT NULL DEFAULT 'proposed'
		CHECK (status IN ('proposed', 'confirmed', 'dismissed', 'superseded')),
	measure TEXT CHECK (measure IS NULL OR measure IN ('admonishment_talk',
		'organisational_adjustment')),
	note TEXT NOT NULL DEFAULT '',             -- the office's note on confirming
	reason TEXT NOT NULL DEFAULT '',           -- why it was dismissed
	decided_by TEXT NOT NULL DEFAULT '',
	decided_at TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	UNIQUE (round_id, unit_id)
);
