/* ballot.h: anonymous ballots (V3, X2): the tokens of the network and letter channels, the
 * ballots cast with them, the receipts that prove a ballot was counted, and the mutual
 * evaluation cast by unit accounts.
 *
 * Anonymity is the point of this room. A token is stored only as its BLAKE2b-256 hash with a
 * used flag (no time of use); a ballot row carries no token, no account, no time finer than
 * the day and a random id; a receipt is stored only as a hash with its round and day, linked
 * to nothing; the register of accounts that cast their mutual evaluation says who voted,
 * never what. Spending the token and storing the ballots is one durable transaction of the
 * group-commit writer, so a token counts once. */
#ifndef ZF_EVAL_BALLOT_H
#define ZF_EVAL_BALLOT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/actor.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"
#include "store/writer.h"

#define BALLOT_TOKEN_CHARS   28 /* Crockford base32 characters of a token: 140 random bits */
#define BALLOT_TOKEN_SIZE    35 /* written XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX, with the NUL */
#define BALLOT_RECEIPT_CHARS 20 /* 100 random bits */
#define BALLOT_RECEIPT_SIZE  25 /* XXXX-XXXX-XXXX-XXXX-XXXX, with the NUL */
#define BALLOT_HASH_BYTES    32
#define BALLOT_ISSUE_MAX     200000 /* tokens per issue command */

/* ---- token and receipt codes ---- */

/* Writes a fresh random token (CSPRNG) as XXXX-XXXX-... into out. */
void ballot_token_new(char out[BALLOT_TOKEN_SIZE]);
/* Writes a fresh random receipt code as XXXX-XXXX-XXXX-XXXX-XXXX into out. */
void ballot_receipt_new(char out[BALLOT_RECEIPT_SIZE]);
/* Normalizes a typed or scanned code of `chars` base32 characters: case, spaces and dashes
 * do not matter, O reads as 0 and I, L as 1. Returns 0 with out (chars + 1 bytes) holding the
 * canonical characters, or -1 when the text is not such a code. */
int ballot_code_normalize(const char *in, int chars, char *out);
/* The stored hash of a canonical code (crypto_generichash, 32 bytes, no key). */
void ballot_code_hash(const char *canonical, unsigned char out[BALLOT_HASH_BYTES]);

/* ---- issuing tokens ---- */

struct ballot_issued;

struct ballot_issue_req {
	const char *round;    /* round code; the round must be draft or open */
	const char *group;    /* group code of the round */
	const char *units;    /* unit codes separated by commas or spaces, or NULL */
	const char *category; /* or every active unit of this category, or NULL */
	const char *rater;    /* the rating unit: required for a mutual group, refused otherwise */
	const char *channel;  /* "network" (default when NULL) or "letter" */
	int count;	      /* 1..BALLOT_ISSUE_MAX */
	/* optional: handed the fresh tokens before they are stored (to write the letters that
	 * carry them, say), outside any transaction; an error it returns issues nothing, so
	 * that no token is stored that nobody can hand out. When ballot_tokens_issue fails
	 * after it, the caller discards what it delivered. */
	int (*deliver)(struct store *s, const struct ballot_issued *o, void *arg,
		       struct zf_err *err);
	void *deliver_arg;
};

struct ballot_issued {
	int count;
	char (*tokens)[BALLOT_TOKEN_SIZE]; /* [count] */
	int nunits;
	char **units;	   /* the covered unit codes, sorted */
	char **unit_names; /* [nunits] their names, in the same order (with a deliver only) */
	char group[64];
	char channel[16];
	char round[64];
	char *round_name, *group_name;
};

/* Issues req->count fresh tokens of one group covering the same units: the given codes, or
 * every active unit of the category; for a mutual group the units must be other units of the
 * rater's category (without --units or --category: all of them). Every covered unit must be
 * active and its category must have an indicator list in the round. Stores only the hashes,
 * with one audit entry (count, group, channel, units; never a token), in one transaction.
 * Returns 0 (*out owns the tokens: ballot_issued_cleanup), ZF_EINVAL naming the field
 * ("group", "units", "category", "rater", "channel", "count"), ZF_ENOTFOUND (field "round"),
 * ZF_ECONFLICT (the round is closed or published). */
int ballot_tokens_issue(struct store *s, const struct actor *who,
			const struct ballot_issue_req *req, struct ballot_issued *out,
			struct zf_err *err);
void ballot_issued_cleanup(struct ballot_issued *o);
/* The tokens as CSV for a mail-merge: a UTF-8 BOM, the header token,group,units, a row a
 * token (its units joined with commas), CRLF line ends; appended to b. */
void ballot_issued_csv(const struct ballot_issued *o, struct buf *b);
/* The invitation letters of the tokens, as PDF, to f (letters.h): url is the server's
 * public address, lang "zh" (NULL) or "en". Returns 0, ZF_EINVAL or ZF_EIO. */
int ballot_issued_letters(const struct ballot_issued *o, const char *url, const char *lang, FILE *f,
			  struct zf_err *err);

/* Tokens of a round per group: a JSON array of {group, issued, used}, in the round's group
 * order (groups without tokens included with zeros). Returns 0 or ZF_ENOTFOUND. */
int ballot_tokens_stats(struct store *s, const char *round, json_t **out, struct zf_err *err);

/* ---- casting ---- */

/* A per-thread cache of parsed round configurations, checked against the stored text on
 * every use (so a changed configuration is parsed again). Not thread-safe: one per thread. */
struct ballot_cache;
struct ballot_cache *ballot_cache_new(void);
void ballot_cache_free(struct ballot_cache *c); /* accepts NULL */

struct ballot_item {
	int64_t unit_id;
	int64_t category_id;	   /* the unit's category the ratings were read for */
	char unit[64];		   /* the unit's code, for messages */
	int n;			   /* indicators of the unit's category */
	unsigned char ratings[64]; /* 0..100, or EVAL_ABSTAIN; in configuration order */
};

/* A validated submission, ready for the writer. */
struct ballot_cast {
	int64_t round_id;
	bool by_token;
	unsigned char token_hash[BALLOT_HASH_BYTES]; /* by_token */
	int64_t user_id;			     /* mutual evaluation with an account */
	int grp;
	const char *channel;   /* "network", "letter" or "mutual" */
	int64_t rater_unit_id; /* mutual: the rating unit; else 0 */
	int nitems;
	struct ballot_item *items;
	bool receipt;
	char receipt_code[BALLOT_RECEIPT_SIZE]; /* when receipt: given to the voter after commit */
	/* by_token: the token itself (known, unused, of this round, covering every unit) is
	 * checked by the writer's job, where its pages are in the writer's cache, and grp,
	 * channel and rater_unit_id are set there; the job also checks each unit's category
	 * against the one its ratings were read for. */
	bool check_token;
	int64_t token_id;
	int ngroups;
	uint64_t mutual_groups; /* bit g: group g is a mutual evaluation */
};

/* Validates a token submission on a read connection, writing nothing. round may be NULL
 * (the token's own round). ballots is the JSON array [{"unit": CODE, "ratings": {INDICATOR:
 * 0-100 | label | "" | null}}]; a missing indicator abstains. Returns 0 (*out filled;
 * ballot_cast_cleanup), or with the field named:
 *   ZF_ENOTFOUND "round" (no such round), "token" (unknown token, or one of another round);
 *   ZF_ECONFLICT "round" (the round is not open, naming its state), "token" (already used);
 *   ZF_EINVAL "token" (not a token at all is ZF_ENOTFOUND too), "ballots", "ballots[i].unit"
 *   (not covered, twice), "ballots[i].ratings.CODE" (not an indicator of the unit's category,
 *   not a whole number 0-100 or label), "ballots[i].ratings" (no indicator rated).
 * cache may be NULL. */
int ballot_prepare_token(struct store *s, struct ballot_cache *cache, const char *round,
			 const char *token, json_t *ballots, bool receipt, struct ballot_cast *out,
			 struct zf_err *err);

/* The parts of a token submission's JSON body, borrowed from it. */
struct ballot_submission {
	const char *round; /* NULL: the token's own round */
	const char *token;
	json_t *ballots;
	bool receipt;
};

/* Checks the top level of a token submission {"round": CODE | null, "token": T, "ballots":
 * [...], "receipt": true | false | null}: no other key, and each of the right kind. Returns
 * 0 with *out, or ZF_EINVAL naming the key. The ballots are checked by
 * ballot_prepare_token. */
int ballot_submission_check(json_t *body, struct ballot_submission *out, struct zf_err *err);
/* The same for a mutual evaluation by account {"ballots": [...], "receipt": ...}: round and
 * token are left NULL. */
int ballot_mutual_check(json_t *body, struct ballot_submission *out, struct zf_err *err);

/* The usual token submission, read straight from the request's JSON text rather than
 * through a tree of JSON values (which cost the ballot route more than all its checks):
 * {"round": CODE | null, "token": T, "ballots": [{"unit": CODE, "ratings": {IND: 0-100 |
 * "LABEL" | null, ...}}, ...], "receipt": true | false | null}, keys in any order, each at
 * most once, strings without escapes, numbers plain whole numbers 0-100. Strings point into
 * the text. */
enum ballot_rating_kind { BALLOT_RATING_NULL, BALLOT_RATING_NUMBER, BALLOT_RATING_LABEL };

struct ballot_body_rating {
	const char *key, *label;
	int key_len, label_len;
	enum ballot_rating_kind kind;
	int number;
};

struct ballot_body_item {
	const char *unit;
	int unit_len;
	int first, n; /* its ratings: ratings[first .. first + n) */
};

struct ballot_body {
	const char *round, *token; /* round NULL: absent or null */
	int round_len, token_len;
	bool receipt;
	int nitems, items_cap, nratings, ratings_cap;
	struct ballot_body_item *items;
	struct ballot_body_rating *ratings;
};

/* Reads text of that shape into *out (ballot_body_cleanup). Returns 0, or -1 for any other
 * text: one that json_read refuses, or reads as anything else, or that has an escape, a
 * repeated key or another kind of number; such a text takes the general path, json_read and
 * ballot_prepare_token, which names what is wrong with it. A text read here means what
 * json_read's reading of it means. */
int ballot_body_read(const char *text, size_t len, struct ballot_body *out);
void ballot_body_cleanup(struct ballot_body *b);

/* ballot_prepare_token for a body read by ballot_body_read: the same checks on the same
 * snapshot, giving the same cast. Returns 0 (*out filled), or -1 whenever
 * ballot_prepare_token would refuse the submission, with nothing said about why: the general
 * path is then taken and names the fault. */
int ballot_prepare_body(struct store *s, struct ballot_cache *cache, const struct ballot_body *b,
			struct ballot_cast *out);

/* Validates a mutual evaluation by the account who (its user_id and unit_id) in round:
 * the units must be other active units of the account's category. Returns as
 * ballot_prepare_token, and ZF_EFORBIDDEN ("ballots[i].unit": the account's own unit;
 * "unit": an account bound to no unit), ZF_ECONFLICT ("round": no mutual group, or not open;
 * "account": this account has voted already). */
int ballot_prepare_mutual(struct store *s, struct ballot_cache *cache, const char *round,
			  const struct actor *who, json_t *ballots, bool receipt,
			  struct ballot_cast *out, struct zf_err *err);

/* Writes a prepared cast through the group-commit writer: spends the token (or registers the
 * account) only if unused and the round still open, inserts the ballots with random ids and
 * today's date, and the receipt hash when asked; all or nothing. Returns 0 only once the
 * group is durable; ZF_ECONFLICT ("token": used meanwhile; "account": voted meanwhile;
 * "round": no longer open), ZF_EIO. */
int ballot_cast_commit(struct writer *w, struct ballot_cast *c, struct zf_err *err);
/* Like ballot_cast_commit without waiting: done(done_arg, rc, err) runs on the writer thread
 * once the cast is durable or has failed (rc as above); c must live until then. Returns 0,
 * or ZF_EIO when the writer is stopping (done is then not called). */
int ballot_cast_commit_async(struct writer *w, struct ballot_cast *c, writer_done_fn done,
			     void *done_arg, struct zf_err *err);
/* Starts loading the writer's token hints (ballot_hints.c) now, in the background, rather
 * than at the first ballot: the server calls it when it starts. */
void ballot_warm(struct writer *w);
/* The same job run directly on s inside the caller's transaction (tests, tools). */
int ballot_cast_write(struct store *s, struct ballot_cast *c, struct zf_err *err);
void ballot_cast_cleanup(struct ballot_cast *c);

/* ---- the ballot form ---- */

/* What the ballot page shows for a token, without spending it: {round:{code,name},
 * group:{code,name}, mutual, rater:{code,name}|null, labels:[{text,value}],
 * units:[{code,name,category}], indicators:{CATEGORY:[{code,name}]}}. Errors as
 * ballot_prepare_token (round, token). */
int ballot_form_token(struct store *s, struct ballot_cache *cache, const char *round,
		      const char *token, json_t **out, struct zf_err *err);
/* The mutual-evaluation form of an account: as above, with the other active units of its
 * category and "voted": whether the account has cast it already. */
int ballot_form_mutual(struct store *s, struct ballot_cache *cache, const char *round,
		       const struct actor *who, json_t **out, struct zf_err *err);

/* ---- receipts ---- */

/* The published receipt hashes of a round (lowercase hex, sorted), those after `after`
 * (hex, or NULL), at most limit: {round, receipts:[...], next_after: hex|null}. Returns 0,
 * ZF_ENOTFOUND (field "round"), ZF_EINVAL (field "after"). */
int ballot_receipts_list(struct store *s, const char *round, const char *after, int limit,
			 json_t **out, struct zf_err *err);
/* Whether the receipt code (as typed) is among the round's receipts. Returns 0 with
 * *counted, or ZF_ENOTFOUND (field "round"). A code that is not well formed is not counted. */
int ballot_receipt_check(struct store *s, const char *round, const char *code, bool *counted,
			 struct zf_err *err);

/* ---- throttling unknown tokens ---- */

/* Failures per client address in a fixed window, in memory, safe from any thread. */
struct ballot_throttle;
struct ballot_throttle *ballot_throttle_new(int limit, int window_s);
void ballot_throttle_free(struct ballot_throttle *t); /* accepts NULL */
/* True when addr has reached the limit in the current window. */
bool ballot_throttle_blocked(struct ballot_throttle *t, const char *addr);
/* Counts one failure of addr. */
void ballot_throttle_fail(struct ballot_throttle *t, const char *addr);

#endif
