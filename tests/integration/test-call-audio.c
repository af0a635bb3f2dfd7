/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Real audio calls between two accounts through a private Prosody:
 * Jingle signalling through the server, ICE (or raw UDP) on 127.0.0.1
 * with libnice, DTLS-SRTP with a fresh certificate per call, GStreamer
 * media.  Alice sends a 440 Hz tone and bob an 880 Hz one; each side must
 * hear the other's (the spectrum of what it decoded).
 */
#include "jd-test-call.h"
#include "jingle/jd-jingle-negotiate.h"
#include "media/jd-codec-registry.h"

static JdTestProsody *prosody;

static void
hang_up_and_check (JdTestCall *tc)
{
  jd_call_hangup (tc->alice.call, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->bob.call)->type, ==, JD_JINGLE_REASON_SUCCESS);
}

static void
call_with (const char *const *codecs, const char *expect_codec)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  gint64 t0 = g_get_monotonic_time ();

  tc->alice.options.codecs = codecs;
  tc->bob.options.codecs = codecs;
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ACTIVE, 10000);
  g_test_message ("%s call active %" G_GINT64_FORMAT " ms after dialling", expect_codec,
                  (g_get_monotonic_time () - t0) / 1000);
  jd_test_call_wait_tones (tc);
  g_assert_cmpstr (jd_call_get_codec (tc->alice.call), ==, expect_codec);
  g_assert_cmpstr (jd_call_get_codec (tc->bob.call), ==, expect_codec);
  g_assert_cmpint (jd_call_get_crypto (tc->alice.call), ==, JD_MEDIA_CRYPTO_DTLS);
  g_assert_false (jd_call_is_raw_udp (tc->alice.call));
  hang_up_and_check (tc);
}

static void
test_opus (void)
{
  call_with (NULL, "opus");
}

static void
test_pcmu (void)
{
  const char *const pcmu[] = { "PCMU", NULL };

  call_with (pcmu, "PCMU");
}

static void
test_pcma (void)
{
  const char *const pcma[] = { "PCMA", NULL };

  call_with (pcma, "PCMA");
}

static void
test_g722 (void)
{
  const char *const g722[] = { "G722", NULL };

  call_with (g722, "G722");
}

/* Alice offers PCMU only, bob takes G.722 only: bob refuses the offer with
 * failed-application (XEP-0167 §6: no payload type in common) and alice's
 * call ends with that reason, never reaching media. */
static void
test_no_common_codec (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  const char *const pcmu[] = { "PCMU", NULL };
  const char *const g722[] = { "G722", NULL };

  tc->alice.options.codecs = pcmu;
  tc->bob.options.codecs = g722;
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 10000);
  g_assert_true (tc->bob_was_offered);
  g_assert_null (tc->bob.call);
  g_assert_error (tc->bob_error, JD_JINGLE_NEGOTIATE_ERROR,
                  JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==,
                   JD_JINGLE_REASON_FAILED_APPLICATION);
  g_assert_null (jd_call_get_pipeline (tc->alice.call));
}

/* XEP-0177 from the start: both sides configured for raw UDP. */
static void
test_raw_udp (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  tc->alice.options.transport = JD_CALL_TRANSPORT_RAW_UDP;
  tc->bob.options.transport = JD_CALL_TRANSPORT_RAW_UDP;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_is_raw_udp (tc->alice.call));
  g_assert_true (jd_call_is_raw_udp (tc->bob.call));
  hang_up_and_check (tc);
}

/* Alice offers ICE; bob does raw UDP only and replaces the transport
 * (transport-replace, transport-accept) before accepting. */
static void
test_transport_replace (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  tc->bob.options.transport = JD_CALL_TRANSPORT_RAW_UDP;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_is_raw_udp (tc->alice.call));
  g_assert_true (jd_call_is_raw_udp (tc->bob.call));
  hang_up_and_check (tc);
}

/* What Dino looks for before it shows a call button, asked of bob over
 * disco#info through the server. */
static void
test_advertised (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JdDiscoInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  JdDisco *disco = jd_xmpp_client_get_disco (tc->alice_account->client);
  const char *const expected[] = {
    JD_NS_JINGLE, JD_NS_JINGLE_RTP, JD_NS_JINGLE_RTP_AUDIO, JD_NS_JINGLE_RTP_VIDEO,
    JD_NS_JINGLE_ICE_UDP, JD_NS_JINGLE_RAW_UDP, JD_NS_JINGLE_DTLS, JD_NS_JINGLE_DTMF,
  };

  jd_call_advertise (tc->bob_account->client);
  jd_disco_query_info_async (disco, jd_test_account_full_jid (tc->bob_account), NULL, NULL,
                             jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  info = jd_disco_query_info_finish (disco, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_test_message ("bob advertises %s", expected[i]);
      g_assert_true (jd_disco_info_has_feature (info, expected[i]));
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) server = NULL;
  int rc;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  server = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  prosody = server;
  g_test_add_func ("/call/audio/opus-dtls-srtp-ice", test_opus);
  g_test_add_func ("/call/audio/pcmu-dtls-srtp-ice", test_pcmu);
  g_test_add_func ("/call/audio/pcma-dtls-srtp-ice", test_pcma);
  g_test_add_func ("/call/audio/g722-dtls-srtp-ice", test_g722);
  g_test_add_func ("/call/audio/no-common-codec", test_no_common_codec);
  g_test_add_func ("/call/audio/raw-udp", test_raw_udp);
  g_test_add_func ("/call/audio/transport-replace-ice-to-raw-udp", test_transport_replace);
  g_test_add_func ("/call/audio/features-advertised", test_advertised);
  rc = g_test_run ();
  return rc;
}
