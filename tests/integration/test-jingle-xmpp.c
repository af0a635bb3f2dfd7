/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Jingle signalling through a real Prosody: alice calls bob, bob accepts,
 * alice hangs up; every request is acknowledged with an IQ result that
 * came back through the server.  Unknown sessions get the XEP-0166 error.
 */
#include "jd-test-xmpp.h"
#include "jingle/jd-jingle-xmpp.h"

typedef struct {
  JdJingleSession *incoming;
  guint terminated;
  JdJingleReasonType reason;
  GPtrArray *actions;        /* JdJingleAction as guint */
  guint failures;
} Observer;

static void
on_remote_action (JdJingleSession *s, const JdJingleMessage *msg, Observer *o)
{
  g_ptr_array_add (o->actions, GUINT_TO_POINTER (msg->action));
}

static void
on_terminated (JdJingleSession *s, const JdJingleReason *reason, gboolean by_peer, Observer *o)
{
  o->terminated++;
  o->reason = reason->type;
}

static void
on_failed (JdJingleSession *s, guint action, const GError *error, Observer *o)
{
  g_test_message ("request %s failed: %s", jd_jingle_action_to_string (action), error->message);
  o->failures++;
}

static void
watch (JdJingleSession *s, Observer *o)
{
  g_signal_connect (s, "remote-action", G_CALLBACK (on_remote_action), o);
  g_signal_connect (s, "terminated", G_CALLBACK (on_terminated), o);
  g_signal_connect (s, "request-failed", G_CALLBACK (on_failed), o);
}

static void
on_incoming (JdJingleManager *m, JdJingleSession *s, const JdJingleMessage *msg, Observer *o)
{
  o->incoming = g_object_ref (s);
  watch (s, o);
}

static GPtrArray *
audio_contents (void)
{
  GPtrArray *contents = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_content_free);
  JdJingleContent *c = jd_jingle_content_new ("audio", JD_JINGLE_CREATOR_INITIATOR);

  c->description = jd_jingle_rtp_description_new (JD_JINGLE_MEDIA_AUDIO);
  g_ptr_array_add (c->description->payload_types,
                   jd_jingle_payload_type_new (111, "opus", 48000, 2));
  c->transport = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_ICE_UDP);
  c->transport->ufrag = g_strdup ("ufrag1");
  c->transport->pwd = g_strdup ("a-long-enough-ice-password");
  g_ptr_array_add (contents, c);
  return contents;
}

static void
test_call_through_server (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autoptr (JdJingleManager) ma = jd_jingle_manager_new_for_client (alice->client);
  g_autoptr (JdJingleManager) mb = jd_jingle_manager_new_for_client (bob->client);
  g_autoptr (GPtrArray) offer = audio_contents ();
  g_autoptr (GPtrArray) answer = audio_contents ();
  g_autoptr (GError) error = NULL;
  Observer oa = { .actions = g_ptr_array_new () }, ob = { .actions = g_ptr_array_new () };
  JdJingleSession *sa;

  g_signal_connect (mb, "incoming-session", G_CALLBACK (on_incoming), &ob);
  sa = jd_jingle_manager_initiate (ma, jd_test_account_full_jid (bob), offer, &error);
  g_assert_no_error (error);
  watch (sa, &oa);
  JD_TEST_WAIT_UNTIL (ob.incoming != NULL, 5000);
  g_assert_cmpstr (jd_jingle_session_get_peer (ob.incoming), ==, jd_test_account_full_jid (alice));
  JD_TEST_WAIT_UNTIL (jd_jingle_manager_get_acknowledged (ma) == 1, 5000);   /* session-initiate */

  g_assert_true (jd_jingle_session_accept (ob.incoming, answer, &error));
  JD_TEST_WAIT_UNTIL (oa.actions->len == 1, 5000);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_ptr_array_index (oa.actions, 0)), ==,
                    JD_JINGLE_ACTION_SESSION_ACCEPT);
  JD_TEST_WAIT_UNTIL (jd_jingle_manager_get_acknowledged (mb) == 1, 5000);   /* session-accept */
  g_assert_cmpint (jd_jingle_session_get_state (sa), ==, JD_JINGLE_STATE_ACTIVE);

  g_assert_true (jd_jingle_session_terminate (sa, JD_JINGLE_REASON_SUCCESS, NULL, &error));
  JD_TEST_WAIT_UNTIL (ob.terminated == 1, 5000);
  g_assert_cmpint (ob.reason, ==, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_jingle_manager_get_acknowledged (ma) == 2, 5000);   /* session-terminate */
  g_assert_cmpuint (oa.failures + ob.failures, ==, 0);
  g_assert_cmpuint (jd_jingle_manager_count_sessions (ma), ==, 0);
  g_assert_cmpuint (jd_jingle_manager_count_sessions (mb), ==, 0);

  g_clear_object (&ob.incoming);
  g_ptr_array_unref (oa.actions);
  g_ptr_array_unref (ob.actions);
}

static void
test_unknown_session_through_server (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_fresh (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autoptr (JdJingleManager) mb = jd_jingle_manager_new_for_client (bob->client);
  JdXmppConnection *conn = jd_test_account_conn (alice);
  g_autofree char *xml = g_strdup_printf (
    "<iq type='set' to='%s' id='ts1'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' "
    "sid='never-was'><content creator='initiator' name='audio'><transport "
    "xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='x' pwd='y'/></content></jingle></iq>",
    jd_test_account_full_jid (bob));
  g_autoptr (xmpp_stanza_t) iq = xmpp_stanza_new_from_string (jd_xmpp_connection_get_context (conn),
                                                              xml);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (xmpp_stanza_t) reply = NULL;

  jd_xmpp_connection_send_iq_async (conn, iq, NULL, jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  reply = jd_xmpp_connection_send_iq_finish (conn, result, &error);
  g_assert_null (reply);
  g_assert_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STANZA);
  g_assert_true (g_str_has_prefix (error->message, "item-not-found"));
}

static void
test_disco_advertises_jingle (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) bob = jd_test_account_fresh (prosody, "bob");
  g_autoptr (JdJingleManager) mb = jd_jingle_manager_new_for_client (bob->client);

  g_assert_true (jd_disco_info_has_feature (
    jd_disco_get_own_info (jd_xmpp_client_get_disco (bob->client)), JD_NS_JINGLE));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/jingle/xmpp/call-through-server", prosody, test_call_through_server);
  g_test_add_data_func ("/jingle/xmpp/unknown-session", prosody,
                        test_unknown_session_through_server);
  g_test_add_data_func ("/jingle/xmpp/disco-advertises-jingle", prosody,
                        test_disco_advertises_jingle);
  return g_test_run ();
}
