/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-call-dtmf: DTMF as XEP-0181 session-info, for peers that did not
 * negotiate RFC 4733 telephone-event (private to src/call).
 *
 * Digits are queued and sent one session-info each, spaced by the tone
 * duration plus the gap, so that a gateway that turns them into tones
 * (or into RFC 4733 towards SIP) keeps the caller's rhythm.
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
/* Drops the digits not sent yet. */
void        jd_call_dtmf_cancel   (JdCallDtmf *self);

G_END_DECLS
