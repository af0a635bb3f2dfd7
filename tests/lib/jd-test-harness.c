/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-harness: runs a tests/harness/ script for a C fixture.
 *
 * The scripts do the work (port choice, readiness, the watchdog that stops
 * the server on end-of-file) so that a shell can use them too; this file
 * runs them, holds the write end of start's stdin and reads back the
 * DIR/env file they write.
 */
#include "jd-test-harness.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>

struct _JdTestHarness
{
  char          *script;
  /* "NAME-harness", for messages. */
  char          *script_name;
  char          *dir;
  GHashTable    *env;
  GPid           pid;
  /* start's stdin: when this process ends, however it ends, the kernel
   * closes it and the script's watchdog stops the server. */
  GOutputStream *lifeline;
};

static char *
find_script (const char *script_name, const char *env_var, GError **error)
{
  const char *env = g_getenv (env_var);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* Not g_test_get_filename(): that aborts outside a test case, and a
   * fixture is typically started from main(). */
  if (g_test_initialized ())
    return g_test_build_filename (G_TEST_DIST, "harness", script_name, NULL);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "Set %s to the path of %s", env_var, script_name);
  return NULL;
}

static void
set_script_error (JdTestHarness *self,
                  const char    *command,
                  const char    *status_message,
                  const char    *err_out,
                  GError       **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s %s %s: %s\n%s",
               self->script_name, command, self->dir, status_message,
               err_out != NULL ? err_out : "");
}

/* "NAME-harness COMMAND DIR [OPTION] [ARGS...]" */
static GPtrArray *
build_argv (JdTestHarness      *self,
            const char         *command,
            const char         *option,
            const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, self->script);
  g_ptr_array_add (argv, (gpointer) command);
  g_ptr_array_add (argv, self->dir);
  if (option != NULL)
    g_ptr_array_add (argv, (gpointer) option);
  for (; args != NULL && *args != NULL; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  return argv;
}

gboolean
jd_test_harness_run (JdTestHarness      *self,
                     const char         *command,
                     const char * const *args,
                     GError            **error)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *err_out = NULL;
  g_autoptr(GError) status_error = NULL;
  int status = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (command != NULL, FALSE);

  argv = build_argv (self, command, NULL, args);
  /* stdout is discarded: everything it prints is in DIR/env. */
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err_out, &status, error))
    return FALSE;
  if (g_spawn_check_wait_status (status, &status_error))
    return TRUE;
  set_script_error (self, command, status_error->message, err_out, error);
  return FALSE;
}

/* "NAME-harness start DIR --stop-on-eof [ARGS...]" with a pipe on stdin
 * that we keep open: the lifeline.  stderr goes to a file, as the
 * watchdog keeps the script's other descriptors open after the script
 * itself exits. */
static gboolean
run_start (JdTestHarness *self, const char * const *args, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *err_path = g_build_filename (self->dir, "harness.err", NULL);
  g_autoptr(GPtrArray) argv = build_argv (self, "start", "--stop-on-eof", args);
  g_autoptr(GSubprocess) harness = NULL;
  g_autoptr(GError) status_error = NULL;
  g_autofree char *err_out = NULL;

  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  harness = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                          error);
  if (harness == NULL)
    return FALSE;
  self->lifeline = g_object_ref (g_subprocess_get_stdin_pipe (harness));
  if (g_subprocess_wait_check (harness, NULL, &status_error))
    return TRUE;
  g_file_get_contents (err_path, &err_out, NULL, NULL);
  set_script_error (self, "start", status_error->message, err_out, error);
  return FALSE;
}

/* DIR/env lines are KEY='VALUE'; the scripts never put a quote inside. */
static GHashTable *
read_env (const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "env", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *env;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      const char *eq = strchr (*l, '=');
      const char *value;
      gsize len;

      if (eq == NULL)
        continue;
      value = eq + 1;
      len = strlen (value);
      if (len >= 2 && value[0] == '\'' && value[len - 1] == '\'')
        {
          value++;
          len -= 2;
        }
      g_hash_table_insert (env, g_strndup (*l, (gsize) (eq - *l)), g_strndup (value, len));
    }
  return env;
}

gboolean
jd_test_harness_reload_env (JdTestHarness *self, GError **error)
{
  GHashTable *env;

  g_return_val_if_fail (self != NULL, FALSE);

  env = read_env (self->dir, error);
  if (env == NULL)
    return FALSE;
  g_clear_pointer (&self->env, g_hash_table_unref);
  self->env = env;
  return TRUE;
}

const char *
jd_test_harness_env_require (JdTestHarness *self, const char *key, GError **error)
{
  const char *value;

  g_return_val_if_fail (self != NULL && self->env != NULL, NULL);

  value = g_hash_table_lookup (self->env, key);
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s env file lacks %s", self->script_name, key);
      return NULL;
    }
  return value;
}

gboolean
jd_test_harness_env_number (JdTestHarness *self,
                            const char    *key,
                            guint64        max,
                            guint64       *number,
                            GError       **error)
{
  const char *value = jd_test_harness_env_require (self, key, error);

  return value != NULL && g_ascii_string_to_unsigned (value, 10, 1, max, number, error);
}

gboolean
jd_test_harness_env_pid (JdTestHarness *self, const char *key, GError **error)
{
  guint64 pid = 0;

  if (!jd_test_harness_env_number (self, key, G_MAXINT, &pid, error))
    return FALSE;
  self->pid = (GPid) pid;
  return TRUE;
}

/* GIO has no recursive delete; rm -rf through argv needs no shell. */
static void
remove_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", "--", dir, NULL };

  g_return_if_fail (g_path_is_absolute (dir) && strcmp (dir, "/") != 0);
  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

JdTestHarness *
jd_test_harness_start (const char         *name,
                       const char         *env_var,
                       const char * const *args,
                       GError            **error)
{
  g_autoptr(JdTestHarness) self = g_new0 (JdTestHarness, 1);
  g_autofree char *template = g_strdup_printf ("jingled-%s-XXXXXX", name);

  self->script_name = g_strdup_printf ("%s-harness", name);
  self->script = find_script (self->script_name, env_var, error);
  if (self->script == NULL)
    return NULL;
  self->dir = g_dir_make_tmp (template, error);
  if (self->dir == NULL)
    return NULL;
  if (!run_start (self, args, error) || !jd_test_harness_reload_env (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
jd_test_harness_free (JdTestHarness *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (self->dir != NULL)
    {
      /* The script checks the PID is still its server; only if the script
       * itself cannot run is the recorded PID killed blindly. */
      if (!jd_test_harness_run (self, "stop", NULL, &error) && self->pid > 0)
        {
          g_printerr ("%s\n", error->message);
          kill ((pid_t) self->pid, SIGKILL);
        }
      remove_dir (self->dir);
    }
  /* Closing it now wakes the watchdog, which finds the server gone. */
  g_clear_object (&self->lifeline);
  g_clear_pointer (&self->env, g_hash_table_unref);
  g_free (self->script);
  g_free (self->script_name);
  g_free (self->dir);
  g_free (self);
}

GPid
jd_test_harness_get_pid (JdTestHarness *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pid;
}

const char *
jd_test_harness_get_dir (JdTestHarness *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->dir;
}
