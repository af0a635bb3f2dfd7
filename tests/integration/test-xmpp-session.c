/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two (or three) real accounts on the private Prosody: subscriptions,
 * presence, messages, blocking, and how a session answers requests it
 * does not know.  Each test uses its own fresh accounts so that roster
 * state never leaks from one test into the next.
 */
#include "jd-test-xmpp.h"

static const JdPresenceInfo *
presence_of (JdTestAccount *observer, JdTestAccount *subject)
{
  JdPresenceTable *table = jd_presence_get_table (jd_xmpp_client_get_presence (observer->client));

  return jd_presence_table_lookup (table, jd_test_account_full_jid (subject));
}

static gboolean
shows (JdTestAccount *observer, JdTestAccount *subject, JdPresenceShow show,
       const char *status, int priority)
{
  const JdPresenceInfo *p = presence_of (observer, subject);

  return p != NULL && p->show == show && g_strcmp0 (p->status, status) == 0 &&
         p->priority == priority;
}

static void
test_presence_after_subscription (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  JdPresence *bob_presence = jd_xmpp_client_get_presence (bob->client);
  g_autoptr (GPtrArray) resources = NULL;

  /* Not subscribed: no presence crosses. */
  g_assert_null (presence_of (alice, bob));
  jd_test_account_befriend (alice, bob);
  JD_TEST_WAIT_UNTIL (shows (alice, bob, JD_PRESENCE_AVAILABLE, NULL, 0), 5000);

  jd_presence_set_own (bob_presence, JD_PRESENCE_AWAY, "out for lunch", 5);
  JD_TEST_WAIT_UNTIL (shows (alice, bob, JD_PRESENCE_AWAY, "out for lunch", 5), 5000);
  jd_presence_set_own (bob_presence, JD_PRESENCE_DND, "in a meeting", -3);
  JD_TEST_WAIT_UNTIL (shows (alice, bob, JD_PRESENCE_DND, "in a meeting", -3), 5000);
  jd_presence_set_own (bob_presence, JD_PRESENCE_XA, NULL, 0);
  JD_TEST_WAIT_UNTIL (shows (alice, bob, JD_PRESENCE_XA, NULL, 0), 5000);
  jd_presence_set_own (bob_presence, JD_PRESENCE_CHAT, "call me", 1);
  JD_TEST_WAIT_UNTIL (shows (alice, bob, JD_PRESENCE_CHAT, "call me", 1), 5000);

  resources = jd_presence_table_get_resources (
    jd_presence_get_table (jd_xmpp_client_get_presence (alice->client)), bob->jid);
  g_assert_cmpuint (resources->len, ==, 1);

  /* Unavailable removes the resource. */
  jd_presence_set_own (bob_presence, JD_PRESENCE_UNAVAILABLE, "bye", 0);
  JD_TEST_WAIT_UNTIL (presence_of (alice, bob) == NULL, 5000);
}

static void
test_directed_presence (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");

  /* No subscription, yet directed presence reaches the full JID. */
  g_assert_true (jd_presence_send_directed (jd_xmpp_client_get_presence (bob->client),
                                            jd_test_account_full_jid (alice),
                                            JD_PRESENCE_DND, "direct", 2));
  JD_TEST_WAIT_UNTIL (shows (alice, bob, JD_PRESENCE_DND, "direct", 2), 5000);
}

static const JdMessage *
last_message (JdTestAccount *acc)
{
  return acc->messages->len > 0 ? g_ptr_array_index (acc->messages, acc->messages->len - 1)
                                : NULL;
}

static void
send_message (JdTestAccount *from, JdMessageType type, const char *to, const char *body,
              const char *subject, const char *thread)
{
  g_autoptr (JdMessage) msg = jd_message_new (type, to, body);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  msg->subject = g_strdup (subject);
  msg->thread = g_strdup (thread);
  id = jd_im_send (jd_xmpp_client_get_im (from->client), msg, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static void
test_chat_both_ways (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  const JdMessage *m;

  jd_test_account_befriend (alice, bob);
  send_message (alice, JD_MESSAGE_CHAT, bob->jid, "Hello Bob, ça va? ☎", NULL, "t-1");
  JD_TEST_WAIT_UNTIL (bob->messages->len == 1, 5000);
  m = last_message (bob);
  g_assert_cmpint (m->type, ==, JD_MESSAGE_CHAT);
  g_assert_cmpstr (m->body, ==, "Hello Bob, ça va? ☎");
  g_assert_cmpstr (m->thread, ==, "t-1");
  g_assert_true (g_str_has_prefix (m->from, alice->jid));

  send_message (bob, JD_MESSAGE_CHAT, jd_test_account_full_jid (alice), "Fine <&> thanks", NULL,
                "t-1");
  JD_TEST_WAIT_UNTIL (alice->messages->len == 1, 5000);
  g_assert_cmpstr (last_message (alice)->body, ==, "Fine <&> thanks");

  send_message (alice, JD_MESSAGE_NORMAL, bob->jid, "a letter", "Subject line", NULL);
  JD_TEST_WAIT_UNTIL (bob->messages->len == 2, 5000);
  g_assert_cmpint (last_message (bob)->type, ==, JD_MESSAGE_NORMAL);
  g_assert_cmpstr (last_message (bob)->subject, ==, "Subject line");

  send_message (alice, JD_MESSAGE_HEADLINE, jd_test_account_full_jid (bob), "news", NULL, NULL);
  JD_TEST_WAIT_UNTIL (bob->messages->len == 3, 5000);
  g_assert_cmpint (last_message (bob)->type, ==, JD_MESSAGE_HEADLINE);
  g_assert_cmpstr (last_message (bob)->body, ==, "news");
}

static void
test_message_error_surfaced (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autofree char *nobody = g_strdup_printf ("nobody@%s", jd_test_prosody_get_domain (prosody));

  send_message (alice, JD_MESSAGE_CHAT, nobody, "anyone there?", NULL, NULL);
  JD_TEST_WAIT_UNTIL (alice->messages->len == 1, 5000);
  g_assert_cmpint (last_message (alice)->type, ==, JD_MESSAGE_ERROR);
  g_assert_cmpstr (last_message (alice)->error_condition, ==, "service-unavailable");
}

static void
test_invalid_recipient (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdMessage) msg = jd_message_new (JD_MESSAGE_CHAT, "bad@@jid", "x");
  g_autoptr (GError) error = NULL;
  g_autofree char *id = jd_im_send (jd_xmpp_client_get_im (alice->client), msg, &error);

  g_assert_null (id);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_INVALID_JID);
}

static void
block (JdTestAccount *acc, const char *jid, gboolean do_block)
{
  JdBlocking *blocking = jd_xmpp_client_get_blocking (acc->client);
  const char *jids[] = { jid, NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  if (do_block)
    jd_blocking_block_async (blocking, jids, NULL, jd_test_store_result, &result);
  else
    jd_blocking_unblock_async (blocking, jids, NULL, jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  if (do_block)
    g_assert_true (jd_blocking_block_finish (blocking, result, &error));
  else
    g_assert_true (jd_blocking_unblock_finish (blocking, result, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_blocking_is_blocked (blocking, jid) == do_block, 5000);
}

static void
test_block_stops_messages (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autoptr (JdTestAccount) carol = jd_test_account_fresh (prosody, "carol");
  g_autoptr (GPtrArray) list = NULL;

  jd_test_account_befriend (alice, bob);
  g_assert_true (jd_blocking_is_supported (jd_xmpp_client_get_blocking (bob->client)));
  block (bob, alice->jid, TRUE);
  list = jd_blocking_get_list (jd_xmpp_client_get_blocking (bob->client));
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, alice->jid);

  send_message (alice, JD_MESSAGE_CHAT, bob->jid, "blocked words", NULL, NULL);
  /* Carol's message is sent after Alice's: once it is in, Alice's would be too. */
  send_message (carol, JD_MESSAGE_CHAT, bob->jid, "from carol", NULL, NULL);
  JD_TEST_WAIT_UNTIL (bob->messages->len >= 1, 5000);
  jd_test_run_for (300);
  g_assert_cmpuint (bob->messages->len, ==, 1);
  g_assert_cmpstr (last_message (bob)->body, ==, "from carol");

  block (bob, alice->jid, FALSE);
  send_message (alice, JD_MESSAGE_CHAT, bob->jid, "unblocked now", NULL, NULL);
  JD_TEST_WAIT_UNTIL (bob->messages->len == 2, 5000);
  g_assert_cmpstr (last_message (bob)->body, ==, "unblocked now");
}

static xmpp_stanza_t *
iq_and_wait (JdTestAccount *acc, xmpp_stanza_t *iq, GError **error)
{
  JdXmppConnection *conn = jd_test_account_conn (acc);
  g_autoptr (GAsyncResult) result = NULL;

  jd_xmpp_connection_send_iq_async (conn, iq, NULL, jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  return jd_xmpp_connection_send_iq_finish (conn, result, error);
}

static void
test_unknown_iq_service_unavailable (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  xmpp_ctx_t *ctx = jd_xmpp_connection_get_context (jd_test_account_conn (alice));
  g_autoptr (xmpp_stanza_t) get = jd_stanza_new_iq (ctx, "get", jd_test_account_full_jid (bob),
                                                    "query", "urn:example:unknown");
  g_autoptr (xmpp_stanza_t) set = jd_stanza_new_iq (ctx, "set", jd_test_account_full_jid (bob),
                                                    "frobnicate", "urn:example:unknown");
  g_autoptr (xmpp_stanza_t) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = iq_and_wait (alice, get, &error);
  g_assert_null (reply);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA);
  g_assert_true (g_str_has_prefix (error->message, "service-unavailable"));
  g_clear_error (&error);
  reply = iq_and_wait (alice, set, &error);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA);
  g_assert_true (g_str_has_prefix (error->message, "service-unavailable"));
}

/* Bob's client takes requests in urn:example:slow and answers only when
 * the test says so. */
typedef struct {
  char *id;
  char *from;
} Held;

static JdStanzaResult
hold_request (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  Held *held = user_data;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "get") != 0)
    return JD_STANZA_PASS;
  g_free (held->id);
  g_free (held->from);
  held->id = g_strdup (xmpp_stanza_get_id (stanza));
  held->from = g_strdup (xmpp_stanza_get_from (stanza));
  return JD_STANZA_HANDLED;
}

static void
held_clear (Held *held)
{
  g_free (held->id);
  g_free (held->from);
}

/* Alice asks bob a question in urn:example:slow; returns once bob's
 * client holds it in @held, unanswered.  @result is set when alice's
 * request completes. */
static void
ask_held (JdTestAccount *alice, JdTestAccount *bob, Held *held, GAsyncResult **result)
{
  JdXmppConnection *conn = jd_test_account_conn (alice);
  xmpp_ctx_t *ctx = jd_xmpp_connection_get_context (conn);
  g_autoptr (xmpp_stanza_t) get = jd_stanza_new_iq (ctx, "get", jd_test_account_full_jid (bob),
                                                    "query", "urn:example:slow");

  jd_xmpp_connection_add_handler (jd_test_account_conn (bob), JD_XMPP_PRIORITY_FILTER / 2, "iq",
                                  "urn:example:slow", hold_request, held, NULL);
  jd_xmpp_connection_send_iq_async (conn, get, NULL, jd_test_store_result, result);
  JD_TEST_WAIT_UNTIL (held->id != NULL, 5000);
}

static void
send_result (JdTestAccount *from, const char *to, const char *id)
{
  g_autofree char *xml = g_strdup_printf ("<iq type='result' id='%s' to='%s'/>", id, to);

  jd_test_account_send_raw (from, xml);
}

/* A result with the right id from someone we did not ask is not the
 * answer (RFC 6120 §8.1.2.1: it must come from the addressee): alice's
 * request stays pending until bob answers it. */
static void
test_iq_answer_only_from_addressee (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autoptr (JdTestAccount) mallory = jd_test_account_fresh (prosody, "mallory");
  JdXmppConnection *conn = jd_test_account_conn (alice);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (xmpp_stanza_t) reply = NULL;
  g_autoptr (GError) error = NULL;
  Held held = { NULL, NULL };

  ask_held (alice, bob, &held, &result);
  send_result (mallory, jd_test_account_full_jid (alice), held.id);
  jd_test_run_for (500);
  g_assert_null (result);
  send_result (bob, jd_test_account_full_jid (alice), held.id);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  reply = jd_xmpp_connection_send_iq_finish (conn, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xmpp_stanza_get_from (reply), ==, jd_test_account_full_jid (bob));
  held_clear (&held);
}

/* A request still waiting when we log out completes at once with
 * "disconnected" instead of waiting for its timeout. */
static void
test_iq_pending_fails_on_disconnect (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  JdXmppConnection *conn = jd_test_account_conn (alice);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (xmpp_stanza_t) reply = NULL;
  g_autoptr (GError) error = NULL;
  Held held = { NULL, NULL };

  ask_held (alice, bob, &held, &result);
  jd_xmpp_connection_disconnect (conn);
  JD_TEST_WAIT_UNTIL (result != NULL, 2000);
  reply = jd_xmpp_connection_send_iq_finish (conn, result, &error);
  g_assert_null (reply);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED);
  held_clear (&held);
}

static void
test_foreign_roster_push_ignored (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) mallory = jd_test_account_fresh (prosody, "mallory");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  xmpp_ctx_t *ctx = jd_xmpp_connection_get_context (jd_test_account_conn (mallory));
  g_autoptr (xmpp_stanza_t) push = jd_stanza_new_iq (ctx, "set", jd_test_account_full_jid (bob),
                                                     "query", JD_NS_ROSTER);
  g_autoptr (JdRosterItem) item = jd_roster_item_new ("evil@example.com", "Evil", NULL);
  g_autoptr (xmpp_stanza_t) reply = NULL;
  g_autoptr (GError) error = NULL;
  JdRosterTable *table = jd_roster_get_table (jd_xmpp_client_get_roster (bob->client));

  jd_roster_item_build (item, jd_stanza_get_child (push, "query", JD_NS_ROSTER));
  reply = iq_and_wait (mallory, push, &error);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA);
  g_assert_null (jd_roster_table_lookup (table, "evil@example.com"));
  g_assert_cmpuint (jd_roster_table_size (table), ==, 0);
}

static void
test_roster_edit (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  JdRoster *roster = jd_xmpp_client_get_roster (alice->client);
  JdRosterTable *table = jd_roster_get_table (roster);
  const char *groups[] = { "Friends", "Work", NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  const JdRosterItem *item;

  jd_roster_set_item_async (roster, "Zed@Example.COM", "Zed", groups, NULL, jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  g_assert_true (jd_roster_set_item_finish (roster, result, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_roster_table_lookup (table, "zed@example.com") != NULL, 5000);
  item = jd_roster_table_lookup (table, "zed@example.com");
  g_assert_cmpstr (item->name, ==, "Zed");
  g_assert_cmpuint (g_strv_length (item->groups), ==, 2);
  g_assert_cmpint (item->subscription, ==, JD_SUBSCRIPTION_NONE);

  g_clear_object (&result);
  jd_roster_remove_item_async (roster, "zed@example.com", NULL, jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  g_assert_true (jd_roster_remove_item_finish (roster, result, &error));
  JD_TEST_WAIT_UNTIL (jd_roster_table_lookup (table, "zed@example.com") == NULL, 5000);
}

static void
test_subscription_policy (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autoptr (JdTestAccount) carol = jd_test_account_fresh (prosody, "carol");
  g_autofree char *denied = g_strdup_printf ("%s unsubscribed", bob->jid);

  jd_roster_set_policy (jd_xmpp_client_get_roster (bob->client), JD_SUBSCRIPTION_POLICY_DENY);
  jd_roster_subscribe (jd_xmpp_client_get_roster (alice->client), bob->jid);
  JD_TEST_WAIT_UNTIL (alice->sub_notices->len == 1, 5000);
  g_assert_cmpstr (g_ptr_array_index (alice->sub_notices, 0), ==, denied);
  g_assert_cmpuint (bob->sub_requests->len, ==, 0);

  /* approve-roster: a contact bob already lists is approved without asking. */
  jd_roster_set_policy (jd_xmpp_client_get_roster (bob->client),
                        JD_SUBSCRIPTION_POLICY_APPROVE_ROSTER);
  jd_roster_subscribe (jd_xmpp_client_get_roster (bob->client), carol->jid);
  JD_TEST_WAIT_UNTIL (carol->sub_requests->len == 1, 5000);
  jd_roster_subscribe (jd_xmpp_client_get_roster (carol->client), bob->jid);
  JD_TEST_WAIT_UNTIL (carol->sub_notices->len >= 1, 5000);
  g_assert_cmpuint (bob->sub_requests->len, ==, 0);
}

static void
test_garbage_does_not_hurt (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autofree char *to = g_strdup (jd_test_account_full_jid (bob));
  const char *const junk[] = {
    "<iq type='set' id='a1' to='%s'/>",
    "<iq type='result' id='never-asked' to='%s'><query xmlns='jabber:iq:roster'/></iq>",
    "<iq type='error' id='never-asked-2' to='%s'/>",
    "<iq type='get' id='a2' to='%s'><query xmlns='jabber:iq:roster'/></iq>",
    "<iq type='set' id='a3' to='%s'><query xmlns='jabber:iq:roster'><item/></query></iq>",
    "<iq type='get' id='a4' to='%s'><query xmlns='http://jabber.org/protocol/disco#info' node='bogus'/></iq>",
    "<message to='%s' type='bogus'><body/></message>",
    "<message to='%s'><subject><b>nested</b></subject></message>",
    "<presence to='%s'><priority>9999999999</priority><show>sleepy</show></presence>",
    "<presence to='%s' type='subscribed'/>",
    "<presence to='%s'><c xmlns='http://jabber.org/protocol/caps' hash='md99' node='x' ver='%%'/></presence>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      g_autoptr (GString) xml = g_string_new (junk[i]);

      g_string_replace (xml, "%s", to, 0);

      jd_test_account_send_raw (alice, xml->str);
    }
  jd_test_run_for (300);
  /* Still alive and answering. */
  send_message (alice, JD_MESSAGE_CHAT, to, "still there?", NULL, NULL);
  JD_TEST_WAIT_UNTIL (last_message (bob) != NULL &&
                        g_strcmp0 (last_message (bob)->body, "still there?") == 0, 5000);
  g_assert_cmpint (jd_xmpp_connection_get_state (jd_test_account_conn (bob)), ==,
                   JD_XMPP_STATE_READY);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/xmpp/presence/after-subscription", prosody,
                        test_presence_after_subscription);
  g_test_add_data_func ("/xmpp/presence/directed", prosody, test_directed_presence);
  g_test_add_data_func ("/xmpp/im/chat-both-ways", prosody, test_chat_both_ways);
  g_test_add_data_func ("/xmpp/im/error-surfaced", prosody, test_message_error_surfaced);
  g_test_add_data_func ("/xmpp/im/invalid-recipient", prosody, test_invalid_recipient);
  g_test_add_data_func ("/xmpp/blocking/stops-messages", prosody, test_block_stops_messages);
  g_test_add_data_func ("/xmpp/iq/answer-only-from-addressee", prosody,
                        test_iq_answer_only_from_addressee);
  g_test_add_data_func ("/xmpp/iq/pending-fails-on-disconnect", prosody,
                        test_iq_pending_fails_on_disconnect);
  g_test_add_data_func ("/xmpp/iq/unknown-service-unavailable", prosody,
                        test_unknown_iq_service_unavailable);
  g_test_add_data_func ("/xmpp/roster/foreign-push-ignored", prosody,
                        test_foreign_roster_push_ignored);
  g_test_add_data_func ("/xmpp/roster/edit", prosody, test_roster_edit);
  g_test_add_data_func ("/xmpp/roster/subscription-policy", prosody, test_subscription_policy);
  g_test_add_data_func ("/xmpp/robustness/garbage", prosody, test_garbage_does_not_hurt);
  return g_test_run ();
}
