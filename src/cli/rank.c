/* rank.c: `zuofeng rank`: placeholder replaced by the evaluation work. */
#include "cli/cli.h"

int cmd_rank(int argc, char **argv)
{
	return CLI_FAIL;
}
