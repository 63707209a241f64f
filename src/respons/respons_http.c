/* respons_http.c: the responsibility room's routes: veto rules, nominations (assessment,
 * vetting, signature), joint-liability flags and responsibility reports. JSON in, respons.h
 * calls, JSON out. Unit-scoped accounts (unit leader, unit staff) see the nominations of
 * their own unit's people (and those they are to sign) and their own unit's reports; the
 * administrators and citizen supervisors see none of it. */
#include "respons/respons.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/timeutil.h"
#include "http/routes.h"
#include "org/org.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 100
#define PAGE_MAX     1000

static const char *param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

static bool unit_scoped(const struct http_req *req)
{
	return (req->role_bit & ROLES_UNIT_SCOPED) != 0;
}

static int only_keys_or_reply(json_t *body, const char *const *keys, struct http_resp *resp)
{
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v)
	{
		bool known = false;
		for (const char *const *p = keys; *p && !known; p++)
			known = !strcmp(*p, k);
		if (!known) {
			resp_fail(resp, ZF_EINVAL, k, "unknown field %s", k);
			return -1;
		}
	}
	return 0;
}

/* A string field: absent or null leaves *out NULL; another type replies 400. */
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

static void reply(struct http_resp *resp, int status, int rc, json_t *j, const struct zf_err *err)
{
	if (rc < 0) {
		json_decref(j);
		resp_error(resp, err);
	} else {
		resp_json(resp, status, j);
	}
}

static void reply_page(struct http_resp *resp, json_t *arr, int limit)
{
	size_t n = json_array_size(arr);
	json_t *next = NULL;
	if (n > 0 && n == (size_t)limit)
		next = json_object_get(json_array_get(arr, n - 1), "id");
	next = next ? json_incref(next) : json_null();
	resp_json(resp, 200, json_pack("{s:o,s:o}", "items", arr, "next_after", next));
}

/* The {id} of the path as a positive number; replies 404 otherwise. */
static int id_or_reply(struct http_req *req, struct http_resp *resp, int64_t *id)
{
	const char *s = param(req, 0);
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0 || errno) {
		resp_fail(resp, ZF_ENOTFOUND, NULL, "no nomination %s", s);
		return -1;
	}
	*id = v;
	return 0;
}

/* ---- veto rules ---- */

static void list_rules(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	int rc = respons_rule_list(req->db, &arr, &err);
	reply(resp, 200, rc, rc == 0 ? json_pack("{s:o}", "items", arr) : NULL, &err);
}

/* Reads a rule body into r (strings borrowed from *body). Returns -1 after replying. */
static int rule_body(struct http_req *req, struct http_resp *resp, struct respons_rule *r,
		     json_t **body)
{
	static const char *const keys[] = {"code",  "name",   "kind", "params",
					   "basis", "active", NULL};
	json_t *v;
	memset(r, 0, sizeof *r);
	r->active = -1;
	if (!(*body = http_json_body_or_reply(req, resp)))
		return -1;
	if (only_keys_or_reply(*body, keys, resp) < 0 ||
	    str_or_reply(*body, "code", &r->code, resp) < 0 ||
	    str_or_reply(*body, "name", &r->name, resp) < 0 ||
	    str_or_reply(*body, "kind", &r->kind, resp) < 0 ||
	    str_or_reply(*body, "basis", &r->basis, resp) < 0)
		goto fail;
	r->params = json_object_get(*body, "params");
	if ((v = json_object_get(*body, "active"))) {
		if (!json_is_boolean(v)) {
			resp_fail(resp, ZF_EINVAL, "active", "active must be true or false");
			goto fail;
		}
		r->active = json_is_true(v);
	}
	return 0;
fail:
	json_decref(*body);
	*body = NULL;
	return -1;
}

static void create_rule(struct http_req *req, struct http_resp *resp)
{
	struct respons_rule r;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (rule_body(req, resp, &r, &body) < 0)
		return;
	int rc = respons_rule_create(req->db, &req->who, &r, &err);
	if (rc == 0)
		rc = respons_rule_get(req->db, r.code, &j, &err);
	json_decref(body);
	reply(resp, 201, rc, j, &err);
}

static void update_rule(struct http_req *req, struct http_resp *resp)
{
	struct respons_rule r;
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (rule_body(req, resp, &r, &body) < 0)
		return;
	int rc = respons_rule_update(req->db, &req->who, param(req, 0), &r, &err);
	if (rc == 0)
		rc = respons_rule_get(req->db, param(req, 0), &j, &err);
	json_decref(body);
	reply(resp, 200, rc, j, &err);
}

/* ---- nominations ---- */

/* Replies 403 (or 404) unless the account may see nomination id: every office and
 * inspector account; a unit-scoped account for its own unit's candidates or when it is
 * the account of the leader who is to sign. */
static int nomination_visible_or_reply(struct http_req *req, struct http_resp *resp, int64_t id)
{
	struct zf_err err;
	int64_t unit = 0, sup = 0, me = 0;
	zf_err_clear(&err);
	if (!unit_scoped(req))
		return 0;
	if (respons_nomination_scope(req->db, id, &unit, &sup, &err) < 0 ||
	    respons_account_person(req->db, req->who.user_id, &me, &err) < 0) {
		resp_error(resp, &err);
		return -1;
	}
	if (unit == req->who.unit_id || (sup && sup == me))
		return 0;
	resp_fail(resp, ZF_EFORBIDDEN, NULL,
		  "this account sees the nominations of its own unit (%s) only", req->unit_code);
	return -1;
}

static void reply_nomination(struct http_req *req, struct http_resp *resp, int status, int rc,
			     int64_t id, struct zf_err *err)
{
	json_t *j = NULL;
	if (rc == 0)
		rc = respons_nomination_get(req->db, id, NULL, &j, err);
	reply(resp, status, rc, j, err);
}

static void create_nomination(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {
	    "person",	    "proposed_post", "proposed_rank",	 "nominating_unit",
	    "nominated_on", "supervisor",    "liability_months", NULL};
	struct respons_nomination_new n = {0};
	struct zf_err err;
	json_t *body, *v;
	int64_t id = 0;
	zf_err_clear(&err);
	if (!(body = http_json_body_or_reply(req, resp)))
		return;
	if (only_keys_or_reply(body, keys, resp) < 0 ||
	    str_or_reply(body, "person", &n.person, resp) < 0 ||
	    str_or_reply(body, "proposed_post", &n.proposed_post, resp) < 0 ||
	    str_or_reply(body, "proposed_rank", &n.proposed_rank, resp) < 0 ||
	    str_or_reply(body, "nominating_unit", &n.nominating_unit, resp) < 0 ||
	    str_or_reply(body, "nominated_on", &n.nominated_on, resp) < 0 ||
	    str_or_reply(body, "supervisor", &n.supervisor, resp) < 0)
		goto done;
	if ((v = json_object_get(body, "liability_months"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 120) {
			resp_fail(resp, ZF_EINVAL, "liability_months",
				  "liability_months must be a whole number 1-120");
			goto done;
		}
		n.liability_months = (int)json_integer_value(v);
	}
	int rc = respons_nomination_create(req->db, &req->who, &n, &id, &err);
	reply_nomination(req, resp, 201, rc, id, &err);
done:
	json_decref(body);
}

static void list_nominations(struct http_req *req, struct http_resp *resp)
{
	struct respons_nomination_filter f = {0};
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	bool active;
	const char *person = http_query(req, "person");
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	f.state = http_query(req, "state");
	if (f.state && *f.state && strcmp(f.state, "pending") && strcmp(f.state, "cleared") &&
	    strcmp(f.state, "vetoed") && strcmp(f.state, "signed")) {
		resp_fail(resp, ZF_EINVAL, "state",
			  "state must be pending, cleared, vetoed or signed");
		return;
	}
	if (person && *person &&
	    org_person_find(req->db, person, &f.person_id, &active, &err) < 0) {
		resp_fail(resp, ZF_EINVAL, "person", "no person %s", person);
		return;
	}
	if (unit_scoped(req)) {
		f.unit_id = req->who.unit_id ? req->who.unit_id : -1;
		if (respons_account_person(req->db, req->who.user_id, &f.supervisor_id, &err) < 0) {
			resp_error(resp, &err);
			return;
		}
	}
	if (respons_nomination_list(req->db, &f, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		reply_page(resp, arr, limit);
}

static void get_nomination(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (id_or_reply(req, resp, &id) < 0 || nomination_visible_or_reply(req, resp, id) < 0)
		return;
	int rc = respons_nomination_get(req->db, id, http_query(req, "as_of"), &j, &err);
	reply(resp, 200, rc, j, &err);
}

/* Reads a body of the given string keys into vals (borrowed from *body). -1 after replying. */
static int body_strs_or_reply(struct http_req *req, struct http_resp *resp, const char *const *keys,
			      const char **vals, json_t **body)
{
	if (!(*body = http_json_body_or_reply(req, resp)))
		return -1;
	if (only_keys_or_reply(*body, keys, resp) < 0)
		goto fail;
	for (int i = 0; keys[i]; i++)
		if (str_or_reply(*body, keys[i], &vals[i], resp) < 0)
			goto fail;
	return 0;
fail:
	json_decref(*body);
	*body = NULL;
	return -1;
}

static void assess_nomination(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"grade", "text", "assessed_on", NULL};
	const char *v[3];
	struct zf_err err;
	json_t *body;
	int64_t id;
	zf_err_clear(&err);
	if (id_or_reply(req, resp, &id) < 0 || body_strs_or_reply(req, resp, keys, v, &body) < 0)
		return;
	int rc = respons_nomination_assess(req->db, &req->who, id, v[0], v[1], v[2], &err);
	json_decref(body);
	reply_nomination(req, resp, 200, rc, id, &err);
}

static void set_supervisor(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"supervisor", NULL};
	const char *v[1];
	struct zf_err err;
	json_t *body;
	int64_t id;
	zf_err_clear(&err);
	if (id_or_reply(req, resp, &id) < 0 || body_strs_or_reply(req, resp, keys, v, &body) < 0)
		return;
	int rc = respons_nomination_set_supervisor(req->db, &req->who, id, v[0], &err);
	json_decref(body);
	reply_nomination(req, resp, 200, rc, id, &err);
}

static void vet_nomination(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"as_of", NULL};
	const char *v[1] = {NULL};
	struct zf_err err;
	json_t *body = NULL, *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (id_or_reply(req, resp, &id) < 0)
		return;
	if (req->body_len > 0 && body_strs_or_reply(req, resp, keys, v, &body) < 0)
		return;
	int rc = respons_nomination_vet(req->db, &req->who, id, v[0], &j, &err);
	json_decref(body);
	reply(resp, 200, rc, j, &err);
}

static void sign_nomination(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"text", "signed_on", NULL};
	const char *v[2];
	struct zf_err err;
	json_t *body;
	int64_t id;
	zf_err_clear(&err);
	if (id_or_reply(req, resp, &id) < 0 || body_strs_or_reply(req, resp, keys, v, &body) < 0)
		return;
	int rc = respons_nomination_sign(req->db, &req->who, id, v[0], v[1], &err);
	json_decref(body);
	if (rc == ZF_EFORBIDDEN) {
		/* A refused signature is worth a line in the audit log. */
		struct zf_err ignored;
		json_t *ch = json_pack("{s:s}", "reason", "not the supervising leader");
		zf_err_clear(&ignored);
		audit_record(req->db, &req->who, "sign", "nomination", param(req, 0), "denied", ch,
			     &ignored);
		json_decref(ch);
	}
	reply_nomination(req, resp, 200, rc, id, &err);
}

/* ---- joint liability ---- */

static void list_flags(struct http_req *req, struct http_resp *resp)
{
	struct respons_flag_filter f = {0};
	struct zf_err err;
	json_t *arr = NULL;
	const char *signer = http_query(req, "signer"), *person = http_query(req, "person");
	int limit;
	int64_t after;
	bool active;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	if (signer && *signer &&
	    org_person_find(req->db, signer, &f.signer_id, &active, &err) < 0) {
		resp_fail(resp, ZF_EINVAL, "signer", "no person %s", signer);
		return;
	}
	if (person && *person &&
	    org_person_find(req->db, person, &f.person_id, &active, &err) < 0) {
		resp_fail(resp, ZF_EINVAL, "person", "no person %s", person);
		return;
	}
	if (respons_flag_list(req->db, &f, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		reply_page(resp, arr, limit);
}

static void scan_flags(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"as_of", NULL};
	const char *v[1] = {NULL};
	struct zf_err err;
	json_t *body = NULL;
	int created = 0;
	char day[11];
	zf_err_clear(&err);
	if (req->body_len > 0 && body_strs_or_reply(req, resp, keys, v, &body) < 0)
		return;
	time_today(day, sizeof day);
	int rc = respons_liability_scan(req->db, &req->who, v[0], &created, &err);
	json_t *j =
	    rc == 0 ? json_pack("{s:s,s:i}", "as_of", v[0] ? v[0] : day, "created", created) : NULL;
	json_decref(body);
	reply(resp, 200, rc, j, &err);
}

static void get_settings(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = respons_settings_get(req->db, &j, &err);
	reply(resp, 200, rc, j, &err);
}

static void update_settings(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"liability_months", NULL};
	struct zf_err err;
	json_t *body, *j = NULL, *v;
	zf_err_clear(&err);
	if (!(body = http_json_body_or_reply(req, resp)))
		return;
	if (only_keys_or_reply(body, keys, resp) < 0)
		goto done;
	v = json_object_get(body, "liability_months");
	if (!json_is_integer(v)) {
		resp_fail(resp, ZF_EINVAL, "liability_months",
			  "liability_months must be a whole number 1-120");
		goto done;
	}
	int rc = respons_settings_set_liability_months(req->db, &req->who,
						       (int)json_integer_value(v), &err);
	if (rc == 0)
		rc = respons_settings_get(req->db, &j, &err);
	reply(resp, 200, rc, j, &err);
done:
	json_decref(body);
}

/* ---- reports ---- */

/* ?from=&to= with the defaults: to today, from the first day of to's year (or of this year
 * when to is not a date, which the report then names). */
static void period(struct http_req *req, const char **from, const char **to, char dfrom[11],
		   char dto[11])
{
	const char *f = http_query(req, "from"), *t = http_query(req, "to");
	time_today(dto, 11);
	*to = t && *t ? t : dto;
	snprintf(dfrom, 11, "%.4s-01-01", date_valid(*to) ? *to : dto);
	*from = f && *f ? f : dfrom;
}

/* ?format=json (default) or csv; replies 400 and returns -1 for another. */
/* ?format= of a report: json (or none), csv or xlsx; anything else is refused before the
 * report is made. */
static int format_or_reply(struct http_req *req, struct http_resp *resp)
{
	const char *f = http_query(req, "format");
	if (!f || !*f || !strcmp(f, "json") || !strcmp(f, "csv") || !strcmp(f, "xlsx"))
		return 0;
	resp_fail(resp, ZF_EINVAL, "format", "format must be json, csv or xlsx");
	return -1;
}

/* A file name for a report: responsibility-CODE-FROM-TO (resp_attachment keeps it to safe
 * bytes). */
static void report_name(const char *code, const char *from, const char *to, char *out, size_t n)
{
	snprintf(out, n, "responsibility-%.39s-%.10s-%.10s", code, from, to);
}

static void unit_report(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	const char *from, *to;
	char dfrom[11], dto[11], name[96];
	zf_err_clear(&err);
	if (unit_scoped(req) && strcmp(param(req, 0), req->unit_code)) {
		resp_fail(resp, ZF_EFORBIDDEN, NULL, "this account sees its own unit (%s) only",
			  req->unit_code);
		return;
	}
	if (format_or_reply(req, resp) < 0)
		return;
	period(req, &from, &to, dfrom, dto);
	if (respons_unit_report(req->db, param(req, 0), from, to, &j, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	report_name(param(req, 0), from, to, name, sizeof name);
	http_reply_table(req, resp, j, respons_report_csv, respons_report_xlsx, name);
}

static void person_report(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	const char *from, *to;
	char dfrom[11], dto[11], name[96];
	zf_err_clear(&err);
	if (format_or_reply(req, resp) < 0)
		return;
	period(req, &from, &to, dfrom, dto);
	if (respons_person_report(req->db, param(req, 0), from, to, &j, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	if (unit_scoped(req)) {
		const char *u = json_string_value(
		    json_object_get(json_object_get(json_object_get(j, "person"), "unit"), "code"));
		if (!u || strcmp(u, req->unit_code)) {
			json_decref(j);
			resp_fail(resp, ZF_EFORBIDDEN, NULL,
				  "this account sees its own unit's people (%s) only",
				  req->unit_code);
			return;
		}
	}
	report_name(param(req, 0), from, to, name, sizeof name);
	http_reply_table(req, resp, j, respons_report_csv, respons_report_xlsx, name);
}

#define OFFICE	  ROLE_OFFICE
#define INSPECT	  (ROLE_OFFICE | ROLE_INSPECTOR)
#define SEE_NOMS  (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)
#define SIGNERS	  (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF | ROLE_VIEWER)
#define SEE_RULES ROLES_BUSINESS
#define REPORTS	  (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_VIEWER | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)

const struct route respons_routes[] = {
    {"GET", "/api/v1/veto-rules", list_rules, SEE_RULES, 0,
     "the veto rules of cadre selection with their basis"},
    {"POST", "/api/v1/veto-rules", create_rule, OFFICE, 0, "add a veto rule"},
    {"PATCH", "/api/v1/veto-rules/{code}", update_rule, OFFICE, 0,
     "change, disable or enable a veto rule"},

    {"GET", "/api/v1/nominations", list_nominations, SEE_NOMS, 0,
     "list nominations (?state=&person=)"},
    {"POST", "/api/v1/nominations", create_nomination, OFFICE, 0, "nominate a cadre for promotion"},
    {"GET", "/api/v1/nominations/{id}", get_nomination, SEE_NOMS, 0,
     "a nomination with the candidate's style record (?as_of=)"},
    {"PUT", "/api/v1/nominations/{id}/assessment", assess_nomination, ROLE_INSPECTOR, 0,
     "the inspector's assessment of the candidate's attitude to style and own style"},
    {"PUT", "/api/v1/nominations/{id}/supervisor", set_supervisor, OFFICE, 0,
     "name the supervising leader who is to sign"},
    {"POST", "/api/v1/nominations/{id}/vet", vet_nomination, ROLE_INSPECTOR, 0,
     "vet a nomination against every active veto rule"},
    {"POST", "/api/v1/nominations/{id}/sign", sign_nomination, SIGNERS, 0,
     "the supervising leader signs a cleared recommendation (joint liability)"},

    {"GET", "/api/v1/nomination-settings", get_settings, INSPECT, 0,
     "the default joint-liability period of new nominations"},
    {"PATCH", "/api/v1/nomination-settings", update_settings, OFFICE, 0,
     "change the default joint-liability period (liability_months 1-120)"},

    {"GET", "/api/v1/liability-flags", list_flags, INSPECT, 0,
     "joint-liability flags (?signer=&person=)"},
    {"POST", "/api/v1/liability-flags/scan", scan_flags, INSPECT, 0,
     "scan signed nominations for joint liability"},

    {"GET", "/api/v1/units/{code}/responsibility-report", unit_report, REPORTS, 0,
     "a unit's responsibility report for a period (?from=&to=&format=json|csv)"},
    {"GET", "/api/v1/people/{code}/responsibility-report", person_report, REPORTS, 0,
     "a leader's responsibility report for a period (?from=&to=&format=json|csv)"},
    {0},
};
