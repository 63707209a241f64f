/* metrics.c: request counts, errors and latencies per route, in Prometheus text format. */
#include "http/metrics.h"
#include "base/util.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const double bucket_s[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
				  0.1,	  0.25,	 0.5,	 1,	2.5,  5};
#define NBUCKETS (sizeof bucket_s / sizeof bucket_s[0])

struct route_metrics {
	_Atomic uint64_t by_class[6]; /* index status/100 */
	_Atomic uint64_t buckets[NBUCKETS];
	_Atomic uint64_t count;
	_Atomic uint64_t sum_ns;
};

static const struct route *const *mroutes;
static int mn;
static struct route_metrics *mtab; /* mn + 1 entries: the last is "other" */

void metrics_init(const struct route *const *routes, int n)
{
	metrics_cleanup();
	mroutes = routes;
	mn = n;
	mtab = xcalloc((size_t)n + 1, sizeof *mtab);
}

void metrics_cleanup(void)
{
	free(mtab);
	mtab = NULL;
	mn = 0;
}

void metrics_observe(int idx, const char *method, int status, uint64_t ns)
{
	if (!mtab)
		return;
	struct route_metrics *m = &mtab[idx >= 0 && idx < mn ? idx : mn];
	int cls = status / 100;
	atomic_fetch_add(&m->by_class[cls >= 1 && cls <= 5 ? cls : 0], 1);
	atomic_fetch_add(&m->count, 1);
	atomic_fetch_add(&m->sum_ns, ns);
	for (size_t b = 0; b < NBUCKETS; b++)
		if ((double)ns / 1e9 <= bucket_s[b])
			atomic_fetch_add(&m->buckets[b], 1);
}

static void labels(struct buf *b, int i)
{
	if (i < mn)
		buf_printf(b, "method=\"%s\",route=\"%s\"", mroutes[i]->method,
			   mroutes[i]->pattern);
	else
		buf_puts(b, "method=\"GET\",route=\"static\"");
}

void metrics_render(struct buf *b)
{
	if (!mtab)
		return;
	buf_puts(b, "# HELP zuofeng_http_requests_total HTTP requests by route and status class.\n"
		    "# TYPE zuofeng_http_requests_total counter\n");
	for (int i = 0; i <= mn; i++)
		for (int c = 1; c <= 5; c++) {
			uint64_t v = atomic_load(&mtab[i].by_class[c]);
			if (!v)
				continue;
			buf_puts(b, "zuofeng_http_requests_total{");
			labels(b, i);
			buf_printf(b, ",code=\"%dxx\"} %llu\n", c, (unsigned long long)v);
		}
	buf_puts(b, "# HELP zuofeng_http_errors_total HTTP responses with status >= 500.\n"
		    "# TYPE zuofeng_http_errors_total counter\n");
	uint64_t errors = 0;
	for (int i = 0; i <= mn; i++)
		errors += atomic_load(&mtab[i].by_class[5]);
	buf_printf(b, "zuofeng_http_errors_total %llu\n", (unsigned long long)errors);
	buf_puts(b, "# HELP zuofeng_http_request_duration_seconds Time to answer a request.\n"
		    "# TYPE zuofeng_http_request_duration_seconds histogram\n");
	for (int i = 0; i <= mn; i++) {
		uint64_t count = atomic_load(&mtab[i].count);
		if (!count)
			continue;
		for (size_t k = 0; k < NBUCKETS; k++) {
			buf_puts(b, "zuofeng_http_request_duration_seconds_bucket{");
			labels(b, i);
			buf_printf(b, ",le=\"%g\"} %llu\n", bucket_s[k],
				   (unsigned long long)atomic_load(&mtab[i].buckets[k]));
		}
		buf_puts(b, "zuofeng_http_request_duration_seconds_bucket{");
		labels(b, i);
		buf_printf(b, ",le=\"+Inf\"} %llu\n", (unsigned long long)count);
		buf_puts(b, "zuofeng_http_request_duration_seconds_sum{");
		labels(b, i);
		buf_printf(b, "} %.6f\n", (double)atomic_load(&mtab[i].sum_ns) / 1e9);
		buf_puts(b, "zuofeng_http_request_duration_seconds_count{");
		labels(b, i);
		buf_printf(b, "} %llu\n", (unsigned long long)count);
	}
}
