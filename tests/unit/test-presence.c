/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Presence state (RFC 6121 §4): parsing <presence/> into JdPresenceInfo and
 * the per-contact, per-resource bookkeeping of JdPresenceTable.
 */
#include "jd-presence.h"

typedef struct {
  xmpp_ctx_t *ctx;
  JdPresenceTable *table;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
  f->table = jd_presence_table_new ();
}

static void
teardown (Fixture *f, gconstpointer data)
{
  jd_presence_table_free (f->table);
  xmpp_ctx_free (f->ctx);
}

static JdPresenceInfo *
parse (Fixture *f, const char *xml)
{
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (f->ctx, xml);

  g_assert_nonnull (stanza);
  return jd_presence_info_parse (stanza, NULL);
}

static void
test_parse_show_status_priority (Fixture *f, gconstpointer data)
{
  g_autoptr (JdPresenceInfo) p =
    parse (f, "<presence from='a@b/c'><show>dnd</show><status>busy</status>"
              "<priority>-5</priority></presence>");

  g_assert_cmpint (p->show, ==, JD_PRESENCE_DND);
  g_assert_cmpstr (p->status, ==, "busy");
  g_assert_cmpint (p->priority, ==, -5);
}

static void
test_parse_defaults_and_junk (Fixture *f, gconstpointer data)
{
  g_autoptr (JdPresenceInfo) plain = parse (f, "<presence/>");
  g_autoptr (JdPresenceInfo) junk =
    parse (f, "<presence><show>sleepy</show><priority>300</priority></presence>");
  g_autoptr (JdPresenceInfo) text_prio = parse (f, "<presence><priority>high</priority></presence>");
  g_autoptr (JdPresenceInfo) gone = parse (f, "<presence type='unavailable'><status>bye</status></presence>");
  g_autoptr (JdPresenceInfo) sub = parse (f, "<presence type='subscribe'/>");
  g_autoptr (JdPresenceInfo) err = parse (f, "<presence type='error'/>");

  g_assert_cmpint (plain->show, ==, JD_PRESENCE_AVAILABLE);
  g_assert_cmpint (plain->priority, ==, 0);
  g_assert_null (plain->status);
  /* §4.7.2.1: unknown show means available; §4.7.2.3: out of range is 0. */
  g_assert_cmpint (junk->show, ==, JD_PRESENCE_AVAILABLE);
  g_assert_cmpint (junk->priority, ==, 0);
  g_assert_cmpint (text_prio->priority, ==, 0);
  g_assert_cmpint (gone->show, ==, JD_PRESENCE_UNAVAILABLE);
  g_assert_cmpstr (gone->status, ==, "bye");
  g_assert_null (sub);
  g_assert_null (err);
}

static void
test_parse_caps (Fixture *f, gconstpointer data)
{
  g_autoptr (JdPresenceInfo) p =
    parse (f, "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
              "node='http://example.org' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>");
  g_autoptr (JdPresenceInfo) wrong_ns =
    parse (f, "<presence><c xmlns='urn:other' ver='x'/></presence>");

  g_assert_cmpstr (p->caps_hash, ==, "sha-1");
  g_assert_cmpstr (p->caps_node, ==, "http://example.org");
  g_assert_cmpstr (p->caps_ver, ==, "QgayPKawpkPSDYmwT/WM94uAlu0=");
  g_assert_null (wrong_ns->caps_ver);
}

static void
update (Fixture *f, const char *jid, JdPresenceShow show, int priority, gboolean expect_change)
{
  g_autoptr (JdPresenceInfo) info = jd_presence_info_new (show, NULL, priority);

  g_assert_cmpint (jd_presence_table_update (f->table, jid, info), ==, expect_change);
}

static void
test_table_resources (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) res = NULL;
  g_autofree char *best = NULL;

  update (f, "Bob@Example.com/phone", JD_PRESENCE_AVAILABLE, 1, TRUE);
  update (f, "bob@example.com/desk", JD_PRESENCE_AWAY, 10, TRUE);
  update (f, "bob@example.com/desk", JD_PRESENCE_AWAY, 10, FALSE);   /* no change */
  update (f, "bob@example.com/tablet", JD_PRESENCE_CHAT, 1, TRUE);

  res = jd_presence_table_get_resources (f->table, "bob@example.com");
  g_assert_cmpuint (res->len, ==, 3);
  /* Highest priority first, then the most available show. */
  g_assert_cmpstr (g_ptr_array_index (res, 0), ==, "bob@example.com/desk");
  g_assert_cmpstr (g_ptr_array_index (res, 1), ==, "bob@example.com/tablet");
  g_assert_cmpstr (g_ptr_array_index (res, 2), ==, "bob@example.com/phone");
  best = jd_presence_table_best_resource (f->table, "BOB@example.com");
  g_assert_cmpstr (best, ==, "bob@example.com/desk");
  g_assert_cmpint (jd_presence_table_lookup (f->table, "bob@EXAMPLE.com/phone")->show, ==,
                   JD_PRESENCE_AVAILABLE);
}

static void
test_table_unavailable (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) res = NULL;

  update (f, "bob@example.com/phone", JD_PRESENCE_AVAILABLE, 0, TRUE);
  update (f, "bob@example.com/desk", JD_PRESENCE_AVAILABLE, 0, TRUE);
  update (f, "bob@example.com/phone", JD_PRESENCE_UNAVAILABLE, 0, TRUE);
  update (f, "bob@example.com/phone", JD_PRESENCE_UNAVAILABLE, 0, FALSE);
  res = jd_presence_table_get_resources (f->table, "bob@example.com");
  g_assert_cmpuint (res->len, ==, 1);
  g_assert_null (jd_presence_table_lookup (f->table, "bob@example.com/phone"));

  /* Unavailable from the bare JID (e.g. on unsubscribe) clears everything. */
  update (f, "bob@example.com", JD_PRESENCE_UNAVAILABLE, 0, TRUE);
  g_clear_pointer (&res, g_ptr_array_unref);
  res = jd_presence_table_get_resources (f->table, "bob@example.com");
  g_assert_cmpuint (res->len, ==, 0);
  g_assert_null (jd_presence_table_best_resource (f->table, "bob@example.com"));
}

static void
test_table_negative_priority (Fixture *f, gconstpointer data)
{
  g_autofree char *best = NULL;

  /* RFC 6121 §8.5.2.1.1: never chosen for traffic to the bare JID. */
  update (f, "bot@example.com/x", JD_PRESENCE_AVAILABLE, -1, TRUE);
  best = jd_presence_table_best_resource (f->table, "bot@example.com");
  g_assert_null (best);
}

static void
test_table_invalid_jid (Fixture *f, gconstpointer data)
{
  update (f, "not a jid@", JD_PRESENCE_AVAILABLE, 0, FALSE);
  update (f, "", JD_PRESENCE_AVAILABLE, 0, FALSE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/xmpp/presence/parse/show-status-priority", test_parse_show_status_priority);
  ADD ("/xmpp/presence/parse/defaults-and-junk", test_parse_defaults_and_junk);
  ADD ("/xmpp/presence/parse/caps", test_parse_caps);
  ADD ("/xmpp/presence/table/resources", test_table_resources);
  ADD ("/xmpp/presence/table/unavailable", test_table_unavailable);
  ADD ("/xmpp/presence/table/negative-priority", test_table_negative_priority);
  ADD ("/xmpp/presence/table/invalid-jid", test_table_invalid_jid);
#undef ADD
  return g_test_run ();
}
