/* respons.h: the responsibility system (R1-R4): cadre selection with the candidate's style
 * record, veto rules (一票否决) and vetting (R3, R4), the supervising leader's signature and
 * the joint liability it opens (连带责任), and the responsibility report of a unit or a
 * leader over a period (R1 第一责任人, R2 一岗双责).
 *
 * Conventions of this room:
 * - Every write runs in a transaction (or joins the caller's) and appends its audit entry
 *   in it (X1). Dates are 'YYYY-MM-DD'.
 * - The supervision room's records (cases, case_people, sanctions) are only read here.
 * - Errors: ZF_EINVAL naming the field, ZF_ENOTFOUND for the record the call names,
 *   ZF_ECONFLICT for a state that forbids the change, ZF_EFORBIDDEN for an account without
 *   the authority (signing), ZF_EIO / ZF_EINTERNAL from the store.
 * - JSON results are new references the caller decrefs; out-parameters are written only on
 *   success.
 */
#ifndef ZF_RESPONS_RESPONS_H
#define ZF_RESPONS_RESPONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"

/* ---- veto rules (一票否决) ---- */

/*
 * A rule's kind and its params (a JSON object; omitted keys take the defaults shown):
 *   promotion_ban   {}                          a sanction, not revoked, decided on or before
 *                                               the day, whose promotion ban runs to the day
 *                                               or later
 *   sanction_tier   {"min_tier":2,"months":24}  a sanction, not revoked, of a measure of that
 *                                               tier or higher, decided within the months
 *                                               before the day (the day N months back included)
 *   veto_case       {"months":36,"findings":["substantiated","partly"],
 *                    "include_leader":false}    a case of a veto category (case_categories.veto)
 *                                               against the candidate (the person concerned,
 *                                               or held directly responsible; with
 *                                               include_leader also as leader) with one of
 *                                               the findings, found within the months
 *   education_owed  {"max_owed":0}              more education items owed than max_owed
 *   assessment      {"grades":["差"]}            the inspector's assessment has one of the grades
 */
struct respons_rule {
	const char *code;  /* create: required; update: NULL or the same */
	const char *name;  /* create: required; update: NULL keeps */
	const char *kind;  /* create: required; update: NULL or the same (a kind cannot change) */
	json_t *params;	   /* borrowed JSON object, NULL: {} on create, keep on update */
	const char *basis; /* the legal basis; create: required; update: NULL keeps */
	int active;	   /* -1 keep (create: active), 0 disable, 1 enable */
};

/* Creates a rule (office). Returns 0, ZF_EINVAL naming the field (params are checked key by
 * key, field "params.months"), ZF_ECONFLICT for a taken code. Audited. */
int respons_rule_create(struct store *s, const struct actor *who, const struct respons_rule *r,
			struct zf_err *err);
/* Changes rule `code` (name, params, basis, active). ZF_ENOTFOUND, ZF_EINVAL. Audited. */
int respons_rule_update(struct store *s, const struct actor *who, const char *code,
			const struct respons_rule *r, struct zf_err *err);
/* {code, name, kind, params, basis, active, updated_at}. ZF_ENOTFOUND. */
int respons_rule_get(struct store *s, const char *code, json_t **out, struct zf_err *err);
/* Every rule, active and not, by id: a JSON array of what _get returns. */
int respons_rule_list(struct store *s, json_t **out, struct zf_err *err);

/* ---- nominations (R3, R4) ---- */

struct respons_nomination_new {
	const char *person;	   /* the candidate's person code, required, active */
	const char *proposed_post; /* required */
	const char
	    *proposed_rank; /* 正处 副处 正科 副科 一般干部 村干部 (a trailing 级 is accepted) */
	const char *nominating_unit; /* unit code, required */
	const char *nominated_on;    /* YYYY-MM-DD, required, not in the future */
	const char *supervisor;	     /* person code of the leader to sign; NULL or "": proposed */
	int liability_months;	     /* 0: the setting liability_months (default 24); 1..120 */
};

/*
 * Creates a nomination (office). Without a supervisor, the candidate's supervising leader
 * is proposed from the responsibility chain of the candidate's unit (org_responsibility):
 * the first person in it other than the candidate; for a candidate who is the unit's main
 * leader, the first from level 3 on (the overseeing leaders, then the superiors). No one
 * found leaves it empty, and signing then waits for the office to name one.
 * *id (may be NULL) gets the new id. Returns 0, ZF_EINVAL naming the field. Audited.
 */
int respons_nomination_create(struct store *s, const struct actor *who,
			      const struct respons_nomination_new *n, int64_t *id,
			      struct zf_err *err);

/* Names the leader to sign nomination id (office), while it is not signed. Returns 0,
 * ZF_ENOTFOUND, ZF_EINVAL (field supervisor), ZF_ECONFLICT (signed). Audited. */
int respons_nomination_set_supervisor(struct store *s, const struct actor *who, int64_t id,
				      const char *supervisor, struct zf_err *err);

/*
 * The nomination with the candidate's style record compiled as of as_of (NULL: today):
 * {id, state, person:{code,name,rank,post,unit}, unit:{code,name}, nominating_unit,
 *  proposed_post, proposed_rank, nominated_on, liability_months, supervisor:{code,name,post}
 *  |null, assessment:{grade,text,assessed_on}|null, record:{...respons_style_record},
 *  vettings:[{id, outcome, as_of, vetted_at, snapshot:{outcome, as_of, reasons, rules,
 *  record}}] newest first, signature:{signer_code, signer_name, account, signed_on, text,
 *  liability_until}|null}. ZF_ENOTFOUND; ZF_EINVAL (field as_of).
 */
int respons_nomination_get(struct store *s, int64_t id, const char *as_of, json_t **out,
			   struct zf_err *err);

struct respons_nomination_filter {
	int64_t unit_id;       /* the candidate's unit, or 0 */
	int64_t person_id;     /* or 0 */
	int64_t supervisor_id; /* also admits this supervisor's nominations when unit_id is set */
	const char *state;     /* or NULL */
};
/* Nominations with id > after, by id, at most limit (1..1000): a JSON array of
 * {id, state, person_code, person_name, unit_code, unit_name, proposed_post, proposed_rank,
 * nominated_on, updated_at, supervisor_code, supervisor_name}. ZF_EINVAL (field state). */
int respons_nomination_list(struct store *s, const struct respons_nomination_filter *f,
			    int64_t after, int limit, json_t **out, struct zf_err *err);

/* Who may see nomination id: the candidate's unit and the supervisor (0 when none).
 * Returns 0 or ZF_ENOTFOUND. */
int respons_nomination_scope(struct store *s, int64_t id, int64_t *unit_id, int64_t *supervisor_id,
			     struct zf_err *err);

/* The inspector's assessment of the candidate's attitude to style and own style (R3):
 * grade 好 较好 一般 差, text required, on (NULL: today). Refused once signed (ZF_ECONFLICT).
 * A changed assessment returns a vetted nomination to pending. Audited. */
int respons_nomination_assess(struct store *s, const struct actor *who, int64_t id,
			      const char *grade, const char *text, const char *on,
			      struct zf_err *err);

/*
 * Vets nomination id as of as_of (NULL: today; not before the nomination): compiles the
 * style record, applies every active veto rule and stores the outcome with a snapshot of
 * the record and every rule's verdict; the nomination becomes "cleared" or "vetoed".
 * Requires the assessment (ZF_ECONFLICT, field "assessment") and a nomination not signed
 * (ZF_ECONFLICT). *out (may be NULL) gets {id, outcome, as_of, reasons:[{rule, name, kind,
 * basis, records:[...]}], rules:[{rule, fired}]}. Audited.
 */
int respons_nomination_vet(struct store *s, const struct actor *who, int64_t id, const char *as_of,
			   json_t **out, struct zf_err *err);

/*
 * Signs the recommendation of a cleared nomination (R4): only the account linked
 * (users.person_id) to the nomination's supervisor may (ZF_EFORBIDDEN otherwise, also for
 * an account with no person). text required; on (NULL: today) not before the last vetting.
 * Opens the joint-liability period [on, on + liability_months - 1 day]. ZF_ECONFLICT when
 * the nomination is not cleared or has no supervisor. Audited.
 */
int respons_nomination_sign(struct store *s, const struct actor *who, int64_t id, const char *text,
			    const char *on, struct zf_err *err);

/*
 * The style record of person_id (of unit unit_id) as of as_of: {as_of,
 * sanctions:[{id, measure_code, measure_name, tier, level, decided_on, promotion_ban_until,
 * ban_active, revoked, revoke_reason, basis, case_no, unit_code, unit_name, person_code,
 * person_name}] (every one, oldest first), cases:[{id, case_no, channel, subject, category,
 * category_name, category_veto, state, finding, finding_on, received_on, unit_code,
 * unit_name, role: concerned|direct|leader}] (substantiated or partly; case_people entries
 * only once confirmed), inspections:[cases of channel inspection about the person or the
 * unit received by as_of], education_owed:[educate_owed's items],
 * unit_grades:[{round, name, category, grade, rank, total, worst, veto, no_excellent}]
 * (published rounds, newest first)}.
 */
int respons_style_record(struct store *s, int64_t person_id, int64_t unit_id, const char *as_of,
			 json_t **out, struct zf_err *err);

/* ---- joint liability (连带责任) ---- */

/*
 * Flags every signer whose promoted cadre got, within the liability period and on or before
 * as_of (NULL: today), a substantiated or partly substantiated case (finding_on; the cadre
 * concerned or held directly responsible) or a sanction not revoked (decided_on). Each flag
 * is created once (a second scan adds nothing) and audited. *created (may be NULL) gets the
 * number of new flags. Runs in one transaction. Returns 0, ZF_EINVAL (field as_of).
 */
int respons_liability_scan(struct store *s, const struct actor *who, const char *as_of,
			   int *created, struct zf_err *err);

struct respons_flag_filter {
	int64_t signer_id; /* or 0 */
	int64_t person_id; /* the cadre, or 0 */
	int64_t unit_id;   /* flags on the unit's cadres or signed by its team, or 0 */
	const char *from;  /* the triggering record dated in [from, to]; NULL: any */
	const char *to;
};
/* Flags with id > after, by id, at most limit: [{id, signer:{code,name,post}, cadre:{code,
 * name,unit}, nomination:{id,proposed_post,nominated_on}, signed_on, liability_until, source,
 * record:{...}, source_on, flagged_on}]. */
int respons_flag_list(struct store *s, const struct respons_flag_filter *f, int64_t after,
		      int limit, json_t **out, struct zf_err *err);

/* The room's settings: {liability_months} (the default joint-liability period). */
int respons_settings_get(struct store *s, json_t **out, struct zf_err *err);
/* Sets the default joint-liability period of new nominations (office): 1..120 months
 * (ZF_EINVAL, field liability_months). Nominations already made keep theirs. Audited. */
int respons_settings_set_liability_months(struct store *s, const struct actor *who, int months,
					  struct zf_err *err);

/* ---- responsibility reports (R1, R2, R3) ---- */

/*
 * The responsibility report of unit_code over [from, to] (both YYYY-MM-DD, from <= to):
 * the main leader (第一责任人), each team member with the areas of the team and of oversight
 * (一岗双责), the leaders overseeing the unit, the unit's cases received or found in the
 * period each assigned to the leader who answers for it, the sanctions decided in the
 * period, the leaders held responsible by findings (case_people 'leader'), the joint-
 * liability flags on the unit's cadres or signed by its leaders, and each team member's
 * education record. A case is assigned to (1) its handling leader when that leader is on
 * the team, else (2) the team member whose areas name the case's category (its code or its
 * name, either containing the other), else (3) the main leader.
 * Returns 0, ZF_ENOTFOUND (unit), ZF_EINVAL (field from / to).
 */
int respons_unit_report(struct store *s, const char *unit_code, const char *from, const char *to,
			json_t **out, struct zf_err *err);

/*
 * The responsibility report of one leader over [from, to]: the teams and oversight the
 * person holds, the cases of those units in the period that the person answers for (team:
 * by the rule of respons_unit_report; oversight of a unit: all of its cases, or those of
 * the area), findings naming the person (case_people), sanctions on the person, the
 * nominations the person signed and their flags, and the person's education record.
 * Returns 0, ZF_ENOTFOUND (person), ZF_EINVAL (from / to).
 */
int respons_person_report(struct store *s, const char *person_code, const char *from,
			  const char *to, json_t **out, struct zf_err *err);

/* The cases of a report (respons_unit_report or respons_person_report) as CSV into out
 * (appended): UTF-8 with a BOM, Chinese headers, one row per case with the leader who answers
 * for it and why (unit report) or how the person answers for it (person report). */
void respons_report_csv(json_t *report, struct buf *out);
/* The same rows as an XLSX workbook at path, titled with the unit or person and the period.
 * Returns 0 or ZF_EIO. */
int respons_report_xlsx(json_t *report, const char *path, struct zf_err *err);

/* ---- helpers other rooms may use ---- */

/* The person linked to account user_id (users.person_id), or 0. Returns 0 or a store error. */
int respons_account_person(struct store *s, int64_t user_id, int64_t *person_id,
			   struct zf_err *err);

/* date + months (day clamped to the month's end), into out (11 bytes). false on a bad date. */
bool respons_date_add_months(const char *date, int months, char out[11]);
/* date + days (may be negative), into out (11 bytes). false on a bad date. */
bool respons_date_add_days(const char *date, int days, char out[11]);

#endif
