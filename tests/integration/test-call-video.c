/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Video calls through Prosody: alice sends GStreamer's ball pattern at
 * 320x240 next to her tone; bob decodes at least 30 frames of it at that
 * size, with VP8 and with H.264 (each forced by codec preference).
 */
#include "jd-test-call.h"
#include "jingle/jd-jingle-negotiate.h"
#include "media/jd-codec-registry.h"

#define MIN_FRAMES 30

static JdTestProsody *prosody;

static gboolean
have_codec (const char *name)
{
  const char *const only[] = { name, NULL };
  g_autoptr (GPtrArray) found = jd_codec_registry_available (JD_JINGLE_MEDIA_VIDEO, only);

  return found->len > 0;
}

static void
video_call (const char *codec)
{
  g_autoptr (JdTestCall) tc = NULL;
  const char *const prefs[] = { "opus", codec, NULL };

  if (!have_codec (codec))
    {
      g_test_skip_printf ("no %s encoder and decoder installed", codec);
      return;
    }
  tc = jd_test_call_new (prosody);
  tc->alice.options.video = TRUE;
  tc->bob.options.video = TRUE;
  tc->alice.options.codecs = prefs;
  tc->bob.options.codecs = prefs;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_cmpstr (jd_call_get_codec_for (tc->bob.call, JD_JINGLE_MEDIA_VIDEO), ==, codec);
  JD_TEST_WAIT_UNTIL (jd_test_side_frames (&tc->bob) >= MIN_FRAMES &&
                      jd_test_side_frames (&tc->alice) >= MIN_FRAMES, 20000);
  g_test_message ("%s: bob decoded %u frames of %dx%d", codec, jd_test_side_frames (&tc->bob),
                  g_atomic_int_get (&tc->bob.video_width),
                  g_atomic_int_get (&tc->bob.video_height));
  g_assert_cmpint (g_atomic_int_get (&tc->bob.video_width), ==, 320);
  g_assert_cmpint (g_atomic_int_get (&tc->bob.video_height), ==, 240);
}

/* Muting video stops only the video: bob's video packets and frames stop
 * while her audio keeps coming; unmuted, the picture comes back. */
static void
test_mute_video (void)
{
  g_autoptr (JdTestCall) tc = NULL;
  const char *const prefs[] = { "opus", "VP8", NULL };
  g_autoptr (GError) error = NULL;
  guint64 video_before, audio_before;
  guint frames;

  if (!have_codec ("VP8"))
    {
      g_test_skip ("no VP8 encoder and decoder installed");
      return;
    }
  tc = jd_test_call_new (prosody);
  tc->alice.options.video = tc->bob.options.video = TRUE;
  tc->alice.options.codecs = tc->bob.options.codecs = prefs;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  JD_TEST_WAIT_UNTIL (jd_test_side_frames (&tc->bob) >= 10, 20000);
  g_assert_true (jd_call_set_mute (tc->alice.call, JD_JINGLE_MEDIA_VIDEO, TRUE, &error));
  g_assert_no_error (error);
  jd_test_run_for (500);
  video_before = jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_VIDEO);
  audio_before = jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_AUDIO);
  frames = jd_test_side_frames (&tc->bob);
  jd_test_run_for (1000);
  g_assert_cmpuint (jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_VIDEO), ==, video_before);
  g_assert_cmpuint (jd_test_side_frames (&tc->bob), ==, frames);
  g_assert_cmpuint (jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_AUDIO), >, audio_before + 25);
  g_assert_true (jd_call_set_mute (tc->alice.call, JD_JINGLE_MEDIA_VIDEO, FALSE, &error));
  JD_TEST_WAIT_UNTIL (jd_test_side_frames (&tc->bob) >= frames + 10, 10000);
}

static guint64
frames_decoded (JdTestSide *side)
{
  guint id = jd_call_get_stream_id (side->call, JD_JINGLE_MEDIA_VIDEO);

  return id == G_MAXUINT ? 0
                         : jd_media_pipeline_get_frames_decoded (jd_call_get_pipeline (side->call),
                                                                 id);
}

/* An audio call gains video when alice adds it (content-add): bob takes
 * it and both decode the other's picture; when alice removes it
 * (content-remove) neither decodes another frame, and the audio went on
 * throughout. */
static void
test_add_and_remove_video (void)
{
  g_autoptr (JdTestCall) tc = NULL;
  const char *const prefs[] = { "opus", "VP8", NULL };
  g_autoptr (GError) error = NULL;
  guint64 alice_frames, bob_frames, audio_before;

  if (!have_codec ("VP8"))
    {
      g_test_skip ("no VP8 encoder and decoder installed");
      return;
    }
  tc = jd_test_call_new (prosody);
  tc->alice.options.codecs = tc->bob.options.codecs = prefs;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_false (jd_call_has_media (tc->alice.call, JD_JINGLE_MEDIA_VIDEO));
  audio_before = jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_AUDIO);

  g_assert_true (jd_call_add_video (tc->alice.call, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (frames_decoded (&tc->bob) >= MIN_FRAMES &&
                      frames_decoded (&tc->alice) >= MIN_FRAMES, 20000);
  g_assert_true (jd_call_has_media (tc->bob.call, JD_JINGLE_MEDIA_VIDEO));
  g_assert_cmpstr (jd_call_get_codec_for (tc->bob.call, JD_JINGLE_MEDIA_VIDEO), ==, "VP8");
  /* A second one is refused. */
  g_assert_false (jd_call_add_video (tc->alice.call, &error));
  g_assert_error (error, JD_CALL_ERROR, JD_CALL_ERROR_NOT_ACTIVE);
  g_clear_error (&error);

  g_assert_true (jd_call_remove_video (tc->alice.call, &error));
  g_assert_no_error (error);
  jd_test_run_for (500);
  alice_frames = frames_decoded (&tc->alice);
  bob_frames = frames_decoded (&tc->bob);
  jd_test_run_for (1000);
  g_assert_cmpuint (frames_decoded (&tc->bob), ==, bob_frames);
  g_assert_cmpuint (frames_decoded (&tc->alice), ==, alice_frames);
  g_assert_false (jd_call_has_media (tc->bob.call, JD_JINGLE_MEDIA_VIDEO));
  g_assert_cmpuint (jd_test_side_received (&tc->bob, JD_JINGLE_MEDIA_AUDIO), >,
                    audio_before + 100);
  g_assert_cmpint (jd_call_get_state (tc->alice.call), ==, JD_CALL_STATE_ACTIVE);
  g_assert_cmpint (jd_call_get_state (tc->bob.call), ==, JD_CALL_STATE_ACTIVE);
}

/* Bob does not take video during a call (content-reject): alice's call
 * stays an active audio call without a video content. */
static void
test_added_video_refused (void)
{
  g_autoptr (JdTestCall) tc = jd_test_call_new (prosody);
  g_autoptr (GError) error = NULL;

  tc->bob.options.refuse_added_video = TRUE;
  jd_test_call_dial (tc);
  jd_test_call_wait_tones (tc);
  g_assert_true (jd_call_add_video (tc->alice.call, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (jd_call_get_stream_id (tc->alice.call, JD_JINGLE_MEDIA_VIDEO), !=, G_MAXUINT);
  JD_TEST_WAIT_UNTIL (jd_call_get_stream_id (tc->alice.call, JD_JINGLE_MEDIA_VIDEO) == G_MAXUINT,
                      5000);
  g_assert_cmpuint (jd_call_get_stream_id (tc->bob.call, JD_JINGLE_MEDIA_VIDEO), ==, G_MAXUINT);
  tc->bob.hits = 0;
  JD_TEST_WAIT_UNTIL (tc->bob.hits >= 5, 5000);
  g_assert_cmpint (jd_call_get_state (tc->alice.call), ==, JD_CALL_STATE_ACTIVE);
}

static void
test_vp8 (void)
{
  video_call ("VP8");
}

static void
test_h264 (void)
{
  video_call ("H264");
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
  g_test_add_func ("/call/video/vp8", test_vp8);
  g_test_add_func ("/call/video/h264", test_h264);
  g_test_add_func ("/call/video/mute-video-only", test_mute_video);
  g_test_add_func ("/call/video/add-and-remove-video", test_add_and_remove_video);
  g_test_add_func ("/call/video/added-video-refused", test_added_video_refused);
  return g_test_run ();
}
