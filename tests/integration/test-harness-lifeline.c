/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A test server never outlives its test: a child process starts a fixture
 * (Prosody, coturn), is killed with SIGKILL, and the server must be gone
 * within seconds, stopped by the harness's watchdog on its stdin pipe.
 *
 * The child is this program again, run as "--serve prosody|turn": it
 * prints "PID DIR" of the server it started and waits to be killed.
 */
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "jd-test-prosody.h"
#include "jd-test-turn.h"
#include "jd-test-util.h"

#define SERVE_OPTION "--serve"

/* ---- the child ---------------------------------------------------------- */

/* Prints "PID DIR" of a running server, or returns %FALSE. */
static gboolean
start_server (const char *kind, GError **error)
{
  /* Never freed: the process ends by SIGKILL. */
  JdTestProsody *prosody;
  JdTestTurn *turn;

  if (g_strcmp0 (kind, "prosody") == 0)
    {
      prosody = jd_test_prosody_start (error);
      if (prosody == NULL)
        return FALSE;
      printf ("%d %s\n", jd_test_prosody_get_pid (prosody), jd_test_prosody_get_dir (prosody));
      return TRUE;
    }
  turn = jd_test_turn_start (error);
  if (turn == NULL)
    return FALSE;
  printf ("%d %s\n", jd_test_turn_get_pid (turn), jd_test_turn_get_dir (turn));
  return TRUE;
}

static int
serve (const char *kind)
{
  g_autoptr(GError) error = NULL;

  if (!start_server (kind, &error))
    {
      g_printerr ("cannot serve %s: %s\n", kind, error->message);
      return 1;
    }
  fflush (stdout);
  /* Only SIGKILL ends this: no clean-up of ours may run. */
  for (;;)
    pause ();
}

/* ---- the test ----------------------------------------------------------- */

/* A zombie counts as gone: in containers PID 1 may never reap the
 * orphaned server. */
static gboolean
process_alive (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end_of_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  /* "PID (NAME) STATE ...", where NAME may hold spaces and parentheses. */
  end_of_name = strrchr (stat, ')');
  return end_of_name != NULL && end_of_name[1] == ' ' && end_of_name[2] != 'Z';
}

/* Should this test fail before it kills the child, the child must not
 * keep running (and keep the test runner waiting on its stderr). */
static void
die_with_parent (gpointer user_data)
{
  (void) user_data;
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn_server_child (const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", &error);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  GSubprocess *child;

  g_assert_no_error (error);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  child = g_subprocess_launcher_spawn (launcher, &error, self, SERVE_OPTION, kind, NULL);
  g_assert_no_error (error);
  return child;
}

static char *
read_line (GDataInputStream *out)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, jd_test_store_result,
                                       &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 30000);
  line = g_data_input_stream_read_line_finish (out, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/* The child's "PID DIR" line; the fixtures' g_test_message() lines come
 * first, as TAP comments. */
static char *
read_server_line (GSubprocess *child)
{
  g_autoptr(GDataInputStream) out =
    g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  char *line;

  while (g_str_has_prefix ((line = read_line (out)), "#"))
    g_free (line);
  return line;
}

static void
kill_child (GSubprocess *child)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_subprocess_force_exit (child);
  g_subprocess_wait_async (child, NULL, jd_test_store_result, &result);
  JD_TEST_WAIT_UNTIL (result != NULL, 5000);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

/* GIO has no recursive delete; rm -rf through argv needs no shell. */
static void
remove_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", "--", dir, NULL };

  g_assert_true (g_path_is_absolute (dir) && strcmp (dir, "/") != 0);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                NULL, NULL);
}

static void
test_server_dies_with_its_test (gconstpointer data)
{
  const char *kind = data;
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) fields = NULL;
  guint64 pid = 0;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (kind, "turn") == 0 && !jd_test_turn_available ())
    {
      g_test_skip ("coturn's turnserver is not installed");
      return;
    }
  child = spawn_server_child (kind);
  line = read_server_line (child);
  fields = g_strsplit (line, " ", 2);
  g_assert_true (g_ascii_string_to_unsigned (fields[0], 10, 2, G_MAXINT, &pid, &error));
  g_test_message ("%s server: pid %" G_GUINT64_FORMAT, kind, pid);
  g_assert_true (process_alive ((GPid) pid));

  kill_child (child);
  /* The watchdog's stop: SIGTERM, then SIGKILL after 5 s. */
  JD_TEST_WAIT_UNTIL (!process_alive ((GPid) pid), 8000);

  /* The child's own clean-up never ran: its directory is left behind. */
  g_assert_nonnull (fields[1]);
  remove_dir (fields[1]);
}

int
main (int argc, char **argv)
{
  if (argc == 3 && strcmp (argv[1], SERVE_OPTION) == 0)
    return serve (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/harness/lifeline/prosody", "prosody",
                        test_server_dies_with_its_test);
  g_test_add_data_func ("/harness/lifeline/turn", "turn", test_server_dies_with_its_test);
  return g_test_run ();
}
