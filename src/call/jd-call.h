/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-call
 *
 * JdCall is one call: it wires a Jingle session (signalling), one
 * JdTransport per content (ICE or raw UDP over libnice) and a
 * JdMediaPipeline (GStreamer, SRTP), which never talk to each other
 * directly (DESIGN.md).
 *
 * Outgoing: per medium (audio, optionally video) a transport gathers host
 * candidates and session-initiate offers our codecs, the candidates and
 * the keying we chose: a DTLS fingerprint (setup='actpass', XEP-0320, the
 * default), SDES <crypto/> (XEP-0167 §7), or nothing when plain RTP is
 * configured.  The answer fixes codec, payload type, keying and DTLS role.
 *
 * Incoming: the offer is negotiated against our codecs (failed-application
 * when nothing is common).  Keying, in this order: DTLS when the offer
 * carries a fingerprint (Dino offers both; DTLS is what every modern client
 * verifies), SDES when it carries <crypto/> only, plain RTP only when
 * allowed, otherwise security-error.  An answerer configured for raw UDP
 * replaces an ICE transport by raw UDP (transport-replace, XEP-0177 §4)
 * before it accepts.
 *
 * Candidates trickle in transport-info both ways; new ICE credentials in
 * one are an ICE restart (jd_call_restart_ice()).  Media starts when
 * every transport is connected, so the first DTLS flight is not lost to a
 * path that does not exist yet.  A DTLS peer whose certificate does not
 * match the fingerprint it signalled is cut off with security-error.
 *
 * Calls begun with XEP-0353 Jingle Message Initiation (jd-call-jmi.c)
 * exist before their session: jd_call_propose() rings the callee's
 * devices with a propose to its bare JID (transports gather meanwhile)
 * and sends session-initiate, sid = the propose's id, to the device that
 * proceeds; jd_call_new_proposed() rings for a peer's propose, answers
 * with proceed and takes the session-initiate that follows
 * (jd_call_take_session()).  Until then the call has no session:
 * jd_call_get_session() is NULL and jd_call_get_peer() is the bare JID
 * (outgoing, before proceed) or the proposing full JID.  How a call
 * without a session ends:
 *   outgoing  hang-up → retract (cancel; timeout after the ring timeout),
 *             reject → decline (or the peer's reason), lost glare
 *             tie-break → expired
 *   incoming  hang-up/reject → reject (decline; busy stays busy),
 *             retract → cancel, another device of ours answered or
 *             declined → cancel/decline with the end reason name
 *             "answered-elsewhere"/"declined-elsewhere", no
 *             session-initiate within the connect timeout after our
 *             proceed → connectivity-error (as a media path that never
 *             came up), with a finish to the caller.
 * Once the session ends, finish carries its reason to the peer.
 */
#pragma once

#include "jingle/jd-jingle-jmi-manager.h"
#include "jingle/jd-jingle-manager.h"
#include "xmpp/jd-xmpp-client.h"
#include "media/jd-media-pipeline.h"
#include "transport/jd-transport.h"

G_BEGIN_DECLS

typedef enum {
  JD_CALL_STATE_CALLING,     /* outgoing, waiting for the answer */
  JD_CALL_STATE_RINGING,     /* incoming, waiting for jd_call_accept() */
  JD_CALL_STATE_CONNECTING,  /* answered, ICE and the DTLS handshake under way */
  JD_CALL_STATE_ACTIVE,      /* media flowing */
  JD_CALL_STATE_ENDED,
} JdCallState;

const char *jd_call_state_to_string (JdCallState state);

typedef enum {
  JD_CALL_TRANSPORT_ICE,       /* XEP-0176; raw UDP is accepted from a peer */
  JD_CALL_TRANSPORT_RAW_UDP,   /* XEP-0177 only: an ICE offer is replaced */
} JdCallTransport;

/* JD_CALL_ERROR: misuse a caller can correct. */
#define JD_CALL_ERROR (jd_call_error_quark ())
GQuark jd_call_error_quark (void);

typedef enum {
  JD_CALL_ERROR_INVALID_DTMF,   /* a digit outside 0-9 * # A-D */
  JD_CALL_ERROR_NOT_ACTIVE,     /* the call has no media (yet, or any more) */
  JD_CALL_ERROR_NO_SUCH_MEDIA,  /* mute of a medium the call does not carry */
} JdCallError;

typedef struct {
  /* gst-launch descriptions (jd-media-endpoint.h makes them from what
   * users write); NULL = the "auto" endpoint. */
  const char *audio_source;
  const char *audio_sink;
  gboolean video;                      /* dial: offer video too; answer: accept it */
  const char *video_source;
  const char *video_sink;
  const char *const *local_addresses;  /* restrict host candidates (tests: 127.0.0.1) */
  const char *const *codecs;           /* preference order (audio and video names), NULL = all */
  gboolean no_dtmf;                    /* neither offer nor accept telephone-event */
  JdMediaCrypto crypto;                /* what we offer: DTLS (default), SDES or NONE */
  gboolean allow_plain;                /* accept (and with crypto NONE, offer) plain RTP */
  JdCallTransport transport;
  guint ring_timeout_ms;               /* unanswered → timeout; 0 = 60 s */
  guint connect_timeout_ms;            /* answered, no media path → connectivity-error; 0 = 20 s */
  guint jitter_buffer_ms;              /* 0 = JD_MEDIA_DEFAULT_JITTER_MS (low); more for bad networks */
  /* libnice timers (JdTransportConfig), 0 = libnice's defaults. */
  guint ice_idle_timeout_ms;
  guint stun_max_retransmissions;
  /* ICE only.  "IP:PORT" ("[IPv6]:PORT"; a bare IP means 3478) of a STUN
   * server for server-reflexive candidates; names are not resolved.
   * NULL = none.  An invalid value fails jd_call_dial() and
   * jd_call_new_incoming() with JD_TRANSPORT_ERROR_INVALID_ARGUMENT. */
  const char *stun_server;
  const JdTurnServer *const *turn_servers;  /* NULL-terminated; NULL = none */
  /* Offer and use relayed candidates only: the peer never learns our
   * addresses.  Needs a TURN server; refuses raw UDP. */
  gboolean relay_only;
  /* The peer speaks raw UDP too (its caps list XEP-0177): when ICE
   * fails before media flows, the initiator replaces the transport by
   * raw UDP (XEP-0166 transport-replace) and the responder waits for
   * that a moment, instead of ending the call with connectivity-error.
   * Never with relay_only: raw UDP would reveal our address. */
  gboolean raw_udp_fallback;
  /* Refuse the video a peer adds during the call (content-add); by
   * default it is taken, shown on video_sink. */
  gboolean refuse_added_video;
} JdCallOptions;

/* Per content, for the D-Bus layer; a plain value. */
typedef struct {
  JdMediaStats media;
  char *local_candidate_type;          /* "host", "srflx", "relay", NULL before connection */
  char *remote_candidate_type;
  char *local_address;                 /* "ip:port" of the selected pair */
  char *remote_address;
} JdCallStats;

void jd_call_stats_clear (JdCallStats *stats);

#define JD_TYPE_CALL (jd_call_get_type ())
G_DECLARE_FINAL_TYPE (JdCall, jd_call, JD, CALL, GObject)

/* Needs gst_init(). */
JdCall          *jd_call_dial         (JdJingleManager *manager, const char *peer,
                                       const JdCallOptions *options, GError **error);
/* For JdJingleManager::incoming-session.  Refused offers are terminated
 * with the reason and NULL is returned with @error set. */
JdCall          *jd_call_new_incoming (JdJingleSession *session, const JdJingleMessage *offer,
                                       const JdCallOptions *options, GError **error);
/**
 * jd_call_propose:
 * @jingle: starts the session once a device of the callee proceeds
 * @jmi: the account's JMI manager
 * @bare_jid: the callee; every device of it rings
 * @options: as for jd_call_dial()
 *
 * An outgoing call begun with XEP-0353 <propose/> (audio, and video
 * when @options says so).  State CALLING; ::peer-ringing when a device
 * rings.
 *
 * Returns: (transfer full): the call, or NULL with @error (our own
 * settings: nothing was sent)
 */
JdCall          *jd_call_propose      (JdJingleManager *jingle, JdJingleJmiManager *jmi,
                                       const char *bare_jid, const JdCallOptions *options,
                                       GError **error);
/**
 * jd_call_new_proposed:
 * @jingle: the account's Jingle manager (unused until the session comes)
 * @jmi: the account's JMI manager, which reported the propose
 * @id: the propose's id, the sid of the session to come
 * @from_full: who proposed; the session must come from exactly this JID
 * @media_mask: 1 << JdJingleMedia of the propose
 * @options: as for jd_call_new_incoming()
 *
 * An incoming call for a JdJingleJmiManager::proposed the call policy
 * let through: sends <ringing/>, state RINGING.  A propose without audio
 * is rejected (unsupported-applications) and NULL returned with @error.
 *
 * Returns: (transfer full) (nullable)
 */
JdCall          *jd_call_new_proposed (JdJingleManager *jingle, JdJingleJmiManager *jmi,
                                       const char *id, const char *from_full, guint media_mask,
                                       const JdCallOptions *options, GError **error);
/* Whether @session-initiate from @peer with @sid is the one this call
 * waits for after its proceed (then give it to jd_call_take_session()). */
gboolean         jd_call_expects_session (JdCall *self, const char *peer, const char *sid);
/**
 * jd_call_take_session:
 * @self: a proposed incoming call, answered (CONNECTING)
 * @session: the session-initiate that followed our proceed
 * @offer: its message
 *
 * Negotiates @offer as jd_call_new_incoming() does and accepts at once
 * (the user answered already).  A refused offer is terminated with its
 * reason and the call ends.
 */
gboolean         jd_call_take_session (JdCall *self, JdJingleSession *session,
                                       const JdJingleMessage *offer, GError **error);
/* The XEP-0353 id of a proposed call (the sid of its session), else NULL. */
const char      *jd_call_get_jmi_id   (JdCall *self);
gboolean         jd_call_accept       (JdCall *self, GError **error);
/**
 * jd_call_set_endpoints:
 * @self: an incoming call not accepted yet
 * @media: audio or video
 * @source: (nullable): gst-launch description (jd-media-endpoint.h); NULL keeps it
 * @sink: (nullable): likewise
 * @error: JD_CALL_ERROR_NOT_ACTIVE once accepted (the pipeline is built)
 *
 * Where @media comes from and goes to for this call, e.g. for a plugin
 * that answers with a recording or an echo.
 */
gboolean         jd_call_set_endpoints (JdCall *self, JdJingleMedia media, const char *source,
                                        const char *sink, GError **error);
/* The gst-launch descriptions @media comes from and goes to (or will):
 * those of the options, or of jd_call_set_endpoints().  @source, @sink:
 * (out) (transfer none) (optional) */
void             jd_call_get_endpoints (JdCall *self, JdJingleMedia media, const char **source,
                                        const char **sink);
void             jd_call_hangup       (JdCall *self, JdJingleReasonType reason);

/* DTMF: RFC 4733 in the audio stream when telephone-event was negotiated,
 * otherwise XEP-0181 session-info.  @digits: 0-9 * # A-D (a-d too);
 * @tone_ms, @gap_ms: 0 = 100 and 50.  Queued after digits still pending.
 * The peer's digits arrive as ::dtmf-received, each once, in order. */
gboolean         jd_call_send_dtmf    (JdCall *self, const char *digits, guint tone_ms,
                                       guint gap_ms, GError **error);
/* Hold: stop sending every medium and tell the peer (session-info). */
gboolean         jd_call_set_hold     (JdCall *self, gboolean hold, GError **error);
/* Mute: stop sending @media and tell the peer. */
gboolean         jd_call_set_mute     (JdCall *self, JdJingleMedia media, gboolean mute,
                                       GError **error);

/* ICE restart (RFC 8445 §9), e.g. after a network change: every ICE
 * content gets new credentials, sent with its candidates in a
 * transport-info (XEP-0176); the peer restarts too and answers with its
 * own.  The call stays active and its media keep flowing on the pair
 * selected before until the new checks select one.  A peer's restart is
 * answered the same way, unasked.  JD_CALL_ERROR_NOT_ACTIVE unless
 * active. */
gboolean         jd_call_restart_ice  (JdCall *self, GError **error);
/**
 * jd_call_add_video:
 * @self: an active call without video
 * @error: JD_CALL_ERROR_NOT_ACTIVE (not active, or video already there)
 *
 * Offers video (XEP-0166 content-add) with the call's video source and
 * sink.  When the peer accepts (content-accept) and the new transport
 * connects, video flows both ways; a refusal (content-reject) leaves
 * the call as it was.
 */
gboolean         jd_call_add_video    (JdCall *self, GError **error);
/* Ends the call's video (content-remove): neither side sends it any
 * more.  JD_CALL_ERROR_NO_SUCH_MEDIA without video. */
gboolean         jd_call_remove_video (JdCall *self, GError **error);
/* Whether the call carries @media: offered or negotiated (a content the
 * peer has not yet accepted does not count), not removed.  ::media-changed
 * says when this changes during the call. */
gboolean         jd_call_has_media    (JdCall *self, JdJingleMedia media);
/* The ICE username fragments of @media's transport: ours and the peer's
 * current one (NULL while our restart is unanswered); both change with
 * every restart.  @local, @remote: (out) (transfer full) (nullable).
 * FALSE for raw UDP or a medium the call does not carry. */
gboolean         jd_call_get_ice_ufrags (JdCall *self, JdJingleMedia media, char **local,
                                         char **remote);

JdCallState      jd_call_get_state    (JdCall *self);
/* The negotiated audio codec's name, once known (the video one with
 * jd_call_get_codec_for()). */
const char      *jd_call_get_codec    (JdCall *self);
const char      *jd_call_get_codec_for (JdCall *self, JdJingleMedia media);
JdMediaCrypto    jd_call_get_crypto   (JdCall *self);
/* Our DTLS certificate's sha-256 fingerprint as signalled, NULL without DTLS. */
const char      *jd_call_get_fingerprint (JdCall *self);
/* Whether raw UDP carries the media (after any transport-replace). */
gboolean         jd_call_is_raw_udp   (JdCall *self);
gboolean         jd_call_get_stats    (JdCall *self, JdJingleMedia media, JdCallStats *stats);
/* Returns: (transfer none) (nullable): NULL for a proposed call
 * (XEP-0353) until its session starts */
JdJingleSession *jd_call_get_session  (JdCall *self);
/* The session's peer; before a session, the proposing full JID or the
 * callee's bare JID. */
const char      *jd_call_get_peer     (JdCall *self);
/* Returns: (transfer none) (nullable): once media is negotiated */
JdMediaPipeline *jd_call_get_pipeline (JdCall *self);
/* The pipeline stream id of @media, for jd_media_pipeline_get_sink(). */
guint            jd_call_get_stream_id (JdCall *self, JdJingleMedia media);
/* Returns: (transfer none) (nullable): why it ended */
const JdJingleReason *jd_call_get_end_reason (JdCall *self);
/* The end reason as D-Bus names it: the XEP-0166 condition, or
 * "answered-elsewhere" / "declined-elsewhere" when another device of our
 * account took a proposed call, or "migrated" when the peer moved the
 * call to a new one (XEP-0353 §4.2).  NULL before the end. */
const char      *jd_call_get_end_reason_name (JdCall *self);

/* Adds to @client's disco#info (and so its caps) what calls here can do,
 * each shown end to end by the call tests: Jingle RTP with audio (video
 * when a video codec is installed), ICE-UDP and raw UDP, DTLS-SRTP and
 * XEP-0181 DTMF.  Dino shows its call buttons only for a peer whose caps
 * say rtp:1 and rtp:audio (rtp:video for video). */
void             jd_call_advertise    (JdXmppClient *client);
/* The transport to offer @peer (a full JID): raw UDP when its caps say
 * it does raw UDP but not ICE (XEP-0177 §1: peers without ICE), else
 * @preferred.  Unknown caps keep @preferred. */
/* Whether @peer's caps list XEP-0177 raw UDP (the answer for
 * JdCallOptions.raw_udp_fallback); unknown caps say no. */
gboolean         jd_call_peer_has_raw_udp (JdCaps *caps, const char *peer);
JdCallTransport  jd_call_transport_for_peer (JdCaps *caps, const char *peer,
                                             JdCallTransport preferred);

/* Signals:
 *   ::state-changed (guint JdCallState)
 *   ::dtmf-received (const char *digit)     RFC 4733 or XEP-0181
 *   ::remote-hold (gboolean held)           the peer put us on hold / resumed
 *   ::peer-ringing ()                       outgoing: the callee's device rings
 *                                           (session-info or JMI <ringing/>)
 */

G_END_DECLS
