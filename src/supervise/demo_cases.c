/* demo_cases.c: a year of realistic supervision cases for `zuofeng demo`, deterministic
 * from the seed: every channel, every state, on-time and late units, a few returned,
 * extended, reopened (three times: escalated), overdue and duplicate cases, with Chinese
 * subjects and named or anonymous complainants. Everything goes through case.h, so the
 * demo's cases carry the same timeline, audit entries and sealing as real ones. */
#include "supervise/demo_cases.h"
#include "supervise/case_impl.h"
#include "base/util.h"
#include "supervise/calendar.h"

#include <stdio.h>
#include <string.h>

struct rng {
	uint64_t s;
};

static unsigned next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 7;
	r->s ^= r->s << 17;
	return (unsigned)(r->s >> 11);
}

static unsigned pick(struct rng *r, unsigned n)
{
	return next(r) % n;
}

static bool chance(struct rng *r, unsigned pct)
{
	return pick(r, 100) < pct;
}

int case_demo_calendar(struct store *s, const struct actor *who, struct zf_err *err)
{
	static const struct {
		const char *day, *kind, *name;
	} days[] = {
	    {"2026-01-01", "holiday", "元旦"},
	    {"2026-01-02", "holiday", "元旦"},
	    {"2026-01-03", "holiday", "元旦"},
	    {"2026-01-04", "workday", "元旦调休上班"},
	    {"2026-02-14", "workday", "春节调休上班"},
	    {"2026-02-15", "holiday", "春节"},
	    {"2026-02-16", "holiday", "春节"},
	    {"2026-02-17", "holiday", "春节"},
	    {"2026-02-18", "holiday", "春节"},
	    {"2026-02-19", "holiday", "春节"},
	    {"2026-02-20", "holiday", "春节"},
	    {"2026-02-21", "holiday", "春节"},
	    {"2026-02-22", "holiday", "春节"},
	    {"2026-02-23", "holiday", "春节"},
	    {"2026-02-28", "workday", "春节调休上班"},
	    {"2026-04-04", "holiday", "清明节"},
	    {"2026-04-05", "holiday", "清明节"},
	    {"2026-04-06", "holiday", "清明节"},
	    {"2026-05-01", "holiday", "劳动节"},
	    {"2026-05-02", "holiday", "劳动节"},
	    {"2026-05-03", "holiday", "劳动节"},
	    {"2026-05-04", "holiday", "劳动节"},
	    {"2026-05-05", "holiday", "劳动节"},
	    {"2026-05-09", "workday", "劳动节调休上班"},
	    {"2026-06-19", "holiday", "端午节"},
	    {"2026-06-20", "holiday", "端午节"},
	    {"2026-06-21", "holiday", "端午节"},
	    {"2026-09-25", "holiday", "中秋节"},
	    {"2026-09-27", "workday", "国庆节调休上班"},
	    {"2026-10-01", "holiday", "国庆节"},
	    {"2026-10-02", "holiday", "国庆节"},
	    {"2026-10-03", "holiday", "国庆节"},
	    {"2026-10-04", "holiday", "国庆节"},
	    {"2026-10-05", "holiday", "国庆节"},
	    {"2026-10-06", "holiday", "国庆节"},
	    {"2026-10-07", "holiday", "国庆节"},
	    {"2026-10-10", "workday", "国庆节调休上班"},
	};
	json_t *a = json_array();
	for (size_t i = 0; i < ARRAY_LEN(days); i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "day", days[i].day, "kind",
						   days[i].kind, "name", days[i].name));
	int rc = calendar_year_put(s, 2026, a, who, NULL, err);
	json_decref(a);
	return rc;
}

/* ---- what people complain about ---- */

static const char *const business[] = {"营业执照变更",	 "不动产登记", "低保申请", "医保报销",
				       "建房审批",	 "户籍迁移",   "社保转移", "残疾证办理",
				       "农村宅基地审批", "新生儿落户"};

static const struct topic {
	const char *category;
	const char *subject; /* %s: the unit */
	const char *content; /* %s: the business, then the day */
} topics[] = {
    {"attitude", "%s窗口工作人员服务态度生硬",
     "我到%s便民服务窗口办理%s，工作人员态度冷漠，问了几次都不耐烦，还说“自己回去看"
     "材料清单”，让人很寒心，希望加强管理。"},
    {"attitude", "%s工作人员对来访群众推搡呵斥",
     "%s工作人员在群众办理%s时大声呵斥，还推搡了一位老人，现场很多人都看到了，"
     "请领导调查处理。"},
    {"absence", "%s工作日上班时间办公室无人",
     "工作日上午十点到%s办理%s，办公室锁门没有人，打电话也没人接，"
     "门口也没有去向公示，白跑了一趟。"},
    {"absence", "%s值班人员脱岗",
     "夜间打%s值班电话反映%s的紧急情况，一直无人接听，第二天才知道值班人员"
     "不在岗，希望严肃值班纪律。"},
    {"dereliction", "%s对群众反映问题长期推诿不办",
     "去年就向%s反映过%s的问题，至今没有任何答复，每次去都说“还在研究”，"
     "相互推诿，请督促尽快解决。"},
    {"dereliction", "%s对道路积水问题不作为",
     "%s辖区主干道一下雨就积水，群众反映多次，%s也没有下文，"
     "请相关部门尽快处理。"},
    {"abuse", "%s工作人员违规收取费用",
     "在%s办理%s时被要求交纳所谓“加急费”，没有开具票据，"
     "怀疑是乱收费，请查处。"},
    {"dining", "反映%s有关人员工作日中午饮酒",
     "工作日中午看到%s几名干部在饭店包厢喝酒，下午还开公车回单位办理%s，"
     "请纪委查实。"},
    {"gifts", "反映%s干部节日期间收受礼品",
     "中秋节前有企业给%s相关干部送购物卡和月饼礼盒，与%s审批有关，"
     "请组织调查。"},
    {"efficiency", "%s办理手续拖延超过承诺时限",
     "在%s申请%s，承诺五个工作日办结，已经过去一个多月还没有结果，"
     "催问也没有明确答复。"},
    {"efficiency", "%s审批材料反复要求补充",
     "%s办理%s时一次性告知不到位，前后让我补了四次材料，"
     "每次只说一项，来回跑了很多趟。"},
    {"discipline", "%s工作人员上班时间玩手机游戏",
     "上班时间在%s窗口排队办理%s，看到工作人员一直在玩手机游戏，"
     "群众等了很久也不理会。"},
    {"discipline", "%s公车私用",
     "周末在景区停车场看到%s的公务用车，车上是家属出游，与%s无关，"
     "请核查公车使用情况。"},
    {"other", "对%s作风建设的意见建议",
     "建议%s在办理%s等业务时推行预约服务和延时服务，方便上班族办事。"},
};

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴",
				       "周", "徐", "孙", "胡", "朱", "高", "林", "何", "郭"};
static const char *const given[] = {"建华", "秀英", "志强", "桂兰", "伟", "敏",	  "军",
				    "丽",   "海燕", "国平", "春梅", "磊", "晓东", "芳"};

/* The channels with their weights out of 100. */
static const struct {
	const char *code;
	unsigned weight;
	bool may_name;
} chans[] = {
    {"hotline", 34, true},	{"website", 16, true}, {"mailbox", 10, true},
    {"letter_visit", 10, true}, {"media", 5, false},   {"supervisor", 10, true},
    {"inspection", 10, false},	{"referral", 5, true},
};

static const char *pick_channel(struct rng *r, bool *may_name)
{
	unsigned x = pick(r, 100), acc = 0;
	for (size_t i = 0; i < ARRAY_LEN(chans); i++) {
		acc += chans[i].weight;
		if (x < acc) {
			*may_name = chans[i].may_name;
			return chans[i].code;
		}
	}
	*may_name = true;
	return "hotline";
}

static void pick_unit(struct rng *r, char code[8], char name[64], struct store *s)
{
	if (chance(r, 45))
		snprintf(code, 8, "T%02u", 1 + pick(r, 9));
	else
		snprintf(code, 8, "D%02u", 2 + pick(r, 39)); /* not the discipline commission */
	struct zf_err err;
	struct stmt *st = store_prepare(s, "SELECT name FROM units WHERE code = ?", &err);
	snprintf(name, 64, "%s", code);
	if (!st)
		return;
	stmt_bind_text(st, 1, code);
	if (stmt_step(st, &err) == STORE_ROW)
		snprintf(name, 64, "%s", stmt_text(st, 0));
	stmt_reset(st);
}

/* ---- moving a case along ---- */

struct mover {
	struct store *s;
	const struct actor *who;
	struct case_viewer v; /* the command line: every action allowed */
	const char *today;
	struct zf_err *err;
};

/* Applies action on day (skipped, returning 1, when the day is still to come). */
static int act(struct mover *m, const char *case_no, const char *action, const char *day,
	       const char *text, int flag)
{
	if (strcmp(day, m->today) > 0)
		return 1;
	struct case_action a = {.action = action,
				.text = text,
				.on = day,
				.approve = flag,
				.satisfied = flag,
				.days = flag};
	return case_act(m->s, case_no, &a, m->who, &m->v, m->err);
}

static void plus(struct mover *m, const char *day, int workdays, char out[11])
{
	char next[11];
	/* out may be day itself; on failure (never with a valid day) it stays as it was */
	if (calendar_add_workdays(m->s, day, workdays, next, m->err) == 0)
		memcpy(out, next, sizeof next);
	else if (out != day)
		memcpy(out, day, sizeof next);
}

/* Walks case_no received on day through its life as far as the demo's today allows. */
static int progress(struct mover *m, struct rng *r, const char *case_no, const char *received,
		    char *unit_code)
{
	char d[11], due[11];
	int rc;
	(void)unit_code;
	/* 3% never assigned yet (the office's inbox); 2% closed as not admissible */
	if (chance(r, 3))
		return 0;
	if (chance(r, 2))
		return act(m, case_no, "close", received,
			   "不属于作风问题受理范围，已告知转至12345热线", 0) < 0
			   ? -1
			   : 0;
	plus(m, received, 0, d);
	if ((rc = act(m, case_no, "assign", d, NULL, 0)) != 0)
		return rc < 0 ? rc : 0;
	/* 4% returned as misrouted, then reassigned */
	if (chance(r, 4)) {
		plus(m, d, 1, d);
		if ((rc = act(m, case_no, "return", d, "该事项不属于本单位职责，建议转交属地乡镇",
			      0)) != 0)
			return rc < 0 ? rc : 0;
		if ((rc = act(m, case_no, "assign", d, "已核实，改派承办", 0)) != 0)
			return rc < 0 ? rc : 0;
	}
	/* signing: next working day, 8% late; 3% still unsigned (overdue for signing) */
	if (chance(r, 3))
		return 0;
	plus(m, d, chance(r, 8) ? 3 : 1, d);
	if ((rc = act(m, case_no, "sign", d, NULL, 0)) != 0 ||
	    (rc = act(m, case_no, "handle", d, NULL, 0)) != 0)
		return rc < 0 ? rc : 0;
	plus(m, d, 9, due);
	/* 6% ask for more time, mostly granted */
	if (chance(r, 6)) {
		char x[11];
		plus(m, d, 3, x);
		if ((rc = act(m, case_no, "extend", x, "涉及多部门会商，需延期办理", 5)) != 0)
			return rc < 0 ? rc : 0;
		plus(m, x, 1, x);
		struct case_action a = {.action = "extend_decide",
					.on = x,
					.approve = !chance(r, 25),
					.text = "同意延期"};
		if (strcmp(x, m->today) > 0)
			return 0;
		if ((rc = case_act(m->s, case_no, &a, m->who, &m->v, m->err)) < 0)
			return rc;
	}
	/* 4% stuck in handling past the deadline */
	if (chance(r, 4))
		return 0;
	int rounds = chance(r, 3) ? 3 : chance(r, 12) ? 1 : 0;
	for (int k = 0; k <= rounds; k++) {
		plus(m, d, 3 + (int)pick(r, 6) + (chance(r, 10) ? 8 : 0), d);
		if ((rc = act(m, case_no, "reply", d,
			      "经调查核实，已对相关工作人员进行批评教育，责令整改，"
			      "并向反映人当面说明情况。",
			      0)) != 0)
			return rc < 0 ? rc : 0;
		plus(m, d, 2, d);
		bool satisfied = k == rounds;
		if ((rc = act(m, case_no, "follow_up", d,
			      satisfied ? "电话回访，反映人表示满意" : "回访不满意，要求重新办理",
			      satisfied)) != 0)
			return rc < 0 ? rc : 0;
	}
	plus(m, d, 1, d);
	rc = act(m, case_no, "close", d, NULL, 0);
	return rc < 0 ? rc : 0;
}

int case_demo_fill(struct store *s, const struct actor *who, unsigned seed, int *made,
		   struct zf_err *err)
{
	struct rng r = {0x9E3779B97F4A7C15ull ^ ((uint64_t)seed * 0x2545F4914F6CDD1Dull)};
	char today[11];
	int rc = case_demo_calendar(s, who, err), n = 0;
	if (rc < 0)
		return rc;
	case_today(today);
	struct mover m = {s, who, {0, 0, 0}, today, err};
	char last_no[8][CASE_NO_MAX];
	char last_unit[8][8];
	int last_topic[8], nlast = 0;
	for (int i = 0; i < CASE_DEMO_COUNT; i++) {
		char day[11], unit[8], uname[64], subject[256], content[1024], name[32], phone[16];
		char case_no[CASE_NO_MAX], ref[32];
		calendar_add_days("2026-01-05", i * 320 / CASE_DEMO_COUNT + (int)pick(&r, 3), day);
		if (strcmp(day, today) > 0)
			break;
		bool may_name, dup = nlast > 2 && i % 17 == 5;
		const char *channel = pick_channel(&r, &may_name);
		int t;
		if (dup) { /* the same matter again, through another channel */
			int k = (int)pick(&r, (unsigned)nlast);
			t = last_topic[k];
			snprintf(unit, sizeof unit, "%s", last_unit[k]);
			struct zf_err e2;
			struct stmt *st =
			    store_prepare(s, "SELECT name FROM units WHERE code = ?", &e2);
			if (st) {
				stmt_bind_text(st, 1, unit);
				if (stmt_step(st, &e2) == STORE_ROW)
					snprintf(uname, sizeof uname, "%s", stmt_text(st, 0));
				stmt_reset(st);
			}
		} else {
			pick_unit(&r, unit, uname, s);
			t = (int)pick(&r, ARRAY_LEN(topics));
		}
		const char *biz = business[(unsigned)(i * 7 + t) % ARRAY_LEN(business)];
		snprintf(subject, sizeof subject, topics[t].subject, uname);
		snprintf(content, sizeof content, topics[t].content, uname, biz);
		bool named = may_name && chance(&r, 65);
		snprintf(name, sizeof name, "%s%s", surnames[pick(&r, ARRAY_LEN(surnames))],
			 given[pick(&r, ARRAY_LEN(given))]);
		snprintf(phone, sizeof phone, "13%u%08u", 3 + pick(&r, 7), pick(&r, 100000000));
		snprintf(ref, sizeof ref, "12345-%s-%04d", day, i);
		struct case_new in = {
		    .channel = channel,
		    .subject = subject,
		    .content = content,
		    .category = topics[t].category,
		    .unit = unit,
		    .complainant_name = named ? name : NULL,
		    .complainant_phone = named ? phone : NULL,
		    .external_ref = !strcmp(channel, "hotline") ? ref : NULL,
		    .received_on = day,
		};
		if ((rc = case_create(s, &in, who, case_no, NULL, err)) < 0)
			return rc;
		n++;
		if (!dup) {
			int slot = nlast < 8 ? nlast++ : (int)pick(&r, 8);
			snprintf(last_no[slot], sizeof last_no[slot], "%s", case_no);
			snprintf(last_unit[slot], sizeof last_unit[slot], "%s", unit);
			last_topic[slot] = t;
		}
		if ((rc = progress(&m, &r, case_no, day, unit)) < 0)
			return rc;
	}
	/* the office's sweeps of the last weeks: reminders, then escalation of what stayed late */
	for (int back = 14; back >= 0; back -= 7) {
		char day[11];
		json_t *swept = NULL;
		calendar_add_days(today, -back, day);
		if ((rc = case_overdue_sweep(s, day, true, who, &swept, err)) < 0)
			return rc;
		json_decref(swept);
	}
	*made = n;
	return 0;
}
