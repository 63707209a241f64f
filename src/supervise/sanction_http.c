/* sanction_http.c: the routes of accountability (R5): the sanctions catalogue and the veto
 * registry (the office keeps them), and sanctions (decided and revoked by inspector or
 * office accounts within management authority; unit-scoped accounts read their own unit's). */
#include "supervise/sanction.h"
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

/* ---- the catalogue ---- */

static void list_measures(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	const char *all = sup_query(req, "all");
	zf_err_clear(&err);
	int rc = sanction_measure_list(req->db, all && (!strcmp(all, "1") || !strcmp(all, "true")),
				       &arr, &err);
	sup_reply(resp, 200, rc, rc == 0 ? json_pack("{s:o}", "items", arr) : NULL, &err);
}

static const char *const measure_keys[] = {"code",
					   "name",
					   "tier",
					   "level",
					   "points",
					   "person_no_excellent",
					   "unit_no_excellent",
					   "no_bonus",
					   "promotion_ban_months",
					   "staffing_freeze_months",
					   "veto",
					   NULL};

/* Reads a measure body; fields absent keep the defaults already in *m. */
static int measure_body(json_t *b, struct sanction_measure *m, bool create, struct http_resp *resp)
{
	bool f;
	const char *level = NULL;
	if (http_only_keys_or_reply(b, measure_keys, resp) < 0 ||
	    http_str_or_reply(b, "code", &m->code, resp) < 0 ||
	    http_str_or_reply(b, "name", &m->name, resp) < 0 ||
	    http_str_or_reply(b, "level", &level, resp) < 0 ||
	    sup_int_or_reply(b, "tier", m->tier, 1, 5, &m->tier, resp) < 0 ||
	    sup_num_or_reply(b, "points", m->points, &m->points, resp) < 0 ||
	    sup_int_or_reply(b, "promotion_ban_months", m->promotion_ban_months, 0, 120,
			     &m->promotion_ban_months, resp) < 0 ||
	    sup_int_or_reply(b, "staffing_freeze_months", m->staffing_freeze_months, 0, 120,
			     &m->staffing_freeze_months, resp) < 0)
		return -1;
	if (level)
		m->level = level;
	static const char *const flags[] = {"person_no_excellent", "unit_no_excellent", "no_bonus",
					    "veto"};
	int *dst[] = {&m->person_no_excellent, &m->unit_no_excellent, &m->no_bonus, &m->veto};
	for (size_t i = 0; i < 4; i++) {
		if (!json_object_get(b, flags[i]))
			continue;
		if (sup_bool_or_reply(b, flags[i], false, &f, resp) < 0)
			return -1;
		*dst[i] = f;
	}
	if (create && m->points < 0) {
		resp_fail(resp, ZF_EINVAL, "points", "points must be 0 to 100");
		return -1;
	}
	return 0;
}

static void create_measure(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct sanction_measure m = {.level = "person", .tier = 0};
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	if (measure_body(b, &m, true, resp) == 0) {
		int rc = sanction_measure_create(req->db, &req->who, &m, &err);
		sup_reply(resp, 201, rc, rc == 0 ? json_pack("{s:s}", "code", m.code) : NULL, &err);
	}
	json_decref(b);
}

static void update_measure(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct sanction_measure m;
	sanction_measure_keep(&m);
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	if (measure_body(b, &m, false, resp) == 0) {
		int rc = sanction_measure_update(req->db, &req->who, sup_param(req, 0), &m, &err);
		sup_reply(resp, 200, rc,
			  rc == 0 ? json_pack("{s:s}", "code", sup_param(req, 0)) : NULL, &err);
	}
	json_decref(b);
}

static void set_measure_active(struct http_req *req, struct http_resp *resp, bool active)
{
	struct zf_err err;
	zf_err_clear(&err);
	int rc = sanction_measure_set_active(req->db, &req->who, sup_param(req, 0), active, &err);
	sup_reply(resp, 200, rc,
		  rc == 0 ? json_pack("{s:s,s:b}", "code", sup_param(req, 0), "active", active)
			  : NULL,
		  &err);
}

static void deactivate_measure(struct http_req *req, struct http_resp *resp)
{
	set_measure_active(req, resp, false);
}

static void activate_measure(struct http_req *req, struct http_resp *resp)
{
	set_measure_active(req, resp, true);
}

/* ---- the veto registry ---- */

static void list_vetoes(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	int rc = sanction_veto_list(req->db, &arr, &err);
	sup_reply(resp, 200, rc, rc == 0 ? json_pack("{s:o}", "items", arr) : NULL, &err);
}

static void create_veto(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"code", "name", "basis", "expires_on", NULL};
	struct zf_err err;
	const char *code, *name, *basis, *expires;
	json_t *b = http_strings_or_reply(req, resp, keys, &code, &name, &basis, &expires);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = sanction_veto_create(req->db, &req->who, code, name, basis, expires, &err);
	sup_reply(resp, 201, rc, rc == 0 ? json_pack("{s:s}", "code", code) : NULL, &err);
	json_decref(b);
}

static void expire_veto(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"on", NULL};
	struct zf_err err;
	const char *on = NULL;
	json_t *b = req->body_len ? http_json_body_or_reply(req, resp) : json_object();
	if (!b)
		return;
	zf_err_clear(&err);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "on", &on, resp) == 0) {
		int rc = sanction_veto_expire(req->db, &req->who, sup_param(req, 0), on, &err);
		sup_reply(resp, 200, rc,
			  rc == 0 ? json_pack("{s:s}", "code", sup_param(req, 0)) : NULL, &err);
	}
	json_decref(b);
}

/* ---- sanctions ---- */

static int filter_or_reply(struct http_req *req, struct sanction_filter *f, struct http_resp *resp)
{
	memset(f, 0, sizeof *f);
	if (sup_unit_filter_or_reply(req, &f->unit_id, resp) < 0)
		return -1;
	f->person = sup_query(req, "person");
	f->case_no = sup_query(req, "case_no");
	f->from = sup_query(req, "from");
	f->to = sup_query(req, "to");
	const char *rv = sup_query(req, "revoked");
	f->include_revoked = rv && (!strcmp(rv, "1") || !strcmp(rv, "true"));
	return 0;
}

static void list_sanctions(struct http_req *req, struct http_resp *resp)
{
	struct sanction_filter f;
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, SUP_PAGE_DEFAULT, SUP_PAGE_MAX, &limit, &after) < 0 ||
	    filter_or_reply(req, &f, resp) < 0)
		return;
	if (sanction_list(req->db, &f, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_page(resp, arr, limit);
}

static void export_sanctions(struct http_req *req, struct http_resp *resp)
{
	struct sanction_filter f;
	struct zf_err err;
	struct buf b = BUF_INIT;
	zf_err_clear(&err);
	if (filter_or_reply(req, &f, resp) < 0)
		return;
	if (sanction_list_csv(req->db, &f, &b, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_csv(resp, "sanctions.csv", buf_str(&b), b.len);
	buf_cleanup(&b);
}

static void get_sanction(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "sanction", &id, resp) < 0)
		return;
	int rc = sanction_get(req->db, id, sup_scope(req), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void decide_sanction(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"measure",	 "person", "unit",  "case_no", "veto_item",
					   "decided_on", "basis",  "round", NULL};
	struct sanction_rec r;
	struct zf_err err;
	json_t *j = NULL;
	int64_t id = 0;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&r, 0, sizeof r);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "measure", &r.measure, resp) == 0 &&
	    http_str_or_reply(b, "person", &r.person, resp) == 0 &&
	    http_str_or_reply(b, "unit", &r.unit, resp) == 0 &&
	    http_str_or_reply(b, "case_no", &r.case_no, resp) == 0 &&
	    http_str_or_reply(b, "veto_item", &r.veto_item, resp) == 0 &&
	    http_str_or_reply(b, "decided_on", &r.decided_on, resp) == 0 &&
	    http_str_or_reply(b, "basis", &r.basis, resp) == 0 &&
	    http_str_or_reply(b, "round", &r.round, resp) == 0) {
		int rc = sanction_decide(req->db, &req->who, &r, &id, &err);
		if (rc == 0)
			rc = sanction_get(req->db, id, 0, &j, &err);
		sup_reply(resp, 201, rc, j, &err);
	}
	json_decref(b);
}

static void revoke_sanction(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"reason", NULL};
	struct zf_err err;
	const char *reason = NULL;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "sanction", &id, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &reason);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = sanction_revoke(req->db, &req->who, id, reason, &err);
	if (rc == 0)
		rc = sanction_get(req->db, id, 0, &j, &err);
	sup_reply(resp, 200, rc, j, &err);
	json_decref(b);
}

/* A person's and / or a unit's standing on a date: promotion ban, staffing freeze and the
 * year's eligibility (the questions of sanction.h, for selection (R4) and for the office). */
static void standing(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct sanction_eligibility e;
	char today[11], until[11];
	const char *person = sup_query(req, "person"), *unit = sup_query(req, "unit");
	const char *date = sup_query(req, "date");
	int64_t pid = 0, uid = 0, own = sup_scope(req), pu = 0;
	bool yes;
	int rc = 0;
	zf_err_clear(&err);
	sup_today(today);
	if (!date)
		date = today;
	if (!person && !unit) {
		resp_fail(resp, ZF_EINVAL, "person", "name a person or a unit");
		return;
	}
	if (sup_check_date("date", date, true, &err) < 0 ||
	    sup_person_id(req->db, "person", person, false, &pid, &err) < 0 ||
	    sup_unit_id(req->db, "unit", unit, false, &uid, &err) < 0 ||
	    (pid && sup_person_unit(req->db, pid, &pu, &err) < 0)) {
		resp_error(resp, &err);
		return;
	}
	if (own && ((uid && uid != own) || (pid && pu != own))) {
		resp_fail(resp, ZF_EFORBIDDEN, NULL, "this account sees its own unit (%s) only",
			  req->unit_code);
		return;
	}
	int year = atoi(date);
	json_t *out = json_pack("{s:s}", "date", date);
	if (pid) {
		rc = sanction_promotion_ban(req->db, pid, date, &yes, until, &err);
		if (rc == 0)
			rc = sanction_person_eligibility(req->db, pid, year, &e, &err);
		if (rc == 0)
			json_object_set_new(out, "person",
					    json_pack("{s:s,s:b,s:s?,s:b,s:b,s:b}", "code", person,
						      "promotion_banned", yes, "ban_until",
						      yes ? until : NULL, "excellence_eligible",
						      e.excellent, "bonus_eligible", e.bonus,
						      "vetoed", e.vetoed));
	}
	if (rc == 0 && uid) {
		rc = sanction_staffing_freeze(req->db, uid, date, &yes, until, &err);
		if (rc == 0)
			rc = sanction_unit_eligibility(req->db, uid, year, &e, &err);
		if (rc == 0)
			json_object_set_new(out, "unit",
					    json_pack("{s:s,s:b,s:s?,s:b,s:b}", "code", unit,
						      "staffing_frozen", yes, "freeze_until",
						      yes ? until : NULL, "excellence_eligible",
						      e.excellent, "vetoed", e.vetoed));
	}
	if (rc < 0) {
		json_decref(out);
		resp_error(resp, &err);
		return;
	}
	resp_json(resp, 200, out);
}

#define READERS	 (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_VIEWER | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)
#define DECIDERS (ROLE_OFFICE | ROLE_INSPECTOR)

const struct route sanction_routes[] = {
    {"GET", "/api/v1/sanction-measures", list_measures, READERS, 0,
     "the sanctions catalogue (?all=1 with inactive measures)"},
    {"POST", "/api/v1/sanction-measures", create_measure, ROLE_OFFICE, 0, "add a measure"},
    {"PATCH", "/api/v1/sanction-measures/{code}", update_measure, ROLE_OFFICE, 0,
     "change a measure's consequences"},
    {"POST", "/api/v1/sanction-measures/{code}/deactivate", deactivate_measure, ROLE_OFFICE, 0,
     "withdraw a measure"},
    {"POST", "/api/v1/sanction-measures/{code}/activate", activate_measure, ROLE_OFFICE, 0,
     "bring a measure back"},
    {"GET", "/api/v1/veto-items", list_vetoes, DECIDERS | ROLE_VIEWER, 0,
     "the veto registry (一票否决)"},
    {"POST", "/api/v1/veto-items", create_veto, ROLE_OFFICE, 0, "register a veto item"},
    {"POST", "/api/v1/veto-items/{code}/expire", expire_veto, ROLE_OFFICE, 0, "expire a veto item"},
    {"GET", "/api/v1/sanctions", list_sanctions, READERS, 0,
     "sanctions (?unit=&person=&case_no=&from=&to=&revoked=1)"},
    {"GET", "/api/v1/sanctions/export", export_sanctions, DECIDERS, 0,
     "sanctions as CSV (same filters)"},
    {"POST", "/api/v1/sanctions", decide_sanction, DECIDERS, 0,
     "decide a sanction within management authority"},
    {"GET", "/api/v1/sanctions/standing", standing, READERS, 0,
     "a person's promotion ban and eligibility, a unit's staffing freeze, on a date"},
    {"GET", "/api/v1/sanctions/{id}", get_sanction, READERS, 0, "one sanction"},
    {"POST", "/api/v1/sanctions/{id}/revoke", revoke_sanction, DECIDERS, 0,
     "revoke a sanction with a reason"},
    {0},
};
