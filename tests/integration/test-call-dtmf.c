/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DTMF in a real call through Prosody: every digit a phone menu knows,
 * sent by alice, arrives at bob exactly once and in order — as RFC 4733
 * events in the RTP stream when telephone-event is negotiated, and as
 * XEP-0181 session-info when bob does not take telephone-event.
 */
#include "jd-test-call.h"

#define ALL_DIGITS "0123456789*#ABCD"

static JdTestProsody *prosody;

static void
send_and_expect (gboolean bob_takes_dtmf, const char *const *codecs)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GError) error = NULL;

  tc->alice.options.codecs = codecs;
  tc->bob.options.no_dtmf = !bob_takes_dtmf;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_send_dtmf (tc->alice.call, ALL_DIGITS, 0, 0, &error));
  g_assert_no_error (error);
  /* 16 digits of 100 ms with 50 ms gaps: about 2.4 s. */
  JD_TEST_WAIT_UNTIL (tc->bob.dtmf->len >= strlen (ALL_DIGITS), 10000);
  jd_test_run_for (300);
  g_assert_cmpstr (tc->bob.dtmf->str, ==, ALL_DIGITS);
  /* The tone itself still arrives around the events. */
  g_assert_cmpuint (tc->bob.hits, >=, 5);
}

static void
test_rfc4733_opus (void)
{
  send_and_expect (TRUE, NULL);
}

static void
test_rfc4733_pcmu (void)
{
  const char *const pcmu[] = { "PCMU", NULL };

  send_and_expect (TRUE, pcmu);
}

static void
test_xep0181 (void)
{
  send_and_expect (FALSE, NULL);
}

/* A digit outside 0-9 * # A-D is refused before anything is sent. */
static void
test_invalid_digits (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GError) error = NULL;

  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_false (jd_call_send_dtmf (tc->alice.call, "12E4", 0, 0, &error));
  g_assert_error (error, JD_CALL_ERROR, JD_CALL_ERROR_INVALID_DTMF);
  jd_test_run_for (600);
  g_assert_cmpstr (tc->bob.dtmf->str, ==, "");
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
  g_test_add_func ("/call/dtmf/rfc4733-opus", test_rfc4733_opus);
  g_test_add_func ("/call/dtmf/rfc4733-pcmu", test_rfc4733_pcmu);
  g_test_add_func ("/call/dtmf/xep0181-without-telephone-event", test_xep0181);
  g_test_add_func ("/call/dtmf/invalid-digits", test_invalid_digits);
  return g_test_run ();
}
