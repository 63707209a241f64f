/* educate.h: the education mechanism (E1-E7): programmes whose targets are computed from a
 * rule, sessions and attendance, fair random speaker draws, reading, commitments (表态),
 * family integrity education, each cadre's dossier and each unit's completion rate, and
 * the appointment gate of E2.
 *
 * Conventions of this room (the same as org.h):
 * - Every write runs in a transaction and appends its audit entry in it (X1); when the
 *   caller holds a transaction the write joins it and the caller rolls back on failure.
 * - Errors: ZF_EINVAL naming the field (or the JSON path of a rule, e.g. "rule.born_from"),
 *   ZF_ENOTFOUND when the record the call names does not exist, ZF_ECONFLICT for a
 *   duplicate or a state that forbids the change, ZF_EIO / ZF_EINTERNAL from the store.
 * - JSON results are new references the caller decrefs; out-parameters are written only on
 *   success. Input records hold borrowed strings.
 * - Unit scoping: functions that take `scope_unit` (a unit id, 0 for none) restrict what
 *   they return or accept to that unit's people (unit-scoped accounts); a person of another
 *   unit is ZF_ENOTFOUND, as if unknown.
 *
 * Target rules (JSON object; every key optional; the keys given are ANDed; {} is everyone
 * active):
 *   born_from, born_to     "YYYY-MM-DD", inclusive (E1's post-80s: 1980-01-01..1989-12-31)
 *   rank_min, rank_max     one of 一般干部 < 副科 < 正科 < 副处 < 正处 (村干部 is outside the
 *                          order: a rank bound never matches a village cadre)
 *   ranks                  array of ranks, any of which matches (村干部 allowed)
 *   village                true: village cadres (村干部) only; false: never village cadres
 *   agency                 true: staff of units whose category kind is 'dept' (E4)
 *   appointed_within_months N (1..120): appointed_on within N months before the as-of date
 *   units, categories      arrays of unit / category codes; the person's unit must be in one
 *   unit_kinds             array of "township", "dept", "other"
 *   families               true: the programme addresses the families of the targeted
 *                          cadres (E5); the cadres are listed and their family records count
 */
#ifndef ZF_EDUCATE_EDUCATE_H
#define ZF_EDUCATE_EDUCATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "store/store.h"

/* ---- rank order ---- */

/* The level of a rank: 一般干部 0, 副科 1, 正科 2, 副处 3, 正处 4; 村干部 and unknown -1. */
int educate_rank_level(const char *rank);

/* The id of person `code`, active or not, of scope_unit only when it is not 0 (a person
 * of another unit is ZF_ENOTFOUND, as if unknown). Returns 0 or ZF_ENOTFOUND. */
int educate_person_ref(struct store *s, const char *code, int64_t scope_unit, int64_t *id,
		       struct zf_err *err);

/* ---- rules ---- */

/* Validates a target rule; *out gets the normalized rule (a new reference). Errors are
 * ZF_EINVAL with field the JSON path ("rule", "rule.born_from", "rule.units[2]"). */
int educate_rule_normalize(struct store *s, json_t *rule, json_t **out, struct zf_err *err);

/* ---- programmes ---- */

struct educate_programme {
	const char *code;	 /* create: required, [A-Za-z0-9_-]{1,31} */
	const char *name;	 /* required */
	const char *kind;	 /* a programme_kinds code, required on create */
	json_t *rule;		 /* borrowed; NULL: create {} / update keep */
	double required_hours;	 /* per period; <0 on update: keep */
	int required_sessions;	 /* per period (or records, for reading/family/commitment kinds);
				  * <0 on update: keep */
	const char *period;	 /* "year" (default) or "once" */
	const char *unit;	 /* the unit that runs it; NULL/"" for the district */
	const char *description; /* optional */
	int set_active;		 /* update: 0 keep, 1 activate, 2 deactivate */
};

/* Creates a programme. Returns 0, ZF_EINVAL naming the field, ZF_ECONFLICT for a taken code. */
int educate_programme_create(struct store *s, const struct actor *who,
			     const struct educate_programme *p, struct zf_err *err);
/* Changes programme `code` (fields NULL / negative keep their value). Returns 0, ZF_ENOTFOUND,
 * ZF_EINVAL. */
int educate_programme_update(struct store *s, const struct actor *who, const char *code,
			     const struct educate_programme *p, struct zf_err *err);
/* {id, code, name, kind:{code,name,requirement,counts}, rule, required_hours,
 *  required_sessions, period, unit:{code,name}|null, description, pick_cycle, active}. */
int educate_programme_get(struct store *s, const char *code, json_t **out, struct zf_err *err);
/* Programmes with id > after (at most limit), optionally of one kind: a JSON array. */
int educate_programme_list(struct store *s, const char *kind, int64_t after, int limit,
			   json_t **out, struct zf_err *err);
/* The catalogues: [{code,name,requirement,counts}] and [{code,name}]. */
int educate_kind_list(struct store *s, json_t **out, struct zf_err *err);
int educate_topic_list(struct store *s, json_t **out, struct zf_err *err);

/* Who must attend programme `code` as of as_of (YYYY-MM-DD; NULL: today): active people
 * matching its rule with id > after, by id, at most limit (limit 0: all), of scope_unit
 * only when it is not 0, and with owing_only only those who have not completed it in the
 * period containing as_of. *out: [{id, code, name, unit:{code,name}, rank, birth_date,
 * appointed_on, done_hours, done_sessions, completed}]. *total (may be NULL) gets the
 * number of all such targets in scope. */
int educate_programme_targets(struct store *s, const char *code, const char *as_of,
			      int64_t scope_unit, bool owing_only, int64_t after, int limit,
			      json_t **out, int *total, struct zf_err *err);

/* ---- sessions and attendance ---- */

struct educate_session {
	const char *programme; /* programme code, required */
	const char *held_on;   /* YYYY-MM-DD, required */
	const char *place;     /* optional */
	const char *topic;     /* a topics code, optional */
	const char *title;     /* required */
	double credit_hours;   /* >= 0 */
	const char *unit;      /* the unit holding it; NULL: the programme's unit */
	json_t *speakers;      /* borrowed array of person codes, or NULL */
	json_t *materials;     /* borrowed array of {title, link}, or NULL */
};

/* Creates a session; *id gets its id. Returns 0, ZF_EINVAL naming the field. */
int educate_session_create(struct store *s, const struct actor *who,
			   const struct educate_session *ss, int64_t *id, struct zf_err *err);
/* Corrects session id: the fields of in that are set (strings non-NULL, credit_hours >= 0,
 * materials non-NULL) replace the stored ones; programme and speakers stay. Audited with
 * the changes. Returns 0, ZF_ENOTFOUND, ZF_EINVAL naming the field. */
int educate_session_update(struct store *s, const struct actor *who, int64_t id,
			   const struct educate_session *in, struct zf_err *err);
/* {id, programme:{code,name,kind}, held_on, place, topic:{code,name}|null, title,
 *  credit_hours, unit:{code,name}|null, speakers:[{code,name}], materials:[...],
 *  attendance:[{person:{code,name,unit}, status, note}] (scope_unit: its people only),
 *  counts:{present,late,excused,absent}}. ZF_ENOTFOUND. */
int educate_session_get(struct store *s, int64_t id, int64_t scope_unit, json_t **out,
			struct zf_err *err);
/* The unit a session belongs to (0 for the district). Returns 0 or ZF_ENOTFOUND. */
int educate_session_unit(struct store *s, int64_t id, int64_t *unit_id, struct zf_err *err);
/* Sessions with id > after, filtered by programme code / unit code / year (each NULL or 0
 * for any), by id. */
int educate_session_list(struct store *s, const char *programme, const char *unit, int year,
			 int64_t after, int limit, json_t **out, struct zf_err *err);

/* Attendance status from English (present late excused absent) or Chinese (出席 迟到 请假
 * 缺席; also 到/出勤/参加 for present); NULL when not a status. */
const char *educate_status_norm(const char *s);

/* Sets the attendance of a session from a JSON array of {person, status, note?}: each row
 * replaces that person's record. With scope_unit, only that unit's people may be named.
 * All or nothing. Returns 0, ZF_ENOTFOUND (session), ZF_EINVAL with field "items[i].x". */
int educate_attendance_set(struct store *s, const struct actor *who, int64_t session_id,
			   json_t *items, int64_t scope_unit, int *written, struct zf_err *err);
/* Imports attendance from a CSV file (columns person/人员编号 (or 人员编码), status/出勤,
 * [note/备注]), all rows or none. Problems go to rep as FILE:LINE: column: what, and (when
 * errors is an array) as {line, column, message}; then ZF_EINVAL with "N bad rows". */
int educate_attendance_import(struct store *s, const struct actor *who, int64_t session_id,
			      const char *fname, const char *data, size_t len, int64_t scope_unit,
			      struct import_report *rep, json_t *errors, int *imported,
			      struct zf_err *err);

/* ---- fair random speaker draws (E1, E3) ---- */

/* The deterministic generator: the ChaCha20 (IETF, all-zero nonce) keystream of a 32-byte
 * key whose first 8 bytes are the seed, little-endian, and the rest zero, read 4 bytes at a
 * time as little-endian 32-bit integers. */
struct educate_prng {
	unsigned char key[32];
	uint32_t block;
	unsigned char buf[64];
	int pos;
};
void educate_prng_init(struct educate_prng *g, uint64_t seed);
uint32_t educate_prng_u32(struct educate_prng *g);
/* A uniform integer in [0, bound) for bound >= 1, without modulo bias: 32-bit draws below
 * 2^32 mod bound are rejected and the next one is taken, then the result is draw mod bound. */
uint32_t educate_prng_uniform(struct educate_prng *g, uint32_t bound);

/* Draws count speakers for programme `code` among its targets as of the drawing date:
 * nobody is drawn again before every eligible cadre has been drawn in the current cycle;
 * when the cycle runs out mid-draw it is finished, a new one begins, and nobody is drawn
 * twice in one draw. The pool is sorted by person code; each pick takes the index
 * uniform(pool size) and removes it, keeping the order. seed: NULL for a random one
 * (libsodium), else a decimal 64-bit integer. Audited. *out: {id, programme, seed,
 * requested, eligible, drawn_on, picks:[{seq, cycle, person:{code,name,unit}}]}.
 * The cycle is read and the picks written in one transaction. Returns 0, ZF_ENOTFOUND
 * (programme), ZF_EINVAL (count below 1 or above the eligible number, field "count"; a bad
 * seed, field "seed"), ZF_ECONFLICT (an inactive programme). */
int educate_pick(struct store *s, const struct actor *who, const char *programme, int count,
		 const char *seed, json_t **out, struct zf_err *err);
/* Draws of programme `code` with id > after, at most limit, with their picks (of
 * scope_unit's people only when it is not 0). */
int educate_draw_list(struct store *s, const char *programme, int64_t scope_unit, int64_t after,
		      int limit, json_t **out, struct zf_err *err);

/* ---- reading, commitments, family education (E5-E7) ---- */

struct educate_reading_item {
	const char *code, *title, *category, *link; /* category: party_paper policy
						     * integrity_code district_notice
						     * inspection_measures law_enforcement
						     * traditional_culture */
};
int educate_reading_item_create(struct store *s, const struct actor *who,
				const struct educate_reading_item *it, struct zf_err *err);
int educate_reading_item_list(struct store *s, json_t **out, struct zf_err *err);

/* A record for person (code): reading (item, date, note; once per item and person, else
 * ZF_ECONFLICT), a commitment (date, text, a publicity programme optional), family
 * education (relation, activity, date, note, a family programme optional). scope_unit
 * restricts the person (another unit's is ZF_EINVAL, field "person", as unknown). *id (may
 * be NULL) gets the new id. Audited. */
int educate_reading_record(struct store *s, const struct actor *who, const char *person,
			   const char *item, const char *read_on, const char *note,
			   int64_t scope_unit, int64_t *id, struct zf_err *err);
int educate_commitment_add(struct store *s, const struct actor *who, const char *person,
			   const char *made_on, const char *text, const char *programme,
			   int64_t scope_unit, int64_t *id, struct zf_err *err);
int educate_family_add(struct store *s, const struct actor *who, const char *person,
		       const char *relation, const char *activity, const char *held_on,
		       const char *note, const char *programme, int64_t scope_unit, int64_t *id,
		       struct zf_err *err);
/* Imports records of kind "reading" (columns person/人员编号, item/书目编号,
 * read_on/阅读日期, [note/备注]), "commitments" (person/人员编号, made_on/表态日期,
 * text/表态内容, [programme/项目编号]) or "family" (person/人员编号, relation/亲属关系,
 * activity/活动, held_on/日期, [note/备注], [programme/项目编号]) from a CSV file (UTF-8 or
 * GB18030), each row checked as the single-record function above checks it (scope_unit
 * too), all rows or none. Problems go to rep (and errors) as for the attendance import;
 * then ZF_EINVAL "N bad rows". Each record is audited, and the file once as an "import". */
int educate_records_import(struct store *s, const struct actor *who, const char *kind,
			   const char *fname, const char *data, size_t len, int64_t scope_unit,
			   struct import_report *rep, json_t *errors, int *imported,
			   struct zf_err *err);
/* Records of one kind ("reading", "commitments", "family") with id > after, optionally of
 * one person code, of scope_unit's people when not 0. */
int educate_record_list(struct store *s, const char *kind, const char *person, int64_t scope_unit,
			int64_t after, int limit, json_t **out, struct zf_err *err);

/* ---- dossier, owed, completion ---- */

/* The programmes person_id is a target of and has not completed as of as_of_date (NULL:
 * today), for the period containing the date: [{programme:{code,name,kind}, period, year,
 * required_hours, required_sessions, done_hours, done_sessions, missing_hours,
 * missing_sessions}]. Counted: present or late at the programme's sessions (hours and
 * sessions), or its records for reading / family / commitment kinds. Returns 0,
 * ZF_ENOTFOUND (person), ZF_EINVAL (date). */
int educate_owed(struct store *s, int64_t person_id, const char *as_of_date, json_t **out,
		 struct zf_err *err);

/* The education dossier of person_id between from and to (inclusive, YYYY-MM-DD; NULL:
 * the current year): {person:{code,name,unit,rank,post}, from, to, hours, attendance:
 * {present,late,excused,absent}, sessions:[...], lectures:[...], picks:[...],
 * commitments:[...], reading:[...], family:[...], owed:[... as of `to`]}. */
int educate_dossier(struct store *s, int64_t person_id, const char *from, const char *to,
		    json_t **out, struct zf_err *err);

/* The completion of unit (code) for year: {unit:{code,name}, year, as_of, targets,
 * completed, rate, hours, people:[{code,name,rank,post,hours,obligations,completed,owed,
 * rate}], programmes:[{code,name,kind,targets,completed,rate}] (those with a target in the
 * unit)}. An obligation is one target person in one programme that asks something; the
 * rate is completed / targets (null when there are none). Returns 0, ZF_ENOTFOUND (unit),
 * ZF_EINVAL (year, 2000..2100). */
int educate_unit_completion(struct store *s, const char *unit, int year, json_t **out,
			    struct zf_err *err);
/* The district table: {year, as_of, units:[{unit:{code,name}, category, targets, completed,
 * rate, hours, people}], targets, completed, rate}. */
int educate_completion(struct store *s, int year, json_t **out, struct zf_err *err);

/* Exports: CSV (UTF-8 with a BOM, Chinese headers) into b, or XLSX into the file at path. */
void educate_dossier_csv(json_t *dossier, struct buf *b);
int educate_dossier_xlsx(json_t *dossier, const char *path, struct zf_err *err);
void educate_completion_csv(json_t *table, struct buf *b);
int educate_completion_xlsx(json_t *table, const char *path, struct zf_err *err);
/* The unit's completion (educate_unit_completion) as CSV / XLSX: one row per person. */
void educate_unit_completion_csv(json_t *uc, struct buf *b);
int educate_unit_completion_xlsx(json_t *uc, const char *path, struct zf_err *err);

/* ---- the appointment gate (E2) ---- */

struct educate_appointment {
	const char *person;	/* person code, required, active */
	const char *new_post;	/* required */
	const char *new_rank;	/* a rank, required */
	const char *decided_on; /* YYYY-MM-DD, required */
	const char *managed_by; /* unit code of the body holding management authority (干部管理
				 * 权限) once in effect, e.g. the organisation department for
				 * 副科 and 正科; NULL/"": unchanged */
};
/* Records a pending appointment; *id gets its id. ZF_EINVAL naming the field. */
int educate_appointment_create(struct store *s, const struct actor *who,
			       const struct educate_appointment *a, int64_t *id,
			       struct zf_err *err);
/* What the gate still misses for appointment id as of today: *out a JSON array of
 * {kind, name} (empty when it may take effect, or when the new rank is not gated). */
int educate_gate_check(struct store *s, int64_t id, json_t **out, struct zf_err *err);
/* Makes appointment id take effect on effective_on (NULL: today; not before the decision):
 * refused with ZF_ECONFLICT naming what is missing (field "gate") unless the gate is passed
 * by that day (the refusal is audited as denied when the call owns its transaction). On
 * success the person's rank, post and appointed_on (and managed_by, when the appointment
 * names it) are updated through org.h in the same transaction. ZF_ENOTFOUND; ZF_EINVAL
 * (effective_on); ZF_ECONFLICT when not pending. */
int educate_appointment_effect(struct store *s, const struct actor *who, int64_t id,
			       const char *effective_on, struct zf_err *err);
/* The office's override: takes effect despite the gate, with reason (at least the
 * configured length, field "reason"); audited with what was missing. */
int educate_appointment_override(struct store *s, const struct actor *who, int64_t id,
				 const char *reason, const char *effective_on, struct zf_err *err);
/* {id, person:{code,name,unit,rank,post}, new_post, new_rank, decided_on, managed_by, state,
 *  effective_on, override_reason, override_by, missing:[...]} */
int educate_appointment_get(struct store *s, int64_t id, int64_t scope_unit, json_t **out,
			    struct zf_err *err);
/* Appointments with id > after, in state (NULL: any), of scope_unit's people when not 0. */
int educate_appointment_list(struct store *s, const char *state, int64_t scope_unit, int64_t after,
			     int limit, json_t **out, struct zf_err *err);

/* ---- settings ---- */

/* The room's settings: {gate_months_before, override_reason_min}. */
int educate_settings_get(struct store *s, json_t **out, struct zf_err *err);
/* Changes the settings present in changes (an object): gate_months_before (0..60),
 * override_reason_min (1..500), both integers. Audited. Returns 0 or ZF_EINVAL naming the
 * key. */
int educate_settings_update(struct store *s, const struct actor *who, json_t *changes,
			    struct zf_err *err);

#endif
