/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The shipped plugins in real calls through a private Prosody: alice
 * calls bob, and bob's call goes to a JdPluginHost with plugins loaded
 * from the built modules by a [daemon] plugins= config, as the daemon
 * does.  Nobody answers bob's call but the plugins.  What is asserted is
 * what alice hears and what lands on disk.
 */
#include <math.h>

#include <glib/gstdio.h>

#include "jd-config.h"
#include "jd-plugin-loader.h"
#include "jd-test-call.h"
#include "jd-test-plugin-dir.h"
#include "media/jd-media-tone.h"

#define RATE 48000
#define BANDS 480
/* Within one FFT bin of the spectrum (jd-test-call.c). */
#define NEAR(hz, want) (fabs ((hz) - (want)) <= RATE / (2.0 * (2 * BANDS - 2)) + 1)

static JdTestProsody *prosody;

typedef struct {
  JdTestCall *tc;
  char *plugin_dir;
  JdPluginHost *host;
  JdPluginLoader *loader;
  gboolean claimed;
  gint64 handed_us;           /* when bob's call went to the host */
} Fixture;

/* After the fixture's own handler, which made bob's call (unanswered). */
static void
on_bob_incoming (JdJingleManager *m, JdJingleSession *session, const JdJingleMessage *offer,
                 Fixture *f)
{
  if (f->tc->bob.call == NULL)
    return;
  f->handed_us = g_get_monotonic_time ();
  f->claimed = jd_plugin_host_incoming_call (f->host, f->tc->bob.call, "bob",
                                             jd_jingle_session_get_peer (session));
}

/* @config_text: the daemon's config, whose plugins are loaded. */
static void
setup (Fixture *f, const char *config_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = jd_config_load_from_data (config_text, -1, "/etc/jingled.conf",
                                                           &error);

  g_assert_no_error (error);
  f->tc = jd_test_call_new (prosody);
  f->tc->bob_answers = FALSE;
  f->plugin_dir = jd_test_plugin_dir_new ();
  f->host = jd_plugin_host_new ();
  f->loader = jd_plugin_loader_new (f->host, f->plugin_dir, NULL);
  g_assert_true (jd_plugin_loader_load_all (f->loader, (const char *const *) config->plugins,
                                            config->plugin_settings, &error));
  g_assert_no_error (error);
  g_signal_connect (f->tc->bob_manager, "incoming-session", G_CALLBACK (on_bob_incoming), f);
}

static void
teardown (Fixture *f)
{
  g_signal_handlers_disconnect_by_data (f->tc->bob_manager, f);
  jd_test_call_free (f->tc);
  jd_plugin_loader_free (f->loader);
  g_object_unref (f->host);
  jd_test_plugin_dir_free (f->plugin_dir);
}

static gint64
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000;
}

static char *
bare_jid (JdTestAccount *acc)
{
  const char *full = jd_test_account_full_jid (acc);

  return g_strndup (full, strcspn (full, "/"));
}

typedef struct {
  GString *states;            /* call-state-changed, one letter per state */
  guint added;
} HostEvents;

static void
on_call_added (JdPluginHost *host, JdPluginCall *call, HostEvents *ev)
{
  ev->added++;
}

static void
on_call_state (JdPluginHost *host, JdPluginCall *call, JdPluginCallState state, HostEvents *ev)
{
  g_string_append_c (ev->states, "RCNAE"[state]);
}

/* Records when alice last heard her tone; TRUE once a second has passed
 * without it. */
static gboolean
echo_gone (JdTestSide *alice, guint *hits, gint64 *last_hit_us)
{
  gint64 now = g_get_monotonic_time ();

  if (alice->hits != *hits)
    {
      *hits = alice->hits;
      *last_hit_us = now;
    }
  return now - *last_hit_us > G_USEC_PER_SEC;
}

#define ECHO_DELAY_MS 1500

/* Alice hears her own 440 Hz tone back, not before the delay; and when
 * she stops sending, she still hears it for the delay: the queue holds
 * that much of her audio at every moment, not only at the start. */
static void
test_echo (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 active_us, heard_ms, muted_us, last_hit_us;
  guint hits;

  setup (&f, "[daemon]\nplugins=echo\n[plugin echo]\ndelay-ms=1500\n");
  f.tc->alice.expect_hz = 440;
  jd_test_call_dial (f.tc);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (f.tc->alice.call) == JD_CALL_STATE_ACTIVE, 15000);
  active_us = g_get_monotonic_time ();
  g_assert_true (f.claimed);
  JD_TEST_WAIT_UNTIL (f.tc->alice.hits >= 1, 10000);
  heard_ms = ms_since (active_us);
  g_test_message ("alice hears herself %" G_GINT64_FORMAT " ms after the call went active",
                  heard_ms);
  g_assert_cmpint (heard_ms, >=, ECHO_DELAY_MS);
  /* And keeps hearing herself. */
  f.tc->alice.hits = f.tc->alice.reports = 0;
  JD_TEST_WAIT_UNTIL (f.tc->alice.reports >= 10, 10000);
  g_assert_cmpuint (f.tc->alice.hits * 10, >=, f.tc->alice.reports * 8);

  g_assert_true (jd_call_set_mute (f.tc->alice.call, JD_JINGLE_MEDIA_AUDIO, TRUE, &error));
  g_assert_no_error (error);
  muted_us = last_hit_us = g_get_monotonic_time ();
  hits = f.tc->alice.hits;
  JD_TEST_WAIT_UNTIL (echo_gone (&f.tc->alice, &hits, &last_hit_us), ECHO_DELAY_MS + 5000);
  g_test_message ("alice hears herself for %" G_GINT64_FORMAT " ms after she went quiet",
                  (last_hit_us - muted_us) / 1000);
  /* Less one spectrum report (200 ms), which may end just after the tone. */
  g_assert_cmpint ((last_hit_us - muted_us) / 1000, >=, ECHO_DELAY_MS - 200);
  teardown (&f);
}

static void
test_autoanswer_allowed (void)
{
  Fixture f = { 0 };
  HostEvents ev = { g_string_new (NULL), 0 };
  g_autofree char *config = NULL;
  g_autofree char *alice = NULL;
  gint64 rang_ms;

  /* The accounts are made by setup: the allow list needs alice's JID
   * first, so the config is made in two steps. */
  setup (&f, "[daemon]\n");
  alice = bare_jid (f.tc->alice_account);
  config = g_strdup_printf ("[daemon]\nplugins=autoanswer\n"
                            "[plugin autoanswer]\nallow=nobody@example.org;%s\n"
                            "delay-ms=400\n", alice);
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JdConfig) c = jd_config_load_from_data (config, -1, "/etc/jingled.conf", &error);

    g_assert_no_error (error);
    g_assert_true (jd_plugin_loader_load_all (f.loader, (const char *const *) c->plugins,
                                              c->plugin_settings, &error));
    g_assert_no_error (error);
  }
  g_signal_connect (f.host, "call-state-changed", G_CALLBACK (on_call_state), &ev);
  jd_test_call_dial (f.tc);
  JD_TEST_WAIT_UNTIL (f.tc->bob.call != NULL, 10000);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (f.tc->bob.call) != JD_CALL_STATE_RINGING, 10000);
  rang_ms = ms_since (f.handed_us);
  g_test_message ("answered after %" G_GINT64_FORMAT " ms of ringing", rang_ms);
  g_assert_true (f.claimed);
  g_assert_cmpint (rang_ms, >=, 400);
  jd_test_call_wait_tones (f.tc);
  /* Plugins saw it: connecting, active; then ended. */
  g_assert_cmpstr (ev.states->str, ==, "NA");
  jd_call_hangup (f.tc->alice.call, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (f.tc->bob.call) == JD_CALL_STATE_ENDED, 10000);
  g_assert_cmpstr (ev.states->str, ==, "NAE");
  g_signal_handlers_disconnect_by_data (f.host, &ev);
  g_string_free (ev.states, TRUE);
  teardown (&f);
}

static void
test_autoanswer_not_allowed (void)
{
  Fixture f = { 0 };

  setup (&f, "[daemon]\nplugins=autoanswer\n"
             "[plugin autoanswer]\nallow=nobody@example.org\n");
  jd_test_call_dial (f.tc);
  JD_TEST_WAIT_UNTIL (f.tc->bob.call != NULL, 10000);
  g_assert_false (f.claimed);
  jd_test_run_for (2000);
  g_assert_cmpint (jd_call_get_state (f.tc->bob.call), ==, JD_CALL_STATE_RINGING);
  g_assert_cmpint (jd_call_get_state (f.tc->alice.call), ==, JD_CALL_STATE_CALLING);
  teardown (&f);
}

/* The one finished .ogg in @dir, or NULL. */
static char *
find_recording (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".ogg"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

typedef struct {
  guint hits[2];              /* reports peaking at the channel's tone */
  guint reports[2];
  GString *trace[2];          /* per report: + at the tone, . elsewhere */
  char *artist;
  char *comment;
  gboolean has_date;
} Decoded;

static void
on_decoded_message (GstMessage *msg, Decoded *out, const double want[2])
{
  double hz = jd_media_tone_peak_hz (msg, RATE);

  if (hz >= 0)
    {
      int ch = g_str_equal (GST_MESSAGE_SRC_NAME (msg), "left") ? 0 : 1;

      out->reports[ch]++;
      out->hits[ch] += NEAR (hz, want[ch]);
      g_string_append_c (out->trace[ch], NEAR (hz, want[ch]) ? '+' : '.');
    }
  else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_TAG)
    {
      g_autoptr (GstTagList) tags = NULL;
      GstDateTime *when = NULL;

      gst_message_parse_tag (msg, &tags);
      if (out->artist == NULL)
        gst_tag_list_get_string (tags, GST_TAG_ARTIST, &out->artist);
      if (out->comment == NULL)
        gst_tag_list_get_string (tags, GST_TAG_COMMENT, &out->comment);
      if (gst_tag_list_get_date_time (tags, GST_TAG_DATE_TIME, &when))
        {
          out->has_date = TRUE;
          gst_date_time_unref (when);
        }
    }
}

#define CHANNEL(name) "d.src_%d ! queue ! audioconvert ! spectrum name=" name " bands=480 " \
                      "interval=100000000 post-messages=true message-magnitude=true ! " \
                      "fakesink sync=false "

/* Decodes @path, measuring each channel's pitch and reading its tags. */
static void
decode (const char *path, const double want[2], Decoded *out)
{
  g_autofree char *desc = g_strdup_printf (
    "filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample ! "
    "audio/x-raw,rate=48000,channels=2 ! deinterleave name=d " CHANNEL ("left") CHANNEL ("right"),
    path, 0, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) p = gst_parse_launch (desc, &error);
  g_autoptr (GstBus) bus = gst_element_get_bus (p);
  GstMessage *msg;

  g_assert_no_error (error);
  gst_element_set_state (p, GST_STATE_PLAYING);
  while ((msg = gst_bus_timed_pop (bus, 5 * GST_SECOND * jd_test_timeout_scale ())) != NULL)
    {
      gboolean end = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;

      g_assert_cmpint (GST_MESSAGE_TYPE (msg), !=, GST_MESSAGE_ERROR);
      on_decoded_message (msg, out, want);
      gst_message_unref (msg);
      if (end)
        break;
    }
  gst_element_set_state (p, GST_STATE_NULL);
}

/* The one recording in @dir, once the call has ended: about 6 s of
 * @left Hz on the left, @right Hz on the right (whose first second may
 * be silent: the peer's first packets follow DTLS), the peer and the
 * direction in its tags. */
static void
check_recording (const char *dir, double left, double right, const char *peer,
                 const char *comment)
{
  g_autofree char *path = NULL;
  const double want[2] = { left, right };
  Decoded d = { .trace = { g_string_new (NULL), g_string_new (NULL) } };

  JD_TEST_WAIT_UNTIL ((path = find_recording (dir)) != NULL, 10000);
  g_test_message ("recorded %s", path);
  decode (path, want, &d);
  g_test_message ("left  %s", d.trace[0]->str);
  g_test_message ("right %s", d.trace[1]->str);
  g_string_free (d.trace[0], TRUE);
  g_string_free (d.trace[1], TRUE);
  g_test_message ("left: %u of %u reports at %.0f Hz; right: %u of %u at %.0f Hz; artist %s",
                  d.hits[0], d.reports[0], left, d.hits[1], d.reports[1], right, d.artist);
  /* 10 reports a second per channel: most of the ~6 s call (a
   * sanitized build on a loaded machine starts recording late). */
  g_assert_cmpuint (d.reports[0], >=, 40);
  g_assert_cmpuint (d.hits[0] * 10, >=, d.reports[0] * 7);
  g_assert_cmpuint (d.hits[1] * 10, >=, d.reports[1] * 7);
  g_assert_cmpstr (d.artist, ==, peer);
  g_assert_cmpstr (d.comment, ==, comment);
  g_assert_true (d.has_date);
  g_free (d.artist);
  g_free (d.comment);
  g_remove (path);
}

/* Bob's recorder: after the call a finished .ogg holds bob's 880 Hz on
 * the left, alice's 440 Hz on the right, and alice as the peer; whether
 * a plugin answers (autoanswer, listed after the recorder) or the daemon
 * does (jd_plugin_host_prepare_accept(), then jd_call_accept()). */
static void
record_incoming (gboolean daemon_answers)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("jd-recordings-XXXXXX", &error);
  g_autofree char *config = g_strdup_printf ("[daemon]\nplugins=recorder%s\n"
                                             "[plugin recorder]\ndir=%s\n",
                                             daemon_answers ? "" : ";autoanswer", dir);
  Fixture f = { 0 };

  setup (&f, config);
  jd_test_call_dial (f.tc);
  if (daemon_answers)
    {
      JD_TEST_WAIT_UNTIL (f.tc->bob.call != NULL, 10000);
      g_assert_false (f.claimed);
      g_assert_true (jd_plugin_host_prepare_accept (f.host, f.tc->bob.call, &error));
      g_assert_no_error (error);
      g_assert_true (jd_call_accept (f.tc->bob.call, &error));
      g_assert_no_error (error);
    }
  jd_test_call_wait_tones (f.tc);
  jd_test_run_for (2000);
  g_assert_null (find_recording (dir));
  jd_call_hangup (f.tc->alice.call, JD_JINGLE_REASON_SUCCESS);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (f.tc->bob.call) == JD_CALL_STATE_ENDED, 10000);
  check_recording (dir, 880, 440, jd_test_account_full_jid (f.tc->alice_account),
                   "incoming call");
  teardown (&f);
  g_rmdir (dir);
}

static void
test_recorder_plugin_answers (void)
{
  record_incoming (FALSE);
}

static void
test_recorder_daemon_answers (void)
{
  record_incoming (TRUE);
}

/* Alice's recorder on the call she dials (bob answers by himself):
 * her 440 Hz on the left, bob's 880 Hz on the right, bob as the peer. */
static void
test_recorder_outgoing (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("jd-recordings-XXXXXX", &error);
  g_autofree char *config = g_strdup_printf ("[daemon]\nplugins=recorder\n"
                                             "[plugin recorder]\ndir=%s\n", dir);
  Fixture f = { 0 };

  setup (&f, config);
  g_signal_handlers_disconnect_by_data (f.tc->bob_manager, &f);
  f.tc->bob_answers = TRUE;
  jd_test_call_dial (f.tc);
  jd_plugin_host_outgoing_call (f.host, f.tc->alice.call, "alice",
                                jd_test_account_full_jid (f.tc->bob_account));
  jd_test_call_wait_tones (f.tc);
  jd_test_run_for (2000);
  jd_call_hangup (f.tc->alice.call, JD_JINGLE_REASON_SUCCESS);
  check_recording (dir, 440, 880, jd_test_account_full_jid (f.tc->bob_account),
                   "outgoing call");
  teardown (&f);
  g_rmdir (dir);
}

/* The plugin API's actions on a ringing call, as a plugin sees them:
 * facts about the call; mistakes are errors that leave it ringing; a
 * reject with a reason reaches the caller with that reason, and the
 * host reports the end and forgets the call. */
static void
test_host_actions (void)
{
  g_autoptr (GError) error = NULL;
  HostEvents ev = { g_string_new (NULL), 0 };
  const JdJingleReason *reason;
  JdPluginCall *call;
  Fixture f = { 0 };

  setup (&f, "[daemon]\n");
  g_signal_connect (f.host, "call-added", G_CALLBACK (on_call_added), &ev);
  g_signal_connect (f.host, "call-state-changed", G_CALLBACK (on_call_state), &ev);
  jd_test_call_dial (f.tc);
  JD_TEST_WAIT_UNTIL (f.tc->bob.call != NULL, 10000);
  g_assert_false (f.claimed);
  g_assert_cmpuint (ev.added, ==, 1);
  call = g_object_ref (jd_plugin_host_lookup_call (f.host, f.tc->bob.call));
  g_assert_cmpuint (jd_plugin_call_get_id (call), ==, 1);
  g_assert_cmpstr (jd_plugin_call_get_account (call), ==, "bob");
  g_assert_cmpstr (jd_plugin_call_get_peer (call), ==,
                   jd_test_account_full_jid (f.tc->alice_account));
  g_assert_cmpint (jd_plugin_call_get_direction (call), ==, JD_PLUGIN_CALL_INCOMING);
  g_assert_cmpint (jd_plugin_call_get_state (call), ==, JD_PLUGIN_CALL_STATE_RINGING);

  g_assert_false (jd_plugin_call_accept (call, "tone:loud", NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (jd_plugin_call_send_dtmf (call, "1", &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (jd_plugin_call_tap_audio (call, "no spaces", NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (jd_plugin_call_reject (call, "not-a-reason", &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  jd_test_run_for (300);
  g_assert_cmpint (jd_call_get_state (f.tc->bob.call), ==, JD_CALL_STATE_RINGING);
  g_assert_cmpint (jd_call_get_state (f.tc->alice.call), ==, JD_CALL_STATE_CALLING);

  g_assert_true (jd_plugin_call_reject (call, "busy", &error));
  g_assert_no_error (error);
  JD_TEST_WAIT_UNTIL (jd_call_get_state (f.tc->alice.call) == JD_CALL_STATE_ENDED, 10000);
  reason = jd_call_get_end_reason (f.tc->alice.call);
  g_assert_nonnull (reason);
  g_assert_cmpint (reason->type, ==, JD_JINGLE_REASON_BUSY);
  g_assert_cmpstr (ev.states->str, ==, "E");
  g_assert_null (jd_plugin_host_lookup_call (f.host, f.tc->bob.call));
  g_assert_cmpint (jd_plugin_call_get_state (call), ==, JD_PLUGIN_CALL_STATE_ENDED);
  g_assert_false (jd_plugin_call_hangup (call, NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_WRONG_STATE);
  g_object_unref (call);
  g_signal_handlers_disconnect_by_data (f.host, &ev);
  g_string_free (ev.states, TRUE);
  teardown (&f);
}

/* A WAV file of @seconds of @hz. */
static char *
make_tone_file (const char *dir, double hz, guint seconds)
{
  g_autofree char *name = g_strdup_printf ("%.0f.wav", hz);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *desc = g_strdup_printf (
    "audiotestsrc num-buffers=%u samplesperbuffer=4800 freq=%.0f volume=0.4 ! "
    "audio/x-raw,rate=48000,channels=1 ! wavenc ! filesink location=\"%s\"",
    seconds * 10, hz, path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) p = gst_parse_launch (desc, &error);
  g_autoptr (GstBus) bus = gst_element_get_bus (p);
  g_autoptr (GstMessage) msg = NULL;

  g_assert_no_error (error);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (p, GST_STATE_NULL);
  return path;
}

/* Alice hears the greeting (600 Hz), presses 2 and hears 2's file
 * (1300 Hz), not 1's (1000 Hz). */
static void
test_dtmf_menu (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("jd-menu-XXXXXX", &error);
  g_autofree char *greeting = make_tone_file (dir, 600, 6);
  g_autofree char *one = make_tone_file (dir, 1000, 6);
  g_autofree char *two = make_tone_file (dir, 1300, 6);
  g_autofree char *config = g_strdup_printf ("[daemon]\nplugins=dtmf-menu\n"
                                             "[plugin dtmf-menu]\ngreeting=%s\n1=%s\n2=%s\n",
                                             greeting, one, two);
  Fixture f = { 0 };

  setup (&f, config);
  f.tc->alice.expect_hz = 600;
  jd_test_call_dial (f.tc);
  JD_TEST_WAIT_UNTIL (f.tc->alice.hits >= 3, 15000);
  g_assert_true (f.claimed);
  g_assert_true (jd_call_send_dtmf (f.tc->alice.call, "2", 0, 0, &error));
  g_assert_no_error (error);
  f.tc->alice.expect_hz = 1300;
  f.tc->alice.hits = f.tc->alice.reports = 0;
  JD_TEST_WAIT_UNTIL (f.tc->alice.hits >= 5, 5000);
  g_test_message ("after 2 alice hears %.0f Hz", f.tc->alice.last_peak_hz);
  g_assert_true (NEAR (f.tc->alice.last_peak_hz, 1300));
  teardown (&f);
  g_remove (greeting);
  g_remove (one);
  g_remove (two);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) server = NULL;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  server = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  prosody = server;
  g_test_add_func ("/plugin/host/actions-on-a-ringing-call", test_host_actions);
  g_test_add_func ("/plugin/echo/hears-itself-after-delay", test_echo);
  g_test_add_func ("/plugin/autoanswer/allowed-is-answered", test_autoanswer_allowed);
  g_test_add_func ("/plugin/autoanswer/other-keeps-ringing", test_autoanswer_not_allowed);
  g_test_add_func ("/plugin/recorder/answered-by-plugin", test_recorder_plugin_answers);
  g_test_add_func ("/plugin/recorder/answered-by-daemon", test_recorder_daemon_answers);
  g_test_add_func ("/plugin/recorder/outgoing-call", test_recorder_outgoing);
  g_test_add_func ("/plugin/dtmf-menu/digit-plays-its-file", test_dtmf_menu);
  return g_test_run ();
}
