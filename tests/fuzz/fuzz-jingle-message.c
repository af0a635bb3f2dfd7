/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_jingle_message_parse()/build() (STYLE.md §6
 * round-trip shape): bytes -> xmpp_stanza_new_from_string() -> parse.
 * A failure must be a JD_JINGLE_ERROR that becomes an error reply; a
 * success must build into a stanza that parses back equal, whose copy is
 * equal, and whose XML text parses again.
 */
#include <glib.h>
#include <stdlib.h>
#include <strophe.h>

#include "jd-fuzz.h"
#include "jd-jingle-message.h"
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

/* Every failure is ours to describe, and answers the request. */
static void
check_failure (xmpp_stanza_t *stanza, const GError *error, const JdJingleMessage *msg)
{
  g_autoptr (xmpp_stanza_t) reply = NULL;

  if (error == NULL || error->domain != JD_JINGLE_ERROR || msg != NULL ||
      (error->code != JD_JINGLE_ERROR_BAD_REQUEST && error->code != JD_JINGLE_ERROR_LIMIT))
    abort ();
  reply = jd_jingle_error_reply (stanza, error);
  if (g_strcmp0 (jd_stanza_error_condition (reply), "bad-request") != 0 &&
      g_strcmp0 (jd_stanza_error_condition (reply), "policy-violation") != 0)
    abort ();
}

static JdJingleMessage *
parse (xmpp_stanza_t *stanza)
{
  g_autoptr (GError) error = NULL;
  JdJingleMessage *msg = NULL;

  if (!jd_jingle_message_parse (stanza, &msg, &error))
    {
      check_failure (stanza, error, msg);
      return NULL;
    }
  if (msg == NULL || error != NULL)
    abort ();
  return msg;
}

/* XML normalises white space in attribute values, which libstrophe does
 * not escape, so the text form need only parse, not compare equal. */
static void
check_serialised (xmpp_stanza_t *built)
{
  g_autofree char *xml = jd_stanza_to_string (built);
  g_autoptr (xmpp_stanza_t) stanza = NULL;
  g_autoptr (JdJingleMessage) msg = NULL;

  if (xml == NULL)
    abort ();
  stanza = xmpp_stanza_new_from_string (get_ctx (), xml);
  if (stanza == NULL || (msg = parse (stanza)) == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *xml = g_strndup ((const char *) data, size);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (get_ctx (), xml);
  g_autoptr (JdJingleMessage) msg = NULL;
  g_autoptr (JdJingleMessage) copy = NULL;
  g_autoptr (xmpp_stanza_t) built = NULL;
  g_autoptr (JdJingleMessage) again = NULL;

  if (stanza == NULL || (msg = parse (stanza)) == NULL)
    return 0;
  copy = jd_jingle_message_copy (msg);
  built = jd_jingle_message_build (get_ctx (), msg);
  again = parse (built);
  if (again == NULL || !jd_jingle_message_equal (msg, again) ||
      !jd_jingle_message_equal (copy, msg))
    abort ();
  check_serialised (built);
  return 0;
}
