/* test_sanction_fx.h: what the supervision-work tests share: a small district with its
 * leadership, cadres managed by different bodies, accounts of every role (written straight
 * into the tables), the open round 2026 and cases inserted with SQL, all on a clock pinned
 * to 2026-06-15. */
#ifndef ZF_TESTS_SANCTION_FX_H
#define ZF_TESTS_SANCTION_FX_H

#include "testutil.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "eval/eval.h"
#include "supervise/sanction.h"
#include "supervise/supervise.h"

#include <jansson.h>
#include <math.h>

#define FX_NOW 1781524800 /* 2026-06-15T12:00:00Z */

static struct store *S;
static char PATH[256];
static struct zf_err ERR;

/* Accounts: district office and inspector (no unit), the organisation department's and a
 * township's inspectors, T01's leader and staff, a viewer, a supervisor of T01, sysadmin. */
enum { A_OFFICE, A_INSP, A_INSP_D03, A_INSP_T01, A_LEADER, A_STAFF, A_VIEWER, A_SUPER, A_SYS, A_N };
static struct actor ACT[A_N];

#define OK(call)                                                                                   \
	do {                                                                                       \
		zf_err_clear(&ERR);                                                                \
		int rc_ = (call);                                                                  \
		if (rc_ != 0)                                                                      \
			fail_msg("%s: %d %s: %s", #call, rc_, ERR.field, ERR.msg);                 \
	} while (0)

/* Asserts call fails with code and, when field is non-NULL, names field. */
#define FAILS(call, code, fieldname)                                                               \
	do {                                                                                       \
		zf_err_clear(&ERR);                                                                \
		int rc_ = (call);                                                                  \
		if (rc_ != (code))                                                                 \
			fail_msg("%s: want %d, got %d (%s: %s)", #call, (code), rc_, ERR.field,    \
				 ERR.msg);                                                         \
		const char *want_ = (fieldname);                                                   \
		if (want_ && strcmp(ERR.field, want_))                                             \
			fail_msg("%s: want field %s, got '%s' (%s)", #call, want_, ERR.field,      \
				 ERR.msg);                                                         \
	} while (0)

static void fx_sql(const char *q)
{
	struct zf_err err;
	if (store_exec(S, q, &err) < 0)
		fail_msg("%s: %s", q, err.msg);
}

/* The first integer of query q with at most one text parameter (fmt "t" or ""). */
static int64_t fx_query_int(const char *q, const char *fmt, const char *a)
{
	int64_t v = -1;
	struct zf_err err;
	int rc =
	    fmt[0] ? store_query_int(S, &err, &v, q, fmt, a) : store_query_int(S, &err, &v, q, "");
	if (rc < 0)
		fail_msg("%s: %s", q, err.msg);
	return v;
}

static inline int64_t fx_count(const char *q)
{
	return fx_query_int(q, "", NULL);
}

static inline int64_t fx_id(const char *table, const char *code)
{
	char q[128];
	snprintf(q, sizeof q, "SELECT id FROM %s WHERE code = ?", table);
	return fx_query_int(q, "t", code);
}

static const char *FX_CONFIG = "{\"code\":\"2026\",\"name\":\"2026年度\",\"indicators\":{"
			       "\"township\":[{\"code\":\"a\",\"name\":\"思想作风\",\"weight\":1}],"
			       "\"dept\":[{\"code\":\"a\",\"name\":\"思想作风\",\"weight\":1}],"
			       "\"other\":[{\"code\":\"a\",\"name\":\"思想作风\",\"weight\":1}]}}";

static void fx_account(int i, const char *name, const char *role, const char *unit)
{
	char q[512];
	snprintf(q, sizeof q,
		 "INSERT INTO users(username, role, unit_id, pw_hash, pw_changed_at, must_change,"
		 " created_at) VALUES ('%s', '%s', %s, 'x', 0, 0, '2026-01-01T00:00:00Z')",
		 name, role, unit ? "(SELECT id FROM units WHERE code = ?)" : "NULL");
	struct zf_err err;
	if (store_run(S, &err, q, unit ? "t" : "", unit) < 0)
		fail_msg("account %s: %s", name, err.msg);
	memset(&ACT[i], 0, sizeof ACT[i]);
	ACT[i].user_id = store_last_id(S);
	snprintf(ACT[i].username, sizeof ACT[i].username, "%s", name);
	snprintf(ACT[i].role, sizeof ACT[i].role, "%s", role);
	ACT[i].unit_id = unit ? fx_id("units", unit) : 0;
	snprintf(ACT[i].addr, sizeof ACT[i].addr, "127.0.0.1");
}

/*
 * The district QU with townships T01 and T02 and departments D01 (纪委) and D03 (组织部).
 * T01's team: T01-001 main leader (正科, managed by D03), T01-002 deputy overseeing 财务 and
 * 作风建设 (副科, D03); T01-003 a staff cadre (managed by T01); QU-001 a district leader
 * (副处, managed above the district: NULL) overseeing T01; T02-001 T02's main leader.
 */
static int fx_setup(void **state)
{
	(void)state;
	time_set_fake(FX_NOW);
	S = test_db(PATH);
	fx_sql("INSERT INTO categories(code, name, kind) VALUES ('township', '乡镇', 'township'),"
	       " ('dept', '部门', 'dept'), ('other', '其他', 'other');"
	       "INSERT INTO units(code, name, category_id, parent_id) VALUES"
	       " ('QU', '区领导', 3, NULL);"
	       "INSERT INTO units(code, name, category_id, parent_id) VALUES"
	       " ('T01', '东城镇', 1, 1), ('T02', '西城镇', 1, 1), ('D01', '区纪委监委', 2, 1),"
	       " ('D03', '区委组织部', 2, 1);"
	       "INSERT INTO people(code, name, gender, birth_date, unit_id, rank, post, managed_by)"
	       " VALUES ('T01-001', '张书记', 'M', '1975-01-01', 2, '正科', '党委书记', 5),"
	       " ('T01-002', '李镇长', 'F', '1980-01-01', 2, '副科', '副镇长', 5),"
	       " ('T01-003', '王干事', 'M', '1990-01-01', 2, '一般干部', '干事', 2),"
	       " ('QU-001', '赵副区长', 'M', '1970-01-01', 1, '副处', '副区长', NULL),"
	       " ('T02-001', '钱书记', 'M', '1972-01-01', 3, '正科', '党委书记', 5),"
	       " ('D01-001', '孙纪检员', 'F', '1985-01-01', 4, '一般干部', '纪检监察员', 4);"
	       "INSERT INTO team_members(unit_id, person_id, role, title, areas) VALUES"
	       " (2, 1, 'main', '党委书记', ''), (2, 2, 'deputy', '副镇长', '财务、作风建设'),"
	       " (3, 5, 'main', '党委书记', '');"
	       "INSERT INTO oversight(leader_id, unit_id, area) VALUES (4, 2, '');");
	fx_account(A_OFFICE, "office", "office", NULL);
	fx_account(A_INSP, "inspector", "inspector", NULL);
	fx_account(A_INSP_D03, "insp_d03", "inspector", "D03");
	fx_account(A_INSP_T01, "insp_t01", "inspector", "T01");
	fx_account(A_LEADER, "leader", "unit_leader", "T01");
	fx_account(A_STAFF, "staff", "unit_staff", "T01");
	fx_account(A_VIEWER, "viewer", "viewer", NULL);
	fx_account(A_SUPER, "super", "supervisor", "T01");
	fx_account(A_SYS, "sysadmin", "sysadmin", NULL);
	json_t *cfg = json_loads(FX_CONFIG, 0, NULL);
	OK(eval_round_create(S, &ACT[A_OFFICE], cfg, &ERR));
	json_decref(cfg);
	OK(eval_round_transition(S, &ACT[A_OFFICE], "2026", "open", NULL, &ERR));
	return 0;
}

static int fx_teardown(void **state)
{
	(void)state;
	time_set_fake(0);
	test_db_drop(S, PATH);
	return 0;
}

/* Inserts case no about unit (person may be NULL) in state. */
static inline void fx_case(const char *no, const char *unit, const char *person, const char *state)
{
	struct zf_err err;
	if (store_run(
		S, &err,
		"INSERT INTO cases(case_no, channel, subject, content, category, unit_id,"
		" person_id, state, received_on, created_at, updated_at) VALUES (?, 'hotline',"
		" '办事推诿', '群众反映窗口人员推诿扯皮', 'attitude',"
		" (SELECT id FROM units WHERE code = ?), (SELECT id FROM people WHERE code = ?),"
		" ?, '2026-05-01', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z')",
		"tttt", no, unit, person, state) < 0)
		fail_msg("case %s: %s", no, err.msg);
}

/* Records and confirms a substantiated finding holding direct responsible. */
static inline void fx_finding(const char *no, const char *direct)
{
	const char *d[] = {direct, NULL};
	struct finding_rec f = {.finding = "substantiated", .direct = d};
	OK(finding_record(S, &ACT[A_INSP], no, &f, &ERR));
	OK(finding_confirm(S, &ACT[A_INSP], no, &ERR));
}

static inline int64_t fx_audit_count(const char *entity, const char *action, const char *result)
{
	int64_t n = -1;
	struct zf_err err;
	if (store_query_int(S, &err, &n,
			    "SELECT count(*) FROM audit_log WHERE entity = ? AND action = ? AND"
			    " result = ?",
			    "ttt", entity, action, result) < 0)
		fail_msg("audit count: %s", err.msg);
	return n;
}

#endif
