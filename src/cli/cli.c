/* cli.c: what every command shares. */
#include "cli/cli.h"
#include "auth/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

bool cli_chinese(void)
{
	const char *lang = getenv("ZUOFENG_LANG");
	if (lang && *lang)
		return !strncmp(lang, "zh", 2);
	/* the locale, as setlocale would read it: LC_ALL, then LC_MESSAGES, then LANG */
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return !strncmp(v, "zh", 2);
	}
	return false;
}

const char *cli_message(const struct zf_err *err)
{
	return err->msg_zh[0] && cli_chinese() ? err->msg_zh : err->msg;
}

int cli_error(const struct zf_err *err)
{
	if (err->field[0])
		fprintf(stderr, "zuofeng: %s: %s\n", err->field, cli_message(err));
	else
		fprintf(stderr, "zuofeng: %s\n", cli_message(err));
	return CLI_FAIL;
}

void cli_not_imported(const char *file, const struct zf_err *err)
{
	if (err->msg_zh[0] && cli_chinese())
		fprintf(stderr, "zuofeng: %s：%s；未导入任何内容\n", file, err->msg_zh);
	else
		fprintf(stderr, "zuofeng: %s: %s; nothing was imported\n", file, err->msg);
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
