/* cli.h: what every command in src/cli/ shares: the command signature, the database
 * option, and printing errors. Each command parses its own options with getopt_long and
 * answers --help with its usage. */
#ifndef ZF_CLI_CLI_H
#define ZF_CLI_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

/* A command: argv[0] is the command name (e.g. "import"); returns the exit status. */
typedef int (*cli_fn)(int argc, char **argv);

/* Exit statuses. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* The database path: the --db option when given, else $ZUOFENG_DB, else ./zuofeng.db. */
const char *cli_db_path(const char *opt);

/* Opens (and migrates) the database; prints the error and returns NULL on failure. */
struct store *cli_open_db(const char *opt_path);

/* Whether messages are shown in Chinese: $ZUOFENG_LANG (zh or en) when set, else whether
 * the locale ($LC_ALL, $LC_MESSAGES, $LANG: the first set) is a Chinese one. */
bool cli_chinese(void);
/* err's message in the language of cli_chinese (English when it has no Chinese). */
const char *cli_message(const struct zf_err *err);
/* Prints "zuofeng: <msg>" (and the field, when set) to stderr; returns CLI_FAIL. */
int cli_error(const struct zf_err *err);
/* After an import's report of its bad rows: "zuofeng: FILE: <msg>; nothing was imported". */
void cli_not_imported(const char *file, const struct zf_err *err);

/* Prints usage text to stdout (for --help, returns CLI_OK) or stderr (returns CLI_USAGE). */
int cli_usage(const char *text, int to_stdout);

/* The actor for the command line. */
void cli_actor(struct actor *a);

/* The commands; each lives in src/cli/<group>.c. */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_round(int argc, char **argv);
int cmd_rank(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_case(int argc, char **argv);
int cmd_sanction(int argc, char **argv);
int cmd_vet(int argc, char **argv);
int cmd_educate(int argc, char **argv);

#endif
