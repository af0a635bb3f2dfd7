/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-prosody: C fixture over tests/harness/prosody-harness.
 *
 * All the work (certificates, config, port choice, readiness, accounts) is
 * in the script so that the demo and a shell can use the same harness;
 * jd-test-harness runs it, with the lifeline that stops the server when
 * this process ends, and this file reads back what the script wrote.
 */
#include "jd-test-prosody.h"

#include "jd-test-harness.h"

#include <signal.h>
#include <sys/types.h>

struct _JdTestProsody
{
  JdTestHarness *harness;
  char          *domain;
  char          *cafile;
  guint16        port;
};

static gboolean
load_env (JdTestProsody *self, GError **error)
{
  const char *domain, *cafile;
  guint64 port = 0;

  if (!jd_test_harness_env_number (self->harness, "PROSODY_PORT", G_MAXUINT16, &port, error) ||
      !jd_test_harness_env_pid (self->harness, "PROSODY_PID", error) ||
      (domain = jd_test_harness_env_require (self->harness, "PROSODY_DOMAIN", error)) == NULL ||
      (cafile = jd_test_harness_env_require (self->harness, "PROSODY_CAFILE", error)) == NULL)
    return FALSE;

  self->port = (guint16) port;
  g_free (self->domain);
  self->domain = g_strdup (domain);
  g_free (self->cafile);
  self->cafile = g_strdup (cafile);
  return TRUE;
}

JdTestProsody *
jd_test_prosody_start (GError **error)
{
  g_autoptr(JdTestProsody) self = g_new0 (JdTestProsody, 1);
  const char * const accounts[] = { "alice", "bob", "carol", NULL };

  self->harness = jd_test_harness_start ("prosody", "JD_PROSODY_HARNESS", accounts, error);
  if (self->harness == NULL || !load_env (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
jd_test_prosody_free (JdTestProsody *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->harness, jd_test_harness_free);
  g_free (self->domain);
  g_free (self->cafile);
  g_free (self);
}

gboolean
jd_test_prosody_kill (JdTestProsody *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return jd_test_harness_run (self->harness, "kill", NULL, error);
}

void
jd_test_prosody_freeze (JdTestProsody *self, gboolean frozen)
{
  GPid pid;

  g_return_if_fail (self != NULL);
  pid = jd_test_harness_get_pid (self->harness);
  g_return_if_fail (pid > 0);

  /* A stopped server keeps its sockets open and answers nothing: the
   * silent dead link that only a keepalive can detect. */
  kill (pid, frozen ? SIGSTOP : SIGCONT);
}

gboolean
jd_test_prosody_register (JdTestProsody *self,
                          const char    *user,
                          GError       **error)
{
  const char * const args[] = { user, NULL };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);

  /* The script picks the "<user>-secret" password. */
  return jd_test_harness_run (self->harness, "register", args, error);
}

gboolean
jd_test_prosody_restart (JdTestProsody *self, GError **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return jd_test_harness_run (self->harness, "restart", NULL, error) &&
         jd_test_harness_reload_env (self->harness, error) && load_env (self, error);
}

GPid
jd_test_prosody_get_pid (JdTestProsody *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return jd_test_harness_get_pid (self->harness);
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

  return jd_test_harness_get_dir (self->harness);
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
