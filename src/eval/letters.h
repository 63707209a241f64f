/* letters.h: invitation letters of the letter channel (发函评价, V3), one A4 page a token, as
 * PDF: the round, the evaluator group, the units to rate, how to vote, the token in large
 * type and a QR code that opens the ballot page with the token filled in. */
#ifndef ZF_EVAL_LETTERS_H
#define ZF_EVAL_LETTERS_H

#include "base/err.h"

#include <stdio.h>

#define LETTERS_URL_MAX 200 /* the longest base address accepted */

struct letters {
	const char *lang;	  /* "zh" (default when NULL) or "en" */
	const char *url;	  /* the server's public address, http:// or https://, no query */
	const char *round;	  /* round code */
	const char *round_name;	  /* the round's name */
	const char *group_name;	  /* the evaluator group's name */
	const char *const *units; /* [nunits] "CODE name" lines of the units rated */
	int nunits;
};

/* Checks a base address for the letters: http:// or https://, a host, no spaces, query or
 * fragment, at most LETTERS_URL_MAX bytes. Returns 0 or ZF_EINVAL naming field "url". */
int letters_check_url(const char *url, struct zf_err *err);

/* Checks a language of the letters: NULL (Chinese), "zh" or "en". Returns 0 or ZF_EINVAL
 * naming field "lang". */
int letters_check_lang(const char *lang, struct zf_err *err);

/* The address a letter's QR code opens: URL/b/?r=ROUND&t=TOKEN (the round percent-encoded),
 * in out[size]. Returns 0, or -1 when it does not fit. */
int letters_ballot_link(const char *url, const char *round, const char *token, char *out,
			size_t size);

/* Writes one letter for each of tokens[0..n) to f, as PDF. Calls are serialised: each
 * releases the fonts' process-wide caches (fontconfig's among them) when it is done, so
 * nothing else in the process may use fontconfig meanwhile. Returns 0, ZF_EINVAL (a bad
 * address or language) or ZF_EIO (the PDF could not be made or written). */
int letters_write_pdf(const struct letters *l, const char *const *tokens, int n, FILE *f,
		      struct zf_err *err);

#endif
