/* exposure_http.c: the routes of the exposure board (曝光台, S7): the office publishes and
 * withdraws; anyone reads the public list, which never carries the complainant. */
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <string.h>

static void public_list(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t before;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, 20, 100, &limit, &before) < 0)
		return;
	if (exposure_public_list(req->db, before, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_page(resp, arr, limit);
}

static void list_exposures(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, SUP_PAGE_DEFAULT, SUP_PAGE_MAX, &limit, &after) < 0)
		return;
	if (exposure_list(req->db, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_page(resp, arr, limit);
}

static void publish(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"case_no",	   "title",	  "facts", "handling",
					   "published_on", "show_person", NULL};
	struct exposure_rec r;
	struct zf_err err;
	int64_t id = 0;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&r, 0, sizeof r);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "case_no", &r.case_no, resp) == 0 &&
	    http_str_or_reply(b, "title", &r.title, resp) == 0 &&
	    http_str_or_reply(b, "facts", &r.facts, resp) == 0 &&
	    http_str_or_reply(b, "handling", &r.handling, resp) == 0 &&
	    http_str_or_reply(b, "published_on", &r.published_on, resp) == 0 &&
	    sup_bool_or_reply(b, "show_person", false, &r.show_person, resp) == 0) {
		int rc = exposure_publish(req->db, &req->who, &r, &id, &err);
		sup_reply_created(resp, rc, id, &err);
	}
	json_decref(b);
}

static void unpublish(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"reason", NULL};
	struct zf_err err;
	const char *reason = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "exposure", &id, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &reason);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = exposure_unpublish(req->db, &req->who, id, reason, &err);
	sup_reply(resp, 200, rc,
		  rc == 0 ? json_pack("{s:I,s:b}", "id", (json_int_t)id, "published", 0) : NULL,
		  &err);
	json_decref(b);
}

const struct route exposure_routes[] = {
    {"GET", "/api/v1/public/exposures", public_list, 0, ROUTE_PUBLIC,
     "the public exposure board (曝光台), newest first (?limit=&after= an id to go below)"},
    {"GET", "/api/v1/exposures", list_exposures, ROLE_OFFICE | ROLE_INSPECTOR, 0,
     "exposures, published and withdrawn"},
    {"POST", "/api/v1/exposures", publish, ROLE_OFFICE, 0, "publish a substantiated case"},
    {"POST", "/api/v1/exposures/{id}/unpublish", unpublish, ROLE_OFFICE, 0,
     "withdraw an exposure with a reason"},
    {0},
};
