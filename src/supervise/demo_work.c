/* demo_work.c: the supervision work of `zuofeng demo` (demo_work.h): a year of it on the
 * demo district, through the same functions the API calls, so that every record carries its
 * audit entry and every sanction its adjustment. Dated from January 2026 up to today. */
#include "supervise/demo_work.h"
#include "auth/auth.h"
#include "base/util.h"
#include "org/org.h"
#include "supervise/sanction.h"
#include "supervise/supervise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_UNITS 64
#define MAX_CASES 512
#define CODE_LEN  (ORG_CODE_MAX + 1) /* a unit or person code and its NUL */

struct rng {
	uint64_t x;
};

static unsigned pick(struct rng *r, unsigned n)
{
	r->x ^= r->x >> 12;
	r->x ^= r->x << 25;
	r->x ^= r->x >> 27;
	return n ? (unsigned)((r->x * 2685821657736338717ULL) >> 33) % n : 0;
}

struct demo {
	struct store *s;
	struct zf_err *err;
	struct rng r;
	struct actor office, insp;
	char today[11];
	char towns[MAX_UNITS][CODE_LEN], units[MAX_UNITS][CODE_LEN];
	int ntowns, nunits;
	char staff_of_d01[8][CODE_LEN];
	int nd01;
	struct supervise_demo_stats *st;
};

/* The actor of account username (the demo's own accounts). */
static int account(struct demo *d, const char *username, struct actor *a)
{
	memset(a, 0, sizeof *a);
	struct stmt *st = store_prepare(
	    d->s, "SELECT id, role, coalesce(unit_id, 0) FROM users WHERE username = ?", d->err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, username);
	int rc = stmt_step(st, d->err);
	if (rc == STORE_ROW) {
		a->user_id = stmt_int(st, 0);
		snprintf(a->role, sizeof a->role, "%s", stmt_text(st, 1));
		a->unit_id = stmt_int(st, 2);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(d->err, ZF_EINTERNAL, NULL, "the demo account %s is missing",
				  username);
	snprintf(a->username, sizeof a->username, "%s", username);
	snprintf(a->addr, sizeof a->addr, "local");
	return 0;
}

/* Codes of the rows of a one-column query (text parameter p may be NULL) into out. */
static int codes(struct demo *d, const char *sql, const char *p, char (*out)[CODE_LEN], int max,
		 int *n)
{
	struct stmt *st = store_prepare(d->s, sql, d->err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	if (p)
		stmt_bind_text(st, 1, p);
	*n = 0;
	while ((rc = stmt_step(st, d->err)) == STORE_ROW && *n < max)
		snprintf(out[(*n)++], CODE_LEN, "%s", stmt_text(st, 0));
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* A staff cadre (一般干部) of unit, the k-th by code (wrapping), into out; "" if none. */
static int staff_of(struct demo *d, const char *unit, unsigned k, char out[CODE_LEN])
{
	char list[32][CODE_LEN];
	int n = 0;
	int rc =
	    codes(d,
		  "SELECT p.code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = ?"
		  " AND p.rank = '一般干部' AND p.active = 1 ORDER BY p.code",
		  unit, list, 32, &n);
	out[0] = '\0';
	if (rc == 0 && n)
		snprintf(out, CODE_LEN, "%s", list[k % (unsigned)n]);
	return rc;
}

static bool past(const struct demo *d, const char *day)
{
	return strcmp(day, d->today) <= 0;
}

/* ---- findings, sanctions, exposures ---- */

struct handled {
	char case_no[32], unit[CODE_LEN], on[11], subject[256];
};

static int load_handled(struct demo *d, struct handled *h, int max, int *n)
{
	struct stmt *st = store_prepare(
	    d->s,
	    "SELECT c.case_no, u.code, c.replied_on, c.subject FROM cases c JOIN units u ON"
	    " u.id = c.unit_id WHERE c.state IN ('replied', 'followed_up', 'closed') AND"
	    " c.replied_on IS NOT NULL AND c.duplicate_of IS NULL AND c.finding IS NULL"
	    " ORDER BY c.id",
	    d->err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	*n = 0;
	while ((rc = stmt_step(st, d->err)) == STORE_ROW && *n < max) {
		struct handled *x = &h[(*n)++];
		snprintf(x->case_no, sizeof x->case_no, "%s", stmt_text(st, 0));
		snprintf(x->unit, sizeof x->unit, "%s", stmt_text(st, 1));
		snprintf(x->on, sizeof x->on, "%s", stmt_text(st, 2));
		snprintf(x->subject, sizeof x->subject, "%s", stmt_text(st, 3));
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static int sanction(struct demo *d, const char *measure, const char *person, const char *unit,
		    const char *case_no, const char *on, const char *basis)
{
	struct sanction_rec r = {.measure = measure,
				 .person = person,
				 .unit = unit,
				 .case_no = case_no,
				 .decided_on = on,
				 .basis = basis};
	int64_t id;
	int rc = sanction_decide(d->s, &d->insp, &r, &id, d->err);
	if (rc == 0) {
		int64_t adj = 0;
		d->st->sanctions++;
		rc = store_query_int(d->s, d->err, &adj,
				     "SELECT count(*) FROM sanctions WHERE id = ? AND"
				     " adjustment_id IS NOT NULL",
				     "i", id);
		d->st->adjustments += (int)adj;
	}
	return rc;
}

static int findings_and_sanctions(struct demo *d)
{
	static const char *const measures[] = {
	    "criticism",   "criticism", "self_criticism", "admonishment", "circulated_criticism",
	    "cancel_bonus"};
	struct handled *h = xcalloc(MAX_CASES, sizeof *h);
	int n = 0, rc = load_handled(d, h, MAX_CASES, &n), substantiated = 0, exposed = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		if (pick(&d->r, 3)) /* a third of the handled cases get an inspector's finding */
			continue;
		unsigned x = pick(&d->r, 10);
		const char *finding = x < 5   ? "substantiated"
				      : x < 7 ? "partly"
					      : "unsubstantiated";
		bool holds = x < 7;
		char person[CODE_LEN] = "";
		if (holds && (rc = staff_of(d, h[i].unit, pick(&d->r, 97), person)) < 0)
			break;
		const char *direct[] = {person, NULL};
		struct finding_rec f = {
		    .finding = finding,
		    .finding_on = h[i].on,
		    .summary = holds ? "经调查核实，反映的问题基本属实，相关人员存在作风问题。"
				     : "经调查核实，反映的问题不属实，已向反映人说明情况。",
		    .direct = holds && person[0] ? direct : NULL,
		};
		if ((rc = finding_record(d->s, &d->insp, h[i].case_no, &f, d->err)) < 0 ||
		    (rc = finding_confirm(d->s, &d->insp, h[i].case_no, d->err)) < 0)
			break;
		d->st->findings++;
		if (!holds || !person[0])
			continue;
		const char *m = measures[pick(&d->r, ARRAY_LEN(measures))];
		if ((rc = sanction(d, m, person, NULL, h[i].case_no, h[i].on,
				   "《区机关作风明察暗访工作暂行办法》，经调查核实")) < 0)
			break;
		substantiated++;
		/* the main leader answers for weak supervision (S4) now and then */
		if (substantiated % 6 == 0) {
			char leader[CODE_LEN] = "";
			struct stmt *st = store_prepare(
			    d->s,
			    "SELECT p.code FROM case_people cp JOIN people p ON p.id = cp.person_id"
			    " JOIN cases c ON c.id = cp.case_id WHERE c.case_no = ? AND"
			    " cp.relation = 'main_leader'",
			    d->err);
			if (!st) {
				rc = ZF_EINTERNAL;
				break;
			}
			stmt_bind_text(st, 1, h[i].case_no);
			if (stmt_step(st, d->err) == STORE_ROW)
				snprintf(leader, sizeof leader, "%s", stmt_text(st, 0));
			stmt_reset(st);
			if (leader[0] &&
			    (rc = sanction(d, "criticism", leader, NULL, h[i].case_no, h[i].on,
					   "落实主体责任不力，监管不到位")) < 0)
				break;
		}
		if (substantiated == 9 &&
		    (rc = sanction(d, "staffing_freeze", NULL, h[i].unit, h[i].case_no, h[i].on,
				   "作风问题突出、整改不力，暂停增人增编")) < 0)
			break;
		/* the office publishes some substantiated cases (S7) */
		if (!strcmp(finding, "substantiated") && exposed < 4 && substantiated % 3 == 1) {
			char pub[11], title[320], facts[600];
			sup_date_add_days(h[i].on, 7, pub);
			if (!past(d, pub))
				snprintf(pub, sizeof pub, "%s", d->today);
			snprintf(title, sizeof title, "关于%s问题的通报", h[i].subject);
			snprintf(
			    facts, sizeof facts,
			    "经区纪委监委调查核实，群众反映的“%s”问题属实，暴露出有关单位作风建设"
			    "抓得不实、监管不严。",
			    h[i].subject);
			struct exposure_rec e = {
			    .case_no = h[i].case_no,
			    .title = title,
			    .facts = facts,
			    .handling = "对直接责任人作出问责处理，责令所在单位限期整改。",
			    .published_on = pub};
			int64_t id;
			if ((rc = exposure_publish(d->s, &d->office, &e, &id, d->err)) < 0)
				break;
			exposed++;
			d->st->exposures++;
		}
	}
	free(h);
	return rc;
}

/* ---- key periods and inspections ---- */

static const struct period {
	const char *kind, *name, *from, *to, *plan, *focus, *category;
} periods[] = {
    {"holiday", "2026年元旦", "2026-01-01", "2026-01-03", "节日期间开展作风暗访",
     "公款吃喝、违规收送礼品礼金", "dining"},
    {"holiday", "2026年春节", "2026-02-15", "2026-02-23", "节前廉政提醒，节中明察暗访",
     "公款吃喝、收受礼金、公车私用", "gifts"},
    {"personnel", "2026年春季干部集中调整", "2026-03-01", "2026-03-31", "干部调整期间纪律监督",
     "跑官要官、说情打招呼", "discipline"},
    {"holiday", "2026年清明节", "2026-04-04", "2026-04-06", "节日期间值班在岗检查", "脱岗离岗",
     "absence"},
    {"holiday", "2026年劳动节", "2026-05-01", "2026-05-05", "节日期间作风暗访",
     "公款旅游、公款吃喝", "dining"},
    {"holiday", "2026年端午节", "2026-06-19", "2026-06-21", "节前廉政提醒、节中暗访",
     "收受礼品礼金", "gifts"},
    {"promotion", "2026年科级干部选拔任用", "2026-07-01", "2026-07-31", "选拔任用全程纪实监督",
     "带病提拔、违规用人", "discipline"},
    {"moving_house", "乔迁升学集中期", "2026-08-01", "2026-09-10", "乔迁、升学宴专项治理",
     "借机敛财、大操大办", "gifts"},
    {"holiday", "2026年中秋节、国庆节", "2026-09-25", "2026-10-08", "节日期间明察暗访",
     "公款吃喝、收受礼金、公车私用", "dining"},
    {"posting", "2026年年底干部交流轮岗", "2026-12-01", "2026-12-31", "交流轮岗期间离任交接监督",
     "突击花钱、突击提拔", "discipline"},
    {"holiday", "2027年元旦", "2027-01-01", "2027-01-03", "节日期间作风暗访",
     "公款吃喝、违规收送礼品礼金", "dining"},
    {"election", "2027年村（社区）“两委”换届", "2027-03-01", "2027-05-31", "换届风气监督",
     "拉票贿选、违规用人", "discipline"},
};

static int key_periods_and_inspections(struct demo *d)
{
	int rc = 0;
	bool planned = false; /* the inspection for the next period is planned already */
	for (size_t i = 0; rc == 0 && i < ARRAY_LEN(periods); i++) {
		const struct period *p = &periods[i];
		struct keyperiod_rec k = {.kind = p->kind,
					  .name = p->name,
					  .starts_on = p->from,
					  .ends_on = p->to,
					  .remind_days = 7,
					  .plan = p->plan,
					  .focus = p->focus};
		int64_t kp, ins;
		if ((rc = keyperiod_create(d->s, &d->office, &k, &kp, d->err)) < 0)
			break;
		d->st->key_periods++;
		/* every past period was inspected; the next one's inspection is planned */
		bool upcoming = !past(d, p->from);
		if ((upcoming && planned) || d->nunits < 3 || d->nd01 < 2)
			continue;
		planned |= upcoming;
		char title[200];
		const char *team[3] = {d->staff_of_d01[pick(&d->r, (unsigned)d->nd01)], NULL, NULL};
		const char *other = d->staff_of_d01[pick(&d->r, (unsigned)d->nd01)];
		if (strcmp(other, team[0]))
			team[1] = other;
		unsigned a = pick(&d->r, (unsigned)d->nunits),
			 b = (a + 1 + pick(&d->r, 5)) % (unsigned)d->nunits;
		const char *targets[] = {d->units[a], d->units[b], NULL};
		if (a == b)
			targets[1] = NULL;
		snprintf(title, sizeof title, "%s作风建设明察暗访", p->name);
		struct inspection_rec in = {.title = title,
					    .mode = strcmp(p->kind, "holiday") ? "open" : "covert",
					    .planned_on = p->from,
					    .plan = p->plan,
					    .key_period_id = kp,
					    .team = team,
					    .targets = targets};
		if ((rc = inspection_create(d->s, &d->insp, &in, &ins, d->err)) < 0)
			break;
		d->st->inspections++;
		if (upcoming)
			continue;
		if (pick(&d->r, 10) < 6) {
			char person[CODE_LEN], no[32];
			if ((rc = staff_of(d, targets[0], pick(&d->r, 31), person)) < 0)
				break;
			char desc[400];
			snprintf(desc, sizeof desc, "%s期间检查发现：%s问题，当场拍照取证。",
				 p->name, p->focus);
			struct inspection_finding_rec f = {.unit = targets[0],
							   .person = person[0] ? person : NULL,
							   .category = p->category,
							   .found_on = p->from,
							   .description = desc,
							   .open_case = true};
			int64_t fid;
			if ((rc = inspection_add_finding(d->s, &d->insp, ins, &f, &fid, no,
							 d->err)) < 0)
				break;
			d->st->inspection_cases++;
		}
		if (past(d, p->to) &&
		    (rc = inspection_complete(d->s, &d->insp, ins, p->to,
					      "检查结束，发现问题已移交办理。", d->err)) < 0)
			break;
	}
	return rc;
}

/* ---- projects and decisions ---- */

static int projects(struct demo *d)
{
	static const char *const names[] = {"城区污水处理厂提标改造工程",
					    "工业园区标准厂房建设项目", "农村公路提质改造工程"};
	static const char *const steps[] = {"招标采购", "主体施工", "竣工验收"};
	static const char *const due[] = {"2026-03-31", "2026-08-31", "2026-12-20"};
	int rc = 0;
	for (int i = 0; rc == 0 && i < 3 && i < d->ntowns && d->nd01 >= 2; i++) {
		char code[32];
		int64_t id, mid;
		snprintf(code, sizeof code, "XM2026-%02d", i + 1);
		const char *insp[] = {d->staff_of_d01[i % d->nd01],
				      d->staff_of_d01[(i + 1) % d->nd01], NULL};
		struct project_rec p = {.code = code,
					.name = names[i],
					.unit = d->towns[i],
					.starts_on = "2026-02-01",
					.ends_on = "2026-12-31",
					.budget = 1200 + 800 * i,
					.inspectors = insp};
		if ((rc = project_create(d->s, &d->insp, &p, &id, d->err)) < 0)
			break;
		d->st->projects++;
		for (int k = 0; rc == 0 && k < 3; k++) {
			rc = project_add_milestone(d->s, &d->insp, id, steps[k], due[k], &mid,
						   d->err);
			if (rc == 0 && past(d, due[k]) && pick(&d->r, 4))
				rc =
				    project_milestone_done(d->s, &d->insp, id, mid, due[k], d->err);
		}
		if (rc == 0 && past(d, "2026-05-20"))
			rc = project_add_finding(d->s, &d->insp, id, "2026-05-20",
						 "现场检查发现施工日志记录不全，已责令整改。", NULL,
						 d->err);
	}
	return rc;
}

static int decisions(struct demo *d)
{
	static const struct {
		const char *title, *source, *on, *task;
		int ntasks;
	} list[] = {
	    {"2026年优化营商环境攻坚行动", "区委常委会2026年第3次会议", "2026-02-20",
	     "清理规范涉企收费，压缩审批时限", 6},
	    {"干部作风建设年活动实施方案", "区委办〔2026〕5号", "2026-03-05",
	     "开展作风问题自查自纠并报送整改清单", 4},
	};
	static const char *const deadlines[] = {"2026-04-30", "2026-06-30", "2026-09-30",
						"2026-11-15", "2026-12-31"};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < ARRAY_LEN(list); i++) {
		int64_t id, task;
		if (!past(d, list[i].on))
			continue;
		if ((rc = decision_create(d->s, &d->office, list[i].title, list[i].source,
					  list[i].on, &id, d->err)) < 0)
			break;
		d->st->decisions++;
		for (int k = 0; rc == 0 && k < list[i].ntasks && k < d->nunits; k++) {
			const char *dl = deadlines[pick(&d->r, ARRAY_LEN(deadlines))];
			char ms[64];
			const char *mss[] = {NULL, NULL};
			char msd[11];
			sup_date_add_days(list[i].on, 20, msd);
			snprintf(ms, sizeof ms, "制定方案@%s", msd);
			mss[0] = ms;
			struct decision_task_rec t = {
			    .unit = d->units[(i * 7 + (size_t)k * 3) % (size_t)d->nunits],
			    .title = list[i].task,
			    .deadline = dl,
			    .milestones = mss};
			if ((rc = decision_add_task(d->s, &d->office, id, &t, &task, d->err)) < 0)
				break;
			d->st->tasks++;
			int64_t mid = 0;
			if (rc == 0 && past(d, msd) &&
			    store_query_int(d->s, d->err, &mid,
					    "SELECT id FROM decision_milestones WHERE task_id = ?",
					    "i", task) == 0)
				rc =
				    decision_milestone_done(d->s, &d->office, task, mid, 0, d->err);
			if (rc < 0)
				break;
			int progress = 20 + 10 * (int)pick(&d->r, 7);
			rc = decision_task_progress(d->s, &d->office, task, 0, progress, NULL,
						    "按计划推进", d->err);
			if (rc == 0 && past(d, dl) && pick(&d->r, 10) < 7)
				rc = decision_task_progress(d->s, &d->office, task, 0, -1, "done",
							    "已按期完成", d->err);
		}
	}
	return rc;
}

/* ---- stations ---- */

static int stations(struct demo *d, uint64_t seed)
{
	int rc = 0;
	int64_t first = 0;
	for (int i = 0; rc == 0 && i < d->ntowns; i++) {
		char name[128], place[160], uname[96] = "";
		int64_t id;
		struct stmt *st =
		    store_prepare(d->s, "SELECT name FROM units WHERE code = ?", d->err);
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_text(st, 1, d->towns[i]);
		if (stmt_step(st, d->err) == STORE_ROW)
			snprintf(uname, sizeof uname, "%s", stmt_text(st, 0));
		stmt_reset(st);
		snprintf(name, sizeof name, "%s群众服务站", uname);
		snprintf(place, sizeof place, "%s便民服务中心一楼", uname);
		if ((rc = station_create(d->s, &d->office, name, place, d->towns[i], &id, d->err)) <
		    0)
			break;
		d->st->stations++;
		if (!first)
			first = id;
		json_t *card = NULL, *l;
		size_t k;
		if ((rc = station_card(d->s, id, 0, &card, d->err)) < 0)
			break;
		json_array_foreach(json_object_get(card, "leaders"), k, l)
		{
			char phone[16];
			snprintf(phone, sizeof phone, "0797-%07u", 8000000 + pick(&d->r, 999999));
			rc = station_set_phone(d->s, &d->office, id,
					       json_string_value(json_object_get(l, "code")), phone,
					       d->err);
			if (rc < 0)
				break;
		}
		json_decref(card);
	}
	if (rc < 0 || !first)
		return rc;
	/* a respected retiree of the first township, as its station's supervisor */
	struct auth_user_new u = {.username = SUPERVISE_DEMO_SUPERVISOR,
				  .display_name = "群众监督员（退休教师）",
				  .role = "supervisor",
				  .unit_code = d->towns[0],
				  .password = "demo",
				  .must_change = false,
				  .demo_password = true};
	struct actor sup;
	if ((rc = auth_user_add(d->s, &d->office, &u, d->err)) < 0 ||
	    (rc = station_add_supervisor(d->s, &d->office, first, SUPERVISE_DEMO_SUPERVISOR,
					 d->err)) < 0 ||
	    (rc = account(d, SUPERVISE_DEMO_SUPERVISOR, &sup)) < 0)
		return rc;
	static const struct station_matter matters[] = {
	    {"群众反映低保复核办理拖延",
	     "群众到服务站反映，低保年度复核材料交到镇里两个月没有回音。", "efficiency", NULL, NULL,
	     NULL},
	    {"群众反映窗口工作人员态度生硬", "办理医保登记时窗口工作人员语气生硬、不耐烦。",
	     "attitude", NULL, "周大爷", "13907970001"},
	};
	for (size_t i = 0; rc == 0 && i < ARRAY_LEN(matters); i++) {
		char no[32];
		if ((rc = station_forward(d->s, &sup, &matters[i], no, d->err)) == 0)
			d->st->forwarded++;
	}
	(void)seed;
	return rc;
}

/* ---- routines ---- */

static int routines(struct demo *d)
{
	static const struct {
		const char *kind, *title, *on, *outcome;
	} list[] = {
	    {"democratic_life", "2025年度领导班子民主生活会", "2026-01-22",
	     "班子成员开展批评与自我批评，查摆作风问题并形成整改清单"},
	    {"duty_report", "2025年度述职述廉述作风会议", "2026-01-15",
	     "班子成员逐一述职述廉，群众代表现场测评"},
	    {"opinion_meeting", "作风建设征求意见座谈会", "2026-04-16",
	     "收集群众代表、企业代表意见建议，逐条交办"},
	    {"appraisal_meeting", "上半年作风评议会", "2026-07-10", "对窗口单位服务态度进行评议"},
	};
	int rc = 0;
	for (int i = 0; rc == 0 && i < d->ntowns; i++) {
		char people[8][CODE_LEN];
		int np = 0;
		if ((rc = codes(
			 d,
			 "SELECT p.code FROM team_members t JOIN people p ON p.id = t.person_id"
			 " JOIN units u ON u.id = t.unit_id WHERE u.code = ? AND t.active = 1"
			 " ORDER BY t.role = 'main' DESC, p.code",
			 d->towns[i], people, 8, &np)) < 0)
			break;
		const char *who[9] = {0};
		for (int k = 0; k < np; k++)
			who[k] = people[k];
		for (size_t k = 0; rc == 0 && k < ARRAY_LEN(list); k++) {
			if (!past(d, list[k].on))
				continue;
			int issues = 2 + (int)pick(&d->r, 8);
			struct routine_rec r = {.kind = list[k].kind,
						.unit = d->towns[i],
						.held_on = list[k].on,
						.title = list[k].title,
						.participants = "班子成员、党员代表、群众代表",
						.outcome = list[k].outcome,
						.people = who,
						.issues = issues,
						.resolved = issues - (int)pick(&d->r, 3)};
			int64_t id;
			if ((rc = routine_create(d->s, &d->office, &r, &id, d->err)) == 0)
				d->st->routines++;
		}
	}
	/* an admonishment talk (诫勉谈话) for every admonishment decided */
	struct stmt *st = store_prepare(
	    d->s,
	    "SELECT u.code, x.decided_on, p.code, p.name FROM sanctions x JOIN sanction_measures m"
	    " ON m.id = x.measure_id JOIN units u ON u.id = x.unit_id JOIN people p ON"
	    " p.id = x.person_id WHERE m.code = 'admonishment' ORDER BY x.id",
	    d->err);
	if (rc < 0 || !st)
		return rc < 0 ? rc : ZF_EINTERNAL;
	struct talk {
		char unit[CODE_LEN], on[11], person[CODE_LEN], title[160];
	} talks[32];
	int nt = 0;
	while (nt < 32 && (rc = stmt_step(st, d->err)) == STORE_ROW) {
		snprintf(talks[nt].unit, sizeof talks[nt].unit, "%s", stmt_text(st, 0));
		snprintf(talks[nt].on, sizeof talks[nt].on, "%s", stmt_text(st, 1));
		snprintf(talks[nt].person, sizeof talks[nt].person, "%s", stmt_text(st, 2));
		snprintf(talks[nt].title, sizeof talks[nt].title, "对%s同志进行诫勉谈话",
			 stmt_text(st, 3));
		nt++;
	}
	stmt_reset(st);
	rc = rc < 0 ? rc : 0;
	for (int i = 0; rc == 0 && i < nt; i++) {
		const char *who[] = {talks[i].person, NULL};
		struct routine_rec r = {.kind = "admonishment_talk",
					.unit = talks[i].unit,
					.held_on = talks[i].on,
					.title = talks[i].title,
					.participants = "区纪委监委谈话人员",
					.outcome = "本人表态认识错误、立即整改",
					.people = who};
		int64_t id;
		if ((rc = routine_create(d->s, &d->insp, &r, &id, d->err)) == 0)
			d->st->routines++;
	}
	return rc;
}

int supervise_demo_fill(struct store *s, const struct actor *who, uint64_t seed,
			struct supervise_demo_stats *st, struct zf_err *err)
{
	struct demo *d = xcalloc(1, sizeof *d);
	struct supervise_demo_stats counts;
	int rc;
	(void)who;
	memset(&counts, 0, sizeof counts);
	d->s = s;
	d->err = err;
	d->r.x = seed * 0x9E3779B97F4A7C15ULL + 0x5151;
	d->st = &counts;
	sup_today(d->today);
	if ((rc = account(d, "office", &d->office)) < 0 ||
	    (rc = account(d, "inspector", &d->insp)) < 0 ||
	    (rc = codes(d,
			"SELECT u.code FROM units u JOIN categories c ON c.id = u.category_id"
			" WHERE c.kind = 'township' AND u.active = 1 ORDER BY u.code",
			NULL, d->towns, MAX_UNITS, &d->ntowns)) < 0 ||
	    (rc = codes(
		 d,
		 "SELECT code FROM units WHERE active = 1 AND parent_id IS NOT NULL ORDER BY code",
		 NULL, d->units, MAX_UNITS, &d->nunits)) < 0 ||
	    (rc = codes(
		 d,
		 "SELECT p.code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code IN"
		 " ('D01', 'ZFB') AND p.active = 1 ORDER BY p.code",
		 NULL, d->staff_of_d01, 8, &d->nd01)) < 0)
		goto done;
	if ((rc = findings_and_sanctions(d)) < 0 || (rc = key_periods_and_inspections(d)) < 0 ||
	    (rc = projects(d)) < 0 || (rc = decisions(d)) < 0 || (rc = stations(d, seed)) < 0 ||
	    (rc = routines(d)) < 0)
		goto done;
	*st = counts;
done:
	free(d);
	return rc;
}
