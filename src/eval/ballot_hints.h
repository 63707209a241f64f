/* ballot_hints.h: where a token may be, for the writer's job (ballot_hints.c). Internal to
 * the ballots. */
#ifndef ZF_EVAL_BALLOT_HINTS_H
#define ZF_EVAL_BALLOT_HINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "eval/ballot.h"
#include "store/store.h"

/* What the hints know of a token: its issue number and the facts fixed when it was issued
 * (a token's round, group, channel and units never change; only its used flag does). */
struct ballot_hint {
	int64_t id; /* tokens.id */
	int64_t round_id;
	int64_t unit_id;       /* the one unit it covers; 0 when it covers several */
	int64_t rater_unit_id; /* 0 when none */
	int grp;
	bool letter;
};

/* Fills *out with the token whose hash begins as hash does, as far as the connection's
 * hints know, and returns true; false when they know none. A hint is only a hint: the
 * caller checks the row's full hash (and whether it is used) in the database. The first
 * call on a connection starts loading the hints in the background. */
bool ballot_hint(struct store *s, const unsigned char hash[BALLOT_HASH_BYTES],
		 struct ballot_hint *out);

/* Whether round round_id is open (*open) and the category of unit unit_id (*category: 0
 * for none, -1 when there is no such unit), as the connection's transaction sees them:
 * from memory while nothing can have changed them since they were read (store_mark_holds),
 * read again otherwise. Returns 0 or an error. */
int ballot_hint_state(struct store *s, int64_t round_id, int64_t unit_id, bool *open,
		      int64_t *category, struct zf_err *err);

/* After ballot_hint_state, the caller's own writes of a cast (a token spent, its ballots and
 * receipt) change neither a round's state nor a unit's category. */
void ballot_hint_wrote(struct store *s);

/* The token with issue number id was found without a hint: when it was issued after the
 * hints were loaded, they are loaded again (in the background, at most every few
 * seconds). */
void ballot_hint_missed(struct store *s, int64_t id);

#endif
