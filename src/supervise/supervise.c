/* supervise.c: what the files of the supervision work share: rows as JSON, dates, checks of
 * input and references, and the audit entry of a write. */
#include "supervise/supervise.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Sets key (possibly "a.b") of obj to v (stolen). */
static void put_path(json_t *obj, const char *name, json_t *v)
{
	const char *dot = strchr(name, '.');
	if (!dot) {
		json_object_set_new(obj, name, v);
		return;
	}
	char head[64];
	snprintf(head, sizeof head, "%.*s", (int)(dot - name), name);
	json_t *sub = json_object_get(obj, head);
	if (!json_is_object(sub)) {
		sub = json_object();
		json_object_set_new(obj, head, sub);
	}
	put_path(sub, dot + 1, v);
}

/* Replaces nested objects whose values are all null by null. */
static void null_empty(json_t *obj)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		if (!json_is_object(v))
			continue;
		null_empty(v);
		const char *k2;
		json_t *v2;
		bool any = false;
		json_object_foreach(v, k2, v2) any = any || !json_is_null(v2);
		if (!any)
			json_object_set_new(obj, k, json_null());
	}
}

json_t *sup_row_json(struct stmt *st, const char *spec)
{
	json_t *o = json_object();
	assert((int)strlen(spec) == stmt_columns(st));
	for (int c = 0; spec[c]; c++) {
		char t = spec[c];
		json_t *v;
		bool null = stmt_is_null(st, c);
		if (t == '-')
			continue;
		switch (t) {
		case 'i':
			v = json_integer(stmt_int(st, c));
			break;
		case 'I':
			v = null ? json_null() : json_integer(stmt_int(st, c));
			break;
		case 'd':
			v = json_real(stmt_double(st, c));
			break;
		case 'D':
			v = null ? json_null() : json_real(stmt_double(st, c));
			break;
		case 'b':
			v = json_boolean(stmt_int(st, c) != 0);
			break;
		case 'B':
			v = null ? json_null() : json_boolean(stmt_int(st, c) != 0);
			break;
		case 'S':
			v = null ? json_null() : json_string(stmt_text(st, c));
			break;
		default:
			v = json_string(stmt_text(st, c));
			break;
		}
		put_path(o, stmt_column_name(st, c), v ? v : json_null());
	}
	null_empty(o);
	return o;
}

int sup_rows_json(struct stmt *st, const char *spec, json_t **out, struct zf_err *err)
{
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, sup_row_json(st, spec));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

void sup_today(char out[11])
{
	time_today(out, 11);
}

static time_t date_epoch(const char *d, struct tm *tm)
{
	memset(tm, 0, sizeof *tm);
	if (sscanf(d, "%4d-%2d-%2d", &tm->tm_year, &tm->tm_mon, &tm->tm_mday) != 3)
		return 0;
	tm->tm_year -= 1900;
	tm->tm_mon -= 1;
	tm->tm_hour = 12;
	return timegm(tm);
}

void sup_date_add_days(const char *d, int days, char out[11])
{
	struct tm tm;
	time_t t = date_epoch(d, &tm) + (time_t)days * 86400;
	time_format_date((int64_t)t, out, 11);
}

int sup_days_between(const char *a, const char *b)
{
	struct tm ta, tb;
	time_t x = date_epoch(a, &ta), y = date_epoch(b, &tb);
	return (int)((y - x) / 86400);
}

void sup_date_add_months(const char *d, int months, char out[11])
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, day;
	if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3) {
		snprintf(out, 11, "%s", d);
		return;
	}
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (day > last)
		day = last;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)day % 100u);
}

int sup_check_text(const char *field, const char *v, int max, bool required, struct zf_err *err)
{
	if (str_blank(v)) {
		if (required)
			return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
		return 0;
	}
	size_t n = strlen(v);
	if (!utf8_valid(v, n))
		return zf_err_set(err, ZF_EINVAL, field, "%s is not valid UTF-8", field);
	if ((int)utf8_len(v) > max)
		return zf_err_set(err, ZF_EINVAL, field, "%s is longer than %d characters", field,
				  max);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
			return zf_err_set(err, ZF_EINVAL, field, "%s holds a control character",
					  field);
	return 0;
}

int sup_check_date(const char *field, const char *v, bool required, struct zf_err *err)
{
	if (str_blank(v)) {
		if (required)
			return zf_err_set(err, ZF_EINVAL, field, "%s is required (YYYY-MM-DD)",
					  field);
		return 0;
	}
	if (!date_valid(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s: '%s' is not a date (YYYY-MM-DD)",
				  field, v);
	return 0;
}

static int ref_id(struct store *s, const char *sql, const char *what, const char *field,
		  const char *code, bool required, int64_t *id, struct zf_err *err)
{
	*id = 0;
	if (str_blank(code))
		return required ? zf_err_set(err, ZF_EINVAL, field, "%s is required", field) : 0;
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	int64_t found = 0;
	bool active = false;
	if (rc == STORE_ROW) {
		found = stmt_int(st, 0);
		active = stmt_int(st, 1) != 0;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!found)
		return zf_err_set(err, ZF_EINVAL, field, "%s: no %s with code '%s'", field, what,
				  code);
	if (!active)
		return zf_err_set(err, ZF_EINVAL, field, "%s: %s '%s' is inactive", field, what,
				  code);
	*id = found;
	return 0;
}

int sup_unit_id(struct store *s, const char *field, const char *code, bool required, int64_t *id,
		struct zf_err *err)
{
	return ref_id(s, "SELECT id, active FROM units WHERE code = ?", "unit", field, code,
		      required, id, err);
}

int sup_person_id(struct store *s, const char *field, const char *code, bool required, int64_t *id,
		  struct zf_err *err)
{
	return ref_id(s, "SELECT id, active FROM people WHERE code = ?", "person", field, code,
		      required, id, err);
}

int sup_person_unit(struct store *s, int64_t person_id, int64_t *unit_id, struct zf_err *err)
{
	int rc = store_query_int(s, err, unit_id, "SELECT unit_id FROM people WHERE id = ?", "i",
				 person_id);
	if (rc == ZF_ENOTFOUND)
		zf_err_set(err, rc, "person", "no person with id %lld", (long long)person_id);
	return rc;
}

int sup_audit(struct store *s, const struct actor *who, const char *action, const char *entity,
	      int64_t id, json_t *changes, struct zf_err *err)
{
	char ids[24];
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	return audit_append(s, who, action, entity, ids, "ok", changes, err);
}

void sup_note_text(json_t *ch, const char *field, const char *was, const char *now)
{
	if (strcmp(was, now))
		json_object_set_new(ch, field, json_pack("[s,s]", was, now));
}

void sup_note_int(json_t *ch, const char *field, int was, int now)
{
	if (was != now)
		json_object_set_new(ch, field, json_pack("[i,i]", was, now));
}
