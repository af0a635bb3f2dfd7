/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The plugin loader with real modules: a good plugin loads from the
 * plugin directory, gets its settings and events and acts through the
 * host; a plugin built for another ABI, an unknown name, a removed name
 * and a plugin whose init refuses are errors naming the plugin (and the
 * file); an old name loads the renamed plugin with its old settings; a
 * built-in plugin loads without any file.
 */
#include <glib/gstdio.h>

#include "jd-config.h"
#include "jd-plugin-loader.h"
#include "jd-test-plugin-dir.h"

extern const JdPluginInfo jd_plugin_info_hello;

typedef struct {
  char *dir;
  JdPluginHost *host;
  GPtrArray *sent;            /* "account|to|body" of every message plugins sent */
} Fixture;

static gboolean
record_message (const char *account, const char *to, const char *body, gpointer user_data,
                GError **error)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->sent, g_strdup_printf ("%s|%s|%s", account, to, body));
  return TRUE;
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = jd_test_plugin_dir_new ();
  f->host = jd_plugin_host_new ();
  f->sent = g_ptr_array_new_with_free_func (g_free);
  jd_plugin_host_set_message_sender (f->host, record_message, f, NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_object_unref (f->host);
  g_ptr_array_unref (f->sent);
  jd_test_plugin_dir_free (f->dir);
}

static void
assert_loaded (JdPluginLoader *loader, const char *names)
{
  g_autoptr (GPtrArray) list = jd_plugin_loader_list (loader);
  g_autofree char *joined = NULL;

  g_ptr_array_add (list, NULL);
  joined = g_strjoinv (",", (char **) list->pdata);
  g_assert_cmpstr (joined, ==, names);
}

/* The module answers a chat message through the host, and says bye when
 * it is unloaded: the plugin and the daemon's symbols found each other. */
static void
test_module (Fixture *f, gconstpointer data)
{
  JdPluginLoader *loader = jd_plugin_loader_new (f->host, f->dir, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_plugin_loader_load (loader, "hello", NULL, &error));
  g_assert_no_error (error);
  assert_loaded (loader, "hello");
  jd_plugin_host_message (f->host, "work", "bob@example.org/phone", "there");
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->sent, 0), ==, "work|bob@example.org/phone|hello there");
  jd_plugin_loader_free (loader);
  g_assert_cmpuint (f->sent->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->sent, 1), ==, "work|tester@example.org|bye");
  /* Unloaded: its handler is gone with it. */
  jd_plugin_host_message (f->host, "work", "bob@example.org/phone", "again");
  g_assert_cmpuint (f->sent->len, ==, 2);
}

static void
test_wrong_abi (Fixture *f, gconstpointer data)
{
  g_autoptr (JdPluginLoader) loader = jd_plugin_loader_new (f->host, f->dir, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *version = g_strdup_printf ("version %u", JD_PLUGIN_ABI_VERSION + 1);

  g_assert_false (jd_plugin_loader_load (loader, "wrong-abi", NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_ABI);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "\"wrong-abi\""));
  g_assert_nonnull (strstr (error->message, "wrong-abi." G_MODULE_SUFFIX));
  g_assert_nonnull (strstr (error->message, version));
  assert_loaded (loader, "");
}

static void
test_unknown (Fixture *f, gconstpointer data)
{
  g_autoptr (JdPluginLoader) loader = jd_plugin_loader_new (f->host, f->dir, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (jd_plugin_loader_load (loader, "no-such-plugin", NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "\"no-such-plugin\""));
  g_clear_error (&error);
  /* A name is never a path. */
  g_assert_false (jd_plugin_loader_load (loader, "../hello", NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Removed: the message says what to use instead. */
  g_assert_false (jd_plugin_loader_load (loader, "ivr", NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "dtmf-menu"));
  assert_loaded (loader, "");
}

static void
test_init_refuses (Fixture *f, gconstpointer data)
{
  g_autoptr (JdPluginLoader) loader = jd_plugin_loader_new (f->host, f->dir, NULL);
  g_autoptr (GHashTable) settings = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GError) error = NULL;

  g_hash_table_insert (settings, "fail", "yes");
  g_assert_false (jd_plugin_loader_load (loader, "hello", settings, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INIT);
  g_assert_cmpstr (error->message, ==, "plugin \"hello\": told to fail");
  g_clear_error (&error);
  g_hash_table_remove_all (settings);
  g_hash_table_insert (settings, "greting", "x");
  g_assert_false (jd_plugin_loader_load (loader, "hello", settings, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INIT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "unknown key \"greting\" in [plugin hello]"));
  assert_loaded (loader, "");
}

/* [daemon] plugins= and [plugin NAME] from a config file; the old name
 * auto-answer loads autoanswer and its [plugin auto-answer] settings
 * apply (a bad delay-ms is refused by autoanswer itself). */
static void
test_config_and_renamed (Fixture *f, gconstpointer data)
{
  static const char bad[] = "[daemon]\nplugins=hello;auto-answer\n"
                            "[plugin auto-answer]\ndelay-ms=soon\n";
  static const char good[] = "[daemon]\nplugins=hello;auto-answer\n"
                             "[plugin auto-answer]\ndelay-ms=250\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = jd_config_load_from_data (bad, -1, "/etc/jingled.conf", &error);
  JdPluginLoader *loader;

  g_assert_no_error (error);
  loader = jd_plugin_loader_new (f->host, f->dir, NULL);
  g_assert_false (jd_plugin_loader_load_all (loader, (const char *const *) config->plugins,
                                             config->plugin_settings, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INIT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "\"delay-ms\""));
  g_assert_nonnull (strstr (error->message, "soon"));
  g_clear_error (&error);
  jd_plugin_loader_free (loader);

  g_clear_pointer (&config, jd_config_free);
  config = jd_config_load_from_data (good, -1, "/etc/jingled.conf", &error);
  g_assert_no_error (error);
  loader = jd_plugin_loader_new (f->host, f->dir, NULL);
  g_assert_true (jd_plugin_loader_load_all (loader, (const char *const *) config->plugins,
                                            config->plugin_settings, &error));
  g_assert_no_error (error);
  assert_loaded (loader, "hello,autoanswer");
  jd_plugin_loader_free (loader);
}

/* From the static table: no file needed (the directory is empty). */
static void
test_builtin (Fixture *f, gconstpointer data)
{
  const JdPluginInfo *const builtins[] = { &jd_plugin_info_hello, NULL };
  g_autofree char *empty = g_dir_make_tmp ("jd-no-plugins-XXXXXX", NULL);
  JdPluginLoader *loader = jd_plugin_loader_new (f->host, empty, builtins);
  g_autoptr (GError) error = NULL;

  g_assert_true (jd_plugin_loader_load (loader, "hello-builtin", NULL, &error));
  g_assert_no_error (error);
  jd_plugin_host_message (f->host, "home", "carol@example.org", "you");
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->sent, 0), ==, "home|carol@example.org|hello you");
  g_assert_false (jd_plugin_loader_load (loader, "hello-builtin", NULL, &error));
  g_assert_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT);
  jd_plugin_loader_free (loader);
  g_rmdir (empty);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/plugin/loader/module", Fixture, NULL, setup, test_module, teardown);
  g_test_add ("/plugin/loader/wrong-abi", Fixture, NULL, setup, test_wrong_abi, teardown);
  g_test_add ("/plugin/loader/unknown", Fixture, NULL, setup, test_unknown, teardown);
  g_test_add ("/plugin/loader/init-refuses", Fixture, NULL, setup, test_init_refuses, teardown);
  g_test_add ("/plugin/loader/config-and-renamed", Fixture, NULL, setup,
              test_config_and_renamed, teardown);
  g_test_add ("/plugin/loader/builtin", Fixture, NULL, setup, test_builtin, teardown);
  return g_test_run ();
}
