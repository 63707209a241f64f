/* init.c: `zuofeng init`: create an empty database, or bring one up to date. */
#include "cli/cli.h"
#include "supervise/seal.h"

#include <stdio.h>

static const char usage[] =
    "usage: zuofeng init [--db PATH] [--key FILE]\n"
    "\n"
    "Creates the database (SQLite, WAL mode) with every migration applied, or applies the\n"
    "migrations an existing database lacks. Safe to run twice.\n"
    "Also creates the key file that seals complainants' identities (SM4), when missing:\n"
    "--key FILE, else $ZUOFENG_KEY, else PATH.key; 32 random bytes, mode 0600. Keep it\n"
    "outside the database's backups, and back it up apart: without it no complainant\n"
    "can be read.\n";

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"key", required_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = NULL, *key = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'k')
			key = optarg;
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
	char path[4096];
	struct zf_err err;
	zf_err_clear(&err);
	seal_key_path(cli_db_path(db), key, path, sizeof path);
	if (seal_key_load(path, true, &err) < 0)
		return cli_error(&err);
	printf("key file %s ready\n", path);
	return CLI_OK;
}
