/* demo.h: the demo district that `zuofeng demo` builds: categories, units, about 2,000 cadres,
 * leadership teams and oversight, generated deterministically from a seed through org.h. */
#ifndef ZF_ORG_DEMO_H
#define ZF_ORG_DEMO_H

#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "org/org.h"
#include "store/store.h"

/* The seed `zuofeng demo` uses when none is given. */
#define ORG_DEMO_SEED 2026

/* What the demo district holds, for the command's summary and its accounts. */
struct org_demo_stats {
	int categories, units, townships, departments, systems;
	int people, born_1980s, team_members, oversight;
	char leader_unit[ORG_CODE_MAX + 1];   /* the first township's code (T01) */
	char leader_person[ORG_CODE_MAX + 1]; /* the code of its main leader */
	char leader_title[64];		      /* e.g. 罗坊镇党委书记 */
};

/*
 * Builds the demo district in s: the district leadership unit QU, 9 townships and 41
 * departments in 5 systems with their categories, their cadres, leadership teams and
 * oversight assignments, each write audited as who. The same seed gives the same district.
 * Must run inside the caller's transaction (store_begin): on failure the caller rolls back,
 * so a failed demo writes nothing. The database is expected to hold no units yet.
 *   st  receives the counts and the codes the demo accounts need (written on success only)
 * Returns 0; ZF_EINTERNAL when called outside a transaction; a negative ZF_E* with err when
 * a write fails (ZF_ECONFLICT when a code is already taken).
 */
int org_demo_create(struct store *s, const struct actor *who, uint64_t seed,
		    struct org_demo_stats *st, struct zf_err *err);

#endif
