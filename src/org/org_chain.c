/* org_chain.c: the responsibility chain of a unit (R1, R2): who answers for a problem
 * there, level by level up the tree. Complaints and accountability are routed along it. */
#include "org/org_impl.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

/* Deeper than any real district; a longer walk means a damaged tree. */
#define CHAIN_MAX_DEPTH 64

struct chain {
	struct store *s;
	const char *area; /* NULL when the question has no area */
	json_t *entries;
	int64_t *seen; /* person ids already in the chain */
	size_t nseen, cap;
};

static bool seen_person(struct chain *c, int64_t id)
{
	for (size_t i = 0; i < c->nseen; i++)
		if (c->seen[i] == id)
			return true;
	if (c->nseen == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->seen = xrealloc(c->seen, c->cap * sizeof *c->seen);
	}
	c->seen[c->nseen++] = id;
	return false;
}

static const struct {
	const char *relation, *zh;
} relations[] = {
    {"main_leader", "第一责任人"},
    {"area_leader", "分管该领域的班子成员（一岗双责）"},
    {"team_member", "班子成员（一岗双责）"},
    {"overseeing_leader", "分管领导"},
    {"superior_main_leader", "上级单位第一责任人"},
    {"superior_overseeing_leader", "上级分管领导"},
};

static const char *relation_zh(const char *relation)
{
	for (size_t i = 0; i < ARRAY_LEN(relations); i++)
		if (!strcmp(relations[i].relation, relation))
			return relations[i].zh;
	return "";
}

/*
 * Columns 0..6 of every chain query: the person's id, code, name, post, rank, and own
 * unit's code and name; column 7 onwards are the query's own.
 */
#define PERSON_COLS "p.id, p.code, p.name, p.post, p.rank, pu.code, pu.name"

/* Appends the entry of the row at st unless its person is already in the chain; returns
 * the new entry (borrowed) or NULL. */
static json_t *add_entry(struct chain *c, struct stmt *st, int level, const char *relation,
			 const char *unit_code, const char *unit_name)
{
	if (seen_person(c, stmt_int(st, 0)))
		return NULL;
	json_t *e =
	    json_pack("{s:i,s:s,s:s,s:{s:s,s:s,s:s,s:s,s:o},s:o}", "level", level, "relation",
		      relation, "relation_zh", relation_zh(relation), "person", "code",
		      stmt_text(st, 1), "name", stmt_text(st, 2), "post", stmt_text(st, 3), "rank",
		      stmt_text(st, 4), "unit", json_code_name(stmt_text(st, 5), stmt_text(st, 6)),
		      "unit", json_code_name(unit_code, unit_name));
	json_array_append_new(c->entries, e);
	return e;
}

/* The main leader of unit_id; *found says whether the unit has one (even if already seen). */
static int add_main_leader(struct chain *c, int64_t unit_id, const char *code, const char *name,
			   int level, const char *relation, bool *found, struct zf_err *err)
{
	static const char *q = "SELECT " PERSON_COLS ", tm.title FROM team_members tm"
			       " JOIN people p ON p.id = tm.person_id"
			       " JOIN units pu ON pu.id = p.unit_id WHERE tm.unit_id = ?"
			       " AND tm.role = 'main' AND tm.active = 1 AND p.active = 1";
	struct stmt *st = store_prepare(c->s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	int rc;
	*found = false;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		*found = true;
		json_t *e = add_entry(c, st, level, relation, code, name);
		if (e)
			json_object_set_new(e, "title", json_string(stmt_text(st, 7)));
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* The other team members of unit_id: with an area, those whose areas hold it. */
static int add_team(struct chain *c, int64_t unit_id, const char *code, const char *name,
		    struct zf_err *err)
{
	static const char *q = "SELECT " PERSON_COLS ", tm.title, tm.areas FROM team_members tm"
			       " JOIN people p ON p.id = tm.person_id"
			       " JOIN units pu ON pu.id = p.unit_id WHERE tm.unit_id = ?"
			       " AND tm.role <> 'main' AND tm.active = 1 AND p.active = 1"
			       " ORDER BY CASE tm.role WHEN 'deputy' THEN 0 ELSE 1 END, tm.id";
	struct stmt *st = store_prepare(c->s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		const char *areas = stmt_text(st, 8);
		if (c->area && !areas_has(areas, c->area))
			continue;
		json_t *e =
		    add_entry(c, st, 2, c->area ? "area_leader" : "team_member", code, name);
		if (e) {
			json_object_set_new(e, "title", json_string(stmt_text(st, 7)));
			json_object_set_new(e, "areas", areas_json(areas));
		}
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* Whether an oversight of `area_list` answers the question: a whole-unit assignment (no
 * area) always does; one limited to areas does without a question area, or when it holds
 * that area. */
static bool oversight_applies(const struct chain *c, const char *area_list)
{
	return !*area_list || !c->area || areas_has(area_list, c->area);
}

/* The leaders overseeing unit_id (all of it, or the question's area in it). */
static int add_unit_oversight(struct chain *c, int64_t unit_id, const char *code, const char *name,
			      int level, const char *relation, struct zf_err *err)
{
	static const char *q = "SELECT " PERSON_COLS ", o.area FROM oversight o"
			       " JOIN people p ON p.id = o.leader_id"
			       " JOIN units pu ON pu.id = p.unit_id WHERE o.unit_id = ?"
			       " AND o.active = 1 AND p.active = 1 ORDER BY o.id";
	struct stmt *st = store_prepare(c->s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		const char *area = stmt_text(st, 7);
		if (!oversight_applies(c, area))
			continue;
		json_t *e = add_entry(c, st, level, relation, code, name);
		if (e)
			json_object_set_new(e, "area", json_str_or_null(area));
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* The leaders overseeing the question's area everywhere (assignments without a unit). */
static int add_area_oversight(struct chain *c, const char *code, const char *name,
			      struct zf_err *err)
{
	static const char *q = "SELECT " PERSON_COLS ", o.area FROM oversight o"
			       " JOIN people p ON p.id = o.leader_id"
			       " JOIN units pu ON pu.id = p.unit_id WHERE o.unit_id IS NULL"
			       " AND o.active = 1 AND p.active = 1 ORDER BY o.id";
	if (!c->area)
		return 0;
	struct stmt *st = store_prepare(c->s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		const char *area = stmt_text(st, 7);
		if (!areas_has(area, c->area))
			continue;
		json_t *e = add_entry(c, st, 3, "overseeing_leader", code, name);
		if (e)
			json_object_set_new(e, "area", json_str_or_null(area));
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

struct unit_ref {
	int64_t id, parent_id;
	char code[ORG_CODE_MAX + 1];
	char *name;
	bool active;
};

static int load_unit(struct store *s, const char *code, int64_t id, struct unit_ref *u,
		     struct zf_err *err)
{
	static const char *by_code = "SELECT id, code, name, active, coalesce(parent_id, 0)"
				     " FROM units WHERE code = ?";
	static const char *by_id = "SELECT id, code, name, active, coalesce(parent_id, 0)"
				   " FROM units WHERE id = ?";
	struct stmt *st = store_prepare(s, code ? by_code : by_id, err);
	if (!st)
		return ZF_EINTERNAL;
	if (code)
		stmt_bind_text(st, 1, code);
	else
		stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		u->id = stmt_int(st, 0);
		strlcpy_ok(u->code, stmt_text(st, 1), sizeof u->code);
		free(u->name);
		u->name = xstrdup(stmt_text(st, 2));
		u->active = stmt_int(st, 3) != 0;
		u->parent_id = stmt_int(st, 4);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no unit with code %s",
				code ? code : "(parent)");
	}
	stmt_reset(st);
	return rc;
}

/* Walks from the parent of u to the root, adding each active ancestor's main leader and
 * overseeing leaders. Stops at a unit already visited (a cycle) or past the depth limit. */
static int add_superiors(struct chain *c, const struct unit_ref *u, struct zf_err *err)
{
	int64_t visited[CHAIN_MAX_DEPTH + 1];
	int nvisited = 0, rc = 0;
	struct unit_ref up = {0};
	int64_t next = u->parent_id;
	bool found;

	visited[nvisited++] = u->id;
	for (int depth = 1; next && depth <= CHAIN_MAX_DEPTH; depth++) {
		for (int i = 0; i < nvisited; i++)
			if (visited[i] == next)
				goto done; /* a cycle: each unit is walked once */
		if ((rc = load_unit(c->s, NULL, next, &up, err)) < 0) {
			if (rc == ZF_ENOTFOUND)
				rc = 0;
			break;
		}
		visited[nvisited++] = up.id;
		next = up.parent_id;
		if (!up.active)
			continue;
		if ((rc = add_main_leader(c, up.id, up.code, up.name, 3 + depth,
					  "superior_main_leader", &found, err)) < 0 ||
		    (rc = add_unit_oversight(c, up.id, up.code, up.name, 3 + depth,
					     "superior_overseeing_leader", err)) < 0)
			break;
	}
done:
	free(up.name);
	return rc;
}

int org_responsibility(struct store *s, const char *unit_code, const char *area, json_t **out,
		       struct zf_err *err)
{
	struct unit_ref u = {0};
	struct chain c = {.s = s, .entries = json_array()};
	char *a = NULL;
	bool has_main = false;
	int rc;

	if (!str_blank(area))
		c.area = a = str_trim(xstrdup(area));
	if ((rc = load_unit(s, unit_code, 0, &u, err)) < 0)
		goto cleanup;
	if ((rc = add_main_leader(&c, u.id, u.code, u.name, 1, "main_leader", &has_main, err)) <
		0 ||
	    (rc = add_team(&c, u.id, u.code, u.name, err)) < 0 ||
	    (rc = add_unit_oversight(&c, u.id, u.code, u.name, 3, "overseeing_leader", err)) < 0 ||
	    (rc = add_area_oversight(&c, u.code, u.name, err)) < 0 ||
	    (rc = add_superiors(&c, &u, err)) < 0)
		goto cleanup;
	*out = json_pack("{s:o,s:o,s:b,s:O}", "unit", json_code_name(u.code, u.name), "area",
			 json_str_or_null(c.area), "main_leader_missing", !has_main, "chain",
			 c.entries);
cleanup:
	json_decref(c.entries);
	free(c.seen);
	free(u.name);
	free(a);
	return rc;
}
