/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-account-mam.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "xmpp/jd-jid.h"
#include "xmpp/jd-mam.h"

#define NS_STANZA_ID "urn:xmpp:sid:0"   /* XEP-0359 */

/* One catch-up, from the login's disco#info to the saved position.  It
 * outlives its owner when a new login (or the account's end) replaces
 * it: then ->owner is NULL and the next callback just frees it. */
typedef struct {
  JdAccountMam *owner;          /* nullable, borrowed */
  JdXmppConnection *conn;       /* strong */
  JdDisco *disco;               /* strong */
  JdJingleJmiManager *jmi;      /* strong */
  GCancellable *cancellable;
  char *state_path;
  GPtrArray *items;             /* JdMamItem*: the archived JMI messages */
} Run;

struct _JdAccountMam {
  char *name;
  JdXmppClient *client;         /* strong */
  JdJingleJmiManager *jmi;      /* strong */
  gulong ready_id;
  guint live_handler_id;
  Run *run;                     /* nullable, the catch-up under way */
  gboolean caught_up;           /* the archive was read on this stream */
};

/* The state file */

/* systemd's StateDirectory= sets $STATE_DIRECTORY (a list when several
 * are configured: ours is the first). */
static char *
state_dir (void)
{
  const char *systemd = g_getenv ("STATE_DIRECTORY");

  if (systemd != NULL && g_path_is_absolute (systemd))
    {
      g_auto (GStrv) dirs = g_strsplit (systemd, ":", 2);

      return g_strdup (dirs[0]);
    }
  return g_build_filename (g_get_user_state_dir (), "jingled", NULL);
}

char *
jd_account_mam_state_path (const char *account_name)
{
  g_autofree char *dir = state_dir ();
  /* An account name may hold anything a config group name can. */
  g_autofree char *escaped = g_uri_escape_string (account_name, NULL, FALSE);
  g_autofree char *file = g_strconcat (escaped, ".mam", NULL);

  return g_build_filename (dir, file, NULL);
}

/* Returns: FALSE when there is no usable position; then *@id is unset.
 * @id: (out) (nullable): the archive id, NULL for "from the start" */
static gboolean
load_position (const char *path, char **id)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_file_get_contents (path, &text, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_message ("%s: %s; the archive is read from its newest message on", path,
                   error->message);
      return FALSE;
    }
  g_strstrip (text);
  if (text[0] != '\0' && (!jd_mam_id_is_valid (text) || strchr (text, '\n') != NULL))
    {
      g_message ("%s: not an archive id; the archive is read from its newest message on", path);
      return FALSE;
    }
  *id = text[0] != '\0' ? g_steal_pointer (&text) : NULL;
  return TRUE;
}

static void
save_position (const char *path, const char *id)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = g_strconcat (id != NULL ? id : "", "\n", NULL);
  g_autoptr (GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_message ("cannot create %s: %s", dir, g_strerror (errno));
      return;
    }
  /* Atomic: a crash leaves the old position or the new, never half. */
  if (!g_file_set_contents (path, text, -1, &error))
    g_message ("cannot save the archive position: %s", error->message);
  else
    g_debug ("archive position %s saved in %s", id != NULL ? id : "(start)", path);
}

/* One run */

static void
run_free (Run *run)
{
  if (run->owner != NULL)
    run->owner->run = NULL;
  g_object_unref (run->conn);
  g_object_unref (run->disco);
  g_object_unref (run->jmi);
  g_object_unref (run->cancellable);
  g_free (run->state_path);
  g_ptr_array_unref (run->items);
  g_free (run);
}

/* TRUE if the run was replaced or its account is gone (then it is freed). */
static gboolean
run_abandoned (Run *run)
{
  if (run->owner != NULL && !g_cancellable_is_cancelled (run->cancellable))
    return FALSE;
  run_free (run);
  return TRUE;
}

static JdMamItem *
item_copy (const JdMamItem *item)
{
  JdMamItem *copy = g_new0 (JdMamItem, 1);

  copy->query_id = g_strdup (item->query_id);
  copy->archive_id = g_strdup (item->archive_id);
  copy->stamp = g_date_time_ref (item->stamp);
  copy->message = xmpp_stanza_clone (item->message);
  return copy;
}

/* Only JMI messages are kept: archived chat is not re-emitted. */
static void
on_item (const JdMamItem *item, gpointer user_data)
{
  Run *run = user_data;

  if (jd_jingle_jmi_find (item->message) != NULL)
    g_ptr_array_add (run->items, item_copy (item));
}

static void
on_newest (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *newest = NULL;

  if (!jd_mam_newest_finish (JD_XMPP_CONNECTION (source), result, &newest, &error))
    {
      if (!run_abandoned (run))
        {
          g_message ("cannot read the message archive: %s", error->message);
          run_free (run);
        }
      return;
    }
  if (run_abandoned (run))
    return;
  save_position (run->state_path, newest);
  run->owner->caught_up = TRUE;
  g_info ("message archive: starting after %s", newest != NULL ? newest : "(empty)");
  run_free (run);
}

static void
learn_newest (Run *run)
{
  jd_mam_newest_async (run->conn, run->cancellable, on_newest, run);
}

static gboolean
is_unknown_position (const GError *error)
{
  return g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA) &&
         g_str_has_prefix (error->message, "item-not-found");
}

static void
on_fetched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *last = NULL;

  if (!jd_mam_fetch_finish (JD_XMPP_CONNECTION (source), result, &last, &error))
    {
      if (run_abandoned (run))
        return;
      if (is_unknown_position (error))
        {
          g_message ("the message archive forgot our position; starting at its newest message");
          learn_newest (run);
          return;
        }
      g_message ("cannot read the message archive: %s", error->message);
      run_free (run);
      return;
    }
  if (run_abandoned (run))
    return;
  jd_jingle_jmi_manager_handle_archive (run->jmi, run->items);
  if (last != NULL)
    save_position (run->state_path, last);
  run->owner->caught_up = TRUE;
  g_info ("message archive: caught up, %u JMI messages since we left", run->items->len);
  run_free (run);
}

static void
on_own_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JdDiscoInfo) info = jd_disco_query_info_finish (JD_DISCO (source), result, &error);
  g_autofree char *position = NULL;

  if (run_abandoned (run))
    return;
  if (info == NULL || !jd_disco_info_has_feature (info, JD_NS_MAM))
    {
      g_info ("no message archive on our account%s%s", info == NULL ? ": " : "",
              info == NULL ? error->message : "");
      run_free (run);
      return;
    }
  if (!load_position (run->state_path, &position))
    learn_newest (run);
  else
    jd_mam_fetch_async (run->conn, position, on_item, run, run->cancellable, on_fetched, run);
}

static void
abandon_run (JdAccountMam *self)
{
  if (self->run == NULL)
    return;
  g_cancellable_cancel (self->run->cancellable);
  self->run->owner = NULL;
  self->run = NULL;
}

/* Live messages */

/* Returns: (transfer none) (nullable): the archive id our server gave
 * @message (XEP-0359 <stanza-id by=our bare JID/>; the server strips any
 * other entity's claim to that 'by'). */
static const char *
own_stanza_id (xmpp_stanza_t *message, const char *own_bare)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (message); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      if (g_strcmp0 (xmpp_stanza_get_name (c), "stanza-id") == 0 &&
          g_strcmp0 (xmpp_stanza_get_ns (c), NS_STANZA_ID) == 0 &&
          jd_jid_str_equal (xmpp_stanza_get_attribute (c, "by"), own_bare))
        return xmpp_stanza_get_attribute (c, "id");
    }
  return NULL;
}

/* A JMI message that reached us live is handled now: the next catch-up
 * starts after it, so that a call this run reported (or rang) is not read
 * again at the next start.  During a catch-up its final page covers it. */
static JdStanzaResult
on_live_message (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdAccountMam *self = user_data;
  const char *own_bare = jd_xmpp_connection_get_bare_jid (conn);
  const char *id;
  g_autofree char *path = NULL;

  if (!self->caught_up || self->run != NULL || own_bare == NULL ||
      jd_jingle_jmi_find (stanza) == NULL)
    return JD_STANZA_PASS;
  id = own_stanza_id (stanza, own_bare);
  if (!jd_mam_id_is_valid (id))
    return JD_STANZA_PASS;
  path = jd_account_mam_state_path (self->name);
  save_position (path, id);
  return JD_STANZA_PASS;
}

/* XEP-0313: the archive of our bare JID, if its disco#info says there is one. */
static void
on_ready (JdXmppConnection *conn, gboolean resumed, gpointer user_data)
{
  JdAccountMam *self = user_data;
  Run *run;

  if (resumed)
    return;
  abandon_run (self);
  self->caught_up = FALSE;
  run = g_new0 (Run, 1);
  run->owner = self;
  run->conn = g_object_ref (conn);
  run->disco = g_object_ref (jd_xmpp_client_get_disco (self->client));
  run->jmi = g_object_ref (self->jmi);
  run->cancellable = g_cancellable_new ();
  run->state_path = jd_account_mam_state_path (self->name);
  run->items = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_mam_item_free);
  self->run = run;
  jd_disco_query_info_async (run->disco, jd_xmpp_connection_get_bare_jid (conn), NULL,
                             run->cancellable, on_own_info, run);
}

JdAccountMam *
jd_account_mam_new (const char *account_name, JdXmppClient *client, JdJingleJmiManager *jmi)
{
  JdAccountMam *self;

  g_return_val_if_fail (account_name != NULL, NULL);
  g_return_val_if_fail (JD_IS_XMPP_CLIENT (client) && JD_IS_JINGLE_JMI_MANAGER (jmi), NULL);
  self = g_new0 (JdAccountMam, 1);
  self->name = g_strdup (account_name);
  self->client = g_object_ref (client);
  self->jmi = g_object_ref (jmi);
  self->ready_id = g_signal_connect (jd_xmpp_client_get_connection (client), "ready",
                                     G_CALLBACK (on_ready), self);
  /* Sees every message, takes none. */
  self->live_handler_id = jd_xmpp_connection_add_handler (jd_xmpp_client_get_connection (client),
                                                          JD_XMPP_PRIORITY_FILTER + 20,
                                                          "message", NULL, on_live_message, self,
                                                          NULL);
  return self;
}

void
jd_account_mam_free (JdAccountMam *self)
{
  if (self == NULL)
    return;
  abandon_run (self);
  g_clear_signal_handler (&self->ready_id, jd_xmpp_client_get_connection (self->client));
  jd_xmpp_connection_remove_handler (jd_xmpp_client_get_connection (self->client),
                                    self->live_handler_id);
  g_object_unref (self->client);
  g_object_unref (self->jmi);
  g_free (self->name);
  g_free (self);
}
