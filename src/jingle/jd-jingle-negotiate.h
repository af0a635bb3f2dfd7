/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-negotiate
 *
 * Offer/answer for Jingle RTP (XEP-0167 §5, RFC 3264 §6) as pure
 * functions on values, in the manner of webrtcbin's webrtcsdp.h: codec
 * intersection with per-codec parameter rules, the answerer's direction,
 * the DTLS role (XEP-0320, RFC 5763 §5) and the SDES crypto choice
 * (XEP-0167 §7, RFC 4568 §5.1.2).  No I/O, no state.
 *
 * Failures here are not IQ errors: the request that carried the offer
 * or answer has already been acknowledged, and the session is ended with
 * a session-terminate whose reason each error code names below.  That
 * is why they have their own domain rather than a JD_JINGLE_ERROR code,
 * whose codes map to stanza errors.
 */
#pragma once

#include "jd-jingle-fsm.h"
#include "jd-jingle-rtp.h"

G_BEGIN_DECLS

#define JD_JINGLE_NEGOTIATE_ERROR (jd_jingle_negotiate_error_quark ())
GQuark jd_jingle_negotiate_error_quark (void);

typedef enum {
  /* Nothing in the offer that we can use: terminate with
   * <failed-application/> (XEP-0167 §5). */
  JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC,
  /* The answer does not fit our offer: terminate with
   * <incompatible-parameters/> (XEP-0166 §7.4). */
  JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER,
  /* A DTLS setup role we cannot answer (holdconn, unknown): terminate
   * with <incompatible-parameters/>. */
  JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP,
} JdJingleNegotiateError;

/**
 * jd_jingle_negotiate_answer:
 * @offer: the peer's RTP description
 * @local: what we support: payload_types are our codecs in preference
 *   order with the parameters we declare as receiver; rtcp_fbs and each
 *   payload type's rtcp_fbs the XEP-0293 feedback we accept; hdrexts the
 *   XEP-0294 URIs we accept (ids ignored, senders relative to the
 *   session's roles); rtcp_mux and extmap_allow_mixed whether we can do
 *   them.  Its ssrc, bandwidth and cryptos are ignored; a media other
 *   than the offer's matches nothing.
 * @failure: (out) (optional): on failure, the reason to terminate with
 * @error: on failure, JD_JINGLE_NEGOTIATE_ERROR_NO_COMMON_CODEC
 *
 * The answer to @offer: the first offered payload type we also support
 * (the offerer's favourite, RFC 3264 §6.1), alone since a content runs
 * one codec, with the offer's id; matched by name (ASCII
 * case-insensitive), clock rate and channels (absent = 1), static
 * payload types without a name by the RFC 3551 §6 table; with our
 * parameters merged by its codec's rules (Opus RFC 7587 §7, H.264 RFC
 * 6184 §8.2.2, VP8 RFC 7741 §6).  telephone-event and CN are kept, in
 * offer order, only beside it at its clock rate and never alone.  rtcp-fb and hdrexts are the intersection, echoed as
 * offered; rtcp-mux and extmap-allow-mixed are kept if both sides do
 * them.
 *
 * The answer carries no ssrc, bandwidth or crypto: those are ours to
 * add (see jd_jingle_negotiate_pick_crypto()).
 *
 * Returns: (transfer full) (nullable): the answer, or NULL with @error
 *   set and *@failure = JD_JINGLE_REASON_FAILED_APPLICATION
 */
JdJingleRtpDescription *jd_jingle_negotiate_answer (const JdJingleRtpDescription *offer,
                                                    const JdJingleRtpDescription *local,
                                                    JdJingleReasonType *failure,
                                                    GError **error);

/**
 * jd_jingle_negotiate_check_answer:
 * @offer: the description we offered
 * @answer: the peer's answer to it
 * @error: JD_JINGLE_NEGOTIATE_ERROR_INCOMPATIBLE_ANSWER
 *
 * For the offerer: every answered payload type must be one we offered,
 * with the same id and the same codec (name, clock rate, channels, and
 * for H.264 the same profile and packetization-mode), and there must be
 * at least one.
 *
 * Returns: TRUE when the answer can be used
 */
gboolean jd_jingle_negotiate_check_answer (const JdJingleRtpDescription *offer,
                                           const JdJingleRtpDescription *answer,
                                           GError **error);

/**
 * jd_jingle_negotiate_senders:
 * @offered: the content's senders in the offer
 * @we_can_send: whether we have something to send
 * @we_can_receive: whether we want to receive
 * @our_role: our role in the session
 *
 * The senders for the answer: the offered direction narrowed to what we
 * can do (RFC 3264 §6.1; the XEP-0166 §7.3 senders values are the SDP
 * directions).  It never widens the offer.
 *
 * Returns: the senders to answer with
 */
JdJingleSenders jd_jingle_negotiate_senders (JdJingleSenders offered,
                                             gboolean we_can_send,
                                             gboolean we_can_receive,
                                             JdJingleRole our_role);

/**
 * jd_jingle_negotiate_dtls_setup_answer:
 * @offered_setup: the 'setup' of the peer's XEP-0320 fingerprint
 * @error: JD_JINGLE_NEGOTIATE_ERROR_DTLS_SETUP
 *
 * Our 'setup' in the answer (RFC 4145 §4.1, RFC 5763 §5): "active" for
 * "actpass" (so the handshake starts at once), "passive" for "active",
 * "active" for "passive"; never "actpass".
 *
 * Returns: (transfer none) (nullable): a static string, or NULL for
 *   "holdconn" (XEP-0320 §1 defines no mapping for it), a missing setup
 *   (XEP-0320 requires it) and unknown values
 */
const char *jd_jingle_negotiate_dtls_setup_answer (const char *offered_setup,
                                                   GError **error);

/**
 * jd_jingle_negotiate_dtls_is_client:
 * @our_setup: our settled setup role, "active" or "passive"
 *
 * Returns: TRUE when we start the DTLS handshake, i.e. are "active"
 *   (RFC 4145 §4: the active side opens the connection); this is
 *   dtlssrtpenc's is-client.
 */
gboolean jd_jingle_negotiate_dtls_is_client (const char *our_setup);

/**
 * jd_jingle_negotiate_pick_crypto:
 * @offered: (element-type JdJingleCrypto) (nullable): the offered
 *   <crypto/> elements
 * @our_suites: (array zero-terminated=1): the crypto-suites we support,
 *   most preferred first
 *
 * The SDES crypto to accept (RFC 4568 §5.1.2, XEP-0167 §7): the first
 * offered <crypto/> with our most preferred suite that is offered at
 * all.  The answer repeats its tag and suite with our own key.
 *
 * Returns: (transfer none) (nullable): an element of @offered, or NULL
 *   when there is none we support
 */
const JdJingleCrypto *jd_jingle_negotiate_pick_crypto (const GPtrArray *offered,
                                                       const char *const *our_suites);

/**
 * jd_jingle_negotiate_rtcp_fb_agreed:
 * @offer: an offer
 * @answer: the answer to it
 * @pt: the id of the payload type in use
 * @type: an RFC 4585 §4.2 feedback type, e.g. "nack"
 * @subtype: (nullable): its parameter, e.g. "pli"; NULL for the bare
 *   type (generic NACK), which is another feedback
 *
 * Whether XEP-0293 feedback @type @subtype was agreed for payload type
 * @pt: both @offer and @answer list it (compared without case), for @pt
 * or at description level, for all payload types (XEP-0293 §3).  An
 * answer only repeats what was offered (XEP-0293 §4), but one that adds
 * feedback of its own does not make us send it.
 *
 * Returns: TRUE when either side may send it
 */
gboolean jd_jingle_negotiate_rtcp_fb_agreed (const JdJingleRtpDescription *offer,
                                             const JdJingleRtpDescription *answer,
                                             guint8 pt, const char *type,
                                             const char *subtype);

G_END_DECLS
