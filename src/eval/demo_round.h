/* demo_round.h: the evaluation round that `zuofeng demo` adds to its district: round 2026,
 * opened and filled with ballots and every other input, generated from the demo's seed and
 * written through eval.h's imports. */
#ifndef ZF_EVAL_DEMO_ROUND_H
#define ZF_EVAL_DEMO_ROUND_H

#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

/* The code of the demo's round. */
#define EVAL_DEMO_ROUND "2026"

/* What the demo round holds, for the command's summary. */
struct eval_demo_stats {
	int units;	 /* the units evaluated */
	int ballots;	 /* every ballot, mutual ones included */
	int mutual;	 /* of which mutual ballots */
	int process;	 /* process score rows (monthly and quarterly) */
	int self;	 /* self and efficiency rows */
	int survey;	 /* survey rows */
	int adjustments; /* adjustment rows */
};

/*
 * Creates round 2026 (2026年度干部作风建设综合评价) in s with SCORING.md's default components
 * and groups and an indicator list for the townships and each department system, opens it
 * and fills it: ballots of every group about every evaluated unit (mutual ones rated by the
 * other units of the category), monthly and quarterly process scores, self and efficiency
 * scores for all units but one, survey results for most, and a few adjustments (deductions
 * with reasons, one veto, one lost excellence). Each unit has an underlying quality drawn
 * from seed, so the ranking means something; the same seed and units give the same inputs.
 * Every input goes through eval_import, so it is validated and audited like a file.
 * Must run inside the caller's transaction, after the demo district (org/demo.h) exists:
 * the units of categories township, dangqun, zhengfa, jingji, shehui and chengjian are
 * evaluated.
 *   st  receives the counts (written on success only)
 * Returns 0; ZF_EINTERNAL when called outside a transaction or when a generated file is
 * refused (err names its first bad row); a negative ZF_E* with err when a write fails
 * (ZF_ECONFLICT when round 2026 exists).
 */
int eval_demo_round_create(struct store *s, const struct actor *who, uint64_t seed,
			   struct eval_demo_stats *st, struct zf_err *err);

#endif
