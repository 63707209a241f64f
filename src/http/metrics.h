/* metrics.h: request counts, errors and latencies per route, in Prometheus text format. */
#ifndef ZF_HTTP_METRICS_H
#define ZF_HTTP_METRICS_H

#include <stdint.h>

#include "base/buf.h"
#include "http/http.h"

void metrics_init(const struct route *const *routes, int n);
void metrics_cleanup(void);
/* Counts one request: idx is the route's index, or -1 for static files and unknown paths. */
void metrics_observe(int idx, const char *method, int status, uint64_t ns);
/* Appends the exposition text to b. */
void metrics_render(struct buf *b);

#endif
