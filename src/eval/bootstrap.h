/* bootstrap.h: how certain a rank is (SCORING.md section 5): each (unit, group)'s ballots
 * are resampled with replacement, D, T and the ranks recomputed with the other inputs
 * fixed; each unit gets its 5th-95th percentile rank and its probability of being last.
 * Pure: no SQL, no I/O. The method and its approximation are in docs/scoring.md. */
#ifndef ZF_EVAL_BOOTSTRAP_H
#define ZF_EVAL_BOOTSTRAP_H

#include <stdint.h>

#include "eval/score.h"

struct boot_input {
	const struct score_config *cfg;
	const struct score_unit *units;   /* the real inputs, as given to score_compute */
	const struct score_result *base;  /* score_compute's results for them */
	int n;
	/* the ballots of unit u and group g: cell_n[u * ngroups + g] ballots, each nind bytes
	 * (the unit's category's indicators in order; 255 abstains), back to back */
	const uint8_t *const *cell_ratings;
	const uint32_t *cell_n;
	int resamples;                    /* R; 0 skips the bootstrap */
	uint64_t seed;
};

struct boot_output {
	double *p_last; /* [n]: share of resamples in which the unit ranked last (worst) */
	int *rank_lo;   /* [n]: 5th percentile rank; 0 for unranked units */
	int *rank_hi;   /* [n]: 95th percentile rank */
};

/* Fills out (arrays of n, the caller's). Returns 0. Deterministic for a seed. */
int eval_bootstrap(const struct boot_input *in, struct boot_output *out);

#endif
