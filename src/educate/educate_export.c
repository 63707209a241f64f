/* educate_export.c: the dossier and the completion tables as files an office opens: CSV
 * (UTF-8 with a BOM) and XLSX (libxlsxwriter), with Chinese headers. Each export first
 * builds its rows (a JSON array of arrays: strings, numbers or null), then writes them. */
#include "educate/educate_impl.h"
#include "base/table.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

/* ---- dossier ---- */

static const char *const dossier_headers[] = {"人员编号", "姓名", "单位", "类别", "日期",
					      "项目",	  "内容", "状态", "学时"};
#define DOSSIER_COLS ((int)ARRAY_LEN(dossier_headers))

static const char *status_zh(const char *s)
{
	if (!strcmp(s, "present"))
		return "出席";
	if (!strcmp(s, "late"))
		return "迟到";
	if (!strcmp(s, "excused"))
		return "请假";
	if (!strcmp(s, "absent"))
		return "缺席";
	return s;
}

static void dossier_row(json_t *rows, json_t *person, const char *type, const char *date,
			const char *prog, const char *content, const char *status, json_t *hours)
{
	json_t *unit = json_object_get(person, "unit");
	json_array_append_new(rows, json_pack("[s,s,s,s,s,s,s,s,o]", str(person, "code"),
					      str(person, "name"), str(unit, "name"), type, date,
					      prog, content, status, hours ? hours : json_null()));
}

static json_t *dossier_rows(json_t *d)
{
	json_t *rows = json_array(), *p = json_object_get(d, "person"), *r;
	size_t i;
	char buf[128];
	json_array_foreach(json_object_get(d, "sessions"), i, r)
	{
		snprintf(buf, sizeof buf, "%s", str(r, "title"));
		dossier_row(rows, p, "参学", str(r, "held_on"), str(r, "programme_name"), buf,
			    status_zh(str(r, "status")), json_incref(json_object_get(r, "hours")));
	}
	json_array_foreach(json_object_get(d, "lectures"), i, r)
	    dossier_row(rows, p, "授课", str(r, "held_on"), str(r, "programme_name"),
			str(r, "title"), "", NULL);
	json_array_foreach(json_object_get(d, "picks"), i, r)
	{
		snprintf(buf, sizeof buf, "第%lld轮",
			 (long long)json_integer_value(json_object_get(r, "cycle")));
		dossier_row(rows, p, "抽选发言", str(r, "drawn_on"), str(r, "programme_name"), buf,
			    "", NULL);
	}
	json_array_foreach(json_object_get(d, "commitments"), i, r) dossier_row(
	    rows, p, "表态", str(r, "made_on"), str(r, "programme"), str(r, "text"), "", NULL);
	json_array_foreach(json_object_get(d, "reading"), i, r)
	    dossier_row(rows, p, "读书", str(r, "read_on"), str(r, "item"), str(r, "title"),
			str(r, "note"), NULL);
	json_array_foreach(json_object_get(d, "family"), i, r)
	    dossier_row(rows, p, "家庭助廉", str(r, "held_on"), str(r, "relation"),
			str(r, "activity"), str(r, "note"), NULL);
	json_array_foreach(json_object_get(d, "owed"), i, r)
	{
		json_t *prog = json_object_get(r, "programme");
		snprintf(buf, sizeof buf, "还差%.2f学时、%lld次",
			 json_number_value(json_object_get(r, "missing_hours")),
			 (long long)json_integer_value(json_object_get(r, "missing_sessions")));
		dossier_row(rows, p, "未完成", str(d, "owed_as_of"), str(prog, "name"), buf, "",
			    NULL);
	}
	return rows;
}

void educate_dossier_csv(json_t *dossier, struct buf *b)
{
	json_t *rows = dossier_rows(dossier);
	table_csv(dossier_headers, DOSSIER_COLS, rows, b);
	json_decref(rows);
}

int educate_dossier_xlsx(json_t *d, const char *path, struct zf_err *err)
{
	json_t *rows = dossier_rows(d), *p = json_object_get(d, "person"),
	       *a = json_object_get(d, "attendance");
	char title[512];
	snprintf(title, sizeof title,
		 "%s（%s）教育档案 %s至%s：学时%.2f，出席%lld、迟到%lld、请假%lld、缺席%lld，"
		 "授课%lld次",
		 str(p, "name"), str(p, "code"), str(d, "from"), str(d, "to"),
		 json_number_value(json_object_get(d, "hours")),
		 (long long)json_integer_value(json_object_get(a, "present")),
		 (long long)json_integer_value(json_object_get(a, "late")),
		 (long long)json_integer_value(json_object_get(a, "excused")),
		 (long long)json_integer_value(json_object_get(a, "absent")),
		 (long long)json_integer_value(json_object_get(d, "lectures_given")));
	int rc = table_xlsx(path, "教育档案", title, dossier_headers, DOSSIER_COLS, rows, err);
	json_decref(rows);
	return rc;
}

/* ---- completion ---- */

static const char *const completion_headers[] = {"单位编码",  "单位名称", "类别",
						 "人数",      "应完成项", "已完成项",
						 "完成率(%)", "总学时",	  "人均学时"};
#define COMPLETION_COLS ((int)ARRAY_LEN(completion_headers))

static json_t *completion_rows(json_t *t)
{
	json_t *rows = json_array(), *u;
	size_t i;
	json_array_foreach(json_object_get(t, "units"), i, u)
	{
		json_t *unit = json_object_get(u, "unit");
		json_array_append_new(
		    rows, json_pack("[s,s,s,O,O,O,O,O,O]", str(unit, "code"), str(unit, "name"),
				    str(u, "category"), json_object_get(u, "people"),
				    json_object_get(u, "targets"), json_object_get(u, "completed"),
				    json_object_get(u, "rate"), json_object_get(u, "hours"),
				    json_object_get(u, "avg_hours")));
	}
	return rows;
}

void educate_completion_csv(json_t *table, struct buf *b)
{
	json_t *rows = completion_rows(table);
	table_csv(completion_headers, COMPLETION_COLS, rows, b);
	json_decref(rows);
}

int educate_completion_xlsx(json_t *table, const char *path, struct zf_err *err)
{
	json_t *rows = completion_rows(table);
	char title[256], rate_s[32] = "—";
	json_t *rate = json_object_get(table, "rate");
	if (json_is_number(rate))
		snprintf(rate_s, sizeof rate_s, "%.2f%%", json_number_value(rate));
	snprintf(title, sizeof title, "%lld年度各单位教育完成情况（截至%s，全区完成率%s）",
		 (long long)json_integer_value(json_object_get(table, "year")), str(table, "as_of"),
		 rate_s);
	int rc = table_xlsx(path, "完成率", title, completion_headers, COMPLETION_COLS, rows, err);
	json_decref(rows);
	return rc;
}

static const char *const unit_headers[] = {"人员编号", "姓名",	   "职级",     "职务",	   "学时",
					   "应完成项", "已完成项", "未完成项", "完成率(%)"};
#define UNIT_COLS ((int)ARRAY_LEN(unit_headers))

static json_t *unit_rows(json_t *uc)
{
	json_t *rows = json_array(), *p;
	size_t i;
	json_array_foreach(json_object_get(uc, "people"), i, p) json_array_append_new(
	    rows, json_pack("[s,s,s,s,O,O,O,O,O]", str(p, "code"), str(p, "name"), str(p, "rank"),
			    str(p, "post"), json_object_get(p, "hours"),
			    json_object_get(p, "obligations"), json_object_get(p, "completed"),
			    json_object_get(p, "owed"), json_object_get(p, "rate")));
	return rows;
}

void educate_unit_completion_csv(json_t *uc, struct buf *b)
{
	json_t *rows = unit_rows(uc);
	table_csv(unit_headers, UNIT_COLS, rows, b);
	json_decref(rows);
}

int educate_unit_completion_xlsx(json_t *uc, const char *path, struct zf_err *err)
{
	json_t *rows = unit_rows(uc), *unit = json_object_get(uc, "unit");
	char title[256];
	snprintf(title, sizeof title, "%s %lld年度教育完成情况（截至%s）", str(unit, "name"),
		 (long long)json_integer_value(json_object_get(uc, "year")), str(uc, "as_of"));
	int rc = table_xlsx(path, "完成率", title, unit_headers, UNIT_COLS, rows, err);
	json_decref(rows);
	return rc;
}
