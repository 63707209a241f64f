/* test_timeutil.c: time_format_date (which keeps the last day it formatted on each thread)
 * against gmtime_r and strftime, across day boundaries, before 1970 and into short buffers;
 * the district's day (UTC+8) on both sides of its midnight. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/timeutil.h"

static void expect_date(int64_t t)
{
	char want[16], got[16];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(want, sizeof want, "%Y-%m-%d", &tm);
	time_format_date(t, got, sizeof got);
	if (strcmp(want, got))
		fail_msg("t=%lld: want %s, got %s", (long long)t, want, got);
}

static void test_day_boundaries(void **state)
{
	(void)state;
	static const int64_t ts[] = {0,		 86399,	     86400,	 -1,	     -86400,
				     -86401,	 1790812799, 1790812800, 1790812799, 1790899200,
				     1790812800, 0,	     -1,	 4102444800};
	for (size_t i = 0; i < sizeof ts / sizeof *ts; i++)
		expect_date(ts[i]);
	char d[16];
	time_format_date(1790812800, d, sizeof d);
	assert_string_equal(d, "2026-10-01");
	time_format_date(1790812799, d, sizeof d);
	assert_string_equal(d, "2026-09-30");
	time_format_date(-1, d, sizeof d);
	assert_string_equal(d, "1969-12-31");
}

static void test_random_times(void **state)
{
	(void)state;
	uint64_t x = 88172645463325252u;
	for (int i = 0; i < 20000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* 1900 to 2100, with runs of nearby times */
		int64_t t = (int64_t)(x % 6311390400u) - 2208988800;
		expect_date(t);
		expect_date(t + (int64_t)(x >> 40) % 200000 - 100000);
	}
}

static void test_short_buffer(void **state)
{
	(void)state;
	char d[6] = "xxxxx";
	time_format_date(1790812800, d, sizeof d);
	assert_string_equal(d, "2026-");
	time_format_date(1790812800, d, 1);
	assert_string_equal(d, "");
	time_format_date(1790812800, NULL, 0); /* nothing written */
}

/* The district's day begins at 16:00 UTC of the day before: a ballot cast at 07:59 in
 * Beijing on National Day belongs to 1 October, not to 30 September. */
static void test_district_day(void **state)
{
	(void)state;
	char d[16];
	const int64_t oct1_utc = 1790812800; /* 2026-10-01T00:00:00Z */
	time_format_local_date(oct1_utc - 8 * 3600 - 1, d, sizeof d);
	assert_string_equal(d, "2026-09-30"); /* 23:59:59 on 30 September in Beijing */
	time_format_local_date(oct1_utc - 8 * 3600, d, sizeof d);
	assert_string_equal(d, "2026-10-01"); /* midnight in Beijing */
	time_set_fake(oct1_utc - 60);	      /* 2026-09-30T23:59Z: 07:59 on 1 October in Beijing */
	time_today(d, sizeof d);
	assert_string_equal(d, "2026-10-01");
	time_format_date(time_now(), d, sizeof d);
	assert_string_equal(d, "2026-09-30"); /* the UTC date, for date arithmetic only */
	time_set_fake(oct1_utc + 16 * 3600);  /* 00:00 on 2 October in Beijing */
	time_today(d, sizeof d);
	assert_string_equal(d, "2026-10-02");
	time_set_fake(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_district_day),
	    cmocka_unit_test(test_day_boundaries),
	    cmocka_unit_test(test_random_times),
	    cmocka_unit_test(test_short_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
