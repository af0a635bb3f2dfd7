/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The daemon as a user drives it: real jingled processes on private
 * buses, logged in to a private Prosody, and nothing but the real
 * jinglectl ($JD_JINGLECTL) run against each bus, its output read line
 * by line.  alice and bob are subscribed to each other.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "jd-test-daemon.h"
#include "jd-test-daemon-call.h"
#include "jd-test-daemon-suite.h"
#include "jd-test-util.h"

#define GRACE_MS 500
#define CALL_TIMEOUT_MS 15000
#define RUN_TIMEOUT_MS 15000
#define BOB "bob@jingled.test"

static JdTestProsody *prosody;

typedef struct {
  char *dir;                    /* recordings */
  JdTestDaemon *alice, *bob, *carol;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("jd-test-daemon-ctl-XXXXXX", &error);
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

/* ---------------------------------------------------------------- */
/* A child's output, line by line, as it comes                      */

typedef struct {
  GDataInputStream *in;
  GCancellable *cancellable;
  GPtrArray *lines;
  gboolean eof;
  gboolean orphaned;            /* freed by the last callback */
} Reader;

static void reader_next (Reader *r);

static void
reader_destroy (Reader *r)
{
  g_object_unref (r->in);
  g_object_unref (r->cancellable);
  g_ptr_array_unref (r->lines);
  g_free (r);
}

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reader *r = user_data;
  g_autoptr (GError) error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &error);

  if (r->orphaned)
    {
      g_free (line);
      reader_destroy (r);
      return;
    }
  if (line == NULL)
    {
      r->eof = TRUE;
      return;
    }
  g_ptr_array_add (r->lines, line);
  reader_next (r);
}

static void
reader_next (Reader *r)
{
  g_data_input_stream_read_line_async (r->in, G_PRIORITY_DEFAULT, r->cancellable, on_line, r);
}

static Reader *
reader_new (GInputStream *stream)
{
  Reader *r = g_new0 (Reader, 1);

  r->in = g_data_input_stream_new (stream);
  r->cancellable = g_cancellable_new ();
  r->lines = g_ptr_array_new_with_free_func (g_free);
  reader_next (r);
  return r;
}

static void
reader_free (Reader *r)
{
  if (r->eof)
    {
      reader_destroy (r);
      return;
    }
  r->orphaned = TRUE;
  g_cancellable_cancel (r->cancellable);
}

static char *
reader_text (Reader *r)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < r->lines->len; i++)
    g_string_append_printf (text, "%s\n", (char *) r->lines->pdata[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---------------------------------------------------------------- */
/* jinglectl (or gdbus) against one daemon's bus                    */

typedef struct {
  GSubprocess *process;
  Reader *out, *err;
  gboolean exited;
} Child;

static const char *
jinglectl_path (void)
{
  const char *path = g_getenv ("JD_JINGLECTL");

  if (path == NULL)
    g_error ("JD_JINGLECTL is not set: run the test through meson");
  return path;
}

/* The exit as an event of the test's main context: the subprocess's own
 * reaping happens in another thread and would not wake it. */
static void
on_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Child *c = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  c->exited = TRUE;
}

static Child *
child_spawn (JdTestDaemon *d, const char *program, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  Child *c = g_new0 (Child, 1);

  g_subprocess_launcher_set_child_setup (launcher, jd_test_child_setup, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                jd_test_bus_get_address (d->bus), TRUE);
  g_ptr_array_add (argv, (char *) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  c->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  c->out = reader_new (g_subprocess_get_stdout_pipe (c->process));
  c->err = reader_new (g_subprocess_get_stderr_pipe (c->process));
  g_subprocess_wait_async (c->process, NULL, on_exited, c);
  return c;
}

static gboolean
child_done (Child *c)
{
  return c->exited && c->out->eof && c->err->eof;
}

/* The exit status once done; -1 for a signal. */
static int
child_status (Child *c)
{
  g_assert_true (child_done (c));
  g_subprocess_wait (c->process, NULL, NULL);
  return g_subprocess_get_if_exited (c->process) ? g_subprocess_get_exit_status (c->process) : -1;
}

/* SIGTERM (monitor stops on it), then SIGKILL after 5 s. */
static void
child_free (Child *c)
{
  if (c == NULL)
    return;
  if (!c->exited)
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      g_subprocess_send_signal (c->process, SIGTERM);
      while (!c->exited && g_get_monotonic_time () < deadline)
        jd_test_iterate_until (deadline);
      if (!c->exited)
        g_subprocess_force_exit (c->process);
      /* on_exited must run before @c goes. */
      JD_TEST_WAIT_UNTIL (c->exited, 5000);
    }
  reader_free (c->out);
  reader_free (c->err);
  g_object_unref (c->process);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Child, child_free)

/* `jinglectl ARGS…` in the background. */
static Child *
ctl_start (JdTestDaemon *d, const char *first, ...) G_GNUC_NULL_TERMINATED;

static Child *
ctl_start (JdTestDaemon *d, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return child_spawn (d, jinglectl_path (), (const char *const *) args->pdata);
}

/* Runs @program ARGS to its end: its exit status, stdout and stderr. */
static int
run_argv (JdTestDaemon *d, const char *program, const char *const *args, char **out, char **err)
{
  g_autoptr (Child) c = child_spawn (d, program, args);
  g_autofree char *cmd = g_strjoinv (" ", (char **) args);
  gint64 start_us = g_get_monotonic_time ();
  int status;

  JD_TEST_WAIT_UNTIL (child_done (c), RUN_TIMEOUT_MS);
  status = child_status (c);
  if (out != NULL)
    *out = reader_text (c->out);
  if (err != NULL)
    *err = reader_text (c->err);
  g_test_message ("%s: %s %s -> %d (%" G_GINT64_FORMAT " ms)", d->name, program, cmd, status,
                  (g_get_monotonic_time () - start_us) / 1000);
  return status;
}

static int
ctl_run (JdTestDaemon *d, char **out, char **err, const char *first, ...) G_GNUC_NULL_TERMINATED;

static int
ctl_run (JdTestDaemon *d, char **out, char **err, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return run_argv (d, jinglectl_path (), (const char *const *) args->pdata, out, err);
}

/* The daemon still answers. */
static void
assert_status_ok (JdTestDaemon *d)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ctl_run (d, &out, NULL, "status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "connected"));
}

/* A command that fails with the daemon's error @name: exit 1, and the
 * name on stderr. */
static void
assert_ctl_error (JdTestDaemon *d, const char *name, const char *const *args)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run_argv (d, jinglectl_path (), args, NULL, &err), ==, 1);
  g_test_message ("stderr: %s", err);
  g_assert_nonnull (strstr (err, name));
}

/* ---------------------------------------------------------------- */
/* JSON, checked by hand (RFC 8259; no JSON library needed)         */

static gboolean json_value (const char **p);

static void
json_space (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
    (*p)++;
}

static gboolean
json_string (const char **p)
{
  if (**p != '"')
    return FALSE;
  for ((*p)++; **p != '"'; (*p)++)
    {
      if ((guchar) **p < 0x20)
        return FALSE;
      if (**p != '\\')
        continue;
      (*p)++;
      if (**p == 'u')
        {
          for (int i = 1; i <= 4; i++)
            if (!g_ascii_isxdigit ((*p)[i]))
              return FALSE;
          *p += 4;
        }
      else if (strchr ("\"\\/bfnrt", **p) == NULL || **p == '\0')
        return FALSE;
    }
  (*p)++;
  return TRUE;
}

static gboolean
json_number (const char **p)
{
  static GRegex *number;
  g_autoptr (GMatchInfo) match = NULL;
  int end;

  if (number == NULL)
    number = g_regex_new ("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?", 0, 0, NULL);
  if (!g_regex_match (number, *p, 0, &match))
    return FALSE;
  g_match_info_fetch_pos (match, 0, NULL, &end);
  *p += end;
  return end > 0;
}

/* { members } or [ elements ]: @close is '}' or ']'. */
static gboolean
json_container (const char **p, char close)
{
  (*p)++;
  json_space (p);
  if (**p == close)
    {
      (*p)++;
      return TRUE;
    }
  for (;;)
    {
      if (close == '}')
        {
          if (!json_string (p))
            return FALSE;
          json_space (p);
          if (**p != ':')
            return FALSE;
          (*p)++;
        }
      if (!json_value (p))
        return FALSE;
      json_space (p);
      if (**p == close)
        {
          (*p)++;
          return TRUE;
        }
      if (**p != ',')
        return FALSE;
      (*p)++;
    }
}

static gboolean
json_value (const char **p)
{
  json_space (p);
  switch (**p)
    {
    case '{': return json_container (p, '}');
    case '[': return json_container (p, ']');
    case '"': return json_string (p);
    case 't': return g_str_has_prefix (*p, "true") ? (*p += 4, TRUE) : FALSE;
    case 'f': return g_str_has_prefix (*p, "false") ? (*p += 5, TRUE) : FALSE;
    case 'n': return g_str_has_prefix (*p, "null") ? (*p += 4, TRUE) : FALSE;
    default: return json_number (p);
    }
}

static gboolean
is_json_object (const char *text)
{
  const char *p = text;

  json_space (&p);
  if (*p != '{' || !json_value (&p))
    return FALSE;
  json_space (&p);
  return *p == '\0';
}

/* The first match of group 1 of @pattern in @text, or NULL. */
static char *
find_group (const char *text, const char *pattern)
{
  g_autoptr (GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  g_assert_nonnull (regex);
  if (!g_regex_match (regex, text, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}

/* ---------------------------------------------------------------- */
/* `jinglectl monitor --json`                                       */

/* The member of one monitor line, or NULL. */
static char *
line_member (const char *line)
{
  return find_group (line, "^\\{\"path\":\"[^\"]*\",\"interface\":\"[^\"]*\","
                           "\"member\":\"([A-Za-z]+)\",\"args\":");
}

/* The index of the first line from @from on with @member, or -1. */
static int
monitor_find (Child *m, guint from, const char *member)
{
  for (guint i = from; i < m->out->lines->len; i++)
    {
      g_autofree char *found = line_member (m->out->lines->pdata[i]);

      if (g_strcmp0 (found, member) == 0)
        return (int) i;
    }
  return -1;
}

static guint
monitor_count (Child *m, const char *member)
{
  guint n = 0;

  for (int i = 0; (i = monitor_find (m, (guint) i, member)) >= 0; i++)
    n++;
  return n;
}

/* A StateChanged to "active" was seen. */
static gboolean
monitor_active (Child *m)
{
  for (guint i = 0; i < m->out->lines->len; i++)
    if (strstr (m->out->lines->pdata[i], "\"member\":\"StateChanged\",\"args\":[\"active\"") != NULL)
      return TRUE;
  return FALSE;
}

/* The monitor on @d's bus, once it listens: @from sends chat messages
 * until one shows up as MessageReceived (the monitor subscribes only
 * after it started). */
static Child *
monitor_start (JdTestDaemon *d, JdTestDaemon *from, const char *to)
{
  Child *m = ctl_start (d, "monitor", "--json", NULL);
  gint64 deadline = g_get_monotonic_time () + CALL_TIMEOUT_MS * 1000 * jd_test_timeout_scale ();

  while (monitor_find (m, 0, "MessageReceived") < 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_assert_cmpint (ctl_run (from, NULL, NULL, "msg", to, "are you listening?", NULL), ==, 0);
      jd_test_run_for (300);
    }
  return m;
}

static void
assert_all_json_objects (Child *m)
{
  g_assert_cmpuint (m->out->lines->len, >, 0);
  for (guint i = 0; i < m->out->lines->len; i++)
    {
      const char *line = m->out->lines->pdata[i];

      if (!is_json_object (line))
        g_error ("monitor line %u is not a JSON object: %s", i, line);
    }
}

/* The digits of the DtmfReceived lines, in order. */
static char *
monitor_dtmf (Child *m)
{
  GString *digits = g_string_new (NULL);

  for (int i = 0; (i = monitor_find (m, (guint) i, "DtmfReceived")) >= 0; i++)
    {
      g_autofree char *digit = find_group (m->out->lines->pdata[i], "\"args\":\\[\"([^\"]*)\"\\]");

      g_assert_nonnull (digit);
      g_string_append (digits, digit);
    }
  return g_string_free (digits, FALSE);
}

/* ---------------------------------------------------------------- */
/* Calls                                                            */

static gboolean
has_line (Reader *r, const char *line)
{
  for (guint i = 0; i < r->lines->len; i++)
    if (strcmp (r->lines->pdata[i], line) == 0)
      return TRUE;
  return FALSE;
}

/* `jinglectl call JID ARGS…` in the background, once it got past the
 * dial: until the callee's presence has reached the caller's daemon,
 * a bare JID has no resource to call (PeerUnavailable), so redial. */
static Child *
ctl_call (JdTestDaemon *from, const char *const *args)
{
  gint64 deadline = g_get_monotonic_time () + CALL_TIMEOUT_MS * 1000 * jd_test_timeout_scale ();

  for (;;)
    {
      g_autoptr (Child) c = child_spawn (from, jinglectl_path (), args);
      g_autofree char *err = NULL;

      /* Its first line is the call's path. */
      JD_TEST_WAIT_UNTIL (c->out->lines->len > 0 || child_done (c), CALL_TIMEOUT_MS);
      if (c->out->lines->len > 0)
        {
          g_assert_true (g_str_has_prefix (c->out->lines->pdata[0], "/im/jingled/call/"));
          return g_steal_pointer (&c);
        }
      err = reader_text (c->err);
      g_assert_cmpint (child_status (c), ==, 1);
      g_assert_nonnull (strstr (err, "im.jingled.Error.PeerUnavailable"));
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      jd_test_run_for (200);
    }
}

/* The numbers of `jinglectl --json stats` that a user checks. */
static void
assert_stats (JdTestDaemon *d)
{
  g_autofree char *out = NULL;
  g_autofree char *received = NULL;
  g_autofree char *loss = NULL;
  g_autofree char *jitter = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (ctl_run (d, &out, NULL, "--json", "stats", NULL), ==, 0);
  g_test_message ("%s: %s", d->name, out);
  g_assert_true (is_json_object (out));
  received = find_group (out, "\"packets-received\":([0-9]+)");
  loss = find_group (out, "\"loss\":(-?[0-9.eE+-]+)");
  jitter = find_group (out, "\"jitter\":(-?[0-9.eE+-]+)");
  g_assert_nonnull (received);
  g_assert_nonnull (loss);
  g_assert_nonnull (jitter);
  g_assert_cmpuint (g_ascii_strtoull (received, NULL, 10), >, 0);
  g_assert_cmpfloat (g_ascii_strtod (loss, NULL), >=, 0);
  g_assert_cmpfloat (g_ascii_strtod (loss, NULL), <=, 1);
  g_assert_cmpfloat (g_ascii_strtod (jitter, NULL), >=, 0);
  /* The text form has the same figures. */
  g_assert_cmpint (ctl_run (d, &text, NULL, "stats", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "packets-received: "));
  g_assert_nonnull (strstr (text, "\nloss: "));
  g_assert_nonnull (strstr (text, "\njitter: "));
}

/* ---------------------------------------------------------------- */
/* Acceptance 1: ask, answer, audio, DTMF, stats, hang-up           */

static void
test_call (Fixture *f, gconstpointer data)
{
  g_autofree char *wav = g_build_filename (f->dir, "bob.wav", NULL);
  g_autofree char *bob_extra = g_strdup_printf ("incoming-calls = ask\nallow = alice@jingled.test\n"
                                                "audio-sink = file:%s\n", wav);
  const char *call_args[] = { "call", BOB, "--dtmf", "1234#", "--wait", NULL };
  g_autoptr (Child) monitor = NULL;
  g_autoptr (Child) call = NULL;
  g_autofree char *path = NULL;
  g_autofree char *from = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *ended = NULL;
  int incoming, end;

  f->alice = start ("alice", "audio-source = tone:440\n");
  f->bob = start ("bob", bob_extra);
  monitor = monitor_start (f->bob, f->alice, BOB);

  call = ctl_call (f->alice, call_args);
  JD_TEST_WAIT_UNTIL (monitor_find (monitor, 0, "IncomingCall") >= 0, CALL_TIMEOUT_MS);
  incoming = monitor_find (monitor, 0, "IncomingCall");
  path = find_group (monitor->out->lines->pdata[incoming], "\"args\":\\[\"(/im/jingled/call/[0-9]+)\"");
  from = find_group (monitor->out->lines->pdata[incoming], "\"args\":\\[\"[^\"]*\",\"([^\"]*)\"");
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (from, "alice@jingled.test/"));
  /* The caller hears it ring, then bob answers. */
  JD_TEST_WAIT_UNTIL (has_line (call->out, "state: ringing"), CALL_TIMEOUT_MS);
  g_assert_cmpint (ctl_run (f->bob, NULL, NULL, "answer", path, NULL), ==, 0);
  JD_TEST_WAIT_UNTIL (has_line (call->out, "state: active"), CALL_TIMEOUT_MS);

  /* `call --dtmf` sends its digits once active; they arrive in order. */
  JD_TEST_WAIT_UNTIL (monitor_count (monitor, "DtmfReceived") >= 5, CALL_TIMEOUT_MS);
  digits = monitor_dtmf (monitor);
  g_assert_cmpstr (digits, ==, "1234#");
  /* Two seconds of tone for the recording, then the figures. */
  jd_test_run_for (2000);
  assert_stats (f->alice);
  assert_stats (f->bob);

  g_assert_cmpint (ctl_run (f->bob, NULL, NULL, "hangup", NULL), ==, 0);
  JD_TEST_WAIT_UNTIL (child_done (call), CALL_TIMEOUT_MS);
  g_assert_cmpint (child_status (call), ==, 0);
  g_assert_true (has_line (call->out, "ended: success"));
  JD_TEST_WAIT_UNTIL ((end = monitor_find (monitor, (guint) incoming, "Ended")) >= 0,
                      CALL_TIMEOUT_MS);
  ended = find_group (monitor->out->lines->pdata[end], "\"args\":\\[\"([^\"]*)\"\\]");
  g_assert_cmpstr (ended, ==, "success");
  jd_test_assert_recorded_tone (wav, 440);
  g_remove (wav);
}

/* ---------------------------------------------------------------- */
/* Acceptance 3: bad arguments give named errors                    */

static gboolean
call_is_active (JdTestDaemon *d)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ctl_run (d, &out, NULL, "--json", "calls", NULL), ==, 0);
  if (strstr (out, "\"State\":\"active\"") != NULL)
    return TRUE;
  jd_test_run_for (200);
  return FALSE;
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  g_autofree char *carol_config = jd_test_daemon_config (prosody, "carol", "autoconnect = false\n");
  const char *call_args[] = { "call", BOB, NULL };
  const char *bad_jid[] = { "call", "not a jid", NULL };
  const char *bad_dtmf[] = { "dtmf", "12X", NULL };
  const char *unknown[] = { "hangup", "99", NULL };
  const char *offline[] = { "call", BOB, NULL };
  g_autoptr (Child) call = NULL;
  g_autofree char *out = NULL;

  f->alice = start ("alice", NULL);
  f->bob = start ("bob", "incoming-calls = auto-answer\n");

  assert_ctl_error (f->alice, "im.jingled.Error.InvalidJid", bad_jid);
  assert_ctl_error (f->alice, "im.jingled.Error.UnknownCall", unknown);

  call = ctl_call (f->alice, call_args);
  JD_TEST_WAIT_UNTIL (call_is_active (f->alice), CALL_TIMEOUT_MS);
  assert_ctl_error (f->alice, "im.jingled.Error.InvalidDtmf", bad_dtmf);
  /* The call is untouched by the refused digits. */
  g_assert_true (call_is_active (f->alice));
  g_assert_cmpint (ctl_run (f->alice, NULL, NULL, "hangup", NULL), ==, 0);

  f->carol = jd_test_daemon_start ("carol", carol_config, GRACE_MS);
  g_assert_cmpint (ctl_run (f->carol, &out, NULL, "accounts", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "disconnected"));
  assert_ctl_error (f->carol, "im.jingled.Error.NotConnected", offline);

  assert_status_ok (f->alice);
  assert_status_ok (f->bob);
  g_assert_cmpint (ctl_run (f->carol, NULL, NULL, "status", NULL), ==, 0);
}

/* ---------------------------------------------------------------- */
/* Acceptance 5: monitor --json, and introspection                  */

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names of @iface's methods, signals and properties, sorted. */
static char *
describe_interface (GDBusInterfaceInfo *iface)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; iface->methods != NULL && iface->methods[i] != NULL; i++)
    g_ptr_array_add (names, g_strconcat ("method ", iface->methods[i]->name, NULL));
  for (guint i = 0; iface->signals != NULL && iface->signals[i] != NULL; i++)
    g_ptr_array_add (names, g_strconcat ("signal ", iface->signals[i]->name, NULL));
  for (guint i = 0; iface->properties != NULL && iface->properties[i] != NULL; i++)
    g_ptr_array_add (names, g_strconcat ("property ", iface->properties[i]->name, NULL));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

/* `gdbus introspect --xml` of @path shows @iface with the members of
 * data/dbus/@iface.xml. */
static void
assert_introspected (JdTestDaemon *d, const char *path, const char *iface)
{
  const char *args[] = { "introspect", "--session", "--xml", "--dest", JD_DBUS_NAME,
                         "--object-path", path, NULL };
  g_autofree char *file = g_strdup_printf ("%s/%s.xml", g_getenv ("JD_DBUS_XML_DIR"), iface);
  g_autofree char *xml = NULL;
  g_autofree char *documented_xml = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *documented = NULL;
  g_autoptr (GDBusNodeInfo) node = NULL;
  g_autoptr (GDBusNodeInfo) doc = NULL;
  g_autoptr (GError) error = NULL;
  GDBusInterfaceInfo *info;

  g_assert_cmpint (run_argv (d, "gdbus", args, &xml, NULL), ==, 0);
  node = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_lookup_interface (node, iface);
  g_assert_nonnull (info);
  g_assert_true (g_file_get_contents (file, &documented_xml, NULL, &error));
  g_assert_no_error (error);
  doc = g_dbus_node_info_new_for_xml (documented_xml, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_dbus_node_info_lookup_interface (doc, iface));
  seen = describe_interface (info);
  documented = describe_interface (g_dbus_node_info_lookup_interface (doc, iface));
  g_test_message ("%s %s: %s", path, iface, seen);
  g_assert_cmpstr (seen, ==, documented);
}

/* The members of @m's lines, in order, as one string. */
static char *
monitor_members (Child *m)
{
  g_autoptr (GString) members = g_string_new (NULL);

  for (guint i = 0; i < m->out->lines->len; i++)
    {
      g_autofree char *member = line_member (m->out->lines->pdata[i]);

      g_assert_nonnull (member);
      g_string_append_printf (members, "%s ", member);
    }
  return g_string_free (g_steal_pointer (&members), FALSE);
}

/* @expected (space-separated) appear in @members in this order. */
static void
assert_in_order (const char *members, const char *expected)
{
  g_auto (GStrv) names = g_strsplit (expected, " ", -1);
  const char *p = members;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *word = g_strconcat (names[i], " ", NULL);
      const char *at = strstr (p, word);

      if (at == NULL)
        g_error ("%s not found in order in: %s", names[i], members);
      p = at + strlen (word);
    }
}

static void
test_monitor_introspect (Fixture *f, gconstpointer data)
{
  const char *call_args[] = { "call", BOB, "--wait", NULL };
  g_autoptr (Child) bob_monitor = NULL;
  g_autoptr (Child) alice_monitor = NULL;
  g_autoptr (Child) call = NULL;
  g_autofree char *bob_members = NULL;
  g_autofree char *alice_members = NULL;
  g_autofree char *path = NULL;
  int incoming;

  f->alice = start ("alice", NULL);
  f->bob = start ("bob", "incoming-calls = ask\n");
  bob_monitor = monitor_start (f->bob, f->alice, BOB);
  alice_monitor = monitor_start (f->alice, f->bob, "alice@jingled.test");

  assert_introspected (f->bob, JD_DBUS_PATH, "im.jingled.Manager1");
  assert_introspected (f->bob, JD_DBUS_ACCOUNT_PATH_PREFIX "0", "im.jingled.Account1");

  /* The scripted session: ring, answer, one digit, hang up. */
  call = ctl_call (f->alice, call_args);
  JD_TEST_WAIT_UNTIL ((incoming = monitor_find (bob_monitor, 0, "IncomingCall")) >= 0,
                      CALL_TIMEOUT_MS);
  path = find_group (bob_monitor->out->lines->pdata[incoming], "\"args\":\\[\"(/im/jingled/call/[0-9]+)\"");
  g_assert_nonnull (path);
  assert_introspected (f->bob, path, "im.jingled.Call1");
  g_assert_cmpint (ctl_run (f->bob, NULL, NULL, "answer", NULL), ==, 0);
  /* The digit goes once both sides are active: one sent the moment the
   * caller turns active is sometimes lost (see test_call's --dtmf). */
  JD_TEST_WAIT_UNTIL (has_line (call->out, "state: active") && monitor_active (bob_monitor),
                      CALL_TIMEOUT_MS);
  g_assert_cmpint (ctl_run (f->alice, NULL, NULL, "dtmf", "5", NULL), ==, 0);
  JD_TEST_WAIT_UNTIL (monitor_find (bob_monitor, 0, "DtmfReceived") >= 0, CALL_TIMEOUT_MS);
  g_assert_cmpint (ctl_run (f->alice, NULL, NULL, "hangup", NULL), ==, 0);
  JD_TEST_WAIT_UNTIL (child_done (call), CALL_TIMEOUT_MS);
  g_assert_cmpint (child_status (call), ==, 0);
  JD_TEST_WAIT_UNTIL (monitor_find (bob_monitor, 0, "CallRemoved") >= 0, CALL_TIMEOUT_MS);
  JD_TEST_WAIT_UNTIL (monitor_find (alice_monitor, 0, "CallRemoved") >= 0, CALL_TIMEOUT_MS);

  assert_all_json_objects (bob_monitor);
  assert_all_json_objects (alice_monitor);
  bob_members = monitor_members (bob_monitor);
  alice_members = monitor_members (alice_monitor);
  g_test_message ("bob's monitor: %s", bob_members);
  g_test_message ("alice's monitor: %s", alice_members);
  assert_in_order (bob_members, "MessageReceived CallAdded IncomingCall PropertiesChanged "
                                "StateChanged DtmfReceived StateChanged Ended CallRemoved");
  assert_in_order (alice_members, "MessageReceived CallAdded PropertiesChanged StateChanged "
                                  "StateChanged Ended CallRemoved");
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)

int
main (int argc, char **argv)
{
  g_autoptr (JdTestProsody) server = jd_test_daemon_suite_init (&argc, &argv);

  prosody = server;
  ADD ("/daemon-ctl/call/ask-answer-dtmf-stats-hangup", test_call);
  ADD ("/daemon-ctl/bad-input", test_bad_input);
  ADD ("/daemon-ctl/monitor-json-introspect", test_monitor_introspect);
  return g_test_run ();
}
