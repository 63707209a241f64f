/* sanction.h: accountability (R5): the sanctions catalogue with each measure's consequences,
 * the veto registry (一票否决), sanctions decided within cadre management authority
 * (干部管理权限), their link to the evaluation (a sanction's points, veto and lost excellence
 * become an adjustment of the year's round, SCORING.md), and the questions other rooms ask:
 * is this cadre barred from promotion, is this unit's staffing frozen, who keeps their
 * excellence eligibility and bonus.
 *
 * The authority rule (docs/operations.md):
 * - The body that holds management authority over a cadre is people.managed_by; when that is
 *   not recorded (cadres managed above the district), it is the district itself (the root of
 *   the cadre's unit tree). For a unit measure it is the district.
 * - An inspector or office account acts for its users.unit_id; an account with no unit,
 *   with the district's root unit, or with a unit marked district_body (the district's own
 *   organs, such as 区纪委监委), acts for the district.
 * - A sanction may be decided (and revoked) by an inspector or office account acting for
 *   the body with authority, or by a district-level inspector (the district's 纪委) on any
 *   cadre or unit. Anyone else is refused (ZF_EFORBIDDEN naming the body).
 *
 * The evaluation link: the round is the one given, else the round whose code is the year of
 * decided_on (e.g. '2026'). When such a round exists it must still accept input (draft or
 * open), else the decision is refused (ZF_ECONFLICT: reopen the round first); when none
 * exists the sanction is decided without an adjustment. Revoking removes the adjustment
 * under the same condition. Conventions as in supervise.h.
 */
#ifndef ZF_SUPERVISE_SANCTION_H
#define ZF_SUPERVISE_SANCTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

/* ---- the catalogue (sanction_measures) ---- */

/* A measure. In an update, NULL strings and negative numbers keep the value. */
struct sanction_measure {
	const char *code; /* create: required */
	const char *name; /* required */
	int tier;	  /* 1..5 (1 education, 2 organisational, 3 benefits, 4 unit, 5 judicial) */
	const char *level; /* "person" or "unit" */
	double points;	   /* 0..100, deducted from the unit's evaluation */
	int person_no_excellent, unit_no_excellent, no_bonus, veto; /* 0 or 1 */
	int promotion_ban_months, staffing_freeze_months;	    /* 0..120 */
};
/* Initializes m for an update: every field "keep". */
void sanction_measure_keep(struct sanction_measure *m);

/* Creates a measure (office). A promotion ban needs a person measure. Returns 0, ZF_EINVAL
 * naming the field, ZF_ECONFLICT for a taken code. Audited. */
int sanction_measure_create(struct store *s, const struct actor *who,
			    const struct sanction_measure *m, struct zf_err *err);
/* Changes measure code (already decided sanctions keep what they were decided with).
 * Returns 0, ZF_ENOTFOUND, ZF_EINVAL. Audited. */
int sanction_measure_update(struct store *s, const struct actor *who, const char *code,
			    const struct sanction_measure *m, struct zf_err *err);
/* Deactivates (active false) or reactivates a measure: inactive measures cannot be decided.
 * ZF_ENOTFOUND, ZF_ECONFLICT when already so. Audited. */
int sanction_measure_set_active(struct store *s, const struct actor *who, const char *code,
				bool active, struct zf_err *err);
/* Measures by tier then id: [{code, name, tier, level, points, person_no_excellent,
 * unit_no_excellent, no_bonus, promotion_ban_months, staffing_freeze_months, veto, active}];
 * inactive ones only with all. */
int sanction_measure_list(struct store *s, bool all, json_t **out, struct zf_err *err);

/* ---- the veto registry (veto_items) ---- */

/* Registers a veto item: code, name and legal basis required, expires_on optional (after
 * today). Returns 0, ZF_EINVAL, ZF_ECONFLICT. Audited. */
int sanction_veto_create(struct store *s, const struct actor *who, const char *code,
			 const char *name, const char *basis, const char *expires_on,
			 struct zf_err *err);
/* Expires veto item code on date (default today): from then on no veto may cite it.
 * ZF_ENOTFOUND, ZF_ECONFLICT when already expired. Audited. */
int sanction_veto_expire(struct store *s, const struct actor *who, const char *code, const char *on,
			 struct zf_err *err);
/* [{code, name, basis, expires_on|null, in_force (as of today), sanctions}] */
int sanction_veto_list(struct store *s, json_t **out, struct zf_err *err);

/* ---- sanctions ---- */

struct sanction_rec {
	const char *measure; /* measure code, required, active */
	const char *person; /* person code: required for a person measure, refused for a unit one */
	const char *unit;   /* unit code: required for a unit measure; for a person measure
			     * optional and then the person's own unit */
	const char *case_no;	/* optional: a case with a confirmed substantiated or partly
				 * finding that holds the person responsible (or concerns the unit) */
	const char *veto_item;	/* veto item code: required exactly when the measure vetoes */
	const char *decided_on; /* YYYY-MM-DD, default today, not in the future */
	const char *basis;	/* required: the grounds (facts and rules) */
	const char *round;	/* optional: the round the deduction goes into */
};

/*
 * Decides a sanction as who (an account: its users row decides the authority, see above).
 * Computes promotion_ban_until and freeze_until from the measure, and in the same
 * transaction adds the evaluation adjustment (source 'sanction:<id>'). *id gets the new id.
 * Returns 0; ZF_EINVAL naming the field; ZF_EFORBIDDEN (no authority: the attempt is
 * audited as denied); ZF_ECONFLICT (the case's finding, the round's state). Audited.
 */
int sanction_decide(struct store *s, const struct actor *who, const struct sanction_rec *r,
		    int64_t *id, struct zf_err *err);
/* Revokes sanction id with a reason (required), by the same authority; removes its
 * adjustment (refused with ZF_ECONFLICT when the round no longer accepts input).
 * Returns 0, ZF_ENOTFOUND, ZF_EINVAL, ZF_EFORBIDDEN, ZF_ECONFLICT (already revoked). */
int sanction_revoke(struct store *s, const struct actor *who, int64_t id, const char *reason,
		    struct zf_err *err);
/* {id, measure:{code,name,tier,level}, person:{code,name}|null, unit:{code,name}, case_no,
 *  veto_item, decided_on, basis, decided_by, authority:{code,name}, promotion_ban_until,
 *  freeze_until, round, adjustment:{id,points,veto,no_excellent}|null, revoked,
 *  revoke_reason, revoked_on, created_at}. unit_id (0: any) must be the sanction's unit,
 *  else ZF_ENOTFOUND. */
int sanction_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err);

struct sanction_filter {
	int64_t unit_id;       /* 0: all */
	const char *person;    /* person code or NULL */
	const char *case_no;   /* or NULL */
	const char *from, *to; /* decided_on range, inclusive, or NULL */
	bool include_revoked;
};
/* Sanctions with id > after matching f, by id, at most limit (1..1000). ZF_EINVAL for a bad
 * date. */
int sanction_list(struct store *s, const struct sanction_filter *f, int64_t after, int limit,
		  json_t **out, struct zf_err *err);
/* The same rows as CSV (UTF-8 BOM, Chinese header) appended to out; every matching row. */
int sanction_list_csv(struct store *s, const struct sanction_filter *f, struct buf *out,
		      struct zf_err *err);

/* ---- what other rooms ask (education, responsibility, selection R4) ---- */

/* Whether person_id is barred from promotion on date (YYYY-MM-DD): a sanction in force
 * (not revoked, decided on or before date) whose ban runs past date. *until (11 bytes)
 * gets the latest end of such a ban, "" when none. Returns 0 or a store error. */
int sanction_promotion_ban(struct store *s, int64_t person_id, const char *date, bool *banned,
			   char until[11], struct zf_err *err);
/* The unrevoked sanctions on person_id decided in [from, to] (either NULL: open), oldest
 * first: a JSON array of {id, measure, name, tier, decided_on, case_no, veto}. */
int sanction_person_history(struct store *s, int64_t person_id, const char *from, const char *to,
			    json_t **out, struct zf_err *err);
/* Whether unit_id's staffing is frozen on date; *until as above. */
int sanction_staffing_freeze(struct store *s, int64_t unit_id, const char *date, bool *frozen,
			     char until[11], struct zf_err *err);

struct sanction_eligibility {
	bool excellent; /* may be rated excellent (评先评优) in the year */
	bool bonus;	/* keeps the year-end bonus (persons only; true for units) */
	bool vetoed;	/* a veto sanction was decided in the year */
};
/* A person's eligibility for year: lost by any unrevoked sanction decided in the year on
 * the person that cancels excellence / the bonus or vetoes. */
int sanction_person_eligibility(struct store *s, int64_t person_id, int year,
				struct sanction_eligibility *out, struct zf_err *err);
/* A unit's: lost by any unrevoked sanction decided in the year on the unit or one of its
 * people whose measure cancels the unit's excellence or vetoes. */
int sanction_unit_eligibility(struct store *s, int64_t unit_id, int year,
			      struct sanction_eligibility *out, struct zf_err *err);

#endif
