/* org_people.c: people (cadres): create, update, deactivate, get, list. */
#include "org/org_impl.h"
#include "audit/audit.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

/* A person as stored, with the ids its references resolve to. */
struct person_row {
	int64_t id, unit_id, managed_id;
	const char *name, *gender, *birth_date, *unit, *rank, *post, *appointed_on, *managed_by;
	bool active, unit_active;
};

/*
 * Validates p (the whole record: for an update, the stored values merged with the changes)
 * and resolves its references into r. With old (an update), references left as they were
 * are not checked again, so a later deactivated managing body does not block other edits.
 * Canonical values (gender, rank) replace the given ones in r. Returns 0 or a store failure.
 */
static int person_check(struct check *ck, struct store *s, const struct org_person *p,
			const struct person_row *old, struct person_row *r)
{
	char today[16];
	int rc;

	check_text(ck, "name", p->name, ORG_TEXT_MAX);
	r->name = p->name;
	r->gender = norm_gender(p->gender);
	if (str_blank(p->gender))
		check_fail(ck, ZF_EINVAL, "gender", "required");
	else if (!r->gender)
		check_fail(ck, ZF_EINVAL, "gender", "'%s' is not a gender: M or F (男 or 女)",
			   p->gender);
	r->birth_date = p->birth_date;
	time_today(today, sizeof today);
	if (str_blank(p->birth_date))
		check_fail(ck, ZF_EINVAL, "birth_date", "required");
	else if (check_date(ck, "birth_date", p->birth_date) && strcmp(p->birth_date, today) > 0)
		check_fail(ck, ZF_EINVAL, "birth_date", "%s is in the future", p->birth_date);
	r->unit = p->unit;
	if (old && p->unit && !strcmp(p->unit, old->unit)) {
		r->unit_id = old->unit_id;
		r->unit_active = old->unit_active;
	} else {
		if ((rc = check_ref(ck, s, "unit", "unit", p->unit, true, &r->unit_id)) < 0)
			return rc;
		r->unit_active = true;
	}
	r->rank = norm_rank(p->rank);
	if (str_blank(p->rank))
		check_fail(ck, ZF_EINVAL, "rank", "required");
	else if (!r->rank)
		check_fail(ck, ZF_EINVAL, "rank",
			   "'%s' is not a rank: 正处, 副处, 正科, 副科, 一般干部 or 村干部",
			   p->rank);
	check_text(ck, "post", p->post, ORG_TEXT_MAX);
	r->post = p->post;
	r->appointed_on = p->appointed_on ? p->appointed_on : "";
	if (check_date(ck, "appointed_on", r->appointed_on) && *r->appointed_on &&
	    date_valid(r->birth_date) && strcmp(r->appointed_on, r->birth_date) < 0)
		check_fail(ck, ZF_EINVAL, "appointed_on", "%s is before the birth date %s",
			   r->appointed_on, r->birth_date);

	r->managed_by = p->managed_by ? p->managed_by : "";
	if (old && !strcmp(r->managed_by, old->managed_by))
		r->managed_id = old->managed_id;
	else if ((rc = check_ref(ck, s, "unit", "managed_by", r->managed_by, false,
				 &r->managed_id)) < 0)
		return rc;
	return 0;
}

static json_t *person_changes_new(const char *code, const struct person_row *r)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "code", code, "name", r->name,
			 "gender", r->gender, "birth_date", r->birth_date, "unit", r->unit, "rank",
			 r->rank, "post", r->post, "appointed_on",
			 json_str_or_null(r->appointed_on), "managed_by",
			 json_str_or_null(r->managed_by));
}

int person_add(struct check *ck, struct store *s, const struct actor *who,
	       const struct org_person *p, int64_t *id)
{
	struct person_row r = {0};
	struct zf_err lerr;
	int64_t old_id;
	int rc;

	if (id)
		*id = 0;
	if (check_code(ck, "code", p->code)) {
		zf_err_clear(&lerr);
		rc = find_by_code(s, "person", p->code, &old_id, NULL, &lerr);
		if (rc == 0)
			check_fail(ck, ZF_ECONFLICT, "code", "duplicate code: person %s exists",
				   p->code);
		else if (rc != ZF_ENOTFOUND)
			return ck->err ? (*ck->err = lerr, rc) : rc;
	}
	if ((rc = person_check(ck, s, p, NULL, &r)) < 0)
		return rc;
	if (ck->problems > ck->row_start)
		return 0;
	rc = store_run(s, ck->err,
		       "INSERT INTO people(code, name, gender, birth_date, unit_id, rank, post,"
		       " appointed_on, managed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
		       "ttttittTi", p->code, r.name, r.gender, r.birth_date, r.unit_id, r.rank,
		       r.post, r.appointed_on, r.managed_id);
	if (rc < 0)
		return rc;
	int64_t new_id = store_last_id(s);
	json_t *ch = person_changes_new(p->code, &r);
	rc = audit_append(s, who, "create", "person", p->code, "ok", ch, ck->err);
	json_decref(ch);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

int org_person_create(struct store *s, const struct actor *who, const struct org_person *p,
		      struct zf_err *err)
{
	struct check ck;
	bool own;
	check_init(&ck, err);
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = person_add(&ck, s, who, p, NULL);
	if (rc == 0)
		rc = check_result(&ck);
	return store_tx_close(s, own, rc, err);
}

int org_person_find(struct store *s, const char *code, int64_t *id, bool *active,
		    struct zf_err *err)
{
	int64_t i;
	bool a;
	int rc = find_by_code(s, "person", code, &i, &a, err);
	if (rc == 0) {
		*id = i;
		if (active)
			*active = a;
	}
	return rc;
}

static int person_load(struct store *s, const char *code, struct strs *k, struct person_row *r,
		       struct zf_err *err)
{
	static const char *q =
	    "SELECT p.id, p.name, p.gender, coalesce(p.birth_date, ''), u.code, p.unit_id,"
	    " u.active, p.rank, p.post, coalesce(p.appointed_on, ''), coalesce(m.code, ''),"
	    " coalesce(p.managed_by, 0), p.active FROM people p JOIN units u ON u.id = p.unit_id"
	    " LEFT JOIN units m ON m.id = p.managed_by WHERE p.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		r->id = stmt_int(st, 0);
		r->name = strs_keep(k, stmt_text(st, 1));
		r->gender = strs_keep(k, stmt_text(st, 2));
		r->birth_date = strs_keep(k, stmt_text(st, 3));
		r->unit = strs_keep(k, stmt_text(st, 4));
		r->unit_id = stmt_int(st, 5);
		r->unit_active = stmt_int(st, 6) != 0;
		r->rank = strs_keep(k, stmt_text(st, 7));
		r->post = strs_keep(k, stmt_text(st, 8));
		r->appointed_on = strs_keep(k, stmt_text(st, 9));
		r->managed_by = strs_keep(k, stmt_text(st, 10));
		r->managed_id = stmt_int(st, 11);
		r->active = stmt_int(st, 12) != 0;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no person with code %s", code);
	}
	stmt_reset(st);
	return rc;
}

static int person_change(struct store *s, const struct actor *who, const char *code,
			 const struct org_person *p, struct zf_err *err)
{
	struct strs k = {0};
	struct person_row old = {0}, r = {0};
	struct check ck;
	int rc;

	check_init(&ck, err);
	if ((rc = person_load(s, code, &k, &old, err)) < 0)
		goto cleanup;
	if (p->code && strcmp(p->code, code))
		check_fail(&ck, ZF_EINVAL, "code", "a code cannot be changed");
	struct org_person m = {
	    .name = p->name ? p->name : old.name,
	    .gender = p->gender ? p->gender : old.gender,
	    .birth_date = p->birth_date ? p->birth_date : old.birth_date,
	    .unit = p->unit ? p->unit : old.unit,
	    .rank = p->rank ? p->rank : old.rank,
	    .post = p->post ? p->post : old.post,
	    .appointed_on = p->appointed_on ? p->appointed_on : old.appointed_on,
	    .managed_by = p->managed_by ? p->managed_by : old.managed_by,
	};
	if ((rc = person_check(&ck, s, &m, &old, &r)) < 0)
		goto cleanup;
	if (p->set_active != ORG_KEEP && p->set_active != ORG_ACTIVATE &&
	    p->set_active != ORG_DEACTIVATE)
		check_fail(&ck, ZF_EINVAL, "active", "must be true or false");
	bool now = p->set_active == ORG_KEEP ? old.active : p->set_active == ORG_ACTIVATE;
	if (now && !r.unit_active)
		check_fail(&ck, ZF_EINVAL, "unit", "unit %s is deactivated", r.unit);
	if ((rc = check_result(&ck)) < 0)
		goto cleanup;

	json_t *ch = json_object();
	change_text(ch, "name", old.name, r.name);
	change_text(ch, "gender", old.gender, r.gender);
	change_text(ch, "birth_date", old.birth_date, r.birth_date);
	change_text(ch, "unit", old.unit, r.unit);
	change_text(ch, "rank", old.rank, r.rank);
	change_text(ch, "post", old.post, r.post);
	change_text(ch, "appointed_on", old.appointed_on, r.appointed_on);
	change_text(ch, "managed_by", old.managed_by, r.managed_by);
	if (old.active != now)
		json_object_set_new(ch, "active",
				    json_pack("{s:b,s:b}", "old", old.active, "new", now));
	if (json_object_size(ch) > 0) {
		rc =
		    store_run(s, err,
			      "UPDATE people SET name = ?, gender = ?, birth_date = ?, unit_id = ?,"
			      " rank = ?, post = ?, appointed_on = ?, managed_by = NULLIF(?, 0),"
			      " active = ? WHERE id = ?",
			      "tttittTiii", r.name, r.gender, r.birth_date, r.unit_id, r.rank,
			      r.post, r.appointed_on, r.managed_id, (int64_t)now, old.id);
		if (rc == 0 && old.active && !now)
			rc = end_team_and_oversight_of_person(s, who, old.id, err);
		if (rc == 0)
			rc = audit_append(s, who,
					  old.active == now ? "update"
					  : now		    ? "activate"
							    : "deactivate",
					  "person", code, "ok", ch, err);
	}
	json_decref(ch);
cleanup:
	strs_cleanup(&k);
	return rc;
}

int org_person_update(struct store *s, const struct actor *who, const char *code,
		      const struct org_person *p, struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, person_change(s, who, code, p, err), err);
}

int org_person_deactivate(struct store *s, const struct actor *who, const char *code,
			  struct zf_err *err)
{
	struct org_person p = {.set_active = ORG_DEACTIVATE};
	return org_person_update(s, who, code, &p, err);
}

/* Columns 0..12 of a person row. */
#define PERSON_COLS                                                                                \
	"p.id, p.code, p.name, p.gender, coalesce(p.birth_date, ''), u.code, u.name, p.rank,"      \
	" p.post, coalesce(p.appointed_on, ''), coalesce(m.code, ''), coalesce(m.name, ''),"       \
	" p.active FROM people p JOIN units u ON u.id = p.unit_id"                                 \
	" LEFT JOIN units m ON m.id = p.managed_by"

static json_t *person_json(struct stmt *st)
{
	return json_pack(
	    "{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:o,s:b}", "id", (json_int_t)stmt_int(st, 0),
	    "code", stmt_text(st, 1), "name", stmt_text(st, 2), "gender", stmt_text(st, 3),
	    "birth_date", json_str_or_null(stmt_text(st, 4)), "unit",
	    json_code_name(stmt_text(st, 5), stmt_text(st, 6)), "rank", stmt_text(st, 7), "post",
	    stmt_text(st, 8), "appointed_on", json_str_or_null(stmt_text(st, 9)), "managed_by",
	    json_code_name(stmt_text(st, 10), stmt_text(st, 11)), "active", stmt_int(st, 12) != 0);
}

/* Adds to j the person's team memberships and oversight assignments, active or not. */
static int person_roles(struct store *s, int64_t id, json_t *j, struct zf_err *err)
{
	static const char *q_team =
	    "SELECT tm.id, u.code, u.name, tm.role, tm.title, tm.areas, tm.active"
	    " FROM team_members tm JOIN units u ON u.id = tm.unit_id WHERE tm.person_id = ?"
	    " ORDER BY tm.id";
	static const char *q_over =
	    "SELECT o.id, coalesce(u.code, ''), coalesce(u.name, ''), o.area, o.active"
	    " FROM oversight o LEFT JOIN units u ON u.id = o.unit_id WHERE o.leader_id = ?"
	    " ORDER BY o.id";
	json_t *team = json_array(), *over = json_array();
	struct stmt *st = store_prepare(s, q_team, err);
	int rc = ZF_EINTERNAL;
	if (!st)
		goto fail;
	stmt_bind_int(st, 1, id);
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    team,
		    json_pack("{s:I,s:o,s:s,s:s,s:s,s:o,s:b}", "id", (json_int_t)stmt_int(st, 0),
			      "unit", json_code_name(stmt_text(st, 1), stmt_text(st, 2)), "role",
			      stmt_text(st, 3), "role_zh", team_role_zh(stmt_text(st, 3)), "title",
			      stmt_text(st, 4), "areas", areas_json(stmt_text(st, 5)), "active",
			      stmt_int(st, 6) != 0));
	stmt_reset(st);
	if (rc < 0)
		goto fail;
	rc = ZF_EINTERNAL;
	if (!(st = store_prepare(s, q_over, err)))
		goto fail;
	stmt_bind_int(st, 1, id);
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    over,
		    json_pack("{s:I,s:o,s:o,s:b}", "id", (json_int_t)stmt_int(st, 0), "unit",
			      json_code_name(stmt_text(st, 1), stmt_text(st, 2)), "area",
			      json_str_or_null(stmt_text(st, 3)), "active", stmt_int(st, 4) != 0));
	stmt_reset(st);
	if (rc < 0)
		goto fail;
	json_object_set_new(j, "team", team);
	json_object_set_new(j, "oversight", over);
	return 0;
fail:
	json_decref(team);
	json_decref(over);
	return rc;
}

int org_person_get(struct store *s, const char *code, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT " PERSON_COLS " WHERE p.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	json_t *j = NULL;
	int64_t id = 0;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		j = person_json(st);
		id = stmt_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no person with code %s", code);
	}
	stmt_reset(st);
	if (rc == 0)
		rc = person_roles(s, id, j, err);
	if (rc < 0) {
		json_decref(j);
		return rc;
	}
	*out = j;
	return 0;
}

/* "%q%" with LIKE's wildcards in q escaped by '\'. The caller frees it. */
static char *like_pattern(const char *q)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *q);
	}
	buf_putc(&b, '%');
	return buf_detach(&b);
}

int org_person_list(struct store *s, const struct org_person_filter *f, int64_t after, int limit,
		    json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT " PERSON_COLS " WHERE p.id > ?"
			       " AND (? IS NULL OR u.code = ?)"
			       " AND (? IS NULL OR p.name LIKE ? ESCAPE '\\')"
			       " AND (? IS NULL OR p.birth_date >= ?)"
			       " AND (? IS NULL OR p.birth_date <= ?)"
			       " AND (? < 0 OR p.active = ?)"
			       " ORDER BY p.id LIMIT ?";
	struct org_person_filter none = {.active = -1};
	if (!f)
		f = &none;
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	if (f->born_from && !date_valid(f->born_from))
		return zf_err_set(err, ZF_EINVAL, "born_from", "'%s' is not a date: YYYY-MM-DD",
				  f->born_from);
	if (f->born_to && !date_valid(f->born_to))
		return zf_err_set(err, ZF_EINVAL, "born_to", "'%s' is not a date: YYYY-MM-DD",
				  f->born_to);
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	char *pat = f->q && *f->q ? like_pattern(f->q) : NULL;
	stmt_bind_int(st, 1, after);
	stmt_bind_text(st, 2, f->unit);
	stmt_bind_text(st, 3, f->unit);
	stmt_bind_text(st, 4, pat);
	stmt_bind_text(st, 5, pat);
	stmt_bind_text(st, 6, f->born_from);
	stmt_bind_text(st, 7, f->born_from);
	stmt_bind_text(st, 8, f->born_to);
	stmt_bind_text(st, 9, f->born_to);
	stmt_bind_int(st, 10, f->active);
	stmt_bind_int(st, 11, f->active);
	stmt_bind_int(st, 12, limit);
	free(pat);
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, person_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}
