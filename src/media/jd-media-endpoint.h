/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-media-endpoint: where a call's media comes from and goes to, as a
 * user writes it in a config file or a D-Bus option, turned into the
 * gst-launch description the pipeline builds.
 *
 *   auto            the system device (autoaudiosrc, autovideosink, ...);
 *                   a source with no capture device behind it sends
 *                   silence (or black), a sink with no output device
 *                   discards: a headless daemon still calls
 *   tone:HZ         a sine at HZ (audio), a test pattern (video)
 *   silence         silence / black (source); null: discard (sink)
 *   file:PATH       source: plays the media file (decodebin), looped
 *                   no; sink: records to PATH, Ogg/Opus for .ogg/.opus,
 *                   WAV for .wav, Matroska/VP8 for video
 *   pipeline:DESC   a gst-launch description, as is
 *
 * Errors: JD_MEDIA_ERROR_BAD_PROPERTY naming the spec.
 */
#pragma once

#include "jd-codec-registry.h"

G_BEGIN_DECLS

/* Returns: (transfer full) (nullable): the description, NULL with @error */
char *jd_media_endpoint_source (JdJingleMedia media, const char *spec, GError **error);
char *jd_media_endpoint_sink   (JdJingleMedia media, const char *spec, GError **error);

G_END_DECLS
