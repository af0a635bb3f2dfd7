/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-prosody: C fixture over tests/harness/prosody-harness.
 *
 * All the work (certificates, config, port choice, readiness, accounts) is
 * in the script so that the demo and a shell can use the same harness; this
 * file only runs it and reads back the DIR/env file it writes.
 */
#include "jd-test-prosody.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>

#define HARNESS_ENV_VAR "JD_PROSODY_HARNESS"

struct _JdTestProsody
{
  char    *script;
  char    *dir;
  char    *domain;
  char    *cafile;
  guint16  port;
  GPid     pid;
};

static char *
find_script (GError **error)
{
  const char *env = g_getenv (HARNESS_ENV_VAR);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* Not g_test_get_filename(): that aborts outside a test case, and the
   * fixture is typically started from main(). */
  if (g_test_initialized ())
    return g_test_build_filename (G_TEST_DIST, "harness", "prosody-harness",
                                  NULL);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "Set %s to the path of prosody-harness", HARNESS_ENV_VAR);
  return NULL;
}

/* Runs "prosody-harness CMD DIR [EXTRA...]".  On failure the script's
 * stderr (its message and the log tail) goes into @error. */
static gboolean
run_harness (JdTestProsody      *self,
             const char         *cmd,
             const char * const *extra,
             GError            **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err_out = NULL;
  g_autoptr(GError) status_error = NULL;
  int status = 0;

  g_ptr_array_add (argv, self->script);
  g_ptr_array_add (argv, (gpointer) cmd);
  g_ptr_array_add (argv, self->dir);
  for (; extra != NULL && *extra != NULL; extra++)
    g_ptr_array_add (argv, (gpointer) *extra);
  g_ptr_array_add (argv, NULL);

  /* stdout is discarded: everything it prints is in DIR/env. */
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err_out, &status, error))
    return FALSE;
  if (g_spawn_check_wait_status (status, &status_error))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
               "prosody-harness %s %s: %s\n%s", cmd, self->dir,
               status_error->message, err_out != NULL ? err_out : "");
  return FALSE;
}

/* DIR/env lines are KEY='VALUE'; the script never puts a quote inside. */
static GHashTable *
read_env (const char *dir, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "env", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) env = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      const char *eq = strchr (*l, '=');
      g_autofree char *value = NULL;

      if (eq == NULL)
        continue;
      value = g_strdup (eq + 1);
      if (value[0] == '\'' && strlen (value) >= 2 && g_str_has_suffix (value, "'"))
        {
          value[strlen (value) - 1] = '\0';
          memmove (value, value + 1, strlen (value));
        }
      g_hash_table_insert (env, g_strndup (*l, (gsize) (eq - *l)),
                           g_steal_pointer (&value));
    }
  return g_steal_pointer (&env);
}

static const char *
env_require (GHashTable *env, const char *key, GError **error)
{
  const char *value = g_hash_table_lookup (env, key);

  if (value == NULL || *value == '\0')
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "prosody-harness env file lacks %s", key);
  return value;
}

static gboolean
load_env (JdTestProsody *self, GError **error)
{
  g_autoptr(GHashTable) env = read_env (self->dir, error);
  const char *port, *pid, *domain, *cafile;
  guint64 port_num = 0, pid_num = 0;

  if (env == NULL ||
      (port = env_require (env, "PROSODY_PORT", error)) == NULL ||
      (pid = env_require (env, "PROSODY_PID", error)) == NULL ||
      (domain = env_require (env, "PROSODY_DOMAIN", error)) == NULL ||
      (cafile = env_require (env, "PROSODY_CAFILE", error)) == NULL)
    return FALSE;
  if (!g_ascii_string_to_unsigned (port, 10, 1, G_MAXUINT16, &port_num, error) ||
      !g_ascii_string_to_unsigned (pid, 10, 1, G_MAXINT, &pid_num, error))
    return FALSE;

  self->port = (guint16) port_num;
  self->pid = (GPid) pid_num;
  g_free (self->domain);
  self->domain = g_strdup (domain);
  g_free (self->cafile);
  self->cafile = g_strdup (cafile);
  return TRUE;
}

/* GIO has no recursive delete; rm -rf through argv needs no shell. */
static void
remove_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", "--", dir, NULL };

  g_return_if_fail (g_path_is_absolute (dir) && strcmp (dir, "/") != 0);
  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

JdTestProsody *
jd_test_prosody_start (GError **error)
{
  g_autoptr(JdTestProsody) self = g_new0 (JdTestProsody, 1);
  const char * const accounts[] = { "alice", "bob", "carol", NULL };

  self->script = find_script (error);
  if (self->script == NULL)
    return NULL;
  self->dir = g_dir_make_tmp ("jingled-prosody-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;

  if (!run_harness (self, "start", accounts, error) || !load_env (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
jd_test_prosody_free (JdTestProsody *self)
{
  if (self == NULL)
    return;

  if (self->dir != NULL)
    {
      /* The script checks the PID is still our Prosody; only if the script
       * itself cannot run is the recorded PID killed blindly. */
      if (!run_harness (self, "stop", NULL, NULL) && self->pid > 0)
        kill ((pid_t) self->pid, SIGKILL);
      remove_dir (self->dir);
    }

  g_free (self->script);
  g_free (self->dir);
  g_free (self->domain);
  g_free (self->cafile);
  g_free (self);
}

gboolean
jd_test_prosody_kill (JdTestProsody *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return run_harness (self, "kill", NULL, error);
}

void
jd_test_prosody_freeze (JdTestProsody *self, gboolean frozen)
{
  g_return_if_fail (self != NULL && self->pid > 0);

  /* A stopped server keeps its sockets open and answers nothing: the
   * silent dead link that only a keepalive can detect. */
  kill (self->pid, frozen ? SIGSTOP : SIGCONT);
}

gboolean
jd_test_prosody_register (JdTestProsody *self,
                          const char    *user,
                          GError       **error)
{
  const char * const extra[] = { user, NULL };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  /* The script picks the "<user>-secret" password. */
  return run_harness (self, "register", extra, error);
}

gboolean
jd_test_prosody_restart (JdTestProsody *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return run_harness (self, "restart", NULL, error) && load_env (self, error);
}

guint16
jd_test_prosody_get_port (JdTestProsody *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

const char *
jd_test_prosody_get_domain (JdTestProsody *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->domain;
}

const char *
jd_test_prosody_get_cafile (JdTestProsody *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->cafile;
}

const char *
jd_test_prosody_get_dir (JdTestProsody *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->dir;
}

char *
jd_test_prosody_jid (JdTestProsody *self, const char *user)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  return g_strdup_printf ("%s@%s", user, self->domain);
}

char *
jd_test_prosody_password (JdTestProsody *self, const char *user)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  /* Must match the default in prosody-harness register_account(). */
  return g_strdup_printf ("%s-secret", user);
}
