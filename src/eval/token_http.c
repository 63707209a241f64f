/* token_http.c: JSON <-> ballot.h's token issue, for the office in the browser: fresh tokens
 * of a round as JSON, as CSV for a mail-merge, or as the invitation letters in PDF. */
#include "auth/auth.h"
#include "base/util.h"
#include "eval/ballot.h"
#include "eval/letters.h"
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LETTERS_MAX 2000 /* letters a request: some 9 seconds and 18 MB of PDF */

/* The units member: an array of codes or one string of codes; joined with commas into b. */
static int units_or_reply(json_t *body, struct buf *b, struct http_resp *resp)
{
	json_t *u = json_object_get(body, "units");
	if (!u || json_is_null(u))
		return 0;
	if (json_is_string(u)) {
		buf_puts(b, json_string_value(u));
		return 0;
	}
	size_t i;
	json_t *v;
	if (json_is_array(u)) {
		json_array_foreach(u, i, v)
		{
			if (!json_is_string(v)) {
				resp_fail(resp, ZF_EINVAL, "units",
					  "units[%zu] must be a unit code (a string)", i);
				return -1;
			}
			if (i)
				buf_putc(b, ',');
			buf_puts(b, json_string_value(v));
		}
		return 0;
	}
	resp_fail(resp, ZF_EINVAL, "units", "units must be an array of unit codes");
	return -1;
}

struct letters_job {
	FILE *f;
	const char *url, *lang;
};

/* The letters of the fresh tokens, into the response's memory, before they are stored. */
static int deliver(struct store *s, const struct ballot_issued *o, void *arg, struct zf_err *err)
{
	struct letters_job *job = arg;
	int rc = ballot_issued_letters(o, job->url, job->lang, job->f, err);
	if (rc == 0 && fflush(job->f) != 0)
		rc = zf_err_set(err, ZF_EINTERNAL, NULL, "out of memory for the letters");
	return rc;
}

/* POST /api/v1/rounds/{code}/tokens {"group", "units" | "category", "rater", "count",
 * "channel", "format": "json" | "csv" | "pdf", "url", "lang"} */
static void issue_tokens(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"group",   "units",	"category", "rater", "count",
					   "channel", "format", "url",	    "lang",  NULL};
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	struct ballot_issue_req in = {.round = req->nparams > 0 ? req->params[0] : ""};
	const char *format = NULL, *url = NULL, *lang = NULL;
	struct buf units = BUF_INIT;
	struct zf_err err;
	char *pdf = NULL;
	size_t pdf_len = 0;
	FILE *f = NULL;
	zf_err_clear(&err);
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    http_str_or_reply(body, "group", &in.group, resp) < 0 ||
	    http_str_or_reply(body, "category", &in.category, resp) < 0 ||
	    http_str_or_reply(body, "rater", &in.rater, resp) < 0 ||
	    http_str_or_reply(body, "channel", &in.channel, resp) < 0 ||
	    http_str_or_reply(body, "format", &format, resp) < 0 ||
	    http_str_or_reply(body, "url", &url, resp) < 0 ||
	    http_str_or_reply(body, "lang", &lang, resp) < 0 ||
	    units_or_reply(body, &units, resp) < 0)
		goto done;
	in.units = units.p;
	json_t *count = json_object_get(body, "count");
	if (!json_is_integer(count) || json_integer_value(count) < 1 ||
	    json_integer_value(count) > BALLOT_ISSUE_MAX) {
		resp_fail(resp, ZF_EINVAL, "count", "count must be a whole number from 1 to %d",
			  BALLOT_ISSUE_MAX);
		goto done;
	}
	in.count = (int)json_integer_value(count);
	if (!format)
		format = "json";
	bool letters = !strcmp(format, "pdf");
	if (!letters && strcmp(format, "json") && strcmp(format, "csv")) {
		resp_fail(resp, ZF_EINVAL, "format", "format is json, csv or pdf, not '%s'",
			  format);
		goto done;
	}
	if (!letters && (url || lang)) {
		resp_fail(resp, ZF_EINVAL, url ? "url" : "lang", "%s goes with the pdf format",
			  url ? "url" : "lang");
		goto done;
	}
	if (letters) {
		if (in.count > LETTERS_MAX) {
			resp_fail(resp, ZF_EINVAL, "count",
				  "at most %d letters a request; issue the rest in more requests",
				  LETTERS_MAX);
			goto done;
		}
		if (letters_check_lang(lang, &err) < 0 || letters_check_url(url, &err) < 0) {
			resp_error(resp, &err);
			goto done;
		}
		if (!in.channel)
			in.channel = "letter";
		if (!(f = open_memstream(&pdf, &pdf_len))) {
			resp_fail(resp, ZF_EINTERNAL, NULL, "out of memory");
			goto done;
		}
	}

	struct ballot_issued o;
	struct letters_job job = {f, url, lang};
	if (letters) {
		in.deliver = deliver;
		in.deliver_arg = &job;
	}
	if (ballot_tokens_issue(req->db, &req->who, &in, &o, &err) < 0) {
		resp_error(resp, &err);
		goto done;
	}
	char name[160];
	snprintf(name, sizeof name, "tokens-%s-%s.%s", o.round, o.group, letters ? "pdf" : "csv");
	if (letters) {
		fclose(f);
		f = NULL;
		resp_body(resp, 201, "application/pdf", pdf, pdf_len);
		resp_attachment(resp, name);
	} else if (!strcmp(format, "csv")) {
		struct buf csv = BUF_INIT;
		ballot_issued_csv(&o, &csv);
		resp_body(resp, 201, "text/csv; charset=utf-8", csv.p, csv.len);
		resp_attachment(resp, name);
		explicit_bzero(csv.p, csv.len);
		buf_cleanup(&csv);
	} else {
		json_t *tokens = json_array(), *codes = json_array();
		for (int i = 0; i < o.count; i++)
			json_array_append_new(tokens, json_string(o.tokens[i]));
		for (int i = 0; i < o.nunits; i++)
			json_array_append_new(codes, json_string(o.units[i]));
		resp_json(resp, 201,
			  json_pack("{s:s,s:s,s:s,s:i,s:o,s:o}", "round", o.round, "group", o.group,
				    "channel", o.channel, "count", o.count, "units", codes,
				    "tokens", tokens));
	}
	ballot_issued_cleanup(&o);
done:
	if (f)
		fclose(f);
	if (pdf)
		explicit_bzero(pdf, pdf_len);
	free(pdf);
	buf_cleanup(&units);
	json_decref(body);
}

const struct route token_routes[] = {
    {.method = "POST",
     .pattern = "/api/v1/rounds/{code}/tokens",
     .fn = issue_tokens,
     .roles = ROLE_OFFICE,
     .summary = "issue ballot tokens: as JSON, CSV for a mail-merge, or PDF letters"},
    {0},
};
