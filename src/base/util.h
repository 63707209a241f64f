/* util.h: allocation that aborts on failure, and small string helpers. */
#ifndef ZF_BASE_UTIL_H
#define ZF_BASE_UTIL_H

#include <stddef.h>
#include <stdbool.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure aborts the process: callers never test for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Copies src into dst of size n, always terminated; returns true when nothing was cut. */
bool strlcpy_ok(char *dst, const char *src, size_t n);

/* True when s is NULL or empty after trimming ASCII spaces. */
bool str_blank(const char *s);

/* Trims ASCII white space at both ends, in place; returns s. */
char *str_trim(char *s);

/* True when s is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_len(const char *s);

/* Reads a whole file into a fresh NUL-terminated buffer; returns NULL with errno set. */
char *file_read_all(const char *path, size_t *len_out);

#endif
