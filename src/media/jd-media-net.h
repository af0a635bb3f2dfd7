/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-media-net: swapping a stream's network elements under a pipeline
 * that may be running (private to src/media).
 *
 * A call moves to another transport (transport-replace after an ICE
 * failure, a fresh ICE agent after an address change) without touching
 * the rest of its pipeline: the DTLS association, SRTP contexts, rtpbin
 * sessions and jitter buffers all stay, only the element that receives
 * and the one that sends are replaced.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* Replaces the source @old in @bin by @fresh (floating, taken over),
 * linked to the same pad and in the bin's state.  Runs at once: @old's
 * streaming thread is stopped first. */
gboolean jd_media_net_replace_source (GstBin *bin, GstElement *old, GstElement *fresh);

/* Replaces the sink @old in @bin by @fresh (floating, taken over).  The
 * swap happens when the pad feeding @old is idle, which may be after
 * this returns (from that streaming thread): a buffer in flight never
 * meets a flushing sink, which would stop the upstream task for good
 * (the DTLS encoder's among them). */
gboolean jd_media_net_replace_sink   (GstBin *bin, GstElement *old, GstElement *fresh);

G_END_DECLS
