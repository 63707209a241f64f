/* test_openapi.c: docs/openapi.yaml and the router describe the same routes: every route
 * is in the spec with its method, every operation of the spec is a route, and the spec's
 * security matches whether the route is public. */
#include "testutil.h"
#include "http/routes.h"

#include <ctype.h>

#define MAX_OPS 512

struct op {
	char method[8];
	char path[200];
	int public_; /* the operation says `security: []` */
	int seen;
};

static struct op ops[MAX_OPS];
static int nops;

static void load_spec(void)
{
	char path[512], line[1024], cur[200] = "";
	snprintf(path, sizeof path, "%s/docs/openapi.yaml", ZF_SOURCE_DIR);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	int in_paths = 0;
	struct op *last = NULL;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!strncmp(line, "paths:", 6)) {
			in_paths = 1;
			continue;
		}
		if (in_paths && line[0] && !isspace((unsigned char)line[0]))
			in_paths = 0;
		if (!in_paths)
			continue;
		/* "  /api/v1/x:" is a path; "    get:" an operation */
		if (!strncmp(line, "  /", 3) && line[strlen(line) - 1] == ':') {
			snprintf(cur, sizeof cur, "%.*s", (int)strlen(line) - 3, line + 2);
			last = NULL;
			continue;
		}
		static const char *methods[] = {"get", "post", "put", "patch", "delete"};
		for (size_t m = 0; m < 5; m++) {
			char want[16];
			snprintf(want, sizeof want, "    %s:", methods[m]);
			if (!strcmp(line, want)) {
				assert_true(nops < MAX_OPS);
				last = &ops[nops++];
				for (size_t k = 0; methods[m][k]; k++)
					last->method[k] = (char)toupper((unsigned char)methods[m][k]);
				snprintf(last->path, sizeof last->path, "%s", cur);
			}
		}
		if (last && strstr(line, "security: []"))
			last->public_ = 1;
	}
	fclose(f);
}

static int mismatches;

static void check_route(const struct route *r, void *ctx)
{
	for (int i = 0; i < nops; i++)
		if (!strcmp(ops[i].method, r->method) && !strcmp(ops[i].path, r->pattern)) {
			ops[i].seen = 1;
			int pub = (r->flags & ROUTE_PUBLIC) != 0;
			if (pub != ops[i].public_) {
				fprintf(stderr, "%s %s: the spec says %s, the router %s\n", r->method,
					r->pattern, ops[i].public_ ? "public" : "login required",
					pub ? "public" : "login required");
				mismatches++;
			}
			return;
		}
	fprintf(stderr, "%s %s: in the router, missing from docs/openapi.yaml\n", r->method,
		r->pattern);
	mismatches++;
}

static void test_spec_and_router_agree(void **state)
{
	load_spec();
	assert_true(nops > 10);
	routes_each(check_route, NULL);
	for (int i = 0; i < nops; i++)
		if (!ops[i].seen) {
			fprintf(stderr, "%s %s: in docs/openapi.yaml, not in the router\n",
				ops[i].method, ops[i].path);
			mismatches++;
		}
	assert_int_equal(mismatches, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_and_router_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
