/* test_csv.c: the CSV reader of src/base/csv.c: encodings, quoting, line numbers, reports. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "base/util.h"

/* 单位编码 in GBK. */
#define GBK_UNIT_CODE "\xB5\xA5\xCE\xBB\xB1\xE0\xC2\xEB"

static const struct csv_col unit_cols[] = {
    {"code", "单位编码", 1},
    {"name", "单位名称", 1},
    {"note", "备注", 0},
};

static void parse_ok(const char *s, size_t len, struct csv *c)
{
	struct zf_err err;
	zf_err_clear(&err);
	int rc = csv_parse(s, len, "f.csv", c, &err);
	if (rc)
		fprintf(stderr, "unexpected error: %s\n", err.msg);
	assert_int_equal(rc, 0);
	assert_int_equal(err.code, 0);
}

static void parse_str(const char *s, struct csv *c)
{
	parse_ok(s, strlen(s), c);
}

/* Expects csv_parse to fail with ZF_EINVAL at line, msg holding what; *out untouched. */
static void parse_fails(const char *s, size_t len, long line, const char *what)
{
	struct zf_err err;
	struct csv out;
	char *sentinel[1];
	zf_err_clear(&err);
	memset(&out, 0, sizeof out);
	out.header = sentinel;
	out.nrows = 12345;
	assert_int_equal(csv_parse(s, len, "f.csv", &out, &err), ZF_EINVAL);
	assert_int_equal(err.code, ZF_EINVAL);
	assert_int_equal(err.line, line);
	assert_non_null(strstr(err.msg, what));
	assert_non_null(strstr(err.msg, "f.csv"));
	assert_ptr_equal(out.header, sentinel);
	assert_int_equal(out.nrows, 12345);
}

/* Converts UTF-8 s to GB18030 with iconv; the caller frees the result. */
static char *to_gb18030(const char *s, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(s), cap = inleft * 2 + 8, oleft = cap;
	char *out = xmalloc(cap), *in = (char *)s, *o = out;
	assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
	iconv_close(cd);
	*len = cap - oleft;
	return out;
}

static void test_utf8_bom(void **state)
{
	(void)state;
	struct csv c;
	parse_str("\xEF\xBB\xBF"
		  "code,name\nA01,Alice\n",
		  &c);
	assert_string_equal(c.encoding, "UTF-8");
	assert_int_equal(c.ncols, 2);
	assert_string_equal(c.header[0], "code");
	assert_string_equal(c.header[1], "name");
	assert_int_equal(c.nrows, 1);
	assert_int_equal(c.rows[0].line, 2);
	assert_int_equal(c.rows[0].nfields, 2);
	assert_string_equal(c.rows[0].fields[0], "A01");
	assert_string_equal(c.rows[0].fields[1], "Alice");
	csv_cleanup(&c);
	assert_null(c.rows);
}

static void test_utf8_no_bom_chinese(void **state)
{
	(void)state;
	struct csv c;
	parse_str(" 单位编码 ,单位名称\nA01,区委办公室\nA02,区政府办公室\n", &c);
	assert_string_equal(c.encoding, "UTF-8");
	assert_string_equal(c.header[0], "单位编码"); /* header trimmed */
	assert_string_equal(c.header[1], "单位名称");
	assert_int_equal(c.nrows, 2);
	assert_string_equal(c.rows[1].fields[1], "区政府办公室");
	assert_int_equal(c.rows[1].line, 3);
	csv_cleanup(&c);
}

static void test_crlf(void **state)
{
	(void)state;
	struct csv c;
	parse_str("a,b\r\n1,2\r\n3,4\r\n", &c);
	assert_string_equal(c.header[1], "b");
	assert_int_equal(c.nrows, 2);
	assert_string_equal(c.rows[0].fields[1], "2");
	assert_string_equal(c.rows[1].fields[0], "3");
	assert_string_equal(c.rows[1].fields[1], "4");
	assert_int_equal(c.rows[0].line, 2);
	assert_int_equal(c.rows[1].line, 3);
	csv_cleanup(&c);
}

static void test_quoted_fields_and_lines(void **state)
{
	(void)state;
	struct csv c;
	parse_str("a,b,c\n"
		  "\"x,y\",\"say \"\"hi\"\"\",\"line1\nline2\r\nline3\"\n"
		  "4,\"\",6\n"
		  "\"\"\"\",7,\"a\"b\n",
		  &c);
	assert_int_equal(c.nrows, 3);
	assert_int_equal(c.rows[0].nfields, 3);
	assert_string_equal(c.rows[0].fields[0], "x,y");
	assert_string_equal(c.rows[0].fields[1], "say \"hi\"");
	assert_string_equal(c.rows[0].fields[2], "line1\nline2\r\nline3");
	assert_int_equal(c.rows[0].line, 2);
	/* The quoted field spans lines 2 to 4. */
	assert_int_equal(c.rows[1].line, 5);
	assert_string_equal(c.rows[1].fields[1], "");
	assert_int_equal(c.rows[2].line, 6);
	assert_string_equal(c.rows[2].fields[0], "\"");
	assert_string_equal(c.rows[2].fields[2], "ab");
	csv_cleanup(&c);
}

static void test_last_line_without_newline(void **state)
{
	(void)state;
	struct csv c;
	parse_str("a,b\n1,2", &c);
	assert_int_equal(c.nrows, 1);
	assert_string_equal(c.rows[0].fields[1], "2");
	csv_cleanup(&c);

	parse_str("a,b\r\n1,\"2\"\r", &c);
	assert_int_equal(c.nrows, 1);
	assert_string_equal(c.rows[0].fields[1], "2");
	csv_cleanup(&c);

	parse_str("a,b,c\n1,2,", &c);
	assert_int_equal(c.rows[0].nfields, 3);
	assert_string_equal(c.rows[0].fields[2], "");
	csv_cleanup(&c);
}

static void test_blank_rows_skipped(void **state)
{
	(void)state;
	struct csv c;
	parse_str("\n\r\na,b\n\n1,2\n\r\n,\n \t, \n3,4\n\n\n", &c);
	assert_int_equal(c.ncols, 2);
	assert_string_equal(c.header[0], "a");
	assert_int_equal(c.nrows, 2);
	assert_int_equal(c.rows[0].line, 5);
	assert_string_equal(c.rows[0].fields[0], "1");
	assert_int_equal(c.rows[1].line, 9);
	assert_string_equal(c.rows[1].fields[0], "3");
	csv_cleanup(&c);
}

static void test_fields_untrimmed_and_csv_field(void **state)
{
	(void)state;
	struct csv c;
	parse_str("a,b\n  x  ,\" y \"\n", &c);
	const struct csv_row *row = &c.rows[0];
	assert_string_equal(row->fields[0], "  x  ");
	assert_string_equal(row->fields[1], " y ");
	assert_string_equal(csv_field(row, 0), "x");
	assert_string_equal(csv_field(row, 1), "y");
	assert_string_equal(csv_field(row, 0), "x");
	assert_string_equal(csv_field(row, -1), "");
	assert_string_equal(csv_field(row, 2), "");
	csv_cleanup(&c);
}

static void test_gbk_hardcoded(void **state)
{
	(void)state;
	struct csv c;
	/* 单位编码,name / A01,单位编码 */
	parse_str(GBK_UNIT_CODE ",name\nA01," GBK_UNIT_CODE "\n", &c);
	assert_string_equal(c.encoding, "GB18030");
	assert_string_equal(c.header[0], "单位编码");
	assert_string_equal(c.header[1], "name");
	assert_int_equal(c.nrows, 1);
	assert_int_equal(c.rows[0].line, 2);
	assert_string_equal(c.rows[0].fields[1], "单位编码");
	csv_cleanup(&c);
}

static void test_gb18030_via_iconv(void **state)
{
	(void)state;
	/* 𠀀 is outside GBK: a four-byte GB18030 sequence. */
	const char *utf8 = "\xEF\xBB\xBF单位编码,姓名,备注\nA01,张三,\"甲,乙\n丙\"\nA02,李四,𠀀\n";
	size_t len;
	char *gb = to_gb18030(utf8, &len);
	struct csv c;
	/* The BOM becomes GB18030's own BOM, 84 31 95 33. */
	assert_memory_equal(gb, "\x84\x31\x95\x33", 4);
	parse_ok(gb, len, &c);
	assert_string_equal(c.encoding, "GB18030");
	assert_string_equal(c.header[0], "单位编码");
	assert_string_equal(c.header[1], "姓名");
	assert_int_equal(c.nrows, 2);
	assert_string_equal(c.rows[0].fields[1], "张三");
	assert_string_equal(c.rows[0].fields[2], "甲,乙\n丙");
	assert_int_equal(c.rows[1].line, 4);
	assert_string_equal(c.rows[1].fields[2], "𠀀");
	csv_cleanup(&c);
	free(gb);
}

static void test_invalid_bytes(void **state)
{
	(void)state;
	const char ascii[] = "a,b\n1,2\n3,x\xFF\xFFy\n5,6\n";
	parse_fails(ascii, sizeof ascii - 1, 3, "invalid encoding: neither UTF-8 nor GB18030");

	/* UTF-8 before the bad byte on line 3; read as GB18030 it breaks on line 2 already. */
	const char zh[] = "单位编码,名称\n张,李四\n王五,\xFF\n赵六,钱七\n";
	parse_fails(zh, sizeof zh - 1, 3, "invalid encoding");

	/* After a BOM the file must be UTF-8: a GBK pair on line 2 is an error. */
	const char bom[] = "\xEF\xBB\xBF"
			   "a\n" GBK_UNIT_CODE "\nc\n";
	parse_fails(bom, sizeof bom - 1, 2, "invalid encoding");

	/* A truncated GB18030 sequence at the very end. */
	const char cut[] = "a\nb\n\x81";
	parse_fails(cut, sizeof cut - 1, 3, "invalid encoding");
}

static void test_nul_byte(void **state)
{
	(void)state;
	const char utf16[] = "\xFF\xFE"
			     "a\0,\0b\0\n\0";
	parse_fails(utf16, sizeof utf16 - 1, 1, "invalid encoding");
	const char mid[] = "a,b\n1,2\n3\0,4\n";
	parse_fails(mid, sizeof mid - 1, 3, "NUL");
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	const char *s = "a,b\n\"x\ny\",1\n2,\"open\n3,4\n";
	parse_fails(s, strlen(s), 4, "unterminated quote");
	s = "a,b\n1,\"";
	parse_fails(s, strlen(s), 2, "unterminated quote");
}

static void test_empty_file(void **state)
{
	(void)state;
	const char *msg = "the file is empty: a header row is needed";
	parse_fails("", 0, 1, msg);
	parse_fails(NULL, 0, 1, msg);
	parse_fails("\xEF\xBB\xBF", 3, 1, msg);
	parse_fails("\r\n\n , \n", 7, 1, msg);
}

static void test_map_header_chinese(void **state)
{
	(void)state;
	struct csv c;
	struct import_report r;
	int idx[3];
	parse_str("备注, 单位名称 ,单位编码\nx,区委办,A01\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_map_header(&c, unit_cols, 3, idx, &r), 0);
	assert_int_equal(r.nerrors, 0);
	assert_string_equal(buf_str(&r.out), "");
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 1);
	assert_int_equal(idx[2], 0);
	assert_string_equal(csv_field(&c.rows[0], idx[0]), "A01");
	import_report_cleanup(&r);
	csv_cleanup(&c);

	/* English codes, any ASCII case; optional column absent. */
	parse_str("CODE,Name\nA01,x\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_map_header(&c, unit_cols, 3, idx, &r), 0);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 1);
	assert_int_equal(idx[2], -1);
	import_report_cleanup(&r);
	csv_cleanup(&c);
}

static void test_map_header_missing(void **state)
{
	(void)state;
	struct csv c;
	struct import_report r;
	int idx[3];
	parse_str("code,note\nA01,x\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_map_header(&c, unit_cols, 3, idx, &r), 1);
	assert_int_equal(r.nerrors, 1);
	assert_string_equal(buf_str(&r.out), "f.csv:1: 单位名称: missing column\n");
	assert_int_equal(idx[1], -1);
	assert_int_equal(idx[2], 1);
	import_report_cleanup(&r);
	csv_cleanup(&c);
}

static void test_map_header_unknown(void **state)
{
	(void)state;
	struct csv c;
	struct import_report r;
	int idx[3];
	parse_str("code,name,分数\nA01,x,9\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_map_header(&c, unit_cols, 3, idx, &r), 1);
	assert_string_equal(buf_str(&r.out), "f.csv:1: 分数: unknown column\n");
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 1);
	import_report_cleanup(&r);
	csv_cleanup(&c);
}

static void test_map_header_duplicate(void **state)
{
	(void)state;
	struct csv c;
	struct import_report r;
	int idx[3];
	parse_str("code,单位名称,单位编码\nA01,x,A02\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_map_header(&c, unit_cols, 3, idx, &r), 1);
	assert_string_equal(buf_str(&r.out), "f.csv:1: 单位编码: duplicate column\n");
	assert_int_equal(idx[0], 0); /* the first one wins */
	import_report_cleanup(&r);
	csv_cleanup(&c);
}

static void test_map_header_empty_cells(void **state)
{
	(void)state;
	struct csv c;
	struct import_report r;
	int idx[3];
	/* Excel leaves empty header cells over empty columns: harmless. */
	parse_str("code,name,,\nA01,x,,\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_map_header(&c, unit_cols, 3, idx, &r), 0);
	import_report_cleanup(&r);
	csv_cleanup(&c);

	/* Data under no header would be lost silently: reported. */
	parse_str("code,name,\nA01,x,\nA02,y,z\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_map_header(&c, unit_cols, 3, idx, &r), 1);
	assert_string_equal(buf_str(&r.out), "f.csv:1: column 3 has data but no header\n");
	import_report_cleanup(&r);
	csv_cleanup(&c);
}

static void test_check_widths(void **state)
{
	(void)state;
	struct csv c;
	struct import_report r;
	parse_str("a,b\n1\n1,2\n\"x\ny\",2,3\n4,5\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_check_widths(&c, &r), 2);
	assert_int_equal(r.nerrors, 2);
	assert_string_equal(buf_str(&r.out),
			    "f.csv:2: wrong column count: 1 fields, header has 2\n"
			    "f.csv:4: wrong column count: 3 fields, header has 2\n");
	import_report_cleanup(&r);
	csv_cleanup(&c);

	parse_str("a,b\n1,2\n", &c);
	import_report_init(&r, "f.csv");
	assert_int_equal(csv_check_widths(&c, &r), 0);
	assert_string_equal(buf_str(&r.out), "");
	import_report_cleanup(&r);
	csv_cleanup(&c);
}

static void test_report_format(void **state)
{
	(void)state;
	struct import_report r;
	import_report_init(&r, "f.csv");
	import_report_add(&r, 3, "score", "not a number");
	assert_string_equal(buf_str(&r.out), "f.csv:3: score: not a number\n");
	import_report_add(&r, 4, NULL, "row %d of %s", 2, "x");
	import_report_add(&r, 5, "", "bad");
	assert_int_equal(r.nerrors, 3);
	assert_string_equal(buf_str(&r.out), "f.csv:3: score: not a number\n"
					     "f.csv:4: row 2 of x\n"
					     "f.csv:5: bad\n");
	import_report_cleanup(&r);
	assert_int_equal(r.nerrors, 0);
}

static void test_large_file(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct csv c;
	buf_puts(&b, "code,name,note\r\n");
	for (int i = 0; i < 100000; i++) {
		if (i % 1000 == 0)
			buf_puts(&b, "X,\"multi\nline\",\"a \"\"b\"\"\"\r\n");
		else
			buf_printf(&b, "U%06d,单位%d,\r\n", i, i);
	}
	parse_ok(b.p, b.len, &c);
	assert_int_equal(c.nrows, 100000);
	/* 100 rows span two lines each, all before the last one. */
	assert_int_equal(c.rows[99999].line, 100000 + 1 + 100);
	assert_string_equal(c.rows[99999].fields[0], "U099999");
	assert_string_equal(c.rows[1000].fields[1], "multi\nline");
	assert_string_equal(c.rows[1000].fields[2], "a \"b\"");
	csv_cleanup(&c);
	buf_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_bom),
	    cmocka_unit_test(test_utf8_no_bom_chinese),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_quoted_fields_and_lines),
	    cmocka_unit_test(test_last_line_without_newline),
	    cmocka_unit_test(test_blank_rows_skipped),
	    cmocka_unit_test(test_fields_untrimmed_and_csv_field),
	    cmocka_unit_test(test_gbk_hardcoded),
	    cmocka_unit_test(test_gb18030_via_iconv),
	    cmocka_unit_test(test_invalid_bytes),
	    cmocka_unit_test(test_nul_byte),
	    cmocka_unit_test(test_unterminated_quote),
	    cmocka_unit_test(test_empty_file),
	    cmocka_unit_test(test_map_header_chinese),
	    cmocka_unit_test(test_map_header_missing),
	    cmocka_unit_test(test_map_header_unknown),
	    cmocka_unit_test(test_map_header_duplicate),
	    cmocka_unit_test(test_map_header_empty_cells),
	    cmocka_unit_test(test_check_widths),
	    cmocka_unit_test(test_report_format),
	    cmocka_unit_test(test_large_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
