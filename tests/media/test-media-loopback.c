/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two media pipelines back to back over UDP on 127.0.0.1, DTLS-SRTP with
 * Opus: alice sends 440 Hz, bob 880 Hz, and each must hear the other's
 * tone (GStreamer's spectrum element on the decoded audio).  Each side's
 * view of the peer certificate matches the fingerprint the peer would
 * signal.  libnice is not involved: the network elements are plain UDP.
 */
#include "jd-test-media.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"

#define BANDS 480
#define RATE 48000

static void
add_stream (JdTestMediaSide *side, double send_hz, double expect_hz, gboolean client,
            JdTestMediaSide *peer)
{
  g_autofree char *source = jd_test_media_tone_source (send_hz);
  g_autofree char *sink = jd_test_media_side_listen (side, expect_hz, RATE, BANDS, 200);
  JdMediaStreamConfig config = { .codec = jd_codec_registry_find ("opus", 48000, 2), .pt = 111,
                                 .dtls_client = client, .dtls_pem = side->pem,
                                 .source = source, .sink = sink };

  jd_test_media_side_add_udp_stream (side, &config, peer);
}

static void
test_dtls_srtp_opus_tones (void)
{
  JdTestMediaSide alice, bob;
  g_autofree char *alice_fp = NULL;
  g_autofree char *bob_fp = NULL;
  g_autofree char *alice_sees = NULL;
  g_autofree char *bob_sees = NULL;
  g_autofree char *alice_peer = NULL;
  g_autofree char *bob_peer = NULL;
  g_autofree char *alice_own = NULL;

  jd_test_media_side_init (&alice, "alice");
  jd_test_media_side_init (&bob, "bob");
  add_stream (&alice, 440, 880, TRUE, &bob);
  add_stream (&bob, 880, 440, FALSE, &alice);
  jd_test_media_start (&alice, &bob);
  jd_test_media_wait_for_tones (&alice, &bob, 5, 10000);

  /* What each would signal matches what the other saw in the handshake. */
  alice_fp = jd_media_pipeline_get_fingerprint (alice.pipeline, 0);
  bob_fp = jd_media_pipeline_get_fingerprint (bob.pipeline, 0);
  alice_own = jd_media_fingerprint_from_pem (alice.pem);
  alice_peer = jd_media_pipeline_get_peer_pem (alice.pipeline, 0);
  bob_peer = jd_media_pipeline_get_peer_pem (bob.pipeline, 0);
  alice_sees = jd_media_fingerprint_from_pem (alice_peer);
  bob_sees = jd_media_fingerprint_from_pem (bob_peer);
  g_assert_nonnull (alice_fp);
  g_assert_nonnull (bob_fp);
  /* Each side has its own certificate (GStreamer's default is one per
   * process), and each saw the other's in the handshake. */
  g_assert_cmpstr (alice_fp, !=, bob_fp);
  g_assert_cmpstr (alice_fp, ==, alice_own);
  g_assert_cmpstr (alice_sees, ==, bob_fp);
  g_assert_cmpstr (bob_sees, ==, alice_fp);

  jd_test_media_side_clear (&alice);
  jd_test_media_side_clear (&bob);
}

static GSocket *
udp_socket (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                  G_SOCKET_PROTOCOL_UDP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  return socket;
}

static guint16
socket_port (GSocket *socket)
{
  g_autoptr (GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

/* udpsrc and udpsink on @socket, sending to @peer's port. */
static void
udp_elements (GSocket *socket, GSocket *peer, GstElement **src, GstElement **sink)
{
  *src = gst_element_factory_make ("udpsrc", NULL);
  *sink = gst_element_factory_make ("udpsink", NULL);
  /* Without the sender's address on each buffer, as nicesrc sends them:
   * rtpsession takes a known SSRC from a new address for an SSRC
   * collision and drops its packets for seconds. */
  g_object_set (*src, "socket", socket, "close-socket", FALSE, "retrieve-sender-address", FALSE,
                NULL);
  g_object_set (*sink, "socket", socket, "close-socket", FALSE, "host", "127.0.0.1",
                "port", (int) socket_port (peer), NULL);
}

/* Datagrams waiting on @socket, discarded. */
static guint
drain (GSocket *socket)
{
  char buffer[2048];
  guint n = 0;

  g_socket_set_blocking (socket, FALSE);
  while (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) > 0)
    n++;
  return n;
}

static void
replace_network (JdTestMediaSide *side, GSocket *socket, GSocket *peer)
{
  g_autoptr (GError) error = NULL;
  GstElement *src, *sink;

  udp_elements (socket, peer, &src, &sink);
  g_assert_true (jd_media_pipeline_replace_network (side->pipeline, 0, src, sink, NULL, NULL,
                                                    &error));
  g_assert_no_error (error);
}

/* A call moves to new sockets while it runs (what a transport-replace or
 * a fresh ICE agent does): the tones come back on the new path without a
 * new DTLS handshake (the peer certificate stays the one of the first),
 * and nothing more goes to the old path. */
static void
test_replace_network_while_running (void)
{
  JdTestMediaSide alice, bob;
  g_autoptr (GSocket) alice_new = udp_socket ();
  g_autoptr (GSocket) bob_new = udp_socket ();
  g_autofree char *peer_before = NULL, *peer_after = NULL;
  g_autoptr (GError) error = NULL;
  GstElement *src, *sink;

  jd_test_media_side_init (&alice, "alice");
  jd_test_media_side_init (&bob, "bob");
  add_stream (&alice, 440, 880, TRUE, &bob);
  add_stream (&bob, 880, 440, FALSE, &alice);
  jd_test_media_start (&alice, &bob);
  jd_test_media_wait_for_tones (&alice, &bob, 5, 10000);
  peer_before = jd_media_pipeline_get_peer_pem (alice.pipeline, 0);

  replace_network (&alice, alice_new, bob_new);
  replace_network (&bob, bob_new, alice_new);
  /* What was in flight on the old path arrives now; then nothing. */
  jd_test_run_for (300);
  drain (alice.socket);
  drain (bob.socket);
  alice.hits = bob.hits = 0;
  jd_test_media_wait_for_tones (&alice, &bob, 5, 10000);
  g_assert_cmpuint (drain (alice.socket), ==, 0);
  g_assert_cmpuint (drain (bob.socket), ==, 0);
  peer_after = jd_media_pipeline_get_peer_pem (alice.pipeline, 0);
  g_assert_cmpstr (peer_after, ==, peer_before);

  /* RTCP elements for a stream built with rtcp-mux: refused. */
  udp_elements (alice.socket, bob.socket, &src, &sink);
  g_assert_false (jd_media_pipeline_replace_network (alice.pipeline, 0, src, sink,
                                                     gst_element_factory_make ("fakesrc", NULL),
                                                     gst_element_factory_make ("fakesink", NULL),
                                                     &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);

  jd_test_media_side_clear (&alice);
  jd_test_media_side_clear (&bob);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/loopback/dtls-srtp-opus-tones", test_dtls_srtp_opus_tones);
  g_test_add_func ("/media/loopback/replace-network-while-running",
                   test_replace_network_while_running);
  return g_test_run ();
}
