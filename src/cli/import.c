/* import.c: `zuofeng import units|people|oversight [--db PATH] FILE.csv` (X3) and
 * `zuofeng import ballots|process|self|survey|adjustments --round R [--db PATH] FILE.csv`
 * (a round's inputs, SCORING.md section 6): a whole CSV file or nothing; every bad row is
 * printed as `FILE:LINE: column: what is wrong`. */
#include "cli/cli.h"
#include "base/csv.h"
#include "base/util.h"
#include "eval/eval.h"
#include "org/org.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: zuofeng import units|people|oversight [--db PATH] FILE.csv\n"
    "       zuofeng import ballots|process|self|survey|adjustments --round R [--db PATH]\n"
    "                      FILE.csv\n"
    "       zuofeng import ballots --round R [--issued N] [--spoiled N] FILE.csv\n"
    "\n"
    "Imports a CSV file (UTF-8 with or without BOM, or GB18030/GBK as Excel and WPS save\n"
    "it) whole or not at all: any bad row makes the command print every bad row as\n"
    "FILE:LINE: column: what is wrong, write nothing and exit 1.\n"
    "Headers may be the English codes or the Chinese names.\n"
    "The inputs of a round go into a round that is a draft or open, never a closed one.\n"
    "\n"
    "  zuofeng import units --help       the columns of each file\n"
    "  zuofeng import people --help\n"
    "  zuofeng import oversight --help\n"
    "  zuofeng import ballots --help\n"
    "  zuofeng import process --help\n"
    "  zuofeng import self --help\n"
    "  zuofeng import survey --help\n"
    "  zuofeng import adjustments --help\n";

static const char units_help[] =
    "usage: zuofeng import units [--db PATH] FILE.csv\n"
    "\n"
    "Imports units (单位). Columns (English code or Chinese header):\n"
    "  code      单位编码   required; unique\n"
    "  name      单位名称   required\n"
    "  category  类别       required; a category code or name; a new one is created\n"
    "                       (a township category when it mentions township or 乡镇)\n"
    "  parent    上级单位   optional; the code of a unit already imported or on an\n"
    "                       earlier line of the file\n";

static const char people_help[] =
    "usage: zuofeng import people [--db PATH] FILE.csv\n"
    "\n"
    "Imports people (干部). Columns (English code or Chinese header):\n"
    "  code          人员编码   required; unique\n"
    "  name          姓名       required\n"
    "  gender        性别       required; M or F (男 or 女)\n"
    "  birth_date    出生日期   required; YYYY-MM-DD\n"
    "  unit          单位编码   required; an existing unit code\n"
    "  rank          职级       required; 正处 副处 正科 副科 一般干部 村干部\n"
    "  post          职务       required\n"
    "  appointed_on  任职日期   optional; YYYY-MM-DD\n"
    "  managed_by    管理单位   optional; the unit code of the body holding management\n"
    "                           authority (干部管理权限)\n"
    "  team_role     班子角色   optional; main, deputy or member (主要领导, 副职, 成员):\n"
    "                           makes the person a member of the unit's leadership team\n"
    "  title         班子职务   optional; e.g. 党委书记\n"
    "  areas         分管领域   optional; separated by 、 or ,\n";

static const char oversight_help[] =
    "usage: zuofeng import oversight [--db PATH] FILE.csv\n"
    "\n"
    "Imports oversight assignments (分管). Columns (English code or Chinese header):\n"
    "  leader  领导编码   required; the person code of the leader\n"
    "  unit    单位编码   the unit overseen\n"
    "  area    分管领域   the area(s) overseen (within the unit when both are given)\n"
    "At least one of unit and area is required.\n";

static const char ballots_help[] =
    "usage: zuofeng import ballots --round R [--issued N] [--spoiled N] [--db PATH]\n"
    "                              FILE.csv\n"
    "\n"
    "Imports paper ballots of a meeting (and mutual ballots), one row per ballot.\n"
    "Columns (English code or Chinese header):\n"
    "  group       评价群体 or 组别    required; a group code (or name) of the round\n"
    "  unit        单位编码 or 被评价单位  required; the unit rated\n"
    "  rater_unit  评价单位            the rating unit: required for a mutual group (same\n"
    "                                  category, not the unit itself), empty otherwise\n"
    "  then one column per indicator, headed by its code or its name in the round:\n"
    "  a whole number 0-100, a label of the round (满意, 比较满意, ...), or empty to\n"
    "  abstain. A cell of an indicator that the unit's category does not use must be\n"
    "  empty. A row whose every cell is empty is still a ballot.\n"
    "--issued N   papers issued at the meeting: prints the reconciliation\n"
    "             papers issued N, returned M (counted C + spoiled S)\n"
    "             and refuses the file when C + S > N.\n"
    "--spoiled S  papers returned spoiled (not in the file).\n";

static const char process_help[] =
    "usage: zuofeng import process --round R [--db PATH] FILE.csv\n"
    "\n"
    "Imports process scores (过程评价). Columns (English code or Chinese header):\n"
    "  unit         单位编码            required; a unit code\n"
    "  period_type  周期类型 or 考核类型  daily, monthly, quarterly or annual\n"
    "                                   (日常, 月度, 季度, 年度)\n"
    "  period       周期 or 考核期      required; e.g. 2026-01, 2026Q1, 2026\n"
    "  score        得分 or 分数        required; a number 0-100\n"
    "One row per unit, period type and period, in the file and in the round.\n";

static const char self_help[] =
    "usage: zuofeng import self --round R [--db PATH] FILE.csv\n"
    "\n"
    "Imports the units' verified self-evaluation and efficiency scores.\n"
    "Columns (English code or Chinese header):\n"
    "  unit        单位编码              required; a unit code\n"
    "  self        自评分 or 自评得分      a number 0-100; blank: missing\n"
    "  efficiency  效能分 or 效能得分      a number 0-100; blank: missing\n"
    "One row per unit, in the file and in the round.\n";

static const char survey_help[] =
    "usage: zuofeng import survey --round R [--db PATH] FILE.csv\n"
    "\n"
    "Imports the third-party satisfaction survey. Columns (English code or Chinese header):\n"
    "  unit          单位编码               required; a unit code\n"
    "  satisfaction  满意度 or 满意度得分     a number 0-100; blank: missing\n"
    "One row per unit, in the file and in the round.\n";

static const char adjustments_help[] =
    "usage: zuofeng import adjustments --round R [--db PATH] FILE.csv\n"
    "\n"
    "Imports deductions, vetoes (一票否决) and lost excellence eligibility.\n"
    "Columns (English code or Chinese header):\n"
    "  unit          单位编码                  required; a unit code\n"
    "  points        扣分 or 扣分分值            required; a number 0 or more\n"
    "  veto          一票否决                  0, 1 or blank (0)\n"
    "  reason        事由, 扣分事由 or 原因      required\n"
    "  no_excellent  取消评优 or 取消评优资格    optional; 0, 1 or blank (0)\n"
    "A unit may have several rows: their points add up.\n";

typedef int (*org_import_fn)(struct store *s, const struct actor *who, const char *fname,
			     const char *data, size_t len, struct import_report *rep,
			     json_t *errors, int *imported, struct zf_err *err);

static const struct import_kind {
	const char *name, *noun, *help;
	org_import_fn fn; /* NULL: an input of a round, through eval_import */
} kinds[] = {
    {"units", "units", units_help, org_import_units},
    {"people", "people", people_help, org_import_people},
    {"oversight", "oversight assignments", oversight_help, org_import_oversight},
    {"ballots", "ballots", ballots_help, NULL},
    {"process", "process scores", process_help, NULL},
    {"self", "self-evaluations", self_help, NULL},
    {"survey", "survey results", survey_help, NULL},
    {"adjustments", "adjustments", adjustments_help, NULL},
};

/* What the command line adds for the inputs of a round. */
struct round_args {
	const char *round;
	int issued, spoiled; /* -1 when not given */
};

/* Reads, imports and reports one file. */
static int import_file(const struct import_kind *k, const char *db, const char *file,
		       const struct round_args *ra)
{
	struct import_report rep;
	struct zf_err err;
	struct actor who;
	size_t len = 0;
	int imported = 0, status = CLI_FAIL;

	char *data = file_read_all(file, &len);
	if (!data) {
		fprintf(stderr, "zuofeng: %s: %s\n", file, strerror(errno));
		return CLI_FAIL;
	}
	struct store *s = cli_open_db(db);
	if (!s) {
		free(data);
		return CLI_FAIL;
	}
	zf_err_clear(&err);
	cli_actor(&who);
	import_report_init(&rep, file);
	struct eval_import_opts o = {.issued = ra->issued, .spoiled = ra->spoiled};
	int rc = k->fn ? k->fn(s, &who, file, data, len, &rep, NULL, &imported, &err)
		       : eval_import(s, &who, ra->round, k->name, file, data, len, &o, &rep,
				     &imported, &err);
	if (rc == 0) {
		if (ra->issued >= 0) {
			int spoiled = ra->spoiled > 0 ? ra->spoiled : 0;
			printf("papers issued %d, returned %d (counted %d + spoiled %d)\n",
			       ra->issued, imported + spoiled, imported, spoiled);
		}
		printf("imported %d %s from %s\n", imported, k->noun, file);
		status = CLI_OK;
	} else if (rc == ZF_EINVAL && rep.nerrors > 0) {
		fputs(buf_str(&rep.out), stderr);
		cli_not_imported(file, &err);
	} else if (rc == ZF_EINVAL && !strcmp(err.field, "issued")) {
		cli_not_imported(file, &err);
	} else {
		cli_error(&err);
	}
	import_report_cleanup(&rep);
	store_close(s);
	free(data);
	return status;
}

/* A count option (0 or more) into *out; prints the problem and returns -1 otherwise. */
static int count_arg(const struct import_kind *k, const char *opt, const char *v, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*v < '0' || *v > '9' || *end || errno || n > 10000000) {
		fprintf(stderr, "zuofeng import %s: %s takes a whole number 0 or more, not '%s'\n",
			k->name, opt, v);
		return -1;
	}
	*out = (int)n;
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},     {"round", required_argument, NULL, 'r'},
	    {"issued", required_argument, NULL, 'i'}, {"spoiled", required_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},	      {NULL, 0, NULL, 0},
	};
	const struct import_kind *k = NULL;
	struct round_args ra = {NULL, -1, -1};
	const char *db = NULL;
	int c;

	if (argc < 2)
		return cli_usage(usage_text, 0);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cli_usage(usage_text, 1);
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (!strcmp(argv[1], kinds[i].name))
			k = &kinds[i];
	if (!k) {
		fprintf(stderr, "zuofeng import: unknown kind '%s'\n", argv[1]);
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
			ra.round = optarg;
			break;
		case 'i':
		case 's':
			if (count_arg(k, c == 'i' ? "--issued" : "--spoiled", optarg,
				      c == 'i' ? &ra.issued : &ra.spoiled) < 0)
				return cli_usage(k->help, 0);
			break;
		case 'h':
			return cli_usage(k->help, 1);
		default:
			return cli_usage(k->help, 0);
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "zuofeng import %s: give exactly one FILE.csv\n", k->name);
		return cli_usage(k->help, 0);
	}
	if (!k->fn && !ra.round) {
		fprintf(stderr, "zuofeng import %s: --round R is required\n", k->name);
		return cli_usage(k->help, 0);
	}
	if (k->fn && ra.round) {
		fprintf(stderr, "zuofeng import %s: --round is for the inputs of a round\n",
			k->name);
		return cli_usage(k->help, 0);
	}
	if ((ra.issued >= 0 || ra.spoiled >= 0) && strcmp(k->name, "ballots")) {
		fprintf(stderr, "zuofeng import %s: --issued and --spoiled are for ballots\n",
			k->name);
		return cli_usage(k->help, 0);
	}
	return import_file(k, db, argv[optind], &ra);
}
