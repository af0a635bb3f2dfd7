/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-dtmf.h"

#include <string.h>

#include "jd-codec-registry.h"

/* RFC 4733 §3.2: events 0-15 in this order. */
static const char dtmf_events[] = "0123456789*#ABCD";

#define DEFAULT_TONE_MS 100
#define DEFAULT_GAP_MS 50
/* rtpdtmfsrc's packet time: the duration field grows by this much per
 * packet, and the final duration covers the end packet's own 40 ms. */
#define PACKET_MS 40
/* -10 dBm0 (§2.3.3), a usual level for DTMF. */
#define VOLUME 10

int
jd_media_dtmf_event_from_digit (char digit)
{
  const char *found;

  if (digit == '\0')
    return -1;
  found = strchr (dtmf_events, g_ascii_toupper (digit));
  return found != NULL ? (int) (found - dtmf_events) : -1;
}

char
jd_media_dtmf_digit_from_event (int event)
{
  return event >= 0 && event < (int) sizeof dtmf_events - 1 ? dtmf_events[event] : '\0';
}

static GstElement *
make (const char *factory, GError **error)
{
  GstElement *e = gst_element_factory_make (factory, NULL);

  if (e == NULL)
    g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                 "GStreamer element '%s' is not installed", factory);
  return e;
}

static gboolean
link_into (GstElement *src, GstElement *mux, const char *mux_pad)
{
  g_autoptr (GstPad) out = gst_element_get_static_pad (src, "src");
  g_autoptr (GstPad) in = gst_element_request_pad_simple (mux, mux_pad);

  return out != NULL && in != NULL && gst_pad_link (out, in) == GST_PAD_LINK_OK;
}

gboolean
jd_media_dtmf_build_send (GstBin *bin, GstElement *payloader, const JdCodec *codec, guint8 pt,
                          GstElement **source, GstElement **mux, GError **error)
{
  GstElement *src = jd_codec_make_payloader (codec, error);
  GstElement *m = src != NULL ? make ("rtpdtmfmux", error) : NULL;

  if (m == NULL)
    {
      if (src != NULL)
        gst_object_unref (gst_object_ref_sink (src));
      return FALSE;
    }
  /* Three copies of the first and of the end packet (§2.5.1.4). */
  g_object_set (src, "pt", (guint) pt, "packet-redundancy", 3, NULL);
  gst_bin_add_many (bin, src, m, NULL);
  /* The priority pad: audio is dropped while an event is on the wire. */
  if (!link_into (payloader, m, "sink_0") || !link_into (src, m, "priority_sink_0"))
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                   "cannot build the DTMF sending chain");
      return FALSE;
    }
  *source = src;
  *mux = m;
  return TRUE;
}

GstElement *
jd_media_dtmf_build_receive (GstBin *bin, const JdCodec *codec, GError **error)
{
  GstElement *depay = jd_codec_make_depayloader (codec, error);
  GstElement *sink = depay != NULL ? make ("fakesink", error) : NULL;

  if (sink == NULL)
    {
      if (depay != NULL)
        gst_object_unref (gst_object_ref_sink (depay));
      return NULL;
    }
  /* Nothing to preroll: events arrive only when a digit is pressed. */
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add_many (bin, depay, sink, NULL);
  if (!gst_element_link (depay, sink))
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                   "cannot build the DTMF receiving chain");
      return NULL;
    }
  return depay;
}

gboolean
jd_media_dtmf_received_digit (GstMessage *msg, GstElement *depay, char *digit)
{
  const GstStructure *s = gst_message_get_structure (msg);
  int event;

  if (depay == NULL || GST_MESSAGE_SRC (msg) != GST_OBJECT (depay) || s == NULL ||
      !gst_structure_has_name (s, "dtmf-event") ||
      !gst_structure_get_int (s, "number", &event))
    return FALSE;
  *digit = jd_media_dtmf_digit_from_event (event);
  return *digit != '\0';
}

typedef struct {
  char digit;
  guint tone_ms;
  guint gap_ms;
} Pending;

typedef enum {
  PHASE_IDLE,
  PHASE_STARTING,           /* start event sent, rtpdtmfsrc has not begun */
  PHASE_TONE,               /* on the wire, until the tone timer */
  PHASE_STOPPING,           /* stop event sent, end packets not yet out */
  PHASE_GAP,                /* until the gap timer */
} Phase;

struct _JdMediaDtmfSender {
  GstElement *source;       /* rtpdtmfsrc */
  GstPad *source_pad;       /* where the events go */
  GMainContext *context;
  guint id;
  JdMediaDtmfSentFunc sent;
  gpointer user_data;

  GQueue pending;           /* Pending*, not yet started */
  Pending *current;         /* from PHASE_STARTING to PHASE_STOPPING */
  Phase phase;
  gboolean cut_short;       /* cancelled while starting: stop once started */
  GSource *timer;
};

JdMediaDtmfSender *
jd_media_dtmf_sender_new (GstElement *source, GMainContext *context, guint id,
                          JdMediaDtmfSentFunc sent, gpointer user_data)
{
  JdMediaDtmfSender *self = g_new0 (JdMediaDtmfSender, 1);

  self->source = gst_object_ref (source);
  self->source_pad = gst_element_get_static_pad (source, "src");
  self->context = g_main_context_ref (context);
  self->id = id;
  self->sent = sent;
  self->user_data = user_data;
  g_queue_init (&self->pending);
  return self;
}

static void
clear_timer (JdMediaDtmfSender *self)
{
  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
}

static void
arm_timer (JdMediaDtmfSender *self, guint ms, GSourceFunc func)
{
  clear_timer (self);
  self->timer = g_timeout_source_new (ms);
  g_source_set_callback (self->timer, func, self, NULL);
  g_source_attach (self->timer, self->context);
}

static void
drop_all (JdMediaDtmfSender *self)
{
  g_queue_clear_full (&self->pending, g_free);
  g_clear_pointer (&self->current, g_free);
}

void
jd_media_dtmf_sender_free (JdMediaDtmfSender *self)
{
  clear_timer (self);
  drop_all (self);
  gst_object_unref (self->source_pad);
  gst_object_unref (self->source);
  g_main_context_unref (self->context);
  g_free (self);
}

/* rtpdtmfsrc's documented interface: a custom upstream "dtmf-event".
 * Straight to its pad, not through rtpdtmfmux's: the mux would add its
 * "last-stop", the end of the last packet it passed, which after a hold
 * lies in the past, and rtpdtmfsrc would then start the event there and
 * burst its packets out to catch up.  Without it the event starts at the
 * current running time, on the audio's RTP clock, and the mux drops the
 * audio the event overlaps. */
static gboolean
send_event (JdMediaDtmfSender *self, gboolean start, int event)
{
  GstStructure *s = gst_structure_new ("dtmf-event", "type", G_TYPE_INT, 1, "method", G_TYPE_INT,
                                       1, "start", G_TYPE_BOOLEAN, start, NULL);

  if (start)
    gst_structure_set (s, "number", G_TYPE_INT, event, "volume", G_TYPE_INT, VOLUME, NULL);
  return gst_pad_send_event (self->source_pad,
                             gst_event_new_custom (GST_EVENT_CUSTOM_UPSTREAM, s));
}

static void start_next (JdMediaDtmfSender *self);

static void
stop_tone (JdMediaDtmfSender *self)
{
  if (send_event (self, FALSE, 0))
    {
      self->phase = PHASE_STOPPING;
      return;
    }
  /* Only when the pipeline is going down: nothing more will be sent. */
  g_debug ("stream %u: rtpdtmfsrc refused to end '%c'", self->id, self->current->digit);
  drop_all (self);
  self->phase = PHASE_IDLE;
}

static gboolean
on_tone_over (gpointer user_data)
{
  JdMediaDtmfSender *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  stop_tone (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_gap_over (gpointer user_data)
{
  JdMediaDtmfSender *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  self->phase = PHASE_IDLE;
  start_next (self);
  return G_SOURCE_REMOVE;
}

static void
start_next (JdMediaDtmfSender *self)
{
  if (self->phase != PHASE_IDLE || g_queue_is_empty (&self->pending))
    return;
  self->current = g_queue_pop_head (&self->pending);
  self->cut_short = FALSE;
  if (send_event (self, TRUE, jd_media_dtmf_event_from_digit (self->current->digit)))
    {
      self->phase = PHASE_STARTING;
      return;
    }
  g_debug ("stream %u: rtpdtmfsrc refused '%c' (not playing)", self->id, self->current->digit);
  drop_all (self);
}

static gboolean
tone_fits (guint tone_ms, guint clock_rate)
{
  return clock_rate == 0 ||
         (guint64) (tone_ms + 2 * PACKET_MS) * clock_rate <= (guint64) G_MAXUINT16 * 1000;
}

gboolean
jd_media_dtmf_sender_queue (JdMediaDtmfSender *self, const char *digits, guint tone_ms,
                            guint gap_ms, GError **error)
{
  guint clock_rate = 0;

  g_object_get (self->source, "clock-rate", &clock_rate, NULL);
  tone_ms = tone_ms != 0 ? tone_ms : DEFAULT_TONE_MS;
  gap_ms = gap_ms != 0 ? gap_ms : DEFAULT_GAP_MS;
  for (const char *p = digits; *p != '\0'; p++)
    if (jd_media_dtmf_event_from_digit (*p) < 0)
      {
        g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
                     "'%c' is not a DTMF digit (0-9, *, #, A-D)", *p);
        return FALSE;
      }
  if (!tone_fits (tone_ms, clock_rate))
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
                   "a %u ms tone does not fit RFC 4733's duration field at %u Hz", tone_ms,
                   clock_rate);
      return FALSE;
    }
  for (const char *p = digits; *p != '\0'; p++)
    {
      Pending *d = g_new (Pending, 1);

      *d = (Pending) { g_ascii_toupper (*p), tone_ms, gap_ms };
      g_queue_push_tail (&self->pending, d);
    }
  start_next (self);
  return TRUE;
}

void
jd_media_dtmf_sender_cancel (JdMediaDtmfSender *self)
{
  g_queue_clear_full (&self->pending, g_free);
  switch (self->phase)
    {
    case PHASE_STARTING:
      self->cut_short = TRUE;
      break;
    case PHASE_TONE:
      clear_timer (self);
      stop_tone (self);
      break;
    case PHASE_GAP:
      clear_timer (self);
      self->phase = PHASE_IDLE;
      break;
    case PHASE_IDLE:
    case PHASE_STOPPING:
      break;
    }
}

/* rtpdtmfsrc sees a stop just after sending a packet and ends the event
 * with the packet after that, whose duration runs one packet further:
 * stopping two packets early makes the event's duration tone_ms, or at
 * most one packet more. */
static void
on_started (JdMediaDtmfSender *self)
{
  guint tone_ms = self->current->tone_ms;

  self->phase = PHASE_TONE;
  if (self->cut_short)
    stop_tone (self);
  else
    arm_timer (self, tone_ms > 2 * PACKET_MS ? tone_ms - 2 * PACKET_MS : 0, on_tone_over);
}

/* This is the end packet's send time; the event's duration runs one
 * packet further, and the gap starts there. */
static void
on_stopped (JdMediaDtmfSender *self)
{
  char digit = self->current->digit;

  self->phase = PHASE_GAP;
  arm_timer (self, self->current->gap_ms + PACKET_MS, on_gap_over);
  g_clear_pointer (&self->current, g_free);
  self->sent (self->id, digit, self->user_data);
}

gboolean
jd_media_dtmf_sender_handle_message (JdMediaDtmfSender *self, GstMessage *msg)
{
  const GstStructure *s = gst_message_get_structure (msg);
  gboolean start;

  if (GST_MESSAGE_SRC (msg) != GST_OBJECT (self->source) || s == NULL)
    return FALSE;
  /* Posted when rtpdtmfsrc really begins or ends an event: its own
   * minimum durations and gaps may have held the request back. */
  if (gst_structure_has_name (s, "dtmf-event-processed") &&
      gst_structure_get_boolean (s, "start", &start))
    {
      if (start && self->phase == PHASE_STARTING)
        on_started (self);
      else if (!start && self->phase == PHASE_STOPPING)
        on_stopped (self);
    }
  else if (gst_structure_has_name (s, "dtmf-event-dropped"))
    g_debug ("stream %u: rtpdtmfsrc dropped an event", self->id);
  return TRUE;
}
