/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Credentials never reach the log, and the libstrophe log lines we rely
 * on are recognised.
 */
#include <string.h>

#include "jd-xmpp-log.h"
#include "jd-blocking.h"

static void
test_redacts_sasl (void)
{
  const char *const lines[] = {
    "SENT: <auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" mechanism=\"PLAIN\">AGFsaWNlAHNlY3JldA==</auth>",
    "SENT: <response xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">Yz1iaXdzLHI9c2VjcmV0</response>",
    "RECV: <challenge xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">cj1zZWNyZXQ=</challenge>",
    "RECV: <success xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">dj1zZWNyZXQ=</success>",
    "SENT: <iq type=\"set\"><query xmlns=\"jabber:iq:auth\"><username>a</username><password>hunter2</password></query></iq>",
  };
  const char *const secrets[] = { "AGFsaWNl", "Yz1iaXdz", "cj1zZWNy", "dj1zZWNy", "hunter2" };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *safe = jd_xmpp_log_redact (lines[i]);

      g_assert_null (strstr (safe, secrets[i]));
      g_assert_nonnull (strstr (safe, "[redacted]"));
    }
}

static void
test_keeps_the_rest (void)
{
  const char *line = "RECV: <message from=\"a@b\"><body>authentic response</body></message>";
  g_autofree char *safe = jd_xmpp_log_redact (line);
  g_autofree char *empty = jd_xmpp_log_redact ("SENT: <auth mechanism=\"EXTERNAL\"/>");

  g_assert_cmpstr (safe, ==, line);
  g_assert_cmpstr (empty, ==, "SENT: <auth mechanism=\"EXTERNAL\"/>");
}

static void
test_classify (void)
{
  g_autofree char *cond = NULL;
  const char *fail = "RECV: <failure xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\"><not-authorized/></failure>";

  g_assert_cmpint (jd_xmpp_log_classify ("xmpp", fail), ==, JD_STROPHE_EVENT_SASL_FAILURE);
  cond = jd_xmpp_log_sasl_condition (fail);
  g_assert_cmpstr (cond, ==, "not-authorized");
  g_assert_cmpint (jd_xmpp_log_classify ("xmpp", "Session resumed successfully."), ==,
                   JD_STROPHE_EVENT_SESSION_RESUMED);
  g_assert_cmpint (jd_xmpp_log_classify ("xmpp", "RECV: <failure xmlns=\"urn:xmpp:sm:3\"/>"), ==,
                   JD_STROPHE_EVENT_NONE);
  g_assert_cmpint (jd_xmpp_log_classify ("xmpp", "connection failed, error 111"), ==,
                   JD_STROPHE_EVENT_CONNECT_FAILED);
  g_assert_cmpint (jd_xmpp_log_connect_errno ("connection failed, error 111"), ==, 111);
  g_assert_cmpint (jd_xmpp_log_connect_errno ("connection failed, error x"), ==, 0);
}

static void
test_blocking_match (void)
{
  /* XEP-0191 §3.3 with RFC 6121-style JID matching. */
  g_assert_true (jd_blocking_item_matches ("example.com", "example.com"));
  g_assert_true (jd_blocking_item_matches ("example.com", "a@example.com/r"));
  g_assert_true (jd_blocking_item_matches ("a@example.com", "A@Example.com/phone"));
  g_assert_true (jd_blocking_item_matches ("a@example.com/r", "a@example.com/r"));
  g_assert_false (jd_blocking_item_matches ("a@example.com/r", "a@example.com/s"));
  g_assert_false (jd_blocking_item_matches ("a@example.com/r", "a@example.com"));
  g_assert_false (jd_blocking_item_matches ("a@example.com", "b@example.com"));
  g_assert_false (jd_blocking_item_matches ("a@example.com", "a@example.org"));
  g_assert_true (jd_blocking_item_matches ("example.com/r", "example.com/r"));
  g_assert_false (jd_blocking_item_matches ("example.com", "not a jid@@"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xmpp/log/redacts-credentials", test_redacts_sasl);
  g_test_add_func ("/xmpp/log/keeps-the-rest", test_keeps_the_rest);
  g_test_add_func ("/xmpp/log/classify", test_classify);
  g_test_add_func ("/xmpp/blocking/match", test_blocking_match);
  return g_test_run ();
}
