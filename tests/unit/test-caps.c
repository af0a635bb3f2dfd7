/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd-disco-info (XEP-0030/XEP-0128 parse and build) and
 * jd-caps-hash (XEP-0115 §5).  The vectors are the XEP-0115 examples,
 * committed under tests/data/stanzas/caps/.
 */
#include <string.h>

#include "jd-caps-hash.h"
#include "jd-disco-info.h"
#include "jd-stanza.h"
#include "jd-xmpp-error.h"

/* XEP-0115 §5.2. */
#define SIMPLE_S \
  "client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<" \
  "http://jabber.org/protocol/disco#info<" \
  "http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<"
#define SIMPLE_VER "QgayPKawpkPSDYmwT/WM94uAlu0="
/* Computed independently (Python hashlib) from SIMPLE_S. */
#define SIMPLE_VER_SHA256 "Wr6IGEKhx6b9627gBmi/cCmpxXBc/GYq5zWuYfWGWoc="

/* XEP-0115 §5.3.  The spec renders the spaces in the names as &#160; so
 * that the line does not break; the hashed string has plain spaces (only
 * they give the spec's ver).  \xce\xa8 is U+03A8 GREEK CAPITAL LETTER PSI. */
#define COMPLEX_S \
  "client/pc/el/\xce\xa8 0.11<client/pc/en/Psi 0.11<" \
  "http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<" \
  "http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<" \
  "urn:xmpp:dataforms:softwareinfo<" \
  "ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<"
#define COMPLEX_VER "q07IKJEyjvHSyhy//CH0CxmKi8w="

#define SOFTWAREINFO "urn:xmpp:dataforms:softwareinfo"

typedef struct {
  xmpp_ctx_t *ctx;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  xmpp_ctx_free (f->ctx);
}

/* §5.2, built in C, features deliberately out of order. */
static JdDiscoInfo *
simple_info (void)
{
  JdDiscoInfo *info = jd_disco_info_new ();

  jd_disco_info_add_identity (info, "client", "pc", NULL, "Exodus 0.9.1");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/muc");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/disco#items");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/caps");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/disco#info");
  return info;
}

static JdDataForm *
softwareinfo_form (void)
{
  JdDataForm *form = jd_data_form_new ("result");
  JdDataFormField *field;

  field = jd_data_form_add_field (form, "os_version", NULL);
  jd_data_form_field_add_value (field, "10.5.1");
  field = jd_data_form_add_field (form, "ip_version", "text-multi");
  jd_data_form_field_add_value (field, "ipv6");
  jd_data_form_field_add_value (field, "ipv4");
  field = jd_data_form_add_field (form, "software_version", NULL);
  jd_data_form_field_add_value (field, "0.11");
  field = jd_data_form_add_field (form, "FORM_TYPE", "hidden");
  jd_data_form_field_add_value (field, SOFTWAREINFO);
  field = jd_data_form_add_field (form, "software", NULL);
  jd_data_form_field_add_value (field, "Psi");
  field = jd_data_form_add_field (form, "os", NULL);
  jd_data_form_field_add_value (field, "Mac");
  return form;
}

/* §5.3, built in C, everything deliberately out of order. */
static JdDiscoInfo *
complex_info (void)
{
  JdDiscoInfo *info = jd_disco_info_new ();

  jd_disco_info_add_identity (info, "client", "pc", "en", "Psi 0.11");
  jd_disco_info_add_identity (info, "client", "pc", "el", "\xce\xa8 0.11");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/disco#items");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/muc");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/disco#info");
  jd_disco_info_add_feature (info, "http://jabber.org/protocol/caps");
  jd_disco_info_add_form (info, softwareinfo_form ());
  return info;
}

static JdDiscoInfo *
parse_xml (Fixture *f, const char *xml, GError **error)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  JdDiscoInfo *info = NULL;

  g_assert_nonnull (stanza);
  if (!jd_disco_info_parse (stanza, &info, error))
    return NULL;
  return info;
}

/* Loads tests/data/stanzas/caps/@name (an IQ result) and parses its query. */
static JdDiscoInfo *
load_info (Fixture *f, const char *name)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "data", "stanzas", "caps", name, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (xmpp_stanza_t) iq = NULL;
  xmpp_stanza_t *query;
  JdDiscoInfo *info = NULL;

  g_file_get_contents (path, &xml, NULL, &error);
  g_assert_no_error (error);
  iq = xmpp_stanza_new_from_string (f->ctx, xml);
  g_assert_nonnull (iq);
  query = jd_stanza_get_child (iq, "query", JD_NS_DISCO_INFO);
  g_assert_nonnull (query);
  g_assert_true (jd_disco_info_parse (query, &info, &error));
  g_assert_no_error (error);
  return info;
}

static void
assert_ver (const JdDiscoInfo *info, const char *s, const char *ver)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *actual_s = jd_caps_verification_string (info);
  g_autofree char *actual_ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);

  g_assert_cmpstr (actual_s, ==, s);
  g_assert_cmpstr (actual_ver, ==, ver);
  g_assert_true (jd_caps_verify (info, "sha-1", ver, &error));
  g_assert_no_error (error);
}

static void
assert_rejected (const JdDiscoInfo *info, const char *hash, const char *ver,
                 const char *message)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (jd_caps_verify (info, hash, ver, &error));
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY);
  if (strstr (error->message, message) == NULL)
    g_error ("message \"%s\" lacks \"%s\"", error->message, message);
}

/* XEP-0115 vectors */

static void
test_simple_built (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = simple_info ();

  assert_ver (info, SIMPLE_S, SIMPLE_VER);
}

static void
test_simple_parsed (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = load_info (f, "simple.xml");

  g_assert_cmpstr (info->node, ==, "http://code.google.com/p/exodus#" SIMPLE_VER);
  assert_ver (info, SIMPLE_S, SIMPLE_VER);
}

static void
test_simple_sha256 (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = load_info (f, "simple.xml");
  g_autofree char *ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA256);
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (ver, ==, SIMPLE_VER_SHA256);
  g_assert_true (jd_caps_verify (info, "sha-256", SIMPLE_VER_SHA256, &error));
  g_assert_no_error (error);
}

static void
test_complex_built (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();

  assert_ver (info, COMPLEX_S, COMPLEX_VER);
}

static void
test_complex_parsed (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = load_info (f, "complex.xml");
  const JdDiscoIdentity *el;

  /* xml:lang reaches us although libstrophe strips the prefix. */
  g_assert_cmpuint (info->identities->len, ==, 2);
  el = g_ptr_array_index (info->identities, 1);
  g_assert_cmpstr (el->lang, ==, "el");
  g_assert_cmpstr (el->name, ==, "\xce\xa8 0.11");
  assert_ver (info, COMPLEX_S, COMPLEX_VER);
}

/* §5.4 */

static void
test_verify_forged (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = load_info (f, "complex.xml");

  assert_rejected (info, "sha-1", SIMPLE_VER, "does not match");
  assert_rejected (info, "sha-1", NULL, "does not match");
  /* The right ver under the wrong hash function. */
  assert_rejected (info, "sha-256", COMPLEX_VER, "does not match");
  /* A feature the hash does not cover. */
  jd_disco_info_add_feature (info, "urn:xmpp:jingle:1");
  assert_rejected (info, "sha-1", COMPLEX_VER, "does not match");
}

static void
test_verify_duplicate_feature (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdDiscoInfo) info = parse_xml (f,
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<identity category='client' type='pc'/>"
    "<feature var='urn:a'/><feature var='urn:b'/><feature var='urn:a'/>"
    "</query>", &error);
  g_autofree char *ver = NULL;

  g_assert_no_error (error);
  ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);
  assert_rejected (info, "sha-1", ver, "duplicate feature 'urn:a'");
}

static void
test_verify_duplicate_identity (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();
  g_autofree char *ver = NULL;

  /* Same category/type/lang, another name: allowed by §5.4 3.3. */
  jd_disco_info_add_identity (info, "client", "pc", "en", "Psi");
  ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);
  g_assert_true (jd_caps_verify (info, "sha-1", ver, NULL));

  jd_disco_info_add_identity (info, "client", "pc", "en", "Psi 0.11");
  g_clear_pointer (&ver, g_free);
  ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);
  assert_rejected (info, "sha-1", ver, "duplicate identity 'client/pc/en/Psi 0.11'");
}

static void
test_verify_duplicate_form_type (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();
  g_autofree char *ver = NULL;

  jd_disco_info_add_form (info, softwareinfo_form ());
  ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);
  assert_rejected (info, "sha-1", ver, "two forms with FORM_TYPE '" SOFTWAREINFO "'");
}

static void
test_verify_form_type_values_differ (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();
  JdDataForm *form = g_ptr_array_index (info->forms, 0);
  g_autofree char *ver = NULL;

  jd_data_form_field_add_value (jd_data_form_get_field (form, "FORM_TYPE"), "urn:other");
  ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);
  assert_rejected (info, "sha-1", ver, "FORM_TYPE with different values");
}

static void
test_verify_unknown_hash (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = simple_info ();

  assert_rejected (info, "md5", SIMPLE_VER, "unsupported hash function 'md5'");
  assert_rejected (info, "sha3-256", SIMPLE_VER, "unsupported hash function");
  assert_rejected (info, "SHA-1", SIMPLE_VER, "unsupported hash function");
  assert_rejected (info, NULL, SIMPLE_VER, "unsupported hash function");
}

/* §5.4 step 3.6: such forms are left out of S, they do not spoil it. */
static void
test_form_without_form_type (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();
  JdDataForm *form = jd_data_form_new ("result");

  jd_data_form_field_add_value (jd_data_form_add_field (form, "os", NULL), "Linux");
  jd_disco_info_add_form (info, form);
  assert_ver (info, COMPLEX_S, COMPLEX_VER);
}

static void
test_form_type_not_hidden (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();
  JdDataForm *form = jd_data_form_new ("result");

  jd_data_form_field_add_value (jd_data_form_add_field (form, "FORM_TYPE", "text-single"),
                                "urn:example:visible");
  jd_data_form_field_add_value (jd_data_form_add_field (form, "x", NULL), "y");
  jd_disco_info_add_form (info, form);
  assert_ver (info, COMPLEX_S, COMPLEX_VER);
}

static void
test_hash_names (void)
{
  GChecksumType type = G_CHECKSUM_MD5;

  g_assert_true (jd_caps_hash_from_name ("sha-1", &type));
  g_assert_cmpint (type, ==, G_CHECKSUM_SHA1);
  g_assert_true (jd_caps_hash_from_name ("sha-256", &type));
  g_assert_cmpint (type, ==, G_CHECKSUM_SHA256);
  g_assert_true (jd_caps_hash_from_name ("sha-384", &type));
  g_assert_cmpint (type, ==, G_CHECKSUM_SHA384);
  g_assert_true (jd_caps_hash_from_name ("sha-512", NULL));
  g_assert_false (jd_caps_hash_from_name ("md5", NULL));
  g_assert_false (jd_caps_hash_from_name ("sha1", NULL));
  g_assert_false (jd_caps_hash_from_name ("", NULL));
}

/* disco#info parse and build */

static void
assert_round_trip (Fixture *f, const JdDiscoInfo *info)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) built = jd_disco_info_build (f->ctx, info);
  g_autoptr (JdDiscoInfo) again = NULL;
  g_autoptr (JdDiscoInfo) reparsed = NULL;
  g_autofree char *xml = NULL;

  g_assert_true (jd_disco_info_parse (built, &again, &error));
  g_assert_no_error (error);
  g_assert_true (jd_disco_info_equal (info, again));

  /* And through the wire format, where xml:lang comes back as "lang". */
  xml = jd_stanza_to_string (built);
  reparsed = parse_xml (f, xml, &error);
  g_assert_no_error (error);
  g_assert_true (jd_disco_info_equal (info, reparsed));
}

static void
test_round_trip_files (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) simple = load_info (f, "simple.xml");
  g_autoptr (JdDiscoInfo) complex = load_info (f, "complex.xml");

  assert_round_trip (f, simple);
  assert_round_trip (f, complex);
}

/* Absent attributes, empty values, a field without var, duplicates. */
static void
test_round_trip_edges (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = jd_disco_info_new ();
  JdDataForm *form = jd_data_form_new (NULL);
  JdDataFormField *field = jd_data_form_add_field (form, NULL, "fixed");

  jd_data_form_field_add_value (field, "");
  jd_data_form_field_add_value (field, "a < b & \"c\"");
  jd_data_form_add_field (form, "empty", NULL);
  jd_disco_info_add_form (info, form);
  jd_disco_info_add_form (info, jd_data_form_new ("result"));
  jd_disco_info_add_identity (info, "client", "pc", NULL, NULL);
  jd_disco_info_add_identity (info, "client", "pc", "", "");
  jd_disco_info_add_identity (info, "client", "pc", "en", "\xce\xa8");
  g_ptr_array_add (info->features, g_strdup ("urn:dup"));
  g_ptr_array_add (info->features, g_strdup ("urn:dup"));
  assert_round_trip (f, info);

  info->node = g_strdup ("http://example.org/caps#x");
  assert_round_trip (f, info);
}

static void
test_build_attributes (Fixture *f, gconstpointer data)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();
  g_autoptr (xmpp_stanza_t) query = NULL;
  xmpp_stanza_t *identity, *x;

  info->node = g_strdup ("http://psi-im.org#" COMPLEX_VER);
  query = jd_disco_info_build (f->ctx, info);
  g_assert_cmpstr (xmpp_stanza_get_name (query), ==, "query");
  g_assert_cmpstr (xmpp_stanza_get_ns (query), ==, JD_NS_DISCO_INFO);
  g_assert_cmpstr (xmpp_stanza_get_attribute (query, "node"), ==, info->node);
  identity = jd_stanza_get_child (query, "identity", NULL);
  g_assert_cmpstr (xmpp_stanza_get_attribute (identity, "xml:lang"), ==, "en");
  x = jd_stanza_get_child (query, "x", JD_NS_DATA_FORMS);
  g_assert_nonnull (x);
  g_assert_cmpstr (xmpp_stanza_get_attribute (x, "type"), ==, "result");
}

static void
test_parse_keeps_order_and_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdDiscoInfo) info = parse_xml (f,
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<feature var='urn:b'/><feature var='urn:a'/><feature var='urn:b'/>"
    "</query>", &error);

  g_assert_no_error (error);
  g_assert_null (info->node);
  g_assert_cmpuint (info->features->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (info->features, 0), ==, "urn:b");
  g_assert_cmpstr (g_ptr_array_index (info->features, 1), ==, "urn:a");
}

/* XEP-0030 §3.1: other children are extensions, not errors. */
static void
test_parse_ignores_unknown (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdDiscoInfo) info = parse_xml (f,
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<foo/><identity xmlns='urn:other'/><x xmlns='urn:other'/>"
    "<feature var='urn:a'/>text"
    "<x xmlns='jabber:x:data'><title>t</title><field var='v'><desc>d</desc>"
    "<value>1</value><value/></field></x>"
    "</query>", &error);
  const JdDataFormField *field;

  g_assert_no_error (error);
  g_assert_cmpuint (info->identities->len, ==, 0);
  g_assert_cmpuint (info->features->len, ==, 1);
  g_assert_cmpuint (info->forms->len, ==, 1);
  field = jd_data_form_get_field (g_ptr_array_index (info->forms, 0), "v");
  g_assert_nonnull (field);
  g_assert_cmpuint (field->values->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (field->values, 0), ==, "1");
  g_assert_cmpstr (g_ptr_array_index (field->values, 1), ==, "");
}

typedef struct {
  const char *name;
  const char *xml;
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "wrong-element", "<iq xmlns='http://jabber.org/protocol/disco#info'/>" },
  { "wrong-namespace", "<query xmlns='http://jabber.org/protocol/disco#items'/>" },
  { "no-namespace", "<query/>" },
  { "identity-without-category",
    "<query xmlns='http://jabber.org/protocol/disco#info'><identity type='pc'/></query>" },
  { "identity-without-type",
    "<query xmlns='http://jabber.org/protocol/disco#info'><identity category='client'/></query>" },
  { "identity-empty-category",
    "<query xmlns='http://jabber.org/protocol/disco#info'>"
    "<identity category='' type='pc'/></query>" },
  { "feature-without-var",
    "<query xmlns='http://jabber.org/protocol/disco#info'><feature/></query>" },
  { "feature-empty-var",
    "<query xmlns='http://jabber.org/protocol/disco#info'><feature var=''/></query>" },
};

static void
test_parse_invalid (Fixture *f, gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JdDiscoInfo) info = parse_xml (f, c->xml, &error);

  g_assert_null (info);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY);
}

static void
test_features (void)
{
  g_autoptr (JdDiscoInfo) info = jd_disco_info_new ();

  jd_disco_info_add_feature (info, "urn:xmpp:jingle:1");
  jd_disco_info_add_feature (info, "urn:xmpp:jingle:1");
  g_assert_cmpuint (info->features->len, ==, 1);
  g_assert_true (jd_disco_info_has_feature (info, "urn:xmpp:jingle:1"));
  g_assert_false (jd_disco_info_has_feature (info, "urn:xmpp:jingle:apps:rtp:1"));
}

static void
test_copy (void)
{
  g_autoptr (JdDiscoInfo) info = complex_info ();
  g_autoptr (JdDiscoInfo) copy = jd_disco_info_copy (info);
  JdDataForm *form;

  g_assert_true (jd_disco_info_equal (info, copy));
  form = g_ptr_array_index (copy->forms, 0);
  jd_data_form_field_add_value (jd_data_form_get_field (form, "os"), "Linux");
  g_assert_false (jd_disco_info_equal (info, copy));
}

static void
add_fixture_test (const char *path, gconstpointer data,
                  void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_fixture_test ("/xmpp/caps/simple/built", NULL, test_simple_built);
  add_fixture_test ("/xmpp/caps/simple/parsed", NULL, test_simple_parsed);
  add_fixture_test ("/xmpp/caps/simple/sha-256", NULL, test_simple_sha256);
  add_fixture_test ("/xmpp/caps/complex/built", NULL, test_complex_built);
  add_fixture_test ("/xmpp/caps/complex/parsed", NULL, test_complex_parsed);
  add_fixture_test ("/xmpp/caps/verify/forged-ver", NULL, test_verify_forged);
  add_fixture_test ("/xmpp/caps/verify/duplicate-feature", NULL, test_verify_duplicate_feature);
  add_fixture_test ("/xmpp/caps/verify/duplicate-identity", NULL, test_verify_duplicate_identity);
  add_fixture_test ("/xmpp/caps/verify/duplicate-form-type", NULL, test_verify_duplicate_form_type);
  add_fixture_test ("/xmpp/caps/verify/form-type-values-differ", NULL,
                    test_verify_form_type_values_differ);
  add_fixture_test ("/xmpp/caps/verify/unknown-hash", NULL, test_verify_unknown_hash);
  add_fixture_test ("/xmpp/caps/form/without-form-type", NULL, test_form_without_form_type);
  add_fixture_test ("/xmpp/caps/form/form-type-not-hidden", NULL, test_form_type_not_hidden);
  g_test_add_func ("/xmpp/caps/hash-names", test_hash_names);

  add_fixture_test ("/xmpp/disco-info/round-trip/files", NULL, test_round_trip_files);
  add_fixture_test ("/xmpp/disco-info/round-trip/edges", NULL, test_round_trip_edges);
  add_fixture_test ("/xmpp/disco-info/build/attributes", NULL, test_build_attributes);
  add_fixture_test ("/xmpp/disco-info/parse/order-and-duplicates", NULL,
                    test_parse_keeps_order_and_duplicates);
  add_fixture_test ("/xmpp/disco-info/parse/ignores-unknown", NULL, test_parse_ignores_unknown);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/xmpp/disco-info/parse/invalid/",
                                           invalid_cases[i].name, NULL);

      add_fixture_test (path, &invalid_cases[i], test_parse_invalid);
    }
  g_test_add_func ("/xmpp/disco-info/features", test_features);
  g_test_add_func ("/xmpp/disco-info/copy", test_copy);

  return g_test_run ();
}
