/* eval_import.c: the five CSV inputs of a round (SCORING.md sections 2 and 6): ballots,
 * process scores, self and efficiency scores, survey results and adjustments. A file is
 * checked whole before anything is written; every bad row is reported as
 * `FILE:LINE: column: what is wrong`; a clean file is written in one transaction with one
 * audit entry. The command line (cli/import.c) and the API (eval_http.c) both come here. */
#include "eval/eval_import_impl.h"
#include "audit/audit.h"
#include "base/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PERIOD_MAX 40  /* code points of a process period ("2026-01", "2026Q1", ...) */
#define REASON_MAX 500 /* code points of an adjustment's reason */
#define NUMBER_MAX 32  /* bytes of a number cell */

/* ---- a map from strings to ints ---- */

static size_t smap_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

/* The table is a power of two at least twice n: probes stay short. */
void smap_init(struct smap *m, size_t n)
{
	m->cap = 16;
	while (m->cap < 2 * n + 2)
		m->cap *= 2;
	m->keys = xcalloc(m->cap, sizeof *m->keys);
	m->vals = xcalloc(m->cap, sizeof *m->vals);
}

void smap_cleanup(struct smap *m)
{
	for (size_t i = 0; m->keys && i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}

static size_t smap_slot(const struct smap *m, const char *key)
{
	size_t i = smap_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

int *smap_get(const struct smap *m, const char *key)
{
	size_t i = smap_slot(m, key);
	return m->keys[i] ? &m->vals[i] : NULL;
}

/* The map never holds more keys than it was sized for. */
int smap_put(struct smap *m, const char *key, int val)
{
	size_t i = smap_slot(m, key);
	if (!m->keys[i]) {
		m->keys[i] = xstrdup(key);
		m->vals[i] = val;
	}
	return m->vals[i];
}

/* ---- one import ---- */

/* Adds one bad line: msg, and zh its Chinese ("" when there is none). */
static void imp_bad_text(struct imp *im, long line, const char *column, const char *msg,
			 const char *zh)
{
	import_report_add(im->rep, line, column, "%s", msg);
	if (line != im->last_line || im->bad_lines == 0)
		im->bad_lines++;
	im->last_line = line;
	if (json_is_array(im->errors)) {
		json_t *e = json_pack("{s:I}", "line", (json_int_t)line);
		if (column && *column)
			json_object_set_new(e, "column", json_string(column));
		json_object_set_new(e, "message", json_string(msg));
		if (zh[0])
			json_object_set_new(e, "message_zh", json_string(zh));
		json_array_append_new(im->errors, e);
	}
}

void imp_bad(struct imp *im, long line, const char *column, const char *fmt, ...)
{
	char msg[1024], zh[1536];
	va_list ap, ap_zh;
	va_start(ap, fmt);
	va_copy(ap_zh, ap);
	vsnprintf(msg, sizeof msg, fmt, ap);
	zf_err_format_zh(zh, sizeof zh, fmt, ap_zh);
	va_end(ap_zh);
	va_end(ap);
	imp_bad_text(im, line, column, msg, zh);
}

const char *imp_field(struct imp *im, const struct csv_row *row, int col)
{
	return csv_field(row, im->idx[col]);
}

/* True when header h names column c: its code (ASCII case ignored) or a Chinese name. */
static bool names_col(const char *h, const struct import_col *c)
{
	if (!strcasecmp(h, c->code))
		return true;
	for (int k = 0; k < IMPORT_MAX_ALIASES && c->zh[k]; k++)
		if (!strcmp(h, c->zh[k]))
			return true;
	return false;
}

/* ---- values ---- */

/* A plain decimal number: an optional sign, digits and at most one point ("85", " 85.5",
 * "-3"); no exponent, no inf or nan, at most NUMBER_MAX bytes. */
static bool parse_number(const char *v, double *out)
{
	const char *p = v + (*v == '+' || *v == '-');
	int digits = 0, points = 0;
	if (strlen(v) > NUMBER_MAX)
		return false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !points)
			points++;
		else
			return false;
	}
	if (!digits)
		return false;
	*out = strtod(v, NULL);
	return isfinite(*out);
}

/* A number cell of column col in [0, max] (max < 0: no upper bound). Returns 1 with *v, 0
 * for a blank cell (reported as required unless blank_ok), -1 after reporting. */
static int number_cell(struct imp *im, const struct csv_row *row, int col, bool blank_ok,
		       double max, double *v)
{
	const char *cell = imp_field(im, row, col), *name = im->names[col];
	if (!*cell) {
		if (blank_ok)
			return 0;
		imp_bad(im, row->line, name, "required");
		return -1;
	}
	if (!parse_number(cell, v)) {
		imp_bad(im, row->line, name, "'%s' is not a number", cell);
		return -1;
	}
	if (*v < 0 || (max >= 0 && *v > max)) {
		if (max >= 0)
			imp_bad(im, row->line, name, "%s is out of range: a score is 0-100", cell);
		else
			imp_bad(im, row->line, name,
				"%s is negative: points to deduct are 0 or more", cell);
		return -1;
	}
	return 1;
}

/* A 0/1 flag cell; blank is 0. Returns 0 or -1 after reporting. */
static int flag_cell(struct imp *im, const struct csv_row *row, int col, bool *v)
{
	const char *cell = imp_field(im, row, col);
	*v = false;
	if (!*cell || !strcmp(cell, "0"))
		return 0;
	if (!strcmp(cell, "1")) {
		*v = true;
		return 0;
	}
	imp_bad(im, row->line, im->names[col], "'%s' is not 0 or 1 (blank is 0)", cell);
	return -1;
}

/* Required text of at most max code points, or NULL after reporting. */
static const char *text_cell(struct imp *im, const struct csv_row *row, int col, size_t max)
{
	const char *cell = imp_field(im, row, col);
	if (!*cell) {
		imp_bad(im, row->line, im->names[col], "required");
		return NULL;
	}
	if (utf8_len(cell) > max) {
		imp_bad(im, row->line, im->names[col], "too long: at most %zu characters", max);
		return NULL;
	}
	return cell;
}

/* ---- units ---- */

static int units_load(struct imp *im, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.code, u.active, c.code FROM units u"
			       " LEFT JOIN categories c ON c.id = u.category_id ORDER BY u.id";
	struct import_units *u = &im->u;
	int64_t n = 0;
	int rc = store_query_int(im->s, err, &n, "SELECT count(*) FROM units", "");
	if (rc < 0)
		return rc;
	smap_init(&u->by_code, (size_t)n);
	u->id = xcalloc((size_t)n + 1, sizeof *u->id);
	u->active = xcalloc((size_t)n + 1, sizeof *u->active);
	u->cat = xcalloc((size_t)n + 1, sizeof *u->cat);
	u->code = xcalloc((size_t)n + 1, sizeof *u->code);
	u->category = xcalloc((size_t)n + 1, sizeof *u->category);
	struct stmt *st = store_prepare(im->s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	while (u->n < n && (rc = stmt_step(st, err)) == STORE_ROW) {
		int i = u->n++;
		u->id[i] = stmt_int(st, 0);
		u->code[i] = xstrdup(stmt_text(st, 1));
		u->active[i] = stmt_int(st, 2) != 0;
		u->category[i] = xstrdup(stmt_text(st, 3));
		u->cat[i] = eval_config_catlist(im->cfg, u->category[i]);
		smap_put(&u->by_code, u->code[i], i);
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static void units_cleanup(struct import_units *u)
{
	for (int i = 0; i < u->n; i++) {
		free(u->code[i]);
		free(u->category[i]);
	}
	free(u->code);
	free(u->category);
	free(u->id);
	free(u->active);
	free(u->cat);
	smap_cleanup(&u->by_code);
}

int imp_unit(struct imp *im, const struct csv_row *row, const char *code, const char *column)
{
	if (!*code) {
		imp_bad(im, row->line, column, "required");
		return -1;
	}
	int *i = smap_get(&im->u.by_code, code);
	if (!i) {
		imp_bad(im, row->line, column, "unknown unit %s", code);
		return -1;
	}
	if (!im->u.active[*i]) {
		imp_bad(im, row->line, column, "unit %s is deactivated", code);
		return -1;
	}
	if (im->u.cat[*i] < 0) {
		imp_bad(im, row->line, column,
			"unit %s is of category %s, which has no indicator list in round %s", code,
			im->u.category[*i], im->cfg->code);
		return -1;
	}
	return *i;
}

/* Reports a second row with key (already built by the caller) in the file; true then. */
static bool duplicate_in_file(struct imp *im, const struct csv_row *row, const char *key,
			      const char *column, const char *what)
{
	int first = smap_put(&im->seen, key, (int)row->line);
	if (first == row->line)
		return false;
	imp_bad(im, row->line, column, "duplicate row: %s is also on line %d", what, first);
	return true;
}

/* Runs a query of the round's id, a unit's id and up to two texts; *found says whether it
 * gave a row. Returns 0 or a store failure (in im->err). */
static int exists(struct imp *im, const char *sql, int64_t unit, const char *t1, const char *t2,
		  bool *found)
{
	struct stmt *st = store_prepare(im->s, sql, im->err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, im->round_id);
	stmt_bind_int(st, 2, unit);
	if (t1)
		stmt_bind_text(st, 3, t1);
	if (t2)
		stmt_bind_text(st, 4, t2);
	int rc = stmt_step(st, im->err);
	stmt_reset(st);
	*found = rc == STORE_ROW;
	return rc < 0 ? rc : 0;
}

/* ---- process scores ---- */

enum { P_UNIT, P_TYPE, P_PERIOD, P_SCORE };
static const struct import_col process_cols[] = {
    {"unit", {"单位编码"}, true},
    {"period_type", {"周期类型", "考核类型"}, true},
    {"period", {"周期", "考核期"}, true},
    {"score", {"得分", "分数"}, true},
};
static const char *const period_names[SP_NPERIODS][2] = {
    {"daily", "日常"}, {"monthly", "月度"}, {"quarterly", "季度"}, {"annual", "年度"}};

static int process_row(struct imp *im, const struct csv_row *row, struct import_rec *r)
{
	const char *type = imp_field(im, row, P_TYPE);
	int u = imp_unit(im, row, imp_field(im, row, P_UNIT), im->names[P_UNIT]);
	r->grp = -1;
	for (int t = 0; t < SP_NPERIODS; t++)
		if (!strcmp(type, period_names[t][0]) || !strcmp(type, period_names[t][1]))
			r->grp = t;
	if (!*type)
		imp_bad(im, row->line, im->names[P_TYPE], "required");
	else if (r->grp < 0)
		imp_bad(im, row->line, im->names[P_TYPE],
			"'%s' is not a period type: daily, monthly, quarterly or annual "
			"(日常, 月度, 季度, 年度)",
			type);
	r->text = text_cell(im, row, P_PERIOD, PERIOD_MAX);
	r->has[0] = number_cell(im, row, P_SCORE, false, 100, &r->v[0]) > 0;
	r->unit = u;
	if (u < 0 || r->grp < 0 || !r->text)
		return 0;
	const char *tname = period_names[r->grp][0];
	char key[256], what[256];
	snprintf(key, sizeof key, "%s\x1f%s\x1f%s", im->u.code[u], tname, r->text);
	snprintf(what, sizeof what, "unit %s, %s %s", im->u.code[u], tname, r->text);
	if (duplicate_in_file(im, row, key, im->names[P_PERIOD], what))
		return 0;
	bool found;
	int rc = exists(im,
			"SELECT 1 FROM process_scores WHERE round_id = ? AND unit_id = ?"
			" AND period_type = ? AND period = ?",
			im->u.id[u], tname, r->text, &found);
	if (rc == 0 && found)
		imp_bad(im, row->line, im->names[P_PERIOD],
			"unit %s already has a score for %s %s in round %s", im->u.code[u], tname,
			r->text, im->cfg->code);
	return rc;
}

static int process_write(struct imp *im, const struct import_rec *r, struct zf_err *err)
{
	return store_run(im->s, err,
			 "INSERT INTO process_scores(round_id, unit_id, period_type, period, score)"
			 " VALUES (?, ?, ?, ?, ?)",
			 "iittd", im->round_id, im->u.id[r->unit], period_names[r->grp][0], r->text,
			 r->v[0]);
}

/* ---- self and efficiency scores; survey results ---- */

enum { S_UNIT, S_SELF, S_EFF };
static const struct import_col self_cols[] = {
    {"unit", {"单位编码"}, true},
    {"self", {"自评分", "自评得分"}, true},
    {"efficiency", {"效能分", "效能得分"}, true},
};

enum { Q_UNIT, Q_SAT };
static const struct import_col survey_cols[] = {
    {"unit", {"单位编码"}, true},
    {"satisfaction", {"满意度", "满意度得分"}, true},
};

/* A unit's one row of self or survey: unique in the file and in the round. */
static int one_row_per_unit(struct imp *im, const struct csv_row *row, int u, const char *sql,
			    const char *what)
{
	bool found;
	if (duplicate_in_file(im, row, im->u.code[u], im->names[0], im->u.code[u]))
		return 0;
	int rc = exists(im, sql, im->u.id[u], NULL, NULL, &found);
	if (rc == 0 && found)
		imp_bad(im, row->line, im->names[0], "unit %s has %s in round %s already",
			im->u.code[u], what, im->cfg->code);
	return rc;
}

static int self_row(struct imp *im, const struct csv_row *row, struct import_rec *r)
{
	r->unit = imp_unit(im, row, imp_field(im, row, S_UNIT), im->names[S_UNIT]);
	r->has[0] = number_cell(im, row, S_SELF, true, 100, &r->v[0]) > 0;
	r->has[1] = number_cell(im, row, S_EFF, true, 100, &r->v[1]) > 0;
	if (r->unit < 0)
		return 0;
	return one_row_per_unit(im, row, r->unit,
				"SELECT 1 FROM self_scores WHERE round_id = ? AND unit_id = ?",
				"self and efficiency scores");
}

static int self_write(struct imp *im, const struct import_rec *r, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(im->s,
			  "INSERT INTO self_scores(round_id, unit_id, self, efficiency)"
			  " VALUES (?, ?, ?, ?)",
			  err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, im->round_id);
	stmt_bind_int(st, 2, im->u.id[r->unit]);
	for (int k = 0; k < 2; k++)
		if (r->has[k])
			stmt_bind_double(st, 3 + k, r->v[k]);
		else
			stmt_bind_null(st, 3 + k);
	int rc = stmt_step(st, err);
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static int survey_row(struct imp *im, const struct csv_row *row, struct import_rec *r)
{
	r->unit = imp_unit(im, row, imp_field(im, row, Q_UNIT), im->names[Q_UNIT]);
	r->has[0] = number_cell(im, row, Q_SAT, true, 100, &r->v[0]) > 0;
	if (r->unit < 0)
		return 0;
	return one_row_per_unit(im, row, r->unit,
				"SELECT 1 FROM survey_scores WHERE round_id = ? AND unit_id = ?",
				"a survey result");
}

static int survey_write(struct imp *im, const struct import_rec *r, struct zf_err *err)
{
	if (r->has[0])
		return store_run(im->s, err,
				 "INSERT INTO survey_scores(round_id, unit_id, satisfaction)"
				 " VALUES (?, ?, ?)",
				 "iid", im->round_id, im->u.id[r->unit], r->v[0]);
	return store_run(im->s, err,
			 "INSERT INTO survey_scores(round_id, unit_id, satisfaction)"
			 " VALUES (?, ?, NULL)",
			 "ii", im->round_id, im->u.id[r->unit]);
}

/* ---- adjustments ---- */

enum { A_UNIT, A_POINTS, A_VETO, A_REASON, A_NOEXC };
static const struct import_col adjustment_cols[] = {
    {"unit", {"单位编码"}, true},
    {"points", {"扣分", "扣分分值"}, true},
    {"veto", {"一票否决"}, true},
    {"reason", {"事由", "扣分事由", "原因"}, true},
    {"no_excellent", {"取消评优", "取消评优资格"}, false},
};

static int adjustment_row(struct imp *im, const struct csv_row *row, struct import_rec *r)
{
	r->unit = imp_unit(im, row, imp_field(im, row, A_UNIT), im->names[A_UNIT]);
	r->has[0] = number_cell(im, row, A_POINTS, false, -1, &r->v[0]) > 0;
	flag_cell(im, row, A_VETO, &r->veto);
	r->text = text_cell(im, row, A_REASON, REASON_MAX);
	flag_cell(im, row, A_NOEXC, &r->no_exc);
	return 0;
}

static int adjustment_write(struct imp *im, const struct import_rec *r, struct zf_err *err)
{
	return store_run(im->s, err,
			 "INSERT INTO adjustments(round_id, unit_id, points, veto, no_excellent,"
			 " reason, source) VALUES (?, ?, ?, ?, ?, ?, 'import')",
			 "iidiit", im->round_id, im->u.id[r->unit], r->v[0], (int64_t)r->veto,
			 (int64_t)r->no_exc, r->text);
}

/* ---- the driver ---- */

static const struct import_kind process_kind = {
    .name = "process",
    .noun = "process scores",
    .cols = process_cols,
    .ncols = ARRAY_LEN(process_cols),
    .row = process_row,
    .write = process_write,
};
static const struct import_kind self_kind = {
    .name = "self",
    .noun = "self-evaluations",
    .cols = self_cols,
    .ncols = ARRAY_LEN(self_cols),
    .row = self_row,
    .write = self_write,
};
static const struct import_kind survey_kind = {
    .name = "survey",
    .noun = "survey results",
    .cols = survey_cols,
    .ncols = ARRAY_LEN(survey_cols),
    .row = survey_row,
    .write = survey_write,
};
static const struct import_kind adjustment_kind = {
    .name = "adjustments",
    .noun = "adjustments",
    .cols = adjustment_cols,
    .ncols = ARRAY_LEN(adjustment_cols),
    .row = adjustment_row,
    .write = adjustment_write,
};
static const struct import_kind *const kinds[] = {&import_ballots_kind, &process_kind, &self_kind,
						  &survey_kind, &adjustment_kind};

/* Maps the header onto the kind's columns (and its extra columns: the indicators of a
 * ballots file), reporting every problem at line 1. Returns the number of problems. */
static int map_header(struct imp *im)
{
	const struct import_kind *k = im->kind;
	int problems = im->rep->nerrors;
	for (int i = 0; i < k->ncols; i++)
		im->idx[i] = -1;
	for (int h = 0; h < im->csv.ncols; h++) {
		const char *name = im->csv.header[h];
		int i;
		if (!*name) {
			for (size_t r = 0; r < im->csv.nrows; r++)
				if (*csv_field(&im->csv.rows[r], h)) {
					imp_bad(im, 1, NULL, "column %d has data but no header",
						h + 1);
					break;
				}
			continue;
		}
		for (i = 0; i < k->ncols && !names_col(name, &k->cols[i]); i++)
			;
		if (i < k->ncols) {
			if (im->idx[i] >= 0)
				imp_bad(im, 1, name, "duplicate column");
			else
				im->idx[i] = h;
		} else if (!k->extra_column || !k->extra_column(im, h)) {
			imp_bad(im, 1, name, "unknown column");
		}
	}
	for (int i = 0; i < k->ncols; i++) {
		im->names[i] = im->idx[i] >= 0 ? im->csv.header[im->idx[i]] : k->cols[i].zh[0];
		if (k->cols[i].required && im->idx[i] < 0)
			imp_bad(im, 1, k->cols[i].zh[0], "missing column");
	}
	return im->rep->nerrors - problems;
}

/* s without its leading "FILE:LINE" and separator sep, when it has them. */
static const char *after_place(const char *s, const char *fname, long line, const char *sep)
{
	char prefix[600];
	int n = snprintf(prefix, sizeof prefix, "%s:%ld%s", fname, line, sep);
	return n > 0 && (size_t)n < sizeof prefix && !strncmp(s, prefix, (size_t)n) ? s + n : s;
}

/* Adds csv_parse's "FILE:LINE: what" (and its Chinese, "FILE:LINE：...") as a report line. */
static void report_parse_error(struct imp *im, const char *fname, const struct zf_err *perr)
{
	imp_bad_text(im, perr->line, NULL, after_place(perr->msg, fname, perr->line, ": "),
		     after_place(perr->msg_zh, fname, perr->line, "："));
}

/* Checks every row into im->recs. Returns 0 or a store failure. */
static int check_rows(struct imp *im)
{
	size_t n = im->csv.nrows;
	im->recs = xcalloc(n + 1, sizeof *im->recs);
	smap_init(&im->seen, n);
	for (size_t r = 0; r < n; r++) {
		const struct csv_row *row = &im->csv.rows[r];
		if (row->nfields != im->csv.ncols) {
			imp_bad(im, row->line, NULL, "wrong column count: %d fields, header has %d",
				row->nfields, im->csv.ncols);
			continue;
		}
		struct import_rec *rec = &im->recs[r];
		rec->rater = -1;
		rec->ratings = im->pool ? im->pool + r * (size_t)im->max_ind : NULL;
		int rc = im->kind->row(im, row, rec);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The audit entry's changes. */
static json_t *changes(struct imp *im, const char *fname, int rows,
		       const struct eval_import_opts *o)
{
	json_t *ch = json_pack("{s:s,s:s,s:i,s:s}", "file", fname, "kind", im->kind->name, "rows",
			       rows, "encoding", im->csv.encoding);
	if (o && im->kind->reconciles && (o->issued >= 0 || o->spoiled >= 0)) {
		int spoiled = o->spoiled > 0 ? o->spoiled : 0;
		json_t *rec = json_pack("{s:i,s:i,s:i}", "counted", rows, "spoiled", spoiled,
					"returned", rows + spoiled);
		if (o->issued >= 0)
			json_object_set_new(rec, "issued", json_integer(o->issued));
		json_object_set_new(ch, "reconciliation", rec);
	}
	return ch;
}

/* Writes every checked row and the audit entry, in the caller's transaction or one of its
 * own. */
static int write_rows(struct imp *im, const char *fname, const struct eval_import_opts *o,
		      struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(im->s, &own, err);
	if (rc < 0)
		return rc;
	if (im->kind->order)
		rc = im->kind->order(im, err);
	for (size_t r = 0; r < im->csv.nrows && rc == 0; r++)
		rc = im->kind->write(im, &im->recs[r], err);
	if (rc == 0) {
		json_t *ch = changes(im, fname, (int)im->csv.nrows, o);
		rc = audit_append(im->s, im->who, "import", "round", im->cfg->code, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(im->s, own, rc, err);
}

/* Refuses a ballots file whose papers outnumber those issued (issue 3). */
static int reconcile(struct imp *im, const struct eval_import_opts *o, struct zf_err *err)
{
	if (!o || !im->kind->reconciles || o->issued < 0)
		return 0;
	long counted = (long)im->csv.nrows, spoiled = o->spoiled > 0 ? o->spoiled : 0;
	if (counted + spoiled <= o->issued)
		return 0;
	return zf_err_set(err, ZF_EINVAL, "issued",
			  "papers issued %d, returned %ld (counted %ld + spoiled %ld): more papers "
			  "returned than issued",
			  o->issued, counted + spoiled, counted, spoiled);
}

static void imp_cleanup(struct imp *im)
{
	if (im->ind_col)
		for (int k = 0; k < im->cfg->ncats; k++)
			free(im->ind_col[k]);
	free(im->ind_col);
	free(im->is_ind);
	free(im->recs);
	free(im->pool);
	smap_cleanup(&im->seen);
	units_cleanup(&im->u);
	csv_cleanup(&im->csv);
}

int eval_import(struct store *s, const struct actor *who, const char *round, const char *kind,
		const char *fname, const char *data, size_t len,
		const struct eval_import_opts *opts, struct import_report *rep, int *imported,
		struct zf_err *err)
{
	struct imp im = {.s = s, .who = who, .rep = rep, .errors = opts ? opts->errors : NULL};
	struct eval_round r;
	struct zf_err perr, dummy;
	int rc;

	if (!err)
		err = &dummy;
	im.err = err;
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++)
		if (!strcmp(kind, kinds[k]->name))
			im.kind = kinds[k];
	if (!im.kind)
		return zf_err_set(err, ZF_EINVAL, "kind",
				  "unknown import '%s': ballots, process, self, survey or "
				  "adjustments",
				  kind);
	if (!fname)
		fname = rep->file ? rep->file : "<input>";
	if ((rc = eval_round_get(s, round, &r, err)) < 0)
		return rc;
	if ((rc = eval_round_accepts_input(&r, err)) < 0)
		goto done;
	im.cfg = &r.cfg;
	im.round_id = r.id;
	zf_err_clear(&perr);
	rc = csv_parse(data, len, fname, &im.csv, &perr);
	if (rc == ZF_EINVAL) {
		report_parse_error(&im, fname, &perr);
		goto invalid;
	}
	if (rc < 0) {
		*err = perr;
		goto done;
	}
	if ((rc = units_load(&im, err)) < 0)
		goto done;
	if (map_header(&im) > 0)
		goto invalid;
	if (im.kind->prepare)
		im.kind->prepare(&im);
	if (im.bad_lines > 0)
		goto invalid;
	if ((rc = check_rows(&im)) < 0)
		goto done;
	if (im.bad_lines > 0)
		goto invalid;
	if ((rc = reconcile(&im, opts, err)) < 0 || (rc = write_rows(&im, fname, opts, err)) < 0)
		goto done;
	if (imported)
		*imported = (int)im.csv.nrows;
	goto done;

invalid:
	rc = zf_err_set(err, ZF_EINVAL, NULL, "%d bad row%s", im.bad_lines,
			im.bad_lines == 1 ? "" : "s");
done:
	imp_cleanup(&im);
	eval_round_cleanup(&r);
	return rc;
}

int eval_import_ballots(struct store *s, const struct actor *who, const char *round,
			const char *fname, const char *data, size_t len, struct import_report *rep,
			int *imported, struct zf_err *err)
{
	return eval_import(s, who, round, "ballots", fname, data, len, NULL, rep, imported, err);
}

int eval_import_process(struct store *s, const struct actor *who, const char *round,
			const char *fname, const char *data, size_t len, struct import_report *rep,
			int *imported, struct zf_err *err)
{
	return eval_import(s, who, round, "process", fname, data, len, NULL, rep, imported, err);
}

int eval_import_self(struct store *s, const struct actor *who, const char *round, const char *fname,
		     const char *data, size_t len, struct import_report *rep, int *imported,
		     struct zf_err *err)
{
	return eval_import(s, who, round, "self", fname, data, len, NULL, rep, imported, err);
}

int eval_import_survey(struct store *s, const struct actor *who, const char *round,
		       const char *fname, const char *data, size_t len, struct import_report *rep,
		       int *imported, struct zf_err *err)
{
	return eval_import(s, who, round, "survey", fname, data, len, NULL, rep, imported, err);
}

int eval_import_adjustments(struct store *s, const struct actor *who, const char *round,
			    const char *fname, const char *data, size_t len,
			    struct import_report *rep, int *imported, struct zf_err *err)
{
	return eval_import(s, who, round, "adjustments", fname, data, len, NULL, rep, imported,
			   err);
}
