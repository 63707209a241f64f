/* case.c: `zuofeng case ...`: supervision cases from the command line: import a 12345
 * hotline export, list and show cases, the overdue sweep (reminders and escalation), the
 * per-unit figures and their process scores, the deadline settings and the working-day
 * calendar. The command line acts as the work-style office and never shows a complainant. */
#include "cli/cli.h"
#include "base/csv.h"
#include "base/util.h"
#include "supervise/calendar.h"
#include "supervise/case.h"
#include "supervise/seal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: zuofeng case import [--db PATH] [--key FILE] FILE.csv\n"
    "       zuofeng case list [--db PATH] [--state S] [--unit CODE] [--channel C]\n"
    "                         [--category C] [--search TEXT] [--from DATE] [--to DATE]\n"
    "                         [--overdue [--as-of DATE]]\n"
    "                         [--format text|json|csv | --format xlsx --out FILE]\n"
    "       zuofeng case show [--db PATH] CASE_NO\n"
    "       zuofeng case overdue [--db PATH] [--as-of DATE] [--notify]\n"
    "       zuofeng case stats [--db PATH] --from DATE --to DATE [--unit CODE]\n"
    "                          [--format text|json]\n"
    "                          [--round R --period-type monthly|quarterly --period P --apply]\n"
    "       zuofeng case settings [--db PATH] [KEY=VALUE ...]\n"
    "       zuofeng case calendar [--db PATH] YEAR | --import FILE.csv\n"
    "\n"
    "Supervision cases (complaints from every channel).\n"
    "  import    imports a 12345 hotline export (UTF-8 or GB18030) whole or not at all;\n"
    "            every bad row is printed as FILE:LINE: column: what is wrong. Columns\n"
    "            (Chinese or English): 工单编号/external_ref 来电时间/received_on\n"
    "            诉求人/name 联系电话/phone 被反映单位/unit (code or name) 标题/subject\n"
    "            诉求内容/content [问题分类/category 被反映人/person]. The caller's name\n"
    "            and phone are sealed with the key file (SM4).\n"
    "  list      the cases, without any complainant; as text, JSON, CSV (UTF-8 with BOM)\n"
    "            or an XLSX workbook. --search finds text in the subject or content, or a\n"
    "            case number or hotline ticket exactly.\n"
    "  show      one case as JSON, without its complainant.\n"
    "  overdue   the cases past their sign-for or handling deadline on --as-of (default\n"
    "            today), with what is due: a reminder (催办, once per stage), or escalation\n"
    "            (督办) when still overdue more than escalate_after working days after the\n"
    "            reminder. --notify records them.\n"
    "  stats     per handling unit: on-time sign-for, on-time completion, satisfaction and\n"
    "            reopen rates of the cases received from --from to --to. With --round\n"
    "            --period-type --period --apply they are written as the round's process\n"
    "            scores: 100 x (0.3 sign + 0.3 completion + 0.3 satisfaction + 0.1 (1 -\n"
    "            reopen)), a rate without cases counting in full.\n"
    "  settings  shows or changes sign_days handle_days escalate_after reopen_escalate\n"
    "            dup_threshold_pct dup_window_days.\n"
    "  calendar  shows a year's holidays and adjusted working days, or imports a CSV of\n"
    "            day/日期, kind/类型 (holiday|workday, 休|班), [name/名称]: the days listed\n"
    "            replace those of each year the file touches.\n"
    "\n"
    "The key file is --key, else $ZUOFENG_KEY, else DB.key (created by zuofeng init).\n";

struct opts {
	const char *db, *key, *state, *unit, *channel, *from, *to, *format, *as_of;
	const char *round, *period_type, *period, *import, *out, *category, *search;
	bool overdue, notify, apply;
};

static int load_key(const struct opts *o)
{
	char path[4096];
	struct zf_err err;
	zf_err_clear(&err);
	seal_key_path(cli_db_path(o->db), o->key, path, sizeof path);
	if (seal_key_load(path, false, &err) < 0)
		return cli_error(&err);
	return CLI_OK;
}

static void print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2));
	puts(s);
	free(s);
}

static int do_import(struct store *s, const struct opts *o, const char *file)
{
	struct zf_err err;
	struct import_report rep;
	struct actor who;
	size_t len;
	int n = 0;
	zf_err_clear(&err);
	if (load_key(o) != CLI_OK)
		return CLI_FAIL;
	char *data = file_read_all(file, &len);
	if (!data) {
		fprintf(stderr, "zuofeng: %s: %s\n", file, strerror(errno));
		return CLI_FAIL;
	}
	cli_actor(&who);
	import_report_init(&rep, file);
	int rc = case_import_hotline(s, &who, file, data, len, &rep, &n, &err);
	free(data);
	if (rc < 0) {
		if (rep.nerrors)
			fputs(buf_str(&rep.out), stderr);
		else
			cli_error(&err);
		fprintf(stderr, "zuofeng: %s: nothing imported\n", file);
		import_report_cleanup(&rep);
		return CLI_FAIL;
	}
	import_report_cleanup(&rep);
	printf("imported %d cases from %s\n", n, file);
	return CLI_OK;
}

static int do_list(struct store *s, const struct opts *o)
{
	struct zf_err err;
	struct case_viewer v = {0};
	struct case_filter f = {.state = o->state,
				.unit = o->unit,
				.channel = o->channel,
				.from = o->from,
				.to = o->to,
				.overdue_only = o->overdue,
				.as_of = o->as_of,
				.category = o->category,
				.q = o->search};
	const char *fmt = o->format ? o->format : "text";
	zf_err_clear(&err);
	if (!strcmp(fmt, "xlsx")) {
		if (!o->out) {
			fprintf(stderr, "zuofeng: --format xlsx needs --out FILE.xlsx\n");
			return CLI_USAGE;
		}
		if (case_export_xlsx(s, &f, &v, o->out, &err) < 0)
			return cli_error(&err);
		printf("wrote %s\n", o->out);
		return CLI_OK;
	}
	if (!strcmp(fmt, "csv")) {
		char *csv;
		size_t len;
		if (case_export_csv(s, &f, &v, &csv, &len, &err) < 0)
			return cli_error(&err);
		fwrite(csv, 1, len, stdout);
		free(csv);
		return CLI_OK;
	}
	if (strcmp(fmt, "text") && strcmp(fmt, "json")) {
		fprintf(stderr, "zuofeng: --format must be text, json, csv or xlsx\n");
		return CLI_USAGE;
	}
	json_t *all = json_array();
	int64_t after = 0;
	for (;;) {
		json_t *page;
		if (case_list(s, &f, &v, after, 1000, &page, &err) < 0) {
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
	if (!strcmp(fmt, "json")) {
		print_json(all);
	} else {
		size_t i;
		json_t *r;
		json_array_foreach(all, i, r)
		{
			json_t *hu = json_object_get(r, "handling_unit");
			printf(
			    "%s  %s  %s  %s  %s%s%s%s%s\n",
			    json_string_value(json_object_get(r, "case_no")),
			    json_string_value(json_object_get(r, "received_on")),
			    json_string_value(json_object_get(r, "state_zh")),
			    json_string_value(json_object_get(json_object_get(r, "unit"), "code")),
			    json_string_value(json_object_get(r, "subject")),
			    json_is_object(hu) ? "  -> " : "",
			    json_is_object(hu) ? json_string_value(json_object_get(hu, "code"))
					       : "",
			    json_is_true(json_object_get(r, "overdue")) ? " [超期]" : "",
			    json_is_true(json_object_get(r, "escalated")) ? " [督办]" : "");
		}
		printf("%zu cases\n", json_array_size(all));
	}
	json_decref(all);
	return CLI_OK;
}

static int do_show(struct store *s, const char *case_no)
{
	struct zf_err err;
	struct case_viewer v = {0};
	json_t *j, *t;
	zf_err_clear(&err);
	if (case_get_json(s, case_no, &v, &j, &err) < 0)
		return cli_error(&err);
	if (case_timeline(s, case_no, &v, &t, &err) < 0) {
		json_decref(j);
		return cli_error(&err);
	}
	json_object_set_new(j, "timeline", t);
	print_json(j);
	json_decref(j);
	return CLI_OK;
}

static int do_overdue(struct store *s, const struct opts *o)
{
	struct zf_err err;
	struct actor who;
	json_t *a;
	zf_err_clear(&err);
	cli_actor(&who);
	if (case_overdue_sweep(s, o->as_of, o->notify, &who, &a, &err) < 0)
		return cli_error(&err);
	size_t i;
	json_t *r;
	int remind = 0, escalate = 0;
	json_array_foreach(a, i, r)
	{
		const char *act = json_string_value(json_object_get(r, "action"));
		json_t *hu = json_object_get(r, "handling_unit"),
		       *ld = json_object_get(r, "leader");
		remind += !strcmp(act, "remind");
		escalate += !strcmp(act, "escalate");
		printf("%s  %-6s  due %s  %d working days late  %-9s  %s%s%s\n",
		       json_string_value(json_object_get(r, "case_no")),
		       json_string_value(json_object_get(r, "stage")),
		       json_string_value(json_object_get(r, "due")),
		       (int)json_integer_value(json_object_get(r, "working_days_overdue")), act,
		       json_is_object(hu) ? json_string_value(json_object_get(hu, "name")) : "",
		       json_is_object(ld) ? " -> " : "",
		       json_is_object(ld) ? json_string_value(json_object_get(ld, "name")) : "");
	}
	printf("%zu overdue; %s %d reminders and %d escalations\n", json_array_size(a),
	       o->notify ? "recorded" : "due:", remind, escalate);
	json_decref(a);
	return CLI_OK;
}

static int do_stats(struct store *s, const struct opts *o)
{
	struct zf_err err;
	zf_err_clear(&err);
	if (o->apply) {
		struct actor who;
		int n = 0;
		if (!o->round) {
			fprintf(stderr,
				"zuofeng: --apply needs --round, --period-type and --period\n");
			return CLI_USAGE;
		}
		cli_actor(&who);
		if (case_stats_apply(s, o->round, o->period_type, o->period, o->from, o->to, &who,
				     &n, &err) < 0)
			return cli_error(&err);
		printf("wrote %d process scores (%s %s) into round %s\n", n, o->period_type,
		       o->period, o->round);
		return CLI_OK;
	}
	json_t *j;
	if (case_stats(s, o->from, o->to, o->unit, &j, &err) < 0)
		return cli_error(&err);
	if (o->format && !strcmp(o->format, "json")) {
		print_json(j);
		json_decref(j);
		return CLI_OK;
	}
	printf("%-6s %-20s %5s %8s %8s %8s %8s\n", "unit", "name", "cases", "签收", "办结", "满意",
	       "重办");
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(j, "units"), i, r)
	{
		const char *k[] = {"sign_ontime_rate", "done_ontime_rate", "satisfaction_rate",
				   "reopen_rate"};
		printf("%-6s %-20s %5lld", json_string_value(json_object_get(r, "unit")),
		       json_string_value(json_object_get(r, "name")),
		       (long long)json_integer_value(json_object_get(r, "cases")));
		for (int q = 0; q < 4; q++) {
			json_t *v = json_object_get(r, k[q]);
			if (json_is_number(v))
				printf(" %7.1f%%", 100 * json_number_value(v));
			else
				printf(" %8s", "-");
		}
		printf("\n");
	}
	json_decref(j);
	return CLI_OK;
}

static int do_settings(struct store *s, int argc, char **argv)
{
	struct zf_err err;
	struct case_settings cs;
	zf_err_clear(&err);
	if (argc > 0) {
		struct actor who;
		json_t *ch = json_object();
		for (int i = 0; i < argc; i++) {
			char *eq = strchr(argv[i], '='), *end;
			long v = eq ? strtol(eq + 1, &end, 10) : 0;
			if (!eq || !eq[1] || *end) {
				json_decref(ch);
				fprintf(stderr, "zuofeng: settings: '%s' is not KEY=NUMBER\n",
					argv[i]);
				return CLI_USAGE;
			}
			*eq = '\0';
			json_object_set_new(ch, argv[i], json_integer(v));
		}
		cli_actor(&who);
		int rc = case_settings_update(s, ch, &who, &err);
		json_decref(ch);
		if (rc < 0)
			return cli_error(&err);
	}
	if (case_settings_get(s, &cs, &err) < 0)
		return cli_error(&err);
	json_t *j = case_settings_json(&cs);
	print_json(j);
	json_decref(j);
	return CLI_OK;
}

static int do_calendar(struct store *s, const struct opts *o, int argc, char **argv)
{
	struct zf_err err;
	zf_err_clear(&err);
	if (o->import) {
		struct import_report rep;
		struct actor who;
		size_t len;
		int n = 0;
		char *data = file_read_all(o->import, &len);
		if (!data) {
			fprintf(stderr, "zuofeng: %s: %s\n", o->import, strerror(errno));
			return CLI_FAIL;
		}
		cli_actor(&who);
		import_report_init(&rep, o->import);
		int rc = calendar_import(s, &who, o->import, data, len, &rep, &n, &err);
		free(data);
		if (rc < 0) {
			if (rep.nerrors)
				fputs(buf_str(&rep.out), stderr);
			else
				cli_error(&err);
			fprintf(stderr, "zuofeng: %s: nothing imported\n", o->import);
			import_report_cleanup(&rep);
			return CLI_FAIL;
		}
		import_report_cleanup(&rep);
		printf("imported %d calendar days from %s\n", n, o->import);
		return CLI_OK;
	}
	if (argc != 1)
		return cli_usage(usage, 0);
	json_t *j;
	if (calendar_year_json(s, atoi(argv[0]), &j, &err) < 0)
		return cli_error(&err);
	size_t i;
	json_t *d;
	json_array_foreach(j, i, d)
	    printf("%s  %s  %s\n", json_string_value(json_object_get(d, "day")),
		   !strcmp(json_string_value(json_object_get(d, "kind")), "holiday") ? "休" : "班",
		   json_string_value(json_object_get(d, "name")));
	printf("%zu days listed; other days follow Monday-Friday\n", json_array_size(j));
	json_decref(j);
	return CLI_OK;
}

int cmd_case(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"key", required_argument, NULL, 'k'},
	    {"state", required_argument, NULL, 's'},
	    {"unit", required_argument, NULL, 'u'},
	    {"channel", required_argument, NULL, 'c'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"format", required_argument, NULL, 'F'},
	    {"as-of", required_argument, NULL, 'a'},
	    {"round", required_argument, NULL, 'r'},
	    {"period-type", required_argument, NULL, 'T'},
	    {"period", required_argument, NULL, 'p'},
	    {"import", required_argument, NULL, 'i'},
	    {"out", required_argument, NULL, 'O'},
	    {"category", required_argument, NULL, 'C'},
	    {"search", required_argument, NULL, 'S'},
	    {"overdue", no_argument, NULL, 'o'},
	    {"notify", no_argument, NULL, 'n'},
	    {"apply", no_argument, NULL, 'A'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	struct opts o = {0};
	int c;
	if (argc < 2)
		return cli_usage(usage, 0);
	const char *sub = argv[1];
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help"))
		return cli_usage(usage, 1);
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db = optarg;
			break;
		case 'k':
			o.key = optarg;
			break;
		case 's':
			o.state = optarg;
			break;
		case 'u':
			o.unit = optarg;
			break;
		case 'c':
			o.channel = optarg;
			break;
		case 'f':
			o.from = optarg;
			break;
		case 't':
			o.to = optarg;
			break;
		case 'F':
			o.format = optarg;
			break;
		case 'a':
			o.as_of = optarg;
			break;
		case 'r':
			o.round = optarg;
			break;
		case 'T':
			o.period_type = optarg;
			break;
		case 'p':
			o.period = optarg;
			break;
		case 'i':
			o.import = optarg;
			break;
		case 'O':
			o.out = optarg;
			break;
		case 'C':
			o.category = optarg;
			break;
		case 'S':
			o.search = optarg;
			break;
		case 'o':
			o.overdue = true;
			break;
		case 'n':
			o.notify = true;
			break;
		case 'A':
			o.apply = true;
			break;
		default:
			return cli_usage(usage, c == 'h');
		}
	}
	int rest = argc - optind;
	char **args = argv + optind;
	bool known = !strcmp(sub, "import") || !strcmp(sub, "list") || !strcmp(sub, "show") ||
		     !strcmp(sub, "overdue") || !strcmp(sub, "stats") || !strcmp(sub, "settings") ||
		     !strcmp(sub, "calendar");
	if (!known) {
		fprintf(stderr, "zuofeng: case: unknown subcommand '%s'\n", sub);
		return cli_usage(usage, 0);
	}
	if ((!strcmp(sub, "import") || !strcmp(sub, "show")) && rest != 1)
		return cli_usage(usage, 0);
	if ((!strcmp(sub, "list") || !strcmp(sub, "overdue") || !strcmp(sub, "stats")) && rest)
		return cli_usage(usage, 0);
	if (!strcmp(sub, "stats") && (!o.from || !o.to)) {
		fprintf(stderr, "zuofeng: case stats needs --from and --to\n");
		return CLI_USAGE;
	}
	struct store *s = cli_open_db(o.db);
	if (!s)
		return CLI_FAIL;
	int rc;
	if (!strcmp(sub, "import"))
		rc = do_import(s, &o, args[0]);
	else if (!strcmp(sub, "list"))
		rc = do_list(s, &o);
	else if (!strcmp(sub, "show"))
		rc = do_show(s, args[0]);
	else if (!strcmp(sub, "overdue"))
		rc = do_overdue(s, &o);
	else if (!strcmp(sub, "stats"))
		rc = do_stats(s, &o);
	else if (!strcmp(sub, "settings"))
		rc = do_settings(s, rest, args);
	else
		rc = do_calendar(s, &o, rest, args);
	store_close(s);
	return rc;
}
