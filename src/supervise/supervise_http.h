/* supervise_http.h: what the route files of the supervision work (sanction_http.c,
 * finding_http.c, exposure_http.c, inspection_http.c, decision_http.c, station_http.c,
 * routine_http.c) share: reading JSON bodies and query strings, unit scoping, replies.
 * Each _or_reply helper returns -1 after it has replied with the error. */
#ifndef ZF_SUPERVISE_SUPERVISE_HTTP_H
#define ZF_SUPERVISE_SUPERVISE_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

#define SUP_PAGE_DEFAULT 100
#define SUP_PAGE_MAX	 1000

/* An integer field: absent or null leaves *out = def; another type or outside [lo, hi]
 * replies 400. */
int sup_int_or_reply(json_t *body, const char *key, int def, int lo, int hi, int *out,
		     struct http_resp *resp);
/* A number field (integer or real): absent or null leaves *out = def. */
int sup_num_or_reply(json_t *body, const char *key, double def, double *out,
		     struct http_resp *resp);
/* A boolean field: absent or null leaves *out = def. */
int sup_bool_or_reply(json_t *body, const char *key, bool def, bool *out, struct http_resp *resp);
/* An array of strings: absent or null gives *out NULL; else a new NULL-terminated array of
 * borrowed strings (free the array). */
int sup_strs_or_reply(json_t *body, const char *key, const char ***out, struct http_resp *resp);

/* Path parameter i as a positive integer id; replies 404 when it is not one. */
int sup_id_or_reply(struct http_req *req, int i, const char *what, int64_t *id,
		    struct http_resp *resp);
/* Path parameter i (a string), or "". */
const char *sup_param(struct http_req *req, int i);
/* A query value, or NULL when absent or empty. */
const char *sup_query(struct http_req *req, const char *key);
/* The unit a unit-scoped account is bound to, or 0 for every other role. */
int64_t sup_scope(const struct http_req *req);
/* The unit filter of a list: ?unit=CODE resolved (400 when unknown), and for a unit-scoped
 * account its own unit (403 when it asks for another). *unit_id 0: every unit. */
int sup_unit_filter_or_reply(struct http_req *req, int64_t *unit_id, struct http_resp *resp);

/* Replies status with j (stolen) when rc is 0, else the error. */
void sup_reply(struct http_resp *resp, int status, int rc, json_t *j, const struct zf_err *err);
/* {"items": arr, "next_after": the last id when the page is full, else null}. */
void sup_reply_page(struct http_resp *resp, json_t *arr, int limit);
/* {"id": id} with status 201 when rc is 0, else the error. */
void sup_reply_created(struct http_resp *resp, int rc, int64_t id, const struct zf_err *err);
/* A CSV attachment named fname. */
void sup_reply_csv(struct http_resp *resp, const char *fname, const char *data, size_t len);

#endif
