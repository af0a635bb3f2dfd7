/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two JdJingleManagers back to back, without a server: every stanza one
 * sends is serialised to XML text, parsed again and delivered to the other
 * on the next main-loop iteration, in order (as webrtcbin's test harness
 * forwards candidates between two peers).  A peer can be made deaf to
 * provoke timeouts; raw XML can be injected to play a misbehaving peer.
 */
#pragma once

#include "jd-test-util.h"
#include "jingle/jd-jingle-manager.h"

G_BEGIN_DECLS

typedef struct _JdTestJingleLink JdTestJingleLink;

typedef struct {
  JdTestJingleLink *link;       /* borrowed */
  char *jid;
  JdJingleManager *manager;
  GHashTable *pending;          /* iq id -> reply wait */
  gboolean deaf;                /* drops whatever reaches it */
  JdJingleSession *incoming;    /* last incoming session (strong) */
  GPtrArray *actions;           /* JdJingleMessage* seen by any session: remote-action */
  guint terminated;
  JdJingleReason *last_reason;  /* of the last ::terminated */
  gboolean last_by_peer;
  GPtrArray *failures;          /* char* "action: message" of ::request-failed */
  GPtrArray *replies;           /* xmpp_stanza_t* answers to raw injections */
} JdTestJinglePeer;

JdTestJingleLink *jd_test_jingle_link_new   (const char *jid_a, const char *jid_b,
                                             guint iq_timeout_ms);
void              jd_test_jingle_link_free  (JdTestJingleLink *link);
JdTestJinglePeer *jd_test_jingle_link_peer  (JdTestJingleLink *link, guint index);
xmpp_ctx_t       *jd_test_jingle_link_context (JdTestJingleLink *link);
/* Starts watching @session's signals into @peer's counters. */
void              jd_test_jingle_watch      (JdTestJinglePeer *peer, JdJingleSession *session);
/* Delivers @xml to @to as if @from sent it; the answer lands in
 * @from->replies. */
void              jd_test_jingle_inject     (JdTestJinglePeer *from, JdTestJinglePeer *to,
                                             const char *xml);
/* The same, claiming to come from @as_jid (a third party). */
void              jd_test_jingle_inject_as  (JdTestJinglePeer *from, JdTestJinglePeer *to,
                                             const char *as_jid, const char *xml);
/* Runs the loop until nothing is in flight (or 5 s pass). */
void              jd_test_jingle_settle     (JdTestJingleLink *link);
/* The last remote-action @peer saw, or NULL. */
const JdJingleMessage *jd_test_jingle_last_action (JdTestJinglePeer *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestJingleLink, jd_test_jingle_link_free)

G_END_DECLS
