/* vetting.c: nominations for promotion (R3, R4): the candidate's style record, the
 * inspector's assessment of the candidate's attitude to style and own style, and vetting
 * against every active veto rule with a stored snapshot of what it saw. */
#include "respons/respons_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

static const char *const ranks[] = {"正处", "副处", "正科", "副科", "一般干部", "村干部"};
static const char *const grades[] = {"好", "较好", "一般", "差"};

/* The canonical rank of v (a trailing 级 accepted) into out, or false. */
static bool norm_rank(const char *v, char *out, size_t n)
{
	for (size_t i = 0; v && i < ARRAY_LEN(ranks); i++) {
		size_t k = strlen(ranks[i]);
		if (!strncmp(v, ranks[i], k) && (!v[k] || !strcmp(v + k, "级"))) {
			snprintf(out, n, "%s", ranks[i]);
			return true;
		}
	}
	return false;
}

static int text_arg(const char *v, const char *field, struct zf_err *err)
{
	if (str_blank(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	if (strlen(v) > RESPONS_TEXT_MAX || !utf8_valid(v, strlen(v)))
		return zf_err_set(err, ZF_EINVAL, field,
				  "%s must be UTF-8 text of at most %d bytes", field,
				  RESPONS_TEXT_MAX);
	return 0;
}

/* An active person by code: its id and unit. ZF_EINVAL on field when unknown or inactive. */
static int active_person(struct store *s, const char *code, const char *field, int64_t *id,
			 int64_t *unit_id, struct zf_err *err)
{
	bool active = false;
	if (str_blank(code))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	int rc = org_person_find(s, code, id, &active, err);
	if (rc == ZF_ENOTFOUND || (rc == 0 && !active))
		return zf_err_set(err, ZF_EINVAL, field, "%s: no active person %s", field, code);
	if (rc < 0)
		return rc;
	if (unit_id)
		rc = store_query_int(s, err, unit_id, "SELECT unit_id FROM people WHERE id = ?",
				     "i", *id);
	return rc;
}

/*
 * The supervising leader proposed for a candidate of unit unit_code: the first person of the
 * unit's responsibility chain other than the candidate; for the unit's main leader, the first
 * from level 3 on. *out gets the person id, or 0 when there is none.
 */
static int propose_supervisor(struct store *s, const char *unit_code, const char *candidate,
			      int64_t *out, struct zf_err *err)
{
	json_t *j = NULL, *e;
	size_t i;
	bool is_main = false;
	int rc = org_responsibility(s, unit_code, NULL, &j, err);
	*out = 0;
	if (rc < 0)
		return rc;
	json_array_foreach(json_object_get(j, "chain"), i, e)
	{
		const char *code =
		    json_string_value(json_object_get(json_object_get(e, "person"), "code"));
		json_int_t level = json_integer_value(json_object_get(e, "level"));
		bool active;
		if (!code || !strcmp(code, candidate)) {
			is_main = is_main || level == 1;
			continue;
		}
		if (is_main && level < 3)
			continue;
		rc = org_person_find(s, code, out, &active, err);
		break;
	}
	json_decref(j);
	return rc;
}

int respons_nomination_create(struct store *s, const struct actor *who,
			      const struct respons_nomination_new *n, int64_t *id,
			      struct zf_err *err)
{
	int64_t person = 0, unit = 0, nominating = 0, supervisor = 0, months = n->liability_months;
	char rank[32], today[11], now[32], unit_code[64] = "";
	bool active = false, own;
	int rc;
	respons_today(today);
	if ((rc = active_person(s, n->person, "person", &person, &unit, err)) < 0)
		return rc;
	if ((rc = text_arg(n->proposed_post, "proposed_post", err)) < 0)
		return rc;
	if (!norm_rank(n->proposed_rank, rank, sizeof rank))
		return zf_err_set(
		    err, ZF_EINVAL, "proposed_rank",
		    "proposed_rank must be 正处, 副处, 正科, 副科, 一般干部 or 村干部");
	if (str_blank(n->nominating_unit))
		return zf_err_set(err, ZF_EINVAL, "nominating_unit", "nominating_unit is required");
	rc = org_unit_find(s, n->nominating_unit, &nominating, &active, err);
	if (rc == ZF_ENOTFOUND || (rc == 0 && !active))
		return zf_err_set(err, ZF_EINVAL, "nominating_unit", "no active unit %s",
				  n->nominating_unit);
	if (rc < 0)
		return rc;
	if (!date_valid(n->nominated_on))
		return zf_err_set(err, ZF_EINVAL, "nominated_on",
				  "nominated_on must be a date YYYY-MM-DD");
	if (strcmp(n->nominated_on, today) > 0)
		return zf_err_set(err, ZF_EINVAL, "nominated_on", "nominated_on is in the future");
	if (months == 0) {
		rc = store_query_int(s, err, &months,
				     "SELECT CAST(value AS INTEGER) FROM respons_settings"
				     " WHERE key = 'liability_months'",
				     "");
		if (rc == ZF_ENOTFOUND) {
			months = 24;
			rc = 0;
		}
		if (rc < 0)
			return rc;
	}
	if (months < 1 || months > 120)
		return zf_err_set(err, ZF_EINVAL, "liability_months",
				  "liability_months must be 1-120");
	if (!str_blank(n->supervisor)) {
		if ((rc = active_person(s, n->supervisor, "supervisor", &supervisor, NULL, err)) <
		    0)
			return rc;
		if (supervisor == person)
			return zf_err_set(err, ZF_EINVAL, "supervisor",
					  "the candidate cannot sign the own recommendation");
	} else {
		struct stmt *st = store_prepare(s, "SELECT code FROM units WHERE id = ?", err);
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, unit);
		if (stmt_step(st, err) == STORE_ROW)
			snprintf(unit_code, sizeof unit_code, "%s", stmt_text(st, 0));
		stmt_reset(st);
		if ((rc = propose_supervisor(s, unit_code, n->person, &supervisor, err)) < 0)
			return rc;
	}
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(
	    s, err,
	    "INSERT INTO nominations(person_id, unit_id, nominating_unit_id,"
	    " proposed_post, proposed_rank, nominated_on, supervisor_id, liability_months,"
	    " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iiitttIiItt", person, unit, nominating, n->proposed_post, rank, n->nominated_on,
	    supervisor, months, who->user_id, now, now);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)new_id);
		json_t *ch =
		    json_pack("{s:s,s:s,s:s,s:s,s:s,s:I,s:I}", "person", n->person, "proposed_post",
			      n->proposed_post, "proposed_rank", rank, "nominating_unit",
			      n->nominating_unit, "nominated_on", n->nominated_on, "supervisor_id",
			      (json_int_t)supervisor, "liability_months", (json_int_t)months);
		rc = audit_append(s, who, "create", "nomination", key, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

/* The nomination's fields the writes check. */
struct nom {
	int64_t person_id, unit_id, supervisor_id;
	char state[16], nominated_on[11], grade[16];
	bool assessed;
};

static int nom_load(struct store *s, int64_t id, struct nom *n, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s,
			  "SELECT person_id, unit_id, coalesce(supervisor_id, 0), state,"
			  " nominated_on, assessment_grade FROM nominations WHERE id = ?",
			  err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		memset(n, 0, sizeof *n);
		n->person_id = stmt_int(st, 0);
		n->unit_id = stmt_int(st, 1);
		n->supervisor_id = stmt_int(st, 2);
		snprintf(n->state, sizeof n->state, "%s", stmt_text(st, 3));
		snprintf(n->nominated_on, sizeof n->nominated_on, "%s", stmt_text(st, 4));
		n->assessed = !stmt_is_null(st, 5);
		snprintf(n->grade, sizeof n->grade, "%s", stmt_text(st, 5));
	}
	stmt_reset(st);
	if (rc == STORE_DONE)
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no nomination %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int respons_nomination_scope(struct store *s, int64_t id, int64_t *unit_id, int64_t *supervisor_id,
			     struct zf_err *err)
{
	struct nom n;
	int rc = nom_load(s, id, &n, err);
	if (rc < 0)
		return rc;
	*unit_id = n.unit_id;
	*supervisor_id = n.supervisor_id;
	return 0;
}

static void id_key(int64_t id, char key[24])
{
	snprintf(key, 24, "%lld", (long long)id);
}

int respons_nomination_set_supervisor(struct store *s, const struct actor *who, int64_t id,
				      const char *supervisor, struct zf_err *err)
{
	struct nom n;
	int64_t sup = 0;
	char now[32], key[24];
	bool own;
	int rc = nom_load(s, id, &n, err);
	if (rc < 0)
		return rc;
	if (!strcmp(n.state, "signed"))
		return zf_err_set(err, ZF_ECONFLICT, "state", "nomination %lld is already signed",
				  (long long)id);
	if ((rc = active_person(s, supervisor, "supervisor", &sup, NULL, err)) < 0)
		return rc;
	if (sup == n.person_id)
		return zf_err_set(err, ZF_EINVAL, "supervisor",
				  "the candidate cannot sign the own recommendation");
	time_format_iso(time_now(), now, sizeof now);
	id_key(id, key);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE nominations SET supervisor_id = ?, updated_at = ? WHERE id = ?",
		       "iti", sup, now, id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:{s:I,s:I}}", "supervisor_id", "old",
				       (json_int_t)n.supervisor_id, "new", (json_int_t)sup);
		rc = audit_append(s, who, "update", "nomination", key, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int respons_nomination_assess(struct store *s, const struct actor *who, int64_t id,
			      const char *grade, const char *text, const char *on,
			      struct zf_err *err)
{
	struct nom n;
	char day[11], now[32], key[24];
	bool own, known = false;
	int rc = nom_load(s, id, &n, err);
	if (rc < 0)
		return rc;
	if (!strcmp(n.state, "signed"))
		return zf_err_set(err, ZF_ECONFLICT, "state",
				  "nomination %lld is signed: its assessment cannot change",
				  (long long)id);
	for (size_t i = 0; grade && i < ARRAY_LEN(grades); i++)
		known = known || !strcmp(grade, grades[i]);
	if (!known)
		return zf_err_set(err, ZF_EINVAL, "grade", "grade must be 好, 较好, 一般 or 差");
	if ((rc = text_arg(text, "text", err)) < 0 ||
	    (rc = respons_date_arg(on, "assessed_on", day, err)) < 0)
		return rc;
	if (strcmp(day, n.nominated_on) < 0)
		return zf_err_set(err, ZF_EINVAL, "assessed_on",
				  "assessed_on is before the nomination (%s)", n.nominated_on);
	time_format_iso(time_now(), now, sizeof now);
	id_key(id, key);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	/* A new assessment means the last vetting judged something else: vet again. */
	rc = store_run(s, err,
		       "UPDATE nominations SET assessment_grade = ?, assessment_text = ?,"
		       " assessed_on = ?, assessed_by = ?, state = 'pending', updated_at = ?"
		       " WHERE id = ?",
		       "tttIti", grade, text, day, who->user_id, now, id);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:s,s:s,s:s,s:{s:s,s:s}}", "grade", grade, "text", text,
			      "assessed_on", day, "state", "old", n.state, "new", "pending");
		rc = audit_append(s, who, "assess", "nomination", key, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int respons_style_record(struct store *s, int64_t person_id, int64_t unit_id, const char *as_of,
			 json_t **out, struct zf_err *err)
{
	json_t *sanctions = NULL, *cases = NULL, *insp = NULL, *owed = NULL, *grades_ = NULL;
	int rc;
	if ((rc = rec_sanctions(s, person_id, as_of, &sanctions, err)) < 0 ||
	    (rc = rec_cases_against(s, person_id, &cases, err)) < 0 ||
	    (rc = rec_inspections(s, person_id, unit_id, as_of, &insp, err)) < 0 ||
	    (rc = rec_education_owed(s, person_id, as_of, &owed, err)) < 0 ||
	    (rc = rec_unit_grades(s, unit_id, &grades_, err)) < 0) {
		json_decref(sanctions);
		json_decref(cases);
		json_decref(insp);
		json_decref(owed);
		return rc;
	}
	*out =
	    json_pack("{s:s,s:o,s:o,s:o,s:o,s:o}", "as_of", as_of, "sanctions", sanctions, "cases",
		      cases, "inspections", insp, "education_owed", owed, "unit_grades", grades_);
	return 0;
}

/* The nomination's own fields as JSON, without record, vettings and signature. */
static int nom_json(struct store *s, int64_t id, json_t **out, struct zf_err *err)
{
	static const char *q =
	    "SELECT n.id, n.state, p.code, p.name, p.rank, p.post, u.code, u.name, nu.code,"
	    " nu.name, n.proposed_post, n.proposed_rank, n.nominated_on, n.liability_months,"
	    " sp.code, sp.name, sp.post, n.assessment_grade, n.assessment_text, n.assessed_on,"
	    " n.created_at, n.person_id, n.unit_id"
	    " FROM nominations n JOIN people p ON p.id = n.person_id"
	    " JOIN units u ON u.id = n.unit_id JOIN units nu ON nu.id = n.nominating_unit_id"
	    " LEFT JOIN people sp ON sp.id = n.supervisor_id WHERE n.id = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		json_t *sup = stmt_is_null(st, 14)
				  ? json_null()
				  : json_pack("{s:s,s:s,s:s}", "code", stmt_text(st, 14), "name",
					      stmt_text(st, 15), "post", stmt_text(st, 16));
		json_t *as = stmt_is_null(st, 17)
				 ? json_null()
				 : json_pack("{s:s,s:s,s:s}", "grade", stmt_text(st, 17), "text",
					     stmt_text(st, 18), "assessed_on", stmt_text(st, 19));
		*out = json_pack(
		    "{s:I,s:s,s:{s:s,s:s,s:s,s:s},s:o,s:o,s:s,s:s,s:s,s:I,s:o,s:o,"
		    "s:s,s:I,s:I}",
		    "id", (json_int_t)stmt_int(st, 0), "state", stmt_text(st, 1), "person", "code",
		    stmt_text(st, 2), "name", stmt_text(st, 3), "rank", stmt_text(st, 4), "post",
		    stmt_text(st, 5), "unit", respons_code_name(stmt_text(st, 6), stmt_text(st, 7)),
		    "nominating_unit", respons_code_name(stmt_text(st, 8), stmt_text(st, 9)),
		    "proposed_post", stmt_text(st, 10), "proposed_rank", stmt_text(st, 11),
		    "nominated_on", stmt_text(st, 12), "liability_months",
		    (json_int_t)stmt_int(st, 13), "supervisor", sup, "assessment", as, "created_at",
		    stmt_text(st, 20), "person_id", (json_int_t)stmt_int(st, 21), "unit_id",
		    (json_int_t)stmt_int(st, 22));
	}
	stmt_reset(st);
	if (rc == STORE_DONE)
		return zf_err_set(err, ZF_ENOTFOUND, NULL, "no nomination %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int respons_nomination_get(struct store *s, int64_t id, const char *as_of, json_t **out,
			   struct zf_err *err)
{
	json_t *j = NULL, *rec = NULL, *vet = NULL, *sig = NULL;
	char day[11];
	int rc;
	if ((rc = respons_date_arg(as_of, "as_of", day, err)) < 0 ||
	    (rc = nom_json(s, id, &j, err)) < 0)
		return rc;
	int64_t person = json_integer_value(json_object_get(j, "person_id"));
	int64_t unit = json_integer_value(json_object_get(j, "unit_id"));
	json_object_del(j, "person_id");
	json_object_del(j, "unit_id");
	if ((rc = respons_style_record(s, person, unit, day, &rec, err)) < 0)
		goto fail;
	rc = respons_query_json(s, &vet, "itttj", err,
				"SELECT v.id, v.outcome, v.as_of, v.created_at AS vetted_at,"
				" v.snapshot FROM vettings v WHERE v.nomination_id = ?"
				" ORDER BY v.id DESC",
				"i", id);
	if (rc < 0)
		goto fail;
	rc =
	    respons_query_json(s, &sig, "ttTttt", err,
			       "SELECT sp.code AS signer_code, sp.name AS signer_name,"
			       " us.username AS account, g.signed_on, g.text, g.liability_until"
			       " FROM nomination_signatures g JOIN people sp ON sp.id = g.signer_id"
			       " LEFT JOIN users us ON us.id = g.user_id WHERE g.nomination_id = ?",
			       "i", id);
	if (rc < 0)
		goto fail;
	json_object_set_new(j, "record", rec);
	json_object_set_new(j, "vettings", vet);
	json_t *one = json_array_get(sig, 0);
	json_object_set(j, "signature", one ? one : json_null());
	json_decref(sig);
	*out = j;
	return 0;
fail:
	json_decref(j);
	json_decref(rec);
	json_decref(vet);
	json_decref(sig);
	return rc;
}

int respons_nomination_list(struct store *s, const struct respons_nomination_filter *f,
			    int64_t after, int limit, json_t **out, struct zf_err *err)
{
	json_t *arr = NULL;
	const char *state = f->state && *f->state ? f->state : "";
	if (*state && strcmp(state, "pending") && strcmp(state, "cleared") &&
	    strcmp(state, "vetoed") && strcmp(state, "signed"))
		return zf_err_set(err, ZF_EINVAL, "state",
				  "state must be pending, cleared, vetoed or signed");
	int rc = respons_query_json(
	    s, &arr, "itttttttttTT", err,
	    "SELECT n.id, n.state, p.code AS person_code, p.name AS person_name,"
	    " u.code AS unit_code, u.name AS unit_name, n.proposed_post, n.proposed_rank,"
	    " n.nominated_on, n.updated_at, sp.code AS supervisor_code, sp.name AS supervisor_name"
	    " FROM nominations n JOIN people p ON p.id = n.person_id"
	    " JOIN units u ON u.id = n.unit_id LEFT JOIN people sp ON sp.id = n.supervisor_id"
	    " WHERE n.id > ? AND (? = 0 OR n.unit_id = ? OR n.supervisor_id = ?)"
	    " AND (? = 0 OR n.person_id = ?) AND (? = '' OR n.state = ?)"
	    " ORDER BY n.id LIMIT ?",
	    "iiiiiitti", after, f->unit_id, f->unit_id, f->supervisor_id ? f->supervisor_id : -1,
	    f->person_id, f->person_id, state, state, (int64_t)limit);
	if (rc < 0)
		return rc;
	*out = arr;
	return 0;
}

/* Every active rule's verdict on rec as of day: fills reasons (rules that fired, with their
 * basis and records) and verdicts ({rule, name, fired}). */
static int apply_rules(struct store *s, json_t *rec, const char *day, json_t *reasons,
		       json_t *verdicts, struct zf_err *err)
{
	json_t *rules = NULL, *r;
	size_t i;
	int rc = respons_rule_list(s, &rules, err);
	if (rc < 0)
		return rc;
	json_array_foreach(rules, i, r)
	{
		if (!json_is_true(json_object_get(r, "active")))
			continue;
		json_t *hits = respons_rule_hits(r, rec, day);
		bool fired = json_array_size(hits) > 0;
		json_array_append_new(
		    verdicts, json_pack("{s:O,s:O,s:b}", "rule", json_object_get(r, "code"), "name",
					json_object_get(r, "name"), "fired", fired));
		if (fired)
			json_array_append_new(
			    reasons, json_pack("{s:O,s:O,s:O,s:O,s:O,s:o}", "rule",
					       json_object_get(r, "code"), "name",
					       json_object_get(r, "name"), "kind",
					       json_object_get(r, "kind"), "params",
					       json_object_get(r, "params"), "basis",
					       json_object_get(r, "basis"), "records", hits));
		else
			json_decref(hits);
	}
	json_decref(rules);
	return 0;
}

int respons_nomination_vet(struct store *s, const struct actor *who, int64_t id, const char *as_of,
			   json_t **out, struct zf_err *err)
{
	json_t *j = NULL, *rec = NULL, *reasons = json_array(), *verdicts = json_array();
	json_t *snap = NULL;
	struct nom n;
	char day[11], now[32], key[24];
	char *text = NULL;
	bool own;
	int rc;
	if ((rc = nom_load(s, id, &n, err)) < 0 ||
	    (rc = respons_date_arg(as_of, "as_of", day, err)) < 0)
		goto done;
	if (!strcmp(n.state, "signed")) {
		rc = zf_err_set(err, ZF_ECONFLICT, "state", "nomination %lld is already signed",
				(long long)id);
		goto done;
	}
	if (!n.assessed) {
		rc = zf_err_set(
		    err, ZF_ECONFLICT, "assessment",
		    "the inspector's assessment of the candidate's attitude to style and "
		    "own style must be entered before vetting");
		goto done;
	}
	if (strcmp(day, n.nominated_on) < 0) {
		rc = zf_err_set(err, ZF_EINVAL, "as_of", "as_of is before the nomination (%s)",
				n.nominated_on);
		goto done;
	}
	if ((rc = nom_json(s, id, &j, err)) < 0 ||
	    (rc = respons_style_record(s, n.person_id, n.unit_id, day, &rec, err)) < 0)
		goto done;
	json_object_set(rec, "assessment", json_object_get(j, "assessment"));
	if ((rc = apply_rules(s, rec, day, reasons, verdicts, err)) < 0)
		goto done;
	const char *outcome = json_array_size(reasons) ? "vetoed" : "cleared";
	snap = json_pack("{s:s,s:s,s:O,s:O,s:O}", "outcome", outcome, "as_of", day, "reasons",
			 reasons, "rules", verdicts, "record", rec);
	text = json_dumps(snap, JSON_COMPACT);
	time_format_iso(time_now(), now, sizeof now);
	id_key(id, key);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		goto done;
	rc = store_run(s, err,
		       "INSERT INTO vettings(nomination_id, outcome, as_of, snapshot, vetted_by,"
		       " created_at) VALUES (?, ?, ?, ?, ?, ?)",
		       "itttIt", id, outcome, day, text, who->user_id, now);
	int64_t vid = store_last_id(s);
	if (rc == 0)
		rc = store_run(s, err,
			       "UPDATE nominations SET state = ?, updated_at = ? WHERE id = ?"
			       " AND state <> 'signed'",
			       "tti", outcome, now, id);
	if (rc == 0 && store_changes(s) != 1)
		rc = zf_err_set(err, ZF_ECONFLICT, "state", "nomination %lld was signed meanwhile",
				(long long)id);
	if (rc == 0) {
		json_t *codes = json_array(), *r;
		size_t i;
		json_array_foreach(reasons, i, r)
		    json_array_append(codes, json_object_get(r, "rule"));
		json_t *ch = json_pack("{s:I,s:s,s:s,s:o}", "vetting", (json_int_t)vid, "outcome",
				       outcome, "as_of", day, "reasons", codes);
		rc = audit_append(s, who, "vet", "nomination", key, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && out)
		*out = json_pack("{s:I,s:I,s:s,s:s,s:O,s:O}", "id", (json_int_t)vid, "nomination",
				 (json_int_t)id, "outcome", outcome, "as_of", day, "reasons",
				 reasons, "rules", verdicts);
done:
	free(text);
	json_decref(snap);
	json_decref(j);
	json_decref(rec);
	json_decref(reasons);
	json_decref(verdicts);
	return rc;
}
