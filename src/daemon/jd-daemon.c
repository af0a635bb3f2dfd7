/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-daemon.h"

#include "jd-dbus-objects.h"
#include "jd-plugin-loader.h"
#include "xmpp/jd-im.h"
#include "xmpp/jd-jid.h"

/* org.freedesktop.DBus.RequestName flags and replies (D-Bus spec). */
#define DBUS_NAME_FLAG_DO_NOT_QUEUE 4
#define DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER 1

/* One exported call, from CallAdded until CallRemoved. */
typedef struct {
  JdDaemon *daemon;             /* borrowed */
  JdCall *call;
  JdDbusCall *object;
  guint number;                 /* /im/jingled/call/N */
  guint account;                /* index in daemon->accounts */
  GSource *grace;               /* after Ended, until unexported */
} CallEntry;

struct _JdDaemon
{
  GObject parent_instance;

  JdConfig *config;
  GPtrArray *accounts;          /* JdDbusAccount*, config order = path number */
  JdDbusManager *manager;
  GDBusConnection *bus;
  GHashTable *calls;            /* JdCall* -> CallEntry* */
  guint next_call;
  guint call_grace_ms;
  JdPluginHost *plugins;
  JdPluginLoader *loader;       /* the plugins of [daemon] plugins= */
};

G_DEFINE_FINAL_TYPE (JdDaemon, jd_daemon, G_TYPE_OBJECT)

enum { SIGNAL_BUS_LOST, N_SIGNALS };
static guint signals[N_SIGNALS];

static JdAccount *
account_at (JdDaemon *self, guint i)
{
  return jd_dbus_account_get_account (self->accounts->pdata[i]);
}

static const char *
path_of (gpointer skeleton)
{
  return g_dbus_interface_skeleton_get_object_path (G_DBUS_INTERFACE_SKELETON (skeleton));
}

/* ---------------------------------------------------------------- */
/* Calls                                                            */

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  const CallEntry *x = a, *y = b;

  return x->number < y->number ? -1 : x->number > y->number;
}

/* Calls properties list the calls in progress, oldest first; @account
 * G_MAXUINT lists every account's. */
static GStrv
call_paths (JdDaemon *self, guint account)
{
  GList *entries = g_list_sort (g_hash_table_get_values (self->calls), compare_entries);
  g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();

  for (GList *l = entries; l != NULL; l = l->next)
    {
      CallEntry *e = l->data;

      if (e->grace == NULL && (account == G_MAXUINT || e->account == account))
        g_strv_builder_add (paths, path_of (e->object));
    }
  g_list_free (entries);
  return g_strv_builder_end (paths);
}

static void
set_paths (gpointer iface, const char *property, GStrv paths)
{
  g_auto (GStrv) old = NULL;

  g_object_get (iface, property, &old, NULL);
  if (old == NULL || !g_strv_equal ((const char *const *) old, (const char *const *) paths))
    g_object_set (iface, property, paths, NULL);
}

static void
refresh_calls (JdDaemon *self, guint account)
{
  g_auto (GStrv) all = call_paths (self, G_MAXUINT);
  g_auto (GStrv) mine = call_paths (self, account);

  set_paths (self->manager, "calls", all);
  set_paths (self->accounts->pdata[account], "calls", mine);
}

static void
call_entry_free (CallEntry *e)
{
  if (e->grace != NULL)
    {
      g_source_destroy (e->grace);
      g_source_unref (e->grace);
    }
  g_signal_handlers_disconnect_by_data (e->call, e);
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (e->object));
  g_object_unref (e->object);
  g_object_unref (e->call);
  g_free (e);
}

static gboolean
on_grace_over (gpointer user_data)
{
  CallEntry *e = user_data;
  JdDaemon *self = e->daemon;
  g_autofree char *path = g_strdup (path_of (e->object));

  g_hash_table_remove (self->calls, e->call);
  jd_dbus_manager1_emit_call_removed (JD_DBUS_MANAGER1 (self->manager), path);
  return G_SOURCE_REMOVE;
}

static void
on_call_state_changed (JdCall *call, guint state, CallEntry *e)
{
  if (state != JD_CALL_STATE_ENDED || e->grace != NULL)
    return;
  e->grace = g_timeout_source_new (e->daemon->call_grace_ms);
  g_source_set_callback (e->grace, on_grace_over, e, NULL);
  g_source_attach (e->grace, g_main_context_get_thread_default ());
  refresh_calls (e->daemon, e->account);
}

static void
announce_incoming (JdDaemon *self, CallEntry *e)
{
  g_auto (GStrv) media = jd_dbus_call_dup_media (e->object);

  jd_dbus_account1_emit_incoming_call (JD_DBUS_ACCOUNT1 (self->accounts->pdata[e->account]),
                                       path_of (e->object),
                                       jd_call_get_peer (e->call),
                                       (const char *const *) media);
}

static void
on_call_added (JdAccount *account, JdCall *call, gboolean incoming, JdDaemon *self)
{
  CallEntry *e = g_new0 (CallEntry, 1);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  e->daemon = self;
  e->call = g_object_ref (call);
  e->number = self->next_call++;
  for (e->account = 0; account_at (self, e->account) != account; e->account++)
    ;
  e->object = jd_dbus_call_new (call, account, path_of (self->accounts->pdata[e->account]),
                               incoming);
  path = g_strdup_printf (JD_DBUS_CALL_PATH_PREFIX "%u", e->number);
  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (e->object), self->bus, path,
                                         &error))
    g_warning ("exporting %s: %s", path, error->message);
  g_hash_table_insert (self->calls, call, e);
  /* After the call object's own handler, so Ended is out first. */
  g_signal_connect (call, "state-changed", G_CALLBACK (on_call_state_changed), e);
  refresh_calls (self, e->account);
  jd_dbus_manager1_emit_call_added (JD_DBUS_MANAGER1 (self->manager), path);
  if (incoming)
    announce_incoming (self, e);
}

const char *
jd_daemon_get_call_path (JdDaemon *self, JdCall *call)
{
  CallEntry *e;

  g_return_val_if_fail (JD_IS_DAEMON (self), NULL);
  e = g_hash_table_lookup (self->calls, call);
  return e != NULL ? path_of (e->object) : NULL;
}

/* ---------------------------------------------------------------- */
/* Accounts                                                         */

GPtrArray *
jd_daemon_get_accounts (JdDaemon *self)
{
  g_return_val_if_fail (JD_IS_DAEMON (self), NULL);
  return self->accounts;
}

const char *
jd_daemon_find_account (JdDaemon *self, const char *name_or_jid)
{
  g_autofree char *bare = jd_jid_bare_of (name_or_jid);

  g_return_val_if_fail (JD_IS_DAEMON (self), NULL);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      JdAccount *account = account_at (self, i);

      if (g_str_equal (jd_account_get_name (account), name_or_jid) ||
          (bare != NULL && jd_jid_str_equal (jd_account_get_jid (account), bare) &&
           jd_jid_str_equal (name_or_jid, bare)))
        return path_of (self->accounts->pdata[i]);
    }
  return NULL;
}

/* A plugin's chat message leaves through the account it names. */
static gboolean
send_plugin_message (const char *account_name, const char *to, const char *body,
                     gpointer user_data, GError **error)
{
  JdDaemon *self = user_data;
  g_autoptr (JdMessage) msg = NULL;
  g_autofree char *id = NULL;

  for (guint i = 0; i < self->accounts->len; i++)
    {
      JdAccount *account = account_at (self, i);

      if (!g_str_equal (jd_account_get_name (account), account_name))
        continue;
      msg = jd_message_new (JD_MESSAGE_CHAT, to, body);
      id = jd_im_send (jd_xmpp_client_get_im (jd_account_get_client (account)), msg, error);
      return id != NULL;
    }
  g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_UNKNOWN_ACCOUNT, "no account %s",
               account_name);
  return FALSE;
}

static gboolean
load_plugins (JdDaemon *self, GError **error)
{
  self->plugins = jd_plugin_host_new ();
  jd_plugin_host_set_message_sender (self->plugins, send_plugin_message, self, NULL);
  self->loader = jd_plugin_loader_new (self->plugins, self->config->plugin_dir, NULL);
  return jd_plugin_loader_load_all (self->loader, (const char *const *) self->config->plugins,
                                    self->config->plugin_settings, error);
}

JdDaemon *
jd_daemon_new (JdConfig *config, GError **error)
{
  g_autoptr (JdDaemon) self = g_object_new (JD_TYPE_DAEMON, NULL);

  self->config = config;
  self->manager = jd_dbus_manager_new (self);
  if (!load_plugins (self, error))
    return NULL;
  for (guint i = 0; i < config->accounts->len; i++)
    {
      g_autoptr (JdAccount) account = jd_account_new (config->accounts->pdata[i], error);

      if (account == NULL)
        return NULL;
      g_signal_connect (account, "call-added", G_CALLBACK (on_call_added), self);
      jd_account_set_plugin_host (account, self->plugins);
      g_ptr_array_add (self->accounts, jd_dbus_account_new (account, self));
    }
  return g_steal_pointer (&self);
}

void
jd_daemon_set_call_grace (JdDaemon *self, guint grace_ms)
{
  g_return_if_fail (JD_IS_DAEMON (self));
  self->call_grace_ms = grace_ms;
}

/* ---------------------------------------------------------------- */
/* On the bus                                                       */

static gboolean
export_objects (JdDaemon *self, GError **error)
{
  g_autoptr (GStrvBuilder) paths = g_strv_builder_new ();
  g_auto (GStrv) accounts = NULL;

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->manager), self->bus,
                                         JD_DBUS_PATH, error))
    return FALSE;
  for (guint i = 0; i < self->accounts->len; i++)
    {
      g_autofree char *path = g_strdup_printf (JD_DBUS_ACCOUNT_PATH_PREFIX "%u", i);

      if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->accounts->pdata[i]),
                                             self->bus, path, error))
        return FALSE;
      g_strv_builder_add (paths, path);
    }
  accounts = g_strv_builder_end (paths);
  jd_dbus_manager1_set_accounts (JD_DBUS_MANAGER1 (self->manager),
                                 (const char *const *) accounts);
  return TRUE;
}

/* Synchronously and without queueing, so that a second daemon learns at
 * once that the name is taken and can say so. */
static gboolean
own_name (JdDaemon *self, GError **error)
{
  g_autoptr (GVariant) reply = NULL;
  guint32 result;

  reply = g_dbus_connection_call_sync (self->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", JD_DBUS_NAME,
                                                      DBUS_NAME_FLAG_DO_NOT_QUEUE),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       error);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(u)", &result);
  if (result != DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER)
    {
      g_set_error (error, JD_DBUS_ERROR, JD_DBUS_ERROR_FAILED,
                   "the name %s is already owned on this bus: is another jingled running?",
                   JD_DBUS_NAME);
      return FALSE;
    }
  return TRUE;
}

static void
on_bus_closed (GDBusConnection *bus, gboolean remote_peer_vanished, GError *error,
               JdDaemon *self)
{
  g_message ("the bus connection closed%s%s", error != NULL ? ": " : "",
             error != NULL ? error->message : "");
  g_signal_emit (self, signals[SIGNAL_BUS_LOST], 0);
}

gboolean
jd_daemon_start (JdDaemon *self, GDBusConnection *bus, GError **error)
{
  g_return_val_if_fail (JD_IS_DAEMON (self), FALSE);
  g_return_val_if_fail (self->bus == NULL, FALSE);

  self->bus = g_object_ref (bus);
  g_dbus_connection_set_exit_on_close (bus, FALSE);
  g_signal_connect (bus, "closed", G_CALLBACK (on_bus_closed), self);
  if (!export_objects (self, error) || !own_name (self, error))
    return FALSE;
  for (guint i = 0; i < self->accounts->len; i++)
    if (jd_account_get_autoconnect (account_at (self, i)))
      jd_account_connect (account_at (self, i));
  return TRUE;
}

/* ---------------------------------------------------------------- */
/* Shutting down                                                    */

typedef gboolean (*DoneFunc) (JdDaemon *self, const guint *targets);

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_until (JdDaemon *self, DoneFunc done, const guint *targets, gint64 deadline_us)
{
  GMainContext *context = g_main_context_get_thread_default ();
  gint64 left_ms = (deadline_us - g_get_monotonic_time ()) / 1000;
  gboolean expired = FALSE;
  GSource *timer;

  if (left_ms <= 0)
    return;
  timer = g_timeout_source_new ((guint) left_ms);
  g_source_set_callback (timer, on_deadline, &expired, NULL);
  g_source_attach (timer, context);
  while (!expired && !done (self, targets))
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
}

static gboolean
terminations_acknowledged (JdDaemon *self, const guint *targets)
{
  for (guint i = 0; i < self->accounts->len; i++)
    if (jd_jingle_manager_get_acknowledged (jd_account_get_jingle (account_at (self, i))) <
        targets[i])
      return FALSE;
  return TRUE;
}

static gboolean
all_disconnected (JdDaemon *self, const guint *targets)
{
  for (guint i = 0; i < self->accounts->len; i++)
    {
      JdXmppClient *client = jd_account_get_client (account_at (self, i));

      if (jd_xmpp_connection_get_state (jd_xmpp_client_get_connection (client)) !=
          JD_XMPP_STATE_DISCONNECTED)
        return FALSE;
    }
  return TRUE;
}

void
jd_daemon_shutdown (JdDaemon *self, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autofree guint *targets = g_new0 (guint, self->accounts->len + 1);
  guint hung_up = 0;

  g_return_if_fail (JD_IS_DAEMON (self));

  /* XEP-0166 §6.7: a session-terminate each, acknowledged by the peer. */
  for (guint i = 0; i < self->accounts->len; i++)
    {
      JdAccount *account = account_at (self, i);
      guint before = jd_jingle_manager_get_acknowledged (jd_account_get_jingle (account));
      guint n = jd_account_hangup_all (account, JD_JINGLE_REASON_SUCCESS);

      targets[i] = before + n;
      hung_up += n;
    }
  g_info ("shutting down: %u calls hung up", hung_up);
  iterate_until (self, terminations_acknowledged, targets, deadline);
  for (guint i = 0; i < self->accounts->len; i++)
    jd_account_disconnect (account_at (self, i));
  iterate_until (self, all_disconnected, NULL, deadline);
}

/* ---------------------------------------------------------------- */
/* GObject                                                          */

static void
jd_daemon_dispose (GObject *object)
{
  JdDaemon *self = JD_DAEMON (object);

  g_hash_table_remove_all (self->calls);
  /* Plugins shut down while the calls they hold still exist. */
  g_clear_pointer (&self->loader, jd_plugin_loader_free);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      g_signal_handlers_disconnect_by_data (account_at (self, i), self);
      g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->accounts->pdata[i]));
    }
  g_ptr_array_set_size (self->accounts, 0);
  if (self->manager != NULL)
    g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (self->manager));
  g_clear_object (&self->manager);
  g_clear_object (&self->plugins);
  if (self->bus != NULL)
    g_signal_handlers_disconnect_by_data (self->bus, self);
  g_clear_object (&self->bus);
  G_OBJECT_CLASS (jd_daemon_parent_class)->dispose (object);
}

static void
jd_daemon_finalize (GObject *object)
{
  JdDaemon *self = JD_DAEMON (object);

  g_hash_table_unref (self->calls);
  g_ptr_array_unref (self->accounts);
  g_clear_pointer (&self->config, jd_config_free);
  G_OBJECT_CLASS (jd_daemon_parent_class)->finalize (object);
}

static void
jd_daemon_class_init (JdDaemonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_daemon_dispose;
  object_class->finalize = jd_daemon_finalize;

  signals[SIGNAL_BUS_LOST] =
    g_signal_new ("bus-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
jd_daemon_init (JdDaemon *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) call_entry_free);
  self->call_grace_ms = JD_DAEMON_DEFAULT_CALL_GRACE_MS;
}
