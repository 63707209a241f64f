/* import.c: `zuofeng import units|people|oversight [--db PATH] FILE.csv`: a whole CSV file
 * or nothing (X3); every bad row is printed as `FILE:LINE: column: what is wrong`. */
#include "cli/cli.h"
#include "base/csv.h"
#include "base/util.h"
#include "org/org.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: zuofeng import units|people|oversight [--db PATH] FILE.csv\n"
    "\n"
    "Imports a CSV file (UTF-8 with or without BOM, or GB18030/GBK as Excel and WPS save\n"
    "it) whole or not at all: any bad row makes the command print every bad row as\n"
    "FILE:LINE: column: what is wrong, write nothing and exit 1.\n"
    "Headers may be the English codes or the Chinese names.\n"
    "\n"
    "  zuofeng import units --help       the columns of each file\n"
    "  zuofeng import people --help\n"
    "  zuofeng import oversight --help\n";

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

static const struct import_kind {
	const char *name, *noun, *help;
	int (*fn)(struct store *s, const struct actor *who, const char *fname, const char *data,
		  size_t len, struct import_report *rep, json_t *errors, int *imported,
		  struct zf_err *err);
} kinds[] = {
    {"units", "units", units_help, org_import_units},
    {"people", "people", people_help, org_import_people},
    {"oversight", "oversight assignments", oversight_help, org_import_oversight},
};

/* Reads, imports and reports one file. */
static int import_file(const struct import_kind *k, const char *db, const char *file)
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
	int rc = k->fn(s, &who, file, data, len, &rep, NULL, &imported, &err);
	if (rc == 0) {
		printf("imported %d %s from %s\n", imported, k->noun, file);
		status = CLI_OK;
	} else if (rc == ZF_EINVAL && rep.nerrors > 0) {
		fputs(buf_str(&rep.out), stderr);
		fprintf(stderr, "zuofeng: %s: %s; nothing was imported\n", file, err.msg);
	} else {
		cli_error(&err);
	}
	import_report_cleanup(&rep);
	store_close(s);
	free(data);
	return status;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const struct import_kind *k = NULL;
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
	return import_file(k, db, argv[optind]);
}
