/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-tone.h"

char *
jd_media_tone_sink_description (guint rate, guint bands, guint interval_ms)
{
  /* Decoded audio is resampled to @rate whatever the codec's own rate. */
  return g_strdup_printf ("capsfilter caps=audio/x-raw,rate=%u ! spectrum bands=%u "
                          "interval=%" G_GUINT64_FORMAT " post-messages=true "
                          "message-magnitude=true ! fakesink name=sink sync=false",
                          rate, bands, (guint64) interval_ms * GST_MSECOND);
}

double
jd_media_tone_peak_hz (GstMessage *msg, guint rate)
{
  const GstStructure *s = gst_message_get_structure (msg);
  const GValue *mags;
  guint n, peak = 0;

  if (s == NULL || !gst_structure_has_name (s, "spectrum") ||
      (mags = gst_structure_get_value (s, "magnitude")) == NULL ||
      (n = gst_value_list_get_size (mags)) < 2)
    return -1;
  for (guint i = 1; i < n; i++)
    if (g_value_get_float (gst_value_list_get_value (mags, i)) >
        g_value_get_float (gst_value_list_get_value (mags, peak)))
      peak = i;
  return peak * (double) rate / (2 * n - 2);
}
