/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests for jd-config: every field of a full file, the defaults,
 * every class of error (each message must name the file, the exact line
 * and the key), password files and commands, relative paths, and the
 * shipped example.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "jd-config.h"

typedef struct {
  char *dir;        /* a scratch directory, the config's home */
  char *path;       /* dir/jingled.conf, not necessarily written */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-config-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "jingled.conf", NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
write_file (Fixture *f, const char *name, const char *contents, int mode)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return g_steal_pointer (&path);
}

static JdConfig *
load_ok (const char *text, const char *path)
{
  g_autoptr (GError) error = NULL;
  JdConfig *config = jd_config_load_from_data (text, -1, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static const JdConfigAccount *
account_at (const JdConfig *config, guint i)
{
  g_assert_cmpuint (i, <, config->accounts->len);
  return g_ptr_array_index (config->accounts, i);
}

/* Asserts that loading @text fails with @code and a message that starts
 * with "PATH:LINE: " and, when @key is set, names it; returns the message. */
static char *
load_error (const char *text, const char *path, JdConfigError code, guint line, const char *key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = jd_config_load_from_data (text, -1, path, &error);
  g_autofree char *prefix = g_strdup_printf ("%s:%u: ", path, line);
  g_autofree char *quoted = g_strdup_printf ("key \"%s\"", key != NULL ? key : "");

  g_assert_null (config);
  g_assert_error (error, JD_CONFIG_ERROR, (int) code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected \"%s\" to start with \"%s\"", error->message, prefix);
  if (key != NULL && strstr (error->message, quoted) == NULL)
    g_error ("expected \"%s\" to name %s", error->message, quoted);
  return g_strdup (error->message);
}

/* ---- a full file ------------------------------------------------------- */

static const char full_config[] =
  "# a comment\n"
  "\n"
  "[account alice]\n"
  "jid = Alice@Example.ORG\n"
  "password = s3cret;with=signs\n"
  "server = xmpp.example.org:5223\n"
  "cafile = ca.pem\n"
  "resource = desk\n"
  "priority = -5\n"
  "autoconnect = false\n"
  "stun = 192.0.2.1:3479\n"
  "turn = turn:u:p%40ss@192.0.2.2;turn:v:q@[2001:db8::2]:443?transport=tcp\n"
  "codecs = OPUS; pcmu ;telephone-event\n"
  "audio-source = tone:440\n"
  "audio-sink = file:out.ogg\n"
  "video-source = silence\n"
  "video-sink = null\n"
  "recording-dir = rec\n"
  "incoming-calls = auto-answer\n"
  "allow = Bob@Example.org;carol@example.net\n"
  "max-calls = 2\n"
  "refused-calls = ignore\n"
  "ring-timeout = 30\n"
  "connect-timeout = 5\n"
  "auto-answer-delay = 250\n"
  "allow-plain-rtp = true\n"
  "transport = raw-udp\n"
  "local-addresses = 127.0.0.1;::1\n"
  "\n"
  "[account bob]\n"
  "jid = bob@example.org\n"
  "password = \\sleading space\n"
  "audio-source = auto\n"
  "\n"
  "[daemon]\n"
  "plugin-dir = /usr/lib/jingled/plugins\n"
  "plugins = echo;recorder\n"
  "\n"
  "[plugin echo]\n"
  "delay = 500\n"
  "greeting = hello\\tworld\n";

static void
check_alice_paths (const Fixture *f, const JdConfigAccount *a)
{
  g_autofree char *cafile = g_build_filename (f->dir, "ca.pem", NULL);
  g_autofree char *rec = g_build_filename (f->dir, "rec", NULL);
  g_autofree char *sink = g_strconcat ("file:", f->dir, "/out.ogg", NULL);

  g_assert_cmpstr (a->xmpp->cafile, ==, cafile);
  g_assert_cmpstr (a->recording_dir, ==, rec);
  g_assert_cmpstr (a->audio_sink, ==, sink);
}

static void
check_alice_turn (const JdConfigAccount *a)
{
  const JdTurnServer *t;

  g_assert_cmpstr (a->stun_server, ==, "192.0.2.1:3479");
  g_assert_cmpuint (a->turn_servers->len, ==, 2);
  t = g_ptr_array_index (a->turn_servers, 0);
  g_assert_cmpstr (t->host, ==, "192.0.2.2");
  g_assert_cmpuint (t->port, ==, 3478);
  g_assert_cmpstr (t->username, ==, "u");
  g_assert_cmpstr (t->password, ==, "p@ss");
  g_assert_cmpint (t->protocol, ==, JD_TURN_UDP);
  t = g_ptr_array_index (a->turn_servers, 1);
  g_assert_cmpstr (t->host, ==, "2001:db8::2");
  g_assert_cmpuint (t->port, ==, 443);
  g_assert_cmpstr (t->username, ==, "v");
  g_assert_cmpstr (t->password, ==, "q");
  g_assert_cmpint (t->protocol, ==, JD_TURN_TCP);
}

static void
check_alice (const Fixture *f, const JdConfigAccount *a)
{
  const char *codecs[] = { "opus", "PCMU", "telephone-event", NULL };
  const char *allow[] = { "bob@example.org", "carol@example.net", NULL };
  const char *addresses[] = { "127.0.0.1", "::1", NULL };

  g_assert_cmpstr (a->name, ==, "alice");
  g_assert_cmpuint (a->line, ==, 3);
  g_assert_cmpstr (a->xmpp->jid, ==, "alice@example.org/desk");
  g_assert_cmpstr (a->xmpp->password, ==, "s3cret;with=signs");
  g_assert_cmpstr (a->xmpp->host, ==, "xmpp.example.org");
  g_assert_cmpuint (a->xmpp->port, ==, 5223);
  g_assert_cmpint (a->priority, ==, -5);
  g_assert_false (a->autoconnect);
  check_alice_turn (a);
  g_assert_cmpstrv (a->codecs, codecs);
  g_assert_cmpstr (a->audio_source, ==, "tone:440");
  g_assert_cmpstr (a->video_source, ==, "silence");
  g_assert_cmpstr (a->video_sink, ==, "null");
  check_alice_paths (f, a);
  g_assert_cmpint (a->policy, ==, JD_CALL_POLICY_AUTO_ANSWER);
  g_assert_cmpstrv (a->allow, allow);
  g_assert_cmpuint (a->max_calls, ==, 2);
  g_assert_true (a->ignore_refused);
  g_assert_cmpuint (a->ring_timeout_s, ==, 30);
  g_assert_cmpuint (a->connect_timeout_s, ==, 5);
  g_assert_cmpuint (a->auto_answer_delay_ms, ==, 250);
  g_assert_true (a->allow_plain_rtp);
  g_assert_true (a->raw_udp);
  g_assert_cmpstrv (a->local_addresses, addresses);
}

static void
test_full (Fixture *f, gconstpointer data)
{
  g_autofree char *cafile G_GNUC_UNUSED = write_file (f, "ca.pem", "not checked here\n", 0644);
  g_autoptr (JdConfig) config = load_ok (full_config, f->path);
  const char *plugins[] = { "echo", "recorder", NULL };
  GHashTable *echo;

  g_assert_cmpstr (config->path, ==, f->path);
  g_assert_cmpuint (config->accounts->len, ==, 2);
  check_alice (f, account_at (config, 0));
  g_assert_cmpstr (account_at (config, 1)->name, ==, "bob");
  g_assert_cmpstr (account_at (config, 1)->xmpp->password, ==, " leading space");
  g_assert_null (account_at (config, 1)->audio_source);
  g_assert_true (jd_config_find_account (config, "bob") == account_at (config, 1));
  g_assert_null (jd_config_find_account (config, "carol"));
  g_assert_cmpstr (config->plugin_dir, ==, "/usr/lib/jingled/plugins");
  g_assert_cmpstrv (config->plugins, plugins);
  g_assert_cmpuint (g_hash_table_size (config->plugin_settings), ==, 1);
  echo = g_hash_table_lookup (config->plugin_settings, "echo");
  g_assert_nonnull (echo);
  g_assert_cmpuint (g_hash_table_size (echo), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (echo, "delay"), ==, "500");
  g_assert_cmpstr (g_hash_table_lookup (echo, "greeting"), ==, "hello\tworld");
}

static void
test_defaults (void)
{
  g_autoptr (JdConfig) config =
    load_ok ("[account a]\r\njid=a@example.org\r\npassword=pw\r\n", "/etc/jingled.conf");
  const JdConfigAccount *a = account_at (config, 0);

  g_assert_cmpstr (a->xmpp->jid, ==, "a@example.org");
  g_assert_cmpstr (a->xmpp->password, ==, "pw");   /* the CR is not part of it */
  g_assert_null (a->xmpp->host);
  g_assert_cmpuint (a->xmpp->port, ==, 0);
  g_assert_null (a->xmpp->cafile);
  g_assert_cmpint (a->priority, ==, 0);
  g_assert_true (a->autoconnect);
  g_assert_null (a->stun_server);
  g_assert_cmpuint (a->turn_servers->len, ==, 0);
  g_assert_null (a->codecs);
  g_assert_null (a->audio_source);
  g_assert_null (a->audio_sink);
  g_assert_null (a->video_source);
  g_assert_null (a->video_sink);
  g_assert_null (a->recording_dir);
  g_assert_cmpint (a->policy, ==, JD_CALL_POLICY_REJECT);
  g_assert_null (a->allow);
  g_assert_cmpuint (a->max_calls, ==, 4);
  g_assert_false (a->ignore_refused);
  g_assert_cmpuint (a->ring_timeout_s, ==, 60);
  g_assert_cmpuint (a->connect_timeout_s, ==, 20);
  g_assert_cmpuint (a->auto_answer_delay_ms, ==, 0);
  g_assert_false (a->allow_plain_rtp);
  g_assert_false (a->raw_udp);
  g_assert_null (a->local_addresses);
  g_assert_null (config->plugin_dir);
  g_assert_null (config->plugins);
  g_assert_cmpuint (g_hash_table_size (config->plugin_settings), ==, 0);
}

static void
test_empty (void)
{
  const char *empties[] = { "", "\n\n", "# nothing\n  # indented comment\n", "[daemon]\n" };

  for (guint i = 0; i < G_N_ELEMENTS (empties); i++)
    {
      g_autoptr (JdConfig) config = load_ok (empties[i], "/etc/jingled.conf");

      g_assert_cmpuint (config->accounts->len, ==, 0);
    }
}

static void
test_policy_names (void)
{
  g_assert_cmpstr (jd_call_policy_mode_to_string (JD_CALL_POLICY_REJECT), ==, "reject");
  g_assert_cmpstr (jd_call_policy_mode_to_string (JD_CALL_POLICY_ASK), ==, "ask");
  g_assert_cmpstr (jd_call_policy_mode_to_string (JD_CALL_POLICY_ACCEPT), ==, "accept");
  g_assert_cmpstr (jd_call_policy_mode_to_string (JD_CALL_POLICY_AUTO_ANSWER), ==,
                   "auto-answer");
}

/* ---- errors ------------------------------------------------------------ */

#define ACCOUNT "[account alice]\njid = alice@example.org\npassword = pw\n"

typedef struct {
  const char *name;
  const char *text;
  JdConfigError code;
  guint line;
  const char *key;        /* NULL: no key to name (syntax, group) */
  const char *message;    /* a substring of the message */
} ErrorCase;

static const ErrorCase error_cases[] = {
  /* syntax */
  { "no-equals", "[daemon]\n\nplugins echo\n", JD_CONFIG_ERROR_SYNTAX, 3, NULL, "KEY=VALUE" },
  { "key-before-group", "# c\njid = a@b\n", JD_CONFIG_ERROR_SYNTAX, 2, "jid", "before any group" },
  { "unclosed-group", ACCOUNT "[daemon\n", JD_CONFIG_ERROR_SYNTAX, 4, NULL, "group header" },
  { "empty-group", "[]\n", JD_CONFIG_ERROR_SYNTAX, 1, NULL, "group header" },
  { "text-after-group", "[daemon] x\n", JD_CONFIG_ERROR_SYNTAX, 1, NULL, "after the group" },
  { "empty-key", "[daemon]\n = x\n", JD_CONFIG_ERROR_SYNTAX, 2, NULL, "no key" },
  { "locale-key", "[daemon]\nplugins[de] = x\n", JD_CONFIG_ERROR_SYNTAX, 2, NULL, "localised" },
  { "invalid-utf8", "[daemon]\n# \xff\n", JD_CONFIG_ERROR_SYNTAX, 2, NULL, "UTF-8" },
  /* groups */
  { "unknown-group", ACCOUNT "\n[server]\n", JD_CONFIG_ERROR_UNKNOWN_GROUP, 5, NULL,
    "[server]: unknown group; expected [account NAME]" },
  { "group-typo", "[acount alice]\n", JD_CONFIG_ERROR_UNKNOWN_GROUP, 1, NULL,
    "did you mean \"account\"?" },
  { "account-without-name", "[account]\n", JD_CONFIG_ERROR_UNKNOWN_GROUP, 1, NULL,
    "unknown group; expected" },
  { "bad-account-name", "[account a/b]\n", JD_CONFIG_ERROR_UNKNOWN_GROUP, 1, NULL,
    "a name is letters" },
  { "duplicate-group", ACCOUNT "[daemon]\n" ACCOUNT, JD_CONFIG_ERROR_DUPLICATE, 5, NULL,
    "given twice (first at line 1)" },
  /* keys */
  { "unknown-key", ACCOUNT "colour = blue\n", JD_CONFIG_ERROR_UNKNOWN_KEY, 4, "colour",
    "unknown key (see" },
  { "key-typo", ACCOUNT "max_calls = 3\n", JD_CONFIG_ERROR_UNKNOWN_KEY, 4, "max_calls",
    "did you mean \"max-calls\"?" },
  { "key-typo-2", ACCOUNT "ring-timout = 3\n", JD_CONFIG_ERROR_UNKNOWN_KEY, 4, "ring-timout",
    "did you mean \"ring-timeout\"?" },
  { "daemon-unknown-key", "[daemon]\nplugin = echo\n", JD_CONFIG_ERROR_UNKNOWN_KEY, 2, "plugin",
    "did you mean \"plugins\"?" },
  { "duplicate-key", ACCOUNT "priority = 1\npriority = 2\n", JD_CONFIG_ERROR_DUPLICATE, 5,
    "priority", "given twice (first at line 4)" },
  { "missing-jid", "# x\n[account alice]\npassword = pw\n", JD_CONFIG_ERROR_MISSING_KEY, 2,
    "jid", "is required" },
  { "missing-password", "[account alice]\njid = a@b\n", JD_CONFIG_ERROR_MISSING_KEY, 1,
    "password", "is required" },
  { "two-passwords", ACCOUNT "password-command = echo x\n", JD_CONFIG_ERROR_DUPLICATE, 4,
    "password-command", "(\"password\" is at line 3)" },
  /* values */
  { "jid-invalid", "[account a]\njid = @example.org\npassword = p\n",
    JD_CONFIG_ERROR_INVALID_VALUE, 2, "jid", "not a valid JID" },
  { "jid-resource", "[account a]\njid = a@example.org/r\npassword = p\n",
    JD_CONFIG_ERROR_INVALID_VALUE, 2, "jid", "resource=" },
  { "jid-domain-only", "[account a]\njid = example.org\npassword = p\n",
    JD_CONFIG_ERROR_INVALID_VALUE, 2, "jid", "expected a bare JID" },
  { "server", ACCOUNT "server = host:99999\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "server",
    "got \"host:99999\"" },
  { "server-v6", ACCOUNT "server = ::1:5222\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "server",
    "brackets" },
  { "cafile", ACCOUNT "cafile = /nonexistent/ca.pem\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "cafile", "no such file: /nonexistent/ca.pem" },
  { "priority", ACCOUNT "priority = 128\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "priority",
    "expected a number from -128 to 127, got \"128\"" },
  { "autoconnect", ACCOUNT "autoconnect = yes please\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "autoconnect", "expected true or false" },
  { "stun", ACCOUNT "stun = a b:1\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "stun", "HOST:PORT" },
  { "turn-no-credentials", ACCOUNT "turn = turn:192.0.2.1\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "turn", "server 1 of the list: expected turn:USER:PASSWORD@HOST" },
  { "turn-scheme", ACCOUNT "turn = turn:u:p@h;turns:u:p@h\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "turn", "server 2 of the list" },
  { "turn-option", ACCOUNT "turn = turn:u:p@h?transport=sctp\n", JD_CONFIG_ERROR_INVALID_VALUE,
    4, "turn", "?transport=udp or ?transport=tcp" },
  { "codec", ACCOUNT "codecs = opus;speex\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "codecs",
    "unknown codec \"speex\"" },
  { "no-codecs", ACCOUNT "codecs =\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "codecs",
    "at least one codec" },
  { "audio-source", ACCOUNT "audio-source = mic\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "audio-source", "expected auto, tone:HZ" },
  { "audio-source-tone", ACCOUNT "audio-source = tone:loud\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "audio-source", "frequency" },
  { "audio-sink", ACCOUNT "audio-sink = file:x.mp3\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "audio-sink", ".ogg, .opus or .wav" },
  { "video-sink", ACCOUNT "video-sink = silence\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "video-sink", "expected auto, null" },
  { "video-source", ACCOUNT "video-source = pipeline:\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "video-source", "expected auto" },
  { "recording-dir", ACCOUNT "recording-dir =\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "recording-dir", "expected a path" },
  { "incoming-calls", ACCOUNT "incoming-calls = maybe\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "incoming-calls", "expected reject, ask, accept or auto-answer, got \"maybe\"" },
  { "allow-full-jid", ACCOUNT "allow = bob@example.org/phone\n", JD_CONFIG_ERROR_INVALID_VALUE,
    4, "allow", "expected bare JIDs, got \"bob@example.org/phone\"" },
  { "max-calls-zero", ACCOUNT "max-calls = 0\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "max-calls",
    "expected a number from 1 to 64, got \"0\"" },
  { "refused-calls", ACCOUNT "refused-calls = drop\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "refused-calls", "expected reject or ignore, got \"drop\"" },
  { "refused-calls-empty", ACCOUNT "refused-calls =\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "refused-calls", "expected reject or ignore" },
  { "ring-timeout", ACCOUNT "ring-timeout = -1\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "ring-timeout", "from 1 to 3600" },
  { "connect-timeout", ACCOUNT "connect-timeout = 0\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "connect-timeout", "expected a number from 1 to 600, got \"0\"" },
  { "auto-answer-delay", ACCOUNT "auto-answer-delay = 1.5\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "auto-answer-delay", "from 0 to 600000, got \"1.5\"" },
  { "allow-plain-rtp", ACCOUNT "allow-plain-rtp = maybe\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "allow-plain-rtp", "expected true or false, got \"maybe\"" },
  { "transport", ACCOUNT "transport = tcp\n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "transport",
    "expected ice or raw-udp" },
  { "local-addresses", ACCOUNT "local-addresses = 127.0.0.1;localhost\n",
    JD_CONFIG_ERROR_INVALID_VALUE, 4, "local-addresses", "got \"localhost\"" },
  { "resource-empty", ACCOUNT "resource = \n", JD_CONFIG_ERROR_INVALID_VALUE, 4, "resource",
    "expected a resource name" },
  { "bad-escape", ACCOUNT "recording-dir = a\\qb\n", JD_CONFIG_ERROR_INVALID_VALUE, 4,
    "recording-dir", "invalid escape" },
  { "password-file-empty", "[account a]\njid=a@b\npassword-file =\n",
    JD_CONFIG_ERROR_INVALID_VALUE, 3, "password-file", "expected a path" },
  { "plugins", "[daemon]\nplugins = echo;../evil\n", JD_CONFIG_ERROR_INVALID_VALUE, 2,
    "plugins", "plugin names are" },
  { "plugin-dir", "[daemon]\nplugin-dir = \n", JD_CONFIG_ERROR_INVALID_VALUE, 2, "plugin-dir",
    "expected a path" },
  { "plugin-bad-escape", "[plugin echo]\ngreeting = \\x\n", JD_CONFIG_ERROR_INVALID_VALUE, 2,
    "greeting", "invalid escape" },
  /* the second account is checked as strictly as the first */
  { "second-account", ACCOUNT "\n[account bob]\njid = bob@example.org\npassword = p\n"
    "max-calls = lots\n", JD_CONFIG_ERROR_INVALID_VALUE, 8, "max-calls", "got \"lots\"" },
};

static void
test_error (gconstpointer data)
{
  const ErrorCase *c = data;
  g_autofree char *message = load_error (c->text, "/etc/x.conf", c->code, c->line, c->key);

  if (strstr (message, c->message) == NULL)
    g_error ("expected \"%s\" to contain \"%s\"", message, c->message);
}

/* The example of the brief for this file, to the letter. */
static void
test_error_exact (void)
{
  g_autofree char *message = NULL;
  GString *text = g_string_new ("");

  for (guint i = 0; i < 8; i++)
    g_string_append (text, "# comment\n");
  g_string_append (text, "[account alice]\njid = alice@example.org\npassword = pw\n"
                         "max-calls = lots\n");
  message = load_error (text->str, "/etc/x.conf", JD_CONFIG_ERROR_INVALID_VALUE, 12,
                        "max-calls");
  g_assert_cmpstr (message, ==, "/etc/x.conf:12: key \"max-calls\" in [account alice]: "
                                "expected a number from 1 to 64, got \"lots\"");
  g_string_free (text, TRUE);
}

/* A NUL byte inside the data (so the length is passed). */
static void
test_error_nul (void)
{
  static const char text[] = "[daemon]\nplugins = e\0cho\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config =
    jd_config_load_from_data (text, sizeof text - 1, "/etc/x.conf", &error);

  g_assert_null (config);
  g_assert_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "/etc/x.conf:2: "));
  g_assert_nonnull (strstr (error->message, "NUL"));
}

/* No message quotes a password, even when the value next to it is wrong. */
static void
test_error_hides_secrets (void)
{
  const char *texts[] = {
    "[account a]\njid = a@b\npassword = hunter2\\q\n",
    "[account a]\njid = a@b\npassword = p\nturn = turn:user:hunter2@host?transport=x\n",
    "[account a]\njid = a@b\npassword = p\nturn = turn:user:hunter2\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *message =
        load_error (texts[i], "/etc/x.conf", JD_CONFIG_ERROR_INVALID_VALUE, 3 + (i > 0), NULL);

      g_assert_null (strstr (message, "hunter2"));
    }
}

static void
test_load_missing_file (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = jd_config_load (f->path, &error);

  g_assert_null (config);
  g_assert_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_IO);
  g_assert_nonnull (strstr (error->message, f->path));
}

/* ---- passwords --------------------------------------------------------- */

static void
test_password_file_private (Fixture *f, gconstpointer data)
{
  g_autofree char *pw G_GNUC_UNUSED = write_file (f, "alice.pw", "from-file\nsecond line\n", 0600);
  g_autofree char *conf = write_file (f, "jingled.conf",
                                      "[account a]\njid = a@b\npassword-file = alice.pw\n", 0644);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = jd_config_load (conf, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (account_at (config, 0)->xmpp->password, ==, "from-file");
}

static void
test_password_file_readable (Fixture *f, gconstpointer data)
{
  g_autofree char *pw = write_file (f, "alice.pw", "from-file\n", 0644);
  g_autofree char *message = NULL;

  message = load_error ("[account a]\njid = a@b\n\npassword-file = alice.pw\n", f->path,
                        JD_CONFIG_ERROR_PASSWORD, 4, "password-file");
  g_assert_nonnull (strstr (message, pw));
  g_assert_nonnull (strstr (message, "mode 0644"));
  g_assert_nonnull (strstr (message, "chmod 600"));
  g_assert_null (strstr (message, "from-file"));
}

static void
test_password_file_missing (Fixture *f, gconstpointer data)
{
  g_autofree char *message =
    load_error ("[account a]\njid = a@b\npassword-file = nope.pw\n", f->path,
                JD_CONFIG_ERROR_PASSWORD, 3, "password-file");

  g_assert_nonnull (strstr (message, "nope.pw"));
}

static void
test_password_file_empty (Fixture *f, gconstpointer data)
{
  g_autofree char *pw G_GNUC_UNUSED = write_file (f, "alice.pw", "\nsecond line\n", 0600);
  g_autofree char *message =
    load_error ("[account a]\njid = a@b\npassword-file = alice.pw\n", f->path,
                JD_CONFIG_ERROR_PASSWORD, 3, "password-file");

  g_assert_nonnull (strstr (message, "empty"));
}

static void
test_password_command (void)
{
  g_autoptr (JdConfig) config =
    load_ok ("[account a]\njid = a@b\npassword-command = printf 'from-cmd\\nrest'\n",
             "/etc/x.conf");

  g_assert_cmpstr (account_at (config, 0)->xmpp->password, ==, "from-cmd");
}

static void
test_password_command_fails (void)
{
  g_autofree char *message =
    load_error ("[account a]\njid = a@b\n# the store\npassword-command = echo from-cmd; "
                "echo locked >&2; exit 3\n", "/etc/x.conf", JD_CONFIG_ERROR_PASSWORD, 4,
                "password-command");

  g_assert_nonnull (strstr (message, "exited with code 3"));
  g_assert_nonnull (strstr (message, "locked"));
  g_assert_null (strstr (message, "from-cmd"));
}

static void
test_password_command_silent (void)
{
  g_autofree char *message =
    load_error ("[account a]\njid = a@b\npassword-command = true\n", "/etc/x.conf",
                JD_CONFIG_ERROR_PASSWORD, 3, "password-command");

  g_assert_nonnull (strstr (message, "no password"));
}

/* A rejected file never runs the command. */
static void
test_password_command_not_run_on_error (Fixture *f, gconstpointer data)
{
  g_autofree char *marker = g_build_filename (f->dir, "ran", NULL);
  g_autofree char *text =
    g_strdup_printf ("[account a]\njid = a@b\npassword-command = touch %s; echo pw\n"
                     "max-calls = 0\n", marker);
  g_autofree char *message G_GNUC_UNUSED = load_error (text, f->path, JD_CONFIG_ERROR_INVALID_VALUE, 4,
                                         "max-calls");

  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
}

static void
test_no_secrets (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = jd_config_load_from_data_with_flags (
    "[account a]\njid = a@b\npassword-command = exit 1\n", -1, "/etc/x.conf",
    JD_CONFIG_FLAGS_NO_SECRETS, &error);

  g_assert_no_error (error);
  g_assert_null (account_at (config, 0)->xmpp->password);
}

/* ---- paths ------------------------------------------------------------- */

/* Relative to the file's directory, not to the working directory. */
static void
test_relative_paths (Fixture *f, gconstpointer data)
{
  g_autofree char *sub = g_build_filename (f->dir, "etc", NULL);
  g_autofree char *conf_path = g_build_filename (sub, "j.conf", NULL);
  g_autofree char *pw = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *text = NULL;
  g_autoptr (JdConfig) config = NULL;
  g_autofree char *expect = NULL;
  const JdConfigAccount *a;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  pw = write_file (f, "etc/pw", "rel\n", 0600);
  ca = write_file (f, "ca.pem", "x\n", 0644);
  text = g_strdup_printf ("[account a]\njid = a@b\npassword-file = pw\ncafile = ../ca.pem\n"
                          "recording-dir = rec\naudio-source = file:in.wav\n"
                          "video-sink = file:%s/v.mkv\n[daemon]\nplugin-dir = plugins\n", f->dir);
  config = load_ok (text, conf_path);
  a = account_at (config, 0);
  g_assert_cmpstr (a->xmpp->password, ==, "rel");
  g_assert_cmpstr (a->xmpp->cafile, ==, ca);
  expect = g_build_filename (sub, "rec", NULL);
  g_assert_cmpstr (a->recording_dir, ==, expect);
  g_free (expect);
  expect = g_strconcat ("file:", sub, "/in.wav", NULL);
  g_assert_cmpstr (a->audio_source, ==, expect);
  g_free (expect);
  expect = g_strconcat ("file:", f->dir, "/v.mkv", NULL);
  g_assert_cmpstr (a->video_sink, ==, expect);
  g_free (expect);
  expect = g_build_filename (sub, "plugins", NULL);
  g_assert_cmpstr (config->plugin_dir, ==, expect);
}

static void
test_default_path (void)
{
  g_autofree char *path = jd_config_default_path ();

  g_assert_cmpstr (path, ==, "/test-xdg-config/jingled/jingled.conf");
}

/* ---- the shipped example ----------------------------------------------- */

static char *
example_text (void)
{
  g_autofree char *path =
    g_test_build_filename (G_TEST_DIST, "..", "data", "jingled.conf.example", NULL);
  g_autoptr (GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_example (void)
{
  g_autofree char *text = example_text ();
  g_autoptr (JdConfig) config = load_ok (text, "/etc/jingled/jingled.conf");

  g_assert_cmpuint (config->accounts->len, ==, 0);
}

/* With every "#key = value" and "#[group]" line enabled, the example is a
 * valid file whose values are the documented defaults. */
static void
test_example_enabled (void)
{
  g_autofree char *text = example_text ();
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GError) error = NULL;
  g_autoptr (JdConfig) config = NULL;
  const JdConfigAccount *a;
  guint enabled = 0;

  for (char **l = lines; *l != NULL; l++)
    if ((*l)[0] == '#' && (g_ascii_isalpha ((*l)[1]) || (*l)[1] == '['))
      {
        memmove (*l, *l + 1, strlen (*l));
        enabled++;
      }
  g_free (text);
  text = g_strjoinv ("\n", lines);
  config = jd_config_load_from_data_with_flags (text, -1, "/etc/jingled/jingled.conf",
                                                JD_CONFIG_FLAGS_NO_SECRETS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (enabled, >=, 28);
  a = account_at (config, 0);
  g_assert_cmpstr (a->xmpp->jid, ==, "alice@example.org/jingled");
  g_assert_cmpuint (a->turn_servers->len, ==, 2);
  g_assert_cmpint (a->priority, ==, 0);
  g_assert_true (a->autoconnect);
  g_assert_cmpint (a->policy, ==, JD_CALL_POLICY_REJECT);
  g_assert_cmpuint (a->max_calls, ==, 4);
  g_assert_false (a->ignore_refused);
  g_assert_cmpuint (a->ring_timeout_s, ==, 60);
  g_assert_cmpuint (a->connect_timeout_s, ==, 20);
  g_assert_cmpuint (a->auto_answer_delay_ms, ==, 0);
  g_assert_false (a->allow_plain_rtp);
  g_assert_false (a->raw_udp);
  g_assert_null (a->audio_source);
  g_assert_nonnull (g_hash_table_lookup (config->plugin_settings, "echo"));
}

int
main (int argc, char *argv[])
{
  /* Before anything reads it: GLib caches the user directories. */
  g_setenv ("XDG_CONFIG_HOME", "/test-xdg-config", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/config/full", Fixture, NULL, fixture_set_up, test_full, fixture_tear_down);
  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/empty", test_empty);
  g_test_add_func ("/config/policy-names", test_policy_names);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/error/%s", error_cases[i].name);

      g_test_add_data_func (path, &error_cases[i], test_error);
    }
  g_test_add_func ("/config/error/exact-message", test_error_exact);
  g_test_add_func ("/config/error/nul", test_error_nul);
  g_test_add_func ("/config/error/hides-secrets", test_error_hides_secrets);
  g_test_add ("/config/error/missing-file", Fixture, NULL, fixture_set_up,
              test_load_missing_file, fixture_tear_down);
  g_test_add ("/config/password-file/private", Fixture, NULL, fixture_set_up,
              test_password_file_private, fixture_tear_down);
  g_test_add ("/config/password-file/readable-by-others", Fixture, NULL, fixture_set_up,
              test_password_file_readable, fixture_tear_down);
  g_test_add ("/config/password-file/missing", Fixture, NULL, fixture_set_up,
              test_password_file_missing, fixture_tear_down);
  g_test_add ("/config/password-file/empty", Fixture, NULL, fixture_set_up,
              test_password_file_empty, fixture_tear_down);
  g_test_add_func ("/config/password-command/ok", test_password_command);
  g_test_add_func ("/config/password-command/fails", test_password_command_fails);
  g_test_add_func ("/config/password-command/silent", test_password_command_silent);
  g_test_add ("/config/password-command/not-run-on-error", Fixture, NULL, fixture_set_up,
              test_password_command_not_run_on_error, fixture_tear_down);
  g_test_add_func ("/config/no-secrets", test_no_secrets);
  g_test_add ("/config/relative-paths", Fixture, NULL, fixture_set_up, test_relative_paths,
              fixture_tear_down);
  g_test_add_func ("/config/default-path", test_default_path);
  g_test_add_func ("/config/example", test_example);
  g_test_add_func ("/config/example/enabled", test_example_enabled);
  return g_test_run ();
}
