/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Streams without rtcp-mux (RFC 5761 refused by the peer): two pipelines
 * back to back on 127.0.0.1, each with two UDP sockets, one for RTP and
 * one for RTCP, as ICE components 1 and 2 would be.  For DTLS-SRTP,
 * SDES-SRTP and plain RTP, with PCMU (alice sends 440 Hz, bob 880 Hz):
 *
 * - each side hears the other's tone;
 * - RTCP takes its own path: RTCP packets (RFC 5761 §4: second byte
 *   192–223, readable before decryption) arrive on each RTCP socket and
 *   none on the RTP sockets, and the round-trip time, which needs the
 *   peer's receiver reports on our sender reports, becomes known on both
 *   sides;
 * - DTLS: each transport has its own association (RFC 5764 §4.1), so
 *   "peer-certificate" comes twice on each side (once per association),
 *   each time with the certificate whose fingerprint the peer would
 *   signal.
 */
#include <math.h>

#include <gio/gio.h>

#include "jd-test-capture.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"
#include "media/jd-dtls-certificate.h"
#include "media/jd-media-pipeline.h"
#include "media/jd-media-srtp.h"
#include "media/jd-media-tone.h"

#define RATE 8000
#define BANDS 201            /* 20 Hz bins: 440 and 880 Hz fall on one each */
#define VOLUME 0.4
#define ENOUGH_HITS 5
#define SUITE "AES_CM_128_HMAC_SHA1_80"

typedef struct {
  JdMediaPipeline *pipeline;
  GSocket *rtp_socket;
  GSocket *rtcp_socket;
  double expected_hz;
  guint hits;                /* spectrum reports with the expected peak */
  double last_peak_hz;
  gint rtcp_on_rtcp;         /* RTCP datagrams in on each socket; atomic */
  gint rtcp_on_rtp;
  GError *error;
  char *pem;                 /* our DTLS certificate */
  char *send_key;            /* our SDES key-params */
  GPtrArray *peer_pems;      /* one per "peer-certificate" */
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
on_peer_certificate (JdMediaPipeline *p, guint stream, const char *pem, Side *side)
{
  g_assert_cmpuint (stream, ==, 0);
  g_ptr_array_add (side->peer_pems, g_strdup (pem));
}

/* RFC 5761 §4: version 2 and an RTCP packet type.  DTLS records start
 * with a content type of 20–63, never with version bits 10. */
static gboolean
is_rtcp (GstBuffer *buf)
{
  guint8 head[2];

  return gst_buffer_extract (buf, 0, head, sizeof head) == sizeof head && (head[0] >> 6) == 2 &&
         head[1] >= 192 && head[1] <= 223;
}

/* Streaming thread. */
static GstPadProbeReturn
count_rtcp (GstPadProbeInfo *info, gint *counter)
{
  if (is_rtcp (GST_PAD_PROBE_INFO_BUFFER (info)))
    g_atomic_int_inc (counter);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_rtcp_socket (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return count_rtcp (info, &((Side *) user_data)->rtcp_on_rtcp);
}

static GstPadProbeReturn
on_rtp_socket (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  return count_rtcp (info, &((Side *) user_data)->rtcp_on_rtp);
}

static void
udp_pair (GSocket *socket, GSocket *peer, GstPadProbeCallback probe, Side *side,
          GstElement **src, GstElement **sink)
{
  g_autoptr (GstPad) pad = NULL;

  *src = gst_element_factory_make ("udpsrc", NULL);
  *sink = gst_element_factory_make ("udpsink", NULL);
  g_assert_nonnull (*src);
  g_assert_nonnull (*sink);
  g_object_set (*src, "socket", socket, "close-socket", FALSE, NULL);
  g_object_set (*sink, "socket", socket, "close-socket", FALSE, "host", "127.0.0.1",
                "port", (int) port_of (peer), NULL);
  pad = gst_element_get_static_pad (*src, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, probe, side, NULL);
}

static void
setup_side (Side *side, Side *peer, const char *name, JdMediaCrypto crypto, guint send_hz,
            gboolean dtls_client)
{
  g_autofree char *source = jd_test_pcmu_tone_source (send_hz, VOLUME);
  g_autofree char *sink = jd_media_tone_sink_description (RATE, BANDS, 200);
  JdMediaStreamConfig config = {
    .codec = jd_codec_registry_find ("PCMU", 8000, 1), .pt = 0, .dtls_client = dtls_client,
    .dtls_pem = side->pem, .source = source, .sink = sink, .crypto = crypto,
    .sdes_suite = SUITE, .sdes_send_key = side->send_key, .sdes_recv_key = peer->send_key,
  };
  g_autoptr (GError) error = NULL;
  GstElement *rtp_src, *rtp_sink, *rtcp_src, *rtcp_sink;

  g_assert_nonnull (config.codec);
  udp_pair (side->rtp_socket, peer->rtp_socket, on_rtp_socket, side, &rtp_src, &rtp_sink);
  udp_pair (side->rtcp_socket, peer->rtcp_socket, on_rtcp_socket, side, &rtcp_src, &rtcp_sink);
  side->pipeline = jd_media_pipeline_new (name);
  g_signal_connect (side->pipeline, "element-message", G_CALLBACK (on_element_message), side);
  g_signal_connect (side->pipeline, "error", G_CALLBACK (on_error), side);
  g_signal_connect (side->pipeline, "peer-certificate", G_CALLBACK (on_peer_certificate), side);
  g_assert_true (jd_media_pipeline_add_stream_full (side->pipeline, 0, &config, rtp_src,
                                                    rtp_sink, rtcp_src, rtcp_sink, &error));
  g_assert_no_error (error);
}

static void
init_side (Side *side, JdMediaCrypto crypto, double expected_hz)
{
  g_autoptr (GError) error = NULL;

  side->rtp_socket = bind_loopback ();
  side->rtcp_socket = bind_loopback ();
  side->expected_hz = expected_hz;
  side->peer_pems = g_ptr_array_new_with_free_func (g_free);
  side->pem = jd_dtls_certificate_new (&error);
  g_assert_no_error (error);
  if (crypto == JD_MEDIA_CRYPTO_SDES)
    {
      side->send_key = jd_media_srtp_key_params_new (SUITE, &error);
      g_assert_no_error (error);
    }
}

static void
end_side (Side *side)
{
  g_assert_no_error (side->error);
  jd_media_pipeline_stop (side->pipeline);
  g_object_unref (side->pipeline);
  g_object_unref (side->rtp_socket);
  g_object_unref (side->rtcp_socket);
  g_free (side->pem);
  g_free (side->send_key);
  g_ptr_array_unref (side->peer_pems);
}

static double
rtt_of (Side *side)
{
  JdMediaStats stats;

  g_assert_true (jd_media_pipeline_get_stats (side->pipeline, 0, &stats));
  return stats.rtt_ms;
}

/* Every certificate @side saw is the one @peer would signal. */
static void
check_peer_certificates (Side *side, Side *peer)
{
  g_autofree char *expected = jd_media_fingerprint_from_pem (peer->pem);

  g_assert_cmpuint (side->peer_pems->len, ==, 2);
  for (guint i = 0; i < side->peer_pems->len; i++)
    {
      g_autofree char *seen = jd_media_fingerprint_from_pem (side->peer_pems->pdata[i]);

      g_assert_cmpstr (seen, ==, expected);
    }
}

static void
test_separate_rtcp (gconstpointer data)
{
  JdMediaCrypto crypto = GPOINTER_TO_INT (data);
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;

  init_side (&alice, crypto, 880);
  init_side (&bob, crypto, 440);
  setup_side (&alice, &bob, "alice", crypto, 440, TRUE);
  setup_side (&bob, &alice, "bob", crypto, 880, FALSE);
  g_assert_true (jd_media_pipeline_start (alice.pipeline, &error));
  g_assert_true (jd_media_pipeline_start (bob.pipeline, &error));

  JD_TEST_WAIT_UNTIL ((alice.hits >= ENOUGH_HITS && bob.hits >= ENOUGH_HITS) || alice.error ||
                      bob.error, 10000);
  g_assert_no_error (alice.error);
  g_assert_no_error (bob.error);
  g_test_message ("alice hears %.0f Hz, bob hears %.0f Hz", alice.last_peak_hz,
                  bob.last_peak_hz);
  JD_TEST_WAIT_UNTIL ((rtt_of (&alice) >= 0 && rtt_of (&bob) >= 0) || alice.error || bob.error,
                      15000);
  g_assert_no_error (alice.error);
  g_assert_no_error (bob.error);
  g_test_message ("rtt %.2f ms (alice), %.2f ms (bob); RTCP datagrams on the RTCP sockets "
                  "%d (alice), %d (bob)", rtt_of (&alice), rtt_of (&bob),
                  g_atomic_int_get (&alice.rtcp_on_rtcp), g_atomic_int_get (&bob.rtcp_on_rtcp));
  g_assert_cmpint (g_atomic_int_get (&alice.rtcp_on_rtcp), >, 0);
  g_assert_cmpint (g_atomic_int_get (&bob.rtcp_on_rtcp), >, 0);
  g_assert_cmpint (g_atomic_int_get (&alice.rtcp_on_rtp), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&bob.rtcp_on_rtp), ==, 0);
  if (crypto == JD_MEDIA_CRYPTO_DTLS)
    {
      check_peer_certificates (&alice, &bob);
      check_peer_certificates (&bob, &alice);
    }
  else
    {
      g_assert_cmpuint (alice.peer_pems->len, ==, 0);
      g_assert_cmpuint (bob.peer_pems->len, ==, 0);
    }
  end_side (&alice);
  end_side (&bob);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/media/rtcp/separate/dtls-srtp", GINT_TO_POINTER (JD_MEDIA_CRYPTO_DTLS),
                        test_separate_rtcp);
  g_test_add_data_func ("/media/rtcp/separate/sdes-srtp", GINT_TO_POINTER (JD_MEDIA_CRYPTO_SDES),
                        test_separate_rtcp);
  g_test_add_data_func ("/media/rtcp/separate/plain-rtp", GINT_TO_POINTER (JD_MEDIA_CRYPTO_NONE),
                        test_separate_rtcp);
  return g_test_run ();
}
