/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A test plugin: answers every chat message with "hello <body>" through
 * the host, says "bye" when it is shut down, and refuses to load with
 * the setting fail=yes.  Built as a module (hello.so) and, with
 * JD_PLUGIN_BUILTIN, into test-plugin-loader for the built-in table.
 */
#include "jd-plugin-api.h"

#ifndef HELLO_NAME
#define HELLO_NAME "hello"
#endif

typedef struct {
  JdPluginHost *host;
  char *account;
} Hello;

static void
on_message (JdPluginHost *host, const char *account, const char *from, const char *body,
            Hello *self)
{
  g_autofree char *reply = g_strdup_printf ("hello %s", body);

  g_free (self->account);
  self->account = g_strdup (account);
  jd_plugin_host_send_message (host, account, from, reply, NULL);
}

static gboolean
hello_init (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error)
{
  static const char *const keys[] = { "fail", NULL };
  Hello *self;

  if (!jd_plugin_settings_check_keys (HELLO_NAME, settings, keys, error))
    return FALSE;
  if (g_strcmp0 (g_hash_table_lookup (settings, "fail"), "yes") == 0)
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT, "told to fail");
      return FALSE;
    }
  self = g_new0 (Hello, 1);
  self->host = host;
  g_signal_connect (host, "message-received", G_CALLBACK (on_message), self);
  *state = self;
  return TRUE;
}

static void
hello_shutdown (gpointer state)
{
  Hello *self = state;

  if (self->account != NULL)
    jd_plugin_host_send_message (self->host, self->account, "tester@example.org", "bye", NULL);
  g_free (self->account);
  g_free (self);
}

JD_PLUGIN_DEFINE (hello, HELLO_NAME, "Says hello", hello_init, hello_shutdown)
