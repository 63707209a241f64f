/* educate_report_http.c: the education routes that report and decide: each cadre's dossier
 * and what is owed, the completion of a unit and of the district (JSON, CSV, XLSX), and the
 * appointments at the E2 gate with the office's override. */
#include "educate/educate_http_impl.h"
#include "auth/auth.h"

#include <stdio.h>
#include <string.h>

/* ---- dossier and completion ---- */

void edu_get_dossier(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t pid;
	int year;
	char from[11], to[11], fname[64];
	zf_err_clear(&err);
	if (educate_person_ref(req->db, edu_param(req, 0), edu_scope(req), &pid, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	if (edu_year_or_reply(req, &year, resp) < 0)
		return;
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	if (educate_dossier(req->db, pid, edu_query(req, "from") ? edu_query(req, "from") : from,
			    edu_query(req, "to") ? edu_query(req, "to") : to, &j, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	snprintf(fname, sizeof fname, "dossier-%.31s-%d", edu_param(req, 0), year);
	http_reply_table(req, resp, j, educate_dossier_csv, educate_dossier_xlsx, fname);
}

void edu_get_owed(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t pid;
	zf_err_clear(&err);
	int rc = educate_person_ref(req->db, edu_param(req, 0), edu_scope(req), &pid, &err);
	if (rc == 0)
		rc = educate_owed(req->db, pid, edu_query(req, "as_of"), &j, &err);
	edu_reply(resp, 200, rc, rc < 0 ? NULL : json_pack("{s:o}", "items", j), &err);
}

void edu_get_unit_education(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int year;
	char fname[64];
	zf_err_clear(&err);
	if ((req->role_bit & ROLES_UNIT_SCOPED) && strcmp(edu_param(req, 0), req->unit_code)) {
		resp_fail(resp, ZF_EFORBIDDEN, NULL, "this account sees its own unit (%s) only",
			  req->unit_code);
		return;
	}
	if (edu_year_or_reply(req, &year, resp) < 0)
		return;
	if (educate_unit_completion(req->db, edu_param(req, 0), year, &j, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	snprintf(fname, sizeof fname, "education-%.31s-%d", edu_param(req, 0), year);
	http_reply_table(req, resp, j, educate_unit_completion_csv, educate_unit_completion_xlsx,
			 fname);
}

void edu_get_completion(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int year;
	char fname[64];
	zf_err_clear(&err);
	if (edu_year_or_reply(req, &year, resp) < 0)
		return;
	if (educate_completion(req->db, year, &j, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	snprintf(fname, sizeof fname, "education-completion-%d", year);
	http_reply_table(req, resp, j, educate_completion_csv, educate_completion_xlsx, fname);
}

/* ---- appointments ---- */

void edu_create_appointment(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"person",	 "new_post",   "new_rank",
					   "decided_on", "managed_by", NULL};
	const char *v[5] = {NULL};
	struct zf_err err;
	json_t *j = NULL;
	int64_t id = 0;
	zf_err_clear(&err);
	json_t *body = edu_strings_body(req, resp, keys, v);
	if (!body)
		return;
	struct educate_appointment a = {v[0], v[1], v[2], v[3], v[4]};
	int rc = educate_appointment_create(req->db, &req->who, &a, &id, &err);
	if (rc == 0)
		rc = educate_appointment_get(req->db, id, 0, &j, &err);
	edu_reply(resp, 201, rc, j, &err);
	json_decref(body);
}

static void list_appointments_state(struct http_req *req, struct http_resp *resp, const char *state)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, PAGE_DEFAULT, PAGE_MAX, &limit, &after) < 0)
		return;
	if (state && strcmp(state, "pending") && strcmp(state, "effective") &&
	    strcmp(state, "overridden")) {
		resp_fail(resp, ZF_EINVAL, "state",
			  "state must be pending, effective or overridden");
		return;
	}
	if (educate_appointment_list(req->db, state, edu_scope(req), after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		edu_reply_page(resp, arr, limit);
}

void edu_list_appointments(struct http_req *req, struct http_resp *resp)
{
	list_appointments_state(req, resp, edu_query(req, "state"));
}

void edu_list_overrides(struct http_req *req, struct http_resp *resp)
{
	list_appointments_state(req, resp, "overridden");
}

void edu_get_appointment(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (edu_id_or_reply(req, 0, &id, resp) < 0)
		return;
	int rc = educate_appointment_get(req->db, id, edu_scope(req), &j, &err);
	edu_reply(resp, 200, rc, j, &err);
}

static void act_appointment(struct http_req *req, struct http_resp *resp, bool override)
{
	static const char *const keys[] = {"effective_on", "reason", NULL};
	const char *v[2] = {NULL};
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (edu_id_or_reply(req, 0, &id, resp) < 0)
		return;
	json_t *body = edu_strings_body(req, resp, keys, v);
	if (!body)
		return;
	int rc = override ? educate_appointment_override(req->db, &req->who, id, v[1], v[0], &err)
			  : educate_appointment_effect(req->db, &req->who, id, v[0], &err);
	if (rc == 0)
		rc = educate_appointment_get(req->db, id, 0, &j, &err);
	edu_reply(resp, 200, rc, j, &err);
	json_decref(body);
}

void edu_effect_appointment(struct http_req *req, struct http_resp *resp)
{
	act_appointment(req, resp, false);
}

void edu_override_appointment(struct http_req *req, struct http_resp *resp)
{
	act_appointment(req, resp, true);
}

/* ---- settings ---- */

void edu_get_settings(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = educate_settings_get(req->db, &j, &err);
	edu_reply(resp, 200, rc, j, &err);
}

void edu_update_settings(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *body, *j = NULL;
	zf_err_clear(&err);
	if (!(body = http_json_body_or_reply(req, resp)))
		return;
	int rc = educate_settings_update(req->db, &req->who, body, &err);
	if (rc == 0)
		rc = educate_settings_get(req->db, &j, &err);
	edu_reply(resp, 200, rc, j, &err);
	json_decref(body);
}
