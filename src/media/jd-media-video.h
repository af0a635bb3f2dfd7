/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-video
 *
 * The video halves of a stream in JdMediaPipeline:
 *
 *   source → videoconvert → capsfilter(raw caps) → encoder → payloader
 *   depayloader → decoder → videoconvert → sink
 *
 * No videoscale or videorate: Jingle does not negotiate a picture size
 * (we signal no imageattr), so frames go out at the size and rate the
 * source produces, and the capsfilter only pins the pixel format the
 * encoder wants.  videoconvert is a pass-through when the source already
 * produces it.
 *
 * Key frames (RFC 4585 §6.3.1 PLI, RFC 5104 §4.3.1 FIR): a video
 * session uses the AVPF profile so rtpsession sends feedback early and
 * turns a PLI or FIR from the peer into an upstream GstForceKeyUnit
 * event that reaches the encoder.  On the receiving side the depayloader
 * drops frames until a key frame and asks for one on loss, the decoder
 * asks for one when it cannot decode, and we ask whenever a whole frame
 * went into the depayloader and nothing came out; each request travels
 * upstream into rtpbin, whose rtpsession sends the peer the one request
 * the payload type's caps name: a PLI, a FIR or nothing, as negotiated
 * (jd_media_video_set_feedback_caps()).
 */
#pragma once

#include <stdatomic.h>

#include <gst/gst.h>

#include "codecs/jd-codec.h"
#include "jd-media-pipeline.h"

G_BEGIN_DECLS

/* Takes the floating @source, adds it and the encoding chain to @bin and
 * links them; the payloader's "pt" is @pt.  Linking the payloader to
 * rtpbin is the caller's job.
 * Returns: (transfer none) (nullable): the payloader, inside @bin */
GstElement *jd_media_video_add_send_chain    (GstBin *bin, GstElement *source,
                                              const JdCodec *codec, guint8 pt,
                                              GError **error);
/* Takes the floating @sink, adds it behind the decoding chain to @bin.
 * Every frame the decoder outputs increments *@frames_decoded, from the
 * streaming thread; it must outlive @bin's streaming.
 * Returns: (transfer none) (nullable): the depayloader, the chain's
 * head, inside @bin */
GstElement *jd_media_video_add_receive_chain (GstBin *bin, GstElement *sink,
                                              const JdCodec *codec,
                                              _Atomic guint64 *frames_decoded,
                                              GError **error);
/* Makes @caps, a payload type's RTP caps for rtpbin's request-pt-map
 * (jd_codec_rtp_caps(), writable), name the key-frame request @feedback
 * allows instead of whatever rtcp-fb the codec's descriptor declares:
 * PLI if agreed, else FIR, else none.  For audio, pass NONE. */
void        jd_media_video_set_feedback_caps (GstCaps *caps, JdMediaFeedback feedback);
/* RTCP feedback (RFC 4585) on rtpbin session @session, which must exist. */
void        jd_media_video_enable_feedback   (GstElement *rtpbin, guint session);
/* Asks, through rtpbin, the sender of what @depayloader receives for a
 * key frame.  Any thread.  Returns: FALSE when nothing is received yet */
gboolean    jd_media_video_request_keyframe  (GstElement *depayloader);

G_END_DECLS
