/* educate_dossier.c: what each cadre still owes, each cadre's education dossier (hours,
 * attendance, lectures given, picks, commitments, reading, family education), and the
 * completion rate of each unit and of the district (MISSION E, outcome). */
#include "educate/educate_impl.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- owed ---- */

/* Appends to arr what person (ppl holds just that person) owes as of as_of. */
static int owed_append(struct store *s, const struct edu_people *ppl, const char *as_of,
		       json_t *arr, struct zf_err *err)
{
	struct edu_prog *progs = NULL;
	size_t np = 0;
	int rc = edu_prog_all(s, &progs, &np, err);
	if (rc < 0)
		return rc;
	for (size_t k = 0; k < np && rc == 0 && ppl->n == 1; k++) {
		struct edu_prog *p = &progs[k];
		struct edu_rule r;
		struct edu_progress pr;
		char from[11];
		if (!edu_prog_obliges(p))
			continue;
		edu_rule_parse(p->rule, &r);
		bool target = edu_rule_match(&r, &ppl->v[0], as_of);
		edu_rule_cleanup(&r);
		if (!target)
			continue;
		edu_period_from(p, as_of, from);
		if ((rc = edu_progress_load(s, p, ppl, from, as_of, &pr, err)) < 0)
			break;
		double h = pr.hours[0];
		int c = pr.count[0];
		edu_progress_cleanup(&pr);
		if (edu_done(p, h, c))
			continue;
		double mh = p->required_hours > h ? p->required_hours - h : 0;
		int ms = p->required_sessions > c ? p->required_sessions - c : 0;
		json_t *year = !strcmp(p->period, "year") ? json_integer(atoi(as_of)) : json_null();
		json_array_append_new(
		    arr, json_pack("{s:{s:s,s:s,s:s},s:s,s:o,s:o,s:I,s:o,s:I,s:o,s:I}", "programme",
				   "code", p->code, "name", p->name, "kind", p->kind, "period",
				   p->period, "year", year, "required_hours",
				   edu_real2(p->required_hours), "required_sessions",
				   (json_int_t)p->required_sessions, "done_hours", edu_real2(h),
				   "done_sessions", (json_int_t)c, "missing_hours", edu_real2(mh),
				   "missing_sessions", (json_int_t)ms));
	}
	for (size_t k = 0; k < np; k++)
		edu_prog_cleanup(&progs[k]);
	free(progs);
	return rc;
}

static int person_exists(struct store *s, int64_t person_id, struct zf_err *err)
{
	int64_t v;
	struct zf_err e2;
	int rc = store_query_int(s, &e2, &v, "SELECT id FROM people WHERE id = ?", "i", person_id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no person with id %lld",
				  (long long)person_id);
	if (rc < 0)
		*err = e2;
	return rc;
}

int educate_owed(struct store *s, int64_t person_id, const char *as_of_date, json_t **out,
		 struct zf_err *err)
{
	char today[11];
	struct edu_people ppl;
	if (!as_of_date || !*as_of_date) {
		edu_today(today);
		as_of_date = today;
	} else if (!date_valid(as_of_date)) {
		return zf_err_set(err, ZF_EINVAL, "as_of", "'%s' is not a date: write YYYY-MM-DD",
				  as_of_date);
	}
	int rc = person_exists(s, person_id, err);
	if (rc < 0)
		return rc;
	store_read_begin(s);
	if ((rc = edu_people_load(s, 0, person_id, &ppl, err)) == 0) {
		json_t *arr = json_array();
		rc = owed_append(s, &ppl, as_of_date, arr, err);
		edu_people_cleanup(&ppl);
		if (rc == 0)
			*out = arr;
		else
			json_decref(arr);
	}
	store_read_end(s);
	return rc;
}

/* ---- dossier ---- */

/*
 * Runs sql with the binds (person id, from, to) and appends one object per row to arr,
 * keyed by the column names; types gives each column's JSON type: 'i' integer, 'd' number
 * (2 decimals), 's' string, 'n' string or null when empty.
 */
static int rows_json(struct store *s, const char *sql, const char *types, int64_t pid,
		     const char *from, const char *to, json_t *arr, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, sql, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, pid);
	stmt_bind_text(st, 2, from);
	stmt_bind_text(st, 3, to);
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		json_t *o = json_object();
		for (int c = 0; types[c]; c++) {
			json_t *v;
			switch (types[c]) {
			case 'i':
				v = json_integer(stmt_int(st, c));
				break;
			case 'd':
				v = edu_real2(stmt_double(st, c));
				break;
			case 'n':
				v = edu_str_or_null(stmt_text(st, c));
				break;
			default:
				v = json_string(stmt_text(st, c));
			}
			json_object_set_new(o, stmt_column_name(st, c), v);
		}
		json_array_append_new(arr, o);
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static const struct {
	const char *key, *types, *sql;
} dossier_parts[] = {
    {"sessions", "isssssnds",
     "SELECT s.id AS session_id, s.held_on, pr.code AS programme, pr.name AS programme_name,"
     " s.title, k.name AS kind_name, t.name AS topic, CASE WHEN a.status IN ('present', 'late')"
     " THEN s.credit_hours ELSE 0 END AS hours, a.status"
     " FROM attendance a JOIN edu_sessions s ON s.id = a.session_id"
     " JOIN programmes pr ON pr.id = s.programme_id JOIN programme_kinds k ON k.code = pr.kind"
     " LEFT JOIN topics t ON t.code = s.topic"
     " WHERE a.person_id = ? AND s.held_on >= ? AND s.held_on <= ? ORDER BY s.held_on, s.id"},
    {"lectures", "issss",
     "SELECT s.id AS session_id, s.held_on, pr.code AS programme, pr.name AS programme_name,"
     " s.title FROM session_speakers sp JOIN edu_sessions s ON s.id = sp.session_id"
     " JOIN programmes pr ON pr.id = s.programme_id"
     " WHERE sp.person_id = ? AND s.held_on >= ? AND s.held_on <= ? ORDER BY s.held_on, s.id"},
    {"picks", "isssi",
     "SELECT d.id AS draw_id, d.drawn_on, pr.code AS programme, pr.name AS programme_name,"
     " dp.cycle FROM draw_picks dp JOIN draws d ON d.id = dp.draw_id"
     " JOIN programmes pr ON pr.id = d.programme_id"
     " WHERE dp.person_id = ? AND d.drawn_on >= ? AND d.drawn_on <= ? ORDER BY d.drawn_on, d.id"},
    {"commitments", "isns",
     "SELECT c.id, c.made_on, pr.code AS programme, c.text FROM commitments c"
     " LEFT JOIN programmes pr ON pr.id = c.programme_id"
     " WHERE c.person_id = ? AND c.made_on >= ? AND c.made_on <= ? ORDER BY c.made_on, c.id"},
    {"reading", "issss",
     "SELECT r.id, r.read_on, i.code AS item, i.title, r.note FROM reading_records r"
     " JOIN reading_items i ON i.id = r.item_id"
     " WHERE r.person_id = ? AND r.read_on >= ? AND r.read_on <= ? ORDER BY r.read_on, r.id"},
    {"family", "issss",
     "SELECT f.id, f.held_on, f.relation, f.activity, f.note FROM family_education f"
     " WHERE f.person_id = ? AND f.held_on >= ? AND f.held_on <= ? ORDER BY f.held_on, f.id"},
};

static json_t *person_head(struct store *s, int64_t pid, struct zf_err *err, int *rc)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT p.code, p.name, u.code, u.name, p.rank, p.post, p.active FROM people p"
	    " JOIN units u ON u.id = p.unit_id WHERE p.id = ?",
	    err);
	json_t *j = NULL;
	if (!st) {
		*rc = ZF_EINTERNAL;
		return NULL;
	}
	stmt_bind_int(st, 1, pid);
	*rc = stmt_step(st, err);
	if (*rc == STORE_ROW) {
		j = json_pack(
		    "{s:s,s:s,s:o,s:s,s:s,s:b}", "code", stmt_text(st, 0), "name", stmt_text(st, 1),
		    "unit", edu_code_name(stmt_text(st, 2), stmt_text(st, 3)), "rank",
		    stmt_text(st, 4), "post", stmt_text(st, 5), "active", (int)stmt_int(st, 6));
		*rc = 0;
	} else if (*rc == STORE_DONE) {
		*rc = zf_err_set(err, ZF_ENOTFOUND, NULL, "no person with id %lld", (long long)pid);
	}
	stmt_reset(st);
	return j;
}

/* Sums the hours and counts the statuses of the sessions part into the dossier. */
static void dossier_totals(json_t *d)
{
	json_t *sessions = json_object_get(d, "sessions"), *row;
	size_t i;
	double hours = 0;
	json_int_t n[4] = {0, 0, 0, 0};
	static const char *const st[] = {"present", "late", "excused", "absent"};
	json_array_foreach(sessions, i, row)
	{
		hours += json_number_value(json_object_get(row, "hours"));
		const char *status = json_string_value(json_object_get(row, "status"));
		for (int k = 0; k < 4; k++)
			if (status && !strcmp(status, st[k]))
				n[k]++;
	}
	json_object_set_new(d, "hours", edu_real2(hours));
	json_object_set_new(d, "attendance",
			    json_pack("{s:I,s:I,s:I,s:I}", "present", n[0], "late", n[1], "excused",
				      n[2], "absent", n[3]));
	json_object_set_new(
	    d, "lectures_given",
	    json_integer((json_int_t)json_array_size(json_object_get(d, "lectures"))));
}

int educate_dossier(struct store *s, int64_t person_id, const char *from, const char *to,
		    json_t **out, struct zf_err *err)
{
	char f[11], t[11], today[11];
	edu_today(today);
	snprintf(f, sizeof f, "%.4s-01-01", today);
	snprintf(t, sizeof t, "%.4s-12-31", today);
	if (from && *from) {
		if (!date_valid(from))
			return zf_err_set(err, ZF_EINVAL, "from", "'%s' is not a date", from);
		snprintf(f, sizeof f, "%s", from);
	}
	if (to && *to) {
		if (!date_valid(to))
			return zf_err_set(err, ZF_EINVAL, "to", "'%s' is not a date", to);
		snprintf(t, sizeof t, "%s", to);
	}
	if (strcmp(f, t) > 0)
		return zf_err_set(err, ZF_EINVAL, "to", "to (%s) is before from (%s)", t, f);
	int rc;
	store_read_begin(s);
	json_t *head = person_head(s, person_id, err, &rc);
	if (!head) {
		store_read_end(s);
		return rc;
	}
	json_t *d = json_pack("{s:o,s:s,s:s}", "person", head, "from", f, "to", t);
	for (size_t i = 0; i < ARRAY_LEN(dossier_parts) && rc == 0; i++) {
		json_t *arr = json_array();
		json_object_set_new(d, dossier_parts[i].key, arr);
		rc = rows_json(s, dossier_parts[i].sql, dossier_parts[i].types, person_id, f, t,
			       arr, err);
	}
	if (rc == 0) {
		struct edu_people ppl;
		json_t *owed = json_array();
		json_object_set_new(d, "owed", owed);
		/* what is owed is as of the end of the span, or today when that is later */
		const char *as_of = strcmp(t, today) > 0 ? today : t;
		json_object_set_new(d, "owed_as_of", json_string(as_of));
		if ((rc = edu_people_load(s, 0, person_id, &ppl, err)) == 0) {
			rc = owed_append(s, &ppl, as_of, owed, err);
			edu_people_cleanup(&ppl);
		}
	}
	store_read_end(s);
	if (rc < 0) {
		json_decref(d);
		return rc;
	}
	dossier_totals(d);
	*out = d;
	return 0;
}

/* ---- completion ---- */

/* Per person of ppl: obligations, completed obligations, hours in the year. Per programme
 * (obliging only; with skip_empty, only those with a target among ppl): targets and
 * completed. */
struct comp {
	int *oblig, *done;
	double *hours;
	json_t *programmes;
	char as_of[11];
};

static void comp_cleanup(struct comp *c)
{
	free(c->oblig);
	free(c->done);
	free(c->hours);
	json_decref(c->programmes);
	memset(c, 0, sizeof *c);
}

static json_t *rate_json(int done, int targets)
{
	return targets ? edu_real2(100.0 * done / targets) : json_null();
}

static int comp_compute(struct store *s, const struct edu_people *ppl, int year, bool skip_empty,
			struct comp *c, struct zf_err *err)
{
	char today[11], from[11], end[11];
	edu_today(today);
	snprintf(end, sizeof end, "%04d-12-31", year);
	snprintf(from, sizeof from, "%04d-01-01", year);
	/* a year still running is counted up to today; a past or future one as a whole */
	snprintf(c->as_of, sizeof c->as_of, "%s",
		 strcmp(today, end) < 0 && strcmp(today, from) >= 0 ? today : end);
	size_t n = ppl->n ? ppl->n : 1;
	c->oblig = xcalloc(n, sizeof *c->oblig);
	c->done = xcalloc(n, sizeof *c->done);
	c->hours = xcalloc(n, sizeof *c->hours);
	c->programmes = json_array();
	struct edu_prog *progs = NULL;
	size_t np = 0;
	int rc = edu_prog_all(s, &progs, &np, err);
	for (size_t k = 0; k < np && rc == 0; k++) {
		struct edu_prog *p = &progs[k];
		struct edu_rule r;
		struct edu_progress pr;
		char pfrom[11];
		if (!edu_prog_obliges(p))
			continue;
		edu_period_from(p, c->as_of, pfrom);
		if ((rc = edu_progress_load(s, p, ppl, pfrom, c->as_of, &pr, err)) < 0)
			break;
		edu_rule_parse(p->rule, &r);
		int targets = 0, done = 0;
		for (size_t i = 0; i < ppl->n; i++) {
			if (!edu_rule_match(&r, &ppl->v[i], c->as_of))
				continue;
			targets++;
			c->oblig[i]++;
			if (edu_done(p, pr.hours[i], pr.count[i])) {
				done++;
				c->done[i]++;
			}
		}
		edu_rule_cleanup(&r);
		edu_progress_cleanup(&pr);
		if (skip_empty && targets == 0)
			continue;
		json_array_append_new(
		    c->programmes, json_pack("{s:s,s:s,s:s,s:i,s:i,s:o}", "code", p->code, "name",
					     p->name, "kind", p->kind, "targets", targets,
					     "completed", done, "rate", rate_json(done, targets)));
	}
	for (size_t k = 0; k < np; k++)
		edu_prog_cleanup(&progs[k]);
	free(progs);
	if (rc == 0) {
		struct stmt *st = store_prepare(
		    s,
		    "SELECT a.person_id, coalesce(sum(s.credit_hours), 0) FROM attendance a"
		    " JOIN edu_sessions s ON s.id = a.session_id WHERE s.held_on >= ?"
		    " AND s.held_on <= ? AND a.status IN ('present', 'late') GROUP BY a.person_id",
		    err);
		if (!st)
			rc = ZF_EINTERNAL;
		else {
			stmt_bind_text(st, 1, from);
			stmt_bind_text(st, 2, c->as_of);
			while ((rc = stmt_step(st, err)) == STORE_ROW) {
				long i = edu_people_index(ppl, stmt_int(st, 0));
				if (i >= 0)
					c->hours[i] = stmt_double(st, 1);
			}
			stmt_reset(st);
			rc = rc < 0 ? rc : 0;
		}
	}
	if (rc < 0)
		comp_cleanup(c);
	return rc;
}

static int year_check(int year, struct zf_err *err)
{
	if (year < 2000 || year > 2100)
		return zf_err_set(err, ZF_EINVAL, "year", "year must be 2000..2100");
	return 0;
}

int educate_unit_completion(struct store *s, const char *unit, int year, json_t **out,
			    struct zf_err *err)
{
	int64_t uid = 0;
	struct edu_people ppl;
	struct comp c;
	int rc = year_check(year, err);
	if (rc < 0)
		return rc;
	struct zf_err e2;
	rc = store_query_int(s, &e2, &uid, "SELECT id FROM units WHERE code = ?", "t",
			     unit ? unit : "");
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no unit with code %s", unit);
	if (rc < 0) {
		*err = e2;
		return rc;
	}
	store_read_begin(s);
	if ((rc = edu_people_load(s, uid, 0, &ppl, err)) < 0) {
		store_read_end(s);
		return rc;
	}
	if ((rc = comp_compute(s, &ppl, year, true, &c, err)) == 0) {
		json_t *people = json_array();
		int targets = 0, done = 0;
		double hours = 0;
		for (size_t i = 0; i < ppl.n; i++) {
			targets += c.oblig[i];
			done += c.done[i];
			hours += c.hours[i];
			json_array_append_new(
			    people,
			    json_pack("{s:s,s:s,s:s,s:s,s:o,s:i,s:i,s:i,s:o}", "code",
				      ppl.v[i].code, "name", ppl.v[i].name, "rank", ppl.v[i].rank,
				      "post", ppl.v[i].post, "hours", edu_real2(c.hours[i]),
				      "obligations", c.oblig[i], "completed", c.done[i], "owed",
				      c.oblig[i] - c.done[i], "rate",
				      rate_json(c.done[i], c.oblig[i])));
		}
		char uname[256] = "";
		struct stmt *st =
		    store_prepare(s, "SELECT code, name FROM units WHERE id = ?", err);
		if (st) {
			stmt_bind_int(st, 1, uid);
			if (stmt_step(st, err) == STORE_ROW)
				snprintf(uname, sizeof uname, "%s", stmt_text(st, 1));
			stmt_reset(st);
		}
		*out = json_pack("{s:o,s:i,s:s,s:I,s:i,s:i,s:o,s:o,s:o,s:O}", "unit",
				 edu_code_name(unit, uname), "year", year, "as_of", c.as_of,
				 "people_count", (json_int_t)ppl.n, "targets", targets, "completed",
				 done, "rate", rate_json(done, targets), "hours", edu_real2(hours),
				 "people", people, "programmes", c.programmes);
		comp_cleanup(&c);
	}
	edu_people_cleanup(&ppl);
	store_read_end(s);
	return rc;
}

int educate_completion(struct store *s, int year, json_t **out, struct zf_err *err)
{
	struct edu_people ppl;
	struct comp c;
	int rc = year_check(year, err);
	if (rc < 0)
		return rc;
	store_read_begin(s);
	if ((rc = edu_people_load(s, 0, 0, &ppl, err)) < 0) {
		store_read_end(s);
		return rc;
	}
	if ((rc = comp_compute(s, &ppl, year, false, &c, err)) < 0) {
		edu_people_cleanup(&ppl);
		store_read_end(s);
		return rc;
	}
	struct stmt *st = store_prepare(
	    s,
	    "SELECT u.id, u.code, u.name, coalesce(c.name, '') FROM units u"
	    " LEFT JOIN categories c ON c.id = u.category_id WHERE u.active = 1 ORDER BY u.id",
	    err);
	json_t *units = json_array();
	int all_t = 0, all_d = 0;
	if (!st)
		rc = ZF_EINTERNAL;
	while (st && (rc = stmt_step(st, err)) == STORE_ROW) {
		int64_t uid = stmt_int(st, 0);
		int t = 0, d = 0, np = 0;
		double h = 0;
		for (size_t i = 0; i < ppl.n; i++) {
			if (ppl.v[i].unit_id != uid)
				continue;
			np++;
			t += c.oblig[i];
			d += c.done[i];
			h += c.hours[i];
		}
		all_t += t;
		all_d += d;
		json_array_append_new(
		    units, json_pack("{s:o,s:s,s:i,s:i,s:i,s:o,s:o,s:o}", "unit",
				     edu_code_name(stmt_text(st, 1), stmt_text(st, 2)), "category",
				     stmt_text(st, 3), "people", np, "targets", t, "completed", d,
				     "rate", rate_json(d, t), "hours", edu_real2(h), "avg_hours",
				     edu_real2(np ? h / np : 0)));
	}
	if (st)
		stmt_reset(st);
	if (rc < 0) {
		json_decref(units);
	} else {
		rc = 0;
		*out =
		    json_pack("{s:i,s:s,s:i,s:i,s:o,s:o,s:O}", "year", year, "as_of", c.as_of,
			      "targets", all_t, "completed", all_d, "rate", rate_json(all_d, all_t),
			      "units", units, "programmes", c.programmes);
	}
	comp_cleanup(&c);
	edu_people_cleanup(&ppl);
	store_read_end(s);
	return rc;
}
