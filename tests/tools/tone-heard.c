/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tone-heard FILE: what a recording holds, as the demo prints it: the
 * pitch most of its 100 ms slices peak at ("440 Hz"), how many slices
 * had it, and the length.  Reads anything decodebin reads (the .wav and
 * .ogg files of the file: endpoint).  Exit 1 when nothing was heard.
 */
#include <stdio.h>

#include "media/jd-media-tone.h"

#define RATE 48000
#define BANDS 4800      /* 10 Hz bins */

typedef struct {
  GHashTable *counts;   /* peak Hz (rounded) -> slices */
  guint slices;
  GMainLoop *loop;
  gboolean failed;
} Heard;

static gboolean
on_message (GstBus *bus, GstMessage *msg, gpointer user_data)
{
  Heard *h = user_data;
  double hz = jd_media_tone_peak_hz (msg, RATE);

  if (hz > 20)
    {
      gpointer key = GUINT_TO_POINTER ((guint) (hz / 10 + 0.5) * 10);

      g_hash_table_insert (h->counts, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (h->counts, key)) + 1));
      h->slices++;
    }
  else if (hz >= 0)
    h->slices++;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    h->failed = TRUE;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS || GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    g_main_loop_quit (h->loop);
  return G_SOURCE_CONTINUE;
}

static guint
most_common (GHashTable *counts, guint *slices)
{
  GHashTableIter iter;
  gpointer key, value;
  guint best = 0;

  *slices = 0;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > *slices)
      {
        *slices = GPOINTER_TO_UINT (value);
        best = GPOINTER_TO_UINT (key);
      }
  return best;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *description = NULL;
  g_autoptr (GstElement) pipeline = NULL;
  g_autoptr (GstBus) bus = NULL;
  Heard h = { 0 };
  guint hz, slices;

  gst_init (&argc, &argv);
  if (argc != 2)
    {
      fprintf (stderr, "usage: tone-heard FILE\n");
      return 2;
    }
  description = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
                                 "audioresample ! audio/x-raw,rate=%u,channels=1 ! "
                                 "spectrum bands=%u interval=100000000 ! fakesink sync=false",
                                 argv[1], RATE, BANDS);
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    {
      fprintf (stderr, "tone-heard: %s\n", error->message);
      return 2;
    }
  h.counts = g_hash_table_new (NULL, NULL);
  h.loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, on_message, &h);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  g_main_loop_run (h.loop);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  hz = most_common (h.counts, &slices);
  g_hash_table_unref (h.counts);
  g_main_loop_unref (h.loop);
  if (h.failed || hz == 0)
    {
      printf ("nothing (%u slices of 100 ms)\n", h.slices);
      return 1;
    }
  printf ("%u Hz (%u of %u slices of 100 ms, %.1f s)\n", hz, slices, h.slices, h.slices / 10.0);
  return 0;
}
