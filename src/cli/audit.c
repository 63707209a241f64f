/* audit.c: `zuofeng audit verify`: walk the audit log's SM3 hash chain. */
#include "cli/cli.h"
#include "audit/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: zuofeng audit verify [--db PATH]\n"
    "\n"
    "Checks the audit log's SM3 hash chain. Exits 0 when every entry is intact; exits 1\n"
    "naming the first entry that was altered, removed or reordered.\n";

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = NULL;
	struct audit_verify_result res;
	struct zf_err err;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else
			return cli_usage(usage, c == 'h');
	}
	if (optind != argc - 1 || strcmp(argv[optind], "verify"))
		return cli_usage(usage, 0);
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	zf_err_clear(&err);
	int rc = audit_verify(s, &res, &err);
	store_close(s);
	if (rc == ZF_ECONFLICT) {
		fprintf(stderr, "zuofeng: audit log broken at entry %" PRId64 ": %s\n", res.bad_id,
			res.reason);
		return CLI_FAIL;
	}
	if (rc < 0)
		return cli_error(&err);
	printf("audit log intact: %" PRId64 " entries\n", res.entries);
	return CLI_OK;
}
