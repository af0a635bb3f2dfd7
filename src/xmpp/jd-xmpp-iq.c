/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-xmpp-iq.h"

#include "jd-jid.h"

struct _JdXmppIqTracker
{
  JdXmppConnection *conn;     /* borrowed: it owns us */
  GHashTable *pending;        /* id -> PendingIq* */
};

typedef struct {
  JdXmppIqTracker *tracker;   /* borrowed: the tracker owns the table */
  GTask *task;
  char *id;
  char *to;
  GSource *timeout;
} PendingIq;

static void
pending_iq_free (PendingIq *p)
{
  g_source_destroy (p->timeout);
  g_source_unref (p->timeout);
  g_clear_object (&p->task);
  g_free (p->id);
  g_free (p->to);
  g_free (p);
}

JdXmppIqTracker *
jd_xmpp_iq_tracker_new (JdXmppConnection *conn)
{
  JdXmppIqTracker *tracker = g_new0 (JdXmppIqTracker, 1);

  tracker->conn = conn;
  /* Keys are the PendingIq's own id. */
  tracker->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) pending_iq_free);
  return tracker;
}

void
jd_xmpp_iq_tracker_free (JdXmppIqTracker *tracker)
{
  g_hash_table_unref (tracker->pending);
  g_free (tracker);
}

/* RFC 6120 §10.1 / XEP-0191 style spoofing check: a reply must come from
 * the address we asked; with no 'to' that is our own account or server. */
static gboolean
reply_from_matches (JdXmppIqTracker *tracker, const PendingIq *p, const char *from)
{
  JdXmppConnection *conn = tracker->conn;
  const char *bare_jid = jd_xmpp_connection_get_bare_jid (conn);

  if (p->to == NULL)
    return from == NULL || jd_jid_str_equal (from, bare_jid) ||
           jd_jid_str_equal (from, jd_xmpp_connection_get_domain (conn)) ||
           jd_jid_str_equal (from, jd_xmpp_connection_get_bound_jid (conn));
  if (from == NULL)
    return jd_jid_str_is_bare_equal (p->to, bare_jid);
  return jd_jid_str_equal (from, p->to);
}

static GError *
error_from_reply (xmpp_stanza_t *stanza)
{
  const char *text = jd_stanza_error_text (stanza);
  const char *condition = jd_stanza_error_condition (stanza);

  return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA, "%s%s%s",
                      condition != NULL ? condition : "undefined-condition",
                      text != NULL ? ": " : "", text != NULL ? text : "");
}

gboolean
jd_xmpp_iq_tracker_dispatch (JdXmppIqTracker *tracker, xmpp_stanza_t *stanza)
{
  const char *type = xmpp_stanza_get_type (stanza);
  const char *id = xmpp_stanza_get_id (stanza);
  PendingIq *p;
  GTask *task;

  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "iq") != 0 || id == NULL ||
      (g_strcmp0 (type, "result") != 0 && g_strcmp0 (type, "error") != 0))
    return FALSE;
  p = g_hash_table_lookup (tracker->pending, id);
  if (p == NULL || !reply_from_matches (tracker, p, xmpp_stanza_get_from (stanza)))
    return FALSE;
  task = g_steal_pointer (&p->task);
  g_hash_table_remove (tracker->pending, id);   /* frees p */
  if (g_strcmp0 (type, "error") == 0)
    g_task_return_error (task, error_from_reply (stanza));
  else
    g_task_return_pointer (task, xmpp_stanza_clone (stanza),
                           jd_stanza_unref);
  g_object_unref (task);
  return TRUE;
}

void
jd_xmpp_iq_tracker_fail_all (JdXmppIqTracker *tracker, const GError *error)
{
  g_autoptr (GList) values = g_hash_table_get_values (tracker->pending);

  g_hash_table_steal_all (tracker->pending);
  for (GList *l = values; l != NULL; l = l->next)
    {
      PendingIq *p = l->data;

      if (error != NULL)
        g_task_return_error (p->task, g_error_copy (error));
      else
        g_task_return_new_error (p->task, JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED,
                                 "disconnected");
      pending_iq_free (p);
    }
}

static gboolean
on_iq_timeout (gpointer user_data)
{
  PendingIq *p = user_data;
  JdXmppIqTracker *tracker = p->tracker;
  g_autoptr (GTask) task = g_steal_pointer (&p->task);
  g_autofree char *peer =
    g_strdup (p->to != NULL ? p->to : jd_xmpp_connection_get_domain (tracker->conn));

  g_hash_table_remove (tracker->pending, p->id);   /* frees p and its source */
  g_task_return_new_error (task, JD_XMPP_ERROR, JD_XMPP_ERROR_TIMEOUT, "no answer from %s", peer);
  return G_SOURCE_REMOVE;
}

void
jd_xmpp_iq_tracker_send (JdXmppIqTracker *tracker, xmpp_stanza_t *iq, guint timeout_s,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (tracker->conn, cancellable, callback, user_data);
  PendingIq *p;

  if (xmpp_stanza_get_id (iq) == NULL)
    {
      g_autofree char *id = g_uuid_string_random ();

      xmpp_stanza_set_id (iq, id);
    }
  if (!jd_xmpp_connection_send (tracker->conn, iq))
    {
      g_task_return_new_error (task, JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED, "not connected");
      return;
    }
  p = g_new0 (PendingIq, 1);
  p->tracker = tracker;
  p->task = g_steal_pointer (&task);
  p->id = g_strdup (xmpp_stanza_get_id (iq));
  p->to = g_strdup (xmpp_stanza_get_to (iq));
  p->timeout = g_timeout_source_new_seconds (timeout_s);
  g_source_set_callback (p->timeout, on_iq_timeout, p, NULL);
  g_source_attach (p->timeout, g_main_context_get_thread_default ());
  g_hash_table_replace (tracker->pending, p->id, p);
}
