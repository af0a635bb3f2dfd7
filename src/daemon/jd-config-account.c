/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One [account NAME] group of jd-config: a table of keys, each with the
 * function that parses its value into the JdConfigAccount.  Keys that
 * depend on each other (jid + resource, the three password sources) are
 * collected first and combined once the whole group is read, so a
 * password command never runs for a group that is rejected anyway.
 */
#include "jd-config-private.h"

#include <string.h>

#include "jd-codec.h"
#include "media/jd-media-endpoint.h"
#include "xmpp/jd-jid.h"

#define DEFAULT_STUN_PORT 3478
#define DEFAULT_TURN_PORT 3478

typedef struct {
  JdConfigAccount *account;
  char *bare_jid;
  char *resource;
  const JdConfigEntry *resource_entry;
  const JdConfigEntry *password_entry;    /* which of the three, if any */
  char *host;
  guint16 port;
  char *cafile;
} Builder;

typedef gboolean (*KeyParser) (const JdConfigContext *ctx, const JdConfigEntry *entry,
                               Builder *b, GError **error);

#define invalid(ctx, entry, error, ...) \
  jd_config_entry_error ((ctx), (entry), (error), JD_CONFIG_ERROR_INVALID_VALUE, __VA_ARGS__)

static gboolean
parse_jid (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b, GError **error)
{
  g_autofree char *value = jd_config_get_word (ctx, entry, error);
  g_autoptr (JdJid) jid = NULL;
  g_autoptr (GError) local = NULL;

  if (value == NULL)
    return FALSE;
  jid = jd_jid_parse (value, &local);
  if (jid == NULL)
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                  "\"%s\" is not a valid JID (%s)", value, local->message);
  if (jid->node == NULL)
    return invalid (ctx, entry, error,
                    "expected a bare JID such as user@example.org, got \"%s\"", value);
  if (jid->resource != NULL)
    return invalid (ctx, entry, error,
                    "expected a bare JID, got \"%s\" (the resource goes in resource=)", value);
  b->bare_jid = jd_jid_to_bare (jid);
  return TRUE;
}

static gboolean
parse_resource (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                GError **error)
{
  b->resource = jd_config_get_word (ctx, entry, error);
  b->resource_entry = entry;
  if (b->resource == NULL)
    return FALSE;
  if (*b->resource == '\0')
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                  "expected a resource name, got nothing");
  return TRUE;
}

static gboolean
parse_password (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                GError **error)
{
  if (b->password_entry != NULL)
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_DUPLICATE,
                                  "give only one of password, password-file and "
                                  "password-command (\"%s\" is at line %u)",
                                  b->password_entry->key, b->password_entry->line);
  b->password_entry = entry;
  return TRUE;
}

static gboolean
parse_server (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
              GError **error)
{
  g_autofree char *value = jd_config_get_word (ctx, entry, error);

  if (value == NULL)
    return FALSE;
  if (!jd_config_split_host_port (value, &b->host, &b->port))
    return invalid (ctx, entry, error,
                    "expected HOST or HOST:PORT (an IPv6 address in brackets), got \"%s\"",
                    value);
  return TRUE;
}

static gboolean
parse_cafile (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
              GError **error)
{
  b->cafile = jd_config_get_path (ctx, entry, error);
  if (b->cafile == NULL)
    return FALSE;
  if (!g_file_test (b->cafile, G_FILE_TEST_IS_REGULAR))
    return invalid (ctx, entry, error, "no such file: %s", b->cafile);
  return TRUE;
}

static gboolean
parse_priority (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                GError **error)
{
  gint64 n;

  if (!jd_config_get_int (ctx, entry, -128, 127, &n, error))
    return FALSE;
  b->account->priority = (int) n;
  return TRUE;
}

static gboolean
parse_autoconnect (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                   GError **error)
{
  return jd_config_get_boolean (ctx, entry, &b->account->autoconnect, error);
}

static gboolean
parse_stun (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b, GError **error)
{
  g_autofree char *value = jd_config_get_word (ctx, entry, error);
  const char *spec;
  g_autofree char *host = NULL;
  guint16 port;

  if (value == NULL)
    return FALSE;
  spec = g_str_has_prefix (value, "stun:") ? value + 5 : value;
  if (!jd_config_split_host_port (spec, &host, &port))
    return invalid (ctx, entry, error, "expected HOST:PORT, got \"%s\"", value);
  b->account->stun_server = g_strdup_printf (strchr (host, ':') != NULL ? "[%s]:%u" : "%s:%u",
                                             host, port != 0 ? port : DEFAULT_STUN_PORT);
  return TRUE;
}

/* %XX escapes let a user name or password hold ':' or '@'. */
static gboolean
split_credentials (const char *userinfo, char **user, char **pass)
{
  const char *colon = strchr (userinfo, ':');
  g_autofree char *raw_user = NULL;

  if (colon == NULL || colon == userinfo || colon[1] == '\0')
    return FALSE;
  raw_user = g_strndup (userinfo, colon - userinfo);
  *user = g_uri_unescape_string (raw_user, NULL);
  *pass = g_uri_unescape_string (colon + 1, NULL);
  return *user != NULL && *pass != NULL && **user != '\0' && **pass != '\0';
}

static gboolean
parse_turn_query (const char *query, JdTurnProtocol *protocol)
{
  if (query == NULL || g_str_equal (query, "transport=udp"))
    *protocol = JD_TURN_UDP;
  else if (g_str_equal (query, "transport=tcp"))
    *protocol = JD_TURN_TCP;
  else
    return FALSE;
  return TRUE;
}

/* turn:USER:PASS@HOST[:PORT][?transport=udp|tcp] (RFC 7065 plus
 * credentials).  Returns NULL and a reason that never quotes the URI,
 * which holds a password. */
static JdTurnServer *
parse_turn_uri (const char *uri, const char **why)
{
  g_autofree char *rest = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *pass = NULL;
  char *query, *at;
  guint16 port;
  JdTurnProtocol protocol;

  *why = "expected turn:USER:PASSWORD@HOST[:PORT][?transport=udp|tcp]";
  if (!g_str_has_prefix (uri, "turn:"))
    return NULL;
  rest = g_strdup (uri + 5);
  query = strchr (rest, '?');
  if (query != NULL)
    *query++ = '\0';
  at = strrchr (rest, '@');
  if (at == NULL)
    return NULL;
  *at = '\0';
  if (!split_credentials (rest, &user, &pass))
    return NULL;
  if (!jd_config_split_host_port (at + 1, &host, &port))
    return NULL;
  if (!parse_turn_query (query, &protocol))
    {
      *why = "the only option is ?transport=udp or ?transport=tcp";
      return NULL;
    }
  return jd_turn_server_new (host, port != 0 ? port : DEFAULT_TURN_PORT, user, pass, protocol);
}

static gboolean
parse_turn (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b, GError **error)
{
  g_auto (GStrv) uris = jd_config_get_list (ctx, entry, error);

  if (uris == NULL)
    return FALSE;
  for (guint i = 0; uris[i] != NULL; i++)
    {
      const char *why;
      JdTurnServer *server = parse_turn_uri (uris[i], &why);

      if (server == NULL)
        return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                      "server %u of the list: %s", i + 1, why);
      g_ptr_array_add (b->account->turn_servers, server);
    }
  return TRUE;
}

static const char *
canonical_codec (const char *name)
{
  for (const JdCodec *const *c = jd_codecs; *c != NULL; c++)
    if (g_ascii_strcasecmp ((*c)->name, name) == 0)
      return (*c)->name;
  return NULL;
}

static gboolean
parse_codecs (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
              GError **error)
{
  g_auto (GStrv) names = jd_config_get_list (ctx, entry, error);
  g_autoptr (GStrvBuilder) codecs = g_strv_builder_new ();

  if (names == NULL)
    return FALSE;
  if (names[0] == NULL)
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                  "expected at least one codec name");
  for (char **n = names; *n != NULL; n++)
    {
      const char *codec = canonical_codec (*n);

      if (codec == NULL)
        return invalid (ctx, entry, error, "unknown codec \"%s\" (known: opus, G722, PCMU, "
                        "PCMA, telephone-event, VP8, H264)", *n);
      g_strv_builder_add (codecs, codec);
    }
  b->account->codecs = g_strv_builder_end (codecs);
  return TRUE;
}

/* "auto" is NULL; a relative file: path is made absolute. */
static gboolean
parse_endpoint (const JdConfigContext *ctx, const JdConfigEntry *entry, JdJingleMedia media,
                gboolean source, char **out, GError **error)
{
  g_autofree char *spec = jd_config_get_word (ctx, entry, error);
  g_autofree char *description = NULL;
  g_autoptr (GError) local = NULL;

  if (spec == NULL)
    return FALSE;
  if (g_str_equal (spec, "auto"))
    return TRUE;
  if (g_str_has_prefix (spec, "file:") && spec[5] != '\0' && !g_path_is_absolute (spec + 5))
    {
      g_autofree char *path = jd_config_resolve_path (ctx, spec + 5);

      g_free (spec);
      spec = g_strconcat ("file:", path, NULL);
    }
  description = source ? jd_media_endpoint_source (media, spec, &local)
                       : jd_media_endpoint_sink (media, spec, &local);
  if (description == NULL)
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE, "%s",
                                  local->message);
  *out = g_steal_pointer (&spec);
  return TRUE;
}

static gboolean
parse_audio_source (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                    GError **error)
{
  return parse_endpoint (ctx, entry, JD_JINGLE_MEDIA_AUDIO, TRUE, &b->account->audio_source,
                         error);
}

static gboolean
parse_audio_sink (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                  GError **error)
{
  return parse_endpoint (ctx, entry, JD_JINGLE_MEDIA_AUDIO, FALSE, &b->account->audio_sink,
                         error);
}

static gboolean
parse_video_source (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                    GError **error)
{
  return parse_endpoint (ctx, entry, JD_JINGLE_MEDIA_VIDEO, TRUE, &b->account->video_source,
                         error);
}

static gboolean
parse_video_sink (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                  GError **error)
{
  return parse_endpoint (ctx, entry, JD_JINGLE_MEDIA_VIDEO, FALSE, &b->account->video_sink,
                         error);
}

static gboolean
parse_recording_dir (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                     GError **error)
{
  b->account->recording_dir = jd_config_get_path (ctx, entry, error);
  return b->account->recording_dir != NULL;
}

static const char *const policy_names[] = {
  [JD_CALL_POLICY_REJECT] = "reject",
  [JD_CALL_POLICY_ASK] = "ask",
  [JD_CALL_POLICY_ACCEPT] = "accept",
  [JD_CALL_POLICY_AUTO_ANSWER] = "auto-answer",
};

const char *
jd_call_policy_mode_to_string (JdCallPolicyMode mode)
{
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (policy_names), NULL);
  return policy_names[mode];
}

static gboolean
parse_incoming_calls (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                      GError **error)
{
  g_autofree char *value = jd_config_get_word (ctx, entry, error);

  if (value == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (policy_names); i++)
    if (g_str_equal (value, policy_names[i]))
      {
        b->account->policy = (JdCallPolicyMode) i;
        return TRUE;
      }
  return invalid (ctx, entry, error, "expected reject, ask, accept or auto-answer, got \"%s\"",
                  value);
}

static gboolean
parse_allow (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b, GError **error)
{
  g_auto (GStrv) jids = jd_config_get_list (ctx, entry, error);
  g_autoptr (GStrvBuilder) allow = g_strv_builder_new ();

  if (jids == NULL)
    return FALSE;
  for (char **s = jids; *s != NULL; s++)
    {
      g_autoptr (JdJid) jid = jd_jid_parse (*s, NULL);
      g_autofree char *bare = NULL;

      if (jid == NULL || jid->resource != NULL)
        return invalid (ctx, entry, error, "expected bare JIDs, got \"%s\"", *s);
      bare = jd_jid_to_bare (jid);
      g_strv_builder_add (allow, bare);
    }
  b->account->allow = g_strv_builder_end (allow);
  return TRUE;
}

static gboolean
parse_max_calls (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                 GError **error)
{
  gint64 n;

  if (!jd_config_get_int (ctx, entry, 1, 64, &n, error))
    return FALSE;
  b->account->max_calls = (guint) n;
  return TRUE;
}

/* refused-calls=: whether a declined propose gets a <reject/> or no
 * answer at all (see jingled.conf(5)). */
static gboolean
parse_refused_calls (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                     GError **error)
{
  g_autofree char *value = jd_config_get_word (ctx, entry, error);

  if (value == NULL)
    return FALSE;
  if (!g_str_equal (value, "reject") && !g_str_equal (value, "ignore"))
    return invalid (ctx, entry, error, "expected reject or ignore, got \"%s\"", value);
  b->account->ignore_refused = g_str_equal (value, "ignore");
  return TRUE;
}

static gboolean
parse_ring_timeout (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                    GError **error)
{
  gint64 n;

  if (!jd_config_get_int (ctx, entry, 1, 3600, &n, error))
    return FALSE;
  b->account->ring_timeout_s = (guint) n;
  return TRUE;
}

static gboolean
parse_connect_timeout (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                       GError **error)
{
  gint64 n;

  if (!jd_config_get_int (ctx, entry, 1, 600, &n, error))
    return FALSE;
  b->account->connect_timeout_s = (guint) n;
  return TRUE;
}

static gboolean
parse_auto_answer_delay (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                         GError **error)
{
  gint64 n;

  if (!jd_config_get_int (ctx, entry, 0, 600000, &n, error))
    return FALSE;
  b->account->auto_answer_delay_ms = (guint) n;
  return TRUE;
}

static gboolean
parse_allow_plain_rtp (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                       GError **error)
{
  return jd_config_get_boolean (ctx, entry, &b->account->allow_plain_rtp, error);
}

static gboolean
parse_transport (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                 GError **error)
{
  g_autofree char *value = jd_config_get_word (ctx, entry, error);

  if (value == NULL)
    return FALSE;
  if (!g_str_equal (value, "ice") && !g_str_equal (value, "raw-udp"))
    return invalid (ctx, entry, error, "expected ice or raw-udp, got \"%s\"", value);
  b->account->raw_udp = g_str_equal (value, "raw-udp");
  return TRUE;
}

static gboolean
parse_local_addresses (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
                       GError **error)
{
  g_auto (GStrv) addresses = jd_config_get_list (ctx, entry, error);

  if (addresses == NULL)
    return FALSE;
  for (char **a = addresses; *a != NULL; a++)
    if (!g_hostname_is_ip_address (*a))
      return invalid (ctx, entry, error, "expected IP addresses, got \"%s\"", *a);
  b->account->local_addresses = g_steal_pointer (&addresses);
  return TRUE;
}

static const struct {
  const char *key;
  KeyParser parse;
} account_keys[] = {
  { "jid", parse_jid },
  { "password", parse_password },
  { "password-file", parse_password },
  { "password-command", parse_password },
  { "server", parse_server },
  { "cafile", parse_cafile },
  { "resource", parse_resource },
  { "priority", parse_priority },
  { "autoconnect", parse_autoconnect },
  { "stun", parse_stun },
  { "turn", parse_turn },
  { "codecs", parse_codecs },
  { "audio-source", parse_audio_source },
  { "audio-sink", parse_audio_sink },
  { "video-source", parse_video_source },
  { "video-sink", parse_video_sink },
  { "recording-dir", parse_recording_dir },
  { "incoming-calls", parse_incoming_calls },
  { "allow", parse_allow },
  { "max-calls", parse_max_calls },
  { "refused-calls", parse_refused_calls },
  { "ring-timeout", parse_ring_timeout },
  { "connect-timeout", parse_connect_timeout },
  { "auto-answer-delay", parse_auto_answer_delay },
  { "allow-plain-rtp", parse_allow_plain_rtp },
  { "transport", parse_transport },
  { "local-addresses", parse_local_addresses },
};

static gboolean
unknown_key (const JdConfigContext *ctx, const JdConfigEntry *entry, GError **error)
{
  const char *known[G_N_ELEMENTS (account_keys) + 1];
  const char *suggestion;

  for (guint i = 0; i < G_N_ELEMENTS (account_keys); i++)
    known[i] = account_keys[i].key;
  known[G_N_ELEMENTS (account_keys)] = NULL;
  suggestion = jd_config_suggest (entry->key, known);
  if (suggestion != NULL)
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_UNKNOWN_KEY,
                                  "unknown key; did you mean \"%s\"?", suggestion);
  return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_UNKNOWN_KEY,
                                "unknown key (see jingled.conf(5))");
}

static gboolean
parse_entry (const JdConfigContext *ctx, const JdConfigEntry *entry, Builder *b,
             GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (account_keys); i++)
    if (g_str_equal (entry->key, account_keys[i].key))
      return account_keys[i].parse (ctx, entry, b, error);
  return unknown_key (ctx, entry, error);
}

/* password= as is, password-file= read, password-command= run; with
 * JD_CONFIG_FLAGS_NO_SECRETS the last two only checked for form. */
static gboolean
resolve_password (const JdConfigContext *ctx, const JdConfigEntry *entry, char **password,
                  GError **error)
{
  g_autofree char *value = jd_config_get_string (ctx, entry, error);
  g_autoptr (GError) local = NULL;
  gboolean from_file = g_str_equal (entry->key, "password-file");

  if (value == NULL)
    return FALSE;
  if (g_str_equal (entry->key, "password"))
    {
      *password = g_steal_pointer (&value);
      return TRUE;
    }
  if (*value == '\0')
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                                  "expected a %s, got nothing", from_file ? "path" : "command");
  if ((ctx->flags & JD_CONFIG_FLAGS_NO_SECRETS) != 0)
    return TRUE;
  if (from_file)
    {
      g_autofree char *path = jd_config_resolve_path (ctx, value);

      *password = jd_config_read_password_file (path, &local);
    }
  else
    *password = jd_config_run_password_command (value, &local);
  if (*password == NULL)
    return jd_config_entry_error (ctx, entry, error, JD_CONFIG_ERROR_PASSWORD, "%s",
                                  local->message);
  return TRUE;
}

static gboolean
missing_key (const JdConfigContext *ctx, const char *what, GError **error)
{
  jd_config_set_error (error, JD_CONFIG_ERROR_MISSING_KEY, ctx->path, ctx->group->line,
                       "[%s]: key %s is required", ctx->group->name, what);
  return FALSE;
}

static char *
full_jid (const JdConfigContext *ctx, Builder *b, GError **error)
{
  g_autofree char *full = NULL;
  g_autoptr (GError) local = NULL;
  char *normalized;

  if (b->resource == NULL)
    return g_strdup (b->bare_jid);
  full = g_strconcat (b->bare_jid, "/", b->resource, NULL);
  normalized = jd_jid_normalize (full, &local);
  if (normalized == NULL)
    jd_config_entry_error (ctx, b->resource_entry, error, JD_CONFIG_ERROR_INVALID_VALUE,
                           "not a valid resource (%s)", local->message);
  return normalized;
}

static gboolean
finish_xmpp (const JdConfigContext *ctx, Builder *b, GError **error)
{
  g_autofree char *full = NULL;
  g_autofree char *password = NULL;

  if (b->bare_jid == NULL)
    return missing_key (ctx, "\"jid\"", error);
  if (b->password_entry == NULL)
    return missing_key (ctx, "\"password\" (or \"password-file\" or \"password-command\")",
                        error);
  full = full_jid (ctx, b, error);
  if (full == NULL || !resolve_password (ctx, b->password_entry, &password, error))
    return FALSE;
  b->account->xmpp = jd_xmpp_settings_new (full, password);
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  b->account->xmpp->host = g_steal_pointer (&b->host);
  b->account->xmpp->port = b->port;
  b->account->xmpp->cafile = g_steal_pointer (&b->cafile);
  return TRUE;
}

JdConfigAccount *
jd_config_parse_account (const JdConfigContext *ctx, const char *name, GError **error)
{
  g_autoptr (JdConfigAccount) account = jd_config_account_new (name);
  Builder b = { .account = account };
  gboolean ok = TRUE;

  account->line = ctx->group->line;
  for (guint i = 0; ok && i < ctx->group->entries->len; i++)
    ok = parse_entry (ctx, g_ptr_array_index (ctx->group->entries, i), &b, error);
  ok = ok && finish_xmpp (ctx, &b, error);
  g_free (b.bare_jid);
  g_free (b.resource);
  g_free (b.host);
  g_free (b.cafile);
  return ok ? g_steal_pointer (&account) : NULL;
}
