/* timeutil.c: clocks and ISO 8601 dates. */
#include "base/timeutil.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t fake_now;

int64_t time_now(void)
{
	int64_t f = atomic_load(&fake_now);
	return f ? f : (int64_t)time(NULL);
}

void time_set_fake(int64_t t)
{
	atomic_store(&fake_now, t);
}

uint64_t time_mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void time_format_iso(int64_t t, char *out, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_format_date(int64_t t, char *out, size_t n)
{
	/* the last day formatted on this thread: a day has 86,400 seconds of time_t, so the
	 * text changes only when t / 86400 does (every ballot asks for today's) */
	static _Thread_local int64_t last_day = INT64_MIN;
	static _Thread_local char last[16];
	int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	if (day != last_day) {
		time_t tt = (time_t)t;
		struct tm tm;
		gmtime_r(&tt, &tm);
		strftime(last, sizeof last, "%Y-%m-%d", &tm);
		last_day = day;
	}
	size_t len = strlen(last);
	if (n == 0)
		return;
	len = len < n - 1 ? len : n - 1;
	memcpy(out, last, len);
	out[len] = '\0';
}

void time_format_local_date(int64_t t, char *out, size_t n)
{
	time_format_date(t + TIME_DISTRICT_UTC_OFFSET, out, n);
}

void time_today(char *out, size_t n)
{
	time_format_local_date(time_now(), out, n);
}

bool date_valid(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return false;
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	int md = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		md = 29;
	return d <= md;
}
