/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The plugin loader: GModule, an ABI check before anything else of the
 * descriptor is read, and a table of renamed and removed plugins so an
 * old config keeps working or says what to write instead (baresip's
 * module.c does the same for its modules).
 */
#include "jd-plugin-loader.h"

#include <string.h>

typedef struct {
  const char *old_name;
  const char *new_name;   /* NULL: removed */
  const char *hint;       /* for removed ones: what to use instead */
} Renamed;

static const Renamed renamed[] = {
  { "auto-answer", "autoanswer", NULL },
  { "auto_answer", "autoanswer", NULL },
  { "dtmfmenu", "dtmf-menu", NULL },
  { "ivr", NULL, "the dtmf-menu plugin plays a file per digit" },
};

typedef struct {
  char *name;
  const JdPluginInfo *info;   /* borrowed from the module or the builtins */
  GModule *module;            /* NULL for a built-in */
  gpointer state;
} Loaded;

struct _JdPluginLoader {
  JdPluginHost *host;         /* borrowed */
  char *dir;
  const JdPluginInfo *const *builtins;
  GPtrArray *loaded;          /* Loaded*, in load order */
};

const char *
jd_plugin_loader_default_dir (void)
{
  return JD_PLUGIN_DIR;
}

JdPluginLoader *
jd_plugin_loader_new (JdPluginHost *host, const char *plugin_dir,
                      const JdPluginInfo *const *builtins)
{
  JdPluginLoader *self = g_new0 (JdPluginLoader, 1);

  self->host = host;
  self->dir = g_strdup (plugin_dir != NULL ? plugin_dir : jd_plugin_loader_default_dir ());
  self->builtins = builtins;
  self->loaded = g_ptr_array_new ();
  return self;
}

static void
unload (JdPluginLoader *self, Loaded *l)
{
  if (l->state != NULL)
    g_signal_handlers_disconnect_by_data (self->host, l->state);
  if (l->info->shutdown != NULL)
    l->info->shutdown (l->state);
  g_debug ("plugin %s unloaded", l->name);
  if (l->module != NULL)
    g_module_close (l->module);
  g_free (l->name);
  g_free (l);
}

void
jd_plugin_loader_free (JdPluginLoader *loader)
{
  if (loader == NULL)
    return;
  for (guint i = loader->loaded->len; i-- > 0;)
    unload (loader, g_ptr_array_index (loader->loaded, i));
  g_ptr_array_unref (loader->loaded);
  g_free (loader->dir);
  g_free (loader);
}

GPtrArray *
jd_plugin_loader_list (JdPluginLoader *loader)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < loader->loaded->len; i++)
    g_ptr_array_add (names, ((Loaded *) g_ptr_array_index (loader->loaded, i))->name);
  return names;
}

/* A plugin name becomes a file name: nothing that could leave the dir. */
static gboolean
valid_name (const char *name, GError **error)
{
  if (name[0] != '\0' && name[0] != '-' &&
      strspn (name, "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen (name))
    return TRUE;
  g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_NOT_FOUND,
               "plugin \"%s\": a plugin name has only a-z, 0-9, - and _", name);
  return FALSE;
}

/* The current name for @name, or NULL with @error for a removed plugin. */
static const char *
current_name (const char *name, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (renamed); i++)
    {
      if (!g_str_equal (renamed[i].old_name, name))
        continue;
      if (renamed[i].new_name == NULL)
        {
          g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_NOT_FOUND,
                       "plugin \"%s\" was removed: %s", name, renamed[i].hint);
          return NULL;
        }
      g_message ("plugin \"%s\" is now called \"%s\": please rename it in the config", name,
                 renamed[i].new_name);
      return renamed[i].new_name;
    }
  return name;
}

static const JdPluginInfo *
find_builtin (JdPluginLoader *self, const char *name)
{
  for (const JdPluginInfo *const *b = self->builtins; b != NULL && *b != NULL; b++)
    if (g_strcmp0 ((*b)->name, name) == 0)
      return *b;
  return NULL;
}

static gboolean
check_info (const JdPluginInfo *info, const char *name, const char *file, GError **error)
{
  /* abi_version first: the rest may have another layout. */
  if (info->abi_version != JD_PLUGIN_ABI_VERSION)
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_ABI,
                   "plugin \"%s\" (%s) was built for plugin ABI version %u, this jingled "
                   "has version %u: rebuild the plugin", name, file, info->abi_version,
                   JD_PLUGIN_ABI_VERSION);
      return FALSE;
    }
  if (info->name == NULL || !g_str_equal (info->name, name))
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_PLUGIN,
                   "plugin \"%s\" (%s) calls itself \"%s\"", name, file,
                   info->name != NULL ? info->name : "(null)");
      return FALSE;
    }
  return TRUE;
}

static GModule *
open_module (JdPluginLoader *self, const char *name, const JdPluginInfo **info,
             GError **error)
{
  g_autofree char *file = g_strconcat (name, ".", G_MODULE_SUFFIX, NULL);
  g_autofree char *path = g_build_filename (self->dir, file, NULL);
  GModule *module;
  gpointer symbol = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_NOT_FOUND,
                   "unknown plugin \"%s\": no %s", name, path);
      return NULL;
    }
  /* LOCAL: two plugins may define the same helper names. */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_PLUGIN,
                   "plugin \"%s\": cannot load %s: %s", name, path, g_module_error ());
      return NULL;
    }
  if (!g_module_symbol (module, "jd_plugin_info", &symbol) || symbol == NULL)
    g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_PLUGIN,
                 "plugin \"%s\": %s exports no jd_plugin_info (JD_PLUGIN_DEFINE)", name, path);
  else if (check_info (symbol, name, path, error))
    {
      *info = symbol;
      return module;
    }
  g_module_close (module);
  return NULL;
}

static gboolean
init_plugin (JdPluginLoader *self, Loaded *l, GHashTable *settings, GError **error)
{
  g_autoptr (GHashTable) copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GError) local = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (settings != NULL)
    {
      g_hash_table_iter_init (&iter, settings);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
    }
  if (l->info->init == NULL || l->info->init (self->host, copy, &l->state, &local))
    return TRUE;
  g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INIT, "plugin \"%s\": %s", l->name,
               local != NULL ? local->message : "init failed");
  return FALSE;
}

gboolean
jd_plugin_loader_load (JdPluginLoader *loader, const char *name, GHashTable *settings,
                       GError **error)
{
  const JdPluginInfo *info;
  GModule *module = NULL;
  Loaded *l;

  g_return_val_if_fail (loader != NULL && name != NULL, FALSE);
  if (!valid_name (name, error) || (name = current_name (name, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < loader->loaded->len; i++)
    if (g_str_equal (((Loaded *) g_ptr_array_index (loader->loaded, i))->name, name))
      {
        g_set_error (error, JD_PLUGIN_ERROR, JD_PLUGIN_ERROR_INVALID_ARGUMENT,
                     "plugin \"%s\" is listed twice", name);
        return FALSE;
      }
  info = find_builtin (loader, name);
  if (info != NULL ? !check_info (info, name, "built in", error)
                   : (module = open_module (loader, name, &info, error)) == NULL)
    return FALSE;
  l = g_new0 (Loaded, 1);
  l->name = g_strdup (name);
  l->info = info;
  l->module = module;
  if (!init_plugin (loader, l, settings, error))
    {
      g_clear_pointer (&l->module, g_module_close);
      g_free (l->name);
      g_free (l);
      return FALSE;
    }
  g_ptr_array_add (loader->loaded, l);
  g_info ("plugin %s loaded: %s", name, info->description != NULL ? info->description : "");
  return TRUE;
}

/* The [plugin NAME] group of @name, or of its old or new name. */
static GHashTable *
settings_for (GHashTable *plugin_settings, const char *name)
{
  GHashTable *settings;

  if (plugin_settings == NULL)
    return NULL;
  settings = g_hash_table_lookup (plugin_settings, name);
  for (gsize i = 0; settings == NULL && i < G_N_ELEMENTS (renamed); i++)
    {
      if (g_strcmp0 (renamed[i].old_name, name) == 0 && renamed[i].new_name != NULL)
        settings = g_hash_table_lookup (plugin_settings, renamed[i].new_name);
      else if (g_strcmp0 (renamed[i].new_name, name) == 0)
        settings = g_hash_table_lookup (plugin_settings, renamed[i].old_name);
    }
  return settings;
}

gboolean
jd_plugin_loader_load_all (JdPluginLoader *loader, const char *const *names,
                           GHashTable *plugin_settings, GError **error)
{
  for (const char *const *n = names; n != NULL && *n != NULL; n++)
    if (!jd_plugin_loader_load (loader, *n, settings_for (plugin_settings, *n), error))
      return FALSE;
  return TRUE;
}
