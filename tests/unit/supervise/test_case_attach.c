/* test_case_attach.c: evidence files: the type judged by content, the limits, storage
 * outside the database under the SHA-256 name, a file changed on disk refused, who may add
 * and read them, and a closed case that takes no more. */
#include "case_fixture.h"

#include <dirent.h>

static struct store *S;
static char P[256];
static char NO[CASE_NO_MAX];

static int setup(void **state)
{
	S = test_db(P);
	case_fx_org(S);
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", NO, NULL);
	return 0;
}

static int teardown(void **state)
{
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s.files'", P);
	assert_int_equal(system(cmd), 0);
	test_db_drop(S, P);
	time_set_fake(0);
	return 0;
}

static int64_t unit_id(const char *code)
{
	int64_t id;
	bool active;
	struct zf_err err;
	assert_int_equal(org_unit_find(S, code, &id, &active, &err), 0);
	return id;
}

static int attach(const char *name, const void *data, size_t len, struct case_viewer v, int64_t *id,
		  struct zf_err *err)
{
	struct actor who = test_actor("someone");
	zf_err_clear(err);
	return case_attach(S, NO, name, data, len, &who, &v, id, err);
}

static void test_types(void **state)
{
	struct case_viewer o = {ROLE_OFFICE, 0, 0};
	struct zf_err err;
	int64_t id = 0;
	static const unsigned char png[] = {0x89, 'P',	'N', 'G', '\r', '\n',
					    0x1A, '\n', 0,   0,	  0,	13};
	static const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
	static const char docx[] = "PK\x03\x04....[Content_Types].xml....word/document.xml";
	static const char zip[] = "PK\x03\x04....just a zip";
	static const unsigned char mp4[] = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
	static const struct {
		const char *name;
		const void *data;
		size_t len;
		const char *mime;
	} good[] = {
	    {"a.png", png, sizeof png, "image/png"},
	    {"b.jpg", jpg, sizeof jpg, "image/jpeg"},
	    {"c.pdf", "%PDF-1.7\n", 9, "application/pdf"},
	    {"d.docx", docx, sizeof docx - 1,
	     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	    {"e.mp3", "ID3\x04\x00", 5, "audio/mpeg"},
	    {"f.mp4", mp4, sizeof mp4, "video/mp4"},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(attach(good[i].name, good[i].data, good[i].len, o, &id, &err), 0);
		char *d = NULL, mime[128], name[128];
		size_t n = 0;
		assert_int_equal(case_attachment_read(S, NO, id, &o, &d, &n, mime, name, &err), 0);
		assert_string_equal(mime, good[i].mime);
		assert_string_equal(name, good[i].name);
		assert_int_equal(n, good[i].len);
		assert_memory_equal(d, good[i].data, n);
		free(d);
	}
	/* a name says nothing: the content decides */
	assert_int_equal(attach("photo.jpg", "MZ\x90\x00 an exe", 10, o, &id, &err), ZF_EINVAL);
	assert_string_equal(err.field, "file");
	assert_int_equal(attach("x.docx", zip, sizeof zip - 1, o, &id, &err), ZF_EINVAL);
	assert_int_equal(attach("x.html", "<html><script>", 14, o, &id, &err), ZF_EINVAL);
	assert_int_equal(attach("empty.pdf", "", 0, o, &id, &err), ZF_EINVAL);
	assert_int_equal(attach("../x.pdf", "%PDF-", 5, o, &id, &err), ZF_EINVAL);
	assert_string_equal(err.field, "filename");
	char *big = calloc(1, CASE_ATTACH_MAX + 1);
	memcpy(big, "%PDF-", 5);
	assert_int_equal(attach("big.pdf", big, CASE_ATTACH_MAX + 1, o, &id, &err), ZF_ETOOBIG);
	free(big);
}

static void test_storage_and_access(void **state)
{
	struct case_viewer o = {ROLE_OFFICE, 0, 0}, t01 = {ROLE_UNIT_LEADER, unit_id("T01"), 0},
			   t02 = {ROLE_UNIT_LEADER, unit_id("T02"), 0};
	struct zf_err err;
	int64_t a = 0, b = 0;
	const char *pdf = "%PDF-1.4 evidence";
	assert_int_equal(attach("e1.pdf", pdf, strlen(pdf), t01, &a, &err), 0);
	assert_int_equal(attach("e2.pdf", pdf, strlen(pdf), o, &b, &err), 0);
	assert_true(b > a);
	/* one file on disk for equal content, named by its SHA-256, not in the database */
	char hex[65] = "", path[400];
	struct stmt *st =
	    store_prepare(S, "SELECT sha256 FROM case_attachments WHERE id = ?", &err);
	stmt_bind_int(st, 1, a);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	snprintf(hex, sizeof hex, "%s", stmt_text(st, 0));
	stmt_reset(st);
	assert_int_equal(strlen(hex), 64);
	snprintf(path, sizeof path, "%s.files/%s", P, hex);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, (off_t)strlen(pdf));
	snprintf(path, sizeof path, "%s.files", P);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	int64_t rows = 0;
	assert_int_equal(
	    store_query_int(S, &err, &rows, "SELECT COUNT(*) FROM case_attachments", ""), 0);
	assert_int_equal(rows, 2);
	int files = 0;
	DIR *dir = opendir(path);
	assert_non_null(dir);
	for (struct dirent *de; (de = readdir(dir));)
		files += de->d_name[0] != '.';
	closedir(dir);
	assert_int_equal(files, 1); /* equal content is stored once */
	/* another unit neither adds nor reads */
	char *d = NULL, mime[128], name[128];
	size_t n;
	assert_int_equal(attach("e3.pdf", pdf, strlen(pdf), t02, NULL, &err), ZF_ENOTFOUND);
	assert_int_equal(case_attachment_read(S, NO, a, &t02, &d, &n, mime, name, &err),
			 ZF_ENOTFOUND);
	assert_int_equal(case_attachment_read(S, NO, 999, &o, &d, &n, mime, name, &err),
			 ZF_ENOTFOUND);
	/* a file changed on disk is refused */
	snprintf(path, sizeof path, "%s.files/%s", P, hex);
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	fputc('X', f);
	fclose(f);
	assert_int_equal(case_attachment_read(S, NO, a, &o, &d, &n, mime, name, &err), ZF_EIO);
	/* the timeline records each file, by name and hash */
	json_t *j;
	assert_int_equal(case_timeline(S, NO, &o, &j, &err), 0);
	int attaches = 0;
	size_t i;
	json_t *e;
	json_array_foreach(j, i, e) attaches +=
	    !strcmp(json_string_value(json_object_get(e, "kind")), "attach");
	assert_int_equal(attaches, 2);
	json_decref(j);
	/* a closed case takes no more evidence */
	assert_int_equal(store_run(S, &err, "UPDATE cases SET state = 'closed'", ""), 0);
	assert_int_equal(attach("late.pdf", pdf, strlen(pdf), o, NULL, &err), ZF_ECONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_types, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_storage_and_access, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
