/* org_team.c: leadership teams (领导班子, one main leader per unit) and oversight
 * assignments (分管): add, update, deactivate, get, list; and ending them when their unit or
 * person is deactivated. */
#include "org/org_impl.h"
#include "audit/audit.h"
#include "base/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The entity id of a membership in the audit log: "UNIT/PERSON". */
static void member_key(char *out, size_t n, const char *unit, const char *person)
{
	snprintf(out, n, "%s/%s", unit, person);
}

/* Checks that unit_id has no active main leader other than membership except_id; reports a
 * conflict on field when it has. Returns 0 or a store failure. */
static int check_one_main(struct check *ck, struct store *s, int64_t unit_id, int64_t except_id,
			  const char *unit_code, const char *field)
{
	static const char *q = "SELECT p.code, p.name FROM team_members tm"
			       " JOIN people p ON p.id = tm.person_id WHERE tm.unit_id = ?"
			       " AND tm.role = 'main' AND tm.active = 1 AND tm.id <> ?";
	struct stmt *st = store_prepare(s, q, ck->err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	stmt_bind_int(st, 2, except_id);
	int rc = stmt_step(st, ck->err);
	if (rc == STORE_ROW)
		check_fail(ck, ZF_ECONFLICT, field,
			   "unit %s already has a main leader (第一责任人): %s %s", unit_code,
			   stmt_text(st, 0), stmt_text(st, 1));
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* Validates a role (required), title and areas; *areas gets the normalised list (freed by
 * the caller) even when there are problems. */
static const char *check_member_values(struct check *ck, const char *role_in, const char *title,
				       const char *areas_in, const char *role_field, char **areas)
{
	const char *role = norm_team_role(role_in);
	if (str_blank(role_in))
		check_fail(ck, ZF_EINVAL, role_field, "required");
	else if (!role)
		check_fail(ck, ZF_EINVAL, role_field,
			   "'%s' is not a team role: main, deputy or member (主要领导, 副职, 成员)",
			   role_in);
	if (!str_blank(title))
		check_text(ck, "title", title, ORG_TEXT_MAX);
	*areas = areas_norm(areas_in);
	if (!utf8_valid(*areas, strlen(*areas)))
		check_fail(ck, ZF_EINVAL, "areas", "not valid UTF-8 text");
	else if (utf8_len(*areas) > ORG_AREAS_MAX)
		check_fail(ck, ZF_EINVAL, "areas", "too long: at most %d characters",
			   ORG_AREAS_MAX);
	return role;
}

int team_add(struct check *ck, struct store *s, const struct actor *who,
	     const struct org_team_member *m, const char *role_field)
{
	static const char *q_old =
	    "SELECT id, active FROM team_members WHERE unit_id = ? AND person_id = ?";
	int64_t unit_id, person_id, old_id = 0;
	bool old_active = false;
	char *areas = NULL;
	int rc;

	if ((rc = check_ref(ck, s, "unit", "unit", m->unit, true, &unit_id)) < 0)
		return rc;
	if ((rc = check_ref(ck, s, "person", "person", m->person, true, &person_id)) < 0)
		return rc;
	const char *role = check_member_values(ck, m->role, m->title, m->areas, role_field, &areas);
	const char *title = m->title ? m->title : "";
	if (unit_id && person_id) {
		struct stmt *st = store_prepare(s, q_old, ck->err);
		if (!st) {
			rc = ZF_EINTERNAL;
			goto cleanup;
		}
		stmt_bind_int(st, 1, unit_id);
		stmt_bind_int(st, 2, person_id);
		if ((rc = stmt_step(st, ck->err)) == STORE_ROW) {
			old_id = stmt_int(st, 0);
			old_active = stmt_int(st, 1) != 0;
		}
		stmt_reset(st);
		if (rc < 0)
			goto cleanup;
		rc = 0;
		if (old_active)
			check_fail(ck, ZF_ECONFLICT, "person", "%s is already in the team of %s",
				   m->person, m->unit);
		else if (role && !strcmp(role, "main") &&
			 (rc = check_one_main(ck, s, unit_id, 0, m->unit, role_field)) < 0)
			goto cleanup;
	}
	if (ck->problems > ck->row_start)
		goto cleanup;
	if (old_id)
		rc = store_run(s, ck->err,
			       "UPDATE team_members SET role = ?, title = ?, areas = ?, active = 1"
			       " WHERE id = ?",
			       "ttti", role, title, areas, old_id);
	else
		rc = store_run(s, ck->err,
			       "INSERT INTO team_members(unit_id, person_id, role, title, areas)"
			       " VALUES (?, ?, ?, ?, ?)",
			       "iittt", unit_id, person_id, role, title, areas);
	if (rc == 0) {
		char key[2 * ORG_CODE_MAX + 2];
		member_key(key, sizeof key, m->unit, m->person);
		json_t *ch =
		    json_pack("{s:s,s:s,s:s,s:s,s:o}", "unit", m->unit, "person", m->person, "role",
			      role, "title", title, "areas", areas_json(areas));
		rc = audit_append(s, who, "create", "team_member", key, "ok", ch, ck->err);
		json_decref(ch);
	}
cleanup:
	free(areas);
	return rc;
}

int org_team_add(struct store *s, const struct actor *who, const struct org_team_member *m,
		 struct zf_err *err)
{
	struct check ck;
	bool own;
	check_init(&ck, err);
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = team_add(&ck, s, who, m, "role");
	if (rc == 0)
		rc = check_result(&ck);
	return store_tx_close(s, own, rc, err);
}

struct member_row {
	int64_t id, unit_id;
	const char *role, *title, *areas;
	bool active, unit_active, person_active;
};

static int member_load(struct store *s, const char *unit_code, const char *person_code,
		       struct strs *k, struct member_row *r, struct zf_err *err)
{
	static const char *q =
	    "SELECT tm.id, tm.role, tm.title, tm.areas, tm.active, tm.unit_id, u.active,"
	    " p.active FROM team_members tm JOIN units u ON u.id = tm.unit_id"
	    " JOIN people p ON p.id = tm.person_id WHERE u.code = ? AND p.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, unit_code);
	stmt_bind_text(st, 2, person_code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		r->id = stmt_int(st, 0);
		r->role = strs_keep(k, stmt_text(st, 1));
		r->title = strs_keep(k, stmt_text(st, 2));
		r->areas = strs_keep(k, stmt_text(st, 3));
		r->active = stmt_int(st, 4) != 0;
		r->unit_id = stmt_int(st, 5);
		r->unit_active = stmt_int(st, 6) != 0;
		r->person_active = stmt_int(st, 7) != 0;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "%s is not in the team of unit %s",
				person_code, unit_code);
	}
	stmt_reset(st);
	return rc;
}

static int member_change(struct store *s, const struct actor *who, const char *unit_code,
			 const char *person_code, const struct org_team_member *m,
			 struct zf_err *err)
{
	struct strs k = {0};
	struct member_row r = {0};
	struct check ck;
	char *areas = NULL;
	int rc;

	check_init(&ck, err);
	if ((rc = member_load(s, unit_code, person_code, &k, &r, err)) < 0)
		goto cleanup;
	if (m->unit && strcmp(m->unit, unit_code))
		check_fail(&ck, ZF_EINVAL, "unit", "the unit of a membership cannot be changed");
	if (m->person && strcmp(m->person, person_code))
		check_fail(&ck, ZF_EINVAL, "person",
			   "the person of a membership cannot be changed");
	const char *title = m->title ? m->title : r.title;
	const char *role = check_member_values(&ck, m->role ? m->role : r.role, title,
					       m->areas ? m->areas : r.areas, "role", &areas);
	if (m->set_active != ORG_KEEP && m->set_active != ORG_ACTIVATE &&
	    m->set_active != ORG_DEACTIVATE)
		check_fail(&ck, ZF_EINVAL, "active", "must be true or false");
	bool now = m->set_active == ORG_KEEP ? r.active : m->set_active == ORG_ACTIVATE;
	if (now && !r.active && !r.unit_active)
		check_fail(&ck, ZF_EINVAL, "unit", "unit %s is deactivated", unit_code);
	if (now && !r.active && !r.person_active)
		check_fail(&ck, ZF_EINVAL, "person", "person %s is deactivated", person_code);
	if (now && role && !strcmp(role, "main") && (strcmp(r.role, "main") || !r.active) &&
	    (rc = check_one_main(&ck, s, r.unit_id, r.id, unit_code, "role")) < 0)
		goto cleanup;
	if ((rc = check_result(&ck)) < 0)
		goto cleanup;

	json_t *ch = json_object();
	change_text(ch, "role", r.role, role);
	change_text(ch, "title", r.title, title);
	change_text(ch, "areas", r.areas, areas);
	if (r.active != now)
		json_object_set_new(ch, "active",
				    json_pack("{s:b,s:b}", "old", r.active, "new", now));
	if (json_object_size(ch) > 0) {
		char key[2 * ORG_CODE_MAX + 2];
		member_key(key, sizeof key, unit_code, person_code);
		rc = store_run(s, err,
			       "UPDATE team_members SET role = ?, title = ?, areas = ?, active = ?"
			       " WHERE id = ?",
			       "tttii", role, title, areas, (int64_t)now, r.id);
		if (rc == 0)
			rc = audit_append(s, who,
					  r.active == now ? "update"
					  : now		  ? "activate"
							  : "deactivate",
					  "team_member", key, "ok", ch, err);
	}
	json_decref(ch);
cleanup:
	free(areas);
	strs_cleanup(&k);
	return rc;
}

int org_team_update(struct store *s, const struct actor *who, const char *unit_code,
		    const char *person_code, const struct org_team_member *m, struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, member_change(s, who, unit_code, person_code, m, err), err);
}

int org_team_deactivate(struct store *s, const struct actor *who, const char *unit_code,
			const char *person_code, struct zf_err *err)
{
	struct org_team_member m = {.set_active = ORG_DEACTIVATE};
	return org_team_update(s, who, unit_code, person_code, &m, err);
}

int org_team_list(struct store *s, const char *unit_code, bool include_inactive, json_t **out,
		  struct zf_err *err)
{
	static const char *q =
	    "SELECT tm.id, u.code, u.name, p.code, p.name, p.post, p.rank, tm.role, tm.title,"
	    " tm.areas, tm.active FROM team_members tm JOIN units u ON u.id = tm.unit_id"
	    " JOIN people p ON p.id = tm.person_id WHERE tm.unit_id = ?"
	    " AND (? = 1 OR tm.active = 1) ORDER BY tm.active DESC,"
	    " CASE tm.role WHEN 'main' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, tm.id";
	int64_t unit_id;
	int rc = find_by_code(s, "unit", unit_code, &unit_id, NULL, err);
	if (rc < 0)
		return rc;
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	stmt_bind_int(st, 2, include_inactive ? 1 : 0);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    arr,
		    json_pack("{s:I,s:o,s:{s:s,s:s,s:s,s:s},s:s,s:s,s:s,s:o,s:b}", "id",
			      (json_int_t)stmt_int(st, 0), "unit",
			      json_code_name(stmt_text(st, 1), stmt_text(st, 2)), "person", "code",
			      stmt_text(st, 3), "name", stmt_text(st, 4), "post", stmt_text(st, 5),
			      "rank", stmt_text(st, 6), "role", stmt_text(st, 7), "role_zh",
			      team_role_zh(stmt_text(st, 7)), "title", stmt_text(st, 8), "areas",
			      areas_json(stmt_text(st, 9)), "active", stmt_int(st, 10) != 0));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

/* ---- oversight ---- */

int oversight_add(struct check *ck, struct store *s, const struct actor *who,
		  const struct org_oversight *o, int64_t *id)
{
	/* the same leader over the same unit and the same areas, in any order */
	static const char *q_dup = "SELECT id, area FROM oversight WHERE leader_id = ?"
				   " AND coalesce(unit_id, 0) = ? AND active = 1";
	int64_t leader_id, unit_id, dup = 0;
	char *area = areas_norm(o->area);
	int rc;

	if (id)
		*id = 0;
	if ((rc = check_ref(ck, s, "person", "leader", o->leader, true, &leader_id)) < 0)
		goto cleanup;
	if ((rc = check_ref(ck, s, "unit", "unit", o->unit, false, &unit_id)) < 0)
		goto cleanup;
	if (str_blank(o->unit) && !*area)
		check_fail(ck, ZF_EINVAL, "area", "give the unit or the area overseen (or both)");
	if (!utf8_valid(area, strlen(area)))
		check_fail(ck, ZF_EINVAL, "area", "not valid UTF-8 text");
	else if (utf8_len(area) > ORG_AREAS_MAX)
		check_fail(ck, ZF_EINVAL, "area", "too long: at most %d characters", ORG_AREAS_MAX);
	if (ck->problems > ck->row_start)
		goto cleanup;
	struct stmt *st = store_prepare(s, q_dup, ck->err);
	if (!st) {
		rc = ZF_EINTERNAL;
		goto cleanup;
	}
	stmt_bind_int(st, 1, leader_id);
	stmt_bind_int(st, 2, unit_id);
	while ((rc = stmt_step(st, ck->err)) == STORE_ROW && !dup)
		if (areas_same(stmt_text(st, 1), area))
			dup = stmt_int(st, 0);
	stmt_reset(st);
	if (rc < 0)
		goto cleanup;
	if (dup) {
		check_fail(ck, ZF_ECONFLICT, "leader",
			   "%s already has this oversight assignment (id %" PRId64 ")", o->leader,
			   dup);
		rc = 0; /* the problem is in ck, as for every other check */
		goto cleanup;
	}
	rc =
	    store_run(s, ck->err,
		      "INSERT INTO oversight(leader_id, unit_id, area) VALUES (?, NULLIF(?, 0), ?)",
		      "iit", leader_id, unit_id, area);
	if (rc < 0)
		goto cleanup;
	int64_t new_id = store_last_id(s);
	char key[24];
	snprintf(key, sizeof key, "%" PRId64, new_id);
	json_t *ch =
	    json_pack("{s:s,s:o,s:o}", "leader", o->leader, "unit",
		      json_str_or_null(unit_id ? o->unit : ""), "area", json_str_or_null(area));
	rc = audit_append(s, who, "create", "oversight", key, "ok", ch, ck->err);
	json_decref(ch);
	if (rc == 0 && id)
		*id = new_id;
cleanup:
	free(area);
	return rc;
}

int org_oversight_create(struct store *s, const struct actor *who, const struct org_oversight *o,
			 int64_t *id, struct zf_err *err)
{
	struct check ck;
	bool own;
	int64_t new_id = 0;
	check_init(&ck, err);
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = oversight_add(&ck, s, who, o, &new_id);
	if (rc == 0)
		rc = check_result(&ck);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

int org_oversight_deactivate(struct store *s, const struct actor *who, int64_t id,
			     struct zf_err *err)
{
	int64_t active = 0;
	bool own;
	char key[24];
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = store_query_int(s, err, &active, "SELECT active FROM oversight WHERE id = ?", "i", id);
	if (rc == ZF_ENOTFOUND)
		zf_err_set(err, rc, NULL, "no oversight assignment %" PRId64, id);
	else if (rc == 0 && !active)
		rc = zf_err_set(err, ZF_ECONFLICT, "active",
				"oversight assignment %" PRId64 " is already inactive", id);
	if (rc == 0)
		rc = store_run(s, err, "UPDATE oversight SET active = 0 WHERE id = ?", "i", id);
	if (rc == 0) {
		snprintf(key, sizeof key, "%" PRId64, id);
		json_t *ch = json_pack("{s:{s:b,s:b}}", "active", "old", 1, "new", 0);
		rc = audit_append(s, who, "deactivate", "oversight", key, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

#define OVERSIGHT_COLS                                                                             \
	"o.id, p.code, p.name, p.post, p.rank, pu.code, pu.name, coalesce(u.code, ''),"            \
	" coalesce(u.name, ''), o.area, o.active FROM oversight o"                                 \
	" JOIN people p ON p.id = o.leader_id JOIN units pu ON pu.id = p.unit_id"                  \
	" LEFT JOIN units u ON u.id = o.unit_id"

static json_t *oversight_json(struct stmt *st)
{
	return json_pack("{s:I,s:{s:s,s:s,s:s,s:s,s:o},s:o,s:o,s:b}", "id",
			 (json_int_t)stmt_int(st, 0), "leader", "code", stmt_text(st, 1), "name",
			 stmt_text(st, 2), "post", stmt_text(st, 3), "rank", stmt_text(st, 4),
			 "unit", json_code_name(stmt_text(st, 5), stmt_text(st, 6)), "unit",
			 json_code_name(stmt_text(st, 7), stmt_text(st, 8)), "area",
			 json_str_or_null(stmt_text(st, 9)), "active", stmt_int(st, 10) != 0);
}

int org_oversight_get(struct store *s, int64_t id, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT " OVERSIGHT_COLS " WHERE o.id = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		*out = oversight_json(st);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no oversight assignment %" PRId64, id);
	}
	stmt_reset(st);
	return rc;
}

int org_oversight_list(struct store *s, const struct org_oversight_filter *f, int64_t after,
		       int limit, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT " OVERSIGHT_COLS " WHERE o.id > ?"
			       " AND (? IS NULL OR p.code = ?) AND (? IS NULL OR u.code = ?)"
			       " AND (? < 0 OR o.active = ?) ORDER BY o.id LIMIT ?";
	struct org_oversight_filter none = {.active = -1};
	if (!f)
		f = &none;
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_text(st, 2, f->leader);
	stmt_bind_text(st, 3, f->leader);
	stmt_bind_text(st, 4, f->unit);
	stmt_bind_text(st, 5, f->unit);
	stmt_bind_int(st, 6, f->active);
	stmt_bind_int(st, 7, f->active);
	stmt_bind_int(st, 8, limit);
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, oversight_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

/* ---- ending what a deactivated unit or person held ---- */

/*
 * Deactivates, one audit entry each, the rows that select (with key bound to its one `?`)
 * returns as (id, entity id text or "" for the id itself), through update (one `?`: the id).
 */
static int end_rows(struct store *s, const struct actor *who, const char *select, int64_t key,
		    const char *update, const char *entity, const char *reason, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, select, err);
	json_t *rows = json_array();
	int rc;
	if (!st) {
		json_decref(rows);
		return ZF_EINTERNAL;
	}
	stmt_bind_int(st, 1, key);
	/* Collected first: the updates must not run under the open cursor. */
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    rows, json_pack("[I,s]", (json_int_t)stmt_int(st, 0), stmt_text(st, 1)));
	stmt_reset(st);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		if (rc < 0)
			break;
		int64_t id = json_integer_value(json_array_get(row, 0));
		const char *label = json_string_value(json_array_get(row, 1));
		char idtxt[24];
		snprintf(idtxt, sizeof idtxt, "%" PRId64, id);
		rc = store_run(s, err, update, "i", id);
		if (rc < 0)
			break;
		json_t *ch =
		    json_pack("{s:{s:b,s:b},s:s}", "active", "old", 1, "new", 0, "reason", reason);
		rc = audit_append(s, who, "deactivate", entity, *label ? label : idtxt, "ok", ch,
				  err);
		json_decref(ch);
	}
	json_decref(rows);
	return rc < 0 ? rc : 0;
}

static const char *q_end_team = "UPDATE team_members SET active = 0 WHERE id = ?";
static const char *q_end_oversight = "UPDATE oversight SET active = 0 WHERE id = ?";

int end_team_and_oversight_of_unit(struct store *s, const struct actor *who, int64_t unit_id,
				   struct zf_err *err)
{
	int rc = end_rows(s, who,
			  "SELECT tm.id, u.code || '/' || p.code FROM team_members tm"
			  " JOIN units u ON u.id = tm.unit_id JOIN people p ON p.id = tm.person_id"
			  " WHERE tm.unit_id = ? AND tm.active = 1",
			  unit_id, q_end_team, "team_member", "the unit was deactivated", err);
	if (rc == 0)
		rc = end_rows(
		    s, who, "SELECT id, '' FROM oversight WHERE unit_id = ? AND active = 1",
		    unit_id, q_end_oversight, "oversight", "the unit was deactivated", err);
	return rc;
}

int end_team_and_oversight_of_person(struct store *s, const struct actor *who, int64_t person_id,
				     struct zf_err *err)
{
	int rc = end_rows(s, who,
			  "SELECT tm.id, u.code || '/' || p.code FROM team_members tm"
			  " JOIN units u ON u.id = tm.unit_id JOIN people p ON p.id = tm.person_id"
			  " WHERE tm.person_id = ? AND tm.active = 1",
			  person_id, q_end_team, "team_member", "the person was deactivated", err);
	if (rc == 0)
		rc = end_rows(
		    s, who, "SELECT id, '' FROM oversight WHERE leader_id = ? AND active = 1",
		    person_id, q_end_oversight, "oversight", "the person was deactivated", err);
	return rc;
}
