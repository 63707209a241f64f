/* report.c: the responsibility report of a unit or of a leader over a period (R1 第一责任人,
 * R2 一岗双责, R3): who answers for what, the cases and findings of the period assigned to
 * the leader who answers for each, the accountability decided, joint-liability flags and the
 * leaders' own education record. */
#include "respons/respons_impl.h"
#include "base/table.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "org/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_FLAGS_MAX 1000

static int period_args(const char *from, const char *to, struct zf_err *err)
{
	if (!date_valid(from))
		return zf_err_set(err, ZF_EINVAL, "from", "from must be a date YYYY-MM-DD");
	if (!date_valid(to))
		return zf_err_set(err, ZF_EINVAL, "to", "to must be a date YYYY-MM-DD");
	if (strcmp(from, to) > 0)
		return zf_err_set(err, ZF_EINVAL, "to", "to (%s) is before from (%s)", to, from);
	return 0;
}

/* True when an area names the category: the area contains the category's name or code, or
 * the name contains the area. */
static bool area_names(const char *area, const char *cat_code, const char *cat_name)
{
	if (!area || !*area)
		return false;
	return (cat_name && *cat_name && (strstr(area, cat_name) || strstr(cat_name, area))) ||
	       (cat_code && *cat_code && strstr(area, cat_code));
}

static bool any_area_names(json_t *areas, const char *cat_code, const char *cat_name)
{
	size_t i;
	json_t *a;
	json_array_foreach(areas, i,
			   a) if (area_names(json_string_value(a), cat_code, cat_name)) return true;
	return false;
}

/* The areas of an oversight's text split on 、 , ， ; ；, trimmed, as a JSON array. */
static json_t *split_areas(const char *v)
{
	static const char *const seps[] = {"、", ",", "，", ";", "；"};
	json_t *arr = json_array();
	char *copy = xstrdup(v ? v : ""), *p = copy;
	while (*p) {
		char *cut = NULL;
		size_t seplen = 0;
		for (size_t i = 0; i < ARRAY_LEN(seps); i++) {
			char *q = strstr(p, seps[i]);
			if (q && (!cut || q < cut)) {
				cut = q;
				seplen = strlen(seps[i]);
			}
		}
		if (cut)
			*cut = '\0';
		char *t = str_trim(p);
		if (*t)
			json_array_append_new(arr, json_string(t));
		if (!cut)
			break;
		p = cut + seplen;
	}
	free(copy);
	return arr;
}

/* The team member (an item of org_team_list) who answers for case c by the rule of
 * respons_unit_report, and the rule that chose them; NULL when the unit has no main leader. */
static json_t *answerable(json_t *team, json_t *c, const char **rule)
{
	const char *hl = json_string_value(json_object_get(c, "handling_leader"));
	const char *code = json_string_value(json_object_get(c, "category"));
	const char *name = json_string_value(json_object_get(c, "category_name"));
	json_t *m, *main = NULL;
	size_t i;
	json_array_foreach(team, i, m)
	{
		const char *pc =
		    json_string_value(json_object_get(json_object_get(m, "person"), "code"));
		if (hl && pc && !strcmp(hl, pc)) {
			*rule = "handling_leader";
			return m;
		}
		if (!strcmp(json_string_value(json_object_get(m, "role")), "main"))
			main = m;
	}
	json_array_foreach(team, i, m)
	{
		if (m != main && any_area_names(json_object_get(m, "areas"), code, name)) {
			*rule = "area";
			return m;
		}
	}
	*rule = "main_leader";
	return main;
}

static json_t *person_ref(json_t *member)
{
	json_t *p = json_object_get(member, "person");
	return json_pack("{s:O,s:O,s:O,s:O}", "code", json_object_get(p, "code"), "name",
			 json_object_get(p, "name"), "role", json_object_get(member, "role"),
			 "role_zh", json_object_get(member, "role_zh"));
}

/* Counts the cases of arr by finding: {cases, substantiated, partly, unsubstantiated,
 * pending}. */
static json_t *tally(json_t *arr)
{
	int n[4] = {0, 0, 0, 0};
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c)
	{
		const char *f = json_string_value(json_object_get(c, "finding"));
		n[!f ? 3 : !strcmp(f, "substantiated") ? 0 : !strcmp(f, "partly") ? 1 : 2]++;
	}
	return json_pack("{s:i,s:i,s:i,s:i,s:i}", "cases", (int)json_array_size(arr),
			 "substantiated", n[0], "partly", n[1], "unsubstantiated", n[2], "pending",
			 n[3]);
}

/* A short form of a dossier for the unit report. */
static json_t *education_summary(json_t *d)
{
	return json_pack("{s:O*,s:O*,s:i,s:i,s:i}", "hours", json_object_get(d, "hours"),
			 "attendance", json_object_get(d, "attendance"), "lectures",
			 (int)json_array_size(json_object_get(d, "lectures")), "commitments",
			 (int)json_array_size(json_object_get(d, "commitments")), "owed",
			 (int)json_array_size(json_object_get(d, "owed")));
}

static int person_id_of(struct store *s, json_t *member, int64_t *id, struct zf_err *err)
{
	bool active;
	return org_person_find(
	    s, json_string_value(json_object_get(json_object_get(member, "person"), "code")), id,
	    &active, err);
}

/* Adds to each team member its oversight (分管) and its education summary over the period. */
static int enrich_team(struct store *s, json_t *team, const char *from, const char *to,
		       struct zf_err *err)
{
	json_t *m;
	size_t i;
	int rc = 0;
	json_array_foreach(team, i, m)
	{
		int64_t pid = 0;
		json_t *over = NULL, *d = NULL, *o, *mine = json_array();
		size_t k;
		struct org_oversight_filter of = {.leader = json_string_value(json_object_get(
						      json_object_get(m, "person"), "code")),
						  .active = 1};
		if ((rc = person_id_of(s, m, &pid, err)) < 0 ||
		    (rc = org_oversight_list(s, &of, 0, 1000, &over, err)) < 0 ||
		    (rc = rec_education_dossier(s, pid, from, to, &d, err)) < 0) {
			json_decref(mine);
			json_decref(over);
			return rc;
		}
		json_array_foreach(over, k, o) json_array_append_new(
		    mine, json_pack("{s:O,s:o}", "unit", json_object_get(o, "unit"), "areas",
				    split_areas(json_string_value(json_object_get(o, "area")))));
		json_object_set_new(m, "oversight", mine);
		json_object_set_new(m, "education", education_summary(d));
		json_decref(over);
		json_decref(d);
	}
	return rc;
}

int respons_unit_report(struct store *s, const char *unit_code, const char *from, const char *to,
			json_t **out, struct zf_err *err)
{
	json_t *unit = NULL, *team = NULL, *over = NULL, *cases = NULL, *sanctions = NULL;
	json_t *leaders = NULL, *flags = NULL, *c, *m, *main = json_null();
	struct org_oversight_filter of = {.unit = unit_code, .active = 1};
	int64_t unit_id = 0;
	bool active;
	size_t i;
	int rc;
	if ((rc = period_args(from, to, err)) < 0 ||
	    (rc = org_unit_get(s, unit_code, &unit, err)) < 0)
		return rc;
	if ((rc = org_unit_find(s, unit_code, &unit_id, &active, err)) < 0 ||
	    (rc = org_team_list(s, unit_code, false, &team, err)) < 0 ||
	    (rc = enrich_team(s, team, from, to, err)) < 0 ||
	    (rc = org_oversight_list(s, &of, 0, 1000, &over, err)) < 0 ||
	    (rc = rec_unit_cases(s, unit_id, from, to, &cases, err)) < 0 ||
	    (rc = rec_unit_sanctions(s, unit_id, from, to, &sanctions, err)) < 0 ||
	    (rc = rec_unit_leader_findings(s, unit_id, from, to, &leaders, err)) < 0)
		goto fail;
	struct respons_flag_filter ff = {.unit_id = unit_id, .from = from, .to = to};
	if ((rc = respons_flag_list(s, &ff, 0, REPORT_FLAGS_MAX, &flags, err)) < 0)
		goto fail;
	json_array_foreach(team, i, m)
	{
		json_object_set_new(m, "cases", json_array());
		if (!strcmp(json_string_value(json_object_get(m, "role")), "main"))
			main = m;
	}
	json_array_foreach(cases, i, c)
	{
		const char *rule = NULL;
		json_t *who = answerable(team, c, &rule);
		json_object_set_new(c, "answerable", who ? person_ref(who) : json_null());
		json_object_set_new(c, "answerable_rule", json_string(rule));
		if (who)
			json_array_append_new(json_object_get(who, "cases"),
					      json_incref(json_object_get(c, "case_no")));
	}
	*out = json_pack(
	    "{s:o,s:{s:s,s:s},s:O,s:b,s:O,s:o,s:o,s:o,s:o,s:o,s:o}", "unit", unit, "period", "from",
	    from, "to", to, "main_leader", main, "main_leader_missing", json_is_null(main), "team",
	    team, "overseeing_leaders", over, "summary", tally(cases), "cases", cases, "sanctions",
	    sanctions, "leader_findings", leaders, "liability_flags", flags);
	json_decref(team);
	return 0;
fail:
	json_decref(unit);
	json_decref(team);
	json_decref(over);
	json_decref(cases);
	json_decref(sanctions);
	json_decref(leaders);
	json_decref(flags);
	return rc;
}

/* True when arr holds the case of id already. */
static bool has_case(json_t *arr, json_int_t id)
{
	size_t i;
	json_t *c;
	json_array_foreach(arr, i,
			   c) if (json_integer_value(json_object_get(c, "id")) == id) return true;
	return false;
}

/* Appends to dst the cases of cases (a unit's, with its team) that the person answers for
 * through one responsibility: "main" (all of them), "team" (the rule's), "oversight" (all, or
 * those whose category an area names). Each case gets "as": the responsibility; a case
 * already in dst (through an earlier responsibility) is not added again. */
static void pick_cases(json_t *dst, json_t *cases, json_t *team, const char *person, const char *as,
		       json_t *areas)
{
	size_t i;
	json_t *c;
	json_array_foreach(cases, i, c)
	{
		bool mine;
		if (!strcmp(as, "main")) {
			mine = true;
		} else if (!strcmp(as, "team")) {
			const char *rule = NULL;
			json_t *m = answerable(team, c, &rule);
			const char *pc = m ? json_string_value(json_object_get(
						 json_object_get(m, "person"), "code"))
					   : NULL;
			mine = pc && !strcmp(pc, person);
		} else {
			mine =
			    json_array_size(areas) == 0 ||
			    any_area_names(areas, json_string_value(json_object_get(c, "category")),
					   json_string_value(json_object_get(c, "category_name")));
		}
		if (mine && !has_case(dst, json_integer_value(json_object_get(c, "id")))) {
			json_t *copy = json_deep_copy(c);
			json_object_set_new(copy, "as", json_string(as));
			json_array_append_new(dst, copy);
		}
	}
}

/* The cases in [from, to] the person answers for through each team membership and each
 * oversight assignment of person JSON p (org_person_get). */
static int person_cases(struct store *s, json_t *p, const char *from, const char *to, json_t *dst,
			struct zf_err *err)
{
	const char *code = json_string_value(json_object_get(p, "code"));
	json_t *e;
	size_t i;
	int rc = 0;
	json_array_foreach(json_object_get(p, "team"), i, e)
	{
		const char *unit =
		    json_string_value(json_object_get(json_object_get(e, "unit"), "code"));
		json_t *team = NULL, *cases = NULL;
		int64_t uid = 0;
		bool active;
		if (!json_is_true(json_object_get(e, "active")))
			continue;
		if ((rc = org_unit_find(s, unit, &uid, &active, err)) < 0 ||
		    (rc = org_team_list(s, unit, false, &team, err)) < 0 ||
		    (rc = rec_unit_cases(s, uid, from, to, &cases, err)) == 0)
			pick_cases(dst, cases, team, code,
				   strcmp(json_string_value(json_object_get(e, "role")), "main")
				       ? "team"
				       : "main",
				   NULL);
		json_decref(team);
		json_decref(cases);
		if (rc < 0)
			return rc;
	}
	json_array_foreach(json_object_get(p, "oversight"), i, e)
	{
		const char *unit =
		    json_string_value(json_object_get(json_object_get(e, "unit"), "code"));
		json_t *cases = NULL, *areas;
		int64_t uid = 0;
		bool active;
		if (!json_is_true(json_object_get(e, "active")))
			continue;
		/* An area overseen across the district: cases of every unit in that area. */
		if (unit && (rc = org_unit_find(s, unit, &uid, &active, err)) < 0)
			return rc;
		if ((rc = rec_unit_cases(s, uid, from, to, &cases, err)) < 0)
			return rc;
		areas = split_areas(json_string_value(json_object_get(e, "area")));
		if (uid || json_array_size(areas))
			pick_cases(dst, cases, NULL, code, "oversight", areas);
		json_decref(areas);
		json_decref(cases);
	}
	return 0;
}

int respons_person_report(struct store *s, const char *person_code, const char *from,
			  const char *to, json_t **out, struct zf_err *err)
{
	json_t *p = NULL, *cases = json_array(), *findings = NULL, *sanctions = NULL;
	json_t *signed_ = NULL, *flags = NULL, *edu = NULL;
	int64_t pid = 0;
	bool active;
	int rc;
	if ((rc = period_args(from, to, err)) < 0 ||
	    (rc = org_person_get(s, person_code, &p, err)) < 0 ||
	    (rc = org_person_find(s, person_code, &pid, &active, err)) < 0 ||
	    (rc = person_cases(s, p, from, to, cases, err)) < 0 ||
	    (rc = rec_person_findings(s, pid, from, to, &findings, err)) < 0 ||
	    (rc = rec_person_sanctions(s, pid, from, to, &sanctions, err)) < 0)
		goto fail;
	rc = respons_query_json(
	    s, &signed_, "ittttt", err,
	    "SELECT n.id AS nomination, p.code AS cadre_code, p.name AS"
	    " cadre_name, n.proposed_post, g.signed_on, g.liability_until"
	    " FROM nomination_signatures g JOIN nominations n ON n.id ="
	    " g.nomination_id JOIN people p ON p.id = n.person_id"
	    " WHERE g.signer_id = ? AND g.signed_on <= ? ORDER BY g.signed_on, g.id",
	    "it", pid, to);
	if (rc < 0)
		goto fail;
	struct respons_flag_filter ff = {.signer_id = pid, .from = from, .to = to};
	if ((rc = respons_flag_list(s, &ff, 0, REPORT_FLAGS_MAX, &flags, err)) < 0 ||
	    (rc = rec_education_dossier(s, pid, from, to, &edu, err)) < 0)
		goto fail;
	json_t *team = json_object_get(p, "team"), *over = json_object_get(p, "oversight");
	*out = json_pack("{s:{s:O,s:O,s:O,s:O,s:O},s:{s:s,s:s},s:O,s:O,s:o,s:o,s:o,s:o,s:o,s:o,"
			 "s:o}",
			 "person", "code", json_object_get(p, "code"), "name",
			 json_object_get(p, "name"), "post", json_object_get(p, "post"), "rank",
			 json_object_get(p, "rank"), "unit", json_object_get(p, "unit"), "period",
			 "from", from, "to", to, "team", team, "oversight", over, "summary",
			 tally(cases), "cases", cases, "findings", findings, "sanctions", sanctions,
			 "signed_nominations", signed_, "liability_flags", flags, "education", edu);
	json_decref(p);
	return 0;
fail:
	json_decref(p);
	json_decref(cases);
	json_decref(findings);
	json_decref(sanctions);
	json_decref(signed_);
	json_decref(flags);
	json_decref(edu);
	return rc;
}

/* ---- CSV and XLSX ---- */

static const char *zh(const char *v, const char *const (*map)[2], size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		if (!strcmp(v, map[i][0]))
			return map[i][1];
	return v ? v : "";
}

static const char *const headers_unit[] = {"单位编码", "单位",	   "案件编号", "渠道",
					   "事项",     "问题类别", "受理日期", "查处结论",
					   "认定日期", "当事人",   "责任领导", "认定依据"};
static const char *const headers_person[] = {"单位编码", "单位",     "案件编号", "渠道",
					     "事项",	 "问题类别", "受理日期", "查处结论",
					     "认定日期", "当事人",   "责任方式"};

/* The report's cases as table rows (base/table.h), in Chinese; *person tells which headers. */
static json_t *report_rows(json_t *report, bool *person)
{
	static const char *const channels[][2] = {
	    {"hotline", "投诉热线"},	{"mailbox", "领导信箱"}, {"website", "廉政网站"},
	    {"letter_visit", "信访"},	{"media", "媒体"},	 {"supervisor", "群众监督员"},
	    {"inspection", "明察暗访"}, {"referral", "转办"}};
	static const char *const findings[][2] = {
	    {"substantiated", "属实"}, {"partly", "部分属实"}, {"unsubstantiated", "不属实"}};
	static const char *const rules[][2] = {
	    {"handling_leader", "承办领导"}, {"area", "分管领域"}, {"main_leader", "第一责任人"}};
	static const char *const as[][2] = {
	    {"main", "第一责任人"}, {"team", "一岗双责"}, {"oversight", "分管"}};
	json_t *rows = json_array(), *c;
	size_t i;
	*person = json_object_get(report, "person") != NULL;
	json_array_foreach(json_object_get(report, "cases"), i, c)
	{
		const char *f = json_string_value(json_object_get(c, "finding"));
		json_t *who = json_object_get(c, "answerable");
		const char *cells[] = {
		    json_string_value(json_object_get(c, "unit_code")),
		    json_string_value(json_object_get(c, "unit_name")),
		    json_string_value(json_object_get(c, "case_no")),
		    zh(json_string_value(json_object_get(c, "channel")), channels,
		       ARRAY_LEN(channels)),
		    json_string_value(json_object_get(c, "subject")),
		    json_string_value(json_object_get(c, "category_name")),
		    json_string_value(json_object_get(c, "received_on")),
		    f ? zh(f, findings, ARRAY_LEN(findings)) : "待查",
		    json_string_value(json_object_get(c, "finding_on")),
		    json_string_value(json_object_get(c, "person_name")),
		    *person ? zh(json_string_value(json_object_get(c, "as")), as, ARRAY_LEN(as))
			    : json_string_value(json_object_get(who, "name")),
		    *person ? NULL
			    : zh(json_string_value(json_object_get(c, "answerable_rule")), rules,
				 ARRAY_LEN(rules))};
		int n = *person ? (int)ARRAY_LEN(headers_person) : (int)ARRAY_LEN(headers_unit);
		json_t *row = json_array();
		for (int k = 0; k < n; k++)
			json_array_append_new(row, json_string(cells[k] ? cells[k] : ""));
		json_array_append_new(rows, row);
	}
	return rows;
}

void respons_report_csv(json_t *report, struct buf *out)
{
	bool person;
	json_t *rows = report_rows(report, &person);
	if (person)
		table_csv(headers_person, (int)ARRAY_LEN(headers_person), rows, out);
	else
		table_csv(headers_unit, (int)ARRAY_LEN(headers_unit), rows, out);
	json_decref(rows);
}

/* A string member, or "". */
static const char *text_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return v ? v : "";
}

int respons_report_xlsx(json_t *report, const char *path, struct zf_err *err)
{
	bool person;
	json_t *rows = report_rows(report, &person);
	json_t *period = json_object_get(report, "period");
	char title[256];
	snprintf(title, sizeof title, "%s 作风建设责任报告（%s 至 %s）",
		 text_of(json_object_get(report, person ? "person" : "unit"), "name"),
		 text_of(period, "from"), text_of(period, "to"));
	int rc = person ? table_xlsx(path, "责任报告", title, headers_person,
				     (int)ARRAY_LEN(headers_person), rows, err)
			: table_xlsx(path, "责任报告", title, headers_unit,
				     (int)ARRAY_LEN(headers_unit), rows, err);
	json_decref(rows);
	return rc;
}
