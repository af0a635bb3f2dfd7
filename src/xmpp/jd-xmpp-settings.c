/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-xmpp-settings.h"

#include <string.h>

JdXmppSettings *
jd_xmpp_settings_new (const char *jid, const char *password)
{
  JdXmppSettings *s = g_new0 (JdXmppSettings, 1);

  s->jid = g_strdup (jid);
  s->password = g_strdup (password);
  s->ping_interval = 300;
  s->ping_timeout = 30;
  s->iq_timeout = 30;
  s->reconnect = TRUE;
  s->backoff_min_ms = 1000;
  s->backoff_max_ms = 5 * 60 * 1000;
  return s;
}

JdXmppSettings *
jd_xmpp_settings_copy (const JdXmppSettings *settings)
{
  JdXmppSettings *s = g_memdup2 (settings, sizeof *settings);

  s->jid = g_strdup (settings->jid);
  s->password = g_strdup (settings->password);
  s->host = g_strdup (settings->host);
  s->cafile = g_strdup (settings->cafile);
  return s;
}

void
jd_xmpp_settings_free (JdXmppSettings *settings)
{
  if (settings == NULL)
    return;
  g_free (settings->jid);
  if (settings->password != NULL)
    explicit_bzero (settings->password, strlen (settings->password));
  g_free (settings->password);
  g_free (settings->host);
  g_free (settings->cafile);
  g_free (settings);
}
