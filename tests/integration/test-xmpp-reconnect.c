/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A session survives its server: after Prosody is killed and started
 * again the client logs in by itself within the backoff window; after a
 * broken link the XEP-0198 stream is resumed and nothing is lost.
 */
#include "jd-test-xmpp.h"

static void
test_server_restart (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_new (prosody, "alice");
  g_autoptr (GError) error = NULL;
  gint64 restarted;

  jd_test_account_login (alice);
  g_assert_true (jd_test_prosody_kill (prosody, &error));
  JD_TEST_WAIT_UNTIL (alice->disconnected_count == 1, 5000);
  g_assert_error (alice->last_error, JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED);
  /* While the server is away the client keeps trying (refused each time). */
  JD_TEST_WAIT_UNTIL (alice->disconnected_count >= 3, 5000);
  g_assert_cmpint (jd_xmpp_connection_get_state (jd_test_account_conn (alice)), ==,
                   JD_XMPP_STATE_WAITING);

  g_assert_true (jd_test_prosody_restart (prosody, &error));
  g_assert_no_error (error);
  restarted = g_get_monotonic_time ();
  /* Backoff ceiling in tests is 1 s; allow for a full jittered period. */
  JD_TEST_WAIT_UNTIL (alice->ready_count == 2, 3000);
  g_test_message ("back online %" G_GINT64_FORMAT " ms after the restart",
                  (g_get_monotonic_time () - restarted) / 1000);
  /* A new server process knows nothing of the old stream. */
  g_assert_false (alice->last_resumed);
}

static void
test_stream_resumed (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_new (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_new (prosody, "bob");
  g_autoptr (JdMessage) msg = NULL;
  g_autofree char *id = NULL;
  g_autofree char *full = NULL;

  jd_test_account_login (alice);
  jd_test_account_login (bob);
  full = g_strdup (jd_test_account_full_jid (alice));
  jd_xmpp_connection_break_link_for_test (jd_test_account_conn (alice));
  JD_TEST_WAIT_UNTIL (alice->disconnected_count == 1, 5000);

  /* Sent while alice is away: the server holds it for the resumed stream. */
  msg = jd_message_new (JD_MESSAGE_CHAT, full, "sent during the outage");
  id = jd_im_send (jd_xmpp_client_get_im (bob->client), msg, NULL);
  g_assert_nonnull (id);

  JD_TEST_WAIT_UNTIL (alice->ready_count == 2, 5000);
  g_assert_true (alice->last_resumed);
  g_assert_cmpstr (jd_test_account_full_jid (alice), ==, full);
  JD_TEST_WAIT_UNTIL (alice->messages->len == 1, 5000);
  g_assert_cmpstr (((JdMessage *) g_ptr_array_index (alice->messages, 0))->body, ==,
                   "sent during the outage");
}

static void
test_dead_link_detected_by_ping (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdXmppSettings) s = jd_test_account_settings (prosody, "carol");
  g_autoptr (JdTestAccount) carol = NULL;

  s->ping_interval = 1;
  s->ping_timeout = 2;
  carol = jd_test_account_new_with (s);
  jd_test_account_login (carol);
  jd_test_run_for (1500);
  /* Pings are answered while the server is alive. */
  g_assert_cmpuint (carol->disconnected_count, ==, 0);

  jd_test_prosody_freeze (prosody, TRUE);
  JD_TEST_WAIT_UNTIL (carol->disconnected_count >= 1, 8000);
  g_assert_error (carol->last_error, JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED);
  jd_test_prosody_freeze (prosody, FALSE);
  JD_TEST_WAIT_UNTIL (carol->ready_count == 2, 8000);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/xmpp/reconnect/stream-resumed", prosody, test_stream_resumed);
  g_test_add_data_func ("/xmpp/reconnect/dead-link-ping", prosody,
                        test_dead_link_detected_by_ping);
  g_test_add_data_func ("/xmpp/reconnect/server-restart", prosody, test_server_restart);
  return g_test_run ();
}
