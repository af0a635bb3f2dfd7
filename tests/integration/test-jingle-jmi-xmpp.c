/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XEP-0353 Jingle Message Initiation through the real Prosody (carbons
 * and offline storage on): alice calls bob's bare JID while two of bob's
 * devices are online, one answers or declines and the other stops; and a
 * call placed while bob is offline reaches him at login as a missed call.
 */
#include "jd-test-xmpp.h"
#include "jingle/jd-jingle-xmpp.h"

#define WAIT_MS 5000
#define AUDIO (1u << JD_JINGLE_MEDIA_AUDIO)

typedef struct {
  JdTestAccount *account;
  JdJingleJmiManager *jmi;
  GPtrArray *events;           /* char*: one line per signal */
} Device;

static void
on_proposed (JdJingleJmiManager *m, const char *id, const char *from, guint media,
             gboolean won, Device *d)
{
  g_ptr_array_add (d->events, g_strdup_printf ("proposed %s %s %u %d", id, from, media, won));
}

static void
on_missed (JdJingleJmiManager *m, const char *id, const char *from, guint media,
           GDateTime *stamp, Device *d)
{
  g_assert_nonnull (stamp);
  g_ptr_array_add (d->events, g_strdup_printf ("missed %s %s %u", id, from, media));
}

static void
on_handled_elsewhere (JdJingleJmiManager *m, const char *id, guint action, Device *d)
{
  g_ptr_array_add (d->events, g_strdup_printf ("handled-elsewhere %s %u", id, action));
}

static void
on_id_from (JdJingleJmiManager *m, const char *id, const char *from, Device *d)
{
  const char *name = g_signal_name (g_signal_get_invocation_hint (m)->signal_id);

  g_ptr_array_add (d->events, g_strdup_printf ("%s %s %s", name, id, from));
}

static void
on_id_from_reason (JdJingleJmiManager *m, const char *id, const char *from, guint reason,
                   Device *d)
{
  const char *name = g_signal_name (g_signal_get_invocation_hint (m)->signal_id);

  g_ptr_array_add (d->events, g_strdup_printf ("%s %s %s %u", name, id, from, reason));
}

/* @user's account with the resource @resource, its JMI manager made
 * before the login (offline messages come right after it). */
static Device *
device_new (JdTestProsody *prosody, const char *user, const char *resource, guint ring_timeout_ms)
{
  g_autoptr (JdXmppSettings) settings = jd_test_account_settings (prosody, user);
  Device *d = g_new0 (Device, 1);
  char *full = g_strdup_printf ("%s/%s", settings->jid, resource);

  g_free (settings->jid);
  settings->jid = full;
  d->account = jd_test_account_new_with (settings);
  d->events = g_ptr_array_new_with_free_func (g_free);
  d->jmi = jd_jingle_jmi_manager_new_for_client (d->account->client);
  jd_jingle_jmi_manager_set_ring_timeout (d->jmi, ring_timeout_ms);
  g_signal_connect (d->jmi, "proposed", G_CALLBACK (on_proposed), d);
  g_signal_connect (d->jmi, "missed", G_CALLBACK (on_missed), d);
  g_signal_connect (d->jmi, "handled-elsewhere", G_CALLBACK (on_handled_elsewhere), d);
  g_signal_connect (d->jmi, "ringing", G_CALLBACK (on_id_from), d);
  g_signal_connect (d->jmi, "proceeded", G_CALLBACK (on_id_from), d);
  g_signal_connect (d->jmi, "retracted", G_CALLBACK (on_id_from_reason), d);
  g_signal_connect (d->jmi, "rejected", G_CALLBACK (on_id_from_reason), d);
  g_signal_connect (d->jmi, "finished", G_CALLBACK (on_id_from_reason), d);
  jd_test_account_login (d->account);
  return d;
}

static void
device_free (Device *d)
{
  g_object_unref (d->jmi);
  jd_test_account_free (d->account);
  g_ptr_array_unref (d->events);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Device, device_free)

static const char *
full_jid (Device *d)
{
  return jd_test_account_full_jid (d->account);
}

static gboolean
has_event (Device *d, const char *line)
{
  for (guint i = 0; i < d->events->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (d->events, i), line) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
dump_events (Device *d)
{
  for (guint i = 0; i < d->events->len; i++)
    g_test_message ("%s: %s", full_jid (d), (const char *) g_ptr_array_index (d->events, i));
}

/* Waits for @d to report exactly the line made of @fmt; on a timeout,
 * shows what it reported instead. */
G_GNUC_PRINTF (2, 3)
static void
wait_event (Device *d, const char *fmt, ...)
{
  va_list args;
  g_autofree char *line = NULL;
  gint64 deadline = g_get_monotonic_time () +
                    (gint64) WAIT_MS * 1000 * jd_test_timeout_scale ();

  va_start (args, fmt);
  line = g_strdup_vprintf (fmt, args);
  va_end (args);
  while (!has_event (d, line) && g_get_monotonic_time () < deadline)
    jd_test_iterate_until (deadline);
  if (!has_event (d, line))
    {
      dump_events (d);
      g_error ("%s never reported: %s", full_jid (d), line);
    }
}

static char *
register_user (JdTestProsody *prosody, const char *tag)
{
  static guint counter;
  char *user = g_strdup_printf ("%s%u", tag, ++counter);
  g_autoptr (GError) error = NULL;

  if (!jd_test_prosody_register (prosody, user, &error))
    g_error ("cannot register %s: %s", user, error->message);
  return user;
}

static void
on_info (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JdDiscoInfo **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = jd_disco_query_info_finish (JD_DISCO (source), result, &error);
  g_assert_no_error (error);
}

/* bob's devices advertise JMI, so that a caller knows to use it. */
static void
assert_advertises_jmi (Device *asker, Device *d)
{
  JdDiscoInfo *info = NULL;

  jd_disco_query_info_async (jd_xmpp_client_get_disco (asker->account->client), full_jid (d),
                             NULL, NULL, on_info, &info);
  JD_TEST_WAIT_UNTIL (info != NULL, WAIT_MS);
  g_assert_nonnull (info);
  g_assert_true (jd_disco_info_has_feature (info, JD_NS_JINGLE_MESSAGE));
  jd_disco_info_free (info);
}

static gboolean
carbons_on (Device *d)
{
  return jd_im_get_carbons_enabled (jd_xmpp_client_get_im (d->account->client));
}

/* alice calls bob's bare JID; both of bob's devices ring; bob/1 answers:
 * alice hears it from bob/1, bob/2 stops as answered elsewhere.  No JMI
 * message reaches anyone as a chat message. */
static void
test_two_resources (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autofree char *alice_user = register_user (prosody, "jmialice");
  g_autofree char *bob_user = register_user (prosody, "jmibob");
  g_autoptr (Device) alice = device_new (prosody, alice_user, "desk", 0);
  g_autoptr (Device) bob1 = device_new (prosody, bob_user, "one", 0);
  g_autoptr (Device) bob2 = device_new (prosody, bob_user, "two", 0);
  const JdJingleMedia media[] = { JD_JINGLE_MEDIA_AUDIO };
  g_autofree char *id = NULL;

  jd_test_account_befriend (alice->account, bob1->account);
  JD_TEST_WAIT_UNTIL (carbons_on (bob1) && carbons_on (bob2), WAIT_MS);
  g_assert_true (carbons_on (bob1) && carbons_on (bob2));
  assert_advertises_jmi (alice, bob1);
  assert_advertises_jmi (alice, bob2);

  id = jd_jingle_jmi_manager_propose (alice->jmi, bob1->account->jid, media, 1);
  wait_event (bob1, "proposed %s %s %u 0", id, full_jid (alice), AUDIO);
  wait_event (bob2, "proposed %s %s %u 0", id, full_jid (alice), AUDIO);

  jd_jingle_jmi_manager_ring (bob1->jmi, id);
  wait_event (alice, "ringing %s %s", id, full_jid (bob1));

  jd_jingle_jmi_manager_proceed (bob1->jmi, id);
  wait_event (alice, "proceeded %s %s", id, full_jid (bob1));
  wait_event (bob2, "handled-elsewhere %s %u", id, JD_JINGLE_JMI_ACCEPT);
  g_assert_cmpstr (jd_jingle_jmi_manager_get_peer (alice->jmi, id), ==, full_jid (bob1));

  jd_jingle_jmi_manager_finish (alice->jmi, id, JD_JINGLE_REASON_SUCCESS);
  wait_event (bob1, "finished %s %s %u", id, full_jid (alice), JD_JINGLE_REASON_SUCCESS);
  /* Whatever else is in flight (bob/1's own accept coming back to it,
   * the carbons of the proceed) changes nothing. */
  jd_test_run_for (300);
  dump_events (bob1);
  dump_events (bob2);
  g_assert_cmpuint (alice->events->len, ==, 2);
  g_assert_cmpuint (bob1->events->len, ==, 2);
  g_assert_cmpuint (bob2->events->len, ==, 2);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (alice->jmi), ==, 0);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (bob1->jmi), ==, 0);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (bob2->jmi), ==, 0);
  g_assert_cmpuint (alice->account->messages->len, ==, 0);
  g_assert_cmpuint (bob1->account->messages->len, ==, 0);
  g_assert_cmpuint (bob2->account->messages->len, ==, 0);
}

/* bob/2 declines: the reject goes to alice's full JID only, so bob/1
 * learns of it from the sent carbon Prosody gives it; alice hears it. */
static void
test_declined_elsewhere (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autofree char *alice_user = register_user (prosody, "jmialice");
  g_autofree char *bob_user = register_user (prosody, "jmibob");
  g_autoptr (Device) alice = device_new (prosody, alice_user, "desk", 0);
  g_autoptr (Device) bob1 = device_new (prosody, bob_user, "one", 0);
  g_autoptr (Device) bob2 = device_new (prosody, bob_user, "two", 0);
  const JdJingleMedia media[] = { JD_JINGLE_MEDIA_AUDIO, JD_JINGLE_MEDIA_VIDEO };
  g_autofree char *id = NULL;

  JD_TEST_WAIT_UNTIL (carbons_on (bob1) && carbons_on (bob2), WAIT_MS);
  id = jd_jingle_jmi_manager_propose (alice->jmi, bob1->account->jid, media, 2);
  wait_event (bob1, "proposed %s %s %u 0", id, full_jid (alice),
              AUDIO | (1u << JD_JINGLE_MEDIA_VIDEO));
  wait_event (bob2, "proposed %s %s %u 0", id, full_jid (alice),
              AUDIO | (1u << JD_JINGLE_MEDIA_VIDEO));
  jd_jingle_jmi_manager_reject (bob2->jmi, id, JD_JINGLE_REASON_BUSY);
  wait_event (alice, "rejected %s %s %u", id, full_jid (bob2), JD_JINGLE_REASON_BUSY);
  wait_event (bob1, "handled-elsewhere %s %u", id, JD_JINGLE_JMI_REJECT);
  jd_test_run_for (300);
  g_assert_cmpuint (bob1->events->len, ==, 2);
  g_assert_cmpuint (bob2->events->len, ==, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (bob1->jmi), ==, 0);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (alice->jmi), ==, 0);
}

/* alice calls while bob is offline; Prosody keeps the propose and hands
 * it to bob at login, stamped; the ring timeout (1 s) has passed by then:
 * a missed call, not a ringing one. */
static void
test_missed_offline (gconstpointer data)
{
  JdTestProsody *prosody = (JdTestProsody *) data;
  g_autofree char *alice_user = register_user (prosody, "jmialice");
  g_autofree char *bob_user = register_user (prosody, "jmibob");
  g_autoptr (Device) alice = device_new (prosody, alice_user, "desk", 0);
  g_autoptr (Device) bob = NULL;
  g_autoptr (JdXmppSettings) bob_settings = jd_test_account_settings (prosody, bob_user);
  const JdJingleMedia media[] = { JD_JINGLE_MEDIA_AUDIO };
  g_autofree char *id = NULL;

  id = jd_jingle_jmi_manager_propose (alice->jmi, bob_settings->jid, media, 1);
  /* Longer than the ring timeout, whole seconds: the stamp has no fraction. */
  jd_test_run_for (2200);
  bob = device_new (prosody, bob_user, "one", 1000);
  wait_event (bob, "missed %s %s %u", id, full_jid (alice), AUDIO);
  jd_test_run_for (300);
  g_assert_cmpuint (bob->events->len, ==, 1);
  g_assert_cmpuint (jd_jingle_jmi_manager_count (bob->jmi), ==, 0);
  g_assert_cmpuint (bob->account->messages->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/jingle-jmi-xmpp/two-resources", prosody, test_two_resources);
  g_test_add_data_func ("/jingle-jmi-xmpp/declined-elsewhere", prosody,
                        test_declined_elsewhere);
  g_test_add_data_func ("/jingle-jmi-xmpp/missed-offline", prosody, test_missed_offline);
  return g_test_run ();
}
