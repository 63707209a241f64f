/* csv.c: the CSV reader behind every import: encoding detection, RFC 4180 records, reports. */
#include "base/csv.h"
#include "base/util.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOM	"\xEF\xBB\xBF"
#define BOM_LEN 3

/* The physical line (1-based) holding byte off of s. */
static long line_at(const char *s, size_t off)
{
	long line = 1;
	const char *p = s, *end = s + off, *nl;
	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		line++;
		p = nl + 1;
	}
	return line;
}

/*
 * The line of the first byte that is not UTF-8, or 0 when all of s is UTF-8. Checking line
 * by line is exact: '\n' is never part of a multi-byte sequence.
 */
static long bad_utf8_line(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	long line = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (!utf8_valid(p, (size_t)(stop - p)))
			return line;
		line++;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/*
 * Converts len bytes of GB18030 at data to a fresh UTF-8 buffer *out (*out_len bytes,
 * NUL-terminated, owned by the caller). Returns 0; ZF_EINVAL with *bad_off set to the
 * offset of the first byte that is not GB18030; ZF_EINTERNAL when iconv cannot convert.
 */
static int gb18030_to_utf8(const char *data, size_t len, char **out, size_t *out_len,
			   size_t *bad_off)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return ZF_EINTERNAL;
	/* A GBK pair becomes at most 3 bytes; a GB18030 quad stays 4. */
	size_t cap = len + len / 2 + 16;
	char *buf = xmalloc(cap);
	char *in = (char *)data, *o = buf;
	size_t inleft = len, oleft = cap - 1;
	int rc = 0;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
			continue;
		if (errno != E2BIG) {
			*bad_off = (size_t)(in - data);
			rc = ZF_EINVAL;
			break;
		}
		size_t used = (size_t)(o - buf);
		cap *= 2;
		buf = xrealloc(buf, cap);
		o = buf + used;
		oleft = cap - 1 - used;
	}
	iconv_close(cd);
	if (rc) {
		free(buf);
		return rc;
	}
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	return 0;
}

/*
 * Gives the file's text as UTF-8 without BOM: *text (*tlen bytes) points into data or into
 * *owned, which the caller frees. Names the encoding in enc. Returns 0 or ZF_EINVAL /
 * ZF_EINTERNAL with err filled.
 */
static int to_utf8(const char *data, size_t len, const char *fname, char enc[16], char **owned,
		   const char **text, size_t *tlen, struct zf_err *err)
{
	const char *nul = len ? memchr(data, '\0', len) : NULL;
	long bad;
	size_t off = 0;

	*owned = NULL;
	if (len == 0)
		data = ""; /* data may be NULL then */
	if (nul) {
		long line = line_at(data, (size_t)(nul - data));
		zf_err_set(
		    err, ZF_EINVAL, NULL,
		    "%s:%ld: invalid encoding: a NUL byte (UTF-16?); save as UTF-8 or GB18030",
		    fname, line);
		err->line = line;
		return ZF_EINVAL;
	}
	if (len >= BOM_LEN && memcmp(data, BOM, BOM_LEN) == 0) {
		bad = bad_utf8_line(data + BOM_LEN, len - BOM_LEN);
		if (bad)
			goto invalid;
		data += BOM_LEN;
		len -= BOM_LEN;
	} else if ((bad = bad_utf8_line(data, len)) != 0) {
		int rc = gb18030_to_utf8(data, len, owned, tlen, &off);
		if (rc == ZF_EINTERNAL)
			return zf_err_set(err, rc, NULL, "%s: iconv cannot convert from GB18030",
					  fname);
		if (rc) {
			/* Report where neither reading holds any more: the later bad line. */
			long gb_bad = line_at(data, off);
			bad = gb_bad > bad ? gb_bad : bad;
			goto invalid;
		}
		snprintf(enc, 16, "GB18030");
		*text = *owned;
		/* GB18030 has its own BOM, 84 31 95 33, which converts to U+FEFF. */
		if (*tlen >= BOM_LEN && memcmp(*text, BOM, BOM_LEN) == 0) {
			*text += BOM_LEN;
			*tlen -= BOM_LEN;
		}
		return 0;
	}
	snprintf(enc, 16, "UTF-8");
	*text = data;
	*tlen = len;
	return 0;

invalid:
	zf_err_set(err, ZF_EINVAL, NULL, "%s:%ld: invalid encoding: neither UTF-8 nor GB18030",
		   fname, bad);
	err->line = bad;
	return ZF_EINVAL;
}

/* Reads records one at a time; the fields of the current one sit in bytes. */
struct parser {
	const char *s, *end; /* the next byte to read, and the end of the text */
	long line;	     /* the physical line of s */
	struct buf bytes;    /* the current record's fields, each NUL-terminated */
	size_t *offs;	     /* where each field of the current record starts in bytes */
	int nf, cap;
};

static void field_begin(struct parser *p)
{
	if (p->nf == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->offs = xrealloc(p->offs, (size_t)p->cap * sizeof *p->offs);
	}
	p->offs[p->nf++] = p->bytes.len;
}

/*
 * Reads the rest of a quoted field, p->s just past its opening quote, appending its bytes.
 * Returns 0, or ZF_EINVAL when no closing quote comes.
 */
static int read_quoted(struct parser *p)
{
	for (;;) {
		const char *q = memchr(p->s, '"', (size_t)(p->end - p->s));
		if (!q)
			return ZF_EINVAL;
		for (const char *nl = p->s; (nl = memchr(nl, '\n', (size_t)(q - nl))); nl++)
			p->line++;
		buf_append(&p->bytes, p->s, (size_t)(q - p->s));
		p->s = q + 1;
		if (p->s < p->end && *p->s == '"') {
			buf_putc(&p->bytes, '"');
			p->s++;
			continue;
		}
		return 0;
	}
}

/* True when t ends a line: LF, or CR before LF or at the end of the text. */
static int at_eol(const struct parser *p, const char *t)
{
	return *t == '\n' || (*t == '\r' && (t + 1 == p->end || t[1] == '\n'));
}

/*
 * Reads the record at p->s into p->bytes and p->offs, leaving p->s at the next record.
 * A quote opens a quoted field only as its first byte; text after the closing quote is
 * kept, as Excel does. Returns 0, or ZF_EINVAL with *qline the line of an unclosed quote.
 */
static int read_record(struct parser *p, long *qline)
{
	buf_reset(&p->bytes);
	p->nf = 0;
	for (;;) {
		field_begin(p);
		if (p->s < p->end && *p->s == '"') {
			*qline = p->line;
			p->s++;
			if (read_quoted(p))
				return ZF_EINVAL;
		}
		const char *t = p->s;
		while (t < p->end && *t != ',' && !at_eol(p, t))
			t++;
		buf_append(&p->bytes, p->s, (size_t)(t - p->s));
		buf_putc(&p->bytes, '\0');
		p->s = t;
		if (t < p->end && *t == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == '\r')
			p->s++;
		if (p->s < p->end && *p->s == '\n') {
			p->s++;
			p->line++;
		}
		return 0;
	}
}

static int record_blank(const struct parser *p)
{
	for (int i = 0; i < p->nf; i++)
		if (!str_blank(p->bytes.p + p->offs[i]))
			return 0;
	return 1;
}

/* The current record as one allocation: the pointer array, then the strings. */
static char **record_fields(const struct parser *p)
{
	size_t ptrs = (size_t)p->nf * sizeof(char *);
	char **fields = xmalloc(ptrs + p->bytes.len);
	char *base = (char *)fields + ptrs;
	memcpy(base, p->bytes.p, p->bytes.len);
	for (int i = 0; i < p->nf; i++)
		fields[i] = base + p->offs[i];
	return fields;
}

/* Stores the current record as the header of c, or as its next row. */
static void store_record(struct parser *p, struct csv *c, size_t *rows_cap, long line)
{
	if (!c->header) {
		c->header = record_fields(p);
		c->ncols = p->nf;
		for (int i = 0; i < p->nf; i++)
			str_trim(c->header[i]);
		return;
	}
	if (c->nrows == *rows_cap) {
		*rows_cap = *rows_cap ? *rows_cap * 2 : 64;
		c->rows = xrealloc(c->rows, *rows_cap * sizeof *c->rows);
	}
	struct csv_row *row = &c->rows[c->nrows++];
	row->line = line;
	row->nfields = p->nf;
	row->fields = record_fields(p);
}

int csv_parse(const char *data, size_t len, const char *fname, struct csv *out, struct zf_err *err)
{
	struct csv c = {0};
	struct parser p = {0};
	char *owned = NULL;
	const char *text = NULL;
	size_t tlen = 0, rows_cap = 0;
	long qline = 0;
	int rc;

	if (!fname)
		fname = "<input>";
	rc = to_utf8(data, len, fname, c.encoding, &owned, &text, &tlen, err);
	if (rc)
		goto cleanup;
	p.s = text;
	p.end = text + tlen;
	p.line = 1;
	while (p.s < p.end) {
		long line = p.line;
		rc = read_record(&p, &qline);
		if (rc) {
			zf_err_set(
			    err, rc, NULL,
			    "%s:%ld: unterminated quote: a field opened with \" is never closed",
			    fname, qline);
			err->line = qline;
			goto cleanup;
		}
		if (!record_blank(&p))
			store_record(&p, &c, &rows_cap, line);
	}
	if (!c.header) {
		rc = zf_err_set(err, ZF_EINVAL, NULL,
				"%s:1: the file is empty: a header row is needed", fname);
		err->line = 1;
		goto cleanup;
	}
	*out = c;
cleanup:
	if (rc)
		csv_cleanup(&c);
	free(p.offs);
	buf_cleanup(&p.bytes);
	free(owned);
	return rc;
}

void csv_cleanup(struct csv *c)
{
	if (!c)
		return;
	free(c->header);
	for (size_t i = 0; i < c->nrows; i++)
		free(c->rows[i].fields);
	free(c->rows);
	memset(c, 0, sizeof *c);
}

void import_report_init(struct import_report *r, const char *file)
{
	r->file = file;
	buf_init(&r->out);
	r->nerrors = 0;
}

void import_report_cleanup(struct import_report *r)
{
	buf_cleanup(&r->out);
	r->nerrors = 0;
}

void import_report_add(struct import_report *r, long line, const char *column, const char *fmt, ...)
{
	va_list ap, ap2;
	int n;

	buf_printf(&r->out, "%s:%ld: ", r->file ? r->file : "<input>", line);
	if (column && *column)
		buf_printf(&r->out, "%s: ", column);
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n > 0) {
		buf_grow(&r->out, (size_t)n);
		vsnprintf(r->out.p + r->out.len, (size_t)n + 1, fmt, ap2);
		r->out.len += (size_t)n;
	}
	va_end(ap2);
	va_end(ap);
	buf_putc(&r->out, '\n');
	r->nerrors++;
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\v' || ch == '\f';
}

static char ascii_lower(char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

/* True when h, trimmed, equals name ignoring ASCII case; name NULL matches nothing. */
static int name_eq(const char *h, const char *name)
{
	if (!name || !*name)
		return 0;
	while (is_space(*h))
		h++;
	size_t hl = strlen(h);
	while (hl > 0 && is_space(h[hl - 1]))
		hl--;
	if (hl != strlen(name))
		return 0;
	for (size_t i = 0; i < hl; i++)
		if (ascii_lower(h[i]) != ascii_lower(name[i]))
			return 0;
	return 1;
}

static int column_has_data(const struct csv *c, int h)
{
	for (size_t i = 0; i < c->nrows; i++)
		if (h < c->rows[i].nfields && !str_blank(c->rows[i].fields[h]))
			return 1;
	return 0;
}

static int find_col(const struct csv_col *cols, int ncols, const char *h)
{
	for (int i = 0; i < ncols; i++)
		if (name_eq(h, cols[i].code) || name_eq(h, cols[i].zh))
			return i;
	return -1;
}

int csv_map_header(const struct csv *c, const struct csv_col *cols, int ncols, int *idx,
		   struct import_report *r)
{
	int problems = 0;

	for (int i = 0; i < ncols; i++)
		idx[i] = -1;
	for (int h = 0; h < c->ncols; h++) {
		const char *name = c->header[h];
		if (str_blank(name)) {
			if (column_has_data(c, h)) {
				import_report_add(r, 1, NULL, "column %d has data but no header",
						  h + 1);
				problems++;
			}
			continue;
		}
		int i = find_col(cols, ncols, name);
		if (i < 0) {
			import_report_add(r, 1, name, "unknown column");
			problems++;
		} else if (idx[i] >= 0) {
			import_report_add(r, 1, name, "duplicate column");
			problems++;
		} else {
			idx[i] = h;
		}
	}
	for (int i = 0; i < ncols; i++) {
		if (cols[i].required && idx[i] < 0) {
			import_report_add(r, 1, cols[i].zh ? cols[i].zh : cols[i].code,
					  "missing column");
			problems++;
		}
	}
	return problems;
}

int csv_check_widths(const struct csv *c, struct import_report *r)
{
	int problems = 0;

	for (size_t i = 0; i < c->nrows; i++) {
		const struct csv_row *row = &c->rows[i];
		if (row->nfields == c->ncols)
			continue;
		import_report_add(r, row->line, NULL,
				  "wrong column count: %d fields, header has %d", row->nfields,
				  c->ncols);
		problems++;
	}
	return problems;
}

const char *csv_field(const struct csv_row *row, int idx)
{
	if (idx < 0 || idx >= row->nfields)
		return "";
	return str_trim(row->fields[idx]);
}
