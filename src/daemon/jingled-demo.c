/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jingled-demo: the main job, shown end to end on a real server.
 *
 * Two accounts log in over STARTTLS, subscribe to each other, see each
 * other's presence change, and exchange a message each way; then alice
 * calls bob: Jingle through the server, ICE on 127.0.0.1, DTLS-SRTP, Opus.
 * Alice sends a 440 Hz tone, bob 880 Hz, and each reports the pitch it
 * hears.  Every step is printed as it happens.  scripts/demo runs it
 * against a private Prosody.
 */
#include <math.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#include "call/jd-call.h"
#include "jingle/jd-jingle-xmpp.h"
#include "media/jd-media-tone.h"
#include "xmpp/jd-xmpp-client.h"

#define BANDS 4800   /* 5 Hz bins */
#define RATE 48000

#define STEP_TIMEOUT_S 10

typedef struct {
  const char *name;
  JdXmppClient *client;
  JdJingleManager *jingle;
  JdCall *call;
  double heard_hz;
  guint heard;
  char *jid;
  const char *last_body;
  GString *digits;          /* DTMF received */
} Party;

typedef struct {
  Party a, b;
  gint64 t0;
} Demo;

static Demo demo;

static void
say (const char *fmt, ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *fmt, ...)
{
  va_list ap;
  g_autofree char *line = NULL;

  va_start (ap, fmt);
  line = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  printf ("[%6.3f s] %s\n", (g_get_monotonic_time () - demo.t0) / 1e6, line);
  fflush (stdout);
}

static gboolean
on_step_timeout (gpointer user_data)
{
  say ("FAILED: timed out waiting for %s", (const char *) user_data);
  exit (1);
}

static void
on_ready (JdXmppConnection *conn, gboolean resumed, Party *p)
{
  say ("%s is online as %s (TLS: %s)", p->name, jd_xmpp_connection_get_bound_jid (conn),
       jd_xmpp_connection_is_secure (conn) ? "yes, certificate verified" : "no");
}

static void
on_disconnected (JdXmppConnection *conn, const GError *error, gboolean retry, Party *p)
{
  if (error != NULL)
    {
      say ("%s: %s", p->name, error->message);
      if (!retry)
        exit (1);
    }
}

static void
on_message (JdIm *im, const JdMessage *msg, Party *p)
{
  say ("%s received a %s message from %s: \"%s\"", p->name,
       jd_message_type_to_string (msg->type), msg->from, msg->body ? msg->body : "");
  p->last_body = g_intern_string (msg->body);
}

static void
on_presence (JdPresence *presence, const char *jid, const JdPresenceInfo *info, Party *p)
{
  say ("%s sees %s: %s%s%s%s (priority %d)", p->name, jid, jd_presence_show_to_string (info->show),
       info->status ? " \"" : "", info->status ? info->status : "", info->status ? "\"" : "",
       info->priority);
}

static void
on_subscription_request (JdRoster *roster, const char *jid, Party *p)
{
  say ("%s: %s asks to see my presence; approving", p->name, jid);
  jd_roster_approve (roster, jid);
}

static void
setup_party (Party *p, const char *name, const char *user, int argc, char **argv)
{
  const char *host = argv[1];
  const char *domain = argv[3];
  g_autofree char *jid = g_strdup_printf ("%s@%s/demo", user, domain);
  g_autofree char *password = g_strdup_printf ("%s-secret", user);
  g_autoptr (JdXmppSettings) s = jd_xmpp_settings_new (jid, password);

  s->host = g_strdup (host);
  s->port = (guint16) atoi (argv[2]);
  s->cafile = argc > 4 ? g_strdup (argv[4]) : NULL;
  p->name = name;
  p->jid = g_strdup_printf ("%s@%s", user, domain);
  p->client = jd_xmpp_client_new (s, "pc");
  g_signal_connect (jd_xmpp_client_get_connection (p->client), "ready", G_CALLBACK (on_ready), p);
  g_signal_connect (jd_xmpp_client_get_connection (p->client), "disconnected",
                    G_CALLBACK (on_disconnected), p);
  g_signal_connect (jd_xmpp_client_get_im (p->client), "message", G_CALLBACK (on_message), p);
  g_signal_connect (jd_xmpp_client_get_presence (p->client), "changed", G_CALLBACK (on_presence),
                    p);
  g_signal_connect (jd_xmpp_client_get_roster (p->client), "subscription-request",
                    G_CALLBACK (on_subscription_request), p);
}

static gboolean
is_ready (Party *p)
{
  return jd_roster_is_loaded (jd_xmpp_client_get_roster (p->client));
}

static gboolean
subscribed_both (Party *p, Party *other)
{
  const JdRosterItem *item = jd_roster_table_lookup (
    jd_roster_get_table (jd_xmpp_client_get_roster (p->client)), other->jid);

  return item != NULL && item->subscription == JD_SUBSCRIPTION_BOTH;
}

static gboolean
sees_show (Party *observer, Party *subject, JdPresenceShow show)
{
  JdPresenceTable *table = jd_presence_get_table (jd_xmpp_client_get_presence (observer->client));
  const char *full = jd_xmpp_connection_get_bound_jid (jd_xmpp_client_get_connection (subject->client));
  const JdPresenceInfo *info = jd_presence_table_lookup (table, full);

  return info != NULL && info->show == show;
}

static void
send_chat (Party *from, Party *to, const char *body)
{
  g_autoptr (JdMessage) msg = jd_message_new (JD_MESSAGE_CHAT, to->jid, body);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = jd_im_send (jd_xmpp_client_get_im (from->client), msg, &error);

  if (id == NULL)
    {
      say ("FAILED: %s", error->message);
      exit (1);
    }
  say ("%s sends to %s: \"%s\"", from->name, to->jid, body);
}

static const char *const loopback[] = { "127.0.0.1", NULL };

static char *
tone_source (double hz)
{
  return g_strdup_printf ("audiotestsrc is-live=true freq=%.0f volume=0.4", hz);
}

static char *
ear_sink (void)
{
  return jd_media_tone_sink_description (RATE, BANDS, 250);
}

static void
on_spectrum (JdMediaPipeline *pipeline, GstMessage *msg, Party *p)
{
  double hz = jd_media_tone_peak_hz (msg, RATE);

  if (hz < 0)
    return;
  p->heard_hz = hz;
  p->heard++;
}

static void
on_dtmf (JdCall *call, const char *digit, Party *p)
{
  g_string_append (p->digits, digit);
}

static void
on_incoming_call (JdJingleManager *m, JdJingleSession *session, const JdJingleMessage *offer,
                  Party *p)
{
  g_autofree char *source = tone_source (880);
  g_autofree char *sink = ear_sink ();
  JdCallOptions options = { .audio_source = source, .audio_sink = sink,
                            .local_addresses = loopback };
  g_autoptr (GError) error = NULL;

  say ("%s: incoming call from %s; answering", p->name, jd_jingle_session_get_peer (session));
  p->call = jd_call_new_incoming (session, offer, &options, &error);
  if (p->call == NULL || !jd_call_accept (p->call, &error))
    {
      say ("FAILED: %s", error->message);
      exit (1);
    }
  g_signal_connect (jd_call_get_pipeline (p->call), "element-message", G_CALLBACK (on_spectrum), p);
  g_signal_connect (p->call, "dtmf-received", G_CALLBACK (on_dtmf), p);
}

static gboolean
call_is (Party *p, JdCallState state)
{
  return p->call != NULL && jd_call_get_state (p->call) == state;
}

#define WAIT(cond, what)                                                       \
  G_STMT_START {                                                               \
    gboolean done_ = FALSE;                                                    \
    guint timer_ = g_timeout_add_seconds (STEP_TIMEOUT_S, on_step_timeout, what); \
    while (!(done_ = (cond)))                                                  \
      g_main_context_iteration (NULL, TRUE);                                   \
    g_source_remove (timer_);                                                  \
  } G_STMT_END

static void place_call (void);

int
main (int argc, char **argv)
{
  if (argc < 4)
    {
      fprintf (stderr, "usage: %s HOST PORT DOMAIN [CAFILE]\n", argv[0]);
      return 2;
    }
  gst_init (&argc, &argv);
  demo.t0 = g_get_monotonic_time ();
  demo.a.digits = g_string_new (NULL);
  demo.b.digits = g_string_new (NULL);
  setup_party (&demo.a, "alice", "alice", argc, argv);
  setup_party (&demo.b, "bob", "bob", argc, argv);

  jd_xmpp_client_connect (demo.a.client);
  jd_xmpp_client_connect (demo.b.client);
  WAIT (is_ready (&demo.a) && is_ready (&demo.b), "both logins");

  say ("alice asks bob for a presence subscription, and bob asks alice");
  jd_roster_subscribe (jd_xmpp_client_get_roster (demo.a.client), demo.b.jid);
  jd_roster_subscribe (jd_xmpp_client_get_roster (demo.b.client), demo.a.jid);
  WAIT (subscribed_both (&demo.a, &demo.b) && subscribed_both (&demo.b, &demo.a),
        "mutual subscription");
  say ("alice and bob are now subscribed both ways");

  jd_presence_set_own (jd_xmpp_client_get_presence (demo.b.client), JD_PRESENCE_AWAY,
                       "getting coffee", 5);
  WAIT (sees_show (&demo.a, &demo.b, JD_PRESENCE_AWAY), "bob's away presence at alice");

  send_chat (&demo.a, &demo.b, "Hi Bob! Are you there?");
  WAIT (demo.b.last_body != NULL, "alice's message at bob");
  send_chat (&demo.b, &demo.a, "Hi Alice, back in five minutes.");
  WAIT (demo.a.last_body != NULL, "bob's message at alice");

  place_call ();

  say ("both log out");
  jd_xmpp_client_disconnect (demo.a.client);
  jd_xmpp_client_disconnect (demo.b.client);
  WAIT (jd_xmpp_connection_get_state (jd_xmpp_client_get_connection (demo.a.client)) ==
          JD_XMPP_STATE_DISCONNECTED &&
        jd_xmpp_connection_get_state (jd_xmpp_client_get_connection (demo.b.client)) ==
          JD_XMPP_STATE_DISCONNECTED,
        "logout");
  say ("demo finished: presence, messages and a call went both ways");
  g_object_unref (demo.a.client);
  g_object_unref (demo.b.client);
  g_free (demo.a.jid);
  g_free (demo.b.jid);
  g_string_free (demo.a.digits, TRUE);
  g_string_free (demo.b.digits, TRUE);
  return 0;
}

/* RFC 4733 in the RTP stream: what a PSTN gateway's menu would hear. */
static void
send_digits (const char *digits)
{
  g_autoptr (GError) error = NULL;

  say ("alice dials %s on the keypad", digits);
  if (!jd_call_send_dtmf (demo.a.call, digits, 0, 0, &error))
    {
      say ("FAILED: %s", error->message);
      exit (1);
    }
  WAIT (demo.b.digits->len >= strlen (digits), "the DTMF digits");
  say ("bob received DTMF %s", demo.b.digits->str);
  if (!g_str_equal (demo.b.digits->str, digits))
    exit (1);
}

static void
print_stats (const char *who, JdCall *call)
{
  JdCallStats st;

  if (!jd_call_get_stats (call, JD_JINGLE_MEDIA_AUDIO, &st))
    return;
  say ("%s's call: %s, sent %" G_GUINT64_FORMAT " packets, received %" G_GUINT64_FORMAT
       ", lost %" G_GINT64_FORMAT ", jitter %.1f ms, round trip %.1f ms, pair %s/%s", who,
       st.media.codec, st.media.packets_sent, st.media.packets_received, st.media.packets_lost,
       st.media.jitter_ms, st.media.rtt_ms, st.local_candidate_type, st.remote_candidate_type);
  jd_call_stats_clear (&st);
}

static void
place_call (void)
{
  g_autofree char *source = tone_source (440);
  g_autofree char *sink = ear_sink ();
  JdCallOptions options = { .audio_source = source, .audio_sink = sink,
                            .local_addresses = loopback };
  const char *bob = jd_xmpp_connection_get_bound_jid (jd_xmpp_client_get_connection (demo.b.client));
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();

  demo.a.jingle = jd_jingle_manager_new_for_client (demo.a.client);
  demo.b.jingle = jd_jingle_manager_new_for_client (demo.b.client);
  g_signal_connect (demo.b.jingle, "incoming-session", G_CALLBACK (on_incoming_call), &demo.b);
  say ("alice calls %s (sending a 440 Hz tone; bob answers with 880 Hz)", bob);
  demo.a.call = jd_call_dial (demo.a.jingle, bob, &options, &error);
  if (demo.a.call == NULL)
    {
      say ("FAILED: %s", error->message);
      exit (1);
    }
  WAIT (jd_call_get_pipeline (demo.a.call) != NULL, "bob's answer");
  g_signal_connect (jd_call_get_pipeline (demo.a.call), "element-message", G_CALLBACK (on_spectrum),
                    &demo.a);
  WAIT (call_is (&demo.a, JD_CALL_STATE_ACTIVE), "the call to connect");
  say ("call connected in %.0f ms: %s over ICE, DTLS-SRTP", (g_get_monotonic_time () - t0) / 1e3,
       jd_call_get_codec (demo.a.call));
  WAIT (demo.a.heard >= 8 && demo.b.heard >= 8, "two seconds of audio");
  say ("alice hears %.0f Hz, bob hears %.0f Hz", demo.a.heard_hz, demo.b.heard_hz);
  if (fabs (demo.a.heard_hz - 880) > 60 || fabs (demo.b.heard_hz - 440) > 60)
    {
      say ("FAILED: the tones did not arrive");
      exit (1);
    }
  send_digits ("1234#");
  print_stats ("alice", demo.a.call);
  jd_call_hangup (demo.a.call, JD_JINGLE_REASON_SUCCESS);
  WAIT (call_is (&demo.b, JD_CALL_STATE_ENDED), "bob to see the hang-up");
  say ("alice hung up; bob's call ended with reason %s",
       jd_jingle_reason_to_string (jd_call_get_end_reason (demo.b.call)->type));
  g_clear_object (&demo.a.call);
  g_clear_object (&demo.b.call);
  g_clear_object (&demo.a.jingle);
  g_clear_object (&demo.b.jingle);
}
