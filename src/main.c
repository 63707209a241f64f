/* main.c: `zuofeng <command>`: the command table, one line per command. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static const struct command {
	const char *name;
	cli_fn fn;
	const char *help;
} commands[] = {
    {"init", cmd_init, "create an empty database (or bring one up to date)"},
    {"serve", cmd_serve, "serve the web UI and the JSON API"},
    {"demo", cmd_demo, "create a demo district with accounts"},
    {"user", cmd_user, "add, list accounts, set passwords (user add|passwd|list)"},
    {"round", cmd_round, "create, list, show, open, close, publish, reopen evaluation rounds"},
    {"tokens", cmd_tokens, "ballot tokens for the network and letters (tokens issue|stats)"},
    {"import", cmd_import, "import CSV files (units, people, oversight; a round's ballots, process, ...)"},
    {"audit", cmd_audit, "check the audit log's hash chain (audit verify)"},
    {"backup", cmd_backup, "copy the database to a file while it is in use"},
    {"case", cmd_case, "supervision cases: import a 12345 export, list, overdue, stats, calendar"},
    {"sanction", cmd_sanction, "accountability: the catalogue, list, export, decide, revoke sanctions"},
    {"rank", cmd_rank, "rank a round's units (SCORING.md): rank --round R [--format csv|json|xlsx]"},
    {"vet", cmd_vet, "cadre selection: nominate, assess, vet (一票否决), liability-scan, report"},
    {"educate", cmd_educate, "education (E1-E7): programmes, sessions, attendance, picks, dossiers, appointment gate"},
};

static const char usage_head[] =
    "zuofeng: the cadre work-style mechanism (干部作风建设长效机制) of a district.\n"
    "\n"
    "usage: zuofeng <command> [options]   (zuofeng <command> --help for each)\n"
    "\n"
    "commands:\n";

static const char usage_tail[] =
    "\n"
    "Every command takes --db PATH (default ./zuofeng.db, or $ZUOFENG_DB).\n"
    "Errors are in Chinese under a Chinese locale (LANG=zh_CN.UTF-8) or with ZUOFENG_LANG=zh,\n"
    "else in English (ZUOFENG_LANG=en forces English).\n"
    "zuofeng --version prints the version.\n";

static int usage(FILE *f)
{
	fputs(usage_head, f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fputs(usage_tail, f);
	return f == stdout ? CLI_OK : CLI_USAGE;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("zuofeng %s\n", ZF_VERSION);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "zuofeng: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
