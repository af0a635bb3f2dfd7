/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Logging in to a real Prosody on 127.0.0.1: STARTTLS with a verified
 * certificate, and the typed errors a user sees when it cannot work.
 */
#include <gio/gio.h>

#include "jd-test-xmpp.h"

static void
test_login_starttls (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdTestAccount) alice = jd_test_account_new (prosody, "alice");
  g_autofree char *prefix = NULL;

  jd_test_account_login (alice);
  g_assert_true (jd_xmpp_connection_is_secure (jd_test_account_conn (alice)));
  prefix = g_strdup_printf ("%s/", alice->jid);
  g_assert_true (g_str_has_prefix (jd_test_account_full_jid (alice), prefix));
  g_assert_cmpuint (strlen (jd_test_account_full_jid (alice)), >, strlen (prefix));
  g_assert_cmpuint (alice->ready_count, ==, 1);
  g_assert_false (alice->last_resumed);
}

static void
test_login_resource (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdXmppSettings) s = jd_test_account_settings (prosody, "alice");
  g_autoptr (JdTestAccount) alice = NULL;
  g_autofree char *want = NULL;

  want = g_strdup_printf ("%s/desk", s->jid);
  g_free (s->jid);
  s->jid = g_strdup (want);
  alice = jd_test_account_new_with (s);
  jd_test_account_login (alice);
  g_assert_cmpstr (jd_test_account_full_jid (alice), ==, want);
}

static void
wait_for_error (JdTestAccount *acc)
{
  jd_xmpp_client_connect (acc->client);
  JD_TEST_WAIT_UNTIL (acc->last_error != NULL, 10000);
}

static void
test_wrong_password (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdXmppSettings) s = jd_test_account_settings (prosody, "bob");
  g_autoptr (JdTestAccount) bob = NULL;

  g_free (s->password);
  s->password = g_strdup ("not-the-password");
  bob = jd_test_account_new_with (s);
  wait_for_error (bob);
  g_assert_error (bob->last_error, JD_XMPP_ERROR, JD_XMPP_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (bob->last_error->message, "not-authorized"));
  /* Retrying cannot fix a password: it must stop, not hammer the server. */
  g_assert_cmpint (jd_xmpp_connection_get_state (jd_test_account_conn (bob)), ==,
                   JD_XMPP_STATE_DISCONNECTED);
  jd_test_run_for (500);
  g_assert_cmpuint (bob->disconnected_count, ==, 1);
}

static void
test_untrusted_certificate (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdXmppSettings) s = jd_test_account_settings (prosody, "bob");
  g_autoptr (JdTestAccount) bob = NULL;

  /* The system store does not know the harness CA. */
  g_clear_pointer (&s->cafile, g_free);
  bob = jd_test_account_new_with (s);
  wait_for_error (bob);
  g_assert_error (bob->last_error, JD_XMPP_ERROR, JD_XMPP_ERROR_CERTIFICATE);
  g_assert_cmpint (jd_xmpp_connection_get_state (jd_test_account_conn (bob)), ==,
                   JD_XMPP_STATE_DISCONNECTED);
}

static guint16
closed_port (void)
{
  g_autoptr (GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (sock, addr, FALSE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  /* Bound, never listening: connections are refused. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_unreachable (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autoptr (JdXmppSettings) s = jd_test_account_settings (prosody, "carol");
  g_autoptr (JdTestAccount) carol = NULL;
  g_autoptr (GSocket) keep = NULL;

  s->port = closed_port ();
  carol = jd_test_account_new_with (s);
  wait_for_error (carol);
  g_assert_error (carol->last_error, JD_XMPP_ERROR, JD_XMPP_ERROR_UNREACHABLE);
  /* A server that is down may come back: keep trying. */
  g_assert_cmpint (jd_xmpp_connection_get_state (jd_test_account_conn (carol)), ==,
                   JD_XMPP_STATE_WAITING);
  JD_TEST_WAIT_UNTIL (carol->disconnected_count >= 2, 5000);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/xmpp/login/starttls", prosody, test_login_starttls);
  g_test_add_data_func ("/xmpp/login/resource", prosody, test_login_resource);
  g_test_add_data_func ("/xmpp/login/wrong-password", prosody, test_wrong_password);
  g_test_add_data_func ("/xmpp/login/untrusted-certificate", prosody, test_untrusted_certificate);
  g_test_add_data_func ("/xmpp/login/unreachable", prosody, test_unreachable);
  return g_test_run ();
}
