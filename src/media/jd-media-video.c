/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-video.h"

#include "jd-codec-registry.h"
#include "jd-media-build.h"

static void
set_link_error (GError **error, const JdCodec *codec, const char *what)
{
  g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
               "cannot link the %s video chain of %s", what, codec->name);
}

static GstElement *
make_format_filter (const JdCodec *codec, GError **error)
{
  g_autoptr (GstCaps) raw = jd_codec_raw_caps (codec);
  GstElement *filter = jd_media_build_make ("capsfilter", error);

  if (filter != NULL && raw != NULL)
    g_object_set (filter, "caps", raw, NULL);
  return filter;
}

GstElement *
jd_media_video_add_send_chain (GstBin *bin, GstElement *source, const JdCodec *codec,
                               guint8 pt, GError **error)
{
  GstElement *convert = jd_media_build_make ("videoconvert", error);
  GstElement *format = convert != NULL ? make_format_filter (codec, error) : NULL;
  GstElement *enc = format != NULL ? jd_codec_make_encoder (codec, error) : NULL;
  GstElement *pay = enc != NULL ? jd_codec_make_payloader (codec, error) : NULL;

  if (pay == NULL)
    {
      jd_media_build_discard (source);
      jd_media_build_discard (convert);
      jd_media_build_discard (format);
      jd_media_build_discard (enc);
      return NULL;
    }
  g_object_set (pay, "pt", (guint) pt, NULL);
  gst_bin_add_many (bin, source, convert, format, enc, pay, NULL);
  if (!gst_element_link_many (source, convert, format, enc, pay, NULL))
    {
      set_link_error (error, codec, "sending");
      return NULL;
    }
  return pay;
}

static void
set_if_present (GstElement *element, const char *property, const char *value)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (element), property) != NULL)
    gst_util_set_object_arg (G_OBJECT (element), property, value);
}

/* @element, or every element inside it when it is a bin (the registry
 * makes one for a decoder with a parser).  Not codec-specific: any
 * element that has @property gets @value. */
static void
set_where_present (GstElement *element, const char *property, const char *value)
{
  GstIterator *it;
  GValue item = G_VALUE_INIT;

  if (!GST_IS_BIN (element))
    {
      set_if_present (element, property, value);
      return;
    }
  it = gst_bin_iterate_recurse (GST_BIN (element));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      set_if_present (g_value_get_object (&item), property, value);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  gst_iterator_free (it);
}

/* Streaming thread: touches nothing but the counter. */
static GstPadProbeReturn
on_decoded (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  _Atomic guint64 *frames_decoded = user_data;
  GstBufferList *list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    atomic_fetch_add (frames_decoded, gst_buffer_list_length (list));
  else
    atomic_fetch_add (frames_decoded, 1);
  return GST_PAD_PROBE_OK;
}

static void
count_frames (GstElement *decoder, _Atomic guint64 *frames_decoded)
{
  g_autoptr (GstPad) src = gst_element_get_static_pad (decoder, "src");

  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_decoded, frames_decoded, NULL);
}

/* After a loss, or before the first key frame, a decoder has nothing to
 * refer to: drop what it cannot use and ask the sender for a key frame
 * (the properties exist from GStreamer 1.20 on the VP8, VP9 and H.264
 * depayloaders and on every GstVideoDecoder). */
static void
ask_for_keyframes (GstElement *depay, GstElement *dec)
{
  set_where_present (depay, "wait-for-keyframe", "true");
  set_where_present (depay, "request-keyframe", "true");
  set_where_present (dec, "automatic-request-sync-points", "true");
}

/* Up from the depayloader's sink pad into rtpbin. */
static gboolean
push_keyframe_request (GstPad *depayloader_sink)
{
  /* gst_video_event_new_upstream_force_key_unit() without a dependency on
   * gstreamer-video: rtpbin's demuxers add the SSRC and payload type on
   * the way up, and rtpsession turns it into the request the payload
   * type's caps name (jd_media_video_set_feedback_caps()). */
  GstStructure *s = gst_structure_new ("GstForceKeyUnit",
                                       "all-headers", G_TYPE_BOOLEAN, FALSE, NULL);

  return gst_pad_push_event (depayloader_sink, gst_event_new_custom (GST_EVENT_CUSTOM_UPSTREAM, s));
}

/* A depayloader that waits for a key frame drops everything else, and
 * GStreamer 1.22's rtph264depay does so without asking for one (fixed in
 * 1.26): a call whose first key frame was lost, as the packets before
 * the DTLS handshake are, stays black until the sender's next periodic
 * key frame.  So: when a whole frame went into the depayloader and
 * nothing came out, ask.  rtpsession merges repeated requests into one
 * PLI per RTCP packet.  Both probes run on the jitterbuffer's thread,
 * inside the depayloader's chain function. */
typedef struct {
  gboolean seen_frame_end;
  gboolean output_since_frame_end;
} KeyframeWatch;

/* RFC 3550 §5.1: the marker bit, the top bit of the second byte, ends a
 * video frame (RFC 6184 §5.1, RFC 7741 §4.1). */
static gboolean
ends_frame (GstBuffer *rtp)
{
  guint8 byte;

  return gst_buffer_extract (rtp, 1, &byte, 1) == 1 && (byte & 0x80) != 0;
}

static GstPadProbeReturn
on_depayloader_input (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  KeyframeWatch *watch = user_data;

  if (!ends_frame (GST_PAD_PROBE_INFO_BUFFER (info)))
    return GST_PAD_PROBE_OK;
  if (watch->seen_frame_end && !watch->output_since_frame_end)
    push_keyframe_request (pad);
  watch->seen_frame_end = TRUE;
  watch->output_since_frame_end = FALSE;
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_depayloader_output (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  KeyframeWatch *watch = user_data;

  watch->output_since_frame_end = TRUE;
  return GST_PAD_PROBE_OK;
}

static void
watch_for_dropped_frames (GstElement *depay)
{
  g_autoptr (GstPad) sink = gst_element_get_static_pad (depay, "sink");
  g_autoptr (GstPad) src = gst_element_get_static_pad (depay, "src");
  KeyframeWatch *watch = g_atomic_rc_box_new0 (KeyframeWatch);

  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, on_depayloader_input,
                     g_atomic_rc_box_acquire (watch), (GDestroyNotify) g_atomic_rc_box_release);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     on_depayloader_output, watch, (GDestroyNotify) g_atomic_rc_box_release);
}

GstElement *
jd_media_video_add_receive_chain (GstBin *bin, GstElement *sink, const JdCodec *codec,
                                  _Atomic guint64 *frames_decoded, GError **error)
{
  GstElement *depay = jd_codec_make_depayloader (codec, error);
  GstElement *dec = depay != NULL ? jd_codec_make_decoder (codec, error) : NULL;
  GstElement *convert = dec != NULL ? jd_media_build_make ("videoconvert", error) : NULL;

  if (convert == NULL)
    {
      jd_media_build_discard (sink);
      jd_media_build_discard (depay);
      jd_media_build_discard (dec);
      return NULL;
    }
  ask_for_keyframes (depay, dec);
  gst_bin_add_many (bin, depay, dec, convert, sink, NULL);
  if (!gst_element_link_many (depay, dec, convert, sink, NULL))
    {
      set_link_error (error, codec, "receiving");
      return NULL;
    }
  count_frames (dec, frames_decoded);
  watch_for_dropped_frames (depay);
  return depay;
}

static gboolean
is_not_feedback (GQuark field, GValue *value, gpointer user_data)
{
  return !g_str_has_prefix (g_quark_to_string (field), "rtcp-fb-");
}

/* GStreamer 1.22's rtpsession (gst_rtp_session_request_remote_key_unit)
 * turns a key-unit request into a PLI when the caps have
 * "rtcp-fb-nack-pli", unless the request has all-headers and the caps
 * "rtcp-fb-ccm-fir": then into a FIR, as it does without nack-pli when
 * they have "rtcp-fb-x-gstreamer-fir-as-repair"; with none of them,
 * into nothing.  Depayloaders and decoders set all-headers as they
 * please, so the caps carry exactly one choice. */
void
jd_media_video_set_feedback_caps (GstCaps *caps, JdMediaFeedback feedback)
{
  GstStructure *s;

  g_return_if_fail (gst_caps_is_writable (caps) && gst_caps_get_size (caps) == 1);

  s = gst_caps_get_structure (caps, 0);
  gst_structure_filter_and_map_in_place (s, is_not_feedback, NULL);
  if (feedback & JD_MEDIA_FEEDBACK_PLI)
    gst_structure_set (s, "rtcp-fb-nack-pli", G_TYPE_BOOLEAN, TRUE, NULL);
  else if (feedback & JD_MEDIA_FEEDBACK_FIR)
    gst_structure_set (s, "rtcp-fb-ccm-fir", G_TYPE_BOOLEAN, TRUE,
                       "rtcp-fb-x-gstreamer-fir-as-repair", G_TYPE_BOOLEAN, TRUE, NULL);
}

void
jd_media_video_enable_feedback (GstElement *rtpbin, guint session)
{
  g_autoptr (GstElement) rtpsession = NULL;

  g_signal_emit_by_name (rtpbin, "get-session", session, &rtpsession);
  g_return_if_fail (rtpsession != NULL);
  /* RFC 4585 §3.5: early feedback and no 5 s minimum RTCP interval.
   * rtpsession treats AVPF and SAVPF alike; whether the packets are
   * encrypted is the DTLS-SRTP elements' business. */
  gst_util_set_object_arg (G_OBJECT (rtpsession), "rtp-profile", "avpf");
}

gboolean
jd_media_video_request_keyframe (GstElement *depayloader)
{
  g_autoptr (GstPad) sink = gst_element_get_static_pad (depayloader, "sink");

  return push_keyframe_request (sink);
}
