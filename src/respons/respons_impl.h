/* respons_impl.h: what the files of src/respons/ share among themselves: the read-only
 * queries of other rooms' records (records.c), date helpers and JSON pieces. Not part of the
 * room's door: other rooms include respons.h only. */
#ifndef ZF_RESPONS_IMPL_H
#define ZF_RESPONS_IMPL_H

#include "respons/respons.h"

/* Longest free text (assessment, signature, basis), in bytes. */
#define RESPONS_TEXT_MAX 4000

/* Today's date into out (11 bytes). */
void respons_today(char out[11]);
/* A date argument: NULL or "" gives today; otherwise it must be a real date (ZF_EINVAL on
 * field). Returns 0 or ZF_EINVAL. */
int respons_date_arg(const char *v, const char *field, char out[11], struct zf_err *err);

/*
 * A row as a JSON object: spec has one character per column (named by the query's column
 * names): 'i' integer, 'I' integer or null when NULL, 't' text, 'T' text or null when NULL
 * or "", 'b' boolean, 'j' JSON text parsed (null when it does not parse), '-' skipped.
 */
json_t *respons_row_json(struct stmt *st, const char *spec);
/* Runs sql (params as store_run's fmt and the values after it) and collects every row with
 * respons_row_json(spec) into a new JSON array in *out. Returns 0 or a store error. */
int respons_query_json(struct store *s, json_t **out, const char *spec, struct zf_err *err,
		       const char *sql, const char *fmt, ...);
/* {code, name}, or null when code is NULL or "". */
json_t *respons_code_name(const char *code, const char *name);

/* The records of style record rec (with the nomination's assessment under "assessment")
 * that make rule (a row of respons_rule_list) fire as of as_of: a new JSON array, empty
 * when the rule does not fire (rules.c). */
json_t *respons_rule_hits(json_t *rule, json_t *rec, const char *as_of);

/* ---- other rooms' records, read only (records.c): the one place that knows the
 * supervision schema, so it can be switched to that room's functions ---- */

/* The person's sanctions, every one (revoked too), oldest first, with ban_active as of. */
int rec_sanctions(struct store *s, int64_t person_id, const char *as_of, json_t **out,
		  struct zf_err *err);
/* The cases against the person with a substantiated or partly finding: as the person
 * concerned (role "concerned") or in case_people (role "direct" / "leader"). */
int rec_cases_against(struct store *s, int64_t person_id, json_t **out, struct zf_err *err);
/* The cases of channel 'inspection' about the person or the unit, received on or before as_of. */
int rec_inspections(struct store *s, int64_t person_id, int64_t unit_id, const char *as_of,
		    json_t **out, struct zf_err *err);
/* The unit's grade and rank in each published round, newest first. */
int rec_unit_grades(struct store *s, int64_t unit_id, json_t **out, struct zf_err *err);
/* The education the person owes as of (the education room's educate_owed). */
int rec_education_owed(struct store *s, int64_t person_id, const char *as_of, json_t **out,
		       struct zf_err *err);
/* The person's education record over [from, to] (the education room's dossier). */
int rec_education_dossier(struct store *s, int64_t person_id, const char *from, const char *to,
			  json_t **out, struct zf_err *err);
/* The cases of unit_id (0: every unit) received or found in [from, to]: {id, case_no,
 * channel, subject, category, category_name, category_veto, state, finding, finding_on,
 * received_on, unit_code, unit_name, person_code, person_name, handling_leader (a code)}. */
int rec_unit_cases(struct store *s, int64_t unit_id, const char *from, const char *to, json_t **out,
		   struct zf_err *err);
/* The sanctions on unit_id or its people decided in [from, to]. */
int rec_unit_sanctions(struct store *s, int64_t unit_id, const char *from, const char *to,
		       json_t **out, struct zf_err *err);
/* case_people entries of kind 'leader' for cases of unit_id received or found in [from, to]. */
int rec_unit_leader_findings(struct store *s, int64_t unit_id, const char *from, const char *to,
			     json_t **out, struct zf_err *err);
/* case_people entries naming person_id for cases received or found in [from, to]. */
int rec_person_findings(struct store *s, int64_t person_id, const char *from, const char *to,
			json_t **out, struct zf_err *err);
/* Sanctions on person_id decided in [from, to]. */
int rec_person_sanctions(struct store *s, int64_t person_id, const char *from, const char *to,
			 json_t **out, struct zf_err *err);
/* Liability scan inputs: the cadre's substantiated or partly cases (concerned or held
 * directly responsible) found in [from, to], and the sanctions not revoked decided in it,
 * each as {source, source_id, source_on}. */
int rec_liability_triggers(struct store *s, int64_t person_id, const char *from, const char *to,
			   json_t **out, struct zf_err *err);
/* The triggering record of a flag: the case or the sanction as JSON, or null. */
int rec_flag_record(struct store *s, const char *source, int64_t id, json_t **out,
		    struct zf_err *err);

#endif
