/* buf.h: a growable byte buffer, always NUL-terminated. */
#ifndef ZF_BASE_BUF_H
#define ZF_BASE_BUF_H

#include <stddef.h>

struct buf {
	char *p;    /* the bytes, NUL-terminated; NULL until the first append */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
};

#define BUF_INIT                                                                                   \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void buf_init(struct buf *b);
void buf_cleanup(struct buf *b);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a CSV field, quoted when it holds a comma, quote, CR or LF. */
void buf_put_csv(struct buf *b, const char *s);
/* Returns the contents (the caller frees them) and leaves b empty. */
char *buf_detach(struct buf *b);
/* The contents as a C string: "" when empty. */
const char *buf_str(const struct buf *b);

#endif
