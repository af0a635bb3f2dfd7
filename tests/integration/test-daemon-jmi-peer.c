/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The Jingle session that follows a call proposed with XEP-0353 Jingle
 * Message Initiation, against a caller that does not behave: a real
 * jingled logged in as bob (calls from alice ring; answered, hung up or
 * rejected over D-Bus) and alice played by scripted peers
 * (jd-test-replay.h) sending Dino 0.4.2's captured propose and
 * session-initiate (tests/data/interop/dino-0.4.2/).
 *
 * Only the session-initiate whose sid is the proposal's id, from the
 * full JID bob proceeded to, while bob's call waits for it, becomes that
 * call: any other with the id of a proposal bob knows (from another
 * resource of alice, after bob hung up, rejected, or answered on
 * another device, before he answered) is terminated at once and never
 * rings; one with an unrelated sid is an
 * ordinary Jingle call.  A session that never comes ends the call after
 * connect-timeout.
 */
#include <string.h>

#include <gst/gst.h>

#include "jd-test-daemon-call.h"
#include "jd-test-daemon-suite.h"
#include "jd-test-replay.h"
#include "jd-test-util.h"
#include "xmpp/jd-jid.h"
#include "xmpp/jd-stanza.h"

#define GRACE_MS 500
#define CALL_TIMEOUT_MS JD_TEST_DAEMON_CALL_TIMEOUT_MS
/* What bob's call must not do is seen within this. */
#define QUIET_MS 500
#define CONNECT_TIMEOUT_S 2
#define NS_JINGLE "urn:xmpp:jingle:1"
#define NS_JMI "urn:xmpp:jingle-message:0"
#define CAPTURE "call-audio.xml"
#define ACTOR "alice@localhost"
#define SYNC G_DBUS_CALL_FLAGS_NONE, -1

static JdTestProsody *prosody;

typedef struct {
  JdTestDaemon *bob;
  JdTestIncoming bob_in;        /* Account1::IncomingCall */
  guint calls_added;            /* Manager1::CallAdded */
  JdTestDaemonCall b;           /* bob's call of alice's proposal */
  JdTestReplay *alice;          /* the resource that proposes */
  JdTestReplay *alice2;         /* another resource of alice */
  JdTestReplay *bob2;           /* another device of bob's account */
} Fixture;

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->alice, jd_test_replay_free);
  g_clear_pointer (&f->alice2, jd_test_replay_free);
  g_clear_pointer (&f->bob2, jd_test_replay_free);
  if (f->bob != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->bob->account, &f->bob_in);
      g_signal_handlers_disconnect_by_data (f->bob->manager, &f->calls_added);
    }
  jd_test_daemon_call_clear (&f->b);
  jd_test_incoming_clear (&f->bob_in);
  if (f->bob != NULL)
    g_assert_cmpint (jd_test_daemon_stop (f->bob), ==, 0);
  g_clear_pointer (&f->bob, jd_test_daemon_free);
}

/* ---------------------------------------------------------------- */
/* The parties                                                      */

/* bob rings for alice (ask) and waits for D-Bus; @extra: more lines. */
static void
start_bob (Fixture *f, const char *extra)
{
  g_autofree char *alice = jd_test_prosody_jid (prosody, "alice");
  g_autofree char *lines = g_strdup_printf ("incoming-calls = ask\n"
                                            "allow = %s\n"
                                            "audio-source = silence\n"
                                            "audio-sink = null\n"
                                            "%s",
                                            alice, extra != NULL ? extra : "");
  g_autofree char *config = jd_test_daemon_config (prosody, "bob", lines);

  f->bob = jd_test_daemon_start ("bob", config, GRACE_MS);
  jd_test_daemon_wait_connected (f->bob);
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &f->bob_in);
  g_signal_connect (f->bob->manager, "call-added", G_CALLBACK (jd_test_on_call_counted),
                    &f->calls_added);
}

/* A resource of alice talking to bob's daemon. */
static JdTestReplay *
start_alice (Fixture *f)
{
  JdTestReplay *alice = jd_test_replay_new (prosody, "alice");

  jd_test_replay_set_peer (alice, jd_test_daemon_bound_jid (f->bob));
  return alice;
}

/* Adds the captured stanza(s) labelled @label to @alice's script. */
static void
load (JdTestReplay *alice, const char *label)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "interop", "dino-0.4.2",
                                                 CAPTURE, NULL);
  const char *labels[] = { label, NULL };
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_test_replay_load_capture (alice, path, ACTOR, labels, &error));
  g_assert_no_error (error);
}

/* ---------------------------------------------------------------- */
/* What alice received                                              */

/* The first <message/> bob sent @alice with the JMI element @action
 * for @alice's sid, or NULL. */
static xmpp_stanza_t *
find_jmi (JdTestReplay *alice, const char *action)
{
  GPtrArray *got = jd_test_replay_received (alice);

  for (guint i = 0; i < got->len; i++)
    {
      xmpp_stanza_t *el = jd_stanza_get_child (got->pdata[i], action, NS_JMI);

      if (el != NULL &&
          g_strcmp0 (xmpp_stanza_get_attribute (el, "id"), jd_test_replay_get_sid (alice)) == 0)
        return got->pdata[i];
    }
  return NULL;
}

static void
wait_jmi (JdTestReplay *alice, const char *action)
{
  jd_test_replay_add_wait (alice, action, "message", "chat", NS_JMI, action, CALL_TIMEOUT_MS);
  jd_test_replay_run (alice);
  g_assert_nonnull (find_jmi (alice, action));
}

/* The condition inside the <reason/> of @el (a <jingle/> or a JMI
 * element), or NULL. */
static const char *
reason_of (xmpp_stanza_t *el)
{
  xmpp_stanza_t *reason = jd_stanza_get_child (el, "reason", NS_JINGLE);

  if (reason == NULL)
    return NULL;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (reason); c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_name (c), "text") != 0)
      return xmpp_stanza_get_name (c);
  return NULL;
}

/* The reason of the JMI @action bob sent @alice. */
static const char *
jmi_reason (JdTestReplay *alice, const char *action)
{
  xmpp_stanza_t *message = find_jmi (alice, action);

  g_assert_nonnull (message);
  return reason_of (jd_stanza_get_child (message, action, NS_JMI));
}

/* The <jingle action=@action/> bob sent @alice, for @alice's sid. */
static xmpp_stanza_t *
jingle_of (JdTestReplay *alice, const char *action)
{
  xmpp_stanza_t *iq = jd_test_replay_find_jingle (alice, action);
  xmpp_stanza_t *jingle;

  if (iq == NULL)
    return NULL;
  g_assert_cmpstr (xmpp_stanza_get_attribute (iq, "to"), ==, jd_test_replay_get_jid (alice));
  jingle = jd_stanza_get_child (iq, "jingle", NS_JINGLE);
  g_assert_cmpstr (xmpp_stanza_get_attribute (jingle, "sid"), ==,
                   jd_test_replay_get_sid (alice));
  return jingle;
}

/* ---------------------------------------------------------------- */
/* Steps                                                            */

/* @alice proposes; bob's daemon rings there and on D-Bus. */
static void
propose (Fixture *f, JdTestReplay *alice)
{
  load (alice, "jmi-propose");
  wait_jmi (alice, "ringing");
  JD_TEST_WAIT_UNTIL (f->bob_in.count == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->bob_in.from, ==, jd_test_replay_get_jid (alice));
  jd_test_daemon_call_watch (&f->b, f->bob, f->bob_in.path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->b, "ringing"), CALL_TIMEOUT_MS);
}

/* bob answers over D-Bus: <proceed/> to the full JID that proposed. */
static void
answer (Fixture *f, JdTestReplay *alice)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_dbus_call1_call_accept_sync (f->b.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  wait_jmi (alice, "proceed");
  g_assert_cmpstr (xmpp_stanza_get_attribute (find_jmi (alice, "proceed"), "to"), ==,
                   jd_test_replay_get_jid (alice));
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->b, "connecting"), CALL_TIMEOUT_MS);
}

/* @alice sends the captured session-initiate (with her sid) and waits
 * for bob's session-terminate.  Returns: its reason */
static const char *
session_refused (JdTestReplay *alice)
{
  xmpp_stanza_t *jingle;

  load (alice, "session-initiate");
  jd_test_replay_add_wait_jingle (alice, "session-terminate", CALL_TIMEOUT_MS);
  jd_test_replay_run (alice);
  jingle = jingle_of (alice, "session-terminate");
  g_assert_nonnull (jingle);
  g_assert_null (jd_test_replay_find_jingle (alice, "session-accept"));
  return reason_of (jingle);
}

/* Nothing new on bob's D-Bus: no IncomingCall, no CallAdded beyond the
 * @n calls there were. */
static void
assert_no_new_call (Fixture *f, guint n)
{
  jd_test_run_for (QUIET_MS);
  g_assert_cmpuint (f->bob_in.count, ==, n);
  g_assert_cmpuint (f->calls_added, ==, n);
}

/* ---------------------------------------------------------------- */
/* Tests                                                            */

/* bob answers, alice never sends the session: after connect-timeout
 * the call ends with connectivity-error, and alice's account hears it in
 * a <finish/> to her bare JID. */
static void
test_no_session_after_proceed (Fixture *f, gconstpointer data)
{
  g_autofree char *extra = g_strdup_printf ("connect-timeout = %d\n", CONNECT_TIMEOUT_S);
  g_autofree char *alice_bare = NULL;
  xmpp_stanza_t *finish;
  gint64 answered;

  start_bob (f, extra);
  f->alice = start_alice (f);
  propose (f, f->alice);
  answer (f, f->alice);
  answered = g_get_monotonic_time ();

  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_end_reason (&f->b) != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_test_daemon_call_end_reason (&f->b), ==, "connectivity-error");
  /* Not before the timeout: the call waited for the session. */
  g_assert_cmpint (g_get_monotonic_time () - answered, >=, (CONNECT_TIMEOUT_S * 1000 - 100) * 1000);

  wait_jmi (f->alice, "finish");
  finish = find_jmi (f->alice, "finish");
  alice_bare = jd_jid_bare_of (jd_test_replay_get_jid (f->alice));
  g_assert_cmpstr (xmpp_stanza_get_attribute (finish, "to"), ==, alice_bare);
  g_assert_cmpstr (jmi_reason (f->alice, "finish"), ==, "connectivity-error");
  g_assert_null (jd_test_replay_find_jingle (f->alice, "session-terminate"));
  assert_no_new_call (f, 1);
}

/* alice proposes from one resource, bob proceeds to it, and her other
 * resource sends the session: it is declined and rings nowhere, while
 * the call still waits for, and takes, the session of the right one. */
static void
test_session_from_other_resource (Fixture *f, gconstpointer data)
{
  xmpp_stanza_t *accept;

  start_bob (f, NULL);
  f->alice = start_alice (f);
  f->alice2 = start_alice (f);
  g_assert_cmpstr (jd_test_replay_get_jid (f->alice), !=, jd_test_replay_get_jid (f->alice2));
  jd_test_replay_set_sid (f->alice2, jd_test_replay_get_sid (f->alice));
  propose (f, f->alice);
  answer (f, f->alice);

  g_assert_cmpstr (session_refused (f->alice2), ==, "decline");
  assert_no_new_call (f, 1);
  g_assert_true (jd_test_daemon_call_in_state (&f->b, "connecting"));
  g_assert_null (jd_test_replay_find_jingle (f->alice, "session-terminate"));

  load (f->alice, "session-initiate");
  load (f->alice, "transport-info");
  jd_test_replay_add_wait_jingle (f->alice, "session-accept", CALL_TIMEOUT_MS);
  jd_test_replay_run (f->alice);
  accept = jingle_of (f->alice, "session-accept");
  g_assert_nonnull (accept);
  g_assert_cmpstr (xmpp_stanza_get_attribute (accept, "initiator"), ==,
                   jd_test_replay_get_jid (f->alice));
  g_assert_null (jd_test_replay_find_jingle (f->alice, "session-terminate"));
  g_assert_null (jd_test_replay_find_jingle (f->alice2, "session-accept"));
  g_assert_null (jd_test_daemon_call_end_reason (&f->b));
  assert_no_new_call (f, 1);
}

/* bob answers, then hangs up before the session came: <finish/>, and
 * the session that comes late is terminated with the same reason. */
static void
test_late_session_after_hangup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  start_bob (f, NULL);
  f->alice = start_alice (f);
  propose (f, f->alice);
  answer (f, f->alice);
  g_assert_true (jd_dbus_call1_call_hangup_sync (f->b.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_end_reason (&f->b) != NULL, CALL_TIMEOUT_MS);
  wait_jmi (f->alice, "finish");
  g_assert_cmpstr (jmi_reason (f->alice, "finish"), ==, "success");

  g_assert_cmpstr (session_refused (f->alice), ==, "success");
  assert_no_new_call (f, 1);
}

/* bob rejects the proposal as busy; a session-initiate for it anyway is
 * terminated with busy too. */
static void
test_session_after_reject (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  start_bob (f, NULL);
  f->alice = start_alice (f);
  propose (f, f->alice);
  g_assert_true (jd_dbus_call1_call_reject_sync (f->b.proxy, "busy", SYNC, NULL, &error));
  g_assert_no_error (error);
  wait_jmi (f->alice, "reject");
  g_assert_cmpstr (jmi_reason (f->alice, "reject"), ==, "busy");

  g_assert_cmpstr (session_refused (f->alice), ==, "busy");
  assert_no_new_call (f, 1);
}

/* Another device of bob's answers (its <accept/> reaches the daemon as
 * it would as a carbon): the call ends here, and alice's session, sent
 * here all the same, is terminated with cancel. */
static void
test_session_after_answered_elsewhere (Fixture *f, gconstpointer data)
{
  g_autofree char *accept = NULL;

  start_bob (f, NULL);
  f->alice = start_alice (f);
  f->bob2 = jd_test_replay_new (prosody, "bob");
  jd_test_replay_set_peer (f->bob2, jd_test_daemon_bound_jid (f->bob));
  propose (f, f->alice);
  accept = g_strdup_printf ("<message to='%s' type='chat' id='accept1'>"
                            "<accept xmlns='" NS_JMI "' id='%s'/></message>",
                            jd_test_daemon_bound_jid (f->bob), jd_test_replay_get_sid (f->alice));
  jd_test_replay_add_send (f->bob2, "jmi-accept", accept);
  jd_test_replay_run (f->bob2);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_end_reason (&f->b) != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_test_daemon_call_end_reason (&f->b), ==, "answered-elsewhere");

  g_assert_cmpstr (session_refused (f->alice), ==, "cancel");
  g_assert_null (find_jmi (f->alice, "proceed"));
  assert_no_new_call (f, 1);
}

/* A session-initiate before bob answered is no answer to the ringing:
 * it is declined, the call keeps ringing, and bob can still answer. */
static void
test_session_before_answer (Fixture *f, gconstpointer data)
{
  start_bob (f, NULL);
  f->alice = start_alice (f);
  propose (f, f->alice);

  g_assert_cmpstr (session_refused (f->alice), ==, "decline");
  assert_no_new_call (f, 1);
  g_assert_true (jd_test_daemon_call_in_state (&f->b, "ringing"));
  answer (f, f->alice);
}

/* A session-initiate whose sid no proposal had is a call of its own,
 * let through by the policy: it rings. */
static void
test_unrelated_sid (Fixture *f, gconstpointer data)
{
  start_bob (f, NULL);
  f->alice = start_alice (f);
  load (f->alice, "session-initiate");
  jd_test_replay_run (f->alice);

  JD_TEST_WAIT_UNTIL (f->bob_in.count == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->bob_in.from, ==, jd_test_replay_get_jid (f->alice));
  jd_test_daemon_call_watch (&f->b, f->bob, f->bob_in.path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->b, "ringing"), CALL_TIMEOUT_MS);
  g_assert_null (jd_test_replay_find_jingle (f->alice, "session-terminate"));
  g_assert_cmpuint (f->calls_added, ==, 1);
}

int
main (int argc, char **argv)
{
  g_autoptr (JdTestProsody) server = jd_test_prosody_suite_init (&argc, &argv);

  prosody = server;
#define ADD(path, fn) g_test_add (path, Fixture, NULL, NULL, fn, teardown)
  ADD ("/daemon/jmi-peer/no-session-after-proceed", test_no_session_after_proceed);
  ADD ("/daemon/jmi-peer/session-from-other-resource", test_session_from_other_resource);
  ADD ("/daemon/jmi-peer/late-session-after-hangup", test_late_session_after_hangup);
  ADD ("/daemon/jmi-peer/session-after-reject", test_session_after_reject);
  ADD ("/daemon/jmi-peer/session-after-answered-elsewhere",
       test_session_after_answered_elsewhere);
  ADD ("/daemon/jmi-peer/session-before-answer", test_session_before_answer);
  ADD ("/daemon/jmi-peer/unrelated-sid", test_unrelated_sid);
#undef ADD
  return g_test_run ();
}
