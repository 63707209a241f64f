/* table.h: a table of rows under headers, as the files an office opens. The rows are a JSON
 * array of arrays whose cells are strings, numbers or null (an empty cell). */
#ifndef ZF_BASE_TABLE_H
#define ZF_BASE_TABLE_H

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

/* CSV: UTF-8 with a BOM, CRLF line ends, the headers first; text that a spreadsheet would run
 * as a formula (=, +, -, @ first) behind an apostrophe, as Excel marks text; integers as
 * they are, other numbers with 2 decimals. Appended to b. */
void table_csv(const char *const *headers, int ncols, json_t *rows, struct buf *b);

/* XLSX at path: one sheet named sheet, the title in bold on the first row, the headers in
 * bold under it (frozen), then the rows; numbers as numbers (2 decimals unless integers).
 * Returns 0 or ZF_EIO naming field "out". */
int table_xlsx(const char *path, const char *sheet, const char *title, const char *const *headers,
	       int ncols, json_t *rows, struct zf_err *err);

#endif
