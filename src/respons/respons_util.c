/* respons_util.c: the room's small helpers: dates (today, months and days added), rows as
 * JSON, and the account's person. */
#include "respons/respons_impl.h"
#include "base/timeutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void respons_today(char out[11])
{
	time_today(out, 11);
}

int respons_date_arg(const char *v, const char *field, char out[11], struct zf_err *err)
{
	if (!v || !*v) {
		respons_today(out);
		return 0;
	}
	if (!date_valid(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s must be a date YYYY-MM-DD, not '%s'",
				  field, v);
	memcpy(out, v, 11);
	return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm), and back. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
	return date_valid(s) && sscanf(s, "%4d-%2d-%2d", y, m, d) == 3;
}

static bool format_date(int y, int m, int d, char out[11])
{
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	char buf[32];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	memcpy(out, buf, 11);
	return true;
}

bool respons_date_add_days(const char *date, int days, char out[11])
{
	int y, m, d;
	if (!parse_date(date, &y, &m, &d))
		return false;
	civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
	return format_date(y, m, d, out);
}

bool respons_date_add_months(const char *date, int months, char out[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (!parse_date(date, &y, &m, &d))
		return false;
	long total = (long)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	int md = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > md)
		d = md;
	return format_date(y, m, d, out);
}

json_t *respons_row_json(struct stmt *st, const char *spec)
{
	json_t *o = json_object();
	for (int i = 0; spec[i]; i++) {
		const char *name = stmt_column_name(st, i);
		bool null = stmt_is_null(st, i);
		const char *t;
		json_t *v;
		switch (spec[i]) {
		case 'i':
			v = json_integer(stmt_int(st, i));
			break;
		case 'I':
			v = null ? json_null() : json_integer(stmt_int(st, i));
			break;
		case 't':
			v = json_string(stmt_text(st, i));
			break;
		case 'T':
			t = stmt_text(st, i);
			v = null || !*t ? json_null() : json_string(t);
			break;
		case 'b':
			v = json_boolean(stmt_int(st, i) != 0);
			break;
		case 'j':
			v = null ? NULL : json_loads(stmt_text(st, i), 0, NULL);
			if (!v)
				v = json_null();
			break;
		default:
			continue;
		}
		json_object_set_new(o, name, v ? v : json_null());
	}
	return o;
}

int respons_query_json(struct store *s, json_t **out, const char *spec, struct zf_err *err,
		       const char *sql, const char *fmt, ...)
{
	struct stmt *st = store_prepare(s, sql, err);
	va_list ap;
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	va_start(ap, fmt);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 'i') {
			stmt_bind_int(st, i + 1, va_arg(ap, int64_t));
		} else if (fmt[i] == 't') {
			stmt_bind_text(st, i + 1, va_arg(ap, const char *));
		} else {
			va_end(ap);
			stmt_reset(st);
			return zf_err_set(err, ZF_EINTERNAL, NULL, "bad query format '%c'", fmt[i]);
		}
	}
	va_end(ap);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, respons_row_json(st, spec));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

json_t *respons_code_name(const char *code, const char *name)
{
	if (!code || !*code)
		return json_null();
	return json_pack("{s:s,s:s}", "code", code, "name", name ? name : "");
}

int respons_account_person(struct store *s, int64_t user_id, int64_t *person_id, struct zf_err *err)
{
	int64_t v = 0;
	int rc = store_query_int(
	    s, err, &v, "SELECT coalesce(person_id, 0) FROM users WHERE id = ? AND active = 1", "i",
	    user_id);
	if (rc == ZF_ENOTFOUND) {
		zf_err_clear(err);
		v = 0;
		rc = 0;
	}
	if (rc < 0)
		return rc;
	*person_id = v;
	return 0;
}
