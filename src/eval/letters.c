/* letters.c: invitation letters as PDF, with cairo, pango (Chinese text in WenQuanYi Micro
 * Hei, embedded as a subset) and libqrencode. One A4 page a token; nothing is kept. */
#include "eval/letters.h"
#include "base/buf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdbool.h>
#include <string.h>

#define PAGE_W	    595.28 /* A4, in points */
#define PAGE_H	    841.89
#define MARGIN	    64.0
#define QR_SIZE	    150.0 /* the code's side, quiet zone included: some 53 mm */
#define QR_QUIET    4	  /* modules of white around the code, as ISO/IEC 18004 asks */
#define UNITS_MAX_H 170.0 /* the tallest list of units; a longer one is left to the ballot page */

#define FONT	  "WenQuanYi Micro Hei"
#define FONT_MONO "WenQuanYi Micro Hei Mono"

/* The words of a letter, in one language. */
struct words {
	const char *title, *dear, *invite, *unit_sep, *many, *how, *privacy, *token, *scan, *footer;
};

static const struct words zh = {
    .title = "民主评价邀请函",
    .dear = "尊敬的评价人（%s）：",
    .invite = "　　我区正在开展“%s”。诚邀您对下列单位的工作作风作出评价：",
    .unit_sep = "、",
    .many = "共 %d 个单位，评价页面上逐一列出。",
    .how = "　　请用手机扫描下方的二维码；或在浏览器中打开以下地址，输入下面的评价码。"
	   "按页面提示为每个单位评分后提交即可。",
    .privacy = "　　评价不记名：系统只保存评价码的摘要，不保存评价码与评分的对应关系，"
	       "任何人都无法知道您的评价内容。评价码只能使用一次，请勿转交他人。",
    .token = "评价码",
    .scan = "扫码评价",
    .footer = "%s · 第 %d 份，共 %d 份",
};

static const struct words en = {
    .title = "Invitation to the democratic evaluation",
    .dear = "Dear evaluator (%s),",
    .invite = "We invite you to rate the work style of the following units in “%s”:",
    .unit_sep = "; ",
    .many = "%d units, each listed on the ballot page.",
    .how = "Scan the QR code below with your phone, or open this address in a browser and "
	   "enter the token below; rate each unit as the page asks, then submit.",
    .privacy = "The evaluation is anonymous: the system keeps only a digest of the token and "
	       "never the link between the token and your ratings, so nobody can see how you "
	       "rated. The token works once; do not pass it on.",
    .token = "Token",
    .scan = "Scan to vote",
    .footer = "%s · letter %d of %d",
};

int letters_check_url(const char *url, struct zf_err *err)
{
	size_t scheme = 0;
	if (url && !strncmp(url, "https://", 8))
		scheme = 8;
	else if (url && !strncmp(url, "http://", 7))
		scheme = 7;
	if (!scheme)
		return zf_err_set(err, ZF_EINVAL, "url",
				  "the letters need the server's public address, starting with "
				  "https:// or http://");
	size_t len = strlen(url);
	if (len > LETTERS_URL_MAX)
		return zf_err_set(err, ZF_EINVAL, "url", "the address is longer than %d bytes",
				  LETTERS_URL_MAX);
	if (len == scheme || url[scheme] == '/')
		return zf_err_set(err, ZF_EINVAL, "url", "the address '%s' has no host", url);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '?' || *p == '#' || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\')
			return zf_err_set(err, ZF_EINVAL, "url",
					  "the address '%s' has a space, query, fragment or a "
					  "character that must be encoded",
					  url);
	return 0;
}

int letters_check_lang(const char *lang, struct zf_err *err)
{
	if (lang && strcmp(lang, "zh") && strcmp(lang, "en"))
		return zf_err_set(err, ZF_EINVAL, "lang", "the language is zh or en, not '%s'",
				  lang);
	return 0;
}

/* The length of url without its trailing slashes: the base that "/b/" follows. */
static size_t base_len(const char *url)
{
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	return n;
}

int letters_ballot_link(const char *url, const char *round, const char *token, char *out,
			size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	buf_append(&b, url, base_len(url));
	buf_puts(&b, "/b/?r=");
	for (const unsigned char *p = (const unsigned char *)round; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	buf_puts(&b, "&t=");
	buf_puts(&b, token);
	int rc = b.len < size ? 0 : -1;
	if (rc == 0)
		memcpy(out, b.p, b.len + 1);
	buf_cleanup(&b);
	return rc;
}

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
							  : CAIRO_STATUS_WRITE_ERROR;
}

static void set_font(PangoLayout *lay, const char *font)
{
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
}

/* Lays out text in the given font across the text width at y, aligned; returns the height. */
static double text(cairo_t *cr, PangoLayout *lay, const char *font, PangoAlignment align, double y,
		   const char *s)
{
	set_font(lay, font);
	pango_layout_set_alignment(lay, align);
	pango_layout_set_text(lay, s, -1);
	cairo_move_to(cr, MARGIN, y);
	pango_cairo_show_layout(cr, lay);
	int w, h;
	pango_layout_get_pixel_size(lay, &w, &h);
	return h;
}

/* One line, not wrapped, centred on the page at y; returns its height. */
static double centred(cairo_t *cr, PangoLayout *lay, const char *font, double y, const char *s)
{
	int width = pango_layout_get_width(lay);
	pango_layout_set_width(lay, -1);
	set_font(lay, font);
	pango_layout_set_alignment(lay, PANGO_ALIGN_LEFT);
	pango_layout_set_text(lay, s, -1);
	int w, h;
	pango_layout_get_pixel_size(lay, &w, &h);
	cairo_move_to(cr, (PAGE_W - w) / 2, y);
	pango_cairo_show_layout(cr, lay);
	pango_layout_set_width(lay, width);
	return h;
}

/* Draws the QR code of link with its top left corner at (x, y), QR_SIZE on a side. */
static bool draw_qr(cairo_t *cr, double x, double y, const char *link)
{
	QRcode *qr = QRcode_encodeString(link, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return false;
	double m = QR_SIZE / (qr->width + 2 * QR_QUIET);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, QR_SIZE, QR_SIZE);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < qr->width; r++)
		for (int c = 0; c < qr->width; c++)
			if (qr->data[r * qr->width + c] & 1)
				cairo_rectangle(cr, x + (c + QR_QUIET) * m, y + (r + QR_QUIET) * m,
						m, m);
	cairo_fill(cr);
	cairo_restore(cr);
	QRcode_free(qr);
	return true;
}

/* One page: the letter of token number i (from 1) of n. */
static bool page(cairo_t *cr, PangoLayout *lay, const struct letters *l, const struct words *w,
		 const char *units, const char *token, int i, int n)
{
	char link[LETTERS_URL_MAX + 128];
	if (letters_ballot_link(l->url, l->round, token, link, sizeof link) < 0)
		return false;
	struct buf b = BUF_INIT;
	double y = MARGIN;
	cairo_set_source_rgb(cr, 0, 0, 0);
	y += text(cr, lay, FONT " Bold 18", PANGO_ALIGN_CENTER, y, l->round_name);
	y += 4;
	y += text(cr, lay, FONT " Bold 15", PANGO_ALIGN_CENTER, y, w->title);
	y += 28;
	buf_printf(&b, w->dear, l->group_name);
	y += text(cr, lay, FONT " 12", PANGO_ALIGN_LEFT, y, b.p) + 8;
	buf_reset(&b);
	buf_printf(&b, w->invite, l->round_name);
	y += text(cr, lay, FONT " 12", PANGO_ALIGN_LEFT, y, b.p) + 6;
	y += text(cr, lay, l->nunits <= 8 ? FONT " Bold 12" : FONT " Bold 10", PANGO_ALIGN_LEFT, y,
		  units) +
	     8;
	y += text(cr, lay, FONT " 12", PANGO_ALIGN_LEFT, y, w->how) + 4;
	buf_reset(&b);
	buf_append(&b, l->url, base_len(l->url));
	buf_puts(&b, "/b/");
	y += text(cr, lay, FONT_MONO " Bold 12", PANGO_ALIGN_CENTER, y, b.p) + 6;
	y += text(cr, lay, FONT " 12", PANGO_ALIGN_LEFT, y, w->privacy) + 24;

	y += centred(cr, lay, FONT " 12", y, w->token) + 4;
	y += centred(cr, lay, FONT_MONO " Bold 18", y, token) + 14;
	bool ok = draw_qr(cr, (PAGE_W - QR_SIZE) / 2, y, link);
	y += QR_SIZE + 2;
	centred(cr, lay, FONT " 10", y, w->scan);

	buf_reset(&b);
	buf_printf(&b, w->footer, l->round, i, n);
	cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
	text(cr, lay, FONT " 8", PANGO_ALIGN_RIGHT, PAGE_H - MARGIN / 2 - 10, b.p);
	buf_cleanup(&b);
	cairo_show_page(cr);
	return ok;
}

/* One set of letters at a time: each releases fontconfig's process-wide state when done. */
static pthread_mutex_t one_at_a_time = PTHREAD_MUTEX_INITIALIZER;

int letters_write_pdf(const struct letters *l, const char *const *tokens, int n, FILE *f,
		      struct zf_err *err)
{
	int rc = letters_check_lang(l->lang, err);
	if (rc == 0)
		rc = letters_check_url(l->url, err);
	if (rc < 0)
		return rc;
	const struct words *w = l->lang && !strcmp(l->lang, "en") ? &en : &zh;

	/* the units, one a line when a few, else run together */
	struct buf units = BUF_INIT;
	for (int i = 0; i < l->nunits; i++) {
		if (i)
			buf_puts(&units, l->nunits <= 8 ? "\n" : w->unit_sep);
		buf_puts(&units, l->units[i]);
	}

	pthread_mutex_lock(&one_at_a_time);
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_out, f, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surf);
	/* a font map of this call's own, so that its fonts are released with it */
	PangoFontMap *fonts = pango_cairo_font_map_new();
	PangoContext *ctx = pango_font_map_create_context(fonts);
	pango_cairo_update_context(cr, ctx);
	PangoLayout *lay = pango_layout_new(ctx);
	pango_layout_set_width(lay, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	if (l->nunits > 8) {
		/* so many that the page would overflow: named on the ballot page instead */
		set_font(lay, FONT " Bold 10");
		pango_layout_set_text(lay, units.p, -1);
		int w_px, h_px;
		pango_layout_get_pixel_size(lay, &w_px, &h_px);
		if (h_px > UNITS_MAX_H) {
			buf_reset(&units);
			buf_printf(&units, w->many, l->nunits);
		}
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, l->round_name);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "zuofeng");
	bool ok = true;
	for (int i = 0; i < n && ok; i++)
		ok = page(cr, lay, l, w, units.p ? units.p : "", tokens[i], i + 1, n);
	g_object_unref(lay);
	g_object_unref(ctx);
	g_object_unref(fonts);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	cairo_status_t st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	/* cairo's and fontconfig's global caches stay for the next letters: emptying them
	 * (cairo_debug_reset_static_data, FcFini) is only safe once no font object is alive
	 * anywhere, and pango may still hold some on its own fontconfig thread, which made the
	 * reset abort now and then under load */
	pthread_mutex_unlock(&one_at_a_time);
	buf_cleanup(&units);
	if (!ok)
		return zf_err_set(err, ZF_EIO, "url", "the address does not fit in a QR code");
	if (st != CAIRO_STATUS_SUCCESS || fflush(f) != 0 || ferror(f))
		return zf_err_set(err, ZF_EIO, NULL, "the letters could not be written: %s",
				  st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st)
							     : "write error");
	return 0;
}
