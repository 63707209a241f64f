/* case_fixture.h: a small district for the case tests (unit and HTTP): the district QU
 * with townships T01 and T02 and department D01, their leaders, an oversight of T01 by a
 * district deputy, the seal key, and a fixed clock. */
#ifndef ZF_TESTS_CASE_FIXTURE_H
#define ZF_TESTS_CASE_FIXTURE_H

#include "testutil.h"

#include <sys/stat.h>
#include <time.h>

#include "auth/auth.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"
#include "supervise/calendar.h"
#include "supervise/case.h"
#include "supervise/seal.h"

/* 2026-11-02 (a Monday) 09:00 UTC */
#define CASE_FX_NOW 1793610000

/* Where needle (n bytes) occurs in hay (len bytes), or NULL (memmem without _GNU_SOURCE). */
static inline const void *case_fx_find(const void *hay, size_t len, const void *needle, size_t n)
{
	const char *h = hay;
	for (size_t i = 0; n && i + n <= len; i++)
		if (!memcmp(h + i, needle, n))
			return h + i;
	return NULL;
}

static inline void case_fx_key(void)
{
	uint8_t k[SEAL_KEY_BYTES];
	for (int i = 0; i < SEAL_KEY_BYTES; i++)
		k[i] = (uint8_t)(i * 7 + 1);
	seal_key_set(k);
}

static inline void case_fx_person(struct store *s, const struct actor *who, const char *code,
				  const char *name, const char *unit)
{
	struct zf_err err;
	struct org_person p = {.code = code,
			       .name = name,
			       .gender = "M",
			       .birth_date = "1975-05-05",
			       .unit = unit,
			       .rank = "正科",
			       .post = "干部"};
	if (org_person_create(s, who, &p, &err) < 0)
		fail_msg("person %s: %s", code, err.msg);
}

static inline void case_fx_team(struct store *s, const struct actor *who, const char *unit,
				const char *person, const char *role, const char *areas)
{
	struct zf_err err;
	struct org_team_member m = {.unit = unit, .person = person, .role = role, .areas = areas};
	if (org_team_add(s, who, &m, &err) < 0)
		fail_msg("team %s %s: %s", unit, person, err.msg);
}

/* The district; the clock pinned at CASE_FX_NOW; the key set. */
static inline void case_fx_org(struct store *s)
{
	struct actor who = test_actor("fixture");
	struct zf_err err;
	time_set_fake(CASE_FX_NOW);
	case_fx_key();
	struct org_category town = {.code = "town", .name = "乡镇", .kind = "township"};
	struct org_category dept = {.code = "dept", .name = "部门", .kind = "dept"};
	if (org_category_create(s, &who, &town, &err) < 0 ||
	    org_category_create(s, &who, &dept, &err) < 0)
		fail_msg("category: %s", err.msg);
	struct org_unit units[] = {
	    {.code = "QU", .name = "区委区政府", .category = "dept"},
	    {.code = "T01", .name = "罗坊镇", .category = "town", .parent = "QU"},
	    {.code = "T02", .name = "水北镇", .category = "town", .parent = "QU"},
	    {.code = "D01", .name = "区民政局", .category = "dept", .parent = "QU"},
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (org_unit_create(s, &who, &units[i], &err) < 0)
			fail_msg("unit %s: %s", units[i].code, err.msg);
	case_fx_person(s, &who, "P_QU", "区委书记甲", "QU");
	case_fx_person(s, &who, "P_QU2", "副区长乙", "QU");
	case_fx_person(s, &who, "P_T01", "镇党委书记丙", "T01");
	case_fx_person(s, &who, "P_T01D", "副镇长丁", "T01");
	case_fx_person(s, &who, "P_T02", "镇党委书记戊", "T02");
	case_fx_person(s, &who, "P_D01", "局长己", "D01");
	case_fx_team(s, &who, "QU", "P_QU", "main", NULL);
	case_fx_team(s, &who, "QU", "P_QU2", "deputy", "乡镇工作");
	case_fx_team(s, &who, "T01", "P_T01", "main", NULL);
	case_fx_team(s, &who, "T01", "P_T01D", "deputy", "服务态度差、便民服务");
	case_fx_team(s, &who, "T02", "P_T02", "main", NULL);
	case_fx_team(s, &who, "D01", "P_D01", "main", NULL);
	struct org_oversight o = {.leader = "P_QU2", .unit = "T01"};
	if (org_oversight_create(s, &who, &o, NULL, &err) < 0)
		fail_msg("oversight: %s", err.msg);
}

/* A named case about unit; case_no (CASE_NO_MAX) and code (CASE_QUERY_CODE_MAX) may be NULL. */
static inline void case_fx_case(struct store *s, const char *unit, const char *category,
				const char *subject, const char *received_on, char *case_no,
				char *code)
{
	struct actor who = test_actor("office");
	struct zf_err err;
	char no[CASE_NO_MAX], qc[CASE_QUERY_CODE_MAX];
	struct case_new in = {.channel = "hotline",
			      .subject = subject,
			      .content = "窗口工作人员态度恶劣，群众多次反映无人处理。",
			      .category = category,
			      .unit = unit,
			      .complainant_name = "张三丰",
			      .complainant_phone = "13912345678",
			      .received_on = received_on};
	if (case_create(s, &in, &who, no, qc, &err) < 0)
		fail_msg("case: %s (%s)", err.msg, err.field);
	if (case_no)
		memcpy(case_no, no, CASE_NO_MAX);
	if (code)
		memcpy(code, qc, CASE_QUERY_CODE_MAX);
}

/* The National Day week of 2026 as the brief of the calendar tests has it: 1-7 October off,
 * Sunday 27 September and Saturday 10 October working. */
static inline void case_fx_calendar(struct store *s)
{
	struct actor who = test_actor("office");
	struct zf_err err;
	json_t *d = json_array();
	for (int i = 1; i <= 7; i++) {
		char day[11];
		snprintf(day, sizeof day, "2026-10-%02d", i);
		json_array_append_new(d, json_pack("{s:s, s:s, s:s}", "day", day, "kind", "holiday",
						   "name", "国庆节"));
	}
	json_array_append_new(d, json_pack("{s:s, s:s}", "day", "2026-09-27", "kind", "workday"));
	json_array_append_new(d, json_pack("{s:s, s:s}", "day", "2026-10-10", "kind", "workday"));
	if (calendar_year_put(s, 2026, d, &who, NULL, &err) < 0)
		fail_msg("calendar: %s (%s)", err.msg, err.field);
	json_decref(d);
}

#endif
