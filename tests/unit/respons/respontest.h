/* respontest.h: what the responsibility tests share: a small district built through org.h
 * and the supervision records (cases, case_people, sanctions) inserted as rows, the way the
 * supervision room would write them.
 *
 *   D  区委 (root)    main DL; O1 (of D) oversees T1; O2 (of D) oversees 公款吃喝 everywhere
 *   T1 东城镇 under D  main M1; deputy A1 (安全生产、服务态度); cadres C1, C2
 *   T2 西城镇 under D  main B1; cadre C3
 * Accounts: "insp" (inspector, no person), "m1" (unit_leader of T1, person M1),
 * "a1" (unit_leader of T1, person A1), "o1" (viewer, person O1).
 */
#ifndef ZF_TESTS_RESPONTEST_H
#define ZF_TESTS_RESPONTEST_H

#include "unit/org/orgtest.h"
#include "respons/respons.h"

#include <jansson.h>

static inline int64_t rt_user(struct fx *f, const char *name, const char *role, const char *unit,
			      const char *person)
{
	struct zf_err err;
	int rc =
	    store_run(f->s, &err,
		      "INSERT INTO users(username, role, unit_id, person_id, pw_hash,"
		      " pw_changed_at, created_at) VALUES (?, ?,"
		      " (SELECT id FROM units WHERE code = ?),"
		      " (SELECT id FROM people WHERE code = ?), 'x', 0, '2026-01-01T00:00:00Z')",
		      "tttt", name, role, unit, person);
	if (rc < 0)
		fail_msg("user %s: %s", name, err.msg);
	return store_last_id(f->s);
}

static inline int rt_setup(void **state)
{
	fx_setup(state);
	struct fx *f = *state;
	fx_category(f, "district", "other");
	fx_category(f, "towns", "township");
	fx_unit(f, "D", "district", NULL);
	fx_unit(f, "T1", "towns", "D");
	fx_unit(f, "T2", "towns", "D");
	const char *people[][2] = {{"DL", "D"},	 {"O1", "D"},  {"O2", "D"},
				   {"M1", "T1"}, {"A1", "T1"}, {"C1", "T1"},
				   {"C2", "T1"}, {"B1", "T2"}, {"C3", "T2"}};
	for (size_t i = 0; i < ARRAY_LEN(people); i++)
		fx_person(f, people[i][0], people[i][1]);
	fx_member(f, "D", "DL", "main", "");
	fx_member(f, "T1", "M1", "main", "");
	fx_member(f, "T1", "A1", "deputy", "安全生产、服务态度");
	fx_member(f, "T2", "B1", "main", "");
	fx_oversight(f, "O1", "T1", NULL);
	fx_oversight(f, "O2", NULL, "公款吃喝");
	rt_user(f, "insp", "inspector", NULL, NULL);
	rt_user(f, "m1", "unit_leader", "T1", "M1");
	rt_user(f, "a1", "unit_leader", "T1", "A1");
	rt_user(f, "o1", "viewer", NULL, "O1");
	return 0;
}

/* An actor for the account `name` (its id looked up). */
static inline struct actor rt_actor(struct fx *f, const char *name)
{
	struct actor a = test_actor(name);
	struct zf_err err;
	int64_t id = 0;
	if (store_query_int(f->s, &err, &id, "SELECT id FROM users WHERE username = ?", "t", name) <
	    0)
		fail_msg("no account %s", name);
	a.user_id = id;
	return a;
}

/* A sanction of measure `measure` on person (its unit), decided on `on`, with the ban until
 * `ban` (NULL: none) and revoked or not. Returns its id. */
static inline int64_t rt_sanction(struct fx *f, const char *person, const char *measure,
				  const char *on, const char *ban, int revoked)
{
	struct zf_err err;
	int rc = store_run(
	    f->s, &err,
	    "INSERT INTO sanctions(measure_id, person_id, unit_id, decided_on, basis, decided_by,"
	    " promotion_ban_until, revoked, created_at) VALUES"
	    " ((SELECT id FROM sanction_measures WHERE code = ?), (SELECT id FROM people WHERE"
	    " code = ?), (SELECT unit_id FROM people WHERE code = ?), ?, '作风问题处理决定',"
	    " (SELECT id FROM users WHERE username = 'insp'), ?, ?, '2026-01-01T00:00:00Z')",
	    "ttttti", measure, person, person, on, ban, (int64_t)revoked);
	if (rc < 0)
		fail_msg("sanction: %s", err.msg);
	return store_last_id(f->s);
}

/* A case about unit (and person, may be NULL) of category, channel, received on `received`,
 * with finding (NULL: none yet) on finding_on. Returns its id. */
static inline int64_t rt_case(struct fx *f, const char *no, const char *unit, const char *person,
			      const char *category, const char *channel, const char *received,
			      const char *finding, const char *finding_on)
{
	struct zf_err err;
	int rc = store_run(
	    f->s, &err,
	    "INSERT INTO cases(case_no, channel, subject, content, category, unit_id, person_id,"
	    " state, received_on, finding, finding_on, created_at, updated_at) VALUES (?, ?,"
	    " '反映作风问题', '内容', ?, (SELECT id FROM units WHERE code = ?),"
	    " (SELECT id FROM people WHERE code = ?), 'closed', ?, ?, ?, '2026-01-01T00:00:00Z',"
	    " '2026-01-01T00:00:00Z')",
	    "tttttttt", no, channel, category, unit, person, received, finding, finding_on);
	if (rc < 0)
		fail_msg("case %s: %s", no, err.msg);
	return store_last_id(f->s);
}

static inline void rt_case_person(struct fx *f, int64_t case_id, const char *person,
				  const char *kind, int confirmed)
{
	struct zf_err err;
	if (store_run(f->s, &err,
		      "INSERT INTO case_people(case_id, person_id, kind, confirmed) VALUES"
		      " (?, (SELECT id FROM people WHERE code = ?), ?, ?)",
		      "itti", case_id, person, kind, (int64_t)confirmed) < 0)
		fail_msg("case_people: %s", err.msg);
}

/* Nominates person (T1 nominating) on `on`, supervisor proposed; returns the id. */
static inline int64_t rt_nominate(struct fx *f, const char *person, const char *on)
{
	struct respons_nomination_new n = {.person = person,
					   .proposed_post = "副镇长",
					   .proposed_rank = "副科",
					   .nominating_unit = "T1",
					   .nominated_on = on};
	int64_t id = 0;
	FX_OK(f, respons_nomination_create(f->s, &f->who, &n, &id, &f->err));
	return id;
}

static inline void rt_assess(struct fx *f, int64_t id, const char *grade)
{
	struct actor insp = rt_actor(f, "insp");
	FX_OK(f, respons_nomination_assess(f->s, &insp, id, grade, "对作风建设态度端正", NULL,
					   &f->err));
}

/* Vets nomination id as of as_of; returns the result (caller decrefs). */
static inline json_t *rt_vet(struct fx *f, int64_t id, const char *as_of)
{
	struct actor insp = rt_actor(f, "insp");
	json_t *j = NULL;
	FX_OK(f, respons_nomination_vet(f->s, &insp, id, as_of, &j, &f->err));
	return j;
}

/* The codes of the rules that fired in a vetting result, joined by ','. */
static inline void rt_reasons(json_t *vet, char *out, size_t n)
{
	size_t i;
	json_t *r;
	out[0] = '\0';
	json_array_foreach(json_object_get(vet, "reasons"), i, r)
	{
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", len ? "," : "",
			 json_string_value(json_object_get(r, "rule")));
	}
}

/* Vets id as of as_of and checks the rules that fired ("" for cleared). */
static inline void rt_expect_vet(struct fx *f, int64_t id, const char *as_of, const char *want)
{
	char got[256];
	json_t *j = rt_vet(f, id, as_of);
	rt_reasons(j, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("vetting as of %s: rules fired '%s', want '%s'", as_of, got, want);
	assert_string_equal(json_string_value(json_object_get(j, "outcome")),
			    *want ? "vetoed" : "cleared");
	json_decref(j);
}

#endif
