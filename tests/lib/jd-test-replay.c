/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A scripted peer replaying captured stanzas.  See the header.
 */
#include "jd-test-replay.h"

#include <string.h>

#include "jd-test-xmpp.h"
#include "xmpp/jd-jid.h"
#include "xmpp/jd-stanza.h"

#define NS_JINGLE "urn:xmpp:jingle:1"

typedef enum {
  STEP_SEND,
  STEP_WAIT,
} StepKind;

typedef struct {
  StepKind kind;
  char *label;
  char *xml;                    /* send: the stanza as captured */
  char *name, *type, *child_ns, *child_name, *action;   /* wait: the match */
  guint timeout_ms;
} Step;

typedef struct {
  GSocket *socket;
  GSource *source;
} Endpoint;

struct _JdTestReplay {
  JdTestAccount *account;
  guint handler_id;
  char *sid;
  char *peer_full, *peer_bare;
  /* The capture's JIDs and sid, replaced when sending. */
  char *actor_full, *actor_bare, *other_full, *other_bare, *captured_sid;
  GPtrArray *steps;             /* Step* */
  guint next_step;
  guint sent;
  GPtrArray *received;          /* xmpp_stanza_t* */
  GArray *claimed;              /* gboolean per received stanza */
  GHashTable *endpoints;        /* "ip port" of the capture -> Endpoint* */
  guint datagrams;
};

static void
step_free (Step *s)
{
  g_free (s->label);
  g_free (s->xml);
  g_free (s->name);
  g_free (s->type);
  g_free (s->child_ns);
  g_free (s->child_name);
  g_free (s->action);
  g_free (s);
}

static void
endpoint_free (Endpoint *e)
{
  g_source_destroy (e->source);
  g_source_unref (e->source);
  g_object_unref (e->socket);
  g_free (e);
}

/* ---- What comes back ---- */

static gboolean
from_peer (JdTestReplay *self, xmpp_stanza_t *stanza)
{
  const char *from = xmpp_stanza_get_from (stanza);

  return self->peer_full != NULL && from != NULL && jd_jid_str_equal (from, self->peer_full);
}

static gboolean
is_jingle_request (xmpp_stanza_t *stanza)
{
  return g_strcmp0 (xmpp_stanza_get_name (stanza), "iq") == 0 &&
         g_strcmp0 (xmpp_stanza_get_type (stanza), "set") == 0 &&
         jd_stanza_get_child (stanza, "jingle", NS_JINGLE) != NULL;
}

static JdStanzaResult
on_stanza (JdXmppConnection *conn, xmpp_stanza_t *stanza, gpointer user_data)
{
  JdTestReplay *self = user_data;
  gboolean unclaimed = FALSE;
  const char *name = xmpp_stanza_get_name (stanza);

  if (!from_peer (self, stanza) || g_strcmp0 (name, "presence") == 0)
    return JD_STANZA_PASS;
  g_ptr_array_add (self->received, xmpp_stanza_clone (stanza));
  g_array_append_val (self->claimed, unclaimed);
  if (is_jingle_request (stanza))
    {
      g_autoptr (xmpp_stanza_t) result = jd_stanza_iq_result (stanza);

      jd_xmpp_connection_send (conn, result);
      return JD_STANZA_HANDLED;
    }
  /* Answers to our raw IQs: nobody else is waiting for them. */
  if (g_strcmp0 (name, "iq") == 0)
    return JD_STANZA_HANDLED;
  return JD_STANZA_PASS;
}

static gboolean
on_datagram (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  JdTestReplay *self = user_data;
  char buffer[2048];

  while (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) >= 0)
    self->datagrams++;
  return G_SOURCE_CONTINUE;
}

/* ---- Life ---- */

JdTestReplay *
jd_test_replay_new (JdTestProsody *prosody, const char *user)
{
  JdTestReplay *self = g_new0 (JdTestReplay, 1);

  self->account = jd_test_account_new (prosody, user);
  jd_test_account_login (self->account);
  self->handler_id = jd_xmpp_connection_add_handler (jd_test_account_conn (self->account),
                                                     JD_XMPP_PRIORITY_FILTER, NULL, NULL,
                                                     on_stanza, self, NULL);
  self->sid = g_uuid_string_random ();
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  self->received = g_ptr_array_new_with_free_func (jd_stanza_unref);
  self->claimed = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) endpoint_free);
  return self;
}

void
jd_test_replay_free (JdTestReplay *self)
{
  if (self == NULL)
    return;
  jd_xmpp_connection_remove_handler (jd_test_account_conn (self->account), self->handler_id);
  /* The stanzas belong to the account's libstrophe context: first. */
  g_ptr_array_unref (self->received);
  jd_test_account_free (self->account);
  g_hash_table_unref (self->endpoints);
  g_array_unref (self->claimed);
  g_ptr_array_unref (self->steps);
  g_free (self->sid);
  g_free (self->peer_full);
  g_free (self->peer_bare);
  g_free (self->actor_full);
  g_free (self->actor_bare);
  g_free (self->other_full);
  g_free (self->other_bare);
  g_free (self->captured_sid);
  g_free (self);
}

JdXmppClient *
jd_test_replay_get_client (JdTestReplay *self)
{
  return self->account->client;
}

const char *
jd_test_replay_get_jid (JdTestReplay *self)
{
  return jd_test_account_full_jid (self->account);
}

void
jd_test_replay_set_peer (JdTestReplay *self, const char *full_jid)
{
  g_free (self->peer_full);
  g_free (self->peer_bare);
  self->peer_full = g_strdup (full_jid);
  self->peer_bare = jd_jid_bare_of (full_jid);
  g_assert_nonnull (self->peer_bare);
}

const char *
jd_test_replay_get_sid (JdTestReplay *self)
{
  return self->sid;
}

void
jd_test_replay_set_sid (JdTestReplay *self, const char *sid)
{
  g_free (self->sid);
  self->sid = g_strdup (sid);
}

/* ---- Loading a capture ---- */

/* "HH:MM:SS sent by JID : LABEL" */
static gboolean
parse_comment (const char *comment, char **sender, char **label)
{
  g_autoptr (GRegex) re = g_regex_new ("^\\s*\\S+ sent by (\\S+) : (\\S+)\\s*$", 0, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;

  if (!g_regex_match (re, comment, 0, &match))
    return FALSE;
  *sender = g_match_info_fetch (match, 1);
  *label = g_match_info_fetch (match, 2);
  return TRUE;
}

/* The Jingle sid or JMI id @xml carries, or NULL. */
static char *
session_id_of (xmpp_ctx_t *ctx, const char *xml)
{
  static const char *const jmi[] = { "propose", "proceed", "accept", "reject", "retract",
                                     "ringing", "finish", NULL };
  g_autoptr (xmpp_stanza_t) stanza = jd_stanza_from_string (ctx, xml);
  xmpp_stanza_t *jingle;

  if (stanza == NULL)
    return NULL;
  jingle = jd_stanza_get_child (stanza, "jingle", NS_JINGLE);
  if (jingle != NULL)
    return g_strdup (xmpp_stanza_get_attribute (jingle, "sid"));
  for (const char *const *name = jmi; *name; name++)
    {
      xmpp_stanza_t *el = jd_stanza_get_child (stanza, *name, "urn:xmpp:jingle-message:0");

      if (el != NULL)
        return g_strdup (xmpp_stanza_get_attribute (el, "id"));
    }
  return NULL;
}

static void
note_party (JdTestReplay *self, const char *sender, const char *actor)
{
  g_autofree char *bare = jd_jid_bare_of (sender);
  gboolean is_actor = jd_jid_str_equal (sender, actor) || jd_jid_str_equal (bare, actor);
  char **full = is_actor ? &self->actor_full : &self->other_full;
  char **bare_slot = is_actor ? &self->actor_bare : &self->other_bare;

  if (*full == NULL)
    {
      *full = g_strdup (sender);
      *bare_slot = g_steal_pointer (&bare);
    }
}

static void
add_step (JdTestReplay *self, StepKind kind, const char *label, char *xml)
{
  Step *s = g_new0 (Step, 1);

  s->kind = kind;
  s->label = g_strdup (label);
  s->xml = xml;
  g_ptr_array_add (self->steps, s);
}

gboolean
jd_test_replay_load_capture (JdTestReplay *self, const char *path, const char *actor,
                             const char *const *labels, GError **error)
{
  xmpp_ctx_t *ctx = jd_xmpp_connection_get_context (jd_test_account_conn (self->account));
  g_autofree char *text = NULL;
  g_auto (GStrv) chunks = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  chunks = g_strsplit (text, "<!--", -1);
  for (char **chunk = chunks; *chunk; chunk++)
    {
      char *end = strstr (*chunk, "-->");
      g_autofree char *sender = NULL, *label = NULL, *comment = NULL;

      if (end == NULL)
        continue;
      comment = g_strndup (*chunk, (gsize) (end - *chunk));
      if (!parse_comment (comment, &sender, &label))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: comment without 'sent by JID : LABEL': %s", path, comment);
          return FALSE;
        }
      note_party (self, sender, actor);
      if (self->captured_sid == NULL)
        self->captured_sid = session_id_of (ctx, end + 3);
      if ((jd_jid_str_equal (sender, actor) || jd_jid_str_is_bare_equal (sender, actor)) &&
          (labels == NULL || g_strv_contains (labels, label)))
        add_step (self, STEP_SEND, label, g_strstrip (g_strdup (end + 3)));
    }
  if (self->actor_full == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s: nothing sent by %s", path,
                   actor);
      return FALSE;
    }
  return TRUE;
}

void
jd_test_replay_add_send (JdTestReplay *self, const char *label, const char *xml)
{
  add_step (self, STEP_SEND, label, g_strdup (xml));
}

void
jd_test_replay_add_wait (JdTestReplay *self, const char *label, const char *name,
                         const char *type, const char *child_ns, const char *child_name,
                         guint timeout_ms)
{
  Step *s = g_new0 (Step, 1);

  s->kind = STEP_WAIT;
  s->label = g_strdup (label);
  s->name = g_strdup (name);
  s->type = g_strdup (type);
  s->child_ns = g_strdup (child_ns);
  s->child_name = g_strdup (child_name);
  s->timeout_ms = timeout_ms;
  g_ptr_array_add (self->steps, s);
}

void
jd_test_replay_add_wait_jingle (JdTestReplay *self, const char *action, guint timeout_ms)
{
  jd_test_replay_add_wait (self, action, "iq", "set", NS_JINGLE, "jingle", timeout_ms);
  ((Step *) g_ptr_array_index (self->steps, self->steps->len - 1))->action = g_strdup (action);
}

/* ---- Rewriting ---- */

static char *
replace_all (char *text, const char *from, const char *to)
{
  g_auto (GStrv) parts = NULL;

  if (from == NULL || to == NULL || *from == '\0')
    return text;
  parts = g_strsplit (text, from, -1);
  g_free (text);
  return g_strjoinv (to, parts);
}

/* JIDs and the sid as text: they appear in attributes of several
 * elements (to, initiator, responder).  Full JIDs first, through
 * placeholders, so that a bare JID inside a full one is not replaced
 * twice. */
static char *
rewrite_text (JdTestReplay *self, const char *xml)
{
  char *text = g_strdup (xml);

  text = replace_all (text, self->captured_sid, self->sid);
  text = replace_all (text, self->actor_full, "\x01" "1");
  text = replace_all (text, self->other_full, "\x01" "2");
  text = replace_all (text, self->actor_bare, "\x01" "3");
  text = replace_all (text, self->other_bare, "\x01" "4");
  text = replace_all (text, "\x01" "1", jd_test_replay_get_jid (self));
  text = replace_all (text, "\x01" "2", self->peer_full);
  text = replace_all (text, "\x01" "3", self->account->jid);
  return replace_all (text, "\x01" "4", self->peer_bare);
}

static Endpoint *
endpoint_for (JdTestReplay *self, const char *ip, const char *port)
{
  g_autofree char *key = g_strdup_printf ("%s %s", ip, port);
  g_autoptr (GError) error = NULL;
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  Endpoint *e = g_hash_table_lookup (self->endpoints, key);

  if (e != NULL)
    return e;
  e = g_new0 (Endpoint, 1);
  e->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                            G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (e->socket, FALSE);
  g_socket_bind (e->socket, any, FALSE, &error);
  g_assert_no_error (error);
  e->source = g_socket_create_source (e->socket, G_IO_IN, NULL);
  g_source_set_callback (e->source, (GSourceFunc) (void (*) (void)) on_datagram, self, NULL);
  g_source_attach (e->source, g_main_context_get_thread_default ());
  g_hash_table_insert (self->endpoints, g_steal_pointer (&key), e);
  return e;
}

static void
point_at (JdTestReplay *self, xmpp_stanza_t *el, const char *ip_attr, const char *port_attr)
{
  const char *ip = xmpp_stanza_get_attribute (el, ip_attr);
  const char *port = xmpp_stanza_get_attribute (el, port_attr);
  g_autoptr (GSocketAddress) local = NULL;
  g_autofree char *number = NULL;
  Endpoint *e;

  if (ip == NULL || port == NULL)
    return;
  e = endpoint_for (self, ip, port);
  local = g_socket_get_local_address (e->socket, NULL);
  number = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  xmpp_stanza_set_attribute (el, ip_attr, "127.0.0.1");
  xmpp_stanza_set_attribute (el, port_attr, number);
}

/* Every <candidate/> below @el, at any depth. */
static void
rewrite_candidates (JdTestReplay *self, xmpp_stanza_t *el)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c; c = xmpp_stanza_get_next (c))
    {
      if (!xmpp_stanza_is_tag (c))
        continue;
      if (g_strcmp0 (xmpp_stanza_get_name (c), "candidate") == 0)
        {
          point_at (self, c, "ip", "port");
          point_at (self, c, "rel-addr", "rel-port");
        }
      rewrite_candidates (self, c);
    }
}

static xmpp_stanza_t *
rewrite (JdTestReplay *self, const char *xml)
{
  xmpp_ctx_t *ctx = jd_xmpp_connection_get_context (jd_test_account_conn (self->account));
  g_autofree char *text = rewrite_text (self, xml);
  xmpp_stanza_t *stanza = jd_stanza_from_string (ctx, text);
  const char *id;

  g_assert_nonnull (stanza);
  id = xmpp_stanza_get_id (stanza);
  if (id != NULL)
    {
      g_autofree char *unique = g_strdup_printf ("replay-%s-%s", self->sid, id);

      xmpp_stanza_set_id (stanza, unique);
    }
  rewrite_candidates (self, stanza);
  return stanza;
}

/* ---- Running ---- */

static gboolean
step_matches (const Step *s, xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *child = NULL;

  if (s->name != NULL && g_strcmp0 (s->name, xmpp_stanza_get_name (stanza)) != 0)
    return FALSE;
  if (s->type != NULL && g_strcmp0 (s->type, xmpp_stanza_get_type (stanza)) != 0)
    return FALSE;
  if (s->child_name == NULL)
    return TRUE;
  child = jd_stanza_get_child (stanza, s->child_name, s->child_ns);
  if (child == NULL)
    return FALSE;
  return s->action == NULL || g_strcmp0 (s->action, xmpp_stanza_get_attribute (child, "action")) == 0;
}

static gboolean
claim (JdTestReplay *self, const Step *s)
{
  for (guint i = 0; i < self->received->len; i++)
    if (!g_array_index (self->claimed, gboolean, i) &&
        step_matches (s, g_ptr_array_index (self->received, i)))
      {
        g_array_index (self->claimed, gboolean, i) = TRUE;
        return TRUE;
      }
  return FALSE;
}

static void
run_step (JdTestReplay *self, const Step *s)
{
  if (s->kind == STEP_SEND)
    {
      g_autoptr (xmpp_stanza_t) stanza = rewrite (self, s->xml);

      g_test_message ("replay: sending %s", s->label);
      g_assert_true (jd_xmpp_connection_send (jd_test_account_conn (self->account), stanza));
      self->sent++;
      return;
    }
  g_test_message ("replay: waiting for %s", s->label);
  JD_TEST_WAIT_UNTIL (claim (self, s), s->timeout_ms);
}

gboolean
jd_test_replay_step (JdTestReplay *self)
{
  g_assert_nonnull (self->peer_full);
  if (self->next_step >= self->steps->len)
    return FALSE;
  run_step (self, g_ptr_array_index (self->steps, self->next_step++));
  return TRUE;
}

void
jd_test_replay_run (JdTestReplay *self)
{
  while (jd_test_replay_step (self))
    ;
}

/* ---- Results ---- */

GPtrArray *
jd_test_replay_received (JdTestReplay *self)
{
  return self->received;
}

xmpp_stanza_t *
jd_test_replay_find_jingle (JdTestReplay *self, const char *action)
{
  for (guint i = 0; i < self->received->len; i++)
    {
      xmpp_stanza_t *stanza = g_ptr_array_index (self->received, i);
      xmpp_stanza_t *jingle = jd_stanza_get_child (stanza, "jingle", NS_JINGLE);

      if (is_jingle_request (stanza) &&
          g_strcmp0 (xmpp_stanza_get_attribute (jingle, "action"), action) == 0)
        return stanza;
    }
  return NULL;
}

static guint
count_iqs (JdTestReplay *self, const char *type)
{
  guint n = 0;

  for (guint i = 0; i < self->received->len; i++)
    {
      xmpp_stanza_t *stanza = g_ptr_array_index (self->received, i);

      if (g_strcmp0 (xmpp_stanza_get_name (stanza), "iq") == 0 &&
          g_strcmp0 (xmpp_stanza_get_type (stanza), type) == 0)
        n++;
    }
  return n;
}

guint
jd_test_replay_count_errors (JdTestReplay *self)
{
  return count_iqs (self, "error");
}

guint
jd_test_replay_count_results (JdTestReplay *self)
{
  return count_iqs (self, "result");
}

guint
jd_test_replay_count_datagrams (JdTestReplay *self)
{
  return self->datagrams;
}
