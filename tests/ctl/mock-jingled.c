/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * mock-jingled: the jingled D-Bus API with canned objects, for the golden
 * tests of jinglectl (STYLE.md §10 "ctl").  It exports the generated
 * skeletons on the session bus, owns im.jingled, prints "ready" once it
 * does, and then one line per method call it handles, so a test can see
 * what jinglectl asked for.
 *
 * Canned: account 0 "alice" (connected) and call 1, an active incoming
 * audio call from bob with fixed Stats.  Dial() makes call 2, 3, ...
 * which play a script after a pause that leaves jinglectl time to watch:
 * busy@... rings and ends with "busy"; long@... rings, connects and stays
 * active until hung up; anyone else rings, connects, is active for a
 * moment and ends with "success".  An ended dialled call is unexported
 * after a short grace.  The real daemon is tested elsewhere.
 */
#include <stdio.h>
#include <string.h>

#include "jd-dbus-error.h"
#include "jd-dbus-generated.h"
#include "jd-test-util.h"

#define ACCOUNT_PATH JD_DBUS_ACCOUNT_PATH_PREFIX "0"
#define STEP_MS 50
/* Dialled calls stay "calling" this long: jinglectl --wait must have
 * read the state before it moves on, even on a loaded machine. */
#define FIRST_STEP_MS 1000
#define ACTIVE_MS 300

typedef struct {
  GDBusConnection *connection;
  JdDbusManager1 *manager;
  JdDbusAccount1 *account;
  GPtrArray *calls;  /* of JdDbusCall1 skeletons */
  guint next_call;
  guint next_message;
} Mock;

typedef struct {
  Mock *mock;
  JdDbusCall1 *call;
  const char *const *states;  /* the script, ending in the end reason */
  guint step;
} Script;

static void
mock_log (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
mock_log (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
attach_timeout (guint ms, GSourceFunc func, gpointer data)
{
  g_autoptr (GSource) source = g_timeout_source_new (ms * jd_test_timeout_scale ());

  g_source_set_callback (source, func, data, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
}

/* --- the object lists ------------------------------------------------- */

static void
publish_calls (Mock *mock)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new ();

  for (guint i = 0; i < mock->calls->len; i++)
    g_ptr_array_add (paths, (gpointer) g_dbus_interface_skeleton_get_object_path (
                              mock->calls->pdata[i]));
  g_ptr_array_add (paths, NULL);
  jd_dbus_manager1_set_calls (mock->manager, (const char *const *) paths->pdata);
  jd_dbus_account1_set_calls (mock->account, (const char *const *) paths->pdata);
}

static void
add_call (Mock *mock, JdDbusCall1 *call, const char *path)
{
  g_autoptr (GError) error = NULL;

  if (!g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (call), mock->connection,
                                         path, &error))
    g_error ("export %s: %s", path, error->message);
  g_ptr_array_add (mock->calls, call);
  publish_calls (mock);
  jd_dbus_manager1_emit_call_added (mock->manager, path);
}

static gboolean
remove_call (gpointer data)
{
  Script *script = data;
  Mock *mock = script->mock;
  g_autofree char *path = g_strdup (
    g_dbus_interface_skeleton_get_object_path (G_DBUS_INTERFACE_SKELETON (script->call)));

  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (script->call));
  g_ptr_array_remove (mock->calls, script->call);
  publish_calls (mock);
  jd_dbus_manager1_emit_call_removed (mock->manager, path);
  g_free (script);
  return G_SOURCE_REMOVE;
}

/* --- calls ------------------------------------------------------------ */

static void
set_state (JdDbusCall1 *call, const char *state)
{
  jd_dbus_call1_set_state (call, state);
  g_dbus_interface_skeleton_flush (G_DBUS_INTERFACE_SKELETON (call));
  jd_dbus_call1_emit_state_changed (call, state);
}

static void
end_call (JdDbusCall1 *call, const char *reason)
{
  jd_dbus_call1_set_end_reason (call, reason);
  set_state (call, "ended");
  jd_dbus_call1_emit_ended (call, reason);
}

static gboolean
on_script_step (gpointer data)
{
  Script *script = data;
  const char *next = script->states[script->step++];
  gboolean last = script->states[script->step] == NULL;

  if (strcmp (next, "active") == 0)
    {
      /* Active for a while (long enough for DTMF), or until hung up. */
      set_state (script->call, next);
      if (!last)
        attach_timeout (ACTIVE_MS, on_script_step, script);
      return G_SOURCE_REMOVE;
    }
  if (last)
    {
      end_call (script->call, next);
      attach_timeout (STEP_MS * 2, remove_call, script);
      return G_SOURCE_REMOVE;
    }
  set_state (script->call, next);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_script_start (gpointer data)
{
  attach_timeout (STEP_MS, on_script_step, data);
  return G_SOURCE_REMOVE;
}

static gboolean
check_active (JdDbusCall1 *call, GDBusMethodInvocation *invocation)
{
  if (strcmp (jd_dbus_call1_get_state (call), "active") == 0)
    return TRUE;
  g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR, JD_DBUS_ERROR_NOT_ACTIVE,
                                         "the call is %s, not active",
                                         jd_dbus_call1_get_state (call));
  return FALSE;
}

static gboolean
on_hangup (JdDbusCall1 *call, GDBusMethodInvocation *invocation, const char *reason,
           gpointer data)
{
  Script *script = g_object_get_data (G_OBJECT (call), "script");

  mock_log ("Hangup %s '%s'", g_dbus_method_invocation_get_object_path (invocation), reason);
  end_call (call, reason[0] != '\0' ? reason : "success");
  jd_dbus_call1_complete_hangup (call, invocation);
  /* A dialled call goes away after a grace; the canned call 1 stays. */
  if (script != NULL)
    attach_timeout (STEP_MS * 2, remove_call, script);
  return TRUE;
}

/* Accept() and Reject(): only an incoming call that rings; none does here. */
static gboolean
check_ringing (JdDbusCall1 *call, GDBusMethodInvocation *invocation)
{
  if (strcmp (jd_dbus_call1_get_state (call), "ringing") == 0 &&
      strcmp (jd_dbus_call1_get_direction (call), "incoming") == 0)
    return TRUE;
  g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR, JD_DBUS_ERROR_FAILED,
                                         "the call is %s, not ringing",
                                         jd_dbus_call1_get_state (call));
  return FALSE;
}

static gboolean
on_accept (JdDbusCall1 *call, GDBusMethodInvocation *invocation, gpointer data)
{
  mock_log ("Accept %s", g_dbus_method_invocation_get_object_path (invocation));
  if (check_ringing (call, invocation))
    jd_dbus_call1_complete_accept (call, invocation);
  return TRUE;
}

static gboolean
on_reject (JdDbusCall1 *call, GDBusMethodInvocation *invocation, const char *reason,
           gpointer data)
{
  mock_log ("Reject %s '%s'", g_dbus_method_invocation_get_object_path (invocation), reason);
  if (check_ringing (call, invocation))
    jd_dbus_call1_complete_reject (call, invocation);
  return TRUE;
}

static gboolean
on_hold (JdDbusCall1 *call, GDBusMethodInvocation *invocation, gpointer data)
{
  mock_log ("Hold %s", g_dbus_method_invocation_get_object_path (invocation));
  if (check_active (call, invocation))
    {
      set_state (call, "held");
      jd_dbus_call1_complete_hold (call, invocation);
    }
  return TRUE;
}

static gboolean
on_unhold (JdDbusCall1 *call, GDBusMethodInvocation *invocation, gpointer data)
{
  mock_log ("Unhold %s", g_dbus_method_invocation_get_object_path (invocation));
  set_state (call, "active");
  jd_dbus_call1_complete_unhold (call, invocation);
  return TRUE;
}

static gboolean
on_send_dtmf (JdDbusCall1 *call, GDBusMethodInvocation *invocation, const char *digits,
              guint duration, gpointer data)
{
  mock_log ("SendDtmf %s '%s' %u", g_dbus_method_invocation_get_object_path (invocation),
        digits, duration);
  if (!check_active (call, invocation))
    return TRUE;
  if (digits[0] == '\0' || strspn (digits, "0123456789*#ABCD") != strlen (digits))
    {
      g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                             JD_DBUS_ERROR_INVALID_DTMF,
                                             "not DTMF digits: '%s'", digits);
      return TRUE;
    }
  jd_dbus_call1_complete_send_dtmf (call, invocation);
  return TRUE;
}

static gboolean
on_mute (JdDbusCall1 *call, GDBusMethodInvocation *invocation, const char *media,
         gboolean mute, gpointer data)
{
  const char *const muted[] = { media, NULL };
  const char *const none[] = { NULL };

  mock_log ("Mute %s %s %s", g_dbus_method_invocation_get_object_path (invocation), media,
        mute ? "true" : "false");
  if (!g_strv_contains (jd_dbus_call1_get_media (call), media))
    {
      g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                             JD_DBUS_ERROR_INVALID_ARGUMENT,
                                             "the call has no %s", media);
      return TRUE;
    }
  jd_dbus_call1_set_muted (call, mute ? muted : none);
  jd_dbus_call1_complete_mute (call, invocation);
  return TRUE;
}

static GVariant *
canned_stats (void)
{
  return g_variant_new_parsed (
    "{'packets-sent': <@t 1500>, 'packets-received': <@t 1490>,"
    " 'bytes-sent': <@t 240000>, 'bytes-received': <@t 238400>,"
    " 'packets-lost': <@x 10>, 'loss': <0.0066666666666666671>, 'jitter': <3.25>,"
    " 'rtt': <41.5>, 'bitrate-sent': <@u 32000>, 'bitrate-received': <@u 31800>,"
    " 'codec': <'opus'>, 'local-candidate': <'host'>, 'remote-candidate': <'srflx'>,"
    " 'local-address': <'127.0.0.1:40000'>, 'remote-address': <'127.0.0.1:40002'>}");
}

static JdDbusCall1 *
new_call (const char *peer, const char *direction, const char *state)
{
  JdDbusCall1 *call = jd_dbus_call1_skeleton_new ();
  const char *const audio[] = { "audio", NULL };
  const char *const none[] = { NULL };

  jd_dbus_call1_set_account (call, ACCOUNT_PATH);
  jd_dbus_call1_set_peer (call, peer);
  jd_dbus_call1_set_direction (call, direction);
  jd_dbus_call1_set_state (call, state);
  jd_dbus_call1_set_media (call, audio);
  jd_dbus_call1_set_codecs (call, g_variant_new_parsed ("@a{ss} {'audio': 'opus'}"));
  jd_dbus_call1_set_transport (call, "ice-udp");
  jd_dbus_call1_set_encryption (call, "dtls-srtp");
  jd_dbus_call1_set_end_reason (call, "");
  jd_dbus_call1_set_muted (call, none);
  jd_dbus_call1_set_remote_held (call, FALSE);
  jd_dbus_call1_set_stats (call, canned_stats ());
  g_signal_connect (call, "handle-accept", G_CALLBACK (on_accept), NULL);
  g_signal_connect (call, "handle-reject", G_CALLBACK (on_reject), NULL);
  g_signal_connect (call, "handle-hangup", G_CALLBACK (on_hangup), NULL);
  g_signal_connect (call, "handle-hold", G_CALLBACK (on_hold), NULL);
  g_signal_connect (call, "handle-unhold", G_CALLBACK (on_unhold), NULL);
  g_signal_connect (call, "handle-send-dtmf", G_CALLBACK (on_send_dtmf), NULL);
  g_signal_connect (call, "handle-mute", G_CALLBACK (on_mute), NULL);
  return call;
}

/* --- the account ------------------------------------------------------ */

static const char *const busy_script[] = { "ringing", "busy", NULL };
static const char *const long_script[] = { "ringing", "connecting", "active", NULL };
static const char *const answer_script[] = { "ringing", "connecting", "active", "success",
                                             NULL };

static gboolean
check_dial_options (GVariant *options, GDBusMethodInvocation *invocation)
{
  static const char *const keys[] = { "audio", "video", "transport", "codecs",
                                      "dtmf-mode", "ring-timeout", "jmi", NULL };
  GVariantIter iter;
  const char *key;

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_next (&iter, "{&sv}", &key, NULL))
    {
      if (!g_strv_contains (keys, key))
        {
          g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                                 JD_DBUS_ERROR_INVALID_ARGUMENT,
                                                 "unknown option '%s'", key);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
on_dial (JdDbusAccount1 *account, GDBusMethodInvocation *invocation, const char *jid,
         GVariant *options, Mock *mock)
{
  g_autofree char *printed = g_variant_print (options, FALSE);
  g_autofree char *path = NULL;
  g_autofree char *peer = NULL;
  Script *script;

  mock_log ("Dial %s %s", jid, printed);
  if (strchr (jid, '@') == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                             JD_DBUS_ERROR_INVALID_JID, "not a JID: '%s'", jid);
      return TRUE;
    }
  if (!check_dial_options (options, invocation))
    return TRUE;
  path = g_strdup_printf (JD_DBUS_CALL_PATH_PREFIX "%u", mock->next_call++);
  peer = strchr (jid, '/') != NULL ? g_strdup (jid) : g_strconcat (jid, "/phone", NULL);
  script = g_new0 (Script, 1);
  script->mock = mock;
  script->call = new_call (peer, "outgoing", "calling");
  if (g_str_has_prefix (jid, "busy@"))
    script->states = busy_script;
  else if (g_str_has_prefix (jid, "long@"))
    script->states = long_script;
  else
    script->states = answer_script;
  g_object_set_data (G_OBJECT (script->call), "script", script);
  add_call (mock, script->call, path);
  jd_dbus_account1_complete_dial (account, invocation, path);
  attach_timeout (FIRST_STEP_MS, on_script_start, script);
  return TRUE;
}

static gboolean
on_get_roster (JdDbusAccount1 *account, GDBusMethodInvocation *invocation, gpointer data)
{
  mock_log ("GetRoster");
  jd_dbus_account1_complete_get_roster (
    account, invocation,
    g_variant_new_parsed ("[('bob@example.org', 'Bob', 'both', ['friends', 'work']),"
                          " ('carol@example.net', '', 'to', @as []),"
                          " ('dave@example.org', 'Dave \"D\" Tab\t', 'none', ['x'])]"));
  return TRUE;
}

static gboolean
on_get_blocked (JdDbusAccount1 *account, GDBusMethodInvocation *invocation, gpointer data)
{
  const char *const blocked[] = { "spam@example.net", "example.com", NULL };

  mock_log ("GetBlocked");
  jd_dbus_account1_complete_get_blocked (account, invocation, blocked);
  return TRUE;
}

static gboolean
on_set_presence (JdDbusAccount1 *account, GDBusMethodInvocation *invocation,
                 const char *show, const char *status, gint priority, gpointer data)
{
  static const char *const shows[] = { "available", "away", "chat", "dnd", "xa",
                                       "unavailable", NULL };

  mock_log ("SetPresence '%s' '%s' %d", show, status, priority);
  if (!g_strv_contains (shows, show))
    {
      g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                             JD_DBUS_ERROR_INVALID_ARGUMENT,
                                             "unknown show '%s'", show);
      return TRUE;
    }
  jd_dbus_account1_set_presence (account, g_variant_new ("(ssi)", show, status, priority));
  jd_dbus_account1_complete_set_presence (account, invocation);
  return TRUE;
}

static gboolean
on_send_message (JdDbusAccount1 *account, GDBusMethodInvocation *invocation,
                 const char *jid, const char *body, Mock *mock)
{
  g_autofree char *id = g_strdup_printf ("mock-%u", mock->next_message++);

  mock_log ("SendMessage %s '%s'", jid, body);
  jd_dbus_account1_complete_send_message (account, invocation, id);
  return TRUE;
}

static gboolean
on_add_contact (JdDbusAccount1 *account, GDBusMethodInvocation *invocation,
                const char *jid, const char *name, const char *const *groups, gpointer data)
{
  g_autofree char *joined = g_strjoinv (",", (char **) groups);

  mock_log ("AddContact %s '%s' [%s]", jid, name, joined);
  jd_dbus_account1_complete_add_contact (account, invocation);
  return TRUE;
}

/* RemoveContact, ApproveSubscription, ...: (s jid) -> (); the handler
 * signal's name says which. */
static gboolean
on_jid_method (JdDbusAccount1 *account, GDBusMethodInvocation *invocation, const char *jid,
               gpointer data)
{
  mock_log ("%s %s", g_dbus_method_invocation_get_method_name (invocation), jid);
  g_dbus_method_invocation_return_value (invocation, NULL);
  return TRUE;
}

static JdDbusAccount1 *
new_account (Mock *mock)
{
  static const char *const jid_methods[] = { "handle-remove-contact",
                                             "handle-approve-subscription",
                                             "handle-deny-subscription", "handle-subscribe",
                                             "handle-block", "handle-unblock" };
  JdDbusAccount1 *account = jd_dbus_account1_skeleton_new ();

  jd_dbus_account1_set_name (account, "alice");
  jd_dbus_account1_set_jid (account, "alice@example.org");
  jd_dbus_account1_set_bound_jid (account, "alice@example.org/jingled");
  jd_dbus_account1_set_connection_state (account, "connected");
  jd_dbus_account1_set_presence (account, g_variant_new ("(ssi)", "available", "at my desk", 5));
  jd_dbus_account1_set_call_policy (account, "ask");
  g_signal_connect (account, "handle-dial", G_CALLBACK (on_dial), mock);
  g_signal_connect (account, "handle-get-roster", G_CALLBACK (on_get_roster), NULL);
  g_signal_connect (account, "handle-get-blocked", G_CALLBACK (on_get_blocked), NULL);
  g_signal_connect (account, "handle-set-presence", G_CALLBACK (on_set_presence), NULL);
  g_signal_connect (account, "handle-send-message", G_CALLBACK (on_send_message), mock);
  g_signal_connect (account, "handle-add-contact", G_CALLBACK (on_add_contact), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (jid_methods); i++)
    g_signal_connect (account, jid_methods[i], G_CALLBACK (on_jid_method), NULL);
  return account;
}

/* --- the manager ------------------------------------------------------ */

static gboolean
on_find_account (JdDbusManager1 *manager, GDBusMethodInvocation *invocation,
                 const char *name, Mock *mock)
{
  mock_log ("FindAccount '%s'", name);
  if (strcmp (name, "alice") == 0 || strcmp (name, "alice@example.org") == 0)
    jd_dbus_manager1_complete_find_account (manager, invocation, ACCOUNT_PATH);
  else
    g_dbus_method_invocation_return_error (invocation, JD_DBUS_ERROR,
                                           JD_DBUS_ERROR_UNKNOWN_ACCOUNT,
                                           "no account '%s'", name);
  return TRUE;
}

static void
export (gpointer skeleton, GDBusConnection *connection, const char *path)
{
  g_autoptr (GError) error = NULL;

  if (!g_dbus_interface_skeleton_export (skeleton, connection, path, &error))
    g_error ("export %s: %s", path, error->message);
}

static void
on_name_acquired (GDBusConnection *connection, const char *name, gpointer data)
{
  mock_log ("ready");
}

static void
on_name_lost (GDBusConnection *connection, const char *name, gpointer data)
{
  mock_log ("lost the name %s", name);
  g_main_loop_quit (data);
}

int
main (int argc, char **argv)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GError) error = NULL;
  const char *const accounts[] = { ACCOUNT_PATH, NULL };
  Mock mock = { 0 };

  (void) JD_DBUS_ERROR;
  mock.connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (mock.connection == NULL)
    g_error ("session bus: %s", error->message);
  mock.calls = g_ptr_array_new_with_free_func (g_object_unref);
  mock.next_call = 2;
  mock.next_message = 1;
  mock.manager = jd_dbus_manager1_skeleton_new ();
  jd_dbus_manager1_set_version (mock.manager, "0.1.0");
  jd_dbus_manager1_set_accounts (mock.manager, accounts);
  g_signal_connect (mock.manager, "handle-find-account", G_CALLBACK (on_find_account), &mock);
  mock.account = new_account (&mock);
  export (mock.manager, mock.connection, JD_DBUS_PATH);
  export (mock.account, mock.connection, ACCOUNT_PATH);
  add_call (&mock, new_call ("bob@example.org/phone", "incoming", "active"),
            JD_DBUS_CALL_PATH_PREFIX "1");
  g_bus_own_name_on_connection (mock.connection, JD_DBUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                on_name_acquired, on_name_lost, loop, NULL);
  g_main_loop_run (loop);
  g_ptr_array_unref (mock.calls);
  g_object_unref (mock.account);
  g_object_unref (mock.manager);
  g_object_unref (mock.connection);
  return 0;
}
