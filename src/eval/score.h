/* score.h: the composite ranking of SCORING.md sections 3-4, as a pure function from
 * in-memory inputs to results: no SQL, no I/O. The store, the CLI and the bootstrap all
 * feed it the same structures. */
#ifndef ZF_EVAL_SCORE_H
#define ZF_EVAL_SCORE_H

#include <stdbool.h>
#include <stdint.h>

#define SCORE_BINS 101 /* ratings are whole numbers 0..100 */

enum score_component { SC_PROCESS, SC_DEMOCRATIC, SC_SELF, SC_EFFICIENCY, SC_NCOMP };
enum score_period { SP_DAILY, SP_MONTHLY, SP_QUARTERLY, SP_ANNUAL, SP_NPERIODS };
enum score_grade { SG_NONE, SG_EXCELLENT, SG_GOOD, SG_FAIR, SG_POOR };

struct score_group {
	const char *code;
	double weight;   /* W_g > 0 */
	int min_ballots; /* eligibility threshold */
	bool mutual;
};

struct score_indicator {
	const char *code;
	double weight; /* w_i > 0 */
};

struct score_category {
	const char *code;
	int nind;
	const struct score_indicator *ind;
};

struct score_config {
	double comp[SC_NCOMP];       /* alpha_k, > 0 */
	double period[SP_NPERIODS];  /* pi_t, > 0 */
	double trim_ratio;           /* [0, 0.5) */
	double survey_factor;
	double survey_cap;
	double deduction_cap;
	double excellent_ratio;
	double good_min;
	double poor_below;
	int ngroups;
	const struct score_group *groups;
	int ncats;
	const struct score_category *cats;
};

/* One unit's inputs. hist and ballots are the caller's. */
struct score_unit {
	const char *code;
	int cat;                       /* index into config cats */
	/* hist[(g * nind + i) * SCORE_BINS + r]: ratings r of indicator i (of the unit's
	 * category) on ballots of group g about this unit; abstentions are not counted */
	const uint32_t *hist;
	const uint32_t *ballots;       /* [ngroups]: ballots of group g about this unit */
	double proc_sum[SP_NPERIODS];  /* sum of the process scores of each period type */
	int proc_n[SP_NPERIODS];       /* how many */
	bool has_self, has_eff, has_q;
	double self, eff, q;
	double points;                 /* sum of deduction points */
	bool veto, no_excellent;
};

/* One unit's results. Values whose has_ flag is false are missing. */
struct score_result {
	bool has_d, has_p, has_total;
	double d, p, total;
	double survey_adjust;   /* A */
	double deduction;       /* Delta */
	bool incomplete;        /* some component missing */
	bool ranked;            /* false when all four components are missing */
	int rank;               /* within the category; 0 when unranked */
	enum score_grade grade; /* SG_NONE when unranked */
	bool worst;
	double satisfaction;    /* share of ratings >= 60, or -1 with no rating */
	/* per group (ngroups entries, allocated by score_compute): */
	double *group_score;    /* G_g, or NAN when the group has no score */
	bool *group_eligible;
};

/* Computes every unit's results (SCORING.md sections 3 and 4). out has n entries; their
 * group arrays are allocated here and freed by score_results_free. Returns 0, or -1 when
 * a unit names a category out of range. */
int score_compute(const struct score_config *cfg, const struct score_unit *units, int n,
		  struct score_result *out);
void score_results_free(struct score_result *out, int n);

/* The trimmed mean of a 101-bin histogram with trim ratio t: drops k = floor(t*n + 1e-9)
 * ratings at each end. Returns false when the histogram is empty. */
bool score_trimmed_mean(const uint32_t *hist, double t, double *mean);

/* Ranks, grades and worst flags of the units of one category from their totals (the part
 * of score_compute the bootstrap repeats). idx lists the units of the category. */
void score_rank_category(const struct score_config *cfg, const struct score_unit *units,
			 struct score_result *out, const int *idx, int nidx);

/* The grade's Chinese label (优秀, 良好, 一般, 较差), or "" for SG_NONE. */
const char *score_grade_zh(enum score_grade g);

#endif
