/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * im.jingled.Manager1 at /im/jingled: the version, the accounts and the
 * calls (kept by the daemon), and FindAccount.
 */
#include "jd-dbus-objects.h"

#include "jd-daemon.h"

struct _JdDbusManager
{
  JdDbusManager1Skeleton parent_instance;

  JdDaemon *daemon;             /* borrowed; it owns us */
};

G_DEFINE_FINAL_TYPE (JdDbusManager, jd_dbus_manager, JD_DBUS_TYPE_MANAGER1_SKELETON)

static gboolean
on_handle_find_account (JdDbusManager1 *iface, GDBusMethodInvocation *invocation,
                        const char *name_or_jid, JdDbusManager *self)
{
  const char *path = jd_daemon_find_account (self->daemon, name_or_jid);

  if (path == NULL)
    g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                           JD_DBUS_ERROR_UNKNOWN_ACCOUNT,
                                           "no account is named \"%s\" or has that JID",
                                           name_or_jid);
  else
    jd_dbus_manager1_complete_find_account (iface, invocation, path);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

JdDbusManager *
jd_dbus_manager_new (JdDaemon *daemon)
{
  JdDbusManager *self = g_object_new (JD_TYPE_DBUS_MANAGER, NULL);
  const char *const none[] = { NULL };

  self->daemon = daemon;
  jd_dbus_manager1_set_version (JD_DBUS_MANAGER1 (self), PACKAGE_VERSION);
  jd_dbus_manager1_set_accounts (JD_DBUS_MANAGER1 (self), none);
  jd_dbus_manager1_set_calls (JD_DBUS_MANAGER1 (self), none);
  g_signal_connect (self, "handle-find-account", G_CALLBACK (on_handle_find_account), self);
  return self;
}

static void
jd_dbus_manager_class_init (JdDbusManagerClass *klass)
{
}

static void
jd_dbus_manager_init (JdDbusManager *self)
{
}
