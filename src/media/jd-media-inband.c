/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-inband.h"

#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "jd-codec-registry.h"

#define DEFAULT_TONE_MS 100
#define DEFAULT_GAP_MS 50
#define SENT_MESSAGE "jd-inband-dtmf-sent"

/* ITU-T Q.23: the keypad's rows and columns. */
static const char keypad[] = "123A456B789C*0#D";
static const double row_hz[] = { 697, 770, 852, 941 };
static const double column_hz[] = { 1209, 1336, 1477, 1633 };

typedef struct {
  char digit;                   /* upper case */
  guint tone_ms;
  guint gap_ms;
} Digit;

typedef enum { FORMAT_S16LE, FORMAT_F32LE } SampleFormat;

struct _JdMediaInband
{
  GstElement *encoder;
  GstPad *pad;                  /* the encoder's sink pad */
  guint id;
  gulong probe;                 /* 0 until the first digit; main context only */

  GMutex lock;
  GQueue pending;               /* Digit*, under lock */
  atomic_bool busy;             /* digits pending or playing: the probe's fast check */

  /* The streaming thread's alone: */
  gboolean playing;
  Digit current;
  GstClockTime start;           /* running time of the current digit's first sample */
  gboolean reported;            /* its tone's end was posted */
  double low_phase, high_phase; /* radians, carried across buffers */
};

JdMediaInband *
jd_media_inband_new (GstElement *encoder, guint id)
{
  JdMediaInband *self = g_new0 (JdMediaInband, 1);

  self->encoder = gst_object_ref (encoder);
  self->pad = gst_element_get_static_pad (encoder, "sink");
  self->id = id;
  g_mutex_init (&self->lock);
  g_queue_init (&self->pending);
  return self;
}

static void
destroy (gpointer data)
{
  JdMediaInband *self = data;

  g_queue_clear_full (&self->pending, g_free);
  g_mutex_clear (&self->lock);
  g_free (self);
}

void
jd_media_inband_free (JdMediaInband *self)
{
  g_autoptr (GstPad) pad = NULL;
  g_autoptr (GstElement) encoder = NULL;

  if (self == NULL)
    return;
  /* The references go after the probe: the pad calls destroy() under its
   * lock, and dropping the last reference to the encoder there would
   * remove the pad under that lock. */
  pad = g_steal_pointer (&self->pad);
  encoder = g_steal_pointer (&self->encoder);
  /* A probe running on a streaming thread still uses @self: the pad
   * frees it through the probe's destroy notify once it is done. */
  if (self->probe != 0)
    gst_pad_remove_probe (pad, self->probe);
  else
    destroy (self);
}

static void
dual_tone (const Digit *d, double *low_hz, double *high_hz)
{
  size_t at = (size_t) (strchr (keypad, d->digit) - keypad);

  *low_hz = row_hz[at / 4];
  *high_hz = column_hz[at % 4];
}

/* Streaming thread: the next digit starts at @t, or FALSE (and not busy
 * any more) when there is none. */
static gboolean
start_next (JdMediaInband *self, GstClockTime t)
{
  g_autofree Digit *d = NULL;

  g_mutex_lock (&self->lock);
  d = g_queue_pop_head (&self->pending);
  if (d == NULL)
    atomic_store (&self->busy, FALSE);
  g_mutex_unlock (&self->lock);
  if (d == NULL)
    return FALSE;
  self->current = *d;
  self->playing = TRUE;
  self->start = t;
  self->reported = FALSE;
  self->low_phase = self->high_phase = 0;
  return TRUE;
}

static void
post_sent (JdMediaInband *self, GstElement *encoder)
{
  const char text[] = { self->current.digit, '\0' };
  GstStructure *s = gst_structure_new (SENT_MESSAGE, "stream", G_TYPE_UINT, self->id,
                                       "digit", G_TYPE_STRING, text, NULL);

  self->reported = TRUE;
  gst_element_post_message (encoder, gst_message_new_element (GST_OBJECT (encoder), s));
}

static gboolean
read_format (GstPad *pad, SampleFormat *format, int *rate, int *channels)
{
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  const GstStructure *s;
  const char *name;

  if (caps == NULL || gst_caps_get_size (caps) == 0)
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  name = gst_structure_get_string (s, "format");
  if (!gst_structure_get_int (s, "rate", rate) || !gst_structure_get_int (s, "channels", channels)
      || *rate <= 0 || *channels <= 0 || name == NULL)
    return FALSE;
  if (g_str_equal (name, "S16LE"))
    *format = FORMAT_S16LE;
  else if (g_str_equal (name, "F32LE"))
    *format = FORMAT_F32LE;
  else
    return FALSE;
  return TRUE;
}

static GstClockTime
running_time (GstPad *pad, GstBuffer *buf)
{
  g_autoptr (GstEvent) event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  const GstSegment *segment;

  if (event == NULL || !GST_BUFFER_PTS_IS_VALID (buf))
    return GST_CLOCK_TIME_NONE;
  gst_event_parse_segment (event, &segment);
  return gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buf));
}

/* One frame of the current digit at @elapsed since its start: the dual
 * tone, then silence; FALSE when the digit (tone and gap) is over. */
static gboolean
next_sample (JdMediaInband *self, GstElement *encoder, GstClockTime elapsed, int rate,
             float *sample)
{
  /* -10 dBFS per component: the sum peaks at 0.63, never clipping. */
  const double amplitude = 0.316227766;
  GstClockTime tone = self->current.tone_ms * GST_MSECOND;
  double low_hz, high_hz;

  if (elapsed >= tone + self->current.gap_ms * GST_MSECOND)
    return FALSE;
  if (elapsed >= tone)
    {
      if (!self->reported)
        post_sent (self, encoder);
      *sample = 0;
      return TRUE;
    }
  dual_tone (&self->current, &low_hz, &high_hz);
  *sample = (float) (amplitude * (sin (self->low_phase) + sin (self->high_phase)));
  self->low_phase = fmod (self->low_phase + 2 * G_PI * low_hz / rate, 2 * G_PI);
  self->high_phase = fmod (self->high_phase + 2 * G_PI * high_hz / rate, 2 * G_PI);
  return TRUE;
}

static void
write_frame (guint8 *frame, SampleFormat format, int channels, float sample)
{
  for (int c = 0; c < channels; c++)
    if (format == FORMAT_S16LE)
      {
        gint16 v = (gint16) lrintf (sample * 32767.0f);

        GST_WRITE_UINT16_LE (frame + 2 * c, (guint16) v);
      }
    else
      GST_WRITE_FLOAT_LE (frame + 4 * c, sample);
}

static void
replace_samples (JdMediaInband *self, GstElement *encoder, GstMapInfo *map, GstClockTime rt,
                 SampleFormat format, int rate, int channels)
{
  gsize frame_size = (format == FORMAT_S16LE ? 2 : 4) * (gsize) channels;
  gsize frames = map->size / frame_size;

  for (gsize i = 0; i < frames;)
    {
      GstClockTime t = rt + gst_util_uint64_scale_int (i, GST_SECOND, rate);
      float sample;

      if (!self->playing && !start_next (self, t))
        return;   /* nothing more: the rest passes unchanged */
      if (!next_sample (self, encoder, t - self->start, rate, &sample))
        {
          self->playing = FALSE;
          continue;
        }
      write_frame (map->data + i * frame_size, format, channels, sample);
      i++;
    }
}

/* Streaming thread, every raw buffer once the first digit came. */
static GstPadProbeReturn
on_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  JdMediaInband *self = user_data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  SampleFormat format;
  int rate, channels;
  GstClockTime rt;
  GstMapInfo map;

  if (!atomic_load (&self->busy) || !read_format (pad, &format, &rate, &channels))
    return GST_PAD_PROBE_OK;
  rt = running_time (pad, buf);
  if (!GST_CLOCK_TIME_IS_VALID (rt))
    return GST_PAD_PROBE_OK;
  buf = gst_buffer_make_writable (buf);
  GST_PAD_PROBE_INFO_DATA (info) = buf;
  if (!gst_buffer_map (buf, &map, GST_MAP_WRITE))
    return GST_PAD_PROBE_OK;
  /* The pad's parent, not self->encoder: jd_media_inband_free() may be
   * dropping that reference while this runs. */
  replace_samples (self, GST_ELEMENT (GST_PAD_PARENT (pad)), &map, rt, format, rate, channels);
  gst_buffer_unmap (buf, &map);
  return GST_PAD_PROBE_OK;
}

gboolean
jd_media_inband_queue (JdMediaInband *self, const char *digits, guint tone_ms, guint gap_ms,
                       GError **error)
{
  GQueue queued = G_QUEUE_INIT;

  g_return_val_if_fail (digits != NULL, FALSE);
  for (const char *p = digits; *p != '\0'; p++)
    {
      Digit *d;

      if (strchr (keypad, g_ascii_toupper (*p)) == NULL)
        {
          g_queue_clear_full (&queued, g_free);
          g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_INVALID_ARGUMENT,
                       "'%c' is not a DTMF digit", g_ascii_isprint (*p) ? *p : '?');
          return FALSE;
        }
      d = g_new0 (Digit, 1);
      d->digit = g_ascii_toupper (*p);
      d->tone_ms = tone_ms != 0 ? tone_ms : DEFAULT_TONE_MS;
      d->gap_ms = gap_ms != 0 ? gap_ms : DEFAULT_GAP_MS;
      g_queue_push_tail (&queued, d);
    }
  if (self->probe == 0)
    self->probe = gst_pad_add_probe (self->pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, self,
                                     destroy);
  g_mutex_lock (&self->lock);
  while (!g_queue_is_empty (&queued))
    g_queue_push_tail (&self->pending, g_queue_pop_head (&queued));
  atomic_store (&self->busy, TRUE);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
jd_media_inband_cancel (JdMediaInband *self)
{
  g_mutex_lock (&self->lock);
  g_queue_clear_full (&self->pending, g_free);
  g_mutex_unlock (&self->lock);
}

gboolean
jd_media_inband_parse_sent (GstMessage *msg, guint *id, char *digit)
{
  const GstStructure *s = gst_message_get_structure (msg);
  const char *text;

  if (GST_MESSAGE_TYPE (msg) != GST_MESSAGE_ELEMENT || s == NULL ||
      !gst_structure_has_name (s, SENT_MESSAGE) ||
      !gst_structure_get_uint (s, "stream", id) ||
      (text = gst_structure_get_string (s, "digit")) == NULL)
    return FALSE;
  *digit = text[0];
  return TRUE;
}
