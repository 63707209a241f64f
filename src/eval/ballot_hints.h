/* ballot_hints.h: where a token may be, for the writer's job (ballot_hints.c). Internal to
 * the ballots. */
#ifndef ZF_EVAL_BALLOT_HINTS_H
#define ZF_EVAL_BALLOT_HINTS_H

#include <stdint.h>

#include "eval/ballot.h"
#include "store/store.h"

/* The issue number (tokens.id) of the token whose hash is hash, as far as the connection's
 * hints know: 0 when they do not. A hint is only a hint: the caller reads the row and
 * checks the full hash. The first call on a connection starts loading the hints in the
 * background. */
int64_t ballot_hint(struct store *s, const unsigned char hash[BALLOT_HASH_BYTES]);

/* The token with issue number id was found without a hint: when it was issued after the
 * hints were loaded, they are loaded again (in the background, at most every few
 * seconds). */
void ballot_hint_missed(struct store *s, int64_t id);

#endif
