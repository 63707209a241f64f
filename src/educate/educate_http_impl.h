/* educate_http_impl.h: what the route files of src/educate/ share: request pieces that
 * reply 400 themselves (the _or_reply helpers return -1 after replying), replies, file
 * formats, and the handlers the route table in educate_http.c lists from
 * educate_report_http.c. Not part of the room's door. */
#ifndef ZF_EDUCATE_HTTP_IMPL_H
#define ZF_EDUCATE_HTTP_IMPL_H

#include "educate/educate.h"
#include "http/http.h"

#define PAGE_DEFAULT 100
#define PAGE_MAX     1000

/* The i-th path parameter, or "". */
const char *edu_param(struct http_req *req, int i);
/* A query value, or NULL when absent or empty. */
const char *edu_query(struct http_req *req, const char *key);
/* The unit a unit-scoped account is bound to (-1 when it has none), or 0 for the
 * district-wide roles: the scope_unit of educate.h's functions. */
int64_t edu_scope(const struct http_req *req);

/* A number member into *out, left alone when absent; 400 for another type. */
int edu_num_or_reply(json_t *body, const char *key, double *out, struct http_resp *resp);
/* A non-negative integer member into *out, left alone when absent. */
int edu_int_or_reply(json_t *body, const char *key, int *out, struct http_resp *resp);
/* Path parameter i as a positive id; 404 otherwise. */
int edu_id_or_reply(struct http_req *req, int i, int64_t *id, struct http_resp *resp);
/* ?year= (2000..2100), default the current year. */
int edu_year_or_reply(struct http_req *req, int *year, struct http_resp *resp);
/* Parses the body as an object of string members keys[] into vals[]; NULL after replying.
 * The caller decrefs the body, which owns the strings. */
json_t *edu_strings_body(struct http_req *req, struct http_resp *resp, const char *const *keys,
			 const char **vals);

/* Replies j (stolen) with status, or the error when rc < 0. */
void edu_reply(struct http_resp *resp, int status, int rc, json_t *j, const struct zf_err *err);
/* {"items": arr (stolen), "next_after": the last id when the page is full, else null}. */
void edu_reply_page(struct http_resp *resp, json_t *arr, int limit);
/* 201 {"id"} or the error. */
void edu_reply_created(struct http_resp *resp, int rc, int64_t id, const struct zf_err *err);

/* educate_report_http.c: dossiers, completion and appointments. */
void edu_get_dossier(struct http_req *req, struct http_resp *resp);
void edu_get_owed(struct http_req *req, struct http_resp *resp);
void edu_get_unit_education(struct http_req *req, struct http_resp *resp);
void edu_get_completion(struct http_req *req, struct http_resp *resp);
void edu_create_appointment(struct http_req *req, struct http_resp *resp);
void edu_list_appointments(struct http_req *req, struct http_resp *resp);
void edu_list_overrides(struct http_req *req, struct http_resp *resp);
void edu_get_appointment(struct http_req *req, struct http_resp *resp);
void edu_effect_appointment(struct http_req *req, struct http_resp *resp);
void edu_override_appointment(struct http_req *req, struct http_resp *resp);
void edu_get_settings(struct http_req *req, struct http_resp *resp);
void edu_update_settings(struct http_req *req, struct http_resp *resp);

#endif
