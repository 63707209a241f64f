/* user.c: `zuofeng user add|passwd|list`: accounts from the command line. */
#include "cli/cli.h"
#include "auth/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char usage[] =
    "usage: zuofeng user add [--db PATH] --role ROLE [--unit CODE] [--person CODE]\n"
    "                        [--name DISPLAY] USERNAME\n"
    "       zuofeng user passwd [--db PATH] USERNAME\n"
    "       zuofeng user list [--db PATH]\n"
    "\n"
    "Roles: office, inspector, unit_leader, unit_staff, supervisor, viewer (business);\n"
    "sysadmin, secadmin, auditor (the three separated administrators, bound to no unit).\n"
    "unit_leader, unit_staff and supervisor need --unit.\n"
    "The password is read from the terminal, or from the first line of standard input\n"
    "when it is not a terminal. A new account must change its password at first login;\n"
    "passwd sets a password the account must change at its next login.\n";

/* Reads a password without echo from a terminal, or a line from a pipe. */
static int read_password(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);
	if (tty) {
		fprintf(stderr, "%s", prompt);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char *ok = fgets(out, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (!ok)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int user_add(struct store *s, const char *username, const char *role, const char *unit,
		    const char *person, const char *name)
{
	char pw[300];
	struct zf_err err;
	struct actor who;
	zf_err_clear(&err);
	if (read_password("password: ", pw, sizeof pw) < 0) {
		zf_err_set(&err, ZF_EINVAL, "password", "no password given");
		return cli_error(&err);
	}
	struct auth_user_new u = {
	    .username = username,
	    .display_name = name,
	    .role = role,
	    .unit_code = unit,
	    .person_code = person,
	    .password = pw,
	    .must_change = true,
	};
	cli_actor(&who);
	if (auth_user_add(s, &who, &u, &err) < 0)
		return cli_error(&err);
	printf("account %s (%s) created; it must change its password at first login\n", username,
	       role);
	return CLI_OK;
}

static int user_passwd(struct store *s, const char *username)
{
	char pw[300];
	struct zf_err err;
	struct actor who;
	zf_err_clear(&err);
	if (read_password("new password: ", pw, sizeof pw) < 0) {
		zf_err_set(&err, ZF_EINVAL, "password", "no password given");
		return cli_error(&err);
	}
	cli_actor(&who);
	if (auth_user_passwd(s, &who, username, NULL, pw, &err) < 0)
		return cli_error(&err);
	printf("password of %s set; it must be changed at the next login\n", username);
	return CLI_OK;
}

static int user_list(struct store *s)
{
	struct zf_err err;
	json_t *list, *u;
	size_t i;
	zf_err_clear(&err);
	if (auth_user_list(s, &list, &err) < 0)
		return cli_error(&err);
	printf("%-20s %-12s %-10s %s\n", "username", "role", "unit", "state");
	json_array_foreach(list, i, u)
	{
		json_t *unit = json_object_get(u, "unit");
		char state[64] = "";
		snprintf(state, sizeof state, "%s%s%s%s",
			 json_is_true(json_object_get(u, "active")) ? "active" : "inactive",
			 json_is_true(json_object_get(u, "locked")) ? ",locked" : "",
			 json_is_true(json_object_get(u, "must_change")) ? ",must-change" : "",
			 json_is_true(json_object_get(u, "demo_password")) ? ",demo-password" : "");
		printf("%-20s %-12s %-10s %s\n", json_string_value(json_object_get(u, "username")),
		       json_string_value(json_object_get(u, "role")),
		       json_is_string(unit) ? json_string_value(unit) : "-", state);
	}
	json_decref(list);
	return CLI_OK;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"role", required_argument, NULL, 'r'},
	    {"unit", required_argument, NULL, 'u'},
	    {"person", required_argument, NULL, 'p'},
	    {"name", required_argument, NULL, 'n'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = NULL, *role = NULL, *unit = NULL, *person = NULL, *name = NULL;
	int c, rc;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'r':
			role = optarg;
			break;
		case 'u':
			unit = optarg;
			break;
		case 'p':
			person = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		default:
			return cli_usage(usage, c == 'h');
		}
	}
	if (optind >= argc)
		return cli_usage(usage, 0);
	const char *sub = argv[optind];
	int rest = argc - optind - 1;
	if (!((!strcmp(sub, "add") && rest == 1 && role) || (!strcmp(sub, "passwd") && rest == 1) ||
	      (!strcmp(sub, "list") && rest == 0)))
		return cli_usage(usage, 0);
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	if (!strcmp(sub, "add"))
		rc = user_add(s, argv[optind + 1], role, unit, person, name);
	else if (!strcmp(sub, "passwd"))
		rc = user_passwd(s, argv[optind + 1]);
	else
		rc = user_list(s);
	store_close(s);
	return rc;
}
