/* case.h: supervision cases (S5, S6, X2): complaints and reported matters from every
 * channel, their sealed complainant, routing along the responsibility chain (R1, R2), the
 * handling workflow with working-day deadlines, reminders and escalation, duplicates, and
 * the per-unit figures that feed process evaluation.
 *
 * Conventions of this room (as in org.h):
 * - Cases are named by their case_no (ZF-2026-000123); the public names one by its query
 *   code, which is kept only as a hash.
 * - Every write runs in a transaction (or joins the caller's, store_tx_open) and appends its
 *   audit entry and a case_events row in it. Audit entries and events never carry the
 *   complainant.
 * - The complainant (name, phone, id_no) is sealed (seal.h) and shown to ROLE_INSPECTOR
 *   only. Unit-scoped roles see the cases whose unit concerned or handling unit is theirs;
 *   a supervisor also sees the cases it filed.
 * - Errors: ZF_EINVAL naming the field, ZF_ENOTFOUND for an unknown case, ZF_EFORBIDDEN for
 *   a role or unit that may not act, ZF_ECONFLICT for a transition the state forbids (the
 *   message names the state).
 * - JSON results are new references the caller decrefs; out-parameters are written only on
 *   success.
 */
#ifndef ZF_SUPERVISE_CASE_H
#define ZF_SUPERVISE_CASE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/csv.h"
#include "base/err.h"
#include "store/store.h"

#define CASE_NO_MAX	    32 /* buffer size of a case number */
#define CASE_QUERY_CODE_MAX 64 /* buffer size of a public query code */

/* ---- intake (S5) ---- */

struct case_new {
	const char *channel;	       /* hotline mailbox website letter_visit media supervisor
					* inspection referral (required) */
	const char *subject;	       /* required, at most 200 characters */
	const char *content;	       /* required, at most 5000 characters */
	const char *category;	       /* case_categories code; NULL or "" = "other" */
	const char *unit;	       /* code of the unit concerned (required, active) */
	const char *person;	       /* code of the person concerned, optional */
	const char *complainant_name;  /* all three NULL/"": anonymous */
	const char *complainant_phone; /* required with a name; 11-digit mobile or fixed line */
	const char *complainant_id_no; /* optional, 18-character resident ID */
	const char *external_ref;      /* the channel's own number (12345 ticket), optional */
	const char *received_on;       /* YYYY-MM-DD, not in the future; NULL = today */
};

/*
 * Opens a case in state "received", with the complainant sealed apart (complainants), the
 * proposed routing (handling unit and leader from org_responsibility, not yet confirmed),
 * and duplicate detection against the unit's cases of the last 30 days (a suspected link
 * in duplicate_of). Joins the caller's transaction when one is open.
 *   case_no_out     receives the new case number (CASE_NO_MAX bytes)
 *   query_code_out  NULL, or CASE_QUERY_CODE_MAX bytes receiving a fresh public query code
 *                   (128 random bits; only its hash is stored). With NULL no code exists.
 * Returns 0, ZF_EINVAL naming the field, ZF_EINTERNAL when a complainant is given and no
 * seal key is loaded, ZF_EIO.
 */
int case_create(struct store *s, const struct case_new *in, const struct actor *who,
		char case_no_out[CASE_NO_MAX], char *query_code_out, struct zf_err *err);

/* The id of case case_no. Returns 0 or ZF_ENOTFOUND. */
int case_find(struct store *s, const char *case_no, int64_t *id, struct zf_err *err);

/* ---- who sees what (X2) ---- */

struct case_viewer {
	unsigned role_bit; /* ROLE_* of the account (auth.h); 0 for the command line (= office) */
	int64_t unit_id;   /* a unit-scoped account's unit, else 0 */
	int64_t user_id;   /* the account (a supervisor sees what it filed), else 0 */
};

/* True when v may see case_id at all. */
bool case_visible(struct store *s, int64_t case_id, const struct case_viewer *v);

/*
 * One case as JSON: {case_no, channel, subject, content, category:{code,name}, unit, person,
 * handling_unit, handling_leader, proposed:{unit,leader}, state, state_zh, anonymous,
 * external_ref, received_on, assigned_on, sign_due, signed_on, due, replied_on, closed_on,
 * reply, satisfied, reopen_count, escalated, escalated_to, duplicate_of, duplicates:[...],
 * attachments:[...], extension (pending request or null), overdue}, plus "complainant":
 * {name, phone, id_no} only for ROLE_INSPECTOR (null for an anonymous case; {"error": why}
 * when the sealed record does not open: altered, another key, or no key loaded).
 * Returns 0, ZF_ENOTFOUND (also when v may not see it), ZF_EIO.
 */
int case_get_json(struct store *s, const char *case_no, const struct case_viewer *v, json_t **out,
		  struct zf_err *err);
int case_to_json(struct store *s, int64_t case_id, const struct case_viewer *v, json_t **out,
		 struct zf_err *err);

struct case_filter {
	const char *state;    /* or NULL */
	const char *unit;     /* unit code (concerned or handling), or NULL */
	const char *channel;  /* or NULL */
	const char *from;     /* received_on >= from, YYYY-MM-DD, or NULL */
	const char *to;	      /* received_on <= to, or NULL */
	bool overdue_only;    /* only cases past their sign-for or handling deadline */
	const char *as_of;    /* the day "overdue" is judged on; NULL = today */
	const char *category; /* case category code, or NULL */
	const char *q;	      /* text in the subject or content, or the case or channel's own
			       * number exactly; NULL or "" for any */
};

/* Cases with id > after matching f that v may see, by id, at most limit (1..1000): a JSON
 * array of short records (no content; complainant for inspectors only). ZF_EINVAL naming a
 * bad filter value. */
int case_list(struct store *s, const struct case_filter *f, const struct case_viewer *v,
	      int64_t after, int limit, json_t **out, struct zf_err *err);

/* The list as CSV (UTF-8 with BOM, Chinese headers) into a fresh buffer *out of *len bytes
 * (caller frees); complainant columns only for ROLE_INSPECTOR. At most 100000 rows. */
int case_export_csv(struct store *s, const struct case_filter *f, const struct case_viewer *v,
		    char **out, size_t *len, struct zf_err *err);

/* The list as an XLSX workbook written to path (one sheet 案件, the CSV's columns, the
 * same rule for complainant columns). Returns 0, ZF_EINVAL (filter), ZF_EIO (the file). */
int case_export_xlsx(struct store *s, const struct case_filter *f, const struct case_viewer *v,
		     const char *path, struct zf_err *err);

/* The case's events, oldest first: [{at, on, actor, kind, kind_zh, from, to, note, ...}].
 * ZF_ENOTFOUND when unknown or not visible to v. */
int case_timeline(struct store *s, const char *case_no, const struct case_viewer *v, json_t **out,
		  struct zf_err *err);

/* ---- the workflow ---- */

/*
 * Actions on a case, each checked against the state and the actor:
 *   assign     office: received -> assigned; unit / leader optional (default: the proposal);
 *              sets sign_due (sign_days working days) and due (handle_days).
 *   sign       the handling unit: assigned -> signed (签收).
 *   handle     the handling unit: signed -> handling.
 *   reply      the handling unit: handling -> replied; text = the reply (required).
 *   return     the handling unit: assigned/signed/handling -> received (退单), text = reason.
 *   extend     the handling unit: signed/handling, days (1..30) + reason: a pending request.
 *   extend_decide  office: approve (moves due by the days, in working days) or deny.
 *   follow_up  office or inspector: replied -> followed_up (satisfied) or back to handling
 *              (not satisfied: reopen_count++, new due; the third reopen escalates).
 *   close      office: followed_up -> closed (or received -> closed as not admissible,
 *              with a reason).
 */
struct case_action {
	const char *action; /* one of the names above */
	const char *unit;   /* assign: handling unit code */
	const char *leader; /* assign: responsible leader's person code */
	const char *text;   /* reply text, reason or note */
	int days;	    /* extend */
	int approve;	    /* extend_decide: 1 approve, 0 deny, -1 not given (refused) */
	int satisfied;	    /* follow_up: 1 or 0, -1 not given (refused) */
	const char *on;	    /* the day it happened, YYYY-MM-DD; NULL = today */
};

/* Applies an action as actor who with view v (role and unit). Returns 0, ZF_EINVAL naming
 * the field, ZF_ENOTFOUND, ZF_EFORBIDDEN, ZF_ECONFLICT naming the state. Audited. */
int case_act(struct store *s, const char *case_no, const struct case_action *a,
	     const struct actor *who, const struct case_viewer *v, struct zf_err *err);

/* Confirms (confirm true) or removes the duplicate link of case_no (office). Linking to
 * another case: of_case_no non-NULL. Returns 0, ZF_EINVAL, ZF_ENOTFOUND, ZF_ECONFLICT. */
int case_duplicate_set(struct store *s, const char *case_no, const char *of_case_no, bool confirm,
		       const struct actor *who, struct zf_err *err);

/* ---- deadlines (S3, S6) ---- */

struct case_settings {
	int sign_days;	       /* working days to sign for; default 1 */
	int handle_days;       /* working days to reply, from assignment; default 10 */
	int escalate_after;    /* working days overdue after the reminder before 督办; 3 */
	int reopen_escalate;   /* reopens that escalate; 3 */
	int dup_threshold_pct; /* bigram Jaccard similarity for a duplicate, percent; 50 */
	int dup_window_days;   /* days looked back for duplicates; 30 */
};
int case_settings_get(struct store *s, struct case_settings *out, struct zf_err *err);
/* Changes the keys present in the JSON object (office); audited. ZF_EINVAL naming the key. */
int case_settings_update(struct store *s, json_t *changes, const struct actor *who,
			 struct zf_err *err);
json_t *case_settings_json(const struct case_settings *cs);

/*
 * The overdue sweep for day as_of (NULL = today): every case past its sign-for or handling
 * deadline gets one reminder (催办) per stage and cycle, and one overdue by more than
 * escalate_after working days after its reminder is escalated (督办) to the overseeing
 * leader of the chain. With notify false nothing is written. *out: [{case_no, unit, stage,
 * due, days_overdue, action: "remind"|"escalate"|"reminded"|"escalated", leader}].
 */
int case_overdue_sweep(struct store *s, const char *as_of, bool notify, const struct actor *who,
		       json_t **out, struct zf_err *err);

/* ---- figures (S6 -> V2) ---- */

/* Per unit (handling unit) for cases received in [from, to]: counts and the rates
 * sign_ontime_rate, done_ontime_rate, satisfaction_rate, reopen_rate (0..1, null without
 * cases). unit NULL = every unit. ZF_EINVAL for bad dates. */
int case_stats(struct store *s, const char *from, const char *to, const char *unit, json_t **out,
	       struct zf_err *err);

/* Writes the figures of [from, to] as process scores of round round_code (period_type
 * monthly or quarterly, period e.g. "2026-03" / "2026-Q1"), one per unit with cases:
 * score = 100 * (0.3 sign + 0.3 done + 0.3 satisfaction + 0.1 (1 - reopen)).
 * *written gets the count. Returns 0, ZF_EINVAL, ZF_ENOTFOUND (round), ZF_ECONFLICT (round
 * not open). Audited through eval's process-score entry. */
int case_stats_apply(struct store *s, const char *round_code, const char *period_type,
		     const char *period, const char *from, const char *to, const struct actor *who,
		     int *written, struct zf_err *err);

/* ---- public (no account) ---- */

/* The public view of the case whose query code is code: {case_no, state, state_zh,
 * received_on, due, replied_on, closed_on, reply}. ZF_ENOTFOUND for an unknown code. */
int case_public_status(struct store *s, const char *code, json_t **out, struct zf_err *err);

/* ---- import ---- */

/*
 * Imports a 12345 hotline export (UTF-8 or GB18030), all rows or none. Headers (Chinese or
 * English): 工单编号/external_ref 来电时间/received_on 诉求人/name 联系电话/phone
 * 被反映单位/unit (code or name) 标题/subject 诉求内容/content 问题分类/category (code or
 * name) [被反映人/person]. Each problem goes to rep as FILE:LINE: column: what; with any,
 * nothing is written and ZF_EINVAL is returned. A row whose 工单编号 is already imported is
 * an error. *imported gets the number of cases created.
 */
int case_import_hotline(struct store *s, const struct actor *who, const char *fname,
			const char *data, size_t len, struct import_report *rep, int *imported,
			struct zf_err *err);

/* ---- attachments (evidence) ---- */

#define CASE_ATTACH_MAX (20u * 1024u * 1024u)

/* Stores an evidence file for case_no in "<db path>.files/" under its SHA-256 name (never
 * in the database), after checking its type by magic bytes (pdf, jpeg, png, docx/xlsx zip,
 * mp3, mp4) and size (<= CASE_ATTACH_MAX). Returns 0, ZF_EINVAL (type, empty, name),
 * ZF_ETOOBIG, ZF_ENOTFOUND (also when v may not see it), ZF_ECONFLICT (a closed case),
 * ZF_EIO. Audited; *id gets the attachment id. */
int case_attach(struct store *s, const char *case_no, const char *name, const void *data,
		size_t len, const struct actor *who, const struct case_viewer *v, int64_t *id,
		struct zf_err *err);
/* Reads attachment id of case_no into a fresh buffer (caller frees), with its MIME type and
 * name. ZF_ENOTFOUND (also when not visible), ZF_EIO (missing, or changed on disk). */
int case_attachment_read(struct store *s, const char *case_no, int64_t id,
			 const struct case_viewer *v, char **data, size_t *len, char mime[128],
			 char name[128], struct zf_err *err);

/* ---- demo ---- */

/* Fills about a year of realistic cases (deterministic from seed), joining the caller's
 * transaction. Needs the demo organisation and a loaded seal key. *made gets the count. */
int case_demo_fill(struct store *s, const struct actor *who, unsigned seed, int *made,
		   struct zf_err *err);

#endif
