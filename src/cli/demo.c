/* demo.c: `zuofeng demo`: a demo district (placeholder until the generator lands). */
#include "cli/cli.h"

int cmd_demo(int argc, char **argv)
{
	return CLI_FAIL;
}
