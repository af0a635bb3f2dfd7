/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-disco.h"

#include "jd-caps-hash.h"
#include "jd-jid.h"

struct _JdDisco
{
  GObject parent_instance;

  JdXmppConnection *conn;   /* borrowed: the client owns both */
  JdDiscoInfo *own;
  char *ver;                /* cache of jd_caps_compute_ver (own) */
  guint info_handler;
  guint items_handler;
};

G_DEFINE_FINAL_TYPE (JdDisco, jd_disco, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
own_info_changed (JdDisco *self)
{
  g_free (self->ver);
  self->ver = jd_caps_compute_ver (self->own, G_CHECKSUM_SHA1);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static gboolean
node_is_ours (JdDisco *self, const char *node)
{
  g_autofree char *caps_node = NULL;

  if (node == NULL)
    return TRUE;
  caps_node = g_strdup_printf ("%s#%s", JD_CAPS_NODE, self->ver);
  return g_strcmp0 (node, caps_node) == 0;
}

/* XEP-0030 §3.1; XEP-0115 §6.2: a query to node#ver gets the same answer. */
static JdStanzaResult
on_info_request (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdDisco *self = user_data;
  xmpp_stanza_t *query = jd_stanza_get_child (stanza, "query", JD_NS_DISCO_INFO);
  const char *node = xmpp_stanza_get_attribute (query, "node");
  g_autoptr (xmpp_stanza_t) reply = NULL;
  g_autoptr (xmpp_stanza_t) answer = NULL;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "get") != 0)
    return JD_STANZA_PASS;
  if (!node_is_ours (self, node))
    {
      reply = jd_stanza_error_reply (stanza, "cancel", "item-not-found", NULL);
      jd_xmpp_connection_send (conn, reply);
      return JD_STANZA_HANDLED;
    }
  reply = jd_stanza_iq_result (stanza);
  answer = jd_disco_info_build (jd_xmpp_connection_get_context (conn), self->own);
  if (node != NULL)
    xmpp_stanza_set_attribute (answer, "node", node);
  xmpp_stanza_add_child (reply, answer);
  jd_xmpp_connection_send (conn, reply);
  return JD_STANZA_HANDLED;
}

/* We host no items (XEP-0030 §4.1): an empty list, not an error. */
static JdStanzaResult
on_items_request (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  g_autoptr (xmpp_stanza_t) reply = NULL;
  xmpp_stanza_t *query;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "get") != 0)
    return JD_STANZA_PASS;
  reply = jd_stanza_iq_result (stanza);
  query = jd_stanza_add_element (reply, "query", JD_NS_DISCO_ITEMS);
  if (xmpp_stanza_get_attribute (jd_stanza_get_child (stanza, "query", NULL), "node") != NULL)
    xmpp_stanza_set_attribute (query, "node",
                               xmpp_stanza_get_attribute (jd_stanza_get_child (stanza, "query", NULL),
                                                          "node"));
  jd_xmpp_connection_send (conn, reply);
  return JD_STANZA_HANDLED;
}

void
jd_disco_add_feature (JdDisco *self, const char *feature)
{
  if (jd_disco_info_has_feature (self->own, feature))
    return;
  jd_disco_info_add_feature (self->own, feature);
  own_info_changed (self);
}

void
jd_disco_remove_feature (JdDisco *self, const char *feature)
{
  for (guint i = 0; i < self->own->features->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->own->features, i), feature) == 0)
        {
          g_ptr_array_remove_index (self->own->features, i);
          own_info_changed (self);
          return;
        }
    }
}

const JdDiscoInfo *
jd_disco_get_own_info (JdDisco *self)
{
  return self->own;
}

const char *
jd_disco_get_ver (JdDisco *self)
{
  return self->ver;
}

void
jd_disco_decorate_presence (xmpp_stanza_t *presence, gpointer user_data)
{
  JdDisco *self = JD_DISCO (user_data);
  xmpp_stanza_t *c = jd_stanza_add_element (presence, "c", JD_NS_CAPS);

  xmpp_stanza_set_attribute (c, "hash", "sha-1");
  xmpp_stanza_set_attribute (c, "node", JD_CAPS_NODE);
  xmpp_stanza_set_attribute (c, "ver", self->ver);
}

static void
on_info_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  g_autoptr (xmpp_stanza_t) reply =
    jd_xmpp_connection_send_iq_finish (JD_XMPP_CONNECTION (source), result, &error);
  xmpp_stanza_t *query;
  JdDiscoInfo *info = NULL;

  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  query = jd_stanza_get_child (reply, "query", JD_NS_DISCO_INFO);
  if (query == NULL)
    {
      g_task_return_new_error (task, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY,
                               "disco#info result without <query/>");
      return;
    }
  if (!jd_disco_info_parse (query, &info, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) jd_disco_info_free);
}

void
jd_disco_query_info_async (JdDisco *self, const char *jid, const char *node,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (xmpp_stanza_t) iq =
    jd_stanza_new_iq (jd_xmpp_connection_get_context (self->conn), "get", jid, "query",
                      JD_NS_DISCO_INFO);

  if (node != NULL)
    xmpp_stanza_set_attribute (jd_stanza_get_child (iq, "query", NULL), "node", node);
  jd_xmpp_connection_send_iq_async (self->conn, iq, cancellable, on_info_result, task);
}

/**
 * jd_disco_query_info_finish:
 * Returns: (transfer full)
 */
JdDiscoInfo *
jd_disco_query_info_finish (JdDisco *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
jd_disco_dispose (GObject *object)
{
  JdDisco *self = JD_DISCO (object);

  if (self->conn != NULL)
    {
      jd_xmpp_connection_remove_handler (self->conn, self->info_handler);
      jd_xmpp_connection_remove_handler (self->conn, self->items_handler);
      self->conn = NULL;
    }
  G_OBJECT_CLASS (jd_disco_parent_class)->dispose (object);
}

static void
jd_disco_finalize (GObject *object)
{
  JdDisco *self = JD_DISCO (object);

  jd_disco_info_free (self->own);
  g_free (self->ver);
  G_OBJECT_CLASS (jd_disco_parent_class)->finalize (object);
}

static void
jd_disco_class_init (JdDiscoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_disco_dispose;
  object_class->finalize = jd_disco_finalize;
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
jd_disco_init (JdDisco *self)
{
  self->own = jd_disco_info_new ();
}

/* The features every jingled answers for, whatever else is enabled. */
static const char *const base_features[] = {
  JD_NS_DISCO_INFO,
  JD_NS_DISCO_ITEMS,
  JD_NS_CAPS,
  "urn:xmpp:ping",
  "urn:xmpp:blocking",
};

JdDisco *
jd_disco_new (JdXmppConnection *conn, const char *identity_type, const char *name)
{
  JdDisco *self = g_object_new (JD_TYPE_DISCO, NULL);

  self->conn = conn;
  jd_disco_info_add_identity (self->own, "client", identity_type != NULL ? identity_type : "pc",
                              NULL, name != NULL ? name : "jingled");
  for (guint i = 0; i < G_N_ELEMENTS (base_features); i++)
    jd_disco_info_add_feature (self->own, base_features[i]);
  self->ver = jd_caps_compute_ver (self->own, G_CHECKSUM_SHA1);
  self->info_handler = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT, "iq",
                                                       JD_NS_DISCO_INFO, on_info_request,
                                                       self, NULL);
  self->items_handler = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT, "iq",
                                                        JD_NS_DISCO_ITEMS, on_items_request,
                                                        self, NULL);
  return self;
}
