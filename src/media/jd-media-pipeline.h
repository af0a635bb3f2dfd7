/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-pipeline
 *
 * JdMediaPipeline is the GStreamer side of one call: one GstPipeline with
 * one rtpbin, and per stream (one Jingle content)
 *
 *   source → convert → encoder → payloader → rtpbin → dtlssrtpenc → net sink
 *   net src → dtlssrtpdec → rtpbin → depayloader → decoder → convert → sink
 *
 * The network elements are given by the caller: nicesink/nicesrc on the
 * call's libnice agent, or udpsink/udpsrc in tests, so the media layer
 * never knows about ICE.  With rtcp-mux RTP and RTCP share them; the
 * dtls elements (un)mux RTP, RTCP and DTLS (webrtcbin's transport bin has
 * the same shape).  Everything reaches the caller on its main context:
 * bus messages through a bus watch, never from a streaming thread.
 */
#pragma once

#include <gst/gst.h>

#include "codecs/jd-codec.h"

G_BEGIN_DECLS

typedef struct {
  const JdCodec *codec;        /* the negotiated codec */
  guint8 pt;                   /* its negotiated payload type */
  gboolean dtls_client;        /* DTLS role from the negotiated setup (RFC 5763 §5) */
  const char *dtls_pem;        /* our certificate and key (jd-dtls-certificate.h);
                                * NULL lets GStreamer use its per-process one */
  const char *source;          /* gst-launch description, e.g. "audiotestsrc is-live=true" */
  const char *sink;            /* gst-launch description, e.g. "autoaudiosink" */
} JdMediaStreamConfig;

#define JD_TYPE_MEDIA_PIPELINE (jd_media_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (JdMediaPipeline, jd_media_pipeline, JD, MEDIA_PIPELINE, GObject)

/* Needs gst_init(). */
JdMediaPipeline *jd_media_pipeline_new        (const char *name);
/* Adds stream @id (the rtpbin session).  @net_src and @net_sink are
 * floating references taken over by the pipeline. */
gboolean         jd_media_pipeline_add_stream (JdMediaPipeline *self, guint id,
                                               const JdMediaStreamConfig *config,
                                               GstElement *net_src, GstElement *net_sink,
                                               GError **error);
gboolean         jd_media_pipeline_start      (JdMediaPipeline *self, GError **error);
void             jd_media_pipeline_stop       (JdMediaPipeline *self);
/* Our DTLS certificate's fingerprint for stream @id, "AA:BB:…" (SHA-256),
 * to signal in the XEP-0320 <fingerprint/>.
 * Returns: (transfer full) (nullable) */
char            *jd_media_pipeline_get_fingerprint (JdMediaPipeline *self, guint id);
/* After the handshake: the peer's certificate as PEM, to compare with the
 * fingerprint it signalled.  Returns: (transfer full) (nullable) */
char            *jd_media_pipeline_get_peer_pem    (JdMediaPipeline *self, guint id);
/* The element named "sink" inside stream @id's sink description, e.g. an
 * appsink a test reads.  Returns: (transfer full) (nullable) */
GstElement      *jd_media_pipeline_get_sink        (JdMediaPipeline *self, guint id);

/* Video stream @id: asks the peer for a key frame (an RTCP PLI, RFC 4585
 * §6.3.1), e.g. when the picture is needed now.  A no-op before the first
 * packet arrived and for audio. */
void             jd_media_pipeline_request_keyframe   (JdMediaPipeline *self, guint id);
/* Video stream @id: frames decoded so far (0 for audio).  Any thread. */
guint64          jd_media_pipeline_get_frames_decoded (JdMediaPipeline *self, guint id);

/* SHA-256 fingerprint of the first certificate in @pem, colon-separated
 * upper-case hex (RFC 8122 §5).  Returns: (transfer full) (nullable) */
char            *jd_media_fingerprint_from_pem (const char *pem);

G_END_DECLS
