/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-manager
 *
 * JdJingleManager owns an account's Jingle sessions, keyed by (peer full
 * JID, sid) so two peers picking the same sid never meet.  It answers
 * every Jingle IQ: parse errors with the exact XEP-0166 error, unknown
 * sessions with item-not-found + unknown-session, simultaneous
 * session-initiates by the §7.2.16 tie-break, and hands everything else
 * to the session.
 *
 * It reaches the network only through a JdJingleBackend: the XMPP
 * connection in the daemon (jd-jingle-xmpp.h), two managers back to back
 * in the scenario tests.
 */
#pragma once

#include "jd-jingle-session.h"

G_BEGIN_DECLS

typedef void (*JdJingleReplyFunc) (xmpp_stanza_t *reply, const GError *error,
                                   gpointer user_data);

/**
 * JdJingleBackend:
 * @get_context: the libstrophe context stanzas are built in
 * @get_own_jid: our full JID
 * @send_iq: sends an IQ set (transfer none) and calls @done exactly once
 *   with the result, or with an error (an error reply as
 *   JD_XMPP_ERROR_STANZA, no answer in time as JD_XMPP_ERROR_TIMEOUT, ...)
 * @send: sends a stanza that needs no answer (IQ results and errors)
 */
typedef struct {
  xmpp_ctx_t *(*get_context) (gpointer backend);
  const char *(*get_own_jid) (gpointer backend);
  void        (*send_iq)     (gpointer backend, xmpp_stanza_t *iq,
                              JdJingleReplyFunc done, gpointer user_data);
  void        (*send)        (gpointer backend, xmpp_stanza_t *stanza);
} JdJingleBackend;

#define JD_TYPE_JINGLE_MANAGER (jd_jingle_manager_get_type ())
G_DECLARE_FINAL_TYPE (JdJingleManager, jd_jingle_manager, JD, JINGLE_MANAGER, GObject)

/* @backend is copied; @backend_data is borrowed and must outlive us. */
JdJingleManager *jd_jingle_manager_new        (const JdJingleBackend *backend,
                                               gpointer backend_data);
/* Takes an incoming <iq type='set'><jingle/></iq> and answers it.
 * Returns FALSE when @iq is not a Jingle request (nothing was sent). */
gboolean         jd_jingle_manager_handle_iq  (JdJingleManager *self, xmpp_stanza_t *iq);
/* Starts a session: a fresh sid, session-initiate to @peer (a full JID).
 * Returns: (transfer none): the session, owned by the manager */
JdJingleSession *jd_jingle_manager_initiate   (JdJingleManager *self, const char *peer,
                                               GPtrArray *contents, GError **error);
/* The same with @sid chosen by the caller, e.g. the id of the XEP-0353
 * propose that preceded the session.  BAD_REQUEST when a session with
 * @peer has that sid already. */
JdJingleSession *jd_jingle_manager_initiate_with_sid (JdJingleManager *self, const char *peer,
                                                      const char *sid, GPtrArray *contents,
                                                      GError **error);
/* Returns: (transfer none) (nullable) */
JdJingleSession *jd_jingle_manager_lookup     (JdJingleManager *self, const char *peer,
                                               const char *sid);
guint            jd_jingle_manager_count_sessions (JdJingleManager *self);
/* How many of our requests were answered with an IQ result. */
guint            jd_jingle_manager_get_acknowledged (JdJingleManager *self);

/* For JdJingleSession only. */
void             jd_jingle_manager_send       (JdJingleManager *self, JdJingleSession *session,
                                               JdJingleMessage *msg);
void             jd_jingle_manager_forget     (JdJingleManager *self, JdJingleSession *session);

G_END_DECLS
