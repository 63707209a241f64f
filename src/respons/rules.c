/* rules.c: the veto rules of cadre selection (R4, 一票否决): each with its kind, parameters
 * and legal basis, kept by the office, and the verdict of one rule on a style record. */
#include "respons/respons_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = {"promotion_ban", "sanction_tier", "veto_case", "education_owed",
				    "assessment"};
static const char *const findings[] = {"substantiated", "partly"};
static const char *const grades[] = {"好", "较好", "一般", "差"};

static bool one_of(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (!strcmp(v, set[i]))
			return true;
	return false;
}

/* An integer parameter in [lo, hi], default def. Returns 0 or ZF_EINVAL. */
static int int_param(json_t *in, json_t *out, const char *key, int lo, int hi, int def,
		     struct zf_err *err)
{
	json_t *v = json_object_get(in, key);
	if (!v) {
		json_object_set_new(out, key, json_integer(def));
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return zf_err_set(err, ZF_EINVAL, NULL, "params.%s must be a whole number %d-%d",
				  key, lo, hi);
	json_object_set_new(out, key, json_integer(json_integer_value(v)));
	return 0;
}

/* A list of strings from set, not empty, default defs. Returns 0 or ZF_EINVAL. */
static int list_param(json_t *in, json_t *out, const char *key, const char *const *set, size_t n,
		      const char *const *defs, size_t ndefs, struct zf_err *err)
{
	json_t *v = json_object_get(in, key), *e, *arr = json_array();
	size_t i;
	if (!v) {
		for (i = 0; i < ndefs; i++)
			json_array_append_new(arr, json_string(defs[i]));
		json_object_set_new(out, key, arr);
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		json_decref(arr);
		return zf_err_set(err, ZF_EINVAL, NULL, "params.%s must be a list of one or more",
				  key);
	}
	json_array_foreach(v, i, e)
	{
		if (!one_of(json_string_value(e), set, n)) {
			json_decref(arr);
			return zf_err_set(err, ZF_EINVAL, NULL,
					  "params.%s[%zu] is not one of %s%s%s", key, i, set[0],
					  n > 1 ? ", " : "", n > 1 ? set[1] : "");
		}
		json_array_append_new(arr, json_string(json_string_value(e)));
	}
	json_object_set_new(out, key, arr);
	return 0;
}

/* A sanction_tier rule's tiers (R5's: 1 education and criticism, 2 organisational handling,
 * 3 benefits, 4 unit level, 5 transfer to judicial organs), stored in order. The list is
 * explicit because the tiers are kinds of measure more than steps of one scale: "organisational
 * handling or heavier" (组织处理或更重处理) is tiers 2 and 5, not 3 (取消奖励, a lighter
 * measure listed after it) nor 4 (a unit's staffing freeze). The older form, min_tier N,
 * still means every tier from N up. Without either, tiers 2 and 5. */
static int tiers_param(json_t *in, json_t *out, struct zf_err *err)
{
	json_t *v = json_object_get(in, "tiers"), *e;
	bool seen[6] = {false};
	size_t i;
	if (v && json_object_get(in, "min_tier"))
		return zf_err_set(err, ZF_EINVAL, NULL,
				  "give params.tiers or params.min_tier, not both");
	if (json_object_get(in, "min_tier"))
		return int_param(in, out, "min_tier", 1, 5, 2, err);
	if (!v) {
		seen[2] = seen[5] = true;
	} else if (!json_is_array(v) || json_array_size(v) == 0) {
		return zf_err_set(err, ZF_EINVAL, NULL,
				  "params.tiers must be a list of one or more tiers 1-5");
	} else {
		json_array_foreach(v, i, e)
		{
			if (!json_is_integer(e) || json_integer_value(e) < 1 ||
			    json_integer_value(e) > 5)
				return zf_err_set(err, ZF_EINVAL, NULL,
						  "params.tiers[%zu] must be a tier 1-5", i);
			if (seen[json_integer_value(e)])
				return zf_err_set(err, ZF_EINVAL, NULL,
						  "params.tiers[%zu] repeats tier %d", i,
						  (int)json_integer_value(e));
			seen[json_integer_value(e)] = true;
		}
	}
	json_t *arr = json_array();
	for (int t = 1; t <= 5; t++)
		if (seen[t])
			json_array_append_new(arr, json_integer(t));
	json_object_set_new(out, "tiers", arr);
	return 0;
}

/* Checks params for kind and fills the defaults into a new object *out. The error's field
 * is "params" (and the message names the key). */
static int normalize_params(const char *kind, json_t *in, json_t **out, struct zf_err *err)
{
	static const char *const allowed[][4] = {
	    {NULL},
	    {"tiers", "min_tier", "months", NULL},
	    {"months", "findings", "include_leader", NULL},
	    {"max_owed", NULL},
	    {"grades", NULL},
	};
	static const char *const def_findings[] = {"substantiated", "partly"};
	static const char *const def_grades[] = {"差"};
	json_t *o = json_object(), *v;
	const char *key;
	int rc = 0;
	size_t k;
	for (k = 0; k < ARRAY_LEN(kinds) && strcmp(kinds[k], kind); k++)
		;
	if (in && !json_is_object(in)) {
		rc = zf_err_set(err, ZF_EINVAL, "params", "params must be a JSON object");
		goto done;
	}
	json_object_foreach(in, key, v)
	{
		bool ok = false;
		for (int i = 0; allowed[k][i]; i++)
			ok = ok || !strcmp(allowed[k][i], key);
		if (!ok) {
			rc = zf_err_set(err, ZF_EINVAL, "params",
					"params.%s is not a parameter of a %s rule", key, kind);
			goto done;
		}
	}
	if (!strcmp(kind, "sanction_tier")) {
		if ((rc = tiers_param(in, o, err)) == 0)
			rc = int_param(in, o, "months", 1, 240, 24, err);
	} else if (!strcmp(kind, "veto_case")) {
		if ((rc = int_param(in, o, "months", 1, 240, 36, err)) == 0)
			rc = list_param(in, o, "findings", findings, ARRAY_LEN(findings),
					def_findings, ARRAY_LEN(def_findings), err);
		v = json_object_get(in, "include_leader");
		if (rc == 0 && v && !json_is_boolean(v))
			rc = zf_err_set(err, ZF_EINVAL, NULL,
					"params.include_leader must be true or false");
		if (rc == 0)
			json_object_set_new(o, "include_leader", json_boolean(json_is_true(v)));
	} else if (!strcmp(kind, "education_owed")) {
		rc = int_param(in, o, "max_owed", 0, 1000, 0, err);
	} else if (!strcmp(kind, "assessment")) {
		rc = list_param(in, o, "grades", grades, ARRAY_LEN(grades), def_grades,
				ARRAY_LEN(def_grades), err);
	}
	if (rc < 0)
		snprintf(err->field, sizeof err->field, "params");
done:
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

static bool code_ok(const char *c)
{
	size_t n = c ? strlen(c) : 0;
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = c[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

static int text_ok(const char *v, const char *field, size_t max, struct zf_err *err)
{
	if (str_blank(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	if (strlen(v) > max || !utf8_valid(v, strlen(v)))
		return zf_err_set(err, ZF_EINVAL, field,
				  "%s must be UTF-8 text of at most %zu bytes", field, max);
	return 0;
}

int respons_rule_create(struct store *s, const struct actor *who, const struct respons_rule *r,
			struct zf_err *err)
{
	json_t *params = NULL;
	char now[32];
	bool own;
	int rc;
	if (!code_ok(r->code))
		return zf_err_set(err, ZF_EINVAL, "code",
				  "code must be 1-64 letters, digits, '_' or '-'");
	if ((rc = text_ok(r->name, "name", 200, err)) < 0 ||
	    (rc = text_ok(r->basis, "basis", RESPONS_TEXT_MAX, err)) < 0)
		return rc;
	if (!one_of(r->kind, kinds, ARRAY_LEN(kinds)))
		return zf_err_set(err, ZF_EINVAL, "kind",
				  "kind must be promotion_ban, sanction_tier, veto_case, "
				  "education_owed or assessment");
	if ((rc = normalize_params(r->kind, r->params, &params, err)) < 0)
		return rc;
	char *ptext = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) == 0) {
		rc = store_run(s, err,
			       "INSERT INTO veto_rules(code, name, kind, params, basis, active,"
			       " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			       "tttttitt", r->code, r->name, r->kind, ptext, r->basis,
			       (int64_t)(r->active != 0), now, now);
		if (rc == ZF_ECONFLICT)
			zf_err_set(err, ZF_ECONFLICT, "code", "a veto rule %s already exists",
				   r->code);
		if (rc == 0) {
			json_t *ch = json_pack("{s:s,s:s,s:O,s:s,s:b}", "name", r->name, "kind",
					       r->kind, "params", params, "basis", r->basis,
					       "active", r->active != 0);
			rc = audit_append(s, who, "create", "veto_rule", r->code, "ok", ch, err);
			json_decref(ch);
		}
		rc = store_tx_close(s, own, rc, err);
	}
	free(ptext);
	json_decref(params);
	return rc;
}

int respons_rule_get(struct store *s, const char *code, json_t **out, struct zf_err *err)
{
	json_t *arr = NULL;
	int rc = respons_query_json(s, &arr, "tttjtbt", err,
				    "SELECT code, name, kind, params, basis, active, updated_at"
				    " FROM veto_rules WHERE code = ?",
				    "t", code);
	if (rc < 0)
		return rc;
	if (json_array_size(arr) == 0) {
		json_decref(arr);
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no veto rule %s", code);
	}
	*out = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return 0;
}

int respons_rule_list(struct store *s, json_t **out, struct zf_err *err)
{
	return respons_query_json(s, out, "tttjtbt", err,
				  "SELECT code, name, kind, params, basis, active, updated_at"
				  " FROM veto_rules ORDER BY id",
				  "");
}

int respons_rule_update(struct store *s, const struct actor *who, const char *code,
			const struct respons_rule *r, struct zf_err *err)
{
	json_t *old = NULL, *params = NULL, *ch = json_object();
	char *ptext = NULL, now[32];
	bool own;
	int rc = respons_rule_get(s, code, &old, err);
	if (rc < 0)
		goto done;
	const char *kind = json_string_value(json_object_get(old, "kind"));
	if (r->code && strcmp(r->code, code)) {
		rc = zf_err_set(err, ZF_EINVAL, "code", "a rule's code cannot change");
		goto done;
	}
	if (r->kind && strcmp(r->kind, kind)) {
		rc = zf_err_set(err, ZF_EINVAL, "kind", "a rule's kind cannot change");
		goto done;
	}
	if ((r->name && (rc = text_ok(r->name, "name", 200, err)) < 0) ||
	    (r->basis && (rc = text_ok(r->basis, "basis", RESPONS_TEXT_MAX, err)) < 0))
		goto done;
	if (r->params && (rc = normalize_params(kind, r->params, &params, err)) < 0)
		goto done;
	if (r->name)
		json_object_set_new(ch, "name", json_string(r->name));
	if (r->basis)
		json_object_set_new(ch, "basis", json_string(r->basis));
	if (params)
		json_object_set(ch, "params", params);
	if (r->active >= 0)
		json_object_set_new(ch, "active", json_boolean(r->active));
	ptext = params ? json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		goto done;
	rc = store_run(s, err,
		       "UPDATE veto_rules SET name = coalesce(?, name), basis = coalesce(?, basis),"
		       " params = coalesce(?, params),"
		       " active = CASE WHEN ? < 0 THEN active ELSE ? END, updated_at = ?"
		       " WHERE code = ?",
		       "tttiitt", r->name, r->basis, ptext, (int64_t)r->active, (int64_t)r->active,
		       now, code);
	if (rc == 0)
		rc = audit_append(s, who,
				  r->active == 0   ? "disable"
				  : r->active == 1 ? "enable"
						   : "update",
				  "veto_rule", code, "ok", ch, err);
	rc = store_tx_close(s, own, rc, err);
done:
	free(ptext);
	json_decref(params);
	json_decref(old);
	json_decref(ch);
	return rc;
}

/* ---- verdicts ---- */

static bool date_in(const char *d, const char *from, const char *to)
{
	return d && strcmp(d, from) >= 0 && strcmp(d, to) <= 0;
}

static bool str_in(json_t *list, const char *v)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e) if (v && !strcmp(json_string_value(e), v)) return true;
	return false;
}

/* Whether a sanction of tier counts for a sanction_tier rule's params (tiers_param). */
static bool tier_counts(json_t *p, json_int_t tier)
{
	json_t *tiers = json_object_get(p, "tiers"), *e;
	size_t i;
	if (!tiers)
		return tier >= json_integer_value(json_object_get(p, "min_tier"));
	json_array_foreach(tiers, i, e)
	{
		if (json_integer_value(e) == tier)
			return true;
	}
	return false;
}

/* The window [as_of - months, as_of] into from. */
static void window_start(const char *as_of, int months, char from[11])
{
	if (!respons_date_add_months(as_of, -months, from))
		snprintf(from, 11, "0000-00-00");
}

/*
 * The records of style record `rec` (respons_style_record, with the nomination's assessment
 * under "assessment") that make rule (a row of respons_rule_list) fire as of as_of: a new
 * JSON array, empty when the rule does not fire.
 */
json_t *respons_rule_hits(json_t *rule, json_t *rec, const char *as_of)
{
	const char *kind = json_string_value(json_object_get(rule, "kind"));
	json_t *p = json_object_get(rule, "params"), *hits = json_array(), *e;
	char from[11];
	size_t i;
	if (!strcmp(kind, "promotion_ban")) {
		json_array_foreach(json_object_get(rec, "sanctions"), i, e)
		{
			if (json_is_true(json_object_get(e, "ban_active")))
				json_array_append(hits, e);
		}
	} else if (!strcmp(kind, "sanction_tier")) {
		window_start(as_of, (int)json_integer_value(json_object_get(p, "months")), from);
		json_array_foreach(json_object_get(rec, "sanctions"), i, e)
		{
			if (!json_is_true(json_object_get(e, "revoked")) &&
			    tier_counts(p, json_integer_value(json_object_get(e, "tier"))) &&
			    date_in(json_string_value(json_object_get(e, "decided_on")), from,
				    as_of))
				json_array_append(hits, e);
		}
	} else if (!strcmp(kind, "veto_case")) {
		bool leader = json_is_true(json_object_get(p, "include_leader"));
		window_start(as_of, (int)json_integer_value(json_object_get(p, "months")), from);
		json_array_foreach(json_object_get(rec, "cases"), i, e)
		{
			const char *role = json_string_value(json_object_get(e, "role"));
			if (json_is_true(json_object_get(e, "category_veto")) &&
			    (leader || strcmp(role, "leader")) &&
			    str_in(json_object_get(p, "findings"),
				   json_string_value(json_object_get(e, "finding"))) &&
			    date_in(json_string_value(json_object_get(e, "finding_on")), from,
				    as_of))
				json_array_append(hits, e);
		}
	} else if (!strcmp(kind, "education_owed")) {
		json_t *owed = json_object_get(rec, "education_owed");
		if ((json_int_t)json_array_size(owed) >
		    json_integer_value(json_object_get(p, "max_owed")))
			json_array_extend(hits, owed);
	} else if (!strcmp(kind, "assessment")) {
		json_t *a = json_object_get(rec, "assessment");
		if (json_is_object(a) && str_in(json_object_get(p, "grades"),
						json_string_value(json_object_get(a, "grade"))))
			json_array_append(hits, a);
	}
	return hits;
}
