/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-inband
 *
 * In-band DTMF: the digits as ITU-T Q.23 dual tones in a stream's audio,
 * for peers that take neither RFC 4733 events nor XEP-0181 session-info.
 * Nothing here knows about Jingle or calls.
 *
 * No element is added: a buffer probe on the audio encoder's sink pad
 * (raw audio in the codec's raw caps, S16LE or F32LE) replaces the samples
 * while a digit plays, so the normal path costs nothing, and the probe is
 * only installed by the first digit.  Each component is at -10 dBFS and
 * keeps its phase across buffers.  A digit starts at the first buffer
 * that reaches the probe after it is due; its tone lasts tone_ms of the
 * buffers' running time and the gap_ms after it is silence.
 *
 * The digits are shared with the streaming thread through a mutex-held
 * queue and an atomic "busy" flag the probe reads first.  When a tone
 * ends the probe posts an element message on the bus, so the end is
 * reported on the bus watch's main context
 * (jd_media_inband_parse_sent()).  Hold and mute drop the encoded audio
 * after the encoder, tones included.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _JdMediaInband JdMediaInband;

/* @encoder: the audio encoder, whose sink pad gets the probe (a reference
 * is kept); @id: the stream, in the "sent" messages. */
JdMediaInband *jd_media_inband_new  (GstElement *encoder, guint id);
/* Removes the probe. */
void           jd_media_inband_free (JdMediaInband *self);

/**
 * jd_media_inband_queue:
 * @self: a stream's in-band sender
 * @digits: DTMF digits, 0-9 * # A-D (a-d too)
 * @tone_ms: each tone's length, 0 for 100 ms
 * @gap_ms: the silence after each tone, 0 for 50 ms
 * @error: JD_MEDIA_ERROR_INVALID_ARGUMENT for a digit outside the set;
 *   nothing is queued then
 *
 * Queues @digits after those pending.
 *
 * Returns: TRUE when queued
 */
gboolean       jd_media_inband_queue  (JdMediaInband *self, const char *digits, guint tone_ms,
                                       guint gap_ms, GError **error);
/* Drops the digits not started; a tone playing plays to its end. */
void           jd_media_inband_cancel (JdMediaInband *self);

/* TRUE when @msg says a tone ended: its stream and digit (upper case). */
gboolean       jd_media_inband_parse_sent (GstMessage *msg, guint *id, char *digit);

G_END_DECLS
