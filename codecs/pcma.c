/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * G.711 A-law, RFC 3551 §4.5.14: static payload type 8, 8000 Hz mono.
 */
#include "jd-codec.h"

const JdCodec jd_codec_pcma = {
  .name = "PCMA",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 8000,
  .channels = 1,
  .payload_type = 8,
  .raw_caps = "audio/x-raw, rate=8000, channels=1",
  .encoders = (const JdCodecElement[]) { { "alawenc", NULL }, { NULL, NULL } },
  .decoders = (const JdCodecElement[]) { { "alawdec", NULL }, { NULL, NULL } },
  .payloader = { "rtppcmapay", NULL },
  .depayloader = { "rtppcmadepay", NULL },
};
