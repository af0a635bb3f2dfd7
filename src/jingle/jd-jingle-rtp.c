/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jingle-rtp: the XEP-0167 §4 RTP <description/> with its payload
 * types, XEP-0293 rtcp-fb, XEP-0294 rtp-hdrext and the XEP-0167 §7 SDES
 * <encryption/>.  The building blocks (parameters, feedback, header
 * extensions, crypto) live in jd-jingle-rtp-ext.c.
 */
#include "jd-jingle-rtp.h"

#include "jd-jingle-rtp-private.h"
#include "jd-jingle-xml.h"
#include "jd-stanza.h"

/* Payload types */

/* Returns: (transfer full) */
JdJinglePayloadType *
jd_jingle_payload_type_new (guint8 id, const char *name, guint clockrate, guint channels)
{
  JdJinglePayloadType *pt = g_new0 (JdJinglePayloadType, 1);

  pt->id = id;
  pt->name = g_strdup (name);
  pt->clockrate = clockrate;
  pt->channels = channels;
  pt->parameters = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_parameter_free);
  pt->rtcp_fbs = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_rtcp_fb_free);
  return pt;
}

/* Returns: (transfer full) */
JdJinglePayloadType *
jd_jingle_payload_type_copy (const JdJinglePayloadType *pt)
{
  JdJinglePayloadType *copy;

  g_return_val_if_fail (pt != NULL, NULL);
  copy = g_new0 (JdJinglePayloadType, 1);
  copy->id = pt->id;
  copy->name = g_strdup (pt->name);
  copy->clockrate = pt->clockrate;
  copy->channels = pt->channels;
  copy->ptime = pt->ptime;
  copy->maxptime = pt->maxptime;
  copy->parameters = jd_jingle_parameters_copy (pt->parameters);
  copy->rtcp_fbs = jd_jingle_array_copy (pt->rtcp_fbs, (JdJingleCopyFunc) jd_jingle_rtcp_fb_copy,
                                         (GDestroyNotify) jd_jingle_rtcp_fb_free);
  return copy;
}

void
jd_jingle_payload_type_free (JdJinglePayloadType *pt)
{
  if (pt == NULL)
    return;
  g_free (pt->name);
  g_clear_pointer (&pt->parameters, g_ptr_array_unref);
  g_clear_pointer (&pt->rtcp_fbs, g_ptr_array_unref);
  g_free (pt);
}

gboolean
jd_jingle_payload_type_equal (const JdJinglePayloadType *a, const JdJinglePayloadType *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->id == b->id && g_strcmp0 (a->name, b->name) == 0 &&
         a->clockrate == b->clockrate && a->channels == b->channels &&
         a->ptime == b->ptime && a->maxptime == b->maxptime &&
         jd_jingle_parameters_equal (a->parameters, b->parameters) &&
         jd_jingle_array_equal (a->rtcp_fbs, b->rtcp_fbs,
                                (JdJingleEqualFunc) jd_jingle_rtcp_fb_equal);
}

/* Replaces the value of an existing parameter of that name (names are
 * case-sensitive, XEP-0167 §4), or appends a new one. */
void
jd_jingle_payload_type_set_parameter (JdJinglePayloadType *pt, const char *name,
                                      const char *value)
{
  g_return_if_fail (pt != NULL && name != NULL && value != NULL);
  if (pt->parameters == NULL)
    pt->parameters = jd_jingle_parameters_copy (NULL);
  for (guint i = 0; i < pt->parameters->len; i++)
    {
      JdJingleParameter *p = g_ptr_array_index (pt->parameters, i);

      if (g_strcmp0 (p->name, name) == 0)
        {
          g_free (p->value);
          p->value = g_strdup (value);
          return;
        }
    }
  g_ptr_array_add (pt->parameters, jd_jingle_parameter_new (name, value));
}

/* Returns: (transfer none) (nullable) */
const char *
jd_jingle_payload_type_get_parameter (const JdJinglePayloadType *pt, const char *name)
{
  g_return_val_if_fail (pt != NULL && name != NULL, NULL);
  for (guint i = 0; pt->parameters != NULL && i < pt->parameters->len; i++)
    {
      const JdJingleParameter *p = g_ptr_array_index (pt->parameters, i);

      if (g_strcmp0 (p->name, name) == 0)
        return p->value;
    }
  return NULL;
}

void
jd_jingle_payload_type_add_rtcp_fb (JdJinglePayloadType *pt, const char *type,
                                    const char *subtype)
{
  g_return_if_fail (pt != NULL && type != NULL);
  if (pt->rtcp_fbs == NULL)
    pt->rtcp_fbs = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_rtcp_fb_free);
  g_ptr_array_add (pt->rtcp_fbs, jd_jingle_rtcp_fb_new (type, subtype));
}

/* XEP-0167 §4: 'id' is REQUIRED and 'name' REQUIRED for the dynamic
 * types 96-127; 'channels' is an unsignedByte that defaults to 1. */
static gboolean
parse_payload_attrs (xmpp_stanza_t *el, JdJinglePayloadType *pt, GError **error)
{
  guint64 id = 0, clockrate = 0, channels = 0, ptime = 0, maxptime = 0;

  if (!jd_jingle_xml_uint (el, "id", TRUE, 0, 127, &id, error) ||
      !jd_jingle_xml_dup_attr (el, "name", FALSE, &pt->name, error) ||
      !jd_jingle_xml_uint (el, "clockrate", FALSE, 0, G_MAXUINT32, &clockrate, error) ||
      !jd_jingle_xml_uint (el, "channels", FALSE, 1, G_MAXUINT8, &channels, error) ||
      !jd_jingle_xml_uint (el, "ptime", FALSE, 0, G_MAXUINT32, &ptime, error) ||
      !jd_jingle_xml_uint (el, "maxptime", FALSE, 0, G_MAXUINT32, &maxptime, error))
    return FALSE;
  if (id >= 96 && pt->name == NULL)
    {
      jd_jingle_xml_bad (error, el, "'name' is missing for dynamic 'id' %u (XEP-0167 §4)",
                         (guint) id);
      return FALSE;
    }
  pt->id = (guint8) id;
  pt->clockrate = (guint) clockrate;
  pt->channels = (guint) channels;
  pt->ptime = (guint) ptime;
  pt->maxptime = (guint) maxptime;
  return TRUE;
}

static gboolean
parse_payload_child (xmpp_stanza_t *child, JdJinglePayloadType *pt, GError **error)
{
  if (jd_jingle_xml_is (child, "parameter", JD_NS_JINGLE_RTP, JD_NS_JINGLE_RTP))
    return jd_jingle_parameter_parse (child, TRUE, pt->parameters, error);
  if (jd_jingle_xml_is (child, "rtcp-fb", JD_NS_JINGLE_RTP_FB, JD_NS_JINGLE_RTP) ||
      jd_jingle_xml_is (child, "rtcp-fb-trr-int", JD_NS_JINGLE_RTP_FB, JD_NS_JINGLE_RTP))
    return jd_jingle_rtcp_fb_parse (child, pt->rtcp_fbs, error);
  return TRUE; /* an unknown extension */
}

static JdJinglePayloadType *
parse_payload_type (xmpp_stanza_t *el, GError **error)
{
  g_autoptr (JdJinglePayloadType) pt = jd_jingle_payload_type_new (0, NULL, 0, 0);

  if (!parse_payload_attrs (el, pt, error))
    return NULL;
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (!parse_payload_child (c, pt, error))
        return NULL;
    }
  return g_steal_pointer (&pt);
}

static void
build_payload_type (xmpp_stanza_t *parent, const JdJinglePayloadType *pt)
{
  xmpp_stanza_t *el = jd_stanza_add_element (parent, "payload-type", NULL);

  jd_jingle_xml_set_uint (el, "id", pt->id);
  if (pt->name != NULL)
    xmpp_stanza_set_attribute (el, "name", pt->name);
  if (pt->clockrate != 0)
    jd_jingle_xml_set_uint (el, "clockrate", pt->clockrate);
  if (pt->channels != 0)
    jd_jingle_xml_set_uint (el, "channels", pt->channels);
  if (pt->ptime != 0)
    jd_jingle_xml_set_uint (el, "ptime", pt->ptime);
  if (pt->maxptime != 0)
    jd_jingle_xml_set_uint (el, "maxptime", pt->maxptime);
  jd_jingle_parameters_build (el, pt->parameters);
  jd_jingle_rtcp_fbs_build (el, pt->rtcp_fbs);
}

/* Descriptions */

/* Returns: (transfer full) */
JdJingleRtpDescription *
jd_jingle_rtp_description_new (JdJingleMedia media)
{
  JdJingleRtpDescription *d = g_new0 (JdJingleRtpDescription, 1);

  d->media = media;
  d->payload_types = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_payload_type_free);
  d->rtcp_fbs = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_rtcp_fb_free);
  d->hdrexts = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_hdrext_free);
  d->cryptos = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_crypto_free);
  return d;
}

static void
copy_arrays (JdJingleRtpDescription *copy, const JdJingleRtpDescription *d)
{
  copy->payload_types = jd_jingle_array_copy (d->payload_types,
                                              (JdJingleCopyFunc) jd_jingle_payload_type_copy,
                                              (GDestroyNotify) jd_jingle_payload_type_free);
  copy->rtcp_fbs = jd_jingle_array_copy (d->rtcp_fbs, (JdJingleCopyFunc) jd_jingle_rtcp_fb_copy,
                                         (GDestroyNotify) jd_jingle_rtcp_fb_free);
  copy->hdrexts = jd_jingle_array_copy (d->hdrexts, (JdJingleCopyFunc) jd_jingle_hdrext_copy,
                                        (GDestroyNotify) jd_jingle_hdrext_free);
  copy->cryptos = jd_jingle_array_copy (d->cryptos, (JdJingleCopyFunc) jd_jingle_crypto_copy,
                                        (GDestroyNotify) jd_jingle_crypto_free);
}

/* Returns: (transfer full) */
JdJingleRtpDescription *
jd_jingle_rtp_description_copy (const JdJingleRtpDescription *d)
{
  JdJingleRtpDescription *copy;

  g_return_val_if_fail (d != NULL, NULL);
  copy = g_new0 (JdJingleRtpDescription, 1);
  copy->media = d->media;
  copy->has_ssrc = d->has_ssrc;
  copy->ssrc = d->ssrc;
  copy_arrays (copy, d);
  copy->extmap_allow_mixed = d->extmap_allow_mixed;
  copy->rtcp_mux = d->rtcp_mux;
  copy->bandwidth_type = g_strdup (d->bandwidth_type);
  copy->bandwidth = d->bandwidth;
  copy->encryption_required = d->encryption_required;
  return copy;
}

void
jd_jingle_rtp_description_free (JdJingleRtpDescription *d)
{
  if (d == NULL)
    return;
  g_clear_pointer (&d->payload_types, g_ptr_array_unref);
  g_clear_pointer (&d->rtcp_fbs, g_ptr_array_unref);
  g_clear_pointer (&d->hdrexts, g_ptr_array_unref);
  g_clear_pointer (&d->cryptos, g_ptr_array_unref);
  g_free (d->bandwidth_type);
  g_free (d);
}

static gboolean
arrays_equal (const JdJingleRtpDescription *a, const JdJingleRtpDescription *b)
{
  return jd_jingle_array_equal (a->payload_types, b->payload_types,
                                (JdJingleEqualFunc) jd_jingle_payload_type_equal) &&
         jd_jingle_array_equal (a->rtcp_fbs, b->rtcp_fbs,
                                (JdJingleEqualFunc) jd_jingle_rtcp_fb_equal) &&
         jd_jingle_array_equal (a->hdrexts, b->hdrexts,
                                (JdJingleEqualFunc) jd_jingle_hdrext_equal) &&
         jd_jingle_array_equal (a->cryptos, b->cryptos,
                                (JdJingleEqualFunc) jd_jingle_crypto_equal);
}

/* The bandwidth value only counts when there is a <bandwidth/>, the ssrc
 * only when there is one. */
gboolean
jd_jingle_rtp_description_equal (const JdJingleRtpDescription *a,
                                 const JdJingleRtpDescription *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return a->media == b->media && a->has_ssrc == b->has_ssrc &&
         (!a->has_ssrc || a->ssrc == b->ssrc) && arrays_equal (a, b) &&
         !a->extmap_allow_mixed == !b->extmap_allow_mixed && !a->rtcp_mux == !b->rtcp_mux &&
         g_strcmp0 (a->bandwidth_type, b->bandwidth_type) == 0 &&
         (a->bandwidth_type == NULL || a->bandwidth == b->bandwidth) &&
         !a->encryption_required == !b->encryption_required;
}

/* XEP-0167 §4: <bandwidth type='AS'>128</bandwidth>, 'type' REQUIRED.
 * Only the first counts. */
static gboolean
parse_bandwidth (xmpp_stanza_t *el, JdJingleRtpDescription *d, GError **error)
{
  g_autofree char *type = NULL;
  g_autofree char *text = NULL;
  guint64 value;

  if (d->bandwidth_type != NULL)
    return TRUE;
  if (!jd_jingle_xml_dup_attr (el, "type", TRUE, &type, error) ||
      !jd_jingle_xml_text (el, &text, error))
    return FALSE;
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    {
      jd_jingle_xml_bad (error, el, "the value is not a number of kbit/s");
      return FALSE;
    }
  d->bandwidth_type = g_steal_pointer (&type);
  d->bandwidth = (guint) value;
  return TRUE;
}

static gboolean
parse_rtp_child (xmpp_stanza_t *c, JdJingleRtpDescription *d, GError **error)
{
  if (g_strcmp0 (xmpp_stanza_get_name (c), "payload-type") == 0)
    {
      JdJinglePayloadType *pt;

      if (!jd_jingle_xml_check_limit (c, d->payload_types->len, JD_JINGLE_MAX_PAYLOAD_TYPES, error) ||
          (pt = parse_payload_type (c, error)) == NULL)
        return FALSE;
      g_ptr_array_add (d->payload_types, pt);
    }
  else if (g_strcmp0 (xmpp_stanza_get_name (c), "rtcp-mux") == 0)
    d->rtcp_mux = TRUE;
  else if (g_strcmp0 (xmpp_stanza_get_name (c), "encryption") == 0)
    return jd_jingle_encryption_parse (c, &d->encryption_required, d->cryptos, error);
  else if (g_strcmp0 (xmpp_stanza_get_name (c), "bandwidth") == 0)
    return parse_bandwidth (c, d, error);
  return TRUE;
}

/* Dispatches on the child's namespace; anything unknown is an extension
 * we ignore (XEP-0166 §7.1). */
static gboolean
parse_child (xmpp_stanza_t *c, JdJingleRtpDescription *d, GError **error)
{
  const char *ns = jd_jingle_xml_ns (c, JD_NS_JINGLE_RTP);

  if (g_strcmp0 (ns, JD_NS_JINGLE_RTP) == 0)
    return parse_rtp_child (c, d, error);
  if (g_strcmp0 (ns, JD_NS_JINGLE_RTP_FB) == 0)
    return jd_jingle_rtcp_fb_parse (c, d->rtcp_fbs, error);
  if (jd_jingle_xml_is (c, "rtp-hdrext", JD_NS_JINGLE_RTP_HDREXT, NULL))
    return jd_jingle_hdrext_parse (c, d->hdrexts, error);
  if (jd_jingle_xml_is (c, "extmap-allow-mixed", JD_NS_JINGLE_RTP_HDREXT, NULL))
    d->extmap_allow_mixed = TRUE;
  return TRUE;
}

/* XEP-0167 §4: 'media' is REQUIRED; 'ssrc' is an optional unsignedInt. */
static gboolean
parse_description_attrs (xmpp_stanza_t *el, JdJingleMedia *media, JdJingleRtpDescription *d,
                         GError **error)
{
  const char *value = NULL;
  guint64 ssrc = G_MAXUINT64;

  if (!jd_jingle_xml_attr (el, "media", TRUE, &value, error) ||
      !jd_jingle_xml_uint (el, "ssrc", FALSE, 0, G_MAXUINT32, &ssrc, error))
    return FALSE;
  if (!jd_jingle_media_from_string (value, media))
    {
      jd_jingle_xml_bad (error, el, "'media' '%.32s' is neither audio nor video", value);
      return FALSE;
    }
  d->has_ssrc = ssrc != G_MAXUINT64;
  d->ssrc = d->has_ssrc ? (guint32) ssrc : 0;
  return TRUE;
}

/* Returns: (transfer full) (nullable) */
JdJingleRtpDescription *
jd_jingle_rtp_description_parse (xmpp_stanza_t *el, GError **error)
{
  g_autoptr (JdJingleRtpDescription) d = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_AUDIO);

  g_return_val_if_fail (el != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (!parse_description_attrs (el, &d->media, d, error))
    return NULL;
  for (xmpp_stanza_t *c = jd_jingle_xml_first_tag (el); c != NULL; c = jd_jingle_xml_next_tag (c))
    {
      if (!parse_child (c, d, error))
        return NULL;
    }
  return g_steal_pointer (&d);
}

static void
build_extensions (xmpp_stanza_t *el, const JdJingleRtpDescription *d)
{
  jd_jingle_rtcp_fbs_build (el, d->rtcp_fbs);
  for (guint i = 0; d->hdrexts != NULL && i < d->hdrexts->len; i++)
    jd_jingle_hdrext_build (el, g_ptr_array_index (d->hdrexts, i));
  if (d->extmap_allow_mixed)
    jd_stanza_add_element (el, "extmap-allow-mixed", JD_NS_JINGLE_RTP_HDREXT);
}

/* Returns: (transfer full) */
xmpp_stanza_t *
jd_jingle_rtp_description_build (xmpp_ctx_t *ctx, const JdJingleRtpDescription *d)
{
  xmpp_stanza_t *el;

  g_return_val_if_fail (ctx != NULL && d != NULL, NULL);
  el = jd_stanza_new_element (ctx, "description", JD_NS_JINGLE_RTP);
  xmpp_stanza_set_attribute (el, "media", jd_jingle_media_to_string (d->media));
  if (d->has_ssrc)
    jd_jingle_xml_set_uint (el, "ssrc", d->ssrc);
  for (guint i = 0; d->payload_types != NULL && i < d->payload_types->len; i++)
    build_payload_type (el, g_ptr_array_index (d->payload_types, i));
  build_extensions (el, d);
  if (d->bandwidth_type != NULL)
    {
      xmpp_stanza_t *bw = jd_stanza_add_element (el, "bandwidth", NULL);
      g_autofree char *value = g_strdup_printf ("%u", d->bandwidth);

      xmpp_stanza_set_attribute (bw, "type", d->bandwidth_type);
      jd_jingle_xml_set_text (bw, value);
    }
  if (d->rtcp_mux)
    jd_stanza_add_element (el, "rtcp-mux", NULL);
  if (d->encryption_required || (d->cryptos != NULL && d->cryptos->len > 0))
    jd_jingle_encryption_build (el, d->encryption_required, d->cryptos);
  return el;
}
