/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_jingle_message_parse()/build(): the round-trip shape
 * of jd-fuzz-model.h, and every failure becomes an error reply.
 */
#include <glib.h>
#include <stdlib.h>
#include <strophe.h>

#include "jd-fuzz.h"
#include "jd-fuzz-model.h"
#include "jd-jingle-message.h"
#include "jd-stanza.h"

/* Every failure answers the request with the right condition. */
static void
check_failure (xmpp_stanza_t *stanza, const GError *error)
{
  g_autoptr (xmpp_stanza_t) reply = jd_jingle_error_reply (stanza, error);

  if (g_strcmp0 (jd_stanza_error_condition (reply), "bad-request") != 0 &&
      g_strcmp0 (jd_stanza_error_condition (reply), "policy-violation") != 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return jd_fuzz_model_run (&jd_stanza_model_jingle, check_failure, data, size);
}
