/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-presence.h"

#include "jd-jid.h"

#define NS_CAPS "http://jabber.org/protocol/caps"

/* ---------------------------------------------------------------- */
/* JdPresenceInfo                                                   */

static const char *const show_names[] = {
  [JD_PRESENCE_UNAVAILABLE] = "unavailable",
  [JD_PRESENCE_XA] = "xa",
  [JD_PRESENCE_AWAY] = "away",
  [JD_PRESENCE_DND] = "dnd",
  [JD_PRESENCE_AVAILABLE] = "available",
  [JD_PRESENCE_CHAT] = "chat",
};

const char *
jd_presence_show_to_string (JdPresenceShow show)
{
  g_return_val_if_fail ((guint) show < G_N_ELEMENTS (show_names), "unavailable");
  return show_names[show];
}

gboolean
jd_presence_show_from_string (const char *str, JdPresenceShow *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (show_names); i++)
    {
      if (g_strcmp0 (str, show_names[i]) == 0)
        {
          *out = (JdPresenceShow) i;
          return TRUE;
        }
    }
  return FALSE;
}

JdPresenceInfo *
jd_presence_info_new (JdPresenceShow show, const char *status, int priority)
{
  JdPresenceInfo *info = g_new0 (JdPresenceInfo, 1);

  info->show = show;
  info->status = g_strdup (status);
  info->priority = CLAMP (priority, -128, 127);
  return info;
}

JdPresenceInfo *
jd_presence_info_copy (const JdPresenceInfo *info)
{
  JdPresenceInfo *copy = jd_presence_info_new (info->show, info->status, info->priority);

  copy->caps_node = g_strdup (info->caps_node);
  copy->caps_ver = g_strdup (info->caps_ver);
  copy->caps_hash = g_strdup (info->caps_hash);
  return copy;
}

void
jd_presence_info_free (JdPresenceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->status);
  g_free (info->caps_node);
  g_free (info->caps_ver);
  g_free (info->caps_hash);
  g_free (info);
}

gboolean
jd_presence_info_equal (const JdPresenceInfo *a, const JdPresenceInfo *b)
{
  return a->show == b->show && a->priority == b->priority &&
         g_strcmp0 (a->status, b->status) == 0 &&
         g_strcmp0 (a->caps_ver, b->caps_ver) == 0 &&
         g_strcmp0 (a->caps_node, b->caps_node) == 0 &&
         g_strcmp0 (a->caps_hash, b->caps_hash) == 0;
}

/* RFC 6121 §4.7.2.3: an integer -128..127; anything else counts as 0. */
static int
parse_priority (const char *text)
{
  gint64 value;

  if (text == NULL || !g_ascii_string_to_signed (g_strstrip ((char *) text), 10, -128, 127,
                                                 &value, NULL))
    return 0;
  return (int) value;
}

/* RFC 6121 §4.7.2.1: unknown <show/> values are treated as available. */
static JdPresenceShow
parse_show (const char *text)
{
  JdPresenceShow show;

  if (text == NULL || !jd_presence_show_from_string (text, &show) ||
      show == JD_PRESENCE_UNAVAILABLE || show == JD_PRESENCE_AVAILABLE)
    return JD_PRESENCE_AVAILABLE;
  return show;
}

static void
parse_caps (JdPresenceInfo *info, xmpp_stanza_t *presence)
{
  xmpp_stanza_t *c = jd_stanza_get_child (presence, "c", NS_CAPS);

  if (c == NULL || xmpp_stanza_get_attribute (c, "ver") == NULL)
    return;
  info->caps_node = g_strdup (xmpp_stanza_get_attribute (c, "node"));
  info->caps_ver = g_strdup (xmpp_stanza_get_attribute (c, "ver"));
  /* A <c/> without 'hash' is the legacy format (XEP-0115 §8.4): no hash to verify. */
  info->caps_hash = g_strdup (xmpp_stanza_get_attribute (c, "hash"));
}

JdPresenceInfo *
jd_presence_info_parse (xmpp_stanza_t *presence, GError **error)
{
  const char *type = xmpp_stanza_get_type (presence);
  g_autofree char *show = NULL;
  g_autofree char *status = NULL;
  g_autofree char *priority = NULL;
  JdPresenceInfo *info;

  if (g_strcmp0 (xmpp_stanza_get_name (presence), "presence") != 0 ||
      (type != NULL && g_strcmp0 (type, "unavailable") != 0))
    {
      g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY,
                   "not presence information (type '%s')", type);
      return NULL;
    }
  show = jd_stanza_dup_child_text (presence, "show", NULL);
  status = jd_stanza_dup_child_text (presence, "status", NULL);
  priority = jd_stanza_dup_child_text (presence, "priority", NULL);
  info = jd_presence_info_new (type != NULL ? JD_PRESENCE_UNAVAILABLE : parse_show (show),
                               status, parse_priority (priority));
  parse_caps (info, presence);
  return info;
}

static xmpp_stanza_t *
build_presence (xmpp_ctx_t *ctx, JdPresenceShow show, const char *status, int priority)
{
  xmpp_stanza_t *p = xmpp_presence_new (ctx);

  if (show == JD_PRESENCE_UNAVAILABLE)
    xmpp_stanza_set_type (p, "unavailable");
  else if (show != JD_PRESENCE_AVAILABLE)
    jd_stanza_add_text_child (p, "show", jd_presence_show_to_string (show));
  if (status != NULL)
    jd_stanza_add_text_child (p, "status", status);
  if (priority != 0 && show != JD_PRESENCE_UNAVAILABLE)
    {
      g_autofree char *prio = g_strdup_printf ("%d", priority);

      jd_stanza_add_text_child (p, "priority", prio);
    }
  return p;
}

/* ---------------------------------------------------------------- */
/* JdPresenceTable                                                  */

struct _JdPresenceTable {
  GHashTable *contacts;   /* bare jid -> GHashTable (full jid -> JdPresenceInfo*) */
};

JdPresenceTable *
jd_presence_table_new (void)
{
  JdPresenceTable *table = g_new0 (JdPresenceTable, 1);

  table->contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
  return table;
}

void
jd_presence_table_free (JdPresenceTable *table)
{
  if (table == NULL)
    return;
  g_hash_table_unref (table->contacts);
  g_free (table);
}

void
jd_presence_table_clear (JdPresenceTable *table)
{
  g_hash_table_remove_all (table->contacts);
}

static GHashTable *
resources_of (JdPresenceTable *table, const char *bare, gboolean create)
{
  GHashTable *resources = g_hash_table_lookup (table->contacts, bare);

  if (resources == NULL && create)
    {
      resources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) jd_presence_info_free);
      g_hash_table_insert (table->contacts, g_strdup (bare), resources);
    }
  return resources;
}

gboolean
jd_presence_table_update (JdPresenceTable *table, const char *jid, const JdPresenceInfo *info)
{
  g_autoptr (JdJid) parsed = jd_jid_parse (jid, NULL);
  g_autofree char *bare = NULL;
  g_autofree char *full = NULL;
  GHashTable *resources;
  const JdPresenceInfo *old;

  if (parsed == NULL)
    return FALSE;
  bare = jd_jid_to_bare (parsed);
  full = jd_jid_to_string (parsed);
  if (info->show == JD_PRESENCE_UNAVAILABLE)
    {
      if (jd_jid_is_bare (parsed))
        return g_hash_table_remove (table->contacts, bare);
      resources = resources_of (table, bare, FALSE);
      if (resources == NULL || !g_hash_table_remove (resources, full))
        return FALSE;
      if (g_hash_table_size (resources) == 0)
        g_hash_table_remove (table->contacts, bare);
      return TRUE;
    }
  resources = resources_of (table, bare, TRUE);
  old = g_hash_table_lookup (resources, full);
  if (old != NULL && jd_presence_info_equal (old, info))
    return FALSE;
  g_hash_table_replace (resources, g_steal_pointer (&full), jd_presence_info_copy (info));
  return TRUE;
}

const JdPresenceInfo *
jd_presence_table_lookup (JdPresenceTable *table, const char *full_jid)
{
  g_autofree char *bare = jd_jid_bare_of (full_jid);
  g_autofree char *norm = jd_jid_normalize (full_jid, NULL);
  GHashTable *resources = bare != NULL ? resources_of (table, bare, FALSE) : NULL;

  return resources != NULL && norm != NULL ? g_hash_table_lookup (resources, norm) : NULL;
}

typedef struct {
  char *jid;
  const JdPresenceInfo *info;
} Ranked;

static int
compare_ranked (gconstpointer a, gconstpointer b)
{
  const Ranked *ra = *(const Ranked *const *) a;
  const Ranked *rb = *(const Ranked *const *) b;

  if (ra->info->priority != rb->info->priority)
    return rb->info->priority - ra->info->priority;
  if (ra->info->show != rb->info->show)
    return (int) rb->info->show - (int) ra->info->show;
  return g_strcmp0 (ra->jid, rb->jid);
}

GPtrArray *
jd_presence_table_get_resources (JdPresenceTable *table, const char *bare_jid)
{
  g_autofree char *bare = jd_jid_bare_of (bare_jid);
  GHashTable *resources = bare != NULL ? resources_of (table, bare, FALSE) : NULL;
  g_autoptr (GPtrArray) ranked = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (resources == NULL)
    return out;
  g_hash_table_iter_init (&iter, resources);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Ranked *r = g_new0 (Ranked, 1);

      r->jid = key;
      r->info = value;
      g_ptr_array_add (ranked, r);
    }
  g_ptr_array_sort (ranked, compare_ranked);
  for (guint i = 0; i < ranked->len; i++)
    g_ptr_array_add (out, g_strdup (((Ranked *) g_ptr_array_index (ranked, i))->jid));
  return out;
}

char *
jd_presence_table_best_resource (JdPresenceTable *table, const char *bare_jid)
{
  g_autoptr (GPtrArray) resources = jd_presence_table_get_resources (table, bare_jid);

  /* RFC 6121 §8.5.2.1.1: a negative priority never receives bare-JID traffic. */
  if (resources->len == 0 ||
      jd_presence_table_lookup (table, g_ptr_array_index (resources, 0))->priority < 0)
    return NULL;
  return g_strdup (g_ptr_array_index (resources, 0));
}

/* ---------------------------------------------------------------- */
/* JdPresence                                                       */

struct _JdPresence
{
  GObject parent_instance;

  JdXmppConnection *conn;     /* borrowed: the client owns both */
  JdPresenceTable *table;
  JdPresenceInfo *own;
  JdPresenceDecorator decorate;
  gpointer decorate_data;
  guint handler_id;
  gulong ready_id;
  gulong disconnected_id;
};

G_DEFINE_FINAL_TYPE (JdPresence, jd_presence, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
emit_changed (JdPresence *self, const char *jid, const JdPresenceInfo *info)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, jid, info);
}

static void
clear_all (JdPresence *self)
{
  g_autoptr (JdPresenceInfo) gone = jd_presence_info_new (JD_PRESENCE_UNAVAILABLE, NULL, 0);
  g_autoptr (GPtrArray) fulls = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter contacts;
  gpointer resources;

  g_hash_table_iter_init (&contacts, self->table->contacts);
  while (g_hash_table_iter_next (&contacts, NULL, &resources))
    {
      GHashTableIter iter;
      gpointer full;

      g_hash_table_iter_init (&iter, resources);
      while (g_hash_table_iter_next (&iter, &full, NULL))
        g_ptr_array_add (fulls, g_strdup (full));
    }
  jd_presence_table_clear (self->table);
  for (guint i = 0; i < fulls->len; i++)
    emit_changed (self, g_ptr_array_index (fulls, i), gone);
}

static JdStanzaResult
on_presence (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdPresence *self = user_data;
  const char *from = xmpp_stanza_get_from (stanza);
  g_autoptr (JdPresenceInfo) info = NULL;
  g_autofree char *norm = NULL;

  info = jd_presence_info_parse (stanza, NULL);
  if (info == NULL)
    return JD_STANZA_PASS;   /* subscriptions and errors are someone else's */
  norm = from != NULL ? jd_jid_normalize (from, NULL) : NULL;
  if (norm == NULL)
    {
      g_debug ("ignoring presence with missing or invalid 'from'");
      return JD_STANZA_HANDLED;
    }
  if (jd_presence_table_update (self->table, norm, info))
    emit_changed (self, norm, info);
  return JD_STANZA_HANDLED;
}

static xmpp_stanza_t *
build_own (JdPresence *self, JdPresenceShow show, const char *status, int priority)
{
  xmpp_stanza_t *p = build_presence (jd_xmpp_connection_get_context (self->conn),
                                     show, status, priority);

  if (show != JD_PRESENCE_UNAVAILABLE && self->decorate != NULL)
    self->decorate (p, self->decorate_data);
  return p;
}

void
jd_presence_broadcast (JdPresence *self)
{
  g_autoptr (xmpp_stanza_t) p = build_own (self, self->own->show, self->own->status,
                                           self->own->priority);

  jd_xmpp_connection_send (self->conn, p);
}

static void
on_ready (JdXmppConnection *conn, gboolean resumed, gpointer user_data)
{
  JdPresence *self = user_data;

  if (resumed)
    return;
  clear_all (self);
  jd_presence_broadcast (self);
}

static void
on_disconnected (JdXmppConnection *conn, const GError *reason, gboolean will_reconnect,
                 gpointer user_data)
{
  if (!will_reconnect)
    clear_all (user_data);
}

void
jd_presence_set_own (JdPresence *self, JdPresenceShow show, const char *status, int priority)
{
  g_return_if_fail (JD_IS_PRESENCE (self));
  jd_presence_info_free (self->own);
  self->own = jd_presence_info_new (show, status, priority);
  if (jd_xmpp_connection_get_state (self->conn) == JD_XMPP_STATE_READY)
    jd_presence_broadcast (self);
}

const JdPresenceInfo *
jd_presence_get_own (JdPresence *self)
{
  return self->own;
}

gboolean
jd_presence_send_directed (JdPresence *self, const char *to, JdPresenceShow show,
                           const char *status, int priority)
{
  g_autoptr (xmpp_stanza_t) p = build_own (self, show, status, priority);

  xmpp_stanza_set_to (p, to);
  return jd_xmpp_connection_send (self->conn, p);
}

void
jd_presence_set_decorator (JdPresence *self, JdPresenceDecorator func, gpointer user_data)
{
  self->decorate = func;
  self->decorate_data = user_data;
}

JdPresenceTable *
jd_presence_get_table (JdPresence *self)
{
  return self->table;
}

static void
jd_presence_dispose (GObject *object)
{
  JdPresence *self = JD_PRESENCE (object);

  if (self->conn != NULL)
    {
      jd_xmpp_connection_remove_handler (self->conn, self->handler_id);
      g_clear_signal_handler (&self->ready_id, self->conn);
      g_clear_signal_handler (&self->disconnected_id, self->conn);
      self->conn = NULL;
    }
  G_OBJECT_CLASS (jd_presence_parent_class)->dispose (object);
}

static void
jd_presence_finalize (GObject *object)
{
  JdPresence *self = JD_PRESENCE (object);

  jd_presence_table_free (self->table);
  jd_presence_info_free (self->own);
  G_OBJECT_CLASS (jd_presence_parent_class)->finalize (object);
}

static void
jd_presence_class_init (JdPresenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_presence_dispose;
  object_class->finalize = jd_presence_finalize;
  /**
   * JdPresence::changed:
   * @jid: the full JID whose presence changed
   * @info: (type gpointer): the new JdPresenceInfo, UNAVAILABLE when gone
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);
}

static void
jd_presence_init (JdPresence *self)
{
  self->table = jd_presence_table_new ();
  self->own = jd_presence_info_new (JD_PRESENCE_AVAILABLE, NULL, 0);
}

JdPresence *
jd_presence_new (JdXmppConnection *conn)
{
  JdPresence *self = g_object_new (JD_TYPE_PRESENCE, NULL);

  self->conn = conn;
  self->handler_id = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT,
                                                     "presence", NULL, on_presence,
                                                     self, NULL);
  self->ready_id = g_signal_connect (conn, "ready", G_CALLBACK (on_ready), self);
  self->disconnected_id = g_signal_connect (conn, "disconnected",
                                            G_CALLBACK (on_disconnected), self);
  return self;
}
