/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Encryption is really on.  Calls through Prosody with DTLS-SRTP, with
 * SDES-SRTP and (explicitly allowed) plain RTP each carry the tone; the
 * UDP payloads captured on the loopback interface contain the known PCMU
 * bytes of the tone only in the plain call.  An unencrypted offer is
 * refused unless allowed, and a DTLS peer whose certificate does not
 * match the fingerprint it signalled is cut off with security-error.
 */
#include <string.h>

#include "jd-test-call.h"
#include "jd-test-capture.h"

#define PATTERN_HZ 500   /* 16 samples at 8000 Hz: a whole period per 16 bytes */

static JdTestProsody *prosody;

static void
hang_up (JdTestCall *tc)
{
  jd_call_hangup (tc->alice.call, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
}

static void
call_with_crypto (JdMediaCrypto crypto, gboolean allow_plain)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  tc->alice.options.crypto = crypto;
  tc->alice.options.allow_plain = allow_plain;
  tc->bob.options.allow_plain = allow_plain;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_cmpint (jd_call_get_crypto (tc->alice.call), ==, crypto);
  g_assert_cmpint (jd_call_get_crypto (tc->bob.call), ==, crypto);
  hang_up (tc);
}

static void
test_sdes (void)
{
  call_with_crypto (JD_MEDIA_CRYPTO_SDES, FALSE);
}

static void
test_plain_when_allowed (void)
{
  call_with_crypto (JD_MEDIA_CRYPTO_NONE, TRUE);
}

static void
test_plain_refused (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  tc->alice.options.crypto = JD_MEDIA_CRYPTO_NONE;
  tc->alice.options.allow_plain = TRUE;
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 10000);
  g_assert_true (tc->bob_was_offered);
  g_assert_null (tc->bob.call);
  g_assert_nonnull (tc->bob_error);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==,
                   JD_JINGLE_REASON_SECURITY_ERROR);
}

static guint16
port_of (const char *address)
{
  const char *colon = address != NULL ? strrchr (address, ':') : NULL;

  g_assert_nonnull (colon);
  return (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
}

/* A PCMU call with alice's 500 Hz tone, captured on the wire: only the
 * datagrams of this call's media path (tests run in parallel). */
static void
capture_call (JdMediaCrypto crypto, gboolean expect_pattern)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  const char *const pcmu[] = { "PCMU", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) cycle = jd_test_pcmu_tone_cycle (PATTERN_HZ, 0.4);
  g_autoptr (JdTestCapture) capture = jd_test_capture_new (&error);
  char *source = jd_test_pcmu_tone_source (PATTERN_HZ, 0.4);
  JdCallStats stats;
  guint before;

  g_assert_no_error (error);
  g_ptr_array_add (tc->strings, source);
  tc->alice.options.audio_source = source;
  tc->alice.send_hz = PATTERN_HZ;
  tc->bob.expect_hz = PATTERN_HZ;
  tc->alice.options.codecs = pcmu;
  tc->alice.options.crypto = crypto;
  tc->alice.options.allow_plain = crypto == JD_MEDIA_CRYPTO_NONE;
  tc->bob.options.allow_plain = crypto == JD_MEDIA_CRYPTO_NONE;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_get_stats (tc->alice.call, JD_JINGLE_MEDIA_AUDIO, &stats));
  jd_test_capture_add_port (capture, port_of (stats.local_address));
  before = jd_test_capture_get_count (capture);
  tc->bob.hits = 0;
  JD_TEST_WAIT_UNTIL (jd_test_capture_get_count (capture) > before + 50 && tc->bob.hits >= 5,
                      10000);
  g_test_message ("%u UDP payloads of %s captured", jd_test_capture_get_count (capture),
                  stats.local_address);
  g_assert_cmpint (jd_test_capture_find_cycle (capture, cycle, 32), ==, expect_pattern);
  jd_call_stats_clear (&stats);
  hang_up (tc);
}

static void
test_capture_dtls (void)
{
  capture_call (JD_MEDIA_CRYPTO_DTLS, FALSE);
}

static void
test_capture_sdes (void)
{
  capture_call (JD_MEDIA_CRYPTO_SDES, FALSE);
}

static void
test_capture_plain (void)
{
  capture_call (JD_MEDIA_CRYPTO_NONE, TRUE);
}

/* Alice receives bob's answer with a forged fingerprint: when the DTLS
 * handshake shows bob's real certificate, alice ends the call. */
static void
test_fingerprint_mismatch (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  jd_test_rewrite_jingle (tc->alice_account, jd_test_rewrite_fingerprint, NULL);
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 15000);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==,
                   JD_JINGLE_REASON_SECURITY_ERROR);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->bob.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (tc->bob.call)->type, ==,
                   JD_JINGLE_REASON_SECURITY_ERROR);
}

static void
strip_accept_fingerprint (xmpp_stanza_t *jingle, gpointer unused)
{
  xmpp_stanza_t *content, *transport, *fp;

  if (g_strcmp0 (xmpp_stanza_get_attribute (jingle, "action"), "session-accept") != 0)
    return;
  for (content = xmpp_stanza_get_children (jingle); content != NULL;
       content = xmpp_stanza_get_next (content))
    if ((transport = xmpp_stanza_get_child_by_name (content, "transport")) != NULL &&
        (fp = xmpp_stanza_get_child_by_name (transport, "fingerprint")) != NULL)
      /* libstrophe 0.12 cannot unlink a child: an unknown element is
       * ignored like an absent one. */
      xmpp_stanza_set_name (fp, "removed");
}

/* Bob's session-accept reaches alice without a fingerprint: she ends the
 * call with security-error, never running DTLS with an unknown peer. */
static void
test_answer_without_fingerprint (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);

  jd_test_rewrite_jingle (tc->alice_account, strip_accept_fingerprint, NULL);
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (tc->alice.call) == JD_CALL_STATE_ENDED, 10000);
  g_assert_cmpint (jd_call_get_end_reason (tc->alice.call)->type, ==,
                   JD_JINGLE_REASON_SECURITY_ERROR);
  g_assert_null (jd_call_get_pipeline (tc->alice.call));
}

/* As gateways do: bob's fingerprint comes in a transport-info before his
 * session-accept, which carries none.  Alice takes it from there and the
 * call works. */
static void
test_fingerprint_in_transport_info (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;

  tc->bob_answers = FALSE;
  jd_test_rewrite_jingle (tc->alice_account, strip_accept_fingerprint, NULL);
  jd_test_call_dial (tc);
  JD_TEST_WAIT_UNTIL (tc->bob.call != NULL, 10000);
  xml = g_strdup_printf (
    "<iq type='set' id='fp-early' to='%s'><jingle xmlns='urn:xmpp:jingle:1' "
    "action='transport-info' sid='%s'><content creator='initiator' name='audio'>"
    "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'>"
    "<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='active'>%s"
    "</fingerprint></transport></content></jingle></iq>",
    jd_test_account_full_jid (tc->alice_account),
    jd_jingle_session_get_sid (jd_call_get_session (tc->bob.call)),
    jd_call_get_fingerprint (tc->bob.call));
  jd_test_account_send_raw (tc->bob_account, xml);
  jd_test_run_for (300);
  g_assert_true (jd_call_accept (tc->bob.call, &error));
  g_assert_no_error (error);
  jd_test_call_wait_tones (tc);
  g_assert_cmpint (jd_call_get_crypto (tc->alice.call), ==, JD_MEDIA_CRYPTO_DTLS);
  hang_up (tc);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) server = NULL;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  server = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  prosody = server;
  g_test_add_func ("/call/security/sdes-srtp", test_sdes);
  g_test_add_func ("/call/security/plain-rtp-when-allowed", test_plain_when_allowed);
  g_test_add_func ("/call/security/plain-offer-refused", test_plain_refused);
  g_test_add_func ("/call/security/capture-dtls-srtp", test_capture_dtls);
  g_test_add_func ("/call/security/capture-sdes-srtp", test_capture_sdes);
  g_test_add_func ("/call/security/capture-plain-rtp", test_capture_plain);
  g_test_add_func ("/call/security/fingerprint-mismatch", test_fingerprint_mismatch);
  g_test_add_func ("/call/security/answer-without-fingerprint", test_answer_without_fingerprint);
  g_test_add_func ("/call/security/fingerprint-in-transport-info",
                   test_fingerprint_in_transport_info);
  return g_test_run ();
}
