/* gen_round.c: makes the district-scale round that `make bench` measures: NU units in six
 * categories, a round whose every category rates 17 indicators, and NB ballots spread over
 * the units and the seven default groups, written straight into the ballots table in one
 * transaction. Beside it, a plain SQLite table r(unit, grp, indicator, score) holding the same
 * ratings one row each: the fixed reference the ranking is timed against.
 *
 * usage: zf_bench_gen DB REFDB NBALLOTS */
#include "audit/audit.h"
#include "base/buf.h"
#include "base/util.h"
#include "eval/eval.h"
#include "org/org.h"
#include "store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIND 17
#define NGROUPS 7
#define NU 60

static const char *const cats[] = {"township", "dangqun", "zhengfa", "jingji", "shehui",
				   "chengjian"};
static const char *const inds[NIND] = {"sixiang", "fuwu",    "huanjing", "xiaoneng", "lianjie",
				       "xuexi",   "lingdao", "weimin",   "zunzhang", "jingshen",
				       "taidu",   "xingxiang", "gongzuo", "qingzheng", "lvzhi",
				       "zhizheng", "renwu"};

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void die(const char *what, const struct zf_err *err)
{
	fprintf(stderr, "zf_bench_gen: %s: %s\n", what, err->msg);
	exit(1);
}

int main(int argc, char **argv)
{
	struct store *s, *ref;
	struct zf_err err;
	struct actor who;
	if (argc != 4) {
		fprintf(stderr, "usage: zf_bench_gen DB REFDB NBALLOTS\n");
		return 2;
	}
	long nb = atol(argv[3]);
	memset(&who, 0, sizeof who);
	snprintf(who.username, sizeof who.username, "bench");
	snprintf(who.addr, sizeof who.addr, "local");
	if (store_open(argv[1], &s, &err) < 0)
		die(argv[1], &err);
	if (store_open_plain(argv[2], &ref, &err) < 0)
		die(argv[2], &err);

	/* the round: every category rates the same 17 indicators */
	struct buf cfg = BUF_INIT;
	buf_puts(&cfg, "{\"code\":\"B\",\"name\":\"bench\",\"indicators\":{");
	for (size_t c = 0; c < ARRAY_LEN(cats); c++) {
		buf_printf(&cfg, "%s\"%s\":[", c ? "," : "", cats[c]);
		for (int i = 0; i < NIND; i++)
			buf_printf(&cfg, "%s{\"code\":\"%s\",\"weight\":%d}", i ? "," : "", inds[i],
				   5 + i % 4);
		buf_puts(&cfg, "]");
	}
	buf_puts(&cfg, "}}");
	json_t *j = json_loads(buf_str(&cfg), 0, NULL);
	if (store_begin(s, &err) < 0)
		die("begin", &err);
	for (int u = 0; u < NU; u++) {
		char code[16], name[32];
		snprintf(code, sizeof code, "U%02d", u);
		snprintf(name, sizeof name, "单位%02d", u);
		const char *cat = cats[u % ARRAY_LEN(cats)];
		if (u < (int)ARRAY_LEN(cats)) {
			struct org_category oc = {.code = cat, .name = cat,
						  .kind = u == 0 ? "township" : "dept"};
			if (org_category_create(s, &who, &oc, &err) < 0)
				die("category", &err);
		}
		struct org_unit ou = {.code = code, .name = name, .category = cat};
		if (org_unit_create(s, &who, &ou, &err) < 0)
			die("unit", &err);
	}
	if (store_commit(s, &err) < 0)
		die("commit", &err);
	if (eval_round_create(s, &who, j, &err) < 0 ||
	    eval_round_transition(s, &who, "B", "open", NULL, &err) < 0)
		die("round", &err);
	json_decref(j);
	buf_cleanup(&cfg);
	int64_t round_id = 0, first_unit = 0;
	store_query_int(s, &err, &round_id, "SELECT id FROM rounds WHERE code = 'B'", "");
	store_query_int(s, &err, &first_unit, "SELECT min(id) FROM units", "");

	/* the ballots and, one row per rating, the reference table */
	if (store_exec(ref, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
			    "CREATE TABLE r(unit INTEGER, grp INTEGER, indicator INTEGER,"
			    " score INTEGER);",
		       &err) < 0)
		die("reference", &err);
	if (store_begin(s, &err) < 0 || store_begin(ref, &err) < 0)
		die("begin", &err);
	int quality[NU];
	for (int u = 0; u < NU; u++)
		quality[u] = 60 + (int)(next() % 36);
	for (long b = 0; b < nb; b++) {
		int u = (int)(next() % NU), g = (int)(next() % NGROUPS);
		uint8_t ratings[NIND];
		for (int i = 0; i < NIND; i++) {
			int v = quality[u] + (int)(next() % 31) - 15;
			ratings[i] = next() % 50 == 0 ? EVAL_ABSTAIN : (uint8_t)(v < 0 ? 0 : v > 100 ? 100 : v);
		}
		struct stmt *st = store_prepare(
			s,
			"INSERT INTO ballots(round_id, unit_id, grp, id, channel, day, ratings)"
			" VALUES (?, ?, ?, ?, 'meeting', '2026-11-26', ?)",
			&err);
		stmt_bind_int(st, 1, round_id);
		stmt_bind_int(st, 2, first_unit + u);
		stmt_bind_int(st, 3, g);
		stmt_bind_int(st, 4, (int64_t)(next() >> 1));
		stmt_bind_blob(st, 5, ratings, NIND);
		if (stmt_step(st, &err) < 0)
			die("ballot", &err);
		for (int i = 0; i < NIND; i++) {
			if (ratings[i] == EVAL_ABSTAIN)
				continue;
			if (store_run(ref, &err, "INSERT INTO r VALUES (?, ?, ?, ?)", "iiii",
				      (int64_t)u, (int64_t)g, (int64_t)i, (int64_t)ratings[i]) < 0)
				die("reference row", &err);
		}
	}
	if (store_commit(s, &err) < 0 || store_commit(ref, &err) < 0)
		die("commit", &err);
	store_close(ref);
	store_close(s);
	printf("round B: %d units, %ld ballots of %d indicators\n", NU, nb, NIND);
	return 0;
}
