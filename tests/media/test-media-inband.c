/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * In-band DTMF: two pipelines back to back over UDP on 127.0.0.1
 * (DTLS-SRTP), without telephone-event.  Alice plays a 440 Hz tone and
 * sends digits as dual tones that replace it; bob's sink runs the decoded
 * audio through GStreamer's dtmfdetect (spandsp), which must hear exactly
 * those digits in order, while alice reports each as sent.
 */
#include <stdatomic.h>
#include <string.h>

#include "jd-test-media.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"

/* dtmfdetect needs 8 kHz mono; "sink" counts the buffers that arrive. */
#define DETECTING_SINK                                                                \
  "audioconvert ! audioresample ! audio/x-raw,rate=8000,format=S16LE,channels=1 ! " \
  "dtmfdetect ! fakesink name=sink signal-handoffs=true"

typedef struct {
  const char *name;
  guint clock_rate;
  guint channels;
  guint8 pt;
} Media;

static const Media pcmu = { "PCMU", 8000, 1, 0 };
static const Media opus = { "opus", 48000, 2, 111 };

typedef struct {
  JdTestMediaSide media;
  GString *sent;               /* "dtmf-sent" digits, in order */
  GString *detected;           /* dtmfdetect's digits, in order */
  atomic_uint buffers;         /* decoded buffers that reached the sink */
} Side;

static void
on_sent (JdMediaPipeline *pipeline, guint id, const char *digit, gpointer user_data)
{
  Side *side = user_data;

  (void) pipeline;
  g_assert_cmpuint (id, ==, 0);
  g_string_append (side->sent, digit);
}

/* Q.23 numbering as spandsp reports it: 0-9, then * # A B C D. */
static void
on_element_message (JdMediaPipeline *pipeline, GstMessage *msg, gpointer user_data)
{
  static const char digits[] = "0123456789*#ABCD";
  Side *side = user_data;
  const GstStructure *s = gst_message_get_structure (msg);
  int number;

  (void) pipeline;
  if (s != NULL && gst_structure_has_name (s, "dtmf-event") &&
      gst_structure_get_int (s, "number", &number) && number >= 0 && number < 16)
    g_string_append_c (side->detected, digits[number]);
}

static void
on_handoff (GstElement *sink, GstBuffer *buf, GstPad *pad, gpointer user_data)
{
  Side *side = user_data;

  (void) sink;
  (void) buf;
  (void) pad;
  atomic_fetch_add (&side->buffers, 1);
}

static void
add_stream (Side *side, const Media *media, gboolean client, Side *peer)
{
  g_autofree char *source = jd_test_media_tone_source (440);
  JdMediaStreamConfig config = {
    .codec = jd_codec_registry_find (media->name, media->clock_rate, media->channels),
    .pt = media->pt, .dtls_client = client, .dtls_pem = side->media.pem,
    .source = source, .sink = DETECTING_SINK,
  };
  g_autoptr (GstElement) sink = NULL;

  g_assert_nonnull (config.codec);
  /* Audio late under sanitizers would otherwise be dropped, and a tone
   * with a hole in it is two digits to the detector. */
  jd_media_pipeline_set_jitter_buffer (side->media.pipeline, 200);
  jd_test_media_side_add_udp_stream (&side->media, &config, &peer->media);
  sink = jd_media_pipeline_get_sink (side->media.pipeline, 0);
  g_assert_nonnull (sink);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), side);
  g_signal_connect (side->media.pipeline, "dtmf-sent", G_CALLBACK (on_sent), side);
  g_signal_connect (side->media.pipeline, "element-message", G_CALLBACK (on_element_message),
                    side);
}

static void
start_call (Side *alice, Side *bob, const Media *media)
{
  jd_test_media_side_init (&alice->media, "alice");
  jd_test_media_side_init (&bob->media, "bob");
  alice->sent = g_string_new (NULL);
  alice->detected = g_string_new (NULL);
  bob->sent = g_string_new (NULL);
  bob->detected = g_string_new (NULL);
  add_stream (alice, media, TRUE, bob);
  add_stream (bob, media, FALSE, alice);
  jd_test_media_start (&alice->media, &bob->media);
  /* Past the DTLS handshake: audio is flowing both ways. */
  JD_TEST_WAIT_UNTIL ((atomic_load (&alice->buffers) > 0 && atomic_load (&bob->buffers) > 0) ||
                      alice->media.error || bob->media.error, 10000);
  g_assert_no_error (alice->media.error);
  g_assert_no_error (bob->media.error);
}

static void
teardown_side (Side *side)
{
  jd_test_media_side_clear (&side->media);
  g_string_free (side->sent, TRUE);
  g_string_free (side->detected, TRUE);
}

static void
test_digits_detected (gconstpointer data)
{
  const Media *media = data;
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;

  start_call (&alice, &bob, media);
  g_assert_true (jd_media_pipeline_send_dtmf_inband (alice.media.pipeline, 0, "159#", 0, 0,
                                                     &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL ((alice.sent->len >= 4 && bob.detected->len >= 4) || alice.media.error ||
                      bob.media.error, 10000);
  /* Anything detected late would be a digit too many. */
  jd_test_run_for (300);
  g_assert_no_error (alice.media.error);
  g_assert_no_error (bob.media.error);
  g_test_message ("%s: sent \"%s\", detected \"%s\"", media->name, alice.sent->str,
                  bob.detected->str);
  g_assert_cmpstr (alice.sent->str, ==, "159#");
  g_assert_cmpstr (bob.detected->str, ==, "159#");
  /* Nothing went the other way, and the 440 Hz tone alone is no digit. */
  g_assert_cmpstr (alice.detected->str, ==, "");
  teardown_side (&alice);
  teardown_side (&bob);
}

/* Refused calls queue nothing; on hold nothing can be queued. */
static void
test_refused (void)
{
  Side alice = { 0 }, bob = { 0 };
  g_autoptr (GError) error = NULL;

  start_call (&alice, &bob, &pcmu);
  g_assert_false (jd_media_pipeline_send_dtmf_inband (alice.media.pipeline, 0, "12E", 0, 0,
                                                      &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  jd_media_pipeline_set_sending (alice.media.pipeline, 0, FALSE);
  g_assert_false (jd_media_pipeline_send_dtmf_inband (alice.media.pipeline, 0, "3", 0, 0,
                                                      &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SENDING);
  g_clear_error (&error);
  jd_media_pipeline_set_sending (alice.media.pipeline, 0, TRUE);
  g_assert_true (jd_media_pipeline_send_dtmf_inband (alice.media.pipeline, 0, "7", 0, 0,
                                                     &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (bob.detected->len >= 1 || alice.media.error || bob.media.error, 10000);
  jd_test_run_for (300);
  g_assert_cmpstr (alice.sent->str, ==, "7");
  g_assert_cmpstr (bob.detected->str, ==, "7");
  teardown_side (&alice);
  teardown_side (&bob);
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/media/inband/pcmu/digits-detected", &pcmu, test_digits_detected);
  g_test_add_data_func ("/media/inband/opus/digits-detected", &opus, test_digits_detected);
  g_test_add_func ("/media/inband/pcmu/refused", test_refused);
  return g_test_run ();
}
