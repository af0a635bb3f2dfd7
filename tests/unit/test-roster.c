/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Roster state (RFC 6121 §2): <item/> parsing and building, loading a
 * roster result, applying pushes, and the subscription policy names.
 */
#include "jd-roster.h"

typedef struct {
  xmpp_ctx_t *ctx;
  JdRosterTable *table;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
  f->table = jd_roster_table_new ();
}

static void
teardown (Fixture *f, gconstpointer data)
{
  jd_roster_table_free (f->table);
  xmpp_ctx_free (f->ctx);
}

static xmpp_stanza_t *
xml (Fixture *f, const char *text)
{
  xmpp_stanza_t *s = xmpp_stanza_new_from_string (f->ctx, text);

  g_assert_nonnull (s);
  return s;
}

static JdRosterItem *
parse_item (Fixture *f, const char *text, GError **error)
{
  g_autoptr (xmpp_stanza_t) s = xml (f, text);

  return jd_roster_item_parse (s, error);
}

static void
test_item_parse (Fixture *f, gconstpointer data)
{
  g_autoptr (JdRosterItem) item =
    parse_item (f, "<item jid='Juliet@Example.com' name='Juliet' subscription='both' "
                   "ask='subscribe'><group>Friends</group><group>Friends</group><group/>"
                   "<group>Lovers</group></item>", NULL);

  g_assert_cmpstr (item->jid, ==, "juliet@example.com");
  g_assert_cmpstr (item->name, ==, "Juliet");
  g_assert_cmpint (item->subscription, ==, JD_SUBSCRIPTION_BOTH);
  g_assert_true (item->ask);
  /* Duplicate and empty groups dropped (§2.1.2.5). */
  g_assert_cmpuint (g_strv_length (item->groups), ==, 2);
  g_assert_cmpstr (item->groups[0], ==, "Friends");
  g_assert_cmpstr (item->groups[1], ==, "Lovers");
}

static void
test_item_parse_errors (Fixture *f, gconstpointer data)
{
  const char *const bad[] = {
    "<item/>",
    "<item jid=''/>",
    "<item jid='a@@b'/>",
    "<item jid='a@b' subscription='sometimes'/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JdRosterItem) item = parse_item (f, bad[i], &error);

      g_assert_null (item);
      g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY);
    }
}

static void
test_item_round_trip (Fixture *f, gconstpointer data)
{
  const char *groups[] = { "A", "B", NULL };
  g_autoptr (JdRosterItem) item = jd_roster_item_new ("romeo@example.net", "Romeo", groups);
  g_autoptr (xmpp_stanza_t) query = jd_stanza_new_element (f->ctx, "query", JD_NS_ROSTER);
  g_autoptr (JdRosterItem) back = NULL;

  jd_roster_item_build (item, query);
  back = jd_roster_item_parse (xmpp_stanza_get_children (query), NULL);
  g_assert_true (jd_roster_item_equal (item, back));
}

static void
test_load_and_push (Fixture *f, gconstpointer data)
{
  g_autoptr (xmpp_stanza_t) first = xml (f,
    "<query xmlns='jabber:iq:roster'>"
    "<item jid='a@example.com' subscription='both'/>"
    "<item jid='b@example.com' subscription='to' name='B'/>"
    "<item jid='bad@@jid'/>"
    "</query>");
  g_autoptr (xmpp_stanza_t) second = xml (f,
    "<query xmlns='jabber:iq:roster'>"
    "<item jid='a@example.com' subscription='both'/>"
    "<item jid='c@example.com' subscription='from'/>"
    "</query>");
  g_autoptr (GPtrArray) changed = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (JdRosterItem) push = jd_roster_item_new ("a@example.com", "Renamed", NULL);
  g_autoptr (JdRosterItem) removal = jd_roster_item_new ("c@example.com", NULL, NULL);

  changed = jd_roster_table_load (f->table, first, NULL);
  /* One bad item does not cost the rest. */
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_cmpuint (jd_roster_table_size (f->table), ==, 2);

  g_clear_pointer (&changed, g_ptr_array_unref);
  changed = jd_roster_table_load (f->table, second, NULL);
  /* b removed, c added, a unchanged. */
  g_assert_cmpuint (changed->len, ==, 2);
  g_assert_null (jd_roster_table_lookup (f->table, "b@example.com"));
  g_assert_nonnull (jd_roster_table_lookup (f->table, "C@example.com/res"));

  push->subscription = JD_SUBSCRIPTION_BOTH;
  g_assert_true (jd_roster_table_apply (f->table, push));
  g_assert_false (jd_roster_table_apply (f->table, push));
  g_assert_cmpstr (jd_roster_table_lookup (f->table, "a@example.com")->name, ==, "Renamed");

  removal->subscription = JD_SUBSCRIPTION_REMOVE;
  g_assert_true (jd_roster_table_apply (f->table, removal));
  g_assert_false (jd_roster_table_apply (f->table, removal));
  items = jd_roster_table_get_items (f->table);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((JdRosterItem *) g_ptr_array_index (items, 0))->jid, ==, "a@example.com");
}

static void
test_policy_names (Fixture *f, gconstpointer data)
{
  JdSubscriptionPolicy p;

  g_assert_true (jd_subscription_policy_from_string ("ask", &p));
  g_assert_cmpint (p, ==, JD_SUBSCRIPTION_POLICY_ASK);
  g_assert_true (jd_subscription_policy_from_string ("approve-roster", &p));
  g_assert_cmpint (p, ==, JD_SUBSCRIPTION_POLICY_APPROVE_ROSTER);
  g_assert_true (jd_subscription_policy_from_string ("deny", &p));
  g_assert_cmpint (p, ==, JD_SUBSCRIPTION_POLICY_DENY);
  g_assert_false (jd_subscription_policy_from_string ("maybe", &p));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/xmpp/roster/item/parse", test_item_parse);
  ADD ("/xmpp/roster/item/parse-errors", test_item_parse_errors);
  ADD ("/xmpp/roster/item/round-trip", test_item_round_trip);
  ADD ("/xmpp/roster/table/load-and-push", test_load_and_push);
  ADD ("/xmpp/roster/policy-names", test_policy_names);
#undef ADD
  return g_test_run ();
}
