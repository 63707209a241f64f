/* org_impl.h: what the files of src/org/ share among themselves: validation that reports to
 * one error (single records) or to an import report (every problem of a CSV row), the
 * transaction helpers, lookups, value normalisation and JSON pieces. Not part of the room's
 * door: other rooms include org.h only. */
#ifndef ZF_ORG_IMPL_H
#define ZF_ORG_IMPL_H

#include "org/org.h"

/* Longest name, post or title, and list of areas, in code points. */
#define ORG_TEXT_MAX  100
#define ORG_AREAS_MAX 500

/*
 * Where validation problems go. For a single record (rep == NULL) the first problem fills
 * err and decides the code returned; for an import row every problem becomes a report line
 * naming the column as the file names it (names[i] for cols[i], by field code).
 */
struct check {
	struct zf_err *err;
	struct import_report *rep;
	long line;
	const struct csv_col *cols;
	const char *const *names;
	int ncols;
	int problems;
	int row_start; /* problems before the current import row: a record with more is not
			* written */
};

/* A check for one record: problems go to err. */
void check_init(struct check *ck, struct zf_err *err);
/* Records a problem with field (a column code); code is the ZF_E* a single record gets. */
void check_fail(struct check *ck, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The code a single record's check returns: 0 when no problem was found. */
int check_result(const struct check *ck);

/* Required text: non-blank and at most max code points. Returns true when good. */
bool check_text(struct check *ck, const char *field, const char *v, int max);
/* A code: 1..ORG_CODE_MAX bytes, no space, control character, '/', '?', '#', '%' or '\'. */
bool check_code(struct check *ck, const char *field, const char *v);
/* An optional date (NULL or "" pass): YYYY-MM-DD, a real day. */
bool check_date(struct check *ck, const char *field, const char *v);

/*
 * Resolves a reference to a unit, person or category by code (kind "unit", "person",
 * "category"). Blank code: *id = 0 and, when required, a "required" problem. Unknown or
 * inactive: a ZF_EINVAL problem, *id = 0. Returns 0, or a negative ZF_E* store failure.
 */
int check_ref(struct check *ck, struct store *s, const char *kind, const char *field,
	      const char *code, bool required, int64_t *id);

/* Id and active flag of a record by code in table kind ("unit", "person", "category").
 * Returns 0, ZF_ENOTFOUND (err names the record), or a store failure. */
int find_by_code(struct store *s, const char *kind, const char *code, int64_t *id, bool *active,
		 struct zf_err *err);

/* Canonical values: NULL when v is not one. */
const char *norm_gender(const char *v);	   /* M F m f 男 女 -> "M" / "F" */
const char *norm_rank(const char *v);	   /* 正科 / 正科级 -> "正科", ... */
const char *norm_team_role(const char *v); /* main 主要领导 ... -> "main" / "deputy" / "member" */
const char *norm_kind(const char *v);	   /* township 乡镇 dept 部门 other 其他 */
/* The Chinese name of a team role. */
const char *team_role_zh(const char *role);
/* Areas split on 、 , ， ; ；, trimmed, blanks and repeats dropped, joined with 、.
 * The caller frees the result ("" when none). */
char *areas_norm(const char *v);
/* Whether two normalized area lists hold the same areas, in whatever order. */
bool areas_same(const char *a, const char *b);
/* True when area (trimmed, non-blank) is one of the areas in list. */
bool areas_has(const char *list, const char *area);
/* The areas of list as a JSON array of strings. */
json_t *areas_json(const char *list);

/* {code, name}, or JSON null when code is "" or NULL. */
json_t *json_code_name(const char *code, const char *name);
/* A JSON string, or null when v is "" or NULL. */
json_t *json_str_or_null(const char *v);
/* Adds {"old":..,"new":..} under field to changes when old and new differ ("" is null). */
void change_text(json_t *changes, const char *field, const char *old_v, const char *new_v);

/* Owned copies that live until strs_cleanup: lets an update hold the stored values. */
struct strs {
	char *p[24];
	int n;
};
const char *strs_keep(struct strs *k, const char *v);
void strs_cleanup(struct strs *k);

/* The rows an import writes through, shared with the single-record functions. Each runs
 * inside the caller's transaction, validates through ck and, when ck has no problem for the
 * record, inserts it and appends its audit entry. *id (may be NULL) gets the new id, or 0
 * when the record had problems. Returns 0 or a negative ZF_E* store failure. */
int category_add(struct check *ck, struct store *s, const struct actor *who,
		 const struct org_category *c, int64_t *id);
int unit_add(struct check *ck, struct store *s, const struct actor *who, const struct org_unit *u,
	     int64_t *id);
int person_add(struct check *ck, struct store *s, const struct actor *who,
	       const struct org_person *p, int64_t *id);
/* role_field names the column of the role in problems ("role", or "team_role" in imports). */
int team_add(struct check *ck, struct store *s, const struct actor *who,
	     const struct org_team_member *m, const char *role_field);
int oversight_add(struct check *ck, struct store *s, const struct actor *who,
		  const struct org_oversight *o, int64_t *id);

/* Ends, with audit entries, the active team memberships and oversight assignments that
 * refer to the unit (column "unit_id") or person ("person_id" / "leader_id"). */
int end_team_and_oversight_of_unit(struct store *s, const struct actor *who, int64_t unit_id,
				   struct zf_err *err);
int end_team_and_oversight_of_person(struct store *s, const struct actor *who, int64_t person_id,
				     struct zf_err *err);

#endif
