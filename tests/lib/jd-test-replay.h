/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-replay: a scripted XMPP peer that plays back a client's captured
 * stanzas (tests/data/interop/) against a peer under test, through the
 * private Prosody.
 *
 * A capture is a text file of stanzas, each preceded by a comment
 * "<!-- HH:MM:SS sent by FULL-JID : LABEL -->".  Loading it with the
 * capture's own JID of the replayed client (the "actor") turns the stanzas
 * that the actor sent, with the chosen labels, into send steps.  Before
 * sending, every stanza is rewritten:
 *   - the actor's full and bare JID become the replay account's, the other
 *     party's become the peer's (jd_test_replay_set_peer());
 *   - the Jingle sid / JMI id of the capture becomes a fresh one
 *     (jd_test_replay_get_sid()), and every stanza id gets a unique prefix;
 *   - every <candidate/> points at 127.0.0.1 and a port of a UDP socket the
 *     replay owns (one socket per captured address, so rel-addr/rel-port
 *     and a candidate repeated in a transport-info map to the same one).
 *
 * The script is a list of steps run in order by jd_test_replay_run() (or
 * one at a time by jd_test_replay_step()): a "send" step sends its
 * stanza; a "wait" step runs the main loop until a stanza from the peer
 * matching it has been received (or fails the test after its timeout).
 * Steps are appended in the order they are added, so a JMI call from
 * Dino's capture against a daemon reads:
 *
 *   load_capture (r, path, "alice@localhost", {"jmi-propose"});
 *   add_wait (r, "proceed", "message", "chat",
 *             "urn:xmpp:jingle-message:0", "proceed", timeout);
 *   load_capture (r, path, "alice@localhost", {"session-initiate"});
 *   load_capture (r, path, "alice@localhost", {"transport-info"});
 *   add_wait_jingle (r, "session-accept", timeout);
 *   run (r);
 *
 * (the propose goes to the peer's bare JID, as Dino sends it).
 *
 * Everything the peer sends to the replay account is recorded in order;
 * IQ requests of the Jingle namespace are acknowledged with a result, as
 * the replayed client did.  Datagrams reaching the candidate sockets
 * (ICE connectivity checks) are counted.
 */
#pragma once

#include <strophe.h>

#include "jd-test-prosody.h"
#include "jd-test-util.h"
#include "xmpp/jd-xmpp-client.h"

G_BEGIN_DECLS

typedef struct _JdTestReplay JdTestReplay;

/* Logs in as @user on @prosody (10 s at most). */
JdTestReplay  *jd_test_replay_new          (JdTestProsody *prosody, const char *user);
void           jd_test_replay_free         (JdTestReplay *self);
/* The replay account's client (for disco, presence, ...).
 * Returns: (transfer none) */
JdXmppClient  *jd_test_replay_get_client   (JdTestReplay *self);
/* Our bound full JID. */
const char    *jd_test_replay_get_jid      (JdTestReplay *self);
/* The full JID stanzas of the other party are rewritten to (and the only
 * one whose stanzas are recorded); the bare JID is derived from it. */
void           jd_test_replay_set_peer     (JdTestReplay *self, const char *full_jid);
/* The sid (= JMI id) that replaces the capture's: a fresh one unless
 * set (two replays playing both sides of one capture share one). */
const char    *jd_test_replay_get_sid      (JdTestReplay *self);
void           jd_test_replay_set_sid      (JdTestReplay *self, const char *sid);

/* Adds a send step for every stanza of the capture at @path sent by
 * @actor (its JID in the capture, full or bare) whose label is in
 * @labels (NULL = all), in capture order.  The first stanza's sender
 * that is not the actor is taken as the other party. */
gboolean       jd_test_replay_load_capture (JdTestReplay *self, const char *path,
                                            const char *actor, const char *const *labels,
                                            GError **error);
/* A send step for @xml (rewritten like captured stanzas once a capture
 * is loaded). */
void           jd_test_replay_add_send     (JdTestReplay *self, const char *label,
                                            const char *xml);
/* A wait step: a stanza named @name (nullable = any) whose type is @type
 * (nullable = any) with a child element @child_name (nullable = none
 * needed) in namespace @child_ns; "action" of a <jingle/> child is
 * matched with jd_test_replay_add_wait_jingle().  Stanzas already
 * received and not yet claimed by an earlier wait count. */
void           jd_test_replay_add_wait     (JdTestReplay *self, const char *label,
                                            const char *name, const char *type,
                                            const char *child_ns, const char *child_name,
                                            guint timeout_ms);
/* A wait step for an IQ set carrying <jingle action=@action/>. */
void           jd_test_replay_add_wait_jingle (JdTestReplay *self, const char *action,
                                               guint timeout_ms);
/* Runs the remaining steps in order. */
void           jd_test_replay_run          (JdTestReplay *self);
/* Runs the next step only (to interleave two replays); FALSE when none
 * was left. */
gboolean       jd_test_replay_step         (JdTestReplay *self);

/* Every stanza received from the peer, in order.
 * Returns: (transfer none) (element-type xmpp_stanza_t) */
GPtrArray     *jd_test_replay_received     (JdTestReplay *self);
/* The first received IQ set with <jingle action=@action/>, or NULL.
 * Returns: (transfer none) */
xmpp_stanza_t *jd_test_replay_find_jingle  (JdTestReplay *self, const char *action);
/* The number of received IQs of type error (answers to our stanzas). */
guint          jd_test_replay_count_errors (JdTestReplay *self);
/* The number of our sent IQs that were answered with a result. */
guint          jd_test_replay_count_results (JdTestReplay *self);
/* Datagrams that reached the sockets behind our candidates. */
guint          jd_test_replay_count_datagrams (JdTestReplay *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestReplay, jd_test_replay_free)

G_END_DECLS
