/* case_flow.c: what happens to a case after intake: routing along the responsibility
 * chain (R1, R2), and the handling workflow with its working-day deadlines, returns,
 * extensions, follow-up, reopening and escalation (督办). Duplicates are in case_dup.c,
 * the overdue sweep and the figures in case_overdue.c. */
#include "supervise/case_impl.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"
#include "supervise/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 5000

/* ---- routing ---- */

static int category_name(struct store *s, const char *code, char out[128], struct zf_err *err)
{
	struct stmt *st = store_prepare(s, "SELECT name FROM case_categories WHERE code = ?", err);
	if (!st)
		return ZF_EIO;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	snprintf(out, 128, "%s", rc == STORE_ROW ? stmt_text(st, 0) : "");
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* The first person in the chain of unit_code (for area) whose relation is one of rels, in
 * the order of rels: *pid gets the id (0 when none). */
static int chain_pick(struct store *s, const char *unit_code, const char *area,
		      const char *const *rels, int64_t *pid, struct zf_err *err)
{
	json_t *j = NULL;
	*pid = 0;
	int rc = org_responsibility(s, unit_code, area, &j, err);
	if (rc < 0)
		return rc;
	json_t *chain = json_object_get(j, "chain");
	for (const char *const *r = rels; *r && !*pid; r++) {
		size_t i;
		json_t *e;
		json_array_foreach(chain, i, e)
		{
			const char *rel = json_string_value(json_object_get(e, "relation"));
			if (!rel || strcmp(rel, *r))
				continue;
			const char *code = json_string_value(
			    json_object_get(json_object_get(e, "person"), "code"));
			bool active;
			if (code && org_person_find(s, code, pid, &active, err) == 0)
				break;
			*pid = 0;
		}
	}
	json_decref(j);
	return 0;
}

int case_route_propose(struct store *s, const char *unit_code, const char *category,
		       int64_t *unit_id, int64_t *leader_id, struct zf_err *err)
{
	static const char *const rels[] = {"area_leader", "main_leader", NULL};
	char area[128];
	bool active;
	int rc;
	if ((rc = org_unit_find(s, unit_code, unit_id, &active, err)) < 0)
		return rc;
	if ((rc = category_name(s, category, area, err)) < 0)
		return rc;
	return chain_pick(s, unit_code, area, rels, leader_id, err);
}

/* The leader a case is escalated to: the one overseeing the handling unit, else its
 * superiors, else its main leader. */
static int escalation_leader(struct store *s, const struct case_row *c, int64_t *pid,
			     struct zf_err *err)
{
	static const char *const rels[] = {"overseeing_leader", "superior_main_leader",
					   "superior_overseeing_leader", "main_leader", NULL};
	char code[32], name[128], area[128];
	case_unit_names(s, c->handling_unit_id ? c->handling_unit_id : c->unit_id, code, name);
	int rc = category_name(s, c->category, area, err);
	if (rc < 0)
		return rc;
	return chain_pick(s, code, area, rels, pid, err);
}

/* ---- the workflow ---- */

static bool is_office(const struct case_viewer *v)
{
	return !v->role_bit || (v->role_bit & ROLE_OFFICE);
}

static bool is_handler(const struct case_viewer *v, const struct case_row *c)
{
	return !v->role_bit || ((v->role_bit & (ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)) &&
				c->handling_unit_id && v->unit_id == c->handling_unit_id);
}

static int state_conflict(const struct case_row *c, const char *action, const char *needs,
			  struct zf_err *err)
{
	return zf_err_set(err, ZF_ECONFLICT, "state", "case %s is %s (%s): %s needs %s", c->case_no,
			  c->state, case_state_zh(c->state), action, needs);
}

static int text_required(const char *field, const char *t, struct zf_err *err)
{
	if (str_blank(t))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	if (!utf8_valid(t, strlen(t)) || utf8_len(t) > TEXT_MAX)
		return zf_err_set(err, ZF_EINVAL, field,
				  "%s must be UTF-8 of at most %d characters", field, TEXT_MAX);
	return 0;
}

static int set_state(struct store *s, const struct case_row *c, const char *to, struct zf_err *err)
{
	return store_run(s, err, "UPDATE cases SET state = ? WHERE id = ?", "ti", to, c->id);
}

int case_escalate(struct store *s, const struct actor *who, const struct case_row *c,
		  const char *reason, const char *on, struct zf_err *err)
{
	int64_t pid = 0;
	int rc = escalation_leader(s, c, &pid, err);
	if (rc < 0)
		return rc;
	rc = store_run(
	    s, err,
	    "UPDATE cases SET escalated = 1, escalated_to = ?, escalated_on = ? WHERE id = ?",
	    "Iti", pid, on, c->id);
	if (rc < 0)
		return rc;
	char code[32], name[128];
	case_person_names(s, pid, code, name);
	json_t *d =
	    json_pack("{s:s, s:o}", "reason", reason, "leader",
		      *code ? json_pack("{s:s, s:s}", "code", code, "name", name) : json_null());
	char note[200];
	snprintf(note, sizeof note, "督办至 %s", *name ? name : "（班子无人，请办公室指定）");
	rc = case_record(s, who, c, "escalate", NULL, NULL, note, d, on, err);
	json_decref(d);
	return rc;
}

static int do_assign(struct store *s, const struct case_action *a, const struct actor *who,
		     const struct case_row *c, const char *on, struct zf_err *err)
{
	struct case_settings cs;
	int64_t uid = c->proposed_unit_id ? c->proposed_unit_id : c->unit_id;
	int64_t lid = c->proposed_leader_id;
	bool active;
	int rc;
	if ((rc = case_settings_get(s, &cs, err)) < 0)
		return rc;
	if (!str_blank(a->unit)) {
		if (org_unit_find(s, a->unit, &uid, &active, err) < 0 || !active)
			return zf_err_set(err, ZF_EINVAL, "unit", "unknown or inactive unit %s",
					  a->unit);
		if (uid != c->proposed_unit_id) {
			int64_t u2;
			if ((rc = case_route_propose(s, a->unit, c->category, &u2, &lid, err)) < 0)
				return rc;
		}
	}
	if (!str_blank(a->leader)) {
		if (org_person_find(s, a->leader, &lid, &active, err) < 0 || !active)
			return zf_err_set(err, ZF_EINVAL, "leader", "unknown or inactive person %s",
					  a->leader);
	}
	char sign_due[11], due[11];
	if ((rc = calendar_add_workdays(s, on, cs.sign_days, sign_due, err)) < 0 ||
	    (rc = calendar_add_workdays(s, on, cs.handle_days, due, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE cases SET state = 'assigned', handling_unit_id = ?,"
		       " handling_leader_id = ?, assigned_on = ?, sign_due = ?, due = ?,"
		       " signed_on = NULL, signed_late = NULL WHERE id = ?",
		       "iIttti", uid, lid, on, sign_due, due, c->id);
	if (rc < 0)
		return rc;
	char uc[32], un[128], pc[32], pn[128];
	case_unit_names(s, uid, uc, un);
	case_person_names(s, lid, pc, pn);
	json_t *d = json_pack("{s:s, s:s, s:s, s:s}", "unit", uc, "leader", pc, "sign_due",
			      sign_due, "due", due);
	rc = case_record(s, who, c, "assign", c->state, "assigned", a->text, d, on, err);
	json_decref(d);
	return rc;
}

static int do_reply(struct store *s, const struct case_action *a, const struct actor *who,
		    const struct case_row *c, const char *on, struct zf_err *err)
{
	int rc = text_required("text", a->text, err);
	if (rc < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE cases SET state = 'replied', reply = ?, replied_on = ?,"
		       " replied_late = CASE WHEN replied_late = 1 THEN 1 ELSE ? END WHERE id = ?",
		       "ttii", a->text, on, (int64_t)(*c->due && strcmp(on, c->due) > 0), c->id);
	if (rc == 0)
		rc = case_record(s, who, c, "reply", c->state, "replied", NULL, NULL, on, err);
	return rc;
}

static int do_return(struct store *s, const struct case_action *a, const struct actor *who,
		     const struct case_row *c, const char *on, struct zf_err *err)
{
	int rc = text_required("text", a->text, err);
	if (rc < 0)
		return rc;
	char uc[32], un[128];
	case_unit_names(s, c->handling_unit_id, uc, un);
	rc =
	    store_run(s, err,
		      "UPDATE cases SET state = 'received', handling_unit_id = NULL,"
		      " handling_leader_id = NULL, assigned_on = NULL, sign_due = NULL, due = NULL,"
		      " signed_on = NULL, signed_late = NULL WHERE id = ?",
		      "i", c->id);
	if (rc == 0)
		rc = store_run(s, err,
			       "UPDATE case_extensions SET state = 'denied', decided_by = ?,"
			       " decided_on = ? WHERE case_id = ? AND state = 'pending'",
			       "tti", who->username, on, c->id);
	json_t *d = json_pack("{s:s}", "unit", uc);
	if (rc == 0)
		rc = case_record(s, who, c, "return", c->state, "received", a->text, d, on, err);
	json_decref(d);
	return rc;
}

static int do_extend(struct store *s, const struct case_action *a, const struct actor *who,
		     const struct case_row *c, const char *on, struct zf_err *err)
{
	int64_t pending = 0;
	int rc;
	if (a->days < 1 || a->days > 30)
		return zf_err_set(err, ZF_EINVAL, "days", "days must be 1..30 working days");
	if ((rc = text_required("text", a->text, err)) < 0)
		return rc;
	if ((rc = store_query_int(s, err, &pending,
				  "SELECT COUNT(*) FROM case_extensions WHERE case_id = ?"
				  " AND state = 'pending'",
				  "i", c->id)) < 0)
		return rc;
	if (pending)
		return zf_err_set(err, ZF_ECONFLICT, "days",
				  "case %s already has an extension request waiting for the office",
				  c->case_no);
	rc = store_run(s, err,
		       "INSERT INTO case_extensions(case_id, days, reason, requested_by,"
		       " requested_on, old_due) VALUES (?, ?, ?, ?, ?, ?)",
		       "iittt"
		       "t",
		       c->id, (int64_t)a->days, a->text, who->username, on, c->due);
	json_t *d = json_pack("{s:i}", "days", a->days);
	if (rc == 0)
		rc = case_record(s, who, c, "extend_request", NULL, NULL, a->text, d, on, err);
	json_decref(d);
	return rc;
}

static int do_extend_decide(struct store *s, const struct case_action *a, const struct actor *who,
			    const struct case_row *c, const char *on, struct zf_err *err)
{
	if (a->approve != 0 && a->approve != 1)
		return zf_err_set(err, ZF_EINVAL, "approve", "approve must be true or false");
	struct stmt *st = store_prepare(s,
					"SELECT id, days FROM case_extensions WHERE case_id = ?"
					" AND state = 'pending'",
					err);
	if (!st)
		return ZF_EIO;
	stmt_bind_int(st, 1, c->id);
	int64_t xid = 0;
	int days = 0, rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		xid = stmt_int(st, 0);
		days = (int)stmt_int(st, 1);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!xid)
		return zf_err_set(err, ZF_ECONFLICT, "state",
				  "case %s has no extension request waiting", c->case_no);
	char due[11] = "";
	if (a->approve) {
		if ((rc = calendar_add_workdays(s, *c->due ? c->due : on, days, due, err)) < 0)
			return rc;
		rc = store_run(s, err, "UPDATE cases SET due = ? WHERE id = ?", "ti", due, c->id);
	}
	if (rc == 0)
		rc = store_run(
		    s, err,
		    "UPDATE case_extensions SET state = ?, decided_by = ?, decided_on = ?,"
		    " new_due = ? WHERE id = ?",
		    "tttTi", a->approve ? "approved" : "denied", who->username, on, due, xid);
	json_t *d = json_pack("{s:i, s:s, s:s}", "days", days, "old_due", c->due, "due",
			      a->approve ? due : c->due);
	if (rc == 0)
		rc = case_record(s, who, c, a->approve ? "extend_approved" : "extend_denied", NULL,
				 NULL, a->text, d, on, err);
	json_decref(d);
	return rc;
}

static int do_follow_up(struct store *s, const struct case_action *a, const struct actor *who,
			const struct case_row *c, const char *on, struct zf_err *err)
{
	if (a->satisfied != 0 && a->satisfied != 1)
		return zf_err_set(err, ZF_EINVAL, "satisfied", "satisfied must be true or false");
	int rc;
	json_t *d = json_pack("{s:b}", "satisfied", a->satisfied);
	if (a->satisfied) {
		rc = store_run(s, err,
			       "UPDATE cases SET state = 'followed_up', satisfied = 1 WHERE id = ?",
			       "i", c->id);
		if (rc == 0)
			rc = case_record(s, who, c, "follow_up", c->state, "followed_up", a->text,
					 d, on, err);
		json_decref(d);
		return rc;
	}
	/* not satisfied: back to the handling unit with a fresh handling deadline */
	struct case_settings cs;
	char due[11];
	if ((rc = case_settings_get(s, &cs, err)) < 0 ||
	    (rc = calendar_add_workdays(s, on, cs.handle_days, due, err)) < 0) {
		json_decref(d);
		return rc;
	}
	rc = store_run(s, err,
		       "UPDATE cases SET state = 'handling', satisfied = 0, reopen_count ="
		       " reopen_count + 1, replied_on = NULL, due = ?"
		       " WHERE id = ?",
		       "ti", due, c->id);
	json_object_set_new(d, "due", json_string(due));
	json_object_set_new(d, "reopen_count", json_integer(c->reopen_count + 1));
	if (rc == 0)
		rc = case_record(s, who, c, "follow_up", c->state, "handling", a->text, d, on, err);
	json_decref(d);
	if (rc == 0 && c->reopen_count + 1 >= cs.reopen_escalate && !c->escalated)
		rc = case_escalate(s, who, c, "reopened", on, err);
	return rc;
}

static int do_close(struct store *s, const struct case_action *a, const struct actor *who,
		    const struct case_row *c, const char *on, struct zf_err *err)
{
	int rc;
	if (!strcmp(c->state, "received") && (rc = text_required("text", a->text, err)) < 0)
		return zf_err_set(err, ZF_EINVAL, "text",
				  "closing a case that was never assigned needs a reason (text)");
	rc = store_run(s, err, "UPDATE cases SET state = 'closed', closed_on = ? WHERE id = ?",
		       "ti", on, c->id);
	if (rc == 0)
		rc = case_record(s, who, c, "close", c->state, "closed", a->text, NULL, on, err);
	return rc;
}

/* The day of an action: given, valid, not before the case was received nor in the future. */
static int action_day(const struct case_action *a, const struct case_row *c, char on[11],
		      struct zf_err *err)
{
	char today[11];
	case_today(today);
	if (str_blank(a->on)) {
		memcpy(on, today, 11);
	} else {
		if (!date_valid(a->on))
			return zf_err_set(err, ZF_EINVAL, "on", "on must be a date YYYY-MM-DD");
		if (strcmp(a->on, today) > 0)
			return zf_err_set(err, ZF_EINVAL, "on", "on is in the future");
		snprintf(on, 11, "%s", a->on);
	}
	if (strcmp(on, c->received_on) < 0)
		return zf_err_set(err, ZF_EINVAL, "on", "on is before the case was received (%s)",
				  c->received_on);
	return 0;
}

int case_act(struct store *s, const char *case_no, const struct case_action *a,
	     const struct actor *who, const struct case_viewer *v, struct zf_err *err)
{
	struct case_row c;
	char on[11];
	int rc;
	if (!a->action)
		return zf_err_set(err, ZF_EINVAL, "action", "action is required");
	if ((rc = case_load(s, case_no, 0, &c, err)) < 0)
		return rc;
	if (!case_visible(s, c.id, v))
		return zf_err_set(err, ZF_ENOTFOUND, "case_no", "no case %s", case_no);
	if ((rc = action_day(a, &c, on, err)) < 0)
		return rc;
	const char *act = a->action;
	bool office = is_office(v), handler = is_handler(v, &c);
	bool inspector = v->role_bit & ROLE_INSPECTOR;
	const char *st = c.state;
#define NEED(cond, who_may)                                                                        \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return zf_err_set(err, ZF_EFORBIDDEN, "action", "%s: only %s may do this", \
					  act, who_may);                                           \
	} while (0)
#define STATE(cond, needs)                                                                         \
	do {                                                                                       \
		if (!(cond))                                                                       \
			return state_conflict(&c, act, needs, err);                                \
	} while (0)
	int (*fn)(struct store *, const struct case_action *, const struct actor *,
		  const struct case_row *, const char *, struct zf_err *) = NULL;
	const char *to = NULL, *kind = act;
	if (!strcmp(act, "assign")) {
		NEED(office, "the work-style office");
		STATE(!strcmp(st, "received"), "a received case");
		fn = do_assign;
	} else if (!strcmp(act, "sign")) {
		NEED(handler, "the handling unit");
		STATE(!strcmp(st, "assigned"), "an assigned case");
		to = "signed";
	} else if (!strcmp(act, "handle")) {
		NEED(handler, "the handling unit");
		STATE(!strcmp(st, "signed"), "a signed case");
		to = "handling";
	} else if (!strcmp(act, "reply")) {
		NEED(handler, "the handling unit");
		STATE(!strcmp(st, "handling"), "a case in handling");
		fn = do_reply;
	} else if (!strcmp(act, "return")) {
		NEED(handler, "the handling unit");
		STATE(!strcmp(st, "assigned") || !strcmp(st, "signed") || !strcmp(st, "handling"),
		      "an assigned, signed or handling case");
		fn = do_return;
	} else if (!strcmp(act, "extend")) {
		NEED(handler, "the handling unit");
		STATE(!strcmp(st, "signed") || !strcmp(st, "handling"),
		      "a signed or handling case");
		fn = do_extend;
	} else if (!strcmp(act, "extend_decide")) {
		NEED(office, "the work-style office");
		STATE(!strcmp(st, "signed") || !strcmp(st, "handling") || !strcmp(st, "assigned"),
		      "a case being handled");
		fn = do_extend_decide;
	} else if (!strcmp(act, "follow_up")) {
		NEED(office || inspector, "the work-style office or an inspector");
		STATE(!strcmp(st, "replied"), "a replied case");
		fn = do_follow_up;
	} else if (!strcmp(act, "close")) {
		NEED(office, "the work-style office");
		STATE(!strcmp(st, "followed_up") || !strcmp(st, "received"),
		      "a followed-up case (or a received one that is not admissible)");
		fn = do_close;
	} else {
		return zf_err_set(err, ZF_EINVAL, "action",
				  "unknown action %s (assign, sign, handle, reply, return, extend, "
				  "extend_decide, follow_up, close)",
				  act);
	}
#undef NEED
#undef STATE
	bool own;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	if (fn) {
		rc = fn(s, a, who, &c, on, err);
	} else {
		rc = set_state(s, &c, to, err);
		if (rc == 0 && !strcmp(act, "sign"))
			rc = store_run(
			    s, err, "UPDATE cases SET signed_on = ?, signed_late = ? WHERE id = ?",
			    "tii", on, (int64_t)(*c.sign_due && strcmp(on, c.sign_due) > 0), c.id);
		if (rc == 0)
			rc = case_record(s, who, &c, kind, c.state, to, a->text, NULL, on, err);
	}
	return store_tx_close(s, own, rc, err);
}
