/* demo_respons.h: the responsibility room's part of `zuofeng demo`: four nominations in the
 * demo district, one of each outcome, with the supervision records they need. */
#ifndef ZF_RESPONS_DEMO_RESPONS_H
#define ZF_RESPONS_DEMO_RESPONS_H

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

struct respons_demo_stats {
	int nominations, signed_, vetoed, flags;
};

/*
 * Adds to the demo district (org_demo_create, with the demo accounts "inspector" and
 * "leader", the latter linked to T01's main leader): a nomination cleared and signed by the
 * leader account; one cleared, signed, then flagged for joint liability by a substantiated
 * case against the promoted cadre; one vetoed by a promotion ban (诫勉谈话); one vetoed by a
 * substantiated case of a veto category (公款吃喝) found by inspection. The cases and
 * sanctions are written as the supervision room would, each audited. Deterministic: fixed
 * dates in 2026 and the first people of T01, T02 and D05 who are not on the leadership team.
 * Must run inside the caller's transaction. Returns 0 or a negative ZF_E* with err.
 */
int respons_demo_create(struct store *s, const struct actor *who, struct respons_demo_stats *st,
			struct zf_err *err);

#endif
