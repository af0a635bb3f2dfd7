/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-config
 *
 * The daemon's configuration file (GKeyFile syntax, jingled.conf(5)),
 * loaded into plain values: one JdConfigAccount per [account NAME] group,
 * the [daemon] settings and the free-form [plugin NAME] groups.
 *
 * Loading is strict, because a typo that passes silently is a call that
 * is rejected later for no visible reason: unknown groups and keys, a key
 * given twice and every malformed value are errors, and every error
 * message starts with "FILE:LINE: " and names the key, e.g.
 *
 *   /etc/x.conf:12: key "max-calls" in [account alice]: expected a number
 *   from 1 to 64, got "lots"
 *
 * Relative paths (cafile, password-file, recording-dir, plugin-dir,
 * file: media endpoints) are resolved against the directory of the file.
 * Passwords are resolved at load time (password-file is read,
 * password-command run) and never appear in a message or a log.
 */
#pragma once

#include <glib.h>

#include "transport/jd-transport.h"
#include "xmpp/jd-xmpp-settings.h"

G_BEGIN_DECLS

#define JD_CONFIG_ERROR (jd_config_error_quark ())
GQuark jd_config_error_quark (void);

/**
 * JdConfigError:
 * @JD_CONFIG_ERROR_IO: the file could not be read
 * @JD_CONFIG_ERROR_SYNTAX: a line is not a comment, group header or key=value
 * @JD_CONFIG_ERROR_UNKNOWN_GROUP: a group other than [account NAME], [daemon], [plugin NAME]
 * @JD_CONFIG_ERROR_UNKNOWN_KEY: a key the group does not have
 * @JD_CONFIG_ERROR_DUPLICATE: a group or key given twice
 * @JD_CONFIG_ERROR_MISSING_KEY: a required key is absent
 * @JD_CONFIG_ERROR_INVALID_VALUE: a value out of range or of the wrong form
 * @JD_CONFIG_ERROR_PASSWORD: the password could not be obtained (file
 *   readable by others, unreadable, empty; command failed)
 */
typedef enum {
  JD_CONFIG_ERROR_IO,
  JD_CONFIG_ERROR_SYNTAX,
  JD_CONFIG_ERROR_UNKNOWN_GROUP,
  JD_CONFIG_ERROR_UNKNOWN_KEY,
  JD_CONFIG_ERROR_DUPLICATE,
  JD_CONFIG_ERROR_MISSING_KEY,
  JD_CONFIG_ERROR_INVALID_VALUE,
  JD_CONFIG_ERROR_PASSWORD,
} JdConfigError;

/* incoming-calls= */
typedef enum {
  JD_CALL_POLICY_REJECT,       /* "reject": every caller outside allow= is declined */
  JD_CALL_POLICY_ASK,          /* "ask": ring, wait for Accept/Reject or the ring timeout */
  JD_CALL_POLICY_ACCEPT,       /* "accept": roster contacts and allow= ring, others are declined */
  JD_CALL_POLICY_AUTO_ANSWER,  /* "auto-answer": roster contacts and allow= are answered */
} JdCallPolicyMode;

const char *jd_call_policy_mode_to_string (JdCallPolicyMode mode);

/**
 * JdConfigAccount:
 * @name: from the group name [account NAME]
 * @xmpp: jid (with "/resource" appended when resource= is set), the
 *   resolved password, host and port (server=host[:port]; port 0 = 5222),
 *   cafile (absolute)
 * @stun_server: (nullable): "host:port" ("[v6]:port"); the host may be a
 *   name, which must be resolved before it reaches libnice
 * @turn_servers: JdTurnServer*; as for @stun_server, host may be a name
 * @codecs: (nullable): codec names as the descriptors spell them
 *   (codecs/), in preference order; NULL = all
 * @audio_source: (nullable): a jd-media-endpoint spec, NULL = "auto";
 *   a file: path is absolute.  Likewise the other three.
 * @recording_dir: (nullable): absolute
 * @allow: (nullable): normalised bare JIDs
 * @local_addresses: (nullable): IP literals; NULL = every interface
 * @line: where the group header is, for messages about the account
 */
typedef struct {
  char *name;
  JdXmppSettings *xmpp;
  int priority;               /* presence priority, default 0, -128..127 */
  gboolean autoconnect;       /* default true */
  char *stun_server;
  GPtrArray *turn_servers;
  char **codecs;
  char *audio_source, *audio_sink, *video_source, *video_sink;
  char *recording_dir;
  JdCallPolicyMode policy;    /* default reject */
  char **allow;
  guint max_calls;            /* default 4, 1..64 */
  gboolean ignore_refused;    /* refused-calls=reject|ignore, default reject */
  guint ring_timeout_s;       /* default 60, 1..3600 */
  guint connect_timeout_s;    /* default 20, 1..600 */
  guint auto_answer_delay_ms; /* default 0, 0..600000 */
  gboolean allow_plain_rtp;   /* default false */
  gboolean raw_udp;           /* transport=ice|raw-udp, default ice */
  char **local_addresses;
  guint line;
} JdConfigAccount;

/**
 * JdConfig:
 * @path: the file it came from
 * @accounts: JdConfigAccount*, in file order
 * @plugin_dir: (nullable): [daemon] plugin-dir (absolute), NULL = built-in default
 * @plugins: (nullable): [daemon] plugins=, names to load; NULL = none
 * @plugin_settings: plugin name -> GHashTable (key -> value string), one
 *   per [plugin NAME] group
 */
typedef struct {
  char *path;
  GPtrArray *accounts;
  char *plugin_dir;
  char **plugins;
  GHashTable *plugin_settings;
} JdConfig;

/**
 * JdConfigFlags:
 * @JD_CONFIG_FLAGS_NONE: load as the daemon does
 * @JD_CONFIG_FLAGS_NO_SECRETS: check password-file and password-command
 *   for form only: neither read the file nor run the command (the
 *   password stays NULL).  For syntax checks and the fuzzer.
 */
typedef enum {
  JD_CONFIG_FLAGS_NONE = 0,
  JD_CONFIG_FLAGS_NO_SECRETS = 1 << 0,
} JdConfigFlags;

/* Returns: (transfer full) (nullable): the config, NULL with @error */
JdConfig *jd_config_load           (const char *path, GError **error);
/* @path names the file in messages and anchors relative paths; @len -1
 * = NUL-terminated. */
JdConfig *jd_config_load_from_data (const char *data, gssize len, const char *path,
                                    GError **error);
JdConfig *jd_config_load_from_data_with_flags (const char *data, gssize len,
                                               const char *path, JdConfigFlags flags,
                                               GError **error);
void      jd_config_free           (JdConfig *config);
/* Returns: (transfer full): $XDG_CONFIG_HOME/jingled/jingled.conf */
char     *jd_config_default_path   (void);

/* Returns: (transfer none) (nullable): the account named @name */
const JdConfigAccount *jd_config_find_account (const JdConfig *config, const char *name);

JdConfigAccount *jd_config_account_new  (const char *name);
void             jd_config_account_free (JdConfigAccount *account);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdConfig, jd_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdConfigAccount, jd_config_account_free)

G_END_DECLS
