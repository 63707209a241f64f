/* eval_results_http.c: JSON <-> eval.h for results (placeholder). */
#include "eval/eval.h"
#include "http/routes.h"

const struct route eval_results_routes[] = {
	{0},
};
