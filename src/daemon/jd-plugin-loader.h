/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-plugin-loader
 *
 * Loads the plugins named in [daemon] plugins= (jd-config.h), in that
 * order: first from a static table of built-in descriptors (tests link
 * plugins in), then as the shared module PLUGIN-DIR/NAME.so.  A module
 * must export "jd_plugin_info" (JD_PLUGIN_DEFINE) built for this
 * JD_PLUGIN_ABI_VERSION and carrying the name it was loaded by.  Names
 * of renamed plugins still work (with a message); removed ones are
 * refused with what replaces them.  Every error names the plugin and,
 * for a module, its file.
 *
 * Unloading (jd_plugin_loader_free()) shuts the plugins down in reverse
 * order, after disconnecting their handlers from the host.
 */
#pragma once

#include "jd-plugin-host.h"

G_BEGIN_DECLS

typedef struct _JdPluginLoader JdPluginLoader;

/* LIBDIR/jingled/plugins, where meson installs the plugins. */
const char     *jd_plugin_loader_default_dir (void);

/**
 * jd_plugin_loader_new:
 * @host: (transfer none): handed to each plugin's init; must outlive the loader
 * @plugin_dir: (nullable): NULL = jd_plugin_loader_default_dir()
 * @builtins: (nullable): NULL-terminated built-in descriptors, looked up
 *   by name before the directory
 */
JdPluginLoader *jd_plugin_loader_new    (JdPluginHost *host, const char *plugin_dir,
                                         const JdPluginInfo *const *builtins);
/* Loads and inits @name with @settings (nullable = none; copied). */
gboolean        jd_plugin_loader_load   (JdPluginLoader *loader, const char *name,
                                         GHashTable *settings, GError **error);
/* Loads every plugin of @names (nullable), settings from
 * @plugin_settings (JdConfig.plugin_settings, nullable); stops at the
 * first error. */
gboolean        jd_plugin_loader_load_all (JdPluginLoader *loader, const char *const *names,
                                           GHashTable *plugin_settings, GError **error);
/* The names loaded, in order.  Returns: (transfer container) */
GPtrArray      *jd_plugin_loader_list   (JdPluginLoader *loader);
void            jd_plugin_loader_free   (JdPluginLoader *loader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdPluginLoader, jd_plugin_loader_free)

G_END_DECLS
