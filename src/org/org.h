/* org.h: the district's organisation (R1, R2): unit categories, units (a tree), people
 * (cadres), each unit's leadership team, oversight assignments (分管), the responsibility
 * chain built from them, and the CSV imports that fill them (X3).
 *
 * Conventions of this room:
 * - Records are named by their code (units, categories, people) or by id (oversight).
 * - Every write runs in a transaction and appends its audit entry in it (X1). When the
 *   caller already holds a transaction (store_in_tx), the write joins it instead, and on
 *   failure the caller must roll back; this lets `zuofeng demo` build a district in one
 *   transaction.
 * - Nothing is deleted: deactivation sets active = 0 and can be undone by an update.
 * - Input records hold borrowed strings. In an update NULL means "leave as is", and "" clears
 *   an optional field (a required one then fails validation).
 * - Errors: ZF_EINVAL naming the field (bad value, unknown reference), ZF_ECONFLICT for a
 *   duplicate or a state that forbids the change, ZF_ENOTFOUND when the record named by the
 *   call itself does not exist, ZF_EIO / ZF_EINTERNAL from the store.
 * - JSON results are new references the caller decrefs. Out-parameters are written only
 *   on success.
 */
#ifndef ZF_ORG_ORG_H
#define ZF_ORG_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/csv.h"
#include "base/err.h"
#include "store/store.h"

/* The longest code of a unit, category or person, in bytes (sessions keep unit codes in 32). */
#define ORG_CODE_MAX 31

/* What an update does to the active flag. Zero (the default of an initializer) keeps it. */
enum org_set_active { ORG_KEEP = 0, ORG_ACTIVATE = 1, ORG_DEACTIVATE = 2 };

/* ---- categories (类别): townships 乡镇, district departments grouped in systems ---- */

struct org_category {
	const char *code; /* create: required; update: NULL or the same code */
	const char *name; /* required */
	const char *kind; /* "township", "dept" (default) or "other" */
	int set_active;	  /* update only: enum org_set_active */
};

/* Creates a category. Returns 0, ZF_EINVAL naming the field, ZF_ECONFLICT for a taken code. */
int org_category_create(struct store *s, const struct actor *who, const struct org_category *c,
			struct zf_err *err);
/* Changes the fields of category `code` that c sets. Deactivating one that active units still
 * use is ZF_ECONFLICT. Returns 0, ZF_ENOTFOUND, ZF_EINVAL, ZF_ECONFLICT. */
int org_category_update(struct store *s, const struct actor *who, const char *code,
			const struct org_category *c, struct zf_err *err);
/* Same as an update that deactivates. */
int org_category_deactivate(struct store *s, const struct actor *who, const char *code,
			    struct zf_err *err);
/* {id, code, name, kind, active, units: number of active units}. ZF_ENOTFOUND. */
int org_category_get(struct store *s, const char *code, json_t **out, struct zf_err *err);
/* Categories with id > after, by id, at most limit: a JSON array of what _get returns. */
int org_category_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err);

/* ---- units (单位): a tree through parent ---- */

struct org_unit {
	const char *code;     /* create: required; update: NULL or the same code */
	const char *name;     /* required */
	const char *category; /* category code, required */
	const char *parent;   /* parent unit code; NULL or "" for a top-level unit */
	int set_active;	      /* update only */
	/* one of the district's own organs (区纪委监委, 区委组织部): its inspector and office
	 * accounts act for the district (supervise/sanction.h). enum org_set_active: KEEP
	 * leaves it (a new unit is not one), ACTIVATE sets it, DEACTIVATE clears it. */
	int set_district_body;
};

/* Creates a unit. Returns 0, ZF_EINVAL naming the field (also an unknown or inactive
 * category or parent), ZF_ECONFLICT for a taken code. */
int org_unit_create(struct store *s, const struct actor *who, const struct org_unit *u,
		    struct zf_err *err);
/* Changes unit `code`. A parent that would put the unit under itself is ZF_EINVAL (field
 * "parent"). Deactivating a unit with active sub-units or active people is ZF_ECONFLICT;
 * deactivating also ends the unit's team memberships and the oversight of it (each audited).
 * Returns 0, ZF_ENOTFOUND, ZF_EINVAL, ZF_ECONFLICT. */
int org_unit_update(struct store *s, const struct actor *who, const char *code,
		    const struct org_unit *u, struct zf_err *err);
int org_unit_deactivate(struct store *s, const struct actor *who, const char *code,
			struct zf_err *err);
/* {id, code, name, category:{code,name,kind}, parent:{code,name}|null, active,
 *  district_body, children: active sub-units, people: active people}. ZF_ENOTFOUND. */
int org_unit_get(struct store *s, const char *code, json_t **out, struct zf_err *err);

struct org_unit_filter {
	const char *category; /* category code, or NULL */
	const char *parent;   /* parent unit code, "" for top-level units, NULL for any */
	int active;	      /* -1 any, 0 inactive, 1 active */
};
/* Units with id > after matching f, by id, at most limit (1..1000): a JSON array of
 * {id, code, name, category, parent, active}. */
int org_unit_list(struct store *s, const struct org_unit_filter *f, int64_t after, int limit,
		  json_t **out, struct zf_err *err);
/* The id of unit `code` and whether it is active. Returns 0 or ZF_ENOTFOUND. */
int org_unit_find(struct store *s, const char *code, int64_t *id, bool *active, struct zf_err *err);

/* ---- people (干部) ---- */

struct org_person {
	const char *code;	/* create: required; update: NULL or the same code */
	const char *name;	/* required */
	const char *gender;	/* "M"/"F", or 男/女 */
	const char *birth_date; /* YYYY-MM-DD, required, not in the future */
	const char *unit;	/* unit code, required, active */
	const char *rank; /* 正处 副处 正科 副科 一般干部 村干部 (a trailing 级 is accepted) */
	const char *post;	  /* 职务, required */
	const char *appointed_on; /* YYYY-MM-DD, optional */
	const char *managed_by;	  /* unit code of the body holding management authority, optional */
	int set_active;		  /* update only */
};

/* Creates a person. Returns 0, ZF_EINVAL naming the field, ZF_ECONFLICT for a taken code. */
int org_person_create(struct store *s, const struct actor *who, const struct org_person *p,
		      struct zf_err *err);
/* Changes person `code`. Deactivating also ends the person's team memberships and
 * oversight assignments (each audited). Returns 0, ZF_ENOTFOUND, ZF_EINVAL, ZF_ECONFLICT. */
int org_person_update(struct store *s, const struct actor *who, const char *code,
		      const struct org_person *p, struct zf_err *err);
int org_person_deactivate(struct store *s, const struct actor *who, const char *code,
			  struct zf_err *err);
/* {id, code, name, gender, birth_date, unit:{code,name}, rank, post, appointed_on|null,
 *  managed_by:{code,name}|null, active, team:[memberships], oversight:[assignments]}. */
int org_person_get(struct store *s, const char *code, json_t **out, struct zf_err *err);

struct org_person_filter {
	const char *unit;      /* unit code, or NULL */
	const char *q;	       /* part of the name, or NULL */
	const char *born_from; /* YYYY-MM-DD inclusive, or NULL */
	const char *born_to;   /* YYYY-MM-DD inclusive, or NULL */
	int active;	       /* -1 any, 0, 1 */
};
/* People with id > after matching f, by id, at most limit (1..1000). ZF_EINVAL for a bad
 * born_from / born_to. A JSON array of what _get returns without team and oversight. */
int org_person_list(struct store *s, const struct org_person_filter *f, int64_t after, int limit,
		    json_t **out, struct zf_err *err);
/* The id of person `code` and whether it is active. Returns 0 or ZF_ENOTFOUND. */
int org_person_find(struct store *s, const char *code, int64_t *id, bool *active,
		    struct zf_err *err);

/* ---- leadership teams (领导班子) ---- */

struct org_team_member {
	const char *unit;   /* unit code (create only; the key of an update is the arguments) */
	const char *person; /* person code (create only) */
	const char *role;   /* main | deputy | member, or 主要领导 | 副职 | 成员 */
	const char *title;  /* 班子职务, e.g. 党委书记; optional */
	const char *areas;  /* 分管领域, separated by 、 , ， ; or ；, optional */
	int set_active;	    /* update only */
};

/* Adds a person to a unit's team (or brings back an inactive membership with the new
 * values). A unit has at most one active main leader: a second is ZF_ECONFLICT (field
 * "role"). Returns 0, ZF_EINVAL naming the field, ZF_ECONFLICT. */
int org_team_add(struct store *s, const struct actor *who, const struct org_team_member *m,
		 struct zf_err *err);
/* Changes the membership of person_code in unit_code. ZF_ENOTFOUND when there is none. */
int org_team_update(struct store *s, const struct actor *who, const char *unit_code,
		    const char *person_code, const struct org_team_member *m, struct zf_err *err);
int org_team_deactivate(struct store *s, const struct actor *who, const char *unit_code,
			const char *person_code, struct zf_err *err);
/* The team of unit_code, main leader first: a JSON array of {id, unit, person:{code,name,
 * post,rank}, role, role_zh, title, areas:[...], active}; inactive memberships only with
 * include_inactive. ZF_ENOTFOUND for an unknown unit. */
int org_team_list(struct store *s, const char *unit_code, bool include_inactive, json_t **out,
		  struct zf_err *err);

/* ---- oversight (分管) ---- */

struct org_oversight {
	const char *leader; /* person code, required, active */
	const char *unit;   /* unit code overseen; NULL/"" when the assignment is an area only */
	const char *area;   /* area(s) overseen, separated like team areas; with a unit, the
			     * areas within that unit; at least one of unit and area */
};

/* Assigns an oversight; *id (may be NULL) gets its id. An identical active assignment is
 * ZF_ECONFLICT. Returns 0, ZF_EINVAL naming the field, ZF_ECONFLICT. */
int org_oversight_create(struct store *s, const struct actor *who, const struct org_oversight *o,
			 int64_t *id, struct zf_err *err);
/* Ends oversight assignment id. ZF_ENOTFOUND; ZF_ECONFLICT when already inactive. */
int org_oversight_deactivate(struct store *s, const struct actor *who, int64_t id,
			     struct zf_err *err);
/* {id, leader:{code,name,post,rank,unit:{code,name}}, unit:{code,name}|null, area, active} */
int org_oversight_get(struct store *s, int64_t id, json_t **out, struct zf_err *err);

struct org_oversight_filter {
	const char *leader; /* person code, or NULL */
	const char *unit;   /* unit code, or NULL */
	int active;	    /* -1 any, 0, 1 */
};
int org_oversight_list(struct store *s, const struct org_oversight_filter *f, int64_t after,
		       int limit, json_t **out, struct zf_err *err);

/* ---- the responsibility chain (R1, R2) ---- */

/*
 * Who answers for a problem in unit_code, in the order it is routed:
 *   level 1  the unit's main leader (relation "main_leader", 第一责任人);
 *   level 2  with an area: the team members whose areas include it ("area_leader", 一岗双责);
 *            without: every other active team member ("team_member");
 *   level 3  the leaders overseeing the unit (all of it, or with an area: the area), and
 *            with an area the leaders overseeing that area everywhere ("overseeing_leader");
 *   level 3+d for the ancestor d levels up: its main leader ("superior_main_leader") and
 *            the leaders overseeing it ("superior_overseeing_leader"), up to the root.
 * A person appears once, at the first place found; inactive people, memberships,
 * assignments and ancestors are skipped; a cycle in the tree ends the walk.
 * area may be NULL or "". *out: {"unit":{code,name}, "area":string|null,
 * "main_leader_missing":bool, "chain":[{level, relation, relation_zh, person:{code,name,
 * post,rank,unit:{code,name}}, unit:{code,name}, title?, areas?, area?}]}.
 * Returns 0 or ZF_ENOTFOUND for an unknown unit.
 */
int org_responsibility(struct store *s, const char *unit_code, const char *area, json_t **out,
		       struct zf_err *err);

/* ---- imports (X3) ---- */

/*
 * Imports a whole CSV file (data, len bytes: UTF-8 with or without BOM, or GB18030) named
 * fname (used in messages and the audit entry), all rows or none, in one transaction.
 * Headers are the English codes or the Chinese names (README lists them):
 *   units:     code/单位编码 name/单位名称 category/类别 [parent/上级单位]
 *   people:    code/人员编码 name/姓名 gender/性别 birth_date/出生日期 unit/单位编码
 *              rank/职级 post/职务 [appointed_on/任职日期 managed_by/管理单位
 *              team_role/班子角色 title/班子职务 areas/分管领域]
 *   oversight: leader/领导编码 [unit/单位编码 area/分管领域]
 * Every problem goes to rep as `FILE:LINE: column: what is wrong` (the column as the file
 * names it); when there is any, nothing is written and ZF_EINVAL is returned with
 * err->msg "N bad rows". On success *imported gets the number of rows written, each record
 * is audited as a "create" and the file once as an "import". When errors is a JSON array,
 * it also receives each problem as {"line", "column" (when there is one), "message"}.
 * Returns 0, ZF_EINVAL (see rep), or ZF_EIO / ZF_EINTERNAL with err.
 */
int org_import_units(struct store *s, const struct actor *who, const char *fname, const char *data,
		     size_t len, struct import_report *rep, json_t *errors, int *imported,
		     struct zf_err *err);
int org_import_people(struct store *s, const struct actor *who, const char *fname, const char *data,
		      size_t len, struct import_report *rep, json_t *errors, int *imported,
		      struct zf_err *err);
int org_import_oversight(struct store *s, const struct actor *who, const char *fname,
			 const char *data, size_t len, struct import_report *rep, json_t *errors,
			 int *imported, struct zf_err *err);

#endif
