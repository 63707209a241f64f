/* timeutil.h: clocks and ISO 8601 dates. */
#ifndef ZF_BASE_TIMEUTIL_H
#define ZF_BASE_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/* Seconds since the epoch (wall clock); tests may pin it with time_set_fake. */
int64_t time_now(void);
/* Pins time_now to t (0 restores the real clock). For tests only. */
void time_set_fake(int64_t t);
/* Monotonic nanoseconds, for latencies. */
uint64_t time_mono_ns(void);
/* Formats t as 2026-11-26T10:37:14Z into out (at least 21 bytes). */
void time_format_iso(int64_t t, char *out, size_t n);
/* Formats t's UTC date as 2026-11-26 into out (at least 11 bytes): date arithmetic, where
 * t is a day number times 86,400. */
void time_format_date(int64_t t, char *out, size_t n);
/* The district's offset from UTC: China Standard Time, UTC+8 all year (no summer time). */
#define TIME_DISTRICT_UTC_OFFSET (8 * 3600)
/* Formats the district's calendar date at t (UTC+8) into out (at least 11 bytes): the day a
 * ballot, a complaint or a deadline belongs to. */
void time_format_local_date(int64_t t, char *out, size_t n);
/* Today's date in the district: time_format_local_date(time_now()). */
void time_today(char *out, size_t n);
/* True when s is a real calendar date written YYYY-MM-DD. */
bool date_valid(const char *s);

#endif
