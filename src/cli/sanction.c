/* sanction.c: `zuofeng sanction measures|list|export|decide|revoke`: accountability (R5)
 * from the command line, for an office that scripts its decisions and exports them. A
 * decision is taken in the name of an account (--as), whose role and unit decide the
 * management authority exactly as over the API. */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/util.h"
#include "supervise/sanction.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: zuofeng sanction measures [--db PATH] [--all]\n"
    "       zuofeng sanction list [--db PATH] [--unit CODE] [--person CODE] [--case NO]\n"
    "                             [--from DATE] [--to DATE] [--revoked] [--json]\n"
    "       zuofeng sanction export [--db PATH] [same filters] [--out FILE]\n"
    "       zuofeng sanction decide [--db PATH] --as USERNAME --measure CODE\n"
    "                               (--person CODE | --unit CODE) --basis TEXT [--case NO]\n"
    "                               [--veto-item CODE] [--decided-on DATE] [--round CODE]\n"
    "       zuofeng sanction revoke [--db PATH] --as USERNAME --reason TEXT ID\n"
    "\n"
    "measures  prints the sanctions catalogue (R5) by tier with each measure's consequences.\n"
    "list      prints sanctions, one per line: id, decided_on, measure, person, unit, case;\n"
    "          --json prints them as JSON. Revoked sanctions only with --revoked.\n"
    "export    writes them as CSV (UTF-8 with BOM, Chinese headers) to FILE or stdout.\n"
    "decide    decides a sanction in the name of account USERNAME: an inspector or office\n"
    "          account of the body holding management authority over the cadre (干部管理\n"
    "          权限; people.managed_by, else the district), or a district-level inspector.\n"
    "          The measure's points, veto and lost excellence go into the round of the\n"
    "          decision's year (or --round) while it is draft or open. Prints the new id.\n"
    "revoke    revokes sanction ID with a reason, by the same authority; its adjustment is\n"
    "          removed while the round still accepts input.\n"
    "Every change is audited.\n";

/* The actor of account username: its id, role and unit, address "local". Prints the
 * problem and returns -1 when there is no such active account. */
static int actor_of(struct store *s, const char *username, struct actor *a)
{
	struct zf_err err;
	cli_actor(a);
	struct stmt *st = store_prepare(
	    s, "SELECT id, role, coalesce(unit_id, 0) FROM users WHERE username = ? AND active = 1",
	    &err);
	if (!st)
		return cli_error(&err), -1;
	stmt_bind_text(st, 1, username);
	int rc = stmt_step(st, &err);
	if (rc == STORE_ROW) {
		a->user_id = stmt_int(st, 0);
		snprintf(a->role, sizeof a->role, "%s", stmt_text(st, 1));
		a->unit_id = stmt_int(st, 2);
	}
	stmt_reset(st);
	if (rc != STORE_ROW) {
		fprintf(stderr, "zuofeng: --as: no active account '%s'\n", username);
		return -1;
	}
	return 0;
}

enum {
	O_DB = 1000,
	O_ALL,
	O_UNIT,
	O_PERSON,
	O_CASE,
	O_FROM,
	O_TO,
	O_REVOKED,
	O_JSON,
	O_OUT,
	O_AS,
	O_MEASURE,
	O_BASIS,
	O_VETO,
	O_ON,
	O_ROUND,
	O_REASON,
	O_HELP
};

struct opts {
	const char *db, *out, *as, *reason;
	struct sanction_filter f;
	struct sanction_rec r;
	bool all, json;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
	    {"db", required_argument, NULL, O_DB},
	    {"all", no_argument, NULL, O_ALL},
	    {"unit", required_argument, NULL, O_UNIT},
	    {"person", required_argument, NULL, O_PERSON},
	    {"case", required_argument, NULL, O_CASE},
	    {"from", required_argument, NULL, O_FROM},
	    {"to", required_argument, NULL, O_TO},
	    {"revoked", no_argument, NULL, O_REVOKED},
	    {"json", no_argument, NULL, O_JSON},
	    {"out", required_argument, NULL, O_OUT},
	    {"as", required_argument, NULL, O_AS},
	    {"measure", required_argument, NULL, O_MEASURE},
	    {"basis", required_argument, NULL, O_BASIS},
	    {"veto-item", required_argument, NULL, O_VETO},
	    {"decided-on", required_argument, NULL, O_ON},
	    {"round", required_argument, NULL, O_ROUND},
	    {"reason", required_argument, NULL, O_REASON},
	    {"help", no_argument, NULL, O_HELP},
	    {0},
	};
	int c;
	memset(o, 0, sizeof *o);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case O_DB:
			o->db = optarg;
			break;
		case O_ALL:
			o->all = true;
			break;
		case O_UNIT:
			o->r.unit = optarg;
			break;
		case O_PERSON:
			o->r.person = o->f.person = optarg;
			break;
		case O_CASE:
			o->r.case_no = o->f.case_no = optarg;
			break;
		case O_FROM:
			o->f.from = optarg;
			break;
		case O_TO:
			o->f.to = optarg;
			break;
		case O_REVOKED:
			o->f.include_revoked = true;
			break;
		case O_JSON:
			o->json = true;
			break;
		case O_OUT:
			o->out = optarg;
			break;
		case O_AS:
			o->as = optarg;
			break;
		case O_MEASURE:
			o->r.measure = optarg;
			break;
		case O_BASIS:
			o->r.basis = optarg;
			break;
		case O_VETO:
			o->r.veto_item = optarg;
			break;
		case O_ON:
			o->r.decided_on = optarg;
			break;
		case O_ROUND:
			o->r.round = optarg;
			break;
		case O_REASON:
			o->reason = optarg;
			break;
		case O_HELP:
			return cli_usage(usage_text, 1) == CLI_OK ? 1 : -1;
		default:
			return -1;
		}
	}
	return 0;
}

/* Resolves --unit of a list into the filter's unit id. */
static int unit_filter(struct store *s, struct opts *o)
{
	struct zf_err err;
	int64_t id = 0;
	o->f.unit_id = 0;
	if (!o->r.unit)
		return 0;
	zf_err_clear(&err);
	if (store_query_int(s, &err, &id, "SELECT id FROM units WHERE code = ?", "t", o->r.unit) <
	    0) {
		fprintf(stderr, "zuofeng: --unit: no unit '%s'\n", o->r.unit);
		return -1;
	}
	o->f.unit_id = id;
	return 0;
}

static int cmd_measures(struct store *s, struct opts *o)
{
	struct zf_err err;
	json_t *arr = NULL, *m;
	size_t i;
	if (sanction_measure_list(s, o->all, &arr, &err) < 0)
		return cli_error(&err);
	printf("tier\tcode\tname\tlevel\tpoints\tban_months\tfreeze_months\tflags\n");
	json_array_foreach(arr, i, m)
	{
		printf("%lld\t%s\t%s\t%s\t%g\t%lld\t%lld\t%s%s%s%s%s\n",
		       (long long)json_integer_value(json_object_get(m, "tier")),
		       json_string_value(json_object_get(m, "code")),
		       json_string_value(json_object_get(m, "name")),
		       json_string_value(json_object_get(m, "level")),
		       json_number_value(json_object_get(m, "points")),
		       (long long)json_integer_value(json_object_get(m, "promotion_ban_months")),
		       (long long)json_integer_value(json_object_get(m, "staffing_freeze_months")),
		       json_is_true(json_object_get(m, "person_no_excellent")) ? "个人评优 " : "",
		       json_is_true(json_object_get(m, "unit_no_excellent")) ? "单位评优 " : "",
		       json_is_true(json_object_get(m, "no_bonus")) ? "年终奖 " : "",
		       json_is_true(json_object_get(m, "veto")) ? "一票否决 " : "",
		       json_is_true(json_object_get(m, "active")) ? "" : "(inactive)");
	}
	json_decref(arr);
	return CLI_OK;
}

static int cmd_list(struct store *s, struct opts *o)
{
	struct zf_err err;
	json_t *all = json_array(), *page = NULL, *x;
	int64_t after = 0;
	size_t i;
	if (unit_filter(s, o) < 0) {
		json_decref(all);
		return CLI_FAIL;
	}
	for (;;) {
		if (sanction_list(s, &o->f, after, 1000, &page, &err) < 0) {
			json_decref(all);
			return cli_error(&err);
		}
		size_t n = json_array_size(page);
		if (n)
			after =
			    json_integer_value(json_object_get(json_array_get(page, n - 1), "id"));
		json_array_extend(all, page);
		json_decref(page);
		if (n < 1000)
			break;
	}
	if (o->json) {
		char *t = json_dumps(all, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
		puts(t);
		free(t);
	} else {
		json_array_foreach(all, i, x)
		{
			json_t *p = json_object_get(x, "person");
			printf(
			    "%lld\t%s\t%s\t%s\t%s\t%s%s\n",
			    (long long)json_integer_value(json_object_get(x, "id")),
			    json_string_value(json_object_get(x, "decided_on")),
			    json_string_value(
				json_object_get(json_object_get(x, "measure"), "name")),
			    p && !json_is_null(p) ? json_string_value(json_object_get(p, "name"))
						  : "-",
			    json_string_value(json_object_get(json_object_get(x, "unit"), "name")),
			    json_is_string(json_object_get(x, "case_no"))
				? json_string_value(json_object_get(x, "case_no"))
				: "-",
			    json_is_true(json_object_get(x, "revoked")) ? "\t(revoked)" : "");
		}
	}
	json_decref(all);
	return CLI_OK;
}

static int cmd_export(struct store *s, struct opts *o)
{
	struct zf_err err;
	struct buf b = BUF_INIT;
	if (unit_filter(s, o) < 0)
		return CLI_FAIL;
	if (sanction_list_csv(s, &o->f, &b, &err) < 0) {
		buf_cleanup(&b);
		return cli_error(&err);
	}
	FILE *f = o->out ? fopen(o->out, "wb") : stdout;
	if (!f) {
		fprintf(stderr, "zuofeng: %s: %s\n", o->out, strerror(errno));
		buf_cleanup(&b);
		return CLI_FAIL;
	}
	int ok = fwrite(b.p ? b.p : "", 1, b.len, f) == b.len;
	if (o->out && fclose(f) != 0)
		ok = 0;
	buf_cleanup(&b);
	if (!ok) {
		fprintf(stderr, "zuofeng: %s: write failed\n", o->out ? o->out : "stdout");
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int cmd_decide(struct store *s, struct opts *o)
{
	struct zf_err err;
	struct actor who;
	int64_t id = 0;
	if (!o->as) {
		fprintf(stderr, "zuofeng: sanction decide: --as USERNAME is required\n");
		return CLI_USAGE;
	}
	if (actor_of(s, o->as, &who) < 0)
		return CLI_FAIL;
	zf_err_clear(&err);
	if (sanction_decide(s, &who, &o->r, &id, &err) < 0)
		return cli_error(&err);
	printf("%lld\n", (long long)id);
	return CLI_OK;
}

static int cmd_revoke(struct store *s, struct opts *o, const char *arg)
{
	struct zf_err err;
	struct actor who;
	char *end;
	long long id = arg ? strtoll(arg, &end, 10) : 0;
	if (!o->as || !arg || *end || id <= 0) {
		fprintf(stderr, "zuofeng: sanction revoke: --as USERNAME and a sanction ID are "
				"required\n");
		return CLI_USAGE;
	}
	if (actor_of(s, o->as, &who) < 0)
		return CLI_FAIL;
	zf_err_clear(&err);
	if (sanction_revoke(s, &who, id, o->reason, &err) < 0)
		return cli_error(&err);
	return CLI_OK;
}

int cmd_sanction(int argc, char **argv)
{
	struct opts o;
	if (argc < 2)
		return cli_usage(usage_text, 0);
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help"))
		return cli_usage(usage_text, 1);
	int p = parse(argc, argv, &o);
	if (p > 0)
		return CLI_OK;
	if (p < 0)
		return cli_usage(usage_text, 0);
	bool takes_arg = !strcmp(sub, "revoke");
	if (optind != argc - (takes_arg ? 1 : 0))
		return cli_usage(usage_text, 0);
	if (strcmp(sub, "measures") && strcmp(sub, "list") && strcmp(sub, "export") &&
	    strcmp(sub, "decide") && strcmp(sub, "revoke")) {
		fprintf(stderr, "zuofeng: sanction: unknown subcommand '%s'\n", sub);
		return cli_usage(usage_text, 0);
	}
	struct store *s = cli_open_db(o.db);
	if (!s)
		return CLI_FAIL;
	int rc;
	if (!strcmp(sub, "measures"))
		rc = cmd_measures(s, &o);
	else if (!strcmp(sub, "list"))
		rc = cmd_list(s, &o);
	else if (!strcmp(sub, "export"))
		rc = cmd_export(s, &o);
	else if (!strcmp(sub, "decide"))
		rc = cmd_decide(s, &o);
	else
		rc = cmd_revoke(s, &o, argv[argc - 1]);
	store_close(s);
	return rc;
}
