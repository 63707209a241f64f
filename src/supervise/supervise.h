/* supervise.h: the supervision work around cases (S1-S4, S6-S9): findings and the people they
 * hold responsible, public exposure (曝光台), key periods, inspections (明察暗访), key
 * projects, decision tracking (跟踪问效), citizen service stations and integrity routines.
 * Sanctions have their own door, sanction.h.
 *
 * Conventions of this room:
 * - Records are named by id (cases by case_no, units and people by code).
 * - Every write runs in a transaction of its own, or joins the caller's (store_tx_open), and
 *   appends its audit entry in it (X1); on failure a joined caller rolls back.
 * - Input structs hold borrowed strings; NULL or "" is "not given".
 * - unit_id filters: 0 means every unit; the HTTP layer passes a unit-scoped account's own
 *   unit, so such an account sees its unit's records only.
 * - Errors: ZF_EINVAL naming the field, ZF_ENOTFOUND for the record the call names,
 *   ZF_ECONFLICT for a state that forbids the change, ZF_EIO / ZF_EINTERNAL from the store.
 * - JSON results are new references the caller decrefs, written only on success.
 */
#ifndef ZF_SUPERVISE_SUPERVISE_H
#define ZF_SUPERVISE_SUPERVISE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

/* ---- shared helpers (supervise.c) ---- */

/* Longest title or short text, and longest free text, in code points. */
#define SUP_TITLE_MAX 200
#define SUP_TEXT_MAX  5000

/*
 * Builds a JSON object from the current row of st. spec holds one character per column:
 * i integer, I integer or null, d real, D real or null, s text ("" for NULL), S text or
 * null, b boolean (0 / 1), B boolean or null, '-' skips the column. A column name with a dot nests
 * ("unit.code" -> {"unit":{"code":...}}); a nested object whose values are all null is
 * null. Returns a new reference.
 */
json_t *sup_row_json(struct stmt *st, const char *spec);
/* Steps st to its end, appending sup_row_json of each row to a new array in *out.
 * Returns 0 or the store's error. */
int sup_rows_json(struct stmt *st, const char *spec, json_t **out, struct zf_err *err);

/* Today's date (YYYY-MM-DD, time_now) into out (11 bytes). */
void sup_today(char out[11]);
/* The date days after d (YYYY-MM-DD, days may be negative) into out (11 bytes). */
void sup_date_add_days(const char *d, int days, char out[11]);
/* Whole days from date a to date b (negative when b is earlier). */
int sup_days_between(const char *a, const char *b);
/* The date months after d, clamped to the month's last day, into out (11 bytes). */
void sup_date_add_months(const char *d, int months, char out[11]);

/* Validation that fills err naming field; each returns 0 or ZF_EINVAL. */
int sup_check_text(const char *field, const char *v, int max, bool required, struct zf_err *err);
int sup_check_date(const char *field, const char *v, bool required, struct zf_err *err);

/* The id of the active unit / person with code; ZF_EINVAL naming field when blank (and
 * required), unknown or inactive. With required false a blank code gives *id = 0. */
int sup_unit_id(struct store *s, const char *field, const char *code, bool required, int64_t *id,
		struct zf_err *err);
int sup_person_id(struct store *s, const char *field, const char *code, bool required, int64_t *id,
		  struct zf_err *err);
/* The unit of person id (into *unit_id). Returns 0 or ZF_ENOTFOUND. */
int sup_person_unit(struct store *s, int64_t person_id, int64_t *unit_id, struct zf_err *err);

/* Appends the audit entry of a write of entity/id (an integer id); changes is borrowed. */
int sup_audit(struct store *s, const struct actor *who, const char *action, const char *entity,
	      int64_t id, json_t *changes, struct zf_err *err);
/* Records in ch field's change as [was, now], when it changed: an update's audit entry. */
void sup_note_text(json_t *ch, const char *field, const char *was, const char *now);
void sup_note_int(json_t *ch, const char *field, int was, int now);

/* ---- findings (R5, S4): finding.c ---- */

/*
 * The system's proposal for case_no's finding: the person concerned as 'direct' and, as
 * 'leader', the superiors whose supervision answers for it (S4): the unit's main leader,
 * with area the team members overseeing that area (一岗双责), and the leaders overseeing
 * the unit (分管领导), from org_responsibility; the direct person is never proposed as his
 * own leader. area may be NULL. *out: {case_no, unit:{code,name}, area, direct:[person],
 * leaders:[person + relation, relation_zh]}. Returns 0, ZF_ENOTFOUND.
 */
int finding_propose(struct store *s, const char *case_no, const char *area, json_t **out,
		    struct zf_err *err);

struct finding_rec {
	const char *finding;	    /* substantiated | partly | unsubstantiated (required) */
	const char *finding_on;	    /* YYYY-MM-DD; default today; not in the future */
	const char *summary;	    /* what was found; optional */
	const char *area;	    /* the area the problem lies in, for the leaders' proposal */
	const char *const *direct;  /* person codes (NULL-terminated) or NULL: the proposal's */
	const char *const *leaders; /* person codes (NULL-terminated) or NULL: the proposal's */
};

/*
 * Records (or re-records, until confirmed) the finding of case_no: sets cases.finding and
 * finding_on, and replaces the case's people with the direct people and leaders given (the
 * proposal's for a list left NULL; an unsubstantiated finding holds nobody responsible),
 * unconfirmed. The case must have been routed (not 'received') and not be a duplicate.
 * Returns 0, ZF_ENOTFOUND, ZF_EINVAL naming the field, ZF_ECONFLICT (state, or already
 * confirmed). Audited.
 */
int finding_record(struct store *s, const struct actor *who, const char *case_no,
		   const struct finding_rec *f, struct zf_err *err);
/* Confirms the recorded finding of case_no and all its people (the inspector's word).
 * Returns 0, ZF_ENOTFOUND, ZF_ECONFLICT (no finding recorded, or already confirmed). */
int finding_confirm(struct store *s, const struct actor *who, const char *case_no,
		    struct zf_err *err);
/* {case_no, unit, finding|null, finding_on, summary, area, confirmed, confirmed_on,
 *  people:[{person:{code,name,post,unit}, kind, relation, confirmed}]}. ZF_ENOTFOUND. */
int finding_get(struct store *s, const char *case_no, json_t **out, struct zf_err *err);
/* The case id, unit id and finding ("" when none) of case_no; confirmed tells whether the
 * finding is confirmed. Returns 0 or ZF_ENOTFOUND (field "case_no"). */
int finding_case(struct store *s, const char *case_no, int64_t *case_id, int64_t *unit_id,
		 char finding[24], bool *confirmed, struct zf_err *err);

/* ---- public exposure (S7): exposure.c ---- */

struct exposure_rec {
	const char *case_no;	  /* required: a case with a substantiated or partly finding */
	const char *title;	  /* required */
	const char *facts;	  /* required: what happened, as published */
	const char *handling;	  /* required: how it was dealt with */
	const char *published_on; /* default today */
	bool show_person;	  /* publish the name of the person concerned */
};
/* Publishes a case on the exposure board (office). *id gets the exposure's id. Returns 0,
 * ZF_EINVAL naming the field, ZF_ENOTFOUND (field case_no), ZF_ECONFLICT (the finding is
 * not substantiated or partly, or the case is already on the board). Audited. */
int exposure_publish(struct store *s, const struct actor *who, const struct exposure_rec *r,
		     int64_t *id, struct zf_err *err);
/* Takes exposure id off the board with a reason (required). Audited. ZF_ENOTFOUND,
 * ZF_ECONFLICT when already off, ZF_EINVAL without a reason. */
int exposure_unpublish(struct store *s, const struct actor *who, int64_t id, const char *reason,
		       struct zf_err *err);
/* The public board: published exposures dated today or earlier (a later published_on
 * schedules it), newest first, id < before (0: from the newest),
 * at most limit: {id, title, unit:{name}, category, facts, handling, published_on,
 * person?}. Nothing of the complainant, the case's content or number. */
int exposure_public_list(struct store *s, int64_t before, int limit, json_t **out,
			 struct zf_err *err);
/* The office's list (published and withdrawn), id > after: adds case_no, show_person,
 * published, unpublish_reason, person. */
int exposure_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err);

/* ---- key periods (S1): keyperiod.c ---- */

struct keyperiod_rec {
	const char *kind; /* holiday election promotion posting moving_house personnel */
	const char *name, *starts_on, *ends_on;
	int remind_days; /* -1: the default 7 */
	const char *plan, *focus;
};
int keyperiod_create(struct store *s, const struct actor *who, const struct keyperiod_rec *r,
		     int64_t *id, struct zf_err *err);
/* Changes an active key period: the fields of changes that are not NULL (remind_days when
 * >= 0), checked as a whole as at creation; *out is the period as it now is. ZF_ENOTFOUND,
 * ZF_ECONFLICT (field id) when it is withdrawn. Audited with each field's old and new
 * value; a change to nothing writes nothing. */
int keyperiod_update(struct store *s, const struct actor *who, int64_t id,
		     const struct keyperiod_rec *changes, json_t **out, struct zf_err *err);
/* Deactivates a key period. ZF_ENOTFOUND, ZF_ECONFLICT when already inactive. Audited. */
int keyperiod_deactivate(struct store *s, const struct actor *who, int64_t id, struct zf_err *err);
/* Active periods overlapping [from, to] (either may be NULL), by start date. */
int keyperiod_list(struct store *s, const char *from, const char *to, json_t **out,
		   struct zf_err *err);
/* Reminders as of today: active periods under way, or starting within days (0..366),
 * each with remind_on (start - remind_days), days_left and due (remind_on <= today). */
int keyperiod_upcoming(struct store *s, int days, json_t **out, struct zf_err *err);

/* ---- inspections (明察暗访, S1 / R5): inspection.c ---- */

struct inspection_rec {
	const char *title, *mode; /* mode: open | covert */
	const char *planned_on, *plan;
	int64_t key_period_id;	    /* 0: none */
	const char *const *team;    /* person codes, NULL-terminated, at least one */
	const char *const *targets; /* unit codes, NULL-terminated, at least one */
};
int inspection_create(struct store *s, const struct actor *who, const struct inspection_rec *r,
		      int64_t *id, struct zf_err *err);
/* Marks inspection id done on done_on (default today) with a summary. ZF_ECONFLICT when
 * not planned. */
int inspection_complete(struct store *s, const struct actor *who, int64_t id, const char *done_on,
			const char *summary, struct zf_err *err);
/* Calls off a planned inspection (inspector): the reason is required and kept; one done or
 * already cancelled is refused (409 naming its state), as is one with problems recorded
 * (409, field findings: it took place); a cancelled one takes no findings. */
int inspection_cancel(struct store *s, const struct actor *who, int64_t id, const char *reason,
		      struct zf_err *err);

struct inspection_finding_rec {
	const char *unit;     /* unit code, required: one of the inspection's targets */
	const char *person;   /* person code, optional */
	const char *category; /* case category code, required */
	const char *found_on; /* default today */
	const char *description;
	bool open_case; /* open a case (channel 'inspection') from it */
};
/* Records what inspection id found; with open_case a case is opened through case.h and
 * linked. *finding_id gets the finding's id; case_no (32 bytes, may be NULL) the new case's
 * number or "". */
int inspection_add_finding(struct store *s, const struct actor *who, int64_t id,
			   const struct inspection_finding_rec *r, int64_t *finding_id,
			   char case_no[32], struct zf_err *err);
int inspection_get(struct store *s, int64_t id, json_t **out, struct zf_err *err);
/* Inspections with id > after, at most limit; unit_id (0: all) keeps those targeting it. */
int inspection_list(struct store *s, int64_t unit_id, int64_t after, int limit, json_t **out,
		    struct zf_err *err);

/* ---- key projects (S2): project.c ---- */

struct project_rec {
	const char *code, *name, *unit, *starts_on, *ends_on;
	double budget;		       /* < 0: not given */
	const char *const *inspectors; /* person codes, NULL-terminated, at least one */
};
int project_create(struct store *s, const struct actor *who, const struct project_rec *r,
		   int64_t *id, struct zf_err *err);
int project_add_milestone(struct store *s, const struct actor *who, int64_t project_id,
			  const char *name, const char *due_on, int64_t *id, struct zf_err *err);
int project_milestone_done(struct store *s, const struct actor *who, int64_t project_id,
			   int64_t milestone_id, const char *done_on, struct zf_err *err);
/* Moves a project on: completed (on: its completion date, default today, not before it
 * started nor in the future; it becomes ends_on), suspended (reason required) or active
 * again; a completed project is final. ZF_EINVAL naming state, on or reason; ZF_ECONFLICT
 * (field state) when it is so already or completed; ZF_ENOTFOUND. Audited with the reason. */
int project_set_state(struct store *s, const struct actor *who, int64_t id, const char *state,
		      const char *on, const char *reason, struct zf_err *err);
int project_add_finding(struct store *s, const struct actor *who, int64_t project_id,
			const char *found_on, const char *description, int64_t *id,
			struct zf_err *err);
/* Records that a project's finding was put right on a day (default today; not before it
 * was found nor in the future). ZF_ENOTFOUND (field finding) when the project has no such
 * finding; ZF_ECONFLICT when it was put right already; ZF_EINVAL naming rectified_on.
 * Audited. */
int project_finding_rectified(struct store *s, const struct actor *who, int64_t project_id,
			      int64_t finding_id, const char *on, struct zf_err *err);
/* {id, code, name, unit, starts_on, ends_on, budget, state, inspectors, milestones,
 *  findings}; unit_id (0: any) must be the project's unit, else ZF_ENOTFOUND. */
int project_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err);
int project_list(struct store *s, int64_t unit_id, int64_t after, int limit, json_t **out,
		 struct zf_err *err);

/* ---- decision tracking (S3): decision.c ---- */

int decision_create(struct store *s, const struct actor *who, const char *title, const char *source,
		    const char *decided_on, int64_t *id, struct zf_err *err);
struct decision_task_rec {
	const char *unit, *title, *deadline;
	const char *const *milestones; /* "name@YYYY-MM-DD" each, NULL-terminated, or NULL */
};
int decision_add_task(struct store *s, const struct actor *who, int64_t decision_id,
		      const struct decision_task_rec *r, int64_t *id, struct zf_err *err);
/*
 * Reports progress on task id: progress 0..100 (-1 keeps it), status open | done |
 * cancelled (NULL keeps it; done sets progress 100 and done_on), a note. unit_id (0: any)
 * must be the task's unit, else ZF_EFORBIDDEN. A done or cancelled task is ZF_ECONFLICT.
 * Kept in the task's history and audited.
 */
int decision_task_progress(struct store *s, const struct actor *who, int64_t id, int64_t unit_id,
			   int progress, const char *status, const char *note, struct zf_err *err);
int decision_milestone_done(struct store *s, const struct actor *who, int64_t task_id,
			    int64_t milestone_id, int64_t unit_id, struct zf_err *err);
/* {id, title, source, decided_on, tasks:[...]}: unit_id (0: all) keeps that unit's tasks. */
int decision_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err);
int decision_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err);
/* A task with its milestones and history; unit_id (0: any) must be its unit (ZF_ENOTFOUND). */
int decision_task_get(struct store *s, int64_t id, int64_t unit_id, json_t **out,
		      struct zf_err *err);
/* Open tasks past their deadline as of today, oldest deadline first, with days_overdue;
 * unit_id (0: all). */
int decision_overdue(struct store *s, int64_t unit_id, json_t **out, struct zf_err *err);

/* ---- citizen service stations (S8): station.c ---- */

int station_create(struct store *s, const struct actor *who, const char *name, const char *place,
		   const char *unit, int64_t *id, struct zf_err *err);
/* Closes (active false) or reopens a service station (office). A closed station's
 * supervisors forward no matters and it takes no new ones. ZF_ENOTFOUND; ZF_ECONFLICT
 * (field active) when it is so already. Audited. */
int station_set_active(struct store *s, const struct actor *who, int64_t id, bool active,
		       struct zf_err *err);
/* Attaches the supervisor account username (role supervisor, of the station's unit) to
 * station id. ZF_EINVAL (field username) for another role or unit. */
int station_add_supervisor(struct store *s, const struct actor *who, int64_t id,
			   const char *username, struct zf_err *err);
/* Sets the phone of a leader on station id's card (person: a main or overseeing leader of
 * the station's unit; phone required). */
int station_set_phone(struct store *s, const struct actor *who, int64_t id, const char *person,
		      const char *phone, struct zf_err *err);
/* The card: {station, unit, leaders:[{person, relation, relation_zh, title, phone}]}: the
 * main leader and the leaders overseeing the station's unit. unit_id (0: any) must be the
 * station's unit (ZF_ENOTFOUND). */
int station_card(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err);
/* The card as CSV (UTF-8 BOM; 姓名,职务,关系,电话) into a new string *csv (caller frees). */
int station_card_csv(struct store *s, int64_t id, int64_t unit_id, char **csv, struct zf_err *err);
int station_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err);
int station_list(struct store *s, int64_t unit_id, json_t **out, struct zf_err *err);

struct station_matter {
	const char *subject, *content;		  /* required */
	const char *category;			  /* case category code; default "other" */
	const char *person;			  /* person concerned, optional */
	const char *citizen_name, *citizen_phone; /* sealed with the case; both optional */
};
/* A supervisor (who->user_id, attached to a station) forwards a citizen's matter: it
 * becomes a case of channel 'supervisor' on the station's unit, routed to the responsible
 * leader. case_no (32 bytes) gets its number. ZF_EFORBIDDEN when the account has no
 * station. */
int station_forward(struct store *s, const struct actor *who, const struct station_matter *m,
		    char case_no[32], struct zf_err *err);

/* ---- integrity routines (S6, S9): routine.c ---- */

struct routine_rec {
	const char *kind; /* appraisal_meeting opinion_meeting democratic_life duty_report
			   * admonishment_talk inspection_tour audit inquiry */
	const char *unit, *held_on, *title, *participants, *outcome;
	const char *const *people; /* person codes present, NULL-terminated, or NULL */
	int issues, resolved;	   /* issues raised and settled (resolved <= issues) */
};
int routine_create(struct store *s, const struct actor *who, const struct routine_rec *r,
		   int64_t *id, struct zf_err *err);
struct routine_filter {
	int64_t unit_id;       /* 0: all */
	const char *kind;      /* NULL: all */
	const char *from, *to; /* held_on range, inclusive; NULL: open */
};
int routine_list(struct store *s, const struct routine_filter *f, int64_t after, int limit,
		 json_t **out, struct zf_err *err);
/* A change to a routine on record: NULL strings and negative numbers keep the value. Its
 * kind, unit and the people present stay as recorded. */
struct routine_change {
	const char *held_on, *title, *participants, *outcome;
	int issues, resolved;
};
/* Changes routine id, checked as a whole as at creation (resolved <= issues, held_on not
 * in the future); scope is a unit account's unit (0: any), whose account finds no other
 * unit's routine (ZF_ENOTFOUND). *out is the routine as routine_list gives it. Audited with
 * each field's old and new value; a change to nothing writes nothing. */
int routine_update(struct store *s, const struct actor *who, int64_t id, int64_t scope,
		   const struct routine_change *c, json_t **out, struct zf_err *err);

#endif
