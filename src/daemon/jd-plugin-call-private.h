/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* JdPluginCall for the host: the handle plugins see, over one JdCall. */
#pragma once

#include "call/jd-call.h"
#include "plugin/jd-plugin-api.h"

G_BEGIN_DECLS

JdPluginCall     *jd_plugin_call_new         (JdCall *call, guint id, const char *account,
                                              const char *peer, JdPluginCallDirection direction);
/* Returns: (transfer none) */
JdCall           *jd_plugin_call_get_call    (JdPluginCall *self);
/* Wraps the call's audio source and sink with the taps asked for, once. */
gboolean          jd_plugin_call_apply_taps  (JdPluginCall *self, GError **error);
JdPluginCallState jd_plugin_call_state_from  (JdCallState state);

G_END_DECLS
