/* json.h: a strict JSON reader for request bodies, building jansson values.
 *
 * jansson's own reader spends about 15 us on a 600-byte ballot, more than the rest of the
 * request; this one reads the text in place, builds the same values and refuses the same
 * inputs as json_loadb(..., JSON_REJECT_DUPLICATES): RFC 8259 JSON with one value at the top,
 * valid UTF-8, no duplicate keys, no NUL character in strings, integers that fit in
 * json_int_t (a number with a fraction or an exponent is a real). */
#ifndef ZF_BASE_JSON_H
#define ZF_BASE_JSON_H

#include <jansson.h>
#include <stddef.h>

/* Where and why a text is refused: line and column (from 1) of the offending character. */
struct json_read_error {
	int line, column;
	char text[96];
};

/* Reads the JSON text buf[0..len). Returns a new reference, or NULL with *err filled. */
json_t *json_read(const char *buf, size_t len, struct json_read_error *err);

/* The deepest nesting of arrays and objects json_read accepts. */
#define JSON_READ_MAX_DEPTH 256

#endif
