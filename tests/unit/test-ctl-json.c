/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl --json: every GVariant the D-Bus API can carry prints as the
 * JSON (RFC 8259) a parser reads back as the same value.
 */
#include <math.h>

#include "ctl.h"

/* Sinks a floating @value. */
static char *
to_json (GVariant *value)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (value);
  GString *out = g_string_new (NULL);

  jd_ctl_json_append (out, owned);
  return g_string_free (out, FALSE);
}

static void
assert_json (GVariant *value, const char *expected)
{
  g_autofree char *json = to_json (value);

  g_assert_cmpstr (json, ==, expected);
}

static void
test_string_escapes (void)
{
  assert_json (g_variant_new_string (""), "\"\"");
  assert_json (g_variant_new_string ("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  assert_json (g_variant_new_string ("line\nfeed\rtab\t"), "\"line\\nfeed\\rtab\\t\"");
  assert_json (g_variant_new_string ("\x01\x1f\x7f"), "\"\\u0001\\u001f\x7f\"");
  /* UTF-8 passes through: JSON text is UTF-8. */
  assert_json (g_variant_new_string ("J\xc3\xbcrgen \xe2\x98\x8e"),
               "\"J\xc3\xbcrgen \xe2\x98\x8e\"");
  assert_json (g_variant_new_object_path ("/im/jingled/call/1"), "\"/im/jingled/call/1\"");
}

static void
test_integers (void)
{
  assert_json (g_variant_new_byte (255), "255");
  assert_json (g_variant_new_int16 (G_MININT16), "-32768");
  assert_json (g_variant_new_uint16 (G_MAXUINT16), "65535");
  assert_json (g_variant_new_int32 (-5), "-5");
  assert_json (g_variant_new_uint32 (G_MAXUINT32), "4294967295");
  assert_json (g_variant_new_int64 (G_MININT64), "-9223372036854775808");
  assert_json (g_variant_new_uint64 (G_MAXUINT64), "18446744073709551615");
  assert_json (g_variant_new_boolean (TRUE), "true");
  assert_json (g_variant_new_boolean (FALSE), "false");
}

static void
test_doubles (void)
{
  assert_json (g_variant_new_double (0.1), "0.1");
  assert_json (g_variant_new_double (3.25), "3.25");
  assert_json (g_variant_new_double (-1), "-1");
  assert_json (g_variant_new_double (1e300), "1e+300");
  /* %.15g would print 0.00666666666666667, which reads back differently. */
  assert_json (g_variant_new_double (0.02 / 3), "0.0066666666666666671");
  /* JSON has no NaN or infinity. */
  assert_json (g_variant_new_double (NAN), "null");
  assert_json (g_variant_new_double (INFINITY), "null");
}

static void
test_containers (void)
{
  const char *const media[] = { "audio", "video", NULL };

  assert_json (g_variant_new_strv (media, -1), "[\"audio\",\"video\"]");
  assert_json (g_variant_new_strv (NULL, 0), "[]");
  assert_json (g_variant_new_parsed ("@a{sv} {}"), "{}");
  assert_json (g_variant_new_parsed ("('available', 'at my desk', 5)"),
               "[\"available\",\"at my desk\",5]");
  assert_json (g_variant_new_parsed ("{'codec': <'opus'>, 'video': <{'rtt': <-1.0>}>}"),
               "{\"codec\":\"opus\",\"video\":{\"rtt\":-1}}");
  /* Dictionary order is kept: the API lists audio keys first. */
  assert_json (g_variant_new_parsed ("{'b': 1, 'a': 2}"), "{\"b\":1,\"a\":2}");
  /* JSON keys are strings. */
  assert_json (g_variant_new_parsed ("{1: 'one', 2: 'two'}"), "{\"1\":\"one\",\"2\":\"two\"}");
  assert_json (g_variant_new_parsed ("@ay [1, 2]"), "[1,2]");
  assert_json (g_variant_new_parsed ("<<'nested'>>"), "\"nested\"");
  assert_json (g_variant_new_parsed ("@ms nothing"), "null");
  assert_json (g_variant_new_parsed ("@ms 'just'"), "\"just\"");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ctl/json/string-escapes", test_string_escapes);
  g_test_add_func ("/ctl/json/integers", test_integers);
  g_test_add_func ("/ctl/json/doubles", test_doubles);
  g_test_add_func ("/ctl/json/containers", test_containers);
  return g_test_run ();
}
