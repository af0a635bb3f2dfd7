/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-plugin-host
 *
 * The daemon's side of the plugin API (src/plugin/jd-plugin-api.h): a
 * JdPluginHost turns what the daemon tells it about its calls and
 * messages into the signals plugins connect to, and carries out their
 * actions on the JdCall behind each opaque JdPluginCall.  It knows no
 * account object: the daemon feeds it.
 *
 *   incoming call:  if (jd_plugin_host_incoming_call (host, call, account, from))
 *                     return;   (a plugin claimed it: no policy, no ringing)
 *   the user or the policy answers:
 *                   jd_plugin_host_prepare_accept (host, call, &error);
 *                   jd_call_accept (call, &error);
 *   dialled call:   jd_plugin_host_outgoing_call (host, call, account, to);
 *   chat message:   jd_plugin_host_message (host, account, from, body);
 *   sending chat:   jd_plugin_host_set_message_sender (host, func, data, free);
 *
 * The host follows each call it is told about (state, DTMF) until it ends.
 */
#pragma once

#include "call/jd-call.h"
#include "plugin/jd-plugin-api.h"

G_BEGIN_DECLS

/* Sends a chat message for a plugin: FALSE with @error when @account is
 * unknown or not connected. */
typedef gboolean (*JdPluginMessageSender) (const char *account, const char *to,
                                           const char *body, gpointer user_data,
                                           GError **error);

JdPluginHost *jd_plugin_host_new                (void);
void          jd_plugin_host_set_message_sender (JdPluginHost *host, JdPluginMessageSender func,
                                                 gpointer user_data, GDestroyNotify destroy);
/**
 * jd_plugin_host_incoming_call:
 * @call: a ringing incoming call (jd_call_new_incoming())
 * @account: the account's config name
 * @from: the caller's full JID
 *
 * Emits "incoming-call".  Returns: TRUE when a plugin claimed the call:
 * the plugin answers or rejects it, the daemon must not.
 */
gboolean      jd_plugin_host_incoming_call      (JdPluginHost *host, JdCall *call,
                                                 const char *account, const char *from);
/* Emits "outgoing-call" for a call just dialled (jd_call_dial()) and
 * applies the audio taps plugins asked for. */
void          jd_plugin_host_outgoing_call      (JdPluginHost *host, JdCall *call,
                                                 const char *account, const char *to);
/* Call right before jd_call_accept() when the daemon (not a plugin)
 * answers: applies the audio taps plugins asked for.  A call the host
 * does not know is left alone (TRUE). */
gboolean      jd_plugin_host_prepare_accept     (JdPluginHost *host, JdCall *call,
                                                 GError **error);
/* Emits "message-received". */
void          jd_plugin_host_message            (JdPluginHost *host, const char *account,
                                                 const char *from, const char *body);
/* Returns: (transfer none) (nullable): the plugin handle of @call */
JdPluginCall *jd_plugin_host_lookup_call        (JdPluginHost *host, JdCall *call);

G_END_DECLS
