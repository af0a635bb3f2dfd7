/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd-jid: RFC 7622 parsing, preparation and comparison.
 */
#include <string.h>

#include "jd-jid.h"
#include "jd-xmpp-error.h"

typedef struct {
  const char *input;
  const char *node;      /* expected, NULL when absent */
  const char *domain;
  const char *resource;  /* expected, NULL when absent */
  const char *string;    /* expected jd_jid_to_string() */
} ValidCase;

static const ValidCase valid_cases[] = {
  { "juliet@capulet.lit/balcony", "juliet", "capulet.lit", "balcony", "juliet@capulet.lit/balcony" },
  { "juliet@capulet.lit", "juliet", "capulet.lit", NULL, "juliet@capulet.lit" },
  { "capulet.lit", NULL, "capulet.lit", NULL, "capulet.lit" },
  { "capulet.lit/res", NULL, "capulet.lit", "res", "capulet.lit/res" },
  /* RFC 7622 §3.1: the resource runs from the first '/' and may hold '/' and '@'. */
  { "a@b/c/d@e", "a", "b", "c/d@e", "a@b/c/d@e" },
  { "b/c@d", NULL, "b", "c@d", "b/c@d" },
  { "JuLiEt@CaPuLeT.LiT/BalCony", "juliet", "capulet.lit", "BalCony", "juliet@capulet.lit/BalCony" },
  { "juliet@capulet.lit./r", "juliet", "capulet.lit", "r", "juliet@capulet.lit/r" },
  { "\xc3\x84LICE@Example.COM/Res", "\xc3\xa4lice", "example.com", "Res", "\xc3\xa4lice@example.com/Res" },
  /* Decomposed A + COMBINING DIAERESIS composes to the same node. */
  { "A\xcc\x88lice@example.com", "\xc3\xa4lice", "example.com", NULL, "\xc3\xa4lice@example.com" },
  /* Resource: NFC only, case kept ("Re" + COMBINING ACUTE + "S"). */
  { "x@y/Re\xcc\x81S", "x", "y", "R\xc3\xa9S", "x@y/R\xc3\xa9S" },
  /* FULLWIDTH "ＪＵＬＩＥＴ" is NFKC-mapped and folded. */
  { "\xef\xbc\xaa\xef\xbc\xb5\xef\xbc\xac\xef\xbc\xa9\xef\xbc\xa5\xef\xbc\xb4@example.com",
    "juliet", "example.com", NULL, "juliet@example.com" },
  { "127.0.0.1", NULL, "127.0.0.1", NULL, "127.0.0.1" },
  { "user@192.168.1.1/r", "user", "192.168.1.1", "r", "user@192.168.1.1/r" },
  { "[::1]", NULL, "[::1]", NULL, "[::1]" },
  { "u@[0:0::1]/r", "u", "[::1]", "r", "u@[::1]/r" },
  { "u@[2001:DB8::1]", "u", "[2001:db8::1]", NULL, "u@[2001:db8::1]" },
  /* Spaces are allowed in a resource (OpaqueString). */
  { "u@d/with space", "u", "d", "with space", "u@d/with space" },
};

typedef struct {
  const char *name;
  const char *input;
  const char *message;   /* a substring of the error message */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "empty", "", "empty string" },
  { "invalid-utf8", "\xff", "UTF-8" },
  { "truncated-utf8", "a@\xc3", "UTF-8" },
  { "empty-node", "@d", "empty localpart" },
  { "only-at", "@", "empty localpart" },
  { "empty-domain-after-at", "a@", "empty domain" },
  { "empty-domain-before-slash", "a@/r", "empty domain" },
  { "empty-domain-only-resource", "/r", "empty domain" },
  { "domain-only-dot", "a@.", "empty domain" },
  { "empty-resource", "d/", "empty resource" },
  { "empty-resource-full", "a@d/", "empty resource" },
  { "node-quote", "a\"b@d", "localpart contains" },
  { "node-ampersand", "a&b@d", "localpart contains" },
  { "node-apostrophe", "a'b@d", "localpart contains" },
  { "node-colon", "a:b@d", "localpart contains" },
  { "node-less-than", "a<b@d", "localpart contains" },
  { "node-greater-than", "a>b@d", "localpart contains" },
  { "node-space", "a b@d", "localpart contains" },
  { "node-tab", "a\tb@d", "localpart contains" },
  { "node-control", "a\x01" "b@d", "localpart contains" },
  { "node-nbsp", "a\xc2\xa0" "b@d", "localpart contains" },          /* NO-BREAK SPACE */
  { "node-fullwidth-at", "a\xef\xbc\xa0" "b@d", "localpart contains" },      /* FULLWIDTH COMMERCIAL AT -> '@' */
  { "node-fullwidth-solidus", "a\xef\xbc\x8f" "b@d", "localpart contains" },      /* FULLWIDTH SOLIDUS -> '/' */
  { "domain-at", "a@b@c", "domain contains '@'" },
  { "domain-space", "a@b c", "domain contains" },
  { "domain-control", "a@b\x7f", "domain contains" },
  { "domain-fullwidth-solidus", "a@b\xef\xbc\x8f" "c", "domain contains" },         /* FULLWIDTH SOLIDUS -> '/' */
  { "domain-double-dot", "a@b..c", "empty label" },
  { "domain-leading-dot", "a@.b", "empty label" },
  { "domain-two-trailing-dots", "a@b..", "empty label" },
  { "ipv6-unbracketed", "::1", "must be bracketed" },
  { "domain-port", "a@b:5222", "must be bracketed" },
  { "ipv6-unterminated", "a@[::1", "closing ']'" },
  { "ipv6-invalid-hex", "a@[::g]", "not a valid IPv6 literal" },
  { "ipv6-brackets-ipv4", "a@[1.2.3.4]", "not a valid IPv6 literal" },
  { "ipv6-zone-id", "a@[fe80::1%eth0]", "not a valid IPv6 literal" },
  { "domain-stray-bracket", "a@b]", "must be bracketed" },
  { "resource-control", "a@d/r\x01", "resource contains a control character" },
};

static void
assert_jid (const JdJid *jid, const ValidCase *c)
{
  g_autofree char *str = jd_jid_to_string (jid);

  g_assert_cmpstr (jid->node, ==, c->node);
  g_assert_cmpstr (jid->domain, ==, c->domain);
  g_assert_cmpstr (jid->resource, ==, c->resource);
  g_assert_cmpstr (str, ==, c->string);
  g_assert_true (jd_jid_is_bare (jid) == (c->resource == NULL));
}

static void
test_parse_table (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JdJid) jid = NULL;
      g_autoptr (JdJid) again = NULL;

      g_test_message ("valid case %" G_GSIZE_FORMAT ": %s", i, valid_cases[i].input);
      jid = jd_jid_parse (valid_cases[i].input, &error);
      g_assert_no_error (error);
      assert_jid (jid, &valid_cases[i]);
      /* The normalised form is a fixpoint. */
      again = jd_jid_parse (valid_cases[i].string, &error);
      g_assert_no_error (error);
      g_assert_true (jd_jid_equal (jid, again));
    }
}

static void
test_parse_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJid) jid = jd_jid_parse (c->input, &error);

  g_assert_null (jid);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_INVALID_JID);
  if (strstr (error->message, c->message) == NULL)
    g_error ("message \"%s\" lacks \"%s\"", error->message, c->message);
}

static void
test_parse_full (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJid) jid = jd_jid_parse ("juliet@capulet.lit/balcony", &error);
  g_autofree char *bare = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (jid->node, ==, "juliet");
  g_assert_cmpstr (jid->domain, ==, "capulet.lit");
  g_assert_cmpstr (jid->resource, ==, "balcony");
  g_assert_false (jd_jid_is_bare (jid));
  bare = jd_jid_to_bare (jid);
  g_assert_cmpstr (bare, ==, "juliet@capulet.lit");
}

static void
test_parse_bare (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJid) jid = jd_jid_parse ("capulet.lit", &error);
  g_autofree char *bare = NULL;

  g_assert_no_error (error);
  g_assert_null (jid->node);
  g_assert_null (jid->resource);
  g_assert_true (jd_jid_is_bare (jid));
  bare = jd_jid_to_bare (jid);
  g_assert_cmpstr (bare, ==, "capulet.lit");
}

static void
test_normalize_unicode (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *s = jd_jid_normalize ("\xc3\x84LICE@Example.COM/Res", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (s, ==, "\xc3\xa4lice@example.com/Res");
}

static void
test_normalize_trailing_dot (void)
{
  g_autofree char *a = jd_jid_normalize ("example.com.", NULL);
  g_autofree char *b = jd_jid_normalize ("u@EXAMPLE.com./r.", NULL);

  g_assert_cmpstr (a, ==, "example.com");
  /* Only the domain loses its dot; the resource is opaque. */
  g_assert_cmpstr (b, ==, "u@example.com/r.");
}

/* Each part may be 1023 bytes (RFC 7622 §3.2-§3.4), not one more. */
static void
test_parse_length (void)
{
  g_autofree char *ok = g_strnfill (1023, 'a');
  g_autofree char *long_ = g_strnfill (1024, 'a');
  const struct { const char *before, *after; } parts[] = {
    { "", "@d/r" }, { "n@", "/r" }, { "n@d/", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *good = g_strconcat (parts[i].before, ok, parts[i].after, NULL);
      g_autofree char *bad = g_strconcat (parts[i].before, long_, parts[i].after, NULL);
      g_autoptr (JdJid) jid = jd_jid_parse (good, &error);
      g_autoptr (JdJid) nojid = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (jid);
      nojid = jd_jid_parse (bad, &error);
      g_assert_null (nojid);
      g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_INVALID_JID);
      g_assert_nonnull (strstr (error->message, "longer than 1023 bytes"));
    }
}

static void
test_equal (void)
{
  g_autoptr (JdJid) a = jd_jid_parse ("Juliet@Capulet.lit/Balcony", NULL);
  g_autoptr (JdJid) b = jd_jid_parse ("juliet@capulet.lit./Balcony", NULL);
  g_autoptr (JdJid) c = jd_jid_parse ("juliet@capulet.lit/balcony", NULL);
  g_autoptr (JdJid) d = jd_jid_parse ("juliet@capulet.lit", NULL);
  g_autoptr (JdJid) copy = jd_jid_copy (a);

  g_assert_true (jd_jid_equal (a, b));
  g_assert_true (jd_jid_equal (a, copy));
  /* The resource is case-sensitive. */
  g_assert_false (jd_jid_equal (a, c));
  g_assert_false (jd_jid_equal (a, d));
}

static void
test_string_helpers (void)
{
  g_autofree char *bare = jd_jid_bare_of ("Romeo@Montague.LIT/Orchard");
  g_autofree char *resource = jd_jid_resource_of ("Romeo@Montague.LIT/Orchard");
  g_autofree char *no_resource = jd_jid_resource_of ("romeo@montague.lit");
  g_autofree char *invalid_bare = jd_jid_bare_of ("@montague.lit");

  g_assert_cmpstr (bare, ==, "romeo@montague.lit");
  g_assert_cmpstr (resource, ==, "Orchard");
  g_assert_null (no_resource);
  g_assert_null (invalid_bare);
  g_assert_true (jd_jid_str_equal ("ROMEO@montague.lit/x", "romeo@MONTAGUE.lit./x"));
  g_assert_false (jd_jid_str_equal ("romeo@montague.lit/x", "romeo@montague.lit/X"));
  g_assert_false (jd_jid_str_equal ("@x", "@x"));
  g_assert_false (jd_jid_str_equal (NULL, "x"));
  g_assert_true (jd_jid_str_is_bare_equal ("romeo@montague.lit/a", "ROMEO@montague.lit/b"));
  g_assert_false (jd_jid_str_is_bare_equal ("romeo@montague.lit", "juliet@montague.lit"));
}

static void
test_normalize_error (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *s = jd_jid_normalize ("a b@c", &error);

  g_assert_null (s);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_INVALID_JID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/xmpp/jid/parse/full", test_parse_full);
  g_test_add_func ("/xmpp/jid/parse/bare", test_parse_bare);
  g_test_add_func ("/xmpp/jid/parse/table", test_parse_table);
  for (gsize i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/xmpp/jid/parse/invalid/",
                                           invalid_cases[i].name, NULL);

      g_test_add_data_func (path, &invalid_cases[i], test_parse_invalid);
    }
  g_test_add_func ("/xmpp/jid/parse/length", test_parse_length);
  g_test_add_func ("/xmpp/jid/normalize/unicode", test_normalize_unicode);
  g_test_add_func ("/xmpp/jid/normalize/trailing-dot", test_normalize_trailing_dot);
  g_test_add_func ("/xmpp/jid/normalize/error", test_normalize_error);
  g_test_add_func ("/xmpp/jid/equal", test_equal);
  g_test_add_func ("/xmpp/jid/string-helpers", test_string_helpers);

  return g_test_run ();
}
