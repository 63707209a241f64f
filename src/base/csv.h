/* csv.h: reading CSV files as offices write them: UTF-8 with or without BOM, or GB18030/GBK. */
#ifndef ZF_BASE_CSV_H
#define ZF_BASE_CSV_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

struct csv_row {
	long line; /* 1-based physical line where the record starts in the file */
	int nfields;
	char **fields; /* UTF-8, NUL-terminated, surrounding spaces NOT trimmed */
};

/*
 * A parsed file. The pointer array of each row (and of the header) shares one allocation
 * with its strings: never free a single field; csv_cleanup frees everything.
 */
struct csv {
	char encoding[16]; /* "UTF-8" or "GB18030": what the file was */
	int ncols;	   /* fields in the header row */
	char **header;	   /* header fields, trimmed, BOM removed */
	size_t nrows;	   /* data rows (header excluded; rows entirely empty are skipped) */
	struct csv_row *rows;
};

/*
 * Parses a whole file held in memory (data, len bytes; need not be NUL-terminated).
 * Detects the encoding: a UTF-8 BOM or valid UTF-8 means UTF-8; otherwise the bytes are
 * converted from GB18030 with iconv(3) (GB18030 is a superset of GBK). Quotes per RFC 4180
 * (fields with commas, doubled quotes, newlines inside quotes), CRLF or LF line ends, a last
 * line without newline. Rows whose fields are all blank (empty lines, Excel's ",,,," rows)
 * are skipped, also before the header. `fname` is used only in messages (NULL allowed).
 * Returns 0, or ZF_EINVAL with err->line set and err->msg as "FILE:LINE: what is wrong":
 * an empty file ("the file is empty: a header row is needed"), bytes that are neither UTF-8
 * nor GB18030 ("invalid encoding: neither UTF-8 nor GB18030", the line of the first bad
 * byte), a NUL byte (a UTF-16 file, say), an unterminated quote (the line where the quoted
 * field starts). ZF_EINTERNAL when iconv has no GB18030 converter. On success *out owns
 * everything and csv_cleanup frees it. Never writes *out on failure.
 */
int csv_parse(const char *data, size_t len, const char *fname, struct csv *out, struct zf_err *err);

/* Frees everything csv_parse put in c and zeroes it; c may be NULL or already cleaned. */
void csv_cleanup(struct csv *c);

/* Column spec for header mapping: each column has an English code and a Chinese header. */
struct csv_col {
	const char *code; /* e.g. "code" */
	const char *zh;	  /* e.g. "单位编码" */
	int required;	  /* 1 when the column must be present */
};

/* Collects per-row problems of one file as lines `FILE:LINE: column: what is wrong`. */
struct import_report {
	const char *file; /* the name shown, borrowed */
	struct buf out;	  /* the lines, each ending in \n */
	int nerrors;
};

/* Starts an empty report for the file named `file` (borrowed: it must outlive r). */
void import_report_init(struct import_report *r, const char *file);

/* Frees the lines of r. */
void import_report_cleanup(struct import_report *r);

/*
 * Adds one line `FILE:LINE: column: what` and counts it in r->nerrors; column may be NULL
 * or "" (then written as `FILE:LINE: what`). fmt and the rest are printf-style.
 */
void import_report_add(struct import_report *r, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Maps the header of c onto cols (ncols entries): idx[i] gets the header position of
 * cols[i] (matched by its code or its Chinese name, case-insensitive for ASCII, after
 * trimming), or -1 when absent. Reports to r, at line 1: a required column missing
 * ("missing column", named by its Chinese name), a header not in cols ("unknown column"),
 * a column given twice ("duplicate column"), and a column with an empty header that holds
 * data in some row. Empty header cells over empty columns are ignored.
 * Returns the number of problems reported.
 */
int csv_map_header(const struct csv *c, const struct csv_col *cols, int ncols, int *idx,
		   struct import_report *r);

/*
 * Checks every row of c has exactly c->ncols fields, reporting
 * "wrong column count: N fields, header has M" at the row's line for each bad row.
 * Returns the number of problems reported.
 */
int csv_check_widths(const struct csv *c, struct import_report *r);

/*
 * The field at position idx of row, trimmed of ASCII spaces (in place, so later calls and
 * row->fields see it trimmed), or "" when idx < 0 or beyond the row. Borrowed from row.
 */
const char *csv_field(const struct csv_row *row, int idx);

#endif
