/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Codec descriptors to payload types, caps and elements.  See the header.
 */
#include "jd-codec-registry.h"

#include <string.h>

G_DEFINE_QUARK (jd-media-error-quark, jd_media_error)

/* ---- Availability ---- */

static gboolean
have_element (const char *factory_name)
{
  g_autoptr (GstElementFactory) factory = gst_element_factory_find (factory_name);

  return factory != NULL;
}

/* The first alternative that is installed, or NULL. */
static const JdCodecElement *
first_available (const JdCodecElement *alternatives)
{
  for (const JdCodecElement *e = alternatives; e && e->factory; e++)
    if (have_element (e->factory))
      return e;
  return NULL;
}

static gboolean
have_all (const char *const *factories)
{
  for (const char *const *f = factories; f && *f; f++)
    if (!have_element (*f))
      return FALSE;
  return TRUE;
}

gboolean
jd_codec_is_available (const JdCodec *codec)
{
  g_return_val_if_fail (codec != NULL, FALSE);
  g_return_val_if_fail (gst_is_initialized (), FALSE);

  if (!codec->is_dtmf &&
      (!first_available (codec->encoders) || !first_available (codec->decoders) ||
       !have_element (codec->payloader.factory)))
    return FALSE;
  if (codec->parser && !have_element (codec->parser))
    return FALSE;
  return have_element (codec->depayloader.factory) && have_all (codec->requires);
}

static gboolean
name_is (const JdCodec *codec, const char *name)
{
  return g_ascii_strcasecmp (codec->name, name) == 0;
}

/* The codecs of @table for @media, named @name (any name if NULL) and
 * accepted by @keep, appended to @out in table order. */
static void
add_matching (GPtrArray *out, const JdCodec *const *table, JdJingleMedia media,
              const char *name, gboolean (*keep) (const JdCodec *codec))
{
  for (const JdCodec *const *c = table; *c; c++)
    if ((*c)->media == media && (!name || name_is (*c, name)) && keep (*c) &&
        !g_ptr_array_find (out, *c, NULL))
      g_ptr_array_add (out, (gpointer) *c);
}

static GPtrArray *
filter (const JdCodec *const *table, JdJingleMedia media, const char *const *preference,
        gboolean (*keep) (const JdCodec *codec))
{
  GPtrArray *out = g_ptr_array_new ();

  if (!preference)
    add_matching (out, table, media, NULL, keep);
  for (const char *const *name = preference; name && *name; name++)
    add_matching (out, table, media, *name, keep);
  return out;
}

GPtrArray *
jd_codec_registry_filter (const JdCodec *const *table, JdJingleMedia media,
                          const char *const *preference)
{
  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (gst_is_initialized (), NULL);

  return filter (table, media, preference, jd_codec_is_available);
}

/* Availability of jd_codecs[], looked up once: the element registry does
 * not change under a running process that does not rescan it.  A
 * process-wide immutable cache, reachable from here (not a leak). */
static const JdCodec *const *
available_table (void)
{
  static const JdCodec **table = NULL;

  if (g_once_init_enter (&table))
    {
      g_autoptr (GPtrArray) all = g_ptr_array_new ();

      for (const JdCodec *const *c = jd_codecs; *c; c++)
        if (jd_codec_is_available (*c))
          g_ptr_array_add (all, (gpointer) *c);
      g_ptr_array_add (all, NULL);
      g_once_init_leave (&table, (const JdCodec **) g_ptr_array_steal (all, NULL));
    }
  return table;
}

static gboolean
keep_all (const JdCodec *codec)
{
  return TRUE;
}

GPtrArray *
jd_codec_registry_available (JdJingleMedia media, const char *const *preference)
{
  g_return_val_if_fail (gst_is_initialized (), NULL);

  return filter (available_table (), media, preference, keep_all);
}

const JdCodec *
jd_codec_registry_find (const char *name, guint clockrate, guint channels)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (const JdCodec *const *c = jd_codecs; *c; c++)
    if (name_is (*c, name) && (*c)->clock_rate == clockrate &&
        (*c)->channels == MAX (channels, 1))
      return *c;
  return NULL;
}

/* ---- Signalling ---- */

/* The fmtp we declare: default_params, through the codec's hook if any.
 * Returns name -> value; *order the names in declaration order (the
 * defaults first, anything the hook added sorted after them). */
static GHashTable *
fmtp_of (const JdCodec *codec, GPtrArray **order)
{
  GHashTable *fmtp = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  *order = g_ptr_array_new_with_free_func (g_free);
  for (const JdCodecParam *p = codec->default_params; p && p->name; p++)
    {
      g_hash_table_insert (fmtp, g_strdup (p->name), g_strdup (p->value));
      g_ptr_array_add (*order, g_strdup (p->name));
    }
  if (!codec->adjust_fmtp)
    return fmtp;

  codec->adjust_fmtp (codec, fmtp);
  g_autoptr (GList) names = g_list_sort (g_hash_table_get_keys (fmtp), (GCompareFunc) strcmp);
  for (GList *l = names; l; l = l->next)
    if (!g_ptr_array_find_with_equal_func (*order, l->data, g_str_equal, NULL))
      g_ptr_array_add (*order, g_strdup (l->data));
  return fmtp;
}

JdJinglePayloadType *
jd_codec_to_payload_type (const JdCodec *codec)
{
  g_autoptr (GPtrArray) order = NULL;
  g_autoptr (GHashTable) fmtp = NULL;
  JdJinglePayloadType *pt;

  g_return_val_if_fail (codec != NULL, NULL);

  pt = jd_jingle_payload_type_new (codec->payload_type, codec->name, codec->clock_rate,
                                   codec->channels > 1 ? codec->channels : 0);
  fmtp = fmtp_of (codec, &order);
  for (guint i = 0; i < order->len; i++)
    {
      const char *value = g_hash_table_lookup (fmtp, order->pdata[i]);

      /* The hook may have removed a default. */
      if (value)
        jd_jingle_payload_type_set_parameter (pt, order->pdata[i], value);
    }
  for (const JdCodecRtcpFb *fb = codec->rtcp_fbs; fb && fb->type; fb++)
    jd_jingle_payload_type_add_rtcp_fb (pt, fb->type, fb->subtype);
  return pt;
}

static gboolean
keep_primary (const JdCodec *codec)
{
  return !codec->is_dtmf;
}

/* RFC 4733 §2.1: telephone-event shares the clock of the audio it
 * accompanies, so one per clock rate of the audio codecs in @codecs. */
static void
add_dtmf (GPtrArray *codecs)
{
  g_autoptr (GPtrArray) dtmf = jd_codec_registry_available (JD_JINGLE_MEDIA_AUDIO, NULL);
  guint n_primary = codecs->len;

  for (guint i = 0; i < dtmf->len; i++)
    {
      const JdCodec *te = dtmf->pdata[i];

      for (guint j = 0; te->is_dtmf && j < n_primary; j++)
        if (((const JdCodec *) codecs->pdata[j])->clock_rate == te->clock_rate)
          {
            g_ptr_array_add (codecs, (gpointer) te);
            break;
          }
    }
}

JdJingleRtpDescription *
jd_codec_registry_local_description (JdJingleMedia media, const char *const *preference,
                                     gboolean with_dtmf)
{
  g_autoptr (GPtrArray) codecs = NULL;
  JdJingleRtpDescription *d;

  g_return_val_if_fail (gst_is_initialized (), NULL);

  codecs = filter (available_table (), media, preference, keep_primary);
  if (with_dtmf && media == JD_JINGLE_MEDIA_AUDIO)
    add_dtmf (codecs);

  d = jd_jingle_rtp_description_new (media);
  for (guint i = 0; i < codecs->len; i++)
    g_ptr_array_add (d->payload_types, jd_codec_to_payload_type (codecs->pdata[i]));
  d->rtcp_mux = TRUE;
  return d;
}

/* ---- Caps ---- */

/* As gst_sdp_media_get_caps_from_media() writes them (RFC 4585 §4.2
 * attributes become boolean fields), so rtpbin's rtpsession finds e.g.
 * "rtcp-fb-nack-pli" where it looks for it. */
static void
add_rtcp_fb_fields (GstStructure *s, const JdCodec *codec)
{
  for (const JdCodecRtcpFb *fb = codec->rtcp_fbs; fb && fb->type; fb++)
    {
      g_autofree char *key = fb->subtype
        ? g_strdup_printf ("rtcp-fb-%s-%s", fb->type, fb->subtype)
        : g_strdup_printf ("rtcp-fb-%s", fb->type);

      gst_structure_set (s, key, G_TYPE_BOOLEAN, TRUE, NULL);
    }
}

static void
add_fmtp_fields (GstStructure *s, const JdCodec *codec)
{
  g_autoptr (GPtrArray) order = NULL;
  g_autoptr (GHashTable) fmtp = fmtp_of (codec, &order);

  for (guint i = 0; i < order->len; i++)
    {
      const char *value = g_hash_table_lookup (fmtp, order->pdata[i]);
      g_autofree char *key = g_ascii_strdown (order->pdata[i], -1);

      if (value)
        gst_structure_set (s, key, G_TYPE_STRING, value, NULL);
    }
}

GstCaps *
jd_codec_rtp_caps (const JdCodec *codec, guint8 pt)
{
  g_autofree char *encoding_name = NULL;
  GstStructure *s;

  g_return_val_if_fail (codec != NULL, NULL);
  g_return_val_if_fail (pt < 128, NULL);

  /* RFC 4855 §3: names are case-insensitive; GStreamer's are upper case. */
  encoding_name = g_ascii_strup (codec->name, -1);
  s = gst_structure_new ("application/x-rtp",
                         "media", G_TYPE_STRING, jd_jingle_media_to_string (codec->media),
                         "encoding-name", G_TYPE_STRING, encoding_name,
                         "clock-rate", G_TYPE_INT, (int) codec->clock_rate,
                         "payload", G_TYPE_INT, (int) pt,
                         NULL);
  /* RFC 4566 §6 rtpmap: the channel count is the encoding parameter. */
  if (codec->media == JD_JINGLE_MEDIA_AUDIO && codec->channels > 1)
    {
      g_autofree char *channels = g_strdup_printf ("%u", codec->channels);

      gst_structure_set (s, "encoding-params", G_TYPE_STRING, channels, NULL);
    }
  add_fmtp_fields (s, codec);
  add_rtcp_fb_fields (s, codec);
  return gst_caps_new_full (s, NULL);
}

GstCaps *
jd_codec_raw_caps (const JdCodec *codec)
{
  g_return_val_if_fail (codec != NULL, NULL);

  return codec->raw_caps ? gst_caps_from_string (codec->raw_caps) : NULL;
}

/* ---- Elements ---- */

/* Drops a floating element without finalizing a floating object, which
 * GLib flags as a reference-counting bug. */
static void
discard (GstElement *element)
{
  gst_object_unref (gst_object_ref_sink (element));
}

/* @properties: "name=value ...", see JdCodecElement. */
static gboolean
set_properties (GstElement *element, const char *properties, GError **error)
{
  g_auto (GStrv) pairs = g_strsplit_set (properties ? properties : "", " ", -1);

  for (char **pair = pairs; *pair; pair++)
    {
      char *eq = strchr (*pair, '=');

      if (**pair == '\0')
        continue;
      if (eq)
        *eq = '\0';
      if (!eq || !g_object_class_find_property (G_OBJECT_GET_CLASS (element), *pair))
        {
          g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_BAD_PROPERTY,
                       "%s has no property \"%s\"", GST_ELEMENT_NAME (element), *pair);
          return FALSE;
        }
      gst_util_set_object_arg (G_OBJECT (element), *pair, eq + 1);
    }
  return TRUE;
}

static GstElement *
make_element (const char *factory, const char *properties, GError **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (!element)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                   "GStreamer element %s is not installed", factory);
      return NULL;
    }
  if (!set_properties (element, properties, error))
    {
      discard (element);
      return NULL;
    }
  return element;
}

static GstElement *
make_alternative (const JdCodec *codec, const JdCodecElement *alternatives,
                  const char *what, GError **error)
{
  const JdCodecElement *e;

  if (!alternatives)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED,
                   "%s/%u has no %s", codec->name, codec->clock_rate, what);
      return NULL;
    }
  e = first_available (alternatives);
  if (!e)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                   "no %s for %s/%u is installed (first choice: %s)",
                   what, codec->name, codec->clock_rate, alternatives->factory);
      return NULL;
    }
  return make_element (e->factory, e->properties, error);
}

static void
add_ghost_pad (GstElement *bin, GstElement *element, const char *name)
{
  g_autoptr (GstPad) target = gst_element_get_static_pad (element, name);

  gst_element_add_pad (bin, gst_ghost_pad_new (name, target));
}

/* Takes the floating @elements; returns the one element, or a bin that
 * links them in order behind "sink" and "src" ghost pads. */
static GstElement *
chain (GPtrArray *elements, const JdCodec *codec, GError **error)
{
  GstElement *bin;

  if (elements->len == 1)
    return elements->pdata[0];

  bin = gst_bin_new (NULL);
  for (guint i = 0; i < elements->len; i++)
    gst_bin_add (GST_BIN (bin), elements->pdata[i]);
  for (guint i = 0; i + 1 < elements->len; i++)
    if (!gst_element_link (elements->pdata[i], elements->pdata[i + 1]))
      {
        g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_MISSING_ELEMENT,
                     "cannot link %s to %s for %s", GST_ELEMENT_NAME (elements->pdata[i]),
                     GST_ELEMENT_NAME (elements->pdata[i + 1]), codec->name);
        discard (bin);
        return NULL;
      }
  add_ghost_pad (bin, elements->pdata[0], "sink");
  add_ghost_pad (bin, elements->pdata[elements->len - 1], "src");
  return bin;
}

static void
discard_all (GPtrArray *elements)
{
  for (guint i = 0; i < elements->len; i++)
    discard (elements->pdata[i]);
}

static gboolean
add_parser (GPtrArray *elements, const JdCodec *codec, GError **error)
{
  GstElement *parser;

  if (!codec->parser)
    return TRUE;
  parser = make_element (codec->parser, NULL, error);
  if (parser)
    g_ptr_array_add (elements, parser);
  return parser != NULL;
}

static void
add_capsfilter (GPtrArray *elements, const char *caps_string)
{
  g_autoptr (GstCaps) caps = gst_caps_from_string (caps_string);
  GstElement *filter = gst_element_factory_make ("capsfilter", NULL);

  g_object_set (filter, "caps", caps, NULL);
  g_ptr_array_add (elements, filter);
}

GstElement *
jd_codec_make_encoder (const JdCodec *codec, GError **error)
{
  g_autoptr (GPtrArray) elements = g_ptr_array_new ();
  GstElement *encoder;

  g_return_val_if_fail (codec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  encoder = make_alternative (codec, codec->encoders, "encoder", error);
  if (!encoder)
    return NULL;
  g_ptr_array_add (elements, encoder);
  if (!add_parser (elements, codec, error))
    {
      discard_all (elements);
      return NULL;
    }
  if (codec->encoded_caps)
    add_capsfilter (elements, codec->encoded_caps);
  return chain (elements, codec, error);
}

GstElement *
jd_codec_make_decoder (const JdCodec *codec, GError **error)
{
  g_autoptr (GPtrArray) elements = g_ptr_array_new ();
  GstElement *decoder;

  g_return_val_if_fail (codec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!add_parser (elements, codec, error))
    return NULL;
  decoder = make_alternative (codec, codec->decoders, "decoder", error);
  if (!decoder)
    {
      discard_all (elements);
      return NULL;
    }
  g_ptr_array_add (elements, decoder);
  return chain (elements, codec, error);
}

GstElement *
jd_codec_make_payloader (const JdCodec *codec, GError **error)
{
  GstElement *payloader;

  g_return_val_if_fail (codec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (codec->payloader.factory == NULL)
    {
      g_set_error (error, JD_MEDIA_ERROR, JD_MEDIA_ERROR_NOT_SUPPORTED, "%s/%u has no payloader",
                   codec->name, codec->clock_rate);
      return NULL;
    }
  payloader = make_element (codec->payloader.factory, codec->payloader.properties, error);
  if (payloader)
    g_object_set (payloader, "pt", (guint) codec->payload_type, NULL);
  return payloader;
}

GstElement *
jd_codec_make_depayloader (const JdCodec *codec, GError **error)
{
  g_return_val_if_fail (codec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return make_element (codec->depayloader.factory, codec->depayloader.properties, error);
}
