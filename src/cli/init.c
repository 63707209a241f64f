/* init.c: `zuofeng init`: create an empty database, or bring one up to date. */
#include "cli/cli.h"

#include <stdio.h>

static const char usage[] =
    "usage: zuofeng init [--db PATH]\n"
    "\n"
    "Creates the database (SQLite, WAL mode) with every migration applied, or applies the\n"
    "migrations an existing database lacks. Safe to run twice.\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return cli_usage(usage, c == 'h');
	}
	if (optind != argc)
		return cli_usage(usage, 0);
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	printf("database %s ready (schema version %d)\n", cli_db_path(db), store_schema_version(s));
	store_close(s);
	return CLI_OK;
}
