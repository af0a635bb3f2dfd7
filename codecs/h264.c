/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * H.264 over RTP, RFC 6184; 90 kHz clock.  We signal Constrained
 * Baseline level 3.1 (profile-level-id=42e01f, §8.1: profile_idc 0x42,
 * constraint_set1 0xe0, level 0x1f) with packetization-mode=1 (non-
 * interleaved, FU-A and STAP-A, §6.3), the combination every WebRTC
 * peer accepts, and level-asymmetry-allowed=1 (§8.1) so each side may
 * send at the level the other can decode.
 *
 * Encoders in order: x264enc (GStreamer ugly), then openh264enc.  Both
 * are tuned for low latency (no B-frames, a key frame at least every 60
 * frames); the caps after the encoder force the signalled profile.
 * rtph264pay repeats SPS/PPS with every IDR (config-interval=-1) so a
 * receiver that joins late or lost a packet can decode.
 */
#include "jd-codec.h"

/* PLI and FIR only: key frames on request; no generic NACK, as nothing
 * here retransmits (see vp8.c). */
static const JdCodecRtcpFb h264_rtcp_fbs[] = {
  { "nack", "pli" },
  { "ccm", "fir" },
  { NULL, NULL },
};

const JdCodec jd_codec_h264 = {
  .name = "H264",
  .media = JD_JINGLE_MEDIA_VIDEO,
  .clock_rate = 90000,
  .channels = 1,
  .payload_type = 97,
  .default_params = (const JdCodecParam[]) {
    { "profile-level-id", "42e01f" },
    { "packetization-mode", "1" },
    { "level-asymmetry-allowed", "1" },
    { NULL, NULL },
  },
  .rtcp_fbs = h264_rtcp_fbs,
  .raw_caps = "video/x-raw, format=I420",
  .encoders = (const JdCodecElement[]) {
    { "x264enc", "tune=zerolatency speed-preset=ultrafast key-int-max=60 bframes=0" },
    { "openh264enc", "complexity=low gop-size=60" },
    { NULL, NULL },
  },
  .decoders = (const JdCodecElement[]) {
    { "avdec_h264", NULL },
    { "openh264dec", NULL },
    { NULL, NULL },
  },
  .parser = "h264parse",
  .encoded_caps = "video/x-h264, profile=constrained-baseline",
  .payloader = { "rtph264pay", "config-interval=-1 aggregate-mode=zero-latency" },
  .depayloader = { "rtph264depay", NULL },
};
