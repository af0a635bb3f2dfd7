/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-turn: C fixture over tests/harness/turn-harness.
 *
 * The script does the work (port choice, readiness, the watchdog that
 * stops the server on end-of-file); this file runs it, holds the write
 * end of its stdin and reads back the DIR/env file it writes.
 */
#include "jd-test-turn.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>

#define HARNESS_ENV_VAR "JD_TURN_HARNESS"

struct _JdTestTurn
{
  char          *script;
  char          *dir;
  char          *host;
  char          *user;
  char          *password;
  char          *log_path;
  guint16        port;
  GPid           pid;
  /* The harness's stdin: when this process ends, however it ends, the
   * kernel closes it and the harness's watchdog stops the server. */
  GOutputStream *lifeline;
};

gboolean
jd_test_turn_available (void)
{
  g_autofree char *turnserver = g_find_program_in_path ("turnserver");

  return turnserver != NULL;
}

static char *
find_script (GError **error)
{
  const char *env = g_getenv (HARNESS_ENV_VAR);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* Not g_test_get_filename(): that aborts outside a test case, and the
   * fixture is typically started from main(). */
  if (g_test_initialized ())
    return g_test_build_filename (G_TEST_DIST, "harness", "turn-harness", NULL);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               "Set %s to the path of turn-harness", HARNESS_ENV_VAR);
  return NULL;
}

/* "turn-harness stop DIR"; the script prints its own diagnosis (log
 * tails) on stderr, which goes into @error. */
static gboolean
run_stop (JdTestTurn *self, GError **error)
{
  const char *argv[] = { self->script, "stop", self->dir, NULL };
  g_autofree char *err_out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &err_out, &status, error))
    return FALSE;
  if (g_spawn_check_wait_status (status, error))
    return TRUE;
  g_prefix_error (error, "turn-harness stop: %s\n", err_out != NULL ? err_out : "");
  return FALSE;
}

/* "turn-harness start DIR --stop-on-eof" with a pipe on stdin that we
 * keep open: the lifeline.  stderr goes to a file, as the watchdog keeps
 * the harness's other descriptors open after the script itself exits. */
static gboolean
run_start (JdTestTurn *self, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autofree char *err_path = g_build_filename (self->dir, "harness.err", NULL);
  g_autoptr(GSubprocess) harness = NULL;
  g_autofree char *err_out = NULL;

  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  harness = g_subprocess_launcher_spawn (launcher, error, self->script, "start", self->dir,
                                         "--stop-on-eof", NULL);
  if (harness == NULL)
    return FALSE;
  self->lifeline = g_object_ref (g_subprocess_get_stdin_pipe (harness));
  if (g_subprocess_wait_check (harness, NULL, error))
    return TRUE;
  g_file_get_contents (err_path, &err_out, NULL, NULL);
  g_prefix_error (error, "turn-harness start: %s\n", err_out != NULL ? err_out : "");
  return FALSE;
}

/* DIR/env lines are KEY='VALUE'; the harness never puts a quote inside. */
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

static const char *
env_require (GHashTable *env, const char *key, GError **error)
{
  const char *value = g_hash_table_lookup (env, key);

  if (value == NULL || *value == '\0')
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "turn-harness env file lacks %s", key);
  return value;
}

static gboolean
load_env (JdTestTurn *self, GError **error)
{
  g_autoptr(GHashTable) env = read_env (self->dir, error);
  const char *port, *pid, *host, *user, *password, *log_path;
  guint64 port_num = 0, pid_num = 0;

  if (env == NULL ||
      (port = env_require (env, "TURN_PORT", error)) == NULL ||
      (pid = env_require (env, "TURN_PID", error)) == NULL ||
      (host = env_require (env, "TURN_HOST", error)) == NULL ||
      (user = env_require (env, "TURN_USER", error)) == NULL ||
      (password = env_require (env, "TURN_PASSWORD", error)) == NULL ||
      (log_path = env_require (env, "TURN_LOG", error)) == NULL)
    return FALSE;
  if (!g_ascii_string_to_unsigned (port, 10, 1, G_MAXUINT16, &port_num, error) ||
      !g_ascii_string_to_unsigned (pid, 10, 1, G_MAXINT, &pid_num, error))
    return FALSE;
  self->port = (guint16) port_num;
  self->pid = (GPid) pid_num;
  self->host = g_strdup (host);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->log_path = g_strdup (log_path);
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

JdTestTurn *
jd_test_turn_start (GError **error)
{
  g_autoptr(JdTestTurn) self = g_new0 (JdTestTurn, 1);

  self->script = find_script (error);
  if (self->script == NULL)
    return NULL;
  self->dir = g_dir_make_tmp ("jingled-turn-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  if (!run_start (self, error) || !load_env (self, error))
    return NULL;
  g_test_message ("coturn on %s:%u (pid %d)", self->host, self->port, self->pid);
  return g_steal_pointer (&self);
}

void
jd_test_turn_free (JdTestTurn *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (self->dir != NULL)
    {
      /* The script checks the PID is still our server; only if the script
       * itself cannot run is the recorded PID killed blindly. */
      if (!run_stop (self, &error) && self->pid > 0)
        {
          g_printerr ("%s\n", error->message);
          kill ((pid_t) self->pid, SIGKILL);
        }
      remove_dir (self->dir);
    }
  /* Closing it now wakes the watchdog, which finds the server gone. */
  g_clear_object (&self->lifeline);
  g_free (self->script);
  g_free (self->dir);
  g_free (self->host);
  g_free (self->user);
  g_free (self->password);
  g_free (self->log_path);
  g_free (self);
}

const char *
jd_test_turn_get_host (JdTestTurn *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

guint16
jd_test_turn_get_port (JdTestTurn *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

const char *
jd_test_turn_get_user (JdTestTurn *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->user;
}

char *
jd_test_turn_stun_address (JdTestTurn *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%s:%u", self->host, self->port);
}

JdTurnServer *
jd_test_turn_server (JdTestTurn *self, JdTurnProtocol protocol, const char *password)
{
  g_return_val_if_fail (self != NULL, NULL);

  return jd_turn_server_new (self->host, self->port, self->user,
                             password != NULL ? password : self->password, protocol);
}

char *
jd_test_turn_read_log (JdTestTurn *self)
{
  g_autoptr(GError) error = NULL;
  char *log = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  /* The server creates it before it listens, so it is there once started. */
  if (!g_file_get_contents (self->log_path, &log, NULL, &error))
    {
      g_warning ("turn-harness log: %s", error->message);
      return g_strdup ("");
    }
  return log;
}

/* coturn --verbose --log-binding logs a new client endpoint as "New UDP
 * endpoint: local addr ..., remote addr IP:PORT", then the session's
 * "BINDING processed, success". */
gboolean
jd_test_turn_answered_binding_from (JdTestTurn *self, guint16 port)
{
  g_autofree char *log = jd_test_turn_read_log (self);
  g_autofree char *from = g_strdup_printf ("remote addr %s:%u", self->host, port);
  gboolean answered = FALSE;

  for (const char *seen = strstr (log, from); seen != NULL && !answered;
       seen = strstr (seen + 1, from))
    answered = strstr (seen, "BINDING processed, success") != NULL;
  return answered;
}

/* The first 401 of an allocation is the challenge that carries the realm
 * and nonce (RFC 8489 §9.2.4), without a user name; a 401 for a named
 * user is a rejected password. */
guint
jd_test_turn_count_rejections (JdTestTurn *self)
{
  g_autofree char *log = jd_test_turn_read_log (self);
  g_autofree char *line = g_strdup_printf ("user <%s>: incoming packet message processed, "
                                           "error 401", self->user);
  guint n = 0;

  for (const char *p = strstr (log, line); p != NULL; p = strstr (p + 1, line))
    n++;
  return n;
}
