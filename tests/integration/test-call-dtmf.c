/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * DTMF in a real call through Prosody: every digit a phone menu knows,
 * sent by alice, arrives at bob exactly once and in order — as RFC 4733
 * events in the RTP stream when telephone-event is negotiated, and as
 * XEP-0181 session-info when bob does not take telephone-event, and as
 * in-band tones when bob refuses that session-info too.
 */
#include "jd-test-call.h"
#include "media/jd-media-tone.h"

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

/* Bob's man in the middle: a session-info child named @name (dtmf,
 * unhold) moves to a namespace nobody knows, which bob's session answers
 * with unsupported-info.  Refusing unhold rather than hold: on hold alice
 * sends nothing, so a wrong in-band replay would not be heard. */
static void
refuse_session_info (xmpp_stanza_t *jingle, gpointer name)
{
  g_autofree char *ns = g_strdup_printf ("urn:example:not-%s", (const char *) name);

  if (g_strcmp0 (xmpp_stanza_get_attribute (jingle, "action"), "session-info") != 0)
    return;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (jingle); c != NULL; c = xmpp_stanza_get_next (c))
    if (g_strcmp0 (xmpp_stanza_get_name (c), name) == 0)
      xmpp_stanza_set_ns (c, ns);
}

/* spandsp's numbering: 0-9, then * # A B C D. */
static void
on_detected (JdMediaPipeline *pipeline, GstMessage *msg, GString *detected)
{
  static const char digits[] = "0123456789*#ABCD";
  const GstStructure *s = gst_message_get_structure (msg);
  int number;

  (void) pipeline;
  if (s != NULL && gst_structure_has_name (s, "dtmf-event") &&
      gst_structure_get_int (s, "number", &number) && number >= 0 && number < 16)
    g_string_append_c (detected, digits[number]);
}

/* A call in which bob takes no telephone-event and refuses the
 * session-info @refused (see refuse_session_info()), and his dtmfdetect,
 * in front of the usual spectrum, appends the digits it hears in-band to
 * @detected.  Returns once both hear each other's tone. */
static JdTestCall *
dial_bob_detecting (const char *refused, GString *detected)
{
  JdTestCall *tc = jd_test_call_new (prosody);
  g_autofree char *tone_sink = jd_media_tone_sink_description (48000, 480, 200);
  char *sink = g_strdup_printf (
      "audioconvert ! audioresample ! audio/x-raw,rate=8000,format=S16LE,channels=1 ! "
      "dtmfdetect ! audioconvert ! audioresample ! %s", tone_sink);

  g_ptr_array_add (tc->strings, sink);
  tc->bob.options.no_dtmf = TRUE;
  tc->bob.options.audio_sink = sink;
  jd_test_rewrite_jingle (tc->bob_account, refuse_session_info, (gpointer) refused);
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_signal_connect (jd_call_get_pipeline (tc->bob.call), "element-message",
                    G_CALLBACK (on_detected), detected);
  return tc;
}

/* Bob takes neither telephone-event nor XEP-0181 DTMF: alice's digits go
 * in-band, the first refused one included, and bob's dtmfdetect hears
 * them. */
static void
test_inband_after_refusal (void)
{
  g_autoptr (GString) detected = g_string_new (NULL);
  g_autoptr (JdTestCall) tc = dial_bob_detecting ("dtmf", detected);
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_call_send_dtmf (tc->alice.call, "159", 0, 0, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (detected->len >= 3, 10000);
  /* Later digits go in-band at once. */
  g_assert_true (jd_call_send_dtmf (tc->alice.call, "#", 0, 0, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (detected->len >= 4, 10000);
  jd_test_run_for (300);
  g_test_message ("bob's dtmfdetect heard \"%s\"", detected->str);
  g_assert_cmpstr (detected->str, ==, "159#");
  g_assert_cmpstr (tc->bob.dtmf->str, ==, "");
}

/* A peer that takes XEP-0181 DTMF but refuses unhold: the refusal must
 * not make alice replay her digits in-band (a gateway would dial them
 * twice). */
static void
test_refused_unhold_keeps_xep0181 (void)
{
  g_autoptr (GString) detected = g_string_new (NULL);
  g_autoptr (JdTestCall) tc = dial_bob_detecting ("unhold", detected);
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_call_send_dtmf (tc->alice.call, "42", 0, 0, &error));
  JD_TEST_WAIT_UNTIL (tc->bob.dtmf->len >= 2, 10000);
  g_assert_true (jd_call_set_hold (tc->alice.call, TRUE, &error));
  jd_test_run_for (500);
  g_assert_true (jd_call_set_hold (tc->alice.call, FALSE, &error));
  g_assert_no_error (error);
  jd_test_run_for (1000);
  g_assert_cmpstr (tc->bob.dtmf->str, ==, "42");
  g_assert_cmpstr (detected->str, ==, "");
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
  g_test_add_func ("/call/dtmf/inband-after-refusal", test_inband_after_refusal);
  g_test_add_func ("/call/dtmf/refused-unhold-keeps-xep0181", test_refused_unhold_keeps_xep0181);
  return g_test_run ();
}
