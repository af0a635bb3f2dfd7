/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-jid: XMPP addresses, RFC 7622.
 *
 * Full PRECIS (RFC 8264/8265/7622) needs tables GLib does not ship, so the
 * preparation is approximated with what GLib has: localpart and domainpart
 * are NFKC-normalised and case-folded (close to the UsernameCaseMapped
 * profile and to IDNA2008's mapping), the resourcepart is only put in NFC
 * (OpaqueString keeps case).  What matters for the rest of jingled is that
 * the result is stable: parsing the string of a parsed JID gives the same
 * JID again (the fuzz target checks exactly that).
 */
#include "jd-jid.h"

#include <arpa/inet.h>
#include <string.h>

#include "jd-xmpp-error.h"

/* RFC 7622 §3.2-§3.4: each part is at most 1023 octets once prepared. */
#define MAX_PART_BYTES 1023

/* RFC 7622 §3.3.1: these ASCII characters are not allowed in a localpart. */
#define NODE_FORBIDDEN_ASCII "\"&'/:<>@"

/* How often NFKC and case folding are re-applied before giving up; real
 * strings settle after the second round. */
#define MAX_FOLD_ROUNDS 4

/* Returns: %NULL, so that parsers can "return invalid (error, ...)". */
static gpointer
invalid (GError **error, const char *problem)
{
  g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_INVALID_JID,
               "Invalid JID: %s", problem);
  return NULL;
}

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

static gboolean
is_forbidden_ascii (gunichar c, const char *set)
{
  /* strchr() would match the terminating NUL and truncate wide chars. */
  return c != 0 && c < 0x80 && strchr (set, (int) c) != NULL;
}

/* Returns: TRUE when no character of @s is in @set or (if @no_space) is
 * whitespace, and no character is a control character. */
static gboolean
chars_allowed (const char *s, const char *set, gboolean no_space)
{
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || is_forbidden_ascii (c, set))
        return FALSE;
      if (no_space && is_space (c))
        return FALSE;
    }
  return TRUE;
}

static char *
fold_once (const char *s)
{
  g_autofree char *nfkc = g_utf8_normalize (s, -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (nfkc, -1);

  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
}

/* Case folding and NFKC do not commute for every code point (U+0345
 * COMBINING GREEK YPOGEGRAMMENI folds to a spacing iota, some
 * compatibility characters decompose to capitals), so apply both until the
 * string stops changing.  That makes the stored form a fixpoint, which is
 * what parse(to_string(jid)) == jid needs. */
static char *
fold_identifier (const char *s, gsize len)
{
  g_autofree char *cur = g_strndup (s, len);

  for (int i = 0; i < MAX_FOLD_ROUNDS; i++)
    {
      g_autofree char *next = fold_once (cur);

      if (strcmp (next, cur) == 0)
        return g_steal_pointer (&cur);
      g_free (cur);
      cur = g_steal_pointer (&next);
    }
  return NULL;
}

static gboolean
check_length (const char *part, const char *problem, GError **error)
{
  if (strlen (part) <= MAX_PART_BYTES)
    return TRUE;
  invalid (error, problem);
  return FALSE;
}

/* RFC 7622 §3.3: localpart, UsernameCaseMapped approximated. */
static char *
parse_node (const char *s, gsize len, GError **error)
{
  g_autofree char *node = NULL;

  if (len == 0)
    return invalid (error, "empty localpart");
  node = fold_identifier (s, len);
  if (node == NULL)
    return invalid (error, "localpart cannot be normalised");
  /* Checked after folding: NFKC maps U+FF20 FULLWIDTH COMMERCIAL AT to '@'. */
  if (!chars_allowed (node, NODE_FORBIDDEN_ASCII, TRUE))
    return invalid (error, "localpart contains a forbidden character "
                    "(one of \"&'/:<>@, whitespace or a control character)");
  if (!check_length (node, "localpart longer than 1023 bytes", error))
    return NULL;
  return g_steal_pointer (&node);
}

/* RFC 7622 §3.2: an IPv6 domainpart is an IP-literal of RFC 3986 §3.2.2,
 * "[" IPv6address "]", with no zone identifier.  The address is rewritten in its canonical text form so
 * that "[0::1]" and "[::1]" are the same JID. */
static char *
parse_ipv6_literal (const char *domain, GError **error)
{
  gsize len = strlen (domain);
  g_autofree char *inner = NULL;
  struct in6_addr addr;
  char text[INET6_ADDRSTRLEN];

  if (len < 2 || domain[len - 1] != ']')
    return invalid (error, "IPv6 literal domain is missing its closing ']'");
  inner = g_strndup (domain + 1, len - 2);
  if (inet_pton (AF_INET6, inner, &addr) != 1 ||
      inet_ntop (AF_INET6, &addr, text, sizeof text) == NULL)
    return invalid (error, "domain is not a valid IPv6 literal");
  return g_strdup_printf ("[%s]", text);
}

/* Returns: TRUE when @domain is a sequence of non-empty dot-separated
 * labels without brackets or colons (RFC 7622 §3.2; RFC 1034 §3.1: only
 * the root label is empty, and its dot was stripped already). */
static gboolean
check_dns_domain (const char *domain, GError **error)
{
  if (strpbrk (domain, ":[]") != NULL)
    {
      invalid (error, "domain contains ':', '[' or ']' "
               "(an IPv6 literal must be bracketed)");
      return FALSE;
    }
  if (domain[0] == '.' || strstr (domain, "..") != NULL ||
      g_str_has_suffix (domain, "."))
    {
      invalid (error, "domain has an empty label");
      return FALSE;
    }
  return TRUE;
}

/* RFC 7622 §3.2: domainpart. */
static char *
parse_domain (const char *s, gsize len, GError **error)
{
  g_autofree char *domain = NULL;
  gsize dlen;

  if (len == 0)
    return invalid (error, "empty domain");
  domain = fold_identifier (s, len);
  if (domain == NULL)
    return invalid (error, "domain cannot be normalised");
  /* §3.2: a trailing label separator is stripped before comparison. */
  dlen = strlen (domain);
  if (dlen > 0 && domain[dlen - 1] == '.')
    domain[dlen - 1] = '\0';
  if (domain[0] == '\0')
    return invalid (error, "empty domain");
  if (!chars_allowed (domain, "@/", TRUE))
    return invalid (error, "domain contains '@', '/', whitespace or a "
                    "control character");
  if (domain[0] == '[')
    return parse_ipv6_literal (domain, error);
  if (!check_dns_domain (domain, error) ||
      !check_length (domain, "domain longer than 1023 bytes", error))
    return NULL;
  return g_steal_pointer (&domain);
}

/* RFC 7622 §3.4: resourcepart, OpaqueString approximated (NFC, case and
 * spaces kept, control characters refused). */
static char *
parse_resource (const char *s, GError **error)
{
  g_autofree char *resource = NULL;

  if (*s == '\0')
    return invalid (error, "empty resource");
  resource = g_utf8_normalize (s, -1, G_NORMALIZE_NFC);
  if (!chars_allowed (resource, "", FALSE))
    return invalid (error, "resource contains a control character");
  if (!check_length (resource, "resource longer than 1023 bytes", error))
    return NULL;
  return g_steal_pointer (&resource);
}

/**
 * jd_jid_parse:
 * @str: an address such as "juliet@capulet.lit/balcony"
 * @error: return location for a #JD_XMPP_ERROR_INVALID_JID error
 *
 * Splits @str at the first '/' (the resource may itself contain '/' and
 * '@'), then the bare part at the first '@' (RFC 7622 §3.1; a second '@'
 * is refused either way since neither localpart nor domainpart may hold
 * one), and prepares each part.
 *
 * Returns: (transfer full) (nullable): the normalised JID, or %NULL with
 *   @error set when @str is not a valid JID.
 */
JdJid *
jd_jid_parse (const char *str, GError **error)
{
  g_autoptr (JdJid) jid = NULL;
  const char *slash, *at, *bare_end;

  g_return_val_if_fail (str != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*str == '\0')
    return invalid (error, "empty string");
  if (!g_utf8_validate (str, -1, NULL))
    return invalid (error, "not valid UTF-8");

  slash = strchr (str, '/');
  bare_end = slash != NULL ? slash : str + strlen (str);
  at = memchr (str, '@', (gsize) (bare_end - str));

  jid = g_new0 (JdJid, 1);
  if (at != NULL && (jid->node = parse_node (str, (gsize) (at - str), error)) == NULL)
    return NULL;
  at = at != NULL ? at + 1 : str;
  if ((jid->domain = parse_domain (at, (gsize) (bare_end - at), error)) == NULL)
    return NULL;
  if (slash != NULL && (jid->resource = parse_resource (slash + 1, error)) == NULL)
    return NULL;
  return g_steal_pointer (&jid);
}

/* Returns: (transfer full) */
JdJid *
jd_jid_copy (const JdJid *jid)
{
  JdJid *copy;

  g_return_val_if_fail (jid != NULL, NULL);
  copy = g_new0 (JdJid, 1);
  copy->node = g_strdup (jid->node);
  copy->domain = g_strdup (jid->domain);
  copy->resource = g_strdup (jid->resource);
  return copy;
}

void
jd_jid_free (JdJid *jid)
{
  if (jid == NULL)
    return;
  g_free (jid->node);
  g_free (jid->domain);
  g_free (jid->resource);
  g_free (jid);
}

/* Returns: (transfer full): "node@domain/resource", parts omitted when absent. */
char *
jd_jid_to_string (const JdJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);
  return g_strconcat (jid->node != NULL ? jid->node : "",
                      jid->node != NULL ? "@" : "",
                      jid->domain,
                      jid->resource != NULL ? "/" : "",
                      jid->resource != NULL ? jid->resource : "",
                      NULL);
}

/* Returns: (transfer full): "node@domain" or "domain". */
char *
jd_jid_to_bare (const JdJid *jid)
{
  g_return_val_if_fail (jid != NULL, NULL);
  if (jid->node == NULL)
    return g_strdup (jid->domain);
  return g_strconcat (jid->node, "@", jid->domain, NULL);
}

gboolean
jd_jid_is_bare (const JdJid *jid)
{
  g_return_val_if_fail (jid != NULL, FALSE);
  return jid->resource == NULL;
}

/* Parts are stored prepared, so equality is octet equality (RFC 7622 §3.1). */
gboolean
jd_jid_equal (const JdJid *a, const JdJid *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return g_strcmp0 (a->node, b->node) == 0 &&
         g_strcmp0 (a->domain, b->domain) == 0 &&
         g_strcmp0 (a->resource, b->resource) == 0;
}

/* Returns: (transfer full) (nullable): the normalised form of @str. */
char *
jd_jid_normalize (const char *str, GError **error)
{
  g_autoptr (JdJid) jid = jd_jid_parse (str, error);

  return jid != NULL ? jd_jid_to_string (jid) : NULL;
}

/* Returns: (transfer full) (nullable): the normalised bare JID of @str. */
char *
jd_jid_bare_of (const char *str)
{
  g_autoptr (JdJid) jid = jd_jid_parse (str, NULL);

  return jid != NULL ? jd_jid_to_bare (jid) : NULL;
}

/* Returns: (transfer full) (nullable): the normalised resource of @str. */
char *
jd_jid_resource_of (const char *str)
{
  g_autoptr (JdJid) jid = jd_jid_parse (str, NULL);

  return jid != NULL ? g_strdup (jid->resource) : NULL;
}

/* An invalid (or %NULL) address is equal to nothing, not even to itself:
 * a peer must not be able to match an ACL entry with garbage. */
gboolean
jd_jid_str_equal (const char *a, const char *b)
{
  g_autoptr (JdJid) ja = a != NULL ? jd_jid_parse (a, NULL) : NULL;
  g_autoptr (JdJid) jb = b != NULL ? jd_jid_parse (b, NULL) : NULL;

  return ja != NULL && jb != NULL && jd_jid_equal (ja, jb);
}

gboolean
jd_jid_str_is_bare_equal (const char *a, const char *b)
{
  g_autoptr (JdJid) ja = a != NULL ? jd_jid_parse (a, NULL) : NULL;
  g_autoptr (JdJid) jb = b != NULL ? jd_jid_parse (b, NULL) : NULL;

  return ja != NULL && jb != NULL &&
         g_strcmp0 (ja->node, jb->node) == 0 &&
         g_strcmp0 (ja->domain, jb->domain) == 0;
}
