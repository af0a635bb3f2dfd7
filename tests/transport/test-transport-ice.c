/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two real libnice agents back to back in one process, as libnice's
 * test-common.c and webrtcbin's harness do: credentials and trickled
 * candidates are handed across in memory.  Everything is restricted to
 * 127.0.0.1; no STUN or TURN server.  Every wait has a deadline.
 */
#include <string.h>

#include "jd-test-util.h"
#include "jd-transport-jingle.h"

#define LOOPBACK "127.0.0.1"
#define CONNECT_TIMEOUT_MS 10000
/* Generous for a busy 2-core machine; the measured time is printed. */
#define FAIL_TIMEOUT_MS 15000
/* How much later than the peer's checks signalling may arrive. */
#define SIGNALLING_DELAY_MS 300

typedef struct Peer Peer;

struct Peer {
  const char *name;
  JdTransport *transport;
  Peer *other;                  /* borrowed */
  gboolean forward;             /* trickle each candidate to the other */
  gboolean via_jingle;          /* ...through JdJingleTransport values */
  gboolean rtp_only;            /* ...except those of component 2 */
  GPtrArray *candidates;        /* NiceCandidate*: what we gathered */
  gboolean gathered;
  JdTransportState state;
  GString *states;              /* one letter per change: C(hecking), c(onnected)... */
  guint n_received[3];          /* per component */
  GByteArray *last[3];
};

/* ---- helpers ------------------------------------------------------------ */

static JdTransportConfig *
loopback_config (guint n_components)
{
  JdTransportConfig *config = jd_transport_config_new (n_components);

  jd_transport_config_add_local_address (config, LOOPBACK);
  return config;
}

static void
forward_candidate (Peer *self, const NiceCandidate *candidate)
{
  g_autoptr (GError) error = NULL;

  if (self->via_jingle)
    {
      g_autoptr (GPtrArray) one = g_ptr_array_new ();
      g_autoptr (JdJingleTransport) t = NULL;

      /* As a transport-info does: with our current credentials. */
      g_ptr_array_add (one, (gpointer) candidate);
      t = jd_transport_jingle_describe (self->transport, one, 0);
      g_assert_true (jd_transport_jingle_apply_remote (self->other->transport, t, &error));
    }
  else
    g_assert_true (jd_transport_add_remote_candidate (self->other->transport,
                                                      candidate, &error));
  g_assert_no_error (error);
}

static void
on_local_candidate (JdTransport *transport, const NiceCandidate *candidate,
                    gpointer user_data)
{
  Peer *self = user_data;
  char ip[NICE_ADDRESS_STRING_LEN];

  /* The loopback rule: nothing but 127.0.0.1 may be offered. */
  nice_address_to_string (&candidate->addr, ip);
  g_assert_cmpstr (ip, ==, LOOPBACK);
  g_ptr_array_add (self->candidates, nice_candidate_copy (candidate));
  if (self->forward && self->other != NULL && !(self->rtp_only && candidate->component_id > 1))
    forward_candidate (self, candidate);
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

  static const char letters[] = { 'n', 'C', 'c', 'f', 'x' };

  g_test_message ("%s: %s", self->name, jd_transport_state_to_string (state));
  self->state = state;
  g_string_append_c (self->states, letters[state]);
}

static void
peer_init (Peer *self, const char *name, JdTransport *transport)
{
  memset (self, 0, sizeof *self);
  self->name = name;
  self->transport = transport;
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) nice_candidate_free);
  self->states = g_string_new (NULL);
  for (guint c = 0; c < G_N_ELEMENTS (self->last); c++)
    self->last[c] = g_byte_array_new ();
  jd_transport_set_local_candidate_func (transport, on_local_candidate, self, NULL);
  jd_transport_set_receive_func (transport, on_receive, self, NULL);
  g_signal_connect (transport, "gathering-done", G_CALLBACK (on_gathering_done), self);
  g_signal_connect (transport, "state-changed", G_CALLBACK (on_state_changed), self);
}

/* Frees the transport and checks that it really went away. */
static void
peer_clear (Peer *self)
{
  GObject *weak = G_OBJECT (self->transport);

  g_object_add_weak_pointer (weak, (gpointer *) &weak);
  g_clear_object (&self->transport);
  g_assert_null (weak);
  g_ptr_array_unref (self->candidates);
  g_string_free (self->states, TRUE);
  for (guint c = 0; c < G_N_ELEMENTS (self->last); c++)
    g_byte_array_unref (self->last[c]);
}

static void
pair_up (Peer *a, Peer *b)
{
  a->other = b;
  b->other = a;
}

static void
exchange_credentials (Peer *a, Peer *b)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ufrag_a = NULL, *pwd_a = NULL, *ufrag_b = NULL, *pwd_b = NULL;

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

static void
send_and_check (Peer *from, Peer *to, guint component)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%s->%s on component %u", from->name,
                                           to->name, component);
  static const guint8 binary[] = { 0x00, 0x01, 0x80, 0xff };
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  guint before = to->n_received[component];

  /* NULs and high bytes: the path must be binary-safe. */
  g_byte_array_append (payload, (const guint8 *) text, (guint) strlen (text));
  g_byte_array_append (payload, binary, sizeof binary);
  g_assert_true (jd_transport_send (from->transport, component, payload->data,
                                    payload->len, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (to->n_received[component] > before, 5000);
  g_assert_cmpmem (to->last[component]->data, to->last[component]->len,
                   payload->data, payload->len);
}

static void
check_selected_pair (Peer *self, guint component)
{
  g_autoptr (NiceCandidate) local = NULL;
  g_autoptr (NiceCandidate) remote = NULL;
  char ip[NICE_ADDRESS_STRING_LEN];

  g_assert_true (jd_transport_get_selected_pair (self->transport, component, &local, &remote));
  nice_address_to_string (&remote->addr, ip);
  g_assert_cmpstr (ip, ==, LOOPBACK);
  g_assert_cmpint (local->type, ==, NICE_CANDIDATE_TYPE_HOST);
  g_test_message ("%s: component %u selected %s -> %s:%u", self->name, component,
                  nice_candidate_type_to_string (local->type), ip,
                  nice_address_get_port (&remote->addr));
}

/* ---- (a) ICE connects ----------------------------------------------------- */

typedef enum {
  ORDER_CREDENTIALS_FIRST,      /* session-initiate/accept, then trickle */
  ORDER_CANDIDATES_FIRST,       /* transport-info before session-accept */
  ORDER_VIA_JINGLE,             /* everything through JdJingleTransport */
} Order;

static void
ice_connect (guint n_components, Order order)
{
  g_autoptr (JdTransportConfig) config = loopback_config (n_components);
  g_autoptr (GError) error = NULL;
  Peer a, b;
  gint64 start;

  peer_init (&a, "A", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  peer_init (&b, "B", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  pair_up (&a, &b);
  a.forward = b.forward = TRUE;
  a.via_jingle = b.via_jingle = order == ORDER_VIA_JINGLE;
  jd_transport_set_controlling (a.transport, TRUE);  /* the initiator */
  jd_transport_set_controlling (b.transport, FALSE);

  start = g_get_monotonic_time ();
  if (order != ORDER_CANDIDATES_FIRST)
    exchange_credentials (&a, &b);
  gather (&a);
  gather (&b);
  JD_TEST_WAIT_UNTIL (a.gathered && b.gathered, CONNECT_TIMEOUT_MS);
  g_assert_cmpuint (a.candidates->len, >=, n_components);
  if (order == ORDER_CANDIDATES_FIRST)
    {
      /* Queued so far: nothing can have been checked. */
      g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_NEW);
      exchange_credentials (&a, &b);
    }
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED, CONNECT_TIMEOUT_MS);
  g_test_message ("ICE connected on loopback in %.1f ms (%u component(s))",
                  (double) (g_get_monotonic_time () - start) / 1000.0, n_components);

  for (guint c = 1; c <= n_components; c++)
    {
      send_and_check (&a, &b, c);
      send_and_check (&b, &a, c);
      check_selected_pair (&a, c);
      check_selected_pair (&b, c);
    }
  g_assert_cmpuint (a.n_received[2] + b.n_received[2], ==, n_components == 2 ? 2 : 0);

  jd_transport_close (a.transport);
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CLOSED);
  peer_clear (&a);
  peer_clear (&b);
}

static void
test_ice_rtcp_mux (void)
{
  ice_connect (1, ORDER_CREDENTIALS_FIRST);
}

static void
test_ice_two_components (void)
{
  ice_connect (2, ORDER_CREDENTIALS_FIRST);
}

static void
test_ice_candidates_first (void)
{
  ice_connect (2, ORDER_CANDIDATES_FIRST);
}

static void
test_ice_via_jingle (void)
{
  ice_connect (1, ORDER_VIA_JINGLE);
}

/* RFC 5761 §5.1.3: A offers two components with rtcp-mux, B answers
 * rtcp-mux with one (and never hears of A's RTCP candidates, which a
 * call drops).  A's component 1 connects while component 2 waits for
 * candidates that never come: A stays checking until it releases the
 * RTCP component, and is connected from then on. */
static void
test_ice_release_rtcp (void)
{
  g_autoptr (JdTransportConfig) two = loopback_config (2);
  g_autoptr (JdTransportConfig) one = loopback_config (1);
  g_autoptr (GError) error = NULL;
  g_autoptr (NiceCandidate) local = NULL;
  g_autoptr (NiceCandidate) remote = NULL;
  g_autoptr (NiceCandidate) rtcp = NULL;
  Peer a, b;

  peer_init (&a, "A", jd_transport_ice_new (two, &error));
  g_assert_no_error (error);
  peer_init (&b, "B", jd_transport_ice_new (one, &error));
  g_assert_no_error (error);
  pair_up (&a, &b);
  a.forward = b.forward = TRUE;
  a.rtp_only = TRUE;
  jd_transport_set_controlling (a.transport, TRUE);
  jd_transport_set_controlling (b.transport, FALSE);
  exchange_credentials (&a, &b);
  gather (&a);
  gather (&b);
  JD_TEST_WAIT_UNTIL (b.state == JD_TRANSPORT_STATE_CONNECTED &&
                      jd_transport_get_selected_pair (a.transport, 1, &local, &remote),
                      CONNECT_TIMEOUT_MS);
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CHECKING);

  jd_transport_release_rtcp_component (a.transport);
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CONNECTED);
  g_assert_cmpuint (jd_transport_get_n_components (a.transport), ==, 1);
  send_and_check (&a, &b, 1);
  send_and_check (&b, &a, 1);
  /* Component 2 is gone for the caller. */
  rtcp = nice_candidate_copy (a.candidates->pdata[0]);
  rtcp->component_id = 2;
  g_assert_false (jd_transport_add_remote_candidate (a.transport, rtcp, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_assert_false (jd_transport_send (a.transport, 2, (const guint8 *) "x", 1, NULL));
  /* Idempotent, and a no-op on one component. */
  jd_transport_release_rtcp_component (a.transport);
  jd_transport_release_rtcp_component (b.transport);
  g_assert_cmpuint (jd_transport_get_n_components (b.transport), ==, 1);
  g_assert_null (strchr (a.states->str, 'f'));

  jd_transport_close (a.transport);
  peer_clear (&a);
  peer_clear (&b);
}

/* ---- ICE restart ---------------------------------------------------------- */

static char *
local_ufrag (Peer *self)
{
  char *ufrag = NULL;
  g_autofree char *pwd = NULL;

  g_assert_true (jd_transport_get_local_credentials (self->transport, &ufrag, &pwd));
  return ufrag;
}

/* Returns: (nullable): the peer's ufrag @self uses now. */
static char *
remote_ufrag (Peer *self)
{
  char *ufrag = NULL;
  g_autofree char *pwd = NULL;

  if (!jd_transport_get_remote_credentials (self->transport, &ufrag, &pwd))
    g_assert_null (ufrag);
  return ufrag;
}

/* One transport-info from @from to its peer: @from's credentials now and
 * the candidates it announced from index @first on. */
static void
deliver (Peer *from, guint first)
{
  g_autoptr (GPtrArray) some = g_ptr_array_new ();
  g_autoptr (JdJingleTransport) t = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = first; i < from->candidates->len; i++)
    g_ptr_array_add (some, from->candidates->pdata[i]);
  t = jd_transport_jingle_describe (from->transport, some, 0);
  g_assert_true (jd_transport_jingle_apply_remote (from->other->transport, t, &error));
  g_assert_no_error (error);
}

/* A restarts ICE; B learns it from A's new credentials alone, restarts
 * too and answers with its own; both connect again and data flows, also
 * while they are at it (libnice keeps the pair selected before). */
static void
ice_restart (guint n_components)
{
  g_autoptr (JdTransportConfig) config = loopback_config (n_components);
  g_autoptr (GError) error = NULL;
  g_autofree char *a_before = NULL, *b_before = NULL, *a_after = NULL, *b_after = NULL;
  g_autofree char *a_knows = NULL, *b_knows = NULL, *a_still = NULL;
  guint n_a, n_b;
  Peer a, b;
  gint64 start;

  peer_init (&a, "A", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  peer_init (&b, "B", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  pair_up (&a, &b);
  a.forward = b.forward = TRUE;
  a.via_jingle = b.via_jingle = TRUE;
  jd_transport_set_controlling (a.transport, TRUE);
  jd_transport_set_controlling (b.transport, FALSE);
  exchange_credentials (&a, &b);
  gather (&a);
  gather (&b);
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED && a.gathered && b.gathered,
                      CONNECT_TIMEOUT_MS);
  a_before = local_ufrag (&a);
  b_before = local_ufrag (&b);
  n_a = a.candidates->len;
  n_b = b.candidates->len;
  g_string_truncate (a.states, 0);
  g_string_truncate (b.states, 0);
  a.gathered = b.gathered = FALSE;

  /* A restarts; B does not know yet. */
  a.forward = b.forward = FALSE;
  start = g_get_monotonic_time ();
  g_assert_true (jd_transport_restart (a.transport, &error));
  g_assert_no_error (error);
  a_after = local_ufrag (&a);
  g_assert_cmpstr (a_after, !=, a_before);
  g_assert_null (remote_ufrag (&a));
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CHECKING);
  /* The same candidates again, and the end of them. */
  g_assert_cmpuint (a.candidates->len, ==, 2 * n_a);
  g_assert_true (a.gathered);
  for (guint c = 1; c <= n_components; c++)
    {
      send_and_check (&a, &b, c);
      send_and_check (&b, &a, c);
    }

  /* A transport-info B sent before it saw the restart: old credentials,
   * old candidates; A must not go back to them. */
  deliver (&b, 0);
  g_assert_null (remote_ufrag (&a));
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CHECKING);

  /* B sees A's new credentials: it restarts and answers. */
  deliver (&a, n_a);
  b_after = local_ufrag (&b);
  g_assert_cmpstr (b_after, !=, b_before);
  b_knows = remote_ufrag (&b);
  g_assert_cmpstr (b_knows, ==, a_after);
  g_assert_cmpuint (b.candidates->len, ==, 2 * n_b);
  /* Through a server, B's checks beat B's answer to A. */
  jd_test_run_for (SIGNALLING_DELAY_MS);
  deliver (&b, n_b);
  a_knows = remote_ufrag (&a);
  g_assert_cmpstr (a_knows, ==, b_after);

  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED, CONNECT_TIMEOUT_MS);
  g_test_message ("ICE restart: connected again on loopback in %.1f ms",
                  (double) (g_get_monotonic_time () - start) / 1000.0);
  /* Each went through checking back to connected, never failed or new. */
  g_assert_cmpstr (a.states->str, ==, "Cc");
  g_assert_cmpstr (b.states->str, ==, "Cc");
  for (guint c = 1; c <= n_components; c++)
    {
      send_and_check (&a, &b, c);
      send_and_check (&b, &a, c);
      check_selected_pair (&a, c);
      check_selected_pair (&b, c);
    }
  /* A repeated credential is no new restart. */
  deliver (&b, n_b);
  a_still = local_ufrag (&a);
  g_assert_cmpstr (a_still, ==, a_after);
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CONNECTED);

  peer_clear (&a);
  peer_clear (&b);
}

/* Both restart at once (each before it sees the other's restart): each
 * takes the other's new credentials as the answer to its own restart, and
 * neither restarts a second time. */
static void
test_ice_restart_both (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  g_autoptr (GError) error = NULL;
  g_autofree char *a_after = NULL, *b_after = NULL, *a_later = NULL, *b_later = NULL;
  g_autofree char *a_knows = NULL, *b_knows = NULL;
  guint n_a, n_b;
  Peer a, b;

  peer_init (&a, "A", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  peer_init (&b, "B", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  pair_up (&a, &b);
  a.forward = b.forward = a.via_jingle = b.via_jingle = TRUE;
  jd_transport_set_controlling (a.transport, TRUE);
  jd_transport_set_controlling (b.transport, FALSE);
  exchange_credentials (&a, &b);
  gather (&a);
  gather (&b);
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED, CONNECT_TIMEOUT_MS);
  a.forward = b.forward = FALSE;
  n_a = a.candidates->len;
  n_b = b.candidates->len;
  g_assert_true (jd_transport_restart (a.transport, &error));
  g_assert_true (jd_transport_restart (b.transport, &error));
  g_assert_no_error (error);
  a_after = local_ufrag (&a);
  b_after = local_ufrag (&b);
  deliver (&a, n_a);
  deliver (&b, n_b);
  a_later = local_ufrag (&a);
  b_later = local_ufrag (&b);
  g_assert_cmpstr (a_later, ==, a_after);
  g_assert_cmpstr (b_later, ==, b_after);
  a_knows = remote_ufrag (&a);
  b_knows = remote_ufrag (&b);
  g_assert_cmpstr (a_knows, ==, b_after);
  g_assert_cmpstr (b_knows, ==, a_after);
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED, CONNECT_TIMEOUT_MS);
  send_and_check (&a, &b, 1);
  send_and_check (&b, &a, 1);
  peer_clear (&a);
  peer_clear (&b);
}

static void
test_ice_restart (void)
{
  ice_restart (1);
}

static void
test_ice_restart_two_components (void)
{
  ice_restart (2);
}

/* ---- (b) raw UDP ---------------------------------------------------------- */

static void
test_raw_udp (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (2);
  g_autoptr (GError) error = NULL;
  g_autofree char *ufrag = NULL, *pwd = NULL;
  Peer a, b;

  peer_init (&a, "A", jd_transport_raw_udp_new (config, &error));
  g_assert_no_error (error);
  peer_init (&b, "B", jd_transport_raw_udp_new (config, &error));
  g_assert_no_error (error);
  g_assert_false (jd_transport_get_local_credentials (a.transport, &ufrag, &pwd));
  g_assert_null (ufrag);
  pair_up (&a, &b);
  /* A's candidates reach B before B has gathered: B selects on gather. */
  a.forward = b.forward = TRUE;
  gather (&a);
  g_assert_cmpint (b.state, ==, JD_TRANSPORT_STATE_NEW);
  gather (&b);
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_CONNECTED &&
                      b.state == JD_TRANSPORT_STATE_CONNECTED, CONNECT_TIMEOUT_MS);
  /* XEP-0177 §4: one candidate per component. */
  g_assert_cmpuint (a.candidates->len, ==, 2);
  /* Nothing to restart: a no-op that keeps the path. */
  g_assert_true (jd_transport_restart (a.transport, &error));
  g_assert_no_error (error);
  g_assert_false (jd_transport_get_remote_credentials (a.transport, &ufrag, &pwd));
  g_assert_cmpuint (a.candidates->len, ==, 2);
  g_assert_cmpint (a.state, ==, JD_TRANSPORT_STATE_CONNECTED);
  for (guint c = 1; c <= 2; c++)
    {
      send_and_check (&a, &b, c);
      send_and_check (&b, &a, c);
      check_selected_pair (&a, c);
    }
  peer_clear (&a);
  peer_clear (&b);
}

static void
test_raw_udp_needs_address (void)
{
  g_autoptr (JdTransportConfig) config = jd_transport_config_new (1);
  g_autoptr (GError) error = NULL;
  JdTransport *t = jd_transport_raw_udp_new (config, &error);

  g_assert_null (t);
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
}

/* ---- (c) ICE failure ------------------------------------------------------ */

static void
test_ice_failure (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) silent = NULL;
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_from_string (LOOPBACK);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr (NiceCandidate) remote = nice_candidate_new (NICE_CANDIDATE_TYPE_HOST);
  Peer a;
  gint64 start;

  /* A port that is bound, so no ICMP error comes back, and never answers. */
  silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                         G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (silent, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (silent, &error);
  g_assert_no_error (error);

  /* RFC 8445 §14.3 lets Rc and the timers be configured; short ones keep
   * the test fast (libnice keeps a 200 ms floor on the check RTO). */
  config->stun_initial_timeout_ms = 50;
  config->stun_max_retransmissions = 3;
  config->idle_timeout_ms = 500;
  peer_init (&a, "A", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  jd_transport_set_controlling (a.transport, TRUE);

  nice_address_set_from_string (&remote->addr, LOOPBACK);
  nice_address_set_port (&remote->addr,
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  remote->component_id = 1;
  remote->transport = NICE_CANDIDATE_TRANSPORT_UDP;
  remote->priority = 2130706431;
  g_strlcpy (remote->foundation, "1", sizeof remote->foundation);

  start = g_get_monotonic_time ();
  gather (&a);
  g_assert_true (jd_transport_set_remote_credentials (a.transport, "abcd",
                                                      "0123456789abcdefghijkl", &error));
  g_assert_no_error (error);
  g_assert_true (jd_transport_add_remote_candidate (a.transport, remote, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (a.state == JD_TRANSPORT_STATE_FAILED, FAIL_TIMEOUT_MS);
  g_test_message ("ICE failure detected in %.1f ms",
                  (double) (g_get_monotonic_time () - start) / 1000.0);
  g_assert_false (jd_transport_send (a.transport, 1, (const guint8 *) "x", 1, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_NOT_CONNECTED);
  peer_clear (&a);
}

/* ---- API errors ----------------------------------------------------------- */

static void
test_ice_bad_input (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  g_autoptr (JdTransportConfig) bad = loopback_config (3);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTransport) t = jd_transport_ice_new (config, &error);
  g_autoptr (NiceCandidate) c = nice_candidate_new (NICE_CANDIDATE_TYPE_HOST);

  g_assert_no_error (error);
  g_assert_false (jd_transport_set_remote_credentials (t, "ab", "short", &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  c->component_id = 2;  /* rtcp-mux: there is no component 2 */
  g_assert_false (jd_transport_add_remote_candidate (t, c, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (jd_transport_send (t, 1, (const guint8 *) "x", 1, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_assert_null (jd_transport_ice_new (bad, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  jd_transport_close (t);
  g_assert_false (jd_transport_gather (t, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_CLOSED);
}

/* The settings a later coturn test needs must reach the agent. */
static void
test_ice_stun_turn_config (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (2);
  g_autoptr (JdTransportConfig) copy = NULL;
  g_autoptr (JdTransport) t = NULL;
  g_autoptr (GError) error = NULL;

  config->stun_host = g_strdup (LOOPBACK);
  config->stun_port = 3478;
  jd_transport_config_add_turn_server (config, jd_turn_server_new (LOOPBACK, 3478, "user",
                                                                   "secret", JD_TURN_UDP));
  jd_transport_config_add_turn_server (config, jd_turn_server_new (LOOPBACK, 3478, "user",
                                                                   "secret", JD_TURN_TCP));
  copy = jd_transport_config_copy (config);
  g_assert_cmpuint (copy->turn_servers->len, ==, 2);
  g_assert_cmpstr (((JdTurnServer *) copy->turn_servers->pdata[1])->password, ==, "secret");
  /* Created, not gathered: no packet goes to the (absent) servers. */
  t = jd_transport_ice_new (copy, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);

  g_free (config->stun_host);
  config->stun_host = g_strdup ("stun.example.org");
  g_assert_null (jd_transport_ice_new (config, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
}

/* ---- (d) conversions ------------------------------------------------------ */

static JdJingleCandidate *
jingle_candidate (JdJingleCandidateType type, const char *ip, guint16 port,
                  const char *rel_addr, guint16 rel_port)
{
  JdJingleCandidate *c = jd_jingle_candidate_new ();

  c->component = 2;
  c->foundation = g_strdup ("f00d");
  c->generation = 0;
  c->id = g_strdup ("el0747fg11");
  c->ip = g_strdup (ip);
  c->port = port;
  c->priority = 1694498815;
  c->protocol = g_strdup ("udp");
  c->rel_addr = g_strdup (rel_addr);
  c->rel_port = rel_port;
  c->type = type;
  return c;
}

/* Jingle -> Nice -> Jingle keeps everything a NiceCandidate can hold. */
static void
check_round_trip (const JdJingleCandidate *in, JdJingleTransportType type)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NiceCandidate) nc = jd_transport_candidate_from_jingle (in, type, &error);
  g_autoptr (JdJingleCandidate) out = NULL;
  g_autoptr (NiceCandidate) again = NULL;

  g_assert_no_error (error);
  out = jd_transport_candidate_to_jingle (nc, type, in->generation);
  g_assert_nonnull (out->id);
  /* Not representable in a NiceCandidate (see the header). */
  g_free (out->id);
  out->id = g_strdup (in->id);
  out->network = in->network;
  g_assert_true (jd_jingle_candidate_equal (in, out));

  again = jd_transport_candidate_from_jingle (out, type, &error);
  g_assert_no_error (error);
  g_assert_true (nice_address_equal (&nc->addr, &again->addr));
  g_assert_cmpstr (nc->foundation, ==, again->foundation);
  g_assert_cmpuint (nc->priority, ==, again->priority);
}

static void
test_convert_ice (void)
{
  g_autoptr (JdJingleCandidate) host =
    jingle_candidate (JD_JINGLE_CANDIDATE_HOST, "192.0.2.3", 45664, NULL, 0);
  g_autoptr (JdJingleCandidate) srflx =
    jingle_candidate (JD_JINGLE_CANDIDATE_SRFLX, "198.51.100.7", 1234, "192.0.2.3", 45664);
  g_autoptr (JdJingleCandidate) relay =
    jingle_candidate (JD_JINGLE_CANDIDATE_RELAY, "2001:db8::9", 3478, "198.51.100.7", 1234);
  g_autoptr (JdJingleCandidate) prflx =
    jingle_candidate (JD_JINGLE_CANDIDATE_PRFLX, "203.0.113.1", 9, "192.0.2.3", 45664);
  g_autoptr (NiceCandidate) nc = NULL;

  check_round_trip (host, JD_JINGLE_TRANSPORT_ICE_UDP);
  check_round_trip (srflx, JD_JINGLE_TRANSPORT_ICE_UDP);
  check_round_trip (relay, JD_JINGLE_TRANSPORT_ICE_UDP);
  check_round_trip (prflx, JD_JINGLE_TRANSPORT_ICE_UDP);

  nc = jd_transport_candidate_from_jingle (srflx, JD_JINGLE_TRANSPORT_ICE_UDP, NULL);
  g_assert_cmpint (nc->type, ==, NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE);
  g_assert_cmpint (nc->transport, ==, NICE_CANDIDATE_TRANSPORT_UDP);
  g_assert_cmpuint (nc->component_id, ==, 2);
  g_assert_cmpuint (nice_address_get_port (&nc->base_addr), ==, 45664);
}

static void
test_convert_raw_udp (void)
{
  g_autoptr (JdJingleCandidate) raw = jd_jingle_candidate_new ();
  g_autoptr (NiceCandidate) nc = NULL;
  g_autoptr (JdJingleCandidate) out = NULL;

  raw->component = 1;
  raw->id = g_strdup ("a9j3mnbtu1");
  raw->ip = g_strdup ("10.1.1.104");
  raw->port = 13540;
  check_round_trip (raw, JD_JINGLE_TRANSPORT_RAW_UDP);
  nc = jd_transport_candidate_from_jingle (raw, JD_JINGLE_TRANSPORT_RAW_UDP, NULL);
  out = jd_transport_candidate_to_jingle (nc, JD_JINGLE_TRANSPORT_RAW_UDP, 0);
  /* XEP-0177 §5: no ICE attributes. */
  g_assert_null (out->foundation);
  g_assert_null (out->protocol);
  g_assert_cmpuint (out->priority, ==, 0);
}

static void
test_convert_invalid (void)
{
  g_autoptr (JdJingleCandidate) c =
    jingle_candidate (JD_JINGLE_CANDIDATE_HOST, "192.0.2.3", 45664, NULL, 0);
  g_autoptr (GError) error = NULL;

  g_free (c->protocol);
  c->protocol = g_strdup ("tcp");
  g_assert_null (jd_transport_candidate_from_jingle (c, JD_JINGLE_TRANSPORT_ICE_UDP, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_free (c->protocol);
  c->protocol = g_strdup ("UDP");
  g_free (c->foundation);
  c->foundation = g_strnfill (33, 'f');
  g_assert_null (jd_transport_candidate_from_jingle (c, JD_JINGLE_TRANSPORT_ICE_UDP, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_free (c->foundation);
  c->foundation = g_strdup ("1");
  g_free (c->ip);
  c->ip = g_strdup ("example.org");
  g_assert_null (jd_transport_candidate_from_jingle (c, JD_JINGLE_TRANSPORT_ICE_UDP, &error));
  g_assert_error (error, JD_TRANSPORT_ERROR, JD_TRANSPORT_ERROR_INVALID_ARGUMENT);
}

static void
test_describe (void)
{
  g_autoptr (JdTransportConfig) config = loopback_config (1);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJingleTransport) t = NULL;
  Peer a;

  peer_init (&a, "A", jd_transport_ice_new (config, &error));
  g_assert_no_error (error);
  gather (&a);
  JD_TEST_WAIT_UNTIL (a.gathered, CONNECT_TIMEOUT_MS);
  t = jd_transport_jingle_describe (a.transport, a.candidates, 0);
  g_assert_cmpint (t->type, ==, JD_JINGLE_TRANSPORT_ICE_UDP);
  g_assert_nonnull (t->ufrag);
  g_assert_cmpuint (strlen (t->pwd), >=, 22);  /* RFC 8445 §5.3 */
  g_assert_cmpuint (t->candidates->len, ==, a.candidates->len);
  g_assert_cmpstr (((JdJingleCandidate *) t->candidates->pdata[0])->ip, ==, LOOPBACK);
  peer_clear (&a);
}

/* ---- (e) teardown --------------------------------------------------------- */

static guint
count_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
test_no_fd_leak (void)
{
  guint before;

  /* Warm up one-time descriptors (GLib's wakeup fd, libnice's sockets
   * for interface lookups) so they are not counted as leaks. */
  ice_connect (2, ORDER_CREDENTIALS_FIRST);
  test_raw_udp ();
  jd_test_run_for (50);
  before = count_fds ();
  for (guint i = 0; i < 3; i++)
    {
      ice_connect (2, ORDER_CREDENTIALS_FIRST);
      test_raw_udp ();
    }
  jd_test_run_for (50);
  g_assert_cmpuint (count_fds (), ==, before);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transport/ice/connect/rtcp-mux", test_ice_rtcp_mux);
  g_test_add_func ("/transport/ice/connect/two-components", test_ice_two_components);
  g_test_add_func ("/transport/ice/connect/candidates-before-credentials",
                   test_ice_candidates_first);
  g_test_add_func ("/transport/ice/connect/via-jingle", test_ice_via_jingle);
  g_test_add_func ("/transport/ice/connect/rtcp-component-released", test_ice_release_rtcp);
  g_test_add_func ("/transport/ice/restart/rtcp-mux", test_ice_restart);
  g_test_add_func ("/transport/ice/restart/two-components", test_ice_restart_two_components);
  g_test_add_func ("/transport/ice/restart/both-at-once", test_ice_restart_both);
  g_test_add_func ("/transport/ice/failure", test_ice_failure);
  g_test_add_func ("/transport/ice/bad-input", test_ice_bad_input);
  g_test_add_func ("/transport/ice/stun-turn-config", test_ice_stun_turn_config);
  g_test_add_func ("/transport/raw-udp/connect", test_raw_udp);
  g_test_add_func ("/transport/raw-udp/needs-address", test_raw_udp_needs_address);
  g_test_add_func ("/transport/convert/ice", test_convert_ice);
  g_test_add_func ("/transport/convert/raw-udp", test_convert_raw_udp);
  g_test_add_func ("/transport/convert/invalid", test_convert_invalid);
  g_test_add_func ("/transport/convert/describe", test_describe);
  g_test_add_func ("/transport/teardown/no-fd-leak", test_no_fd_leak);
  return g_test_run ();
}
