/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Media endpoints as a user writes them: each becomes a description
 * GStreamer builds; the default source produces audio even on a machine
 * without sound hardware; a recording holds the tone that was recorded;
 * a wrong spec is named in the error.
 */
#include <math.h>

#include <glib/gstdio.h>

#include "jd-test-util.h"
#include "media/jd-media-endpoint.h"
#include "media/jd-media-tone.h"

#define RATE 48000
#define BANDS 480

static GstElement *
launch (const char *description)
{
  g_autoptr (GError) error = NULL;
  GstElement *p = gst_parse_launch (description, &error);

  g_assert_no_error (error);
  return p;
}

/* Runs @description until EOS or error; returns FALSE on error. */
static gboolean
run_to_end (GstElement *p, guint timeout_ms)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (p);
  g_autoptr (GstMessage) msg = NULL;

  g_assert_cmpint (gst_element_set_state (p, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, timeout_ms * GST_MSECOND * jd_test_timeout_scale (),
                                    GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (p, GST_STATE_NULL);
  return msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
}

/* "auto" on this machine (which may have no capture device at all) still
 * gives a live source that produces buffers. */
static void
test_auto_source_produces (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *src = jd_media_endpoint_source (JD_JINGLE_MEDIA_AUDIO, "auto", &error);
  g_autofree char *desc = NULL;
  g_autoptr (GstElement) p = NULL;

  g_assert_no_error (error);
  g_test_message ("auto audio source here: %s", src);
  desc = g_strdup_printf ("%s ! audioconvert ! fakesink num-buffers=5 sync=false", src);
  p = launch (desc);
  g_assert_true (run_to_end (p, 5000));
}

static void
test_auto_sink_accepts (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sink = jd_media_endpoint_sink (JD_JINGLE_MEDIA_AUDIO, "auto", &error);
  g_autofree char *desc = NULL;
  g_autoptr (GstElement) p = NULL;

  g_assert_no_error (error);
  g_test_message ("auto audio sink here: %s", sink);
  desc = g_strdup_printf ("audiotestsrc num-buffers=5 ! audioconvert ! %s", sink);
  p = launch (desc);
  g_assert_true (run_to_end (p, 5000));
}

static double
peak_of_file (const char *path)
{
  g_autofree char *tone_sink = jd_media_tone_sink_description (RATE, BANDS, 100);
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
                                           "audioresample ! %s", path, tone_sink);
  g_autoptr (GstElement) p = launch (desc);
  g_autoptr (GstBus) bus = gst_element_get_bus (p);
  double peak = -1;
  GstMessage *msg;

  gst_element_set_state (p, GST_STATE_PLAYING);
  while ((msg = gst_bus_timed_pop (bus, 5 * GST_SECOND * jd_test_timeout_scale ())) != NULL)
    {
      gboolean end = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS ||
                     GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR;
      double hz = jd_media_tone_peak_hz (msg, RATE);

      if (hz > 0)
        peak = hz;
      gst_message_unref (msg);
      if (end)
        break;
    }
  gst_element_set_state (p, GST_STATE_NULL);
  return peak;
}

/* A 660 Hz tone recorded through the sink spec is a file whose decoded
 * audio peaks at 660 Hz. */
static void
record_and_check (const char *suffix)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("jd-endpoint-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, suffix, NULL);
  g_autofree char *spec = g_strconcat ("file:", path, NULL);
  g_autofree char *src = jd_media_endpoint_source (JD_JINGLE_MEDIA_AUDIO, "tone:660", &error);
  g_autofree char *sink = jd_media_endpoint_sink (JD_JINGLE_MEDIA_AUDIO, spec, &error);
  g_autofree char *desc = NULL;
  g_autoptr (GstElement) p = NULL;
  double peak;

  g_assert_no_error (error);
  /* A second of audio, then EOS so the container is finished. */
  desc = g_strdup_printf ("%s num-buffers=48 samplesperbuffer=1000 ! audio/x-raw,rate=48000 ! %s",
                          src, sink);
  p = launch (desc);
  g_assert_true (run_to_end (p, 10000));
  peak = peak_of_file (path);
  g_test_message ("%s: recorded tone peaks at %.0f Hz", suffix, peak);
  g_assert_cmpfloat (fabs (peak - 660), <=, RATE / (2.0 * (2 * BANDS - 2)) + 1);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_record_ogg (void)
{
  record_and_check ("call.ogg");
}

static void
test_record_wav (void)
{
  record_and_check ("call.wav");
}

static void
test_bad_specs (void)
{
  const char *const bad_sources[] = { "tone:", "tone:loud", "tone:-5", "file:", "mic", "pipeline:",
                                      NULL };
  const char *const bad_sinks[] = { "file:/x/call.mp3", "speaker", "tone:440", NULL };

  for (guint i = 0; bad_sources[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *d = jd_media_endpoint_source (JD_JINGLE_MEDIA_AUDIO, bad_sources[i], &error);

      g_assert_null (d);
      g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_BAD_PROPERTY);
      g_assert_nonnull (strstr (error->message, bad_sources[i]));
    }
  for (guint i = 0; bad_sinks[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *d = jd_media_endpoint_sink (JD_JINGLE_MEDIA_AUDIO, bad_sinks[i], &error);

      g_assert_null (d);
      g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_BAD_PROPERTY);
    }
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/endpoint/auto-source-produces", test_auto_source_produces);
  g_test_add_func ("/media/endpoint/auto-sink-accepts", test_auto_sink_accepts);
  g_test_add_func ("/media/endpoint/record-ogg-opus", test_record_ogg);
  g_test_add_func ("/media/endpoint/record-wav", test_record_wav);
  g_test_add_func ("/media/endpoint/bad-specs", test_bad_specs);
  return g_test_run ();
}
