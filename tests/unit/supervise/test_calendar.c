/* test_calendar.c: working-day arithmetic across a public holiday and adjusted working
 * weekends, and the office's calendar: its checks and its CSV import. */
#include "case_fixture.h"

static void test_pure_dates(void **state)
{
	char out[11];
	assert_int_equal(calendar_add_days("2026-02-27", 2, out), 0);
	assert_string_equal(out, "2026-03-01");
	assert_int_equal(calendar_add_days("2024-02-28", 1, out), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(calendar_add_days("2026-01-01", -1, out), 0);
	assert_string_equal(out, "2025-12-31");
	assert_int_equal(calendar_add_days("2026-13-01", 1, out), ZF_EINVAL);
	assert_int_equal(calendar_weekday("2026-09-27"), 7); /* a Sunday */
	assert_int_equal(calendar_weekday("2026-10-10"), 6); /* a Saturday */
	assert_int_equal(calendar_weekday("2026-11-02"), 1);
	assert_int_equal(calendar_weekday("bad"), 0);
}

static void test_national_day(void **state)
{
	char path[256], out[11];
	struct zf_err err;
	struct store *s = test_db(path);
	bool w;
	case_fx_calendar(s);
	assert_int_equal(calendar_is_workday(s, "2026-10-01", &w, &err), 0);
	assert_false(w);
	assert_int_equal(calendar_is_workday(s, "2026-09-27", &w, &err), 0);
	assert_true(w); /* Sunday, adjusted working day */
	assert_int_equal(calendar_is_workday(s, "2026-10-11", &w, &err), 0);
	assert_false(w); /* an ordinary Sunday */
	/* handling 10 working days from Wednesday 30 September: 8, 9, 10 (Sat), 12-16, 19, 20 */
	assert_int_equal(calendar_add_workdays(s, "2026-09-30", 10, out, &err), 0);
	assert_string_equal(out, "2026-10-20");
	/* sign-for 1 working day after 30 September: Thursday 8 October */
	assert_int_equal(calendar_add_workdays(s, "2026-09-30", 1, out, &err), 0);
	assert_string_equal(out, "2026-10-08");
	/* from Friday 25 September the next working day is Sunday 27 */
	assert_int_equal(calendar_add_workdays(s, "2026-09-25", 1, out, &err), 0);
	assert_string_equal(out, "2026-09-27");
	/* n = 0 on a holiday: the next working day */
	assert_int_equal(calendar_add_workdays(s, "2026-10-03", 0, out, &err), 0);
	assert_string_equal(out, "2026-10-08");
	assert_int_equal(calendar_add_workdays(s, "2026-10-12", 0, out, &err), 0);
	assert_string_equal(out, "2026-10-12");
	int n = -1;
	assert_int_equal(calendar_workdays_between(s, "2026-09-30", "2026-10-12", &n, &err), 0);
	assert_int_equal(n, 4); /* 8, 9, 10, 12 */
	assert_int_equal(calendar_workdays_between(s, "2026-10-12", "2026-09-30", &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(calendar_add_workdays(s, "2026-9-30", 1, out, &err), ZF_EINVAL);
	assert_int_equal(calendar_add_workdays(s, "2026-09-30", -1, out, &err), ZF_EINVAL);
	test_db_drop(s, path);
}

static void put_one(struct store *s, const char *day, const char *kind, int expect,
		    const char *field)
{
	struct actor who = test_actor("office");
	struct zf_err err;
	json_t *d = json_pack("[{s:s, s:s}]", "day", day, "kind", kind);
	zf_err_clear(&err);
	assert_int_equal(calendar_year_put(s, 2026, d, &who, NULL, &err), expect);
	if (field)
		assert_string_equal(err.field, field);
	json_decref(d);
}

static void test_put_checks(void **state)
{
	char path[256];
	struct zf_err err;
	struct actor who = test_actor("office");
	struct store *s = test_db(path);
	json_t *j = NULL;
	case_fx_calendar(s);
	put_one(s, "2026-10-09", "workday", ZF_EINVAL, "days[0].kind"); /* a Friday */
	put_one(s, "2025-10-01", "holiday", ZF_EINVAL, "days[0].day");	/* another year */
	put_one(s, "2026-02-30", "holiday", ZF_EINVAL, "days[0].day");
	put_one(s, "2026-10-01", "vacation", ZF_EINVAL, "days[0].kind");
	/* a day twice: refused, and the year is left as it was */
	json_t *d = json_pack("[{s:s, s:s}, {s:s, s:s}]", "day", "2026-05-01", "kind", "holiday",
			      "day", "2026-05-01", "kind", "holiday");
	assert_int_equal(calendar_year_put(s, 2026, d, &who, NULL, &err), ZF_EINVAL);
	assert_string_equal(err.field, "days[1].day");
	json_decref(d);
	assert_int_equal(calendar_year_json(s, 2026, &j, &err), 0);
	assert_int_equal(json_array_size(j), 9);
	json_decref(j);
	/* replacing the year */
	put_one(s, "2026-05-01", "holiday", 0, NULL);
	assert_int_equal(calendar_year_json(s, 2026, &j, &err), 0);
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "day")),
			    "2026-05-01");
	json_decref(j);
	test_db_drop(s, path);
}

static void test_import(void **state)
{
	char path[256];
	struct zf_err err;
	struct actor who = test_actor("office");
	struct store *s = test_db(path);
	struct import_report rep;
	json_t *j = NULL;
	int n = 0;
	const char *bad = "日期,类型,名称\n"
			  "2027-01-01,休,元旦\n"
			  "2027-01-05,班,调休\n"
			  "2027-13-01,休,x\n"
			  "2027-01-02,maybe,x\n";
	import_report_init(&rep, "cal.csv");
	assert_int_equal(calendar_import(s, &who, "cal.csv", bad, strlen(bad), &rep, &n, &err),
			 ZF_EINVAL);
	assert_int_equal(rep.nerrors, 3);
	assert_non_null(strstr(buf_str(&rep.out), "cal.csv:3: 类型: an adjusted working day"));
	assert_non_null(strstr(buf_str(&rep.out), "cal.csv:4: 日期: not a date"));
	assert_non_null(strstr(buf_str(&rep.out), "cal.csv:5: 类型: kind must be"));
	import_report_cleanup(&rep);
	assert_int_equal(calendar_year_json(s, 2027, &j, &err), 0);
	assert_int_equal(json_array_size(j), 0); /* nothing written */
	json_decref(j);
	const char *good = "day,kind,name\n2027-01-01,holiday,元旦\n2027-01-02,放假,元旦\n"
			   "2027-01-03,holiday,元旦\n2027-01-10,调休上班,\n";
	import_report_init(&rep, "cal.csv");
	assert_int_equal(calendar_import(s, &who, "cal.csv", good, strlen(good), &rep, &n, &err),
			 0);
	assert_int_equal(n, 4);
	import_report_cleanup(&rep);
	bool w;
	assert_int_equal(calendar_is_workday(s, "2027-01-10", &w, &err), 0); /* a Sunday */
	assert_true(w);
	test_db_drop(s, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pure_dates),
	    cmocka_unit_test(test_national_day),
	    cmocka_unit_test(test_put_checks),
	    cmocka_unit_test(test_import),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
