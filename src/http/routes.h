/* routes.h: the one table of every route: each room's route array, listed in routes.c. */
#ifndef ZF_HTTP_ROUTES_H
#define ZF_HTTP_ROUTES_H

#include "http/http.h"
#include "store/writer.h"

/* Each room exports a NULL-terminated (fn == NULL) array. */
extern const struct route core_routes[];
extern const struct route auth_routes[];
extern const struct route audit_routes[];
extern const struct route org_routes[];
extern const struct route eval_routes[];
extern const struct route eval_results_routes[];
extern const struct route ballot_routes[];
extern const struct route token_routes[];
extern const struct route eval_more_routes[];
extern const struct route case_routes[];
extern const struct route case_public_routes[];
extern const struct route sanction_routes[];
extern const struct route finding_routes[];
extern const struct route exposure_routes[];
extern const struct route keyperiod_routes[];
extern const struct route inspection_routes[];
extern const struct route project_routes[];
extern const struct route decision_routes[];
extern const struct route station_routes[];
extern const struct route routine_routes[];
extern const struct route respons_routes[];
extern const struct route educate_routes[];

/* NULL-terminated list of the arrays above. */
extern const struct route *const route_tables[];

/* Calls fn for every route; used by the router, the metrics and the spec test. */
void routes_each(void (*fn)(const struct route *r, void *ctx), void *ctx);

/* What the rooms prepare when the server starts, before the first request: the writer's
 * token hints of the ballots. */
void routes_warm(struct writer *w);

#endif
