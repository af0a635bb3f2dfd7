/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-roster.h"

#include "jd-jid.h"

/* ---------------------------------------------------------------- */
/* JdRosterItem                                                     */

static const char *const subscription_names[] = {
  [JD_SUBSCRIPTION_NONE] = "none",
  [JD_SUBSCRIPTION_TO] = "to",
  [JD_SUBSCRIPTION_FROM] = "from",
  [JD_SUBSCRIPTION_BOTH] = "both",
  [JD_SUBSCRIPTION_REMOVE] = "remove",
};

const char *
jd_subscription_to_string (JdSubscription sub)
{
  g_return_val_if_fail ((guint) sub < G_N_ELEMENTS (subscription_names), "none");
  return subscription_names[sub];
}

static gboolean
subscription_from_string (const char *str, JdSubscription *out)
{
  if (str == NULL)
    {
      *out = JD_SUBSCRIPTION_NONE;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subscription_names); i++)
    {
      if (g_strcmp0 (str, subscription_names[i]) == 0)
        {
          *out = (JdSubscription) i;
          return TRUE;
        }
    }
  return FALSE;
}

JdRosterItem *
jd_roster_item_new (const char *jid, const char *name, const char *const *groups)
{
  JdRosterItem *item = g_new0 (JdRosterItem, 1);
  const char *const none[] = { NULL };

  item->jid = g_strdup (jid);
  item->name = g_strdup (name);
  item->groups = g_strdupv ((char **) (groups != NULL ? groups : none));
  return item;
}

JdRosterItem *
jd_roster_item_copy (const JdRosterItem *item)
{
  JdRosterItem *copy = jd_roster_item_new (item->jid, item->name,
                                           (const char *const *) item->groups);

  copy->subscription = item->subscription;
  copy->ask = item->ask;
  return copy;
}

void
jd_roster_item_free (JdRosterItem *item)
{
  if (item == NULL)
    return;
  g_free (item->jid);
  g_free (item->name);
  g_strfreev (item->groups);
  g_free (item);
}

gboolean
jd_roster_item_equal (const JdRosterItem *a, const JdRosterItem *b)
{
  return g_strcmp0 (a->jid, b->jid) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
         a->subscription == b->subscription && a->ask == b->ask &&
         g_strv_equal ((const char *const *) a->groups, (const char *const *) b->groups);
}

static GStrv
parse_groups (xmpp_stanza_t *item)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (item); c != NULL; c = xmpp_stanza_get_next (c))
    {
      g_autofree char *group = NULL;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "group") != 0)
        continue;
      group = jd_stanza_dup_text (c);
      /* RFC 6121 §2.1.2.5: empty and duplicate groups are not groups. */
      if (group == NULL || *group == '\0' || !g_hash_table_add (seen, g_strdup (group)))
        continue;
      g_strv_builder_add (builder, group);
    }
  return g_strv_builder_end (builder);
}

JdRosterItem *
jd_roster_item_parse (xmpp_stanza_t *stanza, GError **error)
{
  const char *jid = xmpp_stanza_get_attribute (stanza, "jid");
  g_autofree char *bare = NULL;
  g_autoptr (JdRosterItem) item = NULL;
  g_autoptr (GError) local = NULL;
  JdSubscription sub;

  if (jid == NULL || (bare = jd_jid_normalize (jid, &local)) == NULL)
    {
      g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY, "roster item with bad jid: %s",
                   local != NULL ? local->message : "missing");
      return NULL;
    }
  if (!subscription_from_string (xmpp_stanza_get_attribute (stanza, "subscription"), &sub))
    {
      g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY,
                   "roster item %s: unknown subscription '%s'", bare,
                   xmpp_stanza_get_attribute (stanza, "subscription"));
      return NULL;
    }
  item = jd_roster_item_new (bare, xmpp_stanza_get_attribute (stanza, "name"), NULL);
  g_strfreev (item->groups);
  item->groups = parse_groups (stanza);
  item->subscription = sub;
  item->ask = g_strcmp0 (xmpp_stanza_get_attribute (stanza, "ask"), "subscribe") == 0;
  return g_steal_pointer (&item);
}

void
jd_roster_item_build (const JdRosterItem *item, xmpp_stanza_t *query)
{
  xmpp_stanza_t *el = jd_stanza_add_element (query, "item", NULL);

  xmpp_stanza_set_attribute (el, "jid", item->jid);
  if (item->name != NULL)
    xmpp_stanza_set_attribute (el, "name", item->name);
  if (item->subscription == JD_SUBSCRIPTION_REMOVE)
    xmpp_stanza_set_attribute (el, "subscription", "remove");
  for (guint i = 0; item->groups != NULL && item->groups[i] != NULL; i++)
    jd_stanza_add_text_child (el, "group", item->groups[i]);
}

/* ---------------------------------------------------------------- */
/* JdRosterTable                                                    */

struct _JdRosterTable {
  GHashTable *items;  /* bare jid -> JdRosterItem* */
};

JdRosterTable *
jd_roster_table_new (void)
{
  JdRosterTable *table = g_new0 (JdRosterTable, 1);

  table->items = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) jd_roster_item_free);
  return table;
}

void
jd_roster_table_free (JdRosterTable *table)
{
  if (table == NULL)
    return;
  g_hash_table_unref (table->items);
  g_free (table);
}

gboolean
jd_roster_table_apply (JdRosterTable *table, const JdRosterItem *item)
{
  const JdRosterItem *old = g_hash_table_lookup (table->items, item->jid);
  JdRosterItem *copy;

  if (item->subscription == JD_SUBSCRIPTION_REMOVE)
    return g_hash_table_remove (table->items, item->jid);
  if (old != NULL && jd_roster_item_equal (old, item))
    return FALSE;
  copy = jd_roster_item_copy (item);
  g_hash_table_replace (table->items, copy->jid, copy);
  return TRUE;
}

GPtrArray *
jd_roster_table_load (JdRosterTable *table, xmpp_stanza_t *query, GError **error)
{
  g_autoptr (GHashTable) fresh = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                        (GDestroyNotify) jd_roster_item_free);
  GPtrArray *changed = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c != NULL; c = xmpp_stanza_get_next (c))
    {
      g_autoptr (GError) local = NULL;
      JdRosterItem *item;

      if (!xmpp_stanza_is_tag (c) || g_strcmp0 (xmpp_stanza_get_name (c), "item") != 0)
        continue;
      item = jd_roster_item_parse (c, &local);
      /* One bad item must not cost the user the rest of the roster. */
      if (item == NULL)
        {
          g_debug ("skipping roster item: %s", local->message);
          continue;
        }
      g_hash_table_replace (fresh, item->jid, item);
    }
  g_hash_table_iter_init (&iter, table->items);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (fresh, key))
      g_ptr_array_add (changed, g_strdup (key));
  g_hash_table_iter_init (&iter, fresh);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const JdRosterItem *old = g_hash_table_lookup (table->items, key);

      if (old == NULL || !jd_roster_item_equal (old, value))
        g_ptr_array_add (changed, g_strdup (key));
    }
  g_hash_table_unref (table->items);
  table->items = g_steal_pointer (&fresh);
  (void) error;
  return changed;
}

const JdRosterItem *
jd_roster_table_lookup (JdRosterTable *table, const char *jid)
{
  g_autofree char *bare = jd_jid_bare_of (jid);

  return bare != NULL ? g_hash_table_lookup (table->items, bare) : NULL;
}

static int
compare_items (gconstpointer a, gconstpointer b)
{
  const JdRosterItem *ia = *(const JdRosterItem *const *) a;
  const JdRosterItem *ib = *(const JdRosterItem *const *) b;

  return g_strcmp0 (ia->jid, ib->jid);
}

GPtrArray *
jd_roster_table_get_items (JdRosterTable *table)
{
  GPtrArray *items = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (items, value);
  g_ptr_array_sort (items, compare_items);
  return items;
}

guint
jd_roster_table_size (JdRosterTable *table)
{
  return g_hash_table_size (table->items);
}

gboolean
jd_subscription_policy_from_string (const char *str, JdSubscriptionPolicy *out)
{
  static const char *const names[] = { "ask", "approve-roster", "deny" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (str, names[i]) == 0)
        {
          *out = (JdSubscriptionPolicy) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---------------------------------------------------------------- */
/* JdRoster                                                         */

struct _JdRoster
{
  GObject parent_instance;

  JdXmppConnection *conn;    /* borrowed: the client owns both */
  JdRosterTable *table;
  gboolean loaded;
  JdSubscriptionPolicy policy;
  guint iq_handler;
  guint presence_handler;
  gulong ready_id;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (JdRoster, jd_roster, G_TYPE_OBJECT)

enum {
  SIGNAL_LOADED,
  SIGNAL_ITEM_CHANGED,
  SIGNAL_SUBSCRIPTION_REQUEST,
  SIGNAL_SUBSCRIPTION_NOTICE,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void
emit_item_changed (JdRoster *self, const char *jid)
{
  g_signal_emit (self, signals[SIGNAL_ITEM_CHANGED], 0, jid,
                 g_hash_table_lookup (self->table->items, jid));
}

/* RFC 6121 §2.1.6: only our own account may push; anything else is a spoof. */
static gboolean
push_from_own_account (JdRoster *self, const char *from)
{
  return from == NULL ||
         jd_jid_str_equal (from, jd_xmpp_connection_get_bare_jid (self->conn));
}

static JdStanzaResult
on_roster_push (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdRoster *self = user_data;
  xmpp_stanza_t *query = jd_stanza_get_child (stanza, "query", JD_NS_ROSTER);
  xmpp_stanza_t *item_el = query != NULL ? jd_stanza_get_child (query, "item", NULL) : NULL;
  g_autoptr (JdRosterItem) item = NULL;
  g_autoptr (xmpp_stanza_t) reply = NULL;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "set") != 0)
    return JD_STANZA_PASS;
  if (!push_from_own_account (self, xmpp_stanza_get_from (stanza)))
    {
      g_debug ("ignoring roster push from %s", xmpp_stanza_get_from (stanza));
      reply = jd_stanza_error_reply (stanza, "cancel", "service-unavailable", NULL);
      jd_xmpp_connection_send (conn, reply);
      return JD_STANZA_HANDLED;
    }
  item = item_el != NULL ? jd_roster_item_parse (item_el, NULL) : NULL;
  if (item == NULL || xmpp_stanza_get_next (item_el) != NULL)
    {
      reply = jd_stanza_error_reply (stanza, "modify", "bad-request", NULL);
      jd_xmpp_connection_send (conn, reply);
      return JD_STANZA_HANDLED;
    }
  reply = jd_stanza_iq_result (stanza);
  jd_xmpp_connection_send (conn, reply);
  if (jd_roster_table_apply (self->table, item))
    emit_item_changed (self, item->jid);
  return JD_STANZA_HANDLED;
}

static void
on_roster_result (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JdRoster *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) reply =
    jd_xmpp_connection_send_iq_finish (JD_XMPP_CONNECTION (source), result, &error);
  g_autoptr (GPtrArray) changed = NULL;
  xmpp_stanza_t *query;

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_info ("roster fetch failed: %s", error->message);
      g_object_unref (self);
      return;
    }
  query = jd_stanza_get_child (reply, "query", JD_NS_ROSTER);
  if (query != NULL)
    {
      changed = jd_roster_table_load (self->table, query, NULL);
      for (guint i = 0; i < changed->len; i++)
        emit_item_changed (self, g_ptr_array_index (changed, i));
    }
  self->loaded = TRUE;
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
  g_object_unref (self);
}

static void
on_ready (JdXmppConnection *conn, gboolean resumed, gpointer user_data)
{
  JdRoster *self = user_data;
  g_autoptr (xmpp_stanza_t) iq = NULL;

  if (resumed && self->loaded)
    return;
  iq = jd_stanza_new_iq (jd_xmpp_connection_get_context (conn), "get", NULL, "query",
                         JD_NS_ROSTER);
  jd_xmpp_connection_send_iq_async (conn, iq, self->cancellable, on_roster_result,
                                    g_object_ref (self));
}

static gboolean
send_subscription (JdRoster *self, const char *jid, const char *type)
{
  g_autofree char *bare = jd_jid_bare_of (jid);
  g_autoptr (xmpp_stanza_t) p = NULL;

  if (bare == NULL)
    return FALSE;
  p = xmpp_presence_new (jd_xmpp_connection_get_context (self->conn));
  xmpp_stanza_set_type (p, type);
  xmpp_stanza_set_to (p, bare);
  return jd_xmpp_connection_send (self->conn, p);
}

gboolean
jd_roster_subscribe (JdRoster *self, const char *jid)
{
  return send_subscription (self, jid, "subscribe");
}

gboolean
jd_roster_unsubscribe (JdRoster *self, const char *jid)
{
  return send_subscription (self, jid, "unsubscribe");
}

gboolean
jd_roster_approve (JdRoster *self, const char *jid)
{
  return send_subscription (self, jid, "subscribed");
}

gboolean
jd_roster_deny (JdRoster *self, const char *jid)
{
  return send_subscription (self, jid, "unsubscribed");
}

static void
on_subscribe_request (JdRoster *self, const char *bare)
{
  const JdRosterItem *item = jd_roster_table_lookup (self->table, bare);

  switch (self->policy)
    {
    case JD_SUBSCRIPTION_POLICY_DENY:
      jd_roster_deny (self, bare);
      return;
    case JD_SUBSCRIPTION_POLICY_APPROVE_ROSTER:
      if (item != NULL)
        {
          jd_roster_approve (self, bare);
          return;
        }
      break;
    case JD_SUBSCRIPTION_POLICY_ASK:
    default:
      break;
    }
  g_signal_emit (self, signals[SIGNAL_SUBSCRIPTION_REQUEST], 0, bare);
}

static JdStanzaResult
on_subscription_presence (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdRoster *self = user_data;
  const char *type = xmpp_stanza_get_type (stanza);
  g_autofree char *bare = NULL;

  if (g_strcmp0 (type, "subscribe") != 0 && g_strcmp0 (type, "subscribed") != 0 &&
      g_strcmp0 (type, "unsubscribe") != 0 && g_strcmp0 (type, "unsubscribed") != 0)
    return JD_STANZA_PASS;
  bare = jd_jid_bare_of (xmpp_stanza_get_from (stanza));
  if (bare == NULL)
    return JD_STANZA_HANDLED;
  if (g_strcmp0 (type, "subscribe") == 0)
    on_subscribe_request (self, bare);
  else
    g_signal_emit (self, signals[SIGNAL_SUBSCRIPTION_NOTICE], 0, bare, type);
  return JD_STANZA_HANDLED;
}

static void
send_roster_set (JdRoster *self, const JdRosterItem *item, GCancellable *cancellable,
                 GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (xmpp_stanza_t) iq =
    jd_stanza_new_iq (jd_xmpp_connection_get_context (self->conn), "set", NULL, "query",
                      JD_NS_ROSTER);

  jd_roster_item_build (item, jd_stanza_get_child (iq, "query", JD_NS_ROSTER));
  jd_xmpp_connection_send_iq_for_task (self->conn, iq, task);
}

static JdRosterItem *
item_for (const char *jid, const char *name, const char *const *groups, GError **error)
{
  g_autofree char *bare = NULL;
  g_autoptr (JdJid) parsed = jd_jid_parse (jid, error);

  if (parsed == NULL)
    return NULL;
  bare = jd_jid_to_bare (parsed);
  return jd_roster_item_new (bare, name, groups);
}

void
jd_roster_set_item_async (JdRoster *self, const char *jid, const char *name,
                          const char *const *groups, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  GError *error = NULL;
  g_autoptr (JdRosterItem) item = item_for (jid, name, groups, &error);

  if (item == NULL)
    {
      g_task_report_error (self, callback, user_data, NULL, error);
      return;
    }
  send_roster_set (self, item, cancellable, callback, user_data);
}

gboolean
jd_roster_set_item_finish (JdRoster *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
jd_roster_remove_item_async (JdRoster *self, const char *jid, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  GError *error = NULL;
  g_autoptr (JdRosterItem) item = item_for (jid, NULL, NULL, &error);

  if (item == NULL)
    {
      g_task_report_error (self, callback, user_data, NULL, error);
      return;
    }
  item->subscription = JD_SUBSCRIPTION_REMOVE;
  send_roster_set (self, item, cancellable, callback, user_data);
}

gboolean
jd_roster_remove_item_finish (JdRoster *self, GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
jd_roster_is_loaded (JdRoster *self)
{
  return self->loaded;
}

JdRosterTable *
jd_roster_get_table (JdRoster *self)
{
  return self->table;
}

void
jd_roster_set_policy (JdRoster *self, JdSubscriptionPolicy policy)
{
  self->policy = policy;
}

static void
jd_roster_dispose (GObject *object)
{
  JdRoster *self = JD_ROSTER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->conn != NULL)
    {
      jd_xmpp_connection_remove_handler (self->conn, self->iq_handler);
      jd_xmpp_connection_remove_handler (self->conn, self->presence_handler);
      g_clear_signal_handler (&self->ready_id, self->conn);
      self->conn = NULL;
    }
  G_OBJECT_CLASS (jd_roster_parent_class)->dispose (object);
}

static void
jd_roster_finalize (GObject *object)
{
  JdRoster *self = JD_ROSTER (object);

  g_clear_object (&self->cancellable);
  jd_roster_table_free (self->table);
  G_OBJECT_CLASS (jd_roster_parent_class)->finalize (object);
}

static void
jd_roster_class_init (JdRosterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_roster_dispose;
  object_class->finalize = jd_roster_finalize;
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /**
   * JdRoster::item-changed:
   * @jid: bare JID
   * @item: (type gpointer) (nullable): the JdRosterItem, NULL when removed
   */
  signals[SIGNAL_ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);
  signals[SIGNAL_SUBSCRIPTION_REQUEST] =
    g_signal_new ("subscription-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * JdRoster::subscription-notice:
   * @jid: bare JID
   * @type: "subscribed", "unsubscribe" or "unsubscribed"
   */
  signals[SIGNAL_SUBSCRIPTION_NOTICE] =
    g_signal_new ("subscription-notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
jd_roster_init (JdRoster *self)
{
  self->table = jd_roster_table_new ();
  self->cancellable = g_cancellable_new ();
  self->policy = JD_SUBSCRIPTION_POLICY_ASK;
}

JdRoster *
jd_roster_new (JdXmppConnection *conn)
{
  JdRoster *self = g_object_new (JD_TYPE_ROSTER, NULL);

  self->conn = conn;
  self->iq_handler = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT, "iq",
                                                     JD_NS_ROSTER, on_roster_push, self, NULL);
  /* Before JdPresence, which takes every presence it understands. */
  self->presence_handler = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT - 1,
                                                           "presence", NULL,
                                                           on_subscription_presence, self, NULL);
  self->ready_id = g_signal_connect (conn, "ready", G_CALLBACK (on_ready), self);
  return self;
}
