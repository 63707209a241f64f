/* org_import.c: the CSV imports of units, people and oversight (X3): a whole file or
 * nothing, every bad row reported as `FILE:LINE: column: what is wrong`. The command line
 * (cli/import.c) and the API (org_http.c) both come here. */
#include "org/org_impl.h"
#include "audit/audit.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 16

/* ---- the codes a file defines, and the line of each first occurrence ---- */

enum { CODE_PENDING, CODE_OK, CODE_BAD };

struct codes {
	char **keys;
	long *lines;
	unsigned char *state;
	size_t cap, n;
};

static size_t code_hash(const char *s)
{
	size_t h = 14695981039346656037ull & (size_t)-1;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t codes_slot(const struct codes *c, const char *key)
{
	size_t i = code_hash(key) & (c->cap - 1);
	while (c->keys[i] && strcmp(c->keys[i], key))
		i = (i + 1) & (c->cap - 1);
	return i;
}

/* Sizes the table for n keys (a power of two at least twice n). */
static void codes_init(struct codes *c, size_t n)
{
	c->cap = 16;
	while (c->cap < 2 * n + 2)
		c->cap *= 2;
	c->keys = xcalloc(c->cap, sizeof *c->keys);
	c->lines = xcalloc(c->cap, sizeof *c->lines);
	c->state = xcalloc(c->cap, 1);
	c->n = 0;
}

static void codes_cleanup(struct codes *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->keys[i]);
	free(c->keys);
	free(c->lines);
	free(c->state);
	memset(c, 0, sizeof *c);
}

/* Records the first line of key (non-blank); later lines are left alone. */
static void codes_add(struct codes *c, const char *key, long line)
{
	size_t i = codes_slot(c, key);
	if (c->keys[i])
		return;
	c->keys[i] = xstrdup(key);
	c->lines[i] = line;
	c->n++;
}

/* The first line of key in the file, or 0; *state (may be NULL) gets its state. */
static long codes_line(const struct codes *c, const char *key, int *state)
{
	if (!*key)
		return 0;
	size_t i = codes_slot(c, key);
	if (!c->keys[i])
		return 0;
	if (state)
		*state = c->state[i];
	return c->lines[i];
}

static void codes_set(struct codes *c, const char *key, int state)
{
	size_t i = codes_slot(c, key);
	if (c->keys[i])
		c->state[i] = (unsigned char)state;
}

/* ---- one import ---- */

struct import;
typedef int (*row_fn)(struct import *im, const struct csv_row *row);

struct import_kind {
	const char *entity; /* the audit entity of the rows */
	const struct csv_col *cols;
	int ncols;
	int key_col; /* the column of the code a row defines, or -1 */
	row_fn row;
};

struct import {
	struct store *s;
	const struct actor *who;
	const struct import_kind *kind;
	struct csv csv;
	int idx[MAX_COLS];
	const char *names[MAX_COLS];
	struct check ck;
	struct codes codes;
	int written;
};

static const char *field(struct import *im, const struct csv_row *row, int col)
{
	return csv_field(row, im->idx[col]);
}

/* Whether the current row has had a problem so far. */
static bool row_bad(const struct import *im)
{
	return im->ck.problems > im->ck.row_start;
}

/* Reports a second occurrence of the row's code; true when it is one. */
static bool duplicate_in_file(struct import *im, const struct csv_row *row, const char *code)
{
	long first = codes_line(&im->codes, code, NULL);
	if (!first || first == row->line)
		return false;
	check_fail(&im->ck, ZF_ECONFLICT, im->kind->cols[im->kind->key_col].code,
		   "duplicate code %s: also on line %ld", code, first);
	return true;
}

/* ---- units ---- */

enum { U_CODE, U_NAME, U_CATEGORY, U_PARENT };
static const struct csv_col unit_cols[] = {
    {"code", "单位编码", 1},
    {"name", "单位名称", 1},
    {"category", "类别", 1},
    {"parent", "上级单位", 0},
};

static bool mentions_township(const char *v)
{
	char *low = xstrdup(v);
	for (char *p = low; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	bool yes = strstr(low, "township") || strstr(v, "乡镇");
	free(low);
	return yes;
}

/*
 * The code of the category a units file names in v: a category with that code, or with
 * that name, or else a new category (code and name v; kind township when v mentions
 * township or 乡镇, else dept). *code gets it (owned by the caller), or NULL when v is no
 * code at all, which unit_add then reports.
 */
static int resolve_category(struct import *im, const char *v, char **code)
{
	static const char *by_name = "SELECT code FROM categories WHERE name = ? ORDER BY id";
	struct zf_err lerr;
	int64_t id;
	int rc;

	*code = NULL;
	if (!*v)
		return 0;
	zf_err_clear(&lerr);
	rc = find_by_code(im->s, "category", v, &id, NULL, &lerr);
	if (rc == 0) {
		*code = xstrdup(v);
		return 0;
	}
	if (rc != ZF_ENOTFOUND)
		return *im->ck.err = lerr, rc;
	struct stmt *st = store_prepare(im->s, by_name, im->ck.err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, v);
	if ((rc = stmt_step(st, im->ck.err)) == STORE_ROW)
		*code = xstrdup(stmt_text(st, 0));
	stmt_reset(st);
	if (rc < 0 || *code)
		return rc < 0 ? rc : 0;

	struct check one;
	zf_err_clear(&lerr);
	check_init(&one, &lerr);
	if (!check_code(&one, "category", v))
		return 0;
	struct org_category c = {
	    .code = v, .name = v, .kind = mentions_township(v) ? "township" : "dept"};
	if ((rc = category_add(&one, im->s, im->who, &c, &id)) < 0)
		return *im->ck.err = lerr, rc;
	if (one.problems)
		check_fail(&im->ck, lerr.code, "category", "%s", lerr.msg);
	else
		*code = xstrdup(v);
	return 0;
}

/* Reports a parent that is not in the database but defined by this file where it cannot be
 * used by this row (later, on this row, or with errors). *pass says whether the parent is
 * left for unit_add to check. Returns 0 or a store failure. */
static int check_parent_in_file(struct import *im, const struct csv_row *row, const char *parent,
				bool *pass)
{
	int64_t id;
	int state = CODE_PENDING;
	struct zf_err lerr;
	zf_err_clear(&lerr);
	*pass = true;
	int rc = find_by_code(im->s, "unit", parent, &id, NULL, &lerr);
	if (rc != ZF_ENOTFOUND)
		return rc < 0 ? (*im->ck.err = lerr, rc) : 0;
	long line = codes_line(&im->codes, parent, &state);
	if (!line)
		return 0; /* unknown: unit_add says so */
	*pass = false;
	if (line == row->line)
		check_fail(&im->ck, ZF_EINVAL, "parent", "a unit cannot be its own parent");
	else if (line > row->line)
		check_fail(&im->ck, ZF_EINVAL, "parent",
			   "unit %s comes later, on line %ld: list a parent before its sub-units",
			   parent, line);
	else
		check_fail(&im->ck, ZF_EINVAL, "parent", "unit %s on line %ld has errors", parent,
			   line);
	return 0;
}

static int unit_row(struct import *im, const struct csv_row *row)
{
	const char *code = field(im, row, U_CODE), *parent = field(im, row, U_PARENT);
	char *category = NULL;
	bool pass = true;
	int64_t id = 0;
	int rc;

	if (duplicate_in_file(im, row, code))
		return 0;
	if (*parent && (rc = check_parent_in_file(im, row, parent, &pass)) < 0)
		return rc;
	if ((rc = resolve_category(im, field(im, row, U_CATEGORY), &category)) < 0)
		return rc;
	struct org_unit u = {
	    .code = code,
	    .name = field(im, row, U_NAME),
	    .category = category ? category : field(im, row, U_CATEGORY),
	    .parent = pass ? parent : NULL,
	};
	rc = unit_add(&im->ck, im->s, im->who, &u, &id);
	free(category);
	if (*code)
		codes_set(&im->codes, code, id && !row_bad(im) ? CODE_OK : CODE_BAD);
	if (id)
		im->written++;
	return rc;
}

/* ---- people ---- */

enum {
	P_CODE,
	P_NAME,
	P_GENDER,
	P_BIRTH,
	P_UNIT,
	P_RANK,
	P_POST,
	P_APPOINTED,
	P_MANAGED,
	P_TEAM_ROLE,
	P_TITLE,
	P_AREAS
};
static const struct csv_col people_cols[] = {
    {"code", "人员编码", 1},	   {"name", "姓名", 1},
    {"gender", "性别", 1},	   {"birth_date", "出生日期", 1},
    {"unit", "单位编码", 1},	   {"rank", "职级", 1},
    {"post", "职务", 1},	   {"appointed_on", "任职日期", 0},
    {"managed_by", "管理单位", 0}, {"team_role", "班子角色", 0},
    {"title", "班子职务", 0},	   {"areas", "分管领域", 0},
};

static int person_row(struct import *im, const struct csv_row *row)
{
	const char *code = field(im, row, P_CODE), *role = field(im, row, P_TEAM_ROLE);
	const char *title = field(im, row, P_TITLE), *areas = field(im, row, P_AREAS);
	int64_t id = 0;
	int rc;

	if (duplicate_in_file(im, row, code))
		return 0;
	if (!*role && (*title || *areas))
		check_fail(&im->ck, ZF_EINVAL, "team_role", "needed when %s or %s is given",
			   im->names[P_TITLE], im->names[P_AREAS]);
	else if (*role && !norm_team_role(role))
		check_fail(&im->ck, ZF_EINVAL, "team_role",
			   "'%s' is not a team role: main, deputy or member (主要领导, 副职, 成员)",
			   role);
	struct org_person p = {
	    .code = code,
	    .name = field(im, row, P_NAME),
	    .gender = field(im, row, P_GENDER),
	    .birth_date = field(im, row, P_BIRTH),
	    .unit = field(im, row, P_UNIT),
	    .rank = field(im, row, P_RANK),
	    .post = field(im, row, P_POST),
	    .appointed_on = field(im, row, P_APPOINTED),
	    .managed_by = field(im, row, P_MANAGED),
	};
	if ((rc = person_add(&im->ck, im->s, im->who, &p, &id)) < 0)
		return rc;
	if (id && *role) {
		struct org_team_member m = {
		    .unit = p.unit, .person = code, .role = role, .title = title, .areas = areas};
		if ((rc = team_add(&im->ck, im->s, im->who, &m, "team_role")) < 0)
			return rc;
	}
	if (*code)
		codes_set(&im->codes, code, id && !row_bad(im) ? CODE_OK : CODE_BAD);
	if (id)
		im->written++;
	return 0;
}

/* ---- oversight ---- */

enum { O_LEADER, O_UNIT, O_AREA };
static const struct csv_col oversight_cols[] = {
    {"leader", "领导编码", 1},
    {"unit", "单位编码", 0},
    {"area", "分管领域", 0},
};

static int oversight_row(struct import *im, const struct csv_row *row)
{
	struct org_oversight o = {
	    .leader = field(im, row, O_LEADER),
	    .unit = field(im, row, O_UNIT),
	    .area = field(im, row, O_AREA),
	};
	int64_t id = 0;
	int rc = oversight_add(&im->ck, im->s, im->who, &o, &id);
	if (id)
		im->written++;
	return rc;
}

static const struct import_kind kind_units = {"unit", unit_cols, ARRAY_LEN(unit_cols), U_CODE,
					      unit_row};
static const struct import_kind kind_people = {"person", people_cols, ARRAY_LEN(people_cols),
					       P_CODE, person_row};
static const struct import_kind kind_oversight = {"oversight", oversight_cols,
						  ARRAY_LEN(oversight_cols), -1, oversight_row};

/* ---- the report as JSON ---- */

/* The column a report line names: the longest known name that `rest` starts with,
 * followed by ": ". */
static size_t column_prefix(const struct import *im, const char *rest)
{
	size_t best = 0;
	for (int pass = 0; pass < 3; pass++) {
		int n = pass == 0 ? (int)im->csv.ncols : im->kind->ncols;
		for (int i = 0; i < n; i++) {
			const char *name = pass == 0   ? im->csv.header[i]
					   : pass == 1 ? im->kind->cols[i].code
						       : im->kind->cols[i].zh;
			size_t l = strlen(name);
			if (l > best && !strncmp(rest, name, l) && !strncmp(rest + l, ": ", 2))
				best = l;
		}
	}
	return best;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Turns the report lines from offset `from` into errors entries (when errors is an array)
 * and returns the number of distinct lines with a problem. */
static int report_rows(const struct import *im, const struct import_report *rep, size_t from,
		       json_t *errors)
{
	const char *p = buf_str(&rep->out) + from, *file = rep->file ? rep->file : "<input>";
	size_t flen = strlen(file), n = 0, cap = 16;
	long *lines = xmalloc(cap * sizeof *lines);
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *l = xstrndup(p, len), *rest = l, *end;
		long line = 0;
		if (!strncmp(rest, file, flen) && rest[flen] == ':') {
			line = strtol(rest + flen + 1, &end, 10);
			rest = !strncmp(end, ": ", 2) ? end + 2 : end;
		}
		size_t col = column_prefix(im, rest);
		if (json_is_array(errors)) {
			json_t *e = json_pack("{s:I}", "line", (json_int_t)line);
			if (col)
				json_object_set_new(e, "column", json_stringn(rest, col));
			json_object_set_new(e, "message", json_string(col ? rest + col + 2 : rest));
			json_array_append_new(errors, e);
		}
		if (n == cap)
			lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
		lines[n++] = line;
		free(l);
		p += len + (eol ? 1 : 0);
	}
	qsort(lines, n, sizeof *lines, cmp_long);
	int rows = 0;
	for (size_t i = 0; i < n; i++)
		rows += i == 0 || lines[i] != lines[i - 1];
	free(lines);
	return rows;
}

/* ---- the driver ---- */

/* Adds csv_parse's "FILE:LINE: what" as a report line. */
static void report_parse_error(struct import_report *rep, const char *fname,
			       const struct zf_err *perr)
{
	char prefix[600];
	snprintf(prefix, sizeof prefix, "%s:%ld: ", fname, perr->line);
	const char *what = perr->msg;
	if (!strncmp(what, prefix, strlen(prefix)))
		what += strlen(prefix);
	import_report_add(rep, perr->line, NULL, "%s", what);
}

/* Runs every row through the kind's row function inside one transaction; writes the
 * import's audit entry and commits only when no problem was reported since `before`. */
static int import_rows(struct import *im, const char *fname, struct import_report *rep, int before,
		       struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(im->s, &own, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < im->csv.nrows && rc == 0; i++) {
		const struct csv_row *row = &im->csv.rows[i];
		if (row->nfields != im->csv.ncols)
			continue; /* reported by csv_check_widths */
		im->ck.line = row->line;
		im->ck.row_start = im->ck.problems;
		rc = im->kind->row(im, row);
	}
	if (rc == 0 && rep->nerrors > before)
		rc = ZF_EINVAL;
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:i,s:s}", "file", fname, "rows", im->written,
				       "encoding", im->csv.encoding);
		rc = audit_append(im->s, im->who, "import", im->kind->entity, fname, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(im->s, own, rc, err);
}

static int run_import(const struct import_kind *kind, struct store *s, const struct actor *who,
		      const char *fname, const char *data, size_t len, struct import_report *rep,
		      json_t *errors, int *imported, struct zf_err *err)
{
	struct import im = {.s = s, .who = who, .kind = kind};
	struct zf_err perr, dummy;
	int before = rep->nerrors, nbad, rc;
	size_t from = rep->out.len;

	if (!err)
		err = &dummy;
	if (!fname)
		fname = rep->file ? rep->file : "<input>";
	zf_err_clear(&perr);
	rc = csv_parse(data, len, fname, &im.csv, &perr);
	if (rc == ZF_EINVAL) {
		report_parse_error(rep, fname, &perr);
		goto invalid;
	}
	if (rc < 0) {
		*err = perr;
		return rc;
	}
	if (csv_map_header(&im.csv, kind->cols, kind->ncols, im.idx, rep) > 0)
		goto invalid;
	for (int i = 0; i < kind->ncols; i++)
		im.names[i] = im.idx[i] >= 0 ? im.csv.header[im.idx[i]] : kind->cols[i].zh;
	csv_check_widths(&im.csv, rep);

	codes_init(&im.codes, im.csv.nrows);
	for (size_t i = 0; kind->key_col >= 0 && i < im.csv.nrows; i++) {
		const struct csv_row *row = &im.csv.rows[i];
		const char *code = csv_field(row, im.idx[kind->key_col]);
		if (row->nfields == im.csv.ncols && *code)
			codes_add(&im.codes, code, row->line);
	}
	check_init(&im.ck, err);
	im.ck.rep = rep;
	im.ck.cols = kind->cols;
	im.ck.names = im.names;
	im.ck.ncols = kind->ncols;
	rc = import_rows(&im, fname, rep, before, err);
	if (rc == ZF_EINVAL)
		goto invalid;
	if (rc == 0)
		*imported = im.written;
	goto cleanup;

invalid:
	nbad = report_rows(&im, rep, from, errors);
	rc = zf_err_set(err, ZF_EINVAL, NULL, "%d bad row%s", nbad, nbad == 1 ? "" : "s");
cleanup:
	codes_cleanup(&im.codes);
	csv_cleanup(&im.csv);
	return rc;
}

int org_import_units(struct store *s, const struct actor *who, const char *fname, const char *data,
		     size_t len, struct import_report *rep, json_t *errors, int *imported,
		     struct zf_err *err)
{
	return run_import(&kind_units, s, who, fname, data, len, rep, errors, imported, err);
}

int org_import_people(struct store *s, const struct actor *who, const char *fname, const char *data,
		      size_t len, struct import_report *rep, json_t *errors, int *imported,
		      struct zf_err *err)
{
	return run_import(&kind_people, s, who, fname, data, len, rep, errors, imported, err);
}

int org_import_oversight(struct store *s, const struct actor *who, const char *fname,
			 const char *data, size_t len, struct import_report *rep, json_t *errors,
			 int *imported, struct zf_err *err)
{
	return run_import(&kind_oversight, s, who, fname, data, len, rep, errors, imported, err);
}
