/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-im.h"

#include "jd-jid.h"

static const char *const type_names[] = {
  [JD_MESSAGE_NORMAL] = "normal",
  [JD_MESSAGE_CHAT] = "chat",
  [JD_MESSAGE_GROUPCHAT] = "groupchat",
  [JD_MESSAGE_HEADLINE] = "headline",
  [JD_MESSAGE_ERROR] = "error",
};

const char *
jd_message_type_to_string (JdMessageType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (type_names), "normal");
  return type_names[type];
}

gboolean
jd_message_type_from_string (const char *str, JdMessageType *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    {
      if (g_strcmp0 (str, type_names[i]) == 0)
        {
          *out = (JdMessageType) i;
          return TRUE;
        }
    }
  return FALSE;
}

JdMessage *
jd_message_new (JdMessageType type, const char *to, const char *body)
{
  JdMessage *msg = g_new0 (JdMessage, 1);

  msg->type = type;
  msg->to = g_strdup (to);
  msg->body = g_strdup (body);
  return msg;
}

JdMessage *
jd_message_copy (const JdMessage *msg)
{
  JdMessage *copy = jd_message_new (msg->type, msg->to, msg->body);

  copy->id = g_strdup (msg->id);
  copy->from = g_strdup (msg->from);
  copy->subject = g_strdup (msg->subject);
  copy->thread = g_strdup (msg->thread);
  copy->error_condition = g_strdup (msg->error_condition);
  copy->error_text = g_strdup (msg->error_text);
  copy->carbon = msg->carbon;
  return copy;
}

void
jd_message_free (JdMessage *msg)
{
  if (msg == NULL)
    return;
  g_free (msg->id);
  g_free (msg->from);
  g_free (msg->to);
  g_free (msg->body);
  g_free (msg->subject);
  g_free (msg->thread);
  g_free (msg->error_condition);
  g_free (msg->error_text);
  g_free (msg);
}

JdMessage *
jd_message_parse (xmpp_stanza_t *stanza, GError **error)
{
  const char *type = xmpp_stanza_get_type (stanza);
  g_autoptr (JdMessage) msg = jd_message_new (JD_MESSAGE_NORMAL, xmpp_stanza_get_to (stanza),
                                              NULL);

  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "message") != 0)
    {
      g_set_error_literal (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY, "not a message");
      return NULL;
    }
  /* RFC 6121 §5.2.2: a missing or unknown type is "normal". */
  if (type != NULL && !jd_message_type_from_string (type, &msg->type))
    msg->type = JD_MESSAGE_NORMAL;
  msg->id = g_strdup (xmpp_stanza_get_id (stanza));
  msg->from = g_strdup (xmpp_stanza_get_from (stanza));
  msg->body = jd_stanza_dup_child_text (stanza, "body", NULL);
  msg->subject = jd_stanza_dup_child_text (stanza, "subject", NULL);
  msg->thread = jd_stanza_dup_child_text (stanza, "thread", NULL);
  if (msg->type == JD_MESSAGE_ERROR)
    {
      msg->error_condition = g_strdup (jd_stanza_error_condition (stanza));
      msg->error_text = g_strdup (jd_stanza_error_text (stanza));
    }
  return g_steal_pointer (&msg);
}

xmpp_stanza_t *
jd_message_build (xmpp_ctx_t *ctx, const JdMessage *msg)
{
  xmpp_stanza_t *stanza = xmpp_message_new (ctx, jd_message_type_to_string (msg->type),
                                            msg->to, msg->id);

  if (msg->subject != NULL)
    jd_stanza_add_text_child (stanza, "subject", msg->subject);
  if (msg->body != NULL)
    jd_stanza_add_text_child (stanza, "body", msg->body);
  if (msg->thread != NULL)
    jd_stanza_add_text_child (stanza, "thread", msg->thread);
  return stanza;
}

struct _JdIm
{
  GObject parent_instance;

  JdXmppConnection *conn;   /* borrowed: the client owns both */
  JdDisco *disco;           /* borrowed, likewise */
  guint handler_id;
  guint carbon_handler_id;
  gulong ready_id;
  GCancellable *cancellable;   /* the carbons set-up of the current stream */
  gboolean carbons_enabled;
};

G_DEFINE_FINAL_TYPE (JdIm, jd_im, G_TYPE_OBJECT)

enum { SIGNAL_MESSAGE, SIGNAL_CARBON, N_SIGNALS };
static guint signals[N_SIGNALS];

static JdStanzaResult
on_message (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdIm *self = user_data;
  g_autoptr (JdMessage) msg = jd_message_parse (stanza, NULL);
  g_autofree char *from = NULL;

  if (msg == NULL || msg->from == NULL || (from = jd_jid_normalize (msg->from, NULL)) == NULL)
    return JD_STANZA_PASS;
  if (msg->body == NULL && msg->subject == NULL && msg->type != JD_MESSAGE_ERROR)
    return JD_STANZA_PASS;   /* nothing for a user to read */
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, msg);
  return JD_STANZA_HANDLED;
}

/* Carbons (XEP-0280) */

/* XEP-0280 §11: a carbon comes from our own bare JID, nothing else; the
 * server stamps 'from' on anything another entity sends, so a forgery
 * cannot pass as ours. */
static gboolean
is_from_own_account (JdIm *self, xmpp_stanza_t *stanza)
{
  const char *from = xmpp_stanza_get_from (stanza);
  g_autofree char *resource = from != NULL ? jd_jid_resource_of (from) : NULL;

  return from != NULL && resource == NULL &&
         jd_jid_str_equal (from, jd_xmpp_connection_get_bare_jid (self->conn));
}

/* Returns: (transfer none) (nullable): the forwarded <message/> of
 * <received/> or <sent/>, whichever @stanza carries, exactly one. */
static xmpp_stanza_t *
find_carbon (xmpp_stanza_t *stanza, JdMessageCarbon *kind)
{
  xmpp_stanza_t *received = jd_stanza_get_child (stanza, "received", JD_NS_CARBONS);
  xmpp_stanza_t *sent = jd_stanza_get_child (stanza, "sent", JD_NS_CARBONS);
  xmpp_stanza_t *forwarded;

  if ((received == NULL) == (sent == NULL))
    return NULL;
  *kind = received != NULL ? JD_MESSAGE_CARBON_RECEIVED : JD_MESSAGE_CARBON_SENT;
  forwarded = jd_stanza_get_child (received != NULL ? received : sent, "forwarded",
                                   JD_NS_FORWARD);
  return forwarded != NULL ? jd_stanza_get_child (forwarded, "message", NULL) : NULL;
}

/* A copy of what we sent from another resource must say it came from us. */
static JdMessage *
parse_carbon (JdIm *self, xmpp_stanza_t *inner, JdMessageCarbon kind)
{
  g_autoptr (JdMessage) msg = jd_message_parse (inner, NULL);
  g_autofree char *sender = NULL;

  if (msg == NULL || msg->from == NULL || (sender = jd_jid_bare_of (msg->from)) == NULL)
    return NULL;
  if (kind == JD_MESSAGE_CARBON_SENT &&
      !jd_jid_str_equal (sender, jd_xmpp_connection_get_bare_jid (self->conn)))
    return NULL;
  msg->carbon = kind;
  return g_steal_pointer (&msg);
}

/* Runs before every other message handler, so that a forged carbon
 * reaches nobody. */
static JdStanzaResult
on_carbon (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdIm *self = user_data;
  g_autoptr (JdMessage) msg = NULL;
  JdMessageCarbon kind = JD_MESSAGE_CARBON_NONE;
  xmpp_stanza_t *inner;

  if (jd_stanza_get_child (stanza, "received", JD_NS_CARBONS) == NULL &&
      jd_stanza_get_child (stanza, "sent", JD_NS_CARBONS) == NULL)
    return JD_STANZA_PASS;
  if (!is_from_own_account (self, stanza))
    {
      g_info ("dropping a carbon from %s: only our own account may send one",
              xmpp_stanza_get_from (stanza) != NULL ? xmpp_stanza_get_from (stanza) : "nobody");
      return JD_STANZA_HANDLED;
    }
  if ((inner = find_carbon (stanza, &kind)) == NULL ||
      (msg = parse_carbon (self, inner, kind)) == NULL)
    {
      g_info ("dropping a malformed carbon");
      return JD_STANZA_HANDLED;
    }
  g_signal_emit (self, signals[SIGNAL_CARBON], 0, msg, inner);
  return JD_STANZA_HANDLED;
}

static void
on_carbons_enabled (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (JdIm) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) reply = jd_xmpp_connection_send_iq_finish (JD_XMPP_CONNECTION (source),
                                                                       result, &error);

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("the server refused message carbons: %s", error->message);
      return;
    }
  self->carbons_enabled = TRUE;
  g_debug ("message carbons enabled");
}

static void
on_server_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (JdIm) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JdDiscoInfo) info = jd_disco_query_info_finish (JD_DISCO (source), result, &error);
  g_autoptr (xmpp_stanza_t) iq = NULL;

  if (info == NULL || !jd_disco_info_has_feature (info, JD_NS_CARBONS))
    {
      if (info == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("no server disco#info, so no message carbons: %s", error->message);
      return;
    }
  iq = jd_stanza_new_iq (jd_xmpp_connection_get_context (self->conn), "set", NULL, "enable",
                         JD_NS_CARBONS);
  jd_xmpp_connection_send_iq_async (self->conn, iq, self->cancellable, on_carbons_enabled,
                                    g_object_ref (self));
}

/* Carbons are a property of the session: a resumed stream keeps them, a
 * new one starts without. */
static void
on_ready (JdXmppConnection *conn, gboolean resumed, gpointer user_data)
{
  JdIm *self = user_data;

  if (resumed)
    return;
  self->carbons_enabled = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  jd_disco_query_info_async (self->disco, jd_xmpp_connection_get_domain (conn), NULL,
                             self->cancellable, on_server_info, g_object_ref (self));
}

gboolean
jd_im_get_carbons_enabled (JdIm *self)
{
  g_return_val_if_fail (JD_IS_IM (self), FALSE);
  return self->carbons_enabled;
}

char *
jd_im_send (JdIm *self, const JdMessage *msg, GError **error)
{
  g_autoptr (xmpp_stanza_t) stanza = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *to = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (JD_IS_IM (self), NULL);
  if (msg->to == NULL || (to = jd_jid_normalize (msg->to, &local)) == NULL)
    {
      g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_INVALID_JID, "invalid recipient: %s",
                   local != NULL ? local->message : "none given");
      return NULL;
    }
  id = g_strdup (msg->id != NULL ? msg->id : NULL);
  if (id == NULL)
    id = g_uuid_string_random ();
  stanza = jd_message_build (jd_xmpp_connection_get_context (self->conn), msg);
  xmpp_stanza_set_id (stanza, id);
  xmpp_stanza_set_to (stanza, to);
  if (!jd_xmpp_connection_send (self->conn, stanza))
    {
      g_set_error_literal (error, JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED, "not connected");
      return NULL;
    }
  return g_steal_pointer (&id);
}

static void
jd_im_dispose (GObject *object)
{
  JdIm *self = JD_IM (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->conn != NULL)
    {
      jd_xmpp_connection_remove_handler (self->conn, self->handler_id);
      jd_xmpp_connection_remove_handler (self->conn, self->carbon_handler_id);
      g_clear_signal_handler (&self->ready_id, self->conn);
    }
  self->conn = NULL;
  self->disco = NULL;
  G_OBJECT_CLASS (jd_im_parent_class)->dispose (object);
}

static void
jd_im_class_init (JdImClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = jd_im_dispose;
  /**
   * JdIm::message:
   * @msg: (type gpointer): the JdMessage received
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /**
   * JdIm::carbon:
   * @msg: (type gpointer): the unwrapped JdMessage, with ->carbon set
   * @stanza: (type gpointer): the unwrapped <message/>, for the layers
   *   that read more of it (Jingle Message Initiation)
   *
   * Every carbon from our own account, also those without a body (chat
   * states, JMI): the receiver picks what it shows.
   */
  signals[SIGNAL_CARBON] =
    g_signal_new ("carbon", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_POINTER);
}

static void
jd_im_init (JdIm *self)
{
}

JdIm *
jd_im_new (JdXmppConnection *conn, JdDisco *disco)
{
  JdIm *self = g_object_new (JD_TYPE_IM, NULL);

  self->conn = conn;
  self->disco = disco;
  self->handler_id = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT + 10,
                                                     "message", NULL, on_message, self, NULL);
  /* After the blocking filter, before everyone else. */
  self->carbon_handler_id = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_FILTER + 10,
                                                            "message", NULL, on_carbon, self,
                                                            NULL);
  self->ready_id = g_signal_connect (conn, "ready", G_CALLBACK (on_ready), self);
  return self;
}
