/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-dtmf
 *
 * RFC 4733 telephone-events inside a stream's RTP, for the pipeline
 * (jd-media-pipeline.c); nothing here knows about Jingle or calls.
 *
 * Sending: RFC 4733 §2.5 packets are written here and pushed into an
 * appsrc, paced by a clocksync to the pipeline clock, and meet the audio
 * payloader in rtpdtmfmux.  The mux gives them the audio's SSRC and
 * sequence numbers and rebases their RTP timestamp the way it rebases the
 * audio's, so an event's timestamp is its start on the audio's RTP clock
 * (the telephone-event clock rate is the audio codec's, §2.1); on its
 * priority pad it drops the audio an event overlaps.
 *
 * Each event: a packet every 20 ms from its start, the marked first one
 * included, each telling the duration it covers up to the end of its
 * 20 ms, never more than the tone; the last one has the E bit and the
 * tone's exact duration and is sent three times (§2.5.1.4), 20 ms apart
 * or closer when the gap is shorter than 40 ms, so that the next event
 * never starts before the previous one's last copy.  The next event
 * starts gap_ms after the previous tone's end.  A JdMediaDtmfSender keeps
 * the packets of the next 40 ms queued from a timer on the main context;
 * the clocksync releases each at its time on a streaming thread.
 *
 * GStreamer's rtpdtmfsrc is not used: it keeps every event at least
 * 250 ms long (320 ms on its 40 ms packet grid) and 100 ms (120 ms) apart,
 * fixed in gstdtmfcommon.h with no property or event field to change it,
 * so 100 ms tones and 50 ms gaps cannot be had from it.
 *
 * Receiving: rtpdtmfdepay posts one "dtmf-event" message per event, at
 * its first packet (marker bit or a new RTP timestamp); the update and
 * end packets of the same event share its timestamp and post nothing, so
 * each message is one digit, and "11" is two events with two timestamps.
 */
#pragma once

#include <gst/gst.h>

#include "codecs/jd-codec.h"

G_BEGIN_DECLS

/* The RFC 4733 §3.2 event of a DTMF digit (0-9 * # A-D, a-d too), or -1. */
int  jd_media_dtmf_event_from_digit (char digit);
/* The digit of event 0-15, or 0 for anything else. */
char jd_media_dtmf_digit_from_event (int event);

/**
 * jd_media_dtmf_build_send:
 * @bin: the pipeline
 * @payloader: the audio payloader, already in @bin
 * @codec: the telephone-event descriptor
 * @pt: its negotiated payload type
 * @source: (out): the appsrc the events go into, owned by @bin
 * @mux: (out): the rtpdtmfmux, owned by @bin; its "src" goes to rtpbin
 * @error: JD_MEDIA_ERROR_MISSING_ELEMENT
 *
 * Adds appsrc → clocksync → rtpdtmfmux to @bin and links @payloader into
 * the mux.
 *
 * Returns: TRUE on success
 */
gboolean jd_media_dtmf_build_send (GstBin *bin, GstElement *payloader, const JdCodec *codec,
                                   guint8 pt, GstElement **source, GstElement **mux,
                                   GError **error);

/**
 * jd_media_dtmf_build_receive:
 * @bin: the pipeline
 * @codec: the telephone-event descriptor
 * @error: JD_MEDIA_ERROR_MISSING_ELEMENT
 *
 * Adds rtpdtmfdepay and a fakesink for the tones it renders to @bin: the
 * events are what counts, read with jd_media_dtmf_received_digit().
 *
 * Returns: (transfer none) (nullable): the depayloader, owned by @bin,
 *   to link to rtpbin's pad for the telephone-event payload type
 */
GstElement *jd_media_dtmf_build_receive (GstBin *bin, const JdCodec *codec, GError **error);

/* TRUE when @msg is @depay's "dtmf-event" message; *@digit is its digit. */
gboolean jd_media_dtmf_received_digit (GstMessage *msg, GstElement *depay, char *digit);

typedef struct _JdMediaDtmfSender JdMediaDtmfSender;

/* A digit's tone is over; its last end packets may still be on their way. */
typedef void (*JdMediaDtmfSentFunc) (guint id, char digit, gpointer user_data);

/**
 * jd_media_dtmf_sender_new:
 * @source: the appsrc of jd_media_dtmf_build_send()
 * @context: where the sender's timeouts run, the bus watch's context
 * @id: the stream, passed to @sent
 * @sent: called on @context as each digit's tone ends
 * @user_data: for @sent
 *
 * Keeps a reference on @source and reads the payload type and clock rate
 * from its caps.
 *
 * Returns: (transfer full): a sender with nothing queued
 */
JdMediaDtmfSender *jd_media_dtmf_sender_new (GstElement *source, GMainContext *context,
                                             guint id, JdMediaDtmfSentFunc sent,
                                             gpointer user_data);
void               jd_media_dtmf_sender_free (JdMediaDtmfSender *self);

/**
 * jd_media_dtmf_sender_queue:
 * @self: a sender
 * @digits: DTMF digits
 * @tone_ms: each tone's length, 0 for 100
 * @gap_ms: the pause after each tone, 0 for 50
 * @error: JD_MEDIA_ERROR_INVALID_ARGUMENT
 *
 * Queues @digits after those already pending, or nothing when a digit is
 * invalid or @tone_ms does not fit the 16-bit duration field at the
 * codec's clock rate (RFC 4733 §2.5.1.3 long events are not split:
 * 1365 ms at 48 kHz, 8191 ms at 8 kHz).  The first digit starts at once
 * when nothing is playing, but not before the gap that follows the
 * previous tone is over.  The pipeline must be playing: the digits are
 * dropped otherwise.
 *
 * Returns: TRUE when queued
 */
gboolean jd_media_dtmf_sender_queue (JdMediaDtmfSender *self, const char *digits,
                                     guint tone_ms, guint gap_ms, GError **error);

/* Drops the pending digits and ends the one being played with the end
 * packet after those already queued, within 60 ms (the stream goes on
 * hold); it is still reported to "sent", the dropped ones are not. */
void     jd_media_dtmf_sender_cancel (JdMediaDtmfSender *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdMediaDtmfSender, jd_media_dtmf_sender_free)

G_END_DECLS
