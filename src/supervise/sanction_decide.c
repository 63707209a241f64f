/* sanction_decide.c: deciding and revoking sanctions (R5) within cadre management authority
 * (干部管理权限), and their adjustment in the year's evaluation round (V6, SCORING.md): the
 * rules are in sanction.h. */
#include "supervise/sanction.h"
#include "supervise/supervise.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "eval/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than any real district: a longer walk means a damaged tree. */
#define TREE_MAX_DEPTH 64

struct measure_row {
	int64_t id;
	char name[256], level[16];
	int tier;
	double points;
	int unit_no_excellent, veto, ban_months, freeze_months;
};

static int load_measure(struct store *s, const char *code, struct measure_row *m,
			struct zf_err *err)
{
	if (str_blank(code))
		return zf_err_set(err, ZF_EINVAL, "measure", "measure is required");
	struct stmt *st = store_prepare(
	    s,
	    "SELECT id, name, level, tier, points, unit_no_excellent, veto, promotion_ban_months,"
	    " staffing_freeze_months, active FROM sanction_measures WHERE code = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	bool active = false;
	if (rc == STORE_ROW) {
		m->id = stmt_int(st, 0);
		snprintf(m->name, sizeof m->name, "%s", stmt_text(st, 1));
		snprintf(m->level, sizeof m->level, "%s", stmt_text(st, 2));
		m->tier = (int)stmt_int(st, 3);
		m->points = stmt_double(st, 4);
		m->unit_no_excellent = (int)stmt_int(st, 5);
		m->veto = (int)stmt_int(st, 6);
		m->ban_months = (int)stmt_int(st, 7);
		m->freeze_months = (int)stmt_int(st, 8);
		active = stmt_int(st, 9) != 0;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_EINVAL, "measure", "no sanction measure '%s'", code);
	if (!active)
		return zf_err_set(err, ZF_EINVAL, "measure", "sanction measure '%s' is inactive",
				  code);
	return 0;
}

/* The root of unit_id's tree (the district). */
static int root_of(struct store *s, int64_t unit_id, int64_t *root, struct zf_err *err)
{
	int64_t u = unit_id;
	for (int depth = 0; depth < TREE_MAX_DEPTH; depth++) {
		int64_t parent = 0;
		int rc = store_query_int(s, err, &parent,
					 "SELECT coalesce(parent_id, 0) FROM units WHERE id = ?",
					 "i", u);
		if (rc < 0)
			return rc;
		if (!parent) {
			*root = u;
			return 0;
		}
		u = parent;
	}
	return zf_err_set(err, ZF_EINTERNAL, NULL, "the unit tree above unit %lld is a cycle",
			  (long long)unit_id);
}

/* "name (code)" of unit id into out. */
static void unit_label(struct store *s, int64_t id, char *out, size_t n)
{
	struct zf_err e;
	struct stmt *st = store_prepare(s, "SELECT name, code FROM units WHERE id = ?", &e);
	snprintf(out, n, "unit %lld", (long long)id);
	if (!st)
		return;
	stmt_bind_int(st, 1, id);
	if (stmt_step(st, &e) == STORE_ROW)
		snprintf(out, n, "%s (%s)", stmt_text(st, 0), stmt_text(st, 1));
	stmt_reset(st);
}

/*
 * The authority rule of sanction.h: may who decide on person_id (0 for a unit measure) of
 * unit_id? *authority gets the body holding the authority. Returns 0, ZF_EFORBIDDEN with a
 * message naming that body, or a store error.
 */
static int check_authority(struct store *s, const struct actor *who, int64_t person_id,
			   int64_t unit_id, int64_t *authority, struct zf_err *err)
{
	char role[24] = "", label[300];
	int64_t acct_unit = 0, district = 0, managed = 0;
	bool found = false;
	int rc;

	bool body_acct = false; /* the account's unit is one of the district's own organs */
	struct stmt *st = store_prepare(
	    s,
	    "SELECT a.role, coalesce(a.unit_id, 0), coalesce(u.district_body, 0) FROM users a"
	    " LEFT JOIN units u ON u.id = a.unit_id WHERE a.id = ? AND a.active = 1",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, who->user_id);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		found = true;
		snprintf(role, sizeof role, "%s", stmt_text(st, 0));
		acct_unit = stmt_int(st, 1);
		body_acct = stmt_int(st, 2) != 0;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!found || (strcmp(role, "inspector") && strcmp(role, "office")))
		return zf_err_set(err, ZF_EFORBIDDEN, NULL,
				  "only an inspector or office account may decide sanctions");
	if ((rc = root_of(s, unit_id, &district, err)) < 0)
		return rc;
	if (person_id &&
	    (rc = store_query_int(s, err, &managed,
				  "SELECT coalesce(managed_by, 0) FROM people WHERE id = ?", "i",
				  person_id)) < 0)
		return rc;
	int64_t body = managed ? managed : district;
	bool district_acct = acct_unit == 0 || body_acct;
	if (acct_unit && !district_acct) {
		int64_t acct_root = 0;
		if ((rc = root_of(s, acct_unit, &acct_root, err)) < 0)
			return rc;
		district_acct = acct_root == acct_unit;
	}
	int64_t acts_for = district_acct ? district : acct_unit;
	if ((district_acct && !strcmp(role, "inspector")) || acts_for == body) {
		*authority = body;
		return 0;
	}
	unit_label(s, body, label, sizeof label);
	return zf_err_set(err, ZF_EFORBIDDEN, NULL,
			  "management authority (干部管理权限) over this %s lies with %s: only its "
			  "inspector or office accounts, or the district's discipline inspectors, "
			  "may decide or revoke",
			  person_id ? "cadre" : "unit", label);
}

/* The round a decision of decided_on goes into: code given, else the year's. *round_id 0
 * when there is none (only possible without a code). Refuses a round that no longer
 * accepts input. */
static int find_round(struct store *s, const char *code, const char *decided_on, int64_t *round_id,
		      struct zf_err *err)
{
	char year[5];
	struct eval_round r;
	bool given = !str_blank(code);
	*round_id = 0;
	if (!given) {
		snprintf(year, sizeof year, "%.4s", decided_on);
		code = year;
	}
	int rc = eval_round_get(s, code, &r, err);
	if (rc == ZF_ENOTFOUND) {
		if (!given) {
			zf_err_clear(err);
			return 0;
		}
		return zf_err_set(err, ZF_EINVAL, "round", "no evaluation round '%s'", code);
	}
	if (rc < 0)
		return rc;
	if (r.state != ES_DRAFT && r.state != ES_OPEN)
		rc = zf_err_set(err, ZF_ECONFLICT, "round",
				"evaluation round %s is %s: its adjustments are fixed; reopen the "
				"round first",
				code, eval_state_name(r.state));
	else
		*round_id = r.id;
	eval_round_cleanup(&r);
	return rc;
}

static int veto_item_id(struct store *s, const struct measure_row *m, const char *code,
			const char *decided_on, int64_t *id, struct zf_err *err)
{
	*id = 0;
	if (!m->veto) {
		if (!str_blank(code))
			return zf_err_set(err, ZF_EINVAL, "veto_item",
					  "measure %s is not a veto: name no veto item", m->name);
		return 0;
	}
	if (str_blank(code))
		return zf_err_set(err, ZF_EINVAL, "veto_item",
				  "a veto (一票否决) must cite a registered veto item");
	struct stmt *st = store_prepare(
	    s, "SELECT id, active, coalesce(expires_on, '') FROM veto_items WHERE code = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	bool found = rc == STORE_ROW, active = false;
	char expires[11] = "";
	if (found) {
		*id = stmt_int(st, 0);
		active = stmt_int(st, 1) != 0;
		snprintf(expires, sizeof expires, "%s", stmt_text(st, 2));
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!found)
		return zf_err_set(err, ZF_EINVAL, "veto_item", "no veto item '%s' is registered",
				  code);
	if (!active || (expires[0] && strcmp(expires, decided_on) <= 0)) {
		*id = 0;
		return zf_err_set(err, ZF_EINVAL, "veto_item",
				  "veto item '%s' expired on %s and can no longer be cited", code,
				  expires[0] ? expires : "(deactivated)");
	}
	return 0;
}

/* The case of a decision: confirmed substantiated or partly finding, holding the person
 * responsible (person measure) or concerning the unit (unit measure). */
static int check_case(struct store *s, const char *case_no, int64_t person_id, int64_t unit_id,
		      const char *decided_on, int64_t *case_id, struct zf_err *err)
{
	char finding[24];
	int64_t case_unit, n = 0;
	bool confirmed;
	*case_id = 0;
	if (str_blank(case_no))
		return 0;
	int rc = finding_case(s, case_no, case_id, &case_unit, finding, &confirmed, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_EINVAL, "case_no", "no case %s", case_no);
	if (rc < 0)
		return rc;
	if (strcmp(finding, "substantiated") && strcmp(finding, "partly"))
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "case %s has no substantiated or partly substantiated finding",
				  case_no);
	if (!confirmed)
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "the finding of case %s is not confirmed by an inspector yet",
				  case_no);
	rc = store_query_int(s, err, &n,
			     "SELECT count(*) FROM cases WHERE id = ? AND finding_on > ?", "it",
			     *case_id, decided_on);
	if (rc < 0)
		return rc;
	if (n)
		return zf_err_set(err, ZF_EINVAL, "decided_on",
				  "decided_on is before the finding of case %s", case_no);
	if (person_id) {
		rc = store_query_int(s, err, &n,
				     "SELECT count(*) FROM case_people WHERE case_id = ? AND"
				     " person_id = ? AND confirmed = 1",
				     "ii", *case_id, person_id);
		if (rc < 0)
			return rc;
		if (!n)
			return zf_err_set(err, ZF_EINVAL, "person",
					  "the finding of case %s does not hold this person "
					  "responsible",
					  case_no);
	} else if (case_unit != unit_id) {
		return zf_err_set(err, ZF_EINVAL, "unit", "case %s concerns another unit", case_no);
	}
	return 0;
}

/* Everything a decision needs, resolved and checked. */
struct decision {
	struct measure_row m;
	int64_t person_id, unit_id, case_id, veto_id, round_id, authority;
	char decided_on[11], ban_until[11], freeze_until[11];
};

static int resolve(struct store *s, const struct actor *who, const struct sanction_rec *r,
		   struct decision *d, struct zf_err *err)
{
	char today[11];
	int64_t unit_given = 0;
	int rc;
	memset(d, 0, sizeof *d);
	sup_today(today);
	if ((rc = load_measure(s, r->measure, &d->m, err)) < 0)
		return rc;
	bool person_level = !strcmp(d->m.level, "person");
	if (person_level) {
		if ((rc = sup_person_id(s, "person", r->person, true, &d->person_id, err)) < 0 ||
		    (rc = sup_person_unit(s, d->person_id, &d->unit_id, err)) < 0 ||
		    (rc = sup_unit_id(s, "unit", r->unit, false, &unit_given, err)) < 0)
			return rc;
		if (unit_given && unit_given != d->unit_id)
			return zf_err_set(err, ZF_EINVAL, "unit",
					  "a person measure applies to the person's own unit");
	} else {
		if (!str_blank(r->person))
			return zf_err_set(err, ZF_EINVAL, "person",
					  "measure %s applies to a unit: name no person",
					  r->measure);
		if ((rc = sup_unit_id(s, "unit", r->unit, true, &d->unit_id, err)) < 0)
			return rc;
	}
	if ((rc = sup_check_date("decided_on", r->decided_on, false, err)) < 0)
		return rc;
	snprintf(d->decided_on, sizeof d->decided_on, "%s",
		 str_blank(r->decided_on) ? today : r->decided_on);
	if (strcmp(d->decided_on, today) > 0)
		return zf_err_set(err, ZF_EINVAL, "decided_on", "decided_on is in the future");
	if ((rc = sup_check_text("basis", r->basis, SUP_TEXT_MAX, true, err)) < 0 ||
	    (rc = veto_item_id(s, &d->m, r->veto_item, d->decided_on, &d->veto_id, err)) < 0 ||
	    (rc = check_case(s, r->case_no, d->person_id, d->unit_id, d->decided_on, &d->case_id,
			     err)) < 0 ||
	    (rc = check_authority(s, who, d->person_id, d->unit_id, &d->authority, err)) < 0 ||
	    (rc = find_round(s, r->round, d->decided_on, &d->round_id, err)) < 0)
		return rc;
	if (d->m.ban_months)
		sup_date_add_months(d->decided_on, d->m.ban_months, d->ban_until);
	if (d->m.freeze_months)
		sup_date_add_months(d->decided_on, d->m.freeze_months, d->freeze_until);
	return 0;
}

/* Adds the round's adjustment of sanction id (in the caller's transaction). */
static int add_adjustment(struct store *s, const struct decision *d, const struct sanction_rec *r,
			  int64_t id, struct zf_err *err)
{
	char reason[700], source[40], who_name[200] = "";
	int rc;
	struct stmt *st = store_prepare(s,
					d->person_id ? "SELECT name FROM people WHERE id = ?"
						     : "SELECT name FROM units WHERE id = ?",
					err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, d->person_id ? d->person_id : d->unit_id);
	if ((rc = stmt_step(st, err)) == STORE_ROW)
		snprintf(who_name, sizeof who_name, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (rc < 0)
		return rc;
	snprintf(reason, sizeof reason, "问责：%s（%s）%s%s，处理决定 #%lld", d->m.name, who_name,
		 str_blank(r->case_no) ? "" : "，案件 ", str_blank(r->case_no) ? "" : r->case_no,
		 (long long)id);
	snprintf(source, sizeof source, "sanction:%lld", (long long)id);
	rc = store_run(s, err,
		       "INSERT INTO adjustments(round_id, unit_id, points, veto, no_excellent,"
		       " reason, source) VALUES (?, ?, ?, ?, ?, ?, ?)",
		       "iidiitt", d->round_id, d->unit_id, d->m.points, (int64_t)d->m.veto,
		       (int64_t)(d->m.unit_no_excellent || d->m.veto), reason, source);
	if (rc < 0)
		return rc;
	return store_run(s, err,
			 "UPDATE sanctions SET round_id = ?, adjustment_id = ? WHERE id = ?", "iii",
			 d->round_id, store_last_id(s), id);
}

static json_t *decision_changes(const struct decision *d, const struct sanction_rec *r)
{
	return json_pack(
	    "{s:s,s:s?,s:I,s:s?,s:s?,s:s,s:s,s:I,s:s?,s:s?,s:I}", "measure", r->measure, "person",
	    str_blank(r->person) ? NULL : r->person, "unit_id", (json_int_t)d->unit_id, "case_no",
	    str_blank(r->case_no) ? NULL : r->case_no, "veto_item",
	    str_blank(r->veto_item) ? NULL : r->veto_item, "decided_on", d->decided_on, "basis",
	    r->basis, "authority_unit_id", (json_int_t)d->authority, "promotion_ban_until",
	    d->ban_until[0] ? d->ban_until : NULL, "freeze_until",
	    d->freeze_until[0] ? d->freeze_until : NULL, "round_id", (json_int_t)d->round_id);
}

/* Records a refused attempt in the audit log when no transaction is open. */
static void audit_denied(struct store *s, const struct actor *who, const char *action,
			 const char *id, const struct zf_err *why)
{
	struct zf_err e;
	if (store_in_tx(s))
		return;
	json_t *ch = json_pack("{s:s}", "reason", why->msg);
	audit_record(s, who, action, "sanction", id, "denied", ch, &e);
	json_decref(ch);
}

int sanction_decide(struct store *s, const struct actor *who, const struct sanction_rec *r,
		    int64_t *id, struct zf_err *err)
{
	struct decision d;
	char now[32];
	bool own;
	int64_t new_id = 0;
	/* The checks run inside the write transaction, so that the round cannot close (nor the
	 * finding change) between checking and writing. */
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = resolve(s, who, r, &d, err);
	if (rc < 0)
		goto out;
	time_format_iso(time_now(), now, sizeof now);
	rc = store_run(
	    s, err,
	    "INSERT INTO sanctions(measure_id, person_id, unit_id, case_id, veto_item_id,"
	    " decided_on, basis, decided_by, authority_unit_id, promotion_ban_until,"
	    " freeze_until, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iIiIIttiiTTt", d.m.id, d.person_id, d.unit_id, d.case_id, d.veto_id, d.decided_on,
	    r->basis, who->user_id, d.authority, d.ban_until, d.freeze_until, now);
	new_id = store_last_id(s);
	if (rc == 0 && d.round_id)
		rc = add_adjustment(s, &d, r, new_id, err);
	if (rc == 0) {
		json_t *ch = decision_changes(&d, r);
		rc = sup_audit(s, who, "decide", "sanction", new_id, ch, err);
		json_decref(ch);
	}
out:
	rc = store_tx_close(s, own, rc, err);
	if (rc == ZF_EFORBIDDEN) /* after the rollback, in a transaction of its own */
		audit_denied(s, who, "decide",
			     str_blank(r->person) ? (r->unit ? r->unit : "") : r->person, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

/* sanction_revoke's checks and writes, in the caller's transaction. */
static int revoke_in_tx(struct store *s, const struct actor *who, int64_t id, const char *reason,
			struct zf_err *err)
{
	int64_t person_id = 0, unit_id = 0, adj_id = 0, round_id = 0, authority;
	bool found = false, revoked = false;
	char today[11], ids[24];
	int rc;

	snprintf(ids, sizeof ids, "%lld", (long long)id);
	struct stmt *st =
	    store_prepare(s,
			  "SELECT coalesce(person_id, 0), unit_id,"
			  " coalesce(adjustment_id, 0), coalesce(round_id, 0), revoked"
			  " FROM sanctions WHERE id = ?",
			  err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		found = true;
		person_id = stmt_int(st, 0);
		unit_id = stmt_int(st, 1);
		adj_id = stmt_int(st, 2);
		round_id = stmt_int(st, 3);
		revoked = stmt_int(st, 4) != 0;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!found)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no sanction %lld", (long long)id);
	if (revoked)
		return zf_err_set(err, ZF_ECONFLICT, "id", "sanction %lld is already revoked",
				  (long long)id);
	if ((rc = sup_check_text("reason", reason, SUP_TEXT_MAX, true, err)) < 0)
		return rc;
	if ((rc = check_authority(s, who, person_id, unit_id, &authority, err)) < 0)
		return rc;
	if (adj_id) {
		char code[EVAL_CODE_MAX + 1] = "";
		struct eval_round r;
		st = store_prepare(s, "SELECT code FROM rounds WHERE id = ?", err);
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, round_id);
		if ((rc = stmt_step(st, err)) == STORE_ROW)
			snprintf(code, sizeof code, "%s", stmt_text(st, 0));
		stmt_reset(st);
		if (rc < 0)
			return rc;
		if ((rc = eval_round_get(s, code, &r, err)) < 0)
			return rc;
		rc = eval_round_accepts_input(&r, err);
		eval_round_cleanup(&r);
		if (rc < 0)
			return zf_err_set(err, ZF_ECONFLICT, "round",
					  "evaluation round %s is %s: its adjustments are fixed; "
					  "reopen the round to revoke this sanction",
					  code, eval_state_name(r.state));
	}
	sup_today(today);
	rc = store_run(s, err,
		       "UPDATE sanctions SET revoked = 1, revoke_reason = ?, revoked_by = ?,"
		       " revoked_on = ?, adjustment_id = NULL WHERE id = ?",
		       "tIti", reason, who->user_id, today, id);
	if (rc == 0 && adj_id)
		rc = store_run(s, err, "DELETE FROM adjustments WHERE id = ?", "i", adj_id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:I}", "reason", reason, "adjustment_removed",
				       (json_int_t)adj_id);
		rc = audit_append(s, who, "revoke", "sanction", ids, "ok", ch, err);
		json_decref(ch);
	}
	return rc;
}

int sanction_revoke(struct store *s, const struct actor *who, int64_t id, const char *reason,
		    struct zf_err *err)
{
	char ids[24];
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = store_tx_close(s, own, revoke_in_tx(s, who, id, reason, err), err);
	if (rc == ZF_EFORBIDDEN) { /* after the rollback, in a transaction of its own */
		snprintf(ids, sizeof ids, "%lld", (long long)id);
		audit_denied(s, who, "revoke", ids, err);
	}
	return rc;
}
