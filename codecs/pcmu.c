/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * G.711 mu-law, RFC 3551 §4.5.14: static payload type 0, 8000 Hz mono.
 */
#include "jd-codec.h"

const JdCodec jd_codec_pcmu = {
  .name = "PCMU",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 8000,
  .channels = 1,
  .payload_type = 0,
  .raw_caps = "audio/x-raw, rate=8000, channels=1",
  .encoders = (const JdCodecElement[]) { { "mulawenc", NULL }, { NULL, NULL } },
  .decoders = (const JdCodecElement[]) { { "mulawdec", NULL }, { NULL, NULL } },
  .payloader = { "rtppcmupay", NULL },
  .depayloader = { "rtppcmudepay", NULL },
};
