/* educate_import.c: reading records, commitments and family education imported from the
 * spreadsheets units keep (E5-E7): each row goes through the same function as a record
 * entered by hand, all rows in one transaction; any bad row is reported as FILE:LINE:
 * column: what, and then nothing is written (X3). */
#include "educate/educate_impl.h"
#include "audit/audit.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXCOLS = 6 };

static const struct import_kind {
	const char *kind;
	struct csv_col cols[MAXCOLS];
	int ncols;
} kinds[] = {
    {"reading",
     {{"person", "人员编号", 1},
      {"item", "书目编号", 1},
      {"read_on", "阅读日期", 1},
      {"note", "备注", 0}},
     4},
    {"commitments",
     {{"person", "人员编号", 1},
      {"made_on", "表态日期", 1},
      {"text", "表态内容", 1},
      {"programme", "项目编号", 0}},
     4},
    {"family",
     {{"person", "人员编号", 1},
      {"relation", "亲属关系", 1},
      {"activity", "活动", 1},
      {"held_on", "日期", 1},
      {"note", "备注", 0},
      {"programme", "项目编号", 0}},
     6},
};

/* Writes row (fields by column index f[]) through the single-record function of k. */
static int write_row(struct store *s, const struct actor *who, const struct import_kind *k,
		     const char *const *f, int64_t scope_unit, struct zf_err *err)
{
	if (!strcmp(k->kind, "reading"))
		return educate_reading_record(s, who, f[0], f[1], f[2], f[3], scope_unit, NULL,
					      err);
	if (!strcmp(k->kind, "commitments"))
		return educate_commitment_add(s, who, f[0], f[1], f[2], f[3], scope_unit, NULL,
					      err);
	return educate_family_add(s, who, f[0], f[1], f[2], f[3], f[4], f[5], scope_unit, NULL,
				  err);
}

/* The column a field is shown as: the file's own header for it, else its Chinese name. */
static const char *column_of(const struct import_kind *k, const struct csv *c, const int *idx,
			     const char *field)
{
	for (int i = 0; i < k->ncols; i++)
		if (!strcmp(k->cols[i].code, field))
			return idx[i] >= 0 ? c->header[idx[i]] : k->cols[i].zh;
	return field && *field ? field : NULL;
}

static void problem(struct import_report *rep, json_t *errors, long line, const char *column,
		    const char *msg)
{
	import_report_add(rep, line, column, "%s", msg);
	if (json_is_array(errors)) {
		json_t *e = json_pack("{s:I,s:s}", "line", (json_int_t)line, "message", msg);
		if (column && *column)
			json_object_set_new(e, "column", json_string(column));
		json_array_append_new(errors, e);
	}
}

int educate_records_import(struct store *s, const struct actor *who, const char *kind,
			   const char *fname, const char *data, size_t len, int64_t scope_unit,
			   struct import_report *rep, json_t *errors, int *imported,
			   struct zf_err *err)
{
	const struct import_kind *k = NULL;
	struct csv c;
	int idx[MAXCOLS];
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (kind && !strcmp(kinds[i].kind, kind))
			k = &kinds[i];
	if (!k)
		return zf_err_set(err, ZF_EINVAL, "kind",
				  "kind must be reading, commitments or family");
	int rc = csv_parse(data, len, fname, &c, err);
	if (rc < 0) {
		if (json_is_array(errors))
			json_array_append_new(errors,
					      json_pack("{s:I,s:s}", "line", (json_int_t)err->line,
							"message", err->msg));
		return rc;
	}
	int before = rep->nerrors;
	csv_map_header(&c, k->cols, k->ncols, idx, rep);
	if (rep->nerrors == before)
		csv_check_widths(&c, rep);
	if (rep->nerrors > before && json_is_array(errors))
		json_array_append_new(errors, json_pack("{s:i,s:s}", "line", 1, "message",
							"the header or the column count is wrong"));
	if (rep->nerrors == before && c.nrows == 0)
		problem(rep, errors, 2, NULL, "no data rows");
	if (rep->nerrors > before) {
		csv_cleanup(&c);
		return zf_err_set(err, ZF_EINVAL, NULL, "%d bad rows", rep->nerrors - before);
	}
	bool own;
	if ((rc = store_tx_open(s, &own, err)) < 0) {
		csv_cleanup(&c);
		return rc;
	}
	/* every row is tried, so that every bad one is reported; any problem rolls all back */
	for (size_t r = 0; r < c.nrows && rc == 0; r++) {
		const char *f[MAXCOLS];
		struct zf_err e;
		zf_err_clear(&e);
		for (int i = 0; i < MAXCOLS; i++) {
			f[i] = i < k->ncols ? csv_field(&c.rows[r], idx[i]) : NULL;
			if (i < k->ncols && !*f[i] && !k->cols[i].required)
				f[i] = NULL;
		}
		int wr = write_row(s, who, k, f, scope_unit, &e);
		if (wr == ZF_EINVAL || wr == ZF_ECONFLICT) {
			problem(rep, errors, c.rows[r].line, column_of(k, &c, idx, e.field), e.msg);
		} else if (wr < 0) {
			*err = e;
			rc = wr;
		}
	}
	if (rc == 0 && rep->nerrors > before)
		rc = zf_err_set(err, ZF_EINVAL, NULL, "%d bad rows", rep->nerrors - before);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:I}", "kind", k->kind, "file", fname, "rows",
				       (json_int_t)c.nrows);
		rc = audit_append(s, who, "import", "education_records", k->kind, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && imported)
		*imported = (int)c.nrows;
	csv_cleanup(&c);
	return rc;
}
