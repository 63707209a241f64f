/* round.c: `zuofeng round create|list|show|open|close|publish|reopen`: evaluation rounds
 * from the command line (SCORING.md sections 1 and 6). */
#include "cli/cli.h"
#include "base/util.h"
#include "eval/eval.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: zuofeng round create [--db PATH] FILE.json\n"
    "       zuofeng round list [--db PATH]\n"
    "       zuofeng round show [--db PATH] CODE\n"
    "       zuofeng round open|close|publish [--db PATH] CODE\n"
    "       zuofeng round reopen [--db PATH] --reason TEXT CODE\n"
    "\n"
    "A round (评价轮次) is created from its configuration (SCORING.md section 1) as a draft;\n"
    "it accepts inputs (zuofeng import ballots|process|self|survey|adjustments) until it is\n"
    "closed. Its life: draft -> open -> closed -> published; a closed or published round is\n"
    "reopened only with a reason, and every step is audited.\n"
    "\n"
    "  zuofeng round create --help   (and so on for each) for the details\n";

static const struct sub {
	const char *name, *help;
} subs[] = {
    {"create", "usage: zuofeng round create [--db PATH] FILE.json\n"
	       "\n"
	       "Creates a round, as a draft, from its configuration file (JSON, UTF-8): code,\n"
	       "name, components, process_periods, trim_ratio, survey, deduction_cap, grades,\n"
	       "rating_labels, groups, indicators (SCORING.md section 1). Omitted keys take their\n"
	       "defaults; a partly given object is merged key by key with its defaults. An error\n"
	       "names the field as a JSON path, e.g. groups[2].weight.\n"},
    {"list", "usage: zuofeng round list [--db PATH]\n"
	     "\n"
	     "Lists the rounds, newest first: code, state, creation time and name.\n"},
    {"show", "usage: zuofeng round show [--db PATH] CODE\n"
	     "\n"
	     "Prints the round's complete configuration, defaults filled in, as JSON (a file\n"
	     "that round create accepts).\n"},
    {"open", "usage: zuofeng round open [--db PATH] CODE\n"
	     "\n"
	     "Opens a draft round.\n"},
    {"close", "usage: zuofeng round close [--db PATH] CODE\n"
	      "\n"
	      "Closes an open round: its inputs freeze and its results are final.\n"},
    {"publish", "usage: zuofeng round publish [--db PATH] CODE\n"
		"\n"
		"Publishes a closed round's results to the units.\n"},
    {"reopen", "usage: zuofeng round reopen [--db PATH] --reason TEXT CODE\n"
	       "\n"
	       "Reopens a closed or published round so that its inputs can change again. The\n"
	       "reason is required and recorded in the audit log.\n"},
};

/* Reads and parses a JSON file; prints the problem and returns NULL on failure. */
static json_t *load_json(const char *file)
{
	json_error_t je;
	size_t len = 0;
	char *data = file_read_all(file, &len);
	if (!data) {
		fprintf(stderr, "zuofeng: %s: %s\n", file, strerror(errno));
		return NULL;
	}
	const char *p = data;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) { /* editors on Windows write a BOM */
		p += 3;
		len -= 3;
	}
	json_t *j = json_loadb(p, len, JSON_REJECT_DUPLICATES, &je);
	free(data);
	if (!j)
		fprintf(stderr, "zuofeng: %s:%d:%d: %s\n", file, je.line, je.column, je.text);
	return j;
}

static int round_create(struct store *s, json_t *j)
{
	struct zf_err err;
	struct actor who;
	zf_err_clear(&err);
	cli_actor(&who);
	int rc = eval_round_create(s, &who, j, &err);
	if (rc == 0)
		printf("round %s created (draft)\n", json_string_value(json_object_get(j, "code")));
	return rc < 0 ? cli_error(&err) : CLI_OK;
}

static int round_list(struct store *s)
{
	struct zf_err err;
	json_t *arr, *r;
	size_t i;
	zf_err_clear(&err);
	if (eval_round_list(s, &arr, &err) < 0)
		return cli_error(&err);
	if (json_array_size(arr) == 0)
		printf("no rounds\n");
	json_array_foreach(arr, i, r)
	{
		printf("%-16s %-10s %-20s %s\n", json_string_value(json_object_get(r, "code")),
		       json_string_value(json_object_get(r, "state")),
		       json_string_value(json_object_get(r, "created_at")),
		       json_string_value(json_object_get(r, "name")));
	}
	json_decref(arr);
	return CLI_OK;
}

static int round_show(struct store *s, const char *code)
{
	struct eval_round r;
	struct zf_err err;
	zf_err_clear(&err);
	if (eval_round_get(s, code, &r, &err) < 0)
		return cli_error(&err);
	json_t *j = eval_config_json(&r.cfg);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
	printf("%s\n", text);
	free(text);
	json_decref(j);
	eval_round_cleanup(&r);
	return CLI_OK;
}

static int round_move(struct store *s, const char *action, const char *code, const char *reason)
{
	static const struct {
		const char *action, *done;
	} words[] = {{"open", "opened"},
		     {"close", "closed"},
		     {"publish", "published"},
		     {"reopen", "reopened"}};
	struct zf_err err;
	struct actor who;
	zf_err_clear(&err);
	cli_actor(&who);
	if (eval_round_transition(s, &who, code, action, reason, &err) < 0)
		return cli_error(&err);
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (!strcmp(action, words[i].action))
			printf("round %s %s\n", code, words[i].done);
	return CLI_OK;
}

int cmd_round(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"reason", required_argument, NULL, 'r'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const struct sub *sub = NULL;
	const char *db = NULL, *reason = NULL;
	int c;

	if (argc < 2)
		return cli_usage(usage_text, 0);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(usage_text, 1);
	for (size_t i = 0; i < ARRAY_LEN(subs); i++)
		if (!strcmp(argv[1], subs[i].name))
			sub = &subs[i];
	if (!sub) {
		fprintf(stderr, "zuofeng round: unknown command '%s'\n", argv[1]);
		return cli_usage(usage_text, 0);
	}
	argc--;
	argv++;
	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		case 'h':
			return cli_usage(sub->help, 1);
		default:
			return cli_usage(sub->help, 0);
		}
	}
	bool is_list = !strcmp(sub->name, "list");
	if (argc - optind != (is_list ? 0 : 1)) {
		fprintf(stderr, "zuofeng round %s: %s\n", sub->name,
			is_list ? "takes no argument" : "give exactly one argument");
		return cli_usage(sub->help, 0);
	}
	if (reason && strcmp(sub->name, "reopen")) {
		fprintf(stderr, "zuofeng round %s: --reason is for reopen only\n", sub->name);
		return cli_usage(sub->help, 0);
	}
	const char *arg = argv[optind];
	json_t *config = NULL;
	if (!strcmp(sub->name, "create") && !(config = load_json(arg)))
		return CLI_FAIL;
	struct store *s = cli_open_db(db);
	if (!s) {
		json_decref(config);
		return CLI_FAIL;
	}
	int status;
	if (config)
		status = round_create(s, config);
	else if (is_list)
		status = round_list(s);
	else if (!strcmp(sub->name, "show"))
		status = round_show(s, arg);
	else
		status = round_move(s, sub->name, arg, reason);
	json_decref(config);
	store_close(s);
	return status;
}
