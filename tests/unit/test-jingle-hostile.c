/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Hostile input for jd_jingle_message_parse(): floods past the sanity
 * limits of the headers, huge attributes and text, deep and wide trees of
 * unknown elements, bytes that are not UTF-8, namespaces we do not know.
 * Each must end in a clean GError or a clean parse, quickly and without
 * recursion on the peer's nesting.
 */
#include <string.h>

#include "jd-jingle-message.h"
#include "jd-stanza.h"

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

#define CANDIDATE                                                                          \
  "<candidate component='1' foundation='1' generation='0' id='c' ip='10.0.1.1' "          \
  "network='0' port='8998' priority='2130706431' protocol='udp' type='host'/>"

/* <iq><jingle action sid>BODY</jingle></iq> */
static GString *
jingle_open (const char *action)
{
  GString *xml = g_string_new ("<iq type='set' id='h'><jingle xmlns='urn:xmpp:jingle:1' ");

  g_string_append_printf (xml, "action='%s' sid='s'>", action);
  return xml;
}

static char *
jingle_close (GString *xml)
{
  g_string_append (xml, "</jingle></iq>");
  return g_string_free (xml, FALSE);
}

/* A content of an RTP description with @payload and an ICE transport with
 * @transport inside. */
static char *
session_initiate (const char *payload, const char *transport)
{
  GString *xml = jingle_open ("session-initiate");

  g_string_append_printf (xml, "<content creator='initiator' name='a'>"
                               "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>"
                               "%s</description>"
                               "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'>%s"
                               "</transport></content>",
                          payload, transport);
  return jingle_close (xml);
}

static void
assert_fails (Fixture *f, const char *xml, JdJingleError code)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  g_autoptr (GError) error = NULL;
  JdJingleMessage *msg = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_nonnull (stanza);
  g_assert_false (jd_jingle_message_parse (stanza, &msg, &error));
  g_assert_error (error, JD_JINGLE_ERROR, (gint) code);
  g_assert_null (msg);
  /* Stops at the limit instead of parsing the rest. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_test_message ("%s", error->message);
}

static JdJingleMessage *
assert_parses (Fixture *f, const char *xml)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  g_autoptr (xmpp_stanza_t) built = NULL;
  g_autoptr (JdJingleMessage) again = NULL;
  g_autoptr (GError) error = NULL;
  JdJingleMessage *msg = NULL;

  g_assert_nonnull (stanza);
  g_assert_true (jd_jingle_message_parse (stanza, &msg, &error));
  g_assert_no_error (error);
  built = jd_jingle_message_build (f->ctx, msg);
  g_assert_true (jd_jingle_message_parse (built, &again, &error));
  g_assert_true (jd_jingle_message_equal (msg, again));
  return msg;
}

static char *
repeat (const char *unit, guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_candidates (Fixture *f, gconstpointer data)
{
  g_autofree char *candidates = repeat (CANDIDATE, 10000);
  g_autofree char *xml = session_initiate ("", candidates);

  assert_fails (f, xml, JD_JINGLE_ERROR_LIMIT);
}

static void
test_payload_types (Fixture *f, gconstpointer data)
{
  g_autofree char *pts = repeat ("<payload-type id='0' name='PCMU' clockrate='8000'/>", 1000);
  g_autofree char *xml = session_initiate (pts, "");

  assert_fails (f, xml, JD_JINGLE_ERROR_LIMIT);
}

static void
test_contents (Fixture *f, gconstpointer data)
{
  GString *xml = jingle_open ("content-remove");
  g_autofree char *str = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (xml, "<content creator='initiator' name='c%u'/>", i);
  str = jingle_close (xml);
  assert_fails (f, str, JD_JINGLE_ERROR_LIMIT);
}

static char *
megabyte (char c)
{
  char *s = g_malloc (1024 * 1024 + 1);

  memset (s, c, 1024 * 1024);
  s[1024 * 1024] = '\0';
  return s;
}

/* A 1 MB value in each place we keep one. */
static void
test_huge_attributes (Fixture *f, gconstpointer data)
{
  g_autofree char *mb = megabyte ('a');
  g_autofree char *sid = g_strdup_printf ("<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' "
                                          "action='session-info' sid='%s'/></iq>", mb);
  g_autofree char *ip_cand = g_strdup_printf ("<candidate component='1' foundation='1' "
                                              "ip='%s' port='1' priority='1' protocol='udp' "
                                              "type='host'/>", mb);
  g_autofree char *ip = session_initiate ("", ip_cand);
  g_autofree char *id_pt = g_strdup_printf ("<payload-type id='%s'/>", mb);
  g_autofree char *id = session_initiate (id_pt, "");
  g_autofree char *from = g_strdup_printf ("<iq type='set' from='%s'><jingle "
                                           "xmlns='urn:xmpp:jingle:1' action='session-info' "
                                           "sid='s'/></iq>", mb);

  assert_fails (f, sid, JD_JINGLE_ERROR_LIMIT);
  assert_fails (f, ip, JD_JINGLE_ERROR_LIMIT);
  assert_fails (f, id, JD_JINGLE_ERROR_LIMIT);
  assert_fails (f, from, JD_JINGLE_ERROR_LIMIT);
}

static void
test_huge_text (Fixture *f, gconstpointer data)
{
  g_autofree char *mb = megabyte ('A');
  g_autofree char *fp = g_strdup_printf ("<fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' "
                                         "hash='sha-256' setup='active'>%s</fingerprint>", mb);
  g_autofree char *xml = session_initiate ("", fp);
  g_autofree char *reason = g_strdup_printf (
    "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='s'>"
    "<reason><gone/><text>%s</text></reason></jingle></iq>", mb);

  assert_fails (f, xml, JD_JINGLE_ERROR_LIMIT);
  assert_fails (f, reason, JD_JINGLE_ERROR_LIMIT);
}

/* An element name or namespace we would have to keep (an unknown
 * session-info payload, a reason detail, an unsupported transport). */
static void
test_huge_names (Fixture *f, gconstpointer data)
{
  g_autofree char *mb = megabyte ('n');
  g_autofree char *info = g_strdup_printf (
    "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='s'>"
    "<%s xmlns='urn:x'/></jingle></iq>", mb);
  g_autofree char *detail = g_strdup_printf (
    "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='s'>"
    "<reason><gone/><x xmlns='urn:%s'/></reason></jingle></iq>", mb);
  g_autofree char *transport = g_strdup_printf (
    "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' sid='s'>"
    "<content creator='initiator' name='a'><transport xmlns='urn:%s'/></content></jingle></iq>",
    mb);

  assert_fails (f, info, JD_JINGLE_ERROR_LIMIT);
  assert_fails (f, detail, JD_JINGLE_ERROR_LIMIT);
  assert_fails (f, transport, JD_JINGLE_ERROR_LIMIT);
}

static char *
nested (const char *open, const char *close, guint depth)
{
  g_autofree char *opens = repeat (open, depth);
  g_autofree char *closes = repeat (close, depth);

  return g_strconcat (opens, closes, NULL);
}

/* Deep unknown elements are skipped without being walked into, wherever
 * they appear. */
static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  g_autofree char *deep = nested ("<x xmlns='urn:example'>", "</x>", 10000);
  g_autofree char *pt = g_strconcat ("<payload-type id='0'>", deep, "</payload-type>", deep, NULL);
  g_autofree char *xml = session_initiate (pt, deep);
  g_autoptr (JdJingleMessage) msg = assert_parses (f, xml);
  const JdJingleContent *c = g_ptr_array_index (msg->contents, 0);

  g_assert_cmpuint (c->description->payload_types->len, ==, 1);
  g_assert_cmpuint (c->transport->candidates->len, ==, 0);
}

/* Many unknown siblings cost us time linear in their number.  (Building
 * the tree is libstrophe's business, and quadratic in the number of
 * siblings: xmpp_stanza_add_child() walks the list.  So keep it modest.) */
static void
test_wide (Fixture *f, gconstpointer data)
{
  g_autofree char *wide = repeat ("<x xmlns='urn:example'/>", 10000);
  g_autofree char *xml = session_initiate (wide, wide);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  g_autoptr (JdJingleMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (jd_jingle_message_parse (stanza, &msg, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

/* libstrophe's parser (expat) refuses what is not UTF-8, before we see
 * it.  Should that ever change, our parse must still end cleanly, and the
 * last assertion tells that it did change. */
static void
test_not_utf8 (Fixture *f, gconstpointer data)
{
  static const char *const bad[] = {
    "\xff\xfe",      /* not UTF-8 at all */
    "\xc0\xaf",      /* overlong '/' */
    "\xed\xa0\x80",  /* a UTF-16 surrogate */
    "\xf4\x90\x80\x80", /* past U+10FFFF */
    "\xe2\x82",      /* truncated */
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *attr = g_strdup_printf (
        "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='%s'/></iq>",
        bad[i]);
      g_autofree char *text = g_strdup_printf (
        "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='s'>"
        "<reason><gone/><text>%s</text></reason></jingle></iq>", bad[i]);
      const char *inputs[] = { attr, text };

      for (guint j = 0; j < G_N_ELEMENTS (inputs); j++)
        {
          g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, inputs[j]);
          g_autoptr (JdJingleMessage) msg = NULL;
          g_autoptr (GError) error = NULL;

          if (stanza != NULL && !jd_jingle_message_parse (stanza, &msg, &error))
            g_assert_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST);
          g_assert_null (stanza);
        }
    }
}

/* XEP-0166 §7.2.13: a transport-info for a transport we do not implement
 * parses, noting the namespace for the session layer to refuse; the
 * transport parser alone calls it a bad request. */
static void
test_unknown_transport (Fixture *f, gconstpointer data)
{
  static const char xml[] =
    "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' sid='s'>"
    "<content creator='initiator' name='a'>"
    "<transport xmlns='urn:xmpp:jingle:transports:s5b:1' sid='x' mode='tcp'>"
    "<candidate cid='1' host='192.0.2.1' jid='a@b/c' port='1' priority='1' type='direct'/>"
    "</transport></content></jingle></iq>";
  g_autoptr (JdJingleMessage) msg = assert_parses (f, xml);
  const JdJingleContent *c = g_ptr_array_index (msg->contents, 0);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  xmpp_stanza_t *transport = jd_stanza_get_child (
    jd_stanza_get_child (jd_stanza_get_child (stanza, "jingle", NULL), "content", NULL),
    "transport", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdJingleTransport) t = jd_jingle_transport_parse (transport, &error);

  g_assert_null (c->transport);
  g_assert_cmpstr (c->unsupported_transport, ==, "urn:xmpp:jingle:transports:s5b:1");
  g_assert_null (t);
  g_assert_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST);
}

static void
test_unknown_description (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = assert_parses (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='s'>"
       "<content creator='initiator' name='a'>"
       "<description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file/></description>"
       "<transport xmlns='urn:xmpp:jingle:transports:ibb:1' block-size='4096' sid='x'/>"
       "</content></jingle></iq>");
  const JdJingleContent *c = g_ptr_array_index (msg->contents, 0);

  g_assert_null (c->description);
  g_assert_cmpstr (c->unsupported_description, ==, "urn:xmpp:jingle:apps:file-transfer:5");
  g_assert_cmpstr (c->unsupported_transport, ==, "urn:xmpp:jingle:transports:ibb:1");
}

/* Numbers: leading zeros are still decimal, 20 digits overflow. */
static void
test_numbers (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = assert_parses (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' sid='s'>"
       "<dtmf xmlns='urn:xmpp:jingle:dtmf:0' code='#' duration='000000000000000000000400'/>"
       "</jingle></iq>");
  g_autofree char *overflow = session_initiate ("<payload-type id='18446744073709551617'/>", "");

  g_assert_cmpuint (msg->info->dtmf_duration, ==, 400);
  assert_fails (f, overflow, JD_JINGLE_ERROR_BAD_REQUEST);
}

/* Entities: the predefined ones and character references decode to text
 * and survive a round trip; a DOCTYPE with its own entities (the
 * "billion laughs") never expands into our model. */
static void
test_entities (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleMessage) msg = assert_parses (
    f, "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='a&amp;b'>"
       "<reason><gone/><text>&lt;&#x41;&#66;&gt; &quot;&apos;</text></reason></jingle></iq>");
  g_autoptr (xmpp_stanza_t) built = jd_jingle_message_build (f->ctx, msg);
  g_autofree char *text = jd_stanza_to_string (built);
  g_autoptr (xmpp_stanza_t) again = xmpp_stanza_new_from_string (f->ctx, text);
  g_autoptr (JdJingleMessage) back = NULL;
  const char *laughs =
    "<!DOCTYPE iq [<!ENTITY a 'ha'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
    "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>"
    "<!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'><!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'>]>"
    "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' sid='s'>"
    "<reason><gone/><text>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</text></reason></jingle></iq>";
  gint64 start = g_get_monotonic_time ();
  g_autoptr (xmpp_stanza_t) bomb = xmpp_stanza_new_from_string (f->ctx, laughs);

  g_assert_cmpstr (msg->sid, ==, "a&b");
  g_assert_cmpstr (msg->reason->text, ==, "<AB> \"'");
  g_assert_nonnull (again);
  g_assert_true (jd_jingle_message_parse (again, &back, NULL));
  g_assert_true (jd_jingle_message_equal (msg, back));
  if (bomb != NULL)
    {
      g_autoptr (JdJingleMessage) exploded = NULL;

      /* If the XML layer accepted it at all, the text is bounded. */
      if (jd_jingle_message_parse (bomb, &exploded, NULL) && exploded->reason->text != NULL)
        g_assert_cmpuint (strlen (exploded->reason->text), <=, JD_JINGLE_MAX_ATTR_LEN);
    }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
add (const char *path, void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  add ("/jingle/hostile/candidates-10000", test_candidates);
  add ("/jingle/hostile/payload-types-1000", test_payload_types);
  add ("/jingle/hostile/contents-1000", test_contents);
  add ("/jingle/hostile/attribute-1mb", test_huge_attributes);
  add ("/jingle/hostile/text-1mb", test_huge_text);
  add ("/jingle/hostile/name-1mb", test_huge_names);
  add ("/jingle/hostile/deep-nesting", test_deep_nesting);
  add ("/jingle/hostile/wide", test_wide);
  add ("/jingle/hostile/not-utf8", test_not_utf8);
  add ("/jingle/hostile/entities", test_entities);
  add ("/jingle/hostile/unknown-transport", test_unknown_transport);
  add ("/jingle/hostile/unknown-description", test_unknown_description);
  add ("/jingle/hostile/numbers", test_numbers);
  return g_test_run ();
}
