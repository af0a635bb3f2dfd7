/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Fuzz target for jd_jingle_jmi_parse()/build(): the round-trip shape of
 * jd-fuzz-model.h.
 */
#include "jd-fuzz.h"
#include "jd-fuzz-model.h"
#include "jd-jingle-jmi.h"

static gboolean
model_parse (xmpp_stanza_t *stanza, gpointer *out, GError **error)
{
  return jd_jingle_jmi_parse (stanza, (JdJingleJmi **) out, error);
}

static xmpp_stanza_t *
model_build (xmpp_ctx_t *ctx, gconstpointer value)
{
  return jd_jingle_jmi_build (ctx, value);
}

static gpointer
model_copy (gconstpointer value)
{
  return jd_jingle_jmi_copy (value);
}

static gboolean
model_equal (gconstpointer a, gconstpointer b)
{
  return jd_jingle_jmi_equal (a, b);
}

static void
model_free (gpointer value)
{
  jd_jingle_jmi_free (value);
}

static const JdFuzzModel jmi_model = {
  model_parse, model_build, model_copy, model_equal, model_free, NULL,
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  return jd_fuzz_model_run (&jmi_model, data, size);
}
