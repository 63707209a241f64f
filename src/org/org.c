/* org.c: unit categories and units (the tree): create, update, deactivate, get, list. People
 * and teams live in org_people.c and org_team.c, the chain in org_chain.c, imports in
 * org_import.c. */
#include "org/org_impl.h"
#include "audit/audit.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

/* The audit action of an update that leaves the record active (was -> now). */
static const char *update_action(bool was, bool now)
{
	if (was && !now)
		return "deactivate";
	if (!was && now)
		return "activate";
	return "update";
}

static bool want_active(int set_active, bool was)
{
	if (set_active == ORG_DEACTIVATE)
		return false;
	if (set_active == ORG_ACTIVATE)
		return true;
	return was;
}

static bool check_set_active(struct check *ck, int set_active)
{
	if (set_active == ORG_KEEP || set_active == ORG_ACTIVATE || set_active == ORG_DEACTIVATE)
		return true;
	check_fail(ck, ZF_EINVAL, "active", "must be true or false");
	return false;
}

/* ---- categories ---- */

static const char *kind_or_default(struct check *ck, const char *v)
{
	if (str_blank(v))
		return "dept";
	const char *k = norm_kind(v);
	if (!k)
		check_fail(ck, ZF_EINVAL, "kind", "'%s' is not a kind: township, dept or other", v);
	return k;
}

int category_add(struct check *ck, struct store *s, const struct actor *who,
		 const struct org_category *c, int64_t *id)
{
	int before = ck->row_start, rc;
	int64_t old_id;
	struct zf_err lerr;

	if (id)
		*id = 0;
	if (check_code(ck, "code", c->code)) {
		zf_err_clear(&lerr);
		rc = find_by_code(s, "category", c->code, &old_id, NULL, &lerr);
		if (rc == 0)
			check_fail(ck, ZF_ECONFLICT, "code", "duplicate code: category %s exists",
				   c->code);
		else if (rc != ZF_ENOTFOUND)
			return ck->err ? (*ck->err = lerr, rc) : rc;
	}
	check_text(ck, "name", c->name, ORG_TEXT_MAX);
	const char *kind = kind_or_default(ck, c->kind);
	if (ck->problems > before)
		return 0;
	rc = store_run(s, ck->err, "INSERT INTO categories(code, name, kind) VALUES (?, ?, ?)",
		       "ttt", c->code, c->name, kind);
	if (rc < 0)
		return rc;
	int64_t new_id = store_last_id(s);
	json_t *ch = json_pack("{s:s,s:s,s:s}", "code", c->code, "name", c->name, "kind", kind);
	rc = audit_append(s, who, "create", "category", c->code, "ok", ch, ck->err);
	json_decref(ch);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

int org_category_create(struct store *s, const struct actor *who, const struct org_category *c,
			struct zf_err *err)
{
	struct check ck;
	bool own;
	check_init(&ck, err);
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = category_add(&ck, s, who, c, NULL);
	if (rc == 0)
		rc = check_result(&ck);
	return store_tx_close(s, own, rc, err);
}

static int category_change(struct store *s, const struct actor *who, const char *code,
			   const struct org_category *c, struct zf_err *err)
{
	static const char *q = "SELECT id, name, kind, active FROM categories WHERE code = ?";
	struct strs k = {0};
	struct check ck;
	int64_t id = 0, nunits = 0;
	const char *old_name = NULL, *old_kind = NULL;
	bool was = false;
	int rc;

	check_init(&ck, err);
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		id = stmt_int(st, 0);
		old_name = strs_keep(&k, stmt_text(st, 1));
		old_kind = strs_keep(&k, stmt_text(st, 2));
		was = stmt_int(st, 3) != 0;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no category with code %s", code);
	}
	stmt_reset(st);
	if (rc < 0)
		goto cleanup;

	if (c->code && strcmp(c->code, code))
		check_fail(&ck, ZF_EINVAL, "code", "a code cannot be changed");
	const char *name = c->name ? c->name : old_name;
	check_text(&ck, "name", name, ORG_TEXT_MAX);
	const char *kind = c->kind ? kind_or_default(&ck, c->kind) : old_kind;
	check_set_active(&ck, c->set_active);
	bool now = want_active(c->set_active, was);
	if (was && !now) {
		rc = store_query_int(s, err, &nunits,
				     "SELECT count(*) FROM units u JOIN categories c"
				     " ON c.id = u.category_id WHERE c.id = ? AND u.active = 1",
				     "i", id);
		if (rc < 0)
			goto cleanup;
		if (nunits > 0)
			check_fail(&ck, ZF_ECONFLICT, "active",
				   "%lld active units are in category %s: move or deactivate them "
				   "first",
				   (long long)nunits, code);
	}
	if ((rc = check_result(&ck)) < 0)
		goto cleanup;

	json_t *ch = json_object();
	change_text(ch, "name", old_name, name);
	change_text(ch, "kind", old_kind, kind);
	if (was != now)
		json_object_set_new(ch, "active", json_pack("{s:b,s:b}", "old", was, "new", now));
	if (json_object_size(ch) > 0) {
		rc = store_run(s, err,
			       "UPDATE categories SET name = ?, kind = ?, active = ?"
			       " WHERE id = ?",
			       "ttii", name, kind, (int64_t)now, id);
		if (rc == 0)
			rc = audit_append(s, who, update_action(was, now), "category", code, "ok",
					  ch, err);
	}
	json_decref(ch);
cleanup:
	strs_cleanup(&k);
	return rc;
}

int org_category_update(struct store *s, const struct actor *who, const char *code,
			const struct org_category *c, struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, category_change(s, who, code, c, err), err);
}

int org_category_deactivate(struct store *s, const struct actor *who, const char *code,
			    struct zf_err *err)
{
	struct org_category c = {.set_active = ORG_DEACTIVATE};
	return org_category_update(s, who, code, &c, err);
}

static json_t *category_json(struct stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:b,s:I}", "id", (json_int_t)stmt_int(st, 0), "code",
			 stmt_text(st, 1), "name", stmt_text(st, 2), "kind", stmt_text(st, 3),
			 "active", stmt_int(st, 4) != 0, "units", (json_int_t)stmt_int(st, 5));
}

int org_category_get(struct store *s, const char *code, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT c.id, c.code, c.name, c.kind, c.active,"
			       " (SELECT count(*) FROM units u WHERE u.category_id = c.id"
			       " AND u.active = 1) FROM categories c WHERE c.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		*out = category_json(st);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no category with code %s", code);
	}
	stmt_reset(st);
	return rc;
}

static int check_limit(int limit, struct zf_err *err)
{
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	return 0;
}

int org_category_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT c.id, c.code, c.name, c.kind, c.active,"
			       " (SELECT count(*) FROM units u WHERE u.category_id = c.id"
			       " AND u.active = 1) FROM categories c WHERE c.id > ?"
			       " ORDER BY c.id LIMIT ?";
	int rc = check_limit(limit, err);
	if (rc < 0)
		return rc;
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, limit);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, category_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

/* ---- units ---- */

int org_unit_find(struct store *s, const char *code, int64_t *id, bool *active, struct zf_err *err)
{
	int64_t i;
	bool a;
	int rc = find_by_code(s, "unit", code, &i, &a, err);
	if (rc == 0) {
		*id = i;
		if (active)
			*active = a;
	}
	return rc;
}

int unit_add(struct check *ck, struct store *s, const struct actor *who, const struct org_unit *u,
	     int64_t *id)
{
	int before = ck->row_start, rc;
	int64_t old_id, cat_id, parent_id;
	struct zf_err lerr;

	if (id)
		*id = 0;
	if (check_code(ck, "code", u->code)) {
		zf_err_clear(&lerr);
		rc = find_by_code(s, "unit", u->code, &old_id, NULL, &lerr);
		if (rc == 0)
			check_fail(ck, ZF_ECONFLICT, "code", "duplicate code: unit %s exists",
				   u->code);
		else if (rc != ZF_ENOTFOUND)
			return ck->err ? (*ck->err = lerr, rc) : rc;
	}
	check_text(ck, "name", u->name, ORG_TEXT_MAX);
	if ((rc = check_ref(ck, s, "category", "category", u->category, true, &cat_id)) < 0)
		return rc;
	if ((rc = check_ref(ck, s, "unit", "parent", u->parent, false, &parent_id)) < 0)
		return rc;
	if (ck->problems > before)
		return 0;
	check_set_active(ck, u->set_district_body);
	if (ck->problems > before)
		return 0;
	bool body = u->set_district_body == ORG_ACTIVATE;
	rc = store_run(s, ck->err,
		       "INSERT INTO units(code, name, category_id, parent_id, district_body)"
		       " VALUES (?, ?, ?, NULLIF(?, 0), ?)",
		       "ttiii", u->code, u->name, cat_id, parent_id, (int64_t)body);
	if (rc < 0)
		return rc;
	int64_t new_id = store_last_id(s);
	json_t *ch = json_pack("{s:s,s:s,s:s,s:o}", "code", u->code, "name", u->name, "category",
			       u->category, "parent", json_str_or_null(parent_id ? u->parent : ""));
	if (body)
		json_object_set_new(ch, "district_body", json_true());
	rc = audit_append(s, who, "create", "unit", u->code, "ok", ch, ck->err);
	json_decref(ch);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

int org_unit_create(struct store *s, const struct actor *who, const struct org_unit *u,
		    struct zf_err *err)
{
	struct check ck;
	bool own;
	check_init(&ck, err);
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = unit_add(&ck, s, who, u, NULL);
	if (rc == 0)
		rc = check_result(&ck);
	return store_tx_close(s, own, rc, err);
}

/* Reports a problem when putting unit id under parent_id would close a loop in the tree. */
static int check_no_cycle(struct check *ck, struct store *s, int64_t id, int64_t parent_id,
			  const char *parent_code)
{
	int64_t at = parent_id;
	/* A tree deeper than the number of units is already a loop: stop there too. */
	for (int depth = 0; at && depth < 10000; depth++) {
		if (at == id) {
			check_fail(ck, ZF_EINVAL, "parent",
				   "unit %s is under this unit: that would make a cycle",
				   parent_code);
			return 0;
		}
		int64_t up = 0;
		int rc = store_query_int(s, ck->err, &up,
					 "SELECT coalesce(parent_id, 0) FROM units WHERE id = ?",
					 "i", at);
		if (rc < 0)
			return rc == ZF_ENOTFOUND ? 0 : rc;
		at = up;
	}
	return 0;
}

struct unit_row {
	int64_t id, category_id, parent_id;
	const char *name, *category, *parent;
	bool active, parent_active, category_active, district_body;
};

static int unit_load(struct store *s, const char *code, struct strs *k, struct unit_row *r,
		     struct zf_err *err)
{
	static const char *q =
	    "SELECT u.id, u.name, coalesce(c.code, ''), coalesce(u.category_id, 0),"
	    " coalesce(pu.code, ''), coalesce(u.parent_id, 0), u.active,"
	    " coalesce(pu.active, 1), coalesce(c.active, 1), u.district_body"
	    " FROM units u LEFT JOIN categories c ON c.id = u.category_id"
	    " LEFT JOIN units pu ON pu.id = u.parent_id WHERE u.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		r->id = stmt_int(st, 0);
		r->name = strs_keep(k, stmt_text(st, 1));
		r->category = strs_keep(k, stmt_text(st, 2));
		r->category_id = stmt_int(st, 3);
		r->parent = strs_keep(k, stmt_text(st, 4));
		r->parent_id = stmt_int(st, 5);
		r->active = stmt_int(st, 6) != 0;
		r->parent_active = stmt_int(st, 7) != 0;
		r->category_active = stmt_int(st, 8) != 0;
		r->district_body = stmt_int(st, 9) != 0;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no unit with code %s", code);
	}
	stmt_reset(st);
	return rc;
}

/* Refuses to deactivate a unit that still has active sub-units or people. */
static int check_unit_empty(struct check *ck, struct store *s, const struct unit_row *r,
			    const char *code)
{
	int64_t n = 0;
	int rc = store_query_int(s, ck->err, &n,
				 "SELECT count(*) FROM units WHERE parent_id = ? AND active = 1",
				 "i", r->id);
	if (rc < 0)
		return rc;
	if (n > 0)
		check_fail(ck, ZF_ECONFLICT, "active",
			   "unit %s has %lld active sub-units: deactivate or move them first", code,
			   (long long)n);
	rc = store_query_int(s, ck->err, &n,
			     "SELECT count(*) FROM people WHERE unit_id = ? AND active = 1", "i",
			     r->id);
	if (rc < 0)
		return rc;
	if (n > 0)
		check_fail(ck, ZF_ECONFLICT, "active",
			   "unit %s has %lld active people: move or deactivate them first", code,
			   (long long)n);
	return 0;
}

static int unit_change(struct store *s, const struct actor *who, const char *code,
		       const struct org_unit *u, struct zf_err *err)
{
	struct strs k = {0};
	struct unit_row r = {0};
	struct check ck;
	int rc;

	check_init(&ck, err);
	if ((rc = unit_load(s, code, &k, &r, err)) < 0)
		goto cleanup;
	if (u->code && strcmp(u->code, code))
		check_fail(&ck, ZF_EINVAL, "code", "a code cannot be changed");
	const char *name = u->name ? u->name : r.name;
	check_text(&ck, "name", name, ORG_TEXT_MAX);

	const char *category = r.category;
	int64_t cat_id = r.category_id;
	if (u->category && strcmp(u->category, r.category)) {
		category = u->category;
		if ((rc = check_ref(&ck, s, "category", "category", category, true, &cat_id)) < 0)
			goto cleanup;
	}
	const char *parent = r.parent;
	int64_t parent_id = r.parent_id;
	if (u->parent && strcmp(u->parent, r.parent)) {
		parent = u->parent;
		if ((rc = check_ref(&ck, s, "unit", "parent", parent, false, &parent_id)) < 0)
			goto cleanup;
		if (parent_id && (rc = check_no_cycle(&ck, s, r.id, parent_id, parent)) < 0)
			goto cleanup;
	}
	check_set_active(&ck, u->set_active);
	check_set_active(&ck, u->set_district_body);
	bool now = want_active(u->set_active, r.active);
	bool body = want_active(u->set_district_body, r.district_body);
	if (r.active && !now && (rc = check_unit_empty(&ck, s, &r, code)) < 0)
		goto cleanup;
	if (!r.active && now) {
		if (parent_id == r.parent_id && parent_id && !r.parent_active)
			check_fail(&ck, ZF_EINVAL, "parent", "parent unit %s is deactivated",
				   parent);
		if (cat_id == r.category_id && cat_id && !r.category_active)
			check_fail(&ck, ZF_EINVAL, "category", "category %s is deactivated",
				   category);
	}
	if ((rc = check_result(&ck)) < 0)
		goto cleanup;

	json_t *ch = json_object();
	change_text(ch, "name", r.name, name);
	change_text(ch, "category", r.category, category);
	change_text(ch, "parent", r.parent, parent_id ? parent : "");
	if (r.active != now)
		json_object_set_new(ch, "active",
				    json_pack("{s:b,s:b}", "old", r.active, "new", now));
	if (r.district_body != body)
		json_object_set_new(ch, "district_body",
				    json_pack("{s:b,s:b}", "old", r.district_body, "new", body));
	if (json_object_size(ch) > 0) {
		/* Ids are never 0: 0 stands for none, stored as NULL. */
		rc = store_run(
		    s, err,
		    "UPDATE units SET name = ?, category_id = NULLIF(?, 0),"
		    " parent_id = NULLIF(?, 0), active = ?, district_body = ? WHERE id = ?",
		    "tiiiii", name, cat_id, parent_id, (int64_t)now, (int64_t)body, r.id);
		if (rc == 0 && r.active && !now)
			rc = end_team_and_oversight_of_unit(s, who, r.id, err);
		if (rc == 0)
			rc = audit_append(s, who, update_action(r.active, now), "unit", code, "ok",
					  ch, err);
	}
	json_decref(ch);
cleanup:
	strs_cleanup(&k);
	return rc;
}

int org_unit_update(struct store *s, const struct actor *who, const char *code,
		    const struct org_unit *u, struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, unit_change(s, who, code, u, err), err);
}

int org_unit_deactivate(struct store *s, const struct actor *who, const char *code,
			struct zf_err *err)
{
	struct org_unit u = {.set_active = ORG_DEACTIVATE};
	return org_unit_update(s, who, code, &u, err);
}

/* Columns 0..9 of a unit row: id, code, name, category code, name, kind, parent code,
 * name, active, district_body. */
#define UNIT_COLS                                                                                  \
	"u.id, u.code, u.name, coalesce(c.code, ''), coalesce(c.name, ''),"                        \
	" coalesce(c.kind, ''), coalesce(pu.code, ''), coalesce(pu.name, ''), u.active,"           \
	" u.district_body FROM units u LEFT JOIN categories c ON c.id = u.category_id"             \
	" LEFT JOIN units pu ON pu.id = u.parent_id"

static json_t *unit_json(struct stmt *st)
{
	json_t *cat = json_null();
	if (*stmt_text(st, 3))
		cat = json_pack("{s:s,s:s,s:s}", "code", stmt_text(st, 3), "name", stmt_text(st, 4),
				"kind", stmt_text(st, 5));
	return json_pack("{s:I,s:s,s:s,s:o,s:o,s:b,s:b}", "id", (json_int_t)stmt_int(st, 0), "code",
			 stmt_text(st, 1), "name", stmt_text(st, 2), "category", cat, "parent",
			 json_code_name(stmt_text(st, 6), stmt_text(st, 7)), "active",
			 stmt_int(st, 8) != 0, "district_body", stmt_int(st, 9) != 0);
}

int org_unit_get(struct store *s, const char *code, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT " UNIT_COLS " WHERE u.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	json_t *j = NULL;
	int64_t id = 0, n = 0;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		j = unit_json(st);
		id = stmt_int(st, 0);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no unit with code %s", code);
	}
	stmt_reset(st);
	if (rc == 0)
		rc = store_query_int(
		    s, err, &n, "SELECT count(*) FROM units WHERE parent_id = ? AND active = 1",
		    "i", id);
	if (rc == 0) {
		json_object_set_new(j, "children", json_integer(n));
		rc = store_query_int(s, err, &n,
				     "SELECT count(*) FROM people WHERE unit_id = ? AND active = 1",
				     "i", id);
	}
	if (rc == 0) {
		json_object_set_new(j, "people", json_integer(n));
		*out = j;
		return 0;
	}
	json_decref(j);
	return rc;
}

int org_unit_list(struct store *s, const struct org_unit_filter *f, int64_t after, int limit,
		  json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT " UNIT_COLS " WHERE u.id > ?"
			       " AND (? IS NULL OR c.code = ?)"
			       " AND (? IS NULL OR (? = '' AND u.parent_id IS NULL) OR pu.code = ?)"
			       " AND (? < 0 OR u.active = ?)"
			       " ORDER BY u.id LIMIT ?";
	int rc = check_limit(limit, err);
	if (rc < 0)
		return rc;
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_text(st, 2, f ? f->category : NULL);
	stmt_bind_text(st, 3, f ? f->category : NULL);
	stmt_bind_text(st, 4, f ? f->parent : NULL);
	stmt_bind_text(st, 5, f ? f->parent : NULL);
	stmt_bind_text(st, 6, f ? f->parent : NULL);
	stmt_bind_int(st, 7, f ? f->active : -1);
	stmt_bind_int(st, 8, f ? f->active : -1);
	stmt_bind_int(st, 9, limit);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, unit_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}
