/* cli.c: what every command shares. */
#include "cli/cli.h"
#include "auth/auth.h"

#include <stdio.h>
#include <stdlib.h>

const char *cli_db_path(const char *opt)
{
	const char *env = getenv("ZUOFENG_DB");
	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	return "zuofeng.db";
}

struct store *cli_open_db(const char *opt_path)
{
	struct store *s;
	struct zf_err err;
	zf_err_clear(&err);
	if (store_open(cli_db_path(opt_path), &s, &err) < 0) {
		cli_error(&err);
		return NULL;
	}
	return s;
}

int cli_error(const struct zf_err *err)
{
	if (err->field[0])
		fprintf(stderr, "zuofeng: %s: %s\n", err->field, err->msg);
	else
		fprintf(stderr, "zuofeng: %s\n", err->msg);
	return CLI_FAIL;
}

int cli_usage(const char *text, int to_stdout)
{
	fputs(text, to_stdout ? stdout : stderr);
	return to_stdout ? CLI_OK : CLI_USAGE;
}

void cli_actor(struct actor *a)
{
	auth_actor_cli(a);
}
