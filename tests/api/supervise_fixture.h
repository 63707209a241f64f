/* supervise_fixture.h: what the supervision HTTP tests share (test_api_sanction.c,
 * test_api_supervise.c): a server on the demo district with one account per role, the
 * clients logged in, and request helpers whose bodies are written with ' for ". */
#ifndef ZF_TESTS_SUPERVISE_FIXTURE_H
#define ZF_TESTS_SUPERVISE_FIXTURE_H

#include "apitest.h"
#include "base/timeutil.h"
#include "eval/eval.h"

static struct api A;
static const char *PW = "Demo-pass1";

enum { OFFICE, INSP, INSP_D03, LEADER, LEADER2, VIEWER, SUPER, SYSADMIN, SECADMIN, AUDITOR, N };
static const struct {
	const char *name, *role, *unit;
} USERS[N] = {
    {"office", "office", NULL},	       {"inspector", "inspector", NULL},
    {"insp_d03", "inspector", "D03"},  {"leader", "unit_leader", "T01"},
    {"leader2", "unit_leader", "T02"}, {"viewer", "viewer", NULL},
    {"super", "supervisor", "T01"},    {"sysadmin", "sysadmin", NULL},
    {"secadmin", "secadmin", NULL},    {"auditor", "auditor", NULL},
};
static struct client CL[N];

static char *quotes(const char *body)
{
	char *b = strdup(body);
	for (char *p = b; *p; p++)
		if (*p == '\'')
			*p = '"';
	return b;
}

/* Calls and returns the status; out (may be NULL) keeps the response. */
static long call(int who, const char *method, const char *path, const char *body,
		 struct api_resp *out)
{
	struct api_resp r;
	char *b = body ? quotes(body) : NULL;
	api_call(&A, who < 0 ? &(struct client){0} : &CL[who], method, path, b, NULL, &r);
	free(b);
	long st = r.status;
	if (getenv("ZF_TEST_TRACE")) /* prints every exchange, for a failing test */
		fprintf(stderr, "%s %s -> %ld %s\n", method, path, st, r.body ? r.body : "");
	if (out)
		*out = r;
	else
		api_resp_cleanup(&r);
	return st;
}

/* The value at a dotted path of j ("error.field", "items.0.id"), or NULL. */
static json_t *jpath(json_t *j, const char *path)
{
	char seg[64];
	while (j && *path) {
		size_t n = strcspn(path, ".");
		snprintf(seg, sizeof seg, "%.*s", (int)n, path);
		j = json_is_array(j) ? json_array_get(j, strtoul(seg, NULL, 10))
				     : json_object_get(j, seg);
		path += n + (path[n] == '.');
	}
	return j;
}

/* A request that must be refused: by whom, with what body, the status and the field its
 * error names (NULL: none checked). */
struct refusal {
	int who;
	const char *body;
	long status;
	const char *field;
};

/* Sends each refusal's body to method path and checks its status and field. */
static inline void expect_refusals(const char *method, const char *path, const struct refusal *r,
				   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct api_resp resp;
		long st = call(r[i].who, method, path, r[i].body, &resp);
		if (st != r[i].status)
			fail_msg("%s %s %s: %ld, want %ld", method, path, r[i].body, st,
				 r[i].status);
		if (r[i].field)
			assert_string_equal(json_string_value(jpath(resp.json, "error.field")),
					    r[i].field);
		api_resp_cleanup(&resp);
	}
}

static void sql(const char *q)
{
	struct zf_err err;
	if (store_exec(A.db, q, &err) < 0)
		fail_msg("%s: %s", q, err.msg);
}

static int setup(void **state)
{
	(void)state;
	struct zf_err err;
	time_set_fake(1781524800); /* 2026-06-15 */
	api_start(&A);
	sql("INSERT INTO categories(code, name, kind) VALUES ('township', '乡镇', 'township'),"
	    " ('dept', '部门', 'dept'), ('other', '其他', 'other');"
	    "INSERT INTO units(code, name, category_id, parent_id) VALUES ('QU', '区领导', 3, "
	    "NULL);"
	    "INSERT INTO units(code, name, category_id, parent_id) VALUES"
	    " ('T01', '东城镇', 1, 1), ('T02', '西城镇', 1, 1), ('D01', '区纪委监委', 2, 1),"
	    " ('D03', '区委组织部', 2, 1);"
	    "INSERT INTO people(code, name, gender, birth_date, unit_id, rank, post, managed_by)"
	    " VALUES ('T01-001', '张书记', 'M', '1975-01-01', 2, '正科', '党委书记', 5),"
	    " ('T01-003', '王干事', 'M', '1990-01-01', 2, '一般干部', '干事', 2),"
	    " ('QU-001', '赵副区长', 'M', '1970-01-01', 1, '副处', '副区长', NULL),"
	    " ('T02-001', '钱书记', 'M', '1972-01-01', 3, '正科', '党委书记', 5);"
	    "INSERT INTO team_members(unit_id, person_id, role, title) VALUES"
	    " (2, 1, 'main', '党委书记'), (3, 4, 'main', '党委书记');"
	    "INSERT INTO oversight(leader_id, unit_id, area) VALUES (3, 2, '');"
	    "INSERT INTO cases(case_no, channel, subject, content, category, unit_id, person_id,"
	    " state, received_on, created_at, updated_at) VALUES ('ZF-2026-000001', 'hotline',"
	    " '推诿', '窗口推诿扯皮', 'attitude', 2, 2, 'handling', '2026-05-01',"
	    " '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z');");
	json_t *cfg =
	    json_loads("{\"code\":\"2026\",\"name\":\"2026\",\"indicators\":{"
		       "\"township\":[{\"code\":\"a\",\"name\":\"思想作风\",\"weight\":1}]}}",
		       0, NULL);
	struct actor who = test_actor("test");
	if (eval_round_create(A.db, &who, cfg, &err) < 0 ||
	    eval_round_transition(A.db, &who, "2026", "open", NULL, &err) < 0)
		fail_msg("round: %s", err.msg);
	json_decref(cfg);
	for (int i = 0; i < N; i++) {
		api_user(&A, USERS[i].name, USERS[i].role, USERS[i].unit, PW);
		api_login(&A, &CL[i], USERS[i].name, PW);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	api_stop(&A);
	time_set_fake(0);
	return 0;
}

#endif
