/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A stand-in for libFuzzer's main(): feeds every file named on the command
 * line, and every file in every directory named there, to
 * LLVMFuzzerTestOneInput() once.  With it the committed corpus replays as
 * an ordinary test wherever libFuzzer is not available (GLib fuzzing/,
 * libstrophe tests/test_fuzz_parser.c do the same).
 *
 * Arguments that start with '-' are skipped so that libFuzzer-style
 * options in a shared command line do no harm.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "jd-fuzz.h"

static void
run_file (const char *path, guint *count)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  printf ("Running: %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  (*count)++;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Files in name order, so that a failure reproduces in the same order. */
static void
run_directory (const char *path, guint *count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      if (g_file_test (names->pdata[i], G_FILE_TEST_IS_REGULAR))
        run_file (names->pdata[i], count);
    }
}

int
main (int argc, char **argv)
{
  guint count = 0;

  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] == '-')
        continue;
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        run_directory (argv[i], &count);
      else
        run_file (argv[i], &count);
    }
  /* An empty or mistyped corpus path must not pass silently. */
  if (count == 0)
    {
      fprintf (stderr, "usage: %s FILE|DIRECTORY...: no input files\n", argv[0]);
      return 1;
    }
  printf ("Executed %u inputs\n", count);
  return 0;
}
