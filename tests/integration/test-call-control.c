/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What happens during and around a call through Prosody: hold and mute
 * stop what the peer receives and resume it, statistics count what went
 * through, a call whose media path cannot be found ends with
 * connectivity-error, an unanswered one with timeout, calls leave no
 * file descriptor behind, and an ICE restart keeps the call going.
 */
#include <dirent.h>
#include <stdlib.h>

#include "jd-test-call.h"

static JdTestProsody *prosody;

/* Packets already in flight or in the jitter buffer may still land just
 * after sending stops; after this much nothing may. */
#define SETTLE_MS 300

static void
assert_silent_then_back (JdTestCall *tc, JdJingleMedia media,
                         gboolean (*set) (JdCall *, JdJingleMedia, gboolean, GError **))
{
  g_autoptr (GError) error = NULL;
  guint64 before, after;
  guint hits;

  g_assert_true (set (tc->alice.call, media, TRUE, &error));
  g_assert_no_error (error);
  jd_test_run_for (SETTLE_MS);
  before = jd_test_side_received (&tc->bob, media);
  hits = tc->bob.hits;
  jd_test_run_for (1000);
  after = jd_test_side_received (&tc->bob, media);
  g_test_message ("bob received %" G_GUINT64_FORMAT " packets in 1 s on hold/mute",
                  after - before);
  g_assert_cmpuint (after, ==, before);
  g_assert_cmpuint (tc->bob.hits, <=, hits + 1);
  g_assert_true (set (tc->alice.call, media, FALSE, &error));
  JD_TEST_WAIT_UNTIL (jd_test_side_received (&tc->bob, media) > after + 10, 5000);
  hits = tc->bob.hits;
  JD_TEST_WAIT_UNTIL (tc->bob.hits >= hits + 3, 5000);
}

static gboolean
set_hold (JdCall *call, JdJingleMedia media, gboolean on, GError **error)
{
  return jd_call_set_hold (call, on, error);
}

static void
on_remote_hold (JdCall *call, gboolean held, GString *seen)
{
  g_string_append_c (seen, held ? 'H' : 'U');
}

/* Bob hears nothing while alice holds, is told so (session-info hold,
 * then unhold), and hears her again after. */
static void
test_hold (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GString) seen = g_string_new (NULL);

  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_signal_connect (tc->bob.call, "remote-hold", G_CALLBACK (on_remote_hold), seen);
  assert_silent_then_back (tc, JD_JINGLE_MEDIA_AUDIO, set_hold);
  g_assert_cmpstr (seen->str, ==, "HU");
  g_signal_handlers_disconnect_by_data (tc->bob.call, seen);
}

static void
test_mute (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GError) error = NULL;

  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  assert_silent_then_back (tc, JD_JINGLE_MEDIA_AUDIO, jd_call_set_mute);
  g_assert_false (jd_call_set_mute (tc->alice.call, JD_JINGLE_MEDIA_VIDEO, TRUE, &error));
  g_assert_error (error, JD_CALL_ERROR, JD_CALL_ERROR_NO_SUCH_MEDIA);
}

/* Also: bob asked for a bigger jitter buffer (a bad network), and his
 * playout delay grows by that much while alice keeps the low default. */
static void
test_stats (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  JdCallStats a, b;
  gint64 alice_ms, bob_ms;

  tc->bob.options.jitter_buffer_ms = 250;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  jd_test_run_for (1500);
  alice_ms = jd_media_pipeline_get_latency_ms (jd_call_get_pipeline (tc->alice.call), 0);
  bob_ms = jd_media_pipeline_get_latency_ms (jd_call_get_pipeline (tc->bob.call), 0);
  g_test_message ("playout delay: alice %" G_GINT64_FORMAT " ms, bob %" G_GINT64_FORMAT " ms",
                  alice_ms, bob_ms);
  g_assert_cmpint (alice_ms, >=, JD_MEDIA_DEFAULT_JITTER_MS);
  /* Same elements on both sides: the difference is the jitter buffers'. */
  g_assert_cmpint (bob_ms - alice_ms, >=, 250 - JD_MEDIA_DEFAULT_JITTER_MS - 20);
  g_assert_true (jd_call_get_stats (tc->alice.call, JD_JINGLE_MEDIA_AUDIO, &a));
  g_assert_true (jd_call_get_stats (tc->bob.call, JD_JINGLE_MEDIA_AUDIO, &b));
  g_test_message ("alice: sent %" G_GUINT64_FORMAT " received %" G_GUINT64_FORMAT
                  " lost %" G_GINT64_FORMAT " jitter %.2f ms rtt %.2f ms pair %s/%s",
                  a.media.packets_sent, a.media.packets_received, a.media.packets_lost,
                  a.media.jitter_ms, a.media.rtt_ms, a.local_candidate_type,
                  a.remote_candidate_type);
  g_assert_cmpuint (a.media.packets_sent, >, 50);
  g_assert_cmpuint (b.media.packets_received, >, 50);
  g_assert_cmpuint (a.media.bytes_sent, >, 0);
  g_assert_cmpint (b.media.packets_lost, <=, 0);
  g_assert_cmpfloat (b.media.jitter_ms, >=, 0);
  g_assert_cmpstr (a.local_candidate_type, ==, "host");
  g_assert_cmpstr (b.remote_candidate_type, !=, NULL);
  jd_call_stats_clear (&a);
  jd_call_stats_clear (&b);
}

static GSocket *
black_hole (guint16 *port)
{
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                G_SOCKET_PROTOCOL_UDP, NULL);

  g_assert_true (g_socket_bind (sock, addr, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return sock;
}

/* Every candidate either side learns points at a socket that never
 * answers (rewritten on the way in: a well-behaved peer cannot be made to
 * send unreachable candidates on loopback), so ICE fails. */
static void
test_ice_failure (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  guint16 port;
  g_autoptr (GSocket) hole = black_hole (&port);
  gint64 t0;

  for (JdTestSide *s = &tc->alice; s != NULL; s = s == &tc->alice ? &tc->bob : NULL)
    {
      s->options.ice_idle_timeout_ms = 500;
      s->options.stun_max_retransmissions = 3;
    }
  jd_test_rewrite_jingle (tc->alice_account, jd_test_rewrite_candidates, GUINT_TO_POINTER (port));
  jd_test_rewrite_jingle (tc->bob_account, jd_test_rewrite_candidates, GUINT_TO_POINTER (port));
  t0 = g_get_monotonic_time ();
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 20000);
  g_test_message ("ICE failure ended the call after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - t0) / 1000);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==,
                   JD_JINGLE_REASON_CONNECTIVITY_ERROR);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->bob.call)->type, ==,
                   JD_JINGLE_REASON_CONNECTIVITY_ERROR);
}

/* The same failure between peers that both speak raw UDP (their caps say
 * so; here the option the account sets from them): alice replaces the
 * failed ICE by raw UDP (transport-replace, whose raw UDP candidates
 * pass), bob accepts, and the call goes active with each hearing the
 * other, over raw UDP on both ends. */
static void
test_ice_failure_falls_back_to_raw_udp (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  guint16 port;
  g_autoptr (GSocket) hole = black_hole (&port);

  for (JdTestSide *s = &tc->alice; s != NULL; s = s == &tc->alice ? &tc->bob : NULL)
    {
      s->options.ice_idle_timeout_ms = 500;
      s->options.stun_max_retransmissions = 3;
      s->options.raw_udp_fallback = TRUE;
    }
  jd_test_rewrite_jingle (tc->alice_account, jd_test_rewrite_ice_candidates,
                          GUINT_TO_POINTER (port));
  jd_test_rewrite_jingle (tc->bob_account, jd_test_rewrite_ice_candidates,
                          GUINT_TO_POINTER (port));
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_is_raw_udp (tc->alice.call));
  g_assert_true (jd_call_is_raw_udp (tc->bob.call));
}

static void
on_peer_ringing (JdCall *call, gboolean *ringing)
{
  *ringing = TRUE;
}

/* Bob never answers: alice hears it ring (session-info ringing), then
 * gives up after her ring timeout and both ends say timeout. */
static void
test_ring_timeout (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  gboolean ringing = FALSE;

  tc->bob_answers = FALSE;
  tc->alice.options.ring_timeout_ms = 1500;
  jd_test_call_dial (tc);
  g_signal_connect (tc->alice.call, "peer-ringing", G_CALLBACK (on_peer_ringing), &ringing);
  JD_TEST_WAIT_UNTIL (tc->bob.call != NULL && ringing, 5000);
  g_assert_cmpint (jd_call_get_state (tc->bob.call), ==, JD_CALL_STATE_RINGING);
  g_assert_cmpint (jd_call_get_state (tc->alice.call), ==, JD_CALL_STATE_CALLING);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==, JD_JINGLE_REASON_TIMEOUT);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->bob.call)->type, ==, JD_JINGLE_REASON_TIMEOUT);
  g_signal_handlers_disconnect_by_data (tc->alice.call, &ringing);
}

static guint
count_entries (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static guint
count_fds (void)
{
  return count_entries ("/proc/self/fd");
}

static guint
count_threads (void)
{
  return count_entries ("/proc/self/task");
}

/* Pipeline to NULL, agents freed: after three calls the process holds no
 * more descriptors or threads than after the first (GStreamer keeps some
 * for good once loaded). */
static void
test_no_fd_leak (void)
{
  guint after_first = 0, threads_after_first = 0;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

      jd_test_call_dial (tc);
      jd_test_call_wait_tones (tc);
      g_clear_pointer (&tc, jd_test_call_free);
      jd_test_run_for (200);
      if (i == 0)
        {
          after_first = count_fds ();
          threads_after_first = count_threads ();
        }
    }
  g_test_message ("%u descriptors and %u threads after the first call, %u and %u after the "
                  "third", after_first, threads_after_first, count_fds (), count_threads ());
  g_assert_cmpuint (count_fds (), <=, after_first);
  /* Threads of a finished call (GStreamer's streaming threads, GLib's
   * worker pools) may take a moment to exit; a leaked one never does. */
  JD_TEST_WAIT_UNTIL (count_threads () <= threads_after_first, 20000);
}

typedef struct {
  char *local;
  char *remote;
} Ufrags;

static void
ufrags_clear (Ufrags *u)
{
  g_clear_pointer (&u->local, g_free);
  g_clear_pointer (&u->remote, g_free);
}

static Ufrags
ufrags_of (JdTestSide *side)
{
  Ufrags u = { NULL, NULL };

  g_assert_true (jd_call_get_ice_ufrags (side->call, JD_JINGLE_MEDIA_AUDIO, &u.local,
                                         &u.remote));
  g_assert_nonnull (u.local);
  return u;
}

/* Both sides have new credentials, and each uses the other's. */
static gboolean
restarted (JdTestCall *tc, const Ufrags *alice_before, const Ufrags *bob_before)
{
  Ufrags a = ufrags_of (&tc->alice), b = ufrags_of (&tc->bob);
  gboolean done = g_strcmp0 (a.local, alice_before->local) != 0 &&
                  g_strcmp0 (b.local, bob_before->local) != 0 &&
                  g_strcmp0 (a.remote, b.local) == 0 && g_strcmp0 (b.remote, a.local) == 0;

  ufrags_clear (&a);
  ufrags_clear (&b);
  return done;
}

static void
on_call_state (JdCall *call, guint state, GString *seen)
{
  g_string_append_printf (seen, "%s ", jd_call_state_to_string (state));
}

/* Watch only: the highest candidate generation this account received. */
static void
note_generation (xmpp_stanza_t *jingle, gpointer user_data)
{
  int *highest = user_data;
  xmpp_stanza_t *content, *transport, *candidate;

  for (content = xmpp_stanza_get_children (jingle); content != NULL;
       content = xmpp_stanza_get_next (content))
    if ((transport = xmpp_stanza_get_child_by_name (content, "transport")) != NULL)
      for (candidate = xmpp_stanza_get_children (transport); candidate != NULL;
           candidate = xmpp_stanza_get_next (candidate))
        {
          const char *g = xmpp_stanza_get_attribute (candidate, "generation");

          if (g_strcmp0 (xmpp_stanza_get_name (candidate), "candidate") == 0 && g != NULL)
            *highest = MAX (*highest, atoi (g));
        }
}

/* Alice restarts ICE (as after a network change): both exchange new
 * credentials through the server, the calls stay active without a
 * change of state, and bob keeps receiving alice's tone, packets
 * counting up, after the restart completed.  With short ICE timers a
 * restart whose new checks fail ends the call (connectivity-error)
 * within about 2.5 s, before bob has heard 3 s of tone again. */
static void
test_ice_restart (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  Ufrags alice_before, bob_before, alice_now;
  int alice_saw_generation = -1, bob_saw_generation = -1;
  guint64 received;
  gint64 t0;

  for (JdTestSide *s = &tc->alice; s != NULL; s = s == &tc->alice ? &tc->bob : NULL)
    {
      s->options.ice_idle_timeout_ms = 500;
      s->options.stun_max_retransmissions = 3;
    }
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  alice_before = ufrags_of (&tc->alice);
  bob_before = ufrags_of (&tc->bob);
  g_assert_cmpstr (alice_before.remote, ==, bob_before.local);
  g_assert_cmpstr (bob_before.remote, ==, alice_before.local);
  g_signal_connect (tc->alice.call, "state-changed", G_CALLBACK (on_call_state), seen);
  g_signal_connect (tc->bob.call, "state-changed", G_CALLBACK (on_call_state), seen);

  jd_test_rewrite_jingle (tc->alice_account, note_generation, &alice_saw_generation);
  jd_test_rewrite_jingle (tc->bob_account, note_generation, &bob_saw_generation);
  t0 = g_get_monotonic_time ();
  g_assert_true (jd_call_restart_ice (tc->alice.call, &error));
  g_assert_no_error (error);
  alice_now = ufrags_of (&tc->alice);
  g_assert_cmpstr (alice_now.local, !=, alice_before.local);
  /* Bob's answer is still on its way. */
  g_assert_null (alice_now.remote);
  JD_TEST_WAIT_UNTIL (restarted (tc, &alice_before, &bob_before), 10000);
  g_test_message ("ICE restart: credentials exchanged after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - t0) / 1000);
  /* XEP-0176: the candidates after a restart are the next generation. */
  g_assert_cmpint (bob_saw_generation, ==, 1);
  g_assert_cmpint (alice_saw_generation, ==, 1);

  received = jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_AUDIO);
  tc->bob.hits = tc->bob.reports = 0;
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) != JD_CALL_STATE_ACTIVE ||
                      (tc->bob.hits >= 15 &&
                       jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_AUDIO) > received + 150), 15000);
  g_test_message ("after the restart bob heard %.0f Hz in %u of %u reports", tc->bob.last_peak_hz,
                  tc->bob.hits, tc->bob.reports);
  g_assert_cmpint (jd_call_get_state (tc->alice.call), ==, JD_CALL_STATE_ACTIVE);
  g_assert_cmpint (jd_call_get_state (tc->bob.call), ==, JD_CALL_STATE_ACTIVE);
  g_assert_cmpstr (seen->str, ==, "");
  g_signal_handlers_disconnect_by_data (tc->alice.call, seen);
  g_signal_handlers_disconnect_by_data (tc->bob.call, seen);
  ufrags_clear (&alice_before);
  ufrags_clear (&bob_before);
  ufrags_clear (&alice_now);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) server = NULL;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  server = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  prosody = server;
  g_test_add_func ("/call/control/hold", test_hold);
  g_test_add_func ("/call/control/mute", test_mute);
  g_test_add_func ("/call/control/stats", test_stats);
  g_test_add_func ("/call/control/ice-failure", test_ice_failure);
  g_test_add_func ("/call/control/ice-failure-falls-back-to-raw-udp",
                   test_ice_failure_falls_back_to_raw_udp);
  g_test_add_func ("/call/control/ring-timeout", test_ring_timeout);
  g_test_add_func ("/call/control/ice-restart", test_ice_restart);
  g_test_add_func ("/call/control/no-fd-or-thread-leak", test_no_fd_leak);
  return g_test_run ();
}
