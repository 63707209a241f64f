/* test_api_core.c: the server's own behaviour: health, metrics, 404, 405, the body limit,
 * malformed JSON, security headers, static files. */
#include "apitest.h"

static struct api A;

static int setup(void **state)
{
	api_start(&A);
	return 0;
}

static int teardown(void **state)
{
	api_stop(&A);
	return 0;
}

static void test_health_is_public(void **state)
{
	struct api_resp r;
	char h[256];
	api_call(&A, NULL, "GET", "/api/v1/health", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	api_header(&r, "Content-Type", h, sizeof h);
	assert_string_equal(h, "application/json; charset=utf-8");
	api_header(&r, "X-Content-Type-Options", h, sizeof h);
	assert_string_equal(h, "nosniff");
	api_header(&r, "X-Frame-Options", h, sizeof h);
	assert_string_equal(h, "DENY");
	api_header(&r, "Content-Security-Policy", h, sizeof h);
	assert_non_null(strstr(h, "default-src 'self'"));
	assert_non_null(strstr(h, "frame-ancestors 'none'"));
	api_header(&r, "Cache-Control", h, sizeof h);
	assert_string_equal(h, "no-store");
	api_resp_cleanup(&r);
}

static void test_unknown_route_is_404_json(void **state)
{
	struct api_resp r;
	api_call(&A, NULL, "GET", "/api/v1/no-such-thing", NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	assert_string_equal(api_error_code(&r), "not_found");
	assert_non_null(
	    strstr(json_string_value(json_object_get(json_object_get(r.json, "error"), "message")),
		   "/api/v1/no-such-thing"));
	api_resp_cleanup(&r);
	api_call(&A, NULL, "POST", "/api/v1/no-such-thing", "{}", NULL, &r);
	assert_int_equal(r.status, 404);
	api_resp_cleanup(&r);
}

static void test_wrong_method_is_405_with_allow(void **state)
{
	struct api_resp r;
	char h[128];
	api_call(&A, NULL, "PUT", "/api/v1/health", "{}", NULL, &r);
	assert_int_equal(r.status, 405);
	api_header(&r, "Allow", h, sizeof h);
	assert_string_equal(h, "GET");
	api_resp_cleanup(&r);
	api_call(&A, NULL, "PATCH", "/api/v1/session", "{}", NULL, &r);
	assert_int_equal(r.status, 405);
	api_header(&r, "Allow", h, sizeof h);
	assert_non_null(strstr(h, "POST"));
	assert_non_null(strstr(h, "DELETE"));
	api_resp_cleanup(&r);
}

static void test_body_over_limit_is_413(void **state)
{
	struct api_resp r;
	size_t n = 64 * 1024 + 1;
	char *big = malloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	api_call(&A, NULL, "POST", "/api/v1/session", big, NULL, &r);
	assert_int_equal(r.status, 413);
	assert_string_equal(api_error_code(&r), "too_large");
	api_resp_cleanup(&r);
	/* exactly at the limit is read (and then refused as bad JSON, not as too large) */
	big[n - 1] = '\0';
	api_call(&A, NULL, "POST", "/api/v1/session", big, NULL, &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
	free(big);
	/* the server still answers afterwards */
	api_call(&A, NULL, "GET", "/api/v1/health", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
}

static void test_malformed_json_names_body(void **state)
{
	struct api_resp r;
	api_call(&A, NULL, "POST", "/api/v1/session", "{\"username\": ", NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(api_error_code(&r), "invalid");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "body");
	api_resp_cleanup(&r);
	api_call(&A, NULL, "POST", "/api/v1/session", "[1,2]", NULL, &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
	api_call(&A, NULL, "POST", "/api/v1/session", "{\"username\":\"a\",\"username\":\"b\"}",
		 NULL, &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
}

static void test_metrics_count_requests(void **state)
{
	struct api_resp r;
	api_call(&A, NULL, "GET", "/api/v1/health", NULL, NULL, &r);
	api_resp_cleanup(&r);
	api_call(&A, NULL, "GET", "/metrics", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "# TYPE zuofeng_http_requests_total counter"));
	assert_non_null(strstr(
	    r.body,
	    "zuofeng_http_requests_total{method=\"GET\",route=\"/api/v1/health\",code=\"2xx\"}"));
	assert_non_null(strstr(r.body, "zuofeng_http_request_duration_seconds_bucket{"));
	assert_non_null(strstr(r.body, "zuofeng_http_errors_total"));
	api_resp_cleanup(&r);
}

static void test_static_files_and_traversal(void **state)
{
	struct api_resp r;
	char h[128];
	api_call(&A, NULL, "GET", "/", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	api_header(&r, "Content-Type", h, sizeof h);
	assert_string_equal(h, "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "<html"));
	api_resp_cleanup(&r);
	api_call(&A, NULL, "GET", "/..%2fCMakeLists.txt", NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	api_resp_cleanup(&r);
	api_call(&A, NULL, "GET", "/no-such-file.js", NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	api_resp_cleanup(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_health_is_public),
	    cmocka_unit_test(test_unknown_route_is_404_json),
	    cmocka_unit_test(test_wrong_method_is_405_with_allow),
	    cmocka_unit_test(test_body_over_limit_is_413),
	    cmocka_unit_test(test_malformed_json_names_body),
	    cmocka_unit_test(test_metrics_count_requests),
	    cmocka_unit_test(test_static_files_and_traversal),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
