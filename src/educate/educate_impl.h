/* educate_impl.h: what the files of src/educate/ share among themselves: the people a rule
 * is evaluated over, parsed rules, programme lookups, per-person progress, dates and small
 * JSON helpers. Not part of the room's door: other rooms include educate.h only. */
#ifndef ZF_EDUCATE_IMPL_H
#define ZF_EDUCATE_IMPL_H

#include "educate/educate.h"

#define EDU_TEXT_MAX 200
#define EDU_LONG_MAX 4000

/* One active person with what rules look at. Strings are owned by the array. */
struct edu_person {
	int64_t id, unit_id;
	char *code, *name, *birth, *rank, *post, *appointed_on;
	char *unit_code, *unit_name, *cat_code, *cat_kind;
};
struct edu_people {
	struct edu_person *v;
	size_t n;
};
/* Loads the active people (of scope_unit when not 0; of one person when person_id is not
 * 0), by id. Returns 0 or a store failure. */
int edu_people_load(struct store *s, int64_t scope_unit, int64_t person_id, struct edu_people *out,
		    struct zf_err *err);
void edu_people_cleanup(struct edu_people *p);
/* The index of person id in p, or -1. */
long edu_people_index(const struct edu_people *p, int64_t id);

/* {id, code, name, unit:{code,name}, rank, birth_date, appointed_on} of e. */
json_t *edu_person_json(const struct edu_person *e);

/* A parsed, normalized rule. */
struct edu_rule {
	char born_from[11], born_to[11];
	int rank_min, rank_max; /* -1 none */
	unsigned ranks;		/* bit level (0..4) or bit 5 for 村干部; 0 = any */
	int village;		/* -1 any, 0 never, 1 only */
	bool agency, families;
	int months; /* 0 none */
	char **units, **categories, **kinds;
	int nunits, ncategories, nkinds;
};
/* Parses a normalized rule (JSON text or object); never fails on normalized input. */
void edu_rule_parse(json_t *rule, struct edu_rule *r);
void edu_rule_cleanup(struct edu_rule *r);
bool edu_rule_match(const struct edu_rule *r, const struct edu_person *p, const char *as_of);

/* A programme as stored. */
struct edu_prog {
	int64_t id, unit_id;
	char code[32], kind[32], counts[16], period[8];
	char *name;
	json_t *rule; /* owned */
	double required_hours;
	int required_sessions, pick_cycle;
	bool active;
};
/* Finds programme code. ZF_ENOTFOUND names it. */
int edu_prog_find(struct store *s, const char *code, struct edu_prog *p, struct zf_err *err);
int edu_prog_find_id(struct store *s, int64_t id, struct edu_prog *p, struct zf_err *err);
void edu_prog_cleanup(struct edu_prog *p);
/* Active programmes (kind NULL: all), by id; the caller cleans each and frees the array. */
int edu_prog_all(struct store *s, struct edu_prog **out, size_t *n, struct zf_err *err);
/* True when the programme asks something (hours or sessions). */
bool edu_prog_obliges(const struct edu_prog *p);

/* Progress of people in one programme over [from, to]: arrays parallel to ppl->v. */
struct edu_progress {
	double *hours;
	int *count;
};
int edu_progress_load(struct store *s, const struct edu_prog *p, const struct edu_people *ppl,
		      const char *from, const char *to, struct edu_progress *out,
		      struct zf_err *err);
void edu_progress_cleanup(struct edu_progress *pr);
/* The first day of the period of p containing as_of into from (11 bytes). */
void edu_period_from(const struct edu_prog *p, const char *as_of, char *from);
bool edu_done(const struct edu_prog *p, double hours, int count);

/* The canonical rank of v (正处 副处 正科 副科 一般干部 村干部; a trailing 级 dropped), or NULL. */
const char *edu_rank_norm(const char *v);
/* An integer setting of educate_settings, or def. */
int edu_setting_int(struct store *s, const char *key, int def);

/* educate_pick on a given date (the targets as of it, and the draw's date), over people
 * (NULL: the active people, loaded): the demo's draws happen on their sessions' days. */
int edu_pick_on(struct store *s, const struct actor *who, const char *programme, int count,
		const char *seed, const char *today, const struct edu_people *people, json_t **out,
		struct zf_err *err);

/* Dates. */
void edu_today(char out[11]);
/* d minus n months (the day clamped to the month's length) into out (11 bytes). */
void edu_date_minus_months(const char *d, int n, char out[11]);

/* Lookups: id of an active person / unit by code, or ZF_EINVAL naming field; with
 * scope_unit, a person of another unit is ZF_EINVAL as unknown. */
int edu_person_id(struct store *s, const char *code, const char *field, int64_t scope_unit,
		  int64_t *id, struct zf_err *err);
int edu_unit_id(struct store *s, const char *code, const char *field, int64_t *id,
		struct zf_err *err);

/* Checks: required text of at most max code points; a required date; a code. */
int edu_check_text(const char *v, const char *field, int max, bool required, struct zf_err *err);
int edu_check_date(const char *v, const char *field, struct zf_err *err);
int edu_check_code(const char *v, const char *field, struct zf_err *err);

/* {code, name} or null when code is empty. */
json_t *edu_code_name(const char *code, const char *name);
json_t *edu_str_or_null(const char *v);
/* A JSON number rounded to 2 decimals. */
json_t *edu_real2(double v);

#endif
