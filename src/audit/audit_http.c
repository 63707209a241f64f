/* audit_http.c: JSON <-> audit.h: the audit and login logs, for the auditor only. */
#include "audit/audit.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <string.h>

static void get_audit(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *list;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, 100, 1000, &limit, &after) < 0)
		return;
	const char *order = http_query(req, "order");
	if (order && strcmp(order, "asc") && strcmp(order, "desc")) {
		resp_fail(resp, ZF_EINVAL, "order", "order must be asc or desc");
		return;
	}
	bool desc = order && !strcmp(order, "desc");
	if (audit_list(req->db, after, desc, limit, http_query(req, "entity"), &list, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, json_pack("{s:o}", "entries", list));
}

static void get_logins(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *list;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, 100, 1000, &limit, &after) < 0)
		return;
	if (audit_login_list(req->db, after, limit, &list, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, json_pack("{s:o}", "entries", list));
}

static void get_verify(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct audit_verify_result res;
	zf_err_clear(&err);
	int rc = audit_verify(req->db, &res, &err);
	if (rc < 0 && rc != ZF_ECONFLICT) {
		resp_error(resp, &err);
		return;
	}
	json_t *j = json_pack("{s:b,s:I}", "intact", rc == 0, "entries", (json_int_t)res.entries);
	if (rc)
		json_object_set_new(
		    j, "first_bad",
		    json_pack("{s:I,s:s}", "id", (json_int_t)res.bad_id, "reason", res.reason));
	resp_json(resp, 200, j);
}

const struct route audit_routes[] = {
    {"GET", "/api/v1/audit", get_audit, ROLE_AUDITOR, 0, "the audit log"},
    {"GET", "/api/v1/audit/logins", get_logins, ROLE_AUDITOR, 0, "the login log"},
    {"GET", "/api/v1/audit/verify", get_verify, ROLE_AUDITOR, 0, "check the hash chain"},
    {0},
};
