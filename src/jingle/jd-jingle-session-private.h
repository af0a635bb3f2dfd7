/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Between JdJingleManager and JdJingleSession only. */
#pragma once

#include "jd-jingle-manager.h"

G_BEGIN_DECLS

JdJingleSession *jd_jingle_session_new     (JdJingleManager *manager, const char *sid,
                                            const char *peer, const char *own_jid,
                                            JdJingleRole role);
/* Sends session-initiate with @contents (initiator only). */
gboolean jd_jingle_session_start           (JdJingleSession *self, GPtrArray *contents,
                                            GError **error);
/* Adopts an incoming session-initiate (responder only). */
void     jd_jingle_session_adopt_initiate  (JdJingleSession *self, const JdJingleMessage *msg);
/* Checks and applies an incoming request.  FALSE with the JD_JINGLE_ERROR
 * to answer; TRUE to acknowledge, after which the manager calls
 * jd_jingle_session_flush_events(). */
gboolean jd_jingle_session_receive         (JdJingleSession *self, const JdJingleMessage *msg,
                                            GError **error);
void     jd_jingle_session_flush_events    (JdJingleSession *self);
/* The answer to one of our requests (@error NULL for a result). */
void     jd_jingle_session_handle_reply    (JdJingleSession *self, const JdJingleMessage *sent,
                                            const GError *error);
/* Is a session-initiate of ours still unanswered (for the tie-break)? */
gboolean jd_jingle_session_is_initiating   (JdJingleSession *self);
/* Ends the session silently (tie-break lost, peer gone). */
void     jd_jingle_session_end             (JdJingleSession *self, JdJingleReasonType reason,
                                            const char *text, gboolean by_peer);

G_END_DECLS
