/* educate.c: programmes (E1-E7) and their catalogues: kinds and topics; the progress of
 * people in a programme (hours, sessions or records in a period), which the dossier, the
 * completion rates, the owed list and the appointment gate all count from. */
#include "educate/educate_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- catalogues ---- */

int educate_kind_list(struct store *s, json_t **out, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s, "SELECT code, name, requirement, counts FROM programme_kinds ORDER BY sort", err);
	if (!st)
		return ZF_EINTERNAL;
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s}", "code", stmt_text(st, 0),
						     "name", stmt_text(st, 1), "requirement",
						     stmt_text(st, 2), "counts", stmt_text(st, 3)));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int educate_topic_list(struct store *s, json_t **out, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s, "SELECT code, name FROM topics WHERE active = 1 ORDER BY sort", err);
	if (!st)
		return ZF_EINTERNAL;
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, json_pack("{s:s,s:s}", "code", stmt_text(st, 0), "name",
						     stmt_text(st, 1)));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

/* ---- lookups ---- */

#define PROG_COLS                                                                                  \
	"SELECT p.id, p.code, p.name, p.kind, k.counts, p.rule, p.required_hours,"                 \
	" p.required_sessions, p.period, coalesce(p.unit_id, 0), p.pick_cycle, p.active"           \
	" FROM programmes p JOIN programme_kinds k ON k.code = p.kind"

static void prog_row(struct stmt *st, struct edu_prog *p)
{
	memset(p, 0, sizeof *p);
	p->id = stmt_int(st, 0);
	snprintf(p->code, sizeof p->code, "%s", stmt_text(st, 1));
	p->name = xstrdup(stmt_text(st, 2));
	snprintf(p->kind, sizeof p->kind, "%s", stmt_text(st, 3));
	snprintf(p->counts, sizeof p->counts, "%s", stmt_text(st, 4));
	p->rule = json_loads(stmt_text(st, 5), 0, NULL);
	if (!p->rule)
		p->rule = json_object();
	p->required_hours = stmt_double(st, 6);
	p->required_sessions = (int)stmt_int(st, 7);
	snprintf(p->period, sizeof p->period, "%s", stmt_text(st, 8));
	p->unit_id = stmt_int(st, 9);
	p->pick_cycle = (int)stmt_int(st, 10);
	p->active = stmt_int(st, 11) != 0;
}

static int prog_find(struct store *s, const char *sql, const char *code, int64_t id,
		     struct edu_prog *p, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	if (code)
		stmt_bind_text(st, 1, code);
	else
		stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		prog_row(st, p);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = code ? zf_err_set(err, ZF_ENOTFOUND, NULL, "no programme with code %s", code)
			  : zf_err_set(err, ZF_ENOTFOUND, NULL, "no programme with id %lld",
				       (long long)id);
	}
	stmt_reset(st);
	return rc;
}

int edu_prog_find(struct store *s, const char *code, struct edu_prog *p, struct zf_err *err)
{
	return prog_find(s, PROG_COLS " WHERE p.code = ?", code ? code : "", 0, p, err);
}

int edu_prog_find_id(struct store *s, int64_t id, struct edu_prog *p, struct zf_err *err)
{
	return prog_find(s, PROG_COLS " WHERE p.id = ?", NULL, id, p, err);
}

void edu_prog_cleanup(struct edu_prog *p)
{
	if (!p)
		return;
	free(p->name);
	json_decref(p->rule);
	p->name = NULL;
	p->rule = NULL;
}

int edu_prog_all(struct store *s, struct edu_prog **out, size_t *n, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, PROG_COLS " WHERE p.active = 1 ORDER BY p.id", err);
	if (!st)
		return ZF_EINTERNAL;
	struct edu_prog *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		prog_row(st, &v[cnt++]);
	}
	stmt_reset(st);
	if (rc < 0) {
		for (size_t i = 0; i < cnt; i++)
			edu_prog_cleanup(&v[i]);
		free(v);
		return rc;
	}
	*out = v;
	*n = cnt;
	return 0;
}

bool edu_prog_obliges(const struct edu_prog *p)
{
	return p->required_hours > 0 || p->required_sessions > 0;
}

/* ---- progress ---- */

void edu_period_from(const struct edu_prog *p, const char *as_of, char *from)
{
	if (!strcmp(p->period, "once"))
		snprintf(from, 11, "%s", "0000-01-01");
	else
		snprintf(from, 11, "%.4s-01-01", as_of);
}

bool edu_done(const struct edu_prog *p, double hours, int count)
{
	if (!edu_prog_obliges(p))
		return true;
	return hours + 1e-9 >= p->required_hours && count >= p->required_sessions;
}

int edu_progress_load(struct store *s, const struct edu_prog *p, const struct edu_people *ppl,
		      const char *from, const char *to, struct edu_progress *out,
		      struct zf_err *err)
{
	static const struct {
		const char *counts, *sql;
	} q[] = {
	    {"attendance",
	     "SELECT a.person_id, count(*), coalesce(sum(s.credit_hours), 0) FROM attendance a"
	     " JOIN edu_sessions s ON s.id = a.session_id WHERE s.programme_id = ?"
	     " AND s.held_on >= ? AND s.held_on <= ? AND a.status IN ('present', 'late')"
	     " GROUP BY a.person_id"},
	    {"reading", "SELECT person_id, count(*), 0 FROM reading_records WHERE ? > 0"
			" AND read_on >= ? AND read_on <= ? GROUP BY person_id"},
	    {"family", "SELECT person_id, count(*), 0 FROM family_education WHERE ? > 0"
		       " AND held_on >= ? AND held_on <= ? GROUP BY person_id"},
	    {"commitment", "SELECT person_id, count(*), 0 FROM commitments WHERE ? > 0"
			   " AND made_on >= ? AND made_on <= ? GROUP BY person_id"},
	};
	const char *sql = NULL;
	for (size_t i = 0; i < ARRAY_LEN(q); i++)
		if (!strcmp(q[i].counts, p->counts))
			sql = q[i].sql;
	if (!sql)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "unknown count %s", p->counts);
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	struct edu_progress pr;
	pr.hours = xcalloc(ppl->n ? ppl->n : 1, sizeof *pr.hours);
	pr.count = xcalloc(ppl->n ? ppl->n : 1, sizeof *pr.count);
	stmt_bind_int(st, 1, p->id);
	stmt_bind_text(st, 2, from);
	stmt_bind_text(st, 3, to);
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		long i = edu_people_index(ppl, stmt_int(st, 0));
		if (i < 0)
			continue;
		pr.count[i] = (int)stmt_int(st, 1);
		pr.hours[i] = stmt_double(st, 2);
	}
	stmt_reset(st);
	if (rc < 0) {
		edu_progress_cleanup(&pr);
		return rc;
	}
	*out = pr;
	return 0;
}

void edu_progress_cleanup(struct edu_progress *pr)
{
	free(pr->hours);
	free(pr->count);
	pr->hours = NULL;
	pr->count = NULL;
}

/* ---- programmes ---- */

static int kind_counts(struct store *s, const char *kind, char counts[16], struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s, "SELECT counts FROM programme_kinds WHERE code = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, kind);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		snprintf(counts, 16, "%s", stmt_text(st, 0));
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_EINVAL, "kind",
				"'%s' is not a programme kind (GET /api/v1/programme-kinds)", kind);
	}
	stmt_reset(st);
	return rc;
}

/* Checks the fields of a programme as it will be stored. */
static int prog_check(struct store *s, const struct edu_prog *p, const char *description,
		      struct zf_err *err)
{
	int rc;
	if ((rc = edu_check_text(p->name, "name", EDU_TEXT_MAX, true, err)) < 0 ||
	    (rc = edu_check_text(description, "description", EDU_LONG_MAX, false, err)) < 0)
		return rc;
	if (p->required_hours < 0 || p->required_hours > 10000)
		return zf_err_set(err, ZF_EINVAL, "required_hours",
				  "required_hours must be 0..10000");
	if (p->required_sessions < 0 || p->required_sessions > 1000)
		return zf_err_set(err, ZF_EINVAL, "required_sessions",
				  "required_sessions must be 0..1000");
	if (strcmp(p->counts, "attendance") && p->required_hours > 0)
		return zf_err_set(err, ZF_EINVAL, "required_hours",
				  "a programme of kind %s counts records, not hours: set "
				  "required_sessions instead",
				  p->kind);
	if (strcmp(p->period, "year") && strcmp(p->period, "once"))
		return zf_err_set(err, ZF_EINVAL, "period", "period must be year or once");
	(void)s;
	return 0;
}

int educate_programme_create(struct store *s, const struct actor *who,
			     const struct educate_programme *in, struct zf_err *err)
{
	struct edu_prog p;
	json_t *rule = NULL;
	int rc;
	memset(&p, 0, sizeof p);
	if ((rc = edu_check_code(in->code, "code", err)) < 0)
		return rc;
	if (str_blank(in->kind))
		return zf_err_set(err, ZF_EINVAL, "kind", "kind is required");
	snprintf(p.kind, sizeof p.kind, "%.31s", in->kind);
	if ((rc = kind_counts(s, in->kind, p.counts, err)) < 0)
		return rc;
	p.name = (char *)in->name;
	p.required_hours = in->required_hours < 0 ? 0 : in->required_hours;
	p.required_sessions = in->required_sessions < 0 ? 0 : in->required_sessions;
	snprintf(p.period, sizeof p.period, "%.7s", str_blank(in->period) ? "year" : in->period);
	if (in->period && strlen(in->period) > 7)
		return zf_err_set(err, ZF_EINVAL, "period", "period must be year or once");
	if ((rc = prog_check(s, &p, in->description, err)) < 0)
		return rc;
	if (!str_blank(in->unit) && (rc = edu_unit_id(s, in->unit, "unit", &p.unit_id, err)) < 0)
		return rc;
	if (in->rule) {
		if ((rc = educate_rule_normalize(s, in->rule, &rule, err)) < 0)
			return rc;
	} else {
		rule = json_object();
	}
	char *rule_s = json_dumps(rule, JSON_COMPACT | JSON_SORT_KEYS);
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	json_t *ch = json_pack("{s:s,s:s,s:O,s:f,s:i,s:s}", "name", in->name, "kind", in->kind,
			       "rule", rule, "required_hours", p.required_hours,
			       "required_sessions", p.required_sessions, "period", p.period);
	bool own;
	rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc = store_run(s, err,
			       "INSERT INTO programmes(code, name, kind, rule, required_hours,"
			       " required_sessions, period, unit_id, description, created_at,"
			       " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       "ttttditIttt", in->code, in->name, in->kind, rule_s,
			       p.required_hours, (int64_t)p.required_sessions, p.period, p.unit_id,
			       in->description ? in->description : "", now, now);
	if (rc == 0)
		rc = audit_append(s, who, "create", "programme", in->code, "ok", ch, err);
	rc = store_tx_close(s, own, rc, err);
	json_decref(ch);
	free(rule_s);
	json_decref(rule);
	if (rc == ZF_ECONFLICT)
		return zf_err_set(err, ZF_ECONFLICT, "code", "programme %s already exists",
				  in->code);
	return rc;
}

int educate_programme_update(struct store *s, const struct actor *who, const char *code,
			     const struct educate_programme *in, struct zf_err *err)
{
	struct edu_prog p;
	json_t *rule = NULL, *ch = json_object();
	int rc = edu_prog_find(s, code, &p, err);
	if (rc < 0) {
		json_decref(ch);
		return rc;
	}
	char *old_name = p.name;
	if (in->code && strcmp(in->code, code)) {
		rc = zf_err_set(err, ZF_EINVAL, "code", "the code of a programme cannot change");
		goto out;
	}
	if (in->kind && strcmp(in->kind, p.kind)) {
		rc = zf_err_set(err, ZF_EINVAL, "kind", "the kind of a programme cannot change");
		goto out;
	}
	if (in->name) {
		p.name = (char *)in->name;
		json_object_set_new(ch, "name", json_string(in->name));
	}
	if (in->required_hours >= 0) {
		p.required_hours = in->required_hours;
		json_object_set_new(ch, "required_hours", json_real(in->required_hours));
	}
	if (in->required_sessions >= 0) {
		p.required_sessions = in->required_sessions;
		json_object_set_new(ch, "required_sessions", json_integer(in->required_sessions));
	}
	if (in->period) {
		if (strlen(in->period) > 7) {
			rc = zf_err_set(err, ZF_EINVAL, "period", "period must be year or once");
			goto out;
		}
		snprintf(p.period, sizeof p.period, "%s", in->period);
		json_object_set_new(ch, "period", json_string(in->period));
	}
	if (in->unit) {
		p.unit_id = 0;
		if (*in->unit && (rc = edu_unit_id(s, in->unit, "unit", &p.unit_id, err)) < 0)
			goto out;
		json_object_set_new(ch, "unit", json_string(in->unit));
	}
	if (in->description)
		json_object_set_new(ch, "description", json_string(in->description));
	if ((rc = prog_check(s, &p, in->description, err)) < 0)
		goto out;
	if (in->rule) {
		if ((rc = educate_rule_normalize(s, in->rule, &rule, err)) < 0)
			goto out;
		json_object_set(ch, "rule", rule);
	}
	int active = p.active;
	if (in->set_active == 1 || in->set_active == 2) {
		active = in->set_active == 1;
		json_object_set_new(ch, "active", json_boolean(active));
	}
	char *rule_s = json_dumps(rule ? rule : p.rule, JSON_COMPACT | JSON_SORT_KEYS);
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	bool own;
	rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc = store_run(s, err,
			       "UPDATE programmes SET name = ?, rule = ?, required_hours = ?,"
			       " required_sessions = ?, period = ?, unit_id = ?,"
			       " description = coalesce(?, description), active = ?, updated_at = ?"
			       " WHERE id = ?",
			       "ttditItiti", p.name, rule_s, p.required_hours,
			       (int64_t)p.required_sessions, p.period, p.unit_id, in->description,
			       (int64_t)active, now, p.id);
	if (rc == 0)
		rc = audit_append(s, who, "update", "programme", code, "ok", ch, err);
	rc = store_tx_close(s, own, rc, err);
	free(rule_s);
out:
	p.name = old_name;
	edu_prog_cleanup(&p);
	json_decref(rule);
	json_decref(ch);
	return rc;
}

#define PROG_JSON_COLS                                                                             \
	"SELECT p.id, p.code, p.name, p.kind, k.name, k.requirement, k.counts, p.rule,"            \
	" p.required_hours, p.required_sessions, p.period, coalesce(u.code, ''),"                  \
	" coalesce(u.name, ''), p.description, p.pick_cycle, p.active"                             \
	" FROM programmes p JOIN programme_kinds k ON k.code = p.kind"                             \
	" LEFT JOIN units u ON u.id = p.unit_id"

static json_t *prog_json(struct stmt *st)
{
	json_t *rule = json_loads(stmt_text(st, 7), 0, NULL);
	return json_pack(
	    "{s:I,s:s,s:s,s:{s:s,s:s,s:s,s:s},s:o,s:o,s:I,s:s,s:o,s:s,s:I,s:b}", "id",
	    (json_int_t)stmt_int(st, 0), "code", stmt_text(st, 1), "name", stmt_text(st, 2), "kind",
	    "code", stmt_text(st, 3), "name", stmt_text(st, 4), "requirement", stmt_text(st, 5),
	    "counts", stmt_text(st, 6), "rule", rule ? rule : json_object(), "required_hours",
	    edu_real2(stmt_double(st, 8)), "required_sessions", (json_int_t)stmt_int(st, 9),
	    "period", stmt_text(st, 10), "unit",
	    edu_code_name(stmt_text(st, 11), stmt_text(st, 12)), "description", stmt_text(st, 13),
	    "pick_cycle", (json_int_t)stmt_int(st, 14), "active", (int)stmt_int(st, 15));
}

int educate_programme_get(struct store *s, const char *code, json_t **out, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, PROG_JSON_COLS " WHERE p.code = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code ? code : "");
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		*out = prog_json(st);
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no programme with code %s", code);
	}
	stmt_reset(st);
	return rc;
}

int educate_programme_list(struct store *s, const char *kind, int64_t after, int limit,
			   json_t **out, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s, PROG_JSON_COLS " WHERE p.id > ? AND (? IS NULL OR p.kind = ?) ORDER BY p.id LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_text(st, 2, kind);
	stmt_bind_text(st, 3, kind);
	stmt_bind_int(st, 4, limit);
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, prog_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

/* ---- targets ---- */

json_t *edu_person_json(const struct edu_person *e)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:s,s:o,s:o}", "id", (json_int_t)e->id, "code", e->code,
			 "name", e->name, "unit", edu_code_name(e->unit_code, e->unit_name), "rank",
			 e->rank, "birth_date", edu_str_or_null(e->birth), "appointed_on",
			 edu_str_or_null(e->appointed_on));
}

int educate_programme_targets(struct store *s, const char *code, const char *as_of,
			      int64_t scope_unit, bool owing_only, int64_t after, int limit,
			      json_t **out, int *total, struct zf_err *err)
{
	struct edu_prog p;
	struct edu_people ppl;
	struct edu_rule r;
	struct edu_progress pr;
	char today[11], from[11];
	if (!as_of || !*as_of) {
		edu_today(today);
		as_of = today;
	} else if (!date_valid(as_of)) {
		return zf_err_set(err, ZF_EINVAL, "as_of", "'%s' is not a date: write YYYY-MM-DD",
				  as_of);
	}
	int rc = edu_prog_find(s, code, &p, err);
	if (rc < 0)
		return rc;
	if ((rc = edu_people_load(s, scope_unit, 0, &ppl, err)) < 0) {
		edu_prog_cleanup(&p);
		return rc;
	}
	edu_period_from(&p, as_of, from);
	if ((rc = edu_progress_load(s, &p, &ppl, from, as_of, &pr, err)) < 0) {
		edu_people_cleanup(&ppl);
		edu_prog_cleanup(&p);
		return rc;
	}
	edu_rule_parse(p.rule, &r);
	json_t *arr = json_array();
	int n = 0;
	for (size_t i = 0; i < ppl.n; i++) {
		if (!edu_rule_match(&r, &ppl.v[i], as_of))
			continue;
		bool done = edu_done(&p, pr.hours[i], pr.count[i]);
		if (owing_only && done)
			continue;
		n++;
		if (ppl.v[i].id <= after || (limit > 0 && (int)json_array_size(arr) >= limit))
			continue;
		json_t *j = edu_person_json(&ppl.v[i]);
		json_object_set_new(j, "done_hours", edu_real2(pr.hours[i]));
		json_object_set_new(j, "done_sessions", json_integer(pr.count[i]));
		json_object_set_new(j, "completed", json_boolean(done));
		json_array_append_new(arr, j);
	}
	edu_rule_cleanup(&r);
	edu_progress_cleanup(&pr);
	edu_people_cleanup(&ppl);
	edu_prog_cleanup(&p);
	if (total)
		*total = n;
	*out = arr;
	return 0;
}
