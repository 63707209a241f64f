/* case_import.c: imports a 12345 hotline export (工单) as cases, all rows or none (X3). The
 * hotline's files name the unit and the category by name; both names and codes work. */
#include "supervise/case_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_REF, C_TIME, C_NAME, C_PHONE, C_UNIT, C_SUBJECT, C_CONTENT, C_CATEGORY, C_PERSON, C_N };

static const struct csv_col cols[C_N] = {
    {"external_ref", "工单编号", 1}, {"received_on", "来电时间", 1}, {"name", "诉求人", 0},
    {"phone", "联系电话", 0},	     {"unit", "被反映单位", 1},	     {"subject", "标题", 1},
    {"content", "诉求内容", 1},	     {"category", "问题分类", 0},    {"person", "被反映人", 0},
};

/* The date of a hotline time: 2026-03-05[ 10:22[:33]], 2026/3/5 ..., 2026年3月5日 ...
 * into out; false when it is not one. */
static bool parse_when(const char *s, char out[11])
{
	int y = 0, m = 0, d = 0, used = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 &&
	    sscanf(s, "%4d/%2d/%2d%n", &y, &m, &d, &used) != 3 &&
	    sscanf(s, "%4d年%2d月%2d日%n", &y, &m, &d, &used) != 3)
		return false;
	const char *rest = s + used;
	if (*rest && *rest != ' ' && *rest != 'T')
		return false;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
	return date_valid(out);
}

/* The code of a unit given by code or by (unique, active) name into out. */
static bool unit_code(struct store *s, const char *v, char out[64])
{
	struct zf_err err;
	struct stmt *st = store_prepare(
	    s, "SELECT code FROM units WHERE active = 1 AND (code = ? OR name = ?) ORDER BY code",
	    &err);
	if (!st)
		return false;
	stmt_bind_text(st, 1, v);
	stmt_bind_text(st, 2, v);
	int n = 0;
	while (stmt_step(st, &err) == STORE_ROW)
		if (n++ == 0)
			snprintf(out, 64, "%s", stmt_text(st, 0));
	stmt_reset(st);
	return n == 1;
}

static bool category_code(struct store *s, const char *v, char out[64])
{
	struct zf_err err;
	struct stmt *st = store_prepare(
	    s, "SELECT code FROM case_categories WHERE active = 1 AND (code = ? OR name = ?)",
	    &err);
	if (!st)
		return false;
	stmt_bind_text(st, 1, v);
	stmt_bind_text(st, 2, v);
	bool ok = stmt_step(st, &err) == STORE_ROW;
	if (ok)
		snprintf(out, 64, "%s", stmt_text(st, 0));
	stmt_reset(st);
	return ok;
}

static bool ref_taken(struct store *s, const char *ref)
{
	struct zf_err err;
	int64_t n = 0;
	store_query_int(s, &err, &n,
			"SELECT COUNT(*) FROM cases WHERE channel = 'hotline' AND external_ref = ?",
			"t", ref);
	return n > 0;
}

/* The column a case_create error names, as the file names it. */
static const char *column_of(const struct csv *c, const int *idx, const char *field)
{
	static const struct {
		const char *field;
		int col;
	} map[] = {
	    {"external_ref", C_REF}, {"received_on", C_TIME},  {"name", C_NAME},
	    {"phone", C_PHONE},	     {"unit", C_UNIT},	       {"subject", C_SUBJECT},
	    {"content", C_CONTENT},  {"category", C_CATEGORY}, {"person", C_PERSON},
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (!strcmp(field, map[i].field) && idx[map[i].col] >= 0)
			return c->header[idx[map[i].col]];
	return NULL;
}

static void import_row(struct store *s, const struct actor *who, const struct csv *c,
		       const struct csv_row *row, const int *idx, struct import_report *rep,
		       int *made)
{
	char day[11], unit[64], cat[64] = "other", case_no[CASE_NO_MAX];
	struct zf_err err;
	const char *f[C_N];
	for (int i = 0; i < C_N; i++)
		f[i] = csv_field(row, idx[i]);
#define BAD(col, ...)                                                                              \
	do {                                                                                       \
		import_report_add(rep, row->line, c->header[idx[col]], __VA_ARGS__);               \
		return;                                                                            \
	} while (0)
	if (!*f[C_REF])
		BAD(C_REF, "the ticket number is required");
	if (ref_taken(s, f[C_REF]))
		BAD(C_REF, "ticket %s is already imported", f[C_REF]);
	if (!parse_when(f[C_TIME], day))
		BAD(C_TIME, "not a date or time: '%s' (2026-03-05 10:22)", f[C_TIME]);
	if (!*f[C_UNIT])
		BAD(C_UNIT, "the unit concerned is required");
	if (!unit_code(s, f[C_UNIT], unit))
		BAD(C_UNIT, "no active unit with code or name '%s'", f[C_UNIT]);
	if (*f[C_CATEGORY] && !category_code(s, f[C_CATEGORY], cat))
		BAD(C_CATEGORY, "unknown category '%s'", f[C_CATEGORY]);
#undef BAD
	struct case_new in = {
	    .channel = "hotline",
	    .subject = f[C_SUBJECT],
	    .content = f[C_CONTENT],
	    .category = cat,
	    .unit = unit,
	    .person = f[C_PERSON],
	    .complainant_name = f[C_NAME],
	    .complainant_phone = f[C_PHONE],
	    .external_ref = f[C_REF],
	    .received_on = day,
	};
	zf_err_clear(&err);
	if (case_create(s, &in, who, case_no, NULL, &err) < 0) {
		const char *col = column_of(c, idx, err.field);
		import_report_add(rep, row->line, col, "%s", err.msg);
		return;
	}
	(*made)++;
}

int case_import_hotline(struct store *s, const struct actor *who, const char *fname,
			const char *data, size_t len, struct import_report *rep, int *imported,
			struct zf_err *err)
{
	struct csv c;
	int idx[C_N], made = 0;
	int rc = csv_parse(data, len, fname, &c, err);
	if (rc < 0) {
		char prefix[600];
		snprintf(prefix, sizeof prefix, "%s:%ld: ", fname, err->line);
		const char *what = err->msg;
		if (!strncmp(what, prefix, strlen(prefix)))
			what += strlen(prefix);
		import_report_add(rep, err->line, NULL, "%s", what);
		return rc;
	}
	if (csv_map_header(&c, cols, C_N, idx, rep) || csv_check_widths(&c, rep)) {
		csv_cleanup(&c);
		return zf_err_set(err, ZF_EINVAL, NULL, "%d bad rows", rep->nerrors);
	}
	if (c.nrows == 0) {
		import_report_add(rep, 1, NULL, "the file has a header and no rows");
		csv_cleanup(&c);
		return zf_err_set(err, ZF_EINVAL, NULL, "no rows");
	}
	/* the whole file is one transaction: a bad row anywhere leaves nothing written */
	if ((rc = store_begin(s, err)) < 0) {
		csv_cleanup(&c);
		return rc;
	}
	for (size_t r = 0; r < c.nrows; r++) {
		/* a ticket twice in the file */
		const char *ref = csv_field(&c.rows[r], idx[C_REF]);
		bool twice = false;
		for (size_t q = 0; q < r && *ref && !twice; q++)
			twice = !strcmp(ref, csv_field(&c.rows[q], idx[C_REF]));
		if (twice) {
			import_report_add(rep, c.rows[r].line, c.header[idx[C_REF]],
					  "ticket %s appears twice in the file", ref);
			continue;
		}
		import_row(s, who, &c, &c.rows[r], idx, rep, &made);
	}
	if (rep->nerrors) {
		store_rollback(s);
		rc = zf_err_set(err, ZF_EINVAL, NULL, "%d bad rows", rep->nerrors);
	} else {
		json_t *ch = json_pack("{s:s, s:i, s:s}", "file", fname, "rows", made, "encoding",
				       c.encoding);
		rc = audit_append(s, who, "import", "case", fname, "ok", ch, err);
		json_decref(ch);
		if (rc == 0)
			rc = store_commit(s, err);
		if (rc < 0)
			store_rollback(s);
	}
	csv_cleanup(&c);
	if (rc == 0 && imported)
		*imported = made;
	return rc;
}
