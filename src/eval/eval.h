/* eval.h: evaluation rounds (V1-V7): the round's configuration (SCORING.md section 1), its
 * life (draft -> open -> closed -> published), its inputs (process, self and efficiency,
 * survey, adjustments, ballots) and the ranking computed from them by score.c. */
#ifndef ZF_EVAL_EVAL_H
#define ZF_EVAL_EVAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "eval/score.h"
#include "store/store.h"

#define EVAL_CODE_MAX 64
#define EVAL_ABSTAIN 255 /* a rating byte that abstains */

struct eval_group {
	char *code, *name;
	double weight;
	int min_ballots;
	bool mutual;
};

struct eval_indicator {
	char *code, *name;
	double weight;
};

/* The indicator list of one unit category. */
struct eval_catlist {
	char *category;
	int nind;
	struct eval_indicator *ind;
};

struct eval_label {
	char *text;
	int value; /* 0..100 */
};

struct eval_config {
	char *code, *name;
	double comp[SC_NCOMP];       /* process, democratic, self, efficiency */
	double period[SP_NPERIODS];  /* daily, monthly, quarterly, annual */
	double trim_ratio;
	double survey_factor, survey_cap;
	double deduction_cap;
	double excellent_ratio, good_min, poor_below;
	int nlabels;
	struct eval_label *labels;
	int ngroups;
	struct eval_group *groups;
	int ncats;
	struct eval_catlist *cats;
	int anonymity_threshold;     /* extension: hide group breakdowns below it (default 5) */
	int bootstrap_resamples;     /* extension: section 5's R (default 1000) */
	uint64_t bootstrap_seed;     /* extension: default 20260101 */
};

/* Parses and validates a round configuration (SCORING.md section 1): defaults for omitted
 * keys, partial objects merged key by key; unknown keys, weights <= 0, trim_ratio outside
 * [0, 0.5), label values that are not whole numbers 0-100 and codes used twice are errors
 * naming the field as a JSON path ("groups[2].weight"). Returns 0 (out owns everything;
 * eval_config_cleanup frees it) or ZF_EINVAL. */
int eval_config_parse(json_t *j, struct eval_config *out, struct zf_err *err);
void eval_config_cleanup(struct eval_config *c);
/* The complete configuration, defaults filled in, as JSON (a new reference). */
json_t *eval_config_json(const struct eval_config *c);

/* Index of a group, category list, indicator of a list, or -1. */
int eval_config_group(const struct eval_config *c, const char *code);
int eval_config_catlist(const struct eval_config *c, const char *category);
int eval_config_indicator(const struct eval_catlist *l, const char *code);
/* The value of a rating cell: a whole number 0-100 or a label (trimmed, exact match).
 * Returns 0 with *value, 1 for an empty cell (abstention), or -1 when the cell is neither. */
int eval_config_rating(const struct eval_config *c, const char *cell, int *value);

enum eval_state { ES_DRAFT, ES_OPEN, ES_CLOSED, ES_PUBLISHED };
const char *eval_state_name(enum eval_state s);

struct eval_round {
	int64_t id;
	enum eval_state state;
	char created_at[32];
	struct eval_config cfg;
};

/* Creates a round from its configuration. Returns 0, ZF_EINVAL (the configuration),
 * ZF_ECONFLICT (the code is taken). Audited. Joins the caller's transaction when there is
 * one (the caller then rolls back on failure). */
int eval_round_create(struct store *s, const struct actor *who, json_t *config,
		      struct zf_err *err);
/* Loads a round. Returns 0 (eval_round_cleanup frees *out) or ZF_ENOTFOUND (field "round"). */
int eval_round_get(struct store *s, const char *code, struct eval_round *out, struct zf_err *err);
void eval_round_cleanup(struct eval_round *r);
/* Rounds as a JSON array of {code, name, state, created_at}, newest first. */
int eval_round_list(struct store *s, json_t **out, struct zf_err *err);
/* Moves a round: open (from draft), close (from open), publish (from closed), reopen (from
 * closed or published, with a reason). Returns 0, ZF_ENOTFOUND, ZF_ECONFLICT (not allowed
 * from the current state), ZF_EINVAL (reopen without a reason). Audited. Joins the
 * caller's transaction when there is one. */
int eval_round_transition(struct store *s, const struct actor *who, const char *code,
			  const char *action, const char *reason, struct zf_err *err);
/* 0 when the round accepts inputs (draft or open), else ZF_ECONFLICT naming the state. */
int eval_round_accepts_input(const struct eval_round *r, struct zf_err *err);

/* The imports of SCORING.md section 6, each all or nothing: every bad row goes to rep as
 * `FILE:LINE: column: what is wrong` and nothing is written. On success *imported counts
 * the rows written. Returns 0; ZF_EINVAL when any row is bad (rep holds them); ZF_ENOTFOUND
 * for an unknown round; ZF_ECONFLICT for a round that is closed. One audit entry per file. */
int eval_import_ballots(struct store *s, const struct actor *who, const char *round,
			const char *fname, const char *data, size_t len, struct import_report *rep,
			int *imported, struct zf_err *err);
int eval_import_process(struct store *s, const struct actor *who, const char *round,
			const char *fname, const char *data, size_t len, struct import_report *rep,
			int *imported, struct zf_err *err);
int eval_import_self(struct store *s, const struct actor *who, const char *round,
		     const char *fname, const char *data, size_t len, struct import_report *rep,
		     int *imported, struct zf_err *err);
int eval_import_survey(struct store *s, const struct actor *who, const char *round,
		       const char *fname, const char *data, size_t len, struct import_report *rep,
		       int *imported, struct zf_err *err);
int eval_import_adjustments(struct store *s, const struct actor *who, const char *round,
			    const char *fname, const char *data, size_t len,
			    struct import_report *rep, int *imported, struct zf_err *err);

/* The files (headers: the English codes or the Chinese names; README lists them):
 *   ballots:     group unit [rater_unit] <indicator code or name>...  one row per ballot;
 *                the group by code or name; rater_unit required for a mutual group (same
 *                category, not the unit), refused otherwise; each cell 0-100, a label, or
 *                empty (abstains); a cell of an indicator the unit's category does not use
 *                must be empty, and each indicator a rated unit's category uses needs its
 *                column. Stored with a random id, today's date, channel meeting (mutual).
 *   process:     unit period_type period score    (one row per unit, type and period)
 *   self:        unit self efficiency             (one row per unit; blank: missing)
 *   survey:      unit satisfaction                (one row per unit; blank: missing)
 *   adjustments: unit points veto reason [no_excellent]   (rows add up)
 * A unit must exist, be active and be of a category with an indicator list in the round;
 * "one row per" holds across the file and what the round already has. Numbers are plain
 * decimals (no exponent); scores 0-100; points >= 0 and required; flags 0, 1 or blank. */

/* What the API and the meeting reconciliation (issue 3) add to the imports above. */
struct eval_import_opts {
	json_t *errors; /* when a JSON array: also gets each problem as {"line", "column"
			 * (when there is one), "message"} */
	int issued;	/* ballots: papers issued at the meeting, or -1 when not counted */
	int spoiled;	/* ballots: papers returned spoiled (not rows of the file), or -1 */
};
/* Imports one file of kind "ballots", "process", "self", "survey" or "adjustments", as the
 * five functions above (which call it with opts NULL). With opts->issued >= 0, a ballots
 * file whose rows (counted) plus opts->spoiled papers outnumber the papers issued is
 * refused: ZF_EINVAL with field "issued", rep untouched, nothing written. The reconciliation
 * (issued, spoiled, counted, returned) is recorded in the import's audit entry. When the
 * caller holds a transaction, the import joins it (and the caller rolls back on failure).
 * Returns as the functions above, and ZF_EINVAL (field "kind") for an unknown kind. */
int eval_import(struct store *s, const struct actor *who, const char *round, const char *kind,
		const char *fname, const char *data, size_t len,
		const struct eval_import_opts *opts, struct import_report *rep, int *imported,
		struct zf_err *err);

/* One unit of a ranking. */
struct eval_rank_row {
	char *code, *name, *category;
	int cat;                 /* index into the round's cats */
	struct score_result res;
	uint32_t *ballots;       /* [ngroups] */
	/* the inputs shown beside the results */
	bool has_self, has_eff, has_q;
	double self, eff, q;     /* S, E and the survey's satisfaction Q */
	double points;           /* the sum of deduction points, before the cap */
	bool veto, no_excellent;
	/* [ngroups * nind] (nind of the unit's category): m_{g,i}, NAN when the indicator has
	 * no rating in the group, and how many ratings it has */
	double *ind_mean;
	uint32_t *ind_n;
	/* section 5 */
	double p_last;           /* NAN when unranked or when the round skips the bootstrap */
	int rank_lo, rank_hi;    /* 5th-95th percentile rank; 0 when unranked */
};

struct eval_ranking {
	struct eval_round round;
	bool provisional;        /* the round is not closed yet */
	int n;
	struct eval_rank_row *rows; /* ordered: category code, then rank, then unit code;
				       unranked units last in their category */
	int resamples;
};

/* Computes the ranking of a round from the store (section 3-5). Returns 0 (eval_ranking_free
 * frees *out), ZF_ENOTFOUND, ZF_EINVAL (a unit's category has no indicator list). */
int eval_rank(struct store *s, const char *round, struct eval_ranking *out, struct zf_err *err);
/* The same with the bootstrap's resamples given (0 skips it), or -1 for the round's own. */
int eval_rank_with(struct store *s, const char *round, int resamples, struct eval_ranking *out,
		   struct zf_err *err);
void eval_ranking_free(struct eval_ranking *r);

/* The ranking as CSV (section 6: UTF-8 BOM, header, one row per unit), JSON or XLSX.
 * Numbers are those of the CSV (2 decimals, p_last 3); JSON and XLSX hide a group's
 * score where it has fewer ballots than the round's anonymity threshold. The JSON is a new
 * reference; dump it with JSON_REAL_PRECISION(15) to print 92.49 rather than
 * 92.489999999999995. eval_ranking_xlsx returns 0 or ZF_EIO naming the file. */
void eval_ranking_csv(const struct eval_ranking *r, struct buf *out);
json_t *eval_ranking_json(const struct eval_ranking *r);
int eval_ranking_xlsx(const struct eval_ranking *r, const char *path, struct zf_err *err);

/* Calls fn once with exactly what score_compute is given for a round (its configuration
 * and one score_unit per evaluated unit, in unit id order; units[j].code is the unit code
 * and cfg->cats[units[j].cat].code its category) and the results, without the bootstrap:
 * for reports that recompute the ranking with other weights. The arguments live only
 * during the call. Returns fn's result, or as eval_rank. */
typedef int (*eval_inputs_fn)(const struct eval_round *round, const struct score_config *cfg,
			      const struct score_unit *units, const struct score_result *res,
			      int n, void *arg, struct zf_err *err);
int eval_rank_inputs(struct store *s, const char *round, eval_inputs_fn fn, void *arg,
		     struct zf_err *err);

/* A ranking shared between callers (eval_cache.c): for a closed or published round it is
 * computed once and kept until anything is written (the audit log's head moves); for other
 * rounds it is computed afresh. Read-only; give it back with eval_ranking_release.
 * Returns as eval_rank. */
int eval_rank_shared(struct store *s, const char *round, const struct eval_ranking **out,
		     struct zf_err *err);
void eval_ranking_release(const struct eval_ranking *rk);
/* Drops every kept ranking (when the server stops, and in tests). */
void eval_cache_clear(void);

/* The row of unit `code`, or NULL when the unit is not in the ranking. Borrowed. */
const struct eval_rank_row *eval_ranking_find(const struct eval_ranking *r, const char *code);
/* One unit's scorecard (a new reference): each component, the survey adjustment and the
 * deduction, each group's ballots, eligibility and score with each indicator's trimmed
 * mean (null with "hidden": true below the anonymity threshold), the satisfaction rate,
 * the flags, the rank and its certainty. */
json_t *eval_scorecard_json(const struct eval_ranking *r, const struct eval_rank_row *row);

#endif
