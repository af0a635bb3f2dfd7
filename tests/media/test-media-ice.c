/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Media over real ICE: two libnice agents on 127.0.0.1 (JdTransportIce)
 * connect, then two pipelines send DTLS-SRTP Opus through nicesink/nicesrc
 * on those agents with rtcp-mux, as a call will.  Alice sends 440 Hz, bob
 * 880 Hz; each must hear the other's tone.  No signalling: candidates and
 * credentials are handed over in memory.
 */
#include "jd-test-media.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"
#include "transport/jd-transport.h"

#define BANDS 480
#define RATE 48000

typedef struct Side Side;
struct Side {
  JdTestMediaSide media;
  JdTransport *transport;
  Side *peer;
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
make_pipeline (Side *side, const char *name, double send_hz, double expect_hz,
               gboolean dtls_client)
{
  guint stream_id = 0;
  NiceAgent *agent = jd_transport_get_agent (side->transport, &stream_id);
  g_autofree char *source = jd_test_media_tone_source (send_hz);
  g_autofree char *sink = NULL;
  JdMediaStreamConfig config = { .codec = jd_codec_registry_find ("opus", 48000, 2), .pt = 111,
                                 .dtls_client = dtls_client, .source = source };
  GstElement *src = gst_element_factory_make ("nicesrc", NULL);
  GstElement *dst = gst_element_factory_make ("nicesink", NULL);

  g_assert_nonnull (agent);
  g_object_set (src, "agent", agent, "stream", stream_id, "component", 1, NULL);
  g_object_set (dst, "agent", agent, "stream", stream_id, "component", 1, NULL);
  jd_test_media_side_init (&side->media, name);
  sink = jd_test_media_side_listen (&side->media, expect_hz, RATE, BANDS, 200);
  config.sink = sink;
  jd_test_media_side_add_stream (&side->media, &config, src, dst);
}

static void
test_ice_dtls_srtp_opus_tones (void)
{
  Side alice = { 0 }, bob = { 0 };
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
  make_pipeline (&alice, "alice", 440, 880, TRUE);
  make_pipeline (&bob, "bob", 880, 440, FALSE);
  jd_test_media_start (&alice.media, &bob.media);
  jd_test_media_wait_for_tones (&alice.media, &bob.media, 5, 15000);

  jd_test_media_side_clear (&alice.media);
  jd_test_media_side_clear (&bob.media);
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
