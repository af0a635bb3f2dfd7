/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The start of every daemon integration test program's main(): the
 * private Prosody the daemons log in to, with the accounts the tests
 * take for granted.
 */
#pragma once

#include "jd-test-prosody.h"

G_BEGIN_DECLS

/* GStreamer and GTest initialised (from @argc/@argv) and a private
 * Prosody started, without accounts.  Returns: (transfer full): the
 * server, to be kept until g_test_run() has returned */
JdTestProsody *jd_test_prosody_suite_init (int *argc, char ***argv);
/* The same, and alice and bob subscribed to each other; carol stays a
 * stranger to both.  Returns: (transfer full): the server, to be kept
 * until g_test_run() has returned */
JdTestProsody *jd_test_daemon_suite_init (int *argc, char ***argv);

G_END_DECLS
