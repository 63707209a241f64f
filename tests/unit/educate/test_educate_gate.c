/* test_educate_gate.c: the appointment gate of E2: refusal naming what is missing, passing
 * once the integrity talk and the training are on record (and only within the window), the
 * village-cadre rule, ranks without a gate, the person updated through org.h on effect,
 * and the override that needs a written reason and is audited and listed. */
#include "edutest.h"

static int64_t appoint(struct fx *f, const char *person, const char *rank, const char *decided)
{
	int64_t id = 0;
	struct educate_appointment a = {
	    .person = person, .new_post = "副镇长", .new_rank = rank, .decided_on = decided};
	FX_OK(f, educate_appointment_create(f->s, &f->who, &a, &id, &f->err));
	return id;
}

static void gate_programmes(struct fx *f)
{
	fx_programme(f, "TALK", "integrity_talk", "{\"rank_min\":\"副科\"}", 0, 1);
	fx_programme(f, "TRAIN", "appointment_training", "{\"rank_min\":\"副科\"}", 0, 1);
	fx_programme(f, "VTRAIN", "village_training", "{\"village\":true}", 0, 1);
}

static void test_refused_then_passed(void **state)
{
	struct fx *f = *state;
	gate_programmes(f);
	int64_t a = 0;
	struct educate_appointment ap = {.person = "P002",
					 .new_post = "副镇长",
					 .new_rank = "副科级",
					 .decided_on = "2026-06-01",
					 .managed_by = "D01"};
	FX_OK(f, educate_appointment_create(f->s, &f->who, &ap, &a, &f->err));
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, a, NULL, &f->err), ZF_ECONFLICT,
		"gate");
	assert_non_null(strstr(f->err.msg, "任前廉政谈话"));
	assert_non_null(strstr(f->err.msg, "任职培训"));
	/* the refusal is on record; the person is unchanged */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'appointment'"
				   " AND result = 'denied'"),
			 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM people WHERE code = 'P002'"
				   " AND rank = '一般干部'"),
			 1);
	/* a talk too long before the decision does not count; one within 6 months does */
	int64_t old = fx_session(f, "TALK", "2025-11-30", 1);
	fx_attend(f, old, "[{\"person\":\"P002\",\"status\":\"present\"}]");
	json_t *missing = NULL;
	FX_OK(f, educate_gate_check(f->s, a, &missing, &f->err));
	assert_int_equal(json_array_size(missing), 2);
	json_decref(missing);
	int64_t talk = fx_session(f, "TALK", "2026-06-05", 1);
	fx_attend(f, talk, "[{\"person\":\"P002\",\"status\":\"late\"}]");
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, a, NULL, &f->err), ZF_ECONFLICT,
		"gate");
	assert_null(strstr(f->err.msg, "任前廉政谈话"));
	assert_non_null(strstr(f->err.msg, "任职培训"));
	/* excused is not on record */
	int64_t train = fx_session(f, "TRAIN", "2026-06-10", 8);
	fx_attend(f, train, "[{\"person\":\"P002\",\"status\":\"excused\"}]");
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, a, NULL, &f->err), ZF_ECONFLICT,
		"gate");
	fx_attend(f, train, "[{\"person\":\"P002\",\"status\":\"present\"}]");
	FX_OK(f, educate_gate_check(f->s, a, &missing, &f->err));
	assert_int_equal(json_array_size(missing), 0);
	json_decref(missing);
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, a, "2026-05-01", &f->err), ZF_EINVAL,
		"effective_on");
	/* backdated to before the training: the training is not on record by that day */
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, a, "2026-06-08", &f->err),
		ZF_ECONFLICT, "gate");
	assert_non_null(strstr(f->err.msg, "任职培训"));
	FX_OK(f, educate_appointment_effect(f->s, &f->who, a, "2026-06-15", &f->err));
	/* the person's rank, post and appointed_on changed through org.h, audited there */
	assert_int_equal(fx_int(f,
				"SELECT count(*) FROM people WHERE code = 'P002' AND rank = '副科'"
				" AND post = '副镇长' AND appointed_on = '2026-06-15'"
				" AND managed_by = (SELECT id FROM units WHERE code = 'D01')"),
			 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'person'"
				   " AND action = 'update'"),
			 1);
	json_t *j = NULL;
	FX_OK(f, educate_appointment_get(f->s, a, 0, &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "state")), "effective");
	json_decref(j);
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, a, NULL, &f->err), ZF_ECONFLICT,
		"state");
}

static void test_village_and_ungated(void **state)
{
	struct fx *f = *state;
	gate_programmes(f);
	int64_t v = appoint(f, "P005", "村干部", "2026-06-01");
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, v, NULL, &f->err), ZF_ECONFLICT,
		"gate");
	assert_non_null(strstr(f->err.msg, "村干部任职培训"));
	assert_null(strstr(f->err.msg, "任前廉政谈话"));
	int64_t s = fx_session(f, "VTRAIN", "2026-06-02", 4);
	fx_attend(f, s, "[{\"person\":\"P005\",\"status\":\"present\"}]");
	FX_OK(f, educate_appointment_effect(f->s, &f->who, v, NULL, &f->err));
	/* 一般干部 posts are not gated */
	int64_t g = appoint(f, "P007", "一般干部", "2026-06-01");
	FX_OK(f, educate_appointment_effect(f->s, &f->who, g, NULL, &f->err));
	/* input errors */
	struct educate_appointment bad = {
	    .person = "P001", .new_post = "镇长", .new_rank = "部长", .decided_on = "2026-06-01"};
	int64_t id;
	FX_FAIL(f, educate_appointment_create(f->s, &f->who, &bad, &id, &f->err), ZF_EINVAL,
		"new_rank");
	bad.new_rank = "正科";
	bad.decided_on = "June";
	FX_FAIL(f, educate_appointment_create(f->s, &f->who, &bad, &id, &f->err), ZF_EINVAL,
		"decided_on");
	bad.decided_on = "2026-06-01";
	bad.person = "P999";
	FX_FAIL(f, educate_appointment_create(f->s, &f->who, &bad, &id, &f->err), ZF_EINVAL,
		"person");
	bad.person = "P001";
	FX_OK(f, educate_appointment_create(f->s, &f->who, &bad, &id, &f->err));
	FX_FAIL(f, educate_appointment_create(f->s, &f->who, &bad, &id, &f->err), ZF_ECONFLICT,
		"person");
	FX_FAIL(f, educate_appointment_effect(f->s, &f->who, 999, NULL, &f->err), ZF_ENOTFOUND,
		NULL);
}

static void test_override(void **state)
{
	struct fx *f = *state;
	gate_programmes(f);
	int64_t a = appoint(f, "P007", "正科", "2026-06-01");
	FX_FAIL(f, educate_appointment_override(f->s, &f->who, a, "", NULL, &f->err), ZF_EINVAL,
		"reason");
	FX_FAIL(f, educate_appointment_override(f->s, &f->who, a, "  急需  ", NULL, &f->err),
		ZF_EINVAL, "reason");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM appointments WHERE state = 'pending'"), 1);
	FX_OK(f, educate_appointment_override(f->s, &f->who, a,
					      "防汛抢险急需到岗，培训安排在汛期结束后补上", NULL,
					      &f->err));
	assert_int_equal(
	    fx_int(f, "SELECT count(*) FROM people WHERE code = 'P007' AND rank = '正科'"), 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE action = 'override'"
				   " AND entity = 'appointment' AND changes LIKE '%任职培训%'"),
			 1);
	json_t *list = NULL;
	FX_OK(f, educate_appointment_list(f->s, "overridden", 0, 0, 100, &list, &f->err));
	assert_int_equal(json_array_size(list), 1);
	json_t *o = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(o, "override_by")), "office1");
	assert_non_null(
	    strstr(json_string_value(json_object_get(o, "missing_at_override")), "任前廉政谈话"));
	json_decref(list);
	FX_FAIL(f,
		educate_appointment_override(f->s, &f->who, a, "再一次覆盖这个任命的理由", NULL,
					     &f->err),
		ZF_ECONFLICT, "state");
	/* nothing missing: no override, it simply takes effect */
	int64_t b = appoint(f, "P002", "一般干部", "2026-06-01");
	FX_FAIL(f,
		educate_appointment_override(f->s, &f->who, b, "没有缺项也想覆盖一下看看", NULL,
					     &f->err),
		ZF_ECONFLICT, "gate");
	/* unit scoping of the reads */
	int64_t t01 = 0;
	bool active;
	json_t *j = NULL;
	FX_OK(f, org_unit_find(f->s, "T01", &t01, &active, &f->err));
	FX_FAIL(f, educate_appointment_get(f->s, a, t01, &j, &f->err), ZF_ENOTFOUND, NULL);
	FX_OK(f, educate_appointment_get(f->s, b, t01, &j, &f->err));
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refused_then_passed, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_village_and_ungated, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_override, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
