/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-stats
 *
 * A stream's RTP statistics, as the D-Bus layer shows them for one
 * content: read from rtpbin's RTPSession, which counts what goes through
 * it and what the RTCP reports of both ends say (RFC 3550 §6.4).
 */
#pragma once

#include <gst/gst.h>

#include "codecs/jd-codec.h"

G_BEGIN_DECLS

typedef struct {
  guint64 packets_sent;
  guint64 bytes_sent;        /* RTP payload octets, as a sender report counts them */
  guint64 packets_received;
  guint64 bytes_received;    /* RTP payload octets */
  /* Expected minus received (RFC 3550 §6.4.1 cumulative number of packets
   * lost); negative when duplicates arrived. */
  gint64 packets_lost;
  double jitter_ms;          /* interarrival jitter of what we receive, 0 before any */
  /* From the peer's report on our last sender report (§6.4.1 LSR/DLSR);
   * < 0 while unknown. */
  double rtt_ms;
  const char *codec;         /* the negotiated codec's encoding name; static */
} JdMediaStats;

/* Sends RTCP every second or so instead of every 5 s, so statistics,
 * the round-trip time above all, are there early in a call; and counts
 * a new source's packets from the first, so no loss reads as -1. */
void     jd_media_stats_tune_session (GstElement *rtpbin, guint session);

/**
 * jd_media_stats_collect:
 * @rtpbin: the pipeline's rtpbin
 * @session: the stream's rtpbin session
 * @codec: the stream's codec
 * @stats: (out caller-allocates): filled in
 *
 * Returns: FALSE when @rtpbin has no such session
 */
gboolean jd_media_stats_collect (GstElement *rtpbin, guint session, const JdCodec *codec,
                                 JdMediaStats *stats);

G_END_DECLS
