/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for the XEP-0353 Jingle Message Initiation model
 * (jd-jingle-jmi) against committed stanzas:
 *
 * - tests/data/stanzas/jmi/valid/: the XEP-0353 examples and the JMI
 *   messages two real Dino 0.4.2 clients exchanged (JIDs rewritten).
 *   Every one must parse, survive build -> parse (in memory and through
 *   XML text) unchanged, and each has its values checked.
 * - tests/data/stanzas/jmi/invalid/: one violated rule each, with the
 *   first line <!-- expect: CODE WORD... --> as in test-jingle-parse.
 */
#include <stdarg.h>
#include <string.h>

#include "jd-jingle-jmi.h"
#include "jd-stanza.h"
#include "jd-unit-model.h"

typedef JdUnitFixture Fixture;
#define fixture_setup jd_unit_fixture_setup
#define fixture_teardown jd_unit_fixture_teardown

static JdJingleJmi *
parse_text (Fixture *f, const char *xml)
{
  return jd_unit_parse_text (&jd_stanza_model_jmi, f, xml);
}

static char *
load_text (const char *kind, const char *name)
{
  return jd_unit_load (&jd_stanza_model_jmi, kind, name);
}

static void
assert_round_trip (Fixture *f, const JdJingleJmi *value)
{
  jd_unit_assert_round_trip (&jd_stanza_model_jmi, f, value);
}

/* Checks of each valid file */

static void
assert_envelope (const JdJingleJmi *jmi, JdJingleJmiAction action, const char *id,
                 const char *from, const char *to)
{
  g_assert_cmpint (jmi->action, ==, action);
  g_assert_cmpstr (jmi->id, ==, id);
  g_assert_cmpstr (jmi->from, ==, from);
  g_assert_cmpstr (jmi->to, ==, to);
  g_assert_cmpstr (jmi->type, ==, "chat");
}

static void
assert_reason (const JdJingleJmi *jmi, JdJingleReasonType type, const char *text)
{
  g_assert_nonnull (jmi->reason);
  g_assert_cmpint (jmi->reason->type, ==, type);
  g_assert_cmpstr (jmi->reason->text, ==, text);
}

#define DINO_AUDIO_ID "963e7a73-0c7d-45a8-940f-cb36aefafec2"
#define DINO_VIDEO_ID "498775b8-8208-4155-b4c9-290b23cb664d"
#define XEP_ID        "ca3cf894-5325-482f-a412-a6e9f832298d"
#define ROMEO         "romeo@montague.example/orchard"
#define JULIET        "juliet@capulet.example/phone"

static void
check_dino_propose_audio (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_PROPOSE, DINO_AUDIO_ID, "alice@example.org/dino.ubapuuhk",
                   "bob@example.org");
  g_assert_cmpstr (jmi->message_id, ==, "73a21746-e0cc-4da4-9a3f-e65afb0ae79e");
  g_assert_cmpuint (jmi->n_media, ==, 1);
  g_assert_cmpint (jmi->media[0], ==, JD_JINGLE_MEDIA_AUDIO);
  g_assert_false (jmi->store);   /* Dino sends no hint */
  g_assert_null (jmi->delay);
  g_assert_null (jmi->reason);
}

static void
check_dino_propose_video (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_PROPOSE, DINO_VIDEO_ID, "alice@example.org/dino.ydfintto",
                   "bob@example.org");
  g_assert_cmpuint (jmi->n_media, ==, 2);
  g_assert_cmpint (jmi->media[0], ==, JD_JINGLE_MEDIA_AUDIO);
  g_assert_cmpint (jmi->media[1], ==, JD_JINGLE_MEDIA_VIDEO);
  g_assert_true (jd_jingle_jmi_has_media (jmi, JD_JINGLE_MEDIA_VIDEO));
}

/* The callee's accept goes to its own bare JID (its other devices stop). */
static void
check_dino_accept_audio (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_ACCEPT, DINO_AUDIO_ID, "bob@example.org/dino.mfexwbsl",
                   "bob@example.org");
}

static void
check_dino_accept_video (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_ACCEPT, DINO_VIDEO_ID, "bob@example.org/dino.tbdscgrd",
                   "bob@example.org");
}

/* The OMEMO <device/> is ignored, not an error, and not built again. */
static void
check_dino_proceed_audio (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_PROCEED, DINO_AUDIO_ID, "bob@example.org/dino.mfexwbsl",
                   "alice@example.org/dino.ubapuuhk");
  g_assert_cmpuint (jmi->n_media, ==, 0);
  g_assert_null (jmi->reason);
}

static void
check_dino_proceed_video (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_PROCEED, DINO_VIDEO_ID, "bob@example.org/dino.tbdscgrd",
                   "alice@example.org/dino.ydfintto");
}

static void
assert_xep_propose (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_PROPOSE, XEP_ID, ROMEO, "juliet@capulet.example");
  g_assert_true (jmi->store);
  g_assert_cmpuint (jmi->n_media, ==, 1);
  g_assert_cmpint (jmi->media[0], ==, JD_JINGLE_MEDIA_AUDIO);
}

static void
check_xep_propose (const JdJingleJmi *jmi)
{
  assert_xep_propose (jmi);
  g_assert_null (jmi->delay);
}

static void
check_xep_ringing (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_RINGING, XEP_ID, JULIET, "romeo@montague.example");
  g_assert_true (jmi->store);
}

static void
check_xep_retract (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_RETRACT, XEP_ID, ROMEO, "juliet@capulet.example");
  assert_reason (jmi, JD_JINGLE_REASON_CANCEL, "Retracted");
  g_assert_false (jmi->tie_break);
}

static void
check_xep_proceed (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_PROCEED, XEP_ID, JULIET, "romeo@montague.example");
}

static void
check_xep_reject (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_REJECT, XEP_ID, JULIET, "romeo@montague.example");
  assert_reason (jmi, JD_JINGLE_REASON_BUSY, "Busy");
}

static void
check_xep_finish (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_FINISH, XEP_ID, ROMEO, "juliet@capulet.example");
  assert_reason (jmi, JD_JINGLE_REASON_SUCCESS, "Success");
}

/* §4.2: the old session of a call that moved to a new one. */
static void
check_xep_finish_migrated (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_FINISH, XEP_ID, ROMEO, "juliet@capulet.example");
  assert_reason (jmi, JD_JINGLE_REASON_EXPIRED, "Session migrated");
  g_assert_cmpstr (jmi->migrated_to, ==, "989a46a6-f202-4910-a7c3-83c6ba3f3947");
}

static void
check_xep_tie_break (const JdJingleJmi *jmi)
{
  assert_envelope (jmi, JD_JINGLE_JMI_REJECT, "fecbea35-08d3-404f-9ec7-2b57c566fa74", ROMEO,
                   "juliet@capulet.example");
  assert_reason (jmi, JD_JINGLE_REASON_EXPIRED, "Tie-Break");
  g_assert_true (jmi->tie_break);
}

static void
check_delayed_propose (const JdJingleJmi *jmi)
{
  g_autoptr (GDateTime) expected = g_date_time_new_utc (2002, 9, 10, 23, 8, 25);

  assert_xep_propose (jmi);
  g_assert_nonnull (jmi->delay);
  g_assert_true (g_date_time_equal (jmi->delay, expected));
}

/* The file-transfer description is ignored; a time zone other than UTC
 * and fractional seconds are kept exactly. */
static void
check_other_propose (const JdJingleJmi *jmi)
{
  g_autoptr (GDateTime) expected = g_date_time_new_utc (2026, 12, 5, 2, 30, 0.25);

  g_assert_cmpuint (jmi->n_media, ==, 1);
  g_assert_cmpint (jmi->media[0], ==, JD_JINGLE_MEDIA_AUDIO);
  g_assert_false (jmi->store);
  g_assert_nonnull (jmi->delay);
  g_assert_true (g_date_time_equal (jmi->delay, expected));
}

typedef struct {
  const char *file;
  void (*check) (const JdJingleJmi *jmi);
} Check;

static const Check checks[] = {
  { "dino-propose-audio.xml", check_dino_propose_audio },
  { "dino-propose-video.xml", check_dino_propose_video },
  { "dino-accept-audio.xml", check_dino_accept_audio },
  { "dino-accept-video.xml", check_dino_accept_video },
  { "dino-proceed-audio.xml", check_dino_proceed_audio },
  { "dino-proceed-video.xml", check_dino_proceed_video },
  { "xep0353-propose.xml", check_xep_propose },
  { "xep0353-ringing.xml", check_xep_ringing },
  { "xep0353-retract.xml", check_xep_retract },
  { "xep0353-proceed.xml", check_xep_proceed },
  { "xep0353-reject.xml", check_xep_reject },
  { "xep0353-finish.xml", check_xep_finish },
  { "xep0353-finish-migrated.xml", check_xep_finish_migrated },
  { "xep0353-tie-break-reject.xml", check_xep_tie_break },
  { "xep0203-delayed-propose.xml", check_delayed_propose },
  { "other-propose-file-and-audio.xml", check_other_propose },
};

static void
test_valid (Fixture *f, gconstpointer data)
{
  const Check *check = data;
  g_autofree char *xml = load_text ("valid", check->file);
  g_autoptr (JdJingleJmi) jmi = parse_text (f, xml);

  check->check (jmi);
  assert_round_trip (f, jmi);
}

/* Every valid file has its check: a new file cannot slip in unchecked. */
static void
test_every_file_checked (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "stanzas", "jmi", "valid",
                                                 NULL);
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
        found = found || g_str_equal (checks[i].file, name);
      if (!found)
        g_error ("%s has no check", name);
      n++;
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (checks));
}

static void
test_invalid (Fixture *f, gconstpointer data)
{
  jd_unit_assert_invalid (&jd_stanza_model_jmi, f, data);
}

/* libstrophe writes attributes in no fixed order, so the XML is checked
 * piece by piece. */
static void
assert_contains (const char *xml, ...)
{
  va_list args;

  va_start (args, xml);
  for (const char *part = va_arg (args, const char *); part != NULL;
       part = va_arg (args, const char *))
    {
      if (strstr (xml, part) == NULL)
        g_error ("'%s' not in '%s'", part, xml);
    }
  va_end (args);
}

/* What we send: the XML of a propose and of a finish, as a peer
 * reads it (namespaces on <propose/>, <description/> and <reason/>). */
static void
test_build_propose (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleJmi) jmi = jd_jingle_jmi_new (JD_JINGLE_JMI_PROPOSE, "sid-1");
  g_autoptr (xmpp_stanza_t) built = NULL;
  g_autofree char *xml = NULL;

  jmi->to = g_strdup ("bob@example.org");
  jmi->message_id = g_strdup ("m1");
  jd_jingle_jmi_add_media (jmi, JD_JINGLE_MEDIA_AUDIO);
  jd_jingle_jmi_add_media (jmi, JD_JINGLE_MEDIA_VIDEO);
  jd_jingle_jmi_add_media (jmi, JD_JINGLE_MEDIA_AUDIO);
  g_assert_cmpuint (jmi->n_media, ==, 2);
  built = jd_jingle_jmi_build (f->ctx, jmi);
  xml = jd_stanza_to_string (built);
  assert_contains (xml, "<message ", " to=\"bob@example.org\"", " type=\"chat\"", " id=\"m1\"",
                   "<propose ", " xmlns=\"urn:xmpp:jingle-message:0\"", " id=\"sid-1\"",
                   "<description xmlns=\"urn:xmpp:jingle:apps:rtp:1\" media=\"audio\"/>"
                   "<description xmlns=\"urn:xmpp:jingle:apps:rtp:1\" media=\"video\"/>"
                   "</propose><store xmlns=\"urn:xmpp:hints\"/></message>", NULL);
  assert_round_trip (f, jmi);
}

static void
test_build_finish (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleJmi) jmi = jd_jingle_jmi_new (JD_JINGLE_JMI_FINISH, "sid-1");
  g_autoptr (xmpp_stanza_t) built = NULL;
  g_autofree char *xml = NULL;

  jmi->to = g_strdup ("bob@example.org");
  jmi->reason = jd_jingle_reason_new (JD_JINGLE_REASON_CONNECTIVITY_ERROR, NULL);
  built = jd_jingle_jmi_build (f->ctx, jmi);
  xml = jd_stanza_to_string (built);
  assert_contains (xml, "<finish ", " xmlns=\"urn:xmpp:jingle-message:0\"",
                   "><reason xmlns=\"urn:xmpp:jingle:1\"><connectivity-error/></reason>"
                   "</finish><store xmlns=\"urn:xmpp:hints\"/></message>", NULL);
  assert_round_trip (f, jmi);
}

/* A delay survives build -> parse whatever time zone it was made in. */
static void
test_build_delay (Fixture *f, gconstpointer data)
{
  g_autoptr (JdJingleJmi) jmi = jd_jingle_jmi_new (JD_JINGLE_JMI_RETRACT, "sid-2");
  g_autoptr (GTimeZone) tz = g_time_zone_new_offset (-5 * 3600);

  jmi->delay = g_date_time_new (tz, 2026, 1, 2, 3, 4, 5.5);
  jmi->tie_break = TRUE;
  jmi->store = FALSE;
  g_clear_pointer (&jmi->type, g_free);
  assert_round_trip (f, jmi);
}

/* jd_jingle_jmi_find() tells a JMI message from a chat message. */
static void
test_find (Fixture *f, gconstpointer data)
{
  g_autofree char *xml = load_text ("valid", "dino-proceed-audio.xml");
  g_autoptr (xmpp_stanza_t) jmi = xmpp_stanza_new_from_string (f->ctx, xml);
  g_autoptr (xmpp_stanza_t) chat = xmpp_stanza_new_from_string (
    f->ctx, "<message type='chat'><body>hi</body>"
            "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");
  JdJingleJmiAction action;

  g_assert_nonnull (jd_jingle_jmi_find (jmi));
  g_assert_cmpstr (xmpp_stanza_get_name (jd_jingle_jmi_find (jmi)), ==, "proceed");
  g_assert_null (jd_jingle_jmi_find (chat));
  for (guint i = 0; i < JD_JINGLE_JMI_N_ACTIONS; i++)
    {
      g_assert_true (jd_jingle_jmi_action_from_string (jd_jingle_jmi_action_to_string (i),
                                                       &action));
      g_assert_cmpuint (action, ==, i);
    }
  g_assert_false (jd_jingle_jmi_action_from_string ("session-initiate", &action));
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autofree char *stem = g_strndup (checks[i].file, strlen (checks[i].file) - 4);
      g_autofree char *test = g_strdup_printf ("/jingle/jmi/valid/%s", stem);

      g_test_add (test, Fixture, &checks[i], fixture_setup, test_valid, fixture_teardown);
    }
  jd_unit_add_file_tests (&jd_stanza_model_jmi, "/jingle/jmi", "invalid", test_invalid, keep);
  g_test_add_func ("/jingle/jmi/every-file-checked", test_every_file_checked);
  g_test_add ("/jingle/jmi/build/propose", Fixture, NULL, fixture_setup, test_build_propose,
              fixture_teardown);
  g_test_add ("/jingle/jmi/build/finish", Fixture, NULL, fixture_setup, test_build_finish,
              fixture_teardown);
  g_test_add ("/jingle/jmi/build/delay", Fixture, NULL, fixture_setup, test_build_delay,
              fixture_teardown);
  g_test_add ("/jingle/jmi/find", Fixture, NULL, fixture_setup, test_find, fixture_teardown);
  return g_test_run ();
}
