/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * RFC 4733 telephone-event (DTMF inside RTP).  Its clock rate must be the
 * one of the audio codec it travels with (§2.1), so there is one
 * descriptor per rate we send audio at: 48000 beside Opus, 8000 beside
 * G.711 and G.722 (whose signalled rate is 8000).  The ids are the ones
 * our negotiation tests and most peers use: 101 for 48000, 126 for 8000.
 * events=0-15 declares the 16 DTMF events of §3.2 (the default, made
 * explicit as peers expect).
 *
 * There is no encoder, decoder or payloader: our own sender
 * (src/media/jd-media-dtmf.c) writes the packets into an appsrc, paced by
 * a clocksync, and rtpdtmfmux puts them beside the audio; on receipt
 * rtpdtmfdepay turns packets into messages, into a fakesink.
 */
#include "jd-codec.h"

static const JdCodecParam dtmf_params[] = {
  { "events", "0-15" },
  { NULL, NULL },
};

static const char *const dtmf_elements[] = {
  "appsrc", "clocksync", "rtpdtmfmux", "fakesink", NULL,
};

const JdCodec jd_codec_telephone_event_48000 = {
  .name = "telephone-event",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 48000,
  .channels = 1,
  .payload_type = 101,
  .default_params = dtmf_params,
  .depayloader = { "rtpdtmfdepay", NULL },
  .is_dtmf = TRUE,
  .requires = dtmf_elements,
};

const JdCodec jd_codec_telephone_event_8000 = {
  .name = "telephone-event",
  .media = JD_JINGLE_MEDIA_AUDIO,
  .clock_rate = 8000,
  .channels = 1,
  .payload_type = 126,
  .default_params = dtmf_params,
  .depayloader = { "rtpdtmfdepay", NULL },
  .is_dtmf = TRUE,
  .requires = dtmf_elements,
};
