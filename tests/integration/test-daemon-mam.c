/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Missed calls from the message archive (XEP-0313 catch-up), end to end:
 * bob's real jingled, stopped and started again on one state directory,
 * against the private Prosody with mod_mam.  While the daemon is down,
 * bob's other device (a real XMPP client in the test process) is online,
 * so nothing goes to offline storage: only the archive knows of alice's
 * call.  alice is a real client too, sending the JMI messages by hand.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "jd-test-daemon-call.h"
#include "jd-test-daemon-suite.h"
#include "jd-test-util.h"
#include "jd-test-xmpp.h"

#define GRACE_MS 500
#define WAIT_MS JD_TEST_DAEMON_CALL_TIMEOUT_MS

static JdTestProsody *prosody;


typedef struct {
  char *state_dir;              /* bob's daemon's XDG_STATE_HOME, kept across restarts */
  JdTestDaemon *bob;
  JdTestAccount *alice;
  JdTestAccount *bob2;          /* bob's other device */
  char *bob_bare;
  JdTestMissed missed;
  JdTestIncoming incoming;
  guint calls_added;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->state_dir = g_dir_make_tmp ("jd-test-mam-XXXXXX", &error);
  g_assert_no_error (error);
  f->alice = jd_test_account_new (prosody, "alice");
  jd_test_account_login (f->alice);
  f->bob2 = jd_test_account_new (prosody, "bob");
  jd_test_account_login (f->bob2);
  f->bob_bare = jd_test_prosody_jid (prosody, "bob");
}

/* The daemon leaves on SIGTERM with status 0 and nothing from the
 * sanitizers in its log (ASan builds). */
static void
stop_bob (Fixture *f)
{
  g_autofree char *path = NULL;
  g_autofree char *log = NULL;
  int status;

  if (f->bob == NULL)
    return;
  g_signal_handlers_disconnect_by_data (f->bob->account, &f->missed);
  g_signal_handlers_disconnect_by_data (f->bob->account, &f->incoming);
  g_signal_handlers_disconnect_by_data (f->bob->manager, &f->calls_added);
  path = jd_test_daemon_path (f->bob, "jingled.log");
  status = jd_test_daemon_stop (f->bob);
  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  g_assert_null (strstr (log, "Sanitizer"));
  g_assert_null (strstr (log, "runtime error"));
  g_assert_cmpint (status, ==, 0);
  g_clear_pointer (&f->bob, jd_test_daemon_free);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  stop_bob (f);
  jd_test_missed_clear (&f->missed);
  jd_test_incoming_clear (&f->incoming);
  g_clear_pointer (&f->alice, jd_test_account_free);
  g_clear_pointer (&f->bob2, jd_test_account_free);
  remove_tree (f->state_dir);
  g_free (f->state_dir);
  g_free (f->bob_bare);
}

/* ---------------------------------------------------------------- */
/* bob's daemon                                                     */

static char *
log_of (JdTestDaemon *d)
{
  g_autofree char *path = jd_test_daemon_path (d, "jingled.log");
  char *log = NULL;

  g_assert_true (g_file_get_contents (path, &log, NULL, NULL));
  return log;
}

static gboolean
logged (JdTestDaemon *d, const char *text)
{
  g_autofree char *log = log_of (d);

  return strstr (log, text) != NULL;
}

/* Starts bob's daemon on the fixture's state directory (--debug: its
 * stanzas and catch-up are in its log), watching its D-Bus signals before
 * it logs in (autoconnect off, then Connect: a MissedCall at login cannot
 * pass before the test listens), and waits until its archive catch-up is
 * over. */
static void
start_bob_with (Fixture *f, const char *extra)
{
  g_autofree char *lines = g_strconcat (extra, "autoconnect = false\n", NULL);
  g_autofree char *config = jd_test_daemon_config (prosody, "bob", lines);
  const char *args[] = { "--debug", NULL };
  g_autoptr (GError) error = NULL;

  jd_test_missed_clear (&f->missed);
  jd_test_incoming_clear (&f->incoming);
  memset (&f->incoming, 0, sizeof f->incoming);
  f->calls_added = 0;
  f->bob = jd_test_daemon_start_in ("bob", config, GRACE_MS, args, TRUE, f->state_dir);
  g_signal_connect (f->bob->account, "missed-call", G_CALLBACK (jd_test_on_missed_call), &f->missed);
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call),
                    &f->incoming);
  g_signal_connect (f->bob->manager, "call-added", G_CALLBACK (jd_test_on_call_counted),
                    &f->calls_added);
  g_assert_true (jd_dbus_account1_call_connect_sync (f->bob->account, G_DBUS_CALL_FLAGS_NONE, -1,
                                                     NULL, &error));
  g_assert_no_error (error);
  jd_test_daemon_wait_connected (f->bob);
  JD_TEST_WAIT_UNTIL (logged (f->bob, "message archive: "), WAIT_MS);
}

static void
start_bob (Fixture *f)
{
  start_bob_with (f, "incoming-calls = ask\n");
}

static char *
position_path (Fixture *f)
{
  return g_build_filename (f->state_dir, "jingled", "bob.mam", NULL);
}

static char *
position (Fixture *f)
{
  g_autofree char *path = position_path (f);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return g_strstrip (text);
}

static gboolean
position_moved (Fixture *f, const char *before)
{
  g_autofree char *now = position (f);

  return g_strcmp0 (now, before) != 0;
}

/* bob's daemon runs once and stops: its archive position is stored. */
static void
run_bob_once (Fixture *f)
{
  g_autofree char *pos = NULL;

  start_bob (f);
  pos = position (f);
  g_assert_nonnull (pos);
  g_assert_cmpuint (f->missed.count, ==, 0);
  stop_bob (f);
}

/* ---------------------------------------------------------------- */
/* What alice and bob's other device send                           */

static void
send_jmi (JdTestAccount *from, const char *to, const char *action, const char *id,
          const char *inner)
{
  g_autofree char *xml = g_strdup_printf ("<message to='%s' type='chat' id='%s-%s'>"
                                          "<%s xmlns='urn:xmpp:jingle-message:0' id='%s'>%s</%s>"
                                          "<store xmlns='urn:xmpp:hints'/></message>",
                                          to, action, id, action, id, inner != NULL ? inner : "",
                                          action);

  jd_test_account_send_raw (from, xml);
}

/* alice calls bob's bare JID; bob's other device is the only one online.
 * Returns the time it was sent (Unix seconds). */
static gint64
alice_proposes (Fixture *f, const char *id)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  send_jmi (f->alice, f->bob_bare, "propose", id,
            "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>");
  jd_test_run_for (300);
  return now;
}

static void
alice_retracts (Fixture *f, const char *id)
{
  send_jmi (f->alice, f->bob_bare, "retract", id,
            "<reason xmlns='urn:xmpp:jingle:1'><cancel/></reason>");
  jd_test_run_for (300);
}

/* XEP-0353: the answering device tells our other devices (accept to
 * our bare JID) and the caller (proceed to its full JID). */
static void
bob2_answers (Fixture *f, const char *id)
{
  send_jmi (f->bob2, f->bob2->jid, "accept", id, NULL);
  send_jmi (f->bob2, jd_test_account_full_jid (f->alice), "proceed", id, NULL);
  jd_test_run_for (300);
}

static void
assert_not_rung (Fixture *f, const char *id)
{
  g_autofree char *ringing = g_strdup_printf ("<ringing xmlns=\"urn:xmpp:jingle-message:0\" "
                                              "id=\"%s\"", id);

  g_assert_cmpuint (f->incoming.count, ==, 0);
  g_assert_cmpuint (f->calls_added, ==, 0);
  g_assert_false (logged (f->bob, ringing));
}

/* ---------------------------------------------------------------- */
/* Tests                                                            */

/* alice called and gave up while bob's daemon was down: at its next
 * start, one MissedCall, with the archive's time; nothing rings. */
static void
test_missed_while_down (Fixture *f, gconstpointer data)
{
  gint64 sent_at;

  run_bob_once (f);
  sent_at = alice_proposes (f, "mam-down-1");
  alice_retracts (f, "mam-down-1");
  start_bob (f);
  JD_TEST_WAIT_UNTIL (f->missed.count >= 1, WAIT_MS);
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 1);
  g_assert_cmpstr (f->missed.from, ==, jd_test_account_full_jid (f->alice));
  g_assert_cmpuint (g_strv_length (f->missed.media), ==, 1);
  g_assert_cmpstr (f->missed.media[0], ==, "audio");
  g_assert_cmpint (ABS (f->missed.timestamp - sent_at), <=, 2);
  assert_not_rung (f, "mam-down-1");
}

/* bob answered on his other device while the daemon was down: not a
 * missed call. */
static void
test_answered_elsewhere (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  run_bob_once (f);
  before = position (f);
  alice_proposes (f, "mam-answered-1");
  bob2_answers (f, "mam-answered-1");
  start_bob (f);
  after = position (f);
  /* The catch-up read the call's messages. */
  g_assert_cmpstr (after, !=, before);
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 0);
  assert_not_rung (f, "mam-answered-1");
}

/* A missed call is reported once: not again at the next start (the
 * position was saved), nor at a first-ever start that finds it in the
 * archive (old history is never reported). */
static void
test_no_repeat (Fixture *f, gconstpointer data)
{
  g_autofree char *pos = NULL;
  g_autofree char *path = NULL;

  run_bob_once (f);
  alice_proposes (f, "mam-repeat-1");
  alice_retracts (f, "mam-repeat-1");
  start_bob (f);
  JD_TEST_WAIT_UNTIL (f->missed.count >= 1, WAIT_MS);
  stop_bob (f);

  start_bob (f);
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 0);
  stop_bob (f);

  /* A first start: no state, the call is in the archive. */
  path = position_path (f);
  g_assert_cmpint (g_remove (path), ==, 0);
  start_bob (f);
  g_assert_true (logged (f->bob, "message archive: starting after "));
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 0);
  pos = position (f);
  g_assert_nonnull (pos);
  g_assert_cmpstr (pos, !=, "");
}

/* While bob's daemon was down, bob called alice from his other device
 * (our own propose), and declined alice's call there: neither is a missed
 * call. */
static void
test_own_and_declined_not_missed (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  run_bob_once (f);
  before = position (f);
  send_jmi (f->bob2, f->alice->jid, "propose", "mam-own-1",
            "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>");
  send_jmi (f->bob2, f->alice->jid, "retract", "mam-own-1",
            "<reason xmlns='urn:xmpp:jingle:1'><cancel/></reason>");
  alice_proposes (f, "mam-declined-1");
  send_jmi (f->bob2, jd_test_account_full_jid (f->alice), "reject", "mam-declined-1",
            "<reason xmlns='urn:xmpp:jingle:1'><decline/></reason>");
  jd_test_run_for (300);
  start_bob (f);
  after = position (f);
  g_assert_cmpstr (after, !=, before);
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 0);
  assert_not_rung (f, "mam-declined-1");
}

/* No device of bob's online: the call is in offline storage and in the
 * archive.  Offline storage replays it first (older than bob's 1 s ring
 * timeout: missed); the archive's copy is the same call: one report. */
static void
test_offline_and_archive_once (Fixture *f, gconstpointer data)
{
  const char *extra = "incoming-calls = ask\nring-timeout = 1\n";
  gint64 sent_at;

  g_clear_pointer (&f->bob2, jd_test_account_free);
  start_bob_with (f, extra);
  stop_bob (f);
  sent_at = alice_proposes (f, "mam-offline-1");
  alice_retracts (f, "mam-offline-1");
  jd_test_run_for (2000);
  start_bob_with (f, extra);
  JD_TEST_WAIT_UNTIL (f->missed.count >= 1, WAIT_MS);
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 1);
  g_assert_cmpstr (f->missed.from, ==, jd_test_account_full_jid (f->alice));
  g_assert_cmpint (ABS (f->missed.timestamp - sent_at), <=, 2);
  assert_not_rung (f, "mam-offline-1");
}

/* A position the server does not know (the archive expired, or another
 * server): like a first start, the newest id is learnt and nothing old is
 * reported. */
static void
test_unknown_position (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autofree char *pos = NULL;
  g_autoptr (GError) error = NULL;

  run_bob_once (f);
  path = position_path (f);
  g_file_set_contents (path, "no-such-archive-id\n", -1, &error);
  g_assert_no_error (error);
  alice_proposes (f, "mam-unknown-1");
  alice_retracts (f, "mam-unknown-1");
  start_bob (f);
  g_assert_true (logged (f->bob, "the message archive forgot our position"));
  g_assert_true (logged (f->bob, "message archive: starting after "));
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 0);
  pos = position (f);
  g_assert_nonnull (pos);
  g_assert_cmpstr (pos, !=, "no-such-archive-id");
}

/* A call that reached the running daemon live (it rang, alice gave up)
 * is not read from the archive again at the next start. */
static void
test_live_not_repeated (Fixture *f, gconstpointer data)
{
  g_autofree char *before = NULL;

  start_bob (f);
  before = position (f);
  alice_proposes (f, "mam-live-1");
  JD_TEST_WAIT_UNTIL (f->incoming.count == 1, WAIT_MS);
  alice_retracts (f, "mam-live-1");
  /* The position follows the live call's messages. */
  JD_TEST_WAIT_UNTIL (position_moved (f, before), WAIT_MS);
  stop_bob (f);

  start_bob (f);
  jd_test_run_for (1000);
  g_assert_cmpuint (f->missed.count, ==, 0);
  g_assert_cmpuint (f->incoming.count, ==, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (JdTestProsody) server = jd_test_daemon_suite_init (&argc, &argv);

  prosody = server;
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/daemon/mam/missed-while-down", test_missed_while_down);
  ADD ("/daemon/mam/answered-elsewhere-not-missed", test_answered_elsewhere);
  ADD ("/daemon/mam/no-repeat", test_no_repeat);
  ADD ("/daemon/mam/live-not-repeated", test_live_not_repeated);
  ADD ("/daemon/mam/own-and-declined-not-missed", test_own_and_declined_not_missed);
  ADD ("/daemon/mam/unknown-position", test_unknown_position);
  ADD ("/daemon/mam/offline-and-archive-once", test_offline_and_archive_once);
  return g_test_run ();
}
