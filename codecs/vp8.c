/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * VP8 (RFC 6386) over RTP, RFC 7741; 90 kHz clock (§6.1).  Feedback:
 * PLI (RFC 4585 §6.3.1) and FIR (RFC 5104 §4.3.1), which rtpsession
 * turns into a key-unit request that vp8enc answers with a key frame.
 * Not generic NACK (§6.2.1): without rtprtxsend nothing would
 * retransmit, so we do not claim it.  rtpvp8pay carries a
 * 15-bit PictureID (§4.2) so that losses can be detected per picture.
 * The encoder is tuned for real time: no look-ahead, a key frame at
 * least every 60 frames.
 */
#include "jd-codec.h"

static const JdCodecRtcpFb vp8_rtcp_fbs[] = {
  { "nack", "pli" },
  { "ccm", "fir" },
  { NULL, NULL },
};

const JdCodec jd_codec_vp8 = {
  .name = "VP8",
  .media = JD_JINGLE_MEDIA_VIDEO,
  .clock_rate = 90000,
  .channels = 1,
  .payload_type = 96,
  .rtcp_fbs = vp8_rtcp_fbs,
  .raw_caps = "video/x-raw, format=I420",
  .encoders = (const JdCodecElement[]) {
    { "vp8enc", "deadline=1 cpu-used=4 lag-in-frames=0 keyframe-max-dist=60 error-resilient=default" },
    { NULL, NULL },
  },
  .decoders = (const JdCodecElement[]) { { "vp8dec", NULL }, { NULL, NULL } },
  .payloader = { "rtpvp8pay", "picture-id-mode=15-bit" },
  .depayloader = { "rtpvp8depay", NULL },
};
