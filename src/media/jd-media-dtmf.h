/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-dtmf
 *
 * RFC 4733 telephone-events inside a stream's RTP, for the pipeline
 * (jd-media-pipeline.c); nothing here knows about Jingle or calls.
 *
 * Sending: the audio payloader and rtpdtmfsrc meet in rtpdtmfmux, so
 * events share the audio's SSRC, sequence numbers and RTP clock (the
 * telephone-event clock rate is the audio codec's, RFC 4733 §2.1), and
 * audio packets are held back while an event is on the wire.  rtpdtmfsrc
 * writes the packets: the marked first one and the end one three times
 * each (§2.5.1.4), updates every 40 ms with the growing duration.  A
 * JdMediaDtmfSender plays queued digits one after the other on the main
 * context, timed from rtpdtmfsrc's reports that an event really started
 * or ended: stop each so that its duration is tone_ms, start the next
 * gap_ms after the end.
 *
 * rtpdtmfsrc has floors of its own (GStreamer 1.22, gstdtmfcommon.h): an
 * event lasts at least 250 ms, 320 ms on its 40 ms packet grid, and the
 * next starts at least 100 ms, 120 ms on the grid, after the end.
 * Shorter tone_ms and gap_ms are stretched to those; longer ones are kept
 * to within one packet.
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
 * @source: (out): the rtpdtmfsrc, owned by @bin
 * @mux: (out): the rtpdtmfmux, owned by @bin; its "src" goes to rtpbin
 * @error: JD_MEDIA_ERROR_MISSING_ELEMENT
 *
 * Adds rtpdtmfsrc and rtpdtmfmux to @bin and links @payloader and the
 * source into the mux.
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

/* A digit's end packets are on their way: its tone is over. */
typedef void (*JdMediaDtmfSentFunc) (guint id, char digit, gpointer user_data);

/**
 * jd_media_dtmf_sender_new:
 * @source: the rtpdtmfsrc of jd_media_dtmf_build_send()
 * @context: where the sender's timeouts run, the bus watch's context
 * @id: the stream, passed to @sent
 * @sent: called on @context as each digit's tone ends
 * @user_data: for @sent
 *
 * Keeps a reference on @source.
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
 * codec's clock rate with two packets to spare (RFC 4733 §2.5.1.3 long
 * events are not split: 1285 ms at 48 kHz, 8111 ms at 8 kHz).  The
 * pipeline must be playing.
 *
 * Returns: TRUE when queued
 */
gboolean jd_media_dtmf_sender_queue (JdMediaDtmfSender *self, const char *digits,
                                     guint tone_ms, guint gap_ms, GError **error);

/* Drops the pending digits and ends the one being played at once (the
 * stream goes on hold): no further "sent" for the dropped ones. */
void     jd_media_dtmf_sender_cancel (JdMediaDtmfSender *self);

/* Feeds a bus message on the main context; TRUE when it was one of this
 * sender's rtpdtmfsrc messages. */
gboolean jd_media_dtmf_sender_handle_message (JdMediaDtmfSender *self, GstMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdMediaDtmfSender, jd_media_dtmf_sender_free)

G_END_DECLS
