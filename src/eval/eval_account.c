/* eval_account.c: the use of a round's results (V7): an accountability proposal for the
 * main leader of each category's worst unit, marked "needs review" when last place is not
 * certain (SCORING.md section 5), confirmed with a measure or dismissed with a reason by the
 * office; and the figures a published round feeds into the annual target assessment. */
#include "eval/eval_more.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_MAX 500 /* code points of a note or a reason */

static const char *measure_names[][2] = {
    [EM_ADMONISHMENT_TALK] = {"admonishment_talk", "诫勉谈话"},
    [EM_ORGANISATIONAL_ADJUSTMENT] = {"organisational_adjustment", "组织调整"},
};

bool eval_measure_parse(const char *name, enum eval_measure *m)
{
	for (size_t i = 0; name && i < ARRAY_LEN(measure_names); i++)
		if (!strcmp(name, measure_names[i][0])) {
			*m = (enum eval_measure)i;
			return true;
		}
	return false;
}

static const char *measure_zh(const char *name)
{
	enum eval_measure m;
	return eval_measure_parse(name, &m) ? measure_names[m][1] : "";
}

/* ---- generating ---- */

/* What a proposal rests on: the unit, the person the chain names, the ranking figures. */
struct prop {
	int64_t unit_id;
	const char *unit, *category;
	int64_t person_id; /* 0: nobody in the chain */
	char relation[40], relation_zh[64];
	bool leader_missing;
	int rank, ranked, lo, hi;
	double total;
	bool has_p_last;
	double p_last;
	bool review;
};

/* Fills the person of p from the unit's responsibility chain: its main leader, or the
 * first person of the chain when it has none. */
static int chain_person(struct store *s, struct prop *p, struct zf_err *err)
{
	json_t *chain = NULL, *e, *pick = NULL;
	size_t i;
	int rc = org_responsibility(s, p->unit, NULL, &chain, err);
	if (rc < 0)
		return rc;
	json_array_foreach(json_object_get(chain, "chain"), i, e)
	{
		const char *rel = json_string_value(json_object_get(e, "relation"));
		if (rel && !strcmp(rel, "main_leader")) {
			pick = e;
			break;
		}
		if (!pick)
			pick = e;
	}
	p->leader_missing = json_is_true(json_object_get(chain, "main_leader_missing"));
	if (pick) {
		const char *code =
		    json_string_value(json_object_get(json_object_get(pick, "person"), "code"));
		bool active;
		snprintf(p->relation, sizeof p->relation, "%s",
			 json_string_value(json_object_get(pick, "relation")));
		snprintf(p->relation_zh, sizeof p->relation_zh, "%s",
			 json_string_value(json_object_get(pick, "relation_zh")));
		rc = org_person_find(s, code ? code : "", &p->person_id, &active, err);
	}
	json_decref(chain);
	return rc;
}

/* The proposals the ranking calls for: one per worst unit of each category. *out gets a
 * new array of *n entries (the strings borrowed from rk). */
static int wanted_props(struct store *s, const struct eval_ranking *rk, struct prop **out, int *n,
			struct zf_err *err)
{
	struct prop *v = xcalloc((size_t)(rk->n ? rk->n : 1), sizeof *v);
	int m = 0, rc = 0;
	for (int j = 0; j < rk->n && rc == 0; j++) {
		const struct eval_rank_row *r = &rk->rows[j];
		if (!r->res.ranked || !r->res.worst)
			continue;
		struct prop *p = &v[m++];
		p->unit = r->code;
		p->category = r->category;
		for (int k = 0; k < rk->n; k++)
			p->ranked += rk->rows[k].res.ranked && rk->rows[k].cat == r->cat;
		p->rank = r->res.rank;
		p->total = r->res.total;
		p->has_p_last = !isnan(r->p_last);
		p->p_last = r->p_last;
		p->lo = r->rank_lo;
		p->hi = r->rank_hi;
		/* without the bootstrap the certainty of last place is unknown: review it */
		p->review = !p->has_p_last || p->p_last < EVAL_REVIEW_P_LAST;
		bool active;
		if ((rc = org_unit_find(s, r->code, &p->unit_id, &active, err)) == 0)
			rc = chain_person(s, p, err);
	}
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = m;
	return 0;
}

static json_t *prop_json(const struct prop *p)
{
	return json_pack("{s:s,s:s,s:o,s:s,s:b,s:i,s:i,s:f,s:o,s:[i,i],s:b}", "unit", p->unit,
			 "category", p->category, "person_id",
			 p->person_id ? json_integer(p->person_id) : json_null(), "relation",
			 p->relation, "main_leader_missing", p->leader_missing, "rank", p->rank,
			 "ranked", p->ranked, "total", p->total, "p_last",
			 p->has_p_last ? json_real(p->p_last) : json_null(), "rank_range", p->lo,
			 p->hi, "needs_review", p->review);
}

/* The stored figures of the proposal of (round, unit) as JSON like prop_json, its id and
 * status; *id 0 when there is none. */
static int stored_prop(struct store *s, int64_t round_id, const struct prop *want, int64_t *id,
		       char *status, size_t n, json_t **fig, struct zf_err *err)
{
	static const char *q =
	    "SELECT id, status, category, person_id, relation,"
	    " main_leader_missing, rank, ranked, total, p_last, rank_lo,"
	    " rank_hi, needs_review FROM proposals WHERE round_id = ? AND unit_id = ?";
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, round_id);
	stmt_bind_int(st, 2, want->unit_id);
	*id = 0;
	*fig = NULL;
	if ((rc = stmt_step(st, err)) == STORE_ROW) {
		*id = stmt_int(st, 0);
		snprintf(status, n, "%s", stmt_text(st, 1));
		*fig = json_pack("{s:s,s:s,s:o,s:s,s:b,s:i,s:i,s:f,s:o,s:[i,i],s:b}", "unit",
				 want->unit, "category", stmt_text(st, 2), "person_id",
				 stmt_is_null(st, 3) ? json_null() : json_integer(stmt_int(st, 3)),
				 "relation", stmt_text(st, 4), "main_leader_missing",
				 stmt_int(st, 5) != 0, "rank", (int)stmt_int(st, 6), "ranked",
				 (int)stmt_int(st, 7), "total", stmt_double(st, 8), "p_last",
				 stmt_is_null(st, 9) ? json_null() : json_real(stmt_double(st, 9)),
				 "rank_range", (int)stmt_int(st, 10), (int)stmt_int(st, 11),
				 "needs_review", stmt_int(st, 12) != 0);
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* Writes p as a new proposal (id 0) or over proposal id, status "proposed". */
static int write_prop(struct store *s, int64_t round_id, int64_t id, const struct prop *p,
		      const char *now, struct zf_err *err)
{
	static const char *ins =
	    "INSERT INTO proposals(category, person_id, relation, relation_zh,"
	    " main_leader_missing, rank, ranked, total, p_last, rank_lo, rank_hi, needs_review,"
	    " status, updated_at, created_at, round_id, unit_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?, ?)";
	static const char *upd =
	    "UPDATE proposals SET category = ?, person_id = ?, relation = ?, relation_zh = ?,"
	    " main_leader_missing = ?, rank = ?, ranked = ?, total = ?, p_last = ?, rank_lo = ?,"
	    " rank_hi = ?, needs_review = ?, status = 'proposed', updated_at = ? WHERE id = ?";
	struct stmt *st = store_prepare(s, id ? upd : ins, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, p->category);
	if (p->person_id)
		stmt_bind_int(st, 2, p->person_id);
	else
		stmt_bind_null(st, 2);
	stmt_bind_text(st, 3, p->relation);
	stmt_bind_text(st, 4, p->relation_zh);
	stmt_bind_int(st, 5, p->leader_missing);
	stmt_bind_int(st, 6, p->rank);
	stmt_bind_int(st, 7, p->ranked);
	stmt_bind_double(st, 8, p->total);
	if (p->has_p_last)
		stmt_bind_double(st, 9, p->p_last);
	else
		stmt_bind_null(st, 9);
	stmt_bind_int(st, 10, p->lo);
	stmt_bind_int(st, 11, p->hi);
	stmt_bind_int(st, 12, p->review);
	stmt_bind_text(st, 13, now);
	if (id) {
		stmt_bind_int(st, 14, id);
	} else {
		stmt_bind_text(st, 14, now);
		stmt_bind_int(st, 15, round_id);
		stmt_bind_int(st, 16, p->unit_id);
	}
	rc = stmt_step(st, err);
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static int audit_prop(struct store *s, const struct actor *who, const char *action, int64_t id,
		      json_t *ch, struct zf_err *err)
{
	char eid[32];
	snprintf(eid, sizeof eid, "%lld", (long long)id);
	int rc = audit_append(s, who, action, "proposal", eid, "ok", ch, err);
	json_decref(ch);
	return rc;
}

/* Creates or refreshes the proposal of p; counts what it did in res. */
static int upsert_prop(struct store *s, const struct actor *who, const char *round,
		       int64_t round_id, const struct prop *p, const char *now,
		       struct eval_gen_result *res, struct zf_err *err)
{
	int64_t id;
	char status[16] = "";
	json_t *old = NULL;
	int rc = stored_prop(s, round_id, p, &id, status, sizeof status, &old, err);
	if (rc < 0)
		return rc;
	json_t *fig = prop_json(p);
	if (id && (!strcmp(status, "confirmed") || !strcmp(status, "dismissed"))) {
		res->kept++; /* decided: the decision stands on the figures it was made on */
	} else if (id && !strcmp(status, "proposed") && json_equal(old, fig)) {
		/* unchanged: nothing to write */
	} else if ((rc = write_prop(s, round_id, id, p, now, err)) == 0) {
		if (!id) {
			id = store_last_id(s);
			res->created++;
			json_object_set_new(fig, "round", json_string(round));
			rc = audit_prop(s, who, "create", id, json_incref(fig), err);
		} else {
			res->updated++;
			rc = audit_prop(s, who, "update", id,
					json_pack("{s:s,s:s,s:O,s:O}", "round", round, "status",
						  status, "from", old, "to", fig),
					err);
		}
	}
	json_decref(fig);
	json_decref(old);
	return rc;
}

/* Pending proposals of the round whose unit is no longer among the worst become
 * "superseded". */
static int supersede(struct store *s, const struct actor *who, const char *round, int64_t round_id,
		     const struct prop *v, int n, const char *now, struct eval_gen_result *res,
		     struct zf_err *err)
{
	static const char *q = "SELECT p.id, u.code FROM proposals p JOIN units u ON u.id ="
			       " p.unit_id WHERE p.round_id = ? AND p.status = 'proposed'";
	struct stmt *st = store_prepare(s, q, err);
	int64_t *ids = NULL;
	size_t nid = 0;
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, round_id);
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		bool wanted = false;
		for (int k = 0; k < n && !wanted; k++)
			wanted = !strcmp(v[k].unit, stmt_text(st, 1));
		if (!wanted) {
			ids = xrealloc(ids, sizeof *ids * (nid + 1));
			ids[nid++] = stmt_int(st, 0);
		}
	}
	stmt_reset(st);
	for (size_t k = 0; rc >= 0 && k < nid; k++) {
		rc = store_run(
		    s, err,
		    "UPDATE proposals SET status = 'superseded', updated_at = ? WHERE id = ?", "ti",
		    now, ids[k]);
		if (rc == 0)
			rc = audit_prop(s, who, "supersede", ids[k],
					json_pack("{s:s,s:{s:s,s:s}}", "round", round, "status",
						  "from", "proposed", "to", "superseded"),
					err);
		res->superseded += rc == 0;
	}
	free(ids);
	return rc < 0 ? rc : 0;
}

int eval_proposals_generate(struct store *s, const struct actor *who, const char *round,
			    struct eval_gen_result *res, struct zf_err *err)
{
	struct eval_gen_result tally = {0};
	struct eval_ranking rk;
	struct prop *v = NULL;
	char now[32];
	int n = 0, rc;
	if ((rc = eval_rank(s, round, &rk, err)) < 0)
		return rc;
	if (rk.round.state != ES_CLOSED && rk.round.state != ES_PUBLISHED) {
		rc = zf_err_set(err, ZF_ECONFLICT, "round",
				"round %s is %s: proposals rest on final results (close it first)",
				round, eval_state_name(rk.round.state));
		goto cleanup;
	}
	if ((rc = wanted_props(s, &rk, &v, &n, err)) < 0)
		goto cleanup;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_begin(s, err)) < 0)
		goto cleanup;
	for (int k = 0; k < n && rc == 0; k++)
		rc = upsert_prop(s, who, round, rk.round.id, &v[k], now, &tally, err);
	if (rc == 0)
		rc = supersede(s, who, round, rk.round.id, v, n, now, &tally, err);
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	else if (res)
		*res = tally;
cleanup:
	free(v);
	eval_ranking_free(&rk);
	return rc;
}

/* ---- reading ---- */

static const char *LIST_Q =
    "SELECT p.id, r.code, u.code, u.name, p.category, pe.code, pe.name, pe.post, pe.rank,"
    " p.relation, p.relation_zh, p.main_leader_missing, p.rank, p.ranked, p.total, p.p_last,"
    " p.rank_lo, p.rank_hi, p.needs_review, p.status, p.measure, p.note, p.reason,"
    " p.decided_by, p.decided_at, p.created_at, p.updated_at"
    " FROM proposals p JOIN rounds r ON r.id = p.round_id JOIN units u ON u.id = p.unit_id"
    " LEFT JOIN people pe ON pe.id = p.person_id";

/* The notices a person reading the proposal must not miss. */
static void notices(json_t *j, struct stmt *st)
{
	char buf[512];
	if (stmt_int(st, 18)) {
		if (stmt_is_null(st, 15))
			snprintf(buf, sizeof buf,
				 "需复核：本轮未做排名确定性抽样，末位是否确定未知");
		else
			snprintf(
			    buf, sizeof buf,
			    "需复核：该单位位列末位的概率 P(末位)=%.3f，低于 %.1f，末位并不确定",
			    stmt_double(st, 15), EVAL_REVIEW_P_LAST);
		json_object_set_new(j, "review_notice", json_string(buf));
	} else {
		json_object_set_new(j, "review_notice", json_null());
	}
	if (!stmt_int(st, 11)) {
		json_object_set_new(j, "leader_notice", json_null());
		return;
	}
	if (stmt_is_null(st, 5))
		snprintf(buf, sizeof buf, "该单位无主要领导（第一责任人），责任链中也无其他人员");
	else
		snprintf(buf, sizeof buf,
			 "该单位无主要领导（第一责任人），建议对象为责任链中的下一人：%s（%s）",
			 stmt_text(st, 6), stmt_text(st, 10));
	json_object_set_new(j, "leader_notice", json_string(buf));
}

static json_t *list_row(struct stmt *st)
{
	json_t *person =
	    stmt_is_null(st, 5)
		? json_null()
		: json_pack("{s:s,s:s,s:s,s:s}", "code", stmt_text(st, 5), "name", stmt_text(st, 6),
			    "post", stmt_text(st, 7), "rank", stmt_text(st, 8));
	const char *measure = stmt_is_null(st, 20) ? NULL : stmt_text(st, 20);
	json_t *j = json_pack(
	    "{s:I,s:s,s:{s:s,s:s},s:s,s:o,s:s,s:s,s:b,s:i,s:i,s:o,s:o,s:[i,i],s:b,s:s,s:o,s:s,"
	    "s:s,s:s,s:s,s:s,s:s,s:s}",
	    "id", (json_int_t)stmt_int(st, 0), "round", stmt_text(st, 1), "unit", "code",
	    stmt_text(st, 2), "name", stmt_text(st, 3), "category", stmt_text(st, 4), "person",
	    person, "relation", stmt_text(st, 9), "relation_zh", stmt_text(st, 10),
	    "main_leader_missing", stmt_int(st, 11) != 0, "rank", (int)stmt_int(st, 12), "ranked",
	    (int)stmt_int(st, 13), "total",
	    stmt_is_null(st, 14) ? json_null() : json_real(stmt_double(st, 14)), "p_last",
	    stmt_is_null(st, 15) ? json_null() : json_real(stmt_double(st, 15)), "rank_range",
	    (int)stmt_int(st, 16), (int)stmt_int(st, 17), "needs_review", stmt_int(st, 18) != 0,
	    "status", stmt_text(st, 19), "measure", measure ? json_string(measure) : json_null(),
	    "measure_zh", measure ? measure_zh(measure) : "", "note", stmt_text(st, 21), "reason",
	    stmt_text(st, 22), "decided_by", stmt_text(st, 23), "decided_at", stmt_text(st, 24),
	    "created_at", stmt_text(st, 25), "updated_at", stmt_text(st, 26));
	notices(j, st);
	return j;
}

int eval_proposals_list(struct store *s, const char *round, json_t **out, struct zf_err *err)
{
	char q[1024];
	int64_t rid;
	int rc = store_query_int(s, err, &rid, "SELECT id FROM rounds WHERE code = ?", "t", round);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, "round", "no round '%s'", round);
	if (rc < 0)
		return rc;
	snprintf(q, sizeof q, "%s WHERE p.round_id = ? ORDER BY p.category, u.code", LIST_Q);
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, rid);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, list_row(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int eval_proposal_get(struct store *s, int64_t id, json_t **out, struct zf_err *err)
{
	char q[1024];
	snprintf(q, sizeof q, "%s WHERE p.id = ?", LIST_Q);
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		*out = list_row(st);
	stmt_reset(st);
	if (rc == STORE_DONE)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no proposal %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

/* ---- deciding ---- */

/* Moves pending proposal id to status with the given measure (NULL for none), note and
 * reason; audited as action. */
static int decide(struct store *s, const struct actor *who, int64_t id, const char *status,
		  const char *measure, const char *note, const char *reason, const char *action,
		  struct zf_err *err)
{
	char now[32], cur[16] = "";
	int rc;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	struct stmt *st = store_prepare(s, "SELECT status FROM proposals WHERE id = ?", err);
	if (!st) {
		store_rollback(s);
		return ZF_EINTERNAL;
	}
	stmt_bind_int(st, 1, id);
	if ((rc = stmt_step(st, err)) == STORE_ROW)
		snprintf(cur, sizeof cur, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (rc == STORE_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "id", "no proposal %lld", (long long)id);
	else if (rc == STORE_ROW && strcmp(cur, "proposed"))
		rc = zf_err_set(err, ZF_ECONFLICT, "status",
				"proposal %lld is %s already: only a proposed one can be %s",
				(long long)id, cur, status);
	else if (rc == STORE_ROW)
		rc = store_run(s, err,
			       "UPDATE proposals SET status = ?, measure = ?, note = ?, reason = ?,"
			       " decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ?",
			       "ttttttti", status, measure, note ? note : "", reason ? reason : "",
			       who->username, now, now, id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:{s:s,s:s}}", "status", "from", cur, "to", status);
		if (measure)
			json_object_set_new(ch, "measure", json_string(measure));
		if (!str_blank(note))
			json_object_set_new(ch, "note", json_string(note));
		if (!str_blank(reason))
			json_object_set_new(ch, "reason", json_string(reason));
		rc = audit_prop(s, who, action, id, ch, err);
	}
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

static int text_ok(const char *field, const char *v, struct zf_err *err)
{
	if (v && (!utf8_valid(v, strlen(v)) || utf8_len(v) > NOTE_MAX))
		return zf_err_set(err, ZF_EINVAL, field,
				  "%s must be UTF-8 text of at most %d characters", field,
				  NOTE_MAX);
	return 0;
}

int eval_proposal_confirm(struct store *s, const struct actor *who, int64_t id, enum eval_measure m,
			  const char *note, struct zf_err *err)
{
	int rc;
	if ((unsigned)m >= ARRAY_LEN(measure_names))
		return zf_err_set(err, ZF_EINVAL, "measure",
				  "measure must be admonishment_talk or organisational_adjustment");
	if ((rc = text_ok("note", note, err)) < 0)
		return rc;
	return decide(s, who, id, "confirmed", measure_names[m][0], note, NULL, "confirm", err);
}

int eval_proposal_dismiss(struct store *s, const struct actor *who, int64_t id, const char *reason,
			  struct zf_err *err)
{
	int rc;
	if (str_blank(reason))
		return zf_err_set(err, ZF_EINVAL, "reason", "dismissing a proposal needs a reason");
	if ((rc = text_ok("reason", reason, err)) < 0)
		return rc;
	return decide(s, who, id, "dismissed", NULL, NULL, reason, "dismiss", err);
}

/* ---- the annual target assessment ---- */

static const char *grade_code(enum score_grade g)
{
	switch (g) {
	case SG_EXCELLENT:
		return "excellent";
	case SG_GOOD:
		return "good";
	case SG_FAIR:
		return "fair";
	case SG_POOR:
		return "poor";
	default:
		return NULL;
	}
}

/* Two decimals, as the CSV shows them. */
static json_t *real2(double v)
{
	return json_real(round(v * 100) / 100);
}

int eval_target_assessment(struct store *s, const char *round, json_t **out, struct zf_err *err)
{
	struct eval_ranking rk;
	int rc = eval_rank(s, round, &rk, err);
	if (rc < 0)
		return rc;
	if (rk.round.state != ES_PUBLISHED) {
		rc =
		    zf_err_set(err, ZF_ECONFLICT, "round",
			       "round %s is %s: its results feed the annual target assessment once "
			       "published",
			       round, eval_state_name(rk.round.state));
		eval_ranking_free(&rk);
		return rc;
	}
	json_t *units = json_array();
	for (int j = 0; j < rk.n; j++) {
		const struct eval_rank_row *r = &rk.rows[j];
		const char *g = grade_code(r->res.grade);
		bool feeds = r->res.ranked;
		json_array_append_new(
		    units, json_pack("{s:s,s:s,s:s,s:o,s:o,s:s,s:o,s:b,s:b,s:s}", "unit", r->code,
				     "name", r->name, "category", r->category, "rank",
				     feeds ? json_integer(r->res.rank) : json_null(), "grade",
				     g ? json_string(g) : json_null(), "grade_zh",
				     score_grade_zh(r->res.grade), "total",
				     feeds ? real2(r->res.total) : json_null(), "vetoed", r->veto,
				     "feeds_target", feeds, "note",
				     feeds ? (r->veto ? "一票否决：按较差计入年度目标考核"
						      : "按等次和综合得分计入年度目标考核")
					   : "无任何评价分项，不计入年度目标考核"));
	}
	*out =
	    json_pack("{s:{s:s,s:s,s:s},s:o}", "round", "code", rk.round.cfg.code, "name",
		      rk.round.cfg.name, "state", eval_state_name(rk.round.state), "units", units);
	eval_ranking_free(&rk);
	return 0;
}
