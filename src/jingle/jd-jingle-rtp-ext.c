/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The parts of an RTP <description/>: XEP-0167 §4 <parameter/>, XEP-0293
 * <rtcp-fb/> and <rtcp-fb-trr-int/>, XEP-0294 <rtp-hdrext/> and the
 * XEP-0167 §7 <encryption><crypto/></encryption>.
 */
#include "jd-jingle-rtp-private.h"

#include <string.h>

#include "jd-jingle-xml.h"
#include "jd-stanza.h"

/* XEP-0293 §3: trr-int travels as its own element; we keep it as an
 * rtcp-fb of this type with the value as subtype (jd-jingle-rtp.h). */
#define TRR_INT "trr-int"

/* Parameters */

/* Returns: (transfer full) */
JdJingleParameter *
jd_jingle_parameter_new (const char *name, const char *value)
{
  JdJingleParameter *p;

  g_return_val_if_fail (name != NULL, NULL);
  p = g_new0 (JdJingleParameter, 1);
  p->name = g_strdup (name);
  p->value = g_strdup (value);
  return p;
}

/* Returns: (transfer full) */
JdJingleParameter *
jd_jingle_parameter_copy (const JdJingleParameter *param)
{
  g_return_val_if_fail (param != NULL, NULL);
  return jd_jingle_parameter_new (param->name, param->value);
}

void
jd_jingle_parameter_free (JdJingleParameter *param)
{
  if (param == NULL)
    return;
  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

GPtrArray *
jd_jingle_parameters_copy (const GPtrArray *params)
{
  return jd_jingle_array_copy (params, (JdJingleCopyFunc) jd_jingle_parameter_copy,
                               (GDestroyNotify) jd_jingle_parameter_free);
}

static gboolean
parameter_equal (const JdJingleParameter *a, const JdJingleParameter *b)
{
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->value, b->value) == 0;
}

static guint
count_parameter (const GPtrArray *params, const JdJingleParameter *p)
{
  guint n = 0;

  for (guint i = 0; params != NULL && i < params->len; i++)
    n += parameter_equal (g_ptr_array_index (params, i), p);
  return n;
}

/* XEP-0167 §4: "The order of parameter elements MUST be ignored", so
 * compare them as multisets (at most JD_JINGLE_MAX_PARAMETERS each). */
gboolean
jd_jingle_parameters_equal (const GPtrArray *a, const GPtrArray *b)
{
  guint len = a != NULL ? a->len : 0;

  if (len != (b != NULL ? b->len : 0))
    return FALSE;
  for (guint i = 0; i < len; i++)
    {
      const JdJingleParameter *p = g_ptr_array_index (a, i);

      if (count_parameter (a, p) != count_parameter (b, p))
        return FALSE;
    }
  return TRUE;
}

/* XEP-0167 §4 requires both 'name' and 'value'; XEP-0293/0294 make the
 * value optional ("stored as the 'name' attribute ... with an empty value"). */
gboolean
jd_jingle_parameter_parse (xmpp_stanza_t *el, gboolean value_required, GPtrArray *into,
                           GError **error)
{
  const char *name = NULL;
  const char *value = NULL;

  if (!jd_jingle_xml_check_limit (el, into->len, JD_JINGLE_MAX_PARAMETERS, error) ||
      !jd_jingle_xml_attr (el, "name", TRUE, &name, error) ||
      !jd_jingle_xml_attr (el, "value", FALSE, &value, error))
    return FALSE;
  if (value == NULL && value_required)
    {
      jd_jingle_xml_bad (error, el, "'value' is missing");
      return FALSE;
    }
  g_ptr_array_add (into, jd_jingle_parameter_new (name, value));
  return TRUE;
}

void
jd_jingle_parameters_build (xmpp_stanza_t *parent, const GPtrArray *params)
{
  for (guint i = 0; params != NULL && i < params->len; i++)
    {
      const JdJingleParameter *p = g_ptr_array_index (params, i);
      xmpp_stanza_t *el = jd_stanza_add_element (parent, "parameter", NULL);

      xmpp_stanza_set_attribute (el, "name", p->name);
      if (p->value != NULL)
        xmpp_stanza_set_attribute (el, "value", p->value);
    }
}

/* XEP-0293 feedback */

/* Returns: (transfer full) */
JdJingleRtcpFb *
jd_jingle_rtcp_fb_new (const char *type, const char *subtype)
{
  JdJingleRtcpFb *fb;

  g_return_val_if_fail (type != NULL, NULL);
  fb = g_new0 (JdJingleRtcpFb, 1);
  fb->type = g_strdup (type);
  fb->subtype = g_strdup (subtype);
  fb->parameters = jd_jingle_parameters_copy (NULL);
  return fb;
}

/* Returns: (transfer full) */
JdJingleRtcpFb *
jd_jingle_rtcp_fb_copy (const JdJingleRtcpFb *fb)
{
  JdJingleRtcpFb *copy;

  g_return_val_if_fail (fb != NULL, NULL);
  copy = jd_jingle_rtcp_fb_new (fb->type, fb->subtype);
  g_ptr_array_unref (copy->parameters);
  copy->parameters = jd_jingle_parameters_copy (fb->parameters);
  return copy;
}

void
jd_jingle_rtcp_fb_free (JdJingleRtcpFb *fb)
{
  if (fb == NULL)
    return;
  g_free (fb->type);
  g_free (fb->subtype);
  g_clear_pointer (&fb->parameters, g_ptr_array_unref);
  g_free (fb);
}

gboolean
jd_jingle_rtcp_fb_equal (const JdJingleRtcpFb *a, const JdJingleRtcpFb *b)
{
  return g_strcmp0 (a->type, b->type) == 0 && g_strcmp0 (a->subtype, b->subtype) == 0 &&
         jd_jingle_parameters_equal (a->parameters, b->parameters);
}

/* <rtcp-fb-trr-int value='100'/>: 'value' REQUIRED, 0 to MAXUINT. */
static JdJingleRtcpFb *
parse_trr_int (xmpp_stanza_t *el, GError **error)
{
  guint64 value = 0;
  g_autofree char *str = NULL;

  if (!jd_jingle_xml_uint (el, "value", TRUE, 0, G_MAXUINT32, &value, error))
    return NULL;
  str = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
  return jd_jingle_rtcp_fb_new (TRR_INT, str);
}

/* <rtcp-fb type subtype?><parameter/>*</rtcp-fb> */
static JdJingleRtcpFb *
parse_rtcp_fb (xmpp_stanza_t *el, GError **error)
{
  const char *type = NULL;
  const char *subtype = NULL;
  g_autoptr (JdJingleRtcpFb) fb = NULL;

  if (!jd_jingle_xml_attr (el, "type", TRUE, &type, error) ||
      !jd_jingle_xml_attr (el, "subtype", FALSE, &subtype, error))
    return NULL;
  if (g_strcmp0 (type, TRR_INT) == 0)
    {
      jd_jingle_xml_bad (error, el, "'type' trr-int belongs in <rtcp-fb-trr-int/> (XEP-0293 §3)");
      return NULL;
    }
  fb = jd_jingle_rtcp_fb_new (type, subtype);
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (jd_jingle_xml_is (c, "parameter", JD_NS_JINGLE_RTP_FB, JD_NS_JINGLE_RTP_FB) &&
          !jd_jingle_parameter_parse (c, FALSE, fb->parameters, error))
        return NULL;
    }
  return g_steal_pointer (&fb);
}

gboolean
jd_jingle_rtcp_fb_parse (xmpp_stanza_t *el, GPtrArray *into, GError **error)
{
  const char *name = xmpp_stanza_get_name (el);
  JdJingleRtcpFb *fb;

  if (g_strcmp0 (name, "rtcp-fb") != 0 && g_strcmp0 (name, "rtcp-fb-trr-int") != 0)
    return TRUE; /* an unknown extension */
  if (!jd_jingle_xml_check_limit (el, into->len, JD_JINGLE_MAX_RTCP_FB, error))
    return FALSE;
  fb = g_strcmp0 (name, "rtcp-fb") == 0 ? parse_rtcp_fb (el, error) : parse_trr_int (el, error);
  if (fb == NULL)
    return FALSE;
  g_ptr_array_add (into, fb);
  return TRUE;
}

void
jd_jingle_rtcp_fbs_build (xmpp_stanza_t *parent, const GPtrArray *fbs)
{
  for (guint i = 0; fbs != NULL && i < fbs->len; i++)
    {
      const JdJingleRtcpFb *fb = g_ptr_array_index (fbs, i);
      xmpp_stanza_t *el;

      if (g_strcmp0 (fb->type, TRR_INT) == 0)
        {
          el = jd_stanza_add_element (parent, "rtcp-fb-trr-int", JD_NS_JINGLE_RTP_FB);
          xmpp_stanza_set_attribute (el, "value", fb->subtype != NULL ? fb->subtype : "0");
          continue;
        }
      el = jd_stanza_add_element (parent, "rtcp-fb", JD_NS_JINGLE_RTP_FB);
      xmpp_stanza_set_attribute (el, "type", fb->type);
      if (fb->subtype != NULL)
        xmpp_stanza_set_attribute (el, "subtype", fb->subtype);
      jd_jingle_parameters_build (el, fb->parameters);
    }
}

/* XEP-0294 header extensions */

/* Returns: (transfer full) */
JdJingleHdrExt *
jd_jingle_hdrext_new (guint id, const char *uri, JdJingleSenders senders)
{
  JdJingleHdrExt *ext;

  g_return_val_if_fail (uri != NULL, NULL);
  ext = g_new0 (JdJingleHdrExt, 1);
  ext->id = id;
  ext->uri = g_strdup (uri);
  ext->senders = senders;
  ext->parameters = jd_jingle_parameters_copy (NULL);
  return ext;
}

/* Returns: (transfer full) */
JdJingleHdrExt *
jd_jingle_hdrext_copy (const JdJingleHdrExt *ext)
{
  JdJingleHdrExt *copy;

  g_return_val_if_fail (ext != NULL, NULL);
  copy = jd_jingle_hdrext_new (ext->id, ext->uri, ext->senders);
  g_ptr_array_unref (copy->parameters);
  copy->parameters = jd_jingle_parameters_copy (ext->parameters);
  return copy;
}

void
jd_jingle_hdrext_free (JdJingleHdrExt *ext)
{
  if (ext == NULL)
    return;
  g_free (ext->uri);
  g_clear_pointer (&ext->parameters, g_ptr_array_unref);
  g_free (ext);
}

gboolean
jd_jingle_hdrext_equal (const JdJingleHdrExt *a, const JdJingleHdrExt *b)
{
  return a->id == b->id && g_strcmp0 (a->uri, b->uri) == 0 && a->senders == b->senders &&
         jd_jingle_parameters_equal (a->parameters, b->parameters);
}

/* XEP-0294 §3: 'id' REQUIRED, 1-256 or 4096-4351; 'uri' REQUIRED;
 * 'senders' defaults to both. */
static gboolean
parse_hdrext_attrs (xmpp_stanza_t *el, guint64 *id, const char **uri,
                    JdJingleSenders *senders, GError **error)
{
  const char *value = NULL;

  if (!jd_jingle_xml_uint (el, "id", TRUE, 1, 4351, id, error) ||
      !jd_jingle_xml_attr (el, "uri", TRUE, uri, error) ||
      !jd_jingle_xml_attr (el, "senders", FALSE, &value, error))
    return FALSE;
  if (*id > 256 && *id < 4096)
    {
      jd_jingle_xml_bad (error, el, "'id' %u is not in 1-256 or 4096-4351", (guint) *id);
      return FALSE;
    }
  if (value != NULL && !jd_jingle_senders_from_string (value, senders))
    {
      jd_jingle_xml_bad (error, el, "unknown 'senders' '%.32s'", value);
      return FALSE;
    }
  return TRUE;
}

gboolean
jd_jingle_hdrext_parse (xmpp_stanza_t *el, GPtrArray *into, GError **error)
{
  guint64 id = 0;
  const char *uri = NULL;
  JdJingleSenders senders = JD_JINGLE_SENDERS_BOTH;
  g_autoptr (JdJingleHdrExt) ext = NULL;

  if (!jd_jingle_xml_check_limit (el, into->len, JD_JINGLE_MAX_HDREXTS, error) ||
      !parse_hdrext_attrs (el, &id, &uri, &senders, error))
    return FALSE;
  ext = jd_jingle_hdrext_new ((guint) id, uri, senders);
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (jd_jingle_xml_is (c, "parameter", JD_NS_JINGLE_RTP_HDREXT, JD_NS_JINGLE_RTP_HDREXT) &&
          !jd_jingle_parameter_parse (c, FALSE, ext->parameters, error))
        return FALSE;
    }
  g_ptr_array_add (into, g_steal_pointer (&ext));
  return TRUE;
}

void
jd_jingle_hdrext_build (xmpp_stanza_t *parent, const JdJingleHdrExt *ext)
{
  xmpp_stanza_t *el = jd_stanza_add_element (parent, "rtp-hdrext", JD_NS_JINGLE_RTP_HDREXT);

  jd_jingle_xml_set_uint (el, "id", ext->id);
  xmpp_stanza_set_attribute (el, "uri", ext->uri);
  if (ext->senders != JD_JINGLE_SENDERS_BOTH)
    xmpp_stanza_set_attribute (el, "senders", jd_jingle_senders_to_string (ext->senders));
  jd_jingle_parameters_build (el, ext->parameters);
}

/* XEP-0167 §7 SDES crypto */

/* Returns: (transfer full) */
JdJingleCrypto *
jd_jingle_crypto_new (guint tag, const char *suite, const char *key_params,
                      const char *session_params)
{
  JdJingleCrypto *crypto;

  g_return_val_if_fail (suite != NULL && key_params != NULL, NULL);
  crypto = g_new0 (JdJingleCrypto, 1);
  crypto->tag = tag;
  crypto->crypto_suite = g_strdup (suite);
  crypto->key_params = g_strdup (key_params);
  crypto->session_params = g_strdup (session_params);
  return crypto;
}

/* Returns: (transfer full) */
JdJingleCrypto *
jd_jingle_crypto_copy (const JdJingleCrypto *crypto)
{
  g_return_val_if_fail (crypto != NULL, NULL);
  return jd_jingle_crypto_new (crypto->tag, crypto->crypto_suite, crypto->key_params,
                               crypto->session_params);
}

void
jd_jingle_crypto_free (JdJingleCrypto *crypto)
{
  if (crypto == NULL)
    return;
  g_free (crypto->crypto_suite);
  /* Key material: do not leave it lying around in freed memory. */
  if (crypto->key_params != NULL)
    memset (crypto->key_params, 0, strlen (crypto->key_params));
  g_free (crypto->key_params);
  g_free (crypto->session_params);
  g_free (crypto);
}

gboolean
jd_jingle_crypto_equal (const JdJingleCrypto *a, const JdJingleCrypto *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->tag == b->tag && g_strcmp0 (a->crypto_suite, b->crypto_suite) == 0 &&
         g_strcmp0 (a->key_params, b->key_params) == 0 &&
         g_strcmp0 (a->session_params, b->session_params) == 0;
}

/* 'crypto-suite', 'key-params' and 'tag' are REQUIRED (XEP-0167 §7 and
 * its schema); the tag is a decimal number as in RFC 4568 §9.1. */
static gboolean
parse_crypto (xmpp_stanza_t *el, GPtrArray *into, GError **error)
{
  const char *suite = NULL, *key_params = NULL, *session_params = NULL;
  guint64 tag = 0;

  if (!jd_jingle_xml_check_limit (el, into->len, JD_JINGLE_MAX_CRYPTOS, error) ||
      !jd_jingle_xml_attr (el, "crypto-suite", TRUE, &suite, error) ||
      !jd_jingle_xml_attr (el, "key-params", TRUE, &key_params, error) ||
      !jd_jingle_xml_attr (el, "session-params", FALSE, &session_params, error) ||
      !jd_jingle_xml_uint (el, "tag", TRUE, 0, G_MAXUINT32, &tag, error))
    return FALSE;
  g_ptr_array_add (into, jd_jingle_crypto_new ((guint) tag, suite, key_params, session_params));
  return TRUE;
}

/* An xs:boolean (XEP-0167 §7: "true" or "1"; "false" or "0"). */
static gboolean
parse_required (xmpp_stanza_t *el, gboolean *required, GError **error)
{
  const char *value = NULL;

  if (!jd_jingle_xml_attr (el, "required", FALSE, &value, error))
    return FALSE;
  if (value == NULL || g_str_equal (value, "false") || g_str_equal (value, "0"))
    return TRUE;
  if (g_str_equal (value, "true") || g_str_equal (value, "1"))
    {
      *required = TRUE;
      return TRUE;
    }
  jd_jingle_xml_bad (error, el, "'required' '%.32s' is not a boolean", value);
  return FALSE;
}

/* An <encryption/> without <crypto/> is accepted: XEP-0262 puts only a
 * <zrtp-hash/> there.  Several <encryption/> elements add up. */
gboolean
jd_jingle_encryption_parse (xmpp_stanza_t *el, gboolean *required, GPtrArray *into,
                            GError **error)
{
  if (!parse_required (el, required, error))
    return FALSE;
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (jd_jingle_xml_is (c, "crypto", JD_NS_JINGLE_RTP, JD_NS_JINGLE_RTP) &&
          !parse_crypto (c, into, error))
        return FALSE;
    }
  return TRUE;
}

void
jd_jingle_encryption_build (xmpp_stanza_t *parent, gboolean required, const GPtrArray *cryptos)
{
  xmpp_stanza_t *el = jd_stanza_add_element (parent, "encryption", NULL);

  if (required)
    xmpp_stanza_set_attribute (el, "required", "1");
  for (guint i = 0; cryptos != NULL && i < cryptos->len; i++)
    {
      const JdJingleCrypto *crypto = g_ptr_array_index (cryptos, i);
      xmpp_stanza_t *c = jd_stanza_add_element (el, "crypto", NULL);

      xmpp_stanza_set_attribute (c, "crypto-suite", crypto->crypto_suite);
      xmpp_stanza_set_attribute (c, "key-params", crypto->key_params);
      if (crypto->session_params != NULL)
        xmpp_stanza_set_attribute (c, "session-params", crypto->session_params);
      jd_jingle_xml_set_uint (c, "tag", crypto->tag);
    }
}
