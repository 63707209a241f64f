/* tokens.c: `zuofeng tokens issue|stats`: ballot tokens for the network and letter channels. */
#include "cli/cli.h"
#include "eval/ballot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: zuofeng tokens issue --round R --group G [--units CODES | --category C]\n"
    "                            [--rater UNIT] --count N [--channel network|letter]\n"
    "                            [--out FILE.csv] [--db PATH]\n"
    "       zuofeng tokens stats --round R [--db PATH]\n"
    "\n"
    "issue  prints N fresh ballot tokens, one per line, or writes them to FILE.csv (UTF-8\n"
    "       with BOM; columns token,group,units) for the mail-merge of letters. Each token\n"
    "       votes once in group G about the units it covers: the codes given (separated by\n"
    "       commas), or every active unit of category C. For a mutual group, --rater names\n"
    "       the unit whose holder rates; the units must be other units of its category\n"
    "       (default: all of them). A token is 140 random bits; only its hash is stored,\n"
    "       so the printed tokens cannot be shown again. The round must be draft or open.\n"
    "       A voter opens /b/?t=TOKEN&r=ROUND (a QR code on the letter) or types it there.\n"
    "stats  prints, per group of the round, the tokens issued and used.\n";

/* Writes a CSV field, quoted when it needs to be. */
static void csv_field(FILE *f, const char *v)
{
	if (!strpbrk(v, ",\"\r\n")) {
		fputs(v, f);
		return;
	}
	fputc('"', f);
	for (; *v; v++) {
		if (*v == '"')
			fputc('"', f);
		fputc(*v, f);
	}
	fputc('"', f);
}

static int write_csv(FILE *f, const struct ballot_issued *o)
{
	size_t len = 1;
	for (int i = 0; i < o->nunits; i++)
		len += strlen(o->units[i]) + 1;
	char *units = calloc(1, len);
	if (!units)
		return -1;
	for (int i = 0; i < o->nunits; i++) {
		if (i)
			strcat(units, ",");
		strcat(units, o->units[i]);
	}
	fputs("\xEF\xBB\xBFtoken,group,units\r\n", f);
	for (int i = 0; i < o->count; i++) {
		fprintf(f, "%s,", o->tokens[i]);
		csv_field(f, o->group);
		fputc(',', f);
		csv_field(f, units);
		fputs("\r\n", f);
	}
	free(units);
	return ferror(f) ? -1 : 0;
}

static int issue(struct store *s, const struct ballot_issue_req *req, const char *out_path)
{
	struct ballot_issued o;
	struct zf_err err;
	struct actor who;
	FILE *f = stdout;
	zf_err_clear(&err);
	if (out_path) {
		/* open first, so that an unwritable file issues nothing; tokens are secrets: 0600
		 */
		int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || !(f = fdopen(fd, "w"))) {
			zf_err_set(&err, ZF_EIO, "out", "cannot write %s: %s", out_path,
				   strerror(errno));
			if (fd >= 0)
				close(fd);
			return cli_error(&err);
		}
	}
	cli_actor(&who);
	if (ballot_tokens_issue(s, &who, req, &o, &err) < 0) {
		if (out_path) {
			fclose(f);
			unlink(out_path);
		}
		return cli_error(&err);
	}
	int rc = CLI_OK;
	if (out_path) {
		if (write_csv(f, &o) < 0 || fclose(f) != 0) {
			zf_err_set(&err, ZF_EIO, "out", "writing %s failed: %s", out_path,
				   strerror(errno));
			rc = cli_error(&err);
		} else {
			fprintf(stderr,
				"%d token%s of group %s (%s) covering %d unit%s written to %s\n",
				o.count, o.count == 1 ? "" : "s", o.group, o.channel, o.nunits,
				o.nunits == 1 ? "" : "s", out_path);
		}
	} else {
		for (int i = 0; i < o.count; i++)
			printf("%s\n", o.tokens[i]);
		fflush(stdout);
		fprintf(stderr, "%d token%s of group %s (%s) covering %d unit%s\n", o.count,
			o.count == 1 ? "" : "s", o.group, o.channel, o.nunits,
			o.nunits == 1 ? "" : "s");
	}
	ballot_issued_cleanup(&o);
	return rc;
}

static int stats(struct store *s, const char *round)
{
	struct zf_err err;
	json_t *arr, *g;
	size_t i;
	zf_err_clear(&err);
	if (ballot_tokens_stats(s, round, &arr, &err) < 0)
		return cli_error(&err);
	printf("%-12s %10s %10s\n", "group", "issued", "used");
	json_array_foreach(arr, i, g)
	{
		printf("%-12s %10lld %10lld\n", json_string_value(json_object_get(g, "group")),
		       (long long)json_integer_value(json_object_get(g, "issued")),
		       (long long)json_integer_value(json_object_get(g, "used")));
	}
	json_decref(arr);
	return CLI_OK;
}

int cmd_tokens(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"round", required_argument, NULL, 'r'},
	    {"group", required_argument, NULL, 'g'},
	    {"units", required_argument, NULL, 'u'},
	    {"category", required_argument, NULL, 'c'},
	    {"rater", required_argument, NULL, 'R'},
	    {"count", required_argument, NULL, 'n'},
	    {"channel", required_argument, NULL, 'C'},
	    {"out", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct ballot_issue_req req = {0};
	const char *db = NULL, *out = NULL, *count = NULL;
	int c, rc;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'r':
			req.round = optarg;
			break;
		case 'g':
			req.group = optarg;
			break;
		case 'u':
			req.units = optarg;
			break;
		case 'c':
			req.category = optarg;
			break;
		case 'R':
			req.rater = optarg;
			break;
		case 'n':
			count = optarg;
			break;
		case 'C':
			req.channel = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return cli_usage(usage, c == 'h');
		}
	}
	if (optind + 1 != argc)
		return cli_usage(usage, 0);
	const char *sub = argv[optind];
	if (!strcmp(sub, "issue")) {
		char *end = NULL;
		long n = count ? strtol(count, &end, 10) : 0;
		if (!req.round || !req.group || !count || !*count || *end) {
			fprintf(stderr, "zuofeng: tokens issue needs --round, --group and a whole "
					"--count\n");
			return cli_usage(usage, 0);
		}
		req.count = n < 0 || n > BALLOT_ISSUE_MAX ? -1 : (int)n;
	} else if (!strcmp(sub, "stats")) {
		if (!req.round)
			return cli_usage(usage, 0);
	} else {
		return cli_usage(usage, 0);
	}
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	rc = !strcmp(sub, "issue") ? issue(s, &req, out) : stats(s, req.round);
	store_close(s);
	return rc;
}
