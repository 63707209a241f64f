/* demo_work.h: the supervision work of `zuofeng demo`: findings and sanctions on the demo's
 * cases (some feeding round 2026's adjustments), exposures, key periods, inspections,
 * projects, decisions, service stations with a supervisor, and integrity routines. */
#ifndef ZF_SUPERVISE_DEMO_WORK_H
#define ZF_SUPERVISE_DEMO_WORK_H

#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

/* The supervisor account the demo adds (password "demo", like the others). */
#define SUPERVISE_DEMO_SUPERVISOR "supervisor"

struct supervise_demo_stats {
	int findings, sanctions, adjustments, exposures, key_periods, inspections;
	int inspection_cases, projects, decisions, tasks, stations, forwarded, routines;
};

/*
 * Fills the supervision work of the demo district, deterministically from seed, dated up to
 * today. Runs after case_demo_fill in the caller's transaction (the caller rolls back on
 * failure) and needs the demo's accounts "office" and "inspector" and a loaded seal key.
 * Adds the account SUPERVISE_DEMO_SUPERVISOR (role supervisor) at the first township's
 * service station. Returns 0 or the first error; *st gets the counts.
 */
int supervise_demo_fill(struct store *s, const struct actor *who, uint64_t seed,
			struct supervise_demo_stats *st, struct zf_err *err);

#endif
