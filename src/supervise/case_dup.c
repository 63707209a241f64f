/* case_dup.c: the same matter arriving through several channels (S5): character-bigram
 * similarity of subject and content, or the same complainant phone (by its keyed hash,
 * never the number), links a new case to the first one of the unit within the window as a
 * suspected duplicate; the office confirms, unlinks or links by hand. */
#include "supervise/case_impl.h"
#include "base/util.h"
#include "supervise/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* ---- similarity ---- */

/* The code points of a UTF-8 text, without ASCII spaces and punctuation, at most max. */
static size_t code_points(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < max) {
		uint32_t c;
		int len;
		if (*p < 0x80) {
			c = *p;
			len = 1;
		} else if ((*p & 0xE0) == 0xC0) {
			c = *p & 0x1F;
			len = 2;
		} else if ((*p & 0xF0) == 0xE0) {
			c = *p & 0x0F;
			len = 3;
		} else {
			c = *p & 0x07;
			len = 4;
		}
		int k;
		for (k = 1; k < len && (p[k] & 0xC0) == 0x80; k++)
			c = (c << 6) | (p[k] & 0x3F);
		p += k;
		if (c < 0x80 &&
		    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			continue;
		/* Chinese punctuation (U+3000..U+303F, full-width forms' punctuation) */
		if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
		    (c >= 0xFF1A && c <= 0xFF20))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 32;
		out[n++] = c;
	}
	return n;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The sorted distinct bigrams of s into a fresh array; *n gets their count. */
static uint64_t *bigrams(const char *s, size_t *n)
{
	enum { MAXCP = 2000 };
	uint32_t *cp = xmalloc(sizeof *cp * MAXCP);
	size_t m = code_points(s, cp, MAXCP);
	uint64_t *g = xmalloc(sizeof *g * (m ? m : 1));
	size_t k = 0;
	for (size_t i = 0; i + 1 < m; i++)
		g[k++] = ((uint64_t)cp[i] << 32) | cp[i + 1];
	free(cp);
	qsort(g, k, sizeof *g, cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < k; i++)
		if (!u || g[u - 1] != g[i])
			g[u++] = g[i];
	*n = u;
	return g;
}

int case_similarity(const char *a, const char *b)
{
	size_t na, nb;
	uint64_t *ga = bigrams(a, &na), *gb = bigrams(b, &nb);
	size_t i = 0, j = 0, both = 0;
	while (i < na && j < nb) {
		if (ga[i] == gb[j]) {
			both++;
			i++;
			j++;
		} else if (ga[i] < gb[j]) {
			i++;
		} else {
			j++;
		}
	}
	free(ga);
	free(gb);
	size_t uni = na + nb - both;
	return uni ? (int)(both * 100 / uni) : 0;
}

/* ---- duplicates ---- */

static int link_duplicate(struct store *s, const struct actor *who, const struct case_row *c,
			  const struct case_row *orig, int score, const char *reason,
			  struct zf_err *err)
{
	int rc =
	    store_run(s, err,
		      "UPDATE cases SET duplicate_of = ?, dup_state = 'suspected', dup_score = ?"
		      " WHERE id = ?",
		      "iii", orig->id, (int64_t)score, c->id);
	if (rc < 0)
		return rc;
	json_t *d =
	    json_pack("{s:s, s:i, s:s}", "of", orig->case_no, "similarity", score, "by", reason);
	rc =
	    case_record(s, who, c, "duplicate_suspected", NULL, NULL, NULL, d, c->received_on, err);
	json_decref(d);
	if (rc == 0) {
		d = json_pack("{s:s, s:i, s:s}", "duplicate", c->case_no, "similarity", score, "by",
			      reason);
		rc = case_record(s, who, orig, "duplicate_suspected", NULL, NULL, NULL, d,
				 c->received_on, err);
		json_decref(d);
	}
	return rc;
}

int case_dup_detect(struct store *s, const struct actor *who, int64_t case_id, struct zf_err *err)
{
	struct case_settings cs;
	struct case_row c;
	int rc;
	if ((rc = case_settings_get(s, &cs, err)) < 0 ||
	    (rc = case_load(s, NULL, case_id, &c, err)) < 0)
		return rc;
	char lo[11];
	calendar_add_days(c.received_on, -cs.dup_window_days, lo);
	struct stmt *st =
	    store_prepare(s, "SELECT subject, content, phone_index FROM cases WHERE id = ?", err);
	if (!st)
		return ZF_EIO;
	stmt_bind_int(st, 1, case_id);
	if ((rc = stmt_step(st, err)) != STORE_ROW) {
		stmt_reset(st);
		return rc < 0 ? rc : ZF_EINTERNAL;
	}
	size_t tl = strlen(stmt_text(st, 0)) + strlen(stmt_text(st, 1)) + 2;
	char *text = xmalloc(tl);
	snprintf(text, tl, "%s %s", stmt_text(st, 0), stmt_text(st, 1));
	size_t pn = 0;
	const void *pb = stmt_blob(st, 2, &pn);
	uint8_t phone[32];
	bool has_phone = pb && pn == 32;
	if (has_phone)
		memcpy(phone, pb, 32);
	stmt_reset(st);

	/* the earlier cases of the unit in the window; an original is a case not itself
	 * linked as a duplicate, so that a chain of copies points at the first */
	st =
	    store_prepare(s,
			  "SELECT id, subject, content, phone_index, duplicate_of FROM cases"
			  " WHERE unit_id = ? AND id <> ? AND received_on >= ? AND received_on <= ?"
			  " ORDER BY id",
			  err);
	if (!st) {
		free(text);
		return ZF_EIO;
	}
	stmt_bind_int(st, 1, c.unit_id);
	stmt_bind_int(st, 2, case_id);
	stmt_bind_text(st, 3, lo);
	stmt_bind_text(st, 4, c.received_on);
	int64_t best = 0;
	int best_score = -1;
	const char *reason = "text";
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		int64_t oid = stmt_int(st, 4) ? stmt_int(st, 4) : stmt_int(st, 0);
		size_t n = 0;
		const void *b = stmt_blob(st, 3, &n);
		if (has_phone && b && n == 32 && !memcmp(b, phone, 32)) {
			/* the same complainant about the same unit: the strongest sign */
			int sc = case_similarity(text, stmt_text(st, 1));
			sc = sc > 100 ? 100 : sc;
			if (best_score < 1000) {
				best = oid;
				best_score = 1000 + sc;
				reason = "phone";
			}
			continue;
		}
		size_t ol = strlen(stmt_text(st, 1)) + strlen(stmt_text(st, 2)) + 2;
		char *other = xmalloc(ol);
		snprintf(other, ol, "%s %s", stmt_text(st, 1), stmt_text(st, 2));
		int sc = case_similarity(text, other);
		free(other);
		if (sc >= cs.dup_threshold_pct && sc > best_score && best_score < 1000) {
			best = oid;
			best_score = sc;
		}
	}
	stmt_reset(st);
	free(text);
	if (rc < 0 || !best)
		return rc < 0 ? rc : 0;
	struct case_row orig;
	if ((rc = case_load(s, NULL, best, &orig, err)) < 0)
		return rc;
	return link_duplicate(s, who, &c, &orig,
			      best_score >= 1000 ? best_score - 1000 : best_score, reason, err);
}

int case_duplicate_set(struct store *s, const char *case_no, const char *of_case_no, bool confirm,
		       const struct actor *who, struct zf_err *err)
{
	struct case_row c, o;
	int rc;
	if ((rc = case_load(s, case_no, 0, &c, err)) < 0)
		return rc;
	bool own;
	if (of_case_no && *of_case_no) {
		if (case_load(s, of_case_no, 0, &o, err) < 0)
			return zf_err_set(err, ZF_EINVAL, "of", "no case %s", of_case_no);
		if (o.id == c.id)
			return zf_err_set(err, ZF_EINVAL, "of", "a case cannot duplicate itself");
		if (o.duplicate_of == c.id)
			return zf_err_set(err, ZF_EINVAL, "of",
					  "%s is already linked as a duplicate of %s", of_case_no,
					  case_no);
		if ((rc = store_tx_open(s, &own, err)) < 0)
			return rc;
		rc = store_run(s, err,
			       "UPDATE cases SET duplicate_of = ?, dup_state = 'confirmed',"
			       " dup_score = NULL WHERE id = ?",
			       "ii", o.id, c.id);
		/* copies of c follow it to the original */
		if (rc == 0)
			rc = store_run(s, err,
				       "UPDATE cases SET duplicate_of = ? WHERE duplicate_of = ?",
				       "ii", o.id, c.id);
		json_t *d = json_pack("{s:s}", "of", o.case_no);
		char today[11];
		case_today(today);
		if (rc == 0)
			rc = case_record(s, who, &c, "duplicate_confirmed", NULL, NULL, NULL, d,
					 today, err);
		json_decref(d);
		return store_tx_close(s, own, rc, err);
	}
	if (!c.duplicate_of)
		return zf_err_set(err, ZF_ECONFLICT, "case_no",
				  "case %s is not linked as a duplicate", case_no);
	if ((rc = case_load(s, NULL, c.duplicate_of, &o, err)) < 0)
		return rc;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	if (confirm)
		rc = store_run(s, err, "UPDATE cases SET dup_state = 'confirmed' WHERE id = ?", "i",
			       c.id);
	else
		rc = store_run(
		    s, err,
		    "UPDATE cases SET duplicate_of = NULL, dup_state = NULL, dup_score = NULL"
		    " WHERE id = ?",
		    "i", c.id);
	json_t *d = json_pack("{s:s}", "of", o.case_no);
	char today[11];
	case_today(today);
	if (rc == 0)
		rc = case_record(s, who, &c, confirm ? "duplicate_confirmed" : "duplicate_unlinked",
				 NULL, NULL, NULL, d, today, err);
	json_decref(d);
	return store_tx_close(s, own, rc, err);
}
