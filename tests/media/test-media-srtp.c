/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The encryption modes of a media stream, with two pipelines back to
 * back over UDP on 127.0.0.1 sending PCMU tones (alice 440 Hz, bob
 * 880 Hz unless a test says otherwise):
 *
 * - SDES-SRTP with each supported crypto-suite: each side hears the
 *   other's tone; with a wrong key the packets arrive but no tone does;
 * - plain RTP: each side hears the other;
 * - on the wire (an AF_PACKET capture on lo, which needs CAP_NET_RAW):
 *   the μ-law bytes of alice's 500 Hz tone are in the UDP payloads of a
 *   plain RTP call and in neither an SDES nor a DTLS one, while bob hears
 *   the tone in all three;
 * - DTLS-SRTP: "peer-certificate" gives each side the certificate whose
 *   fingerprint the other would signal;
 * - the SDES key-params themselves: length per suite, fresh each time,
 *   malformed ones refused.
 */
#include <string.h>

#include "jd-test-capture.h"
#include "jd-test-media.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"
#include "media/jd-media-srtp.h"

#define RATE 8000
#define BANDS 201            /* 20 Hz bins: 440, 500 and 880 Hz fall on one each */
#define VOLUME 0.4
#define PATTERN_HZ 500       /* 16 samples a period at 8000 Hz */
#define ENOUGH_HITS 5

typedef struct {
  JdTestMediaSide media;
  gint packets;              /* datagrams in from the network; atomic */
  char *send_key;            /* our SDES key-params */
  char *peer_pem;            /* from "peer-certificate" */
  guint peer_stream;
} Side;

typedef struct {
  JdMediaCrypto crypto;
  const char *suite;
  guint alice_hz;
  guint bob_hz;
  gboolean wrong_key;        /* bob decrypts with a key alice does not use */
} Call;

static void
on_peer_certificate (JdMediaPipeline *p, guint stream, const char *pem, Side *side)
{
  g_free (side->peer_pem);
  side->peer_pem = g_strdup (pem);
  side->peer_stream = stream;
}

/* Streaming thread. */
static GstPadProbeReturn
on_datagram (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Side *side = user_data;

  g_atomic_int_inc (&side->packets);
  return GST_PAD_PROBE_OK;
}

static void
setup_side (Side *side, const Call *call, guint send_hz, double expect_hz, gboolean dtls_client,
            const char *recv_key, Side *peer)
{
  g_autofree char *source = jd_test_pcmu_tone_source (send_hz, VOLUME);
  g_autofree char *sink = jd_test_media_side_listen (&side->media, expect_hz, RATE, BANDS, 200);
  JdMediaStreamConfig config = {
    .codec = jd_codec_registry_find ("PCMU", 8000, 1), .pt = 0, .dtls_client = dtls_client,
    .dtls_pem = side->media.pem, .source = source, .sink = sink, .crypto = call->crypto,
    .sdes_suite = call->suite, .sdes_send_key = side->send_key, .sdes_recv_key = recv_key,
  };
  g_autoptr (GstPad) pad = NULL;

  g_signal_connect (side->media.pipeline, "peer-certificate", G_CALLBACK (on_peer_certificate),
                    side);
  jd_test_media_side_add_udp_stream (&side->media, &config, &peer->media);
  pad = gst_element_get_static_pad (side->media.net_src, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_datagram, side, NULL);
}

static char *
new_key (const Call *call)
{
  g_autoptr (GError) error = NULL;
  char *key;

  if (call->crypto != JD_MEDIA_CRYPTO_SDES)
    return NULL;
  key = jd_media_srtp_key_params_new (call->suite, &error);
  g_assert_no_error (error);
  return key;
}

/* Alice is the DTLS client; each side gets fresh keys and a certificate.
 * @capture, if any, watches the call's ports before the first packet. */
static void
start_call (Side *alice, Side *bob, const Call *call, JdTestCapture *capture)
{
  g_autofree char *bob_recv_key = NULL;

  jd_test_media_side_init (&alice->media, "alice");
  jd_test_media_side_init (&bob->media, "bob");
  if (capture != NULL)
    {
      jd_test_capture_add_port (capture, jd_test_media_side_get_port (&alice->media));
      jd_test_capture_add_port (capture, jd_test_media_side_get_port (&bob->media));
    }
  alice->send_key = new_key (call);
  bob->send_key = new_key (call);
  bob_recv_key = call->wrong_key ? new_key (call) : g_strdup (alice->send_key);
  setup_side (alice, call, call->alice_hz, call->bob_hz, TRUE, bob->send_key, bob);
  setup_side (bob, call, call->bob_hz, call->alice_hz, FALSE, bob_recv_key, alice);
  jd_test_media_start (&alice->media, &bob->media);
}

static void
end_side (Side *side)
{
  g_assert_no_error (side->media.error);
  jd_test_media_side_clear (&side->media);
  g_free (side->send_key);
  g_free (side->peer_pem);
}

static void
test_sdes_tones (gconstpointer data)
{
  Call call = { JD_MEDIA_CRYPTO_SDES, data, 440, 880, FALSE };
  Side alice = { 0 }, bob = { 0 };

  start_call (&alice, &bob, &call, NULL);
  jd_test_media_wait_for_tones (&alice.media, &bob.media, ENOUGH_HITS, 10000);
  end_side (&alice);
  end_side (&bob);
}

static void
test_sdes_wrong_key (void)
{
  Call call = { JD_MEDIA_CRYPTO_SDES, "AES_CM_128_HMAC_SHA1_80", 440, 880, TRUE };
  Side alice = { 0 }, bob = { 0 };

  start_call (&alice, &bob, &call, NULL);
  /* Two seconds of alice's packets reach bob, and bob's tone reaches
   * alice through the same pipelines. */
  JD_TEST_WAIT_UNTIL ((g_atomic_int_get (&bob.packets) >= 100 &&
                       alice.media.hits >= ENOUGH_HITS) || alice.media.error || bob.media.error,
                      10000);
  g_assert_no_error (alice.media.error);
  g_assert_no_error (bob.media.error);
  g_test_message ("bob got %d datagrams, decoded audio %u times", g_atomic_int_get (&bob.packets),
                  bob.media.reports);
  g_assert_cmpuint (bob.media.hits, ==, 0);
  g_assert_cmpuint (bob.media.reports, ==, 0);
  end_side (&alice);
  end_side (&bob);
}

static void
test_plain_tones (void)
{
  Call call = { JD_MEDIA_CRYPTO_NONE, NULL, 440, 880, FALSE };
  Side alice = { 0 }, bob = { 0 };

  start_call (&alice, &bob, &call, NULL);
  jd_test_media_wait_for_tones (&alice.media, &bob.media, ENOUGH_HITS, 10000);
  end_side (&alice);
  end_side (&bob);
}

/* Alice sends the 500 Hz pattern tone; what is on the wire? */
static void
check_capture (JdMediaCrypto crypto, const char *suite, gboolean expect_pattern)
{
  Call call = { crypto, suite, PATTERN_HZ, 880, FALSE };
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestCapture) capture = jd_test_capture_new (&error);
  g_autoptr (GBytes) cycle = jd_test_pcmu_tone_cycle (PATTERN_HZ, VOLUME);
  gboolean found;

  /* CI runs as root; elsewhere this says that CAP_NET_RAW is needed. */
  g_assert_no_error (error);
  start_call (&alice, &bob, &call, capture);
  jd_test_media_wait_for_tones (&alice.media, &bob.media, ENOUGH_HITS, 10000);
  /* Two periods in a row: 32 bytes no cipher output repeats by chance. */
  found = jd_test_capture_find_cycle (capture, cycle, 2 * g_bytes_get_size (cycle));
  g_test_message ("%u UDP payloads captured, tone pattern %s", jd_test_capture_get_count (capture),
                  found ? "found" : "not found");
  g_assert_cmpuint (jd_test_capture_get_count (capture), >=, 50);
  g_assert_true (found == expect_pattern);
  end_side (&alice);
  end_side (&bob);
}

static void
test_capture_plain (void)
{
  check_capture (JD_MEDIA_CRYPTO_NONE, NULL, TRUE);
}

static void
test_capture_sdes (void)
{
  check_capture (JD_MEDIA_CRYPTO_SDES, "AES_CM_128_HMAC_SHA1_80", FALSE);
}

static void
test_capture_dtls (void)
{
  check_capture (JD_MEDIA_CRYPTO_DTLS, NULL, FALSE);
}

static void
test_dtls_peer_certificate (void)
{
  Call call = { JD_MEDIA_CRYPTO_DTLS, NULL, 440, 880, FALSE };
  Side alice = { 0 }, bob = { 0 };
  g_autofree char *alice_fp = NULL;
  g_autofree char *bob_fp = NULL;
  g_autofree char *alice_sees = NULL;
  g_autofree char *bob_sees = NULL;

  start_call (&alice, &bob, &call, NULL);
  JD_TEST_WAIT_UNTIL ((alice.peer_pem != NULL && bob.peer_pem != NULL) || alice.media.error ||
                      bob.media.error, 10000);
  g_assert_no_error (alice.media.error);
  g_assert_no_error (bob.media.error);
  alice_fp = jd_media_fingerprint_from_pem (alice.media.pem);
  bob_fp = jd_media_fingerprint_from_pem (bob.media.pem);
  alice_sees = jd_media_fingerprint_from_pem (alice.peer_pem);
  bob_sees = jd_media_fingerprint_from_pem (bob.peer_pem);
  g_assert_nonnull (alice_fp);
  g_assert_cmpstr (alice_fp, !=, bob_fp);
  g_assert_cmpstr (alice_sees, ==, bob_fp);
  g_assert_cmpstr (bob_sees, ==, alice_fp);
  g_assert_cmpuint (alice.peer_stream, ==, 0);
  g_assert_cmpuint (bob.peer_stream, ==, 0);
  end_side (&alice);
  end_side (&bob);
}

/* Master key and salt lengths: RFC 4568 §6.2, RFC 7714 §12. */
static gsize
expected_key_len (const char *suite)
{
  return strcmp (suite, "AEAD_AES_128_GCM") == 0 ? 28 : 30;
}

static void
check_refused (const char *suite, const char *key_params, gint code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = jd_media_srtp_key_params_parse (suite, key_params, &error);

  g_assert_null (key);
  g_assert_error (error, JD_MEDIA_ERROR, code);
  g_test_message ("%s: %s", key_params != NULL ? key_params : "(null)", error->message);
}

static void
test_key_params_fresh (void)
{
  const char *const *suites = jd_media_srtp_suites ();

  g_assert_nonnull (suites[0]);
  g_assert_cmpstr (suites[0], ==, "AES_CM_128_HMAC_SHA1_80");
  g_assert_cmpstr (suites[1], ==, "AES_CM_128_HMAC_SHA1_32");
  for (guint i = 0; suites[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *a = jd_media_srtp_key_params_new (suites[i], &error);
      g_autofree char *b = jd_media_srtp_key_params_new (suites[i], &error);
      g_autoptr (GBytes) key_a = jd_media_srtp_key_params_parse (suites[i], a, &error);
      g_autoptr (GBytes) key_b = jd_media_srtp_key_params_parse (suites[i], b, &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (a, "inline:"));
      g_assert_cmpuint (g_bytes_get_size (key_a), ==, expected_key_len (suites[i]));
      g_assert_false (g_bytes_equal (key_a, key_b));
      g_test_message ("%s: %s", suites[i], a);
    }
}

static void
test_key_params_parse (void)
{
  const char *suite = "AES_CM_128_HMAC_SHA1_80";
  /* RFC 4568 §9.1's example key, which has a lifetime and an MKI. */
  const char *example = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
  g_autofree char *with_lifetime = g_strconcat (example, "|2^20", NULL);
  g_autofree char *with_mki = g_strconcat (example, "|2^20|1:32", NULL);
  g_autofree char *only_mki = g_strconcat (example, "|1:32", NULL);
  g_autofree char *bad_lifetime = g_strconcat (example, "|2^x", NULL);
  g_autofree char *two_keys = g_strconcat (example, ";", example, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = jd_media_srtp_key_params_parse (suite, example, &error);
  g_autoptr (GBytes) key_lifetime = jd_media_srtp_key_params_parse (suite, with_lifetime, &error);
  g_autofree char *unknown = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (key), ==, 30);
  g_assert_true (g_bytes_equal (key, key_lifetime));
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (key, NULL))[0], ==, 0x3d);

  check_refused (suite, with_mki, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, only_mki, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, bad_lifetime, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, two_keys, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, example + strlen ("inline:"), JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, "inline:", JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, NULL, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  /* One character outside base64, then one missing, then 33 bytes. */
  check_refused (suite, "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!",
                 JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB",
                 JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused (suite, "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBRAAAA",
                 JD_MEDIA_ERROR_INVALID_ARGUMENT);
  /* A 28-byte GCM key is too short for AES-CM. */
  check_refused (suite, "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaQ==",
                 JD_MEDIA_ERROR_INVALID_ARGUMENT);
  check_refused ("F8_128_HMAC_SHA1_80", example, JD_MEDIA_ERROR_NOT_SUPPORTED);
  unknown = jd_media_srtp_key_params_new ("F8_128_HMAC_SHA1_80", &error);
  g_assert_null (unknown);
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED);
}

/* A key of the wrong length is refused when the stream is built. */
static void
test_sdes_bad_config (void)
{
  g_autoptr (JdMediaPipeline) pipeline = jd_media_pipeline_new ("bad");
  g_autoptr (GError) error = NULL;
  JdMediaStreamConfig config = {
    .codec = jd_codec_registry_find ("PCMU", 8000, 1), .pt = 0,
    .source = "audiotestsrc is-live=true", .sink = "fakesink",
    .crypto = JD_MEDIA_CRYPTO_SDES, .sdes_suite = "AES_CM_128_HMAC_SHA1_80",
    .sdes_send_key = "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
    .sdes_recv_key = "inline:c2hvcnQ=",
  };

  g_assert_false (jd_media_pipeline_add_stream (pipeline, 0, &config,
                                                gst_element_factory_make ("udpsrc", NULL),
                                                gst_element_factory_make ("udpsink", NULL),
                                                &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "the peer's SDES key"));
}

int
main (int argc, char **argv)
{
  const char *const *suites;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/srtp/key-params/fresh", test_key_params_fresh);
  g_test_add_func ("/media/srtp/key-params/parse", test_key_params_parse);
  g_test_add_func ("/media/srtp/sdes/bad-config", test_sdes_bad_config);
  suites = jd_media_srtp_suites ();
  for (guint i = 0; suites[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/media/srtp/sdes/tones/%s", suites[i]);

      g_test_add_data_func (path, suites[i], test_sdes_tones);
    }
  g_test_add_func ("/media/srtp/sdes/wrong-key", test_sdes_wrong_key);
  g_test_add_func ("/media/srtp/plain/tones", test_plain_tones);
  g_test_add_func ("/media/srtp/capture/plain", test_capture_plain);
  g_test_add_func ("/media/srtp/capture/sdes", test_capture_sdes);
  g_test_add_func ("/media/srtp/capture/dtls", test_capture_dtls);
  g_test_add_func ("/media/srtp/dtls/peer-certificate", test_dtls_peer_certificate);
  return g_test_run ();
}
