/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-mam.h"

#include <string.h>

#include "jd-jid.h"

#define NS_FORWARD "urn:xmpp:forward:0"   /* XEP-0297 */
#define NS_DELAY   "urn:xmpp:delay"       /* XEP-0203 */
/* Archive ids end up in a state file and a log. */
#define MAX_ID_LEN 256

void
jd_mam_item_free (JdMamItem *item)
{
  if (item == NULL)
    return;
  g_free (item->query_id);
  g_free (item->archive_id);
  g_clear_pointer (&item->stamp, g_date_time_unref);
  g_clear_pointer (&item->message, xmpp_stanza_release);
  g_free (item);
}

/* Building */

static xmpp_stanza_t *
new_query (xmpp_ctx_t *ctx, const char *query_id, xmpp_stanza_t **set)
{
  xmpp_stanza_t *iq = jd_stanza_new_iq (ctx, "set", NULL, "query", JD_NS_MAM);
  xmpp_stanza_t *query = jd_stanza_get_child (iq, "query", JD_NS_MAM);

  xmpp_stanza_set_attribute (query, "queryid", query_id);
  *set = jd_stanza_add_element (query, "set", JD_NS_RSM);
  return iq;
}

xmpp_stanza_t *
jd_mam_query_build (xmpp_ctx_t *ctx, const char *query_id, const char *after, guint max)
{
  xmpp_stanza_t *set;
  xmpp_stanza_t *iq;
  g_autofree char *max_text = g_strdup_printf ("%u", max);

  g_return_val_if_fail (ctx != NULL && query_id != NULL, NULL);
  iq = new_query (ctx, query_id, &set);
  jd_stanza_add_text_child (set, "max", max_text);
  if (after != NULL)
    jd_stanza_add_text_child (set, "after", after);
  return iq;
}

/* XEP-0059 §2.5: an empty <before/> asks for the last page. */
xmpp_stanza_t *
jd_mam_query_build_newest (xmpp_ctx_t *ctx, const char *query_id)
{
  xmpp_stanza_t *set;
  xmpp_stanza_t *iq;

  g_return_val_if_fail (ctx != NULL && query_id != NULL, NULL);
  iq = new_query (ctx, query_id, &set);
  jd_stanza_add_text_child (set, "max", "1");
  jd_stanza_add_element (set, "before", NULL);
  return iq;
}

/* Parsing */

static gboolean
bad_reply (GError **error, const char *what)
{
  g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY, "archive: %s", what);
  return FALSE;
}

static JdMamItem *
no_item (GError **error, const char *what)
{
  bad_reply (error, what);
  return NULL;
}

gboolean
jd_mam_id_is_valid (const char *id)
{
  return id != NULL && id[0] != '\0' && strlen (id) <= MAX_ID_LEN &&
         g_utf8_validate (id, -1, NULL);
}

gboolean
jd_mam_is_result (xmpp_stanza_t *message)
{
  return message != NULL && jd_stanza_get_child (message, "result", JD_NS_MAM) != NULL;
}

/* XEP-0203 §3: a XEP-0082 DateTime, which always carries its zone. */
static GDateTime *
parse_stamp (xmpp_stanza_t *forwarded)
{
  xmpp_stanza_t *delay = jd_stanza_get_child (forwarded, "delay", NS_DELAY);
  const char *stamp = delay != NULL ? xmpp_stanza_get_attribute (delay, "stamp") : NULL;
  g_autoptr (GDateTime) when = NULL;

  if (stamp == NULL || (when = g_date_time_new_from_iso8601 (stamp, NULL)) == NULL)
    return NULL;
  return g_date_time_to_utc (when);
}

/* The one <message/> child of <forwarded/>, in the client namespace. */
static xmpp_stanza_t *
forwarded_message (xmpp_stanza_t *forwarded)
{
  xmpp_stanza_t *message = jd_stanza_get_child (forwarded, "message", NULL);
  const char *ns = message != NULL ? xmpp_stanza_get_ns (message) : NULL;

  if (message == NULL || (ns != NULL && g_strcmp0 (ns, "jabber:client") != 0))
    return NULL;
  return message;
}

JdMamItem *
jd_mam_result_parse (xmpp_stanza_t *message, GError **error)
{
  xmpp_stanza_t *result = message != NULL ? jd_stanza_get_child (message, "result", JD_NS_MAM)
                                          : NULL;
  xmpp_stanza_t *forwarded;
  xmpp_stanza_t *inner;
  g_autoptr (JdMamItem) item = g_new0 (JdMamItem, 1);

  if (result == NULL)
    return no_item (error, "no <result/>");
  item->query_id = g_strdup (xmpp_stanza_get_attribute (result, "queryid"));
  item->archive_id = g_strdup (xmpp_stanza_get_attribute (result, "id"));
  if (!jd_mam_id_is_valid (item->query_id) || !jd_mam_id_is_valid (item->archive_id))
    return no_item (error, "a <result/> without a valid queryid or id");
  if ((forwarded = jd_stanza_get_child (result, "forwarded", NS_FORWARD)) == NULL)
    return no_item (error, "a <result/> without <forwarded/>");
  if ((item->stamp = parse_stamp (forwarded)) == NULL)
    return no_item (error, "a <forwarded/> without a valid <delay stamp/>");
  if ((inner = forwarded_message (forwarded)) == NULL)
    return no_item (error, "a <forwarded/> without a <message/>");
  item->message = xmpp_stanza_clone (inner);
  return g_steal_pointer (&item);
}

gboolean
jd_mam_fin_parse (xmpp_stanza_t *iq, gboolean *complete, char **last, GError **error)
{
  xmpp_stanza_t *fin = iq != NULL ? jd_stanza_get_child (iq, "fin", JD_NS_MAM) : NULL;
  xmpp_stanza_t *set;
  const char *flag;
  g_autofree char *last_id = NULL;

  g_return_val_if_fail (complete != NULL && last != NULL, FALSE);
  if (fin == NULL || g_strcmp0 (xmpp_stanza_get_type (iq), "result") != 0)
    return bad_reply (error, "no <fin/> in the result");
  /* XEP-0313 <fin/>: 'complete' is a boolean, false when absent. */
  flag = xmpp_stanza_get_attribute (fin, "complete");
  set = jd_stanza_get_child (fin, "set", JD_NS_RSM);
  last_id = set != NULL ? jd_stanza_dup_child_text (set, "last", NULL) : NULL;
  if (last_id != NULL && !jd_mam_id_is_valid (last_id))
    return bad_reply (error, "an invalid <last/> id");
  *complete = g_strcmp0 (flag, "true") == 0 || g_strcmp0 (flag, "1") == 0;
  *last = g_steal_pointer (&last_id);
  return TRUE;
}

/* Fetching */

typedef struct {
  JdXmppConnection *conn;   /* strong */
  gboolean newest;          /* one page: the newest message only */
  JdMamItemFunc on_item;
  gpointer item_data;
  char *query_id;           /* of the page under way */
  char *last;               /* the last archive id seen so far */
  char *page_after;         /* what the page under way asked for */
  guint handler_id;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  if (f->handler_id != 0)
    jd_xmpp_connection_remove_handler (f->conn, f->handler_id);
  g_object_unref (f->conn);
  g_free (f->query_id);
  g_free (f->last);
  g_free (f->page_after);
  g_free (f);
}

/* XEP-0313 query results come from the archive: our own account's. */
static gboolean
from_own_account (Fetch *f, xmpp_stanza_t *message)
{
  const char *from = xmpp_stanza_get_from (message);

  return from == NULL || jd_jid_str_equal (from, jd_xmpp_connection_get_bare_jid (f->conn));
}

static JdStanzaResult
on_result (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  Fetch *f = user_data;
  g_autoptr (JdMamItem) item = NULL;
  g_autoptr (GError) error = NULL;

  if (!jd_mam_is_result (stanza))
    return JD_STANZA_PASS;
  if (!from_own_account (f, stanza))
    {
      g_info ("dropping an archive result from %s", xmpp_stanza_get_from (stanza));
      return JD_STANZA_HANDLED;
    }
  if ((item = jd_mam_result_parse (stanza, &error)) == NULL)
    {
      g_info ("dropping an archive result: %s", error->message);
      return JD_STANZA_HANDLED;
    }
  if (g_strcmp0 (item->query_id, f->query_id) != 0)
    return JD_STANZA_PASS;   /* another query's */
  g_free (f->last);
  f->last = g_strdup (item->archive_id);
  if (f->on_item != NULL)
    f->on_item (item, f->item_data);
  return JD_STANZA_HANDLED;
}

static void send_page (GTask *task);

static void
on_page_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) reply = jd_xmpp_connection_send_iq_finish (JD_XMPP_CONNECTION (source),
                                                                       result, &error);
  g_autofree char *last = NULL;
  gboolean complete = FALSE;

  if (reply == NULL || !jd_mam_fin_parse (reply, &complete, &last, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (last != NULL)
    {
      g_free (f->last);
      f->last = g_steal_pointer (&last);
    }
  /* A page that ends nowhere new would ask for itself again. */
  if (f->newest || complete || f->last == NULL || g_strcmp0 (f->last, f->page_after) == 0)
    {
      g_task_return_pointer (task, g_strdup (f->last), g_free);
      return;
    }
  send_page (g_steal_pointer (&task));
}

static void
send_page (GTask *task)
{
  Fetch *f = g_task_get_task_data (task);
  xmpp_ctx_t *ctx = jd_xmpp_connection_get_context (f->conn);
  g_autoptr (xmpp_stanza_t) iq = NULL;

  g_free (f->query_id);
  f->query_id = g_uuid_string_random ();
  g_free (f->page_after);
  f->page_after = g_strdup (f->last);
  iq = f->newest ? jd_mam_query_build_newest (ctx, f->query_id)
                 : jd_mam_query_build (ctx, f->query_id, f->last, JD_MAM_PAGE_MAX);
  jd_xmpp_connection_send_iq_async (f->conn, iq, g_task_get_cancellable (task), on_page_done,
                                    task);
}

static void
start (JdXmppConnection *conn, gboolean newest, const char *after, JdMamItemFunc on_item,
       gpointer item_data, GCancellable *cancellable, GAsyncReadyCallback callback,
       gpointer user_data)
{
  GTask *task = g_task_new (conn, cancellable, callback, user_data);
  Fetch *f = g_new0 (Fetch, 1);

  f->conn = g_object_ref (conn);
  f->newest = newest;
  f->on_item = on_item;
  f->item_data = item_data;
  f->last = g_strdup (after);
  /* Before every other message handler: a result is nobody else's. */
  f->handler_id = jd_xmpp_connection_add_handler (conn, JD_XMPP_PRIORITY_FILTER + 5, "message",
                                                  JD_NS_MAM, on_result, f, NULL);
  g_task_set_task_data (task, f, fetch_free);
  send_page (task);
}

void
jd_mam_fetch_async (JdXmppConnection *conn, const char *after, JdMamItemFunc on_item,
                    gpointer item_data, GCancellable *cancellable, GAsyncReadyCallback callback,
                    gpointer user_data)
{
  g_return_if_fail (JD_IS_XMPP_CONNECTION (conn));
  start (conn, FALSE, after, on_item, item_data, cancellable, callback, user_data);
}

static gboolean
finish (JdXmppConnection *conn, GAsyncResult *result, char **out, GError **error)
{
  GError *local = NULL;
  char *id;

  g_return_val_if_fail (g_task_is_valid (result, conn), FALSE);
  id = g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (out != NULL)
    *out = id;
  else
    g_free (id);
  return TRUE;
}

gboolean
jd_mam_fetch_finish (JdXmppConnection *conn, GAsyncResult *result, char **last, GError **error)
{
  return finish (conn, result, last, error);
}

void
jd_mam_newest_async (JdXmppConnection *conn, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (JD_IS_XMPP_CONNECTION (conn));
  start (conn, TRUE, NULL, NULL, NULL, cancellable, callback, user_data);
}

gboolean
jd_mam_newest_finish (JdXmppConnection *conn, GAsyncResult *result, char **newest,
                      GError **error)
{
  return finish (conn, result, newest, error);
}
