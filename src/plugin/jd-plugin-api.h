/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-plugin-api
 *
 * The one header a jingled plugin includes.  A plugin is a shared module
 * in the plugin directory (plugin-dir=, default LIBDIR/jingled/plugins),
 * loaded when its name is listed in [daemon] plugins=, with the keys of
 * its [plugin NAME] group as settings.  It exports one descriptor:
 *
 *   static gboolean my_init (JdPluginHost *host, GHashTable *settings,
 *                            gpointer *state, GError **error);
 *   static void     my_shutdown (gpointer state);
 *   JD_PLUGIN_DEFINE (my_plugin, "my-plugin", "What it does", my_init, my_shutdown)
 *
 * Events come in as GObject signals on the JdPluginHost.  Connect them in
 * init with the plugin's state (non-NULL) as user data: the loader
 * disconnects every handler whose data is the state before it calls
 * shutdown and unloads the module.
 *
 *   "call-added"          void (JdPluginHost *, JdPluginCall *call, gpointer)
 *       A call, incoming or outgoing, before anybody answers it: the
 *       place for plugins that only watch calls (jd_plugin_call_tap_audio()).
 *   "incoming-call"       gboolean (JdPluginHost *, JdPluginCall *call, gpointer)
 *       A call rings.  Return TRUE to claim it: the plugin then answers
 *       or rejects it, and the daemon does not.  The first plugin that
 *       claims a call (in plugins= order) stops the emission; handlers
 *       that only watch (a recorder) return FALSE.
 *   "outgoing-call"       void (JdPluginHost *, JdPluginCall *call, gpointer)
 *       The daemon dialled a call; it rings at the peer.
 *   "call-state-changed"  void (JdPluginHost *, JdPluginCall *call,
 *                               JdPluginCallState state, gpointer)
 *       Every change of a call the host was told about, ENDED last; the
 *       host forgets the call after that emission.
 *   "dtmf-received"       void (JdPluginHost *, JdPluginCall *call,
 *                               const char *digit, gpointer)
 *       One digit (0-9 * # A-D) from the peer, each once, in order.
 *   "message-received"    void (JdPluginHost *, const char *account,
 *                               const char *from, const char *body, gpointer)
 *       A chat message to one of the daemon's accounts.
 *
 * Actions go out through the functions below; every handle is opaque.
 * Everything runs on the daemon's main context: handlers may act at once
 * or later from a timeout (attach it to the thread-default main context
 * and hold a reference on the JdPluginCall meanwhile).  A plugin logs
 * with its own G_LOG_DOMAIN "jingled-plugin-NAME".
 *
 * Media of a call (jd_plugin_call_accept(), jd_plugin_call_tap_audio()):
 * sources and sinks are jd-media-endpoint specs as users write them in
 * the config file: "auto", "tone:HZ", "silence", "null", "file:PATH", or
 * "pipeline:DESCRIPTION" with a raw gst-launch description.  A source
 * description produces raw audio; a sink description receives the
 * call's decoded raw audio.  Plugins that produce or consume audio
 * themselves connect their own pipelines to the call with GStreamer's
 * interaudiosrc/interaudiosink and a channel name unique per call.
 */
#pragma once

#include <glib-object.h>
#include <gmodule.h>

G_BEGIN_DECLS

/* Bumped whenever JdPluginInfo, a signal or a function here changes
 * incompatibly; a plugin built for another version is refused. */
#define JD_PLUGIN_ABI_VERSION 1

#define JD_TYPE_PLUGIN_HOST (jd_plugin_host_get_type ())
G_DECLARE_FINAL_TYPE (JdPluginHost, jd_plugin_host, JD, PLUGIN_HOST, GObject)

#define JD_TYPE_PLUGIN_CALL (jd_plugin_call_get_type ())
G_DECLARE_FINAL_TYPE (JdPluginCall, jd_plugin_call, JD, PLUGIN_CALL, GObject)

/**
 * JdPluginInfo:
 * @abi_version: JD_PLUGIN_ABI_VERSION when the plugin was built; first,
 *   so the loader can read it from a plugin of any version
 * @name: as listed in plugins= and in its [plugin NAME] group
 * @description: one line, for logs and listings
 * @init: (nullable): connects to the host's signals.  @settings (key →
 *   value strings, never NULL, owned by the caller: reference or copy it to keep it).
 *   Sets *@state for the other callbacks.  FALSE with @error refuses to
 *   load (a bad setting); the daemon then refuses to start.
 * @shutdown: (nullable): frees @state; the plugin's handlers on the host
 *   are already disconnected.  Calls in progress go on without it.
 */
typedef struct {
  guint abi_version;
  const char *name;
  const char *description;
  gboolean (*init) (JdPluginHost *host, GHashTable *settings, gpointer *state, GError **error);
  void (*shutdown) (gpointer state);
} JdPluginInfo;

/* JD_PLUGIN_DEFINE (sym, name, description, init, shutdown): the
 * descriptor.  A shared module exports it as "jd_plugin_info"; built with
 * JD_PLUGIN_BUILTIN defined (linked into a program, e.g. a test) it is
 * "jd_plugin_info_<sym>", for a static table of built-in plugins. */
#ifdef JD_PLUGIN_BUILTIN
#define JD_PLUGIN_DEFINE(sym, name, description, init, shutdown)                  \
  const JdPluginInfo jd_plugin_info_##sym = { JD_PLUGIN_ABI_VERSION, name, description, \
                                              init, shutdown };
#else
#define JD_PLUGIN_DEFINE(sym, name, description, init, shutdown)                  \
  G_MODULE_EXPORT const JdPluginInfo jd_plugin_info = { JD_PLUGIN_ABI_VERSION, name, \
                                                        description, init, shutdown };
#endif

typedef enum {
  JD_PLUGIN_CALL_STATE_RINGING,     /* incoming, not answered yet */
  JD_PLUGIN_CALL_STATE_CALLING,     /* outgoing, the peer has not answered */
  JD_PLUGIN_CALL_STATE_CONNECTING,  /* answered, the media path is being set up */
  JD_PLUGIN_CALL_STATE_ACTIVE,      /* media flows */
  JD_PLUGIN_CALL_STATE_ENDED,
} JdPluginCallState;

typedef enum {
  JD_PLUGIN_CALL_INCOMING,
  JD_PLUGIN_CALL_OUTGOING,
} JdPluginCallDirection;

/* Errors of the actions below (and of loading, see the daemon's loader). */
#define JD_PLUGIN_ERROR (jd_plugin_error_quark ())
GQuark jd_plugin_error_quark (void);

typedef enum {
  JD_PLUGIN_ERROR_WRONG_STATE,      /* e.g. accept of a call that is not ringing */
  JD_PLUGIN_ERROR_INVALID_ARGUMENT, /* a bad endpoint spec, reason, digit or JID */
  JD_PLUGIN_ERROR_FAILED,           /* the call or the daemon could not do it */
  JD_PLUGIN_ERROR_NOT_FOUND,        /* loading: no plugin of that name */
  JD_PLUGIN_ERROR_ABI,              /* loading: built for another ABI version */
  JD_PLUGIN_ERROR_INVALID_PLUGIN,   /* loading: no valid jd_plugin_info in the file */
  JD_PLUGIN_ERROR_INIT,             /* loading: the plugin's init refused */
} JdPluginError;

/* Facts about a call; the strings live as long as @call. */
guint                 jd_plugin_call_get_id        (JdPluginCall *call); /* unique in the daemon, from 1 */
const char           *jd_plugin_call_get_account   (JdPluginCall *call); /* the account's config name */
const char           *jd_plugin_call_get_peer      (JdPluginCall *call); /* the peer's full JID */
JdPluginCallDirection jd_plugin_call_get_direction (JdPluginCall *call);
JdPluginCallState     jd_plugin_call_get_state     (JdPluginCall *call);

/* Answers a ringing call.  @audio_source, @audio_sink: (nullable)
 * endpoint specs (see above); NULL keeps the account's. */
gboolean jd_plugin_call_accept    (JdPluginCall *call, const char *audio_source,
                                   const char *audio_sink, GError **error);
/* Declines a ringing call; @reason: (nullable) a XEP-0166 condition
 * ("busy", "decline", ...), NULL = "decline". */
gboolean jd_plugin_call_reject    (JdPluginCall *call, const char *reason, GError **error);
/* Ends a call in any state; @reason: (nullable), NULL = "success". */
gboolean jd_plugin_call_hangup    (JdPluginCall *call, const char *reason, GError **error);
/* Sends @digits (0-9 * # A-D) to the peer, 100 ms each. */
gboolean jd_plugin_call_send_dtmf (JdPluginCall *call, const char *digits, GError **error);
/* Copies the call's audio to interaudiosink channels while the call
 * lasts: what we send to @sent_channel, what we hear to
 * @received_channel (either may be NULL), each as raw audio next to the
 * call's own source and sink.  Before the call's media is set up only:
 * in the call-added handler (or incoming-call, outgoing-call).  Applied
 * when the call is answered, by anyone, so a plugin that answers with
 * other endpoints is still tapped. */
gboolean jd_plugin_call_tap_audio (JdPluginCall *call, const char *sent_channel,
                                   const char *received_channel, GError **error);

/* Settings helpers for init, with messages naming the plugin and key.
 * Refuses keys outside @known (NULL-terminated): a typo is an error. */
gboolean jd_plugin_settings_check_keys (const char *plugin, GHashTable *settings,
                                        const char *const *known, GError **error);
/* *@out = the number under @key (absent: @fallback), which must be at
 * most @max. */
gboolean jd_plugin_settings_get_uint   (const char *plugin, GHashTable *settings,
                                        const char *key, guint fallback, guint max,
                                        guint *out, GError **error);

/* Sends a chat message from @account (its config name) to @to (a JID). */
gboolean jd_plugin_host_send_message (JdPluginHost *host, const char *account, const char *to,
                                      const char *body, GError **error);

G_END_DECLS
