/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl --json: any GVariant as JSON.  Dictionaries become objects
 * (keys in their order), arrays and tuples become arrays, variants are
 * unwrapped, object paths are strings.  Hand-written so that jinglectl
 * needs nothing beyond GLib; the escaping follows RFC 8259 §7.
 */
#include "ctl.h"

#include <math.h>

void
jd_ctl_json_append_string (GString *out, const char *str)
{
  g_string_append_c (out, '"');
  for (const char *p = str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest of %.15g and %.17g that reads back as the same double, so
 * 0.1 prints as 0.1.  JSON has no NaN or infinity: those print as null. */
void
jd_ctl_append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
}

static void
append_key (GString *out, GVariant *key)
{
  if (g_variant_is_of_type (key, G_VARIANT_TYPE_STRING) ||
      g_variant_is_of_type (key, G_VARIANT_TYPE_OBJECT_PATH) ||
      g_variant_is_of_type (key, G_VARIANT_TYPE_SIGNATURE))
    {
      jd_ctl_json_append_string (out, g_variant_get_string (key, NULL));
    }
  else
    {
      /* JSON keys are strings: print a number key as its text. */
      g_autofree char *text = g_variant_print (key, FALSE);
      jd_ctl_json_append_string (out, text);
    }
}

static void
append_dict (GString *out, GVariant *dict)
{
  gsize n = g_variant_n_children (dict);

  g_string_append_c (out, '{');
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) entry = g_variant_get_child_value (dict, i);
      g_autoptr (GVariant) key = g_variant_get_child_value (entry, 0);
      g_autoptr (GVariant) value = g_variant_get_child_value (entry, 1);

      if (i > 0)
        g_string_append_c (out, ',');
      append_key (out, key);
      g_string_append_c (out, ':');
      jd_ctl_json_append (out, value);
    }
  g_string_append_c (out, '}');
}

static void
append_children (GString *out, GVariant *container)
{
  gsize n = g_variant_n_children (container);

  g_string_append_c (out, '[');
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (container, i);

      if (i > 0)
        g_string_append_c (out, ',');
      jd_ctl_json_append (out, child);
    }
  g_string_append_c (out, ']');
}

static void
append_maybe (GString *out, GVariant *maybe)
{
  g_autoptr (GVariant) child = g_variant_get_maybe (maybe);

  if (child == NULL)
    g_string_append (out, "null");
  else
    jd_ctl_json_append (out, child);
}

static void
append_variant (GString *out, GVariant *variant)
{
  g_autoptr (GVariant) child = g_variant_get_variant (variant);

  jd_ctl_json_append (out, child);
}

static void
append_basic (GString *out, GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      g_string_append (out, g_variant_get_boolean (value) ? "true" : "false");
      break;
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      jd_ctl_json_append_string (out, g_variant_get_string (value, NULL));
      break;
    case G_VARIANT_CLASS_DOUBLE:
      jd_ctl_append_double (out, g_variant_get_double (value));
      break;
    case G_VARIANT_CLASS_BYTE:
      g_string_append_printf (out, "%u", g_variant_get_byte (value));
      break;
    case G_VARIANT_CLASS_INT16:
      g_string_append_printf (out, "%d", g_variant_get_int16 (value));
      break;
    case G_VARIANT_CLASS_UINT16:
      g_string_append_printf (out, "%u", g_variant_get_uint16 (value));
      break;
    case G_VARIANT_CLASS_INT32:
      g_string_append_printf (out, "%" G_GINT32_FORMAT, g_variant_get_int32 (value));
      break;
    case G_VARIANT_CLASS_UINT32:
      g_string_append_printf (out, "%" G_GUINT32_FORMAT, g_variant_get_uint32 (value));
      break;
    case G_VARIANT_CLASS_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, g_variant_get_int64 (value));
      break;
    case G_VARIANT_CLASS_UINT64:
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, g_variant_get_uint64 (value));
      break;
    case G_VARIANT_CLASS_HANDLE:
      g_string_append_printf (out, "%" G_GINT32_FORMAT, g_variant_get_handle (value));
      break;
    default:
      g_assert_not_reached ();
    }
}

void
jd_ctl_json_append (GString *out, GVariant *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_DICTIONARY))
    append_dict (out, value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    append_variant (out, value);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE))
    append_maybe (out, value);
  else if (g_variant_is_container (value))
    append_children (out, value);
  else
    append_basic (out, value);
}
