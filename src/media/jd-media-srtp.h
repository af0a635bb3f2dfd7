/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-srtp
 *
 * SDES-SRTP (RFC 4568, XEP-0167 §7) and plain RTP for a stream of
 * JdMediaPipeline, and the DTLS-SRTP peer check's plumbing.
 *
 * The crypto-suites are a table: the name signalled in <crypto/>, the
 * srtpenc/srtpdec cipher and authentication of RTP and of RTCP, and the
 * length of the master key and salt.  A suite is supported when the
 * installed srtpenc knows its cipher (AEAD_AES_128_GCM needs a GStreamer
 * built with libsrtp2).
 *
 * With rtcp-mux (RFC 5761) one transport carries RTP and RTCP:
 *
 *   rtpbin send_rtp_src  → srtpenc rtp_sink → funnel → net sink
 *   rtpbin send_rtcp_src → srtpenc rtcp_sink ↗
 *   net src → RTP/RTCP split (RFC 5761 §4) → srtpdec → rtpbin recv_rtp_sink
 *                                                   ↘ rtpbin recv_rtcp_sink
 *
 * Plain RTP is the same without srtpenc and srtpdec.  srtpdec asks for
 * the key of each new SSRC on its streaming thread; the answer is made
 * when the stream is built and never changes.
 */
#pragma once

#include <gst/gst.h>

#include "jd-media-pipeline.h"

G_BEGIN_DECLS

/**
 * jd_media_srtp_suites:
 *
 * The SDES crypto-suites the installed GStreamer supports, most preferred
 * first (AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, then
 * AEAD_AES_128_GCM when srtpenc has aes-128-gcm), as
 * jd_jingle_negotiate_pick_crypto() takes them.  Empty when srtpenc or
 * srtpdec is not installed.  Looked up once per process; needs gst_init().
 *
 * Returns: (transfer none) (array zero-terminated=1): the suite names
 */
const char *const *jd_media_srtp_suites (void);

/**
 * jd_media_srtp_key_params_new:
 * @suite: a supported crypto-suite name
 * @error: JD_MEDIA_ERROR_NOT_SUPPORTED for another suite, or when the
 *   system's random generator fails
 *
 * A fresh master key and salt from the kernel's cryptographic random
 * generator, as the key-params of a <crypto/>: "inline:" and the
 * base64 of key || salt (RFC 4568 §6.1), without lifetime or MKI.
 * Each call and each direction of a call needs its own.
 *
 * Returns: (transfer full) (nullable): the key-params
 */
char *jd_media_srtp_key_params_new (const char *suite, GError **error);

/**
 * jd_media_srtp_key_params_parse:
 * @suite: a crypto-suite name of our table (supported here or not: this
 *   needs no GStreamer)
 * @key_params: the key-params of a <crypto/>
 * @error: JD_MEDIA_ERROR_NOT_SUPPORTED for a suite we do not know,
 *   JD_MEDIA_ERROR_INVALID_ARGUMENT for key-params that are malformed,
 *   of the wrong length for @suite, carry several keys or an MKI
 *
 * Checks @key_params for @suite: "inline:", the base64 of exactly the
 * suite's key and salt, optionally "|" and a lifetime (ignored: a call
 * never gets near 2^31 packets).  MKIs (RFC 4568 §6.1) are refused: we
 * never offer one, and one key per direction is all a call needs.
 *
 * Returns: (transfer full) (nullable): the master key followed by the
 *   master salt, as srtpenc's "key" and srtpdec's "srtp-key" take them
 */
GBytes *jd_media_srtp_key_params_parse (const char *suite, const char *key_params,
                                        GError **error);

/* For jd-media-pipeline.c. */

/*
 * Builds stream @session's network side for @config->crypto SDES or NONE
 * inside @bin, between @rtpbin and @net_src/@net_sink (floating, taken
 * over; the caller has set the sink up already).  Checks the suite and
 * both keys first: JD_MEDIA_ERROR_NOT_SUPPORTED,
 * JD_MEDIA_ERROR_INVALID_ARGUMENT, JD_MEDIA_ERROR_MISSING_ELEMENT.
 */
gboolean jd_media_srtp_build (GstBin *bin, GstElement *rtpbin, guint session,
                              const JdMediaStreamConfig *config,
                              GstElement *net_src, GstElement *net_sink, GError **error);

/*
 * The same without rtcp-mux (jd-media-rtcp.h): RTP and RTCP each on
 * their own transport, all four elements already in @bin and set up.
 */
gboolean jd_media_srtp_build_separate (GstBin *bin, GstElement *rtpbin, guint session,
                                       const JdMediaStreamConfig *config,
                                       GstElement *rtp_src, GstElement *rtp_sink,
                                       GstElement *rtcp_src, GstElement *rtcp_sink,
                                       GError **error);

/*
 * Posts an application message on @dtlssrtpdec's bus once it learns
 * the peer's certificate in the handshake, so that the pipeline's bus
 * watch hears of it on the main context (the handshake runs elsewhere).
 */
void     jd_media_dtls_watch_peer (GstElement *dtlssrtpdec, guint session);
/* The session and PEM of a message jd_media_dtls_watch_peer() posted;
 * FALSE for any other message.  @pem is owned by @msg. */
gboolean jd_media_dtls_parse_peer (GstMessage *msg, guint *session, const char **pem);

G_END_DECLS
