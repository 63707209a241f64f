/* records.c: the other rooms' records the responsibility room reads: cases, case_people and
 * sanctions of the supervision schema (006_supervise_core.sql), the published rankings of
 * the evaluation room and the education room's owed items and dossier. Read only, and kept
 * in this one file so that the SQL can be replaced by the supervision room's functions. */
#include "respons/respons_impl.h"
#include "educate/educate.h"
#include "eval/eval.h"

#include <string.h>

#define CASE_COLS                                                                                  \
	"c.id AS id, c.case_no, c.channel, c.subject, c.category, coalesce(cc.name, c.category)"   \
	" AS category_name, coalesce(cc.veto, 0) AS category_veto, c.state, c.finding,"            \
	" c.finding_on, c.received_on, u.code AS unit_code, u.name AS unit_name"
#define CASE_SPEC "itttttbtTTttt"
#define CASE_FROM                                                                                  \
	" FROM cases c JOIN units u ON u.id = c.unit_id"                                           \
	" LEFT JOIN case_categories cc ON cc.code = c.category"

#define SANCTION_COLS                                                                              \
	"s.id, m.code AS measure_code, m.name AS measure_name, m.tier, m.level, s.decided_on,"     \
	" s.promotion_ban_until, s.revoked, s.revoke_reason, s.basis, c.case_no,"                  \
	" u.code AS unit_code, u.name AS unit_name, p.code AS person_code, p.name AS person_name"
#define SANCTION_SPEC "ittittTbttTttTT"
#define SANCTION_FROM                                                                              \
	" FROM sanctions s JOIN sanction_measures m ON m.id = s.measure_id"                        \
	" JOIN units u ON u.id = s.unit_id LEFT JOIN cases c ON c.id = s.case_id"                  \
	" LEFT JOIN people p ON p.id = s.person_id"

int rec_sanctions(struct store *s, int64_t person_id, const char *as_of, json_t **out,
		  struct zf_err *err)
{
	json_t *arr = NULL, *it;
	size_t i;
	int rc = respons_query_json(s, &arr, SANCTION_SPEC, err,
				    "SELECT " SANCTION_COLS SANCTION_FROM
				    " WHERE s.person_id = ? ORDER BY s.decided_on, s.id",
				    "i", person_id);
	if (rc < 0)
		return rc;
	json_array_foreach(arr, i, it)
	{
		const char *until = json_string_value(json_object_get(it, "promotion_ban_until"));
		const char *on = json_string_value(json_object_get(it, "decided_on"));
		bool active = until && !json_is_true(json_object_get(it, "revoked")) &&
			      strcmp(until, as_of) >= 0 && on && strcmp(on, as_of) <= 0;
		json_object_set_new(it, "ban_active", json_boolean(active));
	}
	*out = arr;
	return 0;
}

int rec_cases_against(struct store *s, int64_t person_id, json_t **out, struct zf_err *err)
{
	return respons_query_json(
	    s, out, CASE_SPEC "t", err,
	    "SELECT " CASE_COLS ", 'concerned' AS role" CASE_FROM
	    " WHERE c.person_id = ? AND c.finding IN ('substantiated', 'partly')"
	    " UNION ALL SELECT " CASE_COLS ", cp.kind AS role" CASE_FROM
	    " JOIN case_people cp ON cp.case_id = c.id"
	    " WHERE cp.person_id = ? AND cp.confirmed = 1"
	    " AND c.finding IN ('substantiated', 'partly')"
	    " AND NOT (cp.kind = 'direct' AND c.person_id IS NOT NULL AND c.person_id = "
	    "cp.person_id)"
	    " ORDER BY finding_on, id",
	    "ii", person_id, person_id);
}

int rec_inspections(struct store *s, int64_t person_id, int64_t unit_id, const char *as_of,
		    json_t **out, struct zf_err *err)
{
	return respons_query_json(s, out, CASE_SPEC, err,
				  "SELECT " CASE_COLS CASE_FROM
				  " WHERE c.channel = 'inspection' AND c.received_on <= ?"
				  " AND (c.person_id = ? OR c.unit_id = ?)"
				  " ORDER BY c.received_on, c.id",
				  "tii", as_of, person_id, unit_id);
}

int rec_unit_grades(struct store *s, int64_t unit_id, json_t **out, struct zf_err *err)
{
	json_t *rounds = NULL, *r, *arr;
	struct stmt *st;
	char code[64] = "";
	size_t i;
	int rc;
	if (!(st = store_prepare(s, "SELECT code FROM units WHERE id = ?", err)))
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, unit_id);
	if ((rc = stmt_step(st, err)) == STORE_ROW)
		snprintf(code, sizeof code, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if ((rc = eval_round_list(s, &rounds, err)) < 0)
		return rc;
	arr = json_array();
	json_array_foreach(rounds, i, r)
	{
		const char *rcode = json_string_value(json_object_get(r, "code"));
		const struct eval_ranking *rk = NULL;
		if (strcmp(json_string_value(json_object_get(r, "state")), "published"))
			continue;
		if ((rc = eval_rank_shared(s, rcode, &rk, err)) < 0)
			break;
		const struct eval_rank_row *row = eval_ranking_find(rk, code);
		if (row)
			json_array_append_new(
			    arr,
			    json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:b,s:b}", "round", rcode,
				      "name", json_string_value(json_object_get(r, "name")),
				      "category", row->category, "grade",
				      row->res.ranked ? json_string(score_grade_zh(row->res.grade))
						      : json_null(),
				      "rank",
				      row->res.rank ? json_integer(row->res.rank) : json_null(),
				      "total",
				      row->res.has_total ? json_real(row->res.total) : json_null(),
				      "worst", row->res.worst, "veto", row->veto, "no_excellent",
				      row->no_excellent));
		eval_ranking_release(rk);
	}
	json_decref(rounds);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int rec_education_owed(struct store *s, int64_t person_id, const char *as_of, json_t **out,
		       struct zf_err *err)
{
	return educate_owed(s, person_id, as_of, out, err);
}

int rec_education_dossier(struct store *s, int64_t person_id, const char *from, const char *to,
			  json_t **out, struct zf_err *err)
{
	return educate_dossier(s, person_id, from, to, out, err);
}

/* Cases of a unit touched in the period: received in it, or found in it. */
#define IN_PERIOD "((c.received_on BETWEEN ? AND ?) OR (c.finding_on BETWEEN ? AND ?))"

int rec_unit_cases(struct store *s, int64_t unit_id, const char *from, const char *to, json_t **out,
		   struct zf_err *err)
{
	return respons_query_json(
	    s, out, CASE_SPEC "TTT", err,
	    "SELECT " CASE_COLS ", p.code AS person_code, p.name AS person_name,"
	    " hl.code AS handling_leader" CASE_FROM " LEFT JOIN people p ON p.id = c.person_id"
	    " LEFT JOIN people hl ON hl.id = c.handling_leader_id"
	    " WHERE (? = 0 OR c.unit_id = ?) AND " IN_PERIOD " ORDER BY c.received_on, c.id",
	    "iitttt", unit_id, unit_id, from, to, from, to);
}

int rec_unit_sanctions(struct store *s, int64_t unit_id, const char *from, const char *to,
		       json_t **out, struct zf_err *err)
{
	return respons_query_json(s, out, SANCTION_SPEC, err,
				  "SELECT " SANCTION_COLS SANCTION_FROM
				  " WHERE s.unit_id = ? AND s.decided_on BETWEEN ? AND ?"
				  " ORDER BY s.decided_on, s.id",
				  "itt", unit_id, from, to);
}

#define FINDING_COLS                                                                               \
	"cp.id, cp.kind, cp.confirmed, p.code AS person_code, p.name AS person_name, c.id AS"      \
	" case_id, c.case_no, c.subject, c.category, c.finding, c.finding_on, c.received_on,"      \
	" u.code AS unit_code, u.name AS unit_name"
#define FINDING_SPEC "itbttitttTTttt"

int rec_unit_leader_findings(struct store *s, int64_t unit_id, const char *from, const char *to,
			     json_t **out, struct zf_err *err)
{
	return respons_query_json(
	    s, out, FINDING_SPEC, err,
	    "SELECT " FINDING_COLS " FROM case_people cp"
	    " JOIN cases c ON c.id = cp.case_id JOIN people p ON p.id = cp.person_id"
	    " JOIN units u ON u.id = c.unit_id"
	    " WHERE c.unit_id = ? AND cp.kind = 'leader' AND " IN_PERIOD
	    " ORDER BY c.received_on, cp.id",
	    "itttt", unit_id, from, to, from, to);
}

int rec_person_findings(struct store *s, int64_t person_id, const char *from, const char *to,
			json_t **out, struct zf_err *err)
{
	return respons_query_json(
	    s, out, FINDING_SPEC, err,
	    "SELECT " FINDING_COLS " FROM case_people cp"
	    " JOIN cases c ON c.id = cp.case_id JOIN people p ON p.id = cp.person_id"
	    " JOIN units u ON u.id = c.unit_id"
	    " WHERE cp.person_id = ? AND " IN_PERIOD " ORDER BY c.received_on, cp.id",
	    "itttt", person_id, from, to, from, to);
}

int rec_person_sanctions(struct store *s, int64_t person_id, const char *from, const char *to,
			 json_t **out, struct zf_err *err)
{
	return respons_query_json(s, out, SANCTION_SPEC, err,
				  "SELECT " SANCTION_COLS SANCTION_FROM
				  " WHERE s.person_id = ? AND s.decided_on BETWEEN ? AND ?"
				  " ORDER BY s.decided_on, s.id",
				  "itt", person_id, from, to);
}

int rec_liability_triggers(struct store *s, int64_t person_id, const char *from, const char *to,
			   json_t **out, struct zf_err *err)
{
	return respons_query_json(
	    s, out, "iit", err,
	    "SELECT 0 AS kind, c.id AS source_id, c.finding_on AS source_on FROM cases c"
	    " WHERE c.finding IN ('substantiated', 'partly') AND c.finding_on BETWEEN ? AND ?"
	    " AND (c.person_id = ? OR EXISTS (SELECT 1 FROM case_people cp WHERE cp.case_id = c.id"
	    " AND cp.person_id = ? AND cp.kind = 'direct' AND cp.confirmed = 1))"
	    " UNION ALL SELECT 1 AS kind, s.id AS source_id, s.decided_on AS source_on"
	    " FROM sanctions s WHERE s.person_id = ? AND s.revoked = 0"
	    " AND s.decided_on BETWEEN ? AND ?"
	    " ORDER BY source_on, kind, source_id",
	    "ttiiitt", from, to, person_id, person_id, person_id, from, to);
}

int rec_flag_record(struct store *s, const char *source, int64_t id, json_t **out,
		    struct zf_err *err)
{
	json_t *arr = NULL;
	int rc;
	if (!strcmp(source, "case"))
		rc = respons_query_json(s, &arr, CASE_SPEC, err,
					"SELECT " CASE_COLS CASE_FROM " WHERE c.id = ?", "i", id);
	else
		rc = respons_query_json(s, &arr, SANCTION_SPEC, err,
					"SELECT " SANCTION_COLS SANCTION_FROM " WHERE s.id = ?",
					"i", id);
	if (rc < 0)
		return rc;
	json_t *one = json_array_get(arr, 0);
	*out = one ? json_incref(one) : json_null();
	json_decref(arr);
	return 0;
}
