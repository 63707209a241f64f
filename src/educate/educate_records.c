/* educate_records.c: the records a cadre accumulates outside sessions: the reading list
 * and who read what (E6), written commitments (表态, E7) and family integrity education
 * (E5). Each write is audited in its transaction. */
#include "educate/educate_impl.h"
#include "audit/audit.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const reading_categories[] = {
    "party_paper",	   "policy",	      "integrity_code",	     "district_notice",
    "inspection_measures", "law_enforcement", "traditional_culture", NULL};

int educate_reading_item_create(struct store *s, const struct actor *who,
				const struct educate_reading_item *it, struct zf_err *err)
{
	int rc;
	if ((rc = edu_check_code(it->code, "code", err)) < 0 ||
	    (rc = edu_check_text(it->title, "title", EDU_TEXT_MAX, true, err)) < 0 ||
	    (rc = edu_check_text(it->link, "link", 500, false, err)) < 0)
		return rc;
	bool known = false;
	for (const char *const *c = reading_categories; *c && it->category && !known; c++)
		known = !strcmp(*c, it->category);
	if (!known)
		return zf_err_set(err, ZF_EINVAL, "category",
				  "category must be party_paper, policy, integrity_code, "
				  "district_notice, inspection_measures, law_enforcement or "
				  "traditional_culture");
	bool own;
	rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc = store_run(s, err,
			       "INSERT INTO reading_items(code, title, category, link)"
			       " VALUES (?, ?, ?, ?)",
			       "tttt", it->code, it->title, it->category, it->link ? it->link : "");
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s}", "title", it->title, "category", it->category);
		rc = audit_append(s, who, "create", "reading_item", it->code, "ok", ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == ZF_ECONFLICT)
		return zf_err_set(err, ZF_ECONFLICT, "code", "reading item %s already exists",
				  it->code);
	return rc;
}

int educate_reading_item_list(struct store *s, json_t **out, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s,
			  "SELECT i.id, i.code, i.title, i.category, i.link,"
			  " (SELECT count(*) FROM reading_records r WHERE r.item_id = i.id)"
			  " FROM reading_items i WHERE i.active = 1 ORDER BY i.id",
			  err);
	if (!st)
		return ZF_EINTERNAL;
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)stmt_int(st, 0),
				   "code", stmt_text(st, 1), "title", stmt_text(st, 2), "category",
				   stmt_text(st, 3), "link", stmt_text(st, 4), "readers",
				   (json_int_t)stmt_int(st, 5)));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

/* The id of the programme code of one of kinds counts, or 0 when code is blank. */
static int optional_programme(struct store *s, const char *code, const char *counts, int64_t *id,
			      struct zf_err *err)
{
	struct edu_prog p;
	*id = 0;
	if (str_blank(code))
		return 0;
	int rc = edu_prog_find(s, code, &p, err);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_EINVAL, "programme", "no programme with code %s", code);
	if (rc < 0)
		return rc;
	if (strcmp(p.counts, counts))
		rc = zf_err_set(err, ZF_EINVAL, "programme",
				"programme %s (kind %s) does not take these records", p.code,
				p.kind);
	*id = p.id;
	edu_prog_cleanup(&p);
	return rc;
}

/* Inserts with sql/fmt and audits entity with changes; *id gets the new id. */
static int record_write(struct store *s, const struct actor *who, const char *entity,
			json_t *changes, int64_t *id, struct zf_err *err, const char *sql,
			const char *fmt, int64_t pid, int64_t prog, const char *a, const char *b,
			const char *c, const char *d)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	/* fmt names as many of a..d as the statement takes; store_run reads only those */
	if (rc == 0)
		rc = store_run(s, err, sql, fmt, pid, prog, a, b, c, d);
	int64_t nid = rc == 0 ? store_last_id(s) : 0;
	if (rc == 0) {
		char ids[24];
		snprintf(ids, sizeof ids, "%lld", (long long)nid);
		rc = audit_append(s, who, "create", entity, ids, "ok", changes, err);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = nid;
	return rc;
}

int educate_reading_record(struct store *s, const struct actor *who, const char *person,
			   const char *item, const char *read_on, const char *note,
			   int64_t scope_unit, int64_t *id, struct zf_err *err)
{
	int64_t pid, iid;
	struct zf_err e2;
	int rc;
	if ((rc = edu_person_id(s, person, "person", scope_unit, &pid, err)) < 0 ||
	    (rc = edu_check_date(read_on, "read_on", err)) < 0 ||
	    (rc = edu_check_text(note, "note", EDU_TEXT_MAX, false, err)) < 0)
		return rc;
	if (str_blank(item))
		return zf_err_set(err, ZF_EINVAL, "item", "item is required (a reading item code)");
	rc =
	    store_query_int(s, &e2, &iid, "SELECT id FROM reading_items WHERE code = ?", "t", item);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_EINVAL, "item", "no reading item with code %s", item);
	if (rc < 0) {
		*err = e2;
		return rc;
	}
	json_t *ch = json_pack("{s:s,s:s,s:s}", "person", person, "item", item, "read_on", read_on);
	rc = record_write(s, who, "reading_record", ch, id, err,
			  "INSERT INTO reading_records(person_id, item_id, read_on, note)"
			  " VALUES (?, ?, ?, ?)",
			  "iItt", pid, iid, read_on, note ? note : "", NULL, NULL);
	json_decref(ch);
	if (rc == ZF_ECONFLICT)
		return zf_err_set(err, ZF_ECONFLICT, "item", "%s has already recorded reading %s",
				  person, item);
	return rc;
}

int educate_commitment_add(struct store *s, const struct actor *who, const char *person,
			   const char *made_on, const char *text, const char *programme,
			   int64_t scope_unit, int64_t *id, struct zf_err *err)
{
	int64_t pid, prog;
	int rc;
	if ((rc = edu_person_id(s, person, "person", scope_unit, &pid, err)) < 0 ||
	    (rc = edu_check_date(made_on, "made_on", err)) < 0 ||
	    (rc = edu_check_text(text, "text", EDU_LONG_MAX, true, err)) < 0 ||
	    (rc = optional_programme(s, programme, "commitment", &prog, err)) < 0)
		return rc;
	json_t *ch = json_pack("{s:s,s:s,s:s}", "person", person, "made_on", made_on, "text", text);
	rc = record_write(s, who, "commitment", ch, id, err,
			  "INSERT INTO commitments(person_id, programme_id, made_on, text)"
			  " VALUES (?, ?, ?, ?)",
			  "iItt", pid, prog, made_on, text, NULL, NULL);
	json_decref(ch);
	return rc;
}

int educate_family_add(struct store *s, const struct actor *who, const char *person,
		       const char *relation, const char *activity, const char *held_on,
		       const char *note, const char *programme, int64_t scope_unit, int64_t *id,
		       struct zf_err *err)
{
	int64_t pid, prog;
	int rc;
	if ((rc = edu_person_id(s, person, "person", scope_unit, &pid, err)) < 0 ||
	    (rc = edu_check_text(relation, "relation", 20, true, err)) < 0 ||
	    (rc = edu_check_text(activity, "activity", EDU_TEXT_MAX, true, err)) < 0 ||
	    (rc = edu_check_date(held_on, "held_on", err)) < 0 ||
	    (rc = edu_check_text(note, "note", EDU_TEXT_MAX, false, err)) < 0 ||
	    (rc = optional_programme(s, programme, "family", &prog, err)) < 0)
		return rc;
	json_t *ch = json_pack("{s:s,s:s,s:s,s:s}", "person", person, "relation", relation,
			       "activity", activity, "held_on", held_on);
	rc =
	    record_write(s, who, "family_education", ch, id, err,
			 "INSERT INTO family_education(person_id, programme_id, relation, activity,"
			 " held_on, note) VALUES (?, ?, ?, ?, ?, ?)",
			 "iItttt", pid, prog, relation, activity, held_on, note ? note : "");
	json_decref(ch);
	return rc;
}

int educate_record_list(struct store *s, const char *kind, const char *person, int64_t scope_unit,
			int64_t after, int limit, json_t **out, struct zf_err *err)
{
	static const struct {
		const char *kind, *sql;
	} q[] = {
	    {"reading", "SELECT r.id, p.code, p.name, u.code, r.read_on, i.code || ' ' || i.title,"
			" r.note FROM reading_records r JOIN reading_items i ON i.id = r.item_id"
			" JOIN people p ON p.id = r.person_id JOIN units u ON u.id = p.unit_id"
			" WHERE r.id > ? AND (? IS NULL OR p.code = ?) AND (? = 0 OR p.unit_id = ?)"
			" ORDER BY r.id LIMIT ?"},
	    {"commitments",
	     "SELECT c.id, p.code, p.name, u.code, c.made_on, c.text, coalesce(pr.code, '')"
	     " FROM commitments c JOIN people p ON p.id = c.person_id JOIN units u ON u.id = "
	     "p.unit_id"
	     " LEFT JOIN programmes pr ON pr.id = c.programme_id"
	     " WHERE c.id > ? AND (? IS NULL OR p.code = ?) AND (? = 0 OR p.unit_id = ?)"
	     " ORDER BY c.id LIMIT ?"},
	    {"family",
	     "SELECT f.id, p.code, p.name, u.code, f.held_on, f.relation || ': ' ||"
	     " f.activity, f.note FROM family_education f JOIN people p ON p.id = f.person_id"
	     " JOIN units u ON u.id = p.unit_id"
	     " WHERE f.id > ? AND (? IS NULL OR p.code = ?) AND (? = 0 OR p.unit_id = ?)"
	     " ORDER BY f.id LIMIT ?"},
	};
	static const char *const keys[][3] = {{"read_on", "item", "note"},
					      {"made_on", "text", "programme"},
					      {"held_on", "activity", "note"}};
	int k = -1;
	for (int i = 0; i < (int)ARRAY_LEN(q); i++)
		if (kind && !strcmp(kind, q[i].kind))
			k = i;
	if (k < 0)
		return zf_err_set(err, ZF_EINVAL, "kind",
				  "kind must be reading, commitments or family");
	struct stmt *st = store_prepare(s, q[k].sql, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_text(st, 2, person);
	stmt_bind_text(st, 3, person);
	stmt_bind_int(st, 4, scope_unit);
	stmt_bind_int(st, 5, scope_unit);
	stmt_bind_int(st, 6, limit);
	json_t *arr = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		json_t *o = json_pack("{s:I,s:{s:s,s:s,s:s}}", "id", (json_int_t)stmt_int(st, 0),
				      "person", "code", stmt_text(st, 1), "name", stmt_text(st, 2),
				      "unit", stmt_text(st, 3));
		for (int c = 0; c < 3; c++)
			json_object_set_new(o, keys[k][c], json_string(stmt_text(st, 4 + c)));
		json_array_append_new(arr, o);
	}
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}
