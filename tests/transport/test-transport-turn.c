/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ICE through a real STUN/TURN server: two libnice agents back to back in
 * one process (as in test-transport-ice.c) and a private coturn on
 * 127.0.0.1 (tests/harness/turn-harness), started once for the program.
 *
 * "Relay only" is what proves the media path: with it libnice neither
 * offers nor pairs nor receives on anything but its TURN allocations, so
 * a connected relay-only side with a relayed selected candidate can only
 * have exchanged its data through coturn.
 */
#include <string.h>

#include "jd-test-turn.h"
#include "jd-test-util.h"
#include "jd-transport.h"

#define LOOPBACK "127.0.0.1"
/* Generous for a busy 2-core machine; the measured times are printed. */
#define CONNECT_TIMEOUT_MS 15000
#define RELEASE_TIMEOUT_MS 5000

/* The TURN server, started once for the program. */
static JdTestTurn *turn;

static JdTurnServer *
turn_server (JdTurnProtocol protocol, const char *password)
{
  return jd_test_turn_server (turn, protocol, password);
}

/* ---- peers ------------------------------------------------------------- */

typedef struct Peer Peer;

struct Peer {
  const char *name;
  JdTransport *transport;
  GObject *agent;               /* weak: outlives the transport briefly */
  Peer *other;                  /* borrowed */
  GPtrArray *candidates;        /* NiceCandidate*: what we gathered */
  gboolean gathered;
  JdTransportState state;
  guint n_failed;               /* ::state-changed to FAILED */
  guint n_received[3];          /* per component */
  GByteArray *last[3];
};

static JdTransportConfig *
loopback_config (guint n_components)
{
  JdTransportConfig *config = jd_transport_config_new (n_components);

  jd_transport_config_add_local_address (config, LOOPBACK);
  return config;
}

static void
on_local_candidate (JdTransport *transport, const NiceCandidate *candidate,
                    gpointer user_data)
{
  Peer *self = user_data;
  g_autoptr (GError) error = NULL;
  char ip[NICE_ADDRESS_STRING_LEN];

  /* The loopback rule holds for relayed addresses too (relay-ip). */
  nice_address_to_string (&candidate->addr, ip);
  g_assert_cmpstr (ip, ==, LOOPBACK);
  g_test_message ("%s: candidate %s %s:%u component %u", self->name,
                  nice_candidate_type_to_string (candidate->type), ip,
                  nice_address_get_port (&candidate->addr), candidate->component_id);
  g_ptr_array_add (self->candidates, nice_candidate_copy (candidate));
  if (self->other != NULL)
    {
      g_assert_true (jd_transport_add_remote_candidate (self->other->transport, candidate,
                                                        &error));
      g_assert_no_error (error);
    }
}

static void
on_receive (JdTransport *transport, guint component, const guint8 *data, gsize len,
            gpointer user_data)
{
  Peer *self = user_data;

  g_assert_cmpuint (component, >=, 1);
  g_assert_cmpuint (component, <=, 2);
  self->n_received[component]++;
  g_byte_array_set_size (self->last[component], 0);
  g_byte_array_append (self->last[component], data, (guint) len);
}

static void
on_gathering_done (JdTransport *transport, gpointer user_data)
{
  ((Peer *) user_data)->gathered = TRUE;
}

static void
on_state_changed (JdTransport *transport, JdTransportState state, gpointer user_data)
{
  Peer *self = user_data;

  g_test_message ("%s: %s", self->name, jd_transport_state_to_string (state));
  self->state = state;
  if (state == JD_TRANSPORT_STATE_FAILED)
    self->n_failed++;
}

static void
peer_init (Peer *self, const char *name, const JdTransportConfig *config)
{
  g_autoptr (GError) error = NULL;

  memset (self, 0, sizeof *self);
  self->name = name;
  self->transport = jd_transport_ice_new (config, &error);
  g_assert_no_error (error);
  self->agent = G_OBJECT (jd_transport_get_agent (self->transport, NULL));
  g_object_add_weak_pointer (self->agent, (gpointer *) &self->agent);
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  for (guint c = 0; c < G_N_ELEMENTS (self->last); c++)
    self->last[c] = g_byte_array_new ();
  jd_transport_set_local_candidate_func (self->transport, on_local_candidate, self, NULL);
  jd_transport_set_receive_func (self->transport, on_receive, self, NULL);
  g_signal_connect (self->transport, "gathering-done", G_CALLBACK (on_gathering_done), self);
  g_signal_connect (self->transport, "state-changed", G_CALLBACK (on_state_changed), self);
}

/* Frees the transport, and waits for its agent too: closing deletes the
 * TURN allocations (RFC 8656 §7), and the agent lives until coturn has
 * answered that. */
static void
peer_clear (Peer *self)
{
  GObject *weak_transport = G_OBJECT (self->transport);
  gint64 start = g_get_monotonic_time ();

  g_object_add_weak_pointer (weak_transport, (gpointer *) &weak_transport);
  g_clear_object (&self->transport);
  g_assert_null (weak_transport);
  JD_TEST_WAIT_UNTIL (self->agent == NULL, RELEASE_TIMEOUT_MS);
  g_test_message ("%s: agent released %.1f ms after the transport", self->name,
                  (double) (g_get_monotonic_time () - start) / 1000.0);
  g_ptr_array_unref (self->candidates);
  for (guint c = 0; c < G_N_ELEMENTS (self->last); c++)
    g_byte_array_unref (self->last[c]);
}

static void
pair_up (Peer *a, Peer *b)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ufrag_a = NULL, *pwd_a = NULL, *ufrag_b = NULL, *pwd_b = NULL;

  a->other = b;
  b->other = a;
  jd_transport_set_controlling (a->transport, TRUE);
  jd_transport_set_controlling (b->transport, FALSE);
  g_assert_true (jd_transport_get_local_credentials (a->transport, &ufrag_a, &pwd_a));
  g_assert_true (jd_transport_get_local_credentials (b->transport, &ufrag_b, &pwd_b));
  g_assert_true (jd_transport_set_remote_credentials (a->transport, ufrag_b, pwd_b, &error));
  g_assert_no_error (error);
  g_assert_true (jd_transport_set_remote_credentials (b->transport, ufrag_a, pwd_a, &error));
  g_assert_no_error (error);
}

static void
gather (Peer *self)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_transport_gather (self->transport, &error));
  g_assert_no_error (error);
}

static guint
count_candidates (const Peer *self, NiceCandidateType type, guint component)
{
  guint n = 0;

  for (guint i = 0; i < self->candidates->len; i++)
    {
      const NiceCandidate *c = self->candidates->pdata[i];

      if (c->type == type && c->component_id == component)
        n++;
    }
  return n;
}

static const NiceCandidate *
find_candidate (const Peer *self, const NiceAddress *addr)
{
  for (guint i = 0; i < self->candidates->len; i++)
    {
      const NiceCandidate *c = self->candidates->pdata[i];

      if (nice_address_equal (&c->addr, addr))
        return c;
    }
  return NULL;
}

static void
send_and_check (Peer *from, Peer *to, guint component)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%s->%s on component %u", from->name,
                                           to->name, component);
  static const guint8 binary[] = { 0x00, 0x01, 0x80, 0xff };
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  guint before = to->n_received[component];

  /* NULs and high bytes: the relayed path must be binary-safe too. */
  g_byte_array_append (payload, (const guint8 *) text, (guint) strlen (text));
  g_byte_array_append (payload, binary, sizeof binary);
  g_assert_true (jd_transport_send (from->transport, component, payload->data,
                                    payload->len, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (to->n_received[component] > before, 5000);
  g_assert_cmpmem (to->last[component]->data, to->last[component]->len,
                   payload->data, payload->len);
}

/* Returns the type of @self's selected local candidate; the remote one must
 * be a candidate @self->other really gathered (a relayed one when the other
 * side is relay-only). */
static NiceCandidateType
check_selected_pair (Peer *self, guint component)
{
  g_autoptr (NiceCandidate) local = NULL;
  g_autoptr (NiceCandidate) remote = NULL;
  const NiceCandidate *theirs;
  char lip[NICE_ADDRESS_STRING_LEN], rip[NICE_ADDRESS_STRING_LEN];

  g_assert_true (jd_transport_get_selected_pair (self->transport, component, &local, &remote));
  nice_address_to_string (&local->addr, lip);
  nice_address_to_string (&remote->addr, rip);
  g_test_message ("%s: component %u selected %s %s:%u -> %s %s:%u", self->name, component,
                  nice_candidate_type_to_string (local->type), lip,
                  nice_address_get_port (&local->addr),
                  nice_candidate_type_to_string (remote->type), rip,
                  nice_address_get_port (&remote->addr));
  theirs = find_candidate (self->other, &remote->addr);
  g_assert_nonnull (theirs);
  g_assert_cmpuint (theirs->component_id, ==, component);
  return local->type;
}

/* ---- (a), (b) relayed connections ---------------------------------------- */

typedef struct {
  JdTurnProtocol protocol;
  guint n_components;
  gboolean relay_only_a;
  gboolean relay_only_b;        /* FALSE: B has host candidates and no TURN */
} RelayCase;

static JdTransportConfig *
relay_config (const RelayCase *rc, gboolean relay_only)
{
  JdTransportConfig *config = loopback_config (rc->n_components);

  if (relay_only)
    {
      jd_transport_config_add_turn_server (config, turn_server (rc->protocol, NULL));
      config->relay_only = TRUE;
    }
  return config;
}

static void
check_relay_side (Peer *self, guint n_components)
{
  for (guint c = 1; c <= n_components; c++)
    {
      /* Nothing else is offered: one relayed candidate (RFC 8445
       * §5.1.1.2), no host, no server-reflexive. */
      g_assert_cmpuint (count_candidates (self, NICE_CANDIDATE_TYPE_RELAYED, c), ==, 1);
      g_assert_cmpint (check_selected_pair (self, c), ==, NICE_CANDIDATE_TYPE_RELAYED);
    }
  g_assert_cmpuint (self->candidates->len, ==, n_components);
}

static void
test_relay (gconstpointer data)
{
  const RelayCase *rc = data;
  g_autoptr (JdTransportConfig) config_a = relay_config (rc, rc->relay_only_a);
  g_autoptr (JdTransportConfig) config_b = relay_config (rc, rc->relay_only_b);
  Peer a, b;
  gint64 start;

  peer_init (&a, "A", config_a);
  peer_init (&b, "B", config_b);
  pair_up (&a, &b);

  start = g_get_monotonic_time ();
  gather (&a);
  gather (&b);
  JD_TEST_WAIT_UNTIL (a.gathered && b.gathered, CONNECT_TIMEOUT_MS);
  g_test_message ("gathered in %.1f ms",
                  (double) (g_get_monotonic_time () - start) / 1000.0);
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED, CONNECT_TIMEOUT_MS);
  g_test_message ("ICE connected through TURN over %s in %.1f ms (%u component(s))",
                  rc->protocol == JD_TURN_TCP ? "TCP" : "UDP",
                  (double) (g_get_monotonic_time () - start) / 1000.0, rc->n_components);

  for (guint c = 1; c <= rc->n_components; c++)
    {
      send_and_check (&a, &b, c);
      send_and_check (&b, &a, c);
      send_and_check (&a, &b, c);
    }
  if (rc->relay_only_a)
    check_relay_side (&a, rc->n_components);
  if (rc->relay_only_b)
    check_relay_side (&b, rc->n_components);
  else
    {
      for (guint c = 1; c <= rc->n_components; c++)
        {
          g_assert_cmpuint (count_candidates (&b, NICE_CANDIDATE_TYPE_RELAYED, c), ==, 0);
          g_assert_cmpint (check_selected_pair (&b, c), ==, NICE_CANDIDATE_TYPE_HOST);
        }
    }

  jd_transport_close (a.transport);
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CLOSED);
  peer_clear (&a);
  peer_clear (&b);
}

static const RelayCase udp_one_side = { JD_TURN_UDP, 1, TRUE, FALSE };
static const RelayCase udp_both = { JD_TURN_UDP, 1, TRUE, TRUE };
static const RelayCase udp_both_two_components = { JD_TURN_UDP, 2, TRUE, TRUE };
static const RelayCase tcp_one_side = { JD_TURN_TCP, 1, TRUE, FALSE };
static const RelayCase tcp_both = { JD_TURN_TCP, 1, TRUE, TRUE };

/* ---- everything at once, not relay-only ------------------------------------ */

/* Host and relayed candidates side by side: ICE prefers the direct path
 * (RFC 8445 §5.1.2.2 type preferences), and the relay stays a fallback.
 * The same server over UDP and over TCP, as one would configure it for
 * networks that block UDP, yields one relayed candidate, not two: both
 * allocations relay over UDP from the same address, and libnice keeps the
 * first that succeeds and drops the other as redundant (RFC 8445 §5.1.3). */
static void
test_gather_all (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  g_autoptr (JdTransportConfig) plain = loopback_config (1);
  Peer a, b;

  jd_transport_config_add_turn_server (config, turn_server (JD_TURN_UDP, NULL));
  jd_transport_config_add_turn_server (config, turn_server (JD_TURN_TCP, NULL));
  peer_init (&a, "A", config);
  peer_init (&b, "B", plain);
  pair_up (&a, &b);
  gather (&a);
  gather (&b);
  JD_TEST_WAIT_UNTIL (a.gathered && a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED, CONNECT_TIMEOUT_MS);
  g_assert_cmpuint (count_candidates (&a, NICE_CANDIDATE_TYPE_HOST, 1), ==, 1);
  g_assert_cmpuint (count_candidates (&a, NICE_CANDIDATE_TYPE_RELAYED, 1), ==, 1);
  send_and_check (&a, &b, 1);
  send_and_check (&b, &a, 1);
  g_assert_cmpint (check_selected_pair (&a, 1), ==, NICE_CANDIDATE_TYPE_HOST);
  peer_clear (&a);
  peer_clear (&b);
}

/* ---- (c) STUN ------------------------------------------------------------ */

static void
test_stun (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (2);
  Peer a;

  config->stun_host = g_strdup (jd_test_turn_get_host (turn));
  config->stun_port = jd_test_turn_get_port (turn);
  peer_init (&a, "A", config);
  gather (&a);
  JD_TEST_WAIT_UNTIL (a.gathered, CONNECT_TIMEOUT_MS);
  g_assert_cmpuint (a.candidates->len, ==, 2);
  for (guint i = 0; i < a.candidates->len; i++)
    {
      const NiceCandidate *host = a.candidates->pdata[i];

      /* coturn answered a Binding request from this very socket, but the
       * mapped address it returned is, seen from loopback, the host
       * address itself: libnice drops that server-reflexive candidate as
       * redundant (RFC 8445 §5.1.3), so the host one is all there is. */
      g_assert_cmpint (host->type, ==, NICE_CANDIDATE_TYPE_HOST);
      g_assert_true (jd_test_turn_answered_binding_from (turn, nice_address_get_port (&host->addr)));
    }
  g_assert_cmpuint (count_candidates (&a, NICE_CANDIDATE_TYPE_HOST, 1), ==, 1);
  g_assert_cmpuint (count_candidates (&a, NICE_CANDIDATE_TYPE_HOST, 2), ==, 1);
  peer_clear (&a);
}

/* ---- (d) a wrong TURN password ----------------------------------------------- */

static void
test_wrong_password (gconstpointer data)
{
  JdTurnProtocol protocol = GPOINTER_TO_INT (data);
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  g_autoptr (JdTransportConfig) plain = loopback_config (1);
  Peer a, b;
  gint64 start;
  guint rejections;

  jd_transport_config_add_turn_server (config, turn_server (protocol, "not-the-password"));

  /* Not relay-only: the host candidate is all there is. */
  rejections = jd_test_turn_count_rejections (turn);
  peer_init (&a, "A", config);
  gather (&a);
  JD_TEST_WAIT_UNTIL (a.gathered, CONNECT_TIMEOUT_MS);
  g_assert_cmpuint (count_candidates (&a, NICE_CANDIDATE_TYPE_HOST, 1), ==, 1);
  g_assert_cmpuint (count_candidates (&a, NICE_CANDIDATE_TYPE_RELAYED, 1), ==, 0);
  g_assert_cmpuint (jd_test_turn_count_rejections (turn), >, rejections);
  peer_clear (&a);

  /* Relay-only: nothing to offer, nothing to check; fail, do not hang. */
  config->relay_only = TRUE;
  peer_init (&a, "A", config);
  peer_init (&b, "B", plain);
  pair_up (&a, &b);
  start = g_get_monotonic_time ();
  gather (&a);
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_FAILED, CONNECT_TIMEOUT_MS);
  g_test_message ("relay-only failure detected in %.1f ms",
                  (double) (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (a.gathered);
  g_assert_cmpuint (a.candidates->len, ==, 0);
  /* The peer's candidates still arrive afterwards: A must not pretend to
   * recover, as it has nothing to pair them with. */
  gather (&b);
  JD_TEST_WAIT_UNTIL (b.gathered, CONNECT_TIMEOUT_MS);
  g_assert_cmpuint (b.candidates->len, >, 0);
  jd_test_run_for (200);
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_FAILED);
  g_assert_cmpuint (a.n_failed, ==, 1);
  peer_clear (&a);
  peer_clear (&b);
}

/* ---- TURN over "TLS" ------------------------------------------------------- */

/* The server has no TLS at all (--no-tls), yet a "TLS" allocation works:
 * libnice sends TURN over plain TCP (see JD_TURN_TLS).  Should libnice
 * ever do TLS here, this fails and the header's warning can go. */
static void
test_tls_is_plain_tcp (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  Peer a;

  jd_transport_config_add_turn_server (config, turn_server (JD_TURN_TLS, NULL));
  config->relay_only = TRUE;
  peer_init (&a, "A", config);
  gather (&a);
  JD_TEST_WAIT_UNTIL (a.gathered, CONNECT_TIMEOUT_MS);
  g_assert_cmpuint (count_candidates (&a, NICE_CANDIDATE_TYPE_RELAYED, 1), ==, 1);
  peer_clear (&a);
}

/* ---- configuration errors ---------------------------------------------------- */

static void
test_relay_only_needs_turn (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  g_autoptr (JdTransportConfig) copy = NULL;
  g_autoptr (GError) error = NULL;

  config->relay_only = TRUE;
  copy = jd_transport_config_copy (config);
  g_assert_true (copy->relay_only);
  g_assert_null (jd_transport_ice_new (config, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Raw UDP could only offer the host address relay_only hides. */
  jd_transport_config_add_turn_server (config, turn_server (JD_TURN_UDP, NULL));
  g_assert_null (jd_transport_raw_udp_new (config, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
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
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (!jd_test_turn_available ())
    {
      /* scripts/deps installs it; a developer machine may lack it. */
      g_test_add_func ("/transport/turn/no-server", test_no_server);
      return g_test_run ();
    }

  g_test_add_data_func ("/transport/turn/udp/relay-only-one-side", &udp_one_side, test_relay);
  g_test_add_data_func ("/transport/turn/udp/relay-only-both", &udp_both, test_relay);
  g_test_add_data_func ("/transport/turn/udp/relay-only-two-components",
                        &udp_both_two_components, test_relay);
  g_test_add_data_func ("/transport/turn/tcp/relay-only-one-side", &tcp_one_side, test_relay);
  g_test_add_data_func ("/transport/turn/tcp/relay-only-both", &tcp_both, test_relay);
  g_test_add_func ("/transport/turn/with-host", test_gather_all);
  g_test_add_func ("/transport/turn/stun", test_stun);
  g_test_add_data_func ("/transport/turn/udp/wrong-password",
                        GINT_TO_POINTER (JD_TURN_UDP), test_wrong_password);
  g_test_add_data_func ("/transport/turn/tcp/wrong-password",
                        GINT_TO_POINTER (JD_TURN_TCP), test_wrong_password);
  g_test_add_func ("/transport/turn/tls-is-plain-tcp", test_tls_is_plain_tcp);
  g_test_add_func ("/transport/turn/relay-only-needs-turn", test_relay_only_needs_turn);

  turn = jd_test_turn_start (&error);
  g_assert_no_error (error);
  ret = g_test_run ();
  g_clear_pointer (&turn, jd_test_turn_free);
  return ret;
}
