/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two media pipelines back to back over UDP on 127.0.0.1, DTLS-SRTP with
 * Opus: alice sends 440 Hz, bob 880 Hz, and each must hear the other's
 * tone (GStreamer's spectrum element on the decoded audio).  Each side's
 * view of the peer certificate matches the fingerprint the peer would
 * signal.  libnice is not involved: the network elements are plain UDP.
 */
#include <math.h>

#include <gio/gio.h>

#include "jd-test-util.h"
#include "media/jd-codec-registry.h"
#include "media/jd-dtls-certificate.h"
#include "media/jd-media-pipeline.h"
#include "media/jd-media-tone.h"

#define BANDS 480
#define RATE 48000

typedef struct {
  JdMediaPipeline *pipeline;
  GSocket *socket;
  double expected_hz;
  guint hits;                /* spectrum reports with the expected peak */
  guint reports;
  double last_peak_hz;
  GError *error;
  char *pem;
} Side;

static GSocket *
bind_loopback (void)
{
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  GSocket *sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                G_SOCKET_PROTOCOL_UDP, NULL);

  g_assert_true (g_socket_bind (sock, addr, FALSE, NULL));
  return sock;
}

static guint16
port_of (GSocket *sock)
{
  g_autoptr (GSocketAddress) addr = g_socket_get_local_address (sock, NULL);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr));
}

static void
on_element_message (JdMediaPipeline *p, GstMessage *msg, Side *side)
{
  double hz = jd_media_tone_peak_hz (msg, RATE);

  if (hz < 0)
    return;
  side->last_peak_hz = hz;
  /* Within one FFT bin of the tone. */
  if (fabs (hz - side->expected_hz) <= RATE / (2.0 * (2 * BANDS - 2)) + 1)
    side->hits++;
}

static void
on_error (JdMediaPipeline *p, const GError *error, Side *side)
{
  if (side->error == NULL)
    side->error = g_error_copy (error);
}

static void
setup_side (Side *side, const char *name, double send_hz, double expect_hz, gboolean client,
            guint16 peer_port)
{
  const JdCodec *opus = jd_codec_registry_find ("opus", 48000, 2);
  g_autofree char *source = g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%.0f "
                                             "volume=0.4", send_hz);
  g_autofree char *sink = jd_media_tone_sink_description (RATE, BANDS, 200);
  JdMediaStreamConfig config = { .codec = opus, .pt = 111, .dtls_client = client,
                                 .source = source, .sink = sink };

  g_autoptr (GError) error = NULL;
  GstElement *net_src = gst_element_factory_make ("udpsrc", NULL);
  GstElement *net_sink = gst_element_factory_make ("udpsink", NULL);

  g_assert_nonnull (opus);
  side->pem = jd_dtls_certificate_new (NULL);
  g_assert_nonnull (side->pem);
  config.dtls_pem = side->pem;
  side->expected_hz = expect_hz;
  g_object_set (net_src, "socket", side->socket, "close-socket", FALSE, NULL);
  g_object_set (net_sink, "socket", side->socket, "close-socket", FALSE,
                "host", "127.0.0.1", "port", (int) peer_port, NULL);
  side->pipeline = jd_media_pipeline_new (name);
  g_signal_connect (side->pipeline, "element-message", G_CALLBACK (on_element_message), side);
  g_signal_connect (side->pipeline, "error", G_CALLBACK (on_error), side);
  g_assert_true (jd_media_pipeline_add_stream (side->pipeline, 0, &config, net_src, net_sink,
                                               &error));
  g_assert_no_error (error);
}

static void
test_dtls_srtp_opus_tones (void)
{
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *alice_fp = NULL;
  g_autofree char *bob_fp = NULL;
  g_autofree char *alice_sees = NULL;
  g_autofree char *bob_sees = NULL;
  g_autofree char *alice_peer = NULL;
  g_autofree char *bob_peer = NULL;
  g_autofree char *alice_own = NULL;

  alice.socket = bind_loopback ();
  bob.socket = bind_loopback ();
  setup_side (&alice, "alice", 440, 880, TRUE, port_of (bob.socket));
  setup_side (&bob, "bob", 880, 440, FALSE, port_of (alice.socket));
  g_assert_true (jd_media_pipeline_start (alice.pipeline, &error));
  g_assert_true (jd_media_pipeline_start (bob.pipeline, &error));

  JD_TEST_WAIT_UNTIL ((alice.hits >= 5 && bob.hits >= 5) || alice.error || bob.error, 10000);
  g_assert_no_error (alice.error);
  g_assert_no_error (bob.error);
  g_test_message ("alice hears %.0f Hz, bob hears %.0f Hz", alice.last_peak_hz, bob.last_peak_hz);

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

  jd_media_pipeline_stop (alice.pipeline);
  jd_media_pipeline_stop (bob.pipeline);
  g_object_unref (alice.pipeline);
  g_object_unref (bob.pipeline);
  g_object_unref (alice.socket);
  g_object_unref (bob.socket);
  g_free (alice.pem);
  g_free (bob.pem);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/loopback/dtls-srtp-opus-tones", test_dtls_srtp_opus_tones);
  return g_test_run ();
}
