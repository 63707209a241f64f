/* keyperiod.c: key periods and links (S1): holidays, elections, promotions, posting
 * changes, moving house and major personnel arrangements, when style problems cluster, with
 * the inspections each calls for and a reminder some days before. */
#include "supervise/supervise.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"holiday", "election",     "promotion",
				    "posting", "moving_house", "personnel"};

/* The checks of a whole period, created or changed. */
static int check_rec(const struct keyperiod_rec *r, int remind, struct zf_err *err)
{
	bool known = false;
	int rc;
	for (size_t i = 0; r->kind && i < ARRAY_LEN(kinds); i++)
		known = known || !strcmp(r->kind, kinds[i]);
	if (!known)
		return zf_err_set(err, ZF_EINVAL, "kind",
				  "kind must be holiday, election, promotion, posting, "
				  "moving_house or personnel");
	if ((rc = sup_check_text("name", r->name, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_check_date("starts_on", r->starts_on, true, err)) < 0 ||
	    (rc = sup_check_date("ends_on", r->ends_on, true, err)) < 0 ||
	    (rc = sup_check_text("plan", r->plan, SUP_TEXT_MAX, false, err)) < 0 ||
	    (rc = sup_check_text("focus", r->focus, SUP_TEXT_MAX, false, err)) < 0)
		return rc;
	if (strcmp(r->ends_on, r->starts_on) < 0)
		return zf_err_set(err, ZF_EINVAL, "ends_on", "ends_on is before starts_on");
	if (remind < 0 || remind > 365)
		return zf_err_set(err, ZF_EINVAL, "remind_days", "remind_days must be 0 to 365");
	return 0;
}

int keyperiod_create(struct store *s, const struct actor *who, const struct keyperiod_rec *r,
		     int64_t *id, struct zf_err *err)
{
	char now[32];
	bool own;
	int remind = r->remind_days < 0 ? 7 : r->remind_days;
	int rc = check_rec(r, remind, err);
	if (rc < 0)
		return rc;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO key_periods(kind, name, starts_on, ends_on, remind_days, plan,"
		       " focus, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       "ttttittt", r->kind, r->name, r->starts_on, r->ends_on, (int64_t)remind,
		       r->plan ? r->plan : "", r->focus ? r->focus : "", now);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:s,s:s,s:i}", "kind", r->kind, "name", r->name,
				       "starts_on", r->starts_on, "ends_on", r->ends_on,
				       "remind_days", remind);
		rc = sup_audit(s, who, "create", "key_period", new_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

/* A stored period's fields, owned. */
struct stored {
	char *kind, *name, *starts_on, *ends_on, *plan, *focus;
	int remind_days;
	bool active;
};

static void stored_cleanup(struct stored *p)
{
	free(p->kind);
	free(p->name);
	free(p->starts_on);
	free(p->ends_on);
	free(p->plan);
	free(p->focus);
}

static int load_stored(struct store *s, int64_t id, struct stored *p, struct zf_err *err)
{
	struct stmt *st = store_prepare(s,
					"SELECT kind, name, starts_on, ends_on, remind_days, plan,"
					" focus, active FROM key_periods WHERE id = ?",
					err);
	memset(p, 0, sizeof *p);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		p->kind = xstrdup(stmt_text(st, 0));
		p->name = xstrdup(stmt_text(st, 1));
		p->starts_on = xstrdup(stmt_text(st, 2));
		p->ends_on = xstrdup(stmt_text(st, 3));
		p->remind_days = (int)stmt_int(st, 4);
		p->plan = xstrdup(stmt_text(st, 5));
		p->focus = xstrdup(stmt_text(st, 6));
		p->active = stmt_int(st, 7) != 0;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no key period %lld", (long long)id);
	return 0;
}

/* keyperiod_update inside its transaction. */
static int update_locked(struct store *s, const struct actor *who, int64_t id,
			 const struct keyperiod_rec *c, json_t **out, struct zf_err *err)
{
	struct stored p;
	int rc = load_stored(s, id, &p, err);
	if (rc < 0)
		goto done;
	if (!p.active) {
		rc = zf_err_set(err, ZF_ECONFLICT, "id",
				"key period %lld is withdrawn: it is no longer changed",
				(long long)id);
		goto done;
	}
	struct keyperiod_rec r = {
	    .kind = c->kind ? c->kind : p.kind,
	    .name = c->name ? c->name : p.name,
	    .starts_on = c->starts_on ? c->starts_on : p.starts_on,
	    .ends_on = c->ends_on ? c->ends_on : p.ends_on,
	    .plan = c->plan ? c->plan : p.plan,
	    .focus = c->focus ? c->focus : p.focus,
	};
	int remind = c->remind_days >= 0 ? c->remind_days : p.remind_days;
	if ((rc = check_rec(&r, remind, err)) < 0)
		goto done;
	json_t *ch = json_object();
	sup_note_text(ch, "kind", p.kind, r.kind);
	sup_note_text(ch, "name", p.name, r.name);
	sup_note_text(ch, "starts_on", p.starts_on, r.starts_on);
	sup_note_text(ch, "ends_on", p.ends_on, r.ends_on);
	sup_note_text(ch, "plan", p.plan, r.plan);
	sup_note_text(ch, "focus", p.focus, r.focus);
	sup_note_int(ch, "remind_days", p.remind_days, remind);
	if (json_object_size(ch))
		rc = store_run(
		    s, err,
		    "UPDATE key_periods SET kind = ?, name = ?, starts_on = ?, ends_on = ?,"
		    " remind_days = ?, plan = ?, focus = ? WHERE id = ?",
		    "ttttitti", r.kind, r.name, r.starts_on, r.ends_on, (int64_t)remind, r.plan,
		    r.focus, id);
	/* nothing changed: nothing written, and no audit entry */
	if (rc == 0 && json_object_size(ch))
		rc = sup_audit(s, who, "update", "key_period", id, ch, err);
	json_decref(ch);
	if (rc == 0)
		*out = json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:s,s:s,s:b}", "id", (json_int_t)id,
				 "kind", r.kind, "name", r.name, "starts_on", r.starts_on,
				 "ends_on", r.ends_on, "remind_days", remind, "plan", r.plan,
				 "focus", r.focus, "active", 1);
done:
	stored_cleanup(&p);
	return rc;
}

int keyperiod_update(struct store *s, const struct actor *who, int64_t id,
		     const struct keyperiod_rec *changes, json_t **out, struct zf_err *err)
{
	bool own;
	json_t *j = NULL;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = store_tx_close(s, own, update_locked(s, who, id, changes, &j, err), err);
	if (rc == 0)
		*out = j;
	else
		json_decref(j);
	return rc;
}

int keyperiod_deactivate(struct store *s, const struct actor *who, int64_t id, struct zf_err *err)
{
	int64_t active;
	bool own;
	int rc = store_query_int(s, err, &active, "SELECT active FROM key_periods WHERE id = ?",
				 "i", id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "id", "no key period %lld", (long long)id);
	if (rc < 0)
		return rc;
	if (!active)
		return zf_err_set(err, ZF_ECONFLICT, "id", "key period %lld is already inactive",
				  (long long)id);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err, "UPDATE key_periods SET active = 0 WHERE id = ?", "i", id);
	if (rc == 0)
		rc = sup_audit(s, who, "deactivate", "key_period", id, NULL, err);
	return store_tx_close(s, own, rc, err);
}

#define KP_COLS                                                                                    \
	"SELECT id, kind, name, starts_on, ends_on, remind_days, plan, focus,"                     \
	" (SELECT count(*) FROM inspections i WHERE i.key_period_id = key_periods.id) AS"          \
	" inspections FROM key_periods"
#define KP_SPEC "issssissi"

int keyperiod_list(struct store *s, const char *from, const char *to, json_t **out,
		   struct zf_err *err)
{
	if (sup_check_date("from", from, false, err) < 0 ||
	    sup_check_date("to", to, false, err) < 0)
		return ZF_EINVAL;
	from = str_blank(from) ? NULL : from;
	to = str_blank(to) ? NULL : to;
	struct stmt *st = store_prepare(s,
					KP_COLS " WHERE active = 1 AND (? IS NULL OR ends_on >= ?)"
						" AND (? IS NULL OR starts_on <= ?)"
						" ORDER BY starts_on, id",
					err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, from);
	stmt_bind_text(st, 2, from);
	stmt_bind_text(st, 3, to);
	stmt_bind_text(st, 4, to);
	return sup_rows_json(st, KP_SPEC, out, err);
}

int keyperiod_upcoming(struct store *s, int days, json_t **out, struct zf_err *err)
{
	char today[11], until[11];
	if (days < 0 || days > 366)
		return zf_err_set(err, ZF_EINVAL, "days", "days must be 0 to 366");
	sup_today(today);
	sup_date_add_days(today, days, until);
	json_t *arr;
	struct stmt *st = store_prepare(
	    s,
	    KP_COLS " WHERE active = 1 AND ends_on >= ? AND starts_on <= ? ORDER BY starts_on, id",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, today);
	stmt_bind_text(st, 2, until);
	int rc = sup_rows_json(st, KP_SPEC, &arr, err);
	if (rc < 0)
		return rc;
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		const char *start = json_string_value(json_object_get(it, "starts_on"));
		char remind[11];
		int left = sup_days_between(today, start);
		sup_date_add_days(
		    start, -(int)json_integer_value(json_object_get(it, "remind_days")), remind);
		json_object_set_new(it, "remind_on", json_string(remind));
		json_object_set_new(it, "days_left", json_integer(left < 0 ? 0 : left));
		json_object_set_new(it, "under_way", json_boolean(strcmp(start, today) <= 0));
		json_object_set_new(it, "due", json_boolean(strcmp(remind, today) <= 0));
	}
	*out = arr;
	return 0;
}
