/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-util.h"

static gboolean
on_deadline (gpointer user_data)
{
  return G_SOURCE_REMOVE;
}

static void
iterate (gint64 deadline_us, guint max_wait_ms)
{
  gint64 remaining = deadline_us - g_get_monotonic_time ();
  GSource *timer = g_timeout_source_new ((guint) CLAMP ((remaining + 999) / 1000, 0, max_wait_ms));

  g_source_set_callback (timer, on_deadline, NULL, NULL);
  g_source_attach (timer, g_main_context_get_thread_default ());
  g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
}

void
jd_test_iterate_until (gint64 deadline_us)
{
  iterate (deadline_us, G_MAXUINT);
}

/* Conditions that no event announces (a name on the bus, a counter in a
 * pipeline) are checked again at least this often: an iteration that
 * blocked until the deadline made every such wait last its whole
 * timeout.  Only waits poll: jd_test_run_for() must not wake the loop,
 * or the idle test would count our own wake-ups. */
#define POLL_INTERVAL_MS 20

void
jd_test_iterate_poll (gint64 deadline_us)
{
  iterate (deadline_us, POLL_INTERVAL_MS);
}

void
jd_test_run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    jd_test_iterate_until (end);
}

void
jd_test_store_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

guint
jd_test_timeout_scale (void)
{
  static guint scale;

  if (scale == 0)
    {
      const char *env = g_getenv ("JD_TEST_TIMEOUT_SCALE");
      guint64 value = 1;

      if (env == NULL || !g_ascii_string_to_unsigned (env, 10, 1, 100, &value, NULL))
        value = 1;
      scale = (guint) value;
    }
  return scale;
}
