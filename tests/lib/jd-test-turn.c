/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-turn: C fixture over tests/harness/turn-harness.
 *
 * The script does the work (port choice, readiness, the watchdog that
 * stops the server on end-of-file); jd-test-harness runs it and holds the
 * write end of its stdin, and this file reads back what the script wrote.
 */
#include "jd-test-turn.h"

#include "jd-test-harness.h"

#include <string.h>

struct _JdTestTurn
{
  JdTestHarness *harness;
  char          *host;
  char          *user;
  char          *password;
  char          *log_path;
  guint16        port;
};

gboolean
jd_test_turn_available (void)
{
  g_autofree char *turnserver = g_find_program_in_path ("turnserver");

  return turnserver != NULL;
}

static gboolean
load_env (JdTestTurn *self, GError **error)
{
  const char *host, *user, *password, *log_path;
  guint64 port = 0;

  if (!jd_test_harness_env_number (self->harness, "TURN_PORT", G_MAXUINT16, &port, error) ||
      !jd_test_harness_env_pid (self->harness, "TURN_PID", error) ||
      (host = jd_test_harness_env_require (self->harness, "TURN_HOST", error)) == NULL ||
      (user = jd_test_harness_env_require (self->harness, "TURN_USER", error)) == NULL ||
      (password = jd_test_harness_env_require (self->harness, "TURN_PASSWORD", error)) == NULL ||
      (log_path = jd_test_harness_env_require (self->harness, "TURN_LOG", error)) == NULL)
    return FALSE;
  self->port = (guint16) port;
  self->host = g_strdup (host);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->log_path = g_strdup (log_path);
  return TRUE;
}

JdTestTurn *
jd_test_turn_start (GError **error)
{
  g_autoptr(JdTestTurn) self = g_new0 (JdTestTurn, 1);

  self->harness = jd_test_harness_start ("turn", "JD_TURN_HARNESS", NULL, error);
  if (self->harness == NULL || !load_env (self, error))
    return NULL;
  g_test_message ("coturn on %s:%u (pid %d)", self->host, self->port,
                  jd_test_harness_get_pid (self->harness));
  return g_steal_pointer (&self);
}

void
jd_test_turn_free (JdTestTurn *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->harness, jd_test_harness_free);
  g_free (self->host);
  g_free (self->user);
  g_free (self->password);
  g_free (self->log_path);
  g_free (self);
}

GPid
jd_test_turn_get_pid (JdTestTurn *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return jd_test_harness_get_pid (self->harness);
}

const char *
jd_test_turn_get_dir (JdTestTurn *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return jd_test_harness_get_dir (self->harness);
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
