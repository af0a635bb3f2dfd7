/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-jingle-xml.h"

#include <stdarg.h>
#include <string.h>

#include "jd-jingle-rtp.h"
#include "jd-stanza.h"

/* Error messages quote at most this much of a peer's value. */
#define QUOTE_MAX 64

const char *
jd_jingle_xml_ns (xmpp_stanza_t *el, const char *inherited)
{
  const char *ns = xmpp_stanza_get_ns (el);

  return ns != NULL ? ns : inherited;
}

gboolean
jd_jingle_xml_is (xmpp_stanza_t *el, const char *name, const char *ns, const char *inherited)
{
  return g_strcmp0 (xmpp_stanza_get_name (el), name) == 0 &&
         g_strcmp0 (jd_jingle_xml_ns (el, inherited), ns) == 0;
}

static xmpp_stanza_t *
skip_text (xmpp_stanza_t *node)
{
  while (node != NULL && !xmpp_stanza_is_tag (node))
    node = xmpp_stanza_get_next (node);
  return node;
}

xmpp_stanza_t *
jd_jingle_xml_first_tag (xmpp_stanza_t *parent)
{
  return skip_text (xmpp_stanza_get_children (parent));
}

xmpp_stanza_t *
jd_jingle_xml_next_tag (xmpp_stanza_t *el)
{
  return skip_text (xmpp_stanza_get_next (el));
}

void
jd_jingle_xml_bad (GError **error, xmpp_stanza_t *el, const char *fmt, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, fmt);
  what = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST, "<%.64s/>: %s",
               xmpp_stanza_get_name (el), what);
}

gboolean
jd_jingle_xml_check_limit (xmpp_stanza_t *el, guint len, guint max, GError **error)
{
  if (len < max)
    return TRUE;
  g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_LIMIT,
               "<%.64s/>: more than %u (a sanity limit)", xmpp_stanza_get_name (el), max);
  return FALSE;
}

gboolean
jd_jingle_xml_check_length (xmpp_stanza_t *el, const char *attr, const char *value,
                            GError **error)
{
  if (strlen (value) <= JD_JINGLE_MAX_ATTR_LEN)
    return TRUE;
  g_set_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_LIMIT,
               "<%.64s/>: '%s' is longer than %u bytes", xmpp_stanza_get_name (el), attr,
               (guint) JD_JINGLE_MAX_ATTR_LEN);
  return FALSE;
}

/* An empty required attribute is as good as a missing one. */
gboolean
jd_jingle_xml_attr (xmpp_stanza_t *el, const char *attr, gboolean required,
                    const char **out, GError **error)
{
  const char *value = xmpp_stanza_get_attribute (el, attr);

  if (value == NULL || (required && *value == '\0'))
    {
      if (!required)
        return TRUE;
      jd_jingle_xml_bad (error, el, "'%s' is missing", attr);
      return FALSE;
    }
  if (!jd_jingle_xml_check_length (el, attr, value, error))
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
jd_jingle_xml_dup_attr (xmpp_stanza_t *el, const char *attr, gboolean required,
                        char **out, GError **error)
{
  const char *value = NULL;

  if (!jd_jingle_xml_attr (el, attr, required, &value, error))
    return FALSE;
  if (value != NULL)
    {
      g_free (*out);
      *out = g_strdup (value);
    }
  return TRUE;
}

gboolean
jd_jingle_xml_uint (xmpp_stanza_t *el, const char *attr, gboolean required,
                    guint64 min, guint64 max, guint64 *out, GError **error)
{
  const char *value = NULL;

  if (!jd_jingle_xml_attr (el, attr, required, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (value, 10, min, max, out, NULL))
    {
      jd_jingle_xml_bad (error, el, "'%s' is not a number in %" G_GUINT64_FORMAT
                         "-%" G_GUINT64_FORMAT ": '%.*s'", attr, min, max, QUOTE_MAX, value);
      return FALSE;
    }
  return TRUE;
}

gboolean
jd_jingle_xml_text (xmpp_stanza_t *el, char **out, GError **error)
{
  g_autofree char *text = jd_stanza_dup_text (el);

  if (text != NULL && !jd_jingle_xml_check_length (el, "text", text, error))
    return FALSE;
  if (text != NULL && *g_strstrip (text) == '\0')
    g_clear_pointer (&text, g_free);
  g_free (*out);
  *out = g_steal_pointer (&text);
  return TRUE;
}

void
jd_jingle_xml_set_uint (xmpp_stanza_t *el, const char *attr, guint64 value)
{
  char buf[24];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  xmpp_stanza_set_attribute (el, attr, buf);
}

void
jd_jingle_xml_set_text (xmpp_stanza_t *el, const char *text)
{
  g_autoptr (xmpp_stanza_t) body = xmpp_stanza_new (xmpp_stanza_get_context (el));

  xmpp_stanza_set_text (body, text);
  xmpp_stanza_add_child (el, body);
}

GPtrArray *
jd_jingle_array_copy (const GPtrArray *src, JdJingleCopyFunc copy, GDestroyNotify free_func)
{
  GPtrArray *dst = g_ptr_array_new_full (src != NULL ? src->len : 0, free_func);

  for (guint i = 0; src != NULL && i < src->len; i++)
    g_ptr_array_add (dst, copy (g_ptr_array_index (src, i)));
  return dst;
}

gboolean
jd_jingle_array_equal (const GPtrArray *a, const GPtrArray *b, JdJingleEqualFunc equal)
{
  guint len = a != NULL ? a->len : 0;

  if (len != (b != NULL ? b->len : 0))
    return FALSE;
  for (guint i = 0; i < len; i++)
    {
      if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        return FALSE;
    }
  return TRUE;
}
