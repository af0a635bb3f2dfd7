/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-bus.h"

#include <signal.h>
#include <sys/prctl.h>

struct _JdTestBus
{
  GSubprocess *process;
  char *address;
  GDBusConnection *connection;
};

void
jd_test_child_setup (gpointer user_data)
{
  /* A test that aborts must not leave its buses and daemons behind
   * (they would also keep meson waiting on the test's stdout). */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
read_address (GSubprocess *process, GError **error)
{
  g_autoptr (GDataInputStream) out =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  char *line = g_data_input_stream_read_line (out, NULL, NULL, error);

  if (line == NULL && error != NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "dbus-daemon exited without printing its address");
  return line;
}

JdTestBus *
jd_test_bus_start (GError **error)
{
  g_autoptr (JdTestBus) self = g_new0 (JdTestBus, 1);
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  g_subprocess_launcher_set_child_setup (launcher, jd_test_child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, error, "dbus-daemon", "--session",
                                               "--nofork", "--print-address=1", NULL);
  if (self->process == NULL)
    return NULL;
  self->address = read_address (self->process, error);
  if (self->address == NULL)
    return NULL;
  self->connection = g_dbus_connection_new_for_address_sync (
    self->address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, error);
  if (self->connection == NULL)
    return NULL;
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);
  return g_steal_pointer (&self);
}

void
jd_test_bus_free (JdTestBus *self)
{
  if (self == NULL)
    return;
  if (self->connection != NULL)
    g_dbus_connection_close_sync (self->connection, NULL, NULL);
  g_clear_object (&self->connection);
  if (self->process != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  g_clear_object (&self->process);
  g_free (self->address);
  g_free (self);
}

const char *
jd_test_bus_get_address (JdTestBus *self)
{
  return self->address;
}

GDBusConnection *
jd_test_bus_get_connection (JdTestBus *self)
{
  return self->connection;
}
