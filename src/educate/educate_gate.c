/* educate_gate.c: the appointment gate of E2. An appointment to deputy-section level or
 * above (副科 and up) waits until the pre-appointment integrity talk and the appointment
 * training are on record; one of a newly elected village cadre (村干部) waits for the
 * village-cadre training with its integrity lecture. "On record" is attendance, present or
 * late, at a session of a programme of that kind held after the decision, or up to the
 * configured number of months before it. The office may override with a written reason;
 * the override is audited with what was missing and listed. */
#include "educate/educate_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int edu_setting_int(struct store *s, const char *key, int def)
{
	struct stmt *st =
	    store_prepare(s, "SELECT value FROM educate_settings WHERE key = ?", NULL);
	int v = def;
	if (!st)
		return def;
	stmt_bind_text(st, 1, key);
	if (stmt_step(st, NULL) == STORE_ROW)
		v = atoi(stmt_text(st, 0));
	stmt_reset(st);
	return v;
}

static const struct {
	const char *key;
	int min, max;
} settings[] = {
    {"gate_months_before", 0, 60},
    {"override_reason_min", 1, 500},
};

int educate_settings_get(struct store *s, json_t **out, struct zf_err *err)
{
	json_t *j = json_object();
	(void)err;
	for (size_t i = 0; i < ARRAY_LEN(settings); i++)
		json_object_set_new(j, settings[i].key,
				    json_integer(edu_setting_int(s, settings[i].key, 0)));
	*out = j;
	return 0;
}

int educate_settings_update(struct store *s, const struct actor *who, json_t *changes,
			    struct zf_err *err)
{
	const char *k;
	json_t *v;
	if (!json_is_object(changes) || json_object_size(changes) == 0)
		return zf_err_set(err, ZF_EINVAL, NULL, "give the settings to change as an object");
	json_object_foreach(changes, k, v)
	{
		size_t i = 0;
		while (i < ARRAY_LEN(settings) && strcmp(settings[i].key, k))
			i++;
		if (i == ARRAY_LEN(settings))
			return zf_err_set(err, ZF_EINVAL, k, "unknown setting %s", k);
		if (!json_is_integer(v) || json_integer_value(v) < settings[i].min ||
		    json_integer_value(v) > settings[i].max)
			return zf_err_set(err, ZF_EINVAL, k, "%s must be an integer %d..%d", k,
					  settings[i].min, settings[i].max);
	}
	bool own;
	int rc = store_tx_open(s, &own, err);
	json_object_foreach(changes, k, v)
	{
		char val[24];
		snprintf(val, sizeof val, "%lld", (long long)json_integer_value(v));
		if (rc == 0)
			rc =
			    store_run(s, err, "UPDATE educate_settings SET value = ? WHERE key = ?",
				      "tt", val, k);
	}
	if (rc == 0)
		rc = audit_append(s, who, "update", "educate_settings", "educate", "ok", changes,
				  err);
	return store_tx_close(s, own, rc, err);
}

struct appt {
	int64_t id, person_id, unit_id;
	char person[32], new_rank[16], decided_on[11], state[16], managed_by[32];
	char *new_post;
};

static int appt_load(struct store *s, int64_t id, struct appt *a, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT a.id, a.person_id, p.code, p.unit_id, a.new_post, a.new_rank, a.decided_on,"
	    " a.state, coalesce(m.code, '') FROM appointments a JOIN people p ON p.id = a.person_id"
	    " LEFT JOIN units m ON m.id = a.managed_by WHERE a.id = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		memset(a, 0, sizeof *a);
		a->id = stmt_int(st, 0);
		a->person_id = stmt_int(st, 1);
		snprintf(a->person, sizeof a->person, "%s", stmt_text(st, 2));
		a->unit_id = stmt_int(st, 3);
		a->new_post = xstrdup(stmt_text(st, 4));
		snprintf(a->new_rank, sizeof a->new_rank, "%s", stmt_text(st, 5));
		snprintf(a->decided_on, sizeof a->decided_on, "%s", stmt_text(st, 6));
		snprintf(a->state, sizeof a->state, "%s", stmt_text(st, 7));
		snprintf(a->managed_by, sizeof a->managed_by, "%s", stmt_text(st, 8));
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no appointment %lld", (long long)id);
	}
	stmt_reset(st);
	return rc;
}

/* The programme kinds the gate asks of an appointment to rank (NULL-terminated). */
static const char *const *gate_kinds(const char *rank)
{
	static const char *const leaders[] = {"integrity_talk", "appointment_training", NULL};
	static const char *const village[] = {"village_training", NULL};
	static const char *const none[] = {NULL};
	if (!strcmp(rank, "村干部"))
		return village;
	return educate_rank_level(rank) >= 1 ? leaders : none;
}

/* What the gate misses for a, as of as_of: a JSON array of {kind, name}. */
static int gate_missing(struct store *s, const struct appt *a, const char *as_of, json_t **out,
			struct zf_err *err)
{
	char since[11];
	edu_date_minus_months(a->decided_on, edu_setting_int(s, "gate_months_before", 6), since);
	json_t *arr = json_array();
	for (const char *const *k = gate_kinds(a->new_rank); *k; k++) {
		int64_t n = 0;
		int rc = store_query_int(
		    s, err, &n,
		    "SELECT count(*) FROM attendance at JOIN edu_sessions se ON se.id = "
		    "at.session_id"
		    " JOIN programmes pr ON pr.id = se.programme_id WHERE at.person_id = ?"
		    " AND pr.kind = ? AND at.status IN ('present', 'late') AND se.held_on >= ?"
		    " AND se.held_on <= ?",
		    "itt"
		    "t",
		    a->person_id, *k, since, as_of);
		if (rc < 0) {
			json_decref(arr);
			return rc;
		}
		if (n > 0)
			continue;
		char name[128] = "";
		struct stmt *st =
		    store_prepare(s, "SELECT name FROM programme_kinds WHERE code = ?", err);
		if (st) {
			stmt_bind_text(st, 1, *k);
			if (stmt_step(st, err) == STORE_ROW)
				snprintf(name, sizeof name, "%s", stmt_text(st, 0));
			stmt_reset(st);
		}
		json_array_append_new(arr, json_pack("{s:s,s:s}", "kind", *k, "name", name));
	}
	*out = arr;
	return 0;
}

/* "任前廉政谈话、任职培训" from a missing list, into b. */
static void missing_text(json_t *missing, char *b, size_t n)
{
	json_t *m;
	size_t i;
	b[0] = '\0';
	json_array_foreach(missing, i, m)
	{
		size_t len = strlen(b);
		snprintf(b + len, n - len, "%s%s", i ? "、" : "",
			 json_string_value(json_object_get(m, "name")));
	}
}

int educate_appointment_create(struct store *s, const struct actor *who,
			       const struct educate_appointment *in, int64_t *id,
			       struct zf_err *err)
{
	int64_t pid;
	int rc;
	if ((rc = edu_person_id(s, in->person, "person", 0, &pid, err)) < 0 ||
	    (rc = edu_check_text(in->new_post, "new_post", 100, true, err)) < 0 ||
	    (rc = edu_check_date(in->decided_on, "decided_on", err)) < 0)
		return rc;
	const char *rank = edu_rank_norm(in->new_rank);
	if (!rank)
		return zf_err_set(
		    err, ZF_EINVAL, "new_rank",
		    "new_rank must be one of 正处, 副处, 正科, 副科, 一般干部, 村干部");
	int64_t managed_by = 0;
	if (!str_blank(in->managed_by) &&
	    (rc = edu_unit_id(s, in->managed_by, "managed_by", &managed_by, err)) < 0)
		return rc;
	int64_t pending = 0;
	if ((rc = store_query_int(s, err, &pending,
				  "SELECT count(*) FROM appointments WHERE person_id = ?"
				  " AND state = 'pending'",
				  "i", pid)) < 0)
		return rc;
	if (pending)
		return zf_err_set(err, ZF_ECONFLICT, "person",
				  "%s already has a pending appointment", in->person);
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	bool own;
	rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc = store_run(s, err,
			       "INSERT INTO appointments(person_id, new_post, new_rank, decided_on,"
			       " managed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			       "ittt"
			       "Itt",
			       pid, in->new_post, rank, in->decided_on, managed_by, now, now);
	int64_t aid = rc == 0 ? store_last_id(s) : 0;
	if (rc == 0) {
		char ids[24];
		snprintf(ids, sizeof ids, "%lld", (long long)aid);
		json_t *ch =
		    json_pack("{s:s,s:s,s:s,s:s}", "person", in->person, "new_post", in->new_post,
			      "new_rank", rank, "decided_on", in->decided_on);
		rc = audit_append(s, who, "create", "appointment", ids, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = aid;
	return rc;
}

int educate_gate_check(struct store *s, int64_t id, json_t **out, struct zf_err *err)
{
	struct appt a;
	char today[11];
	int rc = appt_load(s, id, &a, err);
	if (rc < 0)
		return rc;
	edu_today(today);
	rc = gate_missing(s, &a, today, out, err);
	free(a.new_post);
	return rc;
}

/* Moves a into effect: the person's rank, post and appointed_on through org.h, the
 * appointment's state, and the audit entry, in one transaction. */
static int appt_apply(struct store *s, const struct actor *who, const struct appt *a,
		      const char *state, const char *on, const char *reason, const char *missing,
		      struct zf_err *err)
{
	char now[32], ids[24];
	time_format_iso(time_now(), now, sizeof now);
	snprintf(ids, sizeof ids, "%lld", (long long)a->id);
	struct org_person up;
	memset(&up, 0, sizeof up);
	up.rank = a->new_rank;
	up.post = a->new_post;
	up.appointed_on = on;
	if (a->managed_by[0])
		up.managed_by = a->managed_by;
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc = org_person_update(s, who, a->person, &up, err);
	if (rc == 0)
		rc = store_run(s, err,
			       "UPDATE appointments SET state = ?, effective_on = ?,"
			       " override_reason = ?, override_by = ?, missing = ?, updated_at = ?"
			       " WHERE id = ? AND state = 'pending'",
			       "tttttti", state, on, reason ? reason : "",
			       reason ? who->username : "", missing ? missing : "", now, a->id);
	if (rc == 0 && store_changes(s) != 1)
		rc = zf_err_set(err, ZF_ECONFLICT, "state", "appointment %s is no longer pending",
				ids);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:s,s:s}", "state", state, "effective_on", on,
				       "person", a->person, "new_rank", a->new_rank);
		if (reason) {
			json_object_set_new(ch, "reason", json_string(reason));
			json_object_set_new(ch, "missing", json_string(missing ? missing : ""));
		}
		rc = audit_append(s, who, reason ? "override" : "effect", "appointment", ids, "ok",
				  ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

/* Loads a pending appointment and checks the effective date. */
static int pending_load(struct store *s, int64_t id, const char *effective_on, struct appt *a,
			char on[11], struct zf_err *err)
{
	int rc = appt_load(s, id, a, err);
	if (rc < 0)
		return rc;
	if (strcmp(a->state, "pending")) {
		rc = zf_err_set(err, ZF_ECONFLICT, "state", "appointment %lld is %s, not pending",
				(long long)id, a->state);
	} else if (effective_on && *effective_on) {
		if ((rc = edu_check_date(effective_on, "effective_on", err)) == 0 &&
		    strcmp(effective_on, a->decided_on) < 0)
			rc = zf_err_set(err, ZF_EINVAL, "effective_on",
					"effective_on is before the decision (%s)", a->decided_on);
		snprintf(on, 11, "%s", effective_on);
	} else {
		edu_today(on);
	}
	if (rc < 0)
		free(a->new_post);
	return rc;
}

/*
 * Takes appointment id into effect (reason NULL: only through the gate; with a reason: the
 * override, only when something is missing), inside the write transaction so that the
 * check and the change are one step. When the gate refuses, denied (dn bytes) gets what is
 * missing for the audit entry the caller writes after the rollback.
 */
static int decide_locked(struct store *s, const struct actor *who, int64_t id,
			 const char *effective_on, const char *reason, char *denied, size_t dn,
			 struct zf_err *err)
{
	struct appt a;
	char on[11], text[512] = "";
	json_t *missing = NULL;
	int rc = pending_load(s, id, effective_on, &a, on, err);
	if (rc < 0)
		return rc;
	/* on record by the day it takes effect: a talk after a backdated effect does not count */
	if ((rc = gate_missing(s, &a, on, &missing, err)) < 0)
		goto out;
	missing_text(missing, text, sizeof text);
	if (!reason && json_array_size(missing)) {
		snprintf(denied, dn, "%s", text);
		rc = zf_err_set(err, ZF_ECONFLICT, "gate",
				"%s cannot take office as %s: not on record: %s", a.person,
				a.new_rank, text);
	} else if (reason && !json_array_size(missing)) {
		rc = zf_err_set(err, ZF_ECONFLICT, "gate",
				"nothing is missing: the appointment can simply take effect");
	} else {
		rc = appt_apply(s, who, &a, reason ? "overridden" : "effective", on, reason,
				reason ? text : NULL, err);
	}
out:
	json_decref(missing);
	free(a.new_post);
	return rc;
}

static int decide(struct store *s, const struct actor *who, int64_t id, const char *effective_on,
		  const char *reason, struct zf_err *err)
{
	char denied[512] = "";
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = decide_locked(s, who, id, effective_on, reason, denied, sizeof denied, err);
	rc = store_tx_close(s, own, rc, err);
	if (denied[0] && own) {
		/* the refusal is on record too (in a transaction of its own) */
		char ids[24];
		struct zf_err e2;
		snprintf(ids, sizeof ids, "%lld", (long long)id);
		json_t *ch = json_pack("{s:s}", "missing", denied);
		audit_record(s, who, "effect", "appointment", ids, "denied", ch, &e2);
		json_decref(ch);
	}
	return rc;
}

int educate_appointment_effect(struct store *s, const struct actor *who, int64_t id,
			       const char *effective_on, struct zf_err *err)
{
	return decide(s, who, id, effective_on, NULL, err);
}

int educate_appointment_override(struct store *s, const struct actor *who, int64_t id,
				 const char *reason, const char *effective_on, struct zf_err *err)
{
	int min = edu_setting_int(s, "override_reason_min", 10);
	char *r = xstrdup(reason ? reason : "");
	str_trim(r);
	int rc = edu_check_text(r, "reason", EDU_LONG_MAX, true, err);
	if (rc == 0 && utf8_len(r) < (size_t)min)
		rc = zf_err_set(
		    err, ZF_EINVAL, "reason",
		    "the reason for an override must say why, in at least %d characters", min);
	if (rc == 0)
		rc = decide(s, who, id, effective_on, r, err);
	free(r);
	return rc;
}

#define APPT_COLS                                                                                  \
	"SELECT a.id, p.code, p.name, u.code, u.name, p.rank, p.post, a.new_post, a.new_rank,"     \
	" a.decided_on, a.state, coalesce(a.effective_on, ''), a.override_reason, a.override_by,"  \
	" a.missing, coalesce(m.code, ''), coalesce(m.name, '') FROM appointments a"               \
	" JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id"                    \
	" LEFT JOIN units m ON m.id = a.managed_by"

static json_t *appt_json(struct stmt *st)
{
	json_t *j = json_pack(
	    "{s:I,s:{s:s,s:s,s:o,s:s,s:s},s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "id",
	    (json_int_t)stmt_int(st, 0), "person", "code", stmt_text(st, 1), "name",
	    stmt_text(st, 2), "unit", edu_code_name(stmt_text(st, 3), stmt_text(st, 4)), "rank",
	    stmt_text(st, 5), "post", stmt_text(st, 6), "new_post", stmt_text(st, 7), "new_rank",
	    stmt_text(st, 8), "decided_on", stmt_text(st, 9), "state", stmt_text(st, 10),
	    "effective_on", edu_str_or_null(stmt_text(st, 11)), "override_reason",
	    edu_str_or_null(stmt_text(st, 12)), "override_by", edu_str_or_null(stmt_text(st, 13)),
	    "missing_at_override", edu_str_or_null(stmt_text(st, 14)));
	json_object_set_new(j, "managed_by", edu_code_name(stmt_text(st, 15), stmt_text(st, 16)));
	return j;
}

int educate_appointment_get(struct store *s, int64_t id, int64_t scope_unit, json_t **out,
			    struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s, APPT_COLS " WHERE a.id = ? AND (? = 0 OR p.unit_id = ?)", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, scope_unit);
	stmt_bind_int(st, 3, scope_unit);
	json_t *j = NULL;
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		j = appt_json(st);
	else if (rc == STORE_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no appointment %lld", (long long)id);
	stmt_reset(st);
	if (!j)
		return rc;
	json_t *missing = NULL;
	if (!strcmp(json_string_value(json_object_get(j, "state")), "pending")) {
		if ((rc = educate_gate_check(s, id, &missing, err)) < 0) {
			json_decref(j);
			return rc;
		}
	}
	json_object_set_new(j, "missing", missing ? missing : json_array());
	*out = j;
	return 0;
}

int educate_appointment_list(struct store *s, const char *state, int64_t scope_unit, int64_t after,
			     int limit, json_t **out, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s,
			  APPT_COLS " WHERE a.id > ? AND (? IS NULL OR a.state = ?)"
				    " AND (? = 0 OR p.unit_id = ?) ORDER BY a.id LIMIT ?",
			  err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_text(st, 2, state);
	stmt_bind_text(st, 3, state);
	stmt_bind_int(st, 4, scope_unit);
	stmt_bind_int(st, 5, scope_unit);
	stmt_bind_int(st, 6, limit);
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, appt_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}
