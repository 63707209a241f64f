/* exposure.c: the public exposure board (曝光台, S7): substantiated style problems the office
 * chooses to publish. What the public sees is the title, the unit, the facts and the
 * handling as the office wrote them, and the person's name only when the office asks for
 * it; never the complainant, the case's own text or its number. */
#include "supervise/supervise.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

/* exposure_publish inside its transaction: the case and the board are read under the
 * write lock, so that one case is never published twice by two requests at once. */
static int publish_locked(struct store *s, const struct actor *who, const struct exposure_rec *r,
			  int64_t *id, struct zf_err *err)
{
	int64_t case_id, unit_id, live = 0;
	char finding[24], today[11], now[32];
	bool confirmed;
	int rc;

	if (str_blank(r->case_no))
		return zf_err_set(err, ZF_EINVAL, "case_no", "case_no is required");
	if ((rc = sup_check_text("title", r->title, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_check_text("facts", r->facts, SUP_TEXT_MAX, true, err)) < 0 ||
	    (rc = sup_check_text("handling", r->handling, SUP_TEXT_MAX, true, err)) < 0 ||
	    (rc = sup_check_date("published_on", r->published_on, false, err)) < 0)
		return rc;
	rc = finding_case(s, r->case_no, &case_id, &unit_id, finding, &confirmed, err);
	if (rc < 0)
		return rc;
	if (strcmp(finding, "substantiated") && strcmp(finding, "partly"))
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "case %s is not substantiated: only substantiated problems are "
				  "exposed",
				  r->case_no);
	if (!confirmed)
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "the finding of case %s is not confirmed by an inspector yet",
				  r->case_no);
	if ((rc = store_query_int(s, err, &live,
				  "SELECT count(*) FROM exposures WHERE case_id = ? AND"
				  " published = 1",
				  "i", case_id)) < 0)
		return rc;
	if (live)
		return zf_err_set(err, ZF_ECONFLICT, "case_no", "case %s is already on the board",
				  r->case_no);
	sup_today(today);
	time_format_iso(time_now(), now, sizeof now);
	const char *on = str_blank(r->published_on) ? today : r->published_on;
	rc = store_run(s, err,
		       "INSERT INTO exposures(case_id, title, facts, handling, published_on,"
		       " show_person, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       "ittttiIt", case_id, r->title, r->facts, r->handling, on,
		       (int64_t)r->show_person, who->user_id, now);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:s,s:b}", "case_no", r->case_no, "title",
				       r->title, "published_on", on, "show_person", r->show_person);
		rc = sup_audit(s, who, "publish", "exposure", new_id, ch, err);
		json_decref(ch);
	}
	if (rc == 0)
		*id = new_id;
	return rc;
}

int exposure_publish(struct store *s, const struct actor *who, const struct exposure_rec *r,
		     int64_t *id, struct zf_err *err)
{
	int64_t new_id = 0;
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	rc = store_tx_close(s, own, publish_locked(s, who, r, &new_id, err), err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

/* exposure_unpublish inside its transaction. */
static int unpublish_locked(struct store *s, const struct actor *who, int64_t id,
			    const char *reason, struct zf_err *err)
{
	int64_t published;
	int rc = store_query_int(s, err, &published, "SELECT published FROM exposures WHERE id = ?",
				 "i", id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "id", "no exposure %lld", (long long)id);
	if (rc < 0)
		return rc;
	if (!published)
		return zf_err_set(err, ZF_ECONFLICT, "id", "exposure %lld is already withdrawn",
				  (long long)id);
	if ((rc = sup_check_text("reason", reason, SUP_TEXT_MAX, true, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE exposures SET published = 0, unpublish_reason = ? WHERE id = ?",
		       "ti", reason, id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s}", "reason", reason);
		rc = sup_audit(s, who, "unpublish", "exposure", id, ch, err);
		json_decref(ch);
	}
	return rc;
}

int exposure_unpublish(struct store *s, const struct actor *who, int64_t id, const char *reason,
		       struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, unpublish_locked(s, who, id, reason, err), err);
}

int exposure_public_list(struct store *s, int64_t before, int limit, json_t **out,
			 struct zf_err *err)
{
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = store_prepare(
	    s,
	    "SELECT e.id, e.title, u.name AS \"unit.name\", k.name AS category, e.facts,"
	    " e.handling, e.published_on,"
	    " CASE WHEN e.show_person = 1 THEN p.name END AS \"person.name\","
	    " CASE WHEN e.show_person = 1 THEN p.post END AS \"person.post\""
	    " FROM exposures e JOIN cases c ON c.id = e.case_id JOIN units u ON u.id = c.unit_id"
	    " LEFT JOIN case_categories k ON k.code = c.category"
	    " LEFT JOIN people p ON p.id = c.person_id"
	    " WHERE e.published = 1 AND e.published_on <= ? AND (? = 0 OR e.id < ?)"
	    " ORDER BY e.published_on DESC, e.id DESC LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	char today[11];
	sup_today(today);
	stmt_bind_text(st, 1, today);
	stmt_bind_int(st, 2, before);
	stmt_bind_int(st, 3, before);
	stmt_bind_int(st, 4, limit);
	json_t *arr;
	int rc = sup_rows_json(st, "issSsssSS", &arr, err);
	if (rc < 0)
		return rc;
	/* Without show_person the key is absent rather than null. */
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it) if (json_is_null(json_object_get(it, "person")))
	    json_object_del(it, "person");
	*out = arr;
	return 0;
}

int exposure_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err)
{
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = store_prepare(
	    s,
	    "SELECT e.id, c.case_no, e.title, u.code AS \"unit.code\", u.name AS \"unit.name\","
	    " p.code AS \"person.code\", p.name AS \"person.name\", e.facts, e.handling,"
	    " e.published_on, e.show_person, e.published, e.unpublish_reason, e.created_at"
	    " FROM exposures e JOIN cases c ON c.id = e.case_id JOIN units u ON u.id = c.unit_id"
	    " LEFT JOIN people p ON p.id = c.person_id WHERE e.id > ? ORDER BY e.id LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, limit);
	return sup_rows_json(st, "isssSSSsssbbss", out, err);
}
