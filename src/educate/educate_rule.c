/* educate_rule.c: who a programme targets. Rules are validated into a normal form (errors
 * name the JSON path), parsed, and matched against the active people in memory, so that
 * "who must attend" is computed, never typed. Also the helpers the room shares: dates,
 * lookups, checks and JSON pieces (educate_impl.h). */
#include "educate/educate_impl.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- ranks ---- */

static const char *const rank_names[] = {"一般干部", "副科", "正科", "副处", "正处"};
#define VILLAGE_RANK "村干部"
#define VILLAGE_BIT  5

/* The canonical rank of v (a trailing 级 dropped), or NULL. */
const char *edu_rank_norm(const char *v)
{
	char tmp[64];
	if (!v || !snprintf(tmp, sizeof tmp, "%s", v))
		return NULL;
	str_trim(tmp);
	size_t n = strlen(tmp);
	if (n > 3 && !strcmp(tmp + n - 3, "级"))
		tmp[n - 3] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(rank_names); i++)
		if (!strcmp(tmp, rank_names[i]))
			return rank_names[i];
	if (!strcmp(tmp, VILLAGE_RANK))
		return VILLAGE_RANK;
	return NULL;
}

int educate_rank_level(const char *rank)
{
	const char *r = edu_rank_norm(rank);
	for (size_t i = 0; r && i < ARRAY_LEN(rank_names); i++)
		if (r == rank_names[i])
			return (int)i;
	return -1;
}

/* ---- dates, checks, lookups, JSON ---- */

void edu_today(char out[11])
{
	time_today(out, 11);
}

void edu_date_minus_months(const char *d, int n, char out[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 0, m = 1, day = 1;
	if (sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3) {
		snprintf(out, 11, "%s", "0000-01-01");
		return;
	}
	int total = y * 12 + (m - 1) - n;
	if (total < 0 || m < 1 || m > 12) {
		snprintf(out, 11, "%s", "0000-01-01");
		return;
	}
	y = total / 12;
	m = total % 12 + 1;
	int max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (day > max)
		day = max;
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, day);
	snprintf(out, 11, "%.10s", tmp);
}

int edu_check_text(const char *v, const char *field, int max, bool required, struct zf_err *err)
{
	if (str_blank(v)) {
		if (required)
			return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
		return 0;
	}
	if (!utf8_valid(v, strlen(v)))
		return zf_err_set(err, ZF_EINVAL, field, "%s is not valid UTF-8 text", field);
	if (utf8_len(v) > (size_t)max)
		return zf_err_set(err, ZF_EINVAL, field, "%s is too long: at most %d characters",
				  field, max);
	return 0;
}

int edu_check_date(const char *v, const char *field, struct zf_err *err)
{
	if (str_blank(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required (YYYY-MM-DD)", field);
	if (!date_valid(v))
		return zf_err_set(err, ZF_EINVAL, field, "'%s' is not a date: write YYYY-MM-DD", v);
	return 0;
}

int edu_check_code(const char *v, const char *field, struct zf_err *err)
{
	if (str_blank(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	size_t n = strlen(v);
	if (n > 31)
		return zf_err_set(err, ZF_EINVAL, field, "%s is too long: at most 31 bytes", field);
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
			return zf_err_set(err, ZF_EINVAL, field,
					  "'%s' is not a code: letters, digits, _ and - only", v);
	return 0;
}

/* The id of the row of sql (one text parameter), or ZF_ENOTFOUND. */
static int id_by_code(struct store *s, const char *sql, const char *code, int64_t *id,
		      struct zf_err *err)
{
	struct zf_err e2;
	int rc = store_query_int(s, &e2, id, sql, "t", code);
	if (rc == ZF_ENOTFOUND || rc == 0)
		return rc;
	*err = e2;
	return rc;
}

int edu_person_id(struct store *s, const char *code, const char *field, int64_t scope_unit,
		  int64_t *id, struct zf_err *err)
{
	struct zf_err e2;
	int64_t v;
	if (str_blank(code))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required (a person code)", field);
	int rc = store_query_int(s, &e2, &v,
				 "SELECT id FROM people WHERE code = ? AND active = 1"
				 " AND (? = 0 OR unit_id = ?)",
				 "tii", code, scope_unit, scope_unit);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_EINVAL, field,
				  scope_unit
				      ? "no active person with code %s in this account's unit"
				      : "no active person with code %s",
				  code);
	if (rc < 0) {
		*err = e2;
		return rc;
	}
	*id = v;
	return 0;
}

int educate_person_ref(struct store *s, const char *code, int64_t scope_unit, int64_t *id,
		       struct zf_err *err)
{
	struct zf_err e2;
	int64_t v;
	int rc = store_query_int(s, &e2, &v,
				 "SELECT id FROM people WHERE code = ? AND (? = 0 OR unit_id = ?)",
				 "tii", code ? code : "", scope_unit, scope_unit);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no person with code %s",
				  code ? code : "");
	if (rc < 0) {
		*err = e2;
		return rc;
	}
	*id = v;
	return 0;
}

int edu_unit_id(struct store *s, const char *code, const char *field, int64_t *id,
		struct zf_err *err)
{
	int64_t v;
	int rc = id_by_code(s, "SELECT id FROM units WHERE code = ? AND active = 1", code, &v, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_EINVAL, field, "no active unit with code %s", code);
	if (rc == 0)
		*id = v;
	return rc;
}

json_t *edu_code_name(const char *code, const char *name)
{
	if (!code || !*code)
		return json_null();
	return json_pack("{s:s,s:s}", "code", code, "name", name ? name : "");
}

json_t *edu_str_or_null(const char *v)
{
	return v && *v ? json_string(v) : json_null();
}

json_t *edu_real2(double v)
{
	double r = (double)(long long)(v * 100.0 + (v >= 0 ? 0.5 : -0.5)) / 100.0;
	return json_real(r);
}

/* ---- people ---- */

int edu_people_load(struct store *s, int64_t scope_unit, int64_t person_id, struct edu_people *out,
		    struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT p.id, p.code, p.name, coalesce(p.birth_date, ''), p.rank, p.post,"
	    " coalesce(p.appointed_on, ''), u.id, u.code, u.name, coalesce(c.code, ''),"
	    " coalesce(c.kind, '')"
	    " FROM people p JOIN units u ON u.id = p.unit_id"
	    " LEFT JOIN categories c ON c.id = u.category_id"
	    " WHERE p.active = 1 AND (? = 0 OR p.unit_id = ?) AND (? = 0 OR p.id = ?)"
	    " ORDER BY p.id",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, scope_unit);
	stmt_bind_int(st, 2, scope_unit);
	stmt_bind_int(st, 3, person_id);
	stmt_bind_int(st, 4, person_id);
	struct edu_people p = {NULL, 0};
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		if (p.n == cap) {
			cap = cap ? cap * 2 : 256;
			p.v = xrealloc(p.v, cap * sizeof *p.v);
		}
		struct edu_person *e = &p.v[p.n++];
		e->id = stmt_int(st, 0);
		e->code = xstrdup(stmt_text(st, 1));
		e->name = xstrdup(stmt_text(st, 2));
		e->birth = xstrdup(stmt_text(st, 3));
		e->rank = xstrdup(stmt_text(st, 4));
		e->post = xstrdup(stmt_text(st, 5));
		e->appointed_on = xstrdup(stmt_text(st, 6));
		e->unit_id = stmt_int(st, 7);
		e->unit_code = xstrdup(stmt_text(st, 8));
		e->unit_name = xstrdup(stmt_text(st, 9));
		e->cat_code = xstrdup(stmt_text(st, 10));
		e->cat_kind = xstrdup(stmt_text(st, 11));
	}
	stmt_reset(st);
	if (rc < 0) {
		edu_people_cleanup(&p);
		return rc;
	}
	*out = p;
	return 0;
}

void edu_people_cleanup(struct edu_people *p)
{
	for (size_t i = 0; p && i < p->n; i++) {
		struct edu_person *e = &p->v[i];
		free(e->code);
		free(e->name);
		free(e->birth);
		free(e->rank);
		free(e->post);
		free(e->appointed_on);
		free(e->unit_code);
		free(e->unit_name);
		free(e->cat_code);
		free(e->cat_kind);
	}
	if (p) {
		free(p->v);
		p->v = NULL;
		p->n = 0;
	}
}

long edu_people_index(const struct edu_people *p, int64_t id)
{
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->v[mid].id == id)
			return (long)mid;
		if (p->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* ---- rule validation ---- */

static const char *const rule_keys[] = {
    "born_from", "born_to",    "rank_min",   "rank_max",
    "ranks",	 "village",    "agency",     "appointed_within_months",
    "units",	 "categories", "unit_kinds", "families",
    NULL};

static int rule_date(json_t *rule, json_t *out, const char *key, struct zf_err *err)
{
	json_t *v = json_object_get(rule, key);
	char field[64];
	snprintf(field, sizeof field, "rule.%s", key);
	if (!v)
		return 0;
	if (!json_is_string(v) || !date_valid(json_string_value(v)))
		return zf_err_set(err, ZF_EINVAL, field, "%s must be a date written YYYY-MM-DD",
				  field);
	json_object_set_new(out, key, json_string(json_string_value(v)));
	return 0;
}

static int rule_bool(json_t *rule, json_t *out, const char *key, struct zf_err *err)
{
	json_t *v = json_object_get(rule, key);
	if (!v)
		return 0;
	if (!json_is_boolean(v)) {
		char field[64];
		snprintf(field, sizeof field, "rule.%s", key);
		return zf_err_set(err, ZF_EINVAL, field, "%s must be true or false", field);
	}
	json_object_set_new(out, key, json_boolean(json_is_true(v)));
	return 0;
}

static int rule_rank(json_t *rule, json_t *out, const char *key, int *level, struct zf_err *err)
{
	json_t *v = json_object_get(rule, key);
	char field[64];
	snprintf(field, sizeof field, "rule.%s", key);
	*level = -1;
	if (!v)
		return 0;
	const char *r = json_is_string(v) ? edu_rank_norm(json_string_value(v)) : NULL;
	if (!r)
		return zf_err_set(err, ZF_EINVAL, field,
				  "%s must be one of 一般干部, 副科, 正科, 副处, 正处", field);
	if (!strcmp(r, VILLAGE_RANK))
		return zf_err_set(err, ZF_EINVAL, field,
				  "村干部 is outside the rank order: use \"village\": true");
	*level = educate_rank_level(r);
	json_object_set_new(out, key, json_string(r));
	return 0;
}

/* An array of strings, each checked by ok (SQL lookup or a fixed list). */
static int rule_list(struct store *s, json_t *rule, json_t *out, const char *key,
		     const char *lookup_sql, const char *const *allowed, struct zf_err *err)
{
	json_t *v = json_object_get(rule, key), *item;
	char field[64];
	size_t i;
	if (!v)
		return 0;
	snprintf(field, sizeof field, "rule.%s", key);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return zf_err_set(err, ZF_EINVAL, field, "%s must be a non-empty array", field);
	json_t *norm = json_array();
	json_array_foreach(v, i, item)
	{
		snprintf(field, sizeof field, "rule.%s[%zu]", key, i);
		const char *str = json_string_value(item);
		int rc = 0;
		if (!str || !*str) {
			rc = zf_err_set(err, ZF_EINVAL, field, "%s must be a non-empty string",
					field);
		} else if (lookup_sql) {
			int64_t id;
			rc = id_by_code(s, lookup_sql, str, &id, err);
			if (rc == ZF_ENOTFOUND)
				rc = zf_err_set(err, ZF_EINVAL, field, "%s: no active %s %s", field,
						!strcmp(key, "units") ? "unit" : "category", str);
		} else {
			bool known = false;
			for (const char *const *a = allowed; *a && !known; a++)
				known = !strcmp(*a, str);
			if (!known)
				rc = zf_err_set(err, ZF_EINVAL, field,
						"%s: '%s' is not township, dept or other", field,
						str);
		}
		if (rc < 0) {
			json_decref(norm);
			return rc;
		}
		json_array_append_new(norm, json_string(str));
	}
	json_object_set_new(out, key, norm);
	return 0;
}

static int rule_ranks(json_t *rule, json_t *out, struct zf_err *err)
{
	json_t *v = json_object_get(rule, "ranks"), *item;
	size_t i;
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0)
		return zf_err_set(err, ZF_EINVAL, "rule.ranks",
				  "rule.ranks must be a non-empty array");
	json_t *norm = json_array();
	json_array_foreach(v, i, item)
	{
		const char *r = edu_rank_norm(json_string_value(item));
		if (!r) {
			char field[64];
			snprintf(field, sizeof field, "rule.ranks[%zu]", i);
			json_decref(norm);
			return zf_err_set(
			    err, ZF_EINVAL, field,
			    "%s must be one of 一般干部, 副科, 正科, 副处, 正处, 村干部", field);
		}
		json_array_append_new(norm, json_string(r));
	}
	json_object_set_new(out, "ranks", norm);
	return 0;
}

static int rule_check(struct store *s, json_t *rule, json_t *out, struct zf_err *err)
{
	static const char *const kinds[] = {"township", "dept", "other", NULL};
	const char *k;
	json_t *v;
	int lo, hi, rc;
	json_object_foreach(rule, k, v)
	{
		bool known = false;
		for (const char *const *p = rule_keys; *p && !known; p++)
			known = !strcmp(*p, k);
		if (!known) {
			char field[64];
			snprintf(field, sizeof field, "rule.%.50s", k);
			return zf_err_set(err, ZF_EINVAL, field, "unknown rule key %s", k);
		}
	}
	if ((rc = rule_date(rule, out, "born_from", err)) < 0 ||
	    (rc = rule_date(rule, out, "born_to", err)) < 0)
		return rc;
	json_t *bf = json_object_get(out, "born_from"), *bt = json_object_get(out, "born_to");
	if (bf && bt && strcmp(json_string_value(bf), json_string_value(bt)) > 0)
		return zf_err_set(err, ZF_EINVAL, "rule.born_to",
				  "rule.born_to is before rule.born_from");
	if ((rc = rule_rank(rule, out, "rank_min", &lo, err)) < 0 ||
	    (rc = rule_rank(rule, out, "rank_max", &hi, err)) < 0)
		return rc;
	if (lo >= 0 && hi >= 0 && lo > hi)
		return zf_err_set(err, ZF_EINVAL, "rule.rank_max",
				  "rule.rank_max is below rule.rank_min");
	if ((rc = rule_ranks(rule, out, err)) < 0 ||
	    (rc = rule_bool(rule, out, "village", err)) < 0 ||
	    (rc = rule_bool(rule, out, "agency", err)) < 0 ||
	    (rc = rule_bool(rule, out, "families", err)) < 0)
		return rc;
	if (json_is_true(json_object_get(out, "village")) && (lo >= 0 || hi >= 0))
		return zf_err_set(err, ZF_EINVAL, "rule.village",
				  "rule.village true contradicts a rank bound: village cadres are "
				  "outside the rank order");
	json_t *m = json_object_get(rule, "appointed_within_months");
	if (m) {
		if (!json_is_integer(m) || json_integer_value(m) < 1 || json_integer_value(m) > 120)
			return zf_err_set(err, ZF_EINVAL, "rule.appointed_within_months",
					  "rule.appointed_within_months must be an integer 1..120");
		json_object_set_new(out, "appointed_within_months",
				    json_integer(json_integer_value(m)));
	}
	if ((rc = rule_list(s, rule, out, "units",
			    "SELECT id FROM units WHERE code = ? AND active = 1", NULL, err)) < 0 ||
	    (rc = rule_list(s, rule, out, "categories",
			    "SELECT id FROM categories WHERE code = ? AND active = 1", NULL, err)) <
		0 ||
	    (rc = rule_list(s, rule, out, "unit_kinds", NULL, kinds, err)) < 0)
		return rc;
	return 0;
}

int educate_rule_normalize(struct store *s, json_t *rule, json_t **out, struct zf_err *err)
{
	if (!json_is_object(rule))
		return zf_err_set(err, ZF_EINVAL, "rule", "rule must be a JSON object");
	json_t *norm = json_object();
	int rc = rule_check(s, rule, norm, err);
	if (rc < 0) {
		json_decref(norm);
		return rc;
	}
	*out = norm;
	return 0;
}

/* ---- parsing and matching ---- */

static char **str_array(json_t *a, int *n)
{
	*n = (int)json_array_size(a);
	if (*n == 0)
		return NULL;
	char **v = xcalloc((size_t)*n, sizeof *v);
	for (int i = 0; i < *n; i++)
		v[i] = xstrdup(json_string_value(json_array_get(a, (size_t)i)) ?: "");
	return v;
}

static void str_array_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void edu_rule_parse(json_t *rule, struct edu_rule *r)
{
	memset(r, 0, sizeof *r);
	r->rank_min = r->rank_max = r->village = -1;
	const char *bf = json_string_value(json_object_get(rule, "born_from"));
	const char *bt = json_string_value(json_object_get(rule, "born_to"));
	snprintf(r->born_from, sizeof r->born_from, "%s", bf ? bf : "");
	snprintf(r->born_to, sizeof r->born_to, "%s", bt ? bt : "");
	if (json_object_get(rule, "rank_min"))
		r->rank_min =
		    educate_rank_level(json_string_value(json_object_get(rule, "rank_min")));
	if (json_object_get(rule, "rank_max"))
		r->rank_max =
		    educate_rank_level(json_string_value(json_object_get(rule, "rank_max")));
	json_t *ranks = json_object_get(rule, "ranks"), *it;
	size_t i;
	json_array_foreach(ranks, i, it)
	{
		const char *rk = json_string_value(it);
		int lv = educate_rank_level(rk);
		r->ranks |=
		    lv >= 0 ? 1u << lv : (rk && !strcmp(rk, VILLAGE_RANK) ? 1u << VILLAGE_BIT : 0);
	}
	json_t *v = json_object_get(rule, "village");
	if (json_is_boolean(v))
		r->village = json_is_true(v);
	r->agency = json_is_true(json_object_get(rule, "agency"));
	r->families = json_is_true(json_object_get(rule, "families"));
	r->months = (int)json_integer_value(json_object_get(rule, "appointed_within_months"));
	r->units = str_array(json_object_get(rule, "units"), &r->nunits);
	r->categories = str_array(json_object_get(rule, "categories"), &r->ncategories);
	r->kinds = str_array(json_object_get(rule, "unit_kinds"), &r->nkinds);
}

void edu_rule_cleanup(struct edu_rule *r)
{
	str_array_free(r->units, r->nunits);
	str_array_free(r->categories, r->ncategories);
	str_array_free(r->kinds, r->nkinds);
	memset(r, 0, sizeof *r);
}

static bool in_list(char **v, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

bool edu_rule_match(const struct edu_rule *r, const struct edu_person *p, const char *as_of)
{
	if (r->born_from[0] && (!p->birth[0] || strcmp(p->birth, r->born_from) < 0))
		return false;
	if (r->born_to[0] && (!p->birth[0] || strcmp(p->birth, r->born_to) > 0))
		return false;
	int level = educate_rank_level(p->rank);
	bool village = !strcmp(p->rank, VILLAGE_RANK);
	if (r->rank_min >= 0 && (level < 0 || level < r->rank_min))
		return false;
	if (r->rank_max >= 0 && (level < 0 || level > r->rank_max))
		return false;
	if (r->ranks) {
		int bit = village ? VILLAGE_BIT : level;
		if (bit < 0 || !(r->ranks & (1u << bit)))
			return false;
	}
	if (r->village >= 0 && village != (r->village == 1))
		return false;
	if (r->agency && strcmp(p->cat_kind, "dept"))
		return false;
	if (r->months > 0) {
		char since[11];
		edu_date_minus_months(as_of, r->months, since);
		if (!p->appointed_on[0] || strcmp(p->appointed_on, since) < 0 ||
		    strcmp(p->appointed_on, as_of) > 0)
			return false;
	}
	if (r->nunits && !in_list(r->units, r->nunits, p->unit_code))
		return false;
	if (r->ncategories && !in_list(r->categories, r->ncategories, p->cat_code))
		return false;
	if (r->nkinds && !in_list(r->kinds, r->nkinds, p->cat_kind))
		return false;
	return true;
}
