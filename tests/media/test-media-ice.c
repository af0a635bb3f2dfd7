/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Media over real ICE: two libnice agents on 127.0.0.1 (JdTransportIce)
 * connect, then two pipelines send DTLS-SRTP Opus through nicesink/nicesrc
 * on those agents with rtcp-mux, as a call will.  Alice sends 440 Hz, bob
 * 880 Hz; each must hear the other's tone.  No signalling: candidates and
 * credentials are handed over in memory.
 */
#include <math.h>

#include "jd-test-util.h"
#include "media/jd-codec-registry.h"
#include "media/jd-media-pipeline.h"
#include "media/jd-media-tone.h"
#include "transport/jd-transport.h"

#define BANDS 480
#define RATE 48000

typedef struct Side Side;
struct Side {
  JdTransport *transport;
  Side *peer;
  JdMediaPipeline *pipeline;
  double expected_hz;
  guint hits;
  double last_peak_hz;
  GError *error;
};

static void
on_candidate (JdTransport *transport, const NiceCandidate *candidate, gpointer user_data)
{
  Side *side = user_data;

  g_assert_true (jd_transport_add_remote_candidate (side->peer->transport, candidate, NULL));
}

static void
make_transport (Side *side, gboolean controlling)
{
  g_autoptr (JdTransportConfig) config = jd_transport_config_new (1);   /* rtcp-mux */
  g_autoptr (GError) error = NULL;

  jd_transport_config_add_local_address (config, "127.0.0.1");
  side->transport = jd_transport_ice_new (config, &error);
  g_assert_no_error (error);
  jd_transport_set_controlling (side->transport, controlling);
  jd_transport_set_local_candidate_func (side->transport, on_candidate, side, NULL);
}

static void
exchange_credentials (Side *a, Side *b)
{
  g_autofree char *ufrag = NULL;
  g_autofree char *pwd = NULL;

  g_assert_true (jd_transport_get_local_credentials (a->transport, &ufrag, &pwd));
  g_assert_true (jd_transport_set_remote_credentials (b->transport, ufrag, pwd, NULL));
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
make_pipeline (Side *side, const char *name, double send_hz, gboolean dtls_client)
{
  guint stream_id = 0;
  NiceAgent *agent = jd_transport_get_agent (side->transport, &stream_id);
  g_autofree char *source = g_strdup_printf ("audiotestsrc is-live=true freq=%.0f volume=0.4",
                                             send_hz);
  g_autofree char *sink = jd_media_tone_sink_description (RATE, BANDS, 200);
  JdMediaStreamConfig config = { .codec = jd_codec_registry_find ("opus", 48000, 2), .pt = 111,
                                 .dtls_client = dtls_client, .source = source, .sink = sink };
  GstElement *src = gst_element_factory_make ("nicesrc", NULL);
  GstElement *dst = gst_element_factory_make ("nicesink", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (agent);
  g_object_set (src, "agent", agent, "stream", stream_id, "component", 1, NULL);
  g_object_set (dst, "agent", agent, "stream", stream_id, "component", 1, NULL);
  side->pipeline = jd_media_pipeline_new (name);
  g_signal_connect (side->pipeline, "element-message", G_CALLBACK (on_element_message), side);
  g_signal_connect (side->pipeline, "error", G_CALLBACK (on_error), side);
  g_assert_true (jd_media_pipeline_add_stream (side->pipeline, 0, &config, src, dst, &error));
  g_assert_no_error (error);
}

static void
test_ice_dtls_srtp_opus_tones (void)
{
  Side alice = { .expected_hz = 880 }, bob = { .expected_hz = 440 };
  gint64 t0 = g_get_monotonic_time ();

  alice.peer = &bob;
  bob.peer = &alice;
  make_transport (&alice, TRUE);
  make_transport (&bob, FALSE);
  exchange_credentials (&alice, &bob);
  exchange_credentials (&bob, &alice);
  g_assert_true (jd_transport_gather (alice.transport, NULL));
  g_assert_true (jd_transport_gather (bob.transport, NULL));
  JD_TEST_WAIT_UNTIL (jd_transport_get_state (alice.transport) == JD_TRANSPORT_STATE_CONNECTED &&
                        jd_transport_get_state (bob.transport) == JD_TRANSPORT_STATE_CONNECTED,
                      10000);
  g_test_message ("ICE connected after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - t0) / 1000);

  /* The ICE controlling side takes the DTLS client role here, as a call's
   * initiator answering "actpass" with "active" would. */
  make_pipeline (&alice, "alice", 440, TRUE);
  make_pipeline (&bob, "bob", 880, FALSE);
  g_assert_true (jd_media_pipeline_start (alice.pipeline, NULL));
  g_assert_true (jd_media_pipeline_start (bob.pipeline, NULL));
  JD_TEST_WAIT_UNTIL ((alice.hits >= 5 && bob.hits >= 5) || alice.error || bob.error, 15000);
  g_assert_no_error (alice.error);
  g_assert_no_error (bob.error);
  g_test_message ("alice hears %.0f Hz, bob hears %.0f Hz", alice.last_peak_hz, bob.last_peak_hz);

  jd_media_pipeline_stop (alice.pipeline);
  jd_media_pipeline_stop (bob.pipeline);
  g_object_unref (alice.pipeline);
  g_object_unref (bob.pipeline);
  jd_transport_close (alice.transport);
  jd_transport_close (bob.transport);
  g_object_unref (alice.transport);
  g_object_unref (bob.transport);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/ice/dtls-srtp-opus-tones", test_ice_dtls_srtp_opus_tones);
  return g_test_run ();
}
