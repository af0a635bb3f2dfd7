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
#include "jd-test-media.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"

#define BANDS 480
#define RATE 48000

typedef struct {
  JdTestMediaSide alice;
  JdTestMediaSide bob;
} Call;

static void
add_stream (JdTestMediaSide *side, double send_hz, double expect_hz, gboolean client,
            JdTestMediaSide *peer)
{
  g_autofree char *source = jd_test_media_tone_source (send_hz);
  g_autofree char *sink = jd_test_media_side_listen (side, expect_hz, RATE, BANDS, 100);
  JdMediaStreamConfig config = {
    .codec = jd_codec_registry_find ("opus", 48000, 2), .pt = 111, .dtls_client = client,
    .dtls_pem = side->pem, .source = source, .sink = sink,
    .dtmf_codec = jd_codec_registry_find ("telephone-event", 48000, 1), .dtmf_pt = 101,
  };

  jd_test_media_side_add_udp_stream (side, &config, peer);
}

static JdMediaStats
stats_of (JdTestMediaSide *side)
{
  JdMediaStats stats;

  g_assert_true (jd_media_pipeline_get_stats (side->pipeline, 0, &stats));
  return stats;
}

/* Alice sends 440 Hz, bob 880 Hz; returns once each hears the other. */
static void
start_call (Call *call)
{
  jd_test_media_side_init (&call->alice, "alice");
  jd_test_media_side_init (&call->bob, "bob");
  add_stream (&call->alice, 440, 880, TRUE, &call->bob);
  add_stream (&call->bob, 880, 440, FALSE, &call->alice);
  jd_test_media_start (&call->alice, &call->bob);
  jd_test_media_wait_for_tones (&call->alice, &call->bob, 5, 10000);
}

static void
end_call (Call *call)
{
  g_assert_no_error (call->alice.error);
  g_assert_no_error (call->bob.error);
  jd_test_media_side_clear (&call->alice);
  jd_test_media_side_clear (&call->bob);
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
