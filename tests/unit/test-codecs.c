/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for the codec descriptors (codecs/) and the registry
 * (src/media/jd-codec-registry): every descriptor survives a trip
 * through a XEP-0167 <payload-type/>, its RTP caps are fixed and parse
 * (STYLE.md §8), availability follows the installed element factories,
 * our local description answers Dino 0.4.2's real offers, and every
 * codec's elements run: audio and video through encode, pay, depay and
 * decode to EOS.
 */
#include <string.h>

#include "jd-codec-registry.h"
#include "jd-jingle-message.h"
#include "jd-jingle-negotiate.h"
#include "jd-stanza.h"

/* The end-to-end pipelines take well under a second; this is a hang. */
#define PIPELINE_TIMEOUT_S 20

typedef struct {
  xmpp_ctx_t *ctx;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  xmpp_ctx_free (f->ctx);
}

static const JdCodec *
codec_at (const GPtrArray *codecs, guint i)
{
  return g_ptr_array_index (codecs, i);
}

/* "name/rate" for each, joined by spaces: one string to compare. */
static char *
describe (const GPtrArray *codecs)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < codecs->len; i++)
    g_string_append_printf (s, "%s%s/%u", i ? " " : "", codec_at (codecs, i)->name,
                            codec_at (codecs, i)->clock_rate);
  return g_string_free (s, FALSE);
}

static char *
describe_payload_types (const JdJingleRtpDescription *d)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < d->payload_types->len; i++)
    {
      const JdJinglePayloadType *pt = g_ptr_array_index (d->payload_types, i);

      g_string_append_printf (s, "%s%s/%u:%u", i ? " " : "", pt->name, pt->clockrate, pt->id);
    }
  return g_string_free (s, FALSE);
}

/* ---- Descriptors through the Jingle layer ---- */

static void
test_all_available (void)
{
  g_autoptr (GPtrArray) audio = jd_codec_registry_available (JD_JINGLE_MEDIA_AUDIO, NULL);
  g_autoptr (GPtrArray) video = jd_codec_registry_available (JD_JINGLE_MEDIA_VIDEO, NULL);
  g_autofree char *audio_names = describe (audio);
  g_autofree char *video_names = describe (video);
  guint n = 0;

  /* This machine has base, good, bad, ugly and libav installed. */
  g_assert_cmpstr (audio_names, ==,
                   "opus/48000 G722/8000 PCMU/8000 PCMA/8000 "
                   "telephone-event/48000 telephone-event/8000");
  g_assert_cmpstr (video_names, ==, "VP8/90000 H264/90000");
  while (jd_codecs[n])
    n++;
  g_assert_cmpuint (n, ==, audio->len + video->len);
}

static void
test_payload_type_round_trip (Fixture *f, gconstpointer data)
{
  for (const JdCodec *const *c = jd_codecs; *c; c++)
    {
      g_autoptr (JdJingleRtpDescription) d = jd_jingle_rtp_description_new ((*c)->media);
      g_autoptr (xmpp_stanza_t) el = NULL;
      g_autoptr (JdJingleRtpDescription) back = NULL;
      g_autoptr (GError) error = NULL;
      const JdJinglePayloadType *pt;

      g_ptr_array_add (d->payload_types, jd_codec_to_payload_type (*c));
      el = jd_jingle_rtp_description_build (f->ctx, d);
      back = jd_jingle_rtp_description_parse (el, &error);
      g_assert_no_error (error);
      g_assert_true (jd_jingle_rtp_description_equal (d, back));

      pt = g_ptr_array_index (back->payload_types, 0);
      g_assert_cmpstr (pt->name, ==, (*c)->name);
      g_assert_cmpuint (pt->id, ==, (*c)->payload_type);
      g_assert_true (jd_codec_registry_find (pt->name, pt->clockrate, pt->channels) == *c);
    }
}

static void
test_payload_type_parameters (void)
{
  const JdCodec *h264 = jd_codec_registry_find ("h264", 90000, 1);
  g_autoptr (JdJinglePayloadType) pt = NULL;

  g_assert_nonnull (h264);
  pt = jd_codec_to_payload_type (h264);
  g_assert_cmpstr (jd_jingle_payload_type_get_parameter (pt, "profile-level-id"), ==, "42e01f");
  g_assert_cmpstr (jd_jingle_payload_type_get_parameter (pt, "packetization-mode"), ==, "1");
  /* PLI and FIR, not generic nack: nothing of ours retransmits. */
  g_assert_cmpuint (pt->rtcp_fbs->len, ==, 2);
  /* One channel is the default and not written (XEP-0167 §5). */
  g_clear_pointer (&pt, jd_jingle_payload_type_free);
  pt = jd_codec_to_payload_type (jd_codec_registry_find ("PCMU", 8000, 0));
  g_assert_cmpuint (pt->channels, ==, 0);
  g_assert_null (jd_codec_registry_find ("opus", 48000, 1));
  g_assert_null (jd_codec_registry_find ("speex", 16000, 1));
}

static void
test_rtp_caps (void)
{
  for (const JdCodec *const *c = jd_codecs; *c; c++)
    {
      g_autoptr (GstCaps) caps = jd_codec_rtp_caps (*c, 100);
      g_autofree char *str = gst_caps_to_string (caps);
      g_autoptr (GstCaps) parsed = gst_caps_from_string (str);
      const GstStructure *s = gst_caps_get_structure (caps, 0);
      g_autofree char *upper = g_ascii_strup ((*c)->name, -1);
      int rate = 0, pt = 0;

      g_assert_true (gst_caps_is_fixed (caps));
      g_assert_nonnull (parsed);
      g_assert_true (gst_caps_is_equal (caps, parsed));
      g_assert_cmpstr (gst_structure_get_string (s, "encoding-name"), ==, upper);
      g_assert_true (gst_structure_get_int (s, "clock-rate", &rate));
      g_assert_cmpint (rate, ==, (*c)->clock_rate);
      g_assert_true (gst_structure_get_int (s, "payload", &pt));
      g_assert_cmpint (pt, ==, 100);
    }
}

static void
test_rtp_caps_fields (void)
{
  g_autoptr (GstCaps) opus = jd_codec_rtp_caps (jd_codec_registry_find ("OPUS", 48000, 2), 111);
  g_autoptr (GstCaps) vp8 = jd_codec_rtp_caps (jd_codec_registry_find ("vp8", 90000, 1), 96);
  g_autoptr (GstCaps) expected_opus = gst_caps_from_string (
    "application/x-rtp, media=audio, encoding-name=OPUS, clock-rate=48000, payload=111, "
    "encoding-params=(string)2, useinbandfec=(string)1");
  gboolean pli = FALSE;

  g_assert_true (gst_caps_is_equal (opus, expected_opus));
  g_assert_true (gst_structure_get_boolean (gst_caps_get_structure (vp8, 0),
                                            "rtcp-fb-nack-pli", &pli));
  g_assert_true (pli);
}

/* ---- Availability and preference ---- */

static void
test_preference (void)
{
  const char *const preference[] = { "PCMA", "no-such-codec", "OPUS", "telephone-event", NULL };
  g_autoptr (GPtrArray) codecs = jd_codec_registry_available (JD_JINGLE_MEDIA_AUDIO, preference);
  g_autofree char *names = describe (codecs);
  const char *const video_only[] = { "H264", "opus", NULL };
  g_autoptr (GPtrArray) video = jd_codec_registry_available (JD_JINGLE_MEDIA_VIDEO, video_only);
  const char *const none[] = { NULL };
  g_autoptr (GPtrArray) empty = jd_codec_registry_available (JD_JINGLE_MEDIA_AUDIO, none);

  g_assert_cmpstr (names, ==,
                   "PCMA/8000 opus/48000 telephone-event/48000 telephone-event/8000");
  g_assert_cmpuint (video->len, ==, 1);
  g_assert_cmpstr (codec_at (video, 0)->name, ==, "H264");
  g_assert_cmpuint (empty->len, ==, 0);
}

/* Test-only descriptors: one needs an element nobody has, the other's
 * first-choice encoder is missing but its second is installed. */
static const JdCodec missing_codec = {
  .name = "X-JD-MISSING",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 48000,
  .channels = 2,
  .payload_type = 120,
  .raw_caps = "audio/x-raw, rate=48000, channels=1",
  .encoders = (const JdCodecElement[]) { { "jd-test-no-such-encoder", NULL }, { NULL, NULL } },
  .decoders = (const JdCodecElement[]) { { "opusdec", NULL }, { NULL, NULL } },
  .payloader = { "rtpopuspay", NULL },
  .depayloader = { "rtpopusdepay", NULL },
};

static const JdCodec fallback_codec = {
  .name = "X-JD-FALLBACK",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 48000,
  .channels = 2,
  .payload_type = 121,
  .encoders = (const JdCodecElement[]) {
    { "jd-test-no-such-encoder", NULL },
    { "opusenc", "bitrate=24000" },
    { NULL, NULL },
  },
  .decoders = (const JdCodecElement[]) { { "opusdec", NULL }, { NULL, NULL } },
  .payloader = { "rtpopuspay", "no-such-property=1" },
  .depayloader = { "rtpopusdepay", NULL },
};

static void
test_missing_element_filtered (void)
{
  const JdCodec *const table[] = { &missing_codec, &fallback_codec, NULL };
  g_autoptr (GPtrArray) codecs = jd_codec_registry_filter (table, JD_JINGLE_MEDIA_AUDIO, NULL);
  g_autoptr (GError) error = NULL;
  GstElement *encoder;

  g_assert_false (jd_codec_is_available (&missing_codec));
  g_assert_cmpuint (codecs->len, ==, 1);
  g_assert_true (codec_at (codecs, 0) == &fallback_codec);

  g_assert_null (jd_codec_make_encoder (&missing_codec, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT);
  g_clear_error (&error);

  encoder = gst_object_ref_sink (jd_codec_make_encoder (&fallback_codec, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (GST_OBJECT_NAME (gst_element_get_factory (encoder)), ==, "opusenc");
  gst_object_unref (encoder);

  g_assert_null (jd_codec_make_payloader (&fallback_codec, &error));
  g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_BAD_PROPERTY);
}

/* telephone-event is available only with the elements our RFC 4733
 * sender builds: without rtpdtmfmux it is not offered, whether or not
 * GStreamer's own rtpdtmfsrc (which we do not use) is installed.  In a
 * subprocess, as the element is removed from the process's registry. */
static void
test_dtmf_needs_its_sender (void)
{
  if (g_test_subprocess ())
    {
      GstRegistry *registry = gst_registry_get ();
      g_autoptr (GstPluginFeature) mux = gst_registry_lookup_feature (registry, "rtpdtmfmux");
      const JdCodec *te_48000 = jd_codec_registry_find ("telephone-event", 48000, 1);
      const JdCodec *te_8000 = jd_codec_registry_find ("telephone-event", 8000, 1);
      g_autoptr (GPtrArray) audio = NULL;

      g_assert_nonnull (mux);
      g_assert_true (jd_codec_is_available (te_48000));
      gst_registry_remove_feature (registry, mux);
      g_assert_false (jd_codec_is_available (te_48000));
      g_assert_false (jd_codec_is_available (te_8000));
      audio = jd_codec_registry_available (JD_JINGLE_MEDIA_AUDIO, NULL);
      g_assert_cmpuint (audio->len, >, 0);
      for (guint i = 0; i < audio->len; i++)
        g_assert_false (codec_at (audio, i)->is_dtmf);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* ---- Local description against real offers ---- */

static JdJingleRtpDescription *
load_offer (Fixture *f, const char *file)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "stanzas", "jingle", "valid",
                                          file, NULL);
  g_autofree char *xml = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) iq = NULL;
  g_autoptr (JdJingleMessage) msg = NULL;
  const JdJingleContent *content;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  iq = xmpp_stanza_new_from_string (f->ctx, xml);
  g_assert_nonnull (iq);
  g_assert_true (jd_jingle_message_parse (iq, &msg, &error));
  g_assert_no_error (error);
  content = g_ptr_array_index (msg->contents, 0);
  g_assert_nonnull (content->description);
  return jd_jingle_rtp_description_copy (content->description);
}

static void
test_local_description_dtmf (void)
{
  const char *const narrowband[] = { "PCMU", "PCMA", NULL };
  g_autoptr (JdJingleRtpDescription) all =
    jd_codec_registry_local_description (JD_JINGLE_MEDIA_AUDIO, NULL, TRUE);
  g_autoptr (JdJingleRtpDescription) g711 =
    jd_codec_registry_local_description (JD_JINGLE_MEDIA_AUDIO, narrowband, TRUE);
  g_autoptr (JdJingleRtpDescription) no_dtmf =
    jd_codec_registry_local_description (JD_JINGLE_MEDIA_AUDIO, NULL, FALSE);
  g_autofree char *all_str = describe_payload_types (all);
  g_autofree char *g711_str = describe_payload_types (g711);
  g_autofree char *no_dtmf_str = describe_payload_types (no_dtmf);

  g_assert_true (all->rtcp_mux);
  g_assert_cmpstr (all_str, ==,
                   "opus/48000:111 G722/8000:9 PCMU/8000:0 PCMA/8000:8 "
                   "telephone-event/48000:101 telephone-event/8000:126");
  g_assert_cmpstr (g711_str, ==, "PCMU/8000:0 PCMA/8000:8 telephone-event/8000:126");
  g_assert_cmpstr (no_dtmf_str, ==, "opus/48000:111 G722/8000:9 PCMU/8000:0 PCMA/8000:8");
}

static void
test_answer_dino_audio (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleRtpDescription) offer = load_offer (f, "dino-audio-session-initiate.xml");
  g_autoptr (JdJingleRtpDescription) local =
    jd_codec_registry_local_description (JD_JINGLE_MEDIA_AUDIO, NULL, TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJingleRtpDescription) answer =
    jd_jingle_negotiate_answer (offer, local, NULL, &error);
  g_autofree char *str = NULL;

  g_assert_no_error (error);
  str = describe_payload_types (answer);
  /* The codec we will run, alone (PCMU and PCMA are not promised). */
  g_assert_cmpstr (str, ==, "opus/48000:111");
  g_assert_true (answer->rtcp_mux);
}

static void
test_answer_dino_video (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = NULL;
  g_autoptr (JdJingleRtpDescription) local =
    jd_codec_registry_local_description (JD_JINGLE_MEDIA_VIDEO, NULL, FALSE);
  g_autoptr (JdJingleRtpDescription) offer = NULL;
  g_autoptr (JdJingleRtpDescription) answer = NULL;
  g_autoptr (GError) error = NULL;
  const JdJinglePayloadType *vp8;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "stanzas", "jingle", "valid",
                                          "dino-video-session-initiate.xml", NULL);
  g_autofree char *xml = NULL;
  g_autoptr (xmpp_stanza_t) iq = NULL;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  iq = xmpp_stanza_new_from_string (f->ctx, xml);
  g_assert_true (jd_jingle_message_parse (iq, &msg, &error));
  for (guint i = 0; i < msg->contents->len && !offer; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (msg->contents, i);

      if (c->description && c->description->media == JD_JINGLE_MEDIA_VIDEO)
        offer = jd_jingle_rtp_description_copy (c->description);
    }
  g_assert_nonnull (offer);

  answer = jd_jingle_negotiate_answer (offer, local, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (answer->payload_types->len, ==, 1);
  vp8 = g_ptr_array_index (answer->payload_types, 0);
  g_assert_cmpstr (vp8->name, ==, "VP8");
  g_assert_cmpuint (vp8->id, ==, 98);
  /* goog-remb is offered but not ours, nor generic nack (nothing
   * retransmits): nack pli and ccm fir stay. */
  g_assert_cmpuint (vp8->rtcp_fbs->len, ==, 2);
  for (guint i = 0; i < vp8->rtcp_fbs->len; i++)
    {
      const JdJingleRtcpFb *fb = g_ptr_array_index (vp8->rtcp_fbs, i);

      g_assert_true ((g_str_equal (fb->type, "nack") && g_strcmp0 (fb->subtype, "pli") == 0) ||
                     (g_str_equal (fb->type, "ccm") && g_strcmp0 (fb->subtype, "fir") == 0));
    }
  /* urn:3gpp:video-orientation is offered; we do not rotate. */
  g_assert_cmpuint (answer->hdrexts->len, ==, 0);
}

/* ---- Elements ---- */

static void
assert_pauses (GstElement *element)
{
  g_assert_nonnull (element);
  gst_object_ref_sink (element);
  g_assert_cmpint (gst_element_set_state (element, GST_STATE_PAUSED), !=,
                   GST_STATE_CHANGE_FAILURE);
  g_assert_cmpint (gst_element_set_state (element, GST_STATE_NULL), ==,
                   GST_STATE_CHANGE_SUCCESS);
  gst_object_unref (element);
}

static void
test_elements (void)
{
  for (const JdCodec *const *c = jd_codecs; *c; c++)
    {
      g_autoptr (GError) error = NULL;

      g_test_message ("%s/%u", (*c)->name, (*c)->clock_rate);
      if ((*c)->is_dtmf)
        {
          g_assert_null (jd_codec_make_encoder (*c, &error));
          g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED);
          g_clear_error (&error);
          g_assert_null (jd_codec_make_payloader (*c, &error));
          g_assert_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED);
          g_clear_error (&error);
        }
      else
        {
          assert_pauses (jd_codec_make_encoder (*c, &error));
          g_assert_no_error (error);
          assert_pauses (jd_codec_make_decoder (*c, &error));
          g_assert_no_error (error);
          assert_pauses (jd_codec_make_payloader (*c, &error));
          g_assert_no_error (error);
        }
      assert_pauses (jd_codec_make_depayloader (*c, &error));
      g_assert_no_error (error);
    }
}

/* The descriptor's property strings reach the elements (a value that
 * does not parse is only a GStreamer debug message). */
static void
test_element_properties (void)
{
  g_autoptr (GError) error = NULL;
  GstElement *opusenc = jd_codec_make_encoder (jd_codec_registry_find ("opus", 48000, 2), &error);
  GstElement *pay = jd_codec_make_payloader (jd_codec_registry_find ("H264", 90000, 1), &error);
  int bitrate = 0, config_interval = 0;
  gboolean fec = FALSE;
  guint pt = 0;

  g_assert_no_error (error);
  gst_object_ref_sink (opusenc);
  gst_object_ref_sink (pay);
  g_object_get (opusenc, "bitrate", &bitrate, "inband-fec", &fec, NULL);
  g_assert_cmpint (bitrate, ==, 32000);
  g_assert_true (fec);
  g_object_get (pay, "config-interval", &config_interval, "pt", &pt, NULL);
  g_assert_cmpint (config_interval, ==, -1);
  g_assert_cmpuint (pt, ==, 97);
  gst_object_unref (opusenc);
  gst_object_unref (pay);
}

/* ---- End to end: encode, pay, depay, decode ---- */

typedef struct {
  GMainLoop *loop;
  GError *error;                /* the first bus error */
  gboolean eos;
  gboolean timed_out;
  gint decoded;                 /* buffers at the sink; atomic, streaming thread */
} RunState;

static GstPadProbeReturn
on_sink_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  RunState *state = user_data;

  g_atomic_int_inc (&state->decoded);
  return GST_PAD_PROBE_OK;
}

static void
count_buffers (GstElement *sink, RunState *state)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (sink, "sink");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_sink_buffer, state, NULL);
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  RunState *state = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR && !state->error)
    gst_message_parse_error (message, &state->error, NULL);
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    state->eos = TRUE;
  else
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (state->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  RunState *state = user_data;

  state->timed_out = TRUE;
  g_main_loop_quit (state->loop);
  return G_SOURCE_REMOVE;
}

/* Runs @pipeline to EOS, an error or the timeout. */
static void
run_pipeline (GstElement *pipeline, RunState *state)
{
  g_autoptr (GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (pipeline));
  g_autoptr (GSource) watch = gst_bus_create_watch (bus);
  g_autoptr (GSource) timeout = g_timeout_source_new_seconds (PIPELINE_TIMEOUT_S);

  state->loop = g_main_loop_new (NULL, FALSE);
  g_source_set_callback (watch, G_SOURCE_FUNC (on_bus_message), state, NULL);
  g_source_set_callback (timeout, on_timeout, state, NULL);
  g_source_attach (watch, NULL);
  g_source_attach (timeout, NULL);

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  g_main_loop_run (state->loop);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  g_source_destroy (watch);
  g_source_destroy (timeout);
  g_clear_pointer (&state->loop, g_main_loop_unref);
}

static GstElement *
make (const char *factory, const char *properties)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  g_assert_nonnull (element);
  if (properties)
    {
      g_auto (GStrv) pairs = g_strsplit (properties, " ", -1);

      for (char **pair = pairs; *pair; pair++)
        {
          g_auto (GStrv) kv = g_strsplit (*pair, "=", 2);

          gst_util_set_object_arg (G_OBJECT (element), kv[0], kv[1]);
        }
    }
  return element;
}

static GstElement *
make_capsfilter (GstCaps *caps)
{
  GstElement *filter = make ("capsfilter", NULL);

  g_object_set (filter, "caps", caps, NULL);
  return filter;
}

/* Test source and sink per media; the codec chain between them comes
 * from the registry alone. */
static void
add_chain (GstBin *pipeline, const JdCodec *codec, GstElement **elements, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (elements[i]);
      gst_bin_add (pipeline, elements[i]);
      if (i > 0 && !gst_element_link (elements[i - 1], elements[i]))
        g_error ("%s: cannot link %s to %s", codec->name, GST_ELEMENT_NAME (elements[i - 1]),
                 GST_ELEMENT_NAME (elements[i]));
    }
}

static void
test_end_to_end (gconstpointer data)
{
  const JdCodec *codec = data;
  g_autoptr (GstElement) pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  g_autoptr (GstCaps) raw = jd_codec_raw_caps (codec);
  gboolean audio = codec->media == JD_JINGLE_MEDIA_AUDIO;
  GstElement *elements[] = {
    audio ? make ("audiotestsrc", "freq=440 num-buffers=50")
          : make ("videotestsrc", "num-buffers=15"),
    audio ? make ("audioconvert", NULL) : make ("videoconvert", NULL),
    audio ? make ("audioresample", NULL) : make ("identity", NULL),
    make_capsfilter (raw),
    jd_codec_make_encoder (codec, NULL),
    jd_codec_make_payloader (codec, NULL),
    jd_codec_make_depayloader (codec, NULL),
    jd_codec_make_decoder (codec, NULL),
    audio ? make ("audioconvert", NULL) : make ("videoconvert", NULL),
    make ("fakesink", NULL),
  };
  RunState state = { 0 };

  add_chain (GST_BIN (pipeline), codec, elements, G_N_ELEMENTS (elements));
  count_buffers (elements[G_N_ELEMENTS (elements) - 1], &state);
  run_pipeline (pipeline, &state);
  g_assert_no_error (state.error);
  g_assert_false (state.timed_out);
  g_assert_true (state.eos);
  /* Decoded media reached the sink, not just EOS. */
  g_assert_cmpint (g_atomic_int_get (&state.decoded), >, 0);
  g_test_message ("%s: %d decoded buffers", codec->name, g_atomic_int_get (&state.decoded));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/codecs/available/all", test_all_available);
  g_test_add ("/codecs/payload-type/round-trip", Fixture, NULL, fixture_set_up,
              test_payload_type_round_trip, fixture_tear_down);
  g_test_add_func ("/codecs/payload-type/parameters", test_payload_type_parameters);
  g_test_add_func ("/codecs/caps/fixed-and-parse", test_rtp_caps);
  g_test_add_func ("/codecs/caps/fields", test_rtp_caps_fields);
  g_test_add_func ("/codecs/available/preference", test_preference);
  g_test_add_func ("/codecs/available/missing-element", test_missing_element_filtered);
  g_test_add_func ("/codecs/available/dtmf-sender", test_dtmf_needs_its_sender);
  g_test_add_func ("/codecs/local-description/dtmf", test_local_description_dtmf);
  g_test_add ("/codecs/local-description/answer-dino-audio", Fixture, NULL, fixture_set_up,
              test_answer_dino_audio, fixture_tear_down);
  g_test_add ("/codecs/local-description/answer-dino-video", Fixture, NULL, fixture_set_up,
              test_answer_dino_video, fixture_tear_down);
  g_test_add_func ("/codecs/elements/paused", test_elements);
  g_test_add_func ("/codecs/elements/properties", test_element_properties);
  for (const JdCodec *const *c = jd_codecs; *c; c++)
    if (!(*c)->is_dtmf)
      {
        g_autofree char *path = g_strdup_printf ("/codecs/end-to-end/%s", (*c)->name);

        g_test_add_data_func (path, *c, test_end_to_end);
      }

  return g_test_run ();
}
