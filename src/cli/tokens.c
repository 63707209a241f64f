/* tokens.c: `zuofeng tokens issue|stats`: ballot tokens for the network and letter channels. */
#include "cli/cli.h"
#include "eval/ballot.h"
#include "eval/letters.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: zuofeng tokens issue --round R --group G [--units CODES | --category C]\n"
    "                            [--rater UNIT] --count N [--channel network|letter]\n"
    "                            [--out FILE.csv] [--letters FILE.pdf --url URL\n"
    "                            [--lang zh|en]] [--db PATH]\n"
    "       zuofeng tokens stats --round R [--db PATH]\n"
    "\n"
    "issue  prints N fresh ballot tokens, one per line, or writes them to FILE.csv (UTF-8\n"
    "       with BOM; columns token,group,units) for the mail-merge of letters. Each token\n"
    "       votes once in group G about the units it covers: the codes given (separated by\n"
    "       commas), or every active unit of category C. For a mutual group, --rater names\n"
    "       the unit whose holder rates; the units must be other units of its category\n"
    "       (default: all of them). A token is 140 random bits; only its hash is stored,\n"
    "       so the printed tokens cannot be shown again. The round must be draft or open.\n"
    "       A voter opens /b/?t=TOKEN&r=ROUND or types the token there.\n"
    "       --letters writes the invitation letters instead, as PDF: one A4 page a token,\n"
    "       with the round, the group, the units, how to vote, the token and a QR code of\n"
    "       URL/b/?r=ROUND&t=TOKEN. URL is the server's public address (https://...). The\n"
    "       letters are in Chinese unless --lang en; their channel is letter unless\n"
    "       --channel says otherwise. Tokens are stored only once their letters are\n"
    "       written: a letter that cannot be written issues nothing.\n"
    "stats  prints, per group of the round, the tokens issued and used.\n";

/* Opens path for the tokens (secrets: 0600), before they are issued, so that an unwritable
 * file issues nothing. *regular tells whether it is a regular file, the only kind removed
 * again when the tokens are not issued (not /dev/stdout, say). */
static FILE *open_secret(const char *path, const char *field, bool *regular, struct zf_err *err)
{
	FILE *f = NULL;
	struct stat st;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		zf_err_set(err, ZF_EIO, field, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	*regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	return f;
}

struct letters_out {
	FILE *f;
	bool regular;
	const char *path, *url, *lang;
};

/* Writes the letters of the fresh tokens and syncs them, before the tokens are stored. */
static int deliver_letters(struct store *s, const struct ballot_issued *o, void *arg,
			   struct zf_err *err)
{
	struct letters_out *lo = arg;
	int rc = ballot_issued_letters(o, lo->url, lo->lang, lo->f, err);
	if (rc == 0 && (fflush(lo->f) != 0 || (lo->regular && fsync(fileno(lo->f)) != 0)))
		rc = zf_err_set(err, ZF_EIO, "letters", "writing %s failed: %s", lo->path,
				strerror(errno));
	if (fclose(lo->f) != 0 && rc == 0)
		rc = zf_err_set(err, ZF_EIO, "letters", "writing %s failed: %s", lo->path,
				strerror(errno));
	lo->f = NULL;
	if (rc == ZF_EIO && strcmp(err->field, "letters")) {
		struct zf_err why = *err;
		zf_err_set(err, ZF_EIO, "letters", "writing %s failed: %s", lo->path, why.msg);
	}
	return rc;
}

static int issue(struct store *s, struct ballot_issue_req *req, const char *out_path,
		 const char *letters_path, const char *url, const char *lang)
{
	struct ballot_issued o;
	struct zf_err err;
	struct actor who;
	FILE *f = stdout;
	struct letters_out lo = {.path = letters_path, .url = url, .lang = lang};
	zf_err_clear(&err);
	if (letters_path) {
		/* refused before anything is opened or issued */
		if (letters_check_lang(lang, &err) < 0 || letters_check_url(url, &err) < 0)
			return cli_error(&err);
		if (!req->channel)
			req->channel = "letter";
	}
	bool out_regular = false;
	if (out_path && !(f = open_secret(out_path, "out", &out_regular, &err)))
		return cli_error(&err);
	if (letters_path) {
		if (!(lo.f = open_secret(letters_path, "letters", &lo.regular, &err))) {
			if (out_path) {
				fclose(f);
				if (out_regular)
					unlink(out_path);
			}
			return cli_error(&err);
		}
		req->deliver = deliver_letters;
		req->deliver_arg = &lo;
	}
	cli_actor(&who);
	int issued = ballot_tokens_issue(s, &who, req, &o, &err);
	if (lo.f) /* refused before the letters were written */
		fclose(lo.f);
	if (issued < 0) {
		if (out_path) {
			fclose(f);
			if (out_regular)
				unlink(out_path);
		}
		if (letters_path && lo.regular)
			unlink(letters_path);
		return cli_error(&err);
	}
	int rc = CLI_OK;
	if (letters_path)
		fprintf(stderr, "%d letter%s of group %s (%s) covering %d unit%s written to %s\n",
			o.count, o.count == 1 ? "" : "s", o.group, o.channel, o.nunits,
			o.nunits == 1 ? "" : "s", letters_path);
	if (out_path) {
		struct buf csv = BUF_INIT;
		ballot_issued_csv(&o, &csv);
		bool wrote = fwrite(csv.p, 1, csv.len, f) == csv.len;
		explicit_bzero(csv.p, csv.len); /* tokens */
		buf_cleanup(&csv);
		if (fclose(f) != 0 || !wrote) {
			zf_err_set(&err, ZF_EIO, "out", "writing %s failed: %s", out_path,
				   strerror(errno));
			rc = cli_error(&err);
		} else {
			fprintf(stderr,
				"%d token%s of group %s (%s) covering %d unit%s written to %s\n",
				o.count, o.count == 1 ? "" : "s", o.group, o.channel, o.nunits,
				o.nunits == 1 ? "" : "s", out_path);
		}
	} else if (!letters_path) {
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
	    {"db", required_argument, NULL, 'd'},	{"round", required_argument, NULL, 'r'},
	    {"group", required_argument, NULL, 'g'},	{"units", required_argument, NULL, 'u'},
	    {"category", required_argument, NULL, 'c'}, {"rater", required_argument, NULL, 'R'},
	    {"count", required_argument, NULL, 'n'},	{"channel", required_argument, NULL, 'C'},
	    {"out", required_argument, NULL, 'o'},	{"letters", required_argument, NULL, 'L'},
	    {"url", required_argument, NULL, 'U'},	{"lang", required_argument, NULL, 'l'},
	    {"help", no_argument, NULL, 'h'},		{0},
	};
	struct ballot_issue_req req = {0};
	const char *db = NULL, *out = NULL, *count = NULL;
	const char *letters = NULL, *url = NULL, *lang = NULL;
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
		case 'L':
			letters = optarg;
			break;
		case 'U':
			url = optarg;
			break;
		case 'l':
			lang = optarg;
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
		if ((url || lang) && !letters) {
			fprintf(stderr, "zuofeng: --url and --lang go with --letters\n");
			return cli_usage(usage, 0);
		}
	} else if (!strcmp(sub, "stats")) {
		if (!req.round)
			return cli_usage(usage, 0);
	} else {
		return cli_usage(usage, 0);
	}
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	rc = !strcmp(sub, "issue") ? issue(s, &req, out, letters, url, lang) : stats(s, req.round);
	store_close(s);
	return rc;
}
