/* finding_http.c: the routes of a case's finding (R5, S4): the system's proposal of who is
 * responsible, recording and confirming the finding (inspectors only), and reading it. */
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

static void get_finding(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = finding_get(req->db, sup_param(req, 0), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void get_proposal(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = finding_propose(req->db, sup_param(req, 0), sup_query(req, "area"), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void record_finding(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"finding", "finding_on", "summary", "area",
					   "direct",  "leaders",    NULL};
	struct finding_rec f;
	struct zf_err err;
	const char **direct = NULL, **leaders = NULL;
	json_t *j = NULL;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&f, 0, sizeof f);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "finding", &f.finding, resp) == 0 &&
	    http_str_or_reply(b, "finding_on", &f.finding_on, resp) == 0 &&
	    http_str_or_reply(b, "summary", &f.summary, resp) == 0 &&
	    http_str_or_reply(b, "area", &f.area, resp) == 0 &&
	    sup_strs_or_reply(b, "direct", &direct, resp) == 0 &&
	    sup_strs_or_reply(b, "leaders", &leaders, resp) == 0) {
		f.direct = direct;
		f.leaders = leaders;
		int rc = finding_record(req->db, &req->who, sup_param(req, 0), &f, &err);
		if (rc == 0)
			rc = finding_get(req->db, sup_param(req, 0), &j, &err);
		sup_reply(resp, 200, rc, j, &err);
	}
	free(direct);
	free(leaders);
	json_decref(b);
}

static void confirm_finding(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = finding_confirm(req->db, &req->who, sup_param(req, 0), &err);
	if (rc == 0)
		rc = finding_get(req->db, sup_param(req, 0), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

const struct route finding_routes[] = {
    {"GET", "/api/v1/cases/{case_no}/finding/proposal", get_proposal, ROLE_INSPECTOR, 0,
     "who the system holds responsible (?area=)"},
    {"POST", "/api/v1/cases/{case_no}/finding/confirm", confirm_finding, ROLE_INSPECTOR, 0,
     "confirm a case's finding"},
    {"GET", "/api/v1/cases/{case_no}/finding", get_finding, ROLE_INSPECTOR | ROLE_OFFICE, 0,
     "a case's finding and the people it holds responsible"},
    {"POST", "/api/v1/cases/{case_no}/finding", record_finding, ROLE_INSPECTOR, 0,
     "record a case's finding"},
    {0},
};
