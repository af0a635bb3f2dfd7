/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * G.722, RFC 3551 §4.5.2: static payload type 9.  G.722 samples at
 * 16 kHz, but the RTP clock rate is 8000 "for historical reasons" (an
 * error in RFC 1890 kept for compatibility), so the rtpmap says
 * G722/8000 while the encoder is fed 16 kHz; rtpg722pay and
 * rtpg722depay apply the same rule.
 */
#include "jd-codec.h"

const JdCodec jd_codec_g722 = {
  .name = "G722",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 8000,
  .channels = 1,
  .payload_type = 9,
  .raw_caps = "audio/x-raw, rate=16000, channels=1",
  .encoders = (const JdCodecElement[]) { { "avenc_g722", NULL }, { NULL, NULL } },
  .decoders = (const JdCodecElement[]) { { "avdec_g722", NULL }, { NULL, NULL } },
  .payloader = { "rtpg722pay", NULL },
  .depayloader = { "rtpg722depay", NULL },
};
