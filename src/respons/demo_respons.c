/* demo_respons.c: the responsibility room's part of `zuofeng demo` (see demo_respons.h). */
#include "respons/demo_respons.h"
#include "audit/audit.h"
#include "respons/respons.h"

#include <stdio.h>
#include <string.h>

#define DEMO_AT "2026-07-01T08:00:00Z"

/* The code of the n-th (0-based) person of unit who is not on its leadership team. */
static int staff_code(struct store *s, const char *unit, int n, char *out, size_t len,
		      struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT p.code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = ?"
	    " AND p.active = 1 AND NOT EXISTS (SELECT 1 FROM team_members t"
	    " WHERE t.person_id = p.id AND t.active = 1) ORDER BY p.code LIMIT 1 OFFSET ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, unit);
	stmt_bind_int(st, 2, n);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		snprintf(out, len, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (rc == STORE_DONE)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "the demo district has no staff in %s",
				  unit);
	return rc < 0 ? rc : 0;
}

static int account(struct store *s, const char *name, struct actor *a, struct zf_err *err)
{
	int64_t id = 0;
	int rc = store_query_int(s, err, &id, "SELECT id FROM users WHERE username = ?", "t", name);
	if (rc < 0)
		return rc;
	memset(a, 0, sizeof *a);
	a->user_id = id;
	snprintf(a->username, sizeof a->username, "%s", name);
	snprintf(a->addr, sizeof a->addr, "local");
	return 0;
}

/* A closed case about person's unit, found substantiated on found; *id gets its id. */
static int demo_case(struct store *s, const struct actor *who, const char *no, const char *channel,
		     const char *category, const char *subject, const char *person,
		     const char *received, const char *found, int64_t *id, struct zf_err *err)
{
	int rc = store_run(
	    s, err,
	    "INSERT INTO cases(case_no, channel, subject, content, category, unit_id, person_id,"
	    " handling_unit_id, state, anonymous, received_on, signed_on, replied_on, closed_on,"
	    " reply, finding, finding_on, created_at, updated_at)"
	    " SELECT ?, ?, ?, ?, ?, p.unit_id, p.id, p.unit_id, 'closed', 1, ?, ?, ?, ?,"
	    " '经调查核实，反映问题属实，已依规依纪处理。', 'substantiated', ?, ?, ?"
	    " FROM people p WHERE p.code = ?",
	    "ttttttttttttt", no, channel, subject, subject, category, received, received, found,
	    found, found, DEMO_AT, DEMO_AT, person);
	if (rc < 0)
		return rc;
	*id = store_last_id(s);
	json_t *ch = json_pack("{s:s,s:s,s:s,s:s,s:s}", "channel", channel, "category", category,
			       "person", person, "finding", "substantiated", "finding_on", found);
	rc = audit_append(s, who, "create", "case", no, "ok", ch, err);
	json_decref(ch);
	return rc;
}

/* Nominates, assesses and vets; *id gets the nomination. */
static int nominate(struct store *s, const struct actor *office, const struct actor *insp,
		    const char *person, const char *post, const char *rank, const char *unit,
		    const char *on, const char *grade, const char *text, const char *vet_on,
		    int64_t *id, struct zf_err *err)
{
	struct respons_nomination_new n = {.person = person,
					   .proposed_post = post,
					   .proposed_rank = rank,
					   .nominating_unit = unit,
					   .nominated_on = on};
	int rc = respons_nomination_create(s, office, &n, id, err);
	if (rc == 0)
		rc = respons_nomination_assess(s, insp, *id, grade, text, vet_on, err);
	if (rc == 0)
		rc = respons_nomination_vet(s, insp, *id, vet_on, NULL, err);
	return rc;
}

int respons_demo_create(struct store *s, const struct actor *who, struct respons_demo_stats *st,
			struct zf_err *err)
{
	struct actor insp, leader;
	char a[32], b[32], c[32], d[32];
	int64_t n1, n2, n3, n4, case_id;
	int flags = 0, rc;
	if (!store_in_tx(s))
		return zf_err_set(err, ZF_EINTERNAL, NULL, "the demo runs in a transaction");
	if ((rc = account(s, "inspector", &insp, err)) < 0 ||
	    (rc = account(s, "leader", &leader, err)) < 0 ||
	    (rc = staff_code(s, "T01", 0, a, sizeof a, err)) < 0 ||
	    (rc = staff_code(s, "T01", 1, b, sizeof b, err)) < 0 ||
	    (rc = staff_code(s, "T02", 0, c, sizeof c, err)) < 0 ||
	    (rc = staff_code(s, "D05", 0, d, sizeof d, err)) < 0)
		return rc;

	/* 1. Cleared and signed by T01's main leader (the leader account). */
	if ((rc = nominate(s, who, &insp, a, "副镇长", "副科", "T01", "2026-03-02", "好",
			   "抓作风建设态度坚决，本人作风扎实，群众评价好", "2026-03-10", &n1,
			   err)) < 0 ||
	    (rc = respons_nomination_sign(s, &leader, n1, "该同志在原单位作风表现良好，同意推荐",
					  "2026-03-12", err)) < 0)
		return rc;

	/* 2. Cleared and signed; a substantiated complaint within the liability period then
	 *    flags the signer. */
	if ((rc = nominate(s, who, &insp, b, "党委委员", "副科", "T01", "2026-03-02", "较好",
			   "重视作风建设，本人作风较好", "2026-03-10", &n2, err)) < 0 ||
	    (rc = respons_nomination_sign(s, &leader, n2, "同意推荐，愿承担连带责任", "2026-03-12",
					  err)) < 0 ||
	    (rc = demo_case(s, &insp, "ZF-2026-900001", "hotline", "attitude",
			    "便民服务窗口办事推诿、态度生硬", b, "2026-05-20", "2026-06-18",
			    &case_id, err)) < 0 ||
	    (rc = respons_liability_scan(s, &insp, "2026-07-01", &flags, err)) < 0)
		return rc;

	/* 3. Vetoed: a promotion ban from an admonishment talk (诫勉谈话) after covert inspection.
	 */
	if ((rc = demo_case(s, &insp, "ZF-2026-900002", "inspection", "absence",
			    "明察暗访发现工作时间脱岗", c, "2026-01-20", "2026-02-05", &case_id,
			    err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO sanctions(measure_id, person_id, unit_id, case_id, decided_on,"
		       " basis, decided_by, authority_unit_id, promotion_ban_until, created_at)"
		       " SELECT m.id, p.id, p.unit_id, ?, '2026-02-10',"
		       " '《区机关作风明察暗访工作暂行办法》：工作时间脱岗，予以诫勉谈话', ?,"
		       " p.managed_by, '2026-08-10', ? FROM sanction_measures m, people p"
		       " WHERE m.code = 'admonishment' AND p.code = ?",
		       "iitt", case_id, insp.user_id, DEMO_AT, c);
	if (rc == 0) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)store_last_id(s));
		json_t *ch =
		    json_pack("{s:s,s:s,s:s,s:s}", "measure", "admonishment", "person", c,
			      "decided_on", "2026-02-10", "promotion_ban_until", "2026-08-10");
		rc = audit_append(s, &insp, "create", "sanction", key, "ok", ch, err);
		json_decref(ch);
	}
	if (rc < 0 || (rc = nominate(s, who, &insp, c, "副镇长", "副科", "T02", "2026-04-01",
				     "一般", "对作风建设重视不够", "2026-04-10", &n3, err)) < 0)
		return rc;

	/* 4. Vetoed: public funds spent on dining (公款吃喝, a veto category), found by inspection.
	 */
	if ((rc = demo_case(s, &insp, "ZF-2026-900003", "inspection", "dining", "违规使用公款宴请",
			    d, "2025-10-28", "2025-11-20", &case_id, err)) < 0 ||
	    (rc = nominate(s, who, &insp, d, "副部长", "副科", "D05", "2026-04-01", "较好",
			   "工作积极，作风总体较好", "2026-04-10", &n4, err)) < 0)
		return rc;

	st->nominations = 4;
	st->signed_ = 2;
	st->vetoed = 2;
	st->flags = flags;
	return 0;
}
