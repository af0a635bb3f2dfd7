/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Calls through STUN and TURN: two accounts call each other through the
 * private Prosody while a private coturn on 127.0.0.1 (tests/harness/
 * turn-harness) relays or reflects.
 *
 * Relay-only is what proves the relay carries the call: such a side
 * offers only its TURN allocations (every candidate the peer receives in
 * Jingle is of type relay) and libnice uses nothing else, so a tone heard
 * both ways with a relayed selected pair went through coturn.  A wrong
 * TURN password leaves a relay-only side with nothing to offer: the call
 * must end with connectivity-error soon, not hang until some timer.
 *
 * Each test keeps the STUN and TURN option values alive for its whole
 * call, so that it does not depend on how JdCall keeps them.
 */
#include <string.h>

#include "jd-test-call.h"
#include "jd-test-turn.h"

static JdTestProsody *prosody;
static JdTestTurn *turn;

/* ---- what the peer learns ------------------------------------------------ */

/* The candidates one account received in Jingle (session-initiate,
 * session-accept, transport-info), counted by XEP-0176 type. */
typedef struct {
  guint total;
  guint relay;
} Seen;

static void
count_candidates (xmpp_stanza_t *el, Seen *seen)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c != NULL; c = xmpp_stanza_get_next (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_name (c), "candidate") == 0)
        {
          seen->total++;
          if (g_strcmp0 (xmpp_stanza_get_attribute (c, "type"), "relay") == 0)
            seen->relay++;
        }
      count_candidates (c, seen);
    }
}

/* A JdTestJingleRewrite that only looks. */
static void
watch_candidates (xmpp_stanza_t *jingle, gpointer user_data)
{
  count_candidates (jingle, user_data);
}

/* ---- helpers ---------------------------------------------------------------- */

static guint16
port_of (const char *address)
{
  const char *colon = address != NULL ? strrchr (address, ':') : NULL;

  g_assert_nonnull (colon);
  return (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
}

static void
get_stats (JdTestSide *side, const char *name, JdCallStats *stats)
{
  g_assert_true (jd_call_get_stats (side->call, JD_JINGLE_MEDIA_AUDIO, stats));
  g_test_message ("%s: selected pair %s %s -> %s %s", name, stats->local_candidate_type,
                  stats->local_address, stats->remote_candidate_type, stats->remote_address);
}

static void
hang_up (JdTestCall *tc)
{
  jd_call_hangup (tc->alice.call, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->bob.call)->type, ==, JD_JINGLE_REASON_SUCCESS);
}

static void
relay_only_through (JdTestSide *side, const JdTurnServer *const *servers)
{
  side->options.turn_servers = servers;
  side->options.relay_only = TRUE;
}

/* ---- (a) both sides relay-only, TURN over UDP ------------------------------ */

static void
test_relay_both_udp (void)
{
  g_autoptr (JdTurnServer) server = jd_test_turn_server (turn, JD_TURN_UDP, NULL);
  const JdTurnServer *const servers[] = { server, NULL };
  Seen alice_saw = { 0 }, bob_saw = { 0 };
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  JdCallStats a, b;

  relay_only_through (&tc->alice, servers);
  relay_only_through (&tc->bob, servers);
  jd_test_rewrite_jingle (tc->alice_account, watch_candidates, &alice_saw);
  jd_test_rewrite_jingle (tc->bob_account, watch_candidates, &bob_saw);
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);

  get_stats (&tc->alice, "alice", &a);
  get_stats (&tc->bob, "bob", &b);
  g_assert_cmpstr (a.local_candidate_type, ==, "relay");
  g_assert_cmpstr (b.local_candidate_type, ==, "relay");
  g_assert_cmpstr (a.remote_candidate_type, ==, "relay");
  g_assert_cmpstr (b.remote_candidate_type, ==, "relay");
  /* One path, allocation to allocation: what each sends from is what the
   * other sends to. */
  g_assert_cmpstr (a.local_address, ==, b.remote_address);
  g_assert_cmpstr (b.local_address, ==, a.remote_address);
  g_test_message ("alice received %u candidates (%u relay), bob %u (%u relay)",
                  alice_saw.total, alice_saw.relay, bob_saw.total, bob_saw.relay);
  g_assert_cmpuint (bob_saw.total, >, 0);
  g_assert_cmpuint (bob_saw.relay, ==, bob_saw.total);
  g_assert_cmpuint (alice_saw.total, >, 0);
  g_assert_cmpuint (alice_saw.relay, ==, alice_saw.total);
  jd_call_stats_clear (&a);
  jd_call_stats_clear (&b);
  hang_up (tc);
}

/* ---- (b) only the caller relay-only, TURN over TCP ------------------------- */

/* Bob offers his host address and has no TURN server: alice's relay
 * talks to it directly (coturn relays over UDP whatever the client's
 * transport to it). */
static void
test_relay_caller_tcp (void)
{
  g_autoptr (JdTurnServer) server = jd_test_turn_server (turn, JD_TURN_TCP, NULL);
  const JdTurnServer *const servers[] = { server, NULL };
  Seen bob_saw = { 0 };
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  JdCallStats a, b;

  relay_only_through (&tc->alice, servers);
  jd_test_rewrite_jingle (tc->bob_account, watch_candidates, &bob_saw);
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);

  get_stats (&tc->alice, "alice", &a);
  get_stats (&tc->bob, "bob", &b);
  g_assert_cmpstr (a.local_candidate_type, ==, "relay");
  g_assert_cmpstr (b.local_candidate_type, ==, "host");
  g_assert_cmpstr (a.local_address, ==, b.remote_address);
  g_assert_cmpstr (b.local_address, ==, a.remote_address);
  g_assert_cmpuint (bob_saw.total, >, 0);
  g_assert_cmpuint (bob_saw.relay, ==, bob_saw.total);
  jd_call_stats_clear (&a);
  jd_call_stats_clear (&b);
  hang_up (tc);
}

/* ---- (c) a wrong TURN password ----------------------------------------------- */

/* Alice's allocation is refused, so relay-only leaves her without a
 * single candidate: her transport fails once gathering is done and the
 * call ends with connectivity-error on both sides.  The connect timer is
 * set far beyond the wait, so only that failure can end the call in time. */
static void
test_wrong_password (void)
{
  g_autoptr (JdTurnServer) server = jd_test_turn_server (turn, JD_TURN_UDP, "not-the-password");
  const JdTurnServer *const servers[] = { server, NULL };
  Seen bob_saw = { 0 };
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  guint rejections = jd_test_turn_count_rejections (turn);
  gint64 t0;

  relay_only_through (&tc->alice, servers);
  tc->alice.options.connect_timeout_ms = 120000;
  tc->bob.options.connect_timeout_ms = 120000;
  jd_test_rewrite_jingle (tc->bob_account, watch_candidates, &bob_saw);
  t0 = g_get_monotonic_time ();
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 10000);
  g_test_message ("the refused allocation ended the call after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - t0) / 1000);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==,
                   JD_JINGLE_REASON_CONNECTIVITY_ERROR);
  g_assert_cmpuint (jd_test_turn_count_rejections (turn), >, rejections);
  /* Bob was offered the call (no candidates in it) and learns why it ended. */
  JD_TEST_WAIT_UNTIL (tc->bob.call != NULL || tc->bob_error != NULL, 5000);
  g_assert_no_error (tc->bob_error);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->bob.call)->type, ==,
                   JD_JINGLE_REASON_CONNECTIVITY_ERROR);
  g_assert_cmpuint (bob_saw.total, ==, 0);
}

/* ---- STUN -------------------------------------------------------------------- */

/* Both sides name coturn as their STUN server.  On loopback the mapped
 * address is the host address itself, so libnice keeps no srflx
 * candidate; coturn's log is the witness that the call's own socket asked. */
static void
test_stun (void)
{
  g_autofree char *stun = jd_test_turn_stun_address (turn);
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  JdCallStats a, b;

  tc->alice.options.stun_server = stun;
  tc->bob.options.stun_server = stun;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  get_stats (&tc->alice, "alice", &a);
  get_stats (&tc->bob, "bob", &b);
  g_assert_true (jd_test_turn_answered_binding_from (turn, port_of (a.local_address)));
  g_assert_true (jd_test_turn_answered_binding_from (turn, port_of (b.local_address)));
  jd_call_stats_clear (&a);
  jd_call_stats_clear (&b);
  hang_up (tc);
}

/* ---- configuration errors ---------------------------------------------------- */

static const char *const bad_stun_servers[] = {
  "stun.example.org:3478",    /* a name: libnice would ignore it silently */
  "127.0.0.1:0",
  "127.0.0.1:99999",
  "127.0.0.1:",
  "",
};

static void
test_invalid_stun_server_dial (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  for (guint i = 0; i < G_N_ELEMENTS (bad_stun_servers); i++)
    {
      JdCallOptions options = { .local_addresses = jd_test_loopback,
                                .stun_server = bad_stun_servers[i] };
      g_autoptr (GError) error = NULL;
      g_autoptr (JdCall) call = jd_call_dial (tc->alice_manager,
                                              jd_test_account_full_jid (tc->bob_account),
                                              &options, &error);

      g_assert_null (call);
      g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
      g_test_message ("\"%s\": %s", bad_stun_servers[i], error->message);
    }
  g_assert_false (tc->bob_was_offered);
}

/* Relay-only without a TURN server would have to offer nothing at all. */
static void
test_relay_only_needs_turn (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  JdCallOptions options = { .local_addresses = jd_test_loopback, .relay_only = TRUE };
  g_autoptr (GError) error = NULL;
  g_autoptr (JdCall) call = jd_call_dial (tc->alice_manager,
                                          jd_test_account_full_jid (tc->bob_account),
                                          &options, &error);

  g_assert_null (call);
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
}

/* The callee's own configuration is wrong: jd_call_new_incoming() says
 * why, and the caller's call ends instead of ringing forever. */
static void
test_invalid_stun_server_incoming (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  tc->bob.options.stun_server = "stun.example.org";
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (tc->bob_error != NULL, 10000);
  g_assert_error (tc->bob_error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_assert_null (tc->bob.call);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 5000);
}

static void
test_no_server (void)
{
  g_test_skip ("turnserver not found: install coturn (scripts/deps)");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) server = NULL;
  g_autoptr (JdTestTurn) turn_server = NULL;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  if (!jd_test_turn_available ())
    {
      g_test_add_func ("/call/turn/no-server", test_no_server);
      return g_test_run ();
    }
  server = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  prosody = server;
  turn_server = jd_test_turn_start (&error);
  g_assert_no_error (error);
  turn = turn_server;
  g_test_add_func ("/call/turn/udp/relay-only-both", test_relay_both_udp);
  g_test_add_func ("/call/turn/tcp/relay-only-caller", test_relay_caller_tcp);
  g_test_add_func ("/call/turn/udp/wrong-password", test_wrong_password);
  g_test_add_func ("/call/turn/stun", test_stun);
  g_test_add_func ("/call/turn/invalid-stun-server/dial", test_invalid_stun_server_dial);
  g_test_add_func ("/call/turn/invalid-stun-server/incoming", test_invalid_stun_server_incoming);
  g_test_add_func ("/call/turn/relay-only-needs-turn", test_relay_only_needs_turn);
  return g_test_run ();
}
