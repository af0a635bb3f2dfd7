/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-jingle-jmi-manager.h"

#include <string.h>

#include "xmpp/jd-jid.h"

#define DEFAULT_RING_TIMEOUT_MS 60000
/* Messages remembered against replays: a call makes about ten, so this
 * covers hundreds of calls while bounding what a chatty peer costs. */
#define MAX_SEEN 4096
/* Ended proposals remembered against late session-initiates: one per
 * call, so this covers far more calls than a caller would retry. */
#define MAX_ENDED 1024

typedef struct {
  char *id;
  gboolean outgoing;
  char *peer_bare;           /* the callee (outgoing) or the proposer (incoming) */
  char *peer_full;           /* the proposer, or the resource that proceeded */
  gboolean proceeded;        /* a proceed was received (outgoing) or sent (incoming) */
  JdJingleReasonType reason; /* once ended: the reason of the message that ended it */
} Record;

struct _JdJingleJmiManager {
  GObject parent_instance;
  JdJingleBackend backend;
  gpointer backend_data;
  GHashTable *records;       /* id -> Record */
  GHashTable *seen;          /* "action id from" of the handled messages */
  GQueue seen_order;         /* the same keys (borrowed), oldest first */
  GHashTable *ended;         /* id -> Record of a proposal that ended */
  GQueue ended_order;        /* the same ids (borrowed), oldest first */
  guint ring_timeout_ms;
};

G_DEFINE_FINAL_TYPE (JdJingleJmiManager, jd_jingle_jmi_manager, G_TYPE_OBJECT)

enum {
  SIGNAL_PROPOSED,
  SIGNAL_MISSED,
  SIGNAL_RETRACTED,
  SIGNAL_HANDLED_ELSEWHERE,
  SIGNAL_RINGING,
  SIGNAL_PROCEEDED,
  SIGNAL_REJECTED,
  SIGNAL_LOST_TIE_BREAK,
  SIGNAL_FINISHED,
  SIGNAL_MIGRATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
record_free (gpointer data)
{
  Record *r = data;

  g_free (r->id);
  g_free (r->peer_bare);
  g_free (r->peer_full);
  g_free (r);
}

static Record *
record_add (JdJingleJmiManager *self, const char *id, gboolean outgoing, const char *peer_bare,
            const char *peer_full)
{
  Record *r = g_new0 (Record, 1);

  r->id = g_strdup (id);
  r->outgoing = outgoing;
  r->peer_bare = g_strdup (peer_bare);
  r->peer_full = g_strdup (peer_full);
  g_hash_table_replace (self->records, r->id, r);
  return r;
}

static Record *
lookup (JdJingleJmiManager *self, const char *id)
{
  return id != NULL ? g_hash_table_lookup (self->records, id) : NULL;
}

static void
remember_ended (JdJingleJmiManager *self, Record *r)
{
  Record *old = g_hash_table_lookup (self->ended, r->id);

  /* Ids are UUIDs, but the queue must never keep a freed key. */
  if (old != NULL)
    {
      g_queue_remove (&self->ended_order, old->id);
      g_hash_table_remove (self->ended, old->id);
    }
  g_hash_table_insert (self->ended, r->id, r);
  g_queue_push_tail (&self->ended_order, r->id);
  if (g_queue_get_length (&self->ended_order) > MAX_ENDED)
    g_hash_table_remove (self->ended, g_queue_pop_head (&self->ended_order));
}

/* The proposal @id is over (@reason: what the message that ended it
 * said): its record moves to the ended ones, so that a session-initiate
 * or a propose that comes too late is recognised. */
static void
end_record (JdJingleJmiManager *self, const char *id, JdJingleReasonType reason)
{
  gpointer key, value;

  if (id == NULL || !g_hash_table_steal_extended (self->records, id, &key, &value))
    return;
  ((Record *) value)->reason = reason;
  remember_ended (self, value);
}

/* A proposal that never got a record (the peer's, which lost a
 * tie-break) is remembered as ended all the same. */
static void
remember_refused (JdJingleJmiManager *self, const JdJingleJmi *jmi, const char *from_bare,
                  JdJingleReasonType reason)
{
  Record *r = g_new0 (Record, 1);

  r->id = g_strdup (jmi->id);
  r->peer_bare = g_strdup (from_bare);
  r->peer_full = g_strdup (jmi->from);
  r->reason = reason;
  remember_ended (self, r);
}

static guint
media_mask (const JdJingleJmi *jmi)
{
  guint mask = 0;

  for (guint i = 0; i < jmi->n_media; i++)
    mask |= 1u << jmi->media[i];
  return mask;
}

static JdJingleReasonType
reason_or (const JdJingleJmi *jmi, JdJingleReasonType fallback)
{
  return jmi->reason != NULL ? jmi->reason->type : fallback;
}

/* Sending */

static const char *
own_jid (JdJingleJmiManager *self)
{
  return self->backend.get_own_jid (self->backend_data);
}

static void
send_jmi (JdJingleJmiManager *self, JdJingleJmi *jmi, const char *to)
{
  g_autoptr (xmpp_stanza_t) message = NULL;

  g_free (jmi->to);
  jmi->to = g_strdup (to);
  g_free (jmi->message_id);
  jmi->message_id = g_uuid_string_random ();
  message = jd_jingle_jmi_build (self->backend.get_context (self->backend_data), jmi);
  g_debug ("sending <%s id='%s'/> to %s", jd_jingle_jmi_action_to_string (jmi->action), jmi->id,
           to);
  self->backend.send (self->backend_data, message);
}

static void
send_action (JdJingleJmiManager *self, JdJingleJmiAction action, const char *id, const char *to,
             const JdJingleReason *reason, gboolean tie_break)
{
  g_autoptr (JdJingleJmi) jmi = jd_jingle_jmi_new (action, id);

  if (reason != NULL)
    jmi->reason = jd_jingle_reason_copy (reason);
  jmi->tie_break = tie_break;
  send_jmi (self, jmi, to);
}

static void
send_with_reason (JdJingleJmiManager *self, JdJingleJmiAction action, const char *id,
                  const char *to, JdJingleReasonType type)
{
  g_autoptr (JdJingleReason) reason = jd_jingle_reason_new (type, NULL);

  send_action (self, action, id, to, reason, FALSE);
}

/* XEP-0353 §4.1: <reason><expired/><text>Tie-Break</text></reason><tie-break/>. */
static void
send_tie_break (JdJingleJmiManager *self, JdJingleJmiAction action, const char *id,
                const char *to)
{
  g_autoptr (JdJingleReason) reason = jd_jingle_reason_new (JD_JINGLE_REASON_EXPIRED,
                                                            "Tie-Break");

  send_action (self, action, id, to, reason, TRUE);
}

/* Receiving */

/* TRUE the first time (id, action, sender) is seen: a carbon and the
 * direct copy of one message count once, while a proceed of another
 * device of the callee is a message of its own. */
static gboolean
first_time (JdJingleJmiManager *self, const JdJingleJmi *jmi)
{
  char *key = g_strdup_printf ("%s %s %s", jd_jingle_jmi_action_to_string (jmi->action),
                               jmi->id, jmi->from != NULL ? jmi->from : "");

  if (g_hash_table_contains (self->seen, key))
    {
      g_free (key);
      return FALSE;
    }
  g_hash_table_add (self->seen, key);
  g_queue_push_tail (&self->seen_order, key);
  if (g_queue_get_length (&self->seen_order) > MAX_SEEN)
    g_hash_table_remove (self->seen, g_queue_pop_head (&self->seen_order));
  return TRUE;
}

static gboolean
is_replay (JdJingleJmiManager *self, const JdJingleJmi *jmi)
{
  g_autoptr (GDateTime) now = NULL;

  if (jmi->delay == NULL)
    return FALSE;
  now = g_date_time_new_now_utc ();
  return g_date_time_difference (now, jmi->delay) > (GTimeSpan) self->ring_timeout_ms * 1000;
}

/* The first record with @peer_bare that @match accepts. */
static Record *
find_with_peer (JdJingleJmiManager *self, const char *peer_bare, gboolean (*match) (Record *r))
{
  GHashTableIter iter;
  Record *r;

  g_hash_table_iter_init (&iter, self->records);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &r))
    {
      if (match (r) && jd_jid_str_equal (r->peer_bare, peer_bare))
        return r;
    }
  return NULL;
}

static gboolean
is_unanswered_outgoing (Record *r)
{
  return r->outgoing && !r->proceeded;
}

/* Answered either way round, its session not finished yet. */
static gboolean
is_answered (Record *r)
{
  return r->proceeded;
}

/* XEP-0353 §4.1: the lower id (i;octet) wins; equal ids, the lower JID. */
static gboolean
ours_wins (JdJingleJmiManager *self, const char *ours, const JdJingleJmi *theirs)
{
  int cmp = strcmp (ours, theirs->id);

  if (cmp == 0)
    cmp = strcmp (own_jid (self), theirs->from);
  return cmp < 0;
}

/* XEP-0353 §4.2: a propose from a peer we are in a call with is that
 * call moving (another device of the peer, or the same one back after
 * losing its connection): the old one is finished with <migrated/>.
 * Returns: (transfer full) (nullable): the old id */
static char *
migrate_answered (JdJingleJmiManager *self, const JdJingleJmi *jmi, const char *from_bare)
{
  Record *old = find_with_peer (self, from_bare, is_answered);
  g_autoptr (JdJingleJmi) finish = NULL;
  char *old_id;

  if (old == NULL)
    return NULL;
  old_id = g_strdup (old->id);
  g_info ("%s proposes %s while %s is running: the call moves", jmi->from, jmi->id, old_id);
  finish = jd_jingle_jmi_new (JD_JINGLE_JMI_FINISH, old_id);
  finish->reason = jd_jingle_reason_new (JD_JINGLE_REASON_EXPIRED, "Session migrated");
  finish->migrated_to = g_strdup (jmi->id);
  send_jmi (self, finish, old->peer_bare);
  end_record (self, old_id, JD_JINGLE_REASON_EXPIRED);
  return old_id;
}

static void
on_propose (JdJingleJmiManager *self, const JdJingleJmi *jmi, const char *from_bare)
{
  Record *mine;
  g_autofree char *lost_id = NULL;
  g_autofree char *migrated_id = NULL;

  if (lookup (self, jmi->id) != NULL || g_hash_table_contains (self->ended, jmi->id))
    {
      g_info ("ignoring a propose of the known id %s", jmi->id);
      return;
    }
  if (is_replay (self, jmi))
    {
      g_signal_emit (self, signals[SIGNAL_MISSED], 0, jmi->id, jmi->from, media_mask (jmi),
                     jmi->delay);
      return;
    }
  if ((mine = find_with_peer (self, from_bare, is_unanswered_outgoing)) != NULL)
    {
      g_autofree char *mine_id = g_strdup (mine->id);

      if (ours_wins (self, mine_id, jmi))
        {
          g_info ("glare with %s: our %s beats %s", from_bare, mine_id, jmi->id);
          send_tie_break (self, JD_JINGLE_JMI_REJECT, jmi->id, from_bare);
          remember_refused (self, jmi, from_bare, JD_JINGLE_REASON_EXPIRED);
          return;
        }
      g_info ("glare with %s: their %s beats our %s", from_bare, jmi->id, mine_id);
      send_tie_break (self, JD_JINGLE_JMI_RETRACT, mine_id, mine->peer_bare);
      end_record (self, mine_id, JD_JINGLE_REASON_EXPIRED);
      lost_id = g_steal_pointer (&mine_id);
    }
  else
    migrated_id = migrate_answered (self, jmi, from_bare);
  record_add (self, jmi->id, FALSE, from_bare, jmi->from);
  /* Both signals once the records say what they report. */
  if (lost_id != NULL)
    g_signal_emit (self, signals[SIGNAL_LOST_TIE_BREAK], 0, lost_id);
  if (migrated_id != NULL)
    g_signal_emit (self, signals[SIGNAL_MIGRATED], 0, migrated_id, jmi->id);
  g_signal_emit (self, signals[SIGNAL_PROPOSED], 0, jmi->id, jmi->from, media_mask (jmi),
                 lost_id != NULL || migrated_id != NULL);
}

static void
on_proceed (JdJingleJmiManager *self, Record *r, const JdJingleJmi *jmi)
{
  if (r->proceeded)
    {
      /* Another device of the callee answered too: it must stop. */
      if (!jd_jid_str_equal (r->peer_full, jmi->from))
        {
          g_info ("second proceed for %s from %s: retracting there", r->id, jmi->from);
          send_with_reason (self, JD_JINGLE_JMI_RETRACT, r->id, jmi->from,
                            JD_JINGLE_REASON_CANCEL);
        }
      return;
    }
  r->proceeded = TRUE;
  g_free (r->peer_full);
  r->peer_full = g_strdup (jmi->from);
  g_signal_emit (self, signals[SIGNAL_PROCEEDED], 0, r->id, jmi->from);
}

/* A message from the peer about a proposal we know. */
static void
on_peer_action (JdJingleJmiManager *self, const JdJingleJmi *jmi, const char *from_bare)
{
  Record *r = lookup (self, jmi->id);
  g_autofree char *id = g_strdup (jmi->id);

  if (r == NULL || !jd_jid_str_equal (r->peer_bare, from_bare))
    {
      g_info ("ignoring <%s/> from %s for the unknown id %s",
              jd_jingle_jmi_action_to_string (jmi->action), jmi->from, jmi->id);
      return;
    }
  switch (jmi->action)
    {
    case JD_JINGLE_JMI_RINGING:
      if (r->outgoing && !r->proceeded)
        g_signal_emit (self, signals[SIGNAL_RINGING], 0, id, jmi->from);
      break;
    case JD_JINGLE_JMI_PROCEED:
      if (r->outgoing)
        on_proceed (self, r, jmi);
      break;
    case JD_JINGLE_JMI_REJECT:
      if (r->outgoing && !r->proceeded)
        {
          end_record (self, id, reason_or (jmi, JD_JINGLE_REASON_DECLINE));
          g_signal_emit (self, signals[SIGNAL_REJECTED], 0, id, jmi->from,
                         (guint) reason_or (jmi, JD_JINGLE_REASON_DECLINE));
        }
      break;
    case JD_JINGLE_JMI_RETRACT:
      if (!r->outgoing)
        {
          end_record (self, id, reason_or (jmi, JD_JINGLE_REASON_CANCEL));
          g_signal_emit (self, signals[SIGNAL_RETRACTED], 0, id, jmi->from,
                         (guint) reason_or (jmi, JD_JINGLE_REASON_CANCEL));
        }
      break;
    case JD_JINGLE_JMI_FINISH:
      end_record (self, id, reason_or (jmi, JD_JINGLE_REASON_SUCCESS));
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0, id, jmi->from,
                     (guint) reason_or (jmi, JD_JINGLE_REASON_SUCCESS));
      break;
    case JD_JINGLE_JMI_PROPOSE:
    case JD_JINGLE_JMI_ACCEPT:
    case JD_JINGLE_JMI_N_ACTIONS:
    default:
      g_info ("ignoring <%s/> from the peer %s", jd_jingle_jmi_action_to_string (jmi->action),
              jmi->from);
      break;
    }
}

/* A message another device of our account sent: only an answer to a
 * proposal that rings here matters. */
static void
on_own_device_action (JdJingleJmiManager *self, const JdJingleJmi *jmi)
{
  Record *r = lookup (self, jmi->id);
  g_autofree char *id = g_strdup (jmi->id);
  JdJingleJmiAction action;

  if (r == NULL || r->outgoing || r->proceeded)
    return;
  if (jmi->action == JD_JINGLE_JMI_ACCEPT || jmi->action == JD_JINGLE_JMI_PROCEED)
    action = JD_JINGLE_JMI_ACCEPT;
  else if (jmi->action == JD_JINGLE_JMI_REJECT)
    action = JD_JINGLE_JMI_REJECT;
  else
    return;
  /* What our call says of it too (answered-elsewhere: cancel). */
  end_record (self, id, action == JD_JINGLE_JMI_ACCEPT ? JD_JINGLE_REASON_CANCEL
                                                       : JD_JINGLE_REASON_DECLINE);
  g_signal_emit (self, signals[SIGNAL_HANDLED_ELSEWHERE], 0, id, (guint) action);
}

static void
dispatch (JdJingleJmiManager *self, const JdJingleJmi *jmi, JdMessageCarbon carbon)
{
  const char *own = own_jid (self);
  g_autofree char *own_bare = own != NULL ? jd_jid_bare_of (own) : NULL;
  g_autofree char *from_bare = NULL;

  if (own_bare == NULL)
    {
      g_info ("dropping a JMI message: not connected");
      return;
    }

  /* A sent carbon is what another device of ours sent, whatever the
   * server wrote as its sender. */
  if (carbon == JD_MESSAGE_CARBON_SENT)
    {
      if (!jd_jid_str_equal (jmi->from, own))
        on_own_device_action (self, jmi);
      return;
    }
  if (jmi->from == NULL || (from_bare = jd_jid_bare_of (jmi->from)) == NULL)
    {
      g_info ("dropping a JMI message without a valid sender");
      return;
    }
  if (jd_jid_str_equal (jmi->from, own))
    return;    /* the server echoing what we sent to our bare JID */
  if (jd_jid_str_equal (from_bare, own_bare))
    on_own_device_action (self, jmi);
  else if (jmi->action == JD_JINGLE_JMI_PROPOSE)
    on_propose (self, jmi, from_bare);
  else
    on_peer_action (self, jmi, from_bare);
}

/* A received carbon of a message addressed to another full JID of ours
 * (e.g. the caller's retract to the device whose proceed came second)
 * concerns that device only. */
static gboolean
for_another_device (JdJingleJmiManager *self, const JdJingleJmi *jmi)
{
  const char *own = own_jid (self);
  g_autofree char *own_bare = own != NULL ? jd_jid_bare_of (own) : NULL;

  return jmi->to != NULL && !jd_jid_str_equal (jmi->to, own) &&
         !jd_jid_str_equal (jmi->to, own_bare);
}

gboolean
jd_jingle_jmi_manager_handle_message (JdJingleJmiManager *self, xmpp_stanza_t *message,
                                      JdMessageCarbon carbon)
{
  g_autoptr (JdJingleJmi) jmi = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (JD_IS_JINGLE_JMI_MANAGER (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  if (jd_jingle_jmi_find (message) == NULL)
    return FALSE;
  if (!jd_jingle_jmi_parse (message, &jmi, &error))
    {
      g_info ("dropping an invalid JMI message from %s: %s",
              xmpp_stanza_get_from (message) != NULL ? xmpp_stanza_get_from (message) : "nobody",
              error->message);
      return TRUE;
    }
  if (carbon == JD_MESSAGE_CARBON_RECEIVED && for_another_device (self, jmi))
    {
      g_debug ("<%s id='%s'/> was for %s, not this device",
               jd_jingle_jmi_action_to_string (jmi->action), jmi->id, jmi->to);
      return TRUE;
    }
  if (!first_time (self, jmi))
    {
      g_debug ("<%s id='%s'/> from %s already handled",
               jd_jingle_jmi_action_to_string (jmi->action), jmi->id, jmi->from);
      return TRUE;
    }
  dispatch (self, jmi, carbon);
  return TRUE;
}

/* Archive catch-up (XEP-0313) */

/* Returns: (transfer full) (nullable): the JMI message of @item, with the
 * archive's stamp as its delay (the archive's word, not the sender's). */
static JdJingleJmi *
parse_archived (const JdMamItem *item)
{
  g_autoptr (JdJingleJmi) jmi = NULL;
  g_autoptr (GError) error = NULL;

  if (jd_jingle_jmi_find (item->message) == NULL)
    return NULL;
  if (!jd_jingle_jmi_parse (item->message, &jmi, &error))
    {
      g_info ("skipping an invalid archived JMI message %s: %s", item->archive_id,
              error->message);
      return NULL;
    }
  if (jmi->from == NULL || jmi->id == NULL)
    return NULL;
  g_clear_pointer (&jmi->delay, g_date_time_unref);
  jmi->delay = g_date_time_ref (item->stamp);
  return g_steal_pointer (&jmi);
}

static gboolean
from_account (const JdJingleJmi *jmi, const char *own_bare)
{
  g_autofree char *from_bare = jd_jid_bare_of (jmi->from);

  return from_bare != NULL && jd_jid_str_equal (from_bare, own_bare);
}

/* The ids some device of ours (this one in an earlier run included)
 * answered or declined. */
static GHashTable *
answered_ids (GPtrArray *jmis, const char *own_bare)
{
  GHashTable *ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < jmis->len; i++)
    {
      const JdJingleJmi *jmi = jmis->pdata[i];

      if ((jmi->action == JD_JINGLE_JMI_ACCEPT || jmi->action == JD_JINGLE_JMI_PROCEED ||
           jmi->action == JD_JINGLE_JMI_REJECT) && from_account (jmi, own_bare))
        g_hash_table_add (ids, jmi->id);
    }
  return ids;
}

static void
report_archived_propose (JdJingleJmiManager *self, const JdJingleJmi *jmi, GHashTable *answered)
{
  if (g_hash_table_contains (answered, jmi->id))
    {
      g_debug ("archived propose %s was answered on another device", jmi->id);
      first_time (self, jmi);
      return;
    }
  if (lookup (self, jmi->id) != NULL || !first_time (self, jmi))
    {
      g_debug ("archived propose %s from %s is known already", jmi->id, jmi->from);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_MISSED], 0, jmi->id, jmi->from, media_mask (jmi),
                 jmi->delay);
}

void
jd_jingle_jmi_manager_handle_archive (JdJingleJmiManager *self, GPtrArray *items)
{
  const char *own;
  g_autofree char *own_bare = NULL;
  g_autoptr (GPtrArray) jmis = NULL;
  g_autoptr (GHashTable) answered = NULL;

  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  g_return_if_fail (items != NULL);
  if ((own = own_jid (self)) == NULL || (own_bare = jd_jid_bare_of (own)) == NULL)
    return;
  jmis = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_jmi_free);
  for (guint i = 0; i < items->len; i++)
    {
      JdJingleJmi *jmi = parse_archived (items->pdata[i]);

      if (jmi != NULL)
        g_ptr_array_add (jmis, jmi);
    }
  answered = answered_ids (jmis, own_bare);
  for (guint i = 0; i < jmis->len; i++)
    {
      const JdJingleJmi *jmi = jmis->pdata[i];

      if (jmi->action == JD_JINGLE_JMI_PROPOSE && !from_account (jmi, own_bare))
        report_archived_propose (self, jmi, answered);
    }
}

/* Outgoing */

char *
jd_jingle_jmi_manager_propose (JdJingleJmiManager *self, const char *bare_jid,
                               const JdJingleMedia *media, guint n_media)
{
  g_autoptr (JdJingleJmi) jmi = NULL;
  g_autofree char *id = g_uuid_string_random ();

  g_return_val_if_fail (JD_IS_JINGLE_JMI_MANAGER (self), NULL);
  g_return_val_if_fail (bare_jid != NULL && n_media > 0, NULL);
  jmi = jd_jingle_jmi_new (JD_JINGLE_JMI_PROPOSE, id);
  for (guint i = 0; i < n_media; i++)
    jd_jingle_jmi_add_media (jmi, media[i]);
  record_add (self, id, TRUE, bare_jid, NULL);
  send_jmi (self, jmi, bare_jid);
  return g_steal_pointer (&id);
}

/* Returns: (nullable): the record of @id if it goes the way @outgoing says */
static Record *
lookup_expected (JdJingleJmiManager *self, const char *id, gboolean outgoing, const char *what)
{
  Record *r = lookup (self, id);

  if (r == NULL || r->outgoing != outgoing)
    {
      g_debug ("%s: no %s proposal %s", what, outgoing ? "outgoing" : "incoming", id);
      return NULL;
    }
  return r;
}

void
jd_jingle_jmi_manager_retract (JdJingleJmiManager *self, const char *id,
                               JdJingleReasonType reason)
{
  Record *r;

  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  if ((r = lookup_expected (self, id, TRUE, "retract")) == NULL)
    return;
  send_with_reason (self, JD_JINGLE_JMI_RETRACT, r->id, r->peer_bare, reason);
  end_record (self, id, reason);
}

void
jd_jingle_jmi_manager_ring (JdJingleJmiManager *self, const char *id)
{
  Record *r;

  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  if ((r = lookup_expected (self, id, FALSE, "ring")) == NULL)
    return;
  send_action (self, JD_JINGLE_JMI_RINGING, r->id, r->peer_full, NULL, FALSE);
}

void
jd_jingle_jmi_manager_proceed (JdJingleJmiManager *self, const char *id)
{
  Record *r;
  g_autofree char *own_bare = NULL;

  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  if ((r = lookup_expected (self, id, FALSE, "proceed")) == NULL || r->proceeded)
    return;
  r->proceeded = TRUE;
  if (own_jid (self) != NULL && (own_bare = jd_jid_bare_of (own_jid (self))) != NULL)
    send_action (self, JD_JINGLE_JMI_ACCEPT, r->id, own_bare, NULL, FALSE);
  send_action (self, JD_JINGLE_JMI_PROCEED, r->id, r->peer_full, NULL, FALSE);
}

void
jd_jingle_jmi_manager_reject (JdJingleJmiManager *self, const char *id,
                              JdJingleReasonType reason)
{
  Record *r;

  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  if ((r = lookup_expected (self, id, FALSE, "reject")) == NULL)
    return;
  send_with_reason (self, JD_JINGLE_JMI_REJECT, r->id, r->peer_full, reason);
  end_record (self, id, reason);
}

void
jd_jingle_jmi_manager_finish (JdJingleJmiManager *self, const char *id,
                              JdJingleReasonType reason)
{
  Record *r;

  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  if ((r = lookup (self, id)) == NULL)
    return;
  send_with_reason (self, JD_JINGLE_JMI_FINISH, r->id, r->peer_bare, reason);
  end_record (self, id, reason);
}

void
jd_jingle_jmi_manager_forget (JdJingleJmiManager *self, const char *id)
{
  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  end_record (self, id, JD_JINGLE_REASON_GENERAL_ERROR);
}

const char *
jd_jingle_jmi_manager_get_peer (JdJingleJmiManager *self, const char *id)
{
  Record *r;

  g_return_val_if_fail (JD_IS_JINGLE_JMI_MANAGER (self), NULL);
  r = lookup (self, id);
  return r != NULL ? r->peer_full : NULL;
}

gboolean
jd_jingle_jmi_manager_lookup_session_id (JdJingleJmiManager *self, const char *sid,
                                         JdJingleJmiSidInfo *out_info)
{
  Record *r;
  gboolean ended = FALSE;

  g_return_val_if_fail (JD_IS_JINGLE_JMI_MANAGER (self), FALSE);
  if (sid == NULL)
    return FALSE;
  if ((r = lookup (self, sid)) == NULL)
    {
      r = g_hash_table_lookup (self->ended, sid);
      ended = TRUE;
    }
  if (r == NULL)
    return FALSE;
  if (out_info != NULL)
    *out_info = (JdJingleJmiSidInfo) {
      .outgoing = r->outgoing,
      .proceeded = r->proceeded,
      .ended = ended,
      .reason = ended ? r->reason : JD_JINGLE_REASON_SUCCESS,
      .peer_bare = r->peer_bare,
      .peer_full = r->peer_full,
    };
  return TRUE;
}

guint
jd_jingle_jmi_manager_count (JdJingleJmiManager *self)
{
  g_return_val_if_fail (JD_IS_JINGLE_JMI_MANAGER (self), 0);
  return g_hash_table_size (self->records);
}

void
jd_jingle_jmi_manager_set_ring_timeout (JdJingleJmiManager *self, guint ms)
{
  g_return_if_fail (JD_IS_JINGLE_JMI_MANAGER (self));
  self->ring_timeout_ms = ms != 0 ? ms : DEFAULT_RING_TIMEOUT_MS;
}

/* GObject */

static void
jd_jingle_jmi_manager_finalize (GObject *object)
{
  JdJingleJmiManager *self = JD_JINGLE_JMI_MANAGER (object);

  g_hash_table_unref (self->records);
  g_queue_clear (&self->ended_order);
  g_hash_table_unref (self->ended);
  g_queue_clear (&self->seen_order);
  g_hash_table_unref (self->seen);
  G_OBJECT_CLASS (jd_jingle_jmi_manager_parent_class)->finalize (object);
}

static guint
new_signal (GObjectClass *klass, const char *name, guint n_params, ...)
{
  va_list args;
  guint id;

  va_start (args, n_params);
  id = g_signal_new_valist (name, G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, NULL, NULL,
                            NULL, NULL, G_TYPE_NONE, n_params, args);
  va_end (args);
  return id;
}

static void
jd_jingle_jmi_manager_class_init (JdJingleJmiManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jd_jingle_jmi_manager_finalize;
  signals[SIGNAL_PROPOSED] = new_signal (object_class, "proposed", 4, G_TYPE_STRING,
                                         G_TYPE_STRING, G_TYPE_UINT, G_TYPE_BOOLEAN);
  signals[SIGNAL_MISSED] = new_signal (object_class, "missed", 4, G_TYPE_STRING, G_TYPE_STRING,
                                       G_TYPE_UINT, G_TYPE_DATE_TIME);
  signals[SIGNAL_RETRACTED] = new_signal (object_class, "retracted", 3, G_TYPE_STRING,
                                          G_TYPE_STRING, G_TYPE_UINT);
  signals[SIGNAL_HANDLED_ELSEWHERE] = new_signal (object_class, "handled-elsewhere", 2,
                                                  G_TYPE_STRING, G_TYPE_UINT);
  signals[SIGNAL_RINGING] = new_signal (object_class, "ringing", 2, G_TYPE_STRING,
                                        G_TYPE_STRING);
  signals[SIGNAL_PROCEEDED] = new_signal (object_class, "proceeded", 2, G_TYPE_STRING,
                                          G_TYPE_STRING);
  signals[SIGNAL_REJECTED] = new_signal (object_class, "rejected", 3, G_TYPE_STRING,
                                         G_TYPE_STRING, G_TYPE_UINT);
  signals[SIGNAL_LOST_TIE_BREAK] = new_signal (object_class, "lost-tie-break", 1,
                                               G_TYPE_STRING);
  signals[SIGNAL_FINISHED] = new_signal (object_class, "finished", 3, G_TYPE_STRING,
                                         G_TYPE_STRING, G_TYPE_UINT);
  signals[SIGNAL_MIGRATED] = new_signal (object_class, "migrated", 2, G_TYPE_STRING,
                                         G_TYPE_STRING);
}

static void
jd_jingle_jmi_manager_init (JdJingleJmiManager *self)
{
  self->records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, record_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->seen_order);
  self->ended = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, record_free);
  g_queue_init (&self->ended_order);
  self->ring_timeout_ms = DEFAULT_RING_TIMEOUT_MS;
}

JdJingleJmiManager *
jd_jingle_jmi_manager_new (const JdJingleBackend *backend, gpointer backend_data)
{
  JdJingleJmiManager *self;

  g_return_val_if_fail (backend != NULL, NULL);
  self = g_object_new (JD_TYPE_JINGLE_JMI_MANAGER, NULL);
  self->backend = *backend;
  self->backend_data = backend_data;
  return self;
}
