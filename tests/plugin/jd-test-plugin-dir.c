/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-plugin-dir.h"

#include <glib/gstdio.h>
#include <unistd.h>

char *
jd_test_plugin_dir_new (void)
{
  const char *modules = g_getenv ("JD_TEST_PLUGINS");
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) paths = NULL;
  char *dir = g_dir_make_tmp ("jd-plugins-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (modules);
  paths = g_strsplit (modules, ":", -1);
  for (char **p = paths; *p != NULL; p++)
    {
      g_autofree char *base = g_path_get_basename (*p);
      g_autofree char *link = g_build_filename (dir, base, NULL);

      g_assert_cmpint (symlink (*p, link), ==, 0);
    }
  return dir;
}

void
jd_test_plugin_dir_free (char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
  g_free (dir);
}
