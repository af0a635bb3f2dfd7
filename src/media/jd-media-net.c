/* SPDX-License-Identifier: LGPL-2.1-or-later */
#define G_LOG_DOMAIN "jingled-media"

#include "jd-media-net.h"

/* @old's only pad, its peer, and the matching pad of @fresh. */
static gboolean
find_pads (GstElement *old, GstElement *fresh, const char *name, GstPad **old_pad,
           GstPad **peer, GstPad **fresh_pad)
{
  *old_pad = gst_element_get_static_pad (old, name);
  *fresh_pad = gst_element_get_static_pad (fresh, name);
  *peer = *old_pad != NULL ? gst_pad_get_peer (*old_pad) : NULL;
  if (*peer != NULL && *fresh_pad != NULL)
    return TRUE;
  g_clear_object (old_pad);
  g_clear_object (fresh_pad);
  g_clear_object (peer);
  return FALSE;
}

static void
retire (GstBin *bin, GstElement *old)
{
  gst_element_set_locked_state (old, TRUE);
  gst_element_set_state (old, GST_STATE_NULL);
  gst_bin_remove (bin, old);
}

static void
put_in (GstBin *bin, GstElement *fresh, GstPad *src, GstPad *sink)
{
  gst_bin_add (bin, fresh);
  if (gst_pad_link (src, sink) != GST_PAD_LINK_OK)
    g_message ("%s: cannot link the new network element", GST_ELEMENT_NAME (bin));
  gst_element_sync_state_with_parent (fresh);
}

gboolean
jd_media_net_replace_source (GstBin *bin, GstElement *old, GstElement *fresh)
{
  g_autoptr (GstPad) old_pad = NULL, peer = NULL, fresh_pad = NULL;

  gst_object_ref_sink (fresh);
  if (!find_pads (old, fresh, "src", &old_pad, &peer, &fresh_pad))
    {
      gst_object_unref (fresh);
      return FALSE;
    }
  retire (bin, old);
  gst_pad_unlink (old_pad, peer);
  put_in (bin, fresh, fresh_pad, peer);
  gst_object_unref (fresh);
  return TRUE;
}

typedef struct {
  GstBin *bin;
  GstElement *old;
  GstElement *fresh;
  GstPad *old_pad;
  GstPad *fresh_pad;
} SinkSwap;

static void
sink_swap_free (gpointer data)
{
  SinkSwap *w = data;

  gst_object_unref (w->bin);
  gst_object_unref (w->old);
  gst_object_unref (w->fresh);
  gst_object_unref (w->old_pad);
  gst_object_unref (w->fresh_pad);
  g_free (w);
}

static GstPadProbeReturn
on_feeder_idle (GstPad *feeder, GstPadProbeInfo *info, gpointer user_data)
{
  SinkSwap *w = user_data;

  gst_pad_unlink (feeder, w->old_pad);
  retire (w->bin, w->old);
  put_in (w->bin, w->fresh, feeder, w->fresh_pad);
  return GST_PAD_PROBE_REMOVE;
}

gboolean
jd_media_net_replace_sink (GstBin *bin, GstElement *old, GstElement *fresh)
{
  SinkSwap *w;
  GstPad *old_pad, *peer, *fresh_pad;

  gst_object_ref_sink (fresh);
  if (!find_pads (old, fresh, "sink", &old_pad, &peer, &fresh_pad))
    {
      gst_object_unref (fresh);
      return FALSE;
    }
  w = g_new0 (SinkSwap, 1);
  w->bin = gst_object_ref (bin);
  w->old = gst_object_ref (old);
  w->fresh = fresh;
  w->old_pad = old_pad;
  w->fresh_pad = fresh_pad;
  gst_pad_add_probe (peer, GST_PAD_PROBE_TYPE_IDLE, on_feeder_idle, w, sink_swap_free);
  gst_object_unref (peer);
  return TRUE;
}
