/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-session
 *
 * JdJingleSession is one XEP-0166 session with one peer: the state machine
 * (jd-jingle-fsm), the contents as negotiated so far, and the requests in
 * flight.  It neither knows sockets nor media: it sends JdJingleMessages
 * through the JdJingleManager that owns it and reports what the peer did
 * through signals; the Call object decides what to do about them.
 *
 * Signals are emitted once the state change is complete and, for an
 * incoming request, after it has been acknowledged.
 */
#pragma once

#include <glib-object.h>

#include "jd-jingle-fsm.h"
#include "jd-jingle-message.h"

G_BEGIN_DECLS

#define JD_TYPE_JINGLE_SESSION (jd_jingle_session_get_type ())
G_DECLARE_FINAL_TYPE (JdJingleSession, jd_jingle_session, JD, JINGLE_SESSION, GObject)

const char      *jd_jingle_session_get_sid       (JdJingleSession *self);
const char      *jd_jingle_session_get_peer      (JdJingleSession *self);
const char      *jd_jingle_session_get_initiator (JdJingleSession *self);
const char      *jd_jingle_session_get_responder (JdJingleSession *self);
JdJingleRole     jd_jingle_session_get_role      (JdJingleSession *self);
JdJingleState    jd_jingle_session_get_state     (JdJingleSession *self);
/* Returns: (transfer none) (element-type JdJingleContent): the contents
 * both sides agreed on (plus, while pending, those of session-initiate). */
GPtrArray       *jd_jingle_session_get_contents  (JdJingleSession *self);
const JdJingleContent *jd_jingle_session_find_content (JdJingleSession *self,
                                                       const char *name);
/* Returns: (transfer none) (nullable): why it ended */
const JdJingleReason  *jd_jingle_session_get_end_reason (JdJingleSession *self);

/* Our side's requests.  Each returns FALSE with a JD_JINGLE_ERROR when the
 * state machine does not allow it (nothing is sent then). */
gboolean jd_jingle_session_accept          (JdJingleSession *self, GPtrArray *contents,
                                            GError **error);
gboolean jd_jingle_session_terminate       (JdJingleSession *self, JdJingleReasonType reason,
                                            const char *text, GError **error);
gboolean jd_jingle_session_send_info       (JdJingleSession *self, const JdJingleInfo *info,
                                            GError **error);
gboolean jd_jingle_session_add_content     (JdJingleSession *self,
                                            const JdJingleContent *content, GError **error);
gboolean jd_jingle_session_accept_content  (JdJingleSession *self,
                                            const JdJingleContent *content, GError **error);
gboolean jd_jingle_session_reject_content  (JdJingleSession *self, const char *name,
                                            JdJingleReasonType reason, GError **error);
gboolean jd_jingle_session_remove_content  (JdJingleSession *self, const char *name,
                                            GError **error);
gboolean jd_jingle_session_modify_content  (JdJingleSession *self, const char *name,
                                            JdJingleSenders senders, GError **error);
gboolean jd_jingle_session_send_transport_info (JdJingleSession *self, const char *name,
                                                const JdJingleTransport *transport,
                                                GError **error);
gboolean jd_jingle_session_replace_transport (JdJingleSession *self, const char *name,
                                              const JdJingleTransport *transport,
                                              GError **error);
gboolean jd_jingle_session_accept_transport (JdJingleSession *self, const char *name,
                                             const JdJingleTransport *transport,
                                             GError **error);
gboolean jd_jingle_session_reject_transport (JdJingleSession *self, const char *name,
                                             GError **error);

G_END_DECLS
