/* eval_output.c: a ranking as the files of SCORING.md section 6 (CSV), as JSON for the API
 * and the browser, as an XLSX workbook for the office, and one unit's scorecard. Numbers
 * are written as printf("%.2f") writes them (p_last with 3 decimals), except that a value
 * printing as "-0.00" is written "0.00". */
#include "base/util.h"
#include "eval/eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* v with dec decimals as printf writes it, without the sign of a negative zero. */
static const char *fmt_num(char *b, size_t n, double v, int dec)
{
	snprintf(b, n, "%.*f", dec, v);
	if (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1))
		memmove(b, b + 1, strlen(b));
	return b;
}

/* The value the CSV shows, as a number. */
static double shown(double v, int dec)
{
	char b[64];
	return strtod(fmt_num(b, sizeof b, v, dec), NULL);
}

static json_t *jnum(bool has, double v, int dec)
{
	return has && isfinite(v) ? json_real(shown(v, dec)) : json_null();
}

static bool has_p_last(const struct eval_rank_row *r)
{
	return r->res.ranked && !isnan(r->p_last);
}

/* An accountability proposal for the worst unit needs review unless the bootstrap puts it
 * last in at least 90% of the resamples; without a bootstrap it always does. */
static bool needs_review(const struct eval_rank_row *r)
{
	return r->res.worst && (!has_p_last(r) || r->p_last < 0.9);
}

static bool group_hidden(const struct eval_ranking *rk, const struct eval_rank_row *r, int g)
{
	return r->ballots[g] < (uint32_t)rk->round.cfg.anonymity_threshold;
}

/* ---- CSV ---- */

static void csv_num(struct buf *out, bool has, double v, int dec)
{
	char b[64];
	buf_putc(out, ',');
	if (has)
		buf_puts(out, fmt_num(b, sizeof b, v, dec));
}

void eval_ranking_csv(const struct eval_ranking *rk, struct buf *out)
{
	buf_puts(out, "\xEF\xBB\xBF"
		      "category,rank,unit,name,total,democratic,process,self,efficiency,"
		      "survey_adjust,deduction,vetoed,incomplete,grade,worst,p_last\n");
	for (int j = 0; j < rk->n; j++) {
		const struct eval_rank_row *r = &rk->rows[j];
		const struct score_result *s = &r->res;
		buf_put_csv(out, r->category);
		buf_putc(out, ',');
		if (s->ranked)
			buf_printf(out, "%d", s->rank);
		buf_putc(out, ',');
		buf_put_csv(out, r->code);
		buf_putc(out, ',');
		buf_put_csv(out, r->name);
		csv_num(out, s->has_total, s->total, 2);
		csv_num(out, s->has_d, s->d, 2);
		csv_num(out, s->has_p, s->p, 2);
		csv_num(out, r->has_self, r->self, 2);
		csv_num(out, r->has_eff, r->eff, 2);
		csv_num(out, true, s->survey_adjust, 2);
		csv_num(out, true, s->deduction, 2);
		buf_printf(out, ",%d,%d,%s,%d", r->veto ? 1 : 0, s->incomplete ? 1 : 0,
			   score_grade_zh(s->grade), s->worst ? 1 : 0);
		csv_num(out, has_p_last(r), r->p_last, 3);
		buf_putc(out, '\n');
	}
}

/* ---- JSON ---- */

static json_t *round_json(const struct eval_ranking *rk)
{
	return json_pack("{s:s,s:s,s:s}", "code", rk->round.cfg.code, "name", rk->round.cfg.name,
			 "state", eval_state_name(rk->round.state));
}

static json_t *rank_range(const struct eval_rank_row *r)
{
	if (!r->res.ranked)
		return json_null();
	return json_pack("[i,i]", r->rank_lo, r->rank_hi);
}

static json_t *satisfaction(const struct eval_rank_row *r)
{
	return jnum(r->res.satisfaction >= 0, r->res.satisfaction, 4);
}

/* The fields a ranking row and a scorecard share. */
static json_t *unit_json(const struct eval_ranking *rk, const struct eval_rank_row *r)
{
	const struct score_result *s = &r->res;
	json_t *u = json_object();
	json_object_set_new(u, "category", json_string(r->category));
	json_object_set_new(u, "rank", s->ranked ? json_integer(s->rank) : json_null());
	json_object_set_new(u, "unit", json_string(r->code));
	json_object_set_new(u, "name", json_string(r->name));
	json_object_set_new(u, "total", jnum(s->has_total, s->total, 2));
	json_object_set_new(u, "democratic", jnum(s->has_d, s->d, 2));
	json_object_set_new(u, "process", jnum(s->has_p, s->p, 2));
	json_object_set_new(u, "self", jnum(r->has_self, r->self, 2));
	json_object_set_new(u, "efficiency", jnum(r->has_eff, r->eff, 2));
	json_object_set_new(u, "survey_adjust", jnum(true, s->survey_adjust, 2));
	json_object_set_new(u, "deduction", jnum(true, s->deduction, 2));
	json_object_set_new(u, "vetoed", json_boolean(r->veto));
	json_object_set_new(u, "incomplete", json_boolean(s->incomplete));
	json_object_set_new(u, "grade",
			    s->ranked ? json_string(score_grade_zh(s->grade)) : json_null());
	json_object_set_new(u, "worst", json_boolean(s->worst));
	json_object_set_new(u, "p_last", jnum(has_p_last(r), r->p_last, 3));
	json_object_set_new(u, "rank_range", rank_range(r));
	json_object_set_new(u, "needs_review", json_boolean(needs_review(r)));
	json_object_set_new(u, "satisfaction_rate", satisfaction(r));
	(void)rk;
	return u;
}

json_t *eval_ranking_json(const struct eval_ranking *rk)
{
	const struct eval_config *c = &rk->round.cfg;
	json_t *units = json_array();
	for (int j = 0; j < rk->n; j++) {
		const struct eval_rank_row *r = &rk->rows[j];
		json_t *u = unit_json(rk, r), *groups = json_object();
		for (int g = 0; g < c->ngroups; g++) {
			bool hide = group_hidden(rk, r, g);
			double gs = r->res.group_score[g];
			json_object_set_new(groups, c->groups[g].code,
					    json_pack("{s:o,s:i,s:b,s:b}", "score",
						      jnum(!hide && !isnan(gs), gs, 2), "ballots",
						      (json_int_t)r->ballots[g], "eligible",
						      r->res.group_eligible[g], "hidden", hide));
		}
		json_object_set_new(u, "groups", groups);
		json_array_append_new(units, u);
	}
	return json_pack("{s:o,s:b,s:i,s:i,s:o}", "round", round_json(rk), "provisional",
			 rk->provisional, "resamples", rk->resamples, "anonymity_threshold",
			 c->anonymity_threshold, "units", units);
}

json_t *eval_scorecard_json(const struct eval_ranking *rk, const struct eval_rank_row *r)
{
	const struct eval_config *c = &rk->round.cfg;
	const struct eval_catlist *l = &c->cats[r->cat];
	const struct score_result *s = &r->res;
	json_t *u = unit_json(rk, r), *groups = json_array();
	json_object_set_new(u, "components",
			    json_pack("{s:o,s:o,s:o,s:o}", "process", jnum(s->has_p, s->p, 2),
				      "democratic", jnum(s->has_d, s->d, 2), "self",
				      jnum(r->has_self, r->self, 2), "efficiency",
				      jnum(r->has_eff, r->eff, 2)));
	json_object_set_new(u, "satisfaction", jnum(r->has_q, r->q, 2));
	json_object_set_new(u, "deduction_points", jnum(true, r->points, 2));
	json_object_set_new(u, "no_excellent", json_boolean(r->no_excellent));
	for (int g = 0; g < c->ngroups; g++) {
		bool hide = group_hidden(rk, r, g);
		json_t *ind = json_array();
		for (int i = 0; i < l->nind; i++) {
			size_t k = (size_t)g * (size_t)l->nind + (size_t)i;
			json_array_append_new(
			    ind,
			    json_pack("{s:s,s:s,s:f,s:o,s:o}", "code", l->ind[i].code, "name",
				      l->ind[i].name, "weight", l->ind[i].weight, "mean",
				      jnum(!hide && !isnan(r->ind_mean[k]), r->ind_mean[k], 2),
				      "ratings", hide ? json_null() : json_integer(r->ind_n[k])));
		}
		json_array_append_new(
		    groups,
		    json_pack("{s:s,s:s,s:f,s:i,s:i,s:b,s:b,s:o,s:o}", "code", c->groups[g].code,
			      "name", c->groups[g].name, "weight", c->groups[g].weight,
			      "min_ballots", c->groups[g].min_ballots, "ballots",
			      (json_int_t)r->ballots[g], "eligible", s->group_eligible[g], "hidden",
			      hide, "score",
			      jnum(!hide && !isnan(s->group_score[g]), s->group_score[g], 2),
			      "indicators", ind));
	}
	json_object_set_new(u, "groups", groups);
	return json_pack("{s:o,s:b,s:i,s:i,s:o}", "round", round_json(rk), "provisional",
			 rk->provisional, "resamples", rk->resamples, "anonymity_threshold",
			 c->anonymity_threshold, "unit", u);
}

/* ---- XLSX ---- */

static const char *const xlsx_headers[] = {
    "类别", "名次",	  "单位编码", "单位名称", "综合得分", "民主评价", "过程评价", "自评",
    "效能", "满意度调整", "扣分",     "一票否决", "数据不全", "等次",	  "末位",     "末位概率",
};

/* A sheet name Excel accepts: no []:*?/\, at most 31 characters. */
static void sheet_name(const char *cat, char *out, size_t n)
{
	size_t o = 0, chars = 0;
	for (const char *p = cat; *p && chars < 31 && o + 5 < n; chars++) {
		size_t len = 1;
		unsigned char ch = (unsigned char)*p;
		if (ch >= 0xF0)
			len = 4;
		else if (ch >= 0xE0)
			len = 3;
		else if (ch >= 0xC0)
			len = 2;
		if (strchr("[]:*?/\\'", *p)) {
			out[o++] = '_';
			p++;
			continue;
		}
		for (size_t k = 0; k < len && p[k]; k++)
			out[o++] = p[k];
		p += len;
	}
	out[o] = '\0';
}

struct xlsx_fmt {
	lxw_format *title, *head, *num2, *num3;
};

static void xlsx_num(lxw_worksheet *ws, int row, int col, bool has, double v, int dec,
		     lxw_format *f)
{
	if (has)
		worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, shown(v, dec), f);
}

static void xlsx_row(lxw_worksheet *ws, int row, const struct eval_rank_row *r,
		     const struct xlsx_fmt *f)
{
	const struct score_result *s = &r->res;
	lxw_row_t y = (lxw_row_t)row;
	worksheet_write_string(ws, y, 0, r->category, NULL);
	if (s->ranked)
		worksheet_write_number(ws, y, 1, s->rank, NULL);
	worksheet_write_string(ws, y, 2, r->code, NULL);
	worksheet_write_string(ws, y, 3, r->name, NULL);
	xlsx_num(ws, row, 4, s->has_total, s->total, 2, f->num2);
	xlsx_num(ws, row, 5, s->has_d, s->d, 2, f->num2);
	xlsx_num(ws, row, 6, s->has_p, s->p, 2, f->num2);
	xlsx_num(ws, row, 7, r->has_self, r->self, 2, f->num2);
	xlsx_num(ws, row, 8, r->has_eff, r->eff, 2, f->num2);
	xlsx_num(ws, row, 9, true, s->survey_adjust, 2, f->num2);
	xlsx_num(ws, row, 10, true, s->deduction, 2, f->num2);
	worksheet_write_string(ws, y, 11, r->veto ? "是" : "否", NULL);
	worksheet_write_string(ws, y, 12, s->incomplete ? "是" : "否", NULL);
	if (s->ranked)
		worksheet_write_string(ws, y, 13, score_grade_zh(s->grade), NULL);
	worksheet_write_string(ws, y, 14, s->worst ? "是" : "否", NULL);
	xlsx_num(ws, row, 15, has_p_last(r), r->p_last, 3, f->num3);
}

/* One sheet per category: a title row, the headers, one row per unit. */
static void xlsx_sheet(lxw_workbook *wb, const struct eval_ranking *rk, int from, int to,
		       const struct xlsx_fmt *f)
{
	char name[128], title[512];
	sheet_name(rk->rows[from].category, name, sizeof name);
	lxw_worksheet *ws = workbook_validate_sheet_name(wb, name) == LXW_NO_ERROR
				? workbook_add_worksheet(wb, name)
				: workbook_add_worksheet(wb, NULL);
	snprintf(title, sizeof title, "%s · %s%s", rk->round.cfg.name, rk->rows[from].category,
		 rk->provisional ? "「暂定」" : "");
	int ncols = (int)ARRAY_LEN(xlsx_headers);
	worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(ncols - 1), title, f->title);
	for (int k = 0; k < ncols; k++)
		worksheet_write_string(ws, 1, (lxw_col_t)k, xlsx_headers[k], f->head);
	worksheet_set_column(ws, 0, 2, 10, NULL);
	worksheet_set_column(ws, 3, 3, 18, NULL);
	worksheet_set_column(ws, 4, (lxw_col_t)(ncols - 1), 11, NULL);
	worksheet_freeze_panes(ws, 2, 0);
	for (int j = from; j < to; j++)
		xlsx_row(ws, 2 + j - from, &rk->rows[j], f);
}

int eval_ranking_xlsx(const struct eval_ranking *rk, const char *path, struct zf_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	struct xlsx_fmt f;
	if (!wb)
		return zf_err_set(err, ZF_EIO, "out", "%s: cannot create the workbook", path);
	f.title = workbook_add_format(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);
	f.head = workbook_add_format(wb);
	format_set_bold(f.head);
	format_set_bottom(f.head, LXW_BORDER_THIN);
	f.num2 = workbook_add_format(wb);
	format_set_num_format(f.num2, "0.00");
	f.num3 = workbook_add_format(wb);
	format_set_num_format(f.num3, "0.000");
	for (int j = 0; j < rk->n;) {
		int k = j;
		while (k < rk->n && !strcmp(rk->rows[k].category, rk->rows[j].category))
			k++;
		xlsx_sheet(wb, rk, j, k, &f);
		j = k;
	}
	if (rk->n == 0) {
		lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
		char title[512];
		snprintf(title, sizeof title, "%s%s", rk->round.cfg.name,
			 rk->provisional ? "「暂定」" : "");
		worksheet_write_string(ws, 0, 0, title, f.title);
	}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return zf_err_set(err, ZF_EIO, "out", "%s: %s", path, lxw_strerror(e));
	return 0;
}
