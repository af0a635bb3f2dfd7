/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-daemon.h"

#include <signal.h>

#include <glib/gstdio.h>

#include "jd-test-util.h"

#define START_TIMEOUT_MS 10000

static const char *
jingled_path (void)
{
  const char *path = g_getenv ("JD_JINGLED");

  if (path == NULL)
    g_error ("JD_JINGLED is not set: run the test through meson");
  return path;
}

char *
jd_test_daemon_config (JdTestProsody *prosody, const char *user, const char *extra)
{
  g_autofree char *jid = jd_test_prosody_jid (prosody, user);
  g_autofree char *password = jd_test_prosody_password (prosody, user);

  return g_strdup_printf ("[account %s]\n"
                          "jid = %s\n"
                          "password = %s\n"
                          "server = 127.0.0.1:%u\n"
                          "cafile = %s\n"
                          "local-addresses = 127.0.0.1\n"
                          "%s",
                          user, jid, password, jd_test_prosody_get_port (prosody),
                          jd_test_prosody_get_cafile (prosody), extra != NULL ? extra : "");
}

static gboolean
owns_name (JdTestDaemon *self)
{
  g_autoptr (GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (g_subprocess_get_identifier (self->process) == NULL)
    g_error ("%s: jingled exited before owning %s", self->name, JD_DBUS_NAME);
  reply = g_dbus_connection_call_sync (jd_test_bus_get_connection (self->bus),
                                       "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", JD_DBUS_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  if (!owned)
    jd_test_run_for (50);
  return owned;
}

static GSubprocess *
spawn (JdTestDaemon *self, const char *config_path, guint grace_ms, const char *const *args,
       const char *log_path)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, jd_test_child_setup, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                jd_test_bus_get_address (self->bus), TRUE);
  /* Its own state (archive positions), never the user's. */
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", self->state_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "STATE_DIRECTORY");
  if (log_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  g_ptr_array_add (argv, g_strdup (jingled_path ()));
  g_ptr_array_add (argv, g_strdup ("--config"));
  g_ptr_array_add (argv, g_strdup (config_path));
  g_ptr_array_add (argv, g_strdup_printf ("--call-grace-ms=%u", grace_ms));
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static void
make_proxies (JdTestDaemon *self)
{
  GDBusConnection *conn = jd_test_bus_get_connection (self->bus);
  g_autoptr (GError) error = NULL;

  self->manager = jd_dbus_manager1_proxy_new_sync (conn, G_DBUS_PROXY_FLAGS_NONE, JD_DBUS_NAME,
                                                   JD_DBUS_PATH, NULL, &error);
  g_assert_no_error (error);
  self->account = jd_dbus_account1_proxy_new_sync (conn, G_DBUS_PROXY_FLAGS_NONE, JD_DBUS_NAME,
                                                   JD_DBUS_ACCOUNT_PATH_PREFIX "0", NULL, &error);
  g_assert_no_error (error);
}

JdTestDaemon *
jd_test_daemon_start_in (const char *name, const char *config, guint grace_ms,
                         const char *const *args, gboolean log_to_file, const char *state_dir)
{
  g_autoptr (JdTestDaemon) self = g_new0 (JdTestDaemon, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *log_path = NULL;

  /* Makes the proxies turn im.jingled.Error names into JD_DBUS_ERROR. */
  (void) JD_DBUS_ERROR;
  self->name = g_strdup (name);
  self->dir = g_dir_make_tmp ("jd-daemon-XXXXXX", &error);
  g_assert_no_error (error);
  config_path = g_build_filename (self->dir, "jingled.conf", NULL);
  self->state_dir = state_dir != NULL ? g_strdup (state_dir)
                                      : g_build_filename (self->dir, "state", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  if (log_to_file)
    log_path = g_build_filename (self->dir, "jingled.log", NULL);
  self->bus = jd_test_bus_start (&error);
  g_assert_no_error (error);
  self->process = spawn (self, config_path, grace_ms, args, log_path);
  JD_TEST_WAIT_UNTIL (owns_name (self), START_TIMEOUT_MS);
  make_proxies (self);
  return g_steal_pointer (&self);
}

JdTestDaemon *
jd_test_daemon_start_with (const char *name, const char *config, guint grace_ms,
                           const char *const *args, gboolean log_to_file)
{
  return jd_test_daemon_start_in (name, config, grace_ms, args, log_to_file, NULL);
}

JdTestDaemon *
jd_test_daemon_start (const char *name, const char *config, guint grace_ms)
{
  return jd_test_daemon_start_with (name, config, grace_ms, NULL, FALSE);
}

void
jd_test_daemon_wait_connected (JdTestDaemon *self)
{
  JD_TEST_WAIT_UNTIL (
    g_strcmp0 (jd_dbus_account1_get_connection_state (self->account), "connected") == 0,
    START_TIMEOUT_MS);
}

char *
jd_test_daemon_path (JdTestDaemon *self, const char *name)
{
  return g_build_filename (self->dir, name, NULL);
}

JdDbusCall1 *
jd_test_daemon_call (JdTestDaemon *self, const char *path)
{
  g_autoptr (GError) error = NULL;
  JdDbusCall1 *call = jd_dbus_call1_proxy_new_sync (jd_test_bus_get_connection (self->bus),
                                                    G_DBUS_PROXY_FLAGS_NONE, JD_DBUS_NAME, path,
                                                    NULL, &error);

  g_assert_no_error (error);
  return call;
}

static gboolean
has_exited (GSubprocess *process)
{
  return g_subprocess_get_identifier (process) == NULL;
}

int
jd_test_daemon_stop (JdTestDaemon *self)
{
  g_subprocess_send_signal (self->process, SIGTERM);
  JD_TEST_WAIT_UNTIL (has_exited (self->process), START_TIMEOUT_MS);
  g_subprocess_wait (self->process, NULL, NULL);
  return g_subprocess_get_if_exited (self->process) ? g_subprocess_get_exit_status (self->process)
                                                    : -1;
}

/* Recursive: the daemon's state directory is inside. */
static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_dir (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

void
jd_test_daemon_free (JdTestDaemon *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->manager);
  g_clear_object (&self->account);
  /* Politely first, so the account logs out before the next test logs in. */
  if (self->process != NULL && !has_exited (self->process))
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      g_subprocess_send_signal (self->process, SIGTERM);
      while (!has_exited (self->process) && g_get_monotonic_time () < deadline)
        jd_test_run_for (50);
      if (!has_exited (self->process))
        g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  g_clear_object (&self->process);
  g_clear_pointer (&self->bus, jd_test_bus_free);
  if (self->dir != NULL)
    remove_dir (self->dir);
  g_free (self->dir);
  g_free (self->state_dir);
  g_free (self->name);
  g_free (self);
}

int
jd_test_jingled_run (const char *const *args, char **err_text)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (argv, (char *) jingled_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err_text, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}
