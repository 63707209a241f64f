/* sanction.c: the sanctions catalogue (R5) and the veto registry (一票否决), kept by the
 * office. Deciding and revoking sanctions lives in sanction_decide.c, the questions other
 * rooms ask in sanction_query.c. */
#include "supervise/sanction.h"
#include "supervise/supervise.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "audit/audit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MONTHS_MAX 120
#define CODE_MAX   31

void sanction_measure_keep(struct sanction_measure *m)
{
	memset(m, 0, sizeof *m);
	m->tier = -1;
	m->points = -1;
	m->person_no_excellent = m->unit_no_excellent = m->no_bonus = m->veto = -1;
	m->promotion_ban_months = m->staffing_freeze_months = -1;
}

static int check_code(const char *field, const char *v, struct zf_err *err)
{
	if (str_blank(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	if (strlen(v) > CODE_MAX)
		return zf_err_set(err, ZF_EINVAL, field, "%s is longer than %d bytes", field,
				  CODE_MAX);
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return zf_err_set(err, ZF_EINVAL, field,
					  "%s: '%s' may hold only letters, digits, _ and -", field,
					  v);
	return 0;
}

static int check_flag(const char *field, int v, struct zf_err *err)
{
	if (v != 0 && v != 1)
		return zf_err_set(err, ZF_EINVAL, field, "%s must be 0 or 1", field);
	return 0;
}

static int check_months(const char *field, int v, struct zf_err *err)
{
	if (v < 0 || v > MONTHS_MAX)
		return zf_err_set(err, ZF_EINVAL, field, "%s must be 0 to %d months", field,
				  MONTHS_MAX);
	return 0;
}

/* Checks a complete measure (after merging an update). */
static int check_measure(const struct sanction_measure *m, struct zf_err *err)
{
	int rc;
	if ((rc = sup_check_text("name", m->name, SUP_TITLE_MAX, true, err)) < 0)
		return rc;
	if (m->tier < 1 || m->tier > 5)
		return zf_err_set(err, ZF_EINVAL, "tier",
				  "tier must be 1 (education) to 5 (judicial transfer)");
	if (!m->level || (strcmp(m->level, "person") && strcmp(m->level, "unit")))
		return zf_err_set(err, ZF_EINVAL, "level", "level must be person or unit");
	if (!isfinite(m->points) || m->points < 0 || m->points > 100)
		return zf_err_set(err, ZF_EINVAL, "points", "points must be 0 to 100");
	if ((rc = check_flag("person_no_excellent", m->person_no_excellent, err)) < 0 ||
	    (rc = check_flag("unit_no_excellent", m->unit_no_excellent, err)) < 0 ||
	    (rc = check_flag("no_bonus", m->no_bonus, err)) < 0 ||
	    (rc = check_flag("veto", m->veto, err)) < 0 ||
	    (rc = check_months("promotion_ban_months", m->promotion_ban_months, err)) < 0 ||
	    (rc = check_months("staffing_freeze_months", m->staffing_freeze_months, err)) < 0)
		return rc;
	if (!strcmp(m->level, "unit") && m->promotion_ban_months > 0)
		return zf_err_set(
		    err, ZF_EINVAL, "promotion_ban_months",
		    "a unit measure bars no one from promotion: use a person measure");
	if (!strcmp(m->level, "unit") && m->no_bonus)
		return zf_err_set(err, ZF_EINVAL, "no_bonus",
				  "the year-end bonus is a person's: use a person measure");
	return 0;
}

static json_t *measure_json(const struct sanction_measure *m)
{
	return json_pack("{s:s,s:s,s:i,s:s,s:f,s:b,s:b,s:b,s:i,s:i,s:b}", "code", m->code, "name",
			 m->name, "tier", m->tier, "level", m->level, "points", m->points,
			 "person_no_excellent", m->person_no_excellent, "unit_no_excellent",
			 m->unit_no_excellent, "no_bonus", m->no_bonus, "promotion_ban_months",
			 m->promotion_ban_months, "staffing_freeze_months",
			 m->staffing_freeze_months, "veto", m->veto);
}

int sanction_measure_create(struct store *s, const struct actor *who,
			    const struct sanction_measure *m, struct zf_err *err)
{
	int64_t id;
	bool own;
	int rc = check_code("code", m->code, err);
	if (rc == 0)
		rc = check_measure(m, err);
	if (rc < 0)
		return rc;
	rc = store_query_int(s, err, &id, "SELECT id FROM sanction_measures WHERE code = ?", "t",
			     m->code);
	if (rc == 0)
		return zf_err_set(err, ZF_ECONFLICT, "code", "measure %s exists", m->code);
	if (rc != ZF_ENOTFOUND)
		return rc;
	zf_err_clear(err);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO sanction_measures(code, name, tier, level, points,"
		       " person_no_excellent, unit_no_excellent, no_bonus, promotion_ban_months,"
		       " staffing_freeze_months, veto) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       "ttitdiiiiii", m->code, m->name, (int64_t)m->tier, m->level, m->points,
		       (int64_t)m->person_no_excellent, (int64_t)m->unit_no_excellent,
		       (int64_t)m->no_bonus, (int64_t)m->promotion_ban_months,
		       (int64_t)m->staffing_freeze_months, (int64_t)m->veto);
	if (rc == 0) {
		json_t *ch = measure_json(m);
		rc = audit_append(s, who, "create", "sanction_measure", m->code, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

/* Loads measure code into *m (strings kept in name / level, 128 bytes each). */
static int load_measure(struct store *s, const char *code, struct sanction_measure *m,
			char name[512], char level[16], bool *active, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT name, tier, level, points, person_no_excellent, unit_no_excellent, no_bonus,"
	    " promotion_ban_months, staffing_freeze_months, veto, active"
	    " FROM sanction_measures WHERE code = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		memset(m, 0, sizeof *m);
		snprintf(name, 512, "%s", stmt_text(st, 0));
		snprintf(level, 16, "%s", stmt_text(st, 2));
		m->code = code;
		m->name = name;
		m->level = level;
		m->tier = (int)stmt_int(st, 1);
		m->points = stmt_double(st, 3);
		m->person_no_excellent = (int)stmt_int(st, 4);
		m->unit_no_excellent = (int)stmt_int(st, 5);
		m->no_bonus = (int)stmt_int(st, 6);
		m->promotion_ban_months = (int)stmt_int(st, 7);
		m->staffing_freeze_months = (int)stmt_int(st, 8);
		m->veto = (int)stmt_int(st, 9);
		*active = stmt_int(st, 10) != 0;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_ENOTFOUND, "code", "no sanction measure %s", code);
	return 0;
}

int sanction_measure_update(struct store *s, const struct actor *who, const char *code,
			    const struct sanction_measure *u, struct zf_err *err)
{
	struct sanction_measure m;
	char name[512], level[16];
	bool active, own;
	int rc = load_measure(s, code, &m, name, level, &active, err);
	if (rc < 0)
		return rc;
	if (u->code && strcmp(u->code, code))
		return zf_err_set(err, ZF_EINVAL, "code", "a measure's code cannot change");
	if (u->name)
		m.name = u->name;
	if (u->level)
		m.level = u->level;
	if (u->tier >= 0)
		m.tier = u->tier;
	if (u->points >= 0)
		m.points = u->points;
#define KEEP(f)                                                                                    \
	if (u->f >= 0)                                                                             \
	m.f = u->f
	KEEP(person_no_excellent);
	KEEP(unit_no_excellent);
	KEEP(no_bonus);
	KEEP(veto);
	KEEP(promotion_ban_months);
	KEEP(staffing_freeze_months);
#undef KEEP
	if ((rc = check_measure(&m, err)) < 0)
		return rc;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE sanction_measures SET name = ?, tier = ?, level = ?, points = ?,"
		       " person_no_excellent = ?, unit_no_excellent = ?, no_bonus = ?,"
		       " promotion_ban_months = ?, staffing_freeze_months = ?, veto = ?"
		       " WHERE code = ?",
		       "titdiiiiiit", m.name, (int64_t)m.tier, m.level, m.points,
		       (int64_t)m.person_no_excellent, (int64_t)m.unit_no_excellent,
		       (int64_t)m.no_bonus, (int64_t)m.promotion_ban_months,
		       (int64_t)m.staffing_freeze_months, (int64_t)m.veto, code);
	if (rc == 0) {
		json_t *ch = measure_json(&m);
		rc = audit_append(s, who, "update", "sanction_measure", code, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int sanction_measure_set_active(struct store *s, const struct actor *who, const char *code,
				bool active, struct zf_err *err)
{
	struct sanction_measure m;
	char name[512], level[16];
	bool was, own;
	int rc = load_measure(s, code, &m, name, level, &was, err);
	if (rc < 0)
		return rc;
	if (was == active)
		return zf_err_set(err, ZF_ECONFLICT, "active", "measure %s is already %s", code,
				  active ? "active" : "inactive");
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err, "UPDATE sanction_measures SET active = ? WHERE code = ?", "it",
		       (int64_t)active, code);
	if (rc == 0)
		rc = audit_append(s, who, active ? "activate" : "deactivate", "sanction_measure",
				  code, "ok", NULL, err);
	return store_tx_close(s, own, rc, err);
}

int sanction_measure_list(struct store *s, bool all, json_t **out, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT code, name, tier, level, points, person_no_excellent, unit_no_excellent,"
	    " no_bonus, promotion_ban_months, staffing_freeze_months, veto, active"
	    " FROM sanction_measures WHERE active = 1 OR ? = 1 ORDER BY tier, id",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, all);
	return sup_rows_json(st, "ssisdbbbiibb", out, err);
}

/* ---- the veto registry ---- */

int sanction_veto_create(struct store *s, const struct actor *who, const char *code,
			 const char *name, const char *basis, const char *expires_on,
			 struct zf_err *err)
{
	char today[11], now[32];
	int64_t id;
	bool own;
	int rc = check_code("code", code, err);
	if (rc == 0)
		rc = sup_check_text("name", name, SUP_TITLE_MAX, true, err);
	if (rc == 0)
		rc = sup_check_text("basis", basis, SUP_TEXT_MAX, true, err);
	if (rc == 0)
		rc = sup_check_date("expires_on", expires_on, false, err);
	if (rc < 0)
		return rc;
	sup_today(today);
	if (!str_blank(expires_on) && strcmp(expires_on, today) <= 0)
		return zf_err_set(err, ZF_EINVAL, "expires_on",
				  "expires_on must be after today (%s)", today);
	rc = store_query_int(s, err, &id, "SELECT id FROM veto_items WHERE code = ?", "t", code);
	if (rc == 0)
		return zf_err_set(err, ZF_ECONFLICT, "code", "veto item %s exists", code);
	if (rc != ZF_ENOTFOUND)
		return rc;
	zf_err_clear(err);
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO veto_items(code, name, basis, expires_on, created_at)"
		       " VALUES (?, ?, ?, ?, ?)",
		       "tttTt", code, name, basis, expires_on ? expires_on : "", now);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:s,s:s,s:s,s:s?}", "code", code, "name", name, "basis", basis,
			      "expires_on", str_blank(expires_on) ? NULL : expires_on);
		rc = audit_append(s, who, "create", "veto_item", code, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int sanction_veto_expire(struct store *s, const struct actor *who, const char *code, const char *on,
			 struct zf_err *err)
{
	char today[11], old[11] = "";
	bool own, active = false, found = false;
	int rc = sup_check_date("on", on, false, err);
	if (rc < 0)
		return rc;
	sup_today(today);
	if (str_blank(on))
		on = today;
	struct stmt *st =
	    store_prepare(s, "SELECT expires_on, active FROM veto_items WHERE code = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		found = true;
		snprintf(old, sizeof old, "%s", stmt_text(st, 0));
		active = stmt_int(st, 1) != 0;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!found)
		return zf_err_set(err, ZF_ENOTFOUND, "code", "no veto item %s", code);
	if (!active || (old[0] && strcmp(old, today) <= 0))
		return zf_err_set(err, ZF_ECONFLICT, "code", "veto item %s has already expired",
				  code);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err, "UPDATE veto_items SET expires_on = ? WHERE code = ?", "tt", on,
		       code);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s?}", "expires_on", on, "was", old[0] ? old : NULL);
		rc = audit_append(s, who, "expire", "veto_item", code, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int sanction_veto_list(struct store *s, json_t **out, struct zf_err *err)
{
	char today[11];
	sup_today(today);
	struct stmt *st = store_prepare(
	    s,
	    "SELECT v.code, v.name, v.basis, v.expires_on,"
	    " CASE WHEN v.active = 1 AND (v.expires_on IS NULL OR v.expires_on > ?) THEN 1"
	    " ELSE 0 END AS in_force,"
	    " (SELECT count(*) FROM sanctions x WHERE x.veto_item_id = v.id AND x.revoked = 0)"
	    " AS sanctions FROM veto_items v ORDER BY v.id",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, today);
	return sup_rows_json(st, "sssSbi", out, err);
}
