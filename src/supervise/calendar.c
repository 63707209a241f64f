/* calendar.c: the working-day calendar (calendar.h): date arithmetic on the proleptic
 * Gregorian calendar, and the office's list of holidays and adjusted working days. */
#include "supervise/calendar.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a valid date (Howard Hinnant's days_from_civil). */
static long day_num(const char *d)
{
	int y = atoi(d), m = atoi(d + 5), dd = atoi(d + 8);
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void day_str(long z, char out[11])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

int calendar_add_days(const char *day, int n, char out[11])
{
	if (!day || !date_valid(day))
		return ZF_EINVAL;
	day_str(day_num(day) + n, out);
	return 0;
}

int calendar_weekday(const char *day)
{
	if (!day || !date_valid(day))
		return 0;
	long z = day_num(day); /* 1970-01-01 was a Thursday (4) */
	long w = (z % 7 + 7 + 3) % 7;
	return (int)w + 1;
}

/* Whether the listed kind of day (or the weekday rule) makes it a working day. */
static int workday_num(struct store *s, long z, bool *is_work, struct zf_err *err)
{
	char d[11];
	day_str(z, d);
	struct stmt *st = store_prepare(s, "SELECT kind FROM calendar_days WHERE day = ?", err);
	if (!st)
		return ZF_EIO;
	stmt_bind_text(st, 1, d);
	int rc = stmt_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == STORE_ROW)
		*is_work = !strcmp(stmt_text(st, 0), "workday");
	else
		*is_work = ((z % 7 + 7 + 3) % 7) < 5;
	stmt_reset(st);
	return 0;
}

int calendar_is_workday(struct store *s, const char *day, bool *is_work, struct zf_err *err)
{
	if (!day || !date_valid(day))
		return zf_err_set(err, ZF_EINVAL, "day", "not a date (YYYY-MM-DD): %s",
				  day ? day : "(none)");
	return workday_num(s, day_num(day), is_work, err);
}

int calendar_add_workdays(struct store *s, const char *start, int n, char out[11],
			  struct zf_err *err)
{
	if (!start || !date_valid(start))
		return zf_err_set(err, ZF_EINVAL, "day", "not a date (YYYY-MM-DD): %s",
				  start ? start : "(none)");
	if (n < 0 || n > 3660)
		return zf_err_set(err, ZF_EINVAL, "days", "working days must be 0..3660");
	long z = day_num(start);
	bool w;
	int rc;
	if (n == 0) {
		/* a bounded walk: no calendar lists a year without a working day */
		for (int i = 0; i < 400; i++, z++) {
			if ((rc = workday_num(s, z, &w, err)) < 0)
				return rc;
			if (w)
				break;
		}
	} else {
		for (int left = n, guard = 0; left > 0; guard++) {
			if (guard > n * 7 + 400)
				return zf_err_set(err, ZF_EINVAL, "calendar",
						  "the calendar has no working days after %s",
						  start);
			z++;
			if ((rc = workday_num(s, z, &w, err)) < 0)
				return rc;
			left -= w;
		}
	}
	day_str(z, out);
	return 0;
}

int calendar_workdays_between(struct store *s, const char *from, const char *to, int *n,
			      struct zf_err *err)
{
	if (!from || !date_valid(from))
		return zf_err_set(err, ZF_EINVAL, "from", "not a date (YYYY-MM-DD)");
	if (!to || !date_valid(to))
		return zf_err_set(err, ZF_EINVAL, "to", "not a date (YYYY-MM-DD)");
	long a = day_num(from), b = day_num(to);
	if (b - a > 3660)
		return zf_err_set(err, ZF_EINVAL, "to", "span longer than ten years");
	int count = 0;
	for (long z = a + 1; z <= b; z++) {
		bool w;
		int rc = workday_num(s, z, &w, err);
		if (rc < 0)
			return rc;
		count += w;
	}
	*n = count;
	return 0;
}

int calendar_year_json(struct store *s, int year, json_t **out, struct zf_err *err)
{
	if (year < 1900 || year > 2999)
		return zf_err_set(err, ZF_EINVAL, "year", "year must be 1900..2999");
	char lo[11], hi[11];
	snprintf(lo, sizeof lo, "%04d-01-01", year);
	snprintf(hi, sizeof hi, "%04d-12-31", year);
	struct stmt *st = store_prepare(
	    s, "SELECT day, kind, name FROM calendar_days WHERE day >= ? AND day <= ? ORDER BY day",
	    err);
	if (!st)
		return ZF_EIO;
	stmt_bind_text(st, 1, lo);
	stmt_bind_text(st, 2, hi);
	json_t *a = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(a,
				      json_pack("{s:s, s:s, s:s}", "day", stmt_text(st, 0), "kind",
						stmt_text(st, 1), "name", stmt_text(st, 2)));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* The kind named by an office's word for it, or NULL. */
static const char *kind_of(const char *k)
{
	static const char *const holiday[] = {"holiday", "休", "放假", "节假日", "假日", NULL};
	static const char *const workday[] = {"workday", "班",	   "上班", "调休上班",
					      "调休",	 "工作日", NULL};
	for (int i = 0; holiday[i]; i++)
		if (!strcmp(k, holiday[i]))
			return "holiday";
	for (int i = 0; workday[i]; i++)
		if (!strcmp(k, workday[i]))
			return "workday";
	return NULL;
}

/* Checks one listed day; returns NULL when good, else what is wrong (static text). */
static const char *day_problem(int year, const char *day, const char *kind, const char *name,
			       const char **field)
{
	*field = "day";
	if (!date_valid(day))
		return "not a date (YYYY-MM-DD)";
	if (year && atoi(day) != year)
		return "the day is not in the year";
	*field = "kind";
	if (!kind || !kind_of(kind))
		return "kind must be holiday or workday";
	if (!strcmp(kind_of(kind), "workday") && calendar_weekday(day) < 6)
		return "an adjusted working day (调休) must be a Saturday or Sunday";
	*field = "name";
	if (name && (!utf8_valid(name, strlen(name)) || utf8_len(name) > 40))
		return "name must be UTF-8, at most 40 characters";
	return NULL;
}

static int clear_year(struct store *s, int year, struct zf_err *err)
{
	char lo[11], hi[11];
	snprintf(lo, sizeof lo, "%04d-01-01", year);
	snprintf(hi, sizeof hi, "%04d-12-31", year);
	return store_run(s, err, "DELETE FROM calendar_days WHERE day >= ? AND day <= ?", "tt", lo,
			 hi);
}

static int put_day(struct store *s, const char *day, const char *kind, const char *name,
		   struct zf_err *err)
{
	int rc = store_run(s, err, "INSERT INTO calendar_days(day, kind, name) VALUES (?, ?, ?)",
			   "ttt", day, kind_of(kind), name ? name : "");
	if (rc == ZF_ECONFLICT)
		zf_err_set(err, ZF_EINVAL, "day", "%s is listed twice", day);
	return rc == ZF_ECONFLICT ? ZF_EINVAL : rc;
}

int calendar_year_put(struct store *s, int year, json_t *days, const struct actor *who, int *count,
		      struct zf_err *err)
{
	if (year < 1900 || year > 2999)
		return zf_err_set(err, ZF_EINVAL, "year", "year must be 1900..2999");
	if (!json_is_array(days))
		return zf_err_set(err, ZF_EINVAL, "days", "days must be an array");
	size_t i;
	json_t *d;
	json_array_foreach(days, i, d)
	{
		const char *day = json_string_value(json_object_get(d, "day"));
		const char *kind = json_string_value(json_object_get(d, "kind"));
		json_t *jn = json_object_get(d, "name");
		const char *name = json_string_value(jn), *field;
		const char *bad = !json_is_object(d) ? "must be an object" : NULL;
		if (!bad && jn && !json_is_null(jn) && !name) {
			field = "name";
			bad = "name must be a string";
		}
		if (!bad)
			bad = day_problem(year, day ? day : "", kind, name, &field);
		if (bad) {
			char f[64];
			snprintf(f, sizeof f, "days[%zu].%s", i, json_is_object(d) ? field : "");
			return zf_err_set(err, ZF_EINVAL, f, "days[%zu]: %s", i, bad);
		}
	}
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = clear_year(s, year, err);
	json_array_foreach(days, i, d)
	{
		if (rc < 0)
			break;
		rc = put_day(s, json_string_value(json_object_get(d, "day")),
			     json_string_value(json_object_get(d, "kind")),
			     json_string_value(json_object_get(d, "name")), err);
		if (rc < 0) {
			char f[64];
			snprintf(f, sizeof f, "days[%zu].day", i);
			snprintf(err->field, sizeof err->field, "%s", f);
		}
	}
	if (rc == 0) {
		char y[8];
		snprintf(y, sizeof y, "%d", year);
		json_t *ch = json_pack("{s:I}", "days", (json_int_t)json_array_size(days));
		rc = audit_append(s, who, "update", "calendar", y, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && count)
		*count = (int)json_array_size(days);
	return rc;
}

int calendar_import(struct store *s, const struct actor *who, const char *fname, const char *data,
		    size_t len, struct import_report *rep, int *imported, struct zf_err *err)
{
	static const struct csv_col cols[] = {
	    {"day", "日期", 1},
	    {"kind", "类型", 1},
	    {"name", "名称", 0},
	};
	int idx[3];
	struct csv c;
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
	csv_map_header(&c, cols, 3, idx, rep);
	csv_check_widths(&c, rep);
	int years[64], ny = 0;
	if (rep->nerrors == 0) {
		for (size_t r = 0; r < c.nrows; r++) {
			const struct csv_row *row = &c.rows[r];
			const char *day = csv_field(row, idx[0]), *kind = csv_field(row, idx[1]);
			const char *name = csv_field(row, idx[2]), *field;
			const char *bad = day_problem(0, day, kind, name, &field);
			if (bad) {
				int k = field[0] == 'd' ? 0 : field[0] == 'k' ? 1 : 2;
				import_report_add(rep, row->line,
						  idx[k] >= 0 ? c.header[idx[k]] : "名称", "%s",
						  bad);
				continue;
			}
			int y = atoi(day), k;
			for (k = 0; k < ny && years[k] != y; k++)
				;
			if (k == ny) {
				if (ny == (int)ARRAY_LEN(years)) {
					import_report_add(rep, row->line, "日期", "too many years");
					continue;
				}
				years[ny++] = y;
			}
		}
	}
	if (rep->nerrors) {
		csv_cleanup(&c);
		return zf_err_set(err, ZF_EINVAL, NULL, "%d bad rows", rep->nerrors);
	}
	bool own;
	rc = store_tx_open(s, &own, err);
	for (int k = 0; rc == 0 && k < ny; k++)
		rc = clear_year(s, years[k], err);
	for (size_t r = 0; rc == 0 && r < c.nrows; r++) {
		rc = put_day(s, csv_field(&c.rows[r], idx[0]), csv_field(&c.rows[r], idx[1]),
			     csv_field(&c.rows[r], idx[2]), err);
		if (rc < 0)
			import_report_add(rep, c.rows[r].line, "日期", "%s", err->msg);
	}
	if (rc == 0) {
		json_t *ch = json_pack("{s:s, s:I}", "file", fname, "rows", (json_int_t)c.nrows);
		rc = audit_append(s, who, "import", "calendar", fname, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && imported)
		*imported = (int)c.nrows;
	csv_cleanup(&c);
	return rc;
}
