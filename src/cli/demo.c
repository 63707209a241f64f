/* demo.c: `zuofeng demo`: fills an empty database with the demo district (org/demo.h), its
 * open evaluation round 2026 with ballots and every other input (eval/demo_round.h) and the
 * six demo accounts (the supervision work adds a seventh, supervisor), and prints what it
 * made. */
#include "cli/cli.h"
#include "auth/auth.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "educate/demo_educate.h"
#include "eval/demo_round.h"
#include "org/demo.h"
#include "supervise/case.h"
#include "supervise/demo_work.h"
#include "supervise/seal.h"
#include "respons/demo_respons.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: zuofeng demo [--db PATH] [--seed N] [--key FILE]\n"
    "\n"
    "Creates a demo district in Chinese in the database (created if needed): the district\n"
    "leadership (QU), 9 townships, 41 departments in 5 systems, about 2,000 cadres with\n"
    "leadership teams and oversight (分管), the open round 2026 (2026年度干部作风建设综合评价)\n"
    "with about 8,000 ballots and every other input, so its ranking is a real one, and six\n"
    "accounts whose password is \"demo\":\n"
    "office (作风办), inspector (纪委), leader (main leader of 罗坊镇, T01), sysadmin,\n"
    "secadmin and auditor. The same seed (default 2026) gives the same district.\n"
    "It also fills a year of supervision cases from every channel (some overdue, reopened,\n"
    "escalated or duplicate), their complainants sealed with the key file (--key, else\n"
    "$ZUOFENG_KEY, else PATH.key, created when missing), and the supervision work around\n"
    "them: findings and sanctions (some deducted in round 2026), exposures, key periods,\n"
    "inspections, key projects, tracked decisions, service stations with a seventh account,\n"
    "supervisor (群众监督员 at 罗坊镇's station, password \"demo\"), and integrity routines.\n"
    "secadmin and auditor. It also holds a year of education (E1-E7): programmes, sessions\n"
    "with attendance, speaker draws, reading, commitments, family education and three\n"
    "appointments at the E2 gate. The same seed (default 2026) gives the same district.\n"
    "Refuses a database that already holds units or any of these accounts.\n";

#define DEMO_PASSWORD "demo"

/* What supervise_demo_fill made, for the summary. */
static struct supervise_demo_stats demo_work;

static const struct demo_account {
	const char *username, *role, *display;
} accounts[] = {
    {"office", "office", "作风办"},	    {"inspector", "inspector", "纪委"},
    {"leader", "unit_leader", NULL},	    {"sysadmin", "sysadmin", "系统管理员"},
    {"secadmin", "secadmin", "安全管理员"}, {"auditor", "auditor", "审计管理员"},
};

/* Refuses (printing why) a database that holds units or one of the demo usernames, so the
 * demo never mixes with real data. Returns 0 when the database is free for it. */
static int check_empty_or_reply(struct store *s, const char *path)
{
	struct org_unit_filter any = {.active = -1};
	struct zf_err err;
	json_t *units = NULL, *users = NULL, *u;
	size_t i;
	zf_err_clear(&err);
	if (org_unit_list(s, &any, 0, 1, &units, &err) < 0)
		return cli_error(&err);
	size_t n = json_array_size(units);
	json_decref(units);
	if (n > 0) {
		fprintf(stderr,
			"zuofeng: %s already holds units: the demo only fills an empty database "
			"(use another --db)\n",
			path);
		return CLI_FAIL;
	}
	if (auth_user_list(s, &users, &err) < 0)
		return cli_error(&err);
	json_array_foreach(users, i, u)
	{
		const char *name = json_string_value(json_object_get(u, "username"));
		for (size_t k = 0; name && k < ARRAY_LEN(accounts); k++) {
			if (!strcmp(name, accounts[k].username)) {
				fprintf(stderr,
					"zuofeng: %s already has an account '%s': the demo only "
					"fills an empty database (use another --db)\n",
					path, name);
				json_decref(users);
				return CLI_FAIL;
			}
		}
	}
	json_decref(users);
	return CLI_OK;
}

/*
 * The accounts: the leader account is bound to the first township's main leader, which
 * the district has just created in the same transaction.
 */
static int add_accounts(struct store *s, const struct actor *who, const struct org_demo_stats *st,
			struct zf_err *err)
{
	for (size_t i = 0; i < ARRAY_LEN(accounts); i++) {
		const struct demo_account *a = &accounts[i];
		bool leader = !strcmp(a->role, "unit_leader");
		struct auth_user_new u = {
		    .username = a->username,
		    .display_name = leader ? st->leader_title : a->display,
		    .role = a->role,
		    .unit_code = leader ? st->leader_unit : NULL,
		    .person_code = leader ? st->leader_person : NULL,
		    .password = DEMO_PASSWORD,
		    .must_change = false,
		    .demo_password = true,
		};
		int rc = auth_user_add(s, who, &u, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* What the responsibility room's demo made (nominations, vetoes, flags). */
static struct respons_demo_stats respons_demo;
/* What the education room's demo made. */
static struct educate_demo_stats educate_demo;

/* The district, its round and its accounts in one transaction: a failure leaves nothing
 * behind. */
static int build_district(struct store *s, const struct actor *who, uint64_t seed,
			  struct org_demo_stats *st, struct eval_demo_stats *ev, int *cases,
			  struct zf_err *err)
{
	int rc = store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = org_demo_create(s, who, seed, st, err);
	if (rc == 0)
		rc = eval_demo_round_create(s, who, seed, ev, err);
	if (rc == 0)
		rc = add_accounts(s, who, st, err);
	if (rc == 0)
		rc = case_demo_fill(s, who, (unsigned)seed, cases, err);
	if (rc == 0)
		rc = supervise_demo_fill(s, who, seed, &demo_work, err);
	if (rc == 0)
		rc = respons_demo_create(s, who, &respons_demo, err);
	if (rc == 0)
		rc = educate_demo_create(s, who, seed, &educate_demo, err);
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

static void print_summary(const char *path, uint64_t seed, const struct org_demo_stats *st,
			  const struct eval_demo_stats *ev, double seconds)
{
	printf("demo district created in %s (seed %llu, %.1f s)\n", path, (unsigned long long)seed,
	       seconds);
	printf("  units: %d (district leadership, %d townships, %d departments in %d systems)\n",
	       st->units, st->townships, st->departments, st->systems);
	printf("  people: %d, born 1980-1989 (80后): %d (%.1f%%)\n", st->people, st->born_1980s,
	       st->people ? 100.0 * st->born_1980s / st->people : 0.0);
	printf("  leadership team members: %d, oversight assignments: %d\n", st->team_members,
	       st->oversight);
	printf("  round %s (open): %d ballots (%d mutual) on %d units, %d process scores, %d self "
	       "and efficiency, %d survey, %d adjustments\n",
	       EVAL_DEMO_ROUND, ev->ballots, ev->mutual, ev->units, ev->process, ev->self,
	       ev->survey, ev->adjustments);
	printf("  nominations: %d (%d signed, %d vetoed), joint-liability flags: %d\n",
	       respons_demo.nominations, respons_demo.signed_, respons_demo.vetoed,
	       respons_demo.flags);
	printf("  education: %d programmes, %d sessions, %d attendance records, %d speaker draws, "
	       "%d readings, %d commitments, %d family records; appointments: %d effective, %d "
	       "refused by the gate (pending), %d overridden\n",
	       educate_demo.programmes, educate_demo.sessions, educate_demo.attendance,
	       educate_demo.draws, educate_demo.reading, educate_demo.commitments,
	       educate_demo.family, educate_demo.effective, educate_demo.refused,
	       educate_demo.overridden);
	printf("demo accounts (password: %s):", DEMO_PASSWORD);
	for (size_t i = 0; i < ARRAY_LEN(accounts); i++) {
		const struct demo_account *a = &accounts[i];
		printf("%s %s", i ? " |" : "", a->username);
		/* The administrators' names say what their usernames already do. */
		if (auth_role_bit(a->role) & ROLES_BUSINESS)
			printf(" %s", a->display ? a->display : st->leader_title);
	}
	/* the supervision work's account, made with its service station */
	printf(" | supervisor 群众监督员\n");
}

/* Reads --seed: a decimal number. Returns 0, or -1 when it is not one. */
static int parse_seed(const char *v, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (!*v || *end || errno || v[0] == '-')
		return -1;
	*out = n;
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"seed", required_argument, NULL, 's'},
	    {"key", required_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {0},
	};
	const char *db = NULL, *key = NULL;
	uint64_t seed = ORG_DEMO_SEED;
	struct org_demo_stats st;
	struct eval_demo_stats ev;
	int cases = 0;
	struct zf_err err;
	struct actor who;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd') {
			db = optarg;
		} else if (c == 'k') {
			key = optarg;
		} else if (c == 's') {
			if (parse_seed(optarg, &seed) < 0) {
				fprintf(stderr, "zuofeng: --seed: '%s' is not a number\n", optarg);
				return cli_usage(usage, 0);
			}
		} else {
			return cli_usage(usage, c == 'h');
		}
	}
	if (optind != argc)
		return cli_usage(usage, 0);

	uint64_t t0 = time_mono_ns();
	struct store *s = cli_open_db(db);
	if (!s)
		return CLI_FAIL;
	const char *path = cli_db_path(db);
	zf_err_clear(&err);
	cli_actor(&who);
	if ((rc = check_empty_or_reply(s, path)) != CLI_OK)
		goto cleanup;
	char key_path[4096];
	seal_key_path(path, key, key_path, sizeof key_path);
	if (seal_key_load(key_path, true, &err) < 0) {
		rc = cli_error(&err);
		goto cleanup;
	}
	if ((rc = build_district(s, &who, seed, &st, &ev, &cases, &err)) < 0) {
		rc = cli_error(&err);
		goto cleanup;
	}
	print_summary(path, seed, &st, &ev, (double)(time_mono_ns() - t0) / 1e9);
	printf("  supervision cases: %d (key file %s)\n", cases, key_path);
	printf("  supervision work: %d findings, %d sanctions (%d deducted in round 2026), %d "
	       "exposures, %d key periods, %d inspections (%d cases opened), %d projects, %d "
	       "decisions with %d tasks, %d stations (%d matters forwarded), %d routines\n",
	       demo_work.findings, demo_work.sanctions, demo_work.adjustments, demo_work.exposures,
	       demo_work.key_periods, demo_work.inspections, demo_work.inspection_cases,
	       demo_work.projects, demo_work.decisions, demo_work.tasks, demo_work.stations,
	       demo_work.forwarded, demo_work.routines);
	rc = CLI_OK;
cleanup:
	store_close(s);
	return rc;
}
