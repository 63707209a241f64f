/* case_http.c: the routes of supervision cases for accounts: intake, the list, one case,
 * its timeline, the workflow actions, duplicates, evidence files, the overdue list, the
 * figures, the settings and the working-day calendar. JSON in, case.h calls, JSON out.
 * Who sees what is decided in case.c (case_viewer); the route table admits the roles. */
#include "supervise/case.h"
#include "auth/auth.h"
#include "http/routes.h"
#include "base/util.h"
#include "supervise/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_DEFAULT 100
#define PAGE_MAX     1000

#define CASE_READ                                                                                  \
	(ROLE_OFFICE | ROLE_INSPECTOR | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF | ROLE_SUPERVISOR)
#define CASE_STAFF (ROLE_OFFICE | ROLE_INSPECTOR)
#define CASE_UNIT  (ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)

static struct case_viewer viewer_of(const struct http_req *req)
{
	struct case_viewer v = {req->role_bit, req->who.unit_id, req->who.user_id};
	return v;
}

static const char *param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

static const char *query(struct http_req *req, const char *k)
{
	const char *v = http_query(req, k);
	return v && *v ? v : NULL;
}

static void reply(struct http_resp *resp, int status, int rc, json_t *j, const struct zf_err *err)
{
	if (rc < 0)
		resp_error(resp, err);
	else
		resp_json(resp, status, j);
}

/* Replies 400 when body holds a key not in keys. Returns -1 then. */
static int only_keys_or_reply(json_t *body, const char *const *keys, struct http_resp *resp)
{
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v)
	{
		int known = 0;
		for (const char *const *p = keys; *p && !known; p++)
			known = !strcmp(*p, k);
		if (!known) {
			resp_fail(resp, ZF_EINVAL, k, "unknown field %s", k);
			return -1;
		}
	}
	return 0;
}

/* A string field or NULL; replies 400 for another type and returns -1. */
static int str_or_reply(json_t *body, const char *key, const char **out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* A boolean field into 1 / 0, or -1 when absent; replies 400 for another type. */
static int bool_or_reply(json_t *body, const char *key, int *out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = -1;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be true or false", key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

/* ---- intake and reading ---- */

static void create_case(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"channel", "subject",      "content",     "category",
					   "unit",    "person",	      "name",	     "phone",
					   "id_no",   "external_ref", "received_on", NULL};
	struct zf_err err;
	struct case_new in = {0};
	json_t *b = http_json_body_or_reply(req, resp);
	zf_err_clear(&err);
	if (!b)
		return;
	if (only_keys_or_reply(b, keys, resp) < 0 ||
	    str_or_reply(b, "channel", &in.channel, resp) < 0 ||
	    str_or_reply(b, "subject", &in.subject, resp) < 0 ||
	    str_or_reply(b, "content", &in.content, resp) < 0 ||
	    str_or_reply(b, "category", &in.category, resp) < 0 ||
	    str_or_reply(b, "unit", &in.unit, resp) < 0 ||
	    str_or_reply(b, "person", &in.person, resp) < 0 ||
	    str_or_reply(b, "name", &in.complainant_name, resp) < 0 ||
	    str_or_reply(b, "phone", &in.complainant_phone, resp) < 0 ||
	    str_or_reply(b, "id_no", &in.complainant_id_no, resp) < 0 ||
	    str_or_reply(b, "external_ref", &in.external_ref, resp) < 0 ||
	    str_or_reply(b, "received_on", &in.received_on, resp) < 0) {
		json_decref(b);
		return;
	}
	/* a citizen supervisor forwards what reaches the service station */
	if (req->role_bit == ROLE_SUPERVISOR)
		in.channel = "supervisor";
	char case_no[CASE_NO_MAX], code[CASE_QUERY_CODE_MAX];
	int rc = case_create(req->db, &in, &req->who, case_no, code, &err);
	json_decref(b);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	/* the query code is handed to the complainant once; it is not kept */
	resp_json(resp, 201, json_pack("{s:s, s:s}", "case_no", case_no, "query_code", code));
}

static void list_cases(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct case_viewer v = viewer_of(req);
	struct case_filter f = {
	    .state = query(req, "state"),
	    .unit = query(req, "unit"),
	    .channel = query(req, "channel"),
	    .from = query(req, "from"),
	    .to = query(req, "to"),
	    .category = query(req, "category"),
	    .q = query(req, "q"),
	};
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	const char *od = query(req, "overdue");
	f.overdue_only = od && (!strcmp(od, "1") || !strcmp(od, "true"));
	f.as_of = query(req, "as_of");
	if (case_list(req->db, &f, &v, after, limit, &arr, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	size_t n = json_array_size(arr);
	json_t *next = n && n == (size_t)limit
			   ? json_incref(json_object_get(json_array_get(arr, n - 1), "id"))
			   : json_null();
	resp_json(resp, 200, json_pack("{s:o, s:o}", "items", arr, "next_after", next));
}

/* The workbook is written to a private temporary file (libxlsxwriter writes files), read
 * back and removed. */
static void export_xlsx(struct http_req *req, struct http_resp *resp, const struct case_filter *f,
			const struct case_viewer *v)
{
	struct zf_err err;
	char path[] = "/tmp/zuofeng-cases.XXXXXX";
	zf_err_clear(&err);
	int fd = mkstemp(path);
	if (fd < 0) {
		resp_fail(resp, ZF_EIO, NULL, "cannot create a temporary file");
		return;
	}
	close(fd);
	int rc = case_export_xlsx(req->db, f, v, path, &err);
	size_t len = 0;
	char *data = rc == 0 ? file_read_all(path, &len) : NULL;
	unlink(path);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	if (!data) {
		resp_fail(resp, ZF_EIO, NULL, "cannot read the workbook back");
		return;
	}
	resp_body(resp, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		  data, len);
	resp_attachment(resp, "cases.xlsx");
	free(data);
}

static void export_cases(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct case_viewer v = viewer_of(req);
	struct case_filter f = {
	    .state = query(req, "state"),
	    .unit = query(req, "unit"),
	    .channel = query(req, "channel"),
	    .from = query(req, "from"),
	    .to = query(req, "to"),
	    .category = query(req, "category"),
	    .q = query(req, "q"),
	};
	char *csv = NULL;
	size_t len = 0;
	zf_err_clear(&err);
	const char *format = query(req, "format");
	if (format && !strcmp(format, "xlsx")) {
		export_xlsx(req, resp, &f, &v);
		return;
	}
	if (format && strcmp(format, "csv")) {
		resp_fail(resp, ZF_EINVAL, "format", "format must be csv or xlsx");
		return;
	}
	if (case_export_csv(req->db, &f, &v, &csv, &len, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	resp_body(resp, 200, "text/csv; charset=utf-8", csv, len);
	resp_attachment(resp, "cases.csv");
	free(csv);
}

static void get_case(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct case_viewer v = viewer_of(req);
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = case_get_json(req->db, param(req, 0), &v, &j, &err);
	reply(resp, 200, rc, j, &err);
}

static void case_timeline_route(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct case_viewer v = viewer_of(req);
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = case_timeline(req->db, param(req, 0), &v, &j, &err);
	if (rc == 0)
		j = json_pack("{s:s, s:o}", "case_no", param(req, 0), "events", j);
	reply(resp, 200, rc, j, &err);
}

/* ---- the workflow ---- */

/* POST /api/v1/cases/{case_no}/<action>: the action is the path's last segment. */
static void act_case(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"unit", "leader",  "text",	   "note", "reason",
					   "days", "approve", "satisfied", "on",   NULL};
	static const struct {
		const char *seg, *action;
	} map[] = {
	    {"assign", "assign"},
	    {"sign", "sign"},
	    {"handle", "handle"},
	    {"reply", "reply"},
	    {"return", "return"},
	    {"extend", "extend"},
	    {"extension", "extend_decide"},
	    {"follow-up", "follow_up"},
	    {"close", "close"},
	};
	struct zf_err err;
	struct case_viewer v = viewer_of(req);
	struct case_action a = {0};
	const char *seg = strrchr(req->path, '/');
	seg = seg ? seg + 1 : "";
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(seg, map[i].seg))
			a.action = map[i].action;
	zf_err_clear(&err);
	json_t *b = req->body_len ? http_json_body_or_reply(req, resp) : json_object();
	if (!b)
		return;
	const char *note = NULL, *reason = NULL;
	json_t *days = json_object_get(b, "days");
	if (only_keys_or_reply(b, keys, resp) < 0 || str_or_reply(b, "unit", &a.unit, resp) < 0 ||
	    str_or_reply(b, "leader", &a.leader, resp) < 0 ||
	    str_or_reply(b, "text", &a.text, resp) < 0 ||
	    str_or_reply(b, "note", &note, resp) < 0 ||
	    str_or_reply(b, "reason", &reason, resp) < 0 ||
	    str_or_reply(b, "on", &a.on, resp) < 0 ||
	    bool_or_reply(b, "approve", &a.approve, resp) < 0 ||
	    bool_or_reply(b, "satisfied", &a.satisfied, resp) < 0) {
		json_decref(b);
		return;
	}
	if (days && !json_is_integer(days)) {
		json_decref(b);
		resp_fail(resp, ZF_EINVAL, "days", "days must be an integer");
		return;
	}
	a.days = days ? (int)json_integer_value(days) : 0;
	if (!a.text)
		a.text = reason ? reason : note;
	int rc = case_act(req->db, param(req, 0), &a, &req->who, &v, &err);
	json_decref(b);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	json_t *j = NULL;
	rc = case_get_json(req->db, param(req, 0), &v, &j, &err);
	if (rc == ZF_ENOTFOUND) { /* a handler that returned the case may no longer see it */
		j = json_pack("{s:s, s:s}", "case_no", param(req, 0), "state", "received");
		rc = 0;
	}
	reply(resp, 200, rc, j, &err);
}

static void set_duplicate(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"of", "confirm", NULL};
	struct zf_err err;
	const char *of = NULL;
	int confirm;
	zf_err_clear(&err);
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	if (only_keys_or_reply(b, keys, resp) < 0 || str_or_reply(b, "of", &of, resp) < 0 ||
	    bool_or_reply(b, "confirm", &confirm, resp) < 0) {
		json_decref(b);
		return;
	}
	if (!of && confirm < 0) {
		json_decref(b);
		resp_fail(
		    resp, ZF_EINVAL, "confirm",
		    "give \"of\" (link to a case) or \"confirm\" (true confirms, false unlinks)");
		return;
	}
	int rc = case_duplicate_set(req->db, param(req, 0), of, confirm != 0, &req->who, &err);
	json_decref(b);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	struct case_viewer v = viewer_of(req);
	json_t *j = NULL;
	rc = case_get_json(req->db, param(req, 0), &v, &j, &err);
	reply(resp, 200, rc, j, &err);
}

/* ---- evidence ---- */

static void upload_attachment(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct case_viewer v = viewer_of(req);
	char name[128];
	int64_t id = 0;
	zf_err_clear(&err);
	http_upload_name(req, "evidence", name, sizeof name);
	int rc = case_attach(req->db, param(req, 0), name, req->body, req->body_len, &req->who, &v,
			     &id, &err);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	resp_json(resp, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name));
}

static void get_attachment(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct case_viewer v = viewer_of(req);
	char *data = NULL, mime[128], name[128], *end;
	size_t len = 0;
	zf_err_clear(&err);
	long long id = strtoll(param(req, 1), &end, 10);
	if (*end || id <= 0) {
		resp_fail(resp, ZF_ENOTFOUND, "id", "no such attachment");
		return;
	}
	if (case_attachment_read(req->db, param(req, 0), id, &v, &data, &len, mime, name, &err) <
	    0) {
		resp_error(resp, &err);
		return;
	}
	resp_body(resp, 200, mime, data, len);
	resp_header(resp, "Content-Disposition", "attachment");
	resp_header(resp, "X-Content-Type-Options", "nosniff");
	free(data);
}

/* ---- deadlines and figures ---- */

static void overdue_cases(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	if (case_overdue_sweep(req->db, query(req, "as_of"), false, &req->who, &arr, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	if (req->role_bit & CASE_UNIT) { /* a unit sees its own overdue cases */
		json_t *mine = json_array();
		size_t i;
		json_t *r;
		json_array_foreach(arr, i, r)
		{
			const char *u = json_string_value(
			    json_object_get(json_object_get(r, "handling_unit"), "code"));
			if (u && !strcmp(u, req->unit_code))
				json_array_append(mine, r);
		}
		json_decref(arr);
		arr = mine;
	}
	resp_json(resp, 200, json_pack("{s:o}", "items", arr));
}

static void overdue_notify(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	int rc = case_overdue_sweep(req->db, query(req, "as_of"), true, &req->who, &arr, &err);
	if (rc == 0)
		arr = json_pack("{s:o}", "items", arr);
	reply(resp, 200, rc, arr, &err);
}

static void case_stats_route(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	const char *unit = query(req, "unit");
	zf_err_clear(&err);
	if (req->role_bit & CASE_UNIT)
		unit = req->unit_code; /* a unit sees its own figures */
	int rc = case_stats(req->db, query(req, "from"), query(req, "to"), unit, &j, &err);
	reply(resp, 200, rc, j, &err);
}

static void process_from_cases(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"period_type", "period", "from", "to", NULL};
	struct zf_err err;
	const char *type = NULL, *period = NULL, *from = NULL, *to = NULL;
	int n = 0;
	zf_err_clear(&err);
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	if (only_keys_or_reply(b, keys, resp) < 0 ||
	    str_or_reply(b, "period_type", &type, resp) < 0 ||
	    str_or_reply(b, "period", &period, resp) < 0 ||
	    str_or_reply(b, "from", &from, resp) < 0 || str_or_reply(b, "to", &to, resp) < 0) {
		json_decref(b);
		return;
	}
	int rc =
	    case_stats_apply(req->db, param(req, 0), type, period, from, to, &req->who, &n, &err);
	json_decref(b);
	reply(resp, 200, rc, rc == 0 ? json_pack("{s:i}", "written", n) : NULL, &err);
}

static void get_settings(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct case_settings cs;
	zf_err_clear(&err);
	int rc = case_settings_get(req->db, &cs, &err);
	reply(resp, 200, rc, rc == 0 ? case_settings_json(&cs) : NULL, &err);
}

static void put_settings(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	zf_err_clear(&err);
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	int rc = case_settings_update(req->db, b, &req->who, &err);
	json_decref(b);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	get_settings(req, resp);
}

/* ---- the calendar ---- */

static int year_or_reply(struct http_req *req, struct http_resp *resp)
{
	char *end;
	long y = strtol(param(req, 0), &end, 10);
	if (*end || y < 1900 || y > 2999) {
		resp_fail(resp, ZF_EINVAL, "year", "year must be 1900..2999");
		return -1;
	}
	return (int)y;
}

static void get_calendar(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int y = year_or_reply(req, resp);
	zf_err_clear(&err);
	if (y < 0)
		return;
	int rc = calendar_year_json(req->db, y, &j, &err);
	reply(resp, 200, rc, rc == 0 ? json_pack("{s:i, s:o}", "year", y, "days", j) : NULL, &err);
}

static void put_calendar(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	int n = 0, y = year_or_reply(req, resp);
	zf_err_clear(&err);
	if (y < 0)
		return;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	static const char *const keys[] = {"days", NULL};
	if (only_keys_or_reply(b, keys, resp) < 0) {
		json_decref(b);
		return;
	}
	int rc = calendar_year_put(req->db, y, json_object_get(b, "days"), &req->who, &n, &err);
	json_decref(b);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	get_calendar(req, resp);
}

const struct route case_routes[] = {
    {"GET", "/api/v1/cases", list_cases, CASE_READ, 0,
     "list cases (?state=&unit=&channel=&category=&q=&from=&to=&overdue=&limit=&after=)"},
    {"POST", "/api/v1/cases", create_case, CASE_STAFF | ROLE_SUPERVISOR, 0,
     "open a case from any channel"},
    {"GET", "/api/v1/cases/export", export_cases, CASE_STAFF, 0,
     "the case list as CSV or XLSX (?format=)"},
    {"GET", "/api/v1/cases/overdue", overdue_cases, CASE_STAFF | CASE_UNIT, 0,
     "cases past a deadline, with the reminder or escalation due (?as_of=)"},
    {"POST", "/api/v1/cases/overdue/notify", overdue_notify, ROLE_OFFICE, 0,
     "record the reminders and escalations due (?as_of=)"},
    {"GET", "/api/v1/cases/stats", case_stats_route, CASE_STAFF | CASE_UNIT | ROLE_VIEWER, 0,
     "per-unit sign-for, completion, satisfaction and reopen rates (?from=&to=&unit=)"},
    {"GET", "/api/v1/cases/settings", get_settings, CASE_STAFF, 0, "deadline settings"},
    {"PUT", "/api/v1/cases/settings", put_settings, ROLE_OFFICE, 0, "change deadline settings"},
    {"GET", "/api/v1/cases/{case_no}", get_case, CASE_READ, 0, "one case"},
    {"GET", "/api/v1/cases/{case_no}/timeline", case_timeline_route, CASE_READ, 0,
     "what happened to a case"},
    {"POST", "/api/v1/cases/{case_no}/assign", act_case, ROLE_OFFICE, 0,
     "assign a case to its handling unit and leader"},
    {"POST", "/api/v1/cases/{case_no}/sign", act_case, CASE_UNIT, 0, "sign for a case (签收)"},
    {"POST", "/api/v1/cases/{case_no}/handle", act_case, CASE_UNIT, 0, "start handling"},
    {"POST", "/api/v1/cases/{case_no}/reply", act_case, CASE_UNIT, 0, "reply (办结答复)"},
    {"POST", "/api/v1/cases/{case_no}/return", act_case, CASE_UNIT, 0,
     "return a misrouted case (退单)"},
    {"POST", "/api/v1/cases/{case_no}/extend", act_case, CASE_UNIT, 0, "ask for an extension"},
    {"POST", "/api/v1/cases/{case_no}/extension", act_case, ROLE_OFFICE, 0,
     "approve or deny an extension"},
    {"POST", "/api/v1/cases/{case_no}/follow-up", act_case, CASE_STAFF, 0,
     "record the follow-up (回访)"},
    {"POST", "/api/v1/cases/{case_no}/close", act_case, ROLE_OFFICE, 0, "close a case"},
    {"POST", "/api/v1/cases/{case_no}/duplicate", set_duplicate, ROLE_OFFICE, 0,
     "link, confirm or unlink a duplicate"},
    {"POST", "/api/v1/cases/{case_no}/attachments", upload_attachment,
     CASE_STAFF | ROLE_SUPERVISOR | CASE_UNIT, ROUTE_UPLOAD, "add an evidence file"},
    {"GET", "/api/v1/cases/{case_no}/attachments/{id}", get_attachment, CASE_READ, 0,
     "download an evidence file"},
    {"POST", "/api/v1/rounds/{code}/process-from-cases", process_from_cases, ROLE_OFFICE, 0,
     "write the case figures of a period as process scores"},
    {"GET", "/api/v1/calendar/{year}", get_calendar, ROLES_BUSINESS, 0,
     "holidays and adjusted working days of a year"},
    {"PUT", "/api/v1/calendar/{year}", put_calendar, ROLE_OFFICE, 0,
     "replace the holidays and adjusted working days of a year"},
    {0},
};
