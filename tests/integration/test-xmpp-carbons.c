/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * XEP-0280 message carbons against the real Prosody (mod_carbons): two
 * resources of alice's account and bob.  What alice's second device sees
 * of the conversation her first device has with bob, and that a "carbon"
 * made up by bob reaches nobody.
 */
#include "jd-test-xmpp.h"

#define WAIT_MS 5000

typedef struct {
  JdTestAccount *account;
  GPtrArray *carbons;          /* JdMessage* from JdIm::carbon */
} Device;

static void
on_carbon (JdIm *im, const JdMessage *msg, xmpp_stanza_t *stanza, Device *device)
{
  g_assert_nonnull (stanza);
  g_ptr_array_add (device->carbons, jd_message_copy (msg));
}

/* Logs in @user with the resource @resource. */
static Device *
device_new (JdTestProsody *prosody, const char *user, const char *resource)
{
  g_autoptr (JdXmppSettings) settings = jd_test_account_settings (prosody, user);
  Device *device = g_new0 (Device, 1);
  char *full = g_strdup_printf ("%s/%s", settings->jid, resource);

  g_free (settings->jid);
  settings->jid = full;
  device->account = jd_test_account_new_with (settings);
  device->carbons = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_message_free);
  g_signal_connect (jd_xmpp_client_get_im (device->account->client), "carbon",
                    G_CALLBACK (on_carbon), device);
  jd_test_account_login (device->account);
  return device;
}

static void
device_free (Device *device)
{
  g_signal_handlers_disconnect_by_data (jd_xmpp_client_get_im (device->account->client), device);
  jd_test_account_free (device->account);
  g_ptr_array_unref (device->carbons);
  g_free (device);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Device, device_free)

static JdIm *
im_of (JdTestAccount *acc)
{
  return jd_xmpp_client_get_im (acc->client);
}

static void
send_chat (JdTestAccount *from, const char *to, const char *body)
{
  g_autoptr (JdMessage) msg = jd_message_new (JD_MESSAGE_CHAT, to, body);
  g_autoptr (GError) error = NULL;
  g_autofree char *id = jd_im_send (im_of (from), msg, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
}

static const JdMessage *
last (GPtrArray *messages)
{
  return messages->len > 0 ? g_ptr_array_index (messages, messages->len - 1) : NULL;
}

typedef struct {
  Device *a;              /* alice's first resource */
  Device *b;              /* alice's second resource: the observer */
  JdTestAccount *bob;
} Scene;

static void
scene_setup (Scene *s, JdTestProsody *prosody)
{
  static guint counter;
  g_autofree char *alice = g_strdup_printf ("carbonalice%u", ++counter);
  g_autoptr (GError) error = NULL;

  if (!jd_test_prosody_register (prosody, alice, &error))
    g_error ("cannot register %s: %s", alice, error->message);
  s->a = device_new (prosody, alice, "phone");
  s->b = device_new (prosody, alice, "desk");
  s->bob = jd_test_account_fresh (prosody, "carbonbob");
  jd_test_account_befriend (s->a->account, s->bob);
  /* Both resources asked the server for carbons at login. */
  JD_TEST_WAIT_UNTIL (jd_im_get_carbons_enabled (im_of (s->a->account)) &&
                        jd_im_get_carbons_enabled (im_of (s->b->account)), WAIT_MS);
}

static void
scene_teardown (Scene *s)
{
  jd_test_account_free (s->bob);
  device_free (s->b);
  device_free (s->a);
}

/* What alice's phone sends bob shows on her desk as sent from another
 * device, with the right body and recipient, and not as a message to her. */
static void
test_sent_elsewhere (gconstpointer data)
{
  Scene s;
  const JdMessage *c;

  scene_setup (&s, (JdTestProsody *) data);
  send_chat (s.a->account, s.bob->jid, "sent from my phone");
  JD_TEST_WAIT_UNTIL (s.bob->messages->len == 1 && s.b->carbons->len == 1, WAIT_MS);
  c = last (s.b->carbons);
  g_assert_cmpint (c->carbon, ==, JD_MESSAGE_CARBON_SENT);
  g_assert_cmpint (c->type, ==, JD_MESSAGE_CHAT);
  g_assert_cmpstr (c->body, ==, "sent from my phone");
  g_assert_cmpstr (c->to, ==, s.bob->jid);
  g_assert_cmpstr (c->from, ==, jd_test_account_full_jid (s.a->account));
  g_assert_cmpuint (s.b->account->messages->len, ==, 0);
  /* The sender gets no copy of its own message. */
  g_assert_cmpuint (s.a->carbons->len, ==, 0);
  scene_teardown (&s);
}

/* What bob sends alice's phone shows on her desk as a received carbon,
 * once, and not as a message to the desk. */
static void
test_received_elsewhere (gconstpointer data)
{
  Scene s;
  const JdMessage *c;

  scene_setup (&s, (JdTestProsody *) data);
  send_chat (s.bob, jd_test_account_full_jid (s.a->account), "for your phone");
  JD_TEST_WAIT_UNTIL (s.a->account->messages->len == 1 && s.b->carbons->len == 1, WAIT_MS);
  g_assert_cmpstr (last (s.a->account->messages)->body, ==, "for your phone");
  g_assert_cmpint (last (s.a->account->messages)->carbon, ==, JD_MESSAGE_CARBON_NONE);
  c = last (s.b->carbons);
  g_assert_cmpint (c->carbon, ==, JD_MESSAGE_CARBON_RECEIVED);
  g_assert_cmpstr (c->body, ==, "for your phone");
  g_assert_cmpstr (c->from, ==, jd_test_account_full_jid (s.bob));
  g_assert_cmpstr (c->to, ==, jd_test_account_full_jid (s.a->account));
  jd_test_run_for (300);
  g_assert_cmpuint (s.b->carbons->len, ==, 1);
  g_assert_cmpuint (s.b->account->messages->len, ==, 0);
  scene_teardown (&s);
}

/* Carbons bob makes up (XEP-0280 §11): "alice sent this" and "carol sent
 * you this", addressed to alice's desk.  Neither is reported, in any
 * form; a plain message bob sends after them arrives, so they had the
 * time to. */
static void
test_forged_carbon_dropped (gconstpointer data)
{
  static const char *const forged[] = {
    "<message type='chat' to='{desk}'><sent xmlns='urn:xmpp:carbons:2'>"
    "<forwarded xmlns='urn:xmpp:forward:0'><message type='chat' from='{phone}' to='{bob}'>"
    "<body>I owe bob 100 euros</body></message></forwarded></sent></message>",
    "<message type='chat' to='{desk}'><received xmlns='urn:xmpp:carbons:2'>"
    "<forwarded xmlns='urn:xmpp:forward:0'><message type='chat' from='carol@example.org/x' "
    "to='{phone}'><body>carol says hi</body></message></forwarded></received></message>",
  };
  Scene s;

  scene_setup (&s, (JdTestProsody *) data);
  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autoptr (GString) xml = g_string_new (forged[i]);

      g_string_replace (xml, "{desk}", jd_test_account_full_jid (s.b->account), 0);
      g_string_replace (xml, "{phone}", jd_test_account_full_jid (s.a->account), 0);
      g_string_replace (xml, "{bob}", s.bob->jid, 0);
      jd_test_account_send_raw (s.bob, xml->str);
    }
  send_chat (s.bob, jd_test_account_full_jid (s.b->account), "after the forgeries");
  JD_TEST_WAIT_UNTIL (s.b->account->messages->len >= 1, WAIT_MS);
  jd_test_run_for (200);
  g_assert_cmpuint (s.b->carbons->len, ==, 0);
  g_assert_cmpuint (s.b->account->messages->len, ==, 1);
  g_assert_cmpstr (last (s.b->account->messages)->body, ==, "after the forgeries");
  g_assert_cmpint (jd_xmpp_connection_get_state (jd_test_account_conn (s.b->account)), ==,
                   JD_XMPP_STATE_READY);
  scene_teardown (&s);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdTestProsody) prosody = NULL;

  g_test_init (&argc, &argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  g_test_add_data_func ("/xmpp/carbons/sent-elsewhere", prosody, test_sent_elsewhere);
  g_test_add_data_func ("/xmpp/carbons/received-elsewhere", prosody, test_received_elsewhere);
  g_test_add_data_func ("/xmpp/carbons/forged-dropped", prosody, test_forged_carbon_dropped);
  return g_test_run ();
}
