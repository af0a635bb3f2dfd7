/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hold, mute and statistics between two media pipelines back to back
 * over UDP on 127.0.0.1 with DTLS-SRTP and Opus (as
 * test-media-loopback.c).  While alice does not send, bob receives no RTP
 * packet and hears nothing new, while alice still hears bob; when she
 * sends again, bob hears her tone again.  The statistics of both sides
 * count what went each way, with no loss on loopback and a round-trip
 * time from RTCP.
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
  char *pem;
  double expected_hz;
  guint hits;                /* spectrum reports with the peer's tone */
  GError *error;
} Side;

typedef struct {
  Side alice;
  Side bob;
} Call;

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

  /* Within one FFT bin of the tone: silence or concealment is elsewhere. */
  if (hz >= 0 && fabs (hz - side->expected_hz) <= RATE / (2.0 * (2 * BANDS - 2)) + 1)
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
  g_autofree char *source = g_strdup_printf ("audiotestsrc is-live=true wave=sine freq=%.0f "
                                             "volume=0.4", send_hz);
  g_autofree char *sink = jd_media_tone_sink_description (RATE, BANDS, 100);
  JdMediaStreamConfig config = {
    .codec = jd_codec_registry_find ("opus", 48000, 2), .pt = 111, .dtls_client = client,
    .source = source, .sink = sink,
    .dtmf_codec = jd_codec_registry_find ("telephone-event", 48000, 1), .dtmf_pt = 101,
  };
  g_autoptr (GError) error = NULL;
  GstElement *net_src = gst_element_factory_make ("udpsrc", NULL);
  GstElement *net_sink = gst_element_factory_make ("udpsink", NULL);

  side->pem = jd_dtls_certificate_new (NULL);
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
teardown_side (Side *side)
{
  jd_media_pipeline_stop (side->pipeline);
  g_object_unref (side->pipeline);
  g_object_unref (side->socket);
  g_clear_error (&side->error);
  g_free (side->pem);
}

static JdMediaStats
stats_of (Side *side)
{
  JdMediaStats stats;

  g_assert_true (jd_media_pipeline_get_stats (side->pipeline, 0, &stats));
  return stats;
}

/* Alice sends 440 Hz, bob 880 Hz; returns once each hears the other. */
static void
start_call (Call *call)
{
  g_autoptr (GError) error = NULL;

  call->alice.socket = bind_loopback ();
  call->bob.socket = bind_loopback ();
  setup_side (&call->alice, "alice", 440, 880, TRUE, port_of (call->bob.socket));
  setup_side (&call->bob, "bob", 880, 440, FALSE, port_of (call->alice.socket));
  g_assert_true (jd_media_pipeline_start (call->alice.pipeline, &error));
  g_assert_true (jd_media_pipeline_start (call->bob.pipeline, &error));
  JD_TEST_WAIT_UNTIL ((call->alice.hits >= 5 && call->bob.hits >= 5) || call->alice.error ||
                      call->bob.error, 10000);
  g_assert_no_error (call->alice.error);
  g_assert_no_error (call->bob.error);
}

static void
end_call (Call *call)
{
  g_assert_no_error (call->alice.error);
  g_assert_no_error (call->bob.error);
  teardown_side (&call->alice);
  teardown_side (&call->bob);
}

static void
test_hold_and_resume (void)
{
  Call call = { 0 };
  g_autoptr (GError) error = NULL;
  guint64 bob_before, alice_before, sent_before;
  guint hits_before;

  start_call (&call);
  jd_media_pipeline_set_sending (call.alice.pipeline, 0, FALSE);
  /* What was already on its way through the network elements. */
  jd_test_run_for (200);
  bob_before = stats_of (&call.bob).packets_received;
  alice_before = stats_of (&call.alice).packets_received;
  sent_before = stats_of (&call.alice).packets_sent;
  g_assert_false (jd_media_pipeline_send_dtmf (call.alice.pipeline, 0, "1", 0, 0, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SENDING);
  jd_test_run_for (1000);
  g_assert_cmpuint (stats_of (&call.bob).packets_received, ==, bob_before);
  g_assert_cmpuint (stats_of (&call.alice).packets_sent, ==, sent_before);
  /* Only alice's sending stopped: she still hears bob. */
  g_assert_cmpuint (stats_of (&call.alice).packets_received, >, alice_before);

  hits_before = call.bob.hits;
  jd_media_pipeline_set_sending (call.alice.pipeline, 0, TRUE);
  JD_TEST_WAIT_UNTIL (stats_of (&call.bob).packets_received > bob_before &&
                      call.bob.hits >= hits_before + 5, 5000);
  /* The sequence numbers ran on across the hold: nothing counts as lost. */
  g_assert_cmpint (stats_of (&call.bob).packets_lost, ==, 0);
  end_call (&call);
}

/* Mute is the same per stream: bob mutes, alice stops hearing him and
 * bob keeps hearing alice. */
static void
test_mute (void)
{
  Call call = { 0 };
  guint64 alice_before, bob_before;
  guint hits_before;

  start_call (&call);
  jd_media_pipeline_set_sending (call.bob.pipeline, 0, FALSE);
  jd_test_run_for (200);
  alice_before = stats_of (&call.alice).packets_received;
  bob_before = stats_of (&call.bob).packets_received;
  hits_before = call.bob.hits;
  jd_test_run_for (1000);
  g_assert_cmpuint (stats_of (&call.alice).packets_received, ==, alice_before);
  g_assert_cmpuint (stats_of (&call.bob).packets_received, >, bob_before);
  g_assert_cmpuint (call.bob.hits, >, hits_before);
  jd_media_pipeline_set_sending (call.bob.pipeline, 0, TRUE);
  JD_TEST_WAIT_UNTIL (stats_of (&call.alice).packets_received > alice_before, 5000);
  end_call (&call);
}

static gboolean
rtt_known (Call *call)
{
  return stats_of (&call->alice).rtt_ms >= 0 && stats_of (&call->bob).rtt_ms >= 0;
}

static void
check_stats (const char *who, const JdMediaStats *stats)
{
  g_test_message ("%s: sent %" G_GUINT64_FORMAT " packets / %" G_GUINT64_FORMAT " bytes, "
                  "received %" G_GUINT64_FORMAT " / %" G_GUINT64_FORMAT ", lost %" G_GINT64_FORMAT
                  ", jitter %.2f ms, rtt %.2f ms, %s", who, stats->packets_sent,
                  stats->bytes_sent, stats->packets_received, stats->bytes_received,
                  stats->packets_lost, stats->jitter_ms, stats->rtt_ms, stats->codec);
  g_assert_cmpuint (stats->packets_sent, >, 0);
  g_assert_cmpuint (stats->bytes_sent, >, stats->packets_sent);
  g_assert_cmpuint (stats->packets_received, >, 0);
  g_assert_cmpuint (stats->bytes_received, >, stats->packets_received);
  g_assert_cmpint (stats->packets_lost, ==, 0);
  g_assert_cmpfloat (stats->jitter_ms, >=, 0);
  g_assert_cmpstr (stats->codec, ==, "opus");
}

static void
test_stats (void)
{
  Call call = { 0 };
  JdMediaStats alice, bob;

  start_call (&call);
  /* Each side needs an RTCP sender report of its own and the peer's
   * receiver report answering it: about 2 s with reports every second. */
  JD_TEST_WAIT_UNTIL (rtt_known (&call), 10000);
  /* Bob first: what he has received alice had sent by then. */
  bob = stats_of (&call.bob);
  alice = stats_of (&call.alice);
  check_stats ("alice", &alice);
  check_stats ("bob", &bob);
  g_assert_cmpuint (bob.packets_received, <=, alice.packets_sent);
  /* Less what is in flight, a few 20 ms packets on loopback. */
  g_assert_cmpuint (bob.packets_received + 50, >=, alice.packets_sent);
  g_assert_false (jd_media_pipeline_get_stats (call.alice.pipeline, 7, &alice));
  end_call (&call);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/hold/stop-and-resume", test_hold_and_resume);
  g_test_add_func ("/media/hold/mute", test_mute);
  g_test_add_func ("/media/stats/loopback", test_stats);
  return g_test_run ();
}
