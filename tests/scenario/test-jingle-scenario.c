/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Two Jingle stacks back to back, no server (tests/lib/jd-test-jingle):
 * every stanza goes through build -> XML text -> parse.  Each test plays
 * one XEP-0166 exchange and asserts what each side observes.
 */
#include <string.h>

#include "jd-test-jingle.h"
#include "xmpp/jd-stanza.h"

#define ALICE "alice@example.com/desk"
#define BOB "bob@example.com/phone"
#define IQ_TIMEOUT_MS 300

typedef struct {
  JdTestJingleLink *link;
  JdTestJinglePeer *a;
  JdTestJinglePeer *b;
  JdJingleSession *sa;      /* alice's outgoing session (borrowed) */
} Fixture;

static JdJingleContent *
rtp_content (const char *name, JdJingleMedia media, JdJingleTransportType transport)
{
  JdJingleContent *c = jd_jingle_content_new (name, JD_JINGLE_CREATOR_INITIATOR);
  JdJinglePayloadType *pt = jd_jingle_payload_type_new (111, "opus", 48000, 2);

  if (media == JD_JINGLE_MEDIA_VIDEO)
    {
      jd_jingle_payload_type_free (pt);
      pt = jd_jingle_payload_type_new (96, "VP8", 90000, 0);
    }
  c->description = jd_jingle_rtp_description_new (media);
  g_ptr_array_add (c->description->payload_types, pt);
  c->transport = jd_jingle_transport_new (transport);
  if (transport == JD_JINGLE_TRANSPORT_ICE_UDP)
    {
      c->transport->ufrag = g_strdup ("8hhy");
      c->transport->pwd = g_strdup ("asd88fgpdd777uzjYhagZg");
    }
  return c;
}

static GPtrArray *
audio_offer (void)
{
  GPtrArray *contents = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_jingle_content_free);

  g_ptr_array_add (contents, rtp_content ("voice", JD_JINGLE_MEDIA_AUDIO,
                                          JD_JINGLE_TRANSPORT_ICE_UDP));
  return contents;
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->link = jd_test_jingle_link_new (ALICE, BOB, IQ_TIMEOUT_MS);
  f->a = jd_test_jingle_link_peer (f->link, 0);
  f->b = jd_test_jingle_link_peer (f->link, 1);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  jd_test_jingle_link_free (f->link);
}

/* Alice calls Bob; Bob's stack sees the session. */
static void
call (Fixture *f)
{
  g_autoptr (GPtrArray) offer = audio_offer ();
  g_autoptr (GError) error = NULL;

  f->sa = jd_jingle_manager_initiate (f->a->manager, BOB, offer, &error);
  g_assert_no_error (error);
  jd_test_jingle_watch (f->a, f->sa);
  jd_test_jingle_settle (f->link);
  g_assert_nonnull (f->b->incoming);
  g_assert_cmpstr (jd_jingle_session_get_sid (f->b->incoming), ==, jd_jingle_session_get_sid (f->sa));
  g_assert_cmpstr (jd_jingle_session_get_initiator (f->b->incoming), ==, ALICE);
  g_assert_cmpint (jd_jingle_session_get_state (f->b->incoming), ==, JD_JINGLE_STATE_PENDING);
}

/* ... and Bob answers. */
static void
call_and_answer (Fixture *f)
{
  g_autoptr (GPtrArray) answer = audio_offer ();
  g_autoptr (GError) error = NULL;

  call (f);
  g_assert_true (jd_jingle_session_accept (f->b->incoming, answer, &error));
  g_assert_no_error (error);
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_test_jingle_last_action (f->a)->action, ==, JD_JINGLE_ACTION_SESSION_ACCEPT);
  g_assert_cmpint (jd_jingle_session_get_state (f->sa), ==, JD_JINGLE_STATE_ACTIVE);
  g_assert_cmpint (jd_jingle_session_get_state (f->b->incoming), ==, JD_JINGLE_STATE_ACTIVE);
  g_assert_cmpstr (jd_jingle_session_get_responder (f->sa), ==, BOB);
}

static void
test_initiate_accept_terminate (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  call_and_answer (f);
  g_assert_true (jd_jingle_session_terminate (f->sa, JD_JINGLE_REASON_SUCCESS, "bye", &error));
  jd_test_jingle_settle (f->link);
  g_assert_cmpuint (f->b->terminated, ==, 1);
  g_assert_true (f->b->last_by_peer);
  g_assert_cmpint (f->b->last_reason->type, ==, JD_JINGLE_REASON_SUCCESS);
  g_assert_cmpstr (f->b->last_reason->text, ==, "bye");
  g_assert_cmpuint (f->a->terminated, ==, 1);
  g_assert_false (f->a->last_by_peer);
  g_assert_cmpuint (f->a->failures->len, ==, 0);
  g_assert_cmpuint (jd_jingle_manager_count_sessions (f->a->manager), ==, 0);
  g_assert_cmpuint (jd_jingle_manager_count_sessions (f->b->manager), ==, 0);
  /* A second terminate is out of order now. */
  g_assert_false (jd_jingle_session_terminate (f->sa, JD_JINGLE_REASON_SUCCESS, NULL, &error));
}

static void
send_info (JdJingleSession *s, JdJingleInfoType type, const char *name)
{
  g_autoptr (JdJingleInfo) info = jd_jingle_info_new (type);
  g_autoptr (GError) error = NULL;

  info->name = g_strdup (name);
  g_assert_true (jd_jingle_session_send_info (s, info, &error));
  g_assert_no_error (error);
}

static void
test_ringing_hold_mute (Fixture *f, gconstpointer data)
{
  const JdJingleMessage *m;

  call (f);
  send_info (f->b->incoming, JD_JINGLE_INFO_RINGING, NULL);
  jd_test_jingle_settle (f->link);
  m = jd_test_jingle_last_action (f->a);
  g_assert_cmpint (m->action, ==, JD_JINGLE_ACTION_SESSION_INFO);
  g_assert_cmpint (m->info->type, ==, JD_JINGLE_INFO_RINGING);

  jd_jingle_session_accept (f->b->incoming, jd_jingle_session_get_contents (f->b->incoming), NULL);
  send_info (f->sa, JD_JINGLE_INFO_HOLD, NULL);
  send_info (f->sa, JD_JINGLE_INFO_UNHOLD, NULL);
  send_info (f->sa, JD_JINGLE_INFO_MUTE, "voice");
  jd_test_jingle_settle (f->link);
  g_assert_cmpuint (f->b->actions->len, ==, 3);
  g_assert_cmpint (((JdJingleMessage *) g_ptr_array_index (f->b->actions, 0))->info->type, ==,
                   JD_JINGLE_INFO_HOLD);
  g_assert_cmpint (((JdJingleMessage *) g_ptr_array_index (f->b->actions, 1))->info->type, ==,
                   JD_JINGLE_INFO_UNHOLD);
  m = jd_test_jingle_last_action (f->b);
  g_assert_cmpint (m->info->type, ==, JD_JINGLE_INFO_MUTE);
  g_assert_cmpstr (m->info->name, ==, "voice");
}

static void
test_dtmf_info (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleInfo) info = jd_jingle_info_new (JD_JINGLE_INFO_DTMF);
  const char *digits = "159#*D";

  call_and_answer (f);
  for (const char *d = digits; *d != '\0'; d++)
    {
      info->dtmf_code = *d;
      info->dtmf_duration = 120;
      g_assert_true (jd_jingle_session_send_info (f->sa, info, NULL));
    }
  jd_test_jingle_settle (f->link);
  g_assert_cmpuint (f->b->actions->len, ==, strlen (digits));
  for (guint i = 0; i < strlen (digits); i++)
    {
      const JdJingleMessage *m = g_ptr_array_index (f->b->actions, i);

      g_assert_cmpint (m->info->type, ==, JD_JINGLE_INFO_DTMF);
      g_assert_cmpint (m->info->dtmf_code, ==, digits[i]);
      g_assert_cmpuint (m->info->dtmf_duration, ==, 120);
    }
}

static void
test_content_add_video_then_remove (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleContent) video = rtp_content ("webcam", JD_JINGLE_MEDIA_VIDEO,
                                                   JD_JINGLE_TRANSPORT_ICE_UDP);
  g_autoptr (GError) error = NULL;
  const JdJingleMessage *m;

  call_and_answer (f);
  g_assert_true (jd_jingle_session_add_content (f->sa, video, &error));
  jd_test_jingle_settle (f->link);
  m = jd_test_jingle_last_action (f->b);
  g_assert_cmpint (m->action, ==, JD_JINGLE_ACTION_CONTENT_ADD);
  g_assert_cmpint (((JdJingleContent *) g_ptr_array_index (m->contents, 0))->description->media, ==,
                   JD_JINGLE_MEDIA_VIDEO);
  g_assert_true (jd_jingle_session_accept_content (f->b->incoming, video, &error));
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_test_jingle_last_action (f->a)->action, ==, JD_JINGLE_ACTION_CONTENT_ACCEPT);
  g_assert_cmpuint (jd_jingle_session_get_contents (f->sa)->len, ==, 2);
  g_assert_cmpuint (jd_jingle_session_get_contents (f->b->incoming)->len, ==, 2);

  g_assert_true (jd_jingle_session_remove_content (f->sa, "webcam", &error));
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_test_jingle_last_action (f->b)->action, ==, JD_JINGLE_ACTION_CONTENT_REMOVE);
  g_assert_cmpuint (jd_jingle_session_get_contents (f->b->incoming)->len, ==, 1);
  g_assert_nonnull (jd_jingle_session_find_content (f->b->incoming, "voice"));
  g_assert_cmpuint (f->b->terminated, ==, 0);
}

static void
test_content_reject (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleContent) video = rtp_content ("webcam", JD_JINGLE_MEDIA_VIDEO,
                                                   JD_JINGLE_TRANSPORT_ICE_UDP);

  call_and_answer (f);
  g_assert_true (jd_jingle_session_add_content (f->sa, video, NULL));
  jd_test_jingle_settle (f->link);
  g_assert_true (jd_jingle_session_reject_content (f->b->incoming, "webcam",
                                                   JD_JINGLE_REASON_FAILED_APPLICATION, NULL));
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_test_jingle_last_action (f->a)->action, ==, JD_JINGLE_ACTION_CONTENT_REJECT);
  g_assert_cmpuint (jd_jingle_session_get_contents (f->sa)->len, ==, 1);
}

static void
test_last_content_removed_ends_session (Fixture *f, gconstpointer data)
{
  call_and_answer (f);
  g_assert_true (jd_jingle_session_remove_content (f->sa, "voice", NULL));
  jd_test_jingle_settle (f->link);
  /* XEP-0166 §7.2.5: the receiver terminates a session left empty. */
  g_assert_cmpuint (f->b->terminated, ==, 1);
  g_assert_false (f->b->last_by_peer);
  g_assert_cmpuint (f->a->terminated, ==, 1);
  g_assert_true (f->a->last_by_peer);
}

static void
test_content_modify (Fixture *f, gconstpointer data)
{
  call_and_answer (f);
  g_assert_true (jd_jingle_session_modify_content (f->sa, "voice", JD_JINGLE_SENDERS_INITIATOR,
                                                   NULL));
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_jingle_session_find_content (f->b->incoming, "voice")->senders, ==,
                   JD_JINGLE_SENDERS_INITIATOR);
}

static JdJingleTransport *
raw_udp (void)
{
  JdJingleTransport *t = jd_jingle_transport_new (JD_JINGLE_TRANSPORT_RAW_UDP);
  JdJingleCandidate *c = jd_jingle_candidate_new ();

  c->component = 1;
  c->ip = g_strdup ("127.0.0.1");
  c->port = 13540;
  c->id = g_strdup ("a9j3mnbtu1");
  g_ptr_array_add (t->candidates, c);
  return t;
}

static void
test_transport_replace_accepted (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleTransport) t = raw_udp ();

  call_and_answer (f);
  g_assert_true (jd_jingle_session_replace_transport (f->sa, "voice", t, NULL));
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_test_jingle_last_action (f->b)->action, ==,
                   JD_JINGLE_ACTION_TRANSPORT_REPLACE);
  g_assert_true (jd_jingle_session_accept_transport (f->b->incoming, "voice", NULL, NULL));
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_test_jingle_last_action (f->a)->action, ==, JD_JINGLE_ACTION_TRANSPORT_ACCEPT);
  g_assert_cmpint (jd_jingle_session_find_content (f->sa, "voice")->transport->type, ==,
                   JD_JINGLE_TRANSPORT_RAW_UDP);
  g_assert_cmpint (jd_jingle_session_find_content (f->b->incoming, "voice")->transport->type, ==,
                   JD_JINGLE_TRANSPORT_RAW_UDP);
}

static void
test_transport_replace_rejected (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleTransport) t = raw_udp ();

  call_and_answer (f);
  g_assert_true (jd_jingle_session_replace_transport (f->sa, "voice", t, NULL));
  jd_test_jingle_settle (f->link);
  g_assert_true (jd_jingle_session_reject_transport (f->b->incoming, "voice", NULL));
  jd_test_jingle_settle (f->link);
  g_assert_cmpint (jd_test_jingle_last_action (f->a)->action, ==, JD_JINGLE_ACTION_TRANSPORT_REJECT);
  g_assert_cmpint (jd_jingle_session_find_content (f->sa, "voice")->transport->type, ==,
                   JD_JINGLE_TRANSPORT_ICE_UDP);
  /* An accept for a replace that was never proposed is refused locally. */
  g_assert_false (jd_jingle_session_accept_transport (f->b->incoming, "voice", NULL, NULL));
}

static void
test_simultaneous_initiate (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) offer_a = audio_offer ();
  g_autoptr (GPtrArray) offer_b = audio_offer ();
  JdJingleSession *sa = jd_jingle_manager_initiate (f->a->manager, BOB, offer_a, NULL);
  JdJingleSession *sb = jd_jingle_manager_initiate (f->b->manager, ALICE, offer_b, NULL);
  const char *winner = strcmp (jd_jingle_session_get_sid (sa), jd_jingle_session_get_sid (sb)) < 0
                         ? jd_jingle_session_get_sid (sa) : jd_jingle_session_get_sid (sb);
  g_autofree char *expected = g_strdup (winner);

  jd_test_jingle_watch (f->a, sa);
  jd_test_jingle_watch (f->b, sb);
  /* Both are on the wire before either arrives. */
  jd_test_jingle_settle (f->link);
  /* XEP-0166 §7.2.16: the lower sid survives, on both ends. */
  g_assert_cmpuint (jd_jingle_manager_count_sessions (f->a->manager), ==, 1);
  g_assert_cmpuint (jd_jingle_manager_count_sessions (f->b->manager), ==, 1);
  g_assert_nonnull (jd_jingle_manager_lookup (f->a->manager, BOB, expected));
  g_assert_nonnull (jd_jingle_manager_lookup (f->b->manager, ALICE, expected));
  g_assert_cmpuint (f->a->terminated + f->b->terminated, ==, 1);
}

static void
test_simultaneous_content_add (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleContent) va = rtp_content ("webcam", JD_JINGLE_MEDIA_VIDEO,
                                                JD_JINGLE_TRANSPORT_ICE_UDP);
  g_autoptr (JdJingleContent) vb = rtp_content ("webcam", JD_JINGLE_MEDIA_VIDEO,
                                                JD_JINGLE_TRANSPORT_ICE_UDP);

  call_and_answer (f);
  vb->creator = JD_JINGLE_CREATOR_RESPONDER;
  g_assert_true (jd_jingle_session_add_content (f->sa, va, NULL));
  g_assert_true (jd_jingle_session_add_content (f->b->incoming, vb, NULL));
  jd_test_jingle_settle (f->link);
  /* The initiator's wins: Bob's was refused with tie-break, Alice's is
   * waiting for Bob's answer. */
  g_assert_cmpuint (f->b->failures->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (f->b->failures, 0), "conflict"));
  g_assert_cmpint (jd_test_jingle_last_action (f->b)->action, ==, JD_JINGLE_ACTION_CONTENT_ADD);
  g_assert_true (jd_jingle_session_accept_content (f->b->incoming, va, NULL));
  jd_test_jingle_settle (f->link);
  g_assert_cmpuint (jd_jingle_session_get_contents (f->sa)->len, ==, 2);
}

static xmpp_stanza_t *
last_reply (JdTestJinglePeer *peer)
{
  g_assert_cmpuint (peer->replies->len, >, 0);
  return g_ptr_array_index (peer->replies, peer->replies->len - 1);
}

static void
assert_error (xmpp_stanza_t *reply, const char *condition, const char *jingle_child)
{
  xmpp_stanza_t *error = jd_stanza_get_child (reply, "error", NULL);

  g_assert_cmpstr (xmpp_stanza_get_type (reply), ==, "error");
  g_assert_cmpstr (jd_stanza_error_condition (reply), ==, condition);
  if (jingle_child != NULL)
    g_assert_nonnull (jd_stanza_get_child (error, jingle_child, JD_NS_JINGLE_ERRORS));
}

static void
test_out_of_order (Fixture *f, gconstpointer data)
{
  g_autofree char *xml = NULL;

  call_and_answer (f);
  /* Bob accepts again: the session is already active. */
  xml = g_strdup_printf ("<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' "
                         "sid='%s' responder='" BOB "'><content creator='initiator' name='voice'>"
                         "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>"
                         "<payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
                         "</description><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'/>"
                         "</content></jingle></iq>", jd_jingle_session_get_sid (f->sa));
  jd_test_jingle_inject (f->b, f->a, xml);
  jd_test_jingle_settle (f->link);
  assert_error (last_reply (f->b), "unexpected-request", "out-of-order");
  g_assert_cmpint (jd_jingle_session_get_state (f->sa), ==, JD_JINGLE_STATE_ACTIVE);
}

static void
test_accept_from_initiator_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *xml = NULL;

  call (f);
  /* Alice plays Bob's part: the initiator may not accept its own session. */
  xml = g_strdup_printf ("<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' "
                         "sid='%s'><content creator='initiator' name='voice'>"
                         "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>"
                         "<payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
                         "</description><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'/>"
                         "</content></jingle></iq>", jd_jingle_session_get_sid (f->sa));
  jd_test_jingle_inject (f->a, f->b, xml);
  jd_test_jingle_settle (f->link);
  assert_error (last_reply (f->a), "forbidden", NULL);
  g_assert_cmpint (jd_jingle_session_get_state (f->b->incoming), ==, JD_JINGLE_STATE_PENDING);
}

static void
test_accept_from_third_party (Fixture *f, gconstpointer data)
{
  g_autofree char *xml = NULL;

  call (f);
  /* Mallory knows the sid but is not the responder: no such session for him. */
  xml = g_strdup_printf ("<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-accept' "
                         "sid='%s'><content creator='initiator' name='voice'>"
                         "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>"
                         "<payload-type id='111' name='opus' clockrate='48000' channels='2'/>"
                         "</description><transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'/>"
                         "</content></jingle></iq>", jd_jingle_session_get_sid (f->sa));
  jd_test_jingle_inject_as (f->b, f->a, "mallory@example.net/evil", xml);
  jd_test_jingle_settle (f->link);
  assert_error (last_reply (f->b), "item-not-found", "unknown-session");
  g_assert_cmpint (jd_jingle_session_get_state (f->sa), ==, JD_JINGLE_STATE_PENDING);
}

static void
test_unknown_session (Fixture *f, gconstpointer data)
{
  jd_test_jingle_inject (f->a, f->b,
                         "<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-terminate' "
                         "sid='no-such-session'><reason><success/></reason></jingle></iq>");
  jd_test_jingle_settle (f->link);
  assert_error (last_reply (f->a), "item-not-found", "unknown-session");
}

static void
test_unknown_content (Fixture *f, gconstpointer data)
{
  g_autofree char *xml = NULL;

  call_and_answer (f);
  xml = g_strdup_printf ("<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='transport-info' "
                         "sid='%s'><content creator='initiator' name='nope'>"
                         "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='a' pwd='b'/>"
                         "</content></jingle></iq>", jd_jingle_session_get_sid (f->sa));
  jd_test_jingle_inject (f->a, f->b, xml);
  jd_test_jingle_settle (f->link);
  assert_error (last_reply (f->a), "bad-request", NULL);
}

static void
test_unsupported_info (Fixture *f, gconstpointer data)
{
  g_autofree char *xml = NULL;

  call_and_answer (f);
  xml = g_strdup_printf ("<iq type='set'><jingle xmlns='urn:xmpp:jingle:1' action='session-info' "
                         "sid='%s'><dance xmlns='urn:example:dance'/></jingle></iq>",
                         jd_jingle_session_get_sid (f->sa));
  jd_test_jingle_inject (f->a, f->b, xml);
  jd_test_jingle_settle (f->link);
  assert_error (last_reply (f->a), "feature-not-implemented", "unsupported-info");
}

static void
test_initiate_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) offer = audio_offer ();

  f->b->deaf = TRUE;
  f->sa = jd_jingle_manager_initiate (f->a->manager, BOB, offer, NULL);
  jd_test_jingle_watch (f->a, f->sa);
  JD_TEST_WAIT_UNTIL (f->a->terminated == 1, 3 * IQ_TIMEOUT_MS);
  g_assert_cmpint (f->a->last_reason->type, ==, JD_JINGLE_REASON_TIMEOUT);
  g_assert_cmpuint (jd_jingle_manager_count_sessions (f->a->manager), ==, 0);
}

static void
test_accept_timeout (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) answer = audio_offer ();

  call (f);
  f->a->deaf = TRUE;
  g_assert_true (jd_jingle_session_accept (f->b->incoming, answer, NULL));
  JD_TEST_WAIT_UNTIL (f->b->terminated == 1, 3 * IQ_TIMEOUT_MS);
  g_assert_cmpint (f->b->last_reason->type, ==, JD_JINGLE_REASON_TIMEOUT);
}

static void
test_every_terminate_reason (Fixture *f, gconstpointer data)
{
  for (guint r = 0; r < JD_JINGLE_N_REASONS; r++)
    {
      g_autoptr (JdTestJingleLink) link = jd_test_jingle_link_new (ALICE, BOB, IQ_TIMEOUT_MS);
      Fixture one = { link, jd_test_jingle_link_peer (link, 0), jd_test_jingle_link_peer (link, 1),
                      NULL };

      call_and_answer (&one);
      g_assert_true (jd_jingle_session_terminate (one.b->incoming, r, "why not", NULL));
      jd_test_jingle_settle (link);
      g_assert_cmpuint (one.a->terminated, ==, 1);
      g_assert_cmpint (one.a->last_reason->type, ==, (int) r);
      g_assert_cmpstr (one.a->last_reason->text, ==, "why not");
    }
}

/* The sid the caller chose (a XEP-0353 propose's id) is the session's on
 * both ends; a second session with that sid and peer is refused. */
static void
test_initiate_with_sid (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) offer = audio_offer ();
  g_autoptr (GPtrArray) again = audio_offer ();
  g_autoptr (GError) error = NULL;

  f->sa = jd_jingle_manager_initiate_with_sid (f->a->manager, BOB, "jmi-1", offer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jd_jingle_session_get_sid (f->sa), ==, "jmi-1");
  jd_test_jingle_settle (f->link);
  g_assert_nonnull (f->b->incoming);
  g_assert_cmpstr (jd_jingle_session_get_sid (f->b->incoming), ==, "jmi-1");
  g_assert_null (jd_jingle_manager_initiate_with_sid (f->a->manager, BOB, "jmi-1", again, &error));
  g_assert_error (error, JD_JINGLE_ERROR, JD_JINGLE_ERROR_BAD_REQUEST);
  g_assert_cmpuint (jd_jingle_manager_count_sessions (f->a->manager), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/jingle/scenario/initiate-accept-terminate", test_initiate_accept_terminate);
  ADD ("/jingle/scenario/ringing-hold-mute", test_ringing_hold_mute);
  ADD ("/jingle/scenario/dtmf-info", test_dtmf_info);
  ADD ("/jingle/scenario/content-add-video-then-remove", test_content_add_video_then_remove);
  ADD ("/jingle/scenario/content-reject", test_content_reject);
  ADD ("/jingle/scenario/content-modify", test_content_modify);
  ADD ("/jingle/scenario/last-content-removed", test_last_content_removed_ends_session);
  ADD ("/jingle/scenario/transport-replace-accepted", test_transport_replace_accepted);
  ADD ("/jingle/scenario/transport-replace-rejected", test_transport_replace_rejected);
  ADD ("/jingle/scenario/simultaneous-initiate", test_simultaneous_initiate);
  ADD ("/jingle/scenario/simultaneous-content-add", test_simultaneous_content_add);
  ADD ("/jingle/scenario/out-of-order", test_out_of_order);
  ADD ("/jingle/scenario/accept-from-initiator", test_accept_from_initiator_refused);
  ADD ("/jingle/scenario/accept-from-third-party", test_accept_from_third_party);
  ADD ("/jingle/scenario/unknown-session", test_unknown_session);
  ADD ("/jingle/scenario/unknown-content", test_unknown_content);
  ADD ("/jingle/scenario/unsupported-info", test_unsupported_info);
  ADD ("/jingle/scenario/initiate-timeout", test_initiate_timeout);
  ADD ("/jingle/scenario/accept-timeout", test_accept_timeout);
  ADD ("/jingle/scenario/every-terminate-reason", test_every_terminate_reason);
  ADD ("/jingle/scenario/initiate-with-sid", test_initiate_with_sid);
#undef ADD
  return g_test_run ();
}
