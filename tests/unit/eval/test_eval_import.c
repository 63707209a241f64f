/* test_eval_import.c: the five inputs of a round (SCORING.md sections 2 and 6): good files
 * (labels, abstentions, a ballot with every cell empty, mutual ballots, Chinese headers in
 * GB18030), every bad-row kind of each file reported as exactly `FILE:LINE: column: what`
 * (and as JSON), nothing written when any row is bad, the meeting reconciliation, and the
 * round's state (unknown, closed). */
#include "unit/org/orgtest.h"
#include "base/timeutil.h"
#include "eval/eval.h"

#include <iconv.h>

#define S(lit) lit, sizeof(lit) - 1

static const char round_json[] =
    "{\"code\":\"R\",\"name\":\"测试轮次\","
    " \"groups\":[{\"code\":\"cadre\",\"name\":\"干部代表\",\"weight\":20},"
    "  {\"code\":\"public\",\"name\":\"普通群众\",\"weight\":25},"
    "  {\"code\":\"mutual\",\"name\":\"单位互评\",\"weight\":15,\"mutual\":true}],"
    " \"indicators\":{"
    "  \"township\":[{\"code\":\"a\",\"name\":\"思想作风\",\"weight\":1},"
    "   {\"code\":\"b\",\"name\":\"服务大局\",\"weight\":1}],"
    "  \"dept\":[{\"code\":\"a\",\"name\":\"思想作风\",\"weight\":1},"
    "   {\"code\":\"c\",\"name\":\"服务态度\",\"weight\":2},"
    "   {\"code\":\"d\",\"name\":\"履职尽责\",\"weight\":1}]}}";

/* A district (townships T1-T3, departments D1-D2, X1 of a category the round does not rate,
 * T9 deactivated) and the draft round R. */
static int setup(void **state)
{
	fx_setup(state);
	struct fx *f = *state;
	fx_category(f, "township", "township");
	fx_category(f, "dept", "dept");
	fx_category(f, "other", "other");
	fx_unit(f, "T1", "township", NULL);
	fx_unit(f, "T2", "township", NULL);
	fx_unit(f, "T3", "township", NULL);
	fx_unit(f, "T9", "township", NULL);
	fx_unit(f, "D1", "dept", NULL);
	fx_unit(f, "D2", "dept", NULL);
	fx_unit(f, "X1", "other", NULL);
	FX_OK(f, org_unit_deactivate(f->s, &f->who, "T9", &f->err));
	json_t *j = json_loads(round_json, 0, NULL);
	assert_non_null(j);
	FX_OK(f, eval_round_create(f->s, &f->who, j, &f->err));
	json_decref(j);
	return 0;
}

/* Imports data as fname with opts (may be NULL); expects success with `want` rows. */
static void import_ok_opts(struct fx *f, const char *kind, const char *fname, const char *data,
			   size_t len, const struct eval_import_opts *o, int want)
{
	struct import_report rep;
	int n = -1;
	import_report_init(&rep, fname);
	zf_err_clear(&f->err);
	int rc = eval_import(f->s, &f->who, "R", kind, fname, data, len, o, &rep, &n, &f->err);
	if (rc != 0)
		fail_msg("import %s: %d %s: %s\n%s", fname, rc, f->err.field, f->err.msg,
			 buf_str(&rep.out));
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(n, want);
	assert_false(store_in_tx(f->s));
	import_report_cleanup(&rep);
}

static void import_ok(struct fx *f, const char *kind, const char *fname, const char *data,
		      size_t len, int want)
{
	import_ok_opts(f, kind, fname, data, len, NULL, want);
}

static const char *counts[] = {
    "SELECT count(*) FROM audit_log",	   "SELECT count(*) FROM ballots",
    "SELECT count(*) FROM process_scores", "SELECT count(*) FROM self_scores",
    "SELECT count(*) FROM survey_scores",  "SELECT count(*) FROM adjustments"};

static void snapshot(struct fx *f, int64_t *out)
{
	for (size_t i = 0; i < ARRAY_LEN(counts); i++)
		out[i] = fx_int(f, counts[i]);
}

static void unchanged(struct fx *f, const int64_t *before)
{
	for (size_t i = 0; i < ARRAY_LEN(counts); i++)
		if (fx_int(f, counts[i]) != before[i])
			fail_msg("%s changed: %lld -> %lld", counts[i], (long long)before[i],
				 (long long)fx_int(f, counts[i]));
}

/*
 * Imports data as fname expecting it refused: the report must be exactly `want`, err->msg
 * "<nbad> bad row(s)", nothing written, and each report line also a JSON error. Returns
 * the JSON errors (the caller decrefs).
 */
static json_t *import_bad(struct fx *f, const char *kind, const char *fname, const char *data,
			  size_t len, const char *want, int nbad)
{
	int64_t before[ARRAY_LEN(counts)];
	struct eval_import_opts o = {.errors = json_array(), .issued = -1, .spoiled = -1};
	struct import_report rep;
	char msg[64];
	int n = -1;
	snapshot(f, before);
	import_report_init(&rep, fname);
	zf_err_clear(&f->err);
	int rc = eval_import(f->s, &f->who, "R", kind, fname, data, len, &o, &rep, &n, &f->err);
	assert_int_equal(rc, ZF_EINVAL);
	if (strcmp(buf_str(&rep.out), want))
		fail_msg("report:\n%s\nwant:\n%s", buf_str(&rep.out), want);
	snprintf(msg, sizeof msg, "%d bad row%s", nbad, nbad == 1 ? "" : "s");
	assert_string_equal(f->err.msg, msg);
	assert_int_equal(n, -1);
	assert_int_equal(json_array_size(o.errors), (size_t)rep.nerrors);
	assert_false(store_in_tx(f->s));
	unchanged(f, before);
	import_report_cleanup(&rep);
	return o.errors;
}

/* import_bad for when the JSON errors are not looked at. */
static void refused(struct fx *f, const char *kind, const char *fname, const char *data, size_t len,
		    const char *want, int nbad)
{
	json_decref(import_bad(f, kind, fname, data, len, want, nbad));
}

static void json_error_is(json_t *errors, size_t i, long line, const char *column,
			  const char *message)
{
	json_t *e = json_array_get(errors, i);
	assert_non_null(e);
	assert_int_equal(json_integer_value(json_object_get(e, "line")), line);
	if (column)
		assert_string_equal(json_string_value(json_object_get(e, "column")), column);
	else
		assert_null(json_object_get(e, "column"));
	assert_string_equal(json_string_value(json_object_get(e, "message")), message);
}

/* The changes of the newest audit entry (the caller decrefs). */
static json_t *last_audit(struct fx *f, const char *action, const char *entity,
			  const char *entity_id)
{
	struct stmt *st = store_prepare(f->s,
					"SELECT action, entity, entity_id, changes FROM audit_log"
					" ORDER BY id DESC LIMIT 1",
					&f->err);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &f->err), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), action);
	assert_string_equal(stmt_text(st, 1), entity);
	assert_string_equal(stmt_text(st, 2), entity_id);
	json_t *j = json_loads(stmt_text(st, 3), 0, NULL);
	stmt_reset(st);
	assert_non_null(j);
	return j;
}

/* The ratings of the ballots of group g about unit, each as "v,v,..", sorted, joined by
 * " | " into out. */
static void ballots_of(struct fx *f, const char *unit, int g, char *out, size_t n)
{
	char rows[32][64];
	int k = 0;
	struct stmt *st =
	    store_prepare(f->s,
			  "SELECT b.ratings FROM ballots b JOIN units u ON u.id = b.unit_id"
			  " WHERE u.code = ? AND b.grp = ?",
			  &f->err);
	assert_non_null(st);
	stmt_bind_text(st, 1, unit);
	stmt_bind_int(st, 2, g);
	while (stmt_step(st, &f->err) == STORE_ROW && k < 32) {
		size_t len;
		const unsigned char *p = stmt_blob(st, 0, &len);
		size_t w = 0;
		rows[k][0] = '\0';
		for (size_t i = 0; i < len; i++)
			w += (size_t)snprintf(rows[k] + w, sizeof rows[k] - w, "%s%d", i ? "," : "",
					      p[i]);
		k++;
	}
	stmt_reset(st);
	qsort(rows, (size_t)k, sizeof rows[0], (int (*)(const void *, const void *))strcmp);
	size_t w = 0;
	out[0] = '\0';
	for (int i = 0; i < k; i++)
		w += (size_t)snprintf(out + w, n - w, "%s%s", i ? " | " : "", rows[i]);
}

/* UTF-8 to GB18030 with iconv; the caller frees the result. */
static char *to_gbk(const char *s, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(s), cap = inleft * 2 + 8, oleft = cap;
	char *out = malloc(cap), *in = (char *)s, *o = out;
	assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
	iconv_close(cd);
	*len = cap - oleft;
	return out;
}

/* ---- ballots ---- */

static void test_ballots_good(void **state)
{
	struct fx *f = *state;
	char got[512], today[16];
	int64_t audits = fx_audit_count(f);
	import_ok(f, "ballots", "b.csv",
		  S("group,unit,rater_unit,a,b,c,d\n"
		    "cadre,T1,,满意,80,,\n"
		    "cadre,T1,, 比较满意 ,,,\n"	   /* a label trimmed; b abstains */
		    "public,D1,,100,,0,基本满意\n" /* a dept unit: a, c, d */
		    "干部代表,T2,,,,,\n"	   /* every cell empty: still a ballot */
		    "mutual,T1,T2,60, 70 ,,\n"
		    "mutual,T2,T1,不满意,0,,\n"),
		  6);
	ballots_of(f, "T1", 0, got, sizeof got);
	assert_string_equal(got, "100,80 | 80,255");
	ballots_of(f, "D1", 1, got, sizeof got);
	assert_string_equal(got, "100,0,60"); /* in the category's order: a, c, d */
	ballots_of(f, "T2", 0, got, sizeof got);
	assert_string_equal(got, "255,255");
	ballots_of(f, "T1", 2, got, sizeof got);
	assert_string_equal(got, "60,70");
	ballots_of(f, "T2", 2, got, sizeof got);
	assert_string_equal(got, "0,0");

	/* channels, raters, the day only, random positive ids */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM ballots WHERE channel = 'meeting'"
				   " AND rater_unit_id IS NULL"),
			 4);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM ballots b JOIN units u ON"
				   " u.id = b.rater_unit_id WHERE b.channel = 'mutual'"
				   " AND u.code = 'T2' AND b.unit_id = (SELECT id FROM units"
				   " WHERE code = 'T1')"),
			 1);
	assert_int_equal(fx_int(f, "SELECT count(DISTINCT id) FROM ballots WHERE id > 0"), 6);
	time_today(today, sizeof today); /* the district's day, as ballots store it */
	struct stmt *st = store_prepare(f->s, "SELECT DISTINCT day FROM ballots", &f->err);
	assert_int_equal(stmt_step(st, &f->err), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), today);
	stmt_reset(st);

	/* one audit entry for the file */
	assert_int_equal(fx_audit_count(f), audits + 1);
	json_t *ch = last_audit(f, "import", "round", "R");
	assert_string_equal(json_string_value(json_object_get(ch, "file")), "b.csv");
	assert_string_equal(json_string_value(json_object_get(ch, "kind")), "ballots");
	assert_int_equal(json_integer_value(json_object_get(ch, "rows")), 6);
	assert_null(json_object_get(ch, "reconciliation"));
	json_decref(ch);

	/* a file of township units needs no dept columns; a header-only file imports nothing */
	import_ok(f, "ballots", "t.csv", S("unit,group,a,b\nT3,public,90,90\n"), 1);
	import_ok(f, "ballots", "e.csv", S("group,unit,a\n"), 0);
	/* the five wrappers of eval.h are the same imports */
	struct import_report rep;
	int n = 0;
	import_report_init(&rep, "w.csv");
	assert_int_equal(eval_import_ballots(f->s, &f->who, "R", "w.csv",
					     S("group,unit,a,b\ncadre,T3,1,2\n"), &rep, &n,
					     &f->err),
			 0);
	assert_int_equal(n, 1);
	import_report_cleanup(&rep);
}

static void test_ballots_bad_rows(void **state)
{
	struct fx *f = *state;
	json_t *e = import_bad(
	    f, "ballots", "b.csv",
	    S("group,unit,rater_unit,a,b,c,d\n"
	      "cadre,T1,,90,90,,\n"
	      "nosuch,T1,,90,90,,\n"
	      "cadre,ZZ,,90,90,,\n"
	      "cadre,T9,,90,90,,\n"
	      "cadre,X1,,90,90,,\n"
	      "cadre,T1,T2,90,90,,\n"
	      "mutual,T1,,90,90,,\n"
	      "mutual,T1,T1,90,90,,\n"
	      "mutual,T1,D1,90,90,,\n"
	      "mutual,T1,ZZ,90,90,,\n"
	      "cadre,T1,,101,abc,,\n"
	      "cadre,T1,,90,90,5,\n"
	      "cadre,D1,,-1,60.5,100,满意\n"
	      ",T1,,90,90,,\n"
	      "cadre,,,90,90,,\n"
	      "cadre,T1,,90\n"
	      "cadre,ZZ,,x,,,\n"),
	    "b.csv:3: group: unknown group 'nosuch': the groups of round R are cadre, public, "
	    "mutual\n"
	    "b.csv:4: unit: unknown unit ZZ\n"
	    "b.csv:5: unit: unit T9 is deactivated\n"
	    "b.csv:6: unit: unit X1 is of category other, which has no indicator list in round "
	    "R\n"
	    "b.csv:7: rater_unit: only for a mutual group: cadre is not one\n"
	    "b.csv:8: rater_unit: required: a ballot of the mutual group mutual names the unit "
	    "that rates\n"
	    "b.csv:9: rater_unit: a unit does not rate itself\n"
	    "b.csv:10: rater_unit: unit D1 is of category dept, unit T1 of township: mutual "
	    "ballots stay within a category\n"
	    "b.csv:11: rater_unit: unknown unit ZZ\n"
	    "b.csv:12: a: '101' is not a rating: a whole number 0-100 or a label (满意, 比较满意, "
	    "基本满意, 不满意)\n"
	    "b.csv:12: b: 'abc' is not a rating: a whole number 0-100 or a label (满意, 比较满意, "
	    "基本满意, 不满意)\n"
	    "b.csv:13: c: must be empty: units of category township are not rated on it\n"
	    "b.csv:14: a: '-1' is not a rating: a whole number 0-100 or a label (满意, 比较满意, "
	    "基本满意, 不满意)\n"
	    "b.csv:14: b: must be empty: units of category dept are not rated on it\n"
	    "b.csv:15: group: required\n"
	    "b.csv:16: unit: required\n"
	    "b.csv:17: wrong column count: 4 fields, header has 7\n"
	    "b.csv:18: unit: unknown unit ZZ\n"
	    "b.csv:18: a: 'x' is not a rating: a whole number 0-100 or a label (满意, 比较满意, "
	    "基本满意, 不满意)\n",
	    16);
	json_error_is(e, 0, 3, "group",
		      "unknown group 'nosuch': the groups of round R are cadre, public, mutual");
	json_error_is(e, 16, 17, NULL, "wrong column count: 4 fields, header has 7");
	json_decref(e);
}

static void test_ballot_headers(void **state)
{
	struct fx *f = *state;
	refused(f, "ballots", "h.csv", S("group,unit,a,b,z\ncadre,T1,1,2,3\n"),
		"h.csv:1: z: unknown column: no indicator of round R has this code or name\n", 1);
	/* an indicator by its code and its name is one column given twice */
	refused(f, "ballots", "h.csv", S("group,unit,a,b,思想作风\ncadre,T1,1,2,3\n"),
		"h.csv:1: 思想作风: duplicate column\n", 1);
	refused(f, "ballots", "h.csv", S("group,组别,unit,a,b\ncadre,cadre,T1,1,2\n"),
		"h.csv:1: 组别: duplicate column\n", 1);
	refused(f, "ballots", "h.csv", S("unit,a,b\nT1,1,2\n"),
		"h.csv:1: 评价群体: missing column\n", 1);
	refused(f, "ballots", "h.csv", S("group,unit,a,b,\ncadre,T1,1,2,3\n"),
		"h.csv:1: column 5 has data but no header\n", 1);
	/* a dept unit needs the dept indicators' columns */
	refused(
	    f, "ballots", "h.csv", S("group,unit,a,b\ncadre,T1,1,2\ncadre,D1,1,\n"),
	    "h.csv:1: c: missing column: units of category dept (line 3) are rated on 服务态度\n"
	    "h.csv:1: d: missing column: units of category dept (line 3) are rated on 履职尽责\n",
	    1);
	/* header names are matched ignoring ASCII case and surrounding spaces */
	import_ok(f, "ballots", "h.csv", S(" Group , UNIT ,A,B\ncadre,T1,1,2\n"), 1);
}

static void test_ballots_reconciliation(void **state)
{
	struct fx *f = *state;
	static const char data[] = "group,unit,a,b\ncadre,T1,1,2\ncadre,T2,3,4\npublic,T3,,\n";
	struct eval_import_opts o = {.errors = NULL, .issued = 3, .spoiled = 1};
	struct import_report rep;
	int64_t before[ARRAY_LEN(counts)];
	int n = -1;
	snapshot(f, before);
	import_report_init(&rep, "m.csv");
	zf_err_clear(&f->err);
	int rc =
	    eval_import(f->s, &f->who, "R", "ballots", "m.csv", S(data), &o, &rep, &n, &f->err);
	assert_int_equal(rc, ZF_EINVAL);
	assert_string_equal(f->err.field, "issued");
	assert_string_equal(f->err.msg, "papers issued 3, returned 4 (counted 3 + spoiled 1): "
					"more papers returned than issued");
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(n, -1);
	import_report_cleanup(&rep);
	unchanged(f, before);

	o.issued = 5;
	import_ok_opts(f, "ballots", "m.csv", S(data), &o, 3);
	json_t *ch = last_audit(f, "import", "round", "R");
	json_t *r = json_object_get(ch, "reconciliation");
	assert_int_equal(json_integer_value(json_object_get(r, "issued")), 5);
	assert_int_equal(json_integer_value(json_object_get(r, "counted")), 3);
	assert_int_equal(json_integer_value(json_object_get(r, "spoiled")), 1);
	assert_int_equal(json_integer_value(json_object_get(r, "returned")), 4);
	json_decref(ch);

	/* exactly as many papers returned as issued is fine; spoiled alone is recorded */
	o.issued = 3;
	o.spoiled = -1;
	import_ok_opts(f, "ballots", "m.csv", S(data), &o, 3);
	o.issued = -1;
	o.spoiled = 2;
	import_ok_opts(f, "ballots", "m.csv", S(data), &o, 3);
	ch = last_audit(f, "import", "round", "R");
	r = json_object_get(ch, "reconciliation");
	assert_null(json_object_get(r, "issued"));
	assert_int_equal(json_integer_value(json_object_get(r, "returned")), 5);
	json_decref(ch);
}

/* ---- process ---- */

static void test_process(void **state)
{
	struct fx *f = *state;
	import_ok(f, "process", "p.csv",
		  S("unit,period_type,period,score\n"
		    "T1,monthly,2026-01, 85 \n"
		    "T1,monthly,2026-02,85.5\n"
		    "T1,月度,2026-03,0\n"
		    "T1,daily,2026-01-05,100\n"
		    "T1,quarterly,2026Q1,70\n"
		    "T1,annual,2026,90\n"
		    "T2,monthly,2026-01,60\n"),
		  7);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM process_scores WHERE period_type ="
				   " 'monthly' AND period = '2026-03'"),
			 1);
	assert_int_equal(fx_int(f, "SELECT CAST(score * 10 AS INTEGER) FROM process_scores"
				   " WHERE period = '2026-02'"),
			 855);
	json_t *ch = last_audit(f, "import", "round", "R");
	assert_string_equal(json_string_value(json_object_get(ch, "kind")), "process");
	assert_int_equal(json_integer_value(json_object_get(ch, "rows")), 7);
	json_decref(ch);

	refused(f, "process", "p.csv",
		S("unit,period_type,period,score\n"
		  "T1,monthly,2026-01,80\n"
		  "T1,weekly,2026-01,80\n"
		  "T1,monthly,,80\n"
		  "T1,monthly,2026-05,abc\n"
		  "T1,monthly,2026-06,\n"
		  "T1,monthly,2026-07,1e999\n"
		  "T1,monthly,2026-08,NaN\n"
		  "T1,monthly,2026-09,-1\n"
		  "T1,monthly,2026-10,100.5\n"
		  "T2,annual,2026,90\n"
		  "T2,年度,2026,91\n"
		  "ZZ,daily,d1,50\n"
		  "T3,,2026,50\n"
		  "T3,annual,2026,0x10\n"),
		"p.csv:2: period: unit T1 already has a score for monthly 2026-01 in round R\n"
		"p.csv:3: period_type: 'weekly' is not a period type: daily, monthly, quarterly or "
		"annual (日常, 月度, 季度, 年度)\n"
		"p.csv:4: period: required\n"
		"p.csv:5: score: 'abc' is not a number\n"
		"p.csv:6: score: required\n"
		"p.csv:7: score: '1e999' is not a number\n"
		"p.csv:8: score: 'NaN' is not a number\n"
		"p.csv:9: score: -1 is out of range: a score is 0-100\n"
		"p.csv:10: score: 100.5 is out of range: a score is 0-100\n"
		"p.csv:12: period: duplicate row: unit T2, annual 2026 is also on line 11\n"
		"p.csv:13: unit: unknown unit ZZ\n"
		"p.csv:14: period_type: required\n"
		"p.csv:15: score: '0x10' is not a number\n",
		13);
	/* the good row of the refused file was not written */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM process_scores WHERE period = '2026'"), 1);
}

/* ---- self and survey ---- */

static void test_self(void **state)
{
	struct fx *f = *state;
	import_ok(f, "self", "s.csv", S("unit,self,efficiency\nT1,80.5,90\nT2,,70\nT3,60,\nD1,,\n"),
		  4);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM self_scores WHERE self IS NULL"), 2);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM self_scores WHERE efficiency IS NULL"), 2);
	assert_int_equal(fx_int(f, "SELECT CAST(self * 10 AS INTEGER) FROM self_scores s JOIN"
				   " units u ON u.id = s.unit_id WHERE u.code = 'T1'"),
			 805);
	refused(f, "self", "s.csv",
		S("unit,self,efficiency\n"
		  "T1,50,50\n"
		  "D2,101,-3\n"
		  "D2,50,50\n"
		  "T9,1,1\n"
		  "X1,1,1\n"
		  ",1,1\n"
		  "ZZ,abc,\n"),
		"s.csv:2: unit: unit T1 has self and efficiency scores in round R already\n"
		"s.csv:3: self: 101 is out of range: a score is 0-100\n"
		"s.csv:3: efficiency: -3 is out of range: a score is 0-100\n"
		"s.csv:4: unit: duplicate row: D2 is also on line 3\n"
		"s.csv:5: unit: unit T9 is deactivated\n"
		"s.csv:6: unit: unit X1 is of category other, which has no indicator list in round "
		"R\n"
		"s.csv:7: unit: required\n"
		"s.csv:8: unit: unknown unit ZZ\n"
		"s.csv:8: self: 'abc' is not a number\n",
		7);
}

static void test_survey(void **state)
{
	struct fx *f = *state;
	import_ok(f, "survey", "q.csv", S("unit,satisfaction\nT1,80\nT2,\nD1, 99.9 \n"), 3);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM survey_scores WHERE satisfaction IS NULL"),
			 1);
	refused(f, "survey", "q.csv", S("unit,satisfaction\nT2,50\nD2,200\nD2,50\nT3,1e2\n"),
		"q.csv:2: unit: unit T2 has a survey result in round R already\n"
		"q.csv:3: satisfaction: 200 is out of range: a score is 0-100\n"
		"q.csv:4: unit: duplicate row: D2 is also on line 3\n"
		"q.csv:5: satisfaction: '1e2' is not a number\n",
		4);
}

/* ---- adjustments ---- */

static void test_adjustments(void **state)
{
	struct fx *f = *state;
	/* several rows per unit; no_excellent may be left out */
	import_ok(f, "adjustments", "a.csv",
		  S("unit,points,veto,reason\nT1,5,0,迟到\nT1,2.5,,早退\nT2,0,1,违纪\n"), 3);
	import_ok(f, "adjustments", "a.csv",
		  S("unit,points,veto,reason,no_excellent\nT1,1,0,通报,1\nT1,1,0,再次通报,\n"), 2);
	assert_int_equal(fx_int(f, "SELECT CAST(sum(points) * 10 AS INTEGER) FROM adjustments"),
			 95);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM adjustments WHERE veto = 1"), 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM adjustments WHERE no_excellent = 1"), 1);
	refused(f, "adjustments", "a.csv",
		S("unit,points,veto,reason,no_excellent\n"
		  "T1,,0,x,\n"
		  "T1,-2,0,x,\n"
		  "T1,abc,0,x,\n"
		  "T1,1,2,x,\n"
		  "T1,1,0,,\n"
		  "T1,1,0,x,yes\n"
		  "ZZ,1,0,x,\n"),
		"a.csv:2: points: required\n"
		"a.csv:3: points: -2 is negative: points to deduct are 0 or more\n"
		"a.csv:4: points: 'abc' is not a number\n"
		"a.csv:5: veto: '2' is not 0 or 1 (blank is 0)\n"
		"a.csv:6: reason: required\n"
		"a.csv:7: no_excellent: 'yes' is not 0 or 1 (blank is 0)\n"
		"a.csv:8: unit: unknown unit ZZ\n",
		7);
}

/* ---- every file ---- */

static void test_columns(void **state)
{
	struct fx *f = *state;
	refused(f, "process", "p.csv", S("unit,period_type,period\nT1,daily,d,\n"),
		"p.csv:1: 得分: missing column\n", 1);
	refused(f, "process", "p.csv", S("unit,period_type,period,score,extra\nT1,daily,d,1,\n"),
		"p.csv:1: extra: unknown column\n", 1);
	refused(f, "survey", "q.csv", S("unit,单位编码,满意度\nT1,T1,1\n"),
		"q.csv:1: 单位编码: duplicate column\n", 1);
	refused(f, "adjustments", "a.csv", S("unit,points,reason\n"),
		"a.csv:1: 一票否决: missing column\n", 1);
	refused(f, "self", "s.csv", S("unit,self,efficiency\nT1,1\nT2,1,2,3\n"),
		"s.csv:2: wrong column count: 2 fields, header has 3\n"
		"s.csv:3: wrong column count: 4 fields, header has 3\n",
		2);
	refused(f, "survey", "q.csv", S(""), "q.csv:1: the file is empty: a header row is needed\n",
		1);
	refused(f, "survey", "q.csv", S("unit,satisfaction\nT1,\xff\xfe\n"),
		"q.csv:2: invalid encoding: neither UTF-8 nor GB18030\n", 1);
	/* a column named in a report line when it is missing from the file */
	refused(f, "ballots", "b.csv", S("group,unit,a,b\nmutual,T1,1,2\n"),
		"b.csv:2: 评价单位: required: a ballot of the mutual group mutual names the unit "
		"that rates\n",
		1);
}

static void test_gb18030_chinese_headers(void **state)
{
	struct fx *f = *state;
	char got[256];
	size_t len;
	char *gbk = to_gbk("评价群体,单位编码,评价单位,思想作风,服务大局,服务态度,履职尽责\r\n"
			   "干部代表,T1,,满意,比较满意,,\r\n"
			   "单位互评,D1,D2,基本满意,,不满意,90\r\n"
			   "普通群众,D2,,,,,\r\n",
			   &len);
	import_ok(f, "ballots", "zh.csv", gbk, len, 3);
	free(gbk);
	ballots_of(f, "T1", 0, got, sizeof got);
	assert_string_equal(got, "100,80");
	ballots_of(f, "D1", 2, got, sizeof got);
	assert_string_equal(got, "60,0,90");
	json_t *ch = last_audit(f, "import", "round", "R");
	assert_string_equal(json_string_value(json_object_get(ch, "encoding")), "GB18030");
	json_decref(ch);

	gbk = to_gbk("单位编码,周期类型,周期,得分\nT1,季度,2026Q1,88\n", &len);
	import_ok(f, "process", "zh.csv", gbk, len, 1);
	free(gbk);
	gbk = to_gbk("单位编码,自评分,效能分\nT1,90,\n", &len);
	import_ok(f, "self", "zh.csv", gbk, len, 1);
	free(gbk);
	gbk = to_gbk("单位编码,满意度\nT1,90\n", &len);
	import_ok(f, "survey", "zh.csv", gbk, len, 1);
	free(gbk);
	gbk = to_gbk("单位编码,扣分,一票否决,事由,取消评优\nT1,3,0,群众投诉查实,1\n", &len);
	import_ok(f, "adjustments", "zh.csv", gbk, len, 1);
	free(gbk);
	/* the problems of a Chinese file name its columns as it does */
	gbk = to_gbk("单位编码,满意度\nT2,很高\n", &len);
	refused(f, "survey", "zh.csv", gbk, len, "zh.csv:2: 满意度: '很高' is not a number\n", 1);
	free(gbk);
}

static void test_round_must_accept_input(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	int64_t before[ARRAY_LEN(counts)];
	int n = -1;
	import_report_init(&rep, "q.csv");
	zf_err_clear(&f->err);
	assert_int_equal(eval_import_survey(f->s, &f->who, "NOPE", "q.csv",
					    S("unit,satisfaction\nT1,1\n"), &rep, &n, &f->err),
			 ZF_ENOTFOUND);
	assert_string_equal(f->err.field, "round");
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(eval_import(f->s, &f->who, "R", "votes", "q.csv",
				     S("unit,satisfaction\nT1,1\n"), NULL, &rep, &n, &f->err),
			 ZF_EINVAL);
	assert_string_equal(f->err.field, "kind");

	/* open: accepted; closed: refused; reopened: accepted again */
	FX_OK(f, eval_round_transition(f->s, &f->who, "R", "open", NULL, &f->err));
	import_ok(f, "survey", "q.csv", S("unit,satisfaction\nT1,1\n"), 1);
	FX_OK(f, eval_round_transition(f->s, &f->who, "R", "close", NULL, &f->err));
	snapshot(f, before);
	static const char *const kinds[] = {"ballots", "process", "self", "survey", "adjustments"};
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		zf_err_clear(&f->err);
		assert_int_equal(eval_import(f->s, &f->who, "R", kinds[k], "x.csv",
					     S("unit,satisfaction\nT2,1\n"), NULL, &rep, &n,
					     &f->err),
				 ZF_ECONFLICT);
		assert_string_equal(f->err.field, "round");
		assert_non_null(strstr(f->err.msg, "closed"));
	}
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(n, -1);
	unchanged(f, before);
	import_report_cleanup(&rep);
	FX_OK(f, eval_round_transition(f->s, &f->who, "R", "reopen", "a late survey", &f->err));
	import_ok(f, "survey", "q.csv", S("unit,satisfaction\nT2,1\n"), 1);
}

/* An import joins the caller's transaction, so a caller can roll it back. */
static void test_joins_transaction(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	int n = 0;
	import_report_init(&rep, "q.csv");
	FX_OK(f, store_begin(f->s, &f->err));
	assert_int_equal(eval_import_survey(f->s, &f->who, "R", "q.csv",
					    S("unit,satisfaction\nT1,1\n"), &rep, &n, &f->err),
			 0);
	assert_true(store_in_tx(f->s));
	store_rollback(f->s);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM survey_scores"), 0);
	import_report_cleanup(&rep);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_ballots_good),
	    T(test_ballots_bad_rows),
	    T(test_ballot_headers),
	    T(test_ballots_reconciliation),
	    T(test_process),
	    T(test_self),
	    T(test_survey),
	    T(test_adjustments),
	    T(test_columns),
	    T(test_gb18030_chinese_headers),
	    T(test_round_must_accept_input),
	    T(test_joins_transaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
