/* demo_educate.c: the education part of `zuofeng demo` (demo_educate.h): a year of the
 * education mechanism in the demo district, written through educate.h like an office would,
 * every decision drawn from the seed so the same seed gives the same year. */
#include "educate/demo_educate.h"
#include "educate/educate_impl.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POST80 "\"born_from\":\"1980-01-01\",\"born_to\":\"1989-12-31\""

struct demo {
	struct store *s;
	const struct actor *who;
	struct zf_err *err;
	struct educate_prng g;
	struct edu_people ppl;
	struct educate_demo_stats st;
	uint64_t seed;
};

static int programme(struct demo *d, const char *code, const char *name, const char *kind,
		     const char *rule, double hours, int sessions, const char *unit,
		     const char *desc)
{
	json_t *r = json_loads(rule, 0, NULL);
	if (!r)
		return zf_err_set(d->err, ZF_EINTERNAL, NULL, "demo rule %s", rule);
	struct educate_programme p = {.code = code,
				      .name = name,
				      .kind = kind,
				      .rule = r,
				      .required_hours = hours,
				      .required_sessions = sessions,
				      .unit = unit,
				      .description = desc};
	int rc = educate_programme_create(d->s, d->who, &p, d->err);
	json_decref(r);
	d->st.programmes += rc == 0;
	return rc;
}

/* A status drawn so that present p%, late 8%, excused 7%, the rest absent. */
static const char *status(struct demo *d, int present)
{
	int r = (int)educate_prng_uniform(&d->g, 100);
	if (r < present)
		return "present";
	if (r < present + 8)
		return "late";
	if (r < present + 15)
		return "excused";
	return "absent";
}

/*
 * A session of programme on date, with speakers (a JSON array of codes, borrowed, or NULL)
 * and the attendance of every target of rule (parsed): each present with probability
 * `present` percent, speakers always present. *id gets the session's id.
 */
static int session(struct demo *d, const char *prog, const char *date, const char *title,
		   const char *topic, double hours, const char *unit, json_t *speakers,
		   const char *rule_json, int present, int64_t *id)
{
	struct educate_session ss = {.programme = prog,
				     .held_on = date,
				     .title = title,
				     .topic = topic,
				     .credit_hours = hours,
				     .unit = unit,
				     .speakers = speakers,
				     .place = unit ? "镇党校教室" : "区委党校报告厅"};
	int64_t sid = 0;
	int rc = educate_session_create(d->s, d->who, &ss, &sid, d->err);
	if (rc < 0)
		return rc;
	d->st.sessions++;
	json_t *rj = json_loads(rule_json, 0, NULL), *items = json_array();
	struct edu_rule r;
	edu_rule_parse(rj, &r);
	for (size_t i = 0; i < d->ppl.n; i++) {
		const struct edu_person *p = &d->ppl.v[i];
		if (!edu_rule_match(&r, p, date))
			continue;
		bool speaker = false;
		size_t k;
		json_t *sp;
		json_array_foreach(speakers, k, sp) speaker =
		    speaker || !strcmp(json_string_value(sp), p->code);
		if (speaker)
			continue;
		json_array_append_new(
		    items, json_pack("{s:s,s:s}", "person", p->code, "status", status(d, present)));
	}
	edu_rule_cleanup(&r);
	json_decref(rj);
	int n = 0;
	if (json_array_size(items))
		rc = educate_attendance_set(d->s, d->who, sid, items, 0, &n, d->err);
	json_decref(items);
	d->st.attendance += n + (int)json_array_size(speakers);
	if (rc == 0 && id)
		*id = sid;
	return rc;
}

/* Draws count speakers of prog on date; *codes gets them as a JSON array. */
static int draw(struct demo *d, const char *prog, int count, const char *date, json_t **codes)
{
	char seed[24];
	json_t *res = NULL, *p;
	size_t i;
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)(d->seed * 1000 + d->st.draws));
	int rc = edu_pick_on(d->s, d->who, prog, count, seed, date, &d->ppl, &res, d->err);
	if (rc < 0)
		return rc;
	d->st.draws++;
	*codes = json_array();
	json_array_foreach(json_object_get(res, "picks"), i, p)
	    json_array_append(*codes, json_object_get(json_object_get(p, "person"), "code"));
	json_decref(res);
	return 0;
}

/* Every four weeks from January 8th: the lecture halls' and the meetings' days. */
static const char *const monthly[] = {"2026-01-08", "2026-02-05", "2026-03-05", "2026-04-02",
				      "2026-04-30", "2026-05-28", "2026-06-25", "2026-07-23",
				      "2026-08-20", "2026-09-17", "2026-10-15", "2026-11-12"};
static const char *const topics[] = {"work_style", "ethics",	       "party_spirit",
				     "leadership", "foreign_language", "mental_health",
				     "discussion", "communication",    "integrity",
				     "documents",  "work_style",       "party_spirit"};

static int lecture_halls(struct demo *d)
{
	static const char *const titles[] = {
	    "我身边的作风故事", "服务群众的一天",   "廉洁从政再认识",	"基层治理的方法",
	    "学一点外语",	"压力与调适",	    "专题研讨：慢作为", "怎样和群众说话",
	    "算好廉政账",	"学习区委作风文件", "在岗位上担当",	"党性修养与作风"};
	int rc = 0;
	for (int t = 1; t <= 9 && rc == 0; t++) {
		char code[16], unit[8], rule[160], name[64];
		snprintf(unit, sizeof unit, "T%02d", t);
		snprintf(code, sizeof code, "LH-%s", unit);
		snprintf(rule, sizeof rule, "{" POST80 ",\"units\":[\"%s\"]}", unit);
		struct stmt *st =
		    store_prepare(d->s, "SELECT name FROM units WHERE code = ?", d->err);
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_text(st, 1, unit);
		snprintf(name, sizeof name, "%s讲堂（80后干部）",
			 stmt_step(st, d->err) == STORE_ROW ? stmt_text(st, 0) : unit);
		stmt_reset(st);
		rc = programme(d, code, name, "lecture_hall", rule, 0, 10, unit,
			       "每周一次（演示数据每四周一次），随机抽选干部登台主讲");
		for (size_t k = 0; k < ARRAY_LEN(monthly) && rc == 0; k++) {
			json_t *spk = NULL;
			if ((rc = draw(d, code, 2, monthly[k], &spk)) < 0)
				break;
			rc = session(d, code, monthly[k], titles[k], topics[k], 2, unit, spk, rule,
				     82, NULL);
			json_decref(spk);
		}
	}
	return rc;
}

static int party_school(struct demo *d)
{
	static const char *const days[] = {"2026-03-14", "2026-04-11", "2026-05-16", "2026-06-13",
					   "2026-07-11", "2026-09-12", "2026-10-17", "2026-11-14"};
	static const char *const titles[] = {"作风建设专题", "职业道德修养", "党性教育",
					     "领导艺术",     "实用英语",     "心理健康讲座",
					     "专题研讨",     "语言沟通技巧"};
	static const char *const tp[] = {"work_style", "ethics",	   "party_spirit",
					 "leadership", "foreign_language", "mental_health",
					 "discussion", "communication"};
	const char *rule = "{" POST80 "}";
	int rc = programme(d, "PS-2026", "党校周末班（80后干部）", "party_school", rule, 16, 0,
			   NULL, "每年不少于16学时，课程覆盖作风、职业道德、党性、领导艺术等专题");
	for (size_t k = 0; k < ARRAY_LEN(days) && rc == 0; k++)
		rc =
		    session(d, "PS-2026", days[k], titles[k], tp[k], 4, NULL, NULL, rule, 55, NULL);
	return rc;
}

static int closed_study_and_ethics(struct demo *d)
{
	const char *cs = "{\"rank_min\":\"副科\"}", *eth = "{\"agency\":true}";
	int rc = programme(d, "CS-2026", "副科级以上干部封闭学习", "closed_study", cs, 16, 0, NULL,
			   "每年一次封闭式学习，16学时");
	if (rc == 0)
		rc = session(d, "CS-2026", "2026-05-20", "井冈山封闭学习班", "party_spirit", 16,
			     NULL, NULL, cs, 85, NULL);
	if (rc == 0)
		rc = session(d, "CS-2026", "2026-10-21", "延安封闭学习班", "party_spirit", 16, NULL,
			     NULL, cs, 70, NULL);
	if (rc == 0)
		rc = programme(d, "ETH-2026", "区直机关职业道德教育和自查自纠", "ethics", eth, 6, 0,
			       NULL, "区直单位干部职业道德教育，开展自查自纠");
	static const char *const days[] = {"2026-04-22", "2026-07-15", "2026-10-28"};
	static const char *const titles[] = {"职业道德教育报告会", "岗位廉政风险自查",
					     "自查自纠整改交流"};
	for (int k = 0; k < 3 && rc == 0; k++)
		rc = session(d, "ETH-2026", days[k], titles[k], "ethics", 2, NULL, NULL, eth, 80,
			     NULL);
	return rc;
}

static int meetings(struct demo *d)
{
	const char *rule = "{\"units\":[\"QU\",\"T01\"]}";
	int rc =
	    programme(d, "MEET-2026", "周例会学习（区委区政府、罗坊镇）", "meeting_study", rule, 0,
		      10, NULL, "周例会学习省市区作风文件，领导讲作风，随机抽选干部汇报");
	for (size_t k = 0; k < ARRAY_LEN(monthly) && rc == 0; k++) {
		json_t *spk = NULL;
		if ((rc = draw(d, "MEET-2026", 3, monthly[k], &spk)) < 0)
			break;
		rc = session(d, "MEET-2026", monthly[k], "学习作风建设文件", "documents", 1, NULL,
			     spk, rule, 88, NULL);
		json_decref(spk);
	}
	return rc;
}

/* Reading (E6), commitments (E7) and family education (E5) of deputy-section and above. */
static int records(struct demo *d)
{
	static const struct educate_reading_item items[] = {
	    {"RD-01", "《人民日报》评论员文章选读", "party_paper", ""},
	    {"RD-02", "中央八项规定及其实施细则", "policy", ""},
	    {"RD-03", "中国共产党廉洁自律准则", "integrity_code", ""},
	    {"RD-04", "区委关于加强干部作风建设的通知", "district_notice", ""},
	    {"RD-05", "区作风建设明察暗访办法", "inspection_measures", ""},
	    {"RD-06", "行政执法人员行为规范", "law_enforcement", ""},
	    {"RD-07", "《论语》选读", "traditional_culture", ""},
	};
	static const char *const relations[] = {"配偶", "子女", "父母"};
	static const char *const pledges[] = {
	    "严守纪律规矩，改进工作作风，做到为民务实清廉。",
	    "带头落实八项规定精神，不吃请、不收礼，接受群众监督。",
	    "立足岗位办实事，不推诿、不拖延，群众满意为标准。"};
	const char *lead = "{\"rank_min\":\"副科\"}";
	int rc = programme(d, "READ-2026", "读书活动", "reading", lead, 0, 3, NULL,
			   "每人每年至少读完书目中3种");
	if (rc == 0)
		rc = programme(d, "PUB-2026", "作风建设宣传月与表态", "publicity", lead, 0, 1, NULL,
			       "宣传月期间副科级以上干部书面表态");
	if (rc == 0)
		rc = programme(d, "FAM-2026", "家庭助廉教育", "family",
			       "{\"rank_min\":\"副科\",\"families\":true}", 0, 1, NULL,
			       "领导干部家属参加家庭助廉座谈、签订助廉承诺");
	for (size_t k = 0; k < ARRAY_LEN(items) && rc == 0; k++)
		rc = educate_reading_item_create(d->s, d->who, &items[k], d->err);
	json_t *rj = json_loads(lead, 0, NULL);
	struct edu_rule r;
	edu_rule_parse(rj, &r);
	for (size_t i = 0; i < d->ppl.n && rc == 0; i++) {
		const struct edu_person *p = &d->ppl.v[i];
		if (!edu_rule_match(&r, p, "2026-06-30"))
			continue;
		int nread = (int)educate_prng_uniform(&d->g, 6);
		for (int k = 0; k < nread && rc == 0; k++) {
			char date[16];
			snprintf(date, sizeof date, "2026-%02u-%02u", 2u + (unsigned)k % 5 * 2,
				 1u + educate_prng_uniform(&d->g, 28));
			rc = educate_reading_record(d->s, d->who, p->code, items[k].code, date, "",
						    0, NULL, d->err);
			d->st.reading += rc == 0;
		}
		if (rc == 0 && educate_prng_uniform(&d->g, 100) < 85) {
			rc = educate_commitment_add(
			    d->s, d->who, p->code, "2026-04-10",
			    pledges[educate_prng_uniform(&d->g, ARRAY_LEN(pledges))], "PUB-2026", 0,
			    NULL, d->err);
			d->st.commitments += rc == 0;
		}
		if (rc == 0 && educate_prng_uniform(&d->g, 100) < 70) {
			rc = educate_family_add(
			    d->s, d->who, p->code,
			    relations[educate_prng_uniform(&d->g, ARRAY_LEN(relations))],
			    "家庭助廉座谈会，签订家庭助廉承诺书", "2026-06-18", "", "FAM-2026", 0,
			    NULL, d->err);
			d->st.family += rc == 0;
		}
	}
	edu_rule_cleanup(&r);
	json_decref(rj);
	return rc;
}

/* The code of the last active 一般干部 of unit (by code) into out. */
static int last_plain_cadre(struct demo *d, const char *unit, char out[32])
{
	struct stmt *st = store_prepare(
	    d->s,
	    "SELECT p.code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = ?"
	    " AND p.rank = '一般干部' AND p.active = 1 ORDER BY p.code DESC LIMIT 1",
	    d->err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, unit);
	int rc = stmt_step(st, d->err);
	if (rc == STORE_ROW) {
		snprintf(out, 32, "%s", stmt_text(st, 0));
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(d->err, ZF_EINTERNAL, NULL, "demo: no 一般干部 in %s", unit);
	}
	stmt_reset(st);
	return rc;
}

/* A one-person session of kind's programme for code on date (present). */
static int gate_session(struct demo *d, const char *prog, const char *code, const char *date,
			const char *title, double hours)
{
	int64_t sid = 0;
	struct educate_session ss = {.programme = prog,
				     .held_on = date,
				     .title = title,
				     .topic = "integrity",
				     .credit_hours = hours,
				     .place = "区委组织部"};
	int rc = educate_session_create(d->s, d->who, &ss, &sid, d->err);
	if (rc < 0)
		return rc;
	d->st.sessions++;
	json_t *items = json_pack("[{s:s,s:s}]", "person", code, "status", "present");
	rc = educate_attendance_set(d->s, d->who, sid, items, 0, NULL, d->err);
	json_decref(items);
	d->st.attendance += rc == 0;
	return rc;
}

static int appointments(struct demo *d)
{
	char a[32], b[32], c[32];
	int64_t id1 = 0, id2 = 0, id3 = 0;
	const char *gate_rule = "{\"rank_min\":\"副科\",\"appointed_within_months\":12}";
	int rc = programme(d, "TALK", "任前廉政谈话", "integrity_talk", gate_rule, 0, 1, NULL,
			   "新提任副科级以上干部任前廉政谈话");
	if (rc == 0)
		rc = programme(d, "TRAIN", "任职培训", "appointment_training", gate_rule, 8, 0,
			       NULL, "新提任副科级以上干部任职培训");
	if (rc == 0)
		rc =
		    programme(d, "VTRAIN", "新当选村干部任职培训（含廉政党课）", "village_training",
			      "{\"village\":true,\"appointed_within_months\":12}", 0, 1, NULL,
			      "村“两委”换届后新当选村干部任职培训，含廉政党课");
	if (rc == 0)
		rc = last_plain_cadre(d, "T03", a);
	if (rc == 0)
		rc = last_plain_cadre(d, "T04", b);
	if (rc == 0)
		rc = last_plain_cadre(d, "D07", c);
	/* promotions to section level come under the organisation department (D03) */
	struct educate_appointment ap1 = {a, "副镇长", "副科", "2025-11-24", "D03"};
	struct educate_appointment ap2 = {b, "副镇长", "副科", "2026-10-26", "D03"};
	struct educate_appointment ap3 = {c, "副局长", "正科", "2025-12-01", "D03"};
	if (rc == 0)
		rc = educate_appointment_create(d->s, d->who, &ap1, &id1, d->err);
	if (rc == 0)
		rc = educate_appointment_create(d->s, d->who, &ap2, &id2, d->err);
	if (rc == 0)
		rc = educate_appointment_create(d->s, d->who, &ap3, &id3, d->err);
	/* the first: talk and training on record, then in effect before the year begins */
	if (rc == 0)
		rc = gate_session(d, "TALK", a, "2025-11-27", "任前廉政谈话", 1);
	if (rc == 0)
		rc = gate_session(d, "TRAIN", a, "2025-12-03", "新任职干部培训班", 8);
	if (rc == 0)
		rc = educate_appointment_effect(d->s, d->who, id1, "2025-12-08", d->err);
	/* the second: the talk only; the gate refuses it and it stays pending */
	if (rc == 0)
		rc = gate_session(d, "TALK", b, "2026-10-29", "任前廉政谈话", 1);
	if (rc == 0) {
		struct zf_err e2;
		zf_err_clear(&e2);
		if (educate_appointment_effect(d->s, d->who, id2, "2026-11-02", &e2) !=
		    ZF_ECONFLICT)
			rc = zf_err_set(d->err, ZF_EINTERNAL, NULL,
					"demo: the gate let appointment %lld through",
					(long long)id2);
	}
	/* the third: overridden with a reason */
	if (rc == 0)
		rc = educate_appointment_override(d->s, d->who, id3,
						  "区委常委会议定其立即到岗主持冬季安全生产专项整治"
						  "，任前廉政谈话和任职培训于一个月内补齐",
						  "2025-12-05", d->err);
	if (rc == 0) {
		d->st.appointments = 3;
		d->st.effective = 1;
		d->st.refused = 1;
		d->st.overridden = 1;
	}
	return rc;
}

int educate_demo_create(struct store *s, const struct actor *who, uint64_t seed,
			struct educate_demo_stats *st, struct zf_err *err)
{
	struct demo d;
	memset(&d, 0, sizeof d);
	d.s = s;
	d.who = who;
	d.err = err;
	d.seed = seed;
	if (!store_in_tx(s))
		return zf_err_set(err, ZF_EINTERNAL, NULL, "the demo runs in a transaction");
	educate_prng_init(&d.g, seed);
	int rc = edu_people_load(s, 0, 0, &d.ppl, err);
	if (rc == 0)
		rc = lecture_halls(&d);
	if (rc == 0)
		rc = party_school(&d);
	if (rc == 0)
		rc = closed_study_and_ethics(&d);
	if (rc == 0)
		rc = meetings(&d);
	if (rc == 0)
		rc = records(&d);
	if (rc == 0)
		rc = appointments(&d);
	edu_people_cleanup(&d.ppl);
	if (rc == 0)
		*st = d.st;
	return rc;
}
