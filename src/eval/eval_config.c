/* eval_config.c: a round's configuration (SCORING.md section 1): defaults, key-by-key
 * merging, validation with the field named as a JSON path, and the normalized JSON. */
#include "eval/eval.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *comp_keys[SC_NCOMP] = {"process", "democratic", "self", "efficiency"};
static const double comp_defaults[SC_NCOMP] = {30, 50, 10, 10};
static const char *period_keys[SP_NPERIODS] = {"daily", "monthly", "quarterly", "annual"};
static const double period_defaults[SP_NPERIODS] = {10, 30, 30, 30};

static const struct {
	const char *code, *name;
	double weight;
	int min_ballots;
	bool mutual;
} group_defaults[] = {
    {"cadre", "干部代表", 20, 5, false},	  {"deputy", "两代表一委员", 15, 5, false},
    {"retired", "离退休老干部", 10, 5, false},	  {"business", "个体工商户代表", 10, 5, false},
    {"foreign", "外商投资企业代表", 5, 3, false}, {"public", "普通群众", 25, 10, false},
    {"mutual", "单位互评", 15, 3, true},
};

static const struct {
	const char *text;
	int value;
} label_defaults[] = {{"满意", 100}, {"比较满意", 80}, {"基本满意", 60}, {"不满意", 0}};

/* Fails with the field path when obj has a key not in keys. */
static int only_keys(json_t *obj, const char *path, const char *const *keys, int n,
		     struct zf_err *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		int found = 0;
		for (int i = 0; i < n && !found; i++)
			found = !strcmp(k, keys[i]);
		if (!found) {
			zf_err_set(err, ZF_EINVAL, NULL, "unknown key '%s'", k);
			snprintf(err->field, sizeof err->field, "%s%s%s", path, *path ? "." : "",
				 k);
			return ZF_EINVAL;
		}
	}
	return 0;
}

static int field_err(struct zf_err *err, const char *path, const char *fmt, const char *what)
{
	zf_err_set(err, ZF_EINVAL, NULL, fmt, what);
	snprintf(err->field, sizeof err->field, "%.63s", path);
	return ZF_EINVAL;
}

/* Reads an optional number at obj[key] into *out. */
static int get_number(json_t *obj, const char *key, const char *path, double *out,
		      struct zf_err *err)
{
	json_t *v = json_object_get(obj, key);
	char f[128];
	snprintf(f, sizeof f, "%s%s%s", path, *path ? "." : "", key);
	if (!v)
		return 0;
	if (!json_is_number(v))
		return field_err(err, f, "%s must be a number", key);
	*out = json_number_value(v);
	if (!isfinite(*out))
		return field_err(err, f, "%s must be a finite number", key);
	return 0;
}

static int positive(double v, const char *path, struct zf_err *err)
{
	return v > 0 ? 0 : field_err(err, path, "%s", ZF_MSG("a weight must be greater than 0"));
}

static int get_weight_map(json_t *obj, const char *key, const char *const *keys, double *vals,
			  int n, struct zf_err *err)
{
	json_t *m = json_object_get(obj, key);
	int rc;
	if (!m)
		return 0;
	if (!json_is_object(m))
		return field_err(err, key, "%s must be an object", key);
	if ((rc = only_keys(m, key, keys, n, err)) < 0)
		return rc;
	for (int i = 0; i < n; i++) {
		char f[64];
		snprintf(f, sizeof f, "%s.%s", key, keys[i]);
		if ((rc = get_number(m, keys[i], key, &vals[i], err)) < 0)
			return rc;
		if ((rc = positive(vals[i], f, err)) < 0)
			return rc;
	}
	return 0;
}

static int get_code(json_t *o, const char *key, const char *path, bool required, char **out,
		    struct zf_err *err)
{
	json_t *v = json_object_get(o, key);
	char f[128];
	snprintf(f, sizeof f, "%s.%s", path, key);
	if (!v) {
		if (required)
			return field_err(err, f, "%s is required", key);
		return 0;
	}
	if (!json_is_string(v) || str_blank(json_string_value(v)))
		return field_err(err, f, "%s must be a non-empty string", key);
	if (strlen(json_string_value(v)) > 200)
		return field_err(err, f, "%s is too long", key);
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int parse_groups(json_t *arr, struct eval_config *c, struct zf_err *err)
{
	static const char *const keys[] = {"code", "name", "weight", "min_ballots", "mutual"};
	int rc;
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return field_err(err, "groups", "%s must be a non-empty array", "groups");
	c->ngroups = (int)json_array_size(arr);
	c->groups = xcalloc((size_t)c->ngroups, sizeof *c->groups);
	for (int i = 0; i < c->ngroups; i++) {
		json_t *g = json_array_get(arr, (size_t)i);
		struct eval_group *eg = &c->groups[i];
		char path[64];
		snprintf(path, sizeof path, "groups[%d]", i);
		if (!json_is_object(g))
			return field_err(err, path, "%s must be an object", path);
		if ((rc = only_keys(g, path, keys, 5, err)) < 0 ||
		    (rc = get_code(g, "code", path, true, &eg->code, err)) < 0 ||
		    (rc = get_code(g, "name", path, false, &eg->name, err)) < 0)
			return rc;
		if (!eg->name)
			eg->name = xstrdup(eg->code);
		for (int j = 0; j < i; j++)
			if (!strcmp(c->groups[j].code, eg->code)) {
				char f[80];
				snprintf(f, sizeof f, "%s.code", path);
				return field_err(err, f, "the group code '%s' is used twice",
						 eg->code);
			}
		eg->weight = -1;
		json_t *w = json_object_get(g, "weight");
		char f[80];
		snprintf(f, sizeof f, "%s.weight", path);
		if (!w)
			return field_err(err, f, "%s is required", "weight");
		if ((rc = get_number(g, "weight", path, &eg->weight, err)) < 0 ||
		    (rc = positive(eg->weight, f, err)) < 0)
			return rc;
		json_t *mb = json_object_get(g, "min_ballots");
		eg->min_ballots = 5;
		if (mb) {
			snprintf(f, sizeof f, "%s.min_ballots", path);
			if (!json_is_integer(mb) || json_integer_value(mb) < 0 ||
			    json_integer_value(mb) > 1000000)
				return field_err(err, f, "%s must be a whole number >= 0",
						 "min_ballots");
			eg->min_ballots = (int)json_integer_value(mb);
		}
		json_t *mu = json_object_get(g, "mutual");
		if (mu) {
			snprintf(f, sizeof f, "%s.mutual", path);
			if (!json_is_boolean(mu))
				return field_err(err, f, "%s must be true or false", "mutual");
			eg->mutual = json_is_true(mu);
		}
	}
	return 0;
}

static int parse_indicators(json_t *obj, struct eval_config *c, struct zf_err *err)
{
	static const char *const keys[] = {"code", "name", "weight"};
	const char *cat;
	json_t *list;
	int rc, k = 0;
	if (!json_is_object(obj) || json_object_size(obj) == 0)
		return field_err(err, "indicators", "%s must be an object of category lists",
				 "indicators");
	c->ncats = (int)json_object_size(obj);
	c->cats = xcalloc((size_t)c->ncats, sizeof *c->cats);
	json_object_foreach(obj, cat, list)
	{
		struct eval_catlist *l = &c->cats[k++];
		char path[96];
		snprintf(path, sizeof path, "indicators.%s", cat);
		l->category = xstrdup(cat);
		if (!json_is_array(list) || json_array_size(list) == 0)
			return field_err(err, path, "%s must be a non-empty array", path);
		if (json_array_size(list) > 64)
			return field_err(err, path, "%s has more than 64 indicators", path);
		l->nind = (int)json_array_size(list);
		l->ind = xcalloc((size_t)l->nind, sizeof *l->ind);
		for (int i = 0; i < l->nind; i++) {
			json_t *o = json_array_get(list, (size_t)i);
			struct eval_indicator *ind = &l->ind[i];
			char ip[128], f[140];
			snprintf(ip, sizeof ip, "%s[%d]", path, i);
			if (!json_is_object(o))
				return field_err(err, ip, "%s must be an object", ip);
			if ((rc = only_keys(o, ip, keys, 3, err)) < 0 ||
			    (rc = get_code(o, "code", ip, true, &ind->code, err)) < 0 ||
			    (rc = get_code(o, "name", ip, false, &ind->name, err)) < 0)
				return rc;
			if (!ind->name)
				ind->name = xstrdup(ind->code);
			for (int j = 0; j < i; j++)
				if (!strcmp(l->ind[j].code, ind->code)) {
					snprintf(f, sizeof f, "%s.code", ip);
					return field_err(err, f,
							 "the indicator code '%s' is used twice",
							 ind->code);
				}
			snprintf(f, sizeof f, "%s.weight", ip);
			if (!json_object_get(o, "weight"))
				return field_err(err, f, "%s is required", "weight");
			if ((rc = get_number(o, "weight", ip, &ind->weight, err)) < 0 ||
			    (rc = positive(ind->weight, f, err)) < 0)
				return rc;
		}
	}
	return 0;
}

/* The round's labels: as every partly given object of SCORING.md section 1, rating_labels
 * is merged key by key with its defaults, so the four default labels are always accepted; a
 * round may change their values and add labels of its own. Its own come first, in its order
 * (the ballot page offers them in this order), then each default it does not name. */
static int parse_labels(json_t *obj, struct eval_config *c, struct zf_err *err)
{
	const char *text;
	json_t *v;
	if (!json_is_object(obj))
		return field_err(err, "rating_labels", "%s must be an object", "rating_labels");
	c->nlabels = 0;
	c->labels = xcalloc(json_object_size(obj) + ARRAY_LEN(label_defaults), sizeof *c->labels);
	json_object_foreach(obj, text, v)
	{
		char f[128];
		snprintf(f, sizeof f, "rating_labels.%s", text);
		struct eval_label *l = &c->labels[c->nlabels];
		l->text = xstrdup(text);
		str_trim(l->text);
		c->nlabels++;
		if (!*l->text)
			return field_err(err, "rating_labels", "%s: a label may not be empty",
					 "rating_labels");
		for (int i = 0; i < c->nlabels - 1; i++)
			if (!strcmp(c->labels[i].text, l->text))
				return field_err(err, f, "label '%s' is given twice", l->text);
		double d = json_is_number(v) ? json_number_value(v) : -1;
		if (!json_is_number(v) || d != floor(d) || d < 0 || d > 100)
			return field_err(
			    err, f, "the value of label '%s' must be a whole number 0-100", text);
		l->value = (int)d;
	}
	int given = c->nlabels;
	for (size_t k = 0; k < ARRAY_LEN(label_defaults); k++) {
		bool named = false;
		for (int i = 0; i < given && !named; i++)
			named = !strcmp(c->labels[i].text, label_defaults[k].text);
		if (!named) {
			c->labels[c->nlabels].text = xstrdup(label_defaults[k].text);
			c->labels[c->nlabels++].value = label_defaults[k].value;
		}
	}
	return 0;
}

static void defaults(struct eval_config *c)
{
	memset(c, 0, sizeof *c);
	memcpy(c->comp, comp_defaults, sizeof c->comp);
	memcpy(c->period, period_defaults, sizeof c->period);
	c->trim_ratio = 0.1;
	c->survey_factor = 0.2;
	c->survey_cap = 5;
	c->deduction_cap = 20;
	c->excellent_ratio = 0.2;
	c->good_min = 80;
	c->poor_below = 60;
	c->anonymity_threshold = 5;
	c->bootstrap_resamples = 1000;
	c->bootstrap_seed = 20260101;
}

static void default_groups(struct eval_config *c)
{
	c->ngroups = (int)ARRAY_LEN(group_defaults);
	c->groups = xcalloc((size_t)c->ngroups, sizeof *c->groups);
	for (int i = 0; i < c->ngroups; i++) {
		c->groups[i].code = xstrdup(group_defaults[i].code);
		c->groups[i].name = xstrdup(group_defaults[i].name);
		c->groups[i].weight = group_defaults[i].weight;
		c->groups[i].min_ballots = group_defaults[i].min_ballots;
		c->groups[i].mutual = group_defaults[i].mutual;
	}
}

static void default_labels(struct eval_config *c)
{
	c->nlabels = (int)ARRAY_LEN(label_defaults);
	c->labels = xcalloc((size_t)c->nlabels, sizeof *c->labels);
	for (int i = 0; i < c->nlabels; i++) {
		c->labels[i].text = xstrdup(label_defaults[i].text);
		c->labels[i].value = label_defaults[i].value;
	}
}

static int parse_object(json_t *j, const char *key, const char *const *keys, int nkeys,
			json_t **out, struct zf_err *err)
{
	json_t *o = json_object_get(j, key);
	*out = o;
	if (!o)
		return 0;
	if (!json_is_object(o))
		return field_err(err, key, "%s must be an object", key);
	return only_keys(o, key, keys, nkeys, err);
}

static int parse_all(json_t *j, struct eval_config *c, struct zf_err *err)
{
	static const char *const top[] = {
	    "code",	     "name",   "components",	"process_periods",
	    "trim_ratio",    "survey", "deduction_cap", "grades",
	    "rating_labels", "groups", "indicators",	"anonymity_threshold",
	    "bootstrap"};
	static const char *const survey_keys[] = {"factor", "cap"};
	static const char *const grade_keys[] = {"excellent_ratio", "good_min", "poor_below"};
	static const char *const boot_keys[] = {"resamples", "seed"};
	json_t *o;
	int rc;

	if (!json_is_object(j))
		return field_err(err, "body", "%s: the configuration must be a JSON object",
				 "body");
	if ((rc = only_keys(j, "", top, (int)ARRAY_LEN(top), err)) < 0)
		return rc;
	json_t *code = json_object_get(j, "code");
	if (!json_is_string(code) || str_blank(json_string_value(code)))
		return field_err(err, "code", "%s is required: a non-empty string", "code");
	if (strlen(json_string_value(code)) >= EVAL_CODE_MAX ||
	    strpbrk(json_string_value(code), " /?#%\\"))
		return field_err(err, "code", "%s: at most 63 bytes, no spaces or / ? # %% \\",
				 "code");
	c->code = xstrdup(json_string_value(code));
	json_t *name = json_object_get(j, "name");
	if (name && (!json_is_string(name) || str_blank(json_string_value(name))))
		return field_err(err, "name", "%s must be a non-empty string", "name");
	c->name = xstrdup(name ? json_string_value(name) : c->code);

	if ((rc = get_weight_map(j, "components", comp_keys, c->comp, SC_NCOMP, err)) < 0 ||
	    (rc = get_weight_map(j, "process_periods", period_keys, c->period, SP_NPERIODS, err)) <
		0)
		return rc;
	if ((rc = get_number(j, "trim_ratio", "", &c->trim_ratio, err)) < 0)
		return rc;
	if (c->trim_ratio < 0 || c->trim_ratio >= 0.5)
		return field_err(err, "trim_ratio", "%s must be in [0, 0.5)", "trim_ratio");
	if ((rc = parse_object(j, "survey", survey_keys, 2, &o, err)) < 0)
		return rc;
	if (o && ((rc = get_number(o, "factor", "survey", &c->survey_factor, err)) < 0 ||
		  (rc = get_number(o, "cap", "survey", &c->survey_cap, err)) < 0))
		return rc;
	if (c->survey_factor < 0)
		return field_err(err, "survey.factor", "%s must be >= 0", "survey.factor");
	if (c->survey_cap < 0)
		return field_err(err, "survey.cap", "%s must be >= 0", "survey.cap");
	if ((rc = get_number(j, "deduction_cap", "", &c->deduction_cap, err)) < 0)
		return rc;
	if (c->deduction_cap < 0)
		return field_err(err, "deduction_cap", "%s must be >= 0", "deduction_cap");
	if ((rc = parse_object(j, "grades", grade_keys, 3, &o, err)) < 0)
		return rc;
	if (o && ((rc = get_number(o, "excellent_ratio", "grades", &c->excellent_ratio, err)) < 0 ||
		  (rc = get_number(o, "good_min", "grades", &c->good_min, err)) < 0 ||
		  (rc = get_number(o, "poor_below", "grades", &c->poor_below, err)) < 0))
		return rc;
	if (c->excellent_ratio < 0 || c->excellent_ratio > 1)
		return field_err(err, "grades.excellent_ratio", "%s must be in [0, 1]",
				 "grades.excellent_ratio");
	json_t *lab = json_object_get(j, "rating_labels");
	if (lab) {
		if ((rc = parse_labels(lab, c, err)) < 0)
			return rc;
	} else {
		default_labels(c);
	}
	json_t *groups = json_object_get(j, "groups");
	if (groups) {
		if ((rc = parse_groups(groups, c, err)) < 0)
			return rc;
	} else {
		default_groups(c);
	}
	json_t *ind = json_object_get(j, "indicators");
	if (!ind)
		return field_err(err, "indicators", "%s is required: a list per unit category",
				 "indicators");
	if ((rc = parse_indicators(ind, c, err)) < 0)
		return rc;
	json_t *at = json_object_get(j, "anonymity_threshold");
	if (at) {
		if (!json_is_integer(at) || json_integer_value(at) < 1 ||
		    json_integer_value(at) > 1000)
			return field_err(err, "anonymity_threshold",
					 "%s must be a whole number 1-1000", "anonymity_threshold");
		c->anonymity_threshold = (int)json_integer_value(at);
	}
	if ((rc = parse_object(j, "bootstrap", boot_keys, 2, &o, err)) < 0)
		return rc;
	if (o) {
		json_t *r = json_object_get(o, "resamples"), *s = json_object_get(o, "seed");
		if (r && (!json_is_integer(r) || json_integer_value(r) < 0 ||
			  json_integer_value(r) > 100000))
			return field_err(err, "bootstrap.resamples",
					 "%s must be a whole number 0-100000",
					 "bootstrap.resamples");
		if (s && (!json_is_integer(s) || json_integer_value(s) < 0))
			return field_err(err, "bootstrap.seed", "%s must be a whole number >= 0",
					 "bootstrap.seed");
		if (r)
			c->bootstrap_resamples = (int)json_integer_value(r);
		if (s)
			c->bootstrap_seed = (uint64_t)json_integer_value(s);
	}
	return 0;
}

int eval_config_parse(json_t *j, struct eval_config *out, struct zf_err *err)
{
	struct eval_config c;
	defaults(&c);
	int rc = parse_all(j, &c, err);
	if (rc < 0) {
		eval_config_cleanup(&c);
		return rc;
	}
	*out = c;
	return 0;
}

void eval_config_cleanup(struct eval_config *c)
{
	free(c->code);
	free(c->name);
	for (int i = 0; i < c->nlabels; i++)
		free(c->labels[i].text);
	free(c->labels);
	for (int i = 0; i < c->ngroups; i++) {
		free(c->groups[i].code);
		free(c->groups[i].name);
	}
	free(c->groups);
	for (int i = 0; i < c->ncats; i++) {
		for (int k = 0; k < c->cats[i].nind; k++) {
			free(c->cats[i].ind[k].code);
			free(c->cats[i].ind[k].name);
		}
		free(c->cats[i].ind);
		free(c->cats[i].category);
	}
	free(c->cats);
	memset(c, 0, sizeof *c);
}

json_t *eval_config_json(const struct eval_config *c)
{
	json_t *j = json_pack("{s:s,s:s}", "code", c->code, "name", c->name);
	json_t *comp = json_object(), *per = json_object(), *lab = json_object();
	json_t *groups = json_array(), *ind = json_object();
	for (int k = 0; k < SC_NCOMP; k++)
		json_object_set_new(comp, comp_keys[k], json_real(c->comp[k]));
	for (int k = 0; k < SP_NPERIODS; k++)
		json_object_set_new(per, period_keys[k], json_real(c->period[k]));
	json_object_set_new(j, "components", comp);
	json_object_set_new(j, "process_periods", per);
	json_object_set_new(j, "trim_ratio", json_real(c->trim_ratio));
	json_object_set_new(
	    j, "survey", json_pack("{s:f,s:f}", "factor", c->survey_factor, "cap", c->survey_cap));
	json_object_set_new(j, "deduction_cap", json_real(c->deduction_cap));
	json_object_set_new(j, "grades",
			    json_pack("{s:f,s:f,s:f}", "excellent_ratio", c->excellent_ratio,
				      "good_min", c->good_min, "poor_below", c->poor_below));
	for (int i = 0; i < c->nlabels; i++)
		json_object_set_new(lab, c->labels[i].text, json_integer(c->labels[i].value));
	json_object_set_new(j, "rating_labels", lab);
	for (int i = 0; i < c->ngroups; i++)
		json_array_append_new(
		    groups,
		    json_pack("{s:s,s:s,s:f,s:i,s:b}", "code", c->groups[i].code, "name",
			      c->groups[i].name, "weight", c->groups[i].weight, "min_ballots",
			      c->groups[i].min_ballots, "mutual", c->groups[i].mutual));
	json_object_set_new(j, "groups", groups);
	for (int i = 0; i < c->ncats; i++) {
		json_t *l = json_array();
		for (int k = 0; k < c->cats[i].nind; k++)
			json_array_append_new(l, json_pack("{s:s,s:s,s:f}", "code",
							   c->cats[i].ind[k].code, "name",
							   c->cats[i].ind[k].name, "weight",
							   c->cats[i].ind[k].weight));
		json_object_set_new(ind, c->cats[i].category, l);
	}
	json_object_set_new(j, "indicators", ind);
	json_object_set_new(j, "anonymity_threshold", json_integer(c->anonymity_threshold));
	json_object_set_new(j, "bootstrap",
			    json_pack("{s:i,s:I}", "resamples", c->bootstrap_resamples, "seed",
				      (json_int_t)c->bootstrap_seed));
	return j;
}

int eval_config_group(const struct eval_config *c, const char *code)
{
	for (int i = 0; i < c->ngroups; i++)
		if (!strcmp(c->groups[i].code, code))
			return i;
	return -1;
}

int eval_config_catlist(const struct eval_config *c, const char *category)
{
	for (int i = 0; i < c->ncats; i++)
		if (!strcmp(c->cats[i].category, category))
			return i;
	return -1;
}

int eval_config_indicator(const struct eval_catlist *l, const char *code)
{
	for (int i = 0; i < l->nind; i++)
		if (!strcmp(l->ind[i].code, code))
			return i;
	return -1;
}

int eval_config_rating(const struct eval_config *c, const char *cell, int *value)
{
	char buf[128];
	size_t len = cell ? strnlen(cell, sizeof buf - 1) : 0; /* as snprintf would cut it */
	memcpy(buf, cell ? cell : "", len);
	buf[len] = '\0';
	str_trim(buf);
	if (!*buf)
		return 1;
	for (int i = 0; i < c->nlabels; i++)
		if (!strcmp(c->labels[i].text, buf)) {
			*value = c->labels[i].value;
			return 0;
		}
	/* a whole number 0-100: digits only (a sign, a point or an exponent is not a rating) */
	size_t n = strlen(buf);
	if (n > 3)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (buf[i] < '0' || buf[i] > '9')
			return -1;
	int v = atoi(buf);
	if (v > 100)
		return -1;
	*value = v;
	return 0;
}
