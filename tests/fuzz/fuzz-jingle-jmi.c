/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_jingle_jmi_parse()/build() (STYLE.md §6 round-trip
 * shape): bytes -> xmpp_stanza_new_from_string() -> parse.  A failure
 * must be a JD_JINGLE_ERROR bad-request or limit; a success must build
 * into a message that parses back equal, whose copy is equal, and whose
 * XML text parses again.
 */
#include <glib.h>
#include <stdlib.h>
#include <strophe.h>

#include "jd-fuzz.h"
#include "jd-jingle-jmi.h"
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

static JdJingleJmi *
parse (xmpp_stanza_t *stanza)
{
  g_autoptr (GError) error = NULL;
  JdJingleJmi *jmi = NULL;

  if (!jd_jingle_jmi_parse (stanza, &jmi, &error))
    {
      if (error == NULL || error->domain != JD_JINGLE_ERROR || jmi != NULL ||
          (error->code != JD_JINGLE_ERROR_BAD_REQUEST && error->code != JD_JINGLE_ERROR_LIMIT))
        abort ();
      return NULL;
    }
  if (jmi == NULL || error != NULL)
    abort ();
  return jmi;
}

/* XML normalises white space in attribute values, which libstrophe does
 * not escape, so the text form need only parse, not compare equal. */
static void
check_serialised (xmpp_stanza_t *built)
{
  g_autofree char *xml = jd_stanza_to_string (built);
  g_autoptr (xmpp_stanza_t) stanza = NULL;
  g_autoptr (JdJingleJmi) jmi = NULL;

  if (xml == NULL)
    abort ();
  stanza = xmpp_stanza_new_from_string (get_ctx (), xml);
  if (stanza == NULL || (jmi = parse (stanza)) == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *xml = g_strndup ((const char *) data, size);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (get_ctx (), xml);
  g_autoptr (JdJingleJmi) jmi = NULL;
  g_autoptr (JdJingleJmi) copy = NULL;
  g_autoptr (xmpp_stanza_t) built = NULL;
  g_autoptr (JdJingleJmi) again = NULL;

  if (stanza == NULL || (jmi = parse (stanza)) == NULL)
    return 0;
  copy = jd_jingle_jmi_copy (jmi);
  built = jd_jingle_jmi_build (get_ctx (), jmi);
  again = parse (built);
  if (again == NULL || !jd_jingle_jmi_equal (jmi, again) || !jd_jingle_jmi_equal (copy, jmi))
    abort ();
  check_serialised (built);
  return 0;
}
