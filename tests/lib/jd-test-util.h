/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Waiting in tests: every wait runs the thread-default main context and
 * has a deadline; a missed deadline fails the test with the condition.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs one iteration of the default context, waking at @deadline_us
 * (monotonic) at the latest. */
void jd_test_iterate_until (gint64 deadline_us);
/* The same, but waking after 20 ms at the latest, so that a polled
 * condition is seen soon after it turns true (JD_TEST_WAIT_UNTIL). */
void jd_test_iterate_poll (gint64 deadline_us);
/* A GAsyncReadyCallback storing a reference to the result in
 * *(GAsyncResult **) user_data, for JD_TEST_WAIT_UNTIL (result != NULL). */
void jd_test_store_result (GObject *source, GAsyncResult *result, gpointer user_data);
/* Runs the main context for @ms milliseconds. */
void jd_test_run_for (guint ms);

/* JD_TEST_TIMEOUT_SCALE (an integer, default 1) stretches every deadline:
 * sanitizer builds run several times slower. */
guint jd_test_timeout_scale (void);

#define JD_TEST_WAIT_UNTIL(cond, timeout_ms)                                   \
  G_STMT_START                                                                 \
  {                                                                            \
    gint64 jd_deadline_ = g_get_monotonic_time () +                            \
                          (gint64) (timeout_ms) * 1000 * jd_test_timeout_scale (); \
    while (!(cond))                                                            \
      {                                                                        \
        if (g_get_monotonic_time () >= jd_deadline_)                           \
          g_error ("%s:%d: timed out after %d ms waiting for: %s", __FILE__,   \
                   __LINE__, (int) (timeout_ms), #cond);                       \
        jd_test_iterate_poll (jd_deadline_);                                   \
      }                                                                        \
  }                                                                            \
  G_STMT_END

G_END_DECLS
