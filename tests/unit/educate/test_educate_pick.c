/* test_educate_pick.c: fair random speaker draws: the generator's known answer and its
 * uniformity, no repeat before everyone was drawn, the cycle wrapping mid-draw without a
 * repeat inside the draw, the same seed giving the same picks, and the record kept. */
#include "edutest.h"

#include <math.h>

/* The codes of a draw's picks, "P003,P001", into out; the cycles into cycles. */
static void pick_codes(json_t *d, char *out, size_t n, int *cycles)
{
	json_t *p;
	size_t i;
	out[0] = '\0';
	json_array_foreach(json_object_get(d, "picks"), i, p)
	{
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", i ? "," : "",
			 json_string_value(json_object_get(json_object_get(p, "person"), "code")));
		if (cycles)
			cycles[i] = (int)json_integer_value(json_object_get(p, "cycle"));
	}
}

static void test_prng_known_answer(void **state)
{
	(void)state;
	struct educate_prng g;
	/* ChaCha20 with an all-zero key, nonce and counter: RFC 7539 A.1 test vector 1
	 * begins 76 b8 e0 ad a0 f1 3d 90 */
	educate_prng_init(&g, 0);
	assert_int_equal(educate_prng_u32(&g), 0xade0b876u);
	assert_int_equal(educate_prng_u32(&g), 0x903df1a0u);
	/* the stream continues across blocks */
	for (int i = 0; i < 40; i++)
		educate_prng_u32(&g);
	struct educate_prng a, b;
	educate_prng_init(&a, 12345);
	educate_prng_init(&b, 12345);
	for (int i = 0; i < 100; i++)
		assert_int_equal(educate_prng_u32(&a), educate_prng_u32(&b));
}

static void test_uniform_is_unbiased(void **state)
{
	(void)state;
	struct educate_prng g;
	educate_prng_init(&g, 7);
	/* chi-square over 7 buckets, 70000 draws: 6 degrees of freedom, 99.9% under 22.46 */
	int counts[7] = {0};
	for (int i = 0; i < 70000; i++) {
		uint32_t v = educate_prng_uniform(&g, 7);
		assert_true(v < 7);
		counts[v]++;
	}
	double chi = 0;
	for (int k = 0; k < 7; k++)
		chi += (counts[k] - 10000.0) * (counts[k] - 10000.0) / 10000.0;
	assert_true(chi < 22.46);
	/* bound 3 * 2^30: a plain modulo would fold the top quarter of the 32-bit range onto
	 * [0, 2^30) and return those values half the time instead of a third */
	uint32_t bound = 0xc0000000u;
	int low = 0;
	for (int i = 0; i < 20000; i++) {
		uint32_t v = educate_prng_uniform(&g, bound);
		assert_true(v < bound);
		low += v < 0x40000000u;
	}
	/* expected 6667, standard deviation about 67; the biased draw gives 10000 */
	assert_true(abs(low - 6667) < 400);
	assert_int_equal(educate_prng_uniform(&g, 1), 0);
}

static void test_no_repeat_before_everyone(void **state)
{
	struct fx *f = *state;
	fx_programme(f, "HALL", "lecture_hall", "{\"units\":[\"T01\"]}", 0, 0);
	json_t *d1 = NULL, *d2 = NULL;
	char c1[128], c2[128];
	int cy1[4], cy2[4];
	FX_OK(f, educate_pick(f->s, &f->who, "HALL", 3, "42", &d1, &f->err));
	pick_codes(d1, c1, sizeof c1, cy1);
	assert_int_equal(json_integer_value(json_object_get(d1, "eligible")), 4);
	assert_int_equal(cy1[0], 1);
	assert_int_equal(cy1[2], 1);
	/* the fourth cadre has not lectured: the next draw starts with them, then a new
	 * cycle over the others, never repeating inside the draw */
	FX_OK(f, educate_pick(f->s, &f->who, "HALL", 3, "43", &d2, &f->err));
	pick_codes(d2, c2, sizeof c2, cy2);
	const char *all[] = {"P001", "P002", "P003", "P004"};
	const char *left = NULL;
	for (int i = 0; i < 4; i++)
		if (!strstr(c1, all[i]))
			left = all[i];
	assert_non_null(left);
	assert_memory_equal(c2, left, 4);
	assert_int_equal(cy2[0], 1);
	assert_int_equal(cy2[1], 2);
	assert_int_equal(cy2[2], 2);
	assert_false(strstr(c2 + 5, left) != NULL);
	assert_true(strncmp(c2 + 5, c2 + 10, 4) != 0);
	/* the record: two draws, six picks, the cycle kept, each draw audited */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM draws"), 2);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM draw_picks"), 6);
	assert_int_equal(fx_int(f, "SELECT pick_cycle FROM programmes WHERE code = 'HALL'"), 2);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE action = 'draw'"), 2);
	json_t *list = NULL;
	FX_OK(f, educate_draw_list(f->s, "HALL", 0, 0, 10, &list, &f->err));
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(list, 0), "seed")),
			    "42");
	assert_int_equal(json_array_size(json_object_get(json_array_get(list, 1), "picks")), 3);
	json_decref(list);
	json_decref(d1);
	json_decref(d2);
}

static void test_whole_cycles(void **state)
{
	struct fx *f = *state;
	/* seven eligible, drawn two at a time: after four draws (8 picks) everyone has been
	 * drawn once in cycle 1 and one person is in cycle 2 */
	fx_programme(f, "MEET", "meeting_study", "{}", 0, 0);
	int seen[8] = {0};
	for (int k = 0; k < 4; k++) {
		json_t *d = NULL, *p;
		char seed[8];
		size_t i;
		snprintf(seed, sizeof seed, "%d", 100 + k);
		FX_OK(f, educate_pick(f->s, &f->who, "MEET", 2, seed, &d, &f->err));
		json_array_foreach(json_object_get(d, "picks"), i, p)
		{
			const char *code = json_string_value(
			    json_object_get(json_object_get(p, "person"), "code"));
			int cycle = (int)json_integer_value(json_object_get(p, "cycle"));
			if (cycle == 1)
				seen[atoi(code + 1)]++;
		}
		json_decref(d);
	}
	for (int i = 1; i <= 7; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM draw_picks WHERE cycle = 2"), 1);
}

static void test_same_seed_same_picks(void **state)
{
	struct fx *f = *state;
	fx_programme(f, "A", "meeting_study", "{}", 0, 0);
	fx_programme(f, "B", "meeting_study", "{}", 0, 0);
	fx_programme(f, "C", "meeting_study", "{}", 0, 0);
	json_t *a = NULL, *b = NULL, *c = NULL, *r = NULL;
	char ca[64], cb[64], cc[64];
	FX_OK(f, educate_pick(f->s, &f->who, "A", 5, "20260615", &a, &f->err));
	FX_OK(f, educate_pick(f->s, &f->who, "B", 5, "20260615", &b, &f->err));
	FX_OK(f, educate_pick(f->s, &f->who, "C", 5, "20260616", &c, &f->err));
	pick_codes(a, ca, sizeof ca, NULL);
	pick_codes(b, cb, sizeof cb, NULL);
	pick_codes(c, cc, sizeof cc, NULL);
	assert_string_equal(ca, cb);
	assert_string_not_equal(ca, cc);
	/* without a seed one is chosen and kept */
	fx_programme(f, "D", "meeting_study", "{}", 0, 0);
	FX_OK(f, educate_pick(f->s, &f->who, "D", 1, NULL, &r, &f->err));
	assert_true(strlen(json_string_value(json_object_get(r, "seed"))) > 0);
	json_decref(a);
	json_decref(b);
	json_decref(c);
	json_decref(r);
}

static void test_pick_errors(void **state)
{
	struct fx *f = *state;
	json_t *d = NULL;
	fx_programme(f, "HALL", "lecture_hall", "{\"units\":[\"T01\"]}", 0, 0);
	FX_FAIL(f, educate_pick(f->s, &f->who, "HALL", 5, "1", &d, &f->err), ZF_EINVAL, "count");
	FX_FAIL(f, educate_pick(f->s, &f->who, "HALL", 0, "1", &d, &f->err), ZF_EINVAL, "count");
	FX_FAIL(f, educate_pick(f->s, &f->who, "HALL", 1, "-3", &d, &f->err), ZF_EINVAL, "seed");
	FX_FAIL(f, educate_pick(f->s, &f->who, "HALL", 1, "99999999999999999999", &d, &f->err),
		ZF_EINVAL, "seed");
	FX_FAIL(f, educate_pick(f->s, &f->who, "NOPE", 1, "1", &d, &f->err), ZF_ENOTFOUND, NULL);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM draws"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prng_known_answer),
	    cmocka_unit_test(test_uniform_is_unbiased),
	    cmocka_unit_test_setup_teardown(test_no_repeat_before_everyone, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_whole_cycles, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_same_seed_same_picks, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_pick_errors, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
