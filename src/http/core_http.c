/* core_http.c: the routes that belong to no room: health, metrics and the route listing. */
#include "http/metrics.h"
#include "http/routes.h"
#include "auth/auth.h"

#include <string.h>

static void get_health(struct http_req *req, struct http_resp *resp)
{
	resp_json(resp, 200, json_pack("{s:s,s:s}", "status", "ok", "version", ZF_VERSION));
}

static void get_metrics(struct http_req *req, struct http_resp *resp)
{
	struct buf b = BUF_INIT;
	metrics_render(&b);
	resp_body(resp, 200, "text/plain; version=0.0.4; charset=utf-8", buf_str(&b), b.len);
	buf_cleanup(&b);
}

const struct route core_routes[] = {
    {"GET", "/api/v1/health", get_health, 0, ROUTE_PUBLIC, "liveness and version"},
    {"GET", "/metrics", get_metrics, 0, ROUTE_PUBLIC, "Prometheus metrics"},
    {0},
};
