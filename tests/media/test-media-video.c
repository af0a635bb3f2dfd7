/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Video calls between two media pipelines back to back over UDP on
 * 127.0.0.1 with DTLS-SRTP, once per video codec and per installed
 * encoder/decoder alternative of its descriptor: alice sends
 * videotestsrc's moving ball at 320x240, bob SMPTE bars at 176x144, and
 * each must decode at least MIN_FRAMES of the other's frames at the
 * sender's size.
 *
 * Then key frames on request: alice's encoder is set to make no periodic
 * key frames; once bob decodes steadily and no key frame has left alice's
 * encoder for a while, jd_media_pipeline_request_keyframe() on bob must
 * make alice's encoder produce a new one (bob's PLI, alice's rtpsession,
 * an upstream force-key-unit to her encoder).  The start of a call
 * often takes the same path: what is sent before the DTLS handshake is
 * done is lost, the first key frame with it, and the receiver has to ask
 * for another (the openh264enc variant fails without jd-media-video's
 * watch for frames the depayloader drops).
 *
 * Which request goes out, for jd_media_pipeline_request_keyframe() and
 * for the decoder's own requests alike, follows the feedback the
 * stream's config says was agreed (JdMediaFeedback), not the codec's
 * descriptor: every RTCP packet that reaches each side's rtpbin (after
 * SRTP) is read, and the only key-frame requests in them must be PLIs
 * when "nack pli" was agreed (with or without "ccm fir"), FIRs when only
 * "ccm fir" was, and none at all when neither was, while the video still
 * decodes (the encoder's periodic key frames); never a generic NACK.  Alice answers a
 * PLI with a key frame even when she agreed to none.  The codec
 * variants run with PLI and FIR agreed, as between two jingleds; the
 * other cases once, with VP8's first alternatives.
 */
#include <string.h>

#include <gio/gio.h>
#include <gst/rtp/gstrtcpbuffer.h>

#include "jd-test-media.h"
#include "jd-test-util.h"
#include "media/jd-codec-registry.h"

#define MIN_FRAMES 30
/* Frames bob decodes with no key frame from alice before asking for one. */
#define QUIET_FRAMES 15

typedef struct {
  JdTestMediaSide media;
  const char *name;
  const char *source;
  int width, height;         /* of the source: what the peer must decode */
  GMainContext *context;     /* the test's, woken by streaming threads */
  GstElement *encoder;       /* inside the pipeline */
  GstElement *decoder;
  gint frames_at_sink;       /* atomic: handoffs of the sink */
  gint keyframes_encoded;    /* atomic: encoder output without DELTA_UNIT */
  gint plis_in;              /* atomic: RTCP feedback that reached the rtpbin */
  gint firs_in;
  gint nacks_in;             /* generic NACK */
} Side;

/* One test: a codec, which of its encoder and decoder alternatives (0 is
 * the descriptor as it is: the first installed ones), and the feedback
 * each side's config says was agreed (alice's is what she may ask bob
 * for, bob's what he may ask her for). */
typedef struct {
  const JdCodec *codec;
  guint alternative;
  JdMediaFeedback alice_feedback;
  JdMediaFeedback bob_feedback;
} Variant;

#define BOTH_FEEDBACK (JD_MEDIA_FEEDBACK_PLI | JD_MEDIA_FEEDBACK_FIR)

/* Streaming thread: counts, and wakes the test's waits (which check
 * their condition whenever the main context wakes). */
static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, Side *side)
{
  g_atomic_int_inc (&side->frames_at_sink);
  g_main_context_wakeup (side->context);
}

/* Streaming thread. */
static GstPadProbeReturn
on_encoded (GstPad *pad, GstPadProbeInfo *info, Side *side)
{
  if (!GST_BUFFER_FLAG_IS_SET (GST_PAD_PROBE_INFO_BUFFER (info), GST_BUFFER_FLAG_DELTA_UNIT))
    {
      g_atomic_int_inc (&side->keyframes_encoded);
      g_main_context_wakeup (side->context);
    }
  return GST_PAD_PROBE_OK;
}

/* Streaming thread: one compound RTCP packet, decrypted, on its way into
 * @side's rtpbin. */
static GstPadProbeReturn
on_rtcp_in (GstPad *pad, GstPadProbeInfo *info, Side *side)
{
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;

  if (!gst_rtcp_buffer_map (GST_PAD_PROBE_INFO_BUFFER (info), GST_MAP_READ, &rtcp))
    return GST_PAD_PROBE_OK;
  for (gboolean more = gst_rtcp_buffer_get_first_packet (&rtcp, &packet); more;
       more = gst_rtcp_packet_move_to_next (&packet))
    {
      GstRTCPType type = gst_rtcp_packet_get_type (&packet);
      GstRTCPFBType fmt = type == GST_RTCP_TYPE_PSFB || type == GST_RTCP_TYPE_RTPFB
                            ? gst_rtcp_packet_fb_get_type (&packet) : GST_RTCP_FB_TYPE_INVALID;

      if (type == GST_RTCP_TYPE_PSFB && fmt == GST_RTCP_PSFB_TYPE_PLI)
        g_atomic_int_inc (&side->plis_in);
      else if (type == GST_RTCP_TYPE_PSFB && fmt == GST_RTCP_PSFB_TYPE_FIR)
        g_atomic_int_inc (&side->firs_in);
      else if (type == GST_RTCP_TYPE_RTPFB && fmt == GST_RTCP_RTPFB_TYPE_NACK)
        g_atomic_int_inc (&side->nacks_in);
    }
  gst_rtcp_buffer_unmap (&rtcp);
  g_main_context_wakeup (side->context);
  return GST_PAD_PROBE_OK;
}

static gint
has_factory (gconstpointer item, gconstpointer name)
{
  GstElementFactory *factory = gst_element_get_factory (g_value_get_object (item));

  return factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), name) ? 0 : 1;
}

static gint
has_klass (gconstpointer item, gconstpointer klass)
{
  GstElement *element = g_value_get_object (item);
  const char *k = gst_element_class_get_metadata (GST_ELEMENT_GET_CLASS (element),
                                                  GST_ELEMENT_METADATA_KLASS);

  return strstr (k, klass) != NULL ? 0 : 1;
}

/* The first element for which @match (on a GValue holding it) returns 0
 * with @data, in the GstPipeline behind @side's JdMediaPipeline (each has
 * one stream, so one encoder, one decoder, one rtpbin).
 * Returns: (transfer full) */
static GstElement *
find_element (Side *side, GCompareFunc match, const char *data)
{
  g_autoptr (GstElement) sink = jd_media_pipeline_get_sink (side->media.pipeline, 0);
  g_autoptr (GstObject) top = gst_object_ref (GST_OBJECT (sink));
  GstObject *parent;
  GstIterator *it;
  GValue found = G_VALUE_INIT;
  GstElement *element = NULL;

  while ((parent = gst_object_get_parent (top)) != NULL)
    {
      gst_object_unref (top);
      top = parent;
    }
  it = gst_bin_iterate_recurse (GST_BIN (top));
  if (gst_iterator_find_custom (it, match, &found, (gpointer) data))
    {
      element = g_value_dup_object (&found);
      g_value_unset (&found);
    }
  gst_iterator_free (it);
  g_assert_nonnull (element);
  return element;
}

static const char *
factory_of (GstElement *element)
{
  return gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (gst_element_get_factory (element)));
}

/* No periodic key frames, so that only requests make them; the property
 * is called differently by vp8enc, x264enc and openh264enc. */
static void
no_periodic_keyframes (GstElement *encoder)
{
  static const char *const names[] = { "keyframe-max-dist", "key-int-max", "gop-size" };
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (encoder), names[i]) != NULL)
      {
        gst_util_set_object_arg (G_OBJECT (encoder), names[i], "100000");
        found = TRUE;
      }
  g_assert_true (found);
}

/* Periodic key frames are kept only for a stream that cannot ask for
 * one: without them it might never show a picture. */
static void
watch_codec_elements (Side *side, gboolean periodic_keyframes)
{
  g_autoptr (GstPad) encoded = NULL;
  g_autoptr (GstElement) sink = jd_media_pipeline_get_sink (side->media.pipeline, 0);
  g_autoptr (GstElement) rtpbin = find_element (side, has_factory, "rtpbin");
  g_autoptr (GstPad) rtcp_in = gst_element_get_static_pad (rtpbin, "recv_rtcp_sink_0");

  side->encoder = find_element (side, has_klass, "Encoder/Video");
  side->decoder = find_element (side, has_klass, "Decoder/Video");
  if (!periodic_keyframes)
    no_periodic_keyframes (side->encoder);
  g_assert_nonnull (rtcp_in);
  gst_pad_add_probe (rtcp_in, GST_PAD_PROBE_TYPE_BUFFER, (GstPadProbeCallback) on_rtcp_in,
                     side, NULL);
  encoded = gst_element_get_static_pad (side->encoder, "src");
  gst_pad_add_probe (encoded, GST_PAD_PROBE_TYPE_BUFFER, (GstPadProbeCallback) on_encoded,
                     side, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), side);
}

/* @feedback: what @side may ask @peer for; @peer_feedback the reverse. */
static void
setup_side (Side *side, const JdCodec *codec, gboolean client, JdMediaFeedback feedback,
            JdMediaFeedback peer_feedback, Side *peer)
{
  JdMediaStreamConfig config = { .codec = codec, .pt = codec->payload_type,
                                 .dtls_client = client, .dtls_pem = side->media.pem,
                                 .source = side->source,
                                 .sink = "fakesink name=sink signal-handoffs=true sync=false",
                                 .feedback = feedback };

  side->context = g_main_context_ref_thread_default ();
  jd_test_media_side_add_udp_stream (&side->media, &config, &peer->media);
  watch_codec_elements (side, peer_feedback == JD_MEDIA_FEEDBACK_NONE);
}

static void
teardown_side (Side *side)
{
  jd_test_media_side_clear (&side->media);
  gst_object_unref (side->encoder);
  gst_object_unref (side->decoder);
  g_main_context_unref (side->context);
}

static gboolean
both_decoding (Side *alice, Side *bob)
{
  return g_atomic_int_get (&alice->frames_at_sink) >= MIN_FRAMES &&
         g_atomic_int_get (&bob->frames_at_sink) >= MIN_FRAMES &&
         jd_media_pipeline_get_frames_decoded (alice->media.pipeline, 0) >= MIN_FRAMES &&
         jd_media_pipeline_get_frames_decoded (bob->media.pipeline, 0) >= MIN_FRAMES;
}

/* The size @side's sink received, i.e. that its decoder produced. */
static void
assert_decoded_size (Side *side, int width, int height)
{
  g_autoptr (GstElement) sink = jd_media_pipeline_get_sink (side->media.pipeline, 0);
  g_autoptr (GstPad) pad = gst_element_get_static_pad (sink, "sink");
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s;
  int w = 0, h = 0;

  g_assert_nonnull (caps);
  s = gst_caps_get_structure (caps, 0);
  g_assert_true (gst_structure_has_name (s, "video/x-raw"));
  g_assert_true (gst_structure_get_int (s, "width", &w) && gst_structure_get_int (s, "height", &h));
  g_test_message ("%s decodes %dx%d", side->name, w, h);
  g_assert_cmpint (w, ==, width);
  g_assert_cmpint (h, ==, height);
}

/* TRUE once bob decoded QUIET_FRAMES frames since alice's encoder last
 * produced a key frame (startup requests may still be on their way). */
static gboolean
keyframes_settled (Side *alice, Side *bob, gint *keyframes, guint64 *since_frame)
{
  gint now = g_atomic_int_get (&alice->keyframes_encoded);
  guint64 frames = jd_media_pipeline_get_frames_decoded (bob->media.pipeline, 0);

  if (now != *keyframes)
    {
      *keyframes = now;
      *since_frame = frames;
    }
  return frames >= *since_frame + QUIET_FRAMES;
}

/* Key-frame requests that reached @side (from its peer, whose config
 * said @asker_feedback was agreed): only of the type that rule picks, and
 * never a generic NACK.  Returns: how many */
static gint
assert_requests_in (Side *side, JdMediaFeedback asker_feedback)
{
  gint plis = g_atomic_int_get (&side->plis_in), firs = g_atomic_int_get (&side->firs_in);

  g_test_message ("%s received %d PLI, %d FIR, %d NACK", side->name, plis, firs,
                  g_atomic_int_get (&side->nacks_in));
  g_assert_cmpint (g_atomic_int_get (&side->nacks_in), ==, 0);
  if (asker_feedback & JD_MEDIA_FEEDBACK_PLI)
    g_assert_cmpint (firs, ==, 0);
  else if (asker_feedback & JD_MEDIA_FEEDBACK_FIR)
    g_assert_cmpint (plis, ==, 0);
  else
    g_assert_cmpint (plis + firs, ==, 0);
  return plis + firs;
}

/* What a decoder does when it cannot decode (GstVideoDecoder's
 * automatic-request-sync-points, rtpvp8depay's request-keyframe): an
 * upstream force-key-unit event, here with all-headers, which
 * rtpsession would turn into a FIR if the caps let it. */
static void
decoder_asks_for_keyframe (Side *side)
{
  g_autoptr (GstPad) sink = gst_element_get_static_pad (side->decoder, "sink");
  GstStructure *s = gst_structure_new ("GstForceKeyUnit",
                                       "all-headers", G_TYPE_BOOLEAN, TRUE, NULL);

  gst_pad_push_event (sink, gst_event_new_custom (GST_EVENT_CUSTOM_UPSTREAM, s));
}

/* Without agreed feedback bob's requests go nowhere: nothing reaches
 * alice (RTCP keeps flowing, so it would have by now). */
static void
check_no_request (Side *alice, Side *bob)
{
  jd_media_pipeline_request_keyframe (bob->media.pipeline, 0);
  decoder_asks_for_keyframe (bob);
  jd_test_run_for (1000);
  g_assert_no_error (alice->media.error);
  g_assert_no_error (bob->media.error);
}

static void
check_keyframe_request (Side *alice, Side *bob)
{
  gint keyframes = g_atomic_int_get (&alice->keyframes_encoded);
  guint64 since_frame = jd_media_pipeline_get_frames_decoded (bob->media.pipeline, 0);

  JD_TEST_WAIT_UNTIL (keyframes_settled (alice, bob, &keyframes, &since_frame) ||
                      alice->media.error || bob->media.error, 20000);
  g_test_message ("alice's encoder made %d key frame(s) before the request", keyframes);
  jd_media_pipeline_request_keyframe (bob->media.pipeline, 0);
  JD_TEST_WAIT_UNTIL (g_atomic_int_get (&alice->keyframes_encoded) > keyframes ||
                      alice->media.error || bob->media.error, 10000);
  g_assert_no_error (alice->media.error);
  g_assert_no_error (bob->media.error);
  /* The decoder's requests are sent as agreed too. */
  keyframes = g_atomic_int_get (&alice->keyframes_encoded);
  decoder_asks_for_keyframe (bob);
  JD_TEST_WAIT_UNTIL (g_atomic_int_get (&alice->keyframes_encoded) > keyframes ||
                      alice->media.error || bob->media.error, 10000);
  g_assert_no_error (alice->media.error);
  g_assert_no_error (bob->media.error);
}

static void
test_video_call (gconstpointer data)
{
  const Variant *variant = data;
  JdCodec codec = *variant->codec;
  gint requests;
  Side alice = {
    .name = "alice", .width = 320, .height = 240,
    .source = "videotestsrc is-live=true pattern=ball ! "
              "capsfilter caps=video/x-raw,width=320,height=240,framerate=15/1",
  };
  Side bob = {
    .name = "bob", .width = 176, .height = 144,
    .source = "videotestsrc is-live=true pattern=smpte ! "
              "capsfilter caps=video/x-raw,width=176,height=144,framerate=15/1",
  };

  /* The descriptor from this alternative on: its first choice is it. */
  codec.encoders = &variant->codec->encoders[variant->alternative];
  codec.decoders = &variant->codec->decoders[variant->alternative];
  if (!jd_codec_is_available (&codec))
    {
      g_autofree char *why = g_strdup_printf ("no %s encoder and decoder installed "
                                              "(from %s and %s on)", codec.name,
                                              codec.encoders->factory, codec.decoders->factory);

      g_test_skip (why);
      return;
    }
  jd_test_media_side_init (&alice.media, alice.name);
  jd_test_media_side_init (&bob.media, bob.name);
  setup_side (&alice, &codec, TRUE, variant->alice_feedback, variant->bob_feedback, &bob);
  setup_side (&bob, &codec, FALSE, variant->bob_feedback, variant->alice_feedback, &alice);
  g_test_message ("%s: alice %s -> bob %s", codec.name, factory_of (alice.encoder),
                  factory_of (bob.decoder));
  jd_test_media_start (&alice.media, &bob.media);

  JD_TEST_WAIT_UNTIL (both_decoding (&alice, &bob) || alice.media.error || bob.media.error, 20000);
  g_assert_no_error (alice.media.error);
  g_assert_no_error (bob.media.error);
  assert_decoded_size (&bob, alice.width, alice.height);
  assert_decoded_size (&alice, bob.width, bob.height);
  if (variant->bob_feedback != JD_MEDIA_FEEDBACK_NONE)
    check_keyframe_request (&alice, &bob);
  else
    check_no_request (&alice, &bob);
  requests = assert_requests_in (&alice, variant->bob_feedback);
  if (variant->bob_feedback != JD_MEDIA_FEEDBACK_NONE)
    g_assert_cmpint (requests, >, 0);
  assert_requests_in (&bob, variant->alice_feedback);

  teardown_side (&alice);
  teardown_side (&bob);
}

/* One test per video codec and per index of its encoder/decoder
 * alternatives, so that every element a descriptor names gets run where
 * it is installed. */
static void
add_tests (GPtrArray *variants)
{
  for (const JdCodec *const *c = jd_codecs; *c != NULL; c++)
    for (guint i = 0;
         (*c)->media == JD_JINGLE_MEDIA_VIDEO && (*c)->encoders[i].factory != NULL &&
         (*c)->decoders[i].factory != NULL;
         i++)
      {
        Variant *v = g_new (Variant, 1);
        g_autofree char *path = i == 0
          ? g_strdup_printf ("/media/video/%s", (*c)->name)
          : g_strdup_printf ("/media/video/%s/%s+%s", (*c)->name, (*c)->encoders[i].factory,
                             (*c)->decoders[i].factory);

        *v = (Variant) { *c, i, BOTH_FEEDBACK, BOTH_FEEDBACK };
        g_ptr_array_add (variants, v);
        g_test_add_data_func (path, v, test_video_call);
      }
}

/* The feedback cases once each, with VP8's first alternatives. */
static void
add_feedback_tests (GPtrArray *variants)
{
  static const struct {
    const char *path;
    JdMediaFeedback alice, bob;
  } cases[] = {
    { "/media/video/VP8/feedback/pli", JD_MEDIA_FEEDBACK_PLI, JD_MEDIA_FEEDBACK_PLI },
    { "/media/video/VP8/feedback/fir", JD_MEDIA_FEEDBACK_FIR, JD_MEDIA_FEEDBACK_FIR },
    { "/media/video/VP8/feedback/none", JD_MEDIA_FEEDBACK_NONE, JD_MEDIA_FEEDBACK_NONE },
    /* Bob asks although alice agreed to nothing: she still answers. */
    { "/media/video/VP8/feedback/unagreed-pli", JD_MEDIA_FEEDBACK_NONE, JD_MEDIA_FEEDBACK_PLI },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Variant *v = g_new (Variant, 1);

      *v = (Variant) { jd_codec_registry_find ("VP8", 90000, 1), 0, cases[i].alice,
                       cases[i].bob };
      g_ptr_array_add (variants, v);
      g_test_add_data_func (cases[i].path, v, test_video_call);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) variants = g_ptr_array_new_with_free_func (g_free);

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  add_tests (variants);
  add_feedback_tests (variants);
  return g_test_run ();
}
