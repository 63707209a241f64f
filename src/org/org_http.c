/* org_http.c: the organisation's routes: JSON in, org.h calls, JSON out. Unit-scoped
 * accounts (unit leader, unit staff, supervisor) see people, teams, oversight and the
 * responsibility chain of their own unit only. */
#include "org/org.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 100
#define PAGE_MAX     1000

/* ---- request pieces ---- */

/* A string field: absent leaves *out NULL (unchanged), null gives "" (cleared), where
 * http_str_or_reply treats null as absent. Replies 400 for any other type and returns -1. */
static int str_or_reply(json_t *body, const char *key, const char **out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = "";
		return 0;
	}
	if (!json_is_string(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* "active": true / false into an enum org_set_active; absent keeps it. */
/* A true/false field into ORG_ACTIVATE / ORG_DEACTIVATE (absent: ORG_KEEP). */
static int flag_or_reply(json_t *body, const char *key, int *set, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*set = ORG_KEEP;
	if (!v)
		return 0;
	if (!json_is_boolean(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be true or false", key);
		return -1;
	}
	*set = json_is_true(v) ? ORG_ACTIVATE : ORG_DEACTIVATE;
	return 0;
}

static int active_or_reply(json_t *body, int *set_active, struct http_resp *resp)
{
	return flag_or_reply(body, "active", set_active, resp);
}

/* ?active=1|0|true|false into 1 / 0; absent or "all" gives -1. */
static int active_filter_or_reply(struct http_req *req, int *active, struct http_resp *resp)
{
	const char *v = http_query(req, "active");
	*active = -1;
	if (!v || !strcmp(v, "all"))
		return 0;
	if (!strcmp(v, "1") || !strcmp(v, "true"))
		*active = 1;
	else if (!strcmp(v, "0") || !strcmp(v, "false"))
		*active = 0;
	else {
		resp_fail(resp, ZF_EINVAL, "active", "active must be 1, 0 or all");
		return -1;
	}
	return 0;
}

/* A query value, or NULL when absent or empty. */
static const char *query(struct http_req *req, const char *key)
{
	const char *v = http_query(req, key);
	return v && *v ? v : NULL;
}

static bool unit_scoped(const struct http_req *req)
{
	return (req->role_bit & ROLES_UNIT_SCOPED) != 0;
}

/* Replies 403 when a unit-scoped account asks about a unit other than its own. */
static int own_unit_or_reply(struct http_req *req, const char *unit_code, struct http_resp *resp)
{
	if (!unit_scoped(req) ||
	    (req->unit_code[0] && unit_code && !strcmp(unit_code, req->unit_code)))
		return 0;
	resp_fail(resp, ZF_EFORBIDDEN, NULL, "this account sees its own unit (%s) only",
		  req->unit_code);
	return -1;
}

/* {"items": arr, "next_after": the last id when the page is full, else null}. */
static void reply_page(struct http_resp *resp, json_t *arr, int limit)
{
	size_t n = json_array_size(arr);
	json_t *next = NULL;
	if (n > 0 && n == (size_t)limit)
		next = json_object_get(json_array_get(arr, n - 1), "id");
	next = next ? json_incref(next) : json_null();
	resp_json(resp, 200, json_pack("{s:o,s:o}", "items", arr, "next_after", next));
}

/* Replies with *j (stolen) or the error. */
static void reply(struct http_resp *resp, int status, int rc, json_t *j, const struct zf_err *err)
{
	if (rc < 0)
		resp_error(resp, err);
	else
		resp_json(resp, status, j);
}

static const char *param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

/* ---- categories ---- */

static void list_categories(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	if (org_category_list(req->db, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		reply_page(resp, arr, limit);
}

static void get_category(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = org_category_get(req->db, param(req, 0), &j, &err);
	reply(resp, 200, rc, j, &err);
}

static const char *const category_keys[] = {"code", "name", "kind", "active", NULL};

/* Reads a category body into c (strings borrowed from *body, which the caller decrefs);
 * with create, "active" is not accepted. Returns -1 after replying. */
static int category_body(struct http_req *req, struct http_resp *resp, bool create,
			 struct org_category *c, json_t **body)
{
	memset(c, 0, sizeof *c);
	if (!(*body = http_json_body_or_reply(req, resp)))
		return -1;
	if (http_only_keys_or_reply(*body, category_keys, resp) < 0)
		goto fail;
	if (create && json_object_get(*body, "active")) {
		resp_fail(resp, ZF_EINVAL, "active", "a new category is active");
		goto fail;
	}
	if (str_or_reply(*body, "code", &c->code, resp) < 0 ||
	    str_or_reply(*body, "name", &c->name, resp) < 0 ||
	    str_or_reply(*body, "kind", &c->kind, resp) < 0 ||
	    active_or_reply(*body, &c->set_active, resp) < 0)
		goto fail;
	return 0;
fail:
	json_decref(*body);
	*body = NULL;
	return -1;
}

static void create_category(struct http_req *req, struct http_resp *resp)
{
	struct org_category c;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (category_body(req, resp, true, &c, &body) < 0)
		return;
	int rc = org_category_create(req->db, &req->who, &c, &err);
	if (rc == 0)
		rc = org_category_get(req->db, c.code, &j, &err);
	json_decref(body);
	reply(resp, 201, rc, j, &err);
}

static void update_category(struct http_req *req, struct http_resp *resp)
{
	struct org_category c;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (category_body(req, resp, false, &c, &body) < 0)
		return;
	int rc = org_category_update(req->db, &req->who, param(req, 0), &c, &err);
	if (rc == 0)
		rc = org_category_get(req->db, param(req, 0), &j, &err);
	json_decref(body);
	reply(resp, 200, rc, j, &err);
}

static void deactivate_category(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = org_category_deactivate(req->db, &req->who, param(req, 0), &err);
	if (rc == 0)
		rc = org_category_get(req->db, param(req, 0), &j, &err);
	reply(resp, 200, rc, j, &err);
}

/* ---- units ---- */

static void list_units(struct http_req *req, struct http_resp *resp)
{
	struct org_unit_filter f = {0};
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0 ||
	    active_filter_or_reply(req, &f.active, resp) < 0)
		return;
	f.category = query(req, "category");
	f.parent = http_query(req, "parent"); /* "" asks for the top-level units */
	if (org_unit_list(req->db, &f, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		reply_page(resp, arr, limit);
}

static void get_unit(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = org_unit_get(req->db, param(req, 0), &j, &err);
	reply(resp, 200, rc, j, &err);
}

static const char *const unit_keys[] = {"code",	  "name",	   "category", "parent",
					"active", "district_body", NULL};

static int unit_body(struct http_req *req, struct http_resp *resp, bool create, struct org_unit *u,
		     json_t **body)
{
	memset(u, 0, sizeof *u);
	if (!(*body = http_json_body_or_reply(req, resp)))
		return -1;
	if (http_only_keys_or_reply(*body, unit_keys, resp) < 0)
		goto fail;
	if (create && json_object_get(*body, "active")) {
		resp_fail(resp, ZF_EINVAL, "active", "a new unit is active");
		goto fail;
	}
	if (str_or_reply(*body, "code", &u->code, resp) < 0 ||
	    str_or_reply(*body, "name", &u->name, resp) < 0 ||
	    str_or_reply(*body, "category", &u->category, resp) < 0 ||
	    str_or_reply(*body, "parent", &u->parent, resp) < 0 ||
	    active_or_reply(*body, &u->set_active, resp) < 0 ||
	    flag_or_reply(*body, "district_body", &u->set_district_body, resp) < 0)
		goto fail;
	return 0;
fail:
	json_decref(*body);
	*body = NULL;
	return -1;
}

static void create_unit(struct http_req *req, struct http_resp *resp)
{
	struct org_unit u;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (unit_body(req, resp, true, &u, &body) < 0)
		return;
	int rc = org_unit_create(req->db, &req->who, &u, &err);
	if (rc == 0)
		rc = org_unit_get(req->db, u.code, &j, &err);
	json_decref(body);
	reply(resp, 201, rc, j, &err);
}

static void update_unit(struct http_req *req, struct http_resp *resp)
{
	struct org_unit u;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (unit_body(req, resp, false, &u, &body) < 0)
		return;
	int rc = org_unit_update(req->db, &req->who, param(req, 0), &u, &err);
	if (rc == 0)
		rc = org_unit_get(req->db, param(req, 0), &j, &err);
	json_decref(body);
	reply(resp, 200, rc, j, &err);
}

static void deactivate_unit(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = org_unit_deactivate(req->db, &req->who, param(req, 0), &err);
	if (rc == 0)
		rc = org_unit_get(req->db, param(req, 0), &j, &err);
	reply(resp, 200, rc, j, &err);
}

static void get_responsibility(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	if (own_unit_or_reply(req, param(req, 0), resp) < 0)
		return;
	int rc = org_responsibility(req->db, param(req, 0), http_query(req, "area"), &j, &err);
	reply(resp, 200, rc, j, &err);
}

/* ---- teams ---- */

static void list_team(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	const char *inactive = http_query(req, "include_inactive");
	zf_err_clear(&err);
	if (own_unit_or_reply(req, param(req, 0), resp) < 0)
		return;
	int rc = org_team_list(req->db, param(req, 0),
			       inactive && (!strcmp(inactive, "1") || !strcmp(inactive, "true")),
			       &arr, &err);
	if (rc < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, json_pack("{s:o}", "items", arr));
}

static int member_body(struct http_req *req, struct http_resp *resp, bool create,
		       struct org_team_member *m, json_t **body)
{
	static const char *const keys[] = {"person", "role", "title", "areas", "active", NULL};
	memset(m, 0, sizeof *m);
	if (!(*body = http_json_body_or_reply(req, resp)))
		return -1;
	if (http_only_keys_or_reply(*body, keys, resp) < 0)
		goto fail;
	if (create && json_object_get(*body, "active")) {
		resp_fail(resp, ZF_EINVAL, "active", "a new membership is active");
		goto fail;
	}
	if (str_or_reply(*body, "person", &m->person, resp) < 0 ||
	    str_or_reply(*body, "role", &m->role, resp) < 0 ||
	    str_or_reply(*body, "title", &m->title, resp) < 0 ||
	    str_or_reply(*body, "areas", &m->areas, resp) < 0 ||
	    active_or_reply(*body, &m->set_active, resp) < 0)
		goto fail;
	m->unit = param(req, 0);
	return 0;
fail:
	json_decref(*body);
	*body = NULL;
	return -1;
}

/* Replies with the unit's team after a change. */
static void reply_team(struct http_req *req, struct http_resp *resp, int status, int rc,
		       struct zf_err *err)
{
	json_t *arr = NULL;
	if (rc == 0)
		rc = org_team_list(req->db, param(req, 0), false, &arr, err);
	reply(resp, status, rc, rc == 0 ? json_pack("{s:o}", "items", arr) : NULL, err);
}

static void add_member(struct http_req *req, struct http_resp *resp)
{
	struct org_team_member m;
	struct zf_err err;
	json_t *body;
	zf_err_clear(&err);
	if (member_body(req, resp, true, &m, &body) < 0)
		return;
	int rc = org_team_add(req->db, &req->who, &m, &err);
	json_decref(body);
	reply_team(req, resp, 201, rc, &err);
}

static void update_member(struct http_req *req, struct http_resp *resp)
{
	struct org_team_member m;
	struct zf_err err;
	json_t *body;
	zf_err_clear(&err);
	if (member_body(req, resp, false, &m, &body) < 0)
		return;
	int rc = org_team_update(req->db, &req->who, param(req, 0), param(req, 1), &m, &err);
	json_decref(body);
	reply_team(req, resp, 200, rc, &err);
}

static void deactivate_member(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	zf_err_clear(&err);
	int rc = org_team_deactivate(req->db, &req->who, param(req, 0), param(req, 1), &err);
	reply_team(req, resp, 200, rc, &err);
}

/* ---- people ---- */

static void list_people(struct http_req *req, struct http_resp *resp)
{
	struct org_person_filter f = {0};
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0 ||
	    active_filter_or_reply(req, &f.active, resp) < 0)
		return;
	f.unit = query(req, "unit");
	f.q = query(req, "q");
	f.born_from = query(req, "born_from");
	f.born_to = query(req, "born_to");
	if (unit_scoped(req)) {
		if (f.unit && own_unit_or_reply(req, f.unit, resp) < 0)
			return;
		f.unit = req->unit_code;
		if (own_unit_or_reply(req, f.unit, resp) < 0)
			return;
	}
	if (org_person_list(req->db, &f, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		reply_page(resp, arr, limit);
}

/* The code of the unit of person JSON j. */
static const char *person_unit(json_t *j)
{
	const char *u = json_string_value(json_object_get(json_object_get(j, "unit"), "code"));
	return u ? u : "";
}

static void get_person(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = org_person_get(req->db, param(req, 0), &j, &err);
	if (rc == 0 && own_unit_or_reply(req, person_unit(j), resp) < 0) {
		json_decref(j);
		return;
	}
	reply(resp, 200, rc, j, &err);
}

static int person_body(struct http_req *req, struct http_resp *resp, bool create,
		       struct org_person *p, json_t **body)
{
	static const char *const keys[] = {"code",	 "name",   "gender", "birth_date",
					   "unit",	 "rank",   "post",   "appointed_on",
					   "managed_by", "active", NULL};
	memset(p, 0, sizeof *p);
	if (!(*body = http_json_body_or_reply(req, resp)))
		return -1;
	if (http_only_keys_or_reply(*body, keys, resp) < 0)
		goto fail;
	if (create && json_object_get(*body, "active")) {
		resp_fail(resp, ZF_EINVAL, "active", "a new person is active");
		goto fail;
	}
	if (str_or_reply(*body, "code", &p->code, resp) < 0 ||
	    str_or_reply(*body, "name", &p->name, resp) < 0 ||
	    str_or_reply(*body, "gender", &p->gender, resp) < 0 ||
	    str_or_reply(*body, "birth_date", &p->birth_date, resp) < 0 ||
	    str_or_reply(*body, "unit", &p->unit, resp) < 0 ||
	    str_or_reply(*body, "rank", &p->rank, resp) < 0 ||
	    str_or_reply(*body, "post", &p->post, resp) < 0 ||
	    str_or_reply(*body, "appointed_on", &p->appointed_on, resp) < 0 ||
	    str_or_reply(*body, "managed_by", &p->managed_by, resp) < 0 ||
	    active_or_reply(*body, &p->set_active, resp) < 0)
		goto fail;
	return 0;
fail:
	json_decref(*body);
	*body = NULL;
	return -1;
}

static void create_person(struct http_req *req, struct http_resp *resp)
{
	struct org_person p;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (person_body(req, resp, true, &p, &body) < 0)
		return;
	int rc = org_person_create(req->db, &req->who, &p, &err);
	if (rc == 0)
		rc = org_person_get(req->db, p.code, &j, &err);
	json_decref(body);
	reply(resp, 201, rc, j, &err);
}

static void update_person(struct http_req *req, struct http_resp *resp)
{
	struct org_person p;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (person_body(req, resp, false, &p, &body) < 0)
		return;
	int rc = org_person_update(req->db, &req->who, param(req, 0), &p, &err);
	if (rc == 0)
		rc = org_person_get(req->db, param(req, 0), &j, &err);
	json_decref(body);
	reply(resp, 200, rc, j, &err);
}

static void deactivate_person(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = org_person_deactivate(req->db, &req->who, param(req, 0), &err);
	if (rc == 0)
		rc = org_person_get(req->db, param(req, 0), &j, &err);
	reply(resp, 200, rc, j, &err);
}

/* ---- oversight ---- */

static void list_oversight(struct http_req *req, struct http_resp *resp)
{
	struct org_oversight_filter f = {0};
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0 ||
	    active_filter_or_reply(req, &f.active, resp) < 0)
		return;
	f.leader = query(req, "leader");
	f.unit = query(req, "unit");
	if (unit_scoped(req)) {
		if (f.unit && own_unit_or_reply(req, f.unit, resp) < 0)
			return;
		f.unit = req->unit_code;
		if (own_unit_or_reply(req, f.unit, resp) < 0)
			return;
	}
	if (org_oversight_list(req->db, &f, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		reply_page(resp, arr, limit);
}

/* The {id} of the path as a positive number; replies 404 otherwise. */
static int id_or_reply(struct http_req *req, struct http_resp *resp, int64_t *id)
{
	const char *s = param(req, 0);
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0 || errno) {
		resp_fail(resp, ZF_ENOTFOUND, NULL, "no oversight assignment %s", s);
		return -1;
	}
	*id = v;
	return 0;
}

static void get_oversight(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (id_or_reply(req, resp, &id) < 0)
		return;
	int rc = org_oversight_get(req->db, id, &j, &err);
	if (rc == 0 && unit_scoped(req)) {
		const char *u =
		    json_string_value(json_object_get(json_object_get(j, "unit"), "code"));
		if (own_unit_or_reply(req, u ? u : "", resp) < 0) {
			json_decref(j);
			return;
		}
	}
	reply(resp, 200, rc, j, &err);
}

static void create_oversight(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"leader", "unit", "area", NULL};
	struct org_oversight o = {0};
	struct zf_err err;
	json_t *body, *j = NULL;
	int64_t id = 0;
	zf_err_clear(&err);
	if (!(body = http_json_body_or_reply(req, resp)))
		return;
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    str_or_reply(body, "leader", &o.leader, resp) < 0 ||
	    str_or_reply(body, "unit", &o.unit, resp) < 0 ||
	    str_or_reply(body, "area", &o.area, resp) < 0) {
		json_decref(body);
		return;
	}
	int rc = org_oversight_create(req->db, &req->who, &o, &id, &err);
	if (rc == 0)
		rc = org_oversight_get(req->db, id, &j, &err);
	json_decref(body);
	reply(resp, 201, rc, j, &err);
}

static void deactivate_oversight(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (id_or_reply(req, resp, &id) < 0)
		return;
	int rc = org_oversight_deactivate(req->db, &req->who, id, &err);
	if (rc == 0)
		rc = org_oversight_get(req->db, id, &j, &err);
	reply(resp, 200, rc, j, &err);
}

/* ---- imports ---- */

typedef int (*import_fn)(struct store *s, const struct actor *who, const char *fname,
			 const char *data, size_t len, struct import_report *rep, json_t *errors,
			 int *imported, struct zf_err *err);

static void run_import(struct http_req *req, struct http_resp *resp, import_fn fn,
		       const char *def_name)
{
	struct import_report rep;
	struct zf_err err;
	char fname[128];
	int imported = 0;
	zf_err_clear(&err);
	http_upload_name(req, def_name, fname, sizeof fname);
	import_report_init(&rep, fname);
	json_t *errors = json_array();
	int rc =
	    fn(req->db, &req->who, fname, req->body, req->body_len, &rep, errors, &imported, &err);
	if (rc == 0)
		resp_json(resp, 200, json_pack("{s:i}", "imported", imported));
	else if (rc == ZF_EINVAL && rep.nerrors > 0)
		resp_json(resp, 400,
			  json_pack("{s:{s:s,s:s},s:O}", "error", "code", "invalid", "message",
				    err.msg, "errors", errors));
	else
		resp_error(resp, &err);
	json_decref(errors);
	import_report_cleanup(&rep);
}

static void import_units(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, org_import_units, "units.csv");
}

static void import_people(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, org_import_people, "people.csv");
}

static void import_oversight(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, org_import_oversight, "oversight.csv");
}

#define READ  ROLES_BUSINESS
#define WRITE ROLE_OFFICE

const struct route org_routes[] = {
    {"GET", "/api/v1/categories", list_categories, READ, 0, "list unit categories"},
    {"POST", "/api/v1/categories", create_category, WRITE, 0, "create a unit category"},
    {"GET", "/api/v1/categories/{code}", get_category, READ, 0, "one unit category"},
    {"PATCH", "/api/v1/categories/{code}", update_category, WRITE, 0, "change a unit category"},
    {"POST", "/api/v1/categories/{code}/deactivate", deactivate_category, WRITE, 0,
     "deactivate a unit category"},

    {"GET", "/api/v1/units", list_units, READ | ROLE_SYSADMIN, 0,
     "list units (?category=&parent=&active=)"},
    {"POST", "/api/v1/units", create_unit, WRITE, 0, "create a unit"},
    {"GET", "/api/v1/units/{code}", get_unit, READ, 0, "one unit"},
    {"PATCH", "/api/v1/units/{code}", update_unit, WRITE, 0, "change a unit"},
    {"POST", "/api/v1/units/{code}/deactivate", deactivate_unit, WRITE, 0, "deactivate a unit"},
    {"GET", "/api/v1/units/{code}/responsibility", get_responsibility, READ, 0,
     "the responsibility chain of a unit (?area=)"},
    {"GET", "/api/v1/units/{code}/team", list_team, READ, 0,
     "a unit's leadership team (?include_inactive=1)"},
    {"POST", "/api/v1/units/{code}/team", add_member, WRITE, 0,
     "add a member to a unit's leadership team"},
    {"PATCH", "/api/v1/units/{code}/team/{person}", update_member, WRITE, 0,
     "change a team membership"},
    {"POST", "/api/v1/units/{code}/team/{person}/deactivate", deactivate_member, WRITE, 0,
     "end a team membership"},

    {"GET", "/api/v1/people", list_people, READ, 0,
     "list people (?unit=&q=&born_from=&born_to=&active=)"},
    {"POST", "/api/v1/people", create_person, WRITE, 0, "create a person"},
    {"GET", "/api/v1/people/{code}", get_person, READ, 0, "one person"},
    {"PATCH", "/api/v1/people/{code}", update_person, WRITE, 0, "change a person"},
    {"POST", "/api/v1/people/{code}/deactivate", deactivate_person, WRITE, 0,
     "deactivate a person"},

    {"GET", "/api/v1/oversight", list_oversight, READ, 0,
     "list oversight assignments (?leader=&unit=&active=)"},
    {"POST", "/api/v1/oversight", create_oversight, WRITE, 0,
     "assign oversight of a unit or an area"},
    {"GET", "/api/v1/oversight/{id}", get_oversight, READ, 0, "one oversight assignment"},
    {"POST", "/api/v1/oversight/{id}/deactivate", deactivate_oversight, WRITE, 0,
     "end an oversight assignment"},

    {"POST", "/api/v1/import/units", import_units, WRITE, ROUTE_UPLOAD,
     "import units from CSV (body: the file)"},
    {"POST", "/api/v1/import/people", import_people, WRITE, ROUTE_UPLOAD,
     "import people from CSV (body: the file)"},
    {"POST", "/api/v1/import/oversight", import_oversight, WRITE, ROUTE_UPLOAD,
     "import oversight assignments from CSV (body: the file)"},
    {0},
};
