/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-media-pipeline
 *
 * JdMediaPipeline is the GStreamer side of one call: one GstPipeline with
 * one rtpbin, and per stream (one Jingle content)
 *
 *   audio: source → convert → resample → encoder → valve → payloader ─┐
 *                  appsrc → clocksync (telephone-event, jd-media-dtmf) ─┴→ rtpdtmfmux → rtpbin
 *   video: source → valve → videoconvert → encoder → payloader → rtpbin
 *   rtpbin → dtlssrtpenc → net sink        (SDES: srtpenc → funnel; plain: funnel)
 *   net src → dtlssrtpdec → rtpbin         (SDES/plain: RTP/RTCP split → srtpdec)
 *   rtpbin → depayloader → decoder → convert → sink    (per payload type:
 *   rtpbin → rtpdtmfdepay → fakesink                     the codec's, telephone-event)
 *
 * The valve is hold and mute (RTCP keeps flowing).  Video sessions use the
 * AVPF profile, so PLI/FIR reach the encoder as key-unit requests; which
 * requests we send is the stream's negotiated feedback (JdMediaFeedback).
 *
 * The network elements are given by the caller: nicesink/nicesrc on the
 * call's libnice agent, or udpsink/udpsrc in tests, so the media layer
 * never knows about ICE.  With rtcp-mux RTP and RTCP share them; the
 * dtls elements (un)mux RTP, RTCP and DTLS (webrtcbin's transport bin has
 * the same shape).  Without it RTCP has its own pair
 * (jd_media_pipeline_add_stream_full(), jd-media-rtcp.h).  Everything reaches the caller on its main context:
 * bus messages through a bus watch, never from a streaming thread.
 * SDES-SRTP and plain RTP replace the dtls elements (jd-media-srtp.h).
 */
#pragma once

#include <gst/gst.h>

#include "codecs/jd-codec.h"
#include "jd-media-stats.h"

G_BEGIN_DECLS

/* How a stream's packets are protected (XEP-0320 DTLS-SRTP, XEP-0167 §7
 * SDES-SRTP, or not at all when plain RTP is configured). */
typedef enum {
  JD_MEDIA_CRYPTO_DTLS,
  JD_MEDIA_CRYPTO_SDES,
  JD_MEDIA_CRYPTO_NONE,
} JdMediaCrypto;

/* The RTCP feedback (RFC 4585 §4.2) both sides agreed on for a video
 * stream's payload type, i.e. the requests we may send; the caller
 * reads it off the negotiation (in Jingle: the XEP-0293 <rtcp-fb/> of
 * the offer and of the answer).  Key frames are asked for with PLI when
 * agreed, else with FIR, else not at all; a PLI or FIR that arrives is
 * answered with a key frame whatever was agreed.  Generic NACK (RFC 4585
 * §6.2.1) has no flag: nothing here retransmits, so it is never agreed
 * (codecs/vp8.c) nor sent (rtpbin's do-retransmission stays off).
 * Audio sends no feedback. */
typedef enum {
  JD_MEDIA_FEEDBACK_NONE = 0,
  JD_MEDIA_FEEDBACK_PLI = 1 << 0,   /* "nack pli", RFC 4585 §6.3.1 */
  JD_MEDIA_FEEDBACK_FIR = 1 << 1,   /* "ccm fir", RFC 5104 §4.3.1 */
} JdMediaFeedback;

typedef struct {
  const JdCodec *codec;        /* the negotiated codec */
  guint8 pt;                   /* its negotiated payload type */
  gboolean dtls_client;        /* DTLS role from the negotiated setup (RFC 5763 §5) */
  const char *dtls_pem;        /* our certificate and key (jd-dtls-certificate.h);
                                * NULL lets GStreamer use its per-process one */
  const char *source;          /* gst-launch description, e.g. "audiotestsrc is-live=true" */
  const char *sink;            /* gst-launch description, e.g. "autoaudiosink" */
  JdMediaCrypto crypto;        /* DTLS (the default) uses the dtls_* fields, SDES these: */
  const char *sdes_suite;      /* RFC 4568 crypto-suite name as signalled (jd-media-srtp.h) */
  const char *sdes_send_key;   /* our key-params, "inline:<base64>" */
  const char *sdes_recv_key;   /* the peer's key-params */
  const JdCodec *dtmf_codec;   /* RFC 4733 telephone-event at the codec's clock rate,
                                * NULL when not negotiated */
  guint8 dtmf_pt;              /* its negotiated payload type */
  JdMediaFeedback feedback;    /* video: the agreed RTCP feedback; ignored for audio */
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
 * fingerprint it signalled (::peer-certificate says when it is there).
 * Returns: (transfer full) (nullable) */
char            *jd_media_pipeline_get_peer_pem    (JdMediaPipeline *self, guint id);
/* The element named "sink" inside stream @id's sink description, e.g. an
 * appsink a test reads.  Returns: (transfer full) (nullable) */
GstElement      *jd_media_pipeline_get_sink        (JdMediaPipeline *self, guint id);

/* Video stream @id: asks the peer for a key frame, e.g. when the picture
 * is needed now: an RTCP PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1)
 * as the stream's feedback says; nothing without either.  A no-op before
 * the first packet arrived and for audio. */
void             jd_media_pipeline_request_keyframe   (JdMediaPipeline *self, guint id);
/* Video stream @id: frames decoded so far (0 for audio).  Any thread. */
guint64          jd_media_pipeline_get_frames_decoded (JdMediaPipeline *self, guint id);

/* SHA-256 fingerprint of the first certificate in @pem, colon-separated
 * upper-case hex (RFC 8122 §5).  Returns: (transfer full) (nullable) */
char            *jd_media_fingerprint_from_pem (const char *pem);

/**
 * jd_media_pipeline_send_dtmf:
 * @self: a started pipeline
 * @id: a stream with telephone-event
 * @digits: DTMF digits, 0-9 * # A-D (a-d too)
 * @tone_ms: each tone's length, 0 for 100 ms
 * @gap_ms: the pause after each tone, 0 for 50 ms
 * @error: JD_MEDIA_ERROR_NOT_SUPPORTED without telephone-event,
 *   _INVALID_ARGUMENT for a digit outside the set or a tone too long for
 *   RFC 4733's duration field, _NOT_SENDING on hold, muted or not started
 *
 * Queues @digits after those still pending, as RFC 4733 events in the
 * stream's RTP; on any error nothing is queued.  Each event lasts
 * @tone_ms exactly (its final duration field), the next starts @gap_ms
 * after it ends (jd-media-dtmf.h).  "dtmf-sent" follows each digit.
 *
 * Returns: TRUE when queued
 */
gboolean         jd_media_pipeline_send_dtmf (JdMediaPipeline *self, guint id,
                                              const char *digits, guint tone_ms, guint gap_ms,
                                              GError **error);
/**
 * jd_media_pipeline_set_sending:
 * @self: a pipeline
 * @id: a stream
 * @sending: FALSE to stop sending its media (hold, mute), TRUE to resume
 *
 * Not sending drops the encoded media before the payloader: no RTP
 * leaves, sequence numbers stay contiguous and RTCP keeps flowing.  DTMF
 * still pending is dropped, a tone being played is ended within 60 ms
 * (and still reported by "dtmf-sent"), and
 * jd_media_pipeline_send_dtmf() fails until sending resumes.
 */
void             jd_media_pipeline_set_sending (JdMediaPipeline *self, guint id,
                                                gboolean sending);
/**
 * jd_media_pipeline_get_stats:
 * @self: a pipeline
 * @id: a stream
 * @stats: (out caller-allocates): its statistics now
 *
 * Returns: FALSE when there is no stream @id
 */
gboolean         jd_media_pipeline_get_stats (JdMediaPipeline *self, guint id,
                                              JdMediaStats *stats);

/**
 * jd_media_pipeline_add_stream_full:
 * @self: a pipeline, started or not (a content added to a running call:
 *   the new elements start at once, so its transport must be connected)
 * @id: the stream (rtpbin session), not added before
 * @config: its settings
 * @net_src: (transfer floating): receives RTP (ICE component 1), and RTCP too
 *   with rtcp-mux
 * @net_sink: (transfer floating): sends them
 * @rtcp_src: (transfer floating) (nullable): receives RTCP (component 2)
 *   when the peer refused rtcp-mux (RFC 5761); NULL with rtcp-mux
 * @rtcp_sink: (transfer floating) (nullable): sends RTCP; NULL exactly
 *   when @rtcp_src is
 * @error: as jd_media_pipeline_add_stream()
 *
 * jd_media_pipeline_add_stream() for either case.  Without rtcp-mux,
 * DTLS-SRTP runs one association per transport (RFC 5764 §4.1), each
 * reporting ::peer-certificate; SDES-SRTP and plain RTP protect and
 * carry RTP and RTCP on their own transports (jd-media-rtcp.h).
 *
 * Returns: TRUE when the stream is built
 */
gboolean         jd_media_pipeline_add_stream_full (JdMediaPipeline *self, guint id,
                                                    const JdMediaStreamConfig *config,
                                                    GstElement *net_src, GstElement *net_sink,
                                                    GstElement *rtcp_src, GstElement *rtcp_sink,
                                                    GError **error);

/**
 * jd_media_pipeline_replace_network:
 * @self: a pipeline, started or not
 * @id: a stream
 * @net_src: (transfer floating): the new receiving element
 * @net_sink: (transfer floating): the new sending element
 * @rtcp_src: (transfer floating) (nullable): as in add_stream_full(); given
 *   exactly when the stream was built with separate RTCP
 * @rtcp_sink: (transfer floating) (nullable): likewise
 * @error: JD_MEDIA_ERROR_INVALID_ARGUMENT for an unknown stream or
 *   mismatched RTCP elements (nothing changes then)
 *
 * Moves stream @id to another transport (jd-media-net.h): only the
 * network elements change, so DTLS-SRTP keeps its association and keys,
 * and RTP sequence numbers, timestamps and jitter buffers carry on.  The
 * old sending elements leave once no buffer is in flight through them.
 *
 * Returns: TRUE when the new elements are in place (or will be)
 */
gboolean         jd_media_pipeline_replace_network (JdMediaPipeline *self, guint id,
                                                    GstElement *net_src, GstElement *net_sink,
                                                    GstElement *rtcp_src, GstElement *rtcp_sink,
                                                    GError **error);

/* The jitter buffer's default: low, for calls on good networks. */
#define JD_MEDIA_DEFAULT_JITTER_MS 40

/* How long the jitter buffers hold packets (rtpbin "latency"); 0 = the
 * default.  Before jd_media_pipeline_add_stream(): streams added later
 * get it. */
void             jd_media_pipeline_set_jitter_buffer (JdMediaPipeline *self, guint ms);
/* The playout delay of stream @id's receiving side as the pipeline
 * computes it (jitter buffer plus what the elements add), in ms; -1
 * before it is known (no media received yet). */
gint64           jd_media_pipeline_get_latency_ms    (JdMediaPipeline *self, guint id);

/**
 * jd_media_pipeline_send_dtmf_inband:
 * @self: a started pipeline
 * @id: an audio stream
 * @digits: DTMF digits, 0-9 * # A-D (a-d too)
 * @tone_ms: each tone's length, 0 for 100 ms
 * @gap_ms: the silence after each tone, 0 for 50 ms
 * @error: JD_MEDIA_ERROR_NOT_SUPPORTED for a stream without audio,
 *   _INVALID_ARGUMENT for a digit outside the set, _NOT_SENDING on hold,
 *   muted or not started
 *
 * Queues @digits after those still pending as ITU-T Q.23 dual tones that
 * replace the stream's audio (jd-media-inband.h), for a peer without
 * telephone-event; on any error nothing is queued.  "dtmf-sent" follows
 * each tone.  Going on hold drops the digits not started.
 *
 * Returns: TRUE when queued
 */
gboolean         jd_media_pipeline_send_dtmf_inband (JdMediaPipeline *self, guint id,
                                                     const char *digits, guint tone_ms,
                                                     guint gap_ms, GError **error);

G_END_DECLS
