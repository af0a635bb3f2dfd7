/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two media pipelines back to back over UDP on 127.0.0.1, DTLS-SRTP with
 * Opus: alice sends 440 Hz, bob 880 Hz, and each must hear the other's
 * tone (GStreamer's spectrum element on the decoded audio).  Each side's
 * view of the peer certificate matches the fingerprint the peer would
 * signal.  libnice is not involved: the network elements are plain UDP.
 */
#include "jd-test-media.h"
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

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/loopback/dtls-srtp-opus-tones", test_dtls_srtp_opus_tones);
  return g_test_run ();
}
