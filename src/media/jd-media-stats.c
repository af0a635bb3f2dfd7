/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-stats.h"

static GObject *
get_session (GstElement *rtpbin, guint session)
{
  GObject *internal = NULL;

  g_signal_emit_by_name (rtpbin, "get-internal-session", session, &internal);
  return internal;
}

void
jd_media_stats_tune_session (GstElement *rtpbin, guint session)
{
  g_autoptr (GObject) internal = get_session (rtpbin, session);

  if (internal == NULL)
    return;
  /* RFC 3550 §6.2 recommends a 5 s minimum but allows a smaller one; with
   * two members, reports of ~100 bytes a second stay far below RTCP's 5 %
   * share of even a 32 kbit/s audio stream. */
  g_object_set (internal, "rtcp-min-interval", (guint64) GST_SECOND, NULL);
  /* Probation (RFC 3550 A.1) guards against stray packets, but everything
   * reaching rtpbin has passed SRTP authentication.  And GStreamer 1.22
   * counts the packet held during probation as received while starting
   * the expected count after it: every call would report -1 lost. */
  g_object_set (internal, "probation", 0u, NULL);
}

static guint64
get_u64 (const GstStructure *s, const char *field)
{
  guint64 v = 0;

  gst_structure_get_uint64 (s, field, &v);
  return v;
}

/* The round trip of our last sender report, in ms, from a report block
 * that answers one (LSR 0 means the peer had none, §6.4.1); or -1. */
static double
round_trip_ms (const GstStructure *s)
{
  gboolean have_rb = FALSE;
  guint lsr = 0, rtt = 0;

  if (!gst_structure_get_boolean (s, "have-rb", &have_rb) || !have_rb ||
      !gst_structure_get_uint (s, "rb-lsr", &lsr) || lsr == 0 ||
      !gst_structure_get_uint (s, "rb-round-trip", &rtt))
    return -1;
  /* NTP short format: 16.16 fixed-point seconds. */
  return rtt * 1000.0 / 65536.0;
}

static void
add_internal (JdMediaStats *stats, const GstStructure *s)
{
  stats->packets_sent += get_u64 (s, "packets-sent");
  stats->bytes_sent += get_u64 (s, "octets-sent");
  /* Since GStreamer 1.20 an internal source holds the peer's last report
   * block about it. */
  stats->rtt_ms = MAX (stats->rtt_ms, round_trip_ms (s));
}

static void
add_remote (JdMediaStats *stats, const GstStructure *s, guint codec_rate)
{
  int lost = 0, rate = 0;
  guint jitter = 0;

  stats->packets_received += get_u64 (s, "packets-received");
  stats->bytes_received += get_u64 (s, "octets-received");
  if (gst_structure_get_int (s, "packets-lost", &lost))
    stats->packets_lost += lost;
  if (!gst_structure_get_int (s, "clock-rate", &rate) || rate <= 0)
    rate = (int) codec_rate;
  /* Jitter is kept in RTP timestamp units. */
  if (gst_structure_get_uint (s, "jitter", &jitter) && rate > 0)
    stats->jitter_ms = MAX (stats->jitter_ms, jitter * 1000.0 / rate);
  /* Older GStreamer kept the report block on the remote source that sent
   * it; it is about one of our sources all the same. */
  if (stats->rtt_ms < 0)
    stats->rtt_ms = round_trip_ms (s);
}

gboolean
jd_media_stats_collect (GstElement *rtpbin, guint session, const JdCodec *codec,
                        JdMediaStats *stats)
{
  g_autoptr (GObject) internal = get_session (rtpbin, session);
  g_autoptr (GstStructure) all = NULL;
  const GValue *sources;
  GValueArray *array;

  *stats = (JdMediaStats) { .rtt_ms = -1, .codec = codec->name };
  if (internal == NULL)
    return FALSE;
  g_object_get (internal, "stats", &all, NULL);
  sources = all != NULL ? gst_structure_get_value (all, "source-stats") : NULL;
  if (sources == NULL)
    return TRUE;
  /* A GValueArray: only its functions are deprecated, not its fields. */
  array = g_value_get_boxed (sources);
  for (guint i = 0; array != NULL && i < array->n_values; i++)
    {
      const GstStructure *s = gst_value_get_structure (&array->values[i]);
      gboolean is_internal = FALSE;

      if (s == NULL)
        continue;
      gst_structure_get_boolean (s, "internal", &is_internal);
      if (is_internal)
        add_internal (stats, s);
      else
        add_remote (stats, s, codec->clock_rate);
    }
  return TRUE;
}
