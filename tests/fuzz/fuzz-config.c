/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_config_load_from_data(): any bytes either load or
 * fail with a JD_CONFIG_ERROR whose message starts with "FILE:LINE: ",
 * LINE being a line of the input; a loaded config holds values within
 * their documented ranges.  Secrets are not resolved
 * (JD_CONFIG_FLAGS_NO_SECRETS): a fuzzer must not run shell commands.
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "jd-config.h"
#include "jd-fuzz.h"

#define PATH "/fuzz/jingled.conf"

static guint
count_lines (const uint8_t *data, size_t size)
{
  guint lines = 1;

  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  return lines;
}

static void
check_error (const GError *error, guint lines)
{
  const char *rest;
  char *end = NULL;
  guint64 line;

  if (error == NULL || error->domain != JD_CONFIG_ERROR ||
      !g_str_has_prefix (error->message, PATH ":"))
    abort ();
  rest = error->message + strlen (PATH ":");
  line = g_ascii_strtoull (rest, &end, 10);
  if (end == rest || line < 1 || line > lines || !g_str_has_prefix (end, ": "))
    abort ();
}

static void
check_account (const JdConfigAccount *a)
{
  if (a->name == NULL || a->xmpp == NULL || a->xmpp->jid == NULL ||
      a->priority < -128 || a->priority > 127 || a->max_calls < 1 || a->max_calls > 64 ||
      a->ring_timeout_s < 1 || a->ring_timeout_s > 3600 ||
      a->auto_answer_delay_ms > 600000 || a->turn_servers == NULL ||
      jd_call_policy_mode_to_string (a->policy) == NULL)
    abort ();
  if (a->codecs != NULL && a->codecs[0] == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = jd_config_load_from_data_with_flags (
    (const char *) data, (gssize) size, PATH, JD_CONFIG_FLAGS_NO_SECRETS, &error);

  if (config == NULL)
    {
      check_error (error, count_lines (data, size));
      return 0;
    }
  if (error != NULL)
    abort ();
  for (guint i = 0; i < config->accounts->len; i++)
    check_account (g_ptr_array_index (config->accounts, i));
  return 0;
}
