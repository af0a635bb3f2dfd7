/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-xmpp-log.h"

#include <string.h>

#define NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"

/* Elements whose text content is a credential or derived from one. */
static const char *const secret_elements[] = {
  "auth", "response", "challenge", "success", "password",
};

JdStropheEvent
jd_xmpp_log_classify (const char *area, const char *msg)
{
  if (g_str_has_prefix (msg, "RECV: <failure xmlns=\"" NS_SASL "\""))
    return JD_STROPHE_EVENT_SASL_FAILURE;
  if (strcmp (msg, "Session resumed successfully.") == 0)
    return JD_STROPHE_EVENT_SESSION_RESUMED;
  if (g_str_has_prefix (msg, "TLS is not supported, but set as mandatory"))
    return JD_STROPHE_EVENT_TLS_UNAVAILABLE;
  if (g_str_has_prefix (msg, "connection failed, error "))
    return JD_STROPHE_EVENT_CONNECT_FAILED;
  if (strcmp (msg, "Connection attempt timed out.") == 0)
    return JD_STROPHE_EVENT_CONNECT_TIMEOUT;
  return JD_STROPHE_EVENT_NONE;
}

int
jd_xmpp_log_connect_errno (const char *msg)
{
  gint64 value = 0;

  if (!g_str_has_prefix (msg, "connection failed, error ") ||
      !g_ascii_string_to_signed (msg + strlen ("connection failed, error "), 10, 1, G_MAXINT,
                                 &value, NULL))
    return 0;
  return (int) value;
}

char *
jd_xmpp_log_sasl_condition (const char *msg)
{
  const char *start = strstr (msg, "\"><");
  const char *end;

  if (jd_xmpp_log_classify (NULL, msg) != JD_STROPHE_EVENT_SASL_FAILURE || start == NULL)
    return NULL;
  start += 3;
  end = start + strcspn (start, " />");
  if (end == start)
    return NULL;
  return g_strndup (start, end - start);
}

/* Replaces the content of every <NAME …>content</NAME> in @out. */
static void
redact_element (GString *out, const char *name)
{
  g_autofree char *open = g_strdup_printf ("<%s", name);
  g_autofree char *close = g_strdup_printf ("</%s>", name);
  gsize pos = 0;

  while (pos < out->len)
    {
      char *tag = strstr (out->str + pos, open);
      char *body;
      char *end;
      char after;

      if (tag == NULL)
        return;
      after = tag[strlen (open)];
      body = strchr (tag, '>');
      if ((after != ' ' && after != '>') || body == NULL || body[-1] == '/')
        {
          pos = tag - out->str + 1;
          continue;
        }
      body++;
      end = strstr (body, close);
      if (end == NULL)
        end = out->str + out->len;
      pos = body - out->str;
      g_string_erase (out, pos, end - body);
      g_string_insert (out, pos, "[redacted]");
      pos += strlen ("[redacted]");
    }
}

char *
jd_xmpp_log_redact (const char *msg)
{
  GString *out = g_string_new (msg);

  for (gsize i = 0; i < G_N_ELEMENTS (secret_elements); i++)
    redact_element (out, secret_elements[i]);
  return g_string_free (out, FALSE);
}

static GLogLevelFlags
glib_level (xmpp_log_level_t level)
{
  switch (level)
    {
    case XMPP_LEVEL_DEBUG:
      return G_LOG_LEVEL_DEBUG;
    case XMPP_LEVEL_INFO:
      return G_LOG_LEVEL_INFO;
    case XMPP_LEVEL_WARN:
    case XMPP_LEVEL_ERROR:
    default:
      /* What libstrophe warns about is caused by the server or the peer;
       * peer input must never raise a GLib warning (tests run with
       * fatal-warnings). */
      return G_LOG_LEVEL_MESSAGE;
    }
}

void
jd_xmpp_log_forward (xmpp_log_level_t level,
                     const char *area,
                     const char *msg,
                     const char *account)
{
  GLogLevelFlags glevel = glib_level (level);
  g_autofree char *safe = NULL;

  if (g_log_writer_default_would_drop (glevel, G_LOG_DOMAIN))
    return;
  safe = jd_xmpp_log_redact (msg);
  g_log_structured (G_LOG_DOMAIN, glevel,
                    "STROPHE_AREA", area,
                    "JD_ACCOUNT", account != NULL ? account : "",
                    "MESSAGE", "%s: %s", area, safe);
}
