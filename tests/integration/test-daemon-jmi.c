/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Calls begun with XEP-0353 Jingle Message Initiation, end to end: real
 * jingled processes (each on its own private bus, with --debug so the
 * stanzas they send are in their log) logged in to a private Prosody,
 * driven through D-Bus as a client would.  Peers that are not daemons
 * (a stranger, a client without JMI, an archive replaying an old propose)
 * are real XMPP clients in the test process.  alice and bob are
 * subscribed to each other; carol is a stranger to both; a test that
 * needs a third contact of bob's registers a fresh one.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "jd-test-daemon-call.h"
#include "jd-test-daemon-suite.h"
#include "jd-test-replay.h"
#include "jd-test-util.h"
#include "jd-test-xmpp.h"
#include "call/jd-call.h"
#include "jingle/jd-jingle-xmpp.h"

#define GRACE_MS 500
#define CALL_TIMEOUT_MS JD_TEST_DAEMON_CALL_TIMEOUT_MS
#define SYNC G_DBUS_CALL_FLAGS_NONE, -1

static JdTestProsody *prosody;

typedef struct {
  char *dir;                    /* recordings */
  JdTestDaemon *alice, *bob;
  JdTestIncoming alice_in, bob_in;
  JdTestDaemonCall a, b;        /* alice's call and bob's */
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("jd-test-jmi-XXXXXX", &error);
  g_assert_no_error (error);
}

/* The daemon leaves on SIGTERM with status 0 and nothing from the
 * sanitizers in its log (ASan builds). */
static void
stop_clean (JdTestDaemon *d)
{
  g_autofree char *path = jd_test_daemon_path (d, "jingled.log");
  g_autofree char *log = NULL;
  int status = jd_test_daemon_stop (d);

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  g_assert_null (strstr (log, "Sanitizer"));
  g_assert_null (strstr (log, "runtime error"));
  g_assert_cmpint (status, ==, 0);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  JdTestDaemon *daemons[] = { f->alice, f->bob };

  for (guint i = 0; i < G_N_ELEMENTS (daemons); i++)
    if (daemons[i] != NULL)
      {
        g_signal_handlers_disconnect_by_data (daemons[i]->account, &f->alice_in);
        g_signal_handlers_disconnect_by_data (daemons[i]->account, &f->bob_in);
        g_signal_handlers_disconnect_by_data (daemons[i]->account, f);
        g_signal_handlers_disconnect_by_data (daemons[i]->manager, f);
      }
  jd_test_daemon_call_clear (&f->a);
  jd_test_daemon_call_clear (&f->b);
  jd_test_incoming_clear (&f->alice_in);
  jd_test_incoming_clear (&f->bob_in);
  for (guint i = 0; i < G_N_ELEMENTS (daemons); i++)
    if (daemons[i] != NULL)
      stop_clean (daemons[i]);
  g_clear_pointer (&f->alice, jd_test_daemon_free);
  g_clear_pointer (&f->bob, jd_test_daemon_free);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* With --debug: every stanza the daemon sends is in its jingled.log. */
static JdTestDaemon *
start (const char *user, const char *extra)
{
  g_autofree char *config = jd_test_daemon_config (prosody, user, extra);
  const char *args[] = { "--debug", NULL };
  JdTestDaemon *d = jd_test_daemon_start_with (user, config, GRACE_MS, args, TRUE);

  jd_test_daemon_wait_connected (d);
  return d;
}

static void
start_both (Fixture *f, const char *alice_extra, const char *bob_extra)
{
  f->alice = start ("alice", alice_extra);
  f->bob = start ("bob", bob_extra);
  g_signal_connect (f->alice->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &f->alice_in);
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &f->bob_in);
}

/* ---------------------------------------------------------------- */
/* The stanzas a daemon sent (its --debug log)                      */

static char *
sent_log (JdTestDaemon *d)
{
  g_autofree char *path = jd_test_daemon_path (d, "jingled.log");
  g_autoptr (GString) sent = g_string_new (NULL);
  g_autofree char *log = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *stanza = strstr (lines[i], "SENT: <");

      if (stanza != NULL)
        g_string_append_printf (sent, "%s\n", stanza + strlen ("SENT: "));
    }
  return g_string_free (g_steal_pointer (&sent), FALSE);
}

/* The first match of @pattern (a GRegex, one stanza per line) among the
 * stanzas @d sent: group 1 if it has one, else the whole match. */
static char *
sent_match (JdTestDaemon *d, const char *pattern)
{
  g_autofree char *log = sent_log (d);
  g_autoptr (GRegex) re = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  g_assert_nonnull (re);
  if (!g_regex_match (re, log, 0, &match))
    return NULL;
  return g_match_info_fetch (match, g_match_info_get_match_count (match) > 1 ? 1 : 0);
}

static gboolean
sent (JdTestDaemon *d, const char *pattern)
{
  g_autofree char *m = sent_match (d, pattern);

  return m != NULL;
}

static void
wait_sent (JdTestDaemon *d, const char *pattern)
{
  JD_TEST_WAIT_UNTIL (sent (d, pattern), CALL_TIMEOUT_MS);
}

/* A <message/> carrying the JMI element @action with @id, then @rest
 * (a pattern; attributes come in any order). */
static char *
jmi_pattern_full (const char *to, const char *action, const char *id, const char *rest)
{
  g_autofree char *to_re = to != NULL ? g_regex_escape_string (to, -1) : NULL;
  g_autofree char *id_re = g_regex_escape_string (id, -1);
  g_autofree char *to_attr = to != NULL ? g_strdup_printf ("to=\"%s\"", to_re) : g_strdup ("");

  return g_strdup_printf ("^<message [^\\n]*%s[^\\n]*<%s "
                          "(?=[^>]*xmlns=\"urn:xmpp:jingle-message:0\")[^>]*id=\"%s\"%s",
                          to_attr, action, id_re, rest != NULL ? rest : "");
}

static char *
jmi_pattern (const char *action, const char *id)
{
  return jmi_pattern_full (NULL, action, id, NULL);
}

static gboolean
sent_jmi (JdTestDaemon *d, const char *action, const char *id)
{
  g_autofree char *pattern = jmi_pattern (action, id);

  return sent (d, pattern);
}

/* ---------------------------------------------------------------- */
/* Dialling                                                         */

static char *
dial_with (JdTestDaemon *from, const char *jid, GVariant *options)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (options);
  g_autoptr (GError) error = NULL;
  char *path = NULL;

  g_assert_true (jd_dbus_account1_call_dial_sync (from->account, jid, owned, SYNC, &path, NULL,
                                                  &error));
  g_assert_no_error (error);
  return path;
}

/* alice proposes to bob's bare JID; bob's daemon rings.  Returns the
 * propose's id, from alice's log. */
static char *
propose_to_bob (Fixture *f, GVariant *options)
{
  g_autofree char *path = NULL;
  char *id;

  if (options == NULL)
    path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  else
    path = dial_with (f->alice, "bob@jingled.test", options);
  jd_test_daemon_call_watch (&f->a, f->alice, path);
  /* bob's <ringing/> may be back already. */
  g_assert_true (jd_test_daemon_call_in_state (&f->a, "calling") ||
                 jd_test_daemon_call_in_state (&f->a, "ringing"));
  /* No device chosen yet: the peer is the bare JID. */
  g_assert_cmpstr (jd_dbus_call1_get_peer (f->a.proxy), ==, "bob@jingled.test");
  JD_TEST_WAIT_UNTIL (f->bob_in.count == 1, CALL_TIMEOUT_MS);
  id = sent_match (f->alice, "^<message [^\\n]*to=\"bob@jingled\\.test\"[^\\n]*"
                             "<propose (?=[^>]*xmlns=\"urn:xmpp:jingle-message:0\")[^>]*"
                             "id=\"([^\"]+)\"");
  g_assert_nonnull (id);
  g_assert_true (g_str_has_prefix (f->bob_in.from, "alice@jingled.test/"));
  jd_test_daemon_call_watch (&f->b, f->bob, f->bob_in.path);
  g_assert_cmpstr (jd_dbus_call1_get_state (f->b.proxy), ==, "ringing");
  return id;
}

static GVariant *
options_of (const char *key, GVariant *value)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", key, value);
  return g_variant_builder_end (&b);
}

/* ---------------------------------------------------------------- */
/* 1. propose → ringing → proceed → session → tones → finish        */

static void
test_call (Fixture *f, gconstpointer data)
{
  g_autofree char *alice_wav = g_build_filename (f->dir, "alice.wav", NULL);
  g_autofree char *bob_wav = g_build_filename (f->dir, "bob.wav", NULL);
  g_autofree char *alice_extra =
    g_strdup_printf ("audio-source = tone:440\naudio-sink = file:%s\n", alice_wav);
  g_autofree char *bob_extra =
    g_strdup_printf ("incoming-calls = ask\naudio-source = tone:880\naudio-sink = file:%s\n",
                     bob_wav);
  g_autofree char *id = NULL, *initiate = NULL, *proceed = NULL, *ringing = NULL;
  g_autofree char *accept = NULL, *finish = NULL, *bob_re = NULL;
  g_autoptr (GError) error = NULL;

  start_both (f, alice_extra, bob_extra);
  id = propose_to_bob (f, NULL);
  g_assert_cmpuint (g_strv_length (f->bob_in.media), ==, 1);
  g_assert_cmpstr (f->bob_in.media[0], ==, "audio");
  /* bob's <ringing/> to alice's full JID: her call rings, no session yet. */
  ringing = jmi_pattern ("ringing", id);
  wait_sent (f->bob, ringing);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->a, "ringing"), CALL_TIMEOUT_MS);
  g_assert_false (sent (f->alice, "<jingle "));

  g_assert_true (jd_dbus_call1_call_accept_sync (f->b.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  /* bob: <accept/> to his own bare JID, <proceed/> to alice's full JID;
   * alice: session-initiate with sid = the propose's id to bob's device. */
  accept = jmi_pattern_full ("bob@jingled.test", "accept", id, NULL);
  wait_sent (f->bob, accept);
  proceed = jmi_pattern_full (f->bob_in.from, "proceed", id, NULL);
  wait_sent (f->bob, proceed);
  bob_re = g_regex_escape_string (jd_test_daemon_bound_jid (f->bob), -1);
  initiate = g_strdup_printf ("^<iq [^\\n]*to=\"%s\"[^\\n]*<jingle "
                              "(?=[^>]*action=\"session-initiate\")[^>]*sid=\"%s\"", bob_re, id);
  wait_sent (f->alice, initiate);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->a, "active")
                      && jd_test_daemon_call_in_state (&f->b, "active"),
                      CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_dbus_call1_get_peer (f->a.proxy), ==, jd_test_daemon_bound_jid (f->bob));
  g_assert_true (sent (f->bob, "action=\"session-accept\""));
  jd_test_run_for (2000);

  g_assert_true (jd_dbus_call1_call_hangup_sync (f->a.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (f->a.ended != NULL && f->b.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->a.ended, ==, "success");
  g_assert_cmpstr (f->b.ended, ==, "success");
  /* Both close the JMI exchange with <finish/> and the session's reason. */
  finish = jmi_pattern_full (NULL, "finish", id, "[^\\n]*<reason[^>]*><success/>");
  wait_sent (f->alice, finish);
  wait_sent (f->bob, finish);
  g_assert_false (sent_jmi (f->alice, "retract", id));
  jd_test_assert_recorded_tone (bob_wav, 440);
  jd_test_assert_recorded_tone (alice_wav, 880);
  g_remove (alice_wav);
  g_remove (bob_wav);
}

/* ---------------------------------------------------------------- */
/* 2. ending before the session                                     */

/* alice hangs up while bob rings: <retract/>, both end with cancel. */
static void
test_retract (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;

  start_both (f, NULL, "incoming-calls = ask\n");
  id = propose_to_bob (f, NULL);
  g_assert_true (jd_dbus_call1_call_hangup_sync (f->a.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (f->a.ended != NULL && f->b.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->a.ended, ==, "cancel");
  g_assert_cmpstr (f->b.ended, ==, "cancel");
  g_assert_true (sent_jmi (f->alice, "retract", id));
  g_assert_false (sent (f->alice, "<jingle "));
  g_assert_false (sent_jmi (f->bob, "proceed", id));
}

/* bob declines: <reject/>, alice's call ends with decline. */
static void
test_reject (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;

  start_both (f, NULL, "incoming-calls = ask\n");
  id = propose_to_bob (f, NULL);
  g_assert_true (jd_dbus_call1_call_reject_sync (f->b.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (f->a.ended != NULL && f->b.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->a.ended, ==, "decline");
  g_assert_cmpstr (f->b.ended, ==, "decline");
  g_assert_true (sent_jmi (f->bob, "reject", id));
  g_assert_false (sent (f->alice, "<jingle "));
}

/* Nobody answers: after the ring timeout alice retracts (timeout). */
static void
test_ring_timeout (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *retract = NULL;

  start_both (f, NULL, "incoming-calls = ask\n");
  jd_test_run_for (1000);
  id = propose_to_bob (f, options_of ("ring-timeout", g_variant_new_uint32 (2)));
  JD_TEST_WAIT_UNTIL (f->a.ended != NULL && f->b.ended != NULL, 2000 + CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->a.ended, ==, "timeout");
  g_assert_cmpstr (f->b.ended, ==, "cancel");
  retract = jmi_pattern_full ("bob@jingled.test", "retract", id,
                              "[^\\n]*<reason[^>]*><timeout/>");
  g_assert_true (sent (f->alice, retract));
}

static void
on_call_added (JdDbusManager1 *manager, const char *path, guint *count)
{
  (*count)++;
}

/* carol (a stranger to bob) proposes: rejected before anything rings,
 * and no call object exists on bob's side at any time. */
static void
test_stranger (Fixture *f, gconstpointer data)
{
  g_autoptr (JdTestAccount) carol = jd_test_account_new (prosody, "carol");
  g_autofree char *propose = NULL;
  guint added = 0;

  f->bob = start ("bob", "incoming-calls = ask\n");
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &f->bob_in);
  g_signal_connect (f->bob->manager, "call-added", G_CALLBACK (on_call_added), &added);
  jd_test_account_login (carol);
  propose = g_strdup_printf ("<message to='%s' type='chat' id='m1'>"
                             "<propose xmlns='urn:xmpp:jingle-message:0' id='stranger-1'>"
                             "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>"
                             "</propose><store xmlns='urn:xmpp:hints'/></message>",
                             jd_test_daemon_bound_jid (f->bob));
  jd_test_account_send_raw (carol, propose);
  JD_TEST_WAIT_UNTIL (sent_jmi (f->bob, "reject", "stranger-1"), CALL_TIMEOUT_MS);
  g_assert_true (sent (f->bob, "^<message [^\\n]*to=\"carol@jingled\\.test/[^\\n]*<reject "));
  jd_test_run_for (300);
  g_assert_cmpuint (f->bob_in.count, ==, 0);
  g_assert_cmpuint (added, ==, 0);
  g_assert_false (sent_jmi (f->bob, "ringing", "stranger-1"));
  g_signal_handlers_disconnect_by_data (f->bob->manager, &added);
}

static guint
calls_of (JdTestDaemon *d)
{
  return g_strv_length ((GStrv) jd_dbus_account1_get_calls (d->account));
}

/* Both dial each other at once.  The tie-break keeps one propose; its
 * callee answers at once (the user wanted that call): exactly one call,
 * connected, on each side, though both rings only on "ask". */
static void
test_glare (Fixture *f, gconstpointer data)
{
  g_autoptr (GAsyncResult) alice_res = NULL, bob_res = NULL;
  g_autofree char *alice_path = NULL, *bob_path = NULL;
  g_autoptr (GError) error = NULL;

  start_both (f, "incoming-calls = ask\n", "incoming-calls = ask\n");
  /* Both must know the other's caps before dialling. */
  jd_test_run_for (1500);
  jd_dbus_account1_call_dial (f->alice->account, "bob@jingled.test", jd_test_no_options (),
                              G_DBUS_CALL_FLAGS_NONE, -1, NULL, jd_test_store_result, &alice_res);
  jd_dbus_account1_call_dial (f->bob->account, "alice@jingled.test", jd_test_no_options (),
                              G_DBUS_CALL_FLAGS_NONE, -1, NULL, jd_test_store_result, &bob_res);
  JD_TEST_WAIT_UNTIL (alice_res != NULL && bob_res != NULL, CALL_TIMEOUT_MS);
  g_assert_true (jd_dbus_account1_call_dial_finish (f->alice->account, &alice_path, alice_res,
                                                    &error));
  g_assert_no_error (error);
  g_assert_true (jd_dbus_account1_call_dial_finish (f->bob->account, &bob_path, bob_res, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (f->alice_in.count + f->bob_in.count == 1, CALL_TIMEOUT_MS);
  /* The loser's own call ended (expired); the call it got is the one. */
  jd_test_daemon_call_watch (&f->a, f->alice, f->alice_in.count == 1 ? f->alice_in.path
                                                                     : alice_path);
  jd_test_daemon_call_watch (&f->b, f->bob, f->bob_in.count == 1 ? f->bob_in.path : bob_path);
  /* It connects without anyone answering. */
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->a, "active")
                      && jd_test_daemon_call_in_state (&f->b, "active"),
                      CALL_TIMEOUT_MS);
  jd_test_run_for (500);
  g_assert_cmpuint (calls_of (f->alice), ==, 1);
  g_assert_cmpuint (calls_of (f->bob), ==, 1);
  g_assert_cmpuint (f->alice_in.count + f->bob_in.count, ==, 1);
  g_assert_true (sent (f->alice, "<tie-break/>") || sent (f->bob, "<tie-break/>"));
}

/* ---------------------------------------------------------------- */
/* 5. without JMI                                                   */

/* --no-jmi (Dial option jmi=false): session-initiate straight to bob's
 * device, no propose. */
static void
test_no_jmi_option (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  start_both (f, NULL, "incoming-calls = ask\n");
  jd_test_run_for (1000);
  path = dial_with (f->alice, "bob@jingled.test",
                    options_of ("jmi", g_variant_new_boolean (FALSE)));
  jd_test_daemon_call_watch (&f->a, f->alice, path);
  g_assert_cmpstr (jd_dbus_call1_get_peer (f->a.proxy), ==, jd_test_daemon_bound_jid (f->bob));
  JD_TEST_WAIT_UNTIL (f->bob_in.count == 1, CALL_TIMEOUT_MS);
  g_assert_true (sent (f->alice, "action=\"session-initiate\""));
  g_assert_false (sent (f->alice, "<propose "));
  jd_test_daemon_call_watch (&f->b, f->bob, f->bob_in.path);
  g_assert_true (jd_dbus_call1_call_reject_sync (f->b.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (f->a.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->a.ended, ==, "decline");
  g_assert_false (sent (f->bob, "^<message [^\\n]*urn:xmpp:jingle-message:0"));
}

typedef struct {
  guint count;
  char *sid;
} Sessions;

static void
on_incoming_session (JdJingleManager *manager, JdJingleSession *session,
                     const JdJingleMessage *offer, Sessions *s)
{
  s->count++;
  g_free (s->sid);
  s->sid = g_strdup (jd_jingle_session_get_sid (session));
  jd_jingle_session_terminate (session, JD_JINGLE_REASON_DECLINE, NULL, NULL);
}

/* bob's device is a Jingle client that does not list JMI in its caps:
 * alice sends session-initiate to it directly. */
static void
test_peer_without_jmi (Fixture *f, gconstpointer data)
{
  g_autoptr (JdTestAccount) bob = jd_test_account_new (prosody, "bob");
  g_autoptr (JdJingleManager) manager = NULL;
  g_autofree char *path = NULL;
  Sessions s = { 0 };

  jd_call_advertise (bob->client);
  manager = jd_jingle_manager_new_for_client (bob->client);
  g_signal_connect (manager, "incoming-session", G_CALLBACK (on_incoming_session), &s);
  jd_test_account_login (bob);
  f->alice = start ("alice", NULL);
  path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  jd_test_daemon_call_watch (&f->a, f->alice, path);
  g_assert_cmpstr (jd_dbus_call1_get_peer (f->a.proxy), ==, jd_test_account_full_jid (bob));
  JD_TEST_WAIT_UNTIL (s.count == 1, CALL_TIMEOUT_MS);
  JD_TEST_WAIT_UNTIL (f->a.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->a.ended, ==, "decline");
  g_assert_false (sent (f->alice, "<propose "));
  g_signal_handlers_disconnect_by_data (manager, &s);
  g_free (s.sid);
}

/* ---------------------------------------------------------------- */
/* 6. a replayed propose is a missed call                           */

static void
test_missed (Fixture *f, gconstpointer data)
{
  g_autoptr (JdTestAccount) alice = jd_test_account_new (prosody, "alice");
  g_autofree char *propose = NULL;
  JdTestMissed m = { 0 };

  f->bob = start ("bob", "incoming-calls = ask\n");
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &f->bob_in);
  g_signal_connect (f->bob->account, "missed-call", G_CALLBACK (jd_test_on_missed_call), &m);
  jd_test_account_login (alice);
  /* As offline storage replays it: a <delay/> stamp of long ago. */
  propose = g_strdup_printf ("<message to='%s' type='chat' id='m2'>"
                             "<propose xmlns='urn:xmpp:jingle-message:0' id='old-1'>"
                             "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>"
                             "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'/>"
                             "</propose><store xmlns='urn:xmpp:hints'/>"
                             "<delay xmlns='urn:xmpp:delay' from='jingled.test' "
                             "stamp='2026-01-02T03:04:05Z'/></message>",
                             jd_test_daemon_bound_jid (f->bob));
  jd_test_account_send_raw (alice, propose);
  JD_TEST_WAIT_UNTIL (m.count == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (m.from, ==, jd_test_account_full_jid (alice));
  g_assert_cmpuint (g_strv_length (m.media), ==, 2);
  g_assert_cmpstr (m.media[0], ==, "audio");
  g_assert_cmpstr (m.media[1], ==, "video");
  g_assert_cmpint (m.timestamp, ==, 1767323045);
  jd_test_run_for (300);
  g_assert_cmpuint (f->bob_in.count, ==, 0);
  g_assert_cmpuint (calls_of (f->bob), ==, 0);
  g_assert_false (sent_jmi (f->bob, "ringing", "old-1"));
  g_signal_handlers_disconnect_by_data (f->bob->account, &m);
  jd_test_missed_clear (&m);
}

/* ---------------------------------------------------------------- */
/* 3. two devices of one account                                    */

/* bob runs two daemons: both ring; the one that answers gets the call
 * and alice's tone, the other stops with "answered-elsewhere". */
static void
test_two_devices (Fixture *f, gconstpointer data)
{
  g_autofree char *wav = g_build_filename (f->dir, "bob.wav", NULL);
  g_autofree char *bob_extra =
    g_strdup_printf ("incoming-calls = ask\naudio-sink = file:%s\n", wav);
  g_autoptr (JdTestDaemon) bob2 = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GError) error = NULL;
  JdTestIncoming bob2_in = { 0 };
  JdTestDaemonCall b2 = { 0 };

  start_both (f, "audio-source = tone:440\n", bob_extra);
  bob2 = start ("bob", "incoming-calls = ask\n");
  g_signal_connect (bob2->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &bob2_in);
  jd_test_run_for (1000);
  id = propose_to_bob (f, NULL);
  JD_TEST_WAIT_UNTIL (bob2_in.count == 1, CALL_TIMEOUT_MS);
  jd_test_daemon_call_watch (&b2, bob2, bob2_in.path);
  g_assert_true (jd_test_daemon_call_in_state (&b2, "ringing"));

  g_assert_true (jd_dbus_call1_call_accept_sync (f->b.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (b2.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (b2.ended, ==, "answered-elsewhere");
  g_assert_cmpstr (jd_dbus_call1_get_end_reason (b2.proxy), ==, "answered-elsewhere");
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->a, "active")
                      && jd_test_daemon_call_in_state (&f->b, "active"),
                      CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_dbus_call1_get_peer (f->a.proxy), ==, jd_test_daemon_bound_jid (f->bob));
  g_assert_false (sent_jmi (bob2, "proceed", id));
  jd_test_run_for (2000);
  g_assert_true (jd_dbus_call1_call_hangup_sync (f->a.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (f->b.ended != NULL, CALL_TIMEOUT_MS);
  jd_test_assert_recorded_tone (wav, 440);
  g_remove (wav);
  g_signal_handlers_disconnect_by_data (bob2->account, &bob2_in);
  jd_test_daemon_call_clear (&b2);
  jd_test_incoming_clear (&bob2_in);
  stop_clean (bob2);
}

/* ---------------------------------------------------------------- */
/* a running call moves to alice's other device (XEP-0353 §4.2)     */

/* alice's second device proposes while her first is in a call with bob:
 * bob finishes the old call with <migrated/>, takes the new one without
 * ringing, and hears the second device. */
static void
test_migrated (Fixture *f, gconstpointer data)
{
  g_autofree char *wav = g_build_filename (f->dir, "bob.wav", NULL);
  g_autofree char *bob_extra =
    g_strdup_printf ("incoming-calls = ask\naudio-sink = file:%s\n", wav);
  g_autoptr (JdTestDaemon) alice2 = NULL;
  g_autofree char *old_id = NULL, *new_id = NULL, *path = NULL, *finish = NULL;
  g_autoptr (GError) error = NULL;
  JdTestDaemonCall a2 = { 0 }, b2 = { 0 };

  start_both (f, "audio-source = tone:440\n", bob_extra);
  alice2 = start ("alice", "audio-source = tone:660\n");
  jd_test_run_for (1000);
  old_id = propose_to_bob (f, NULL);
  g_assert_true (jd_dbus_call1_call_accept_sync (f->b.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->a, "active")
                      && jd_test_daemon_call_in_state (&f->b, "active"),
                      CALL_TIMEOUT_MS);

  path = jd_test_daemon_dial (alice2, "bob@jingled.test");
  jd_test_daemon_call_watch (&a2, alice2, path);
  JD_TEST_WAIT_UNTIL (f->bob_in.count == 2, CALL_TIMEOUT_MS);
  JD_TEST_WAIT_UNTIL (f->b.ended != NULL && f->a.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (f->b.ended, ==, "migrated");
  g_assert_cmpstr (f->a.ended, ==, "expired");
  new_id = sent_match (alice2, "<propose (?=[^>]*xmlns=\"urn:xmpp:jingle-message:0\")[^>]*"
                               "id=\"([^\"]+)\"");
  g_assert_nonnull (new_id);
  finish = g_strdup_printf ("[^\\n]*<reason[^>]*><expired/>[^\\n]*<migrated to=\"%s\"", new_id);
  {
    g_autofree char *pattern = jmi_pattern_full ("alice@jingled.test", "finish", old_id, finish);

    wait_sent (f->bob, pattern);
  }
  /* The new call connects without an Accept. */
  jd_test_daemon_call_watch (&b2, f->bob, f->bob_in.path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&a2, "active")
                      && jd_test_daemon_call_in_state (&b2, "active"),
                      CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_dbus_call1_get_peer (b2.proxy), ==, jd_test_daemon_bound_jid (alice2));
  g_assert_true (sent_jmi (f->bob, "proceed", new_id));
  jd_test_run_for (2000);
  g_assert_true (jd_dbus_call1_call_hangup_sync (a2.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (b2.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (b2.ended, ==, "success");
  /* The recording is the second call's: alice2's 660 Hz. */
  jd_test_assert_recorded_tone (wav, 660);
  g_remove (wav);
  jd_test_daemon_call_clear (&a2);
  jd_test_daemon_call_clear (&b2);
  stop_clean (alice2);
}

/* ---------------------------------------------------------------- */
/* 2. refused callers: ignored strangers, busy                      */

typedef struct {
  guint count;
  char *from;
  char *reason;
} Declined;

static void
on_call_declined (JdDbusAccount1 *account, const char *from, const char *reason, Declined *d)
{
  d->count++;
  g_free (d->from);
  g_free (d->reason);
  d->from = g_strdup (from);
  d->reason = g_strdup (reason);
}

static void
declined_clear (Declined *d)
{
  g_clear_pointer (&d->from, g_free);
  g_clear_pointer (&d->reason, g_free);
}

/* A JMI <message/> from carol to bob's bare JID, as a client sends it. */
static char *
jmi_to_bob (const char *action, const char *id, const char *inner)
{
  return g_strdup_printf ("<message to='bob@jingled.test' type='chat' id='%s-%s'>"
                          "<%s xmlns='urn:xmpp:jingle-message:0' id='%s'>%s</%s>"
                          "<store xmlns='urn:xmpp:hints'/></message>",
                          action, id, action, id, inner, action);
}

/* refused-calls = ignore: carol (a stranger to bob, who cannot see his
 * presence, so a scripted client rather than a daemon) proposes to bob's
 * bare JID and hears nothing back, neither <reject/> nor <ringing/>,
 * until she gives up as her ring timeout would make her (<retract/>).
 * Bob's client sees no call, only CallDeclined "ignored". */
static void
test_stranger_ignored (Fixture *f, gconstpointer data)
{
  g_autoptr (JdTestReplay) carol = jd_test_replay_new (prosody, "carol");
  g_autofree char *propose = NULL, *retract = NULL;
  Declined declined = { 0 };
  guint added = 0;

  f->bob = start ("bob", "incoming-calls = ask\nrefused-calls = ignore\n");
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &f->bob_in);
  g_signal_connect (f->bob->account, "call-declined", G_CALLBACK (on_call_declined), &declined);
  g_signal_connect (f->bob->manager, "call-added", G_CALLBACK (on_call_added), &added);
  jd_test_replay_set_peer (carol, jd_test_daemon_bound_jid (f->bob));
  propose = jmi_to_bob ("propose", "ignored-1",
                        "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>");
  jd_test_replay_add_send (carol, "propose", propose);
  jd_test_replay_run (carol);
  JD_TEST_WAIT_UNTIL (declined.count == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (declined.from, ==, jd_test_replay_get_jid (carol));
  g_assert_cmpstr (declined.reason, ==, "ignored");
  /* Her call stays "calling": a few seconds of ringing bring nothing. */
  jd_test_run_for (3000);
  g_assert_cmpuint (jd_test_replay_received (carol)->len, ==, 0);
  retract = jmi_to_bob ("retract", "ignored-1",
                        "<reason xmlns='urn:xmpp:jingle:1'><timeout/></reason>");
  jd_test_replay_add_send (carol, "retract", retract);
  jd_test_replay_run (carol);
  jd_test_run_for (1000);
  g_assert_cmpuint (jd_test_replay_received (carol)->len, ==, 0);
  g_assert_false (sent (f->bob, "^<[a-z]+ [^\\n]*to=\"carol@jingled\\.test"));
  g_assert_false (sent_jmi (f->bob, "reject", "ignored-1"));
  g_assert_false (sent_jmi (f->bob, "ringing", "ignored-1"));
  g_assert_cmpuint (f->bob_in.count, ==, 0);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (calls_of (f->bob), ==, 0);
  g_assert_cmpuint (declined.count, ==, 1);
  g_signal_handlers_disconnect_by_data (f->bob->account, &declined);
  g_signal_handlers_disconnect_by_data (f->bob->manager, &added);
  declined_clear (&declined);
}

/* A fresh account subscribed to bob both ways (it sees his presence and
 * caps, so its daemon proposes; bob's roster lets it call).  The server
 * keeps the subscription, so each test that needs one makes its own.
 * Returns: (transfer full): its user name */
static char *
fresh_contact_of_bob (void)
{
  g_autoptr (JdTestAccount) contact = jd_test_account_fresh (prosody, "dave");
  g_autoptr (JdTestAccount) bob = jd_test_account_new (prosody, "bob");

  jd_test_account_login (bob);
  jd_test_account_befriend (contact, bob);
  return g_strndup (contact->jid, strcspn (contact->jid, "@"));
}

/* bob (max-calls = 1) is in a call with alice when dave, a contact his
 * policy lets call, proposes: dave's call ends "busy" after a <reject/>
 * with <busy/>, nothing rings on bob's side, and alice's call goes on. */
static void
test_busy (Fixture *f, gconstpointer data)
{
  g_autofree char *wav = g_build_filename (f->dir, "bob.wav", NULL);
  g_autofree char *bob_extra =
    g_strdup_printf ("incoming-calls = accept\nmax-calls = 1\naudio-sink = file:%s\n", wav);
  g_autofree char *dave_user = fresh_contact_of_bob ();
  g_autofree char *alice_path = NULL, *dave_path = NULL, *id = NULL, *busy = NULL;
  g_autoptr (JdTestDaemon) dave = NULL;
  g_autoptr (GError) error = NULL;
  JdTestDaemonCall d = { 0 };
  Declined declined = { 0 };
  guint added = 0, rung;

  start_both (f, "audio-source = tone:440\n", bob_extra);
  dave = start (dave_user, NULL);
  alice_path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  jd_test_daemon_call_watch (&f->a, f->alice, alice_path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&f->a, "active"), CALL_TIMEOUT_MS);
  g_assert_cmpuint (calls_of (f->bob), ==, 1);
  jd_test_daemon_call_watch (&f->b, f->bob, jd_dbus_account1_get_calls (f->bob->account)[0]);
  rung = f->bob_in.count;
  g_signal_connect (f->bob->account, "call-declined", G_CALLBACK (on_call_declined), &declined);
  g_signal_connect (f->bob->manager, "call-added", G_CALLBACK (on_call_added), &added);

  dave_path = jd_test_daemon_dial (dave, "bob@jingled.test");
  jd_test_daemon_call_watch (&d, dave, dave_path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_end_reason (&d) != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_test_daemon_call_end_reason (&d), ==, "busy");
  id = sent_match (dave, "^<message [^\\n]*to=\"bob@jingled\\.test\"[^\\n]*"
                         "<propose (?=[^>]*xmlns=\"urn:xmpp:jingle-message:0\")[^>]*"
                         "id=\"([^\"]+)\"");
  g_assert_nonnull (id);
  busy = jmi_pattern_full (NULL, "reject", id, "[^\\n]*<reason[^>]*><busy/>");
  g_assert_true (sent (f->bob, busy));
  g_assert_false (sent_jmi (f->bob, "ringing", id));
  JD_TEST_WAIT_UNTIL (declined.count == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (declined.reason, ==, "busy");
  g_assert_true (g_str_has_prefix (declined.from, dave_user));

  /* alice's call goes on: still active on both sides, bob still hears her. */
  jd_test_run_for (2000);
  g_assert_cmpuint (f->bob_in.count, ==, rung);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (calls_of (f->bob), ==, 1);
  g_assert_null (f->a.ended);
  g_assert_null (f->b.ended);
  g_assert_true (jd_test_daemon_call_in_state (&f->a, "active"));
  g_assert_true (jd_test_daemon_call_in_state (&f->b, "active"));
  g_assert_true (jd_dbus_call1_call_hangup_sync (f->a.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (f->b.ended != NULL, CALL_TIMEOUT_MS);
  jd_test_assert_recorded_tone (wav, 440);
  g_remove (wav);
  g_signal_handlers_disconnect_by_data (f->bob->account, &declined);
  g_signal_handlers_disconnect_by_data (f->bob->manager, &added);
  declined_clear (&declined);
  jd_test_daemon_call_clear (&d);
  stop_clean (dave);
}

/* The same silence as a caller's daemon sees it: dave sees bob's
 * presence (so his daemon proposes) but bob's incoming-calls = reject
 * does not allow him.  dave's call stays "calling", never "ringing",
 * until his ring timeout retracts it; bob sends him no JMI message. */
static void
test_ignored_caller_times_out (Fixture *f, gconstpointer data)
{
  g_autofree char *dave_user = fresh_contact_of_bob ();
  g_autofree char *path = NULL, *to_dave = NULL, *retract = NULL, *id = NULL;
  g_autoptr (JdTestDaemon) dave = NULL;
  JdTestDaemonCall d = { 0 };
  Declined declined = { 0 };
  guint added = 0;

  f->bob = start ("bob", "incoming-calls = reject\nallow = alice@jingled.test\n"
                         "refused-calls = ignore\n");
  g_signal_connect (f->bob->account, "call-declined", G_CALLBACK (on_call_declined), &declined);
  g_signal_connect (f->bob->manager, "call-added", G_CALLBACK (on_call_added), &added);
  dave = start (dave_user, NULL);
  jd_test_run_for (1500);
  path = dial_with (dave, "bob@jingled.test",
                    options_of ("ring-timeout", g_variant_new_uint32 (3)));
  jd_test_daemon_call_watch (&d, dave, path);
  JD_TEST_WAIT_UNTIL (declined.count == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (declined.reason, ==, "ignored");
  g_assert_true (jd_test_daemon_call_in_state (&d, "calling"));
  JD_TEST_WAIT_UNTIL (d.ended != NULL, 3000 + CALL_TIMEOUT_MS);
  g_assert_cmpstr (d.ended, ==, "timeout");
  id = sent_match (dave, "^<message [^\\n]*to=\"bob@jingled\\.test\"[^\\n]*"
                         "<propose (?=[^>]*xmlns=\"urn:xmpp:jingle-message:0\")[^>]*"
                         "id=\"([^\"]+)\"");
  g_assert_nonnull (id);
  retract = jmi_pattern_full ("bob@jingled.test", "retract", id, "[^\\n]*<reason[^>]*><timeout/>");
  wait_sent (dave, retract);
  jd_test_run_for (500);
  /* Contacts: bob's presence and caps queries go to dave, no JMI. */
  to_dave = g_strdup_printf ("^<message [^\\n]*to=\"%s@[^\\n]*urn:xmpp:jingle-message:0",
                             dave_user);
  g_assert_false (sent (f->bob, to_dave));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (calls_of (f->bob), ==, 0);
  g_assert_cmpuint (declined.count, ==, 1);
  g_signal_handlers_disconnect_by_data (f->bob->account, &declined);
  g_signal_handlers_disconnect_by_data (f->bob->manager, &added);
  declined_clear (&declined);
  jd_test_daemon_call_clear (&d);
  stop_clean (dave);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char **argv)
{
  g_autoptr (JdTestProsody) server = jd_test_daemon_suite_init (&argc, &argv);

  prosody = server;
  ADD ("/daemon/jmi/call", test_call);
  ADD ("/daemon/jmi/retract", test_retract);
  ADD ("/daemon/jmi/reject", test_reject);
  ADD ("/daemon/jmi/ring-timeout", test_ring_timeout);
  ADD ("/daemon/jmi/stranger", test_stranger);
  ADD ("/daemon/jmi/glare", test_glare);
  ADD ("/daemon/jmi/no-jmi-option", test_no_jmi_option);
  ADD ("/daemon/jmi/peer-without-jmi", test_peer_without_jmi);
  ADD ("/daemon/jmi/missed", test_missed);
  ADD ("/daemon/jmi/two-devices", test_two_devices);
  ADD ("/daemon/jmi/migrated", test_migrated);
  ADD ("/daemon/jmi/stranger-ignored", test_stranger_ignored);
  ADD ("/daemon/jmi/busy", test_busy);
  ADD ("/daemon/jmi/ignored-caller-times-out", test_ignored_caller_times_out);
  return g_test_run ();
}
