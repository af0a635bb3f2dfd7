/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-dtmf.h"

#include <string.h>

#include "jd-codec-registry.h"
#include "jd-media-build.h"

/* RFC 4733 §3.2: events 0-15 in this order. */
static const char dtmf_events[] = "0123456789*#ABCD";

#define DEFAULT_TONE_MS 100
#define DEFAULT_GAP_MS 50
/* §2.5.1.2: updates at the audio's usual packet interval. */
#define PACKET_TIME ((GstClockTime) 20 * GST_MSECOND)
/* §2.5.1.4: the end packet and two copies. */
#define END_PACKETS 3
/* How far ahead of the clock packets are queued: the main context may
 * wake this late without a packet leaving late, and a cancelled tone
 * ends at most this much (and one packet) later. */
#define LEAD_TIME (2 * PACKET_TIME)
/* -10 dBm0 (§2.3.3), a usual level for DTMF. */
#define VOLUME 10
#define RTP_HEADER_SIZE 12
#define EVENT_PAYLOAD_SIZE 4

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

/* The mux rebases each pad's RTP timestamps from the timestamp-offset of
 * its caps to its own: with 0 here, an event's running time in clock
 * units lands where the payloader's audio of that running time does. */
static void
set_up_source (GstElement *src, const JdCodec *codec, guint8 pt)
{
  g_autoptr (GstCaps) caps = jd_codec_rtp_caps (codec, pt);

  gst_caps_set_simple (caps, "timestamp-offset", G_TYPE_UINT, 0u, NULL);
  /* Live with no latency of its own: the clocksync releases each packet
   * at its own time, not a pipeline latency later. */
  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, "is-live", TRUE, "min-latency",
                (gint64) 0, NULL);
}

gboolean
jd_media_dtmf_build_send (GstBin *bin, GstElement *payloader, const JdCodec *codec, guint8 pt,
                          GstElement **source, GstElement **mux, GError **error)
{
  GstElement *src = jd_media_build_make ("appsrc", error);
  GstElement *sync = src != NULL ? jd_media_build_make ("clocksync", error) : NULL;
  GstElement *m = sync != NULL ? jd_media_build_make ("rtpdtmfmux", error) : NULL;

  if (m == NULL)
    {
      jd_media_build_discard (src);
      jd_media_build_discard (sync);
      return FALSE;
    }
  set_up_source (src, codec, pt);
  gst_bin_add_many (bin, src, sync, m, NULL);
  /* The priority pad: audio is dropped while an event is on the wire. */
  if (!gst_element_link (src, sync) ||
      !jd_media_build_link_pads (payloader, "src", m, "sink_0") ||
      !jd_media_build_link_pads (sync, "src", m, "priority_sink_0"))
    {
      jd_media_build_failed (error, "the DTMF sending chain");
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
  GstElement *sink = depay != NULL ? jd_media_build_make ("fakesink", error) : NULL;

  if (sink == NULL)
    {
      jd_media_build_discard (depay);
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

/* One digit on the wire.  Packet i < updates leaves at start + i packet
 * times, the last of them is the first end packet, and its copies follow
 * copy_interval apart. */
typedef struct {
  char digit;
  GstClockTime start;        /* running time, and the RTP timestamp */
  GstClockTime length;       /* the tone, shortened by a cancel */
  GstClockTime gap;          /* after the tone */
  GstClockTime copy_interval;
  guint updates;
  guint next;                /* the next packet to push */
  gboolean over;             /* reported to "sent" */
} Event;

struct _JdMediaDtmfSender {
  GstElement *source;       /* appsrc */
  GMainContext *context;
  guint id;
  JdMediaDtmfSentFunc sent;
  gpointer user_data;
  int pt;
  int clock_rate;

  GQueue pending;           /* Pending*, not yet started */
  Event *current;           /* on the wire, or waiting for its start */
  GstClockTime earliest;    /* running time the next event may start at */
  GSource *timer;
};

static GstClockTime
ms_to_time (guint ms)
{
  return (GstClockTime) ms * GST_MSECOND;
}

JdMediaDtmfSender *
jd_media_dtmf_sender_new (GstElement *source, GMainContext *context, guint id,
                          JdMediaDtmfSentFunc sent, gpointer user_data)
{
  JdMediaDtmfSender *self;
  g_autoptr (GstCaps) caps = NULL;
  const GstStructure *s;

  g_object_get (source, "caps", &caps, NULL);
  g_return_val_if_fail (caps != NULL && !gst_caps_is_empty (caps), NULL);
  self = g_new0 (JdMediaDtmfSender, 1);
  s = gst_caps_get_structure (caps, 0);
  gst_structure_get_int (s, "payload", &self->pt);
  gst_structure_get_int (s, "clock-rate", &self->clock_rate);
  self->source = gst_object_ref (source);
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
drop_all (JdMediaDtmfSender *self)
{
  clear_timer (self);
  g_queue_clear_full (&self->pending, g_free);
  g_clear_pointer (&self->current, g_free);
}

void
jd_media_dtmf_sender_free (JdMediaDtmfSender *self)
{
  drop_all (self);
  gst_object_unref (self->source);
  g_main_context_unref (self->context);
  g_free (self);
}

static guint
packet_count (const Event *e)
{
  return e->updates + END_PACKETS - 1;
}

static GstClockTime
send_time (const Event *e, guint i)
{
  if (i < e->updates)
    return e->start + i * PACKET_TIME;
  return e->start + (e->updates - 1) * PACKET_TIME + (i - e->updates + 1) * e->copy_interval;
}

/* §2.5.1.2: the duration so far, counted to the end of the packet's own
 * interval and never past the tone; the end packets carry the tone's. */
static GstClockTime
covered (const Event *e, guint i)
{
  return MIN ((i + 1) * PACKET_TIME, e->length);
}

static guint64
to_clock (const JdMediaDtmfSender *self, GstClockTime t)
{
  return gst_util_uint64_scale_int (t, self->clock_rate, GST_SECOND);
}

/* RFC 3550 §5.1 header and RFC 4733 §2.3 payload.  Sequence number and
 * SSRC stay 0: rtpdtmfmux writes the audio's. */
static GstBuffer *
make_packet (const JdMediaDtmfSender *self, const Event *e, guint i)
{
  guint8 data[RTP_HEADER_SIZE + EVENT_PAYLOAD_SIZE] = { 0 };
  guint8 *payload = data + RTP_HEADER_SIZE;
  GstClockTime duration = covered (e, i);
  GstBuffer *buf;

  data[0] = 0x80;                                         /* version 2 */
  data[1] = (guint8) ((i == 0 ? 0x80 : 0x00) | self->pt); /* marker on the first */
  GST_WRITE_UINT32_BE (data + 4, (guint32) to_clock (self, e->start));
  payload[0] = (guint8) jd_media_dtmf_event_from_digit (e->digit);
  payload[1] = (guint8) ((i + 1 >= e->updates ? 0x80 : 0x00) | VOLUME); /* E bit */
  GST_WRITE_UINT16_BE (payload + 2, (guint16) to_clock (self, duration));
  buf = gst_buffer_new_memdup (data, sizeof data);
  /* PTS: the event's start, which rtpbin pairs with the RTP timestamp
   * for sender reports.  Duration: the whole tone, so that rtpdtmfmux
   * drops the audio of all of it from the first packet on, whichever of
   * its two input threads runs late.  DTS: when the packet leaves, what
   * the clocksync waits for. */
  GST_BUFFER_PTS (buf) = e->start;
  GST_BUFFER_DURATION (buf) = e->length;
  GST_BUFFER_DTS (buf) = send_time (e, i);
  return buf;
}

/* FALSE when the source refuses a packet: the pipeline is going down. */
static gboolean
push_due (JdMediaDtmfSender *self, Event *e, GstClockTime now)
{
  while (e->next < packet_count (e) && send_time (e, e->next) <= now + LEAD_TIME)
    {
      g_autoptr (GstBuffer) buf = make_packet (self, e, e->next);
      GstFlowReturn flow = GST_FLOW_ERROR;

      g_signal_emit_by_name (self->source, "push-buffer", buf, &flow);
      if (flow != GST_FLOW_OK)
        return FALSE;
      e->next++;
    }
  return TRUE;
}

static void
begin_next (JdMediaDtmfSender *self, GstClockTime now)
{
  g_autofree Pending *p = g_queue_pop_head (&self->pending);
  Event *e = g_new0 (Event, 1);

  e->digit = p->digit;
  e->start = MAX (now, self->earliest);
  e->length = ms_to_time (p->tone_ms);
  e->gap = ms_to_time (p->gap_ms);
  e->updates = (guint) ((e->length + PACKET_TIME - 1) / PACKET_TIME);
  /* The last copy leaves before the gap is over, so that the next event
   * never interleaves with this one. */
  e->copy_interval = MIN (PACKET_TIME, e->gap / 2);
  self->current = e;
}

/* The next packet to queue, or the tone's end to report. */
static GstClockTime
next_wake (const Event *e)
{
  GstClockTime wake = GST_CLOCK_TIME_NONE;

  if (e->next < packet_count (e))
    wake = send_time (e, e->next) - MIN (send_time (e, e->next), LEAD_TIME);
  if (!e->over)
    wake = MIN (wake, e->start + e->length);
  return wake;
}

static gboolean on_timer (gpointer user_data);

static void
arm_timer (JdMediaDtmfSender *self, GstClockTime delay)
{
  clear_timer (self);
  self->timer = g_timeout_source_new ((guint) ((delay + GST_MSECOND - 1) / GST_MSECOND));
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->context);
}

/* Queues what is due, reports a tone that is over, moves on to the next
 * digit, and sleeps until there is something to do again. */
static void
run (JdMediaDtmfSender *self)
{
  GstClockTime now = gst_element_get_current_running_time (self->source);
  char over = '\0';

  clear_timer (self);
  if (!GST_CLOCK_TIME_IS_VALID (now))
    {
      g_debug ("stream %u: DTMF dropped: the pipeline is not playing", self->id);
      drop_all (self);
      return;
    }
  while (self->current != NULL || !g_queue_is_empty (&self->pending))
    {
      Event *e;

      if (self->current == NULL)
        begin_next (self, now);
      e = self->current;
      if (!push_due (self, e, now))
        {
          g_debug ("stream %u: DTMF dropped: the pipeline is going down", self->id);
          drop_all (self);
          break;
        }
      if (!e->over && now >= e->start + e->length)
        {
          e->over = TRUE;
          over = e->digit;
        }
      if (e->next < packet_count (e) || !e->over)
        {
          GstClockTime wake = next_wake (e);

          arm_timer (self, wake > now ? wake - now : 0);
          break;
        }
      self->earliest = e->start + e->length + e->gap;
      g_clear_pointer (&self->current, g_free);
    }
  /* Last: the callback may free the sender. */
  if (over != '\0')
    self->sent (self->id, over, self->user_data);
}

static gboolean
on_timer (gpointer user_data)
{
  JdMediaDtmfSender *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  run (self);
  return G_SOURCE_REMOVE;
}

static gboolean
tone_fits (guint tone_ms, int clock_rate)
{
  return (guint64) tone_ms * (guint) clock_rate <= (guint64) G_MAXUINT16 * 1000;
}

gboolean
jd_media_dtmf_sender_queue (JdMediaDtmfSender *self, const char *digits, guint tone_ms,
                            guint gap_ms, GError **error)
{
  tone_ms = tone_ms != 0 ? tone_ms : DEFAULT_TONE_MS;
  gap_ms = gap_ms != 0 ? gap_ms : DEFAULT_GAP_MS;
  for (const char *p = digits; *p != '\0'; p++)
    if (jd_media_dtmf_event_from_digit (*p) < 0)
      {
        g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
                     "'%c' is not a DTMF digit (0-9, *, #, A-D)", *p);
        return FALSE;
      }
  if (!tone_fits (tone_ms, self->clock_rate))
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
                   "a %u ms tone does not fit RFC 4733's duration field at %d Hz", tone_ms,
                   self->clock_rate);
      return FALSE;
    }
  for (const char *p = digits; *p != '\0'; p++)
    {
      Pending *d = g_new (Pending, 1);

      *d = (Pending) { g_ascii_toupper (*p), tone_ms, gap_ms };
      g_queue_push_tail (&self->pending, d);
    }
  /* Otherwise the timer is set and will get to them. */
  if (self->current == NULL)
    run (self);
  return TRUE;
}

void
jd_media_dtmf_sender_cancel (JdMediaDtmfSender *self)
{
  Event *e = self->current;

  g_queue_clear_full (&self->pending, g_free);
  if (e == NULL)
    return;
  if (e->next == 0)
    {
      /* Still in the previous digit's gap: never on the wire. */
      clear_timer (self);
      g_clear_pointer (&self->current, g_free);
      return;
    }
  if (e->next < e->updates)
    {
      /* The packets already queued are the tone; the next is its end. */
      e->length = e->next * PACKET_TIME;
      e->updates = e->next + 1;
    }
  /* From the main loop: "sent" is not emitted from inside the caller. */
  arm_timer (self, 0);
}
