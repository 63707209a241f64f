/* demo_round.c: the demo's evaluation round (issue 3): round 2026 with SCORING.md's default
 * components and groups, opened and filled from the demo's seed with ballots, process,
 * self and efficiency scores, survey results and adjustments, so that `make run` shows a
 * real ranking. Every input is written as the CSV file an office would import and goes
 * through eval_import, so the demo passes the same validation and audit as real data.
 *
 * The model: each unit has an underlying quality q (about 68-92). A rating is q plus the
 * rating group's leaning, the unit's strength on that indicator, the rater's own leaning
 * and noise; the public and most businesses answer with labels (满意 ... 不满意), the
 * others with numbers, many rounded to fives as people write them. Process, self,
 * efficiency and survey scores follow q more loosely. */
#include "eval/demo_round.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/util.h"
#include "eval/eval.h"
#include "org/org.h"

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a deterministic generator: splitmix64, as org's demo, on a stream of its own ---- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int rng_int(struct rng *r, int lo, int hi)
{
	assert(lo <= hi);
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_pct(struct rng *r, int percent)
{
	return rng_int(r, 0, 99) < percent;
}

/* About N(0, 1): the sum of four uniforms, centred and scaled (Irwin-Hall). */
static double rng_gauss(struct rng *r)
{
	double s = rng_unit(r) + rng_unit(r) + rng_unit(r) + rng_unit(r);
	return (s - 2.0) * 1.7320508075688772;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* ---- the round ---- */

#define ROUND_NAME "2026年度干部作风建设综合评价"
#define MAX_IND	   10

struct ind {
	const char *code, *name;
	int weight;
};

/* The indicator list of each evaluated category: the five common indicators, then the
 * specific ones that fit its work (townships: serving the people and getting tasks done;
 * departments: how they treat the public and do their duty). Weights sum to 100. */
static const struct catdef {
	const char *category;
	struct ind ind[MAX_IND];
} cats[] = {
    {"township",
     {{"sixiang", "思想作风", 10},
      {"fuwu", "服务大局", 10},
      {"huanjing", "优化环境", 10},
      {"xiaoneng", "行政效能", 10},
      {"lianjie", "廉洁从政", 14},
      {"weimin", "为民意识", 14},
      {"renwu", "任务完成情况", 14},
      {"jingshen", "精神风貌", 8},
      {"lingdao", "领导水平", 10}}},
    {"dangqun",
     {{"sixiang", "思想作风", 12},
      {"fuwu", "服务大局", 10},
      {"huanjing", "优化环境", 8},
      {"xiaoneng", "行政效能", 10},
      {"lianjie", "廉洁从政", 14},
      {"taidu", "服务态度", 10},
      {"lvzhi", "履职尽责", 12},
      {"xuexi", "学习风气", 10},
      {"xingxiang", "公众形象", 6},
      {"gongzuo", "工作效能", 8}}},
    {"zhengfa",
     {{"sixiang", "思想作风", 10},
      {"fuwu", "服务大局", 10},
      {"huanjing", "优化环境", 8},
      {"xiaoneng", "行政效能", 10},
      {"lianjie", "廉洁从政", 14},
      {"taidu", "服务态度", 12},
      {"lvzhi", "履职尽责", 14},
      {"zunzhang", "遵章守纪", 10},
      {"xingxiang", "公众形象", 6},
      {"gongzuo", "工作效能", 6}}},
    {"jingji",
     {{"sixiang", "思想作风", 10},
      {"fuwu", "服务大局", 10},
      {"huanjing", "优化环境", 14},
      {"xiaoneng", "行政效能", 12},
      {"lianjie", "廉洁从政", 14},
      {"taidu", "服务态度", 10},
      {"lvzhi", "履职尽责", 10},
      {"xuexi", "学习风气", 6},
      {"xingxiang", "公众形象", 6},
      {"gongzuo", "工作效能", 8}}},
    {"shehui",
     {{"sixiang", "思想作风", 10},
      {"fuwu", "服务大局", 10},
      {"huanjing", "优化环境", 10},
      {"xiaoneng", "行政效能", 10},
      {"lianjie", "廉洁从政", 12},
      {"taidu", "服务态度", 14},
      {"lvzhi", "履职尽责", 12},
      {"xuexi", "学习风气", 6},
      {"xingxiang", "公众形象", 8},
      {"gongzuo", "工作效能", 8}}},
    {"chengjian",
     {{"sixiang", "思想作风", 10},
      {"fuwu", "服务大局", 10},
      {"huanjing", "优化环境", 12},
      {"xiaoneng", "行政效能", 12},
      {"lianjie", "廉洁从政", 14},
      {"taidu", "服务态度", 10},
      {"lvzhi", "履职尽责", 10},
      {"xuexi", "学习风气", 6},
      {"xingxiang", "公众形象", 6},
      {"gongzuo", "工作效能", 10}}},
};

static int nind(const struct catdef *c)
{
	int n = 0;
	while (n < MAX_IND && c->ind[n].code)
		n++;
	return n;
}

/* SCORING.md's default groups, with how many ballots each gives a township and a
 * department (for the mutual group: per rating unit), how it leans against the unit's
 * quality, the share of its ballots written as labels and of its cells left empty. */
static const struct groupdef {
	const char *code, *name;
	int weight, min_ballots;
	bool mutual;
	int town_lo, town_hi, dept_lo, dept_hi;
	double lean;
	int labels, abstain;
} groups[] = {
    {"cadre", "干部代表", 20, 5, false, 12, 18, 9, 15, 0, 0, 2},
    {"deputy", "两代表一委员", 15, 5, false, 8, 12, 5, 9, 1, 20, 3},
    {"retired", "离退休老干部", 10, 5, false, 6, 10, 5, 8, 2, 40, 3},
    {"business", "个体工商户代表", 10, 5, false, 8, 14, 5, 10, -2, 70, 4},
    /* few foreign-invested firms deal with some departments: below min_ballots there */
    {"foreign", "外商投资企业代表", 5, 3, false, 3, 6, 2, 6, -1, 50, 5},
    {"public", "普通群众", 25, 10, false, 150, 220, 50, 100, -3, 100, 6},
    {"mutual", "单位互评", 15, 3, true, 2, 2, 2, 2, 3, 0, 2},
};

/* Units whose retired cadres' group is too small to count (below its min_ballots). */
static const char *const few_retired[] = {"T08", "D10"};
/* Two townships that rate each other far above the rest (for the collusion report), and a
 * department that rates every other one harshly. */
static const char *const colluding[2] = {"T03", "T07"};
static const char *const harsh_rater = "D23";
/* The unit without self and efficiency scores (its row is missing: incomplete), and the
 * units the third-party survey did not cover. */
static const char *const no_self = "D31";
static const char *const no_survey[] = {"ZFB", "D07", "D08"};

/* The adjustments (SCORING.md section 2); the lost excellence goes to the best township,
 * found once qualities are drawn. */
static const struct adjust {
	const char *unit, *points;
	int veto;
	const char *reason;
} adjustments[] = {
    {"D39", "3", 0, "2026年6月明察暗访发现执法队员上班时间脱岗，全区通报批评"},
    {"D39", "2", 0, "群众投诉执法态度粗暴，经查属实"},
    {"T06", "2", 0, "群众反映便民服务中心办事推诿扯皮，经查属实"},
    {"D19", "0", 1, "单位主要负责人违反中央八项规定精神受到党纪处分，实行一票否决"},
};
#define NO_EXCELLENT_REASON "年度内发生较大安全生产责任事故，取消评优资格"

/* The round's configuration as SCORING.md's JSON (a new reference). */
static json_t *round_config(void)
{
	json_t *gs = json_array(), *lists = json_object();
	for (size_t g = 0; g < ARRAY_LEN(groups); g++) {
		json_t *j =
		    json_pack("{s:s,s:s,s:i,s:i}", "code", groups[g].code, "name", groups[g].name,
			      "weight", groups[g].weight, "min_ballots", groups[g].min_ballots);
		if (groups[g].mutual)
			json_object_set_new(j, "mutual", json_true());
		json_array_append_new(gs, j);
	}
	for (size_t k = 0; k < ARRAY_LEN(cats); k++) {
		json_t *l = json_array();
		for (int i = 0; i < nind(&cats[k]); i++)
			json_array_append_new(
			    l, json_pack("{s:s,s:s,s:i}", "code", cats[k].ind[i].code, "name",
					 cats[k].ind[i].name, "weight", cats[k].ind[i].weight));
		json_object_set_new(lists, cats[k].category, l);
	}
	return json_pack("{s:s,s:s,s:{s:i,s:i,s:i,s:i},s:o,s:o}", "code", EVAL_DEMO_ROUND, "name",
			 ROUND_NAME, "components", "process", 30, "democratic", 50, "self", 10,
			 "efficiency", 10, "groups", gs, "indicators", lists);
}

/* ---- the units and their qualities ---- */

struct unit {
	char *code;
	int cat;	     /* index into cats */
	double q;	     /* the underlying quality */
	double ind[MAX_IND]; /* strength per indicator, added to q */
};

struct demo {
	struct store *s;
	const struct actor *who;
	struct zf_err *err;
	struct rng r;
	struct unit *u;
	int n;
	/* the ballot file's indicator columns: every code of every list, once */
	const char *col[ARRAY_LEN(cats) * MAX_IND];
	int ncols;
	int colind[ARRAY_LEN(cats)][ARRAY_LEN(cats) * MAX_IND]; /* [cat][col]: indicator or -1 */
	struct eval_demo_stats st;
};

static int cat_index(const char *code)
{
	for (size_t k = 0; k < ARRAY_LEN(cats); k++)
		if (!strcmp(cats[k].category, code))
			return (int)k;
	return -1;
}

static int unit_index(const struct demo *d, const char *code)
{
	for (int j = 0; j < d->n; j++)
		if (!strcmp(d->u[j].code, code))
			return j;
	return -1;
}

static bool listed(const char *code, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(code, list[i]))
			return true;
	return false;
}

/* The active units of the evaluated categories, in id order (creation order, so the same
 * district gives the same draws), each with its quality. */
static int load_units(struct demo *d)
{
	struct org_unit_filter f = {.active = 1};
	json_t *arr = NULL, *j;
	size_t i;
	int rc = org_unit_list(d->s, &f, 0, 1000, &arr, d->err);
	if (rc < 0)
		return rc;
	d->u = xcalloc(json_array_size(arr) + 1, sizeof *d->u);
	json_array_foreach(arr, i, j)
	{
		const char *cat =
		    json_string_value(json_object_get(json_object_get(j, "category"), "code"));
		int k = cat ? cat_index(cat) : -1;
		if (k < 0)
			continue;
		struct unit *u = &d->u[d->n++];
		u->code = xstrdup(json_string_value(json_object_get(j, "code")));
		u->cat = k;
		u->q = 68 + 24 * rng_unit(&d->r);
		for (int x = 0; x < nind(&cats[k]); x++)
			u->ind[x] = 3 * rng_gauss(&d->r);
	}
	json_decref(arr);
	d->st.units = d->n;
	return 0;
}

/* The union of the lists' codes as the ballot file's columns, and where each list's
 * indicators sit among them. */
static void map_columns(struct demo *d)
{
	for (size_t k = 0; k < ARRAY_LEN(cats); k++)
		for (int i = 0; i < nind(&cats[k]); i++) {
			int c = 0;
			while (c < d->ncols && strcmp(d->col[c], cats[k].ind[i].code))
				c++;
			if (c == d->ncols)
				d->col[d->ncols++] = cats[k].ind[i].code;
		}
	for (size_t k = 0; k < ARRAY_LEN(cats); k++)
		for (int c = 0; c < d->ncols; c++) {
			d->colind[k][c] = -1;
			for (int i = 0; i < nind(&cats[k]); i++)
				if (!strcmp(d->col[c], cats[k].ind[i].code))
					d->colind[k][c] = i;
		}
}

/* ---- the files ---- */

/* Imports one generated file. A refused file is the generator's bug: ZF_EINTERNAL with the
 * first bad row. Returns 0 or the failure; *count gets the rows imported. */
static int import(struct demo *d, const char *kind, struct buf *b, int *count)
{
	struct import_report rep;
	char fname[64];
	int n = 0;
	snprintf(fname, sizeof fname, "demo-%s.csv", kind);
	import_report_init(&rep, fname);
	int rc = eval_import(d->s, d->who, EVAL_DEMO_ROUND, kind, fname, buf_str(b), b->len, NULL,
			     &rep, &n, d->err);
	if (rc == ZF_EINVAL && rep.nerrors > 0) {
		const char *first = buf_str(&rep.out);
		rc = zf_err_set(d->err, ZF_EINTERNAL, NULL, "the demo's %s were refused: %.*s",
				kind, (int)strcspn(first, "\n"), first);
	}
	import_report_cleanup(&rep);
	if (rc == 0)
		*count = n;
	return rc;
}

/* One rating cell: a number (rounded to fives when five is true) or a label. */
static void put_rating(struct buf *b, double x, bool label, bool five)
{
	if (label) {
		buf_puts(b, x >= 88   ? "满意"
			    : x >= 74 ? "比较满意"
			    : x >= 58 ? "基本满意"
				      : "不满意");
		return;
	}
	double v = five ? 5 * round(x / 5) : round(x);
	buf_printf(b, "%d", (int)clamp(v, 0, 100));
}

/* One ballot of group g about unit u; rater is the rating unit of a mutual ballot (else
 * NULL), extra what it adds to every rating. */
static void put_ballot(struct demo *d, struct buf *b, const struct groupdef *g,
		       const struct unit *u, const struct unit *rater, double extra)
{
	double own = 4 * rng_gauss(&d->r) + extra;
	bool label = rng_pct(&d->r, g->labels), five = rng_pct(&d->r, 50);
	buf_printf(b, "%s,%s,%s", g->code, u->code, rater ? rater->code : "");
	for (int c = 0; c < d->ncols; c++) {
		int i = d->colind[u->cat][c];
		buf_putc(b, ',');
		if (i < 0 || rng_pct(&d->r, g->abstain))
			continue;
		put_rating(b, u->q + g->lean + u->ind[i] + own + 7 * rng_gauss(&d->r), label, five);
	}
	buf_putc(b, '\n');
}

/* What a mutual ballot of rater about u adds: the colluding pair's favour, the harsh
 * rater's severity. */
static double mutual_extra(const struct unit *rater, const struct unit *u)
{
	bool a = !strcmp(rater->code, colluding[0]) && !strcmp(u->code, colluding[1]);
	bool b = !strcmp(rater->code, colluding[1]) && !strcmp(u->code, colluding[0]);
	if (a || b)
		return 12;
	return !strcmp(rater->code, harsh_rater) ? -15 : 0;
}

static void ballots_of(struct demo *d, struct buf *b, const struct unit *u)
{
	bool town = !strcmp(cats[u->cat].category, "township");
	for (size_t k = 0; k < ARRAY_LEN(groups); k++) {
		const struct groupdef *g = &groups[k];
		int lo = town ? g->town_lo : g->dept_lo, hi = town ? g->town_hi : g->dept_hi;
		if (g->mutual) {
			for (int v = 0; v < d->n; v++) {
				const struct unit *r = &d->u[v];
				if (r == u || r->cat != u->cat)
					continue;
				for (int x = rng_int(&d->r, lo, hi); x > 0; x--, d->st.mutual++)
					put_ballot(d, b, g, u, r, mutual_extra(r, u));
			}
			continue;
		}
		int n = rng_int(&d->r, lo, hi);
		if (!strcmp(g->code, "retired") &&
		    listed(u->code, few_retired, ARRAY_LEN(few_retired)))
			n = g->min_ballots - 1;
		for (int x = 0; x < n; x++)
			put_ballot(d, b, g, u, NULL, 0);
	}
}

static int write_ballots(struct demo *d)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "group,unit,rater_unit");
	for (int c = 0; c < d->ncols; c++)
		buf_printf(&b, ",%s", d->col[c]);
	buf_putc(&b, '\n');
	for (int j = 0; j < d->n; j++)
		ballots_of(d, &b, &d->u[j]);
	int rc = import(d, "ballots", &b, &d->st.ballots);
	buf_cleanup(&b);
	return rc;
}

/* Monthly and quarterly process scores around a level that follows the quality. */
static int write_process(struct demo *d)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "unit,period_type,period,score\n");
	for (int j = 0; j < d->n; j++) {
		const struct unit *u = &d->u[j];
		double level = 0.5 * u->q + 44 + 2.5 * rng_gauss(&d->r);
		for (int m = 1; m <= 12; m++)
			buf_printf(&b, "%s,monthly,2026-%02d,%.1f\n", u->code, m,
				   clamp(level + 3 * rng_gauss(&d->r), 0, 100));
		for (int q = 1; q <= 4; q++)
			buf_printf(&b, "%s,quarterly,2026-Q%d,%.1f\n", u->code, q,
				   clamp(level + 2 * rng_gauss(&d->r), 0, 100));
	}
	int rc = import(d, "process", &b, &d->st.process);
	buf_cleanup(&b);
	return rc;
}

/* Self scores run high whatever the unit; the verified efficiency follows the quality. */
static int write_self(struct demo *d)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "unit,self,efficiency\n");
	for (int j = 0; j < d->n; j++) {
		const struct unit *u = &d->u[j];
		double self = clamp(0.3 * u->q + 66 + 2 * rng_gauss(&d->r), 0, 100);
		double eff = clamp(0.6 * u->q + 34 + 3 * rng_gauss(&d->r), 0, 100);
		if (!strcmp(u->code, no_self))
			continue;
		buf_printf(&b, "%s,%.1f,%.1f\n", u->code, self, eff);
	}
	int rc = import(d, "self", &b, &d->st.self);
	buf_cleanup(&b);
	return rc;
}

static int write_survey(struct demo *d)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "unit,satisfaction\n");
	for (int j = 0; j < d->n; j++) {
		const struct unit *u = &d->u[j];
		double q = clamp(u->q - 2 + 4 * rng_gauss(&d->r), 0, 100);
		if (!listed(u->code, no_survey, ARRAY_LEN(no_survey)))
			buf_printf(&b, "%s,%.1f\n", u->code, q);
	}
	int rc = import(d, "survey", &b, &d->st.survey);
	buf_cleanup(&b);
	return rc;
}

static int write_adjustments(struct demo *d)
{
	struct buf b = BUF_INIT;
	int best = -1;
	buf_puts(&b, "unit,points,veto,reason,no_excellent\n");
	for (size_t i = 0; i < ARRAY_LEN(adjustments); i++) {
		const struct adjust *a = &adjustments[i];
		if (unit_index(d, a->unit) < 0)
			continue;
		buf_printf(&b, "%s,%s,%d,", a->unit, a->points, a->veto);
		buf_put_csv(&b, a->reason);
		buf_puts(&b, ",0\n");
	}
	for (int j = 0; j < d->n; j++)
		if (!strcmp(cats[d->u[j].cat].category, "township") &&
		    (best < 0 || d->u[j].q > d->u[best].q))
			best = j;
	if (best >= 0) {
		buf_printf(&b, "%s,0,0,", d->u[best].code);
		buf_put_csv(&b, NO_EXCELLENT_REASON);
		buf_puts(&b, ",1\n");
	}
	int rc = import(d, "adjustments", &b, &d->st.adjustments);
	buf_cleanup(&b);
	return rc;
}

int eval_demo_round_create(struct store *s, const struct actor *who, uint64_t seed,
			   struct eval_demo_stats *st, struct zf_err *err)
{
	struct demo d = {.s = s, .who = who, .err = err, .r = {seed ^ 0xa0761d6478bd642fULL}};
	int rc;

	if (!store_in_tx(s))
		return zf_err_set(err, ZF_EINTERNAL, NULL,
				  "the demo round must be built inside a transaction");
	json_t *cfg = round_config();
	rc = eval_round_create(s, who, cfg, err);
	json_decref(cfg);
	if (rc == 0)
		rc = eval_round_transition(s, who, EVAL_DEMO_ROUND, "open", NULL, err);
	if (rc == 0)
		rc = load_units(&d);
	if (rc == 0) {
		map_columns(&d);
		rc = write_ballots(&d);
	}
	if (rc == 0)
		rc = write_process(&d);
	if (rc == 0)
		rc = write_self(&d);
	if (rc == 0)
		rc = write_survey(&d);
	if (rc == 0)
		rc = write_adjustments(&d);
	if (rc == 0)
		*st = d.st;
	for (int j = 0; j < d.n; j++)
		free(d.u[j].code);
	free(d.u);
	return rc;
}
