/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-call-content: one Jingle content of a call (private to src/call).
 *
 * A content is one medium: its transport, what was negotiated for it
 * (codec, telephone-event, keying, DTLS role) and how to describe it in
 * Jingle.  JdCall owns an array of them; the pipeline stream id is the
 * index in that array.
 */
#pragma once

#include "jd-call.h"
#include "jingle/jd-jingle-message.h"
#include "jingle/jd-jingle-rtp.h"

G_BEGIN_DECLS

typedef struct {
  JdCall *call;                     /* unowned: the call owns the content */
  char *name;                       /* "audio", "video" or the offerer's */
  JdJingleCreator creator;
  JdJingleMedia media;
  guint stream_id;
  JdTransport *transport;
  JdTransport *retired;             /* the one @transport replaces, kept (and
                                     * carrying media) until @transport connects */
  char *stale_ufrag;                /* the peer's ICE ufrag before our restart */
  GPtrArray *gathered;              /* NiceCandidate*, until the description is out */
  JdJingleRtpDescription *local;    /* our offer, or our answer */

  const JdCodec *codec;
  guint8 pt;
  const JdCodec *dtmf_codec;
  guint8 dtmf_pt;
  JdMediaFeedback feedback;         /* the RTCP feedback agreed for codec */

  JdMediaCrypto crypto;
  gboolean dtls_client;
  char *remote_fingerprint;         /* sha-256, as signalled */
  char *sdes_suite;
  char *sdes_send_key;              /* ours */
  char *sdes_recv_key;              /* the peer's */
  guint sdes_tag;
  gboolean muted;
  gboolean in_pipeline;             /* its stream is built */
  gboolean dtls_verified;           /* the peer's certificate matched its fingerprint */
  gboolean adding;                  /* our content-add, not answered yet */
  gboolean removed;                 /* content-remove: no media either way */
  gboolean join_waited;             /* added, DTLS client: gave the peer's stream time to start */
  guint generation;                 /* XEP-0176 candidate generation: ICE restarts so far */

  const char *source;               /* borrowed from the call */
  const char *sink;
} JdCallContent;

void           jd_call_content_free (JdCallContent *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdCallContent, jd_call_content_free)

/* A content with its transport made and configured (not gathering yet).
 * @n_components: 1 when RTP and RTCP share it (rtcp-mux), 2 when RTCP
 * has its own or may need it (an offer: RFC 5761 §5.1.3). */
JdCallContent *jd_call_content_new  (const char *name, JdJingleCreator creator,
                                     JdJingleMedia media, gboolean raw_udp,
                                     guint n_components, const JdCallOptions *options,
                                     gboolean controlling, GError **error);
/* Replaces the transport by a fresh one (raw UDP or ICE), same settings
 * and components.  The old one is kept as @retired, still open, until
 * jd_call_content_drop_retired(). */
gboolean       jd_call_content_replace_transport (JdCallContent *c, gboolean raw_udp,
                                                  const JdCallOptions *options,
                                                  gboolean controlling, GError **error);

/* Closes and drops the retired transport, if any. */
void           jd_call_content_drop_retired (JdCallContent *c);

/* The local description we offer for the content's medium. */
void           jd_call_content_make_offer (JdCallContent *c, const JdCallOptions *options,
                                           GError **error);

/* Answerer: negotiate codecs and keying against @offer; sets local,
 * codec, feedback, crypto.  On failure @failure is the reason to
 * terminate with. */
gboolean       jd_call_content_answer (JdCallContent *c, const JdJingleContent *offer,
                                       const JdCallOptions *options,
                                       JdJingleReasonType *failure, GError **error);
/* Offerer: read the answer's codec, the feedback both list for it, the
 * keying, and whether it accepts rtcp-mux (then the transport's RTCP
 * component is released).  @failure as above. */
gboolean       jd_call_content_take_answer (JdCallContent *c, const JdJingleContent *answer,
                                            JdJingleReasonType *failure, GError **error);
/* Feeds the peer's <transport/> into ours, without the candidates of a
 * component we do not use: an offer or answer with rtcp-mux may still
 * carry RTCP ones (RFC 5761 §5.1.3; Dino sends them either way). */
gboolean       jd_call_content_apply_remote (JdCallContent *c, const JdJingleTransport *t,
                                             GError **error);
/* A fingerprint that comes in transport-info (before or after the answer). */
void           jd_call_content_note_fingerprint (JdCallContent *c,
                                                 const JdJingleFingerprint *fp);

/* The <content/> we send: description (with our crypto, if any), the
 * transport with @candidates and our fingerprint when DTLS is used. */
JdJingleContent *jd_call_content_describe (JdCallContent *c, const char *dtls_setup,
                                           const char *fingerprint, GPtrArray *candidates);
/* Only the transport, for transport-info / transport-replace / -accept. */
JdJingleTransport *jd_call_content_describe_transport (JdCallContent *c,
                                                       GPtrArray *candidates);

/* Takes the candidates gathered so far. Returns: (transfer full) */
GPtrArray     *jd_call_content_take_gathered (JdCallContent *c);

/* The media stream settings for the pipeline. */
void           jd_call_content_stream_config (JdCallContent *c, const char *pem,
                                              JdMediaStreamConfig *config);

G_END_DECLS
