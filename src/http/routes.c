/* routes.c: the one table of every route, built from each room's route array. */
#include "http/routes.h"
#include "eval/ballot.h"

const struct route *const route_tables[] = {
    core_routes,       auth_routes,
    audit_routes,      org_routes,
    eval_routes,       eval_results_routes,
    ballot_routes,     eval_more_routes,
    case_routes,       case_public_routes,
    sanction_routes,   finding_routes,
    exposure_routes,   keyperiod_routes,
    inspection_routes, project_routes,
    decision_routes,   station_routes,
    routine_routes,    respons_routes,
    educate_routes,    token_routes,
    NULL,
};

void routes_each(void (*fn)(const struct route *r, void *ctx), void *ctx)
{
	for (int t = 0; route_tables[t]; t++)
		for (const struct route *r = route_tables[t]; r->fn; r++)
			fn(r, ctx);
}

void routes_warm(struct writer *w)
{
	ballot_warm(w);
}
