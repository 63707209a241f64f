/* rank.c: `zuofeng rank --round R [--format csv|json|xlsx] [--out FILE]`: the composite
 * ranking of SCORING.md (section 6), in any state of the round. */
#include "base/util.h"
#include "cli/cli.h"
#include "eval/eval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: zuofeng rank --round R [--format csv|json|xlsx] [--out FILE] [--db PATH]\n"
    "\n"
    "Ranks the units of round R within their category (SCORING.md), in any state of the\n"
    "round; the results of a round not yet closed are provisional (marked in JSON and\n"
    "XLSX).\n"
    "\n"
    "  --round R      the round's code (required)\n"
    "  --format F     csv (default), json or xlsx\n"
    "  --out FILE     write to FILE instead of standard output (required for xlsx)\n"
    "  --db PATH      the database (default ./zuofeng.db, or $ZUOFENG_DB)\n"
    "  --resamples N  the rank-certainty bootstrap's resamples (default: the round's\n"
    "                 setting, 1000); 0 skips it and leaves p_last empty\n"
    "\n"
    "CSV: UTF-8 with a BOM, one row per unit, ordered by category, rank, unit code\n"
    "(unranked units last in their category):\n"
    "  category,rank,unit,name,total,democratic,process,self,efficiency,survey_adjust,\n"
    "  deduction,vetoed,incomplete,grade,worst,p_last\n"
    "numbers to 2 decimals (p_last, the probability of ranking last, to 3), an empty cell\n"
    "for a missing value, vetoed/incomplete/worst as 0/1, grade as 优秀/良好/一般/较差.\n";

/* Writes len bytes to path, or to stdout when path is NULL. */
static int write_out(const char *path, const char *data, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "zuofeng: %s: %s\n", path, strerror(errno));
		return CLI_FAIL;
	}
	size_t w = fwrite(data, 1, len, f);
	int rc = path ? fclose(f) : fflush(f);
	if (w != len || rc != 0) {
		fprintf(stderr, "zuofeng: %s: %s\n", path ? path : "stdout", strerror(errno));
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int emit(const struct eval_ranking *rk, const char *format, const char *out)
{
	struct zf_err err;
	zf_err_clear(&err);
	if (!strcmp(format, "xlsx"))
		return eval_ranking_xlsx(rk, out, &err) < 0 ? cli_error(&err) : CLI_OK;
	if (!strcmp(format, "csv")) {
		struct buf b = BUF_INIT;
		eval_ranking_csv(rk, &b);
		int rc = write_out(out, buf_str(&b), b.len);
		buf_cleanup(&b);
		return rc;
	}
	json_t *j = eval_ranking_json(rk);
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	json_decref(j);
	size_t n = strlen(s);
	s = xrealloc(s, n + 2);
	s[n++] = '\n';
	int rc = write_out(out, s, n);
	free(s);
	return rc;
}

int cmd_rank(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"round", required_argument, NULL, 'r'}, {"format", required_argument, NULL, 'f'},
	    {"out", required_argument, NULL, 'o'},   {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},	     {"resamples", required_argument, NULL, 'R'},
	    {NULL, 0, NULL, 0},
	};
	const char *round = NULL, *format = "csv", *out = NULL, *db = NULL;
	int resamples = -1;
	char *end;
	struct eval_ranking rk;
	struct zf_err err;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			round = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 'R':
			resamples = (int)strtol(optarg, &end, 10);
			if (!*optarg || *end || resamples < 0 || resamples > 100000) {
				fprintf(stderr, "zuofeng rank: --resamples must be 0 to 100000\n");
				return cli_usage(usage, 0);
			}
			break;
		case 'h':
			return cli_usage(usage, 1);
		default:
			return cli_usage(usage, 0);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "zuofeng rank: unexpected argument '%s'\n", argv[optind]);
		return cli_usage(usage, 0);
	}
	if (!round || !*round) {
		fprintf(stderr, "zuofeng rank: --round is required\n");
		return cli_usage(usage, 0);
	}
	if (strcmp(format, "csv") && strcmp(format, "json") && strcmp(format, "xlsx")) {
		fprintf(stderr, "zuofeng rank: unknown format '%s' (csv, json or xlsx)\n", format);
		return cli_usage(usage, 0);
	}
	if (!strcmp(format, "xlsx") && !out) {
		fprintf(stderr, "zuofeng rank: --format xlsx needs --out FILE\n");
		return cli_usage(usage, 0);
	}
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	zf_err_clear(&err);
	int rc = eval_rank_with(s, round, resamples, &rk, &err);
	store_close(s);
	if (rc < 0)
		return cli_error(&err);
	rc = emit(&rk, format, out);
	eval_ranking_free(&rk);
	return rc;
}
