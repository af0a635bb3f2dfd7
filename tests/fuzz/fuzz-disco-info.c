/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_disco_info_parse()/build() (STYLE.md §6 round-trip
 * shape): bytes -> xmpp_stanza_new_from_string() -> parse; if that
 * succeeds, build -> parse must give an equal value, the built stanza must
 * survive serialisation, and the caps hash must not crash on it.
 */
#include <glib.h>
#include <stdlib.h>
#include <strophe.h>

#include "jd-caps-hash.h"
#include "jd-disco-info.h"
#include "jd-fuzz.h"
#include "jd-stanza.h"

/* One context for the whole process: libFuzzer calls us millions of times
 * and a context holds nothing between stanzas. */
static xmpp_ctx_t *
get_ctx (void)
{
  static xmpp_ctx_t *ctx;

  if (ctx == NULL)
    ctx = xmpp_ctx_new (NULL, NULL);
  return ctx;
}

static JdDiscoInfo *
parse (xmpp_stanza_t *stanza)
{
  g_autoptr (GError) error = NULL;
  JdDiscoInfo *info = NULL;

  if (!jd_disco_info_parse (stanza, &info, &error))
    {
      if (error == NULL || info != NULL)
        abort ();
      return NULL;
    }
  return info;
}

/* The wire form may differ (XML normalises whitespace in attribute values,
 * which libstrophe does not escape), so only require that it parses. */
static void
check_serialised (xmpp_stanza_t *built)
{
  g_autofree char *xml = jd_stanza_to_string (built);
  g_autoptr (xmpp_stanza_t) stanza = NULL;
  g_autoptr (JdDiscoInfo) info = NULL;

  if (xml == NULL)
    abort ();
  stanza = xmpp_stanza_new_from_string (get_ctx (), xml);
  if (stanza == NULL || (info = parse (stanza)) == NULL)
    abort ();
}

static void
check_caps (const JdDiscoInfo *info)
{
  g_autofree char *s = jd_caps_verification_string (info);
  g_autofree char *ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);

  if (s == NULL || ver == NULL)
    abort ();
  /* Whatever it was, its own hash either verifies or it is ill-formed. */
  (void) jd_caps_verify (info, "sha-1", ver, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *xml = g_strndup ((const char *) data, size);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (get_ctx (), xml);
  g_autoptr (JdDiscoInfo) info = NULL;
  g_autoptr (xmpp_stanza_t) built = NULL;
  g_autoptr (JdDiscoInfo) again = NULL;

  if (stanza == NULL || (info = parse (stanza)) == NULL)
    return 0;
  built = jd_disco_info_build (get_ctx (), info);
  again = parse (built);
  if (again == NULL || !jd_disco_info_equal (info, again))
    abort ();
  check_serialised (built);
  check_caps (info);
  return 0;
}
