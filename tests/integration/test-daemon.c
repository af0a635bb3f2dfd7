/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The daemon end to end: real jingled processes, each on its own private
 * bus, logged in to a private Prosody, driven through the generated D-Bus
 * proxies as a client would.  alice and bob are subscribed to each other;
 * carol is a stranger to both.
 */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "jd-test-daemon-call.h"
#include "jd-test-daemon-suite.h"
#include "jd-test-plugin-dir.h"
#include "jd-test-util.h"
#include "jd-test-xmpp.h"

#define GRACE_MS 500
#define CALL_TIMEOUT_MS 15000
/* Flags and timeout of every proxy call. */
#define SYNC G_DBUS_CALL_FLAGS_NONE, -1

static JdTestProsody *prosody;

typedef struct {
  char *dir;                    /* recordings */
  JdTestDaemon *alice, *bob, *carol;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("jd-test-daemon-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->alice, jd_test_daemon_free);
  g_clear_pointer (&f->bob, jd_test_daemon_free);
  g_clear_pointer (&f->carol, jd_test_daemon_free);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static JdTestDaemon *
start (const char *user, const char *extra)
{
  g_autofree char *config = jd_test_daemon_config (prosody, user, extra);
  JdTestDaemon *d = jd_test_daemon_start (user, config, GRACE_MS);

  jd_test_daemon_wait_connected (d);
  return d;
}

/* Signal handlers with @data on the test's stack go before the test
 * returns: teardown logs the daemons out, which still sends signals. */
static void
forget (Fixture *f, gpointer data)
{
  JdTestDaemon *daemons[] = { f->alice, f->bob, f->carol };

  for (guint i = 0; i < G_N_ELEMENTS (daemons); i++)
    if (daemons[i] != NULL)
      {
        g_signal_handlers_disconnect_by_data (daemons[i]->account, data);
        g_signal_handlers_disconnect_by_data (daemons[i]->manager, data);
      }
}

static char *
recording (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* ---------------------------------------------------------------- */
/* What a client sees                                               */

/* Stats is not announced (EmitsChangedSignal=false): ask for it. */
static GVariant *
read_stats (JdTestDaemon *d, JdTestDaemonCall *c)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply = g_dbus_connection_call_sync (
    jd_test_bus_get_connection (d->bus), JD_DBUS_NAME,
    g_dbus_proxy_get_object_path (G_DBUS_PROXY (c->proxy)), "org.freedesktop.DBus.Properties",
    "Get", g_variant_new ("(ss)", "im.jingled.Call1", "Stats"), G_VARIANT_TYPE ("(v)"),
    G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  GVariant *stats;

  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &stats);
  return stats;
}

/* ---------------------------------------------------------------- */
/* 1. ask: ring, accept, audio, DTMF, stats, hang-up                */

static void
test_ask_call (Fixture *f, gconstpointer data)
{
  g_autofree char *wav = recording (f, "bob.wav");
  g_autofree char *bob_extra = g_strdup_printf ("incoming-calls = ask\naudio-sink = file:%s\n", wav);
  g_autofree char *alice_path = NULL;
  g_autoptr (GVariant) stats = NULL;
  g_autoptr (GError) error = NULL;
  JdTestIncoming in = { 0 };
  JdTestDaemonCall a = { 0 }, b = { 0 };
  guint64 received = 0;
  double loss = -1, jitter = -1;
  guint removed = 0;

  f->alice = start ("alice", "audio-source = tone:440\n");
  f->bob = start ("bob", bob_extra);
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call), &in);
  g_signal_connect (f->alice->manager, "call-removed", G_CALLBACK (jd_test_on_call_counted),
                    &removed);

  alice_path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  jd_test_daemon_call_watch (&a, f->alice, alice_path);
  g_assert_cmpstr (jd_dbus_call1_get_direction (a.proxy), ==, "outgoing");
  JD_TEST_WAIT_UNTIL (in.count == 1, CALL_TIMEOUT_MS);
  g_assert_true (g_str_has_prefix (in.from, "alice@jingled.test/"));
  g_assert_cmpuint (g_strv_length (in.media), ==, 1);
  g_assert_cmpstr (in.media[0], ==, "audio");
  jd_test_daemon_call_watch (&b, f->bob, in.path);
  g_assert_cmpstr (jd_dbus_call1_get_state (b.proxy), ==, "ringing");
  g_assert_cmpstr (jd_dbus_call1_get_direction (b.proxy), ==, "incoming");
  /* The caller hears it ring. */
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&a, "ringing"), CALL_TIMEOUT_MS);

  g_assert_true (jd_dbus_call1_call_accept_sync (b.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&a, "active")
                      && jd_test_daemon_call_in_state (&b, "active"),
                      CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_dbus_call1_get_encryption (a.proxy), ==, "dtls-srtp");
  g_assert_cmpstr (jd_dbus_call1_get_transport (a.proxy), ==, "ice-udp");
  jd_test_run_for (2000);

  g_assert_true (jd_dbus_call1_call_send_dtmf_sync (a.proxy, "1234#", 0, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (b.dtmf->len >= 5, CALL_TIMEOUT_MS);
  g_assert_cmpstr (b.dtmf->str, ==, "1234#");

  stats = read_stats (f->alice, &a);
  g_assert_true (g_variant_lookup (stats, "packets-received", "t", &received));
  g_assert_cmpuint (received, >, 0);
  g_assert_true (g_variant_lookup (stats, "loss", "d", &loss));
  g_assert_true (g_variant_lookup (stats, "jitter", "d", &jitter));
  g_assert_cmpfloat (loss, >=, 0);
  g_assert_cmpfloat (jitter, >=, 0);

  g_assert_true (jd_dbus_call1_call_hangup_sync (a.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (a.ended != NULL && b.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (a.ended, ==, "success");
  g_assert_cmpstr (b.ended, ==, "success");
  g_assert_cmpstr (jd_dbus_call1_get_end_reason (b.proxy), ==, "success");
  /* The ended call leaves Calls, and the bus after the grace. */
  JD_TEST_WAIT_UNTIL (g_strv_length ((GStrv) jd_dbus_manager1_get_calls (f->alice->manager)) == 0,
                      1000);
  JD_TEST_WAIT_UNTIL (removed == 1, GRACE_MS * 4);
  jd_test_assert_recorded_tone (wav, 440);
  g_remove (wav);
  forget (f, &removed);
  jd_test_daemon_call_clear (&a);
  jd_test_daemon_call_clear (&b);
  forget (f, &in);
  jd_test_incoming_clear (&in);
}

/* ---------------------------------------------------------------- */
/* 2. policy                                                        */

static void
stranger_is_declined (Fixture *f, const char *policy)
{
  g_autofree char *bob_extra = g_strdup_printf ("incoming-calls = %s\n", policy);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  JdTestIncoming in = { 0 };
  guint added = 0;
  JdTestDaemonCall c = { 0 };

  f->carol = start ("carol", NULL);
  f->bob = start ("bob", bob_extra);
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call), &in);
  g_signal_connect (f->bob->manager, "call-added", G_CALLBACK (jd_test_on_call_counted), &added);

  /* carol does not see bob's presence: she dials his full JID. */
  g_assert_true (jd_dbus_account1_call_dial_sync (f->carol->account,
                                                  jd_test_daemon_bound_jid (f->bob),
                                                  jd_test_no_options (), SYNC, &path, NULL,
                                                  &error));
  g_assert_no_error (error);
  jd_test_daemon_call_watch (&c, f->carol, path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_end_reason (&c) != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_test_daemon_call_end_reason (&c), ==, "decline");
  jd_test_run_for (300);
  g_assert_cmpuint (in.count, ==, 0);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (g_strv_length ((GStrv) jd_dbus_manager1_get_calls (f->bob->manager)), ==, 0);
  g_assert_cmpuint (g_strv_length ((GStrv) jd_dbus_account1_get_calls (f->bob->account)), ==, 0);
  jd_test_daemon_call_clear (&c);
  forget (f, &added);
  forget (f, &in);
  jd_test_incoming_clear (&in);
}

static void
test_stranger_ask (Fixture *f, gconstpointer data)
{
  stranger_is_declined (f, "ask");
}

static void
test_stranger_reject (Fixture *f, gconstpointer data)
{
  stranger_is_declined (f, "reject");
}

static void
test_allowed_auto_answer (Fixture *f, gconstpointer data)
{
  g_autofree char *wav = recording (f, "bob-auto.wav");
  g_autofree char *bob_extra =
    g_strdup_printf ("incoming-calls = auto-answer\nallow = carol@jingled.test\n"
                     "audio-sink = file:%s\n", wav);
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  JdTestIncoming in = { 0 };
  JdTestDaemonCall c = { 0 }, b = { 0 };

  f->carol = start ("carol", "audio-source = tone:440\n");
  f->bob = start ("bob", bob_extra);
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call), &in);
  g_assert_true (jd_dbus_account1_call_dial_sync (f->carol->account,
                                                  jd_test_daemon_bound_jid (f->bob),
                                                  jd_test_no_options (), SYNC, &path, NULL,
                                                  &error));
  g_assert_no_error (error);
  jd_test_daemon_call_watch (&c, f->carol, path);
  JD_TEST_WAIT_UNTIL (in.count == 1, CALL_TIMEOUT_MS);
  jd_test_daemon_call_watch (&b, f->bob, in.path);
  /* Nobody calls Accept. */
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&c, "active")
                      && jd_test_daemon_call_in_state (&b, "active"),
                      CALL_TIMEOUT_MS);
  jd_test_run_for (2000);
  g_assert_true (jd_dbus_call1_call_hangup_sync (c.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (b.ended != NULL, CALL_TIMEOUT_MS);
  jd_test_assert_recorded_tone (wav, 440);
  g_remove (wav);
  jd_test_daemon_call_clear (&c);
  jd_test_daemon_call_clear (&b);
  forget (f, &in);
  jd_test_incoming_clear (&in);
}

/* ---------------------------------------------------------------- */
/* 4. plugins in the daemon                                         */

static void
on_handoff (GstElement *sink, GstBuffer *buffer, GstPad *pad, gsize *bytes)
{
  *bytes += gst_buffer_get_size (buffer);
}

/* Seconds of audio in @path, decoded to the end. */
static double
decoded_seconds (const char *path)
{
  g_autofree char *desc = g_strdup_printf ("filesrc location=\"%s\" ! decodebin ! audioconvert ! "
                                           "audioresample ! audio/x-raw,format=S16LE,channels=1,"
                                           "rate=8000 ! fakesink name=out signal-handoffs=true",
                                           path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) p = gst_parse_launch (desc, &error);
  g_autoptr (GstElement) out = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) msg = NULL;
  gsize bytes = 0;

  g_assert_no_error (error);
  out = gst_bin_get_by_name (GST_BIN (p), "out");
  g_signal_connect (out, "handoff", G_CALLBACK (on_handoff), &bytes);
  bus = gst_element_get_bus (p);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND * jd_test_timeout_scale (),
                                    GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (p, GST_STATE_NULL);
  return bytes / 2.0 / 8000;
}

static char *
only_file_in (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name = d != NULL ? g_dir_read_name (d) : NULL;

  g_assert_nonnull (name);
  g_assert_null (g_dir_read_name (d));
  return g_build_filename (dir, name, NULL);
}

/* Bob's daemon loads the echo and recorder plugins from its config:
 * echo answers carol's call (nobody calls Accept) and carol hears her
 * own 440 Hz back; the recorder's file of the call plays for as long as
 * the call lasted. */
static void
test_plugins (Fixture *f, gconstpointer data)
{
  g_autofree char *plugin_dir = jd_test_plugin_dir_new ();
  g_autofree char *records = recording (f, "records");
  g_autofree char *wav = recording (f, "carol-hears.wav");
  g_autofree char *carol_extra = g_strdup_printf ("audio-source = tone:440\naudio-sink = file:%s\n",
                                                  wav);
  g_autofree char *bob_extra =
    g_strdup_printf ("incoming-calls = ask\nallow = carol@jingled.test\n"
                     "[daemon]\nplugin-dir = %s\nplugins = recorder;echo\n"
                     "[plugin echo]\ndelay-ms = 300\n[plugin recorder]\ndir = %s\n",
                     plugin_dir, records);
  g_autofree char *path = NULL, *file = NULL;
  g_autoptr (GError) error = NULL;
  JdTestIncoming in = { 0 };
  JdTestDaemonCall c = { 0 }, b = { 0 };
  gint64 active_at;
  double call_s, recorded_s;

  g_assert_cmpint (g_mkdir (records, 0700), ==, 0);
  f->carol = start ("carol", carol_extra);
  f->bob = start ("bob", bob_extra);
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call), &in);
  g_assert_true (jd_dbus_account1_call_dial_sync (f->carol->account,
                                                  jd_test_daemon_bound_jid (f->bob),
                                                  jd_test_no_options (), SYNC, &path, NULL,
                                                  &error));
  g_assert_no_error (error);
  jd_test_daemon_call_watch (&c, f->carol, path);
  JD_TEST_WAIT_UNTIL (in.count == 1, CALL_TIMEOUT_MS);
  jd_test_daemon_call_watch (&b, f->bob, in.path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&c, "active")
                      && jd_test_daemon_call_in_state (&b, "active"),
                      CALL_TIMEOUT_MS);
  active_at = g_get_monotonic_time ();
  jd_test_run_for (4000);
  g_assert_true (jd_dbus_call1_call_hangup_sync (c.proxy, "", SYNC, NULL, &error));
  g_assert_no_error (error);
  call_s = (g_get_monotonic_time () - active_at) / 1e6;
  JD_TEST_WAIT_UNTIL (b.ended != NULL && c.ended != NULL, CALL_TIMEOUT_MS);
  /* Carol's daemon writes her recording out as the call ends. */
  jd_test_run_for (500);
  jd_test_assert_recorded_tone (wav, 440);

  file = only_file_in (records);
  recorded_s = decoded_seconds (file);
  g_test_message ("call active %.1f s, recorder file %.1f s", call_s, recorded_s);
  g_assert_cmpfloat (fabs (recorded_s - call_s), <=, 1.5);
  g_remove (file);
  g_remove (wav);
  g_rmdir (records);
  jd_test_plugin_dir_free (g_steal_pointer (&plugin_dir));
  jd_test_daemon_call_clear (&c);
  jd_test_daemon_call_clear (&b);
  forget (f, &in);
  jd_test_incoming_clear (&in);
}

/* ---------------------------------------------------------------- */
/* 3. busy                                                          */

static void
test_busy (Fixture *f, gconstpointer data)
{
  g_autofree char *first_path = NULL, *second_path = NULL;
  g_autoptr (GError) error = NULL;
  JdTestDaemonCall first = { 0 }, second = { 0 };

  f->alice = start ("alice", NULL);
  f->carol = start ("carol", NULL);
  f->bob = start ("bob", "incoming-calls = auto-answer\nmax-calls = 1\n"
                         "allow = alice@jingled.test;carol@jingled.test\n");
  first_path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  jd_test_daemon_call_watch (&first, f->alice, first_path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&first, "active"), CALL_TIMEOUT_MS);

  g_assert_true (jd_dbus_account1_call_dial_sync (f->carol->account,
                                                  jd_test_daemon_bound_jid (f->bob),
                                                  jd_test_no_options (), SYNC, &second_path,
                                                  NULL, &error));
  g_assert_no_error (error);
  jd_test_daemon_call_watch (&second, f->carol, second_path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_end_reason (&second) != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (jd_test_daemon_call_end_reason (&second), ==, "busy");
  jd_test_run_for (500);
  g_assert_true (jd_test_daemon_call_in_state (&first, "active"));
  g_assert_null (first.ended);
  g_assert_cmpuint (g_strv_length ((GStrv) jd_dbus_account1_get_calls (f->bob->account)), ==, 1);
  jd_test_daemon_call_clear (&first);
  jd_test_daemon_call_clear (&second);
}

/* ---------------------------------------------------------------- */
/* 4. bad input                                                     */

static void
assert_dbus_error (GError **error, int code)
{
  g_assert_error (*error, JD_DBUS_ERROR, code);
  g_test_message ("%s", (*error)->message);
  g_clear_error (error);
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL, *found = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariantBuilder) options = NULL;
  JdTestDaemonCall c = { 0 };

  f->alice = start ("alice", NULL);
  f->bob = start ("bob", "incoming-calls = auto-answer\n");

  g_assert_false (jd_dbus_account1_call_dial_sync (f->alice->account, "not a jid",
                                                   jd_test_no_options (),
                                                   SYNC, &path, NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_INVALID_JID);
  options = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (options, "{sv}", "colour", g_variant_new_string ("blue"));
  g_assert_false (jd_dbus_account1_call_dial_sync (f->alice->account, "bob@jingled.test",
                                                   g_variant_builder_end (options), SYNC, &path, NULL,
                                                   &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_INVALID_ARGUMENT);
  g_assert_false (jd_dbus_account1_call_set_presence_sync (f->alice->account, "sleepy", "", 0,
                                                           SYNC, NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_INVALID_ARGUMENT);
  g_assert_false (jd_dbus_manager1_call_find_account_sync (f->alice->manager, "nobody", SYNC, &found,
                                                           NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_UNKNOWN_ACCOUNT);

  path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  jd_test_daemon_call_watch (&c, f->alice, path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&c, "active"), CALL_TIMEOUT_MS);
  g_assert_false (jd_dbus_call1_call_send_dtmf_sync (c.proxy, "12X", 0, SYNC, NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_INVALID_DTMF);
  g_assert_false (jd_dbus_call1_call_mute_sync (c.proxy, "smell", TRUE, SYNC, NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_INVALID_ARGUMENT);
  g_assert_false (jd_dbus_call1_call_hangup_sync (c.proxy, "because", SYNC, NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_INVALID_ARGUMENT);

  /* Still running, and the call is untouched. */
  g_assert_true (jd_dbus_manager1_call_find_account_sync (f->alice->manager, "alice", SYNC, &found, NULL,
                                                          &error));
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "/im/jingled/account/0");
  g_assert_true (jd_test_daemon_call_in_state (&c, "active"));
  g_assert_true (jd_dbus_call1_call_send_dtmf_sync (c.proxy, "1", 0, SYNC, NULL, &error));
  g_assert_no_error (error);
  jd_test_daemon_call_clear (&c);
}

/* ---------------------------------------------------------------- */
/* Hold, mute, and what is not there yet                            */

/* Media lists video and Codecs names its codec. */
static gboolean
carries_video (JdTestDaemonCall *c)
{
  const char *const *media = jd_dbus_call1_get_media (c->proxy);
  GVariant *codecs = jd_dbus_call1_get_codecs (c->proxy);
  const char *codec = NULL;

  if (media == NULL || !g_strv_contains (media, "video"))
    return FALSE;
  return codecs != NULL && g_variant_lookup (codecs, "video", "&s", &codec) && codec != NULL;
}

static void
test_hold_mute (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  JdTestIncoming in = { 0 };
  JdTestDaemonCall a = { 0 }, b = { 0 };
  const char *const *muted;

  f->alice = start ("alice", NULL);
  f->bob = start ("bob", "incoming-calls = auto-answer\n");
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call), &in);
  path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  jd_test_daemon_call_watch (&a, f->alice, path);
  JD_TEST_WAIT_UNTIL (in.count == 1, CALL_TIMEOUT_MS);
  jd_test_daemon_call_watch (&b, f->bob, in.path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&a, "active")
                      && jd_test_daemon_call_in_state (&b, "active"),
                      CALL_TIMEOUT_MS);

  g_assert_true (jd_dbus_call1_call_hold_sync (a.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&a, "held")
                      && jd_dbus_call1_get_remote_held (b.proxy),
                      CALL_TIMEOUT_MS);
  g_assert_true (jd_dbus_call1_call_unhold_sync (a.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&a, "active")
                      && !jd_dbus_call1_get_remote_held (b.proxy),
                      CALL_TIMEOUT_MS);

  g_assert_true (jd_dbus_call1_call_mute_sync (a.proxy, "audio", TRUE, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL ((muted = jd_dbus_call1_get_muted (a.proxy)) != NULL && muted[0] != NULL,
                      CALL_TIMEOUT_MS);
  g_assert_cmpstr (muted[0], ==, "audio");
  g_assert_null (muted[1]);
  g_assert_true (jd_dbus_call1_call_mute_sync (a.proxy, "audio", FALSE, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL ((muted = jd_dbus_call1_get_muted (a.proxy)) != NULL && muted[0] == NULL,
                      CALL_TIMEOUT_MS);

  /* Video joins the call (content-add) on both ends, then leaves it. */
  g_assert_true (jd_dbus_call1_call_add_video_sync (a.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (carries_video (&a) && carries_video (&b), CALL_TIMEOUT_MS);
  g_assert_false (jd_dbus_call1_call_add_video_sync (a.proxy, SYNC, NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_NOT_ACTIVE);
  g_assert_true (jd_dbus_call1_call_remove_video_sync (b.proxy, SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (!carries_video (&a) && !carries_video (&b), CALL_TIMEOUT_MS);
  g_assert_false (jd_dbus_call1_call_remove_video_sync (b.proxy, SYNC, NULL, &error));
  assert_dbus_error (&error, JD_DBUS_ERROR_INVALID_ARGUMENT);
  g_assert_true (jd_test_daemon_call_in_state (&a, "active"));
  g_assert_true (jd_test_daemon_call_in_state (&b, "active"));
  jd_test_daemon_call_clear (&a);
  jd_test_daemon_call_clear (&b);
  forget (f, &in);
  jd_test_incoming_clear (&in);
}

/* ---------------------------------------------------------------- */
/* Messages, presence, roster, blocking                             */

typedef struct {
  char *from, *type, *body;
  char *presence_jid, *show, *status;
  int priority;
} Seen;

static void
on_message (JdDbusAccount1 *account, const char *from, const char *type, const char *body,
            GVariant *extra, Seen *seen)
{
  g_free (seen->from);
  g_free (seen->type);
  g_free (seen->body);
  seen->from = g_strdup (from);
  seen->type = g_strdup (type);
  seen->body = g_strdup (body);
}

static void
on_presence (JdDbusAccount1 *account, const char *jid, const char *show, const char *status,
             int priority, Seen *seen)
{
  if (!g_str_has_prefix (jid, "alice@"))
    return;
  g_free (seen->presence_jid);
  g_free (seen->show);
  g_free (seen->status);
  seen->presence_jid = g_strdup (jid);
  seen->show = g_strdup (show);
  seen->status = g_strdup (status);
  seen->priority = priority;
}

static void
seen_clear (Seen *seen)
{
  g_free (seen->from);
  g_free (seen->type);
  g_free (seen->body);
  g_free (seen->presence_jid);
  g_free (seen->show);
  g_free (seen->status);
}

static gboolean
roster_has (JdTestDaemon *d, const char *jid, const char *subscription)
{
  g_autoptr (GVariant) roster = NULL;
  g_autoptr (GError) error = NULL;
  GVariantIter iter;
  const char *item, *name, *sub;
  gboolean found = FALSE;

  jd_dbus_account1_call_get_roster_sync (d->account, SYNC, &roster, NULL, &error);
  g_assert_no_error (error);
  g_variant_iter_init (&iter, roster);
  while (g_variant_iter_next (&iter, "(&s&s&s@as)", &item, &name, &sub, NULL))
    found |= g_str_equal (item, jid) && g_str_equal (sub, subscription);
  return found;
}

static gboolean
blocked_has (JdTestDaemon *d, const char *jid)
{
  g_auto (GStrv) blocked = NULL;
  g_autoptr (GError) error = NULL;

  jd_dbus_account1_call_get_blocked_sync (d->account, SYNC, &blocked, NULL, &error);
  g_assert_no_error (error);
  return g_strv_contains ((const char *const *) blocked, jid);
}

static void
test_account_im (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GVariant) presence = NULL;
  Seen seen = { 0 };
  const char *show, *status;
  int priority;

  f->alice = start ("alice", NULL);
  f->bob = start ("bob", NULL);
  g_signal_connect (f->bob->account, "message-received", G_CALLBACK (on_message), &seen);
  g_signal_connect (f->bob->account, "presence-changed", G_CALLBACK (on_presence), &seen);

  g_assert_true (roster_has (f->alice, "bob@jingled.test", "both"));
  g_assert_true (jd_dbus_account1_call_send_message_sync (f->alice->account, "bob@jingled.test",
                                                          "Hi Bob", SYNC, &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id, !=, "");
  JD_TEST_WAIT_UNTIL (seen.body != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (seen.body, ==, "Hi Bob");
  g_assert_cmpstr (seen.type, ==, "chat");
  g_assert_true (g_str_has_prefix (seen.from, "alice@jingled.test/"));

  g_assert_true (jd_dbus_account1_call_set_presence_sync (f->alice->account, "away", "coffee", 5,
                                                          SYNC, NULL, &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (g_strcmp0 (seen.show, "away") == 0, CALL_TIMEOUT_MS);
  g_assert_cmpstr (seen.status, ==, "coffee");
  g_assert_cmpint (seen.priority, ==, 5);
  JD_TEST_WAIT_UNTIL ((presence = jd_dbus_account1_dup_presence (f->alice->account)) != NULL &&
                        (g_variant_get (presence, "(&s&si)", &show, &status, &priority),
                         g_str_equal (show, "away")),
                      CALL_TIMEOUT_MS);
  g_assert_cmpstr (status, ==, "coffee");

  g_assert_true (jd_dbus_account1_call_block_sync (f->alice->account, "carol@jingled.test", SYNC,
                                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_true (blocked_has (f->alice, "carol@jingled.test"));
  g_assert_true (jd_dbus_account1_call_unblock_sync (f->alice->account, "carol@jingled.test", SYNC,
                                                     NULL, &error));
  g_assert_no_error (error);
  g_assert_false (blocked_has (f->alice, "carol@jingled.test"));
  forget (f, &seen);
  seen_clear (&seen);
}

/* Message carbons: what another device of alice's account sends shows
 * as MessageSentElsewhere, what it receives as MessageReceived with
 * "carbon", once. */
typedef struct {
  guint sent, received;
  char *sent_to, *sent_body, *received_body, *received_to;
  gboolean received_carbon;
} Carbons;

static void
on_sent_elsewhere (JdDbusAccount1 *account, const char *to, const char *type, const char *body,
                   GVariant *extra, Carbons *c)
{
  c->sent++;
  g_free (c->sent_to);
  g_free (c->sent_body);
  c->sent_to = g_strdup (to);
  c->sent_body = g_strdup (body);
}

static void
on_carbon_received (JdDbusAccount1 *account, const char *from, const char *type,
                    const char *body, GVariant *extra, Carbons *c)
{
  c->received++;
  g_free (c->received_body);
  g_free (c->received_to);
  c->received_body = g_strdup (body);
  c->received_carbon = g_variant_lookup (extra, "carbon", "b", &c->received_carbon) &&
                       c->received_carbon;
  if (!g_variant_lookup (extra, "to", "s", &c->received_to))
    c->received_to = NULL;
}

static void
send_chat (JdTestAccount *from, const char *to, const char *body)
{
  g_autoptr (JdMessage) msg = jd_message_new (JD_MESSAGE_CHAT, to, body);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = jd_im_send (jd_xmpp_client_get_im (from->client), msg, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static void
test_account_carbons (Fixture *f, gconstpointer data)
{
  g_autoptr (JdTestAccount) phone = jd_test_account_new (prosody, "alice");
  g_autoptr (JdTestAccount) bob = jd_test_account_new (prosody, "bob");
  Carbons c = { 0 };

  f->alice = start ("alice", NULL);
  jd_test_account_login (phone);
  jd_test_account_login (bob);
  g_signal_connect (f->alice->account, "message-sent-elsewhere", G_CALLBACK (on_sent_elsewhere),
                    &c);
  g_signal_connect (f->alice->account, "message-received", G_CALLBACK (on_carbon_received), &c);

  send_chat (phone, "bob@jingled.test", "sent from my phone");
  JD_TEST_WAIT_UNTIL (c.sent == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (c.sent_to, ==, "bob@jingled.test");
  g_assert_cmpstr (c.sent_body, ==, "sent from my phone");

  send_chat (bob, jd_test_account_full_jid (phone), "for your phone");
  JD_TEST_WAIT_UNTIL (c.received == 1, CALL_TIMEOUT_MS);
  g_assert_cmpstr (c.received_body, ==, "for your phone");
  g_assert_true (c.received_carbon);
  g_assert_cmpstr (c.received_to, ==, jd_test_account_full_jid (phone));
  jd_test_run_for (500);
  g_assert_cmpuint (c.received, ==, 1);
  g_assert_cmpuint (c.sent, ==, 1);
  forget (f, &c);
  g_free (c.sent_to);
  g_free (c.sent_body);
  g_free (c.received_body);
  g_free (c.received_to);
}

/* ---------------------------------------------------------------- */
/* 5. SIGTERM during a call                                         */

static void
test_sigterm (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  JdTestIncoming in = { 0 };
  JdTestDaemonCall b = { 0 };

  f->alice = start ("alice", NULL);
  f->bob = start ("bob", "incoming-calls = auto-answer\n");
  g_signal_connect (f->bob->account, "incoming-call", G_CALLBACK (jd_test_on_incoming_call), &in);
  path = jd_test_daemon_dial (f->alice, "bob@jingled.test");
  JD_TEST_WAIT_UNTIL (in.count == 1, CALL_TIMEOUT_MS);
  jd_test_daemon_call_watch (&b, f->bob, in.path);
  JD_TEST_WAIT_UNTIL (jd_test_daemon_call_in_state (&b, "active"), CALL_TIMEOUT_MS);

  g_assert_cmpint (jd_test_daemon_stop (f->alice), ==, 0);
  JD_TEST_WAIT_UNTIL (b.ended != NULL, CALL_TIMEOUT_MS);
  g_assert_cmpstr (b.ended, ==, "success");
  jd_test_daemon_call_clear (&b);
  forget (f, &in);
  jd_test_incoming_clear (&in);
}

/* ---------------------------------------------------------------- */
/* --debug                                                          */

/* Stanza traces of the login are in the log, the password is not. */
static void
test_debug_log (Fixture *f, gconstpointer data)
{
  g_autofree char *config = jd_test_daemon_config (prosody, "alice", NULL);
  const char *args[] = { "--debug", NULL };
  g_autofree char *log_path = NULL;
  g_autofree char *log = NULL;

  f->alice = jd_test_daemon_start_with ("alice", config, GRACE_MS, args, TRUE);
  jd_test_daemon_wait_connected (f->alice);
  g_assert_cmpint (jd_test_daemon_stop (f->alice), ==, 0);
  log_path = jd_test_daemon_path (f->alice, "jingled.log");
  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "SENT: <"));
  g_assert_nonnull (strstr (log, "<bind"));
  g_assert_null (strstr (log, "alice-secret"));
}

/* ---------------------------------------------------------------- */
/* 6. a bad config file                                             */

static void
test_bad_config (Fixture *f, gconstpointer data)
{
  g_autofree char *conf = g_build_filename (f->dir, "bad.conf", NULL);
  g_autofree char *where = g_strdup_printf ("%s:4:", conf);
  g_autofree char *err = NULL;
  const char *args[] = { "--config", conf, NULL };

  g_assert_true (g_file_set_contents (conf,
                                      "# jingled\n"
                                      "[account alice]\n"
                                      "jid = alice@jingled.test\n"
                                      "max-calls = lots\n"
                                      "password = x\n",
                                      -1, NULL));
  g_assert_cmpint (jd_test_jingled_run (args, &err), ==, 1);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, where));
  g_assert_nonnull (strstr (err, "max-calls"));
  g_remove (conf);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char **argv)
{
  g_autoptr (JdTestProsody) server = jd_test_daemon_suite_init (&argc, &argv);

  prosody = server;
  ADD ("/daemon/call/ask-accept-dtmf-hangup", test_ask_call);
  ADD ("/daemon/policy/stranger-ask", test_stranger_ask);
  ADD ("/daemon/policy/stranger-reject", test_stranger_reject);
  ADD ("/daemon/policy/allowed-auto-answer", test_allowed_auto_answer);
  ADD ("/daemon/busy", test_busy);
  ADD ("/daemon/plugins/echo-and-recorder", test_plugins);
  ADD ("/daemon/bad-input", test_bad_input);
  ADD ("/daemon/call/hold-mute", test_hold_mute);
  ADD ("/daemon/account/im", test_account_im);
  ADD ("/daemon/account/carbons", test_account_carbons);
  ADD ("/daemon/sigterm", test_sigterm);
  ADD ("/daemon/bad-config", test_bad_config);
  ADD ("/daemon/debug-log", test_debug_log);
  return g_test_run ();
}
