/* calendar.h: the working-day calendar the office maintains: Monday to Friday are working
 * days, except the public holidays listed; a weekend day listed as an adjusted working day
 * (调休) works. Deadlines of cases are counted on it. */
#ifndef ZF_SUPERVISE_CALENDAR_H
#define ZF_SUPERVISE_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/actor.h"
#include "base/csv.h"
#include "base/err.h"
#include "store/store.h"

/* Calendar days: day + n (n may be negative) into out (11 bytes). Returns 0, or ZF_EINVAL
 * when day is not a valid YYYY-MM-DD date. Pure: no database. */
int calendar_add_days(const char *day, int n, char out[11]);
/* ISO weekday of a valid date: 1 Monday .. 7 Sunday; 0 for an invalid one. */
int calendar_weekday(const char *day);

/* True when day (YYYY-MM-DD, valid) is a working day. *is_work written; 0 or ZF_EIO. */
int calendar_is_workday(struct store *s, const char *day, bool *is_work, struct zf_err *err);

/* The day n working days after start (n >= 0; n = 0 gives start itself when it works, else
 * the next working day), into out (11 bytes). Returns 0, ZF_EINVAL (bad date or n). */
int calendar_add_workdays(struct store *s, const char *start, int n, char out[11],
			  struct zf_err *err);

/* Working days in (from, to]: 0 when to <= from. *n written. Returns 0, ZF_EINVAL. */
int calendar_workdays_between(struct store *s, const char *from, const char *to, int *n,
			      struct zf_err *err);

/* The listed days of year: [{day, kind: "holiday"|"workday", name}] by day. */
int calendar_year_json(struct store *s, int year, json_t **out, struct zf_err *err);

/* Replaces the listed days of year with days, a JSON array of {day, kind, name} (office);
 * each day must lie in year and be listed once, and a "workday" must be a Saturday or
 * Sunday. Audited. ZF_EINVAL naming the entry
 * ("days[3].day"). *count gets the number of days stored. */
int calendar_year_put(struct store *s, int year, json_t *days, const struct actor *who, int *count,
		      struct zf_err *err);

/* Imports a CSV of day/日期, kind/类型 (holiday|workday or 休|班, 节假日|调休上班),
 * [name/名称]: all rows or none; every bad row to rep as FILE:LINE: column: what. The days
 * listed replace the listed days of each year the file touches. *imported = rows. */
int calendar_import(struct store *s, const struct actor *who, const char *fname, const char *data,
		    size_t len, struct import_report *rep, int *imported, struct zf_err *err);

#endif
