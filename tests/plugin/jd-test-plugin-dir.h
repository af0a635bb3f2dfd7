/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A private plugin directory for a test: every module meson built for the
 * tests (JD_TEST_PLUGINS, colon-separated paths) linked in as NAME.so.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns: (transfer full): the directory */
char *jd_test_plugin_dir_new  (void);
/* Removes the links and the directory. */
void  jd_test_plugin_dir_free (char *dir);

G_END_DECLS
