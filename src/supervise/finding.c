/* finding.c: the finding of a handled case (R5, S4): substantiated or not, the people it
 * holds directly responsible and the leaders accountable through the responsibility chain
 * for weak supervision, proposed by the system from org_responsibility and confirmed by an
 * inspector. */
#include "supervise/supervise.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

/* The chain relations a finding holds accountable (S4): the first responsible person, the
 * team member overseeing the area (一岗双责), and the leaders overseeing the unit. */
static bool accountable_relation(const char *rel, bool with_area)
{
	if (!strcmp(rel, "main_leader") || !strcmp(rel, "overseeing_leader"))
		return true;
	return with_area && !strcmp(rel, "area_leader");
}

struct case_row {
	int64_t id, unit_id, person_id;
	char unit_code[40], state[24], finding[24], person_code[40], received_on[11];
	bool confirmed, duplicate;
};

static int load_case(struct store *s, const char *case_no, struct case_row *c, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT c.id, c.unit_id, coalesce(c.person_id, 0), u.code, c.state,"
	    " coalesce(c.finding, ''), coalesce(p.code, ''), c.finding_confirmed_on IS NOT NULL,"
	    " c.duplicate_of IS NOT NULL, c.received_on"
	    " FROM cases c JOIN units u ON u.id = c.unit_id"
	    " LEFT JOIN people p ON p.id = c.person_id WHERE c.case_no = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, case_no);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		memset(c, 0, sizeof *c);
		c->id = stmt_int(st, 0);
		c->unit_id = stmt_int(st, 1);
		c->person_id = stmt_int(st, 2);
		snprintf(c->unit_code, sizeof c->unit_code, "%s", stmt_text(st, 3));
		snprintf(c->state, sizeof c->state, "%s", stmt_text(st, 4));
		snprintf(c->finding, sizeof c->finding, "%s", stmt_text(st, 5));
		snprintf(c->person_code, sizeof c->person_code, "%s", stmt_text(st, 6));
		c->confirmed = stmt_int(st, 7) != 0;
		c->duplicate = stmt_int(st, 8) != 0;
		snprintf(c->received_on, sizeof c->received_on, "%s", stmt_text(st, 9));
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_ENOTFOUND, "case_no", "no case %s", case_no);
	return 0;
}

int finding_case(struct store *s, const char *case_no, int64_t *case_id, int64_t *unit_id,
		 char finding[24], bool *confirmed, struct zf_err *err)
{
	struct case_row c;
	int rc = load_case(s, case_no, &c, err);
	if (rc < 0)
		return rc;
	*case_id = c.id;
	*unit_id = c.unit_id;
	snprintf(finding, 24, "%s", c.finding);
	*confirmed = c.confirmed;
	return 0;
}

static json_t *person_json(struct store *s, const char *code)
{
	json_t *p = NULL;
	struct zf_err e;
	if (org_person_get(s, code, &p, &e) < 0)
		return json_pack("{s:s}", "code", code);
	json_t *out =
	    json_pack("{s:O,s:O,s:O,s:O,s:O}", "code", json_object_get(p, "code"), "name",
		      json_object_get(p, "name"), "post", json_object_get(p, "post"), "rank",
		      json_object_get(p, "rank"), "unit", json_object_get(p, "unit"));
	json_decref(p);
	return out;
}

/* Adds the case's timeline entry (case_events, shared with case.c) of a finding step. */
static int add_event(struct store *s, const struct actor *who, int64_t case_id, const char *kind,
		     const char *on, const char *note, struct zf_err *err)
{
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	return store_run(s, err,
			 "INSERT INTO case_events(case_id, at, happened_on, actor, kind, note)"
			 " VALUES (?, ?, ?, ?, ?, ?)",
			 "ittttt", case_id, now, on, who->username, kind, note);
}

int finding_propose(struct store *s, const char *case_no, const char *area, json_t **out,
		    struct zf_err *err)
{
	struct case_row c;
	json_t *chain = NULL, *e;
	size_t i;
	bool with_area = !str_blank(area);
	int rc = load_case(s, case_no, &c, err);
	if (rc < 0)
		return rc;
	if ((rc = org_responsibility(s, c.unit_code, with_area ? area : NULL, &chain, err)) < 0)
		return rc;
	json_t *direct = json_array(), *leaders = json_array();
	if (c.person_id)
		json_array_append_new(direct, person_json(s, c.person_code));
	json_array_foreach(json_object_get(chain, "chain"), i, e)
	{
		const char *rel = json_string_value(json_object_get(e, "relation"));
		json_t *p = json_object_get(e, "person");
		const char *code = json_string_value(json_object_get(p, "code"));
		if (!rel || !code || !accountable_relation(rel, with_area) ||
		    !strcmp(code, c.person_code))
			continue;
		json_t *l = json_deep_copy(p);
		json_object_set(l, "relation", json_object_get(e, "relation"));
		json_object_set(l, "relation_zh", json_object_get(e, "relation_zh"));
		json_array_append_new(leaders, l);
	}
	*out = json_pack("{s:s,s:O,s:s?,s:o,s:o}", "case_no", case_no, "unit",
			 json_object_get(chain, "unit"), "area", with_area ? area : NULL, "direct",
			 direct, "leaders", leaders);
	json_decref(chain);
	return 0;
}

/* The relation of person code in the proposal's leaders, or "" when it is not proposed. */
static const char *proposed_relation(json_t *proposal, const char *code)
{
	size_t i;
	json_t *l;
	json_array_foreach(json_object_get(proposal, "leaders"), i, l)
	{
		if (!strcmp(json_string_value(json_object_get(l, "code")), code))
			return json_string_value(json_object_get(l, "relation"));
	}
	return "";
}

/* Inserts the case people of one kind: codes given, or the proposal's list. */
static int add_people(struct store *s, int64_t case_id, const char *kind, const char *const *codes,
		      json_t *proposal, json_t *changes, struct zf_err *err)
{
	json_t *list = json_array();
	int rc = 0;
	const char *field = !strcmp(kind, "direct") ? "direct" : "leaders";
	if (codes) {
		for (const char *const *p = codes; *p && rc == 0; p++)
			json_array_append_new(list, json_pack("{s:s}", "code", *p));
	} else {
		json_array_extend(list, json_object_get(proposal, field));
	}
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it)
	{
		const char *code = json_string_value(json_object_get(it, "code"));
		int64_t pid;
		if ((rc = sup_person_id(s, field, code, true, &pid, err)) < 0)
			break;
		const char *rel = !strcmp(kind, "leader") ? proposed_relation(proposal, code) : "";
		rc = store_run(s, err,
			       "INSERT INTO case_people(case_id, person_id, kind, relation)"
			       " VALUES (?, ?, ?, ?)",
			       "iitt", case_id, pid, kind, rel);
		if (rc == ZF_ECONFLICT) {
			rc =
			    zf_err_set(err, ZF_EINVAL, field, "%s: %s is named twice", field, code);
			break;
		}
		if (rc < 0)
			break;
		json_array_append_new(json_object_get(changes, field), json_string(code));
	}
	json_decref(list);
	return rc;
}

/* finding_record inside its transaction: the case is read under the write lock, so that
 * a confirmation between the checks and the update cannot be overwritten. */
static int record_locked(struct store *s, const struct actor *who, const char *case_no,
			 const struct finding_rec *f, struct zf_err *err)
{
	struct case_row c;
	char today[11], now[32];
	json_t *proposal = NULL;
	int rc = load_case(s, case_no, &c, err);
	if (rc < 0)
		return rc;
	sup_today(today);
	time_format_iso(time_now(), now, sizeof now);
	const char *fd = f->finding;
	if (str_blank(fd))
		return zf_err_set(err, ZF_EINVAL, "finding",
				  "finding is required: substantiated, partly or unsubstantiated");
	if (strcmp(fd, "substantiated") && strcmp(fd, "partly") && strcmp(fd, "unsubstantiated"))
		return zf_err_set(
		    err, ZF_EINVAL, "finding",
		    "finding '%s' is not one of substantiated, partly, unsubstantiated", fd);
	if ((rc = sup_check_date("finding_on", f->finding_on, false, err)) < 0 ||
	    (rc = sup_check_text("summary", f->summary, SUP_TEXT_MAX, false, err)) < 0 ||
	    (rc = sup_check_text("area", f->area, SUP_TITLE_MAX, false, err)) < 0)
		return rc;
	const char *on = str_blank(f->finding_on) ? today : f->finding_on;
	if (strcmp(on, today) > 0)
		return zf_err_set(err, ZF_EINVAL, "finding_on", "finding_on is in the future");
	if (strcmp(on, c.received_on) < 0)
		return zf_err_set(err, ZF_EINVAL, "finding_on",
				  "finding_on is before the case was received (%s)", c.received_on);
	if (!strcmp(c.state, "received"))
		return zf_err_set(err, ZF_ECONFLICT, "state",
				  "case %s has not been routed yet (state received): assign it "
				  "before recording a finding",
				  case_no);
	if (c.duplicate)
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "case %s is a duplicate: record the finding on the original",
				  case_no);
	if (c.confirmed)
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "the finding of case %s is already confirmed", case_no);
	bool holds = strcmp(fd, "unsubstantiated") != 0;
	if (!holds && ((f->direct && f->direct[0]) || (f->leaders && f->leaders[0])))
		return zf_err_set(err, ZF_EINVAL, "direct",
				  "an unsubstantiated finding holds nobody responsible");
	if (holds && (rc = finding_propose(s, case_no, f->area, &proposal, err)) < 0)
		return rc;
	json_t *ch = json_pack("{s:s,s:s,s:s,s:[],s:[]}", "finding", fd, "finding_on", on, "area",
			       f->area ? f->area : "", "direct", "leaders");
	rc = store_run(s, err,
		       "UPDATE cases SET finding = ?, finding_on = ?, finding_summary = ?,"
		       " finding_area = ?, updated_at = ? WHERE id = ?",
		       "tttttI", fd, on, f->summary ? f->summary : "", f->area ? f->area : "", now,
		       c.id);
	if (rc == 0)
		rc = store_run(s, err, "DELETE FROM case_people WHERE case_id = ?", "i", c.id);
	if (rc == 0 && holds)
		rc = add_people(s, c.id, "direct", f->direct, proposal, ch, err);
	if (rc == 0 && holds)
		rc = add_people(s, c.id, "leader", f->leaders, proposal, ch, err);
	if (rc == 0 && holds && json_array_size(json_object_get(ch, "direct")) == 0 &&
	    json_array_size(json_object_get(ch, "leaders")) == 0)
		rc = zf_err_set(err, ZF_EINVAL, "direct",
				"a substantiated finding names at least one responsible person");
	if (rc == 0)
		rc = add_event(s, who, c.id, "finding", on, fd, err);
	if (rc == 0)
		rc = audit_append(s, who, "finding", "case", case_no, "ok", ch, err);
	json_decref(ch);
	json_decref(proposal);
	return rc;
}

int finding_record(struct store *s, const struct actor *who, const char *case_no,
		   const struct finding_rec *f, struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, record_locked(s, who, case_no, f, err), err);
}

/* finding_confirm inside its transaction: two inspectors confirming at once confirm once. */
static int confirm_locked(struct store *s, const struct actor *who, const char *case_no,
			  struct zf_err *err)
{
	struct case_row c;
	char today[11], now[32];
	int64_t n = 0;
	int rc = load_case(s, case_no, &c, err);
	if (rc < 0)
		return rc;
	if (!c.finding[0])
		return zf_err_set(err, ZF_ECONFLICT, "finding",
				  "case %s has no finding recorded to confirm", case_no);
	if (c.confirmed)
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "the finding of case %s is already confirmed", case_no);
	sup_today(today);
	time_format_iso(time_now(), now, sizeof now);
	rc = store_run(s, err,
		       "UPDATE cases SET finding_confirmed_by = ?, finding_confirmed_on = ?,"
		       " updated_at = ? WHERE id = ?",
		       "Itti", who->user_id, today, now, c.id);
	if (rc == 0)
		rc = store_run(s, err, "UPDATE case_people SET confirmed = 1 WHERE case_id = ?",
			       "i", c.id);
	if (rc == 0)
		rc = store_query_int(
		    s, err, &n, "SELECT count(*) FROM case_people WHERE case_id = ?", "i", c.id);
	if (rc == 0)
		rc = add_event(s, who, c.id, "finding_confirm", today, c.finding, err);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:I}", "finding", c.finding, "people", (json_int_t)n);
		rc = audit_append(s, who, "finding_confirm", "case", case_no, "ok", ch, err);
		json_decref(ch);
	}
	return rc;
}

int finding_confirm(struct store *s, const struct actor *who, const char *case_no,
		    struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, confirm_locked(s, who, case_no, err), err);
}

int finding_get(struct store *s, const char *case_no, json_t **out, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT c.case_no, u.code AS \"unit.code\", u.name AS \"unit.name\", c.finding,"
	    " c.finding_on, c.finding_summary AS summary, c.finding_area AS area,"
	    " c.finding_confirmed_on IS NOT NULL AS confirmed, c.finding_confirmed_on AS"
	    " confirmed_on, cu.username AS confirmed_by, c.id"
	    " FROM cases c JOIN units u ON u.id = c.unit_id"
	    " LEFT JOIN users cu ON cu.id = c.finding_confirmed_by WHERE c.case_no = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, case_no);
	int rc = stmt_step(st, err);
	json_t *j = NULL;
	int64_t id = 0;
	if (rc == STORE_ROW) {
		j = sup_row_json(st, "sssSSssbSS-");
		id = stmt_int(st, 10);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!j)
		return zf_err_set(err, ZF_ENOTFOUND, "case_no", "no case %s", case_no);
	st = store_prepare(s,
			   "SELECT p.code AS \"person.code\", p.name AS \"person.name\","
			   " p.post AS \"person.post\", u.code AS \"person.unit.code\","
			   " u.name AS \"person.unit.name\", cp.kind, cp.relation, cp.confirmed"
			   " FROM case_people cp JOIN people p ON p.id = cp.person_id"
			   " JOIN units u ON u.id = p.unit_id WHERE cp.case_id = ?"
			   " ORDER BY cp.kind, cp.id",
			   err);
	json_t *people = NULL;
	if (!st) {
		json_decref(j);
		return ZF_EINTERNAL;
	}
	stmt_bind_int(st, 1, id);
	if ((rc = sup_rows_json(st, "sssssssb", &people, err)) < 0) {
		json_decref(j);
		return rc;
	}
	json_object_set_new(j, "people", people);
	*out = j;
	return 0;
}
