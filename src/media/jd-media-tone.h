/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-media-tone: the pitch of what a pipeline hears, from the "spectrum"
 * element's messages.  Tests and the demo use it to check which tone
 * arrived; an IVR plugin can use it the same way.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* A gst-launch description measuring @rate Hz audio in @bands bands every
 * @interval_ms, then discarding it (a call's sink for headless checks). */
char   *jd_media_tone_sink_description (guint rate, guint bands, guint interval_ms);
/* The frequency of the loudest band of a "spectrum" element message, or
 * a negative value when @msg is something else.  spectrum's bands are the
 * bins of a (2 * bands - 2)-point FFT over @rate Hz audio. */
double  jd_media_tone_peak_hz (GstMessage *msg, guint rate);

G_END_DECLS
