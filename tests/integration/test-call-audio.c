/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A real audio call between two accounts through a private Prosody:
 * Jingle signalling through the server, ICE on 127.0.0.1 (libnice),
 * DTLS-SRTP with a fresh certificate per call, GStreamer media.  Alice
 * sends a 440 Hz tone and bob an 880 Hz one; each side must hear the
 * other's (the spectrum of what it decoded).  Then alice hangs up.
 */
#include <math.h>

#include "call/jd-call.h"
#include "jd-test-xmpp.h"
#include "jingle/jd-jingle-xmpp.h"
#include "media/jd-media-tone.h"

#define BANDS 480
#define RATE 48000

typedef struct {
  double expected_hz;
  guint hits;
  double last_peak_hz;
  JdCall *call;
  const char *const *codecs;
  const char *source;
} Ear;

static const char *const loopback[] = { "127.0.0.1", NULL };

static void
on_element_message (JdMediaPipeline *p, GstMessage *msg, Ear *ear)
{
  double hz = jd_media_tone_peak_hz (msg, RATE);

  if (hz < 0)
    return;
  ear->last_peak_hz = hz;
  /* Within one FFT bin of the tone. */
  if (fabs (hz - ear->expected_hz) <= RATE / (2.0 * (2 * BANDS - 2)) + 1)
    ear->hits++;
}

static char *
spectrum_sink (void)
{
  return jd_media_tone_sink_description (RATE, BANDS, 200);
}

static void
listen_to (Ear *ear)
{
  JdMediaPipeline *p = jd_call_get_pipeline (ear->call);

  g_assert_nonnull (p);
  g_signal_connect (p, "element-message", G_CALLBACK (on_element_message), ear);
}

static void
on_incoming (JdJingleManager *m, JdJingleSession *session, const JdJingleMessage *offer,
             Ear *bob)
{
  g_autofree char *sink = spectrum_sink ();
  JdCallOptions options = { .audio_source = bob->source, .audio_sink = sink,
                            .local_addresses = loopback, .codecs = bob->codecs };
  g_autoptr (GError) error = NULL;

  bob->call = jd_call_new_incoming (session, offer, &options, &error);
  g_assert_no_error (error);
  g_assert_true (jd_call_accept (bob->call, &error));
  g_assert_no_error (error);
  listen_to (bob);
}

static void
call_and_listen (JdTestProsody *prosody, const char *const *codecs, const char *expect_codec)
{
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autoptr (JdJingleManager) ma = jd_jingle_manager_new_for_client (alice->client);
  g_autoptr (JdJingleManager) mb = jd_jingle_manager_new_for_client (bob->client);
  g_autofree char *sink = spectrum_sink ();
  JdCallOptions options = { .audio_source = "audiotestsrc is-live=true freq=440 volume=0.4",
                            .audio_sink = sink, .local_addresses = loopback, .codecs = codecs };
  Ear a = { .expected_hz = 880 };
  Ear b = { .expected_hz = 440, .codecs = codecs,
            .source = "audiotestsrc is-live=true freq=880 volume=0.4" };
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  g_signal_connect (mb, "incoming-session", G_CALLBACK (on_incoming), &b);
  a.call = jd_call_dial (ma, jd_test_account_full_jid (bob), &options, &error);
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_call_get_pipeline (a.call) != NULL, 10000);
  listen_to (&a);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (a.call) == JD_CALL_STATE_ACTIVE, 10000);
  g_test_message ("%s call active %" G_GINT64_FORMAT " ms after dialling", expect_codec,
                  (g_get_monotonic_time () - t0) / 1000);
  JD_TEST_WAIT_UNTIL (a.hits >= 5 && b.hits >= 5, 15000);
  g_test_message ("alice hears %.0f Hz, bob hears %.0f Hz", a.last_peak_hz, b.last_peak_hz);
  g_assert_cmpstr (jd_call_get_codec (a.call), ==, expect_codec);
  g_assert_cmpstr (jd_call_get_codec (b.call), ==, expect_codec);

  jd_call_hangup (a.call, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (b.call) == JD_CALL_STATE_ENDED, 5000);
  g_assert_cmpint (jd_call_get_end_reason (b.call)->type, ==, JD_JINGLE_REASON_SUCCESS);
  g_object_unref (a.call);
  g_object_unref (b.call);
}

static void
test_opus (gconstpointer data)
{
  call_and_listen ((JdTestProsody *) data, NULL, "opus");
}

static void
test_pcmu (gconstpointer data)
{
  const char *const pcmu[] = { "PCMU", NULL };

  call_and_listen ((JdTestProsody *) data, pcmu, "PCMU");
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/call/audio/opus-dtls-srtp-ice", prosody, test_opus);
  g_test_add_data_func ("/call/audio/pcmu-dtls-srtp-ice", prosody, test_pcmu);
  return g_test_run ();
}
