/* eval_more.h: what the evaluation room offers beyond eval.h: the indicator library (V1),
 * the office's and the units' entry of process, self and efficiency scores and
 * adjustments one at a time (V2, V5, V6), the accountability proposals and the target
 * assessment figures of a ranking (V7), and two reports on a round: mutual-evaluation
 * collusion and weight sensitivity.
 *
 * Conventions are eval.h's: int returns (0 or ZF_E*), the caller's zf_err names the field,
 * JSON results are new references the caller decrefs and are written only on success, every
 * write runs in one transaction with its audit entry. */
#ifndef ZF_EVAL_EVAL_MORE_H
#define ZF_EVAL_EVAL_MORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "eval/eval.h"
#include "store/store.h"

/* ---- the indicator library (eval_library.c) ---- */

struct eval_libind {
	const char *code;	 /* create: [a-z][a-z0-9_]* up to 32 bytes; update: NULL or same */
	const char *name;	 /* up to 32 code points; NULL keeps it in an update */
	const char *kind;	 /* "common" or "specific"; NULL keeps it in an update */
	const char *description; /* what evaluators judge, up to 500 code points */
	int active;		 /* update: -1 keeps, 0 or 1 sets; create: ignored (active) */
};

/* The library as a JSON array of {code, name, kind, kind_zh, description, active}, common
 * indicators first, then by id. Returns 0 or ZF_EIO. */
int eval_library_list(struct store *s, json_t **out, struct zf_err *err);
/* One indicator as in the list. Returns 0 or ZF_ENOTFOUND (field "code"). */
int eval_library_get(struct store *s, const char *code, json_t **out, struct zf_err *err);
/* Adds an indicator. Returns 0, ZF_EINVAL naming the field, ZF_ECONFLICT (code taken).
 * Audited (entity "indicator"). */
int eval_library_create(struct store *s, const struct actor *who, const struct eval_libind *in,
			struct zf_err *err);
/* Changes the fields in sets. Returns 0, ZF_ENOTFOUND, ZF_EINVAL naming the field.
 * Audited with each changed field's old and new value. */
int eval_library_update(struct store *s, const struct actor *who, const char *code,
			const struct eval_libind *in, struct zf_err *err);

/* ---- one-at-a-time inputs of a round (eval_entry.c) ----
 * Each write needs a round that accepts inputs (eval_round_accepts_input: ZF_ECONFLICT
 * otherwise) and a unit that is active and of a category the round has an indicator list
 * for (ZF_EINVAL, field "unit"). Scores are 0-100 (ZF_EINVAL naming the field). */

/* Sets the process score of (unit, period_type, period): a new row or a changed score.
 * period_type is daily, monthly, quarterly, annual or 日常, 月度, 季度, 年度; period is
 * 1-40 code points. *created (may be NULL) tells whether the row is new. Returns 0,
 * ZF_ENOTFOUND (round), ZF_EINVAL, ZF_ECONFLICT. Audited with the old and new score. */
int eval_process_put(struct store *s, const struct actor *who, const char *round, const char *unit,
		     const char *period_type, const char *period, double score, bool *created,
		     struct zf_err *err);
/* The round's process scores, optionally of one unit (NULL for all): a JSON array of
 * {unit, name, period_type, period, score} by unit code, type, period. */
int eval_process_list(struct store *s, const char *round, const char *unit, json_t **out,
		      struct zf_err *err);

/* A self-evaluation: S and E, each possibly missing (has_ false). */
struct eval_self_in {
	bool has_self, has_eff;
	double self, eff;
	bool confirmed; /* true: the office enters a verified row; false: the unit's leader */
};
/* Sets the unit's S and E. The ranking counts a row only once confirmed, so a unit
 * leader's entry (confirmed false) waits for the office; a leader cannot change a row the
 * office has confirmed (ZF_ECONFLICT, field "confirmed"). Returns 0, ZF_ENOTFOUND, ZF_EINVAL,
 * ZF_ECONFLICT. Audited. */
int eval_self_put(struct store *s, const struct actor *who, const char *round, const char *unit,
		  const struct eval_self_in *in, struct zf_err *err);
/* Confirms the unit's row (the office has verified it). Returns 0, ZF_ENOTFOUND (round, or
 * no row: field "unit"), ZF_ECONFLICT (already confirmed, or the round is frozen). Audited. */
int eval_self_confirm(struct store *s, const struct actor *who, const char *round, const char *unit,
		      struct zf_err *err);
/* The round's self rows, optionally of one unit: [{unit, name, self|null, efficiency|null,
 * confirmed}] by unit code. */
int eval_self_list(struct store *s, const char *round, const char *unit, json_t **out,
		   struct zf_err *err);

struct eval_adjust_in {
	const char *unit;
	double points; /* >= 0 */
	bool veto, no_excellent;
	const char *reason; /* required, 1-500 code points */
};
/* Adds an adjustment by hand (source "manual"); *id (may be NULL) gets its id. Returns 0,
 * ZF_ENOTFOUND, ZF_EINVAL naming the field, ZF_ECONFLICT. Audited. */
int eval_adjustment_add(struct store *s, const struct actor *who, const char *round,
			const struct eval_adjust_in *in, int64_t *id, struct zf_err *err);
/* The round's adjustments, optionally of one unit: [{id, unit, name, points, veto,
 * no_excellent, reason, source}] by id. */
int eval_adjustment_list(struct store *s, const char *round, const char *unit, json_t **out,
			 struct zf_err *err);

/* ---- accountability (eval_account.c) ---- */

/* P(last) below which a proposal needs review (SCORING.md section 5). */
#define EVAL_REVIEW_P_LAST 0.9

enum eval_measure { EM_ADMONISHMENT_TALK, EM_ORGANISATIONAL_ADJUSTMENT };

struct eval_gen_result {
	int created, updated, kept, superseded;
};

/* From the round's ranking, one proposal per worst unit of each category (ties: each) for
 * its main leader, from the responsibility chain (org_responsibility); a unit without one
 * gets a proposal naming the next person in the chain and saying the main leader is
 * missing. needs_review is P(last) < 0.9 (and true when the round has no bootstrap).
 * Idempotent per (round, unit): a pending proposal is updated; a decided one (confirmed or
 * dismissed) is kept as decided; a pending one whose unit is no longer worst becomes
 * "superseded". Needs a closed or published round (ZF_ECONFLICT, field "round"). *res
 * (may be NULL) counts what happened. Returns 0, ZF_ENOTFOUND, ZF_ECONFLICT, ZF_EINVAL.
 * Each change audited (entity "proposal"). */
int eval_proposals_generate(struct store *s, const struct actor *who, const char *round,
			    struct eval_gen_result *res, struct zf_err *err);
/* The round's proposals: [{id, round, unit:{code,name}, category, person:{code,name,post,
 * rank}|null, relation, relation_zh, main_leader_missing, rank, ranked, total, p_last,
 * rank_range, needs_review, review_notice|null, status, measure, measure_zh, note, reason,
 * decided_by, decided_at, created_at, updated_at}] by category and unit code. */
int eval_proposals_list(struct store *s, const char *round, json_t **out, struct zf_err *err);
/* One proposal as in the list. Returns 0 or ZF_ENOTFOUND (field "id"). */
int eval_proposal_get(struct store *s, int64_t id, json_t **out, struct zf_err *err);
/* Confirms a pending proposal with its measure and an optional note. Returns 0,
 * ZF_ENOTFOUND, ZF_ECONFLICT (not pending: already confirmed, dismissed or superseded). */
int eval_proposal_confirm(struct store *s, const struct actor *who, int64_t id, enum eval_measure m,
			  const char *note, struct zf_err *err);
/* Dismisses a pending proposal; reason required (ZF_EINVAL, field "reason"). Returns 0,
 * ZF_ENOTFOUND, ZF_EINVAL, ZF_ECONFLICT. */
int eval_proposal_dismiss(struct store *s, const struct actor *who, int64_t id, const char *reason,
			  struct zf_err *err);
/* "admonishment_talk" / "organisational_adjustment" into *m; returns false for others. */
bool eval_measure_parse(const char *name, enum eval_measure *m);

/* The figures a published round feeds into the annual target assessment (年度目标考核):
 * {round:{code,name,state}, units:[{unit, name, category, rank|null, grade|null, grade_zh,
 * total|null, vetoed, feeds_target, note}]}: every ranked unit feeds its grade and total;
 * an unranked unit feeds nothing. Returns 0, ZF_ENOTFOUND, ZF_ECONFLICT (not published,
 * field "round"). */
int eval_target_assessment(struct store *s, const char *round, json_t **out, struct zf_err *err);

/* ---- reports (eval_reports.c) ---- */

#define EVAL_COLLUSION_THRESHOLD       10.0 /* points above the others' mean, both ways */
#define EVAL_COLLUSION_RATER_THRESHOLD 15.0 /* mean absolute deviation from consensus */

/* The mutual-evaluation collusion report. Each mutual ballot's score is the indicator-
 * weighted mean of its non-empty ratings (a ballot all abstentions is left out). For each
 * ordered pair (rater unit -> rated unit): the mean of its ballots against the rated unit's
 * mean over the ballots of every other rater unit (its "consensus"), their difference being
 * the excess. Flags reciprocal pairs (both excesses > threshold), blocs (maximal groups of
 * 3+ units every pair of which is reciprocal) and rater units whose mean absolute deviation
 * from the consensus exceeds rater_threshold. Only aggregates per pair and per rater unit
 * are given, never a ballot. *out: {round, threshold, rater_threshold, mutual_groups,
 * ballots, pairs, reciprocal_pairs:[...], blocs:[...], raters:[...]}. Returns 0,
 * ZF_ENOTFOUND, ZF_EINVAL (a threshold outside 0-100). */
int eval_report_collusion(struct store *s, const char *round, double threshold,
			  double rater_threshold, json_t **out, struct zf_err *err);

/* The weight-sensitivity report: for each group weight and each component weight, the
 * ranking recomputed by score_compute with that weight x0.8 and x1.2, the others fixed;
 * per variation the units whose rank changes, the largest shift and whether each
 * category's worst unit(s) change. *out: {round, provisional, baseline:{worst:{CAT:[codes]}},
 * variations:[{kind, code, factor, weight, base_weight, units_changed, max_shift,
 * changes:[{unit, category, rank_from, rank_to}], worst_changed, worst:[{category, from,
 * to, changed}]}]}. Returns 0, ZF_ENOTFOUND, ZF_EINVAL, ZF_EINTERNAL. */
int eval_report_sensitivity(struct store *s, const char *round, json_t **out, struct zf_err *err);

/* ---- helpers shared by the files above (eval_entry.c) ---- */

/* The id of an active unit of a category with an indicator list in round r, and its
 * category's list index. Returns 0 or ZF_EINVAL (field "unit"). */
int eval_unit_in_round(struct store *s, const struct eval_round *r, const char *unit, int64_t *id,
		       int *cat, struct zf_err *err);

#endif
