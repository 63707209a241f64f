/* station_http.c: the routes of citizen service stations (S8): the office sets them up,
 * attaches supervisors and keeps the leaders' card; a supervisor forwards citizens'
 * matters, which become cases; unit-scoped accounts see their own unit's stations. */
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void list_stations(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int64_t unit_id;
	zf_err_clear(&err);
	if (sup_unit_filter_or_reply(req, &unit_id, resp) < 0)
		return;
	int rc = station_list(req->db, unit_id, &arr, &err);
	sup_reply(resp, 200, rc, rc == 0 ? json_pack("{s:o}", "items", arr) : NULL, &err);
}

static void get_station(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "station", &id, resp) < 0)
		return;
	int rc = station_get(req->db, id, sup_scope(req), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void create_station(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"name", "place", "unit", NULL};
	struct zf_err err;
	const char *name = NULL, *place = NULL, *unit = NULL;
	int64_t id = 0;
	json_t *b = http_strings_or_reply(req, resp, keys, &name, &place, &unit);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = station_create(req->db, &req->who, name, place, unit, &id, &err);
	sup_reply_created(resp, rc, id, &err);
	json_decref(b);
}

static void add_supervisor(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"username", NULL};
	struct zf_err err;
	const char *username = NULL;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "station", &id, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &username);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = station_add_supervisor(req->db, &req->who, id, username, &err);
	if (rc == 0)
		rc = station_get(req->db, id, 0, &j, &err);
	sup_reply(resp, 200, rc, j, &err);
	json_decref(b);
}

static void set_active(struct http_req *req, struct http_resp *resp, bool active)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "station", &id, resp) < 0)
		return;
	int rc = station_set_active(req->db, &req->who, id, active, &err);
	if (rc == 0)
		rc = station_get(req->db, id, 0, &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void deactivate_station(struct http_req *req, struct http_resp *resp)
{
	set_active(req, resp, false);
}

static void activate_station(struct http_req *req, struct http_resp *resp)
{
	set_active(req, resp, true);
}

static void set_phone(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"person", "phone", NULL};
	struct zf_err err;
	const char *person = NULL, *phone = NULL;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "station", &id, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &person, &phone);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = station_set_phone(req->db, &req->who, id, person, phone, &err);
	if (rc == 0)
		rc = station_card(req->db, id, 0, &j, &err);
	sup_reply(resp, 200, rc, j, &err);
	json_decref(b);
}

static void get_card(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	const char *format = sup_query(req, "format");
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "station", &id, resp) < 0)
		return;
	if (format && strcmp(format, "json") && strcmp(format, "csv")) {
		resp_fail(resp, ZF_EINVAL, "format", "format must be json or csv");
		return;
	}
	if (format && !strcmp(format, "csv")) {
		char *csv = NULL, fname[64];
		if (station_card_csv(req->db, id, sup_scope(req), &csv, &err) < 0) {
			resp_error(resp, &err);
			return;
		}
		snprintf(fname, sizeof fname, "station-%lld-card.csv", (long long)id);
		sup_reply_csv(resp, fname, csv, strlen(csv));
		free(csv);
		return;
	}
	int rc = station_card(req->db, id, sup_scope(req), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void forward_matter(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"subject",	   "content",	    "category", "person",
					   "citizen_name", "citizen_phone", NULL};
	struct station_matter m;
	struct zf_err err;
	char case_no[32] = "";
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&m, 0, sizeof m);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "subject", &m.subject, resp) == 0 &&
	    http_str_or_reply(b, "content", &m.content, resp) == 0 &&
	    http_str_or_reply(b, "category", &m.category, resp) == 0 &&
	    http_str_or_reply(b, "person", &m.person, resp) == 0 &&
	    http_str_or_reply(b, "citizen_name", &m.citizen_name, resp) == 0 &&
	    http_str_or_reply(b, "citizen_phone", &m.citizen_phone, resp) == 0) {
		int rc = station_forward(req->db, &req->who, &m, case_no, &err);
		sup_reply(resp, 201, rc, rc == 0 ? json_pack("{s:s}", "case_no", case_no) : NULL,
			  &err);
	}
	json_decref(b);
}

#define READERS                                                                                    \
	(ROLE_OFFICE | ROLE_INSPECTOR | ROLE_VIEWER | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF |         \
	 ROLE_SUPERVISOR)

const struct route station_routes[] = {
    {"POST", "/api/v1/stations/matters", forward_matter, ROLE_SUPERVISOR, 0,
     "a supervisor forwards a citizen's matter (becomes a case)"},
    {"GET", "/api/v1/stations", list_stations, READERS, 0, "service stations (?unit=)"},
    {"POST", "/api/v1/stations", create_station, ROLE_OFFICE, 0, "add a service station"},
    {"GET", "/api/v1/stations/{id}", get_station, READERS, 0, "a station with its supervisors"},
    {"POST", "/api/v1/stations/{id}/deactivate", deactivate_station, ROLE_OFFICE, 0,
     "close a service station"},
    {"POST", "/api/v1/stations/{id}/activate", activate_station, ROLE_OFFICE, 0,
     "reopen a closed service station"},
    {"POST", "/api/v1/stations/{id}/supervisors", add_supervisor, ROLE_OFFICE, 0,
     "attach a supervisor account"},
    {"GET", "/api/v1/stations/{id}/card", get_card, READERS, 0,
     "the card of leaders' phone numbers (?format=json|csv)"},
    {"PUT", "/api/v1/stations/{id}/card", set_phone, ROLE_OFFICE, 0,
     "set a leader's phone on the card"},
    {0},
};
