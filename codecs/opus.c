/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Opus (RFC 6716) over RTP, RFC 7587.  The rtpmap is always opus/48000/2
 * whatever is sent (§7); we send mono voice.  useinbandfec=1 says we can
 * decode in-band FEC (§6.1), so the decoder is asked to use it.
 * 111 is the dynamic id most peers use (Dino, browsers).
 */
#include "jd-codec.h"

const JdCodec jd_codec_opus = {
  .name = "opus",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 48000,
  .channels = 2,
  .payload_type = 111,
  .default_params = (const JdCodecParam[]) {
    { "useinbandfec", "1" },
    { NULL, NULL },
  },
  .raw_caps = "audio/x-raw, rate=48000, channels=1",
  .encoders = (const JdCodecElement[]) {
    { "opusenc", "bitrate=32000 audio-type=voice inband-fec=true packet-loss-percentage=10" },
    { NULL, NULL },
  },
  .decoders = (const JdCodecElement[]) {
    { "opusdec", "use-inband-fec=true" },
    { NULL, NULL },
  },
  .payloader = { "rtpopuspay", NULL },
  .depayloader = { "rtpopusdepay", NULL },
};
