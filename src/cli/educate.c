/* educate.c: `zuofeng educate ...`: the education mechanism (E1-E7) from the command line:
 * the catalogues, programmes and their targets, sessions, attendance imports, fair speaker
 * draws, dossiers and completion tables (CSV, JSON, XLSX), and the appointment gate (E2). */
#include "base/timeutil.h"
#include "base/util.h"
#include "cli/cli.h"
#include "educate/educate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: zuofeng educate <what> [options] [--db PATH]\n"
    "\n"
    "  kinds | topics                          the programme kinds and the topic catalogue\n"
    "  programme add --code C --name N --kind K [--rule JSON] [--hours H] [--sessions N]\n"
    "                [--period year|once] [--unit U] [--description TEXT]\n"
    "  programme list [--kind K]\n"
    "  targets --programme P [--as-of DATE] [--owing 1]   who must attend, with progress\n"
    "  session add --programme P --date DATE --title T [--hours H] [--topic T] [--place P]\n"
    "              [--unit U] [--speakers CODE,CODE]\n"
    "  attendance import --session ID FILE     CSV: 人员编号/person, 出勤/status\n"
    "                                          (出席 迟到 请假 缺席), [备注/note]; all or none\n"
    "  import reading|commitments|family FILE  records from CSV (E5-E7); all or none\n"
    "  pick --programme P --count N [--seed S] draw speakers fairly and reproducibly\n"
    "  owed --person CODE [--as-of DATE]       what a cadre has not completed\n"
    "  dossier --person CODE [--year Y] [--format json|csv|xlsx] [--out FILE]\n"
    "  completion [--year Y] [--unit U] [--format json|csv|xlsx] [--out FILE]\n"
    "  appoint --person P --post TEXT --rank R --decided DATE [--managed-by UNIT]\n"
    "                                          a pending appointment\n"
    "  effect --appointment ID [--on DATE]     take effect if the E2 gate is passed\n"
    "  override --appointment ID --reason TEXT [--on DATE]   take effect despite the gate\n"
    "  appointments [--state pending|effective|overridden]\n"
    "\n"
    "Target rules are JSON (README, \"Education\"): born_from, born_to, rank_min, rank_max,\n"
    "ranks, village, agency, appointed_within_months, units, categories, unit_kinds,\n"
    "families; e.g. --rule '{\"born_from\":\"1980-01-01\",\"born_to\":\"1989-12-31\"}'.\n"
    "A draw's seed is a decimal 64-bit integer, random when not given; the same seed over\n"
    "the same pool gives the same picks. CSV output is UTF-8 with a BOM; xlsx needs --out.\n"
    "Every write is audited as cli:<login>.\n";

/* ---- options ---- */

#define MAX_OPTS 12
struct opts {
	const char *name[MAX_OPTS], *value[MAX_OPTS];
	int n;
	const char *pos[4]; /* positional arguments */
	int npos;
	bool help;
};

/* Parses argv[from..] as --name VALUE / --name=VALUE pairs (names in allowed, space
 * separated) and positional arguments. Returns -1 after printing the problem. */
static int parse(int argc, char **argv, int from, const char *allowed, struct opts *o)
{
	memset(o, 0, sizeof *o);
	for (int i = from; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			o->help = true;
			continue;
		}
		if (strncmp(a, "--", 2)) {
			if (o->npos == 4) {
				fprintf(stderr, "zuofeng educate: too many arguments\n");
				return -1;
			}
			o->pos[o->npos++] = a;
			continue;
		}
		char name[32];
		const char *eq = strchr(a, '='), *val;
		snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - a - 2) : (int)strlen(a + 2),
			 a + 2);
		char pat[40];
		snprintf(pat, sizeof pat, " %s ", name);
		char all[256];
		snprintf(all, sizeof all, " %s db ", allowed);
		if (!strstr(all, pat)) {
			fprintf(stderr, "zuofeng educate: unknown option --%s\n", name);
			return -1;
		}
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else {
			fprintf(stderr, "zuofeng educate: --%s needs a value\n", name);
			return -1;
		}
		if (o->n == MAX_OPTS) {
			fprintf(stderr, "zuofeng educate: too many options\n");
			return -1;
		}
		o->name[o->n] = xstrdup(name);
		o->value[o->n++] = val;
	}
	return 0;
}

static void opts_cleanup(struct opts *o)
{
	for (int i = 0; i < o->n; i++)
		free((char *)o->name[i]);
}

static const char *opt(const struct opts *o, const char *name)
{
	for (int i = o->n - 1; i >= 0; i--)
		if (!strcmp(o->name[i], name))
			return o->value[i];
	return NULL;
}

static int need(const struct opts *o, const char *name, const char **out)
{
	if (!(*out = opt(o, name))) {
		fprintf(stderr, "zuofeng educate: --%s is required (zuofeng educate --help)\n",
			name);
		return -1;
	}
	return 0;
}

static int number(const char *s, const char *name, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "zuofeng educate: --%s must be a number %g..%g\n", name, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

/* ---- output ---- */

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

static int print_json(json_t *j, const char *out)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	size_t n = strlen(s);
	s = xrealloc(s, n + 2);
	s[n++] = '\n';
	int rc = write_out(out, s, n);
	free(s);
	return rc;
}

/* Writes j as the format asks. Steals j. */
static int emit(json_t *j, const struct opts *o, void (*csv)(json_t *, struct buf *),
		int (*xlsx)(json_t *, const char *, struct zf_err *))
{
	const char *format = opt(o, "format") ? opt(o, "format") : "csv";
	const char *out = opt(o, "out");
	int rc;
	if (!strcmp(format, "json")) {
		rc = print_json(j, out);
	} else if (!strcmp(format, "csv")) {
		struct buf b = BUF_INIT;
		csv(j, &b);
		rc = write_out(out, buf_str(&b), b.len);
		buf_cleanup(&b);
	} else if (!strcmp(format, "xlsx")) {
		struct zf_err err;
		zf_err_clear(&err);
		if (!out) {
			fprintf(stderr, "zuofeng educate: --format xlsx needs --out FILE\n");
			rc = CLI_USAGE;
		} else {
			rc = xlsx(j, out, &err) < 0 ? cli_error(&err) : CLI_OK;
		}
	} else {
		fprintf(stderr, "zuofeng educate: unknown format '%s' (csv, json or xlsx)\n",
			format);
		rc = CLI_USAGE;
	}
	json_decref(j);
	return rc;
}

/* ---- commands ---- */

static int do_list(struct store *s, const char *what, const struct opts *o)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	int rc = !strcmp(what, "kinds") ? educate_kind_list(s, &j, &err)
		 : !strcmp(what, "topics")
		     ? educate_topic_list(s, &j, &err)
		     : educate_programme_list(s, opt(o, "kind"), 0, 1000, &j, &err);
	if (rc < 0)
		return cli_error(&err);
	rc = print_json(j, NULL);
	json_decref(j);
	return rc;
}

static int do_programme_add(struct store *s, const struct actor *who, const struct opts *o)
{
	struct educate_programme p;
	struct zf_err err;
	json_t *rule = NULL;
	double h = 0, n = 0;
	memset(&p, 0, sizeof p);
	zf_err_clear(&err);
	if (need(o, "code", &p.code) < 0 || need(o, "name", &p.name) < 0 ||
	    need(o, "kind", &p.kind) < 0)
		return CLI_USAGE;
	if ((opt(o, "hours") && number(opt(o, "hours"), "hours", 0, 10000, &h) < 0) ||
	    (opt(o, "sessions") && number(opt(o, "sessions"), "sessions", 0, 1000, &n) < 0))
		return CLI_USAGE;
	if (opt(o, "rule")) {
		json_error_t je;
		if (!(rule = json_loads(opt(o, "rule"), 0, &je))) {
			fprintf(stderr, "zuofeng educate: --rule: %s (column %d)\n", je.text,
				je.column);
			return CLI_USAGE;
		}
	}
	p.rule = rule;
	p.required_hours = h;
	p.required_sessions = (int)n;
	p.period = opt(o, "period");
	p.unit = opt(o, "unit");
	p.description = opt(o, "description");
	int rc = educate_programme_create(s, who, &p, &err);
	json_decref(rule);
	if (rc < 0)
		return cli_error(&err);
	printf("programme %s created\n", p.code);
	return CLI_OK;
}

static int do_targets(struct store *s, const struct opts *o)
{
	struct zf_err err;
	json_t *arr = NULL, *it;
	const char *prog;
	int total = 0;
	size_t i;
	zf_err_clear(&err);
	if (need(o, "programme", &prog) < 0)
		return CLI_USAGE;
	if (educate_programme_targets(s, prog, opt(o, "as-of"), 0, opt(o, "owing") != NULL, 0, 0,
				      &arr, &total, &err) < 0)
		return cli_error(&err);
	struct buf b = BUF_INIT;
	buf_puts(&b, "\xEF\xBB\xBF人员编号,姓名,单位,职级,已完成学时,已完成次数,是否完成\r\n");
	json_array_foreach(arr, i, it)
	{
		buf_put_csv(&b, json_string_value(json_object_get(it, "code")));
		buf_putc(&b, ',');
		buf_put_csv(&b, json_string_value(json_object_get(it, "name")));
		buf_putc(&b, ',');
		buf_put_csv(
		    &b, json_string_value(json_object_get(json_object_get(it, "unit"), "code")));
		buf_putc(&b, ',');
		buf_put_csv(&b, json_string_value(json_object_get(it, "rank")));
		buf_printf(&b, ",%.2f,%lld,%s\r\n",
			   json_number_value(json_object_get(it, "done_hours")),
			   (long long)json_integer_value(json_object_get(it, "done_sessions")),
			   json_is_true(json_object_get(it, "completed")) ? "是" : "否");
	}
	int rc = write_out(NULL, buf_str(&b), b.len);
	buf_cleanup(&b);
	json_decref(arr);
	return rc;
}

static int do_session_add(struct store *s, const struct actor *who, const struct opts *o)
{
	struct educate_session ss;
	struct zf_err err;
	double h = 0;
	int64_t id = 0;
	memset(&ss, 0, sizeof ss);
	zf_err_clear(&err);
	if (need(o, "programme", &ss.programme) < 0 || need(o, "date", &ss.held_on) < 0 ||
	    need(o, "title", &ss.title) < 0)
		return CLI_USAGE;
	if (opt(o, "hours") && number(opt(o, "hours"), "hours", 0, 100, &h) < 0)
		return CLI_USAGE;
	ss.credit_hours = h;
	ss.topic = opt(o, "topic");
	ss.place = opt(o, "place");
	ss.unit = opt(o, "unit");
	json_t *spk = NULL;
	if (opt(o, "speakers")) {
		spk = json_array();
		char *copy = xstrdup(opt(o, "speakers")), *save = NULL;
		for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
			json_array_append_new(spk, json_string(str_trim(t)));
		free(copy);
	}
	ss.speakers = spk;
	int rc = educate_session_create(s, who, &ss, &id, &err);
	json_decref(spk);
	if (rc < 0)
		return cli_error(&err);
	printf("session %lld created\n", (long long)id);
	return CLI_OK;
}

static int do_attendance_import(struct store *s, const struct actor *who, const struct opts *o)
{
	struct zf_err err;
	struct import_report rep;
	const char *sid;
	size_t len = 0;
	int n = 0;
	zf_err_clear(&err);
	if (need(o, "session", &sid) < 0)
		return CLI_USAGE;
	if (o->npos != 1) {
		fprintf(stderr, "zuofeng educate attendance import: give one FILE\n");
		return CLI_USAGE;
	}
	char *data = file_read_all(o->pos[0], &len);
	if (!data) {
		fprintf(stderr, "zuofeng: %s: %s\n", o->pos[0], strerror(errno));
		return CLI_FAIL;
	}
	import_report_init(&rep, o->pos[0]);
	int rc = educate_attendance_import(s, who, atoll(sid), o->pos[0], data, len, 0, &rep, NULL,
					   &n, &err);
	free(data);
	if (rc == ZF_EINVAL && rep.nerrors) {
		fputs(buf_str(&rep.out), stderr);
		cli_not_imported(o->pos[0], &err);
		import_report_cleanup(&rep);
		return CLI_FAIL;
	}
	import_report_cleanup(&rep);
	if (rc < 0)
		return cli_error(&err);
	printf("%d attendance rows imported into session %s\n", n, sid);
	return CLI_OK;
}

static int do_records_import(struct store *s, const struct actor *who, const struct opts *o)
{
	struct zf_err err;
	struct import_report rep;
	size_t len = 0;
	int n = 0;
	zf_err_clear(&err);
	if (o->npos != 2) {
		fprintf(stderr, "zuofeng educate import: give the kind (reading, commitments or "
				"family) and one FILE\n");
		return CLI_USAGE;
	}
	const char *kind = o->pos[0], *file = o->pos[1];
	if (strcmp(kind, "reading") && strcmp(kind, "commitments") && strcmp(kind, "family")) {
		fprintf(stderr,
			"zuofeng educate import: unknown kind '%s' (reading, commitments or "
			"family)\n",
			kind);
		return CLI_USAGE;
	}
	char *data = file_read_all(file, &len);
	if (!data) {
		fprintf(stderr, "zuofeng: %s: %s\n", file, strerror(errno));
		return CLI_FAIL;
	}
	import_report_init(&rep, file);
	int rc = educate_records_import(s, who, kind, file, data, len, 0, &rep, NULL, &n, &err);
	free(data);
	if (rc == ZF_EINVAL && rep.nerrors) {
		fputs(buf_str(&rep.out), stderr);
		cli_not_imported(file, &err);
		import_report_cleanup(&rep);
		return CLI_FAIL;
	}
	import_report_cleanup(&rep);
	if (rc < 0)
		return cli_error(&err);
	printf("%d %s records imported from %s\n", n, kind, file);
	return CLI_OK;
}

static int do_pick(struct store *s, const struct actor *who, const struct opts *o)
{
	struct zf_err err;
	const char *prog, *count;
	json_t *d = NULL, *p;
	double n;
	size_t i;
	zf_err_clear(&err);
	if (need(o, "programme", &prog) < 0 || need(o, "count", &count) < 0 ||
	    number(count, "count", 1, 100000, &n) < 0)
		return CLI_USAGE;
	if (educate_pick(s, who, prog, (int)n, opt(o, "seed"), &d, &err) < 0)
		return cli_error(&err);
	printf("draw %lld of %s, seed %s, %lld eligible:\n",
	       (long long)json_integer_value(json_object_get(d, "id")), prog,
	       json_string_value(json_object_get(d, "seed")),
	       (long long)json_integer_value(json_object_get(d, "eligible")));
	json_array_foreach(json_object_get(d, "picks"), i, p)
	{
		json_t *pe = json_object_get(p, "person");
		printf("%lld\t%s\t%s\t%s\tcycle %lld\n",
		       (long long)json_integer_value(json_object_get(p, "seq")),
		       json_string_value(json_object_get(pe, "code")),
		       json_string_value(json_object_get(pe, "name")),
		       json_string_value(json_object_get(json_object_get(pe, "unit"), "code")),
		       (long long)json_integer_value(json_object_get(p, "cycle")));
	}
	json_decref(d);
	return CLI_OK;
}

static int person_id(struct store *s, const struct opts *o, int64_t *id)
{
	struct zf_err err;
	const char *code;
	zf_err_clear(&err);
	if (need(o, "person", &code) < 0)
		return CLI_USAGE;
	if (educate_person_ref(s, code, 0, id, &err) < 0)
		return cli_error(&err);
	return CLI_OK;
}

static int do_owed(struct store *s, const struct opts *o)
{
	struct zf_err err;
	int64_t pid;
	json_t *j = NULL;
	int rc = person_id(s, o, &pid);
	zf_err_clear(&err);
	if (rc != CLI_OK)
		return rc;
	if (educate_owed(s, pid, opt(o, "as-of"), &j, &err) < 0)
		return cli_error(&err);
	rc = print_json(j, NULL);
	json_decref(j);
	return rc;
}

static int year_opt(const struct opts *o, int *year)
{
	char today[11];
	time_today(today, sizeof today);
	*year = atoi(today);
	double y;
	if (opt(o, "year")) {
		if (number(opt(o, "year"), "year", 2000, 2100, &y) < 0)
			return -1;
		*year = (int)y;
	}
	return 0;
}

static int do_dossier(struct store *s, const struct opts *o)
{
	struct zf_err err;
	int64_t pid;
	int year;
	char from[11], to[11];
	json_t *j = NULL;
	int rc = person_id(s, o, &pid);
	zf_err_clear(&err);
	if (rc != CLI_OK)
		return rc;
	if (year_opt(o, &year) < 0)
		return CLI_USAGE;
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	if (educate_dossier(s, pid, from, to, &j, &err) < 0)
		return cli_error(&err);
	return emit(j, o, educate_dossier_csv, educate_dossier_xlsx);
}

static int do_completion(struct store *s, const struct opts *o)
{
	struct zf_err err;
	int year;
	json_t *j = NULL;
	zf_err_clear(&err);
	if (year_opt(o, &year) < 0)
		return CLI_USAGE;
	if (opt(o, "unit")) {
		if (educate_unit_completion(s, opt(o, "unit"), year, &j, &err) < 0)
			return cli_error(&err);
		return emit(j, o, educate_unit_completion_csv, educate_unit_completion_xlsx);
	}
	if (educate_completion(s, year, &j, &err) < 0)
		return cli_error(&err);
	return emit(j, o, educate_completion_csv, educate_completion_xlsx);
}

static int do_appoint(struct store *s, const struct actor *who, const struct opts *o)
{
	struct educate_appointment a;
	struct zf_err err;
	memset(&a, 0, sizeof a);
	int64_t id = 0;
	json_t *missing = NULL;
	zf_err_clear(&err);
	if (need(o, "person", &a.person) < 0 || need(o, "post", &a.new_post) < 0 ||
	    need(o, "rank", &a.new_rank) < 0 || need(o, "decided", &a.decided_on) < 0)
		return CLI_USAGE;
	a.managed_by = opt(o, "managed-by");
	if (educate_appointment_create(s, who, &a, &id, &err) < 0 ||
	    educate_gate_check(s, id, &missing, &err) < 0)
		return cli_error(&err);
	printf("appointment %lld recorded (pending)", (long long)id);
	size_t i;
	json_t *m;
	json_array_foreach(missing, i, m)
	    printf("%s %s",
		   i ? "," : "; not yet on record:", json_string_value(json_object_get(m, "name")));
	printf("\n");
	json_decref(missing);
	return CLI_OK;
}

static int do_effect(struct store *s, const struct actor *who, const struct opts *o, bool override)
{
	struct zf_err err;
	const char *id, *reason = NULL;
	zf_err_clear(&err);
	if (need(o, "appointment", &id) < 0 || (override && need(o, "reason", &reason) < 0))
		return CLI_USAGE;
	int rc = override
		     ? educate_appointment_override(s, who, atoll(id), reason, opt(o, "on"), &err)
		     : educate_appointment_effect(s, who, atoll(id), opt(o, "on"), &err);
	if (rc < 0)
		return cli_error(&err);
	printf("appointment %s in effect%s\n", id, override ? " (override recorded)" : "");
	return CLI_OK;
}

static int do_appointments(struct store *s, const struct opts *o)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	if (educate_appointment_list(s, opt(o, "state"), 0, 0, 1000, &j, &err) < 0)
		return cli_error(&err);
	int rc = print_json(j, NULL);
	json_decref(j);
	return rc;
}

/* The subcommands: name (one or two words), the options they take, whether they write. */
static const struct sub {
	const char *name, *second, *options, *help;
} subs[] = {
    {"kinds", NULL, "",
     "usage: zuofeng educate kinds [--db PATH]\n\n"
     "Prints the programme kinds (E1-E7) as JSON: code, name, requirement, and\n"
     "what each counts (attendance, reading, family or commitment records).\n"},
    {"topics", NULL, "",
     "usage: zuofeng educate topics [--db PATH]\n\n"
     "Prints the topic catalogue of sessions as JSON.\n"},
    {"programme", "add", "code name kind rule hours sessions period unit description",
     "usage: zuofeng educate programme add --code C --name N --kind K [--rule JSON]\n"
     "           [--hours H] [--sessions N] [--period year|once] [--unit U]\n"
     "           [--description TEXT] [--db PATH]\n\n"
     "Creates a programme. --hours (attendance kinds only) and --sessions (sessions, or\n"
     "records for reading, family and publicity kinds) are required per period. The rule\n"
     "(JSON, default {} = everyone) says who must attend; an error names its JSON path.\n"},
    {"programme", "list", "kind",
     "usage: zuofeng educate programme list [--kind K] [--db PATH]\n\n"
     "Prints the programmes as JSON.\n"},
    {"targets", NULL, "programme as-of owing",
     "usage: zuofeng educate targets --programme P [--as-of DATE] [--owing 1] [--db PATH]\n\n"
     "Prints who must attend programme P (its rule as of the date, default today) as CSV:\n"
     "人员编号,姓名,单位,职级,已完成学时,已完成次数,是否完成 (the period up to the date);\n"
     "with --owing 1 only those who have not completed it.\n"},
    {"session", "add", "programme date title hours topic place unit speakers",
     "usage: zuofeng educate session add --programme P --date DATE --title T [--hours H]\n"
     "           [--topic T] [--place P] [--unit U] [--speakers CODE,CODE] [--db PATH]\n\n"
     "Creates a session and prints its id; the speakers are recorded present.\n"},
    {"import", NULL, "",
     "usage: zuofeng educate import reading|commitments|family [--db PATH] FILE\n\n"
     "Imports records from CSV (UTF-8 or GB18030), all rows or none; each bad row is printed\n"
     "as FILE:LINE: column: what. Columns:\n"
     "  reading      人员编号/person, 书目编号/item, 阅读日期/read_on, [备注/note]\n"
     "  commitments  人员编号/person, 表态日期/made_on, 表态内容/text, [项目编号/programme]\n"
     "  family       人员编号/person, 亲属关系/relation, 活动/activity, 日期/held_on,\n"
     "               [备注/note], [项目编号/programme]\n"},
    {"attendance", "import", "session",
     "usage: zuofeng educate attendance import --session ID [--db PATH] FILE\n\n"
     "Imports a session's attendance from CSV (UTF-8 or GB18030): person/人员编号 (or\n"
     "人员编码), status/出勤 (出席 迟到 请假 缺席 or present late excused absent),\n"
     "[note/备注], [name/姓名, checked]. All rows or none; each bad row is printed as\n"
     "FILE:LINE: column: what.\n"},
    {"pick", NULL, "programme count seed",
     "usage: zuofeng educate pick --programme P --count N [--seed S] [--db PATH]\n\n"
     "Draws N speakers among P's targets: nobody twice before everyone once in a cycle; the\n"
     "seed (a decimal 64-bit integer, random when absent) is kept, and the same seed over\n"
     "the same pool gives the same picks (README, \"Education\").\n"},
    {"owed", NULL, "person as-of",
     "usage: zuofeng educate owed --person CODE [--as-of DATE] [--db PATH]\n\n"
     "Prints, as JSON, the programmes the person has not completed as of the date.\n"},
    {"dossier", NULL, "person year format out",
     "usage: zuofeng educate dossier --person CODE [--year Y] [--format csv|json|xlsx]\n"
     "           [--out FILE] [--db PATH]\n\n"
     "A cadre's education dossier for the year (default the current one); CSV (default)\n"
     "is UTF-8 with a BOM; xlsx needs --out.\n"},
    {"completion", NULL, "year unit format out",
     "usage: zuofeng educate completion [--year Y] [--unit U] [--format csv|json|xlsx]\n"
     "           [--out FILE] [--db PATH]\n\n"
     "Every unit's completion rate, or with --unit one unit's people.\n"},
    {"appoint", NULL, "person post rank decided managed-by",
     "usage: zuofeng educate appoint --person P --post TEXT --rank R --decided DATE\n"
     "           [--managed-by UNIT] [--db PATH]\n\n"
     "Records a pending appointment and says what the E2 gate still misses.\n"},
    {"effect", NULL, "appointment on",
     "usage: zuofeng educate effect --appointment ID [--on DATE] [--db PATH]\n\n"
     "Takes the appointment into effect when the integrity talk and the training (village\n"
     "cadres: the village-cadre training) are on record; else names what is missing.\n"},
    {"override", NULL, "appointment reason on",
     "usage: zuofeng educate override --appointment ID --reason TEXT [--on DATE] [--db PATH]\n\n"
     "Takes the appointment into effect despite the gate; the reason (at least the\n"
     "configured length, default 10 characters) and what was missing are audited.\n"},
    {"appointments", NULL, "state",
     "usage: zuofeng educate appointments [--state pending|effective|overridden] [--db PATH]\n\n"
     "Prints the appointments as JSON.\n"},
};

static int run(struct store *s, const struct sub *sb, const struct opts *o)
{
	struct actor who;
	cli_actor(&who);
	const char *n = sb->name;
	if (!strcmp(n, "kinds") || !strcmp(n, "topics") ||
	    (!strcmp(n, "programme") && !strcmp(sb->second, "list")))
		return do_list(s, n, o);
	if (!strcmp(n, "programme"))
		return do_programme_add(s, &who, o);
	if (!strcmp(n, "targets"))
		return do_targets(s, o);
	if (!strcmp(n, "session"))
		return do_session_add(s, &who, o);
	if (!strcmp(n, "attendance"))
		return do_attendance_import(s, &who, o);
	if (!strcmp(n, "import"))
		return do_records_import(s, &who, o);
	if (!strcmp(n, "pick"))
		return do_pick(s, &who, o);
	if (!strcmp(n, "owed"))
		return do_owed(s, o);
	if (!strcmp(n, "dossier"))
		return do_dossier(s, o);
	if (!strcmp(n, "completion"))
		return do_completion(s, o);
	if (!strcmp(n, "appoint"))
		return do_appoint(s, &who, o);
	if (!strcmp(n, "effect") || !strcmp(n, "override"))
		return do_effect(s, &who, o, !strcmp(n, "override"));
	return do_appointments(s, o);
}

int cmd_educate(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(usage_text, argc >= 2);
	const struct sub *sb = NULL;
	int from = 2;
	for (size_t i = 0; i < ARRAY_LEN(subs) && !sb; i++) {
		if (strcmp(argv[1], subs[i].name))
			continue;
		if (!subs[i].second)
			sb = &subs[i];
		else if (argc > 2 && !strcmp(argv[2], subs[i].second))
			sb = &subs[i], from = 3;
	}
	if (!sb) {
		bool group = false;
		for (size_t i = 0; i < ARRAY_LEN(subs); i++)
			group = group || (subs[i].second && !strcmp(argv[1], subs[i].name));
		if (group && argc > 2)
			fprintf(stderr, "zuofeng educate: unknown '%s %s'\n", argv[1], argv[2]);
		else
			fprintf(stderr, "zuofeng educate: unknown '%s'\n", argv[1]);
		return cli_usage(usage_text, 0);
	}
	struct opts o;
	if (parse(argc, argv, from, sb->options, &o) < 0) {
		opts_cleanup(&o);
		return CLI_USAGE;
	}
	if (o.help) {
		opts_cleanup(&o);
		return cli_usage(sb->help, 1);
	}
	if (o.npos && strcmp(sb->name, "attendance") && strcmp(sb->name, "import")) {
		fprintf(stderr, "zuofeng educate: unexpected argument '%s'\n", o.pos[0]);
		opts_cleanup(&o);
		return CLI_USAGE;
	}
	struct store *s = cli_open_db(opt(&o, "db"));
	if (!s) {
		opts_cleanup(&o);
		return CLI_FAIL;
	}
	int rc = run(s, sb, &o);
	store_close(s);
	opts_cleanup(&o);
	return rc;
}
