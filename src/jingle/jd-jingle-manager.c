/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-jingle-manager.h"

#include <string.h>

#include "jd-jingle-session-private.h"
#include "xmpp/jd-jid.h"
#include "xmpp/jd-stanza.h"

struct _JdJingleManager
{
  GObject parent_instance;

  JdJingleBackend backend;
  gpointer backend_data;     /* borrowed */
  GHashTable *sessions;      /* "peer\nsid" -> JdJingleSession* (strong) */
  guint acknowledged;        /* our requests answered with a result */
};

G_DEFINE_FINAL_TYPE (JdJingleManager, jd_jingle_manager, G_TYPE_OBJECT)

enum { SIGNAL_INCOMING_SESSION, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  JdJingleManager *manager;  /* weak */
  JdJingleSession *session;  /* strong: the answer may come after it ended */
  JdJingleMessage *sent;
} Request;

static char *
session_key (const char *peer, const char *sid)
{
  g_autofree char *norm = jd_jid_normalize (peer, NULL);

  return g_strdup_printf ("%s\n%s", norm != NULL ? norm : peer, sid);
}

JdJingleSession *
jd_jingle_manager_lookup (JdJingleManager *self, const char *peer, const char *sid)
{
  g_autofree char *key = NULL;

  if (peer == NULL || sid == NULL)
    return NULL;
  key = session_key (peer, sid);
  return g_hash_table_lookup (self->sessions, key);
}

guint
jd_jingle_manager_get_acknowledged (JdJingleManager *self)
{
  return self->acknowledged;
}

guint
jd_jingle_manager_count_sessions (JdJingleManager *self)
{
  return g_hash_table_size (self->sessions);
}

void
jd_jingle_manager_forget (JdJingleManager *self, JdJingleSession *session)
{
  g_autofree char *key = session_key (jd_jingle_session_get_peer (session),
                                      jd_jingle_session_get_sid (session));

  if (g_hash_table_lookup (self->sessions, key) == session)
    g_hash_table_remove (self->sessions, key);
}

static void
on_reply (xmpp_stanza_t *reply, const GError *error, gpointer user_data)
{
  Request *req = user_data;

  if (error == NULL && req->manager != NULL)
    req->manager->acknowledged++;
  jd_jingle_session_handle_reply (req->session, req->sent, error);
  g_clear_weak_pointer (&req->manager);
  g_object_unref (req->session);
  jd_jingle_message_free (req->sent);
  g_free (req);
}

void
jd_jingle_manager_send (JdJingleManager *self, JdJingleSession *session, JdJingleMessage *msg)
{
  xmpp_ctx_t *ctx = self->backend.get_context (self->backend_data);
  g_autoptr (xmpp_stanza_t) iq = NULL;
  Request *req = g_new0 (Request, 1);

  if (msg->iq_id == NULL)
    msg->iq_id = g_uuid_string_random ();
  iq = jd_jingle_message_build (ctx, msg);
  g_set_weak_pointer (&req->manager, self);
  req->session = g_object_ref (session);
  req->sent = jd_jingle_message_copy (msg);
  self->backend.send_iq (self->backend_data, iq, on_reply, req);
}

static void
reply_error (JdJingleManager *self, xmpp_stanza_t *iq, const GError *error)
{
  g_autoptr (xmpp_stanza_t) reply = jd_jingle_error_reply (iq, error);

  g_debug ("answering %s: %s", xmpp_stanza_get_id (iq), error->message);
  self->backend.send (self->backend_data, reply);
}

static void
reply_result (JdJingleManager *self, xmpp_stanza_t *iq)
{
  g_autoptr (xmpp_stanza_t) reply = jd_stanza_iq_result (iq);

  self->backend.send (self->backend_data, reply);
}

/* Our own unanswered session-initiate to the same peer, if any. */
static JdJingleSession *
find_initiating (JdJingleManager *self, const char *peer)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JdJingleSession *s = value;

      if (jd_jingle_session_is_initiating (s) &&
          jd_jid_str_equal (jd_jingle_session_get_peer (s), peer))
        return s;
    }
  return NULL;
}

/* XEP-0166 §7.2.16 "No existing session": the lower sid (i;octet) wins;
 * on equal sids the lower JID's.  Returns TRUE when the incoming one loses. */
static gboolean
incoming_loses (JdJingleManager *self, const JdJingleMessage *msg, JdJingleSession *ours)
{
  int cmp = strcmp (msg->sid, jd_jingle_session_get_sid (ours));

  if (cmp == 0)
    cmp = strcmp (msg->from, self->backend.get_own_jid (self->backend_data));
  return cmp > 0;
}

static gboolean
handle_initiate (JdJingleManager *self, const JdJingleMessage *msg, GError **error)
{
  JdJingleSession *ours = find_initiating (self, msg->from);
  JdJingleSession *session;
  g_autofree char *key = NULL;

  if (jd_jingle_manager_lookup (self, msg->from, msg->sid) != NULL)
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_OUT_OF_ORDER,
                   "session %s exists already", msg->sid);
      return FALSE;
    }
  if (ours != NULL && incoming_loses (self, msg, ours))
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_TIE_BREAK,
                   "simultaneous session-initiate: ours (%s) wins",
                   jd_jingle_session_get_sid (ours));
      return FALSE;
    }
  session = jd_jingle_session_new (self, msg->sid, msg->from,
                                   self->backend.get_own_jid (self->backend_data),
                                   JD_JINGLE_ROLE_RESPONDER);
  jd_jingle_session_adopt_initiate (session, msg);
  key = session_key (msg->from, msg->sid);
  g_hash_table_insert (self->sessions, g_steal_pointer (&key), session);
  return TRUE;
}

static gboolean
dispatch (JdJingleManager *self, const JdJingleMessage *msg, JdJingleSession **session,
          GError **error)
{
  if (msg->from == NULL)
    {
      g_set_error_literal (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST,
                           "a Jingle request needs a sender");
      return FALSE;
    }
  if (msg->action == JD_JINGLE_ACTION_SESSION_INITIATE)
    {
      if (!handle_initiate (self, msg, error))
        return FALSE;
      *session = jd_jingle_manager_lookup (self, msg->from, msg->sid);
      return TRUE;
    }
  *session = jd_jingle_manager_lookup (self, msg->from, msg->sid);
  if (*session == NULL)
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_UNKNOWN_SESSION,
                   "no session %s with %s", msg->sid, msg->from);
      return FALSE;
    }
  return jd_jingle_session_receive (*session, msg, error);
}

gboolean
jd_jingle_manager_handle_iq (JdJingleManager *self, xmpp_stanza_t *iq)
{
  g_autoptr (JdJingleMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJingleSession) session = NULL;
  JdJingleSession *found = NULL;

  if (g_strcmp0 (xmpp_stanza_get_type (iq), "set") != 0 ||
      jd_stanza_get_child (iq, "jingle", JD_NS_JINGLE) == NULL)
    return FALSE;
  if (!jd_jingle_message_parse (iq, &msg, &error) || !dispatch (self, msg, &found, &error))
    {
      reply_error (self, iq, error);
      return TRUE;
    }
  session = g_object_ref (found);
  reply_result (self, iq);
  if (msg->action == JD_JINGLE_ACTION_SESSION_INITIATE)
    g_signal_emit (self, signals[SIGNAL_INCOMING_SESSION], 0, session, msg);
  else
    jd_jingle_session_flush_events (session);
  return TRUE;
}

JdJingleSession *
jd_jingle_manager_initiate (JdJingleManager *self, const char *peer, GPtrArray *contents,
                            GError **error)
{
  g_autofree char *sid = g_uuid_string_random ();

  return jd_jingle_manager_initiate_with_sid (self, peer, sid, contents, error);
}

JdJingleSession *
jd_jingle_manager_initiate_with_sid (JdJingleManager *self, const char *peer, const char *sid,
                                     GPtrArray *contents, GError **error)
{
  g_autofree char *norm = NULL;
  JdJingleSession *session;

  g_return_val_if_fail (sid != NULL && *sid != '\0', NULL);
  norm = jd_jid_normalize (peer, error);
  if (norm == NULL)
    return NULL;
  if (contents == NULL || contents->len == 0)
    {
      g_set_error_literal (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST,
                           "a session needs at least one content");
      return NULL;
    }
  if (jd_jingle_manager_lookup (self, norm, sid) != NULL)
    {
      g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST,
                   "a session %s with %s exists already", sid, norm);
      return NULL;
    }
  session = jd_jingle_session_new (self, sid, norm,
                                   self->backend.get_own_jid (self->backend_data),
                                   JD_JINGLE_ROLE_INITIATOR);
  g_hash_table_insert (self->sessions, session_key (norm, sid), session);
  jd_jingle_session_start (session, contents, NULL);
  return session;
}

static void
jd_jingle_manager_dispose (GObject *object)
{
  JdJingleManager *self = JD_JINGLE_MANAGER (object);

  g_clear_pointer (&self->sessions, g_hash_table_unref);
  G_OBJECT_CLASS (jd_jingle_manager_parent_class)->dispose (object);
}

static void
jd_jingle_manager_class_init (JdJingleManagerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jd_jingle_manager_dispose;
  /**
   * JdJingleManager::incoming-session:
   * @session: the new JdJingleSession (pending, we are the responder)
   * @msg: (type gpointer): the session-initiate JdJingleMessage
   */
  signals[SIGNAL_INCOMING_SESSION] =
    g_signal_new ("incoming-session", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, JD_TYPE_JINGLE_SESSION, G_TYPE_POINTER);
}

static void
jd_jingle_manager_init (JdJingleManager *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

JdJingleManager *
jd_jingle_manager_new (const JdJingleBackend *backend, gpointer backend_data)
{
  JdJingleManager *self = g_object_new (JD_TYPE_JINGLE_MANAGER, NULL);

  self->backend = *backend;
  self->backend_data = backend_data;
  return self;
}
