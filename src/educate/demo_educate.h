/* demo_educate.h: the education room's part of `zuofeng demo`: a year (2026) of programmes,
 * sessions with attendance, speaker draws, reading, commitments, family education and
 * three appointments at the E2 gate. */
#ifndef ZF_EDUCATE_DEMO_EDUCATE_H
#define ZF_EDUCATE_DEMO_EDUCATE_H

#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

struct educate_demo_stats {
	int programmes, sessions, attendance, draws, reading, commitments, family;
	int appointments, effective, refused, overridden;
};

/*
 * Adds to the demo district (org_demo_create): a lecture hall (乡镇讲堂) in each township
 * for its post-80s cadres, every four weeks, with two speakers drawn fairly for each
 * session; the party school's weekend classes on the topic catalogue; closed study for
 * deputy-section level and above; weekly-meeting study (monthly in the demo) in the
 * district leadership and T01 with reporters drawn; professional-ethics education for
 * the district agencies; family integrity education, the reading list and written
 * commitments; and three appointments: one in effect after its talk and training, one
 * pending and refused by the gate (training missing), one overridden with a reason.
 * Deterministic from seed (attendance drawn with the room's ChaCha20 generator), dates in
 * January to mid-November 2026; the two appointments in effect took effect in December
 * 2025, so that the district as the organisation demo dates it stays consistent. Must run inside
 * the caller's transaction. Returns 0 or a negative ZF_E* with err; st is written on success.
 */
int educate_demo_create(struct store *s, const struct actor *who, uint64_t seed,
			struct educate_demo_stats *st, struct zf_err *err);

#endif
