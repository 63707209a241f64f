/* test_work.c: the supervision work around cases: the exposure board (only substantiated,
 * never the complainant), key periods and their reminders, inspections whose findings open
 * cases, key projects, decision tracking with overdue tasks and unit scoping, service
 * stations (card, supervisors, forwarding that creates a case) and integrity routines. */
#include "test_sanction_fx.h"
#include "supervise/case.h"
#include "supervise/seal.h"

static const uint8_t KEY[SEAL_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

static int setup(void **state)
{
	seal_key_set(KEY);
	return fx_setup(state);
}

static int teardown(void **state)
{
	seal_key_set(NULL);
	return fx_teardown(state);
}

/* ---- exposure ---- */

static void test_exposure(void **state)
{
	(void)state;
	char no[CASE_NO_MAX];
	struct case_new cn = {.channel = "hotline",
			      .subject = "窗口推诿",
			      .content = "办事群众反映王干事推诿",
			      .category = "attitude",
			      .unit = "T01",
			      .person = "T01-003",
			      .complainant_name = "刘群众",
			      .complainant_phone = "13800138000"};
	OK(case_create(S, &cn, &ACT[A_OFFICE], no, NULL, &ERR));
	fx_sql("UPDATE cases SET state = 'handling'");
	struct exposure_rec r = {.case_no = no,
				 .title = "东城镇干部办事推诿被通报",
				 .facts = "经查，东城镇便民服务中心工作人员存在推诿现象。",
				 .handling = "给予通报批评。"};
	int64_t id = 0;
	FAILS(exposure_publish(S, &ACT[A_OFFICE], &r, &id, &ERR), ZF_ECONFLICT, "case_no");
	const char *d[] = {"T01-003", NULL};
	struct finding_rec f = {.finding = "substantiated", .direct = d};
	OK(finding_record(S, &ACT[A_INSP], no, &f, &ERR));
	FAILS(exposure_publish(S, &ACT[A_OFFICE], &r, &id, &ERR), ZF_ECONFLICT, "case_no");
	OK(finding_confirm(S, &ACT[A_INSP], no, &ERR));
	r.title = "";
	FAILS(exposure_publish(S, &ACT[A_OFFICE], &r, &id, &ERR), ZF_EINVAL, "title");
	r.title = "东城镇干部办事推诿被通报";
	OK(exposure_publish(S, &ACT[A_OFFICE], &r, &id, &ERR));
	FAILS(exposure_publish(S, &ACT[A_OFFICE], &r, &id, &ERR), ZF_ECONFLICT, "case_no");

	json_t *pub = NULL;
	OK(exposure_public_list(S, 0, 20, &pub, &ERR));
	assert_int_equal(json_array_size(pub), 1);
	char *text = json_dumps(pub, 0);
	assert_non_null(strstr(text, "东城镇"));
	assert_null(strstr(text, "刘群众"));
	assert_null(strstr(text, "13800138000"));
	assert_null(strstr(text, "王干事"));
	assert_null(strstr(text, no));
	assert_null(strstr(text, "办事群众反映"));
	free(text);
	assert_null(json_object_get(json_array_get(pub, 0), "person"));
	json_decref(pub);

	OK(exposure_unpublish(S, &ACT[A_OFFICE], id, "已整改", &ERR));
	FAILS(exposure_unpublish(S, &ACT[A_OFFICE], id, "again", &ERR), ZF_ECONFLICT, NULL);
	FAILS(exposure_unpublish(S, &ACT[A_OFFICE], 999, "x", &ERR), ZF_ENOTFOUND, NULL);
	OK(exposure_public_list(S, 0, 20, &pub, &ERR));
	assert_int_equal(json_array_size(pub), 0);
	json_decref(pub);
	assert_int_equal(fx_audit_count("exposure", "unpublish", "ok"), 1);

	/* scheduled for a later day: not on the board yet */
	r.published_on = "2026-06-20";
	OK(exposure_publish(S, &ACT[A_OFFICE], &r, &id, &ERR));
	OK(exposure_public_list(S, 0, 20, &pub, &ERR));
	assert_int_equal(json_array_size(pub), 0);
	json_decref(pub);
	OK(exposure_unpublish(S, &ACT[A_OFFICE], id, "改期", &ERR));
	r.published_on = NULL;

	/* published again, with the person's name as the office chose */
	r.show_person = true;
	OK(exposure_publish(S, &ACT[A_OFFICE], &r, &id, &ERR));
	OK(exposure_public_list(S, 0, 20, &pub, &ERR));
	json_t *person = json_object_get(json_array_get(pub, 0), "person");
	assert_string_equal(json_string_value(json_object_get(person, "name")), "王干事");
	json_decref(pub);
	OK(exposure_list(S, 0, 100, &pub, &ERR));
	assert_int_equal(json_array_size(pub), 3);
	json_decref(pub);
}

/* ---- key periods ---- */

static void test_key_periods(void **state)
{
	(void)state;
	struct keyperiod_rec r = {.kind = "holiday",
				  .name = "端午节",
				  .starts_on = "2026-06-19",
				  .ends_on = "2026-06-21",
				  .remind_days = 7,
				  .plan = "明察暗访公款吃喝"};
	int64_t id;
	OK(keyperiod_create(S, &ACT[A_OFFICE], &r, &id, &ERR));
	struct keyperiod_rec far = {.kind = "holiday",
				    .name = "国庆节",
				    .starts_on = "2026-10-01",
				    .ends_on = "2026-10-07",
				    .remind_days = -1};
	OK(keyperiod_create(S, &ACT[A_OFFICE], &far, &id, &ERR));
	struct keyperiod_rec bad = r;
	bad.kind = "party";
	FAILS(keyperiod_create(S, &ACT[A_OFFICE], &bad, &id, &ERR), ZF_EINVAL, "kind");
	bad = r;
	bad.ends_on = "2026-06-01";
	FAILS(keyperiod_create(S, &ACT[A_OFFICE], &bad, &id, &ERR), ZF_EINVAL, "ends_on");
	bad = r;
	bad.starts_on = NULL;
	FAILS(keyperiod_create(S, &ACT[A_OFFICE], &bad, &id, &ERR), ZF_EINVAL, "starts_on");

	json_t *up = NULL;
	OK(keyperiod_upcoming(S, 30, &up, &ERR));
	assert_int_equal(json_array_size(up), 1);
	json_t *e = json_array_get(up, 0);
	assert_string_equal(json_string_value(json_object_get(e, "remind_on")), "2026-06-12");
	assert_int_equal(json_integer_value(json_object_get(e, "days_left")), 4);
	assert_true(json_is_true(json_object_get(e, "due")));
	json_decref(up);
	OK(keyperiod_upcoming(S, 120, &up, &ERR));
	assert_int_equal(json_array_size(up), 2);
	assert_true(json_is_false(json_object_get(json_array_get(up, 1), "due")));
	json_decref(up);
	FAILS(keyperiod_upcoming(S, 1000, &up, &ERR), ZF_EINVAL, "days");
	OK(keyperiod_deactivate(S, &ACT[A_OFFICE], id, &ERR));
	OK(keyperiod_list(S, "2026-01-01", "2026-12-31", &up, &ERR));
	assert_int_equal(json_array_size(up), 1);
	json_decref(up);
}

/* ---- inspections ---- */

static void test_inspection_finding_opens_case(void **state)
{
	(void)state;
	const char *team[] = {"D01-001", NULL}, *targets[] = {"T01", NULL};
	struct inspection_rec r = {.title = "端午节前明察暗访",
				   .mode = "covert",
				   .planned_on = "2026-06-10",
				   .team = team,
				   .targets = targets};
	int64_t id, fid;
	struct inspection_rec bad = r;
	bad.mode = "secret";
	FAILS(inspection_create(S, &ACT[A_INSP], &bad, &id, &ERR), ZF_EINVAL, "mode");
	bad = r;
	bad.team = NULL;
	FAILS(inspection_create(S, &ACT[A_INSP], &bad, &id, &ERR), ZF_EINVAL, "team");
	const char *ghost[] = {"X99", NULL};
	bad = r;
	bad.targets = ghost;
	FAILS(inspection_create(S, &ACT[A_INSP], &bad, &id, &ERR), ZF_EINVAL, "targets");
	assert_int_equal(fx_count("SELECT count(*) FROM inspections"), 0);
	OK(inspection_create(S, &ACT[A_INSP], &r, &id, &ERR));

	char no[32];
	struct inspection_finding_rec f = {
	    .unit = "T02", .category = "absence", .description = "工作时间脱岗", .open_case = true};
	FAILS(inspection_add_finding(S, &ACT[A_INSP], id, &f, &fid, no, &ERR), ZF_EINVAL, "unit");
	f.unit = "T01";
	f.category = "napping";
	FAILS(inspection_add_finding(S, &ACT[A_INSP], id, &f, &fid, no, &ERR), ZF_EINVAL,
	      "category");
	f.category = "absence";
	f.person = "T01-003";
	OK(inspection_add_finding(S, &ACT[A_INSP], id, &f, &fid, no, &ERR));
	assert_true(no[0] != '\0');
	assert_int_equal(fx_query_int("SELECT count(*) FROM cases WHERE case_no = ? AND"
				      " channel = 'inspection' AND unit_id = 2 AND person_id = 3",
				      "t", no),
			 1);
	assert_int_equal(fx_count("SELECT count(*) FROM inspection_findings WHERE case_id IS NOT"
				  " NULL"),
			 1);
	OK(inspection_complete(S, &ACT[A_INSP], id, "2026-06-10", "发现问题1个", &ERR));
	FAILS(inspection_complete(S, &ACT[A_INSP], id, NULL, NULL, &ERR), ZF_ECONFLICT, "state");
	json_t *j = NULL;
	OK(inspection_get(S, id, &j, &ERR));
	assert_string_equal(json_string_value(json_object_get(j, "state")), "done");
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(j, "findings"), 0), "case_no")),
			    no);
	json_decref(j);
	OK(inspection_list(S, fx_id("units", "T02"), 0, 100, &j, &ERR));
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
}

/* ---- projects ---- */

static void test_projects(void **state)
{
	(void)state;
	const char *insp[] = {"D01-001", NULL};
	struct project_rec r = {.code = "P2026-01",
				.name = "东城镇污水处理厂",
				.unit = "T01",
				.starts_on = "2026-03-01",
				.budget = 3200,
				.inspectors = insp};
	int64_t id, mid;
	struct project_rec bad = r;
	bad.inspectors = NULL;
	FAILS(project_create(S, &ACT[A_INSP], &bad, &id, &ERR), ZF_EINVAL, "inspectors");
	OK(project_create(S, &ACT[A_INSP], &r, &id, &ERR));
	FAILS(project_create(S, &ACT[A_INSP], &r, &id, &ERR), ZF_ECONFLICT, "code");
	OK(project_add_milestone(S, &ACT[A_INSP], id, "主体完工", "2026-06-01", &mid, &ERR));
	OK(project_add_finding(S, &ACT[A_INSP], id, NULL, "监理日志缺失", NULL, &ERR));
	json_t *j = NULL;
	OK(project_get(S, id, 0, &j, &ERR));
	assert_int_equal(json_integer_value(json_object_get(j, "milestones_late")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 1);
	json_decref(j);
	OK(project_milestone_done(S, &ACT[A_INSP], id, mid, NULL, &ERR));
	FAILS(project_milestone_done(S, &ACT[A_INSP], id, mid, NULL, &ERR), ZF_ECONFLICT, NULL);
	FAILS(project_get(S, id, fx_id("units", "T02"), &j, &ERR), ZF_ENOTFOUND, NULL);
}

/* ---- decisions ---- */

static void test_decisions_overdue_and_scope(void **state)
{
	(void)state;
	int64_t d, t1, t2;
	OK(decision_create(S, &ACT[A_OFFICE], "优化营商环境十条措施", "区委常委会", "2026-03-01",
			   &d, &ERR));
	const char *ms[] = {"方案制定@2026-04-01", NULL};
	struct decision_task_rec a = {
	    .unit = "T01", .title = "清理涉企收费", .deadline = "2026-05-31", .milestones = ms};
	struct decision_task_rec b = {
	    .unit = "T02", .title = "压缩审批时限", .deadline = "2026-12-31"};
	OK(decision_add_task(S, &ACT[A_OFFICE], d, &a, &t1, &ERR));
	OK(decision_add_task(S, &ACT[A_OFFICE], d, &b, &t2, &ERR));
	struct decision_task_rec bad = a;
	bad.deadline = "2026-01-01";
	FAILS(decision_add_task(S, &ACT[A_OFFICE], d, &bad, &t1, &ERR), ZF_EINVAL, "deadline");
	const char *badms[] = {"no date", NULL};
	bad = a;
	bad.milestones = badms;
	FAILS(decision_add_task(S, &ACT[A_OFFICE], d, &bad, &t1, &ERR), ZF_EINVAL, "milestones");

	json_t *o = NULL;
	OK(decision_overdue(S, 0, &o, &ERR));
	assert_int_equal(json_array_size(o), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(o, 0), "days_overdue")),
			 15);
	json_decref(o);
	OK(decision_overdue(S, fx_id("units", "T02"), &o, &ERR));
	assert_int_equal(json_array_size(o), 0);
	json_decref(o);

	int64_t t01 = fx_id("units", "T01");
	FAILS(decision_task_progress(S, &ACT[A_LEADER], t2, t01, 50, NULL, NULL, &ERR),
	      ZF_EFORBIDDEN, NULL);
	OK(decision_task_progress(S, &ACT[A_LEADER], t1, t01, 60, NULL, "已清理6项", &ERR));
	FAILS(decision_task_progress(S, &ACT[A_LEADER], t1, t01, 40, NULL, NULL, &ERR), ZF_EINVAL,
	      "progress");
	FAILS(decision_task_progress(S, &ACT[A_LEADER], t1, t01, -1, "cancelled", NULL, &ERR),
	      ZF_EFORBIDDEN, "status");
	FAILS(decision_task_progress(S, &ACT[A_LEADER], t1, t01, -1, "half", NULL, &ERR), ZF_EINVAL,
	      "status");
	OK(decision_milestone_done(S, &ACT[A_LEADER], t1, 1, t01, &ERR));
	OK(decision_task_progress(S, &ACT[A_LEADER], t1, t01, -1, "done", NULL, &ERR));
	FAILS(decision_task_progress(S, &ACT[A_LEADER], t1, t01, 100, NULL, NULL, &ERR),
	      ZF_ECONFLICT, "status");
	OK(decision_overdue(S, 0, &o, &ERR));
	assert_int_equal(json_array_size(o), 0);
	json_decref(o);
	json_t *j = NULL;
	OK(decision_task_get(S, t1, t01, &j, &ERR));
	assert_int_equal(json_integer_value(json_object_get(j, "progress")), 100);
	assert_int_equal(json_array_size(json_object_get(j, "history")), 4);
	json_decref(j);
	FAILS(decision_task_get(S, t2, t01, &j, &ERR), ZF_ENOTFOUND, NULL);
	OK(decision_get(S, d, t01, &j, &ERR));
	assert_int_equal(json_array_size(json_object_get(j, "tasks")), 1);
	json_decref(j);
}

/* ---- stations ---- */

static void test_stations_card_and_forwarding(void **state)
{
	(void)state;
	int64_t st;
	char no[32];
	struct station_matter m = {.subject = "低保办理慢",
				   .content = "群众反映低保审核拖延两个月",
				   .category = "efficiency",
				   .citizen_name = "陈大爷",
				   .citizen_phone = "13900139000"};
	FAILS(station_forward(S, &ACT[A_SUPER], &m, no, &ERR), ZF_EFORBIDDEN, NULL);
	OK(station_create(S, &ACT[A_OFFICE], "东城镇群众服务站", "镇便民服务中心一楼", "T01", &st,
			  &ERR));
	FAILS(station_add_supervisor(S, &ACT[A_OFFICE], st, "leader", &ERR), ZF_EINVAL, "username");
	OK(station_add_supervisor(S, &ACT[A_OFFICE], st, "super", &ERR));
	OK(station_forward(S, &ACT[A_SUPER], &m, no, &ERR));
	assert_int_equal(fx_query_int("SELECT count(*) FROM cases WHERE case_no = ? AND channel ="
				      " 'supervisor' AND anonymous = 0 AND unit_id = 2",
				      "t", no),
			 1);
	assert_int_equal(fx_count("SELECT count(*) FROM complainants"), 1);
	/* the complainant never reaches the audit log */
	assert_int_equal(fx_count("SELECT count(*) FROM audit_log WHERE changes LIKE '%陈大爷%'"
				  " OR changes LIKE '%13900139000%'"),
			 0);

	FAILS(station_set_phone(S, &ACT[A_OFFICE], st, "T01-003", "13700000000", &ERR), ZF_EINVAL,
	      "person");
	FAILS(station_set_phone(S, &ACT[A_OFFICE], st, "T01-001", "call me", &ERR), ZF_EINVAL,
	      "phone");
	OK(station_set_phone(S, &ACT[A_OFFICE], st, "T01-001", "0791-8888001", &ERR));
	json_t *card = NULL;
	OK(station_card(S, st, 0, &card, &ERR));
	json_t *leaders = json_object_get(card, "leaders");
	assert_int_equal(json_array_size(leaders), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(leaders, 0), "phone")),
			    "0791-8888001");
	assert_string_equal(json_string_value(json_object_get(json_array_get(leaders, 1), "code")),
			    "QU-001");
	json_decref(card);
	char *csv = NULL;
	OK(station_card_csv(S, st, 0, &csv, &ERR));
	assert_non_null(strstr(csv, "张书记,党委书记,第一责任人,0791-8888001"));
	free(csv);
	FAILS(station_card(S, st, fx_id("units", "T02"), &card, &ERR), ZF_ENOTFOUND, NULL);
}

/* ---- routines ---- */

static void test_routines(void **state)
{
	(void)state;
	const char *people[] = {"T01-001", "T01-002", NULL};
	struct routine_rec r = {.kind = "democratic_life",
				.unit = "T01",
				.held_on = "2026-01-20",
				.title = "2025年度民主生活会",
				.people = people,
				.issues = 5,
				.resolved = 3};
	int64_t id;
	OK(routine_create(S, &ACT[A_OFFICE], &r, &id, &ERR));
	struct routine_rec bad = r;
	bad.resolved = 6;
	FAILS(routine_create(S, &ACT[A_OFFICE], &bad, &id, &ERR), ZF_EINVAL, "resolved");
	bad = r;
	bad.kind = "party";
	FAILS(routine_create(S, &ACT[A_OFFICE], &bad, &id, &ERR), ZF_EINVAL, "kind");
	bad = r;
	bad.held_on = "2026-07-01";
	FAILS(routine_create(S, &ACT[A_OFFICE], &bad, &id, &ERR), ZF_EINVAL, "held_on");
	struct routine_rec talk = {.kind = "admonishment_talk",
				   .unit = "T02",
				   .held_on = "2026-04-02",
				   .title = "约谈西城镇主要负责人"};
	OK(routine_create(S, &ACT[A_INSP], &talk, &id, &ERR));
	json_t *arr = NULL;
	struct routine_filter f = {.unit_id = fx_id("units", "T01")};
	OK(routine_list(S, &f, 0, 100, &arr, &ERR));
	assert_int_equal(json_array_size(arr), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(arr, 0), "people")), 2);
	json_decref(arr);
	struct routine_filter k = {.kind = "admonishment_talk", .from = "2026-04-01"};
	OK(routine_list(S, &k, 0, 100, &arr, &ERR));
	assert_int_equal(json_array_size(arr), 1);
	json_decref(arr);
	k.kind = "bogus";
	FAILS(routine_list(S, &k, 0, 100, &arr, &ERR), ZF_EINVAL, "kind");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_exposure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_key_periods, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_inspection_finding_opens_case, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_projects, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_decisions_overdue_and_scope, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stations_card_and_forwarding, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_routines, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
