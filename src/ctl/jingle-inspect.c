/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jingle-inspect [FILE.xml]: an offline look at one Jingle IQ.  All the
 * work is in inspect.c, shared with `jinglectl inspect`.
 */
#include "inspect.h"

int
main (int argc, char **argv)
{
  return jd_inspect_main (argc, argv);
}
