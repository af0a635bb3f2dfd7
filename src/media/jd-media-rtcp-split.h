/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-media-rtcp-split: the receiving end of rtcp-mux.  One transport
 * carries RTP and RTCP; srtpdec and rtpbin want them on separate pads.
 * RFC 5761 §4 tells them apart by the second byte: RTCP's packet type
 * (192–223) there, RTP's marker bit and payload type otherwise (payload
 * types 64–95 are not used with rtcp-mux, so the two never meet).
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* An element with pads "sink", "rtp_src" and "rtcp_src".  Its outputs
 * are application/x-srtp and application/x-srtcp when @srtp, else
 * application/x-rtp and application/x-rtcp, whatever the input's caps.
 * Returns: (transfer floating) */
GstElement *jd_media_rtcp_split_new (gboolean srtp);

G_END_DECLS
