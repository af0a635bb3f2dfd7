/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * inspect: what jingled makes of one Jingle IQ, offline.  Either the
 * parsed message, as a summary line and the equivalent SDP, or exactly
 * the <iq type='error'/> the daemon would answer it with.
 *
 * The code behind the jingle-inspect tool; `jinglectl inspect` is meant
 * to call jd_inspect_main() with its own arguments.  Needs no daemon.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit statuses of jingle-inspect (and `jinglectl inspect`). */
typedef enum {
  JD_INSPECT_OK = 0,        /* parsed: the summary and the SDP */
  JD_INSPECT_REJECTED = 1,  /* not XML, or answered with an error */
  JD_INSPECT_USAGE = 2,     /* bad arguments or unreadable input */
} JdInspectStatus;

/**
 * jd_inspect_xml:
 * @xml: the text of one <iq/>
 * @out: where the report is appended
 *
 * On success appends the jd_jingle_message_summary() line and, when the
 * message has contents, the SDP (with LF line ends, which RFC 4566 §5
 * asks parsers to accept).  Otherwise appends the error reply on one line
 * and `error: <type>/<condition>[+<jingle-condition>]: <message>`, or
 * `error: not well-formed XML`.
 *
 * Returns: %JD_INSPECT_OK or %JD_INSPECT_REJECTED
 */
JdInspectStatus jd_inspect_xml (const char *xml, GString *out);

/**
 * jd_inspect_main:
 * @argc: argument count, including the program name
 * @argv: (array length=argc): `[OPTION…] [FILE.xml]`; no FILE or "-" is stdin
 *
 * The whole command: parses the options, reads the input, writes the
 * report to stdout (usage and I/O errors to stderr).
 *
 * Returns: the exit status, a #JdInspectStatus
 */
int jd_inspect_main (int argc, char **argv);

G_END_DECLS
