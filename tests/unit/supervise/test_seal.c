/* test_seal.c: SM4-CTR + HMAC-SM3 sealing: round trip, tampering, a wrong key, the key
 * file's creation and permissions, blind indexes, and a database that reveals no
 * complainant on its own. */
#include "case_fixture.h"

#include <fcntl.h>

static void key_a(void)
{
	uint8_t k[SEAL_KEY_BYTES];
	memset(k, 0xA5, sizeof k);
	seal_key_set(k);
}

static void key_b(void)
{
	uint8_t k[SEAL_KEY_BYTES];
	memset(k, 0x5A, sizeof k);
	seal_key_set(k);
}

static void test_round_trip(void **state)
{
	struct zf_err err;
	uint8_t *b = NULL, *b2 = NULL;
	size_t n = 0, n2 = 0, pl = 0;
	char *p = NULL;
	const char *msg = "{\"name\":\"张三\",\"phone\":\"13912345678\"}";
	key_a();
	assert_int_equal(seal_seal(msg, strlen(msg), &b, &n, &err), 0);
	assert_int_equal(n, strlen(msg) + SEAL_OVERHEAD);
	assert_null(case_fx_find(b, n, "13912345678", 11)); /* ciphertext, not the text */
	assert_int_equal(seal_open(b, n, &p, &pl, &err), 0);
	assert_string_equal(p, msg);
	assert_int_equal(pl, strlen(msg));
	/* a fresh IV each time: the same text seals differently */
	assert_int_equal(seal_seal(msg, strlen(msg), &b2, &n2, &err), 0);
	assert_int_equal(n, n2);
	assert_memory_not_equal(b, b2, n);
	free(p);
	free(b);
	free(b2);
	/* the empty string too */
	assert_int_equal(seal_seal("", 0, &b, &n, &err), 0);
	assert_int_equal(seal_open(b, n, &p, &pl, &err), 0);
	assert_string_equal(p, "");
	free(p);
	free(b);
}

static void test_tamper_refused(void **state)
{
	struct zf_err err;
	uint8_t *b = NULL;
	size_t n = 0, pl;
	char *p = NULL;
	key_a();
	assert_int_equal(seal_seal("secret name", 11, &b, &n, &err), 0);
	/* flipping any byte (version, IV, ciphertext, tag) is refused before decryption */
	size_t spots[] = {0, 1, 1 + SEAL_IV_BYTES, 1 + SEAL_IV_BYTES + 5, n - 1};
	for (size_t i = 0; i < sizeof spots / sizeof spots[0]; i++) {
		b[spots[i]] ^= 0x01;
		p = NULL;
		assert_int_equal(seal_open(b, n, &p, &pl, &err), ZF_EINVAL);
		assert_null(p);
		b[spots[i]] ^= 0x01;
	}
	/* truncated */
	assert_int_equal(seal_open(b, n - 1, &p, &pl, &err), ZF_EINVAL);
	assert_int_equal(seal_open(b, 3, &p, &pl, &err), ZF_EINVAL);
	assert_int_equal(seal_open(b, n, &p, &pl, &err), 0);
	free(p);
	free(b);
}

static void test_wrong_key_refused(void **state)
{
	struct zf_err err;
	uint8_t *b = NULL;
	size_t n = 0, pl;
	char *p = NULL;
	key_a();
	assert_int_equal(seal_seal("13912345678", 11, &b, &n, &err), 0);
	key_b();
	assert_int_equal(seal_open(b, n, &p, &pl, &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "integrity"));
	seal_key_set(NULL);
	assert_false(seal_key_loaded());
	assert_int_equal(seal_open(b, n, &p, &pl, &err), ZF_EINTERNAL);
	assert_int_equal(seal_seal("x", 1, &b, &n, &err) == ZF_EINTERNAL, 1);
	free(b);
}

static void test_blind_index(void **state)
{
	struct zf_err err;
	uint8_t a[32], b[32], c[32];
	key_a();
	assert_int_equal(seal_blind_index("13912345678", a, &err), 0);
	assert_int_equal(seal_blind_index("13912345678", b, &err), 0);
	assert_memory_equal(a, b, 32);
	assert_int_equal(seal_blind_index("13912345679", c, &err), 0);
	assert_memory_not_equal(a, c, 32);
	key_b();
	assert_int_equal(seal_blind_index("13912345678", c, &err), 0);
	assert_memory_not_equal(a, c, 32); /* keyed: another key, another index */
}

static void test_key_file(void **state)
{
	struct zf_err err;
	char dir[] = "/tmp/zfseal.XXXXXX", path[300];
	struct stat st;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/k.key", dir);
	seal_key_set(NULL);
	/* missing, not created */
	assert_int_equal(seal_key_load(path, false, &err), ZF_ENOTFOUND);
	assert_false(seal_key_loaded());
	/* created: 32 bytes, mode 0600 */
	assert_int_equal(seal_key_load(path, true, &err), 0);
	assert_true(seal_key_loaded());
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, SEAL_KEY_BYTES);
	/* never overwritten */
	assert_int_equal(seal_key_create(path, &err), ZF_ECONFLICT);
	/* the same file gives the same key: what one process sealed another opens */
	uint8_t *b;
	size_t n, pl;
	char *p;
	assert_int_equal(seal_seal("abc", 3, &b, &n, &err), 0);
	seal_key_set(NULL);
	assert_int_equal(seal_key_load(path, false, &err), 0);
	assert_int_equal(seal_open(b, n, &p, &pl, &err), 0);
	assert_string_equal(p, "abc");
	free(p);
	free(b);
	/* readable by group or others: refused */
	chmod(path, 0640);
	assert_int_equal(seal_key_load(path, false, &err), ZF_EFORBIDDEN);
	assert_string_equal(err.field, "key");
	chmod(path, 0604);
	assert_int_equal(seal_key_load(path, false, &err), ZF_EFORBIDDEN);
	chmod(path, 0600);
	assert_int_equal(seal_key_load(path, false, &err), 0);
	/* wrong size */
	int fd = open(path, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_int_equal(seal_key_load(path, false, &err), ZF_EINVAL);
	/* the path rule: --key, else $ZUOFENG_KEY, else DB.key */
	char out[300];
	unsetenv("ZUOFENG_KEY");
	seal_key_path("/x/z.db", NULL, out, sizeof out);
	assert_string_equal(out, "/x/z.db.key");
	setenv("ZUOFENG_KEY", "/etc/zf.key", 1);
	seal_key_path("/x/z.db", NULL, out, sizeof out);
	assert_string_equal(out, "/etc/zf.key");
	seal_key_path("/x/z.db", "/opt/k", out, sizeof out);
	assert_string_equal(out, "/opt/k");
	unsetenv("ZUOFENG_KEY");
	unlink(path);
	rmdir(dir);
}

/* The database file alone holds no complainant: not the name, not the phone, not the ID. */
static void test_db_reveals_nothing(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct actor who = test_actor("office");
	struct zf_err err;
	char no[CASE_NO_MAX];
	case_fx_org(s);
	struct case_new in = {.channel = "letter_visit",
			      .subject = "反映窗口态度问题",
			      .content = "工作人员态度差",
			      .unit = "T01",
			      .complainant_name = "欧阳明月",
			      .complainant_phone = "13812345678",
			      .complainant_id_no = "11010519491231002X"};
	assert_int_equal(case_create(s, &in, &who, no, NULL, &err), 0);
	assert_int_equal(store_checkpoint(s), 0);
	size_t n = 0;
	char *db = file_read_all(path, &n);
	assert_non_null(db);
	assert_null(case_fx_find(db, n, "欧阳明月", strlen("欧阳明月")));
	assert_null(case_fx_find(db, n, "13812345678", 11));
	assert_null(case_fx_find(db, n, "11010519491231002X", 18));
	assert_non_null(case_fx_find(db, n, "反映窗口态度问题", strlen("反映窗口态度问题")));
	free(db);
	char wal[300];
	snprintf(wal, sizeof wal, "%s-wal", path);
	db = file_read_all(wal, &n);
	if (db) {
		assert_null(case_fx_find(db, n, "13812345678", 11));
		free(db);
	}
	/* without the key nothing opens */
	seal_key_set(NULL);
	struct case_viewer insp = {ROLE_INSPECTOR, 0, 0};
	json_t *j = NULL;
	assert_int_equal(case_get_json(s, no, &insp, &j, &err), 0);
	assert_null(json_object_get(json_object_get(j, "complainant"), "name"));
	assert_non_null(json_object_get(json_object_get(j, "complainant"), "error"));
	json_decref(j);
	time_set_fake(0);
	test_db_drop(s, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),	      cmocka_unit_test(test_tamper_refused),
	    cmocka_unit_test(test_wrong_key_refused), cmocka_unit_test(test_blind_index),
	    cmocka_unit_test(test_key_file),	      cmocka_unit_test(test_db_reveals_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
