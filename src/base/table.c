/* table.c: a table as the files an office opens (table.h): CSV with a BOM and XLSX with
 * libxlsxwriter, a bold title and header row, numbers as numbers. */
#include "base/table.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static void csv_cell(struct buf *b, json_t *v)
{
	char num[64];
	if (json_is_string(v)) {
		const char *t = json_string_value(v);
		/* text a spreadsheet would run as a formula (a commitment typed as "=..." by a
		 * unit) is written with a leading apostrophe, as Excel itself marks text */
		if (strchr("=+-@", t[0]) && t[0]) {
			char *q = xmalloc(strlen(t) + 2);
			q[0] = '\'';
			strcpy(q + 1, t);
			buf_put_csv(b, q);
			free(q);
		} else {
			buf_put_csv(b, t);
		}
	} else if (json_is_integer(v))
		buf_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_number(v)) {
		snprintf(num, sizeof num, "%.2f", json_number_value(v));
		buf_puts(b, num);
	}
}

void table_csv(const char *const *headers, int ncols, json_t *rows, struct buf *b)
{
	buf_puts(b, "\xEF\xBB\xBF");
	for (int c = 0; c < ncols; c++) {
		if (c)
			buf_putc(b, ',');
		buf_put_csv(b, headers[c]);
	}
	buf_puts(b, "\r\n");
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		for (int c = 0; c < ncols; c++) {
			if (c)
				buf_putc(b, ',');
			csv_cell(b, json_array_get(row, (size_t)c));
		}
		buf_puts(b, "\r\n");
	}
}

int table_xlsx(const char *path, const char *sheet, const char *title, const char *const *headers,
	       int ncols, json_t *rows, struct zf_err *err)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return zf_err_set(err, ZF_EIO, "out", "%s: cannot create the workbook", path);
	lxw_format *tf = workbook_add_format(wb), *hf = workbook_add_format(wb),
		   *nf = workbook_add_format(wb);
	format_set_bold(tf);
	format_set_font_size(tf, 14);
	format_set_bold(hf);
	format_set_bottom(hf, LXW_BORDER_THIN);
	format_set_num_format(nf, "0.00");
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet);
	worksheet_write_string(ws, 0, 0, title, tf);
	for (int c = 0; c < ncols; c++) {
		worksheet_write_string(ws, 1, (lxw_col_t)c, headers[c], hf);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 0 ? 12 : 16, NULL);
	}
	worksheet_freeze_panes(ws, 2, 0);
	json_t *row;
	size_t i;
	json_array_foreach(rows, i, row)
	{
		lxw_row_t r = (lxw_row_t)(i + 2);
		for (int c = 0; c < ncols; c++) {
			json_t *v = json_array_get(row, (size_t)c);
			if (json_is_string(v))
				worksheet_write_string(ws, r, (lxw_col_t)c, json_string_value(v),
						       NULL);
			else if (json_is_integer(v))
				worksheet_write_number(ws, r, (lxw_col_t)c,
						       (double)json_integer_value(v), NULL);
			else if (json_is_number(v))
				worksheet_write_number(ws, r, (lxw_col_t)c, json_number_value(v),
						       nf);
		}
	}
	lxw_error e = workbook_close(wb);
	if (e != LXW_NO_ERROR)
		return zf_err_set(err, ZF_EIO, "out", "%s: %s", path, lxw_strerror(e));
	return 0;
}
