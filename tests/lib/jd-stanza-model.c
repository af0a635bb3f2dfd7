/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-stanza-model.h"

#include "jd-jingle-jmi.h"
#include "jd-jingle-message.h"

static gboolean
jingle_parse (xmpp_stanza_t *stanza, gpointer *out, GError **error)
{
  return jd_jingle_message_parse (stanza, (JdJingleMessage **) out, error);
}

static xmpp_stanza_t *
jingle_build (xmpp_ctx_t *ctx, gconstpointer value)
{
  return jd_jingle_message_build (ctx, value);
}

static gpointer
jingle_copy (gconstpointer value)
{
  return jd_jingle_message_copy (value);
}

static gboolean
jingle_equal (gconstpointer a, gconstpointer b)
{
  return jd_jingle_message_equal (a, b);
}

const JdStanzaModel jd_stanza_model_jingle = {
  "jingle", jingle_parse, jingle_build, jingle_copy, jingle_equal,
  (GDestroyNotify) jd_jingle_message_free,
};

static gboolean
jmi_parse (xmpp_stanza_t *stanza, gpointer *out, GError **error)
{
  return jd_jingle_jmi_parse (stanza, (JdJingleJmi **) out, error);
}

static xmpp_stanza_t *
jmi_build (xmpp_ctx_t *ctx, gconstpointer value)
{
  return jd_jingle_jmi_build (ctx, value);
}

static gpointer
jmi_copy (gconstpointer value)
{
  return jd_jingle_jmi_copy (value);
}

static gboolean
jmi_equal (gconstpointer a, gconstpointer b)
{
  return jd_jingle_jmi_equal (a, b);
}

const JdStanzaModel jd_stanza_model_jmi = {
  "jmi", jmi_parse, jmi_build, jmi_copy, jmi_equal, (GDestroyNotify) jd_jingle_jmi_free,
};
