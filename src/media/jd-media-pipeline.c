/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-pipeline.h"

#include <stdatomic.h>
#include <stdio.h>

#include <gio/gio.h>

#include "jd-codec-registry.h"
#include "jd-media-build.h"
#include "jd-media-srtp.h"
#include "jd-media-dtmf.h"
#include "jd-media-inband.h"
#include "jd-media-net.h"
#include "jd-media-rtcp.h"
#include "jd-media-video.h"

typedef struct {
  guint id;
  const JdCodec *codec;
  guint8 pt;
  GstElement *enc;          /* dtlssrtpenc, owned by the pipeline */
  GstElement *dec;          /* dtlssrtpdec */
  GstElement *depay;        /* head of the receive chain */
  GstElement *sink;         /* the sink description's bin */
  const JdCodec *dtmf_codec; /* telephone-event, NULL when not negotiated */
  guint8 dtmf_pt;
  JdMediaFeedback feedback; /* video: the agreed RTCP feedback; NONE for audio */
  GstElement *valve;        /* before the payloader: hold and mute */
  GstElement *dtmf_depay;   /* NULL without telephone-event */
  JdMediaDtmfSender *dtmf;  /* NULL without telephone-event */
  _Atomic guint64 frames_decoded;  /* video; written by a streaming thread */
  JdMediaInband *inband;    /* audio: in-band DTMF on the encoder's input */
  GstElement *net[4];       /* network src, sink, RTCP src, RTCP sink (NULL with rtcp-mux);
                             * owned by the pipeline, changed only on the main context */
} Stream;

struct _JdMediaPipeline
{
  GObject parent_instance;

  char *name;
  GstElement *pipeline;
  GstElement *rtpbin;
  GPtrArray *streams;       /* Stream*, never removed; streams_lock guards the array
                             * (streaming threads look streams up, a running call may
                             * add one: content-add), not the Streams */
  GMutex streams_lock;
  GSource *bus_watch;       /* on the creator's thread-default context */
};

G_DEFINE_FINAL_TYPE (JdMediaPipeline, jd_media_pipeline, G_TYPE_OBJECT)

enum {
  SIGNAL_ERROR, SIGNAL_ELEMENT_MESSAGE, SIGNAL_PEER_CERTIFICATE, SIGNAL_DTMF_SENT,
  SIGNAL_DTMF_RECEIVED, N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
stream_free (Stream *s)
{
  g_clear_pointer (&s->dtmf, jd_media_dtmf_sender_free);
  g_clear_pointer (&s->inband, jd_media_inband_free);
  g_free (s);
}

static Stream *
find_stream (JdMediaPipeline *self, guint id)
{
  Stream *found = NULL;

  g_mutex_lock (&self->streams_lock);
  for (guint i = 0; i < self->streams->len && found == NULL; i++)
    {
      Stream *s = g_ptr_array_index (self->streams, i);

      if (s->id == id)
        found = s;
    }
  g_mutex_unlock (&self->streams_lock);
  return found;
}

static GstElement *
parse_bin (const char *description, GError **error)
{
  GError *local = NULL;
  GstElement *bin = gst_parse_bin_from_description (description, TRUE, &local);

  if (bin == NULL)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_BAD_PROPERTY, "'%s': %s", description,
                   local->message);
      g_error_free (local);
    }
  return bin;
}

static void on_dtmf_sent (guint id, char digit, gpointer user_data);

/* payloader (→ rtpdtmfmux ← clocksync ← appsrc, with telephone-event) → rtpbin */
static gboolean
link_payloader (JdMediaPipeline *self, Stream *s, GstElement *pay, const char *rtpbin_pad,
                GError **error)
{
  GstElement *dtmf_src, *mux;

  if (s->dtmf_codec == NULL)
    return jd_media_build_link_pads (pay, "src", self->rtpbin, rtpbin_pad) ||
           jd_media_build_failed (error, "the sending chain");
  if (!jd_media_dtmf_build_send (GST_BIN (self->pipeline), pay, s->dtmf_codec, s->dtmf_pt,
                                 &dtmf_src, &mux, error))
    return FALSE;
  s->dtmf = jd_media_dtmf_sender_new (dtmf_src, g_source_get_context (self->bus_watch), s->id,
                                      on_dtmf_sent, self);
  return jd_media_build_link_pads (mux, "src", self->rtpbin, rtpbin_pad) ||
         jd_media_build_failed (error, "the sending chain");
}

/* source → audioconvert → audioresample → encoder → valve → payloader → rtpbin */
static gboolean
build_send (JdMediaPipeline *self, Stream *s, const JdMediaStreamConfig *config, GError **error)
{
  g_autofree char *rtpbin_pad = g_strdup_printf ("send_rtp_sink_%u", s->id);
  GstElement *src = parse_bin (config->source, error);
  GstElement *convert, *resample, *enc, *pay;

  if (src == NULL)
    return FALSE;
  convert = jd_media_build_make ("audioconvert", error);
  resample = jd_media_build_make ("audioresample", error);
  enc = jd_codec_make_encoder (s->codec, error);
  pay = enc != NULL ? jd_codec_make_payloader (s->codec, error) : NULL;
  s->valve = jd_media_build_make ("valve", error);
  if (convert == NULL || resample == NULL || enc == NULL || pay == NULL || s->valve == NULL)
    return FALSE;
  g_object_set (pay, "pt", (guint) s->pt, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), src, convert, resample, enc, s->valve, pay, NULL);
  if (!gst_element_link_many (src, convert, resample, enc, s->valve, pay, NULL))
    return jd_media_build_failed (error, "the sending chain");
  s->inband = jd_media_inband_new (enc, s->id);
  return link_payloader (self, s, pay, rtpbin_pad, error);
}

static void
quiet_sink (GstElement *sink)
{
  /* DESIGN.md: with sync/async on, the passive side's handshake replies
   * never leave and both ends stay in "connecting" (webrtcbin does this). */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (sink), "sync") != NULL)
    g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
}

/* rtpbin → dtlssrtpenc → net sink, net src → dtlssrtpdec → rtpbin */
static gboolean
build_dtls (JdMediaPipeline *self, Stream *s, const JdMediaStreamConfig *config,
            GstElement *net_src, GstElement *net_sink, GError **error)
{
  static gint next_connection;
  /* The dtls elements share one process-wide table of connection ids; two
   * calls with the same name (both ends of a test call) must not meet. */
  g_autofree char *conn_id = g_strdup_printf ("%s-%u-%d", self->name, s->id,
                                              g_atomic_int_add (&next_connection, 1));
  g_autofree char *send_rtp = g_strdup_printf ("send_rtp_src_%u", s->id);
  g_autofree char *send_rtcp = g_strdup_printf ("send_rtcp_src_%u", s->id);
  g_autofree char *recv_rtp = g_strdup_printf ("recv_rtp_sink_%u", s->id);
  g_autofree char *recv_rtcp = g_strdup_printf ("recv_rtcp_sink_%u", s->id);

  s->enc = jd_media_build_make ("dtlssrtpenc", error);
  s->dec = jd_media_build_make ("dtlssrtpdec", error);
  if (s->enc == NULL || s->dec == NULL)
    return FALSE;
  g_object_set (s->enc, "connection-id", conn_id, "is-client", config->dtls_client, NULL);
  g_object_set (s->dec, "connection-id", conn_id, NULL);
  if (config->dtls_pem != NULL)
    g_object_set (s->dec, "pem", config->dtls_pem, NULL);
  jd_media_dtls_watch_peer (s->dec, s->id);
  quiet_sink (net_sink);
  gst_bin_add_many (GST_BIN (self->pipeline), s->enc, s->dec, net_src, net_sink, NULL);
  if (!jd_media_build_link_pads (self->rtpbin, send_rtp, s->enc, "rtp_sink_0") ||
      !jd_media_build_link_pads (self->rtpbin, send_rtcp, s->enc, "rtcp_sink_0") ||
      !gst_element_link (s->enc, net_sink) || !gst_element_link (net_src, s->dec))
    return jd_media_build_failed (error, "the DTLS-SRTP sending side");
  if (!gst_element_link_pads (s->dec, "rtp_src", self->rtpbin, recv_rtp) ||
      !gst_element_link_pads (s->dec, "rtcp_src", self->rtpbin, recv_rtcp))
    return jd_media_build_failed (error, "the DTLS-SRTP receiving side");
  return TRUE;
}

/* depayloader → decoder → audioconvert → audioresample → sink; linked to
 * rtpbin when the first packet of a new SSRC shows up. */
static gboolean
build_receive (JdMediaPipeline *self, Stream *s, const JdMediaStreamConfig *config,
               GError **error)
{
  GstElement *depay = jd_codec_make_depayloader (s->codec, error);
  GstElement *dec = depay != NULL ? jd_codec_make_decoder (s->codec, error) : NULL;
  GstElement *convert = jd_media_build_make ("audioconvert", error);
  GstElement *resample = jd_media_build_make ("audioresample", error);

  s->sink = parse_bin (config->sink, error);
  if (depay == NULL || dec == NULL || convert == NULL || resample == NULL || s->sink == NULL)
    return FALSE;
  s->depay = depay;
  gst_bin_add_many (GST_BIN (self->pipeline), depay, dec, convert, resample, s->sink, NULL);
  if (!gst_element_link_many (depay, dec, convert, resample, s->sink, NULL))
    return jd_media_build_failed (error, "the receiving chain");
  if (s->dtmf_codec != NULL &&
      (s->dtmf_depay = jd_media_dtmf_build_receive (GST_BIN (self->pipeline), s->dtmf_codec,
                                                     error)) == NULL)
    return FALSE;
  return TRUE;
}

/* source → videoconvert → encoder → payloader → rtpbin (jd-media-video.h) */
static gboolean
build_video_send (JdMediaPipeline *self, Stream *s, const JdMediaStreamConfig *config,
                  GError **error)
{
  g_autofree char *rtpbin_pad = g_strdup_printf ("send_rtp_sink_%u", s->id);
  /* Hold and mute drop raw frames before the encoder: dropping RTP after
   * it would show the peer a gap in sequence numbers, i.e. loss. */
  g_autofree char *held = g_strdup_printf ("%s ! valve name=hold", config->source);
  GstElement *src = parse_bin (held, error);
  GstElement *pay;

  if (src == NULL)
    return FALSE;
  s->valve = gst_bin_get_by_name (GST_BIN (src), "hold");
  g_object_unref (s->valve);   /* the pipeline keeps it */
  pay = jd_media_video_add_send_chain (GST_BIN (self->pipeline), src, s->codec, s->pt, error);
  if (pay == NULL)
    return FALSE;
  if (!jd_media_build_link_pads (pay, "src", self->rtpbin, rtpbin_pad))
    return jd_media_build_failed (error, "the video sending chain");
  /* The pad request above created the session. */
  jd_media_video_enable_feedback (self->rtpbin, s->id);
  return TRUE;
}

/* depayloader → decoder → videoconvert → sink, linked to rtpbin as in
 * build_receive(). */
static gboolean
build_video_receive (JdMediaPipeline *self, Stream *s, const JdMediaStreamConfig *config,
                     GError **error)
{
  s->sink = parse_bin (config->sink, error);
  if (s->sink == NULL)
    return FALSE;
  s->depay = jd_media_video_add_receive_chain (GST_BIN (self->pipeline), s->sink, s->codec,
                                               &s->frames_decoded, error);
  return s->depay != NULL;
}

/* Streaming thread: only links pads inside the pipeline. */
static void
on_rtpbin_pad_added (GstElement *rtpbin, GstPad *pad, gpointer user_data)
{
  JdMediaPipeline *self = user_data;
  g_autofree char *name = gst_pad_get_name (pad);
  guint session, ssrc, pt;
  g_autoptr (GstPad) sink = NULL;
  GstElement *depay;
  Stream *s;

  if (sscanf (name, "recv_rtp_src_%u_%u_%u", &session, &ssrc, &pt) != 3)
    return;
  s = find_stream (self, session);
  if (s == NULL)
    return;
  depay = pt == s->pt ? s->depay : s->dtmf_codec != NULL && pt == s->dtmf_pt ? s->dtmf_depay : NULL;
  if (depay == NULL)
    return;
  sink = gst_element_get_static_pad (depay, "sink");
  if (!gst_pad_is_linked (sink))
    gst_pad_link (pad, sink);
}

/* Streaming thread: the caps of a payload type (RFC 3550 needs them to
 * set up the jitter buffer). */
static GstCaps *
on_request_pt_map (GstElement *rtpbin, guint session, guint pt, gpointer user_data)
{
  JdMediaPipeline *self = user_data;
  Stream *s = find_stream (self, session);
  GstCaps *caps;

  if (s != NULL && s->dtmf_codec != NULL && pt == s->dtmf_pt)
    return jd_codec_rtp_caps (s->dtmf_codec, s->dtmf_pt);
  if (s == NULL || pt != s->pt)
    return NULL;
  caps = jd_codec_rtp_caps (s->codec, s->pt);
  /* What rtpsession asks the peer for: what was agreed, not what the
   * codec's descriptor offers. */
  jd_media_video_set_feedback_caps (caps, s->feedback);
  return caps;
}

/* RFC 4733 §2.1: events run on the audio's RTP clock. */
static gboolean
check_dtmf_clock (const JdMediaStreamConfig *config, GstElement *net_src, GstElement *net_sink,
                  GError **error)
{
  if (config->dtmf_codec == NULL || config->dtmf_codec->clock_rate == config->codec->clock_rate)
    return TRUE;
  g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
               "telephone-event/%u cannot go with %s/%u", config->dtmf_codec->clock_rate,
               config->codec->name, config->codec->clock_rate);
  gst_object_unref (gst_object_ref_sink (net_src));
  gst_object_unref (gst_object_ref_sink (net_sink));
  return FALSE;
}

gboolean
jd_media_pipeline_add_stream (JdMediaPipeline *self, guint id,
                              const JdMediaStreamConfig *config,
                              GstElement *net_src, GstElement *net_sink, GError **error)
{
  return jd_media_pipeline_add_stream_full (self, id, config, net_src, net_sink, NULL, NULL,
                                            error);
}

/* Without rtcp-mux: the four network elements are the pipeline's from
 * here on (jd-media-rtcp.h). */
static gboolean
build_separate (JdMediaPipeline *self, Stream *s, const JdMediaStreamConfig *config,
                GstElement *rtp_src, GstElement *rtp_sink, GstElement *rtcp_src,
                GstElement *rtcp_sink, GError **error)
{
  quiet_sink (rtp_sink);
  quiet_sink (rtcp_sink);
  gst_bin_add_many (GST_BIN (self->pipeline), rtp_src, rtp_sink, rtcp_src, rtcp_sink, NULL);
  return jd_media_rtcp_build (GST_BIN (self->pipeline), self->rtpbin, s->id, self->name, config,
                              rtp_src, rtp_sink, rtcp_src, rtcp_sink, &s->dec, error);
}

static gboolean
build_stream (JdMediaPipeline *self, guint id, const JdMediaStreamConfig *config,
              GstElement *net_src, GstElement *net_sink, GstElement *rtcp_src,
              GstElement *rtcp_sink, GError **error)
{
  Stream *s;

  g_return_val_if_fail (find_stream (self, id) == NULL, FALSE);
  g_return_val_if_fail ((rtcp_src == NULL) == (rtcp_sink == NULL), FALSE);
  if (!check_dtmf_clock (config, net_src, net_sink, error))
    {
      if (rtcp_src != NULL)
        {
          gst_object_unref (gst_object_ref_sink (rtcp_src));
          gst_object_unref (gst_object_ref_sink (rtcp_sink));
        }
      return FALSE;
    }
  s = g_new0 (Stream, 1);
  s->id = id;
  s->codec = config->codec;
  s->pt = config->pt;
  s->dtmf_codec = config->dtmf_codec;
  s->dtmf_pt = config->dtmf_pt;
  s->feedback = s->codec->media == JD_JINGLE_MEDIA_VIDEO ? config->feedback
                                                         : JD_MEDIA_FEEDBACK_NONE;
  g_mutex_lock (&self->streams_lock);
  g_ptr_array_add (self->streams, s);
  g_mutex_unlock (&self->streams_lock);
  if (!(s->codec->media == JD_JINGLE_MEDIA_VIDEO ? build_video_send (self, s, config, error)
                                                 : build_send (self, s, config, error)))
    return FALSE;
  if (rtcp_src != NULL)
    {
      if (!build_separate (self, s, config, net_src, net_sink, rtcp_src, rtcp_sink, error))
        return FALSE;
    }
  else if (config->crypto != JD_MEDIA_CRYPTO_DTLS)
    {
      quiet_sink (net_sink);
      if (!jd_media_srtp_build (GST_BIN (self->pipeline), self->rtpbin, s->id, config, net_src,
                                net_sink, error))
        return FALSE;
    }
  else if (!build_dtls (self, s, config, net_src, net_sink, error))
    return FALSE;
  if (!(s->codec->media == JD_JINGLE_MEDIA_VIDEO ? build_video_receive (self, s, config, error)
                                                 : build_receive (self, s, config, error)))
    return FALSE;
  jd_media_stats_tune_session (self->rtpbin, s->id);
  s->net[0] = net_src;
  s->net[1] = net_sink;
  s->net[2] = rtcp_src;
  s->net[3] = rtcp_sink;
  return TRUE;
}

static GHashTable *
children_of (GstBin *bin)
{
  GHashTable *set = g_hash_table_new (NULL, NULL);

  GST_OBJECT_LOCK (bin);
  for (GList *l = bin->children; l != NULL; l = l->next)
    g_hash_table_add (set, l->data);
  GST_OBJECT_UNLOCK (bin);
  return set;
}

/* Elements added to a running pipeline stay in NULL until told, and
 * are told downstream first (the order of gst_bin_iterate_sorted()), as
 * a bin changes state: a buffer that reaches an element still in NULL
 * gets FLUSHING and is lost, and the task that pushed it may stop for
 * good (rtpbin's jitter buffer).  dtlssrtpenc sends its ClientHello the
 * moment it starts: started before its nicesink, it lost that first
 * flight, and OpenSSL 3.0 fails to retransmit the fragmented ClientHello
 * GStreamer's DTLS sends (at OpenSSL's minimum MTU): the added stream's
 * handshake died and ended the call. */
static void
start_new_children (GstBin *bin, GHashTable *before)
{
  g_autoptr (GstIterator) it = gst_bin_iterate_sorted (bin);
  g_auto (GValue) item = G_VALUE_INIT;
  g_autoptr (GPtrArray) order = g_ptr_array_new_with_free_func (gst_object_unref);

  for (GstIteratorResult r = gst_iterator_next (it, &item); r != GST_ITERATOR_DONE;
       r = gst_iterator_next (it, &item))
    {
      if (r == GST_ITERATOR_RESYNC)
        {
          g_ptr_array_set_size (order, 0);
          gst_iterator_resync (it);
          continue;
        }
      if (r == GST_ITERATOR_ERROR)
        break;
      if (!g_hash_table_contains (before, g_value_get_object (&item)))
        g_ptr_array_add (order, gst_object_ref (g_value_get_object (&item)));
      g_value_reset (&item);
    }
  for (guint i = 0; i < order->len; i++)
    gst_element_sync_state_with_parent (order->pdata[i]);
}

gboolean
jd_media_pipeline_add_stream_full (JdMediaPipeline *self, guint id,
                                   const JdMediaStreamConfig *config,
                                   GstElement *net_src, GstElement *net_sink,
                                   GstElement *rtcp_src, GstElement *rtcp_sink, GError **error)
{
  GstState state = GST_STATE_NULL;
  g_autoptr (GHashTable) before = NULL;

  gst_element_get_state (self->pipeline, &state, NULL, 0);
  if (state == GST_STATE_PLAYING)
    before = children_of (GST_BIN (self->pipeline));
  if (!build_stream (self, id, config, net_src, net_sink, rtcp_src, rtcp_sink, error))
    return FALSE;
  if (before != NULL)
    {
      start_new_children (GST_BIN (self->pipeline), before);
      /* The new sinks and rtpbin's new session need the pipeline's
       * latency, which was distributed at start. */
      gst_bin_recalculate_latency (GST_BIN (self->pipeline));
    }
  return TRUE;
}

gboolean
jd_media_pipeline_replace_network (JdMediaPipeline *self, guint id, GstElement *net_src,
                                   GstElement *net_sink, GstElement *rtcp_src,
                                   GstElement *rtcp_sink, GError **error)
{
  Stream *s = find_stream (self, id);
  GstElement *fresh[4] = { net_src, net_sink, rtcp_src, rtcp_sink };
  gboolean ok = TRUE;

  if (s == NULL || (rtcp_src != NULL) != (s->net[2] != NULL) ||
      (rtcp_sink != NULL) != (s->net[3] != NULL))
    {
      for (guint i = 0; i < G_N_ELEMENTS (fresh); i++)
        if (fresh[i] != NULL)
          gst_object_unref (gst_object_ref_sink (fresh[i]));
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
                   s == NULL ? "no stream %u" : "stream %u: RTCP transports do not match", id);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fresh); i++)
    {
      if (fresh[i] == NULL)
        continue;
      if (i % 2 == 1)
        quiet_sink (fresh[i]);
      ok &= i % 2 == 0 ? jd_media_net_replace_source (GST_BIN (self->pipeline), s->net[i], fresh[i])
                       : jd_media_net_replace_sink (GST_BIN (self->pipeline), s->net[i], fresh[i]);
      s->net[i] = fresh[i];
    }
  if (!ok)
    g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
                 "stream %u: the network elements could not be replaced", id);
  return ok;
}

static void
on_dtmf_sent (guint id, char digit, gpointer user_data)
{
  const char text[] = { digit, '\0' };

  g_signal_emit (user_data, signals[SIGNAL_DTMF_SENT], 0, id, text);
}

/* Main context: an in-band tone ended. */
static gboolean
handle_inband_message (JdMediaPipeline *self, GstMessage *msg)
{
  guint id;
  char digit;

  if (!jd_media_inband_parse_sent (msg, &id, &digit))
    return FALSE;
  on_dtmf_sent (id, digit, self);
  return TRUE;
}

/* Main context: rtpdtmfdepay's digits. */
static gboolean
handle_dtmf_message (JdMediaPipeline *self, GstMessage *msg)
{
  for (guint i = 0; i < self->streams->len; i++)
    {
      Stream *s = g_ptr_array_index (self->streams, i);
      char digit[2] = { 0 };

      if (jd_media_dtmf_received_digit (msg, s->dtmf_depay, &digit[0]))
        {
          g_signal_emit (self, signals[SIGNAL_DTMF_RECEIVED], 0, s->id, digit);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
on_bus_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  JdMediaPipeline *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *debug = NULL;
  const char *pem;
  guint id;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (msg, &error, &debug);
      g_debug ("%s: %s (%s)", self->name, error->message, debug);
      g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
      break;
    case GST_MESSAGE_ELEMENT:
      if (!handle_dtmf_message (self, msg) && !handle_inband_message (self, msg))
        g_signal_emit (self, signals[SIGNAL_ELEMENT_MESSAGE], 0, msg);
      break;
    case GST_MESSAGE_APPLICATION:
      if (jd_media_dtls_parse_peer (msg, &id, &pem))
        g_signal_emit (self, signals[SIGNAL_PEER_CERTIFICATE], 0, id, pem);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
jd_media_pipeline_start (JdMediaPipeline *self, GError **error)
{
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
                   "the media pipeline of %s does not start", self->name);
      return FALSE;
    }
  return TRUE;
}

void
jd_media_pipeline_stop (JdMediaPipeline *self)
{
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
}

char *
jd_media_fingerprint_from_pem (const char *pem)
{
  g_autoptr (GTlsCertificate) cert = NULL;
  g_autoptr (GByteArray) der = NULL;
  g_autoptr (GChecksum) sum = NULL;
  guint8 digest[32];
  gsize len = sizeof digest;
  GString *out;

  if (pem == NULL || (cert = g_tls_certificate_new_from_pem (pem, -1, NULL)) == NULL)
    return NULL;
  g_object_get (cert, "certificate", &der, NULL);
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, der->data, der->len);
  g_checksum_get_digest (sum, digest, &len);
  out = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, "%s%02X", i > 0 ? ":" : "", digest[i]);
  return g_string_free (out, FALSE);
}

char *
jd_media_pipeline_get_fingerprint (JdMediaPipeline *self, guint id)
{
  Stream *s = find_stream (self, id);
  g_autofree char *pem = NULL;

  if (s == NULL || s->dec == NULL)
    return NULL;
  g_object_get (s->dec, "pem", &pem, NULL);
  return jd_media_fingerprint_from_pem (pem);
}

char *
jd_media_pipeline_get_peer_pem (JdMediaPipeline *self, guint id)
{
  Stream *s = find_stream (self, id);
  char *pem = NULL;

  if (s != NULL && s->dec != NULL)
    g_object_get (s->dec, "peer-pem", &pem, NULL);
  return pem;
}

GstElement *
jd_media_pipeline_get_sink (JdMediaPipeline *self, guint id)
{
  Stream *s = find_stream (self, id);

  return s != NULL ? gst_bin_get_by_name (GST_BIN (s->sink), "sink") : NULL;
}

static gboolean
is_sending (JdMediaPipeline *self, Stream *s)
{
  gboolean drop = TRUE;

  g_object_get (s->valve, "drop", &drop, NULL);
  /* The target, not the state: a sink still waiting for its first buffer
   * keeps a live pipeline short of PLAYING while everything else plays. */
  return !drop && GST_STATE_TARGET (self->pipeline) == GST_STATE_PLAYING;
}

gboolean
jd_media_pipeline_send_dtmf (JdMediaPipeline *self, guint id, const char *digits, guint tone_ms,
                             guint gap_ms, GError **error)
{
  Stream *s = find_stream (self, id);

  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  if (s->dtmf == NULL)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
                   "no telephone-event was negotiated for stream %u", id);
      return FALSE;
    }
  if (!is_sending (self, s))
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SENDING,
                   "stream %u is not sending (on hold, muted or not started)", id);
      return FALSE;
    }
  return jd_media_dtmf_sender_queue (s->dtmf, digits, tone_ms, gap_ms, error);
}

gboolean
jd_media_pipeline_send_dtmf_inband (JdMediaPipeline *self, guint id, const char *digits,
                                    guint tone_ms, guint gap_ms, GError **error)
{
  Stream *s = find_stream (self, id);

  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (digits != NULL, FALSE);
  if (s->inband == NULL)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
                   "stream %u sends no audio", id);
      return FALSE;
    }
  if (!is_sending (self, s))
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SENDING,
                   "stream %u is not sending (on hold, muted or not started)", id);
      return FALSE;
    }
  return jd_media_inband_queue (s->inband, digits, tone_ms, gap_ms, error);
}

void
jd_media_pipeline_set_sending (JdMediaPipeline *self, guint id, gboolean sending)
{
  Stream *s = find_stream (self, id);

  g_return_if_fail (s != NULL && s->valve != NULL);
  g_object_set (s->valve, "drop", !sending, NULL);
  if (!sending && s->dtmf != NULL)
    jd_media_dtmf_sender_cancel (s->dtmf);
  if (!sending && s->inband != NULL)
    jd_media_inband_cancel (s->inband);
}

gboolean
jd_media_pipeline_get_stats (JdMediaPipeline *self, guint id, JdMediaStats *stats)
{
  Stream *s = find_stream (self, id);

  return s != NULL && jd_media_stats_collect (self->rtpbin, id, s->codec, stats);
}

void
jd_media_pipeline_request_keyframe (JdMediaPipeline *self, guint id)
{
  Stream *s = find_stream (self, id);

  g_return_if_fail (s != NULL);
  if (s->codec->media == JD_JINGLE_MEDIA_VIDEO && s->feedback == JD_MEDIA_FEEDBACK_NONE)
    {
      g_debug ("%s: no key frame requested on stream %u: the peer agreed to no PLI or FIR",
               self->name, id);
      return;
    }
  /* Before the first packet there is no sender to ask; the depayloader
   * asks by itself when that packet is not a key frame. */
  if (s->codec->media == JD_JINGLE_MEDIA_VIDEO && s->depay != NULL &&
      !jd_media_video_request_keyframe (s->depay))
    g_debug ("%s: no key frame requested on stream %u: nothing received yet", self->name, id);
}

guint64
jd_media_pipeline_get_frames_decoded (JdMediaPipeline *self, guint id)
{
  Stream *s = find_stream (self, id);

  return s != NULL ? atomic_load (&s->frames_decoded) : 0;
}

static void
jd_media_pipeline_dispose (GObject *object)
{
  JdMediaPipeline *self = JD_MEDIA_PIPELINE (object);

  jd_media_pipeline_stop (self);
  if (self->bus_watch != NULL)
    g_source_destroy (self->bus_watch);
  g_clear_pointer (&self->bus_watch, g_source_unref);
  gst_clear_object (&self->pipeline);
  G_OBJECT_CLASS (jd_media_pipeline_parent_class)->dispose (object);
}

static void
jd_media_pipeline_finalize (GObject *object)
{
  JdMediaPipeline *self = JD_MEDIA_PIPELINE (object);

  g_ptr_array_unref (self->streams);
  g_mutex_clear (&self->streams_lock);
  g_free (self->name);
  G_OBJECT_CLASS (jd_media_pipeline_parent_class)->finalize (object);
}

static void
jd_media_pipeline_class_init (JdMediaPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_media_pipeline_dispose;
  object_class->finalize = jd_media_pipeline_finalize;
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * JdMediaPipeline::element-message:
   * @message: (type GstMessage): an element message (spectrum, level, ...)
   */
  signals[SIGNAL_ELEMENT_MESSAGE] =
    g_signal_new ("element-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, GST_TYPE_MESSAGE);
  /**
   * JdMediaPipeline::peer-certificate:
   * @stream_id: the stream
   * @pem: the certificate the DTLS peer of @stream_id presented, PEM
   *
   * Emitted once per DTLS association (twice for a stream without
   * rtcp-mux, one per transport) when its handshake has shown the peer's
   * certificate, which GStreamer accepts whatever it is: compare
   * jd_media_fingerprint_from_pem(@pem) with the fingerprint the peer
   * signalled (RFC 5763 §5) and end the call on a mismatch.
   */
  signals[SIGNAL_PEER_CERTIFICATE] =
    g_signal_new ("peer-certificate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * JdMediaPipeline::dtmf-sent:
   * @id: the stream
   * @digit: one DTMF digit, upper case
   *
   * The digit's RFC 4733 event has ended on the wire, or its in-band
   * tone has been written into the audio.
   */
  signals[SIGNAL_DTMF_SENT] =
    g_signal_new ("dtmf-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * JdMediaPipeline::dtmf-received:
   * @id: the stream
   * @digit: one DTMF digit, upper case
   *
   * The peer started an RFC 4733 event; once per event, in order.
   */
  signals[SIGNAL_DTMF_RECEIVED] =
    g_signal_new ("dtmf-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
jd_media_pipeline_init (JdMediaPipeline *self)
{
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
  g_mutex_init (&self->streams_lock);
}

JdMediaPipeline *
jd_media_pipeline_new (const char *name)
{
  JdMediaPipeline *self = g_object_new (JD_TYPE_MEDIA_PIPELINE, NULL);
  g_autoptr (GstBus) bus = NULL;

  self->name = g_strdup (name);
  self->pipeline = gst_pipeline_new (name);
  self->rtpbin = gst_element_factory_make ("rtpbin", NULL);
  g_object_set (self->rtpbin, "latency", JD_MEDIA_DEFAULT_JITTER_MS, NULL);
  gst_bin_add (GST_BIN (self->pipeline), self->rtpbin);
  g_signal_connect (self->rtpbin, "pad-added", G_CALLBACK (on_rtpbin_pad_added), self);
  g_signal_connect (self->rtpbin, "request-pt-map", G_CALLBACK (on_request_pt_map), self);
  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  /* Not gst_bus_add_watch(): that attaches to the global default
   * context, and everything here runs on the caller's. */
  self->bus_watch = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_watch, G_SOURCE_FUNC (on_bus_message), self, NULL);
  g_source_attach (self->bus_watch, g_main_context_get_thread_default ());
  return self;
}

void
jd_media_pipeline_set_jitter_buffer (JdMediaPipeline *self, guint ms)
{
  g_object_set (self->rtpbin, "latency", ms != 0 ? ms : JD_MEDIA_DEFAULT_JITTER_MS, NULL);
}

gint64
jd_media_pipeline_get_latency_ms (JdMediaPipeline *self, guint id)
{
  Stream *s = find_stream (self, id);
  g_autoptr (GstQuery) query = gst_query_new_latency ();
  g_autoptr (GstPad) pad = NULL;
  GstClockTime min = 0;
  gboolean live = FALSE;

  /* Asked where the decoded media enters the sink: everything upstream of
   * it, jitter buffer included, answers. */
  if (s == NULL || s->sink == NULL ||
      (pad = gst_element_get_static_pad (s->sink, "sink")) == NULL ||
      !gst_pad_peer_query (pad, query))
    return -1;
  gst_query_parse_latency (query, &live, &min, NULL);
  return live && GST_CLOCK_TIME_IS_VALID (min) ? (gint64) (min / GST_MSECOND) : -1;
}
