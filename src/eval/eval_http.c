/* eval_http.c: JSON <-> eval.h for rounds and their imports (placeholder). */
#include "eval/eval.h"
#include "http/routes.h"

const struct route eval_routes[] = {
	{0},
};
