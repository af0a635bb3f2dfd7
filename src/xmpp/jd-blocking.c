/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-blocking.h"

#include "jd-jid.h"

struct _JdBlocking
{
  GObject parent_instance;

  JdXmppConnection *conn;   /* borrowed: the client owns both */
  GHashTable *items;        /* normalised JID -> itself */
  gboolean supported;
  GCancellable *cancellable;
  guint filter_id;
  guint push_id;
  gulong ready_id;
};

G_DEFINE_FINAL_TYPE (JdBlocking, jd_blocking, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

gboolean
jd_blocking_item_matches (const char *item, const char *jid)
{
  g_autoptr (JdJid) i = jd_jid_parse (item, NULL);
  g_autoptr (JdJid) j = jd_jid_parse (jid, NULL);

  if (i == NULL || j == NULL || g_strcmp0 (i->domain, j->domain) != 0)
    return FALSE;
  if (i->node == NULL && i->resource == NULL)
    return TRUE;                                  /* domain */
  if (g_strcmp0 (i->node, j->node) != 0)
    return FALSE;
  return i->resource == NULL || g_strcmp0 (i->resource, j->resource) == 0;
}

gboolean
jd_blocking_is_blocked (JdBlocking *self, const char *jid)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (jd_blocking_item_matches (key, jid))
      return TRUE;
  return FALSE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
jd_blocking_get_list (JdBlocking *self)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (list, key);
  g_ptr_array_sort (list, compare_strings);
  return list;
}

gboolean
jd_blocking_is_supported (JdBlocking *self)
{
  return self->supported;
}

static void
add_items_from (JdBlocking *self, xmpp_stanza_t *parent)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (parent); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      const char *jid = xmpp_stanza_get_attribute (c, "jid");
      char *norm;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "item") != 0 ||
          jid == NULL || (norm = jd_jid_normalize (jid, NULL)) == NULL)
        continue;
      g_hash_table_add (self->items, norm);
    }
}

static gboolean
remove_items_from (JdBlocking *self, xmpp_stanza_t *parent)
{
  gboolean any = FALSE;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (parent); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      const char *jid = xmpp_stanza_get_attribute (c, "jid");
      g_autofree char *norm = NULL;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "item") != 0 ||
          jid == NULL || (norm = jd_jid_normalize (jid, NULL)) == NULL)
        continue;
      any = TRUE;
      g_hash_table_remove (self->items, norm);
    }
  return any;
}

static const char *
stanza_kind (xmpp_stanza_t *stanza)
{
  return xmpp_stanza_get_name (stanza);
}

/* Runs first for every stanza. */
static JdStanzaResult
on_filter (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdBlocking *self = user_data;
  const char *from = xmpp_stanza_get_from (stanza);
  g_autoptr (xmpp_stanza_t) reply = NULL;

  if (from == NULL || g_hash_table_size (self->items) == 0 || !jd_blocking_is_blocked (self, from))
    return JD_STANZA_PASS;
  g_debug ("dropping %s from blocked %s", stanza_kind (stanza), from);
  /* An IQ request must still be answered (RFC 6120 §8.2.3). */
  if (g_strcmp0 (stanza_kind (stanza), "iq") == 0 &&
      (g_strcmp0 (xmpp_stanza_get_type (stanza), "get") == 0 ||
       g_strcmp0 (xmpp_stanza_get_type (stanza), "set") == 0))
    {
      reply = jd_stanza_error_reply (stanza, "cancel", "service-unavailable", NULL);
      jd_xmpp_connection_send (conn, reply);
    }
  return JD_STANZA_HANDLED;
}

/* XEP-0191 §3.3, §3.4: the server pushes every change, including ours. */
static JdStanzaResult
on_push (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdBlocking *self = user_data;
  const char *from = xmpp_stanza_get_from (stanza);
  xmpp_stanza_t *block = jd_stanza_get_child (stanza, "block", JD_NS_BLOCKING);
  xmpp_stanza_t *unblock = jd_stanza_get_child (stanza, "unblock", JD_NS_BLOCKING);
  g_autoptr (xmpp_stanza_t) reply = NULL;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "set") != 0)
    return JD_STANZA_PASS;
  if (from != NULL && !jd_jid_str_equal (from, jd_xmpp_connection_get_bare_jid (conn)))
    return JD_STANZA_PASS;   /* answered service-unavailable by the connection */
  if (block != NULL)
    add_items_from (self, block);
  else if (unblock != NULL && !remove_items_from (self, unblock))
    g_hash_table_remove_all (self->items);
  reply = jd_stanza_iq_result (stanza);
  jd_xmpp_connection_send (conn, reply);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return JD_STANZA_HANDLED;
}

static void
on_list (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JdBlocking *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) reply =
    jd_xmpp_connection_send_iq_finish (JD_XMPP_CONNECTION (source), result, &error);
  xmpp_stanza_t *list = reply != NULL ? jd_stanza_get_child (reply, "blocklist", JD_NS_BLOCKING)
                                      : NULL;

  self->supported = list != NULL;
  if (list == NULL)
    g_info ("server blocking list unavailable: %s", error != NULL ? error->message : "no list");
  else
    {
      g_hash_table_remove_all (self->items);
      add_items_from (self, list);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  g_object_unref (self);
}

static void
on_ready (JdXmppConnection *conn, gboolean resumed, gpointer user_data)
{
  JdBlocking *self = user_data;
  g_autoptr (xmpp_stanza_t) iq = NULL;

  if (resumed)
    return;
  iq = jd_stanza_new_iq (jd_xmpp_connection_get_context (conn), "get", NULL, "blocklist",
                         JD_NS_BLOCKING);
  jd_xmpp_connection_send_iq_async (conn, iq, self->cancellable, on_list, g_object_ref (self));
}

static void
send_command (JdBlocking *self, const char *command, const char *const *jids,
              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (xmpp_stanza_t) iq =
    jd_stanza_new_iq (jd_xmpp_connection_get_context (self->conn), "set", NULL, command,
                      JD_NS_BLOCKING);
  xmpp_stanza_t *el = jd_stanza_get_child (iq, command, JD_NS_BLOCKING);

  for (guint i = 0; jids != NULL && jids[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *norm = jd_jid_normalize (jids[i], &error);

      if (norm == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      xmpp_stanza_set_attribute (jd_stanza_add_element (el, "item", NULL), "jid", norm);
    }
  jd_xmpp_connection_send_iq_for_task (self->conn, iq, g_steal_pointer (&task));
}

void
jd_blocking_block_async (JdBlocking *self, const char *const *jids, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  if (jids == NULL || jids[0] == NULL)
    {
      /* §3.3: a block with no item is a bad-request; refuse it here. */
      g_task_report_new_error (self, callback, user_data, NULL, JD_XMPP_ERROR,
                               JD_XMPP_ERROR_INVALID_JID, "nothing to block");
      return;
    }
  send_command (self, "block", jids, cancellable, callback, user_data);
}

gboolean
jd_blocking_block_finish (JdBlocking *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
jd_blocking_unblock_async (JdBlocking *self, const char *const *jids, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  send_command (self, "unblock", jids, cancellable, callback, user_data);
}

gboolean
jd_blocking_unblock_finish (JdBlocking *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
jd_blocking_dispose (GObject *object)
{
  JdBlocking *self = JD_BLOCKING (object);

  g_cancellable_cancel (self->cancellable);
  if (self->conn != NULL)
    {
      jd_xmpp_connection_remove_handler (self->conn, self->filter_id);
      jd_xmpp_connection_remove_handler (self->conn, self->push_id);
      g_clear_signal_handler (&self->ready_id, self->conn);
      self->conn = NULL;
    }
  G_OBJECT_CLASS (jd_blocking_parent_class)->dispose (object);
}

static void
jd_blocking_finalize (GObject *object)
{
  JdBlocking *self = JD_BLOCKING (object);

  g_hash_table_unref (self->items);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (jd_blocking_parent_class)->finalize (object);
}

static void
jd_blocking_class_init (JdBlockingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_blocking_dispose;
  object_class->finalize = jd_blocking_finalize;
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
jd_blocking_init (JdBlocking *self)
{
  self->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

JdBlocking *
jd_blocking_new (JdXmppConnection *conn)
{
  JdBlocking *self = g_object_new (JD_TYPE_BLOCKING, NULL);

  self->conn = conn;
  self->filter_id = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_FILTER, NULL, NULL,
                                                    on_filter, self, NULL);
  self->push_id = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT, "iq",
                                                  JD_NS_BLOCKING, on_push, self, NULL);
  self->ready_id = g_signal_connect (conn, "ready", G_CALLBACK (on_ready), self);
  return self;
}
