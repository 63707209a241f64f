/* vet.c: `zuofeng vet ...`: cadre selection from the command line (R3, R4): nominations,
 * the inspector's assessment, vetting against the veto rules, the joint-liability scan and
 * the responsibility reports (R1, R2). */
#include "cli/cli.h"
#include "base/util.h"
#include "respons/respons.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: zuofeng vet nominate [--db PATH] --person CODE --post TEXT --rank RANK --unit CODE\n"
    "                            --date YYYY-MM-DD [--supervisor CODE] [--liability-months N]\n"
    "       zuofeng vet assess [--db PATH] --grade 好|较好|一般|差 --text TEXT [--date D] ID\n"
    "       zuofeng vet vet [--db PATH] [--as-of D] ID\n"
    "       zuofeng vet show [--db PATH] [--as-of D] ID\n"
    "       zuofeng vet list [--db PATH] [--state STATE]\n"
    "       zuofeng vet rules [--db PATH]\n"
    "       zuofeng vet liability-scan [--db PATH] [--as-of D]\n"
    "       zuofeng vet flags [--db PATH]\n"
    "       zuofeng vet report [--db PATH] (--unit CODE | --person CODE) --from D --to D\n"
    "                          [--format json|csv]\n"
    "\n"
    "Cadre selection (R3, R4): a nomination compiles the candidate's style record (sanctions\n"
    "and promotion bans, substantiated cases, inspection findings, education owed, the unit's\n"
    "grades in published rounds); the inspector enters the assessment of the candidate's\n"
    "attitude to style and own style; vetting applies every active veto rule (一票否决) and\n"
    "stores the outcome, cleared or vetoed with every reason and its basis. The supervising\n"
    "leader signs a cleared recommendation in the web UI or API (only the account linked to\n"
    "that leader may) and bears joint liability for the period: liability-scan flags the\n"
    "signer when the promoted cadre gets a substantiated case or a sanction within it.\n"
    "report prints a unit's or a leader's responsibility report (JSON). Every change is\n"
    "audited.\n"
    "\n"
    "  zuofeng vet nominate --help   (and so on for each) for the details\n";

static const struct sub {
	const char *name;
	int args; /* positional arguments */
	const char *help;
} subs[] = {
    {"nominate", 0,
     "usage: zuofeng vet nominate [--db PATH] --person CODE --post TEXT --rank RANK --unit CODE\n"
     "                            --date YYYY-MM-DD [--supervisor CODE] [--liability-months N]\n"
     "\n"
     "Nominates cadre --person for the post --post at rank --rank (正处 副处 正科 副科 一般干部\n"
     "村干部), nominated by unit --unit on --date. Without --supervisor the supervising leader\n"
     "who is to sign is proposed from the candidate's unit's responsibility chain. The joint\n"
     "liability lasts --liability-months (default: the setting, 24). Prints the new id.\n"},
    {"assess", 1,
     "usage: zuofeng vet assess [--db PATH] --grade 好|较好|一般|差 --text TEXT [--date D] ID\n"
     "\n"
     "Enters the inspector's assessment of the candidate's attitude to style and own style\n"
     "(R3), required before vetting. A new assessment returns a vetted nomination to pending.\n"},
    {"vet", 1,
     "usage: zuofeng vet vet [--db PATH] [--as-of D] ID\n"
     "\n"
     "Vets nomination ID as of --as-of (default today) against every active veto rule and\n"
     "prints the outcome and each rule that fired with its basis and records. Exits 0 for\n"
     "cleared and for vetoed alike.\n"},
    {"show", 1,
     "usage: zuofeng vet show [--db PATH] [--as-of D] ID\n"
     "\n"
     "Prints nomination ID with the candidate's style record as of --as-of (default today),\n"
     "its vettings and its signature, as JSON.\n"},
    {"list", 0,
     "usage: zuofeng vet list [--db PATH] [--state pending|cleared|vetoed|signed]\n"
     "\n"
     "Lists nominations: id, state, candidate, post, date, supervising leader.\n"},
    {"rules", 0,
     "usage: zuofeng vet rules [--db PATH]\n"
     "\n"
     "Lists the veto rules: code, active, kind, parameters, name and legal basis.\n"},
    {"liability-scan", 0,
     "usage: zuofeng vet liability-scan [--db PATH] [--as-of D]\n"
     "\n"
     "Flags every signer whose promoted cadre got, within the liability period and on or\n"
     "before --as-of (default today), a substantiated or partly substantiated case or a\n"
     "sanction that is not revoked. A record flags once: running it again adds nothing.\n"
     "Prints the number of new flags.\n"},
    {"flags", 0,
     "usage: zuofeng vet flags [--db PATH]\n"
     "\n"
     "Lists the joint-liability flags: signer, cadre, nomination and the triggering record.\n"},
    {"report", 0,
     "usage: zuofeng vet report [--db PATH] (--unit CODE | --person CODE) --from D --to D\n"
     "                          [--format json|csv | --format xlsx --out FILE.xlsx]\n"
     "\n"
     "Prints the responsibility report of a unit (main leader, each team member's areas and\n"
     "oversight, the period's cases each assigned to the leader who answers for it,\n"
     "sanctions, leader findings, joint-liability flags, education) or of a leader, as JSON;\n"
     "with --format csv only the cases, one row each (UTF-8 with a BOM, Chinese headers);\n"
     "with --format xlsx the same rows as a workbook written to FILE.xlsx.\n"},
};

struct opts {
	const char *db, *person, *post, *rank, *unit, *date, *supervisor, *grade, *text, *as_of;
	const char *state, *from, *to, *format, *out;
	int months;
};

static void print_json(json_t *j)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
	printf("%s\n", text);
	free(text);
}

static int parse_id(const char *v, int64_t *id)
{
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n <= 0) {
		fprintf(stderr, "zuofeng vet: '%s' is not a nomination id\n", v);
		return -1;
	}
	*id = n;
	return 0;
}

static int do_nominate(struct store *s, const struct opts *o)
{
	struct respons_nomination_new n = {.person = o->person,
					   .proposed_post = o->post,
					   .proposed_rank = o->rank,
					   .nominating_unit = o->unit,
					   .nominated_on = o->date,
					   .supervisor = o->supervisor,
					   .liability_months = o->months};
	struct zf_err err;
	struct actor who;
	json_t *j = NULL;
	int64_t id = 0;
	zf_err_clear(&err);
	cli_actor(&who);
	if (respons_nomination_create(s, &who, &n, &id, &err) < 0 ||
	    respons_nomination_get(s, id, NULL, &j, &err) < 0)
		return cli_error(&err);
	json_t *sup = json_object_get(j, "supervisor");
	printf("nomination %lld created: %s for %s (%s); supervising leader: %s\n", (long long)id,
	       o->person, o->post, json_string_value(json_object_get(j, "proposed_rank")),
	       json_is_object(sup) ? json_string_value(json_object_get(sup, "code")) : "none");
	json_decref(j);
	return CLI_OK;
}

static int do_vet(struct store *s, int64_t id, const char *as_of)
{
	struct zf_err err;
	struct actor who;
	json_t *j = NULL, *r, *rec;
	size_t i, k;
	zf_err_clear(&err);
	cli_actor(&who);
	if (respons_nomination_vet(s, &who, id, as_of, &j, &err) < 0)
		return cli_error(&err);
	printf("nomination %lld as of %s: %s\n", (long long)id,
	       json_string_value(json_object_get(j, "as_of")),
	       json_string_value(json_object_get(j, "outcome")));
	json_array_foreach(json_object_get(j, "reasons"), i, r)
	{
		printf("  %s %s (%zu records)\n    basis: %s\n",
		       json_string_value(json_object_get(r, "rule")),
		       json_string_value(json_object_get(r, "name")),
		       json_array_size(json_object_get(r, "records")),
		       json_string_value(json_object_get(r, "basis")));
		json_array_foreach(json_object_get(r, "records"), k, rec)
		{
			const char *what = json_string_value(json_object_get(rec, "case_no"));
			if (!what)
				what = json_string_value(json_object_get(rec, "measure_name"));
			if (!what)
				what = json_string_value(json_object_get(rec, "grade"));
			printf("    - %s\n", what ? what : "(record)");
		}
	}
	json_decref(j);
	return CLI_OK;
}

static int do_list(struct store *s, const char *state)
{
	struct respons_nomination_filter f = {.state = state};
	struct zf_err err;
	json_t *arr = NULL, *n;
	size_t i;
	int64_t after = 0;
	zf_err_clear(&err);
	do {
		if (respons_nomination_list(s, &f, after, 1000, &arr, &err) < 0)
			return cli_error(&err);
		json_array_foreach(arr, i, n)
		{
			printf("%-6lld %-8s %-12s %-10s %-24s %s %s\n",
			       (long long)json_integer_value(json_object_get(n, "id")),
			       json_string_value(json_object_get(n, "state")),
			       json_string_value(json_object_get(n, "person_code")),
			       json_string_value(json_object_get(n, "person_name")),
			       json_string_value(json_object_get(n, "proposed_post")),
			       json_string_value(json_object_get(n, "nominated_on")),
			       json_is_string(json_object_get(n, "supervisor_code"))
				   ? json_string_value(json_object_get(n, "supervisor_code"))
				   : "-");
			after = json_integer_value(json_object_get(n, "id"));
		}
		i = json_array_size(arr);
		json_decref(arr);
	} while (i == 1000);
	return CLI_OK;
}

static int do_rules(struct store *s)
{
	struct zf_err err;
	json_t *arr = NULL, *r;
	size_t i;
	zf_err_clear(&err);
	if (respons_rule_list(s, &arr, &err) < 0)
		return cli_error(&err);
	json_array_foreach(arr, i, r)
	{
		char *p = json_dumps(json_object_get(r, "params"), JSON_COMPACT | JSON_SORT_KEYS);
		printf("%-18s %-3s %-15s %s %s\n    basis: %s\n",
		       json_string_value(json_object_get(r, "code")),
		       json_is_true(json_object_get(r, "active")) ? "on" : "off",
		       json_string_value(json_object_get(r, "kind")), p,
		       json_string_value(json_object_get(r, "name")),
		       json_string_value(json_object_get(r, "basis")));
		free(p);
	}
	json_decref(arr);
	return CLI_OK;
}

static int do_flags(struct store *s)
{
	struct zf_err err;
	json_t *arr = NULL, *f;
	size_t i;
	int64_t after = 0;
	zf_err_clear(&err);
	do {
		if (respons_flag_list(s, NULL, after, 1000, &arr, &err) < 0)
			return cli_error(&err);
		json_array_foreach(arr, i, f)
		{
			json_t *rec = json_object_get(f, "record");
			const char *what = json_string_value(json_object_get(rec, "case_no"));
			printf(
			    "%-6lld signer %s %s, cadre %s %s, nomination %lld: %s %s on %s\n",
			    (long long)json_integer_value(json_object_get(f, "id")),
			    json_string_value(
				json_object_get(json_object_get(f, "signer"), "code")),
			    json_string_value(
				json_object_get(json_object_get(f, "signer"), "name")),
			    json_string_value(json_object_get(json_object_get(f, "cadre"), "code")),
			    json_string_value(json_object_get(json_object_get(f, "cadre"), "name")),
			    (long long)json_integer_value(
				json_object_get(json_object_get(f, "nomination"), "id")),
			    json_string_value(json_object_get(f, "source")),
			    what ? what : json_string_value(json_object_get(rec, "measure_name")),
			    json_string_value(json_object_get(f, "source_on")));
			after = json_integer_value(json_object_get(f, "id"));
		}
		i = json_array_size(arr);
		json_decref(arr);
	} while (i == 1000);
	return CLI_OK;
}

static int run(struct store *s, const struct sub *sub, const struct opts *o, const char *arg)
{
	struct zf_err err;
	struct actor who;
	json_t *j = NULL;
	int64_t id = 0;
	int n = 0, rc = 0;
	zf_err_clear(&err);
	cli_actor(&who);
	if (sub->args && parse_id(arg, &id) < 0)
		return CLI_USAGE;
	if (!strcmp(sub->name, "nominate"))
		return do_nominate(s, o);
	if (!strcmp(sub->name, "vet"))
		return do_vet(s, id, o->as_of);
	if (!strcmp(sub->name, "list"))
		return do_list(s, o->state);
	if (!strcmp(sub->name, "rules"))
		return do_rules(s);
	if (!strcmp(sub->name, "flags"))
		return do_flags(s);
	if (!strcmp(sub->name, "assess")) {
		if ((rc = respons_nomination_assess(s, &who, id, o->grade, o->text, o->date,
						    &err)) == 0)
			printf("nomination %lld assessed: %s\n", (long long)id, o->grade);
	} else if (!strcmp(sub->name, "show")) {
		if ((rc = respons_nomination_get(s, id, o->as_of, &j, &err)) == 0)
			print_json(j);
	} else if (!strcmp(sub->name, "liability-scan")) {
		if ((rc = respons_liability_scan(s, &who, o->as_of, &n, &err)) == 0)
			printf("liability scan: %d new flag%s\n", n, n == 1 ? "" : "s");
	} else if (!strcmp(sub->name, "report")) {
		if ((!o->unit) == (!o->person)) {
			fprintf(stderr, "zuofeng vet report: give --unit or --person\n");
			return cli_usage(sub->help, 0);
		}
		bool xlsx = o->format && !strcmp(o->format, "xlsx");
		if (xlsx != (o->out != NULL)) {
			fprintf(stderr,
				"zuofeng vet report: --format xlsx and --out go together\n");
			return cli_usage(sub->help, 0);
		}
		rc = o->unit ? respons_unit_report(s, o->unit, o->from, o->to, &j, &err)
			     : respons_person_report(s, o->person, o->from, o->to, &j, &err);
		if (rc == 0 && xlsx) {
			if ((rc = respons_report_xlsx(j, o->out, &err)) == 0)
				fprintf(stderr, "responsibility report written to %s\n", o->out);
		} else if (rc == 0 && o->format && !strcmp(o->format, "csv")) {
			struct buf b;
			buf_init(&b);
			respons_report_csv(j, &b);
			fputs(buf_str(&b), stdout);
			buf_cleanup(&b);
		} else if (rc == 0) {
			print_json(j);
		}
	}
	json_decref(j);
	return rc < 0 ? cli_error(&err) : CLI_OK;
}

int cmd_vet(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"person", required_argument, NULL, 'p'},
	    {"post", required_argument, NULL, 'P'},
	    {"rank", required_argument, NULL, 'r'},
	    {"unit", required_argument, NULL, 'u'},
	    {"date", required_argument, NULL, 'D'},
	    {"supervisor", required_argument, NULL, 's'},
	    {"liability-months", required_argument, NULL, 'm'},
	    {"grade", required_argument, NULL, 'g'},
	    {"text", required_argument, NULL, 't'},
	    {"as-of", required_argument, NULL, 'a'},
	    {"state", required_argument, NULL, 'S'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 'T'},
	    {"format", required_argument, NULL, 'F'},
	    {"out", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const struct sub *sub = NULL;
	struct opts o = {0};
	char *end;
	int c;

	if (argc < 2)
		return cli_usage(usage_text, 0);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(usage_text, 1);
	for (size_t i = 0; i < ARRAY_LEN(subs); i++)
		if (!strcmp(argv[1], subs[i].name))
			sub = &subs[i];
	if (!sub) {
		fprintf(stderr, "zuofeng vet: unknown command '%s'\n", argv[1]);
		return cli_usage(usage_text, 0);
	}
	argc--;
	argv++;
	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db = optarg;
			break;
		case 'p':
			o.person = optarg;
			break;
		case 'P':
			o.post = optarg;
			break;
		case 'r':
			o.rank = optarg;
			break;
		case 'u':
			o.unit = optarg;
			break;
		case 'D':
			o.date = optarg;
			break;
		case 's':
			o.supervisor = optarg;
			break;
		case 'g':
			o.grade = optarg;
			break;
		case 't':
			o.text = optarg;
			break;
		case 'a':
			o.as_of = optarg;
			break;
		case 'S':
			o.state = optarg;
			break;
		case 'f':
			o.from = optarg;
			break;
		case 'T':
			o.to = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "json") && strcmp(optarg, "csv") &&
			    strcmp(optarg, "xlsx")) {
				fprintf(stderr,
					"zuofeng vet: --format must be json, csv or xlsx\n");
				return cli_usage(sub->help, 0);
			}
			o.format = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'm':
			errno = 0;
			o.months = (int)strtol(optarg, &end, 10);
			if (!*optarg || *end || errno || o.months < 1 || o.months > 120) {
				fprintf(stderr, "zuofeng vet: --liability-months must be 1-120\n");
				return cli_usage(sub->help, 0);
			}
			break;
		case 'h':
			return cli_usage(sub->help, 1);
		default:
			return cli_usage(sub->help, 0);
		}
	}
	if (argc - optind != sub->args) {
		fprintf(stderr, "zuofeng vet %s: %s\n", sub->name,
			sub->args ? "give the nomination id" : "takes no argument");
		return cli_usage(sub->help, 0);
	}
	if (!strcmp(sub->name, "report") && (!o.from || !o.to)) {
		fprintf(stderr, "zuofeng vet report: --from and --to are required\n");
		return cli_usage(sub->help, 0);
	}
	struct store *s = cli_open_db(o.db);
	if (!s)
		return CLI_FAIL;
	int status = run(s, sub, &o, sub->args ? argv[optind] : NULL);
	store_close(s);
	return status;
}
