/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-call-dtmf: DTMF as XEP-0181 session-info, for peers that did not
 * negotiate RFC 4733 telephone-event (private to src/call).
 *
 * Digits are queued and sent one session-info each, spaced by the tone
 * duration plus the gap, so that a gateway that turns them into tones
 * (or into RFC 4733 towards SIP) keeps the caller's rhythm.
 *
 * A peer that cannot take them answers with an error (unsupported-info);
 * then every digit goes in-band instead (jd_media_pipeline_send_dtmf_inband()):
 * the ones sent as session-info so far, since such a peer refuses them
 * all even if not every refusal has arrived yet, the ones still queued,
 * and all later ones.
 */
#pragma once

#include "jingle/jd-jingle-session.h"

G_BEGIN_DECLS

typedef struct _JdCallDtmf JdCallDtmf;

/* TRUE when every character of @digits is 0-9 * # A-D (a-d too) and
 * there is at least one; else JD_CALL_ERROR_INVALID_DTMF naming it. */
gboolean    jd_call_dtmf_validate (const char *digits, GError **error);

/* @session: (transfer none): outlives the sender (the call holds both). */
JdCallDtmf *jd_call_dtmf_new      (JdJingleSession *session);
void        jd_call_dtmf_free     (JdCallDtmf *self);
/* @digits: validated.  @tone_ms, @gap_ms: 0 = 100 and 50. */
void        jd_call_dtmf_send     (JdCallDtmf *self, const char *digits, guint tone_ms,
                                   guint gap_ms);
/* A digit to play in-band. */
typedef void (*JdCallDtmfReplayFunc) (char digit, guint tone_ms, guint gap_ms,
                                      gpointer user_data);

/* The peer refused one of our session-info requests.  When DTMF went as
 * session-info and this is the first refusal, switches to in-band and
 * calls @replay for each digit sent or queued, in order; returns whether
 * it switched.  A refusal before any DTMF (e.g. of a hold) is not ours. */
gboolean    jd_call_dtmf_refused   (JdCallDtmf *self, JdCallDtmfReplayFunc replay,
                                    gpointer user_data);
/* TRUE once the peer refused DTMF as session-info: digits go in-band. */
gboolean    jd_call_dtmf_is_inband (JdCallDtmf *self);
/* Drops the digits not sent yet. */
void        jd_call_dtmf_cancel   (JdCallDtmf *self);

G_END_DECLS
