/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XEP-0030 answers and XEP-0115 capabilities between real clients: what
 * we advertise hashes to the ver we announce, peers' caps are cached by
 * ver only when the hash verifies, and a forged ver is never cached.
 */
#include "jd-test-xmpp.h"
#include "xmpp/jd-caps-hash.h"

static JdDiscoInfo *
query_info (JdTestAccount *from, const char *jid, const char *node, GError **error)
{
  JdDisco *disco = jd_xmpp_client_get_disco (from->client);
  g_autoptr (GAsyncResult) result = NULL;

  jd_disco_query_info_async (disco, jid, node, NULL, jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  return jd_disco_query_info_finish (disco, result, error);
}

static void
test_disco_info_answer (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  JdDisco *bob_disco = jd_xmpp_client_get_disco (bob->client);
  g_autofree char *node = g_strdup_printf ("%s#%s", JD_CAPS_NODE, jd_disco_get_ver (bob_disco));
  g_autoptr (JdDiscoInfo) info = NULL;
  g_autoptr (JdDiscoInfo) by_node = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ver = NULL;
  const JdDiscoIdentity *id;

  info = query_info (alice, jd_test_account_full_jid (bob), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->identities->len, ==, 1);
  id = g_ptr_array_index (info->identities, 0);
  g_assert_cmpstr (id->category, ==, "client");
  g_assert_cmpstr (id->type, ==, "pc");
  g_assert_true (jd_disco_info_has_feature (info, "urn:xmpp:ping"));
  g_assert_true (jd_disco_info_has_feature (info, JD_NS_CAPS));
  g_assert_true (jd_disco_info_has_feature (info, JD_NS_DISCO_INFO));
  ver = jd_caps_compute_ver (info, G_CHECKSUM_SHA1);
  g_assert_cmpstr (ver, ==, jd_disco_get_ver (bob_disco));

  by_node = query_info (alice, jd_test_account_full_jid (bob), node, &error);
  g_assert_no_error (error);
  g_assert_true (jd_disco_info_equal (info, by_node) || by_node->node != NULL);

  g_clear_pointer (&info, jd_disco_info_free);
  info = query_info (alice, jd_test_account_full_jid (bob), "no-such-node", &error);
  g_assert_null (info);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA);
  g_assert_true (g_str_has_prefix (error->message, "item-not-found"));
}

static void
test_caps_cached_and_updated (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  JdCaps *caps = jd_xmpp_client_get_caps (alice->client);
  JdDisco *bob_disco = jd_xmpp_client_get_disco (bob->client);
  g_autofree char *old_ver = g_strdup (jd_disco_get_ver (bob_disco));

  jd_test_account_befriend (alice, bob);
  JD_TEST_WAIT_UNTIL (jd_caps_get_info (caps, jd_test_account_full_jid (bob)) != NULL, 5000);
  g_assert_true (jd_caps_is_cached (caps, old_ver));
  g_assert_true (jd_caps_jid_has_feature (caps, jd_test_account_full_jid (bob), "urn:xmpp:ping"));
  g_assert_false (jd_caps_jid_has_feature (caps, jd_test_account_full_jid (bob),
                                           "urn:xmpp:jingle:1"));

  /* A new feature means a new ver and a new presence (XEP-0115 §4). */
  jd_disco_add_feature (bob_disco, "urn:xmpp:jingle:1");
  g_assert_cmpstr (old_ver, !=, jd_disco_get_ver (bob_disco));
  JD_TEST_WAIT_UNTIL (jd_caps_jid_has_feature (caps, jd_test_account_full_jid (bob),
                                               "urn:xmpp:jingle:1"), 5000);
  g_assert_true (jd_caps_is_cached (caps, jd_disco_get_ver (bob_disco)));
}

/* Plays a client whose <c/> lies: it answers disco#info for the forged
 * node with its real features, which do not hash to the announced ver. */
static JdStanzaResult
on_forged_query (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdDisco *disco = user_data;
  xmpp_stanza_t *query = jd_stanza_get_child (stanza, "query", JD_NS_DISCO_INFO);
  g_autoptr (xmpp_stanza_t) reply = NULL;
  xmpp_stanza_t *answer;

  if (g_strcmp0 (xmpp_stanza_get_attribute (query, "node"), "urn:example:liar#Zm9yZ2Vk") != 0)
    return JD_STANZA_PASS;
  reply = jd_stanza_iq_result (stanza);
  answer = jd_disco_info_build (jd_xmpp_connection_get_context (conn),
                                jd_disco_get_own_info (disco));
  xmpp_stanza_set_attribute (answer, "node", "urn:example:liar#Zm9yZ2Vk");
  xmpp_stanza_add_child (reply, answer);
  xmpp_stanza_release (answer);
  jd_xmpp_connection_send (conn, reply);
  return JD_STANZA_HANDLED;
}

static void
test_forged_ver_not_cached (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) liar = jd_test_account_fresh (prosody, "liar");
  JdCaps *caps = jd_xmpp_client_get_caps (alice->client);
  g_autofree char *xml = NULL;

  jd_xmpp_connection_add_handler (jd_test_account_conn (liar), -50, "iq", JD_NS_DISCO_INFO,
                                  on_forged_query, jd_xmpp_client_get_disco (liar->client), NULL);
  xml = g_strdup_printf ("<presence to='%s'><c xmlns='http://jabber.org/protocol/caps' "
                         "hash='sha-1' node='urn:example:liar' ver='Zm9yZ2Vk'/></presence>",
                         jd_test_account_full_jid (alice));
  jd_test_account_send_raw (liar, xml);
  JD_TEST_WAIT_UNTIL (jd_caps_get_info (caps, jd_test_account_full_jid (liar)) != NULL, 5000);
  /* Used for the liar itself, never cached for others announcing that ver. */
  g_assert_false (jd_caps_is_cached (caps, "Zm9yZ2Vk"));
  g_assert_true (jd_caps_jid_has_feature (caps, jd_test_account_full_jid (liar), "urn:xmpp:ping"));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/xmpp/disco/info-answer", prosody, test_disco_info_answer);
  g_test_add_data_func ("/xmpp/caps/cached-and-updated", prosody, test_caps_cached_and_updated);
  g_test_add_data_func ("/xmpp/caps/forged-ver-not-cached", prosody, test_forged_ver_not_cached);
  return g_test_run ();
}
