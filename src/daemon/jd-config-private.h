/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-config internals: the line scanner, which keeps the line of every
 * group and key (GKeyFile does not), and helpers that decode one value
 * with GKeyFile's rules and turn any failure into a "FILE:LINE: key ..."
 * error.
 */
#pragma once

#include "jd-config.h"

G_BEGIN_DECLS

typedef struct {
  char *key;
  char *value;      /* raw: GKeyFile escapes (\s \n \t \r \\ \;) still in */
  guint line;
} JdConfigEntry;

typedef struct {
  char *name;       /* between the brackets */
  guint line;
  GPtrArray *entries;   /* JdConfigEntry*, in file order, keys unique */
} JdConfigGroup;

/* Returns: (transfer full): JdConfigGroup*, in file order, names unique */
GPtrArray *jd_config_scan (const char *data, gsize len, const char *path, GError **error);
void       jd_config_group_free (JdConfigGroup *group);

/* What every value parser needs. */
typedef struct {
  const char *path;
  char *dir;                  /* of @path, for relative paths */
  JdConfigFlags flags;
  const JdConfigGroup *group;
} JdConfigContext;

/* Sets "PATH:LINE: " + the formatted message. */
void     jd_config_set_error (GError **error, JdConfigError code, const char *path, guint line,
                              const char *format, ...) G_GNUC_PRINTF (5, 6);
/* Sets "PATH:LINE: key "KEY" in [GROUP]: " + the message; returns FALSE. */
gboolean jd_config_entry_error (const JdConfigContext *ctx, const JdConfigEntry *entry,
                                GError **error, JdConfigError code,
                                const char *format, ...) G_GNUC_PRINTF (5, 6);

/* Decoded values; on failure NULL/FALSE with an error naming @entry.
 * Numbers, booleans and words ignore surrounding white space; strings
 * keep it, as GKeyFile does. */
char     *jd_config_get_string  (const JdConfigContext *ctx, const JdConfigEntry *entry,
                                 GError **error);
char     *jd_config_get_word    (const JdConfigContext *ctx, const JdConfigEntry *entry,
                                 GError **error);
char    **jd_config_get_list    (const JdConfigContext *ctx, const JdConfigEntry *entry,
                                 GError **error);
gboolean  jd_config_get_int     (const JdConfigContext *ctx, const JdConfigEntry *entry,
                                 gint64 min, gint64 max, gint64 *out, GError **error);
gboolean  jd_config_get_boolean (const JdConfigContext *ctx, const JdConfigEntry *entry,
                                 gboolean *out, GError **error);
/* Absolute: a relative value is taken from the config file's directory. */
char     *jd_config_get_path    (const JdConfigContext *ctx, const JdConfigEntry *entry,
                                 GError **error);
char     *jd_config_resolve_path (const JdConfigContext *ctx, const char *path);

/* "host", "host:port", "[v6]" or "[v6]:port" → host and port (0 when
 * absent).  Returns FALSE (no error set) when malformed. */
gboolean  jd_config_split_host_port (const char *str, char **host, guint16 *port);

/* The known name closest to @name when it is a plausible typo, else NULL. */
const char *jd_config_suggest (const char *name, const char *const *known);

/* Secrets: a plain message without position, which the caller wraps. */
char *jd_config_read_password_file   (const char *path, GError **error);
char *jd_config_run_password_command (const char *command, GError **error);

JdConfigAccount *jd_config_parse_account (const JdConfigContext *ctx, const char *name,
                                          GError **error);

G_END_DECLS
