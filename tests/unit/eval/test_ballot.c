/* test_ballot.c: ballot tokens and ballots (V3, X2) at the domain layer: token text and
 * hashing, issuing (coverage, groups, mutual rules, all or nothing, one audit entry), casting
 * (validation errors naming the field, spent tokens, round states, abstentions, labels),
 * receipts, the mutual evaluation by account, the throttle, the round cache, the writer, and
 * that nothing stored links a ballot to a token, an account or a time. */
#include "testutil.h"
#include "base/json.h"
#include "base/timeutil.h"
#include "eval/ballot.h"
#include "eval/ballot_hints.h"
#include "eval/eval.h"
#include "store/writer.h"

#include <pthread.h>
#include <sodium.h>

static struct store *S;
static char PATH[256];
static struct actor WHO;

/* JSON written with single quotes, for readability. */
static json_t *js(const char *text)
{
	char *t = strdup(text);
	for (char *p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t je;
	json_t *j = json_loads(t, 0, &je);
	if (!j)
		fail_msg("bad test JSON %s: %s", text, je.text);
	free(t);
	return j;
}

static void sql(const char *q)
{
	struct zf_err err;
	if (store_exec(S, q, &err) < 0)
		fail_msg("%s: %s", q, err.msg);
}

static int64_t count(const char *q)
{
	int64_t n = -1;
	struct zf_err err;
	if (store_query_int(S, &err, &n, q, "") < 0)
		fail_msg("%s: %s", q, err.msg);
	return n;
}

static int64_t unit_id(const char *code)
{
	int64_t id = 0;
	struct zf_err err;
	assert_int_equal(
	    store_query_int(S, &err, &id, "SELECT id FROM units WHERE code = ?", "t", code), 0);
	return id;
}

static const char *CONFIG = "{'code':'R1','name':'测试轮次','indicators':{"
			    "'township':[{'code':'sixiang','name':'思想作风','weight':10},"
			    "{'code':'xuexi','name':'学习作风','weight':10},{'code':'gongzuo','"
			    "name':'工作作风','weight':5}],"
			    "'dept':[{'code':'sixiang','name':'思想作风','weight':10},"
			    "{'code':'fuwu','name':'服务','weight':10}]}}";

static void round_create(const char *code, const char *state)
{
	struct zf_err err;
	char cfg[2048];
	snprintf(cfg, sizeof cfg, "%s", CONFIG);
	char *p = strstr(cfg, "'R1'");
	char buf[2048];
	snprintf(buf, sizeof buf, "%.*s'%s'%s", (int)(p - cfg), cfg, code, p + 4);
	json_t *j = js(buf);
	if (eval_round_create(S, &WHO, j, &err) < 0)
		fail_msg("round %s: %s", code, err.msg);
	json_decref(j);
	if (strcmp(state, "draft") && eval_round_transition(S, &WHO, code, "open", NULL, &err) < 0)
		fail_msg("open %s: %s", code, err.msg);
	if (!strcmp(state, "closed") &&
	    eval_round_transition(S, &WHO, code, "close", NULL, &err) < 0)
		fail_msg("close %s: %s", code, err.msg);
}

static int setup(void **state)
{
	if (sodium_init() < 0)
		return -1;
	S = test_db(PATH);
	WHO = test_actor("cli:test");
	sql("INSERT INTO categories(code, name, kind) VALUES ('township', '乡镇', 'township'),"
	    " ('dept', '部门', 'dept'), ('other', '其他', 'other');"
	    "INSERT INTO units(code, name, category_id, active) VALUES"
	    " ('T01', '东城镇', 1, 1), ('T02', '西城镇', 1, 1), ('T03', '南城镇', 1, 1),"
	    " ('T04', '旧镇', 1, 0), ('D01', '财政局', 2, 1), ('D02', '教育局', 2, 1),"
	    " ('X01', '其他单位', 3, 1);");
	round_create("R1", "open");
	round_create("RD", "draft");
	round_create("RC", "closed");
	round_create("R2", "open");
	return 0;
}

static int teardown(void **state)
{
	time_set_fake(0);
	test_db_drop(S, PATH);
	return 0;
}

/* Issues n tokens and returns them (caller frees with ballot_issued_cleanup). */
static struct ballot_issued issue(const char *round, const char *group, const char *units,
				  const char *category, const char *rater, int n)
{
	struct ballot_issue_req req = {.round = round,
				       .group = group,
				       .units = units,
				       .category = category,
				       .rater = rater,
				       .count = n};
	struct ballot_issued o;
	struct zf_err err;
	if (ballot_tokens_issue(S, &WHO, &req, &o, &err) < 0)
		fail_msg("issue: %s: %s", err.field, err.msg);
	return o;
}

/* One token, copied into out. */
static void one_token(const char *round, const char *group, const char *units, const char *rater,
		      char out[BALLOT_TOKEN_SIZE])
{
	struct ballot_issued o = issue(round, group, units, NULL, rater, 1);
	snprintf(out, BALLOT_TOKEN_SIZE, "%s", o.tokens[0]);
	ballot_issued_cleanup(&o);
}

static int prepare(const char *round, const char *token, const char *ballots, bool receipt,
		   struct ballot_cast *c, struct zf_err *err)
{
	json_t *b = js(ballots);
	zf_err_clear(err);
	int rc = ballot_prepare_token(S, NULL, round, token, b, receipt, c, err);
	json_decref(b);
	return rc;
}

/* Runs the writer job in a transaction of its own, rolled back when it fails. */
/* Writes the prepared cast on connection w, in a transaction of its own. */
static int write_on(struct store *w, struct ballot_cast *c, struct zf_err *err)
{
	assert_int_equal(store_begin(w, err), 0);
	int rc = ballot_cast_write(w, c, err);
	if (rc == 0)
		assert_int_equal(store_commit(w, err), 0);
	else
		store_rollback(w);
	return rc;
}

static int write_cast(struct ballot_cast *c, struct zf_err *err)
{
	return write_on(S, c, err);
}

/* The cast must be refused with code on field, by the worker's checks (prepare) or by the
 * writer's (the job: the token itself, its coverage), and nothing be written. */
#define REFUSED(rnd, tok, blt, want, fld)                                                          \
	do {                                                                                       \
		struct ballot_cast c_;                                                             \
		struct zf_err e_;                                                                  \
		int64_t b0_ = count("SELECT count(*) FROM ballots");                               \
		int rc_ = prepare(rnd, tok, blt, false, &c_, &e_);                                 \
		if (rc_ == 0) {                                                                    \
			rc_ = write_cast(&c_, &e_);                                                \
			ballot_cast_cleanup(&c_);                                                  \
		}                                                                                  \
		if (rc_ != (want) || strcmp(e_.field, fld))                                        \
			fail_msg("%s: got %d field '%s' (%s), want %d field '%s'", blt, rc_,       \
				 e_.field, e_.msg, want, fld);                                     \
		assert_int_equal(count("SELECT count(*) FROM ballots"), b0_);                      \
	} while (0)

/* ---- token text ---- */

static void test_token_text_and_hash(void **state)
{
	char t[BALLOT_TOKEN_SIZE], u[BALLOT_TOKEN_SIZE], canon[64], lower[64];
	ballot_token_new(t);
	ballot_token_new(u);
	assert_int_equal(strlen(t), BALLOT_TOKEN_SIZE - 1);
	assert_string_not_equal(t, u);
	for (int i = 0; t[i]; i++)
		assert_true((i % 5 == 4)
				? t[i] == '-'
				: strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", t[i]) != NULL);
	assert_int_equal(ballot_code_normalize(t, BALLOT_TOKEN_CHARS, canon), 0);
	assert_int_equal(strlen(canon), BALLOT_TOKEN_CHARS);
	/* typed in lower case, with spaces, O for 0 and l for 1: the same token */
	int k = 0;
	for (int i = 0; t[i]; i++) {
		char c = t[i] == '-' ? ' ' : (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
		if (c == '0')
			c = 'O';
		if (c == '1')
			c = 'l';
		lower[k++] = c;
	}
	lower[k] = '\0';
	char canon2[64];
	assert_int_equal(ballot_code_normalize(lower, BALLOT_TOKEN_CHARS, canon2), 0);
	assert_string_equal(canon, canon2);
	/* not tokens */
	assert_int_equal(ballot_code_normalize("", BALLOT_TOKEN_CHARS, canon2), -1);
	assert_int_equal(ballot_code_normalize("ABCD", BALLOT_TOKEN_CHARS, canon2), -1);
	char longer[80];
	snprintf(longer, sizeof longer, "%sA", t);
	assert_int_equal(ballot_code_normalize(longer, BALLOT_TOKEN_CHARS, canon2), -1);
	char bad[BALLOT_TOKEN_SIZE];
	snprintf(bad, sizeof bad, "%s", t);
	bad[0] = 'U'; /* not in the alphabet */
	assert_int_equal(ballot_code_normalize(bad, BALLOT_TOKEN_CHARS, canon2), -1);
	/* the hash is BLAKE2b-256 of the canonical text */
	unsigned char h[BALLOT_HASH_BYTES], want[BALLOT_HASH_BYTES];
	ballot_code_hash(canon, h);
	crypto_generichash(want, sizeof want, (const unsigned char *)canon, strlen(canon), NULL, 0);
	assert_memory_equal(h, want, sizeof h);
	/* receipts are shorter codes of the same alphabet */
	char r[BALLOT_RECEIPT_SIZE];
	ballot_receipt_new(r);
	assert_int_equal(strlen(r), BALLOT_RECEIPT_SIZE - 1);
	assert_int_equal(ballot_code_normalize(r, BALLOT_RECEIPT_CHARS, canon2), 0);
}

/* ---- issuing ---- */

static void test_issue_stores_only_hashes(void **state)
{
	int64_t t0 = count("SELECT count(*) FROM tokens");
	int64_t a0 = count("SELECT count(*) FROM audit_log WHERE entity = 'tokens'");
	struct ballot_issued o = issue("R1", "public", "T01, T02", NULL, NULL, 5);
	assert_int_equal(o.count, 5);
	assert_int_equal(o.nunits, 2);
	assert_string_equal(o.units[0], "T01");
	assert_string_equal(o.units[1], "T02");
	assert_string_equal(o.group, "public");
	assert_string_equal(o.channel, "network");
	assert_int_equal(count("SELECT count(*) FROM tokens"), t0 + 5);
	for (int i = 0; i < o.count; i++) {
		char canon[64];
		unsigned char h[BALLOT_HASH_BYTES];
		assert_int_equal(ballot_code_normalize(o.tokens[i], BALLOT_TOKEN_CHARS, canon), 0);
		ballot_code_hash(canon, h);
		struct zf_err err;
		struct stmt *st = store_prepare(S,
						"SELECT used, grp, channel, (SELECT count(*) FROM "
						"token_units WHERE token_id = tokens.id)"
						" FROM tokens WHERE hash = ?",
						&err);
		stmt_bind_blob(st, 1, h, sizeof h);
		assert_int_equal(stmt_step(st, &err), STORE_ROW);
		assert_int_equal(stmt_int(st, 0), 0);
		assert_int_equal(stmt_int(st, 1), 5); /* public is the sixth default group */
		assert_string_equal(stmt_text(st, 2), "network");
		assert_int_equal(stmt_int(st, 3), 2);
		stmt_reset(st);
	}
	/* one audit entry for the command, naming count, group and units, never a token */
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'tokens'"), a0 + 1);
	struct zf_err err;
	struct stmt *st = store_prepare(
	    S, "SELECT changes FROM audit_log WHERE entity = 'tokens' ORDER BY id DESC LIMIT 1",
	    &err);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	json_t *ch = json_loads(stmt_text(st, 0), 0, NULL);
	stmt_reset(st);
	assert_int_equal(json_integer_value(json_object_get(ch, "count")), 5);
	assert_string_equal(json_string_value(json_object_get(ch, "group")), "public");
	assert_int_equal(json_array_size(json_object_get(ch, "units")), 2);
	char *dump = json_dumps(ch, 0);
	char canon[64];
	for (int i = 0; i < o.count; i++) {
		assert_null(strstr(dump, o.tokens[i]));
		ballot_code_normalize(o.tokens[i], BALLOT_TOKEN_CHARS, canon);
		assert_null(strstr(dump, canon));
	}
	free(dump);
	json_decref(ch);
	ballot_issued_cleanup(&o);
}

static void test_issue_coverage(void **state)
{
	/* a category: its active units (T04 is inactive) */
	struct ballot_issued o = issue("R1", "cadre", NULL, "township", NULL, 2);
	assert_int_equal(o.nunits, 3);
	assert_string_equal(o.units[0], "T01");
	assert_string_equal(o.units[2], "T03");
	ballot_issued_cleanup(&o);
	/* letters; a draft round takes tokens too */
	struct ballot_issue_req req = {
	    .round = "RD", .group = "retired", .units = "D01", .channel = "letter", .count = 1};
	struct zf_err err;
	assert_int_equal(ballot_tokens_issue(S, &WHO, &req, &o, &err), 0);
	assert_string_equal(o.channel, "letter");
	ballot_issued_cleanup(&o);
	/* mutual: without units, every other active unit of the rater's category */
	o = issue("R1", "mutual", NULL, NULL, "T01", 1);
	assert_int_equal(o.nunits, 2);
	assert_string_equal(o.units[0], "T02");
	assert_string_equal(o.units[1], "T03");
	ballot_issued_cleanup(&o);
	o = issue("R1", "mutual", NULL, "township", "T02", 1);
	assert_int_equal(o.nunits, 2);
	assert_string_equal(o.units[0], "T01");
	ballot_issued_cleanup(&o);
	o = issue("R1", "mutual", "T03", NULL, "T02", 1);
	assert_int_equal(o.nunits, 1);
	ballot_issued_cleanup(&o);
}

static void issue_fails(int line, const char *round, const char *group, const char *units,
			const char *category, const char *rater, const char *channel, int n,
			int code, const char *field)
{
	struct ballot_issue_req req = {.round = round,
				       .group = group,
				       .units = units,
				       .category = category,
				       .rater = rater,
				       .channel = channel,
				       .count = n};
	struct ballot_issued o;
	struct zf_err err;
	int64_t t0 = count("SELECT count(*) FROM tokens"),
		u0 = count("SELECT count(*) FROM token_units");
	int64_t a0 = count("SELECT count(*) FROM audit_log");
	zf_err_clear(&err);
	int rc = ballot_tokens_issue(S, &WHO, &req, &o, &err);
	if (rc == 0)
		ballot_issued_cleanup(&o);
	if (rc != code || strcmp(err.field, field))
		fail_msg("line %d: got %d field '%s' (%s), want %d '%s'", line, rc, err.field,
			 err.msg, code, field);
	assert_int_equal(count("SELECT count(*) FROM tokens"), t0);
	assert_int_equal(count("SELECT count(*) FROM token_units"), u0);
	assert_int_equal(count("SELECT count(*) FROM audit_log"), a0);
}

static void test_issue_errors(void **state)
{
	issue_fails(__LINE__, "NOPE", "public", "T01", NULL, NULL, NULL, 1, ZF_ENOTFOUND, "round");
	issue_fails(__LINE__, "RC", "public", "T01", NULL, NULL, NULL, 1, ZF_ECONFLICT, "round");
	issue_fails(__LINE__, "R1", "nobody", "T01", NULL, NULL, NULL, 1, ZF_EINVAL, "group");
	issue_fails(__LINE__, "R1", "public", "T01", NULL, NULL, "carrier", 1, ZF_EINVAL,
		    "channel");
	issue_fails(__LINE__, "R1", "public", "T01", NULL, NULL, NULL, 0, ZF_EINVAL, "count");
	issue_fails(__LINE__, "R1", "public", "T01", NULL, NULL, NULL, BALLOT_ISSUE_MAX + 1,
		    ZF_EINVAL, "count");
	issue_fails(__LINE__, "R1", "public", NULL, NULL, NULL, NULL, 1, ZF_EINVAL, "units");
	issue_fails(__LINE__, "R1", "public", "T01", "township", NULL, NULL, 1, ZF_EINVAL, "units");
	issue_fails(__LINE__, "R1", "public", "T01,ZZ9", NULL, NULL, NULL, 1, ZF_EINVAL, "units");
	issue_fails(__LINE__, "R1", "public", "T04", NULL, NULL, NULL, 1, ZF_EINVAL, "units");
	issue_fails(__LINE__, "R1", "public", "X01", NULL, NULL, NULL, 1, ZF_EINVAL, "units");
	issue_fails(__LINE__, "R1", "public", NULL, "nocat", NULL, NULL, 1, ZF_EINVAL, "category");
	issue_fails(__LINE__, "R1", "public", NULL, "other", NULL, NULL, 1, ZF_EINVAL, "category");
	issue_fails(__LINE__, "R1", "public", "T01", NULL, "T02", NULL, 1, ZF_EINVAL, "rater");
	/* mutual: a rater, other units of its own category only */
	issue_fails(__LINE__, "R1", "mutual", "T02", NULL, NULL, NULL, 1, ZF_EINVAL, "rater");
	issue_fails(__LINE__, "R1", "mutual", "T02", NULL, "ZZ9", NULL, 1, ZF_EINVAL, "rater");
	issue_fails(__LINE__, "R1", "mutual", "T02", NULL, "T04", NULL, 1, ZF_EINVAL, "rater");
	issue_fails(__LINE__, "R1", "mutual", "T01,T02", NULL, "T01", NULL, 1, ZF_EINVAL, "units");
	issue_fails(__LINE__, "R1", "mutual", "D01", NULL, "T01", NULL, 1, ZF_EINVAL, "units");
	issue_fails(__LINE__, "R1", "mutual", NULL, "dept", "T01", NULL, 1, ZF_EINVAL, "category");
}

static void test_tokens_stats(void **state)
{
	json_t *s;
	struct zf_err err;
	struct ballot_issued o = issue("R2", "deputy", "D01", NULL, NULL, 3);
	ballot_issued_cleanup(&o);
	assert_int_equal(ballot_tokens_stats(S, "R2", &s, &err), 0);
	assert_int_equal(json_array_size(s), 7);
	json_t *g = json_array_get(s, 1);
	assert_string_equal(json_string_value(json_object_get(g, "group")), "deputy");
	assert_int_equal(json_integer_value(json_object_get(g, "issued")), 3);
	assert_int_equal(json_integer_value(json_object_get(g, "used")), 0);
	json_decref(s);
	assert_int_equal(ballot_tokens_stats(S, "NOPE", &s, &err), ZF_ENOTFOUND);
}

/* ---- casting ---- */

static void test_cast_stores_anonymous_ballots(void **state)
{
	char t[BALLOT_TOKEN_SIZE];
	struct ballot_cast c;
	struct zf_err err;
	one_token("R1", "public", "T01,D01", NULL, t);
	int64_t b0 = count("SELECT count(*) FROM ballots");
	assert_int_equal(
	    prepare("R1", t,
		    "[{'unit':'T01','ratings':{'gongzuo':75,'sixiang':'满意','xuexi':null}},"
		    " {'unit':'D01','ratings':{'fuwu':' 比较满意 ','sixiang':''}}]",
		    false, &c, &err),
	    0);
	assert_int_equal(c.nitems, 2);
	assert_false(c.receipt);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0); /* nothing before the write */
	assert_int_equal(write_cast(&c, &err), 0);
	ballot_cast_cleanup(&c);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 2);

	/* ratings in configuration order, 255 for an abstention; channel of the token; the day */
	struct stmt *st =
	    store_prepare(S,
			  "SELECT u.code, b.ratings, b.channel, b.day, b.id, b.grp,"
			  " b.rater_unit_id IS NULL FROM ballots b JOIN units u ON"
			  " u.id = b.unit_id WHERE b.round_id = (SELECT id FROM rounds"
			  " WHERE code = 'R1') AND b.grp = 5 ORDER BY u.code",
			  &err);
	char today[16];
	time_today(today, sizeof today); /* the district's day, as ballots store it */
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	size_t n;
	const unsigned char *r = stmt_blob(st, 1, &n);
	assert_string_equal(stmt_text(st, 0), "D01");
	assert_int_equal(n, 2);
	assert_int_equal(r[0], 255);
	assert_int_equal(r[1], 80);
	assert_string_equal(stmt_text(st, 2), "network");
	assert_string_equal(stmt_text(st, 3), today);
	assert_int_equal(strlen(stmt_text(st, 3)), 10); /* the day, nothing finer */
	int64_t id1 = stmt_int(st, 4);
	assert_int_equal(stmt_int(st, 6), 1);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	r = stmt_blob(st, 1, &n);
	assert_string_equal(stmt_text(st, 0), "T01");
	assert_int_equal(n, 3);
	assert_int_equal(r[0], 100);
	assert_int_equal(r[1], 255);
	assert_int_equal(r[2], 75);
	int64_t id2 = stmt_int(st, 4);
	stmt_reset(st);
	/* random ids, not a sequence */
	assert_true(id1 > 1000 || id2 > 1000);
	assert_true(id1 != id2 && id1 + 1 != id2 && id2 + 1 != id1);

	/* the token is spent: used, and refused from now on */
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':90}}]", ZF_ECONFLICT, "token");
	/* a letter token records the letter channel */
	struct ballot_issue_req req = {
	    .round = "R1", .group = "public", .units = "T02", .channel = "letter", .count = 1};
	struct ballot_issued o;
	assert_int_equal(ballot_tokens_issue(S, &WHO, &req, &o, &err), 0);
	assert_int_equal(
	    prepare(NULL, o.tokens[0], "[{'unit':'T02','ratings':{'sixiang':1}}]", false, &c, &err),
	    0);
	assert_int_equal(write_cast(&c, &err), 0);
	ballot_cast_cleanup(&c);
	ballot_issued_cleanup(&o);
	assert_int_equal(count("SELECT count(*) FROM ballots WHERE channel = 'letter'"), 1);
}

/* ---- the body reader of the usual submission against the general path ---- */

struct gen {
	char buf[4096];
	size_t n;
	uint32_t seed;
	bool valid_only; /* only choices the general path accepts, no corruption */
};

static uint32_t rnd(struct gen *g, uint32_t n)
{
	g->seed = g->seed * 1103515245u + 12345u;
	return (g->seed >> 8) % n;
}

static void put(struct gen *g, const char *text)
{
	size_t len = strlen(text);
	if (g->n + len < sizeof g->buf) {
		memcpy(g->buf + g->n, text, len);
		g->n += len;
	}
}

static void space(struct gen *g)
{
	static const char *const ws[] = {"", "", "", " ", "\n", "\t ", "\r\n  "};
	put(g, ws[rnd(g, 7)]);
}

static const char *pick(struct gen *g, const char *const *valid, int nvalid, const char *const *bad,
			int nbad)
{
	if (g->valid_only || rnd(g, 16))
		return valid[rnd(g, (uint32_t)nvalid)];
	return bad[rnd(g, (uint32_t)nbad)];
}

/* A member "key": value, with space around. */
static void member(struct gen *g, const char *key, const char *value)
{
	space(g);
	put(g, key);
	space(g);
	put(g, ":");
	space(g);
	put(g, value);
	space(g);
}

/* Ratings for a unit of the township category (sixiang, xuexi, gongzuo) or, when dept, of
 * the dept category (sixiang, fuwu). */
static void ratings(struct gen *g, bool dept)
{
	static const char *const township[] = {"\"sixiang\"", "\"xuexi\"", "\"gongzuo\"",
					       "\"fuwu\""};
	static const char *const depts[] = {"\"sixiang\"", "\"fuwu\"", "\"fuwu\"", "\"xuexi\""};
	const char *const *keys = dept ? depts : township;
	static const char *const bad_keys[] = {"\"bogus\"", "\"six\\u0069ang\"", "\"\"", "sixiang"};
	/* the last two abstain */
	static const char *const vals[] = {
	    "0", "7", "100", "80", "\"满意\"", "\"不满意\"", "\" 比较满意 \"", "null", "\"\""};
	static const char *const bad_vals[] = {
	    "101",     "01",	 "-1",	 "80.0", "1e2",
	    "\"bad\"", "true",	 "[]",	 "{}",	 "\"\\u6ee1\\u610f\"",
	    "1000",    "\"满\"", "NULL", "0x10", ""};
	bool used[4] = {false};
	int n = (int)rnd(g, 5);
	put(g, "{");
	for (int i = 0; i < n; i++) {
		int k = (int)rnd(g, dept ? 2 : 3);
		const char *key = keys[k];
		if (!g->valid_only && !rnd(g, 6))
			key = rnd(g, 2) ? keys[3] : bad_keys[rnd(g, 4)];
		else if (used[k] && (g->valid_only || rnd(g, 8)))
			continue; /* a repeated key, now and then */
		used[k] = true;
		if (i && g->n && g->buf[g->n - 1] != '{')
			put(g, ",");
		/* a usual submission rates at least its first indicator */
		member(g, key, pick(g, vals, g->valid_only && i == 0 ? 7 : 9, bad_vals, 15));
	}
	if (!used[0] && (g->valid_only || rnd(g, 8)))
		member(g, (g->n && g->buf[g->n - 1] != '{') ? ",\"sixiang\"" : "\"sixiang\"", "60");
	put(g, "}");
}

static void item(struct gen *g, const char *unit)
{
	bool unit_first = rnd(g, 2), dept = strstr(unit, "D01") != NULL;
	put(g, "{");
	if (unit_first)
		member(g, "\"unit\"", unit);
	else {
		space(g);
		put(g, "\"ratings\":");
		ratings(g, dept);
	}
	put(g, ",");
	if (unit_first) {
		space(g);
		put(g, "\"ratings\"");
		space(g);
		put(g, ":");
		ratings(g, dept);
	} else {
		member(g, "\"unit\"", unit);
	}
	if (!g->valid_only && !rnd(g, 12))
		put(g, rnd(g, 2) ? ",\"extra\":1" : ",\"unit\":\"T01\"");
	put(g, "}");
}

/* A token submission for token tok, valid or (unless valid_only) not. */
static void submission(struct gen *g, const char *tok)
{
	static const char *const units[] = {"\"T01\"", "\"D01\""};
	static const char *const bad_units[] = {"\"T02\"", "\"X99\"", "\"\"", "5", "\"T0\\u0031\""};
	static const char *const rounds[] = {"\"R1\"", "null"};
	static const char *const bad_rounds[] = {"\"R2\"", "\"RD\"", "5", "\"\"", "\"R\\u0031\""};
	static const char *const receipts[] = {"true", "false", "null"};
	static const char *const bad_receipts[] = {"1", "\"yes\"", "tru"};
	char token[128];
	int parts[4] = {0, 1, 2, 3}, nparts = 4;
	g->n = 0;
	for (int i = nparts - 1; i > 0; i--) { /* the keys in any order */
		int j = (int)rnd(g, (uint32_t)i + 1), t = parts[i];
		parts[i] = parts[j];
		parts[j] = t;
	}
	space(g);
	put(g, "{");
	bool first = true;
	for (int i = 0; i < nparts; i++) {
		if (parts[i] != 1 && parts[i] != 2 && rnd(g, 3) == 0)
			continue; /* round and receipt are optional */
		if (!g->valid_only && rnd(g, 20) == 0)
			continue; /* and sometimes the required ones go missing */
		if (!first)
			put(g, ",");
		first = false;
		switch (parts[i]) {
		case 0:
			member(g, "\"round\"", pick(g, rounds, 2, bad_rounds, 5));
			break;
		case 1:
			if (g->valid_only || rnd(g, 8))
				snprintf(token, sizeof token, "\"%s\"", tok);
			else
				snprintf(token, sizeof token, "%s",
					 rnd(g, 2) ? "\"AAAA-BBBB\"" : "12");
			member(g, "\"token\"", token);
			break;
		case 2: {
			int n =
			    g->valid_only || rnd(g, 8) ? 1 + (int)rnd(g, 2) : 3 * (int)rnd(g, 2);
			space(g);
			put(g, "\"ballots\"");
			space(g);
			put(g, ":");
			space(g);
			put(g, "[");
			for (int k = 0; k < n; k++) {
				if (k)
					put(g, ",");
				space(g);
				item(g, pick(g, units + k % 2, 1, bad_units, 5));
				space(g);
			}
			put(g, "]");
			space(g);
			break;
		}
		case 3:
			member(g, "\"receipt\"", pick(g, receipts, 3, bad_receipts, 3));
			break;
		}
	}
	if (!g->valid_only && rnd(g, 15) == 0)
		put(g, rnd(g, 2) ? ",\"extra\":null" : ",\"token\":\"x\"");
	put(g, "}");
	space(g);
	if (!g->valid_only && rnd(g, 4) == 0) { /* corrupt a byte, or drop one, or add one */
		static const char bytes[] = "\"',:{}[] \\a09\x01\xff-e.";
		size_t at = rnd(g, (uint32_t)g->n);
		char c = bytes[rnd(g, sizeof bytes - 1)];
		switch (rnd(g, 3)) {
		case 0:
			g->buf[at] = c;
			break;
		case 1:
			memmove(g->buf + at, g->buf + at + 1, g->n - at - 1);
			g->n--;
			break;
		default:
			if (g->n + 1 < sizeof g->buf) {
				memmove(g->buf + at + 1, g->buf + at, g->n - at);
				g->buf[at] = c;
				g->n++;
			}
		}
	}
}

/* The general path as POST /api/v1/ballots takes it. */
static int general_path(struct ballot_cache *cache, const char *text, size_t len,
			struct ballot_cast *c)
{
	struct json_read_error je;
	struct ballot_submission sub;
	struct zf_err err;
	json_t *j = json_read(text, len, &je);
	int rc = -1;
	zf_err_clear(&err);
	if (j && json_is_object(j) && ballot_submission_check(j, &sub, &err) == 0)
		rc = ballot_prepare_token(S, cache, sub.round, sub.token, sub.ballots, sub.receipt,
					  c, &err);
	json_decref(j);
	return rc < 0 ? -1 : 0;
}

static void assert_same_cast(const struct ballot_cast *a, const struct ballot_cast *b)
{
	assert_int_equal(a->round_id, b->round_id);
	assert_int_equal(a->by_token, b->by_token);
	assert_int_equal(a->check_token, b->check_token);
	assert_memory_equal(a->token_hash, b->token_hash, BALLOT_HASH_BYTES);
	assert_int_equal(a->receipt, b->receipt);
	assert_int_equal(a->ngroups, b->ngroups);
	assert_int_equal(a->mutual_groups, b->mutual_groups);
	assert_string_equal(a->channel, b->channel);
	assert_int_equal(a->nitems, b->nitems);
	for (int i = 0; i < a->nitems; i++) {
		assert_int_equal(a->items[i].unit_id, b->items[i].unit_id);
		assert_int_equal(a->items[i].category_id, b->items[i].category_id);
		assert_string_equal(a->items[i].unit, b->items[i].unit);
		assert_int_equal(a->items[i].n, b->items[i].n);
		assert_memory_equal(a->items[i].ratings, b->items[i].ratings,
				    sizeof a->items[i].ratings);
	}
}

/* Whatever the body reader takes, the general path takes too and reads the same; and it
 * takes every usual submission (else the fast path would be dead code). */
static void test_body_reader_agrees_with_the_general_path(void **state)
{
	char tok[BALLOT_TOKEN_SIZE];
	struct ballot_cache *cache = ballot_cache_new();
	struct gen g = {.seed = 20261126};
	int fast = 0, general = 0;
	one_token("R1", "public", "T01,D01", NULL, tok);
	for (int round = 0; round < 2; round++) {
		g.valid_only = round == 0;
		for (int i = 0; i < 3000; i++) {
			struct ballot_body b;
			struct ballot_cast cf, cg;
			memset(&cf, 0, sizeof cf);
			memset(&cg, 0, sizeof cg);
			submission(&g, tok);
			struct ballot_cache *c = i % 2 ? cache : NULL;
			bool f = ballot_body_read(g.buf, g.n, &b) == 0 &&
				 ballot_prepare_body(S, c, &b, &cf) == 0;
			ballot_body_cleanup(&b);
			bool gp = general_path(c, g.buf, g.n, &cg) == 0;
			if (f && !gp)
				fail_msg("the body reader took what the general path refuses: %.*s",
					 (int)g.n, g.buf);
			if (g.valid_only && !f)
				fail_msg("the body reader refused a usual submission: %.*s",
					 (int)g.n, g.buf);
			if (f)
				assert_same_cast(&cf, &cg);
			fast += f;
			general += gp;
			ballot_cast_cleanup(&cf);
			ballot_cast_cleanup(&cg);
		}
	}
	print_message("general path took %d, body reader %d of 6000\n", general, fast);
	/* the corrupted half was refused often, and taken often */
	assert_true(general > 3300 && general < 5800);
	assert_true(fast > 3300);
	ballot_cache_free(cache);
	/* nothing to read at all */
	struct ballot_body b;
	assert_int_equal(ballot_body_read(NULL, 0, &b), -1);
	assert_int_equal(ballot_body_read("", 0, &b), -1);
	assert_int_equal(ballot_body_read("{}", 2, &b), -1);
}

static void test_validation_errors_name_the_field(void **state)
{
	char t[BALLOT_TOKEN_SIZE];
	one_token("R1", "public", "T01,T02,D01", NULL, t);
	REFUSED("R1", t, "{'unit':'T01'}", ZF_EINVAL, "ballots");
	REFUSED("R1", t, "[]", ZF_EINVAL, "ballots");
	REFUSED("R1", t, "['T01']", ZF_EINVAL, "ballots[0]");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':1},'who':'me'}]", ZF_EINVAL,
		"ballots[0].who");
	REFUSED("R1", t, "[{'ratings':{'sixiang':1}}]", ZF_EINVAL, "ballots[0].unit");
	REFUSED("R1", t, "[{'unit':7,'ratings':{'sixiang':1}}]", ZF_EINVAL, "ballots[0].unit");
	REFUSED("R1", t, "[{'unit':'T03','ratings':{'sixiang':1}}]", ZF_EINVAL, "ballots[0].unit");
	REFUSED("R1", t, "[{'unit':'ZZ9','ratings':{'sixiang':1}}]", ZF_EINVAL, "ballots[0].unit");
	REFUSED("R1", t,
		"[{'unit':'T01','ratings':{'sixiang':1}},{'unit':'T02','ratings':{'sixiang':1}},"
		"{'unit':'T01','ratings':{'sixiang':2}}]",
		ZF_EINVAL, "ballots[2].unit");
	REFUSED("R1", t, "[{'unit':'T01','ratings':[90]}]", ZF_EINVAL, "ballots[0].ratings");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'fuwu':90}}]", ZF_EINVAL,
		"ballots[0].ratings.fuwu");
	REFUSED("R1", t, "[{'unit':'D01','ratings':{'sixiang':90,'xuexi':90}}]", ZF_EINVAL,
		"ballots[0].ratings.xuexi");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':101}}]", ZF_EINVAL,
		"ballots[0].ratings.sixiang");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':-1}}]", ZF_EINVAL,
		"ballots[0].ratings.sixiang");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':90.5}}]", ZF_EINVAL,
		"ballots[0].ratings.sixiang");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':true}}]", ZF_EINVAL,
		"ballots[0].ratings.sixiang");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':'很好'}}]", ZF_EINVAL,
		"ballots[0].ratings.sixiang");
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':'1e2'}}]", ZF_EINVAL,
		"ballots[0].ratings.sixiang");
	REFUSED(
	    "R1", t,
	    "[{'unit':'T02','ratings':{'sixiang':80}},{'unit':'T01','ratings':{'gongzuo':[1]}}]",
	    ZF_EINVAL, "ballots[1].ratings.gongzuo");
	/* a unit with every indicator abstained is left out instead */
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':null,'xuexi':''}}]", ZF_EINVAL,
		"ballots[0].ratings");
	REFUSED("R1", t, "[{'unit':'T01'}]", ZF_EINVAL, "ballots[0].ratings");
	/* nothing spent by any of these: the token still casts */
	struct ballot_cast c;
	struct zf_err err;
	assert_int_equal(
	    prepare("R1", t, "[{'unit':'T01','ratings':{'sixiang':'100'}}]", false, &c, &err), 0);
	assert_int_equal(c.items[0].ratings[0], 100);
	ballot_cast_cleanup(&c);
}

static void test_rounds_and_tokens_refused(void **state)
{
	char t[BALLOT_TOKEN_SIZE], d[BALLOT_TOKEN_SIZE], other[BALLOT_TOKEN_SIZE];
	const char *b = "[{'unit':'T01','ratings':{'sixiang':90}}]";
	one_token("R1", "public", "T01", NULL, t);
	one_token("RD", "public", "T01", NULL, d);
	one_token("R2", "public", "T01", NULL, other);
	REFUSED("NOPE", t, b, ZF_ENOTFOUND, "round");
	REFUSED("RD", d, b, ZF_ECONFLICT, "round");
	REFUSED(NULL, d, b, ZF_ECONFLICT, "round"); /* the token's own round, a draft */
	REFUSED("RC", t, b, ZF_ECONFLICT, "round");
	REFUSED("R1", other, b, ZF_ENOTFOUND, "token"); /* a token of another round */
	REFUSED("R1", "not a token", b, ZF_ENOTFOUND, "token");
	char unknown[BALLOT_TOKEN_SIZE];
	ballot_token_new(unknown);
	REFUSED("R1", unknown, b, ZF_ENOTFOUND, "token");
	REFUSED(NULL, unknown, b, ZF_ENOTFOUND, "token");
	/* the messages name the state */
	struct ballot_cast c;
	struct zf_err err;
	assert_int_equal(prepare("RC", t, b, false, &c, &err), ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "closed"));
	assert_int_equal(prepare("RD", d, b, false, &c, &err), ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "draft"));
	/* the token typed loosely still works, with the round taken from it */
	char loose[64];
	int k = 0;
	for (int i = 0; t[i]; i++)
		if (t[i] != '-')
			loose[k++] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
	loose[k] = '\0';
	assert_int_equal(prepare(NULL, loose, b, false, &c, &err), 0);
	ballot_cast_cleanup(&c);
}

static void test_closing_between_check_and_write(void **state)
{
	char t[BALLOT_TOKEN_SIZE];
	struct ballot_cast c;
	struct zf_err err;
	round_create("R3", "open");
	one_token("R3", "public", "T01", NULL, t);
	assert_int_equal(
	    prepare("R3", t, "[{'unit':'T01','ratings':{'sixiang':90}}]", false, &c, &err), 0);
	assert_int_equal(eval_round_transition(S, &WHO, "R3", "close", NULL, &err), 0);
	int64_t b0 = count("SELECT count(*) FROM ballots");
	assert_int_equal(write_cast(&c, &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "round");
	assert_non_null(strstr(err.msg, "closed"));
	ballot_cast_cleanup(&c);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0);
	assert_int_equal(count("SELECT count(*) FROM tokens t JOIN rounds r ON r.id = t.round_id"
			       " WHERE r.code = 'R3' AND t.used = 1"),
			 0);
}

static void test_spent_between_check_and_write(void **state)
{
	char t[BALLOT_TOKEN_SIZE];
	struct ballot_cast c1, c2;
	struct zf_err err;
	one_token("R1", "public", "T01", NULL, t);
	const char *b = "[{'unit':'T01','ratings':{'sixiang':90}}]";
	assert_int_equal(prepare("R1", t, b, true, &c1, &err), 0);
	assert_int_equal(prepare("R1", t, b, true, &c2, &err), 0); /* both pass the read check */
	int64_t b0 = count("SELECT count(*) FROM ballots"),
		r0 = count("SELECT count(*) FROM receipts");
	assert_int_equal(write_cast(&c1, &err), 0);
	assert_int_equal(write_cast(&c2, &err), ZF_ECONFLICT); /* the write is the authority */
	assert_string_equal(err.field, "token");
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 1);
	assert_int_equal(count("SELECT count(*) FROM receipts"), r0 + 1);
	ballot_cast_cleanup(&c1);
	ballot_cast_cleanup(&c2);
}

/* ---- receipts ---- */

static void test_receipts(void **state)
{
	char t[BALLOT_TOKEN_SIZE], codes[3][BALLOT_RECEIPT_SIZE];
	struct ballot_cast c;
	struct zf_err err;
	bool counted;
	round_create("RR", "open");
	for (int i = 0; i < 3; i++) {
		one_token("RR", "public", "T01", NULL, t);
		assert_int_equal(
		    prepare("RR", t, "[{'unit':'T01','ratings':{'sixiang':90}}]", true, &c, &err),
		    0);
		assert_true(c.receipt);
		snprintf(codes[i], sizeof codes[i], "%s", c.receipt_code);
		assert_int_equal(write_cast(&c, &err), 0);
		ballot_cast_cleanup(&c);
	}
	/* a voter who did not ask gets none */
	one_token("RR", "public", "T01", NULL, t);
	assert_int_equal(
	    prepare("RR", t, "[{'unit':'T01','ratings':{'sixiang':90}}]", false, &c, &err), 0);
	assert_int_equal(c.receipt_code[0], '\0');
	assert_int_equal(write_cast(&c, &err), 0);
	ballot_cast_cleanup(&c);

	for (int i = 0; i < 3; i++) {
		assert_int_equal(ballot_receipt_check(S, "RR", codes[i], &counted, &err), 0);
		assert_true(counted);
	}
	char lower[BALLOT_RECEIPT_SIZE];
	for (int i = 0; codes[0][i]; i++)
		lower[i] = (char)(codes[0][i] >= 'A' && codes[0][i] <= 'Z' ? codes[0][i] + 32
									   : codes[0][i]);
	lower[BALLOT_RECEIPT_SIZE - 1] = '\0';
	assert_int_equal(ballot_receipt_check(S, "RR", lower, &counted, &err), 0);
	assert_true(counted);
	char fresh[BALLOT_RECEIPT_SIZE];
	ballot_receipt_new(fresh);
	assert_int_equal(ballot_receipt_check(S, "RR", fresh, &counted, &err), 0);
	assert_false(counted);
	assert_int_equal(ballot_receipt_check(S, "RR", "junk", &counted, &err), 0);
	assert_false(counted);
	assert_int_equal(ballot_receipt_check(S, "R1", codes[0], &counted, &err), 0);
	assert_false(counted); /* another round's list */
	assert_int_equal(ballot_receipt_check(S, "NOPE", codes[0], &counted, &err), ZF_ENOTFOUND);

	/* the published list: sorted hashes, the hash of each code among them */
	json_t *l;
	assert_int_equal(ballot_receipts_list(S, "RR", NULL, 100, &l, &err), 0);
	json_t *arr = json_object_get(l, "receipts");
	assert_int_equal(json_array_size(arr), 3);
	for (size_t i = 1; i < 3; i++)
		assert_true(strcmp(json_string_value(json_array_get(arr, i - 1)),
				   json_string_value(json_array_get(arr, i))) < 0);
	assert_true(json_is_null(json_object_get(l, "next_after")));
	for (int i = 0; i < 3; i++) {
		char canon[32], hex[2 * BALLOT_HASH_BYTES + 1];
		unsigned char h[BALLOT_HASH_BYTES];
		ballot_code_normalize(codes[i], BALLOT_RECEIPT_CHARS, canon);
		ballot_code_hash(canon, h);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		int found = 0;
		for (size_t k = 0; k < 3; k++)
			found += !strcmp(json_string_value(json_array_get(arr, k)), hex);
		assert_int_equal(found, 1);
	}
	/* paging */
	char second[80];
	snprintf(second, sizeof second, "%s", json_string_value(json_array_get(arr, 1)));
	json_t *p1;
	assert_int_equal(ballot_receipts_list(S, "RR", NULL, 2, &p1, &err), 0);
	assert_string_equal(json_string_value(json_object_get(p1, "next_after")), second);
	json_t *p2;
	assert_int_equal(ballot_receipts_list(S, "RR", second, 2, &p2, &err), 0);
	assert_int_equal(json_array_size(json_object_get(p2, "receipts")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(p2, "receipts"), 0)),
			    json_string_value(json_array_get(arr, 2)));
	json_decref(p1);
	json_decref(p2);
	json_decref(l);
	assert_int_equal(ballot_receipts_list(S, "RR", "xyz", 2, &l, &err), ZF_EINVAL);
	assert_string_equal(err.field, "after");
	assert_int_equal(ballot_receipts_list(S, "NOPE", NULL, 2, &l, &err), ZF_ENOTFOUND);
	/* a receipt row is linked to nothing: its round, its hash and the day */
	assert_int_equal(count("SELECT count(*) FROM pragma_table_info('receipts')"), 3);
}

/* ---- the mutual evaluation ---- */

static void test_mutual_by_token(void **state)
{
	char t[BALLOT_TOKEN_SIZE];
	struct ballot_cast c;
	struct zf_err err;
	one_token("R1", "mutual", NULL, "T01", t);
	REFUSED("R1", t, "[{'unit':'T01','ratings':{'sixiang':90}}]", ZF_EFORBIDDEN,
		"ballots[0].unit");
	REFUSED("R1", t, "[{'unit':'D01','ratings':{'sixiang':90}}]", ZF_EINVAL, "ballots[0].unit");
	assert_int_equal(
	    prepare("R1", t, "[{'unit':'T02','ratings':{'sixiang':90}}]", false, &c, &err), 0);
	/* the writer's job reads the token: its group makes the channel and the rater */
	assert_int_equal(write_cast(&c, &err), 0);
	assert_string_equal(c.channel, "mutual");
	assert_int_equal(c.rater_unit_id, unit_id("T01"));
	ballot_cast_cleanup(&c);
	char q[256];
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM ballots WHERE channel = 'mutual' AND grp = 6 AND"
		 " rater_unit_id = %lld AND unit_id = %lld",
		 (long long)unit_id("T01"), (long long)unit_id("T02"));
	assert_int_equal(count(q), 1);
	/* the form names the rater */
	json_t *f;
	one_token("R1", "mutual", NULL, "T02", t);
	assert_int_equal(ballot_form_token(S, NULL, "R1", t, &f, &err), 0);
	assert_true(json_is_true(json_object_get(f, "mutual")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(f, "rater"), "code")),
			    "T02");
	json_decref(f);
}

static int mutual(const char *round, const struct actor *a, const char *ballots,
		  struct ballot_cast *c, struct zf_err *err)
{
	json_t *b = js(ballots);
	zf_err_clear(err);
	int rc = ballot_prepare_mutual(S, NULL, round, a, b, false, c, err);
	json_decref(b);
	return rc;
}

static void test_mutual_by_account(void **state)
{
	struct ballot_cast c;
	struct zf_err err;
	struct actor a = test_actor("leader_t01");
	round_create("RM", "open");
	sql("INSERT INTO users(username, role, unit_id, pw_hash, pw_changed_at, created_at)"
	    " SELECT 'leader_t01', 'unit_leader', id, 'x', 0, '2026-01-01' FROM units"
	    " WHERE code = 'T01'");
	a.user_id = count("SELECT id FROM users WHERE username = 'leader_t01'");
	a.unit_id = unit_id("T01");

	/* the form: the other active units of the category, not yet voted */
	json_t *f;
	assert_int_equal(ballot_form_mutual(S, NULL, "RM", &a, &f, &err), 0);
	json_t *units = json_object_get(f, "units");
	assert_int_equal(json_array_size(units), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(units, 0), "code")),
			    "T02");
	assert_true(json_is_false(json_object_get(f, "voted")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(f, "group"), "code")),
			    "mutual");
	json_decref(f);

	int64_t b0 = count("SELECT count(*) FROM ballots");
	assert_int_equal(mutual("RM", &a, "[{'unit':'T01','ratings':{'sixiang':100}}]", &c, &err),
			 ZF_EFORBIDDEN);
	assert_string_equal(err.field, "ballots[0].unit");
	assert_int_equal(mutual("RM", &a, "[{'unit':'D01','ratings':{'sixiang':100}}]", &c, &err),
			 ZF_EINVAL);
	assert_string_equal(err.field, "ballots[0].unit");
	assert_int_equal(mutual("RM", &a, "[{'unit':'T04','ratings':{'sixiang':100}}]", &c, &err),
			 ZF_EINVAL); /* inactive */
	assert_int_equal(mutual("RD", &a, "[{'unit':'T02','ratings':{'sixiang':100}}]", &c, &err),
			 ZF_ECONFLICT);
	assert_string_equal(err.field, "round");
	struct actor office = test_actor("office");
	office.user_id = a.user_id;
	assert_int_equal(
	    mutual("RM", &office, "[{'unit':'T02','ratings':{'sixiang':1}}]", &c, &err),
	    ZF_EFORBIDDEN);
	assert_string_equal(err.field, "unit");
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0);

	assert_int_equal(mutual("RM", &a,
				"[{'unit':'T02','ratings':{'sixiang':100}},"
				"{'unit':'T03','ratings':{'xuexi':'不满意'}}]",
				&c, &err),
			 0);
	assert_int_equal(write_cast(&c, &err), 0);
	ballot_cast_cleanup(&c);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 2);
	char q[200];
	snprintf(q, sizeof q,
		 "SELECT count(*) FROM ballots WHERE channel = 'mutual' AND rater_unit_id = %lld"
		 " AND round_id = (SELECT id FROM rounds WHERE code = 'RM')",
		 (long long)a.unit_id);
	assert_int_equal(count(q), 2);
	assert_int_equal(count("SELECT count(*) FROM mutual_voters"), 1);

	/* once per account and round */
	assert_int_equal(mutual("RM", &a, "[{'unit':'T02','ratings':{'sixiang':100}}]", &c, &err),
			 ZF_ECONFLICT);
	assert_string_equal(err.field, "account");
	assert_int_equal(ballot_form_mutual(S, NULL, "RM", &a, &f, &err), 0);
	assert_true(json_is_true(json_object_get(f, "voted")));
	json_decref(f);
}

/* ---- what is stored ---- */

static bool contains(const char *p, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n <= len && i <= len - n; i++)
		if (!memcmp(p + i, needle, n))
			return true;
	return false;
}

/* Every text or blob cell of every table, as text, must not contain needle. */
static void nowhere_in_db(const char *needle)
{
	struct zf_err err;
	struct stmt *t =
	    store_prepare(S, "SELECT name FROM sqlite_master WHERE type = 'table'", &err);
	char names[64][64];
	int n = 0;
	while (stmt_step(t, &err) == STORE_ROW && n < 64)
		snprintf(names[n++], 64, "%s", stmt_text(t, 0));
	stmt_reset(t);
	for (int i = 0; i < n; i++) {
		char q[128];
		snprintf(q, sizeof q, "SELECT * FROM \"%.60s\"", names[i]);
		struct stmt *st = store_prepare(S, q, &err);
		assert_non_null(st);
		while (stmt_step(st, &err) == STORE_ROW)
			for (int c = 0; c < stmt_columns(st); c++) {
				size_t len;
				const char *p = stmt_blob(st, c, &len);
				if (p && contains(p, len, needle))
					fail_msg("'%s' found in %s.%s", needle, names[i],
						 stmt_column_name(st, c));
			}
		stmt_reset(st);
	}
}

static void test_nothing_links_ballots_to_voters(void **state)
{
	char t[BALLOT_TOKEN_SIZE], canon[64], code[BALLOT_RECEIPT_SIZE];
	struct ballot_cast c;
	struct zf_err err;
	one_token("R1", "public", "T01", NULL, t);
	assert_int_equal(
	    prepare("R1", t, "[{'unit':'T01','ratings':{'sixiang':90}}]", true, &c, &err), 0);
	snprintf(code, sizeof code, "%s", c.receipt_code);
	assert_int_equal(write_cast(&c, &err), 0);
	ballot_cast_cleanup(&c);
	/* no token and no receipt code in clear anywhere */
	ballot_code_normalize(t, BALLOT_TOKEN_CHARS, canon);
	nowhere_in_db(t);
	nowhere_in_db(canon);
	nowhere_in_db(code);
	ballot_code_normalize(code, BALLOT_RECEIPT_CHARS, canon);
	nowhere_in_db(canon);
	/* a ballot row has exactly these columns: no token, account or time of day */
	const char *want[] = {"round_id", "unit_id",	   "grp", "id",
			      "channel",  "rater_unit_id", "day", "ratings"};
	struct stmt *st =
	    store_prepare(S, "SELECT name FROM pragma_table_info('ballots') ORDER BY cid", &err);
	int k = 0;
	while (stmt_step(st, &err) == STORE_ROW) {
		assert_true(k < 8);
		assert_string_equal(stmt_text(st, 0), want[k++]);
	}
	stmt_reset(st);
	assert_int_equal(k, 8);
	/* a token row keeps no time of use */
	assert_int_equal(count("SELECT count(*) FROM pragma_table_info('tokens')"
			       " WHERE name LIKE '%at' OR name LIKE '%time%' OR name LIKE '%day%'"),
			 0);
	/* the register of mutual voters says who voted, not what or when */
	assert_int_equal(count("SELECT count(*) FROM pragma_table_info('mutual_voters')"), 2);
	/* casting writes no audit entry (it would tie a time to a vote) */
	int64_t a0 = count("SELECT count(*) FROM audit_log");
	one_token("R1", "public", "T01", NULL, t);
	a0 = count("SELECT count(*) FROM audit_log");
	assert_int_equal(
	    prepare("R1", t, "[{'unit':'T01','ratings':{'sixiang':90}}]", false, &c, &err), 0);
	assert_int_equal(write_cast(&c, &err), 0);
	ballot_cast_cleanup(&c);
	assert_int_equal(count("SELECT count(*) FROM audit_log"), a0);
}

/* ---- the form, the cache ---- */

static void test_form_does_not_spend(void **state)
{
	char t[BALLOT_TOKEN_SIZE];
	json_t *f;
	struct zf_err err;
	one_token("R1", "public", "T02,D01", NULL, t);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(ballot_form_token(S, NULL, i ? NULL : "R1", t, &f, &err), 0);
		assert_string_equal(
		    json_string_value(json_object_get(json_object_get(f, "round"), "name")),
		    "测试轮次");
		assert_string_equal(
		    json_string_value(json_object_get(json_object_get(f, "group"), "name")),
		    "普通群众");
		json_t *u = json_object_get(f, "units");
		assert_int_equal(json_array_size(u), 2);
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(u, 0), "code")), "D01");
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(u, 0), "name")), "财政局");
		json_t *ind = json_object_get(f, "indicators");
		assert_int_equal(json_array_size(json_object_get(ind, "dept")), 2);
		assert_int_equal(json_array_size(json_object_get(ind, "township")), 3);
		assert_string_equal(
		    json_string_value(json_object_get(
			json_array_get(json_object_get(ind, "township"), 1), "name")),
		    "学习作风");
		json_t *labels = json_object_get(f, "labels");
		assert_int_equal(json_array_size(labels), 4);
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(labels, 0), "text")), "满意");
		assert_true(json_is_null(json_object_get(f, "rater")));
		json_decref(f);
	}
	/* still unused */
	struct ballot_cast c;
	assert_int_equal(
	    prepare("R1", t, "[{'unit':'T02','ratings':{'sixiang':60}}]", false, &c, &err), 0);
	assert_int_equal(write_cast(&c, &err), 0);
	ballot_cast_cleanup(&c);
	assert_int_equal(ballot_form_token(S, NULL, "R1", t, &f, &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "token");
	char unknown[BALLOT_TOKEN_SIZE];
	ballot_token_new(unknown);
	assert_int_equal(ballot_form_token(S, NULL, "R1", unknown, &f, &err), ZF_ENOTFOUND);
	assert_string_equal(err.field, "token");
}

static void test_cache_follows_the_stored_configuration(void **state)
{
	struct ballot_cache *cache = ballot_cache_new();
	char t[BALLOT_TOKEN_SIZE];
	json_t *f;
	struct zf_err err;
	round_create("RK", "open");
	one_token("RK", "public", "T01", NULL, t);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ballot_form_token(S, cache, "RK", t, &f, &err), 0);
		json_decref(f);
	}
	/* other rounds through the same cache, more than it holds */
	const char *others[] = {"R1", "R2", "RR", "RM", "RK"};
	for (size_t i = 0; i < 5; i++) {
		char o[BALLOT_TOKEN_SIZE];
		one_token(others[i], "public", "T01", NULL, o);
		assert_int_equal(ballot_form_token(S, cache, others[i], o, &f, &err), 0);
		json_decref(f);
	}
	/* a changed row is parsed again (a round's configuration is fixed at creation; any
	 * update of the row moves updated_at) */
	sql("UPDATE rounds SET config = replace(config, '思想作风', '思想作风（新）'),"
	    " updated_at = '2099-01-01T00:00:00Z' WHERE code = 'RK'");
	assert_int_equal(ballot_form_token(S, cache, "RK", t, &f, &err), 0);
	json_t *ind = json_object_get(json_object_get(f, "indicators"), "township");
	assert_string_equal(json_string_value(json_object_get(json_array_get(ind, 0), "name")),
			    "思想作风（新）");
	json_decref(f);
	/* casting through the cache */
	struct ballot_cast c;
	json_t *b = js("[{'unit':'T01','ratings':{'sixiang':60}}]");
	assert_int_equal(ballot_prepare_token(S, cache, "RK", t, b, false, &c, &err), 0);
	json_decref(b);
	ballot_cast_cleanup(&c);
	ballot_cache_free(cache);
	ballot_cache_free(NULL);
}

/* ---- the throttle ---- */

static void test_throttle(void **state)
{
	struct ballot_throttle *t = ballot_throttle_new(3, 60);
	time_set_fake(1000000);
	assert_false(ballot_throttle_blocked(t, "10.0.0.1"));
	for (int i = 0; i < 3; i++) {
		assert_false(ballot_throttle_blocked(t, "10.0.0.1"));
		ballot_throttle_fail(t, "10.0.0.1");
	}
	assert_true(ballot_throttle_blocked(t, "10.0.0.1"));
	assert_false(ballot_throttle_blocked(t, "10.0.0.2"));
	time_set_fake(1000000 + 59);
	assert_true(ballot_throttle_blocked(t, "10.0.0.1"));
	time_set_fake(1000000 + 61);
	assert_false(ballot_throttle_blocked(t, "10.0.0.1"));
	ballot_throttle_fail(t, "10.0.0.1");
	assert_false(ballot_throttle_blocked(t, "10.0.0.1")); /* a new window */
	/* many addresses: the table stays bounded and the newest failures are kept */
	char a[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(a, sizeof a, "10.1.%d.%d", i / 256, i % 256);
		ballot_throttle_fail(t, a);
	}
	for (int i = 0; i < 3; i++)
		ballot_throttle_fail(t, "192.168.1.1");
	assert_true(ballot_throttle_blocked(t, "192.168.1.1"));
	time_set_fake(0);
	ballot_throttle_free(t);
	ballot_throttle_free(NULL);
}

/* ---- through the writer ---- */

struct racer {
	struct writer *w;
	struct ballot_cast c;
	int rc;
	pthread_barrier_t *go;
};

static void *race(void *p)
{
	struct racer *r = p;
	struct zf_err err;
	pthread_barrier_wait(r->go);
	r->rc = ballot_cast_commit(r->w, &r->c, &err);
	return NULL;
}

struct async_done {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int n, ok, conflicts;
};

static void on_done(void *arg, int rc, const struct zf_err *err)
{
	struct async_done *d = arg;
	pthread_mutex_lock(&d->mu);
	d->n++;
	if (rc == 0)
		d->ok++;
	else if (rc == ZF_ECONFLICT && !strcmp(err->field, "token"))
		d->conflicts++;
	pthread_cond_signal(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

static int64_t token_id_of(const char *token)
{
	char canon[BALLOT_TOKEN_CHARS + 1];
	unsigned char h[BALLOT_HASH_BYTES];
	int64_t id = 0;
	struct zf_err err;
	assert_int_equal(ballot_code_normalize(token, BALLOT_TOKEN_CHARS, canon), 0);
	ballot_code_hash(canon, h);
	struct stmt *st = store_prepare(S, "SELECT id FROM tokens WHERE hash = ?", &err);
	stmt_bind_blob(st, 1, h, sizeof h);
	if (stmt_step(st, &err) == STORE_ROW)
		id = stmt_int(st, 0);
	stmt_reset(st);
	return id;
}

static int64_t hint_of(struct store *w, const char *token)
{
	char canon[BALLOT_TOKEN_CHARS + 1];
	unsigned char h[BALLOT_HASH_BYTES];
	assert_int_equal(ballot_code_normalize(token, BALLOT_TOKEN_CHARS, canon), 0);
	ballot_code_hash(canon, h);
	struct ballot_hint hint;
	return ballot_hint(w, h, &hint) ? hint.id : 0;
}

/* The token rows a and b swap hashes: a hint for either now names the other's row. */
static void swap_hashes(int64_t a, int64_t b)
{
	char q[512];
	snprintf(q, sizeof q,
		 "CREATE TEMP TABLE swap AS SELECT id, hash FROM tokens WHERE id IN (%lld, %lld);"
		 "UPDATE tokens SET hash = zeroblob(32) WHERE id = %lld;"
		 "UPDATE tokens SET hash = (SELECT hash FROM swap WHERE id = %lld) WHERE id = %lld;"
		 "UPDATE tokens SET hash = (SELECT hash FROM swap WHERE id = %lld) WHERE id = %lld;"
		 "DROP TABLE swap",
		 (long long)a, (long long)b, (long long)a, (long long)a, (long long)b, (long long)b,
		 (long long)a);
	sql(q);
}

/* Casts with token on the writing connection w, as the writer does. */
static int cast_on(struct store *w, const char *token, struct zf_err *err)
{
	struct ballot_cast c;
	int rc = prepare("R1", token, "[{'unit':'T01','ratings':{'sixiang':70}}]", false, &c, err);
	if (rc == 0) {
		assert_int_equal(store_begin(w, err), 0);
		rc = ballot_cast_write(w, &c, err);
		if (rc == 0)
			assert_int_equal(store_commit(w, err), 0);
		else
			store_rollback(w);
	}
	ballot_cast_cleanup(&c);
	return rc;
}

/* The writer's hints (ballot_hints.c) name each unspent token's row; a hint is checked
 * against the row's hash, so a wrong one only sends the lookup to the hash index, and a
 * token issued after the hints were loaded is found there too. */
static void test_writer_hints(void **state)
{
	struct ballot_issued o = issue("R1", "public", "T01", NULL, NULL, 3);
	struct zf_err err;
	struct store *w;
	assert_int_equal(store_open(PATH, &w, &err), 0);
	int64_t id0 = token_id_of(o.tokens[0]), id1 = token_id_of(o.tokens[1]);
	assert_true(id0 > 0 && id1 > 0 && id0 != id1);
	/* loaded in the background: the first call on a connection starts the load */
	int64_t hint = 0;
	for (int i = 0; i < 500 && !hint; i++) {
		hint = hint_of(w, o.tokens[0]);
		if (!hint)
			usleep(10000);
	}
	assert_int_equal(hint, id0);
	assert_int_equal(hint_of(w, o.tokens[1]), id1);
	/* the two rows swap hashes: each hint now names the other token's row */
	char q[512];
	swap_hashes(id0, id1);
	assert_int_equal(hint_of(w, o.tokens[0]), id0); /* the hint is now wrong */
	assert_int_equal(cast_on(w, o.tokens[0], &err), 0);
	snprintf(q, sizeof q, "SELECT used FROM tokens WHERE id = %lld", (long long)id1);
	assert_int_equal(count(q), 1); /* the row that holds token 0's hash now */
	snprintf(q, sizeof q, "SELECT used FROM tokens WHERE id = %lld", (long long)id0);
	assert_int_equal(count(q), 0);
	assert_int_equal(cast_on(w, o.tokens[0], &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "token");
	assert_int_equal(cast_on(w, o.tokens[1], &err), 0);
	assert_int_equal(count(q), 1);
	/* a token issued now has no hint, and counts all the same, once */
	struct ballot_issued later = issue("R1", "public", "T01", NULL, NULL, 1);
	assert_int_equal(hint_of(w, later.tokens[0]), 0);
	assert_int_equal(cast_on(w, later.tokens[0], &err), 0);
	assert_int_equal(cast_on(w, later.tokens[0], &err), ZF_ECONFLICT);
	/* an unknown token, hint or none */
	assert_int_equal(cast_on(w, "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", &err), ZF_ENOTFOUND);
	store_close(w); /* and its hints, joining a loader that may run again */
	ballot_issued_cleanup(&later);
	ballot_issued_cleanup(&o);
}

/* With the hints loaded, the writer spends the usual token by its hinted number and takes
 * its group, channel and rater from the hint (ballot.c, spend_hinted); whatever that path
 * does not settle goes to the full check, which names the fault, and nothing is written. */
static void test_writer_hinted_spend(void **state)
{
	struct zf_err err;
	struct ballot_cast c;
	const char *t01 = "[{'unit':'T01','ratings':{'sixiang':90}}]";
	const char *t02 = "[{'unit':'T02','ratings':{'sixiang':90}}]";
	const char *reopen = "UPDATE rounds SET state = 'open' WHERE code = 'R5'";
	const char *close_r5 = "UPDATE rounds SET state = 'closed' WHERE code = 'R5'";
	round_create("R5", "open");
	struct ballot_issued pub = issue("R5", "public", "T01", NULL, NULL, 5);
	struct ballot_issued mut = issue("R5", "mutual", "T02", NULL, "T01", 1);
	struct ballot_issued two = issue("R5", "public", "T01,T02", NULL, NULL, 1);
	struct ballot_issued more = issue("R5", "public", "T01", NULL, NULL, 2);
	struct store *w;
	assert_int_equal(store_open(PATH, &w, &err), 0);
	int64_t hint = 0;
	for (int i = 0; i < 500 && !hint; i++) {
		hint = hint_of(w, more.tokens[1]);
		if (!hint)
			usleep(10000);
	}
	assert_int_equal(hint, token_id_of(more.tokens[1]));
	int64_t b0 = count("SELECT count(*) FROM ballots");

	/* the usual cast: the ballot carries the token's group and channel, and the token is
	 * spent; a second cast is refused as the full check refuses it */
	assert_int_equal(prepare("R5", pub.tokens[0], t01, false, &c, &err), 0);
	assert_int_equal(write_on(w, &c, &err), 0);
	assert_string_equal(c.channel, "network");
	assert_int_equal(c.token_id, token_id_of(pub.tokens[0]));
	assert_int_equal(c.rater_unit_id, 0);
	ballot_cast_cleanup(&c);
	assert_int_equal(prepare("R5", pub.tokens[0], t01, false, &c, &err), 0);
	assert_int_equal(write_on(w, &c, &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "token");
	ballot_cast_cleanup(&c);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 1);
	assert_int_equal(count("SELECT count(*) FROM ballots b JOIN rounds r ON r.id = b.round_id"
			       " WHERE r.code = 'R5' AND b.channel = 'network' AND b.grp = 5"),
			 1);

	/* a mutual token: its rater comes from the hint */
	assert_int_equal(prepare("R5", mut.tokens[0], t02, false, &c, &err), 0);
	assert_int_equal(write_on(w, &c, &err), 0);
	assert_string_equal(c.channel, "mutual");
	assert_int_equal(c.rater_unit_id, unit_id("T01"));
	ballot_cast_cleanup(&c);

	/* a token of two units rating one: the full check */
	assert_int_equal(prepare("R5", two.tokens[0], t01, false, &c, &err), 0);
	assert_int_equal(write_on(w, &c, &err), 0);
	ballot_cast_cleanup(&c);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 3);

	/* closed, or the unit moved, between the worker's check and the writer's (by another
	 * connection, just after a cast the writer remembers the round from): refused and
	 * nothing written, the token unspent */
	struct ballot_cast c0;
	assert_int_equal(prepare("R5", pub.tokens[4], t01, false, &c0, &err), 0);
	assert_int_equal(prepare("R5", pub.tokens[1], t01, false, &c, &err), 0);
	assert_int_equal(write_on(w, &c0, &err), 0);
	ballot_cast_cleanup(&c0);
	sql(close_r5);
	assert_int_equal(write_on(w, &c, &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "round");
	assert_non_null(strstr(err.msg, "closed"));
	sql(reopen);
	sql("UPDATE units SET category_id = (SELECT category_id FROM units WHERE code = 'D01')"
	    " WHERE code = 'T01'");
	assert_int_equal(write_on(w, &c, &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "ballots[0].unit");
	sql("UPDATE units SET category_id = (SELECT category_id FROM units WHERE code = 'T02')"
	    " WHERE code = 'T01'");
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 4);
	assert_int_equal(write_on(w, &c, &err), 0); /* and then it counts */
	ballot_cast_cleanup(&c);

	/* the writer's own transaction closes or reopens the round before the cast: what the
	 * writer remembers of rounds is not trusted across its own writes or a rollback */
	struct ballot_cast c2;
	assert_int_equal(prepare("R5", more.tokens[0], t01, false, &c, &err), 0);
	assert_int_equal(prepare("R5", more.tokens[1], t01, false, &c2, &err), 0);
	assert_int_equal(store_begin(w, &err), 0);
	assert_int_equal(ballot_cast_write(w, &c, &err), 0); /* open, remembered */
	assert_int_equal(store_exec(w, close_r5, &err), 0);
	assert_int_equal(ballot_cast_write(w, &c2, &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "round");
	store_rollback(w);
	ballot_cast_cleanup(&c);
	sql(close_r5);
	assert_int_equal(store_begin(w, &err), 0);
	assert_int_equal(store_exec(w, reopen, &err), 0);
	assert_int_equal(ballot_cast_write(w, &c2, &err), 0); /* open in this transaction */
	store_rollback(w);				      /* and closed again */
	assert_int_equal(store_begin(w, &err), 0);
	assert_int_equal(ballot_cast_write(w, &c2, &err), ZF_ECONFLICT);
	assert_string_equal(err.field, "round");
	store_rollback(w);
	sql(reopen);
	assert_int_equal(write_on(w, &c2, &err), 0);
	ballot_cast_cleanup(&c2);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 6);
	ballot_issued_cleanup(&more);

	/* a hint that names another row: the spend by number and hash finds nothing, and the
	 * full check spends the right token */
	int64_t id2 = token_id_of(pub.tokens[2]), id3 = token_id_of(pub.tokens[3]);
	char q[512];
	swap_hashes(id2, id3);
	assert_int_equal(prepare("R5", pub.tokens[2], t01, false, &c, &err), 0);
	assert_int_equal(write_on(w, &c, &err), 0);
	assert_int_equal(c.token_id, id3);
	ballot_cast_cleanup(&c);
	snprintf(q, sizeof q, "SELECT used FROM tokens WHERE id = %lld", (long long)id2);
	assert_int_equal(count(q), 0);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 7);
	store_close(w);
	ballot_issued_cleanup(&pub);
	ballot_issued_cleanup(&mut);
	ballot_issued_cleanup(&two);
}

static void test_writer_spends_a_token_once(void **state)
{
	struct writer *w;
	struct zf_err err;
	char t[BALLOT_TOKEN_SIZE];
	assert_int_equal(writer_start(PATH, 0, &w, &err), 0);
	const char *b = "[{'unit':'T01','ratings':{'sixiang':90}}]";
	/* eight threads with the same token: exactly one wins */
	one_token("R1", "public", "T01", NULL, t);
	int64_t b0 = count("SELECT count(*) FROM ballots");
	struct racer r[8];
	pthread_t th[8];
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, 8);
	for (int i = 0; i < 8; i++) {
		r[i].w = w;
		r[i].go = &go;
		assert_int_equal(prepare("R1", t, b, false, &r[i].c, &err), 0);
	}
	for (int i = 0; i < 8; i++)
		pthread_create(&th[i], NULL, race, &r[i]);
	int wins = 0, conflicts = 0;
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		wins += r[i].rc == 0;
		conflicts += r[i].rc == ZF_ECONFLICT;
		ballot_cast_cleanup(&r[i].c);
	}
	pthread_barrier_destroy(&go);
	assert_int_equal(wins, 1);
	assert_int_equal(conflicts, 7);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 1);

	/* asynchronously: 20 tokens, each submitted twice, in one burst */
	struct async_done d = {.n = 0};
	pthread_mutex_init(&d.mu, NULL);
	pthread_cond_init(&d.cv, NULL);
	struct ballot_cast *casts = calloc(40, sizeof *casts);
	for (int i = 0; i < 20; i++) {
		one_token("R1", "public", "T01", NULL, t);
		assert_int_equal(prepare("R1", t, b, false, &casts[2 * i], &err), 0);
		assert_int_equal(prepare("R1", t, b, false, &casts[2 * i + 1], &err), 0);
	}
	b0 = count("SELECT count(*) FROM ballots");
	for (int i = 0; i < 40; i++)
		assert_int_equal(ballot_cast_commit_async(w, &casts[i], on_done, &d, &err), 0);
	pthread_mutex_lock(&d.mu);
	while (d.n < 40)
		pthread_cond_wait(&d.cv, &d.mu);
	pthread_mutex_unlock(&d.mu);
	assert_int_equal(d.ok, 20);
	assert_int_equal(d.conflicts, 20);
	for (int i = 0; i < 40; i++)
		ballot_cast_cleanup(&casts[i]);
	free(casts);
	writer_stop(w);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 20);
	/* the writer's connection leaves foreign keys to its jobs (store/writer.h) */
	struct stmt *fk = store_prepare(S, "PRAGMA foreign_key_check", &err);
	assert_int_equal(stmt_step(fk, &err), STORE_DONE);
	stmt_reset(fk);
	pthread_mutex_destroy(&d.mu);
	pthread_cond_destroy(&d.cv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_token_text_and_hash),
	    cmocka_unit_test(test_issue_stores_only_hashes),
	    cmocka_unit_test(test_issue_coverage),
	    cmocka_unit_test(test_issue_errors),
	    cmocka_unit_test(test_tokens_stats),
	    cmocka_unit_test(test_cast_stores_anonymous_ballots),
	    cmocka_unit_test(test_body_reader_agrees_with_the_general_path),
	    cmocka_unit_test(test_validation_errors_name_the_field),
	    cmocka_unit_test(test_rounds_and_tokens_refused),
	    cmocka_unit_test(test_closing_between_check_and_write),
	    cmocka_unit_test(test_spent_between_check_and_write),
	    cmocka_unit_test(test_receipts),
	    cmocka_unit_test(test_mutual_by_token),
	    cmocka_unit_test(test_mutual_by_account),
	    cmocka_unit_test(test_nothing_links_ballots_to_voters),
	    cmocka_unit_test(test_form_does_not_spend),
	    cmocka_unit_test(test_cache_follows_the_stored_configuration),
	    cmocka_unit_test(test_throttle),
	    cmocka_unit_test(test_writer_spends_a_token_once),
	    cmocka_unit_test(test_writer_hints),
	    cmocka_unit_test(test_writer_hinted_spend),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
