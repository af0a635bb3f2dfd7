/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_jid_parse(): any NUL-terminated string either fails
 * with an error or yields a JID whose string form parses back to the same
 * JID (normalisation is idempotent), with the same bare JID.
 */
#include <glib.h>
#include <stdlib.h>

#include "jd-fuzz.h"
#include "jd-jid.h"

static void
check_round_trip (const JdJid *jid)
{
  g_autofree char *str = jd_jid_to_string (jid);
  g_autofree char *bare = jd_jid_to_bare (jid);
  g_autoptr (JdJid) again = jd_jid_parse (str, NULL);
  g_autoptr (JdJid) bare_again = jd_jid_parse (bare, NULL);
  g_autofree char *str_again = NULL;

  if (again == NULL || !jd_jid_equal (jid, again) || bare_again == NULL)
    abort ();
  str_again = jd_jid_to_string (again);
  if (g_strcmp0 (str, str_again) != 0 ||
      g_strcmp0 (bare_again->node, jid->node) != 0 ||
      g_strcmp0 (bare_again->domain, jid->domain) != 0 ||
      !jd_jid_is_bare (bare_again))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* g_strndup() stops at an embedded NUL, as any C caller would. */
  g_autofree char *str = g_strndup ((const char *) data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJid) jid = jd_jid_parse (str, &error);

  if (jid == NULL)
    {
      if (error == NULL)
        abort ();
      return 0;
    }
  check_round_trip (jid);
  return 0;
}
