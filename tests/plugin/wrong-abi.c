/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A test plugin built for a plugin ABI this jingled does not have. */
#include "jd-plugin-api.h"

static gboolean
never_init (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error)
{
  g_error ("a plugin of another ABI version was initialised");
  return FALSE;
}

G_MODULE_EXPORT const JdPluginInfo jd_plugin_info = {
  JD_PLUGIN_ABI_VERSION + 1, "wrong-abi", "Built for the next ABI", never_init, NULL,
};
