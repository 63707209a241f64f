/* supervise_http.c: request and reply pieces shared by the supervision work's routes. */
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "base/util.h"
#include "supervise/supervise.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sup_int_or_reply(json_t *body, const char *key, int def, int lo, int hi, int *out,
		     struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a whole number from %d to %d", key, lo,
			  hi);
		return -1;
	}
	*out = (int)json_integer_value(v);
	return 0;
}

int sup_num_or_reply(json_t *body, const char *key, double def, double *out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a number", key);
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

int sup_bool_or_reply(json_t *body, const char *key, bool def, bool *out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be true or false", key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

int sup_strs_or_reply(json_t *body, const char *key, const char ***out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key), *it;
	size_t i;
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be an array of strings", key);
		return -1;
	}
	const char **arr = xcalloc(json_array_size(v) + 1, sizeof *arr);
	json_array_foreach(v, i, it)
	{
		if (!json_is_string(it)) {
			free(arr);
			resp_fail(resp, ZF_EINVAL, key, "%s[%zu] must be a string", key, i);
			return -1;
		}
		arr[i] = json_string_value(it);
	}
	*out = arr;
	return 0;
}

const char *sup_param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

int sup_id_or_reply(struct http_req *req, int i, const char *what, int64_t *id,
		    struct http_resp *resp)
{
	const char *p = sup_param(req, i);
	char *end;
	errno = 0;
	long long v = strtoll(p, &end, 10);
	if (!*p || *end || errno || v <= 0) {
		resp_fail(resp, ZF_ENOTFOUND, "id", "no %s '%s'", what, p);
		return -1;
	}
	*id = v;
	return 0;
}

const char *sup_query(struct http_req *req, const char *key)
{
	const char *v = http_query(req, key);
	return v && *v ? v : NULL;
}

int64_t sup_scope(const struct http_req *req)
{
	return (req->role_bit & ROLES_UNIT_SCOPED) ? req->who.unit_id : 0;
}

int sup_unit_filter_or_reply(struct http_req *req, int64_t *unit_id, struct http_resp *resp)
{
	struct zf_err err;
	const char *code = sup_query(req, "unit");
	int64_t id = 0;
	zf_err_clear(&err);
	if (code && sup_unit_id(req->db, "unit", code, true, &id, &err) < 0) {
		resp_error(resp, &err);
		return -1;
	}
	int64_t own = sup_scope(req);
	if (own && id && id != own) {
		resp_fail(resp, ZF_EFORBIDDEN, "unit", "this account sees its own unit (%s) only",
			  req->unit_code);
		return -1;
	}
	if ((req->role_bit & ROLES_UNIT_SCOPED) && !own) {
		resp_fail(resp, ZF_EFORBIDDEN, NULL, "this account is bound to no unit");
		return -1;
	}
	*unit_id = own ? own : id;
	return 0;
}

void sup_reply(struct http_resp *resp, int status, int rc, json_t *j, const struct zf_err *err)
{
	if (rc < 0)
		resp_error(resp, err);
	else
		resp_json(resp, status, j);
}

void sup_reply_page(struct http_resp *resp, json_t *arr, int limit)
{
	size_t n = json_array_size(arr);
	json_t *next = NULL;
	if (n > 0 && n == (size_t)limit)
		next = json_object_get(json_array_get(arr, n - 1), "id");
	next = next ? json_incref(next) : json_null();
	resp_json(resp, 200, json_pack("{s:o,s:o}", "items", arr, "next_after", next));
}

void sup_reply_created(struct http_resp *resp, int rc, int64_t id, const struct zf_err *err)
{
	if (rc < 0)
		resp_error(resp, err);
	else
		resp_json(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void sup_reply_csv(struct http_resp *resp, const char *fname, const char *data, size_t len)
{
	resp_body(resp, 200, "text/csv; charset=utf-8", data, len);
	resp_attachment(resp, fname);
}
