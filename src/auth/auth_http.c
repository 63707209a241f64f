/* auth_http.c: JSON <-> auth.h: login, logout, the session, password changes, accounts
 * (sysadmin) and the security policy (secadmin). */
#include "auth/auth.h"
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

#define SESSION_COOKIE "zf_session"

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_t *session_json(const struct auth_session *ss)
{
	json_t *u = json_pack("{s:s,s:s}", "username", ss->username, "role", ss->role);
	json_object_set_new(u, "unit", ss->unit_code[0] ? json_string(ss->unit_code) : json_null());
	return json_pack("{s:o,s:s,s:b}", "user", u, "csrf_token", ss->csrf, "must_change_password",
			 ss->must_change);
}

static void post_session(struct http_req *req, struct http_resp *resp)
{
	struct auth_session ss;
	struct zf_err err;
	char token[65], cookie[160];
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	zf_err_clear(&err);
	const char *u = jstr(body, "username"), *p = jstr(body, "password");
	if (!u || !p) {
		json_decref(body);
		resp_fail(resp, ZF_EINVAL, !u ? "username" : "password", "%s is required",
			  !u ? "username" : "password");
		return;
	}
	int rc = auth_login(req->db, u, p, req->who.addr, token, &ss, &err);
	json_decref(body);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict", SESSION_COOKIE,
		 token);
	resp_header(resp, "Set-Cookie", cookie);
	resp_json(resp, 200, session_json(&ss));
}

static void get_session(struct http_req *req, struct http_resp *resp)
{
	struct auth_session ss;
	struct zf_err err;
	zf_err_clear(&err);
	if (auth_session_lookup(req->db, http_cookie(req, SESSION_COOKIE), &ss, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	resp_json(resp, 200, session_json(&ss));
}

static void delete_session(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	zf_err_clear(&err);
	auth_logout(req->db, http_cookie(req, SESSION_COOKIE), &err);
	resp_header(resp, "Set-Cookie",
		    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	resp_json(resp, 200, json_pack("{s:b}", "logged_out", 1));
}

static void post_own_password(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	zf_err_clear(&err);
	const char *o = jstr(body, "old_password"), *n = jstr(body, "new_password");
	if (!o || !n)
		resp_fail(resp, ZF_EINVAL, !o ? "old_password" : "new_password", "%s is required",
			  !o ? "old_password" : "new_password");
	else if (auth_user_passwd(req->db, &req->who, req->who.username, o, n, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, json_pack("{s:b}", "changed", 1));
	json_decref(body);
}

static void get_users(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *list;
	zf_err_clear(&err);
	if (auth_user_list(req->db, &list, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, json_pack("{s:o}", "users", list));
}

static void post_users(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	zf_err_clear(&err);
	struct auth_user_new u = {
	    .username = jstr(body, "username"),
	    .display_name = jstr(body, "display_name"),
	    .role = jstr(body, "role"),
	    .unit_code = jstr(body, "unit"),
	    .person_code = jstr(body, "person"),
	    .password = jstr(body, "password"),
	    .must_change = true,
	};
	if (!u.password)
		resp_fail(resp, ZF_EINVAL, "password", "an initial password is required");
	else if (auth_user_add(req->db, &req->who, &u, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 201,
			  json_pack("{s:s,s:s,s:b}", "username", u.username, "role", u.role,
				    "must_change_password", 1));
	json_decref(body);
}

static void post_user_password(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	zf_err_clear(&err);
	const char *n = jstr(body, "new_password");
	if (!n)
		resp_fail(resp, ZF_EINVAL, "new_password", "new_password is required");
	else if (auth_user_passwd(req->db, &req->who, req->params[0], NULL, n, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, json_pack("{s:b}", "reset", 1));
	json_decref(body);
}

static void set_active(struct http_req *req, struct http_resp *resp, bool active)
{
	struct zf_err err;
	zf_err_clear(&err);
	if (!active && !strcmp(req->params[0], req->who.username))
		resp_fail(resp, ZF_ECONFLICT, "username", "an account cannot deactivate itself");
	else if (auth_user_set_active(req->db, &req->who, req->params[0], active, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200,
			  json_pack("{s:s,s:b}", "username", req->params[0], "active", active));
}

static void post_user_deactivate(struct http_req *req, struct http_resp *resp)
{
	set_active(req, resp, false);
}

static void post_user_activate(struct http_req *req, struct http_resp *resp)
{
	set_active(req, resp, true);
}

static void post_user_unlock(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	zf_err_clear(&err);
	if (auth_user_unlock(req->db, &req->who, req->params[0], &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200,
			  json_pack("{s:s,s:b}", "username", req->params[0], "locked", 0));
}

static void get_policy(struct http_req *req, struct http_resp *resp)
{
	struct auth_policy p;
	struct zf_err err;
	zf_err_clear(&err);
	if (auth_policy_get(req->db, &p, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, auth_policy_json(&p));
}

static void patch_policy(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	zf_err_clear(&err);
	if (auth_policy_update(req->db, &req->who, body, &err) < 0)
		resp_error(resp, &err);
	else
		get_policy(req, resp);
	json_decref(body);
}

const struct route auth_routes[] = {
    {"POST", "/api/v1/session", post_session, 0, ROUTE_PUBLIC | ROUTE_NO_CSRF, "log in"},
    {"GET", "/api/v1/session", get_session, ROLES_ALL, ROUTE_PWCHANGE, "the current session"},
    {"DELETE", "/api/v1/session", delete_session, ROLES_ALL, ROUTE_PWCHANGE, "log out"},
    {"POST", "/api/v1/session/password", post_own_password, ROLES_ALL, ROUTE_PWCHANGE,
     "change one's own password"},
    {"GET", "/api/v1/users", get_users, ROLE_SYSADMIN, 0, "list accounts"},
    {"POST", "/api/v1/users", post_users, ROLE_SYSADMIN, 0, "create an account"},
    {"POST", "/api/v1/users/{username}/password", post_user_password, ROLE_SYSADMIN, 0,
     "reset an account's password"},
    {"POST", "/api/v1/users/{username}/deactivate", post_user_deactivate, ROLE_SYSADMIN, 0,
     "deactivate an account"},
    {"POST", "/api/v1/users/{username}/activate", post_user_activate, ROLE_SYSADMIN, 0,
     "reactivate an account"},
    {"POST", "/api/v1/users/{username}/unlock", post_user_unlock, ROLE_SECADMIN, 0,
     "unlock a locked account"},
    {"GET", "/api/v1/security/policy", get_policy, ROLE_SECADMIN, 0, "the security policy"},
    {"PATCH", "/api/v1/security/policy", patch_policy, ROLE_SECADMIN, 0,
     "change the security policy"},
    {0},
};
