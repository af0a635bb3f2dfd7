/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-jingle-jmi-manager
 *
 * JdJingleJmiManager runs an account's XEP-0353 Jingle Message Initiation
 * exchanges: the <message/>s that come before a Jingle session (propose,
 * ringing, proceed, reject, retract, accept) and after it (finish).  It
 * keeps one record per JMI id (the future Jingle sid) and reports what the
 * peers and our other devices did through signals; it never touches a
 * Jingle session or media: the call layer (JdCall) decides.
 *
 * What it decides itself, because only it sees both directions:
 * - glare (XEP-0353 §4.1): both ends proposed to each other.  The lower id
 *   (i;octet) wins.  When ours is lower, the peer's propose is answered
 *   with <reject><reason><expired/></reason><tie-break/></reject> and not
 *   reported.  When ours is higher, ours is retracted with <tie-break/>
 *   (::lost-tie-break for it) and the peer's is reported on ::proposed
 *   with @won_glare TRUE.
 * - replays: a propose whose <delay/> stamp is older than the ring
 *   timeout is reported on ::missed, never on ::proposed.
 * - duplicates: a message is handled once per (id, action, sender),
 *   however it arrives (directly, or as a carbon); the sender counts so
 *   that a second device's proceed is not taken for a duplicate.  A
 *   received carbon of a message addressed to another full JID of ours
 *   concerns that device only and is ignored.
 * - a second proceed for a proposal that already has one (another device
 *   of the callee) is answered with <retract> to that full JID; no second
 *   ::proceeded.
 * - migration (XEP-0353 §4.2): a propose from a peer with whom a proposal
 *   was answered and not finished yet is that call moving (the peer's
 *   other device, or the same one back after a connection loss): the old
 *   one is finished with <expired/> and <migrated to=new-id/>
 *   (::migrated), the new one reported on ::proposed to be taken at once.
 * - ended proposals (rejected, retracted, finished, answered by another
 *   device, lost a tie-break, forgotten) are remembered, the last 1024,
 *   with the reason that ended them: a propose of such an id is ignored,
 *   and jd_jingle_jmi_manager_lookup_session_id() tells the call layer
 *   that a session-initiate with it comes too late.
 *
 * Every message is type='chat' with the <store/> hint, as XEP-0353 asks.
 * Messages from our own full JID (the server echoing what we sent to our
 * bare JID) are ignored.
 */
#pragma once

#include "jd-jingle-jmi.h"
#include "jd-jingle-manager.h"
#include "xmpp/jd-im.h"
#include "xmpp/jd-mam.h"

G_BEGIN_DECLS

#define JD_TYPE_JINGLE_JMI_MANAGER (jd_jingle_jmi_manager_get_type ())
G_DECLARE_FINAL_TYPE (JdJingleJmiManager, jd_jingle_jmi_manager, JD, JINGLE_JMI_MANAGER, GObject)

/* @backend is copied; @backend_data borrowed (see JdJingleManager): only
 * get_context, get_own_jid and send are used. */
JdJingleJmiManager *jd_jingle_jmi_manager_new (const JdJingleBackend *backend,
                                               gpointer backend_data);

/* Replays older than this are missed calls; 0 = 60 s. */
void     jd_jingle_jmi_manager_set_ring_timeout (JdJingleJmiManager *self, guint ms);

/* Takes a received <message/> (or, with @carbon other than NONE, the
 * message unwrapped from a carbon of our own bare JID).  Returns FALSE
 * when it carries no JMI element (nothing done); TRUE when it did, even
 * when the message was invalid or unexpected (then it is logged and
 * dropped: a message cannot be answered with an error that helps). */
gboolean jd_jingle_jmi_manager_handle_message (JdJingleJmiManager *self, xmpp_stanza_t *message,
                                               JdMessageCarbon carbon);

/* Takes the messages of our own archive (XEP-0313) that the server
 * stored while we were away, in archive order, once the whole catch-up
 * is read so that each id's story is complete.  A propose from someone
 * else is reported on ::missed (stamp: the archive's), never on
 * ::proposed however recent, unless the archive holds an accept, proceed
 * or reject of that id from our own account (answered or declined on
 * another device), or it was seen already (live, from offline storage,
 * or a record of it exists).  Our own proposes are not missed calls;
 * other messages are ignored.  @items: (element-type JdMamItem) */
void     jd_jingle_jmi_manager_handle_archive (JdJingleJmiManager *self, GPtrArray *items);

/* -- Outgoing --------------------------------------------------------- */

/* Sends <propose/> for @media to @bare_jid.
 * Returns: (transfer full): the id (UUIDv4), the sid of the session to come */
char    *jd_jingle_jmi_manager_propose  (JdJingleJmiManager *self, const char *bare_jid,
                                         const JdJingleMedia *media, guint n_media);
/* Before a proceed: <retract/> with @reason (cancel when the user hangs
 * up, timeout after the ring timeout).  The proposal has ended. */
void     jd_jingle_jmi_manager_retract  (JdJingleJmiManager *self, const char *id,
                                         JdJingleReasonType reason);

/* -- Incoming --------------------------------------------------------- */

/* <ringing/> to the proposing full JID. */
void     jd_jingle_jmi_manager_ring     (JdJingleJmiManager *self, const char *id);
/* Answer: <accept/> to our own bare JID (our other devices stop
 * ringing), then <proceed/> to the proposing full JID. */
void     jd_jingle_jmi_manager_proceed  (JdJingleJmiManager *self, const char *id);
/* Decline: <reject/> with @reason to the proposer (our other devices
 * see it as a carbon).  The proposal has ended. */
void     jd_jingle_jmi_manager_reject   (JdJingleJmiManager *self, const char *id,
                                         JdJingleReasonType reason);

/* -- Both ------------------------------------------------------------- */

/* After the Jingle session of a proceeded proposal ended: <finish/> with
 * @reason to the peer's bare JID.  The proposal has ended. */
void     jd_jingle_jmi_manager_finish   (JdJingleJmiManager *self, const char *id,
                                         JdJingleReasonType reason);
/* Ends the proposal without sending anything (e.g. the call failed
 * before anything was sent). */
void     jd_jingle_jmi_manager_forget   (JdJingleJmiManager *self, const char *id);

/**
 * JdJingleJmiSidInfo:
 * @outgoing: we proposed
 * @proceeded: a proceed was sent (incoming) or received (outgoing)
 * @ended: the proposal is over; FALSE while it rings or waits for its
 *   session (or has it)
 * @reason: once @ended, the reason of the message that ended it, sent
 *   or received (reject, retract, finish; cancel when another device of
 *   ours answered it, decline when one rejected it, expired for a lost
 *   tie-break, general-error when forgotten); success while live
 * @peer_bare: the proposer (incoming) or the callee (outgoing)
 * @peer_full: (nullable): the full JID that proposed (incoming) or
 *   proceeded (outgoing)
 *
 * What the manager knows of a JMI id.  The strings belong to the manager
 * and are valid until it is next called.
 */
typedef struct {
  gboolean outgoing;
  gboolean proceeded;
  gboolean ended;
  JdJingleReasonType reason;
  const char *peer_bare;
  const char *peer_full;
} JdJingleJmiSidInfo;

/* Whether @sid (a Jingle sid) is the id of a proposal the manager has
 * seen, live or ended not long ago; @out_info (nullable) says how it
 * stands.  A JMI id is the sid of the session that follows it: a
 * session-initiate with a known id that does not come from where the
 * proposal expects it is not a new call. */
gboolean jd_jingle_jmi_manager_lookup_session_id (JdJingleJmiManager *self, const char *sid,
                                                  JdJingleJmiSidInfo *out_info);

/* The full JID that proposed (incoming) or proceeded (outgoing), NULL
 * before a proceed of an outgoing one or for an unknown id. */
const char *jd_jingle_jmi_manager_get_peer (JdJingleJmiManager *self, const char *id);
guint    jd_jingle_jmi_manager_count    (JdJingleJmiManager *self);

/*
 * Signals (every one carries the JMI id first):
 *
 * Incoming:
 *  ::proposed (id, from: full JID, media: guint bit mask 1 << JdJingleMedia,
 *              take_at_once: gboolean) — a live propose for us.  @take_at_once:
 *              the user wants this call already (it won a glare against
 *              ours, or it continues a migrated one): answer without ringing.
 *  ::missed   (id, from, media mask, stamp: GDateTime) — a replayed one
 *              (offline storage, or the archive: handle_archive()).
 *  ::retracted (id, from, reason: JdJingleReasonType) — the caller gave up.
 *  ::handled-elsewhere (id, action: JdJingleJmiAction) — another device of
 *              our account sent accept/proceed (ACCEPT) or reject (REJECT).
 * Outgoing:
 *  ::ringing   (id, from: full JID)
 *  ::proceeded (id, from: full JID) — once; start the session with it.
 *  ::rejected  (id, from, reason: JdJingleReasonType)
 *  ::lost-tie-break (id) — ours was retracted in favour of the peer's.
 * Both:
 *  ::finished  (id, from, reason: JdJingleReasonType) — the peer's finish.
 *  ::migrated  (old id, new id) — the peer moved the call of old id to the
 *              new proposal (reported on ::proposed right after); the old
 *              one's session is an orphan and must end.
 */

G_END_DECLS
