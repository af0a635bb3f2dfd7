/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-jingle-session.h"

#include "jd-jingle-session-private.h"
#include "xmpp/jd-xmpp-error.h"

typedef enum {
  EVENT_STATE,
  EVENT_REMOTE_ACTION,
  EVENT_TERMINATED,
  EVENT_TERMINATE_EMPTY,   /* the peer removed the last content (§7.2.5) */
} EventKind;

typedef struct {
  EventKind kind;
  JdJingleMessage *msg;    /* EVENT_REMOTE_ACTION */
} Event;

struct _JdJingleSession
{
  GObject parent_instance;

  JdJingleManager *manager;    /* weak: it owns us, but answers can outlive it */
  char *sid;
  char *peer;
  char *own_jid;
  char *initiator;
  char *responder;
  JdJingleRole role;
  JdJingleState state;
  GPtrArray *contents;         /* JdJingleContent*: agreed, or offered while pending */
  GHashTable *local_adds;      /* name -> JdJingleContent*: our content-add, unanswered */
  GHashTable *remote_adds;     /* name -> JdJingleContent*: theirs, awaiting our answer */
  GHashTable *local_replaces;  /* name -> JdJingleTransport*: our transport-replace */
  GHashTable *remote_replaces; /* name -> JdJingleTransport*: theirs */
  gboolean initiating;         /* our session-initiate is unanswered */
  JdJingleReason *end_reason;
  GQueue events;               /* Event*, emitted after an incoming request is acknowledged */
};

G_DEFINE_FINAL_TYPE (JdJingleSession, jd_jingle_session, G_TYPE_OBJECT)

enum {
  SIGNAL_STATE_CHANGED,
  SIGNAL_REMOTE_ACTION,
  SIGNAL_TERMINATED,
  SIGNAL_REQUEST_FAILED,
  SIGNAL_INFO_FAILED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static JdJingleRole
peer_role (JdJingleSession *self)
{
  return self->role == JD_JINGLE_ROLE_INITIATOR ? JD_JINGLE_ROLE_RESPONDER
                                                : JD_JINGLE_ROLE_INITIATOR;
}

static void
event_free (Event *ev)
{
  g_clear_pointer (&ev->msg, jd_jingle_message_free);
  g_free (ev);
}

static void
queue_event (JdJingleSession *self, EventKind kind, const JdJingleMessage *msg)
{
  Event *ev = g_new0 (Event, 1);

  ev->kind = kind;
  ev->msg = msg != NULL ? jd_jingle_message_copy (msg) : NULL;
  g_queue_push_tail (&self->events, ev);
}

/* ---------------------------------------------------------------- */
/* Contents                                                         */

static int
content_index (GPtrArray *contents, const char *name)
{
  for (guint i = 0; i < contents->len; i++)
    if (g_strcmp0 (((JdJingleContent *) g_ptr_array_index (contents, i))->name, name) == 0)
      return (int) i;
  return -1;
}

const JdJingleContent *
jd_jingle_session_find_content (JdJingleSession *self, const char *name)
{
  int i = content_index (self->contents, name);

  return i >= 0 ? g_ptr_array_index (self->contents, i) : NULL;
}

static JdJingleContent *
find_mutable (JdJingleSession *self, const char *name)
{
  int i = content_index (self->contents, name);

  return i >= 0 ? g_ptr_array_index (self->contents, i) : NULL;
}

static void
set_contents (JdJingleSession *self, GPtrArray *contents)
{
  g_ptr_array_set_size (self->contents, 0);
  for (guint i = 0; contents != NULL && i < contents->len; i++)
    g_ptr_array_add (self->contents, jd_jingle_content_copy (g_ptr_array_index (contents, i)));
}

/* Replaces (or adds) the content of the same name. */
static void
put_content (JdJingleSession *self, const JdJingleContent *content)
{
  int i = content_index (self->contents, content->name);

  if (i >= 0)
    g_ptr_array_remove_index (self->contents, (guint) i);
  g_ptr_array_add (self->contents, jd_jingle_content_copy (content));
}

static gboolean
unknown_content (const char *name, GError **error)
{
  g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST,
               "no content named '%s' in this session", name);
  return FALSE;
}

/* Every content the message names must exist in @table (or the session). */
static gboolean
check_known (JdJingleSession *self, const JdJingleMessage *msg, GHashTable *table,
             GError **error)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (msg->contents, i);
      gboolean known = table != NULL ? g_hash_table_contains (table, c->name)
                                     : content_index (self->contents, c->name) >= 0;

      if (!known)
        return unknown_content (c->name, error);
    }
  return TRUE;
}

/* ---------------------------------------------------------------- */
/* State                                                            */

static void
set_state (JdJingleSession *self, JdJingleState state, gboolean deferred)
{
  if (self->state == state)
    return;
  self->state = state;
  g_debug ("session %s with %s: %s", self->sid, self->peer, jd_jingle_state_to_string (state));
  if (deferred)
    queue_event (self, EVENT_STATE, NULL);
  else
    g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
}

void
jd_jingle_session_end (JdJingleSession *self, JdJingleReasonType reason, const char *text,
                       gboolean by_peer)
{
  JdJingleReason *reason_obj;

  if (self->state == JD_JINGLE_STATE_ENDED)
    return;
  g_object_ref (self);
  /* @text may point into the old reason. */
  reason_obj = jd_jingle_reason_new (reason, text);
  g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
  self->end_reason = reason_obj;
  set_state (self, JD_JINGLE_STATE_ENDED, FALSE);
  g_signal_emit (self, signals[SIGNAL_TERMINATED], 0, self->end_reason, by_peer);
  if (self->manager != NULL)
    jd_jingle_manager_forget (self->manager, self);
  g_object_unref (self);
}

/* ---------------------------------------------------------------- */
/* Sending                                                          */

static JdJingleMessage *
new_request (JdJingleSession *self, JdJingleAction action)
{
  JdJingleMessage *msg = jd_jingle_message_new (action, self->sid);

  msg->to = g_strdup (self->peer);
  msg->from = g_strdup (self->own_jid);
  return msg;
}

/* Checks the state machine for our own request, sends it and moves on. */
static gboolean
send_request (JdJingleSession *self, JdJingleMessage *msg, GError **error)
{
  JdJingleState next;

  if (!jd_jingle_fsm_check (self->state, msg->action, self->role, &next, error))
    return FALSE;
  if (self->manager == NULL)
    {
      g_set_error_literal (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_UNKNOWN_SESSION,
                           "the account of this session is gone");
      return FALSE;
    }
  jd_jingle_manager_send (self->manager, self, msg);
  if (next == JD_JINGLE_STATE_ENDED)
    return TRUE;   /* the caller ends the session with its reason */
  set_state (self, next, FALSE);
  return TRUE;
}

static void
add_contents (JdJingleMessage *msg, GPtrArray *contents)
{
  for (guint i = 0; contents != NULL && i < contents->len; i++)
    g_ptr_array_add (msg->contents, jd_jingle_content_copy (g_ptr_array_index (contents, i)));
}

static JdJingleContent *
named_content (JdJingleSession *self, const char *name)
{
  const JdJingleContent *known = jd_jingle_session_find_content (self, name);
  JdJingleContent *c = jd_jingle_content_new (name, known != NULL ? known->creator
                                                                  : JD_JINGLE_CREATOR_INITIATOR);

  if (known != NULL)
    c->senders = known->senders;
  return c;
}

gboolean
jd_jingle_session_start (JdJingleSession *self, GPtrArray *contents, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_SESSION_INITIATE);

  msg->initiator = g_strdup (self->own_jid);
  add_contents (msg, contents);
  set_contents (self, contents);
  self->initiating = TRUE;
  /* There is no state before session-initiate: it makes the session. */
  jd_jingle_manager_send (self->manager, self, msg);
  (void) error;
  return TRUE;
}

gboolean
jd_jingle_session_accept (JdJingleSession *self, GPtrArray *contents, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_SESSION_ACCEPT);

  msg->initiator = g_strdup (self->initiator);
  msg->responder = g_strdup (self->own_jid);
  add_contents (msg, contents);
  if (!send_request (self, msg, error))
    return FALSE;
  g_free (self->responder);
  self->responder = g_strdup (self->own_jid);
  set_contents (self, contents);
  return TRUE;
}

gboolean
jd_jingle_session_terminate (JdJingleSession *self, JdJingleReasonType reason,
                             const char *text, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_SESSION_TERMINATE);

  msg->reason = jd_jingle_reason_new (reason, text);
  if (!send_request (self, msg, error))
    return FALSE;
  jd_jingle_session_end (self, reason, text, FALSE);
  return TRUE;
}

gboolean
jd_jingle_session_send_info (JdJingleSession *self, const JdJingleInfo *info, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_SESSION_INFO);

  msg->info = info != NULL ? jd_jingle_info_copy (info) : NULL;
  return send_request (self, msg, error);
}

gboolean
jd_jingle_session_add_content (JdJingleSession *self, const JdJingleContent *content,
                               GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_CONTENT_ADD);

  if (content_index (self->contents, content->name) >= 0 ||
      g_hash_table_contains (self->local_adds, content->name))
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST,
                   "a content named '%s' exists already", content->name);
      return FALSE;
    }
  g_ptr_array_add (msg->contents, jd_jingle_content_copy (content));
  if (!send_request (self, msg, error))
    return FALSE;
  g_hash_table_insert (self->local_adds, g_strdup (content->name),
                       jd_jingle_content_copy (content));
  return TRUE;
}

gboolean
jd_jingle_session_accept_content (JdJingleSession *self, const JdJingleContent *content,
                                  GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_CONTENT_ACCEPT);

  if (!g_hash_table_contains (self->remote_adds, content->name))
    return unknown_content (content->name, error);
  g_ptr_array_add (msg->contents, jd_jingle_content_copy (content));
  if (!send_request (self, msg, error))
    return FALSE;
  g_hash_table_remove (self->remote_adds, content->name);
  put_content (self, content);
  return TRUE;
}

gboolean
jd_jingle_session_reject_content (JdJingleSession *self, const char *name,
                                  JdJingleReasonType reason, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_CONTENT_REJECT);
  const JdJingleContent *proposed = g_hash_table_lookup (self->remote_adds, name);

  if (proposed == NULL)
    return unknown_content (name, error);
  g_ptr_array_add (msg->contents, jd_jingle_content_new (name, proposed->creator));
  msg->reason = jd_jingle_reason_new (reason, NULL);
  if (!send_request (self, msg, error))
    return FALSE;
  g_hash_table_remove (self->remote_adds, name);
  return TRUE;
}

gboolean
jd_jingle_session_remove_content (JdJingleSession *self, const char *name, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_CONTENT_REMOVE);
  int i = content_index (self->contents, name);

  if (i < 0)
    return unknown_content (name, error);
  g_ptr_array_add (msg->contents, named_content (self, name));
  if (!send_request (self, msg, error))
    return FALSE;
  g_ptr_array_remove_index (self->contents, (guint) i);
  return TRUE;
}

gboolean
jd_jingle_session_modify_content (JdJingleSession *self, const char *name,
                                  JdJingleSenders senders, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_CONTENT_MODIFY);
  JdJingleContent *c = find_mutable (self, name);
  JdJingleContent *out;

  if (c == NULL)
    return unknown_content (name, error);
  out = named_content (self, name);
  out->senders = senders;
  g_ptr_array_add (msg->contents, out);
  if (!send_request (self, msg, error))
    return FALSE;
  c->senders = senders;
  return TRUE;
}

static JdJingleContent *
content_with_transport (JdJingleSession *self, const char *name,
                        const JdJingleTransport *transport)
{
  JdJingleContent *c = named_content (self, name);

  if (transport != NULL)
    c->transport = jd_jingle_transport_copy (transport);
  return c;
}

static gboolean
content_exists (JdJingleSession *self, const char *name)
{
  return content_index (self->contents, name) >= 0 ||
         g_hash_table_contains (self->local_adds, name) ||
         g_hash_table_contains (self->remote_adds, name);
}

gboolean
jd_jingle_session_send_transport_info (JdJingleSession *self, const char *name,
                                       const JdJingleTransport *transport, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_TRANSPORT_INFO);

  if (!content_exists (self, name))
    return unknown_content (name, error);
  g_ptr_array_add (msg->contents, content_with_transport (self, name, transport));
  return send_request (self, msg, error);
}

gboolean
jd_jingle_session_replace_transport (JdJingleSession *self, const char *name,
                                     const JdJingleTransport *transport, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_TRANSPORT_REPLACE);

  if (content_index (self->contents, name) < 0)
    return unknown_content (name, error);
  g_ptr_array_add (msg->contents, content_with_transport (self, name, transport));
  if (!send_request (self, msg, error))
    return FALSE;
  g_hash_table_replace (self->local_replaces, g_strdup (name),
                        jd_jingle_transport_copy (transport));
  return TRUE;
}

static void
set_transport (JdJingleSession *self, const char *name, const JdJingleTransport *transport)
{
  JdJingleContent *c = find_mutable (self, name);

  if (c == NULL || transport == NULL)
    return;
  g_clear_pointer (&c->transport, jd_jingle_transport_free);
  c->transport = jd_jingle_transport_copy (transport);
}

gboolean
jd_jingle_session_accept_transport (JdJingleSession *self, const char *name,
                                    const JdJingleTransport *transport, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_TRANSPORT_ACCEPT);
  const JdJingleTransport *proposed = g_hash_table_lookup (self->remote_replaces, name);

  if (proposed == NULL)
    return unknown_content (name, error);
  if (transport == NULL)
    transport = proposed;
  g_ptr_array_add (msg->contents, content_with_transport (self, name, transport));
  if (!send_request (self, msg, error))
    return FALSE;
  set_transport (self, name, transport);
  g_hash_table_remove (self->remote_replaces, name);
  return TRUE;
}

gboolean
jd_jingle_session_reject_transport (JdJingleSession *self, const char *name, GError **error)
{
  g_autoptr (JdJingleMessage) msg = new_request (self, JD_JINGLE_ACTION_TRANSPORT_REJECT);
  const JdJingleTransport *proposed = g_hash_table_lookup (self->remote_replaces, name);

  if (proposed == NULL)
    return unknown_content (name, error);
  g_ptr_array_add (msg->contents, content_with_transport (self, name, proposed));
  if (!send_request (self, msg, error))
    return FALSE;
  g_hash_table_remove (self->remote_replaces, name);
  return TRUE;
}

/* ---------------------------------------------------------------- */
/* Answers to our requests                                          */

static gboolean
is_jingle_error (const GError *error, JdJingleError code)
{
  const JdJingleErrorInfo *info = jd_jingle_error_describe (code);

  /* Error replies arrive as JD_XMPP_ERROR_STANZA whose message starts
   * with the defined condition, which is distinct for these codes. */
  return g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA) &&
         g_str_has_prefix (error->message, info->condition);
}

static gboolean
is_timeout (const GError *error)
{
  return g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_TIMEOUT);
}

static void
initiate_failed (JdJingleSession *self, const GError *error)
{
  /* Tie-break lost or the peer never heard of it: there is nothing to
   * terminate on the other side. */
  if (is_jingle_error (error, JD_JINGLE_ERROR_TIE_BREAK) ||
      is_jingle_error (error, JD_JINGLE_ERROR_UNKNOWN_SESSION))
    {
      jd_jingle_session_end (self, JD_JINGLE_REASON_GENERAL_ERROR, error->message, TRUE);
      return;
    }
  jd_jingle_session_terminate (self, is_timeout (error) ? JD_JINGLE_REASON_TIMEOUT
                                                        : JD_JINGLE_REASON_GENERAL_ERROR,
                               error->message, NULL);
}

void
jd_jingle_session_handle_reply (JdJingleSession *self, const JdJingleMessage *sent,
                                const GError *error)
{
  if (sent->action == JD_JINGLE_ACTION_SESSION_INITIATE)
    self->initiating = FALSE;
  if (error == NULL || self->state == JD_JINGLE_STATE_ENDED)
    return;
  g_debug ("session %s: %s failed: %s", self->sid, jd_jingle_action_to_string (sent->action),
           error->message);
  g_object_ref (self);
  if (sent->action == JD_JINGLE_ACTION_CONTENT_ADD && sent->contents->len > 0)
    g_hash_table_remove (self->local_adds,
                         ((JdJingleContent *) g_ptr_array_index (sent->contents, 0))->name);
  g_signal_emit (self, signals[SIGNAL_REQUEST_FAILED], 0, sent->action, error);
  if (sent->action == JD_JINGLE_ACTION_SESSION_INFO && sent->info != NULL)
    g_signal_emit (self, signals[SIGNAL_INFO_FAILED], 0, sent->info, error);
  if (sent->action == JD_JINGLE_ACTION_SESSION_INITIATE)
    initiate_failed (self, error);
  else if (sent->action == JD_JINGLE_ACTION_SESSION_ACCEPT)
    jd_jingle_session_terminate (self, is_timeout (error) ? JD_JINGLE_REASON_TIMEOUT
                                                          : JD_JINGLE_REASON_GENERAL_ERROR,
                                 error->message, NULL);
  g_object_unref (self);
}

gboolean
jd_jingle_session_is_initiating (JdJingleSession *self)
{
  return self->initiating && self->state == JD_JINGLE_STATE_PENDING;
}

/* ---------------------------------------------------------------- */
/* Incoming requests                                                */

void
jd_jingle_session_adopt_initiate (JdJingleSession *self, const JdJingleMessage *msg)
{
  g_free (self->initiator);
  self->initiator = g_strdup (msg->initiator != NULL ? msg->initiator : msg->from);
  set_contents (self, msg->contents);
}

/* XEP-0166 §7.2.16: of two simultaneous content-adds of one name, the
 * initiator's wins. */
static gboolean
check_content_add (JdJingleSession *self, const JdJingleMessage *msg, GError **error)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (msg->contents, i);

      if (content_index (self->contents, c->name) >= 0)
        {
          g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST,
                       "a content named '%s' exists already", c->name);
          return FALSE;
        }
      if (!g_hash_table_contains (self->local_adds, c->name))
        continue;
      if (self->role == JD_JINGLE_ROLE_INITIATOR)
        {
          g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_TIE_BREAK,
                       "content '%s' was added by both parties; the initiator's wins", c->name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_request (JdJingleSession *self, const JdJingleMessage *msg, GError **error)
{
  switch (msg->action)
    {
    case JD_JINGLE_ACTION_CONTENT_ADD:
      return check_content_add (self, msg, error);
    case JD_JINGLE_ACTION_CONTENT_ACCEPT:
    case JD_JINGLE_ACTION_CONTENT_REJECT:
      return check_known (self, msg, self->local_adds, error);
    case JD_JINGLE_ACTION_TRANSPORT_ACCEPT:
    case JD_JINGLE_ACTION_TRANSPORT_REJECT:
      return check_known (self, msg, self->local_replaces, error);
    case JD_JINGLE_ACTION_CONTENT_REMOVE:
    case JD_JINGLE_ACTION_CONTENT_MODIFY:
    case JD_JINGLE_ACTION_TRANSPORT_REPLACE:
    case JD_JINGLE_ACTION_SESSION_ACCEPT:
      return check_known (self, msg, NULL, error);
    case JD_JINGLE_ACTION_TRANSPORT_INFO:
    case JD_JINGLE_ACTION_DESCRIPTION_INFO:
    case JD_JINGLE_ACTION_SECURITY_INFO:
      for (guint i = 0; i < msg->contents->len; i++)
        if (!content_exists (self, ((JdJingleContent *) g_ptr_array_index (msg->contents, i))->name))
          return unknown_content (((JdJingleContent *) g_ptr_array_index (msg->contents, i))->name,
                                  error);
      return TRUE;
    case JD_JINGLE_ACTION_SESSION_INFO:
      if (msg->info != NULL && msg->info->type == JD_JINGLE_INFO_UNKNOWN)
        {
          g_set_error_literal (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_UNSUPPORTED_INFO,
                               "unsupported session-info payload");
          return FALSE;
        }
      return TRUE;
    default:
      return TRUE;
    }
}

static void
apply_contents (JdJingleSession *self, const JdJingleMessage *msg)
{
  for (guint i = 0; i < msg->contents->len; i++)
    {
      const JdJingleContent *c = g_ptr_array_index (msg->contents, i);
      JdJingleContent *mine = find_mutable (self, c->name);

      switch (msg->action)
        {
        case JD_JINGLE_ACTION_CONTENT_ADD:
          /* We are the responder here if ours was also pending: it lost. */
          g_hash_table_remove (self->local_adds, c->name);
          g_hash_table_replace (self->remote_adds, g_strdup (c->name), jd_jingle_content_copy (c));
          break;
        case JD_JINGLE_ACTION_CONTENT_ACCEPT:
          put_content (self, c);
          g_hash_table_remove (self->local_adds, c->name);
          break;
        case JD_JINGLE_ACTION_CONTENT_REJECT:
          g_hash_table_remove (self->local_adds, c->name);
          break;
        case JD_JINGLE_ACTION_CONTENT_REMOVE:
          g_ptr_array_remove_index (self->contents, (guint) content_index (self->contents, c->name));
          break;
        case JD_JINGLE_ACTION_CONTENT_MODIFY:
          mine->senders = c->senders;
          break;
        case JD_JINGLE_ACTION_TRANSPORT_REPLACE:
          if (c->transport != NULL)
            g_hash_table_replace (self->remote_replaces, g_strdup (c->name),
                                  jd_jingle_transport_copy (c->transport));
          break;
        case JD_JINGLE_ACTION_TRANSPORT_ACCEPT:
          set_transport (self, c->name, c->transport != NULL ? c->transport
                         : g_hash_table_lookup (self->local_replaces, c->name));
          g_hash_table_remove (self->local_replaces, c->name);
          break;
        case JD_JINGLE_ACTION_TRANSPORT_REJECT:
          g_hash_table_remove (self->local_replaces, c->name);
          break;
        default:
          break;
        }
    }
}

static void
apply_request (JdJingleSession *self, const JdJingleMessage *msg)
{
  apply_contents (self, msg);
  if (msg->action == JD_JINGLE_ACTION_SESSION_ACCEPT)
    {
      g_free (self->responder);
      self->responder = g_strdup (msg->responder != NULL ? msg->responder : msg->from);
      set_contents (self, msg->contents);
    }
  if (msg->action == JD_JINGLE_ACTION_CONTENT_REMOVE && self->contents->len == 0 &&
      g_hash_table_size (self->local_adds) == 0)
    queue_event (self, EVENT_TERMINATE_EMPTY, NULL);
}

gboolean
jd_jingle_session_receive (JdJingleSession *self, const JdJingleMessage *msg, GError **error)
{
  JdJingleState next;

  if (!jd_jingle_fsm_check (self->state, msg->action, peer_role (self), &next, error) ||
      !check_request (self, msg, error))
    return FALSE;
  apply_request (self, msg);
  queue_event (self, EVENT_REMOTE_ACTION, msg);
  if (msg->action == JD_JINGLE_ACTION_SESSION_TERMINATE)
    {
      g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
      self->end_reason = msg->reason != NULL ? jd_jingle_reason_copy (msg->reason)
                                             : jd_jingle_reason_new (JD_JINGLE_REASON_SUCCESS, NULL);
      queue_event (self, EVENT_TERMINATED, NULL);
    }
  else
    set_state (self, next, TRUE);
  return TRUE;
}

static void
emit_event (JdJingleSession *self, const Event *ev)
{
  switch (ev->kind)
    {
    case EVENT_STATE:
      g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, self->state);
      break;
    case EVENT_REMOTE_ACTION:
      g_signal_emit (self, signals[SIGNAL_REMOTE_ACTION], 0, ev->msg);
      break;
    case EVENT_TERMINATED:
      jd_jingle_session_end (self, self->end_reason->type, self->end_reason->text, TRUE);
      break;
    case EVENT_TERMINATE_EMPTY:
      /* §7.2.5: a session without contents is void; the receiver ends it. */
      jd_jingle_session_terminate (self, JD_JINGLE_REASON_SUCCESS, "no content left", NULL);
      break;
    default:
      break;
    }
}

void
jd_jingle_session_flush_events (JdJingleSession *self)
{
  Event *ev;

  g_object_ref (self);
  while ((ev = g_queue_pop_head (&self->events)) != NULL)
    {
      emit_event (self, ev);
      event_free (ev);
    }
  g_object_unref (self);
}

/* ---------------------------------------------------------------- */
/* Accessors                                                        */

const char *
jd_jingle_session_get_sid (JdJingleSession *self)
{
  return self->sid;
}

const char *
jd_jingle_session_get_peer (JdJingleSession *self)
{
  return self->peer;
}

const char *
jd_jingle_session_get_initiator (JdJingleSession *self)
{
  return self->initiator;
}

const char *
jd_jingle_session_get_responder (JdJingleSession *self)
{
  return self->responder;
}

JdJingleRole
jd_jingle_session_get_role (JdJingleSession *self)
{
  return self->role;
}

JdJingleState
jd_jingle_session_get_state (JdJingleSession *self)
{
  return self->state;
}

GPtrArray *
jd_jingle_session_get_contents (JdJingleSession *self)
{
  return self->contents;
}

const JdJingleReason *
jd_jingle_session_get_end_reason (JdJingleSession *self)
{
  return self->end_reason;
}

/* ---------------------------------------------------------------- */
/* GObject                                                          */

static void
jd_jingle_session_finalize (GObject *object)
{
  JdJingleSession *self = JD_JINGLE_SESSION (object);

  g_clear_weak_pointer (&self->manager);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
  g_ptr_array_unref (self->contents);
  g_hash_table_unref (self->local_adds);
  g_hash_table_unref (self->remote_adds);
  g_hash_table_unref (self->local_replaces);
  g_hash_table_unref (self->remote_replaces);
  g_clear_pointer (&self->end_reason, jd_jingle_reason_free);
  g_free (self->sid);
  g_free (self->peer);
  g_free (self->own_jid);
  g_free (self->initiator);
  g_free (self->responder);
  G_OBJECT_CLASS (jd_jingle_session_parent_class)->finalize (object);
}

static void
jd_jingle_session_class_init (JdJingleSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = jd_jingle_session_finalize;
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * JdJingleSession::remote-action:
   * @msg: (type gpointer): the JdJingleMessage the peer sent, acknowledged
   */
  signals[SIGNAL_REMOTE_ACTION] =
    g_signal_new ("remote-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /**
   * JdJingleSession::terminated:
   * @reason: (type gpointer): the JdJingleReason
   * @by_peer: the peer ended it (or its failure did)
   */
  signals[SIGNAL_TERMINATED] =
    g_signal_new ("terminated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);
  /**
   * JdJingleSession::request-failed:
   * @action: the JdJingleAction of ours that was refused or not answered
   * @error: why
   */
  signals[SIGNAL_REQUEST_FAILED] =
    g_signal_new ("request-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_ERROR);
  /**
   * JdJingleSession::info-failed:
   * @info: (type JdJingleInfo): the payload of our session-info the peer refused
   * @error: why
   *
   * After ::request-failed for a session-info: which one it was (a peer
   * may refuse DTMF and accept hold).
   */
  signals[SIGNAL_INFO_FAILED] =
    g_signal_new ("info-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_ERROR);
}

static void
jd_jingle_session_init (JdJingleSession *self)
{
  self->contents = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_content_free);
  self->local_adds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) jd_jingle_content_free);
  self->remote_adds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) jd_jingle_content_free);
  self->local_replaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) jd_jingle_transport_free);
  self->remote_replaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) jd_jingle_transport_free);
  g_queue_init (&self->events);
}

JdJingleSession *
jd_jingle_session_new (JdJingleManager *manager, const char *sid, const char *peer,
                       const char *own_jid, JdJingleRole role)
{
  JdJingleSession *self = g_object_new (JD_TYPE_JINGLE_SESSION, NULL);

  g_set_weak_pointer (&self->manager, manager);
  self->sid = g_strdup (sid);
  self->peer = g_strdup (peer);
  self->own_jid = g_strdup (own_jid);
  self->role = role;
  self->state = JD_JINGLE_STATE_PENDING;
  if (role == JD_JINGLE_ROLE_INITIATOR)
    self->initiator = g_strdup (own_jid);
  else
    self->responder = g_strdup (own_jid);
  return self;
}
