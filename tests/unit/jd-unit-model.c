/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-unit-model.h"

#include <string.h>

#include "jd-jingle-message.h"
#include "jd-stanza.h"

void
jd_unit_fixture_setup (JdUnitFixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
}

void
jd_unit_fixture_teardown (JdUnitFixture *f, gconstpointer data)
{
  xmpp_ctx_free (f->ctx);
}

char *
jd_unit_load (const JdUnitModel *model, const char *kind, const char *name)
{
  g_autoptr (GError) error = NULL;
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "stanzas", model->family, kind,
                                          name, NULL);
  char *xml = NULL;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  return xml;
}

gpointer
jd_unit_parse_stanza (const JdUnitModel *model, xmpp_stanza_t *stanza)
{
  g_autoptr (GError) error = NULL;
  gpointer value = NULL;

  g_assert_nonnull (stanza);
  g_assert_true (model->parse (stanza, &value, &error));
  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

gpointer
jd_unit_parse_text (const JdUnitModel *model, JdUnitFixture *f, const char *xml)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);

  return jd_unit_parse_stanza (model, stanza);
}

void
jd_unit_assert_round_trip (const JdUnitModel *model, JdUnitFixture *f, gconstpointer value)
{
  g_autoptr (xmpp_stanza_t) built = model->build (f->ctx, value);
  g_autofree char *xml = jd_stanza_to_string (built);
  gpointer again = jd_unit_parse_stanza (model, built);
  gpointer from_text = jd_unit_parse_text (model, f, xml);
  gpointer copy = model->copy (value);
  g_autoptr (xmpp_stanza_t) rebuilt = model->build (f->ctx, again);
  g_autofree char *xml2 = jd_stanza_to_string (rebuilt);

  g_assert_true (model->equal (value, again));
  g_assert_true (model->equal (value, from_text));
  g_assert_true (model->equal (value, copy));
  g_assert_cmpstr (xml, ==, xml2);
  model->free (again);
  model->free (from_text);
  model->free (copy);
}

/* "<!-- expect: CODE WORD... -->" */
static void
read_expectation (const char *xml, JdJingleError *code, GStrv *words)
{
  g_autofree char *line = g_strndup (xml, strcspn (xml, "\n"));
  g_auto (GStrv) tokens = NULL;

  g_assert_true (g_str_has_prefix (line, "<!-- expect: "));
  g_assert_true (g_str_has_suffix (line, " -->"));
  line[strlen (line) - 4] = '\0';
  tokens = g_strsplit (line + strlen ("<!-- expect: "), " ", -1);
  if (g_str_equal (tokens[0], "bad-request"))
    *code = JD_JINGLE_ERROR_BAD_REQUEST;
  else if (g_str_equal (tokens[0], "limit"))
    *code = JD_JINGLE_ERROR_LIMIT;
  else
    g_error ("unknown expectation '%s'", tokens[0]);
  *words = g_strdupv (tokens + 1);
}

void
jd_unit_assert_invalid (const JdUnitModel *model, JdUnitFixture *f, const char *name)
{
  g_autofree char *xml = jd_unit_load (model, "invalid", name);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) words = NULL;
  gpointer value = NULL;
  JdJingleError code;

  read_expectation (xml, &code, &words);
  g_assert_nonnull (stanza);
  g_assert_false (model->parse (stanza, &value, &error));
  g_assert_null (value);
  g_assert_error (error, JD_JINGLE_ERROR, (gint) code);
  g_test_message ("%s", error->message);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (strstr (error->message, words[i]) == NULL)
        g_error ("'%s' not in '%s'", words[i], error->message);
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

void
jd_unit_add_file_tests (const JdUnitModel *model, const char *prefix, const char *kind,
                        void (*func) (JdUnitFixture *, gconstpointer), GPtrArray *keep)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "stanzas", model->family,
                                                 kind, NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_suffix (name, ".xml"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_assert_cmpuint (names->len, >, 0);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      char *file = g_ptr_array_index (names, i);
      g_autofree char *stem = g_strndup (file, strlen (file) - 4);
      g_autofree char *test = g_strdup_printf ("%s/%s/%s", prefix, kind, stem);

      g_ptr_array_add (keep, file);
      g_test_add (test, JdUnitFixture, file, jd_unit_fixture_setup, func,
                  jd_unit_fixture_teardown);
    }
}
