/* educate_http_util.c: the request pieces and replies the education routes share
 * (educate_http_impl.h). */
#include "educate/educate_http_impl.h"
#include "auth/auth.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- request pieces ---- */

const char *edu_param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

/* A query value, or NULL when absent or empty. */
const char *edu_query(struct http_req *req, const char *key)
{
	const char *v = http_query(req, key);
	return v && *v ? v : NULL;
}

/* The unit a unit-scoped account is bound to, or 0 for the district-wide roles. */
int64_t edu_scope(const struct http_req *req)
{
	return (req->role_bit & ROLES_UNIT_SCOPED) ? (req->who.unit_id ? req->who.unit_id : -1) : 0;
}

/* A number member into *out (left alone when absent); replies 400 for another type. */
int edu_num_or_reply(json_t *body, const char *key, double *out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return 0;
	if (!json_is_number(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a number", key);
		return -1;
	}
	*out = json_number_value(v);
	return 0;
}

int edu_int_or_reply(json_t *body, const char *key, int *out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 100000) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a non-negative integer", key);
		return -1;
	}
	*out = (int)json_integer_value(v);
	return 0;
}

/* A path id: a positive integer. */
int edu_id_or_reply(struct http_req *req, int i, int64_t *id, struct http_resp *resp)
{
	char *end;
	errno = 0;
	long long v = strtoll(edu_param(req, i), &end, 10);
	if (errno || *end || v <= 0) {
		resp_fail(resp, ZF_ENOTFOUND, NULL, "no record %s", edu_param(req, i));
		return -1;
	}
	*id = v;
	return 0;
}

/* ?year=, default the current year. */
int edu_year_or_reply(struct http_req *req, int *year, struct http_resp *resp)
{
	char today[11];
	const char *y = edu_query(req, "year");
	if (!y) {
		time_today(today, sizeof today);
		*year = atoi(today);
		return 0;
	}
	char *end;
	long v = strtol(y, &end, 10);
	if (*end || v < 2000 || v > 2100) {
		resp_fail(resp, ZF_EINVAL, "year", "year must be 2000..2100");
		return -1;
	}
	*year = (int)v;
	return 0;
}

void edu_reply(struct http_resp *resp, int status, int rc, json_t *j, const struct zf_err *err)
{
	if (rc < 0)
		resp_error(resp, err);
	else
		resp_json(resp, status, j);
}

/* {"items": arr, "next_after": the last id when the page is full, else null}. */
void edu_reply_page(struct http_resp *resp, json_t *arr, int limit)
{
	size_t n = json_array_size(arr);
	json_t *next = NULL;
	if (n > 0 && n == (size_t)limit)
		next = json_object_get(json_array_get(arr, n - 1), "id");
	next = next ? json_incref(next) : json_null();
	resp_json(resp, 200, json_pack("{s:o,s:o}", "items", arr, "next_after", next));
}

/* Reads the string members keys[] of the body into vals[] (NULL when absent). */
json_t *edu_strings_body(struct http_req *req, struct http_resp *resp, const char *const *keys,
			 const char **vals)
{
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return NULL;
	if (http_only_keys_or_reply(body, keys, resp) < 0)
		goto fail;
	for (int i = 0; keys[i]; i++)
		if (http_str_or_reply(body, keys[i], &vals[i], resp) < 0)
			goto fail;
	return body;
fail:
	json_decref(body);
	return NULL;
}

void edu_reply_created(struct http_resp *resp, int rc, int64_t id, const struct zf_err *err)
{
	edu_reply(resp, 201, rc, rc < 0 ? NULL : json_pack("{s:I}", "id", (json_int_t)id), err);
}
