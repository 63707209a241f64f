/* backup.c: `zuofeng backup FILE`: a consistent copy of the database while it is in use. */
#include "cli/cli.h"

#include <stdio.h>
#include <unistd.h>

static const char usage[] =
    "usage: zuofeng backup [--db PATH] FILE\n"
    "\n"
    "Copies the database to FILE with SQLite's online backup: the server may keep running.\n"
    "FILE must not exist yet.\n";

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = NULL;
	struct zf_err err;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return cli_usage(usage, c == 'h');
	}
	if (optind != argc - 1)
		return cli_usage(usage, 0);
	const char *dst = argv[optind];
	zf_err_clear(&err);
	if (access(dst, F_OK) == 0) {
		zf_err_set(&err, ZF_ECONFLICT, NULL, "%s exists already; choose a new file", dst);
		return cli_error(&err);
	}
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	int rc = store_backup(s, dst, &err);
	store_close(s);
	if (rc < 0) {
		unlink(dst);
		return cli_error(&err);
	}
	printf("backed up %s to %s\n", cli_db_path(db), dst);
	return CLI_OK;
}
