/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-caps.h"

#include "jd-caps-hash.h"
#include "jd-jid.h"
#include "jd-presence.h"

struct _JdCaps
{
  GObject parent_instance;

  JdXmppConnection *conn;   /* borrowed: the client owns all three */
  JdDisco *disco;           /* borrowed */
  GHashTable *by_ver;       /* ver -> JdDiscoInfo* (verified only) */
  GHashTable *by_jid;       /* full jid -> JdDiscoInfo* (own copy) */
  GHashTable *waiting;      /* ver -> GPtrArray of full jids being resolved */
  GCancellable *cancellable;
  guint handler_id;
  gulong ready_id;
};

G_DEFINE_FINAL_TYPE (JdCaps, jd_caps, G_TYPE_OBJECT)

enum { SIGNAL_INFO_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  JdCaps *self;       /* strong */
  char *jid;
  char *ver;
  char *hash;         /* nullable: legacy caps */
} Lookup;

static void
lookup_free (Lookup *l)
{
  g_object_unref (l->self);
  g_free (l->jid);
  g_free (l->ver);
  g_free (l->hash);
  g_free (l);
}

static void
set_jid_info (JdCaps *self, const char *jid, const JdDiscoInfo *info)
{
  g_hash_table_replace (self->by_jid, g_strdup (jid), jd_disco_info_copy (info));
  g_signal_emit (self, signals[SIGNAL_INFO_CHANGED], 0, jid);
}

static void
resolve_waiters (JdCaps *self, const char *ver, const JdDiscoInfo *info)
{
  g_autoptr (GPtrArray) jids = NULL;
  g_autofree char *key = NULL;

  if (!g_hash_table_steal_extended (self->waiting, ver, (gpointer *) &key, (gpointer *) &jids))
    return;
  for (guint i = 0; info != NULL && i < jids->len; i++)
    set_jid_info (self, g_ptr_array_index (jids, i), info);
}

static void
on_caps_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Lookup *l = user_data;
  JdCaps *self = l->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JdDiscoInfo) info = jd_disco_query_info_finish (JD_DISCO (source), result, &error);

  if (info == NULL)
    {
      g_debug ("caps of %s unresolved: %s", l->jid, error->message);
      g_hash_table_remove (self->waiting, l->ver);
    }
  else if (l->hash != NULL && jd_caps_verify (info, l->hash, l->ver, &error))
    {
      g_hash_table_replace (self->by_ver, g_strdup (l->ver), jd_disco_info_copy (info));
      resolve_waiters (self, l->ver, info);
    }
  else
    {
      /* §5.4: not cached; believed for the entity that answered only. */
      g_info ("caps of %s not cached: %s", l->jid,
              error != NULL ? error->message : "legacy caps without hash");
      g_hash_table_remove (self->waiting, l->ver);
      set_jid_info (self, l->jid, info);
    }
  lookup_free (l);
}

static void
start_lookup (JdCaps *self, const char *jid, const JdPresenceInfo *p)
{
  GPtrArray *jids = g_hash_table_lookup (self->waiting, p->caps_ver);
  g_autofree char *node = NULL;
  Lookup *l;

  if (jids != NULL)
    {
      /* Someone else announced this ver; one query answers both. */
      g_ptr_array_add (jids, g_strdup (jid));
      return;
    }
  jids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (jids, g_strdup (jid));
  g_hash_table_insert (self->waiting, g_strdup (p->caps_ver), jids);
  l = g_new0 (Lookup, 1);
  l->self = g_object_ref (self);
  l->jid = g_strdup (jid);
  l->ver = g_strdup (p->caps_ver);
  l->hash = g_strdup (p->caps_hash);
  node = g_strdup_printf ("%s#%s", p->caps_node != NULL ? p->caps_node : "", p->caps_ver);
  jd_disco_query_info_async (self->disco, jid, node, self->cancellable, on_caps_info, l);
}

/* Sees every presence before JdPresence does; never consumes it. */
static JdStanzaResult
on_presence (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdCaps *self = user_data;
  g_autoptr (JdPresenceInfo) p = jd_presence_info_parse (stanza, NULL);
  g_autofree char *jid = NULL;
  const JdDiscoInfo *cached;

  if (p == NULL || xmpp_stanza_get_from (stanza) == NULL ||
      (jid = jd_jid_normalize (xmpp_stanza_get_from (stanza), NULL)) == NULL)
    return JD_STANZA_PASS;
  if (p->show == JD_PRESENCE_UNAVAILABLE)
    {
      g_hash_table_remove (self->by_jid, jid);
      return JD_STANZA_PASS;
    }
  if (p->caps_ver == NULL)
    return JD_STANZA_PASS;
  cached = p->caps_hash != NULL ? g_hash_table_lookup (self->by_ver, p->caps_ver) : NULL;
  if (cached != NULL)
    set_jid_info (self, jid, cached);
  else
    start_lookup (self, jid, p);
  return JD_STANZA_PASS;
}

static void
on_ready (JdXmppConnection *conn, gboolean resumed, gpointer user_data)
{
  JdCaps *self = user_data;

  /* Presence will be broadcast to us again; the ver cache stays valid. */
  if (!resumed)
    g_hash_table_remove_all (self->by_jid);
}

const JdDiscoInfo *
jd_caps_get_info (JdCaps *self, const char *full_jid)
{
  g_autofree char *jid = jd_jid_normalize (full_jid, NULL);

  return jid != NULL ? g_hash_table_lookup (self->by_jid, jid) : NULL;
}

gboolean
jd_caps_jid_has_feature (JdCaps *self, const char *full_jid, const char *feature)
{
  const JdDiscoInfo *info = jd_caps_get_info (self, full_jid);

  return info != NULL && jd_disco_info_has_feature (info, feature);
}

gboolean
jd_caps_is_cached (JdCaps *self, const char *ver)
{
  return g_hash_table_contains (self->by_ver, ver);
}

static void
jd_caps_dispose (GObject *object)
{
  JdCaps *self = JD_CAPS (object);

  g_cancellable_cancel (self->cancellable);
  if (self->conn != NULL)
    {
      jd_xmpp_connection_remove_handler (self->conn, self->handler_id);
      g_clear_signal_handler (&self->ready_id, self->conn);
      self->conn = NULL;
    }
  G_OBJECT_CLASS (jd_caps_parent_class)->dispose (object);
}

static void
jd_caps_finalize (GObject *object)
{
  JdCaps *self = JD_CAPS (object);

  g_hash_table_unref (self->by_ver);
  g_hash_table_unref (self->by_jid);
  g_hash_table_unref (self->waiting);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (jd_caps_parent_class)->finalize (object);
}

static void
jd_caps_class_init (JdCapsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_caps_dispose;
  object_class->finalize = jd_caps_finalize;
  /**
   * JdCaps::info-changed:
   * @jid: the full JID whose capabilities are now known
   */
  signals[SIGNAL_INFO_CHANGED] =
    g_signal_new ("info-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
jd_caps_init (JdCaps *self)
{
  self->by_ver = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) jd_disco_info_free);
  self->by_jid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) jd_disco_info_free);
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->cancellable = g_cancellable_new ();
}

JdCaps *
jd_caps_new (JdXmppConnection *conn, JdDisco *disco)
{
  JdCaps *self = g_object_new (JD_TYPE_CAPS, NULL);

  self->conn = conn;
  self->disco = disco;
  self->handler_id = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_DEFAULT - 2,
                                                     "presence", NULL, on_presence, self, NULL);
  self->ready_id = g_signal_connect (conn, "ready", G_CALLBACK (on_ready), self);
  return self;
}
