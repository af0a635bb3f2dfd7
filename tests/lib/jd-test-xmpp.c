/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-xmpp.h"

#define LOGIN_TIMEOUT_MS 10000

JdXmppSettings *
jd_test_account_settings (JdTestProsody *prosody, const char *user)
{
  g_autofree char *jid = jd_test_prosody_jid (prosody, user);
  g_autofree char *password = jd_test_prosody_password (prosody, user);
  JdXmppSettings *s = jd_xmpp_settings_new (jid, password);

  s->host = g_strdup ("127.0.0.1");
  s->port = jd_test_prosody_get_port (prosody);
  s->cafile = g_strdup (jd_test_prosody_get_cafile (prosody));
  s->ping_interval = 0;
  s->backoff_min_ms = 100;
  s->backoff_max_ms = 1000;
  return s;
}

static void
on_message (JdIm *im, const JdMessage *msg, JdTestAccount *acc)
{
  g_ptr_array_add (acc->messages, jd_message_copy (msg));
}

static void
on_sub_request (JdRoster *roster, const char *jid, JdTestAccount *acc)
{
  g_ptr_array_add (acc->sub_requests, g_strdup (jid));
}

static void
on_sub_notice (JdRoster *roster, const char *jid, const char *type, JdTestAccount *acc)
{
  g_ptr_array_add (acc->sub_notices, g_strdup_printf ("%s %s", jid, type));
}

static void
on_ready (JdXmppConnection *conn, gboolean resumed, JdTestAccount *acc)
{
  acc->ready_count++;
  acc->last_resumed = resumed;
}

static void
on_disconnected (JdXmppConnection *conn, const GError *error, gboolean will_reconnect,
                 JdTestAccount *acc)
{
  acc->disconnected_count++;
  g_clear_error (&acc->last_error);
  if (error != NULL)
    acc->last_error = g_error_copy (error);
}

static void
on_presence_changed (JdPresence *presence, const char *jid, gpointer info, JdTestAccount *acc)
{
  acc->presence_changes++;
}

JdTestAccount *
jd_test_account_new_with (const JdXmppSettings *settings)
{
  JdTestAccount *acc = g_new0 (JdTestAccount, 1);

  acc->client = jd_xmpp_client_new (settings, "pc");
  acc->jid = g_strdup (jd_xmpp_connection_get_bare_jid (jd_test_account_conn (acc)));
  acc->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_message_free);
  acc->sub_requests = g_ptr_array_new_with_free_func (g_free);
  acc->sub_notices = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (jd_xmpp_client_get_im (acc->client), "message", G_CALLBACK (on_message), acc);
  g_signal_connect (jd_xmpp_client_get_roster (acc->client), "subscription-request",
                    G_CALLBACK (on_sub_request), acc);
  g_signal_connect (jd_xmpp_client_get_roster (acc->client), "subscription-notice",
                    G_CALLBACK (on_sub_notice), acc);
  g_signal_connect (jd_test_account_conn (acc), "ready", G_CALLBACK (on_ready), acc);
  g_signal_connect (jd_test_account_conn (acc), "disconnected", G_CALLBACK (on_disconnected), acc);
  g_signal_connect (jd_xmpp_client_get_presence (acc->client), "changed",
                    G_CALLBACK (on_presence_changed), acc);
  return acc;
}

JdTestAccount *
jd_test_account_new (JdTestProsody *prosody, const char *user)
{
  g_autoptr (JdXmppSettings) settings = jd_test_account_settings (prosody, user);

  return jd_test_account_new_with (settings);
}

JdTestAccount *
jd_test_account_fresh (JdTestProsody *prosody, const char *tag)
{
  static guint counter;
  g_autofree char *user = g_strdup_printf ("%s%u", tag, ++counter);
  g_autoptr (GError) error = NULL;
  JdTestAccount *acc;

  if (!jd_test_prosody_register (prosody, user, &error))
    g_error ("cannot register %s: %s", user, error->message);
  acc = jd_test_account_new (prosody, user);
  jd_test_account_login (acc);
  return acc;
}

void
jd_test_account_free (JdTestAccount *acc)
{
  if (acc == NULL)
    return;
  g_signal_handlers_disconnect_by_data (jd_test_account_conn (acc), acc);
  g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_im (acc->client), acc);
  g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_roster (acc->client), acc);
  g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_presence (acc->client), acc);
  jd_xmpp_client_disconnect (acc->client);
  /* Let the closing handshake leave before the objects go. */
  JD_TEST_WAIT_UNTIL (jd_xmpp_connection_get_state (jd_test_account_conn (acc)) ==
                        JD_XMPP_STATE_DISCONNECTED, 5000);
  g_object_unref (acc->client);
  g_ptr_array_unref (acc->messages);
  g_ptr_array_unref (acc->sub_requests);
  g_ptr_array_unref (acc->sub_notices);
  g_clear_error (&acc->last_error);
  g_free (acc->jid);
  g_free (acc);
}

void
jd_test_account_login (JdTestAccount *acc)
{
  JdXmppConnection *conn = jd_test_account_conn (acc);

  jd_xmpp_client_connect (acc->client);
  JD_TEST_WAIT_UNTIL (jd_xmpp_connection_get_state (conn) == JD_XMPP_STATE_READY ||
                        acc->last_error != NULL, LOGIN_TIMEOUT_MS);
  if (acc->last_error != NULL)
    g_error ("%s could not log in: %s", acc->jid, acc->last_error->message);
  JD_TEST_WAIT_UNTIL (jd_roster_is_loaded (jd_xmpp_client_get_roster (acc->client)),
                      LOGIN_TIMEOUT_MS);
}

JdXmppConnection *
jd_test_account_conn (JdTestAccount *acc)
{
  return jd_xmpp_client_get_connection (acc->client);
}

const char *
jd_test_account_full_jid (JdTestAccount *acc)
{
  return jd_xmpp_connection_get_bound_jid (jd_test_account_conn (acc));
}

static gboolean
has_string (GPtrArray *array, const char *str)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), str) == 0)
      return TRUE;
  return FALSE;
}

static JdSubscription
subscription_of (JdTestAccount *acc, const char *jid)
{
  const JdRosterItem *item =
    jd_roster_table_lookup (jd_roster_get_table (jd_xmpp_client_get_roster (acc->client)), jid);

  return item != NULL ? item->subscription : JD_SUBSCRIPTION_REMOVE;
}

static void
one_way (JdTestAccount *from, JdTestAccount *to)
{
  g_assert_true (jd_roster_subscribe (jd_xmpp_client_get_roster (from->client), to->jid));
  JD_TEST_WAIT_UNTIL (has_string (to->sub_requests, from->jid), 5000);
  g_assert_true (jd_roster_approve (jd_xmpp_client_get_roster (to->client), from->jid));
}

void
jd_test_account_befriend (JdTestAccount *a, JdTestAccount *b)
{
  one_way (a, b);
  one_way (b, a);
  JD_TEST_WAIT_UNTIL (subscription_of (a, b->jid) == JD_SUBSCRIPTION_BOTH &&
                        subscription_of (b, a->jid) == JD_SUBSCRIPTION_BOTH, 5000);
}

void
jd_test_account_send_raw (JdTestAccount *acc, const char *xml)
{
  JdXmppConnection *conn = jd_test_account_conn (acc);
  g_autoptr (xmpp_stanza_t) stanza =
    xmpp_stanza_new_from_string (jd_xmpp_connection_get_context (conn), xml);

  g_assert_nonnull (stanza);
  g_assert_true (jd_xmpp_connection_send (conn, stanza));
}
