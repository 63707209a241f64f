/* routine.c: integrity routines on record (S6, S9): style appraisal and opinion-soliciting
 * meetings, democratic life meetings, duty-and-integrity reports (述职述廉), admonishment
 * talks, inspection tours, economic-responsibility audits and inquiries, with the people
 * present, the outcome and how many of the issues raised were settled. */
#include "supervise/supervise.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {
    "appraisal_meeting", "opinion_meeting", "democratic_life", "duty_report",
    "admonishment_talk", "inspection_tour", "audit",	       "inquiry"};

static bool known_kind(const char *k)
{
	for (size_t i = 0; k && i < ARRAY_LEN(kinds); i++)
		if (!strcmp(k, kinds[i]))
			return true;
	return false;
}

int routine_create(struct store *s, const struct actor *who, const struct routine_rec *r,
		   int64_t *id, struct zf_err *err)
{
	char now[32], today[11];
	int64_t unit_id;
	bool own;
	int rc;
	if (!known_kind(r->kind))
		return zf_err_set(
		    err, ZF_EINVAL, "kind",
		    "kind must be appraisal_meeting, opinion_meeting, democratic_life, "
		    "duty_report, admonishment_talk, inspection_tour, audit or inquiry");
	if ((rc = sup_unit_id(s, "unit", r->unit, true, &unit_id, err)) < 0 ||
	    (rc = sup_check_date("held_on", r->held_on, true, err)) < 0 ||
	    (rc = sup_check_text("title", r->title, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_check_text("participants", r->participants, SUP_TEXT_MAX, false, err)) < 0 ||
	    (rc = sup_check_text("outcome", r->outcome, SUP_TEXT_MAX, false, err)) < 0)
		return rc;
	sup_today(today);
	if (strcmp(r->held_on, today) > 0)
		return zf_err_set(err, ZF_EINVAL, "held_on",
				  "held_on is in the future: record a routine once it is held");
	if (r->issues < 0)
		return zf_err_set(err, ZF_EINVAL, "issues", "issues must be 0 or more");
	if (r->resolved < 0 || r->resolved > r->issues)
		return zf_err_set(err, ZF_EINVAL, "resolved",
				  "resolved must be 0 to the number of issues raised (%d)",
				  r->issues);
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(
	    s, err,
	    "INSERT INTO routines(kind, unit_id, held_on, title, participants, outcome,"
	    " issues, resolved, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "tittttiiIt", r->kind, unit_id, r->held_on, r->title,
	    r->participants ? r->participants : "", r->outcome ? r->outcome : "",
	    (int64_t)r->issues, (int64_t)r->resolved, who->user_id, now);
	int64_t new_id = store_last_id(s);
	json_t *ch = json_pack("{s:s,s:s,s:s,s:s,s:[]}", "kind", r->kind, "unit", r->unit,
			       "held_on", r->held_on, "title", r->title, "people");
	for (const char *const *p = r->people; rc == 0 && p && *p; p++) {
		int64_t pid;
		if ((rc = sup_person_id(s, "people", *p, true, &pid, err)) < 0)
			break;
		rc = store_run(s, err,
			       "INSERT INTO routine_people(routine_id, person_id) VALUES (?, ?)",
			       "ii", new_id, pid);
		if (rc == ZF_ECONFLICT)
			rc = zf_err_set(err, ZF_EINVAL, "people", "people: %s is named twice", *p);
		json_array_append_new(json_object_get(ch, "people"), json_string(*p));
	}
	if (rc == 0)
		rc = sup_audit(s, who, "create", "routine", new_id, ch, err);
	json_decref(ch);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

int routine_list(struct store *s, const struct routine_filter *f, int64_t after, int limit,
		 json_t **out, struct zf_err *err)
{
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	if (!str_blank(f->kind) && !known_kind(f->kind))
		return zf_err_set(err, ZF_EINVAL, "kind", "no routine kind '%s'", f->kind);
	if (sup_check_date("from", f->from, false, err) < 0 ||
	    sup_check_date("to", f->to, false, err) < 0)
		return ZF_EINVAL;
	const char *kind = str_blank(f->kind) ? NULL : f->kind;
	const char *from = str_blank(f->from) ? NULL : f->from;
	const char *to = str_blank(f->to) ? NULL : f->to;
	struct stmt *st = store_prepare(
	    s,
	    "SELECT r.id, r.kind, u.code AS \"unit.code\", u.name AS \"unit.name\", r.held_on,"
	    " r.title, r.participants, r.outcome, r.issues, r.resolved,"
	    " (SELECT count(*) FROM routine_people x WHERE x.routine_id = r.id) AS people"
	    " FROM routines r JOIN units u ON u.id = r.unit_id"
	    " WHERE r.id > ? AND (? = 0 OR r.unit_id = ?) AND (? IS NULL OR r.kind = ?)"
	    " AND (? IS NULL OR r.held_on >= ?) AND (? IS NULL OR r.held_on <= ?)"
	    " ORDER BY r.id LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, f->unit_id);
	stmt_bind_int(st, 3, f->unit_id);
	stmt_bind_text(st, 4, kind);
	stmt_bind_text(st, 5, kind);
	stmt_bind_text(st, 6, from);
	stmt_bind_text(st, 7, from);
	stmt_bind_text(st, 8, to);
	stmt_bind_text(st, 9, to);
	stmt_bind_int(st, 10, limit);
	return sup_rows_json(st, "isssssssiii", out, err);
}

/* The routine's columns as routine_list gives them. */
#define ROUTINE_ROW                                                                                \
	"SELECT r.id, r.kind, u.code AS \"unit.code\", u.name AS \"unit.name\", r.held_on,"        \
	" r.title, r.participants, r.outcome, r.issues, r.resolved,"                               \
	" (SELECT count(*) FROM routine_people x WHERE x.routine_id = r.id) AS people"             \
	" FROM routines r JOIN units u ON u.id = r.unit_id WHERE r.id = ?"

/* A stored routine's changeable fields, owned. */
struct stored {
	int64_t unit_id;
	char *held_on, *title, *participants, *outcome;
	int issues, resolved;
};

static void stored_cleanup(struct stored *p)
{
	free(p->held_on);
	free(p->title);
	free(p->participants);
	free(p->outcome);
}

static int load_stored(struct store *s, int64_t id, int64_t scope, struct stored *p,
		       struct zf_err *err)
{
	struct stmt *st = store_prepare(s,
					"SELECT unit_id, held_on, title, participants, outcome,"
					" issues, resolved FROM routines WHERE id = ?",
					err);
	memset(p, 0, sizeof *p);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		p->unit_id = stmt_int(st, 0);
		p->held_on = xstrdup(stmt_text(st, 1));
		p->title = xstrdup(stmt_text(st, 2));
		p->participants = xstrdup(stmt_text(st, 3));
		p->outcome = xstrdup(stmt_text(st, 4));
		p->issues = (int)stmt_int(st, 5);
		p->resolved = (int)stmt_int(st, 6);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	/* another unit's routine is not there for a unit account */
	if (rc != STORE_ROW || (scope && p->unit_id != scope))
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no routine %lld", (long long)id);
	return 0;
}

/* routine_update inside its transaction. */
static int update_locked(struct store *s, const struct actor *who, int64_t id, int64_t scope,
			 const struct routine_change *c, json_t **out, struct zf_err *err)
{
	struct stored p;
	char today[11];
	json_t *ch = NULL;
	int rc = load_stored(s, id, scope, &p, err);
	if (rc < 0)
		goto done;
	const char *held_on = c->held_on ? c->held_on : p.held_on;
	const char *title = c->title ? c->title : p.title;
	const char *participants = c->participants ? c->participants : p.participants;
	const char *outcome = c->outcome ? c->outcome : p.outcome;
	int issues = c->issues >= 0 ? c->issues : p.issues;
	int resolved = c->resolved >= 0 ? c->resolved : p.resolved;
	if ((rc = sup_check_date("held_on", held_on, true, err)) < 0 ||
	    (rc = sup_check_text("title", title, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_check_text("participants", participants, SUP_TEXT_MAX, false, err)) < 0 ||
	    (rc = sup_check_text("outcome", outcome, SUP_TEXT_MAX, false, err)) < 0)
		goto done;
	sup_today(today);
	if (strcmp(held_on, today) > 0) {
		rc = zf_err_set(err, ZF_EINVAL, "held_on", "held_on is in the future");
		goto done;
	}
	if (resolved > issues) {
		rc = zf_err_set(err, ZF_EINVAL, "resolved",
				"resolved must be 0 to the number of issues raised (%d)", issues);
		goto done;
	}
	ch = json_object();
	sup_note_text(ch, "held_on", p.held_on, held_on);
	sup_note_text(ch, "title", p.title, title);
	sup_note_text(ch, "participants", p.participants, participants);
	sup_note_text(ch, "outcome", p.outcome, outcome);
	sup_note_int(ch, "issues", p.issues, issues);
	sup_note_int(ch, "resolved", p.resolved, resolved);
	/* nothing changed: nothing written, and no audit entry */
	if (json_object_size(ch))
		rc = store_run(s, err,
			       "UPDATE routines SET held_on = ?, title = ?, participants = ?,"
			       " outcome = ?, issues = ?, resolved = ? WHERE id = ?",
			       "ttttiii", held_on, title, participants, outcome, (int64_t)issues,
			       (int64_t)resolved, id);
	if (rc == 0 && json_object_size(ch))
		rc = sup_audit(s, who, "update", "routine", id, ch, err);
	if (rc == 0) {
		json_t *arr = NULL;
		struct stmt *st = store_prepare(s, ROUTINE_ROW, err);
		if (!st) {
			rc = ZF_EINTERNAL;
			goto done;
		}
		stmt_bind_int(st, 1, id);
		if ((rc = sup_rows_json(st, "isssssssiii", &arr, err)) == 0)
			*out = json_incref(json_array_get(arr, 0));
		json_decref(arr);
	}
done:
	json_decref(ch);
	stored_cleanup(&p);
	return rc;
}

int routine_update(struct store *s, const struct actor *who, int64_t id, int64_t scope,
		   const struct routine_change *c, json_t **out, struct zf_err *err)
{
	bool own;
	json_t *j = NULL;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = store_tx_close(s, own, update_locked(s, who, id, scope, c, &j, err), err);
	if (rc == 0)
		*out = j;
	else
		json_decref(j);
	return rc;
}
