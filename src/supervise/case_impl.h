/* case_impl.h: what the files of the case room share and nobody else uses: one loaded
 * case, the timeline-and-audit writer, the state names and small helpers. */
#ifndef ZF_SUPERVISE_CASE_IMPL_H
#define ZF_SUPERVISE_CASE_IMPL_H

#include "supervise/case.h"

struct case_row {
	int64_t id;
	char case_no[CASE_NO_MAX];
	char state[16];
	char channel[16];
	char category[32];
	int64_t unit_id, person_id, handling_unit_id, handling_leader_id, created_by;
	int64_t proposed_unit_id, proposed_leader_id, duplicate_of;
	char received_on[11], assigned_on[11], sign_due[11], due[11], signed_on[11];
	char replied_on[11], closed_on[11];
	int reopen_count, escalated;
};

/* Loads case_no (or, with case_no NULL, id). Returns 0 or ZF_ENOTFOUND. */
int case_load(struct store *s, const char *case_no, int64_t id, struct case_row *out,
	      struct zf_err *err);

/* Appends an event to the case's timeline and the matching audit entry ("case", case_no),
 * inside the caller's transaction. kind names the event (create, assign, sign, ...);
 * from/to the states or NULL; note free text or NULL; data a JSON object (borrowed, may be
 * NULL) of details that never include the complainant; on the day it happened. */
int case_record(struct store *s, const struct actor *who, const struct case_row *c,
		const char *kind, const char *from, const char *to, const char *note, json_t *data,
		const char *on, struct zf_err *err);

/* Today's date (time_now) into out (11 bytes). */
void case_today(char out[11]);

/* The Chinese name of a state, "" for an unknown one. */
const char *case_state_zh(const char *state);
/* The Chinese name of a timeline event's kind, "" for an unknown one. */
const char *case_event_zh(const char *kind);
/* The Chinese name of a channel, "" for an unknown one. */
const char *case_channel_zh(const char *channel);
/* True when channel is one of the intake channels. */
bool case_channel_valid(const char *channel);

/* Code and name of unit id into the buffers; "" when id is 0 or unknown. */
void case_unit_names(struct store *s, int64_t id, char code[32], char name[128]);
/* Code and name of person id; "" when 0 or unknown. */
void case_person_names(struct store *s, int64_t id, char code[32], char name[128]);

/* Proposes the handling unit and responsible leader for unit_code and the category's area
 * from the responsibility chain: the leader whose areas include the category's name, else
 * the unit's main leader. *leader_id 0 when the unit has no team. Returns 0 or ZF_E*. */
int case_route_propose(struct store *s, const char *unit_code, const char *category,
		       int64_t *unit_id, int64_t *leader_id, struct zf_err *err);

/* Looks for a case of the same unit within the window that c duplicates (bigram similarity
 * of subject and content, or the same phone index) and links c to it as suspected. */
int case_dup_detect(struct store *s, const struct actor *who, int64_t case_id, struct zf_err *err);

/* Escalates c (督办) to the leader overseeing its handling unit (else a superior, else the
 * unit's main leader) on day on, inside the caller's transaction: sets escalated,
 * escalated_to and escalated_on and records an event naming the leader. reason is
 * "overdue" or "reopened". */
int case_escalate(struct store *s, const struct actor *who, const struct case_row *c,
		  const char *reason, const char *on, struct zf_err *err);

/* Character-bigram Jaccard similarity of two UTF-8 texts in percent (0..100). */
int case_similarity(const char *a, const char *b);

/* Validators shared by intake, import and the public form: NULL when good, else what is
 * wrong. The phone is normalised into norm (32 bytes): digits only, "+86"/"86" dropped. */
const char *case_phone_problem(const char *phone, char norm[32]);
const char *case_id_no_problem(const char *id_no);

#endif
