/* educate_http.c: the education routes (E1-E7) and their one table: catalogues, programmes
 * and targets, draws, sessions and attendance, reading, commitments and family records here;
 * dossiers, completion and appointments in educate_report_http.c. JSON in, educate.h calls,
 * JSON out. The office manages programmes, sessions, draws and the appointment gate; unit
 * leaders and staff see and enter records of their own unit's people only; inspectors and
 * viewers read; the supervisor and the three administrators see nothing (their roles are not
 * admitted). */
#include "educate/educate_http_impl.h"
#include "auth/auth.h"
#include "base/util.h"
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- catalogues and programmes ---- */

static void list_kinds(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = educate_kind_list(req->db, &j, &err);
	edu_reply(resp, 200, rc, rc < 0 ? NULL : json_pack("{s:o}", "items", j), &err);
}

static void list_topics(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = educate_topic_list(req->db, &j, &err);
	edu_reply(resp, 200, rc, rc < 0 ? NULL : json_pack("{s:o}", "items", j), &err);
}

static void list_programmes(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	if (educate_programme_list(req->db, edu_query(req, "kind"), after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		edu_reply_page(resp, arr, limit);
}

static void get_programme(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = educate_programme_get(req->db, edu_param(req, 0), &j, &err);
	edu_reply(resp, 200, rc, j, &err);
}

static const char *const programme_keys[] = {
    "code", "name",	   "kind",   "rule", "required_hours", "required_sessions", "period",
    "unit", "description", "active", NULL};

static int programme_body(struct http_req *req, struct http_resp *resp, bool create,
			  struct educate_programme *p, json_t **body)
{
	memset(p, 0, sizeof *p);
	p->required_hours = create ? 0 : -1;
	p->required_sessions = create ? 0 : -1;
	if (!(*body = http_json_body_or_reply(req, resp)))
		return -1;
	json_t *b = *body, *active = json_object_get(b, "active");
	if (http_only_keys_or_reply(b, programme_keys, resp) < 0 ||
	    http_str_or_reply(b, "code", &p->code, resp) < 0 ||
	    http_str_or_reply(b, "name", &p->name, resp) < 0 ||
	    http_str_or_reply(b, "kind", &p->kind, resp) < 0 ||
	    http_str_or_reply(b, "period", &p->period, resp) < 0 ||
	    http_str_or_reply(b, "unit", &p->unit, resp) < 0 ||
	    http_str_or_reply(b, "description", &p->description, resp) < 0 ||
	    edu_num_or_reply(b, "required_hours", &p->required_hours, resp) < 0 ||
	    edu_int_or_reply(b, "required_sessions", &p->required_sessions, resp) < 0)
		goto fail;
	if (active && (create || !json_is_boolean(active))) {
		resp_fail(resp, ZF_EINVAL, "active",
			  create ? "a new programme is active" : "active must be true or false");
		goto fail;
	}
	p->set_active = active ? (json_is_true(active) ? 1 : 2) : 0;
	p->rule = json_object_get(b, "rule");
	if (!create && json_object_get(b, "unit") && json_is_null(json_object_get(b, "unit")))
		p->unit = "";
	return 0;
fail:
	json_decref(*body);
	*body = NULL;
	return -1;
}

static void create_programme(struct http_req *req, struct http_resp *resp)
{
	struct educate_programme p;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (programme_body(req, resp, true, &p, &body) < 0)
		return;
	int rc = educate_programme_create(req->db, &req->who, &p, &err);
	if (rc == 0)
		rc = educate_programme_get(req->db, p.code, &j, &err);
	edu_reply(resp, 201, rc, j, &err);
	json_decref(body);
}

static void update_programme(struct http_req *req, struct http_resp *resp)
{
	struct educate_programme p;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (programme_body(req, resp, false, &p, &body) < 0)
		return;
	int rc = educate_programme_update(req->db, &req->who, edu_param(req, 0), &p, &err);
	if (rc == 0)
		rc = educate_programme_get(req->db, edu_param(req, 0), &j, &err);
	edu_reply(resp, 200, rc, j, &err);
	json_decref(body);
}

static void list_targets(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit, total = 0;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	const char *owing = edu_query(req, "owing");
	if (owing && strcmp(owing, "1") && strcmp(owing, "true") && strcmp(owing, "0") &&
	    strcmp(owing, "false")) {
		resp_fail(resp, ZF_EINVAL, "owing", "owing must be 1 or 0");
		return;
	}
	bool owing_only = owing && (!strcmp(owing, "1") || !strcmp(owing, "true"));
	int rc =
	    educate_programme_targets(req->db, edu_param(req, 0), edu_query(req, "as_of"),
				      edu_scope(req), owing_only, after, limit, &arr, &total, &err);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	size_t n = json_array_size(arr);
	json_t *next = n > 0 && n == (size_t)limit
			   ? json_incref(json_object_get(json_array_get(arr, n - 1), "id"))
			   : json_null();
	resp_json(resp, 200,
		  json_pack("{s:o,s:i,s:o}", "items", arr, "total", total, "next_after", next));
}

static void create_pick(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"count", "seed", NULL};
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (!(body = http_json_body_or_reply(req, resp)))
		return;
	int count = 0;
	const char *seed = NULL;
	json_t *sv = json_object_get(body, "seed");
	char seedbuf[32];
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    edu_int_or_reply(body, "count", &count, resp) < 0)
		goto out;
	if (json_is_integer(sv) && json_integer_value(sv) >= 0) {
		snprintf(seedbuf, sizeof seedbuf, "%lld", (long long)json_integer_value(sv));
		seed = seedbuf;
	} else if (sv && !json_is_null(sv) && http_str_or_reply(body, "seed", &seed, resp) < 0) {
		goto out;
	}
	int rc = educate_pick(req->db, &req->who, edu_param(req, 0), count, seed, &j, &err);
	edu_reply(resp, 201, rc, j, &err);
out:
	json_decref(body);
}

static void list_picks(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	if (educate_draw_list(req->db, edu_param(req, 0), edu_scope(req), after, limit, &arr,
			      &err) < 0)
		resp_error(resp, &err);
	else
		edu_reply_page(resp, arr, limit);
}

/* ---- sessions ---- */

static void list_sessions(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit, year = 0;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	if (edu_query(req, "year") && edu_year_or_reply(req, &year, resp) < 0)
		return;
	if (educate_session_list(req->db, edu_query(req, "programme"), edu_query(req, "unit"), year,
				 after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		edu_reply_page(resp, arr, limit);
}

static const char *const session_keys[] = {
    "programme",    "held_on", "place",	   "topic",	"title",
    "credit_hours", "unit",    "speakers", "materials", NULL};

static void create_session(struct http_req *req, struct http_resp *resp)
{
	struct educate_session ss;
	struct zf_err err;
	json_t *body, *j = NULL;
	int64_t id = 0;
	memset(&ss, 0, sizeof ss);
	zf_err_clear(&err);
	if (!(body = http_json_body_or_reply(req, resp)))
		return;
	if (http_only_keys_or_reply(body, session_keys, resp) < 0 ||
	    http_str_or_reply(body, "programme", &ss.programme, resp) < 0 ||
	    http_str_or_reply(body, "held_on", &ss.held_on, resp) < 0 ||
	    http_str_or_reply(body, "place", &ss.place, resp) < 0 ||
	    http_str_or_reply(body, "topic", &ss.topic, resp) < 0 ||
	    http_str_or_reply(body, "title", &ss.title, resp) < 0 ||
	    http_str_or_reply(body, "unit", &ss.unit, resp) < 0 ||
	    edu_num_or_reply(body, "credit_hours", &ss.credit_hours, resp) < 0)
		goto out;
	ss.speakers = json_object_get(body, "speakers");
	ss.materials = json_object_get(body, "materials");
	int rc = educate_session_create(req->db, &req->who, &ss, &id, &err);
	if (rc == 0)
		rc = educate_session_get(req->db, id, 0, &j, &err);
	edu_reply(resp, 201, rc, j, &err);
out:
	json_decref(body);
}

static void update_session(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"held_on",	   "place", "topic",	 "title",
					   "credit_hours", "unit",  "materials", NULL};
	struct educate_session ss;
	struct zf_err err;
	json_t *body, *j = NULL;
	int64_t id;
	memset(&ss, 0, sizeof ss);
	ss.credit_hours = -1;
	zf_err_clear(&err);
	if (edu_id_or_reply(req, 0, &id, resp) < 0 || !(body = http_json_body_or_reply(req, resp)))
		return;
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    http_str_or_reply(body, "held_on", &ss.held_on, resp) < 0 ||
	    http_str_or_reply(body, "place", &ss.place, resp) < 0 ||
	    http_str_or_reply(body, "topic", &ss.topic, resp) < 0 ||
	    http_str_or_reply(body, "title", &ss.title, resp) < 0 ||
	    http_str_or_reply(body, "unit", &ss.unit, resp) < 0 ||
	    edu_num_or_reply(body, "credit_hours", &ss.credit_hours, resp) < 0)
		goto out;
	if (json_object_get(body, "credit_hours") && ss.credit_hours < 0) {
		resp_fail(resp, ZF_EINVAL, "credit_hours", "credit_hours must be 0..100");
		goto out;
	}
	/* null clears the topic and the unit */
	if (json_is_null(json_object_get(body, "topic")))
		ss.topic = "";
	if (json_is_null(json_object_get(body, "unit")))
		ss.unit = "";
	ss.materials = json_object_get(body, "materials");
	int rc = educate_session_update(req->db, &req->who, id, &ss, &err);
	if (rc == 0)
		rc = educate_session_get(req->db, id, 0, &j, &err);
	edu_reply(resp, 200, rc, j, &err);
out:
	json_decref(body);
}

static void get_session(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (edu_id_or_reply(req, 0, &id, resp) < 0)
		return;
	int rc = educate_session_get(req->db, id, edu_scope(req), &j, &err);
	edu_reply(resp, 200, rc, j, &err);
}

static void put_attendance(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"items", NULL};
	struct zf_err err;
	json_t *body, *j = NULL;
	int64_t id;
	int n = 0;
	zf_err_clear(&err);
	if (edu_id_or_reply(req, 0, &id, resp) < 0 || !(body = http_json_body_or_reply(req, resp)))
		return;
	if (http_only_keys_or_reply(body, keys, resp) == 0) {
		int rc =
		    educate_attendance_set(req->db, &req->who, id, json_object_get(body, "items"),
					   edu_scope(req), &n, &err);
		if (rc == 0)
			rc = educate_session_get(req->db, id, edu_scope(req), &j, &err);
		if (rc == 0)
			json_object_set_new(j, "written", json_integer(n));
		edu_reply(resp, 200, rc, j, &err);
	}
	json_decref(body);
}

/* Replies to an import: 200 {"imported"}, 400 with every problem (errors, and the report's
 * FILE:LINE: column: what lines), or the error. */
static void reply_import(struct http_resp *resp, int rc, int imported,
			 const struct import_report *rep, json_t *errors, const struct zf_err *err)
{
	if (rc == 0) {
		resp_json(resp, 200, json_pack("{s:i}", "imported", imported));
	} else if (rc == ZF_EINVAL && rep->nerrors > 0) {
		json_t *lines = json_array();
		char *copy = xstrdup(buf_str(&rep->out)), *save = NULL;
		for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			json_array_append_new(lines, json_string(l));
		free(copy);
		resp_json(resp, 400,
			  json_pack("{s:{s:s,s:s},s:O,s:o}", "error", "code", "invalid", "message",
				    err->msg, "errors", errors, "report", lines));
	} else {
		resp_error(resp, err);
	}
}

static void import_attendance(struct http_req *req, struct http_resp *resp)
{
	struct import_report rep;
	struct zf_err err;
	char fname[128];
	int64_t id;
	int imported = 0;
	zf_err_clear(&err);
	if (edu_id_or_reply(req, 0, &id, resp) < 0)
		return;
	http_upload_name(req, "attendance.csv", fname, sizeof fname);
	import_report_init(&rep, fname);
	json_t *errors = json_array();
	int rc = educate_attendance_import(req->db, &req->who, id, fname, req->body, req->body_len,
					   edu_scope(req), &rep, errors, &imported, &err);
	reply_import(resp, rc, imported, &rep, errors, &err);
	json_decref(errors);
	import_report_cleanup(&rep);
}

static void import_records(struct http_req *req, struct http_resp *resp)
{
	struct import_report rep;
	struct zf_err err;
	char fname[128], def[64];
	int imported = 0;
	zf_err_clear(&err);
	snprintf(def, sizeof def, "%.40s.csv", edu_param(req, 0));
	http_upload_name(req, def, fname, sizeof fname);
	import_report_init(&rep, fname);
	json_t *errors = json_array();
	int rc =
	    educate_records_import(req->db, &req->who, edu_param(req, 0), fname, req->body,
				   req->body_len, edu_scope(req), &rep, errors, &imported, &err);
	if (rc == ZF_EINVAL && !strcmp(err.field, "kind"))
		resp_fail(resp, ZF_ENOTFOUND, NULL,
			  "no import of %s: reading, commitments or family", edu_param(req, 0));
	else
		reply_import(resp, rc, imported, &rep, errors, &err);
	json_decref(errors);
	import_report_cleanup(&rep);
}

/* ---- reading, commitments, family ---- */

static void list_reading_items(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = educate_reading_item_list(req->db, &j, &err);
	edu_reply(resp, 200, rc, rc < 0 ? NULL : json_pack("{s:o}", "items", j), &err);
}

static void create_reading_item(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"code", "title", "category", "link", NULL};
	struct educate_reading_item it;
	struct zf_err err;
	json_t *body;
	zf_err_clear(&err);
	if (!(body = http_json_body_or_reply(req, resp)))
		return;
	if (http_only_keys_or_reply(body, keys, resp) == 0 &&
	    http_str_or_reply(body, "code", &it.code, resp) == 0 &&
	    http_str_or_reply(body, "title", &it.title, resp) == 0 &&
	    http_str_or_reply(body, "category", &it.category, resp) == 0 &&
	    http_str_or_reply(body, "link", &it.link, resp) == 0) {
		int rc = educate_reading_item_create(req->db, &req->who, &it, &err);
		edu_reply(resp, 201, rc,
			  rc < 0
			      ? NULL
			      : json_pack("{s:s,s:s,s:s,s:s}", "code", it.code, "title", it.title,
					  "category", it.category, "link", it.link ? it.link : ""),
			  &err);
	}
	json_decref(body);
}

static void list_records(struct http_req *req, struct http_resp *resp, const char *kind)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	if (educate_record_list(req->db, kind, edu_query(req, "person"), edu_scope(req), after,
				limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		edu_reply_page(resp, arr, limit);
}

static void list_reading(struct http_req *req, struct http_resp *resp)
{
	list_records(req, resp, "reading");
}

static void list_commitments(struct http_req *req, struct http_resp *resp)
{
	list_records(req, resp, "commitments");
}

static void list_family(struct http_req *req, struct http_resp *resp)
{
	list_records(req, resp, "family");
}

static void create_reading(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"person", "item", "read_on", "note", NULL};
	const char *v[4] = {NULL};
	struct zf_err err;
	int64_t id = 0;
	zf_err_clear(&err);
	json_t *body = edu_strings_body(req, resp, keys, v);
	if (!body)
		return;
	int rc = educate_reading_record(req->db, &req->who, v[0], v[1], v[2], v[3], edu_scope(req),
					&id, &err);
	edu_reply_created(resp, rc, id, &err);
	json_decref(body);
}

static void create_commitment(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"person", "made_on", "text", "programme", NULL};
	const char *v[4] = {NULL};
	struct zf_err err;
	int64_t id = 0;
	zf_err_clear(&err);
	json_t *body = edu_strings_body(req, resp, keys, v);
	if (!body)
		return;
	int rc = educate_commitment_add(req->db, &req->who, v[0], v[1], v[2], v[3], edu_scope(req),
					&id, &err);
	edu_reply_created(resp, rc, id, &err);
	json_decref(body);
}

static void create_family(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"person", "relation",  "activity", "held_on",
					   "note",   "programme", NULL};
	const char *v[6] = {NULL};
	struct zf_err err;
	int64_t id = 0;
	zf_err_clear(&err);
	json_t *body = edu_strings_body(req, resp, keys, v);
	if (!body)
		return;
	int rc = educate_family_add(req->db, &req->who, v[0], v[1], v[2], v[3], v[4], v[5],
				    edu_scope(req), &id, &err);
	edu_reply_created(resp, rc, id, &err);
	json_decref(body);
}

/* Who reads education records (the supervisor and the administrators do not), who enters
 * a unit's records, who manages the mechanism. */
#define READ	   (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF | ROLE_VIEWER)
#define UNIT_WRITE (ROLE_OFFICE | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)
#define MANAGE	   ROLE_OFFICE
#define DISTRICT   (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_VIEWER)

const struct route educate_routes[] = {
    {"GET", "/api/v1/programme-kinds", list_kinds, READ, 0, "the kinds of education programme"},
    {"GET", "/api/v1/topics", list_topics, READ, 0, "the topic catalogue of sessions"},
    {"GET", "/api/v1/programmes", list_programmes, READ, 0, "list programmes (?kind=)"},
    {"POST", "/api/v1/programmes", create_programme, MANAGE, 0, "create a programme"},
    {"GET", "/api/v1/programmes/{code}", get_programme, READ, 0, "one programme"},
    {"PATCH", "/api/v1/programmes/{code}", update_programme, MANAGE, 0, "change a programme"},
    {"GET", "/api/v1/programmes/{code}/targets", list_targets, READ, 0,
     "who must attend a programme, with their progress (?as_of=&owing=1)"},
    {"POST", "/api/v1/programmes/{code}/picks", create_pick, MANAGE, 0,
     "draw speakers at random, fairly"},
    {"GET", "/api/v1/programmes/{code}/picks", list_picks, READ, 0, "a programme's draws"},
    {"GET", "/api/v1/sessions", list_sessions, READ, 0, "list sessions (?programme=&unit=&year=)"},
    {"POST", "/api/v1/sessions", create_session, MANAGE, 0, "create a session"},
    {"GET", "/api/v1/sessions/{id}", get_session, READ, 0, "one session with its attendance"},
    {"PATCH", "/api/v1/sessions/{id}", update_session, MANAGE, 0,
     "correct a session (date, place, topic, title, hours, unit, materials)"},
    {"PUT", "/api/v1/sessions/{id}/attendance", put_attendance, UNIT_WRITE, 0,
     "enter a session's attendance"},
    {"POST", "/api/v1/sessions/{id}/attendance/import", import_attendance, UNIT_WRITE, ROUTE_UPLOAD,
     "import a session's attendance from CSV (body: the file)"},
    {"POST", "/api/v1/education/import/{kind}", import_records, UNIT_WRITE, ROUTE_UPLOAD,
     "import reading records, commitments or family education from CSV (body: the file)"},
    {"GET", "/api/v1/reading-items", list_reading_items, READ, 0, "the reading list"},
    {"POST", "/api/v1/reading-items", create_reading_item, MANAGE, 0, "add to the reading list"},
    {"GET", "/api/v1/reading-records", list_reading, READ, 0, "who read what (?person=)"},
    {"POST", "/api/v1/reading-records", create_reading, UNIT_WRITE, 0, "record a reading"},
    {"GET", "/api/v1/commitments", list_commitments, READ, 0, "written commitments (?person=)"},
    {"POST", "/api/v1/commitments", create_commitment, UNIT_WRITE, 0,
     "record a written commitment"},
    {"GET", "/api/v1/family-education", list_family, READ, 0,
     "family integrity education (?person=)"},
    {"POST", "/api/v1/family-education", create_family, UNIT_WRITE, 0,
     "record family integrity education"},
    {"GET", "/api/v1/people/{code}/dossier", edu_get_dossier, READ, 0,
     "a cadre's education dossier (?year=&from=&to=&format=json|csv|xlsx)"},
    {"GET", "/api/v1/people/{code}/education-owed", edu_get_owed, READ, 0,
     "what a cadre still owes (?as_of=)"},
    {"GET", "/api/v1/units/{code}/education", edu_get_unit_education, READ, 0,
     "a unit's education completion (?year=&format=json|csv|xlsx)"},
    {"GET", "/api/v1/education/completion", edu_get_completion, DISTRICT, 0,
     "every unit's education completion (?year=&format=json|csv|xlsx)"},
    {"GET", "/api/v1/appointments/overrides", edu_list_overrides, READ, 0,
     "appointments that took effect by override"},
    {"GET", "/api/v1/appointments", edu_list_appointments, READ, 0, "list appointments (?state=)"},
    {"POST", "/api/v1/appointments", edu_create_appointment, MANAGE, 0,
     "record an appointment (pending)"},
    {"GET", "/api/v1/appointments/{id}", edu_get_appointment, READ, 0,
     "one appointment with what the gate misses"},
    {"POST", "/api/v1/appointments/{id}/effect", edu_effect_appointment, MANAGE, 0,
     "make an appointment take effect (E2 gate)"},
    {"POST", "/api/v1/appointments/{id}/override", edu_override_appointment, MANAGE, 0,
     "make an appointment take effect despite the gate, with a reason"},
    {"GET", "/api/v1/education/settings", edu_get_settings, READ, 0,
     "the education room's settings (the gate's window, the override reason's length)"},
    {"PATCH", "/api/v1/education/settings", edu_update_settings, MANAGE, 0,
     "change the education room's settings"},
    {0},
};
