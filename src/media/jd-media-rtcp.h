/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-rtcp
 *
 * A stream's network side without rtcp-mux (RFC 5761), for a peer that
 * refuses it: RTP on one transport (ICE component 1), RTCP on another
 * (component 2), each with its own pair of network elements.
 *
 * DTLS-SRTP (RFC 5764 §4.1: every component has its own DTLS
 * association), as webrtcbin's transport bins did before rtcp-mux became
 * mandatory:
 *
 *   rtpbin send_rtp_src  → dtlssrtpenc A rtp_sink_0  → RTP sink
 *   rtpbin send_rtcp_src → dtlssrtpenc B rtcp_sink_0 → RTCP sink
 *   RTP src  → dtlssrtpdec A ─┬ rtp_src  → funnel → rtpbin recv_rtp_sink
 *   RTCP src → dtlssrtpdec B ─┼ rtp_src  ↗
 *                             ├ rtcp_src → funnel → rtpbin recv_rtcp_sink
 *                             └ rtcp_src ↗ (of A)
 *
 * Both associations have their own connection id and the same
 * certificate and role; each reports the peer's certificate on its own,
 * so JdMediaPipeline::peer-certificate comes twice for such a stream.
 * The funnels accept whatever kind comes on either transport, so a stray
 * packet never stops a source with not-linked.
 *
 * SDES-SRTP and plain RTP need neither funnel nor split: srtpenc's RTP
 * and RTCP outputs go to their own sinks, each source through a
 * capsfilter naming what it carries to srtpdec's (or rtpbin's) matching
 * input (jd-media-srtp.h).
 */
#pragma once

#include <gst/gst.h>

#include "jd-media-pipeline.h"

G_BEGIN_DECLS

/*
 * For jd-media-pipeline.c: builds stream @session's network side in
 * @bin for @config->crypto between @rtpbin and the four network elements,
 * which must be in @bin already (sinks set up).  @conn_prefix makes the
 * DTLS connection ids of this pipeline's streams unique.  For DTLS,
 * @rtp_dec is set to the RTP association's dtlssrtpdec (its certificate
 * and the peer's are the stream's).
 */
gboolean jd_media_rtcp_build (GstBin *bin, GstElement *rtpbin, guint session,
                              const char *conn_prefix, const JdMediaStreamConfig *config,
                              GstElement *rtp_src, GstElement *rtp_sink,
                              GstElement *rtcp_src, GstElement *rtcp_sink,
                              GstElement **rtp_dec, GError **error);

G_END_DECLS
