/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * An idle connected session must not poll: count how often the main loop
 * wakes up over 30 s with two accounts online and the default keepalive.
 * This counts wake-ups, not time, so it is stable on a busy machine.
 */
#include "jd-test-xmpp.h"

#define IDLE_SECONDS 30
#define MAX_WAKEUPS 10

typedef struct {
  GSource base;
  guint64 iterations;
} CountingSource;

/* prepare() runs once per main loop iteration, i.e. once per wake-up. */
static gboolean
counting_prepare (GSource *source, gint *timeout)
{
  ((CountingSource *) source)->iterations++;
  *timeout = -1;
  return FALSE;
}

static gboolean
counting_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs counting_funcs = {
  .prepare = counting_prepare,
  .dispatch = counting_dispatch,
};

static void
test_idle_wakeups (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdXmppSettings) s_alice = jd_test_account_settings (prosody, "alice");
  g_autoptr (JdXmppSettings) s_bob = jd_test_account_settings (prosody, "bob");
  g_autoptr (JdTestAccount) alice = NULL;
  g_autoptr (JdTestAccount) bob = NULL;
  GSource *counter = g_source_new (&counting_funcs, sizeof (CountingSource));
  guint64 conn_wakeups;
  guint64 loop_wakeups;

  /* The daemon's defaults, not the tests' shortened ones. */
  s_alice->ping_interval = s_bob->ping_interval = 300;
  alice = jd_test_account_new_with (s_alice);
  bob = jd_test_account_new_with (s_bob);
  jd_test_account_login (alice);
  jd_test_account_login (bob);
  jd_test_run_for (1000);   /* let login traffic (caps queries...) settle */

  g_source_attach (counter, NULL);
  conn_wakeups = jd_xmpp_connection_get_wakeups (jd_test_account_conn (alice)) +
                 jd_xmpp_connection_get_wakeups (jd_test_account_conn (bob));
  jd_test_run_for (IDLE_SECONDS * 1000);
  loop_wakeups = ((CountingSource *) counter)->iterations;
  conn_wakeups = jd_xmpp_connection_get_wakeups (jd_test_account_conn (alice)) +
                 jd_xmpp_connection_get_wakeups (jd_test_account_conn (bob)) - conn_wakeups;
  g_source_destroy (counter);
  g_source_unref (counter);

  g_test_message ("idle %d s, two sessions: %" G_GUINT64_FORMAT " main loop wake-ups, %"
                  G_GUINT64_FORMAT " of them in the XMPP sources", IDLE_SECONDS, loop_wakeups,
                  conn_wakeups);
  g_assert_cmpuint (loop_wakeups, <=, MAX_WAKEUPS);
  g_assert_cmpint (jd_xmpp_connection_get_state (jd_test_account_conn (alice)), ==,
                   JD_XMPP_STATE_READY);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/xmpp/idle/wakeups", prosody, test_idle_wakeups);
  return g_test_run ();
}
