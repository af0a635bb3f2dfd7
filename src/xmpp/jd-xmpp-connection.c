/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-xmpp-connection.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "jd-jid.h"
#include "jd-strophe-source.h"
#include "jd-xmpp-iq.h"
#include "jd-xmpp-log.h"

#define NS_PING "urn:xmpp:ping"

struct _JdXmppConnection
{
  GObject parent_instance;

  JdXmppSettings *settings;
  char *bare_jid;
  char *domain;

  xmpp_log_t log;             /* ctx keeps a pointer to it */
  xmpp_ctx_t *ctx;            /* one per connection: run_once serves only us */
  xmpp_conn_t *conn;          /* the live stream, or NULL */
  GPtrArray *dead_conns;      /* closed inside xmpp_run_once; released after it */
  xmpp_sm_state_t *sm_state;  /* XEP-0198 state kept across a reconnect */

  GSource *source;            /* jd-strophe-source */
  JdXmppState state;
  gboolean want_online;

  /* Facts about the stream being set up, learnt from libstrophe callbacks
   * and its log; reset at every attempt. */
  gboolean sasl_failed;
  char *sasl_condition;
  char *cert_error;
  gboolean tls_unavailable;
  gboolean resumed;
  int connect_errno;          /* the TCP connect failed with this */

  GError *last_error;
  guint backoff_attempt;
  GSource *reconnect_source;
  GSource *connect_idle;
  GSource *ping_source;
  gint64 last_rx_us;
  gboolean ping_in_flight;

  GPtrArray *handlers;        /* Handler*, sorted by priority */
  guint next_handler_id;
  int dispatch_depth;
  JdXmppIqTracker *iqs;
};

G_DEFINE_FINAL_TYPE (JdXmppConnection, jd_xmpp_connection, G_TYPE_OBJECT)

enum {
  SIGNAL_READY,
  SIGNAL_DISCONNECTED,
  SIGNAL_STATE_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

typedef struct {
  guint id;
  int priority;
  char *name;
  char *ns;
  JdStanzaHandler func;
  gpointer user_data;
  GDestroyNotify destroy;
  gboolean removed;
} Handler;

static void start_attempt (JdXmppConnection *self);
static void schedule_ping (JdXmppConnection *self);

const char *
jd_xmpp_state_to_string (JdXmppState state)
{
  static const char *const names[] = {
    [JD_XMPP_STATE_DISCONNECTED] = "disconnected",
    [JD_XMPP_STATE_CONNECTING] = "connecting",
    [JD_XMPP_STATE_READY] = "ready",
    [JD_XMPP_STATE_WAITING] = "waiting",
  };

  g_return_val_if_fail (state < G_N_ELEMENTS (names), "unknown");
  return names[state];
}

/* ---------------------------------------------------------------- */
/* libstrophe gives no user data to its sockopt and certfail callbacks;
 * both can reach the xmpp_ctx_t, and each JdXmppConnection has its own. */

G_LOCK_DEFINE_STATIC (registry);
static GHashTable *registry;

static void
registry_set (xmpp_ctx_t *ctx, JdXmppConnection *self)
{
  G_LOCK (registry);
  if (registry == NULL)
    registry = g_hash_table_new (NULL, NULL);
  if (self != NULL)
    g_hash_table_insert (registry, ctx, self);
  else
    g_hash_table_remove (registry, ctx);
  G_UNLOCK (registry);
}

static JdXmppConnection *
registry_lookup (const xmpp_ctx_t *ctx)
{
  JdXmppConnection *self;

  G_LOCK (registry);
  self = registry != NULL ? g_hash_table_lookup (registry, ctx) : NULL;
  G_UNLOCK (registry);
  return self;
}

/* ---------------------------------------------------------------- */
/* The stream                                                       */

static void
release_dead_conns (GObject *owner)
{
  JdXmppConnection *self = JD_XMPP_CONNECTION (owner);

  while (self->dead_conns->len > 0)
    xmpp_conn_release (g_ptr_array_steal_index (self->dead_conns, 0));
}

static void
update_ticking (JdXmppConnection *self)
{
  jd_strophe_source_set_ticking (self->source,
                                 self->conn != NULL && self->state != JD_XMPP_STATE_READY);
}

/* Forgets the current xmpp_conn_t; it is released once libstrophe is no
 * longer on the stack (it may be iterating over it). */
static void
drop_conn (JdXmppConnection *self)
{
  xmpp_conn_t *conn = g_steal_pointer (&self->conn);

  if (conn == NULL)
    return;
  jd_strophe_source_watch_fd (self->source, -1);
  jd_strophe_source_set_conn (self->source, NULL);
  update_ticking (self);
  g_ptr_array_add (self->dead_conns, conn);
  if (!jd_strophe_source_is_running (self->source))
    release_dead_conns (G_OBJECT (self));
}

/* ---------------------------------------------------------------- */
/* State                                                            */

static void
set_state (JdXmppConnection *self, JdXmppState state)
{
  if (self->state == state)
    return;
  self->state = state;
  update_ticking (self);
  g_debug ("%s: %s", self->bare_jid, jd_xmpp_state_to_string (state));
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static GSource *
attach_timeout (JdXmppConnection *self, guint ms, gboolean seconds_granularity,
                GSourceFunc func)
{
  GSource *source = seconds_granularity ? g_timeout_source_new_seconds (ms / 1000)
                                        : g_timeout_source_new (ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static guint
next_backoff_ms (JdXmppConnection *self)
{
  guint64 delay = self->settings->backoff_min_ms;

  for (guint i = 0; i < self->backoff_attempt && delay < self->settings->backoff_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->settings->backoff_max_ms);
  self->backoff_attempt++;
  /* "Equal jitter": at least half the delay, so clients that lost the
   * same server do not come back in lockstep. */
  return (guint) (delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1));
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  JdXmppConnection *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (JdXmppConnection *self)
{
  guint delay = next_backoff_ms (self);

  g_debug ("%s: reconnecting in %u ms", self->bare_jid, delay);
  clear_source (&self->reconnect_source);
  self->reconnect_source = attach_timeout (self, delay, FALSE, on_reconnect_timeout);
}

/* ---------------------------------------------------------------- */
/* Why a stream closed                                              */

static GError *
classify_close (JdXmppConnection *self, int error, const xmpp_stream_error_t *se,
                gboolean was_ready)
{
  if (se != NULL)
    return jd_xmpp_error_from_stream_error (se);
  if (self->cert_error != NULL)
    return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_CERTIFICATE,
                        "server certificate rejected: %s", self->cert_error);
  if (self->sasl_failed)
    return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_AUTH_FAILED,
                        "authentication failed: %s",
                        self->sasl_condition != NULL ? self->sasl_condition : "not-authorized");
  if (self->tls_unavailable)
    return g_error_new_literal (JD_XMPP_ERROR, JD_XMPP_ERROR_TLS,
                                "the server does not offer STARTTLS, which is required");
  if (!was_ready && self->connect_errno != 0)
    return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_UNREACHABLE,
                        "cannot connect: %s", g_strerror (self->connect_errno));
  if (!was_ready && error != 0)
    return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_UNREACHABLE,
                        "cannot connect: %s", g_strerror (error));
  if (!was_ready)
    return g_error_new_literal (JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED,
                                "the server closed the stream during setup");
  return g_error_new (JD_XMPP_ERROR, JD_XMPP_ERROR_DISCONNECTED, "connection lost%s%s",
                      error != 0 ? ": " : "", error != 0 ? g_strerror (error) : "");
}

/* Retrying cannot fix bad credentials, an untrusted certificate, a server
 * without TLS or another client that took our resource. */
static gboolean
is_permanent (const GError *error)
{
  if (g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_STREAM))
    return g_str_has_prefix (error->message, "conflict");
  return g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_AUTH_FAILED) ||
         g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_CERTIFICATE) ||
         g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_TLS);
}

/* ---------------------------------------------------------------- */
/* libstrophe callbacks                                             */

static void
on_strophe_log (void *userdata, xmpp_log_level_t level, const char *area, const char *msg)
{
  JdXmppConnection *self = userdata;

  switch (jd_xmpp_log_classify (area, msg))
    {
    case JD_STROPHE_EVENT_SASL_FAILURE:
      self->sasl_failed = TRUE;
      g_free (self->sasl_condition);
      self->sasl_condition = jd_xmpp_log_sasl_condition (msg);
      break;
    case JD_STROPHE_EVENT_SESSION_RESUMED:
      self->resumed = TRUE;
      break;
    case JD_STROPHE_EVENT_TLS_UNAVAILABLE:
      self->tls_unavailable = TRUE;
      break;
    case JD_STROPHE_EVENT_CONNECT_FAILED:
      self->connect_errno = jd_xmpp_log_connect_errno (msg);
      break;
    case JD_STROPHE_EVENT_CONNECT_TIMEOUT:
      self->connect_errno = ETIMEDOUT;
      break;
    case JD_STROPHE_EVENT_NONE:
    default:
      break;
    }
  jd_xmpp_log_forward (level, area, msg, self->bare_jid);
}

static int
on_sockopt (xmpp_conn_t *conn, void *sock)
{
  JdXmppConnection *self = registry_lookup (xmpp_conn_get_context (conn));
  int fd = *(int *) sock;
  int one = 1;

  /* Stanzas are small and latency matters (call signalling): without this
   * Nagle holds each one back for the peer's delayed ACK, ~40 ms a hop. */
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (self != NULL && conn == self->conn)
    jd_strophe_source_watch_fd (self->source, fd);
  return 0;
}

static int
on_certfail (const xmpp_tlscert_t *cert, const char *errormsg)
{
  JdXmppConnection *self = registry_lookup (xmpp_tlscert_get_ctx (cert));

  if (self != NULL)
    {
      g_free (self->cert_error);
      self->cert_error = g_strdup (errormsg);
    }
  return 0; /* never accept a certificate that did not verify */
}

static void
on_stream_ready (JdXmppConnection *self)
{
  self->backoff_attempt = 0;
  g_clear_error (&self->last_error);
  self->last_rx_us = g_get_monotonic_time ();
  set_state (self, JD_XMPP_STATE_READY);
  schedule_ping (self);
  g_info ("%s: online as %s%s", self->bare_jid, jd_xmpp_connection_get_bound_jid (self),
          self->resumed ? " (stream resumed)" : "");
  g_signal_emit (self, signals[SIGNAL_READY], 0, self->resumed);
}

static void
on_stream_closed (JdXmppConnection *self, int error, const xmpp_stream_error_t *se)
{
  gboolean was_ready = self->state == JD_XMPP_STATE_READY;
  g_autoptr (GError) reason = NULL;
  gboolean retry;

  g_clear_pointer (&self->sm_state, xmpp_free_sm_state);
  if (self->want_online)
    self->sm_state = xmpp_conn_get_sm_state (self->conn);
  drop_conn (self);
  clear_source (&self->ping_source);
  self->ping_in_flight = FALSE;

  if (self->want_online)
    reason = classify_close (self, error, se, was_ready);
  retry = reason != NULL && self->settings->reconnect && !is_permanent (reason);
  if (!retry)
    {
      self->want_online = FALSE;
      g_clear_pointer (&self->sm_state, xmpp_free_sm_state);
    }
  jd_xmpp_iq_tracker_fail_all (self->iqs, reason);
  g_clear_error (&self->last_error);
  self->last_error = reason != NULL ? g_error_copy (reason) : NULL;
  if (reason != NULL)
    g_info ("%s: %s", self->bare_jid, reason->message);

  set_state (self, retry ? JD_XMPP_STATE_WAITING : JD_XMPP_STATE_DISCONNECTED);
  if (retry)
    schedule_reconnect (self);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, reason, retry);
}

static void
on_conn_event (xmpp_conn_t *conn, xmpp_conn_event_t event, int error,
               xmpp_stream_error_t *stream_error, void *userdata)
{
  JdXmppConnection *self = userdata;

  if (conn != self->conn)
    return;
  switch (event)
    {
    case XMPP_CONN_CONNECT:
      on_stream_ready (self);
      break;
    case XMPP_CONN_DISCONNECT:
    case XMPP_CONN_FAIL:
      on_stream_closed (self, error, stream_error);
      break;
    case XMPP_CONN_RAW_CONNECT:
    default:
      break;
    }
}

/* ---------------------------------------------------------------- */
/* Stanza dispatch                                                  */

static gboolean
handler_matches (const Handler *h, xmpp_stanza_t *stanza)
{
  if (h->removed)
    return FALSE;
  if (h->name != NULL && g_strcmp0 (h->name, xmpp_stanza_get_name (stanza)) != 0)
    return FALSE;
  return h->ns == NULL || g_strcmp0 (h->ns, jd_stanza_get_first_child_ns (stanza)) == 0;
}

static void
handler_free (Handler *h)
{
  if (h->destroy != NULL)
    h->destroy (h->user_data);
  g_free (h->name);
  g_free (h->ns);
  g_free (h);
}

static void
compact_handlers (JdXmppConnection *self)
{
  for (guint i = self->handlers->len; i > 0; i--)
    {
      Handler *h = g_ptr_array_index (self->handlers, i - 1);

      if (h->removed)
        g_ptr_array_remove_index (self->handlers, i - 1);
    }
}

static gboolean
run_handlers (JdXmppConnection *self, xmpp_stanza_t *stanza)
{
  gboolean handled = FALSE;

  self->dispatch_depth++;
  /* Handlers added during dispatch are appended after a sort, so iterate
   * by index and re-read the length. */
  for (guint i = 0; i < self->handlers->len && !handled; i++)
    {
      Handler *h = g_ptr_array_index (self->handlers, i);

      if (handler_matches (h, stanza))
        handled = h->func (self, stanza, h->user_data) == JD_STANZA_HANDLED;
    }
  if (--self->dispatch_depth == 0)
    compact_handlers (self);
  return handled;
}

static gboolean
is_request (xmpp_stanza_t *stanza)
{
  const char *type = xmpp_stanza_get_type (stanza);

  return g_strcmp0 (xmpp_stanza_get_name (stanza), "iq") == 0 &&
         (g_strcmp0 (type, "get") == 0 || g_strcmp0 (type, "set") == 0);
}

static int
on_stanza (xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata)
{
  JdXmppConnection *self = userdata;

  self->last_rx_us = g_get_monotonic_time ();
  if (jd_xmpp_iq_tracker_dispatch (self->iqs, stanza) || run_handlers (self, stanza))
    return 1;
  if (is_request (stanza))
    {
      g_autoptr (xmpp_stanza_t) reply =
        jd_stanza_error_reply (stanza, "cancel", "service-unavailable", NULL);

      xmpp_send (conn, reply);
    }
  return 1;
}

guint
jd_xmpp_connection_add_handler (JdXmppConnection *self,
                                int priority,
                                const char *stanza_name,
                                const char *child_ns,
                                JdStanzaHandler handler,
                                gpointer user_data,
                                GDestroyNotify destroy)
{
  Handler *h = g_new0 (Handler, 1);
  guint pos = 0;

  g_return_val_if_fail (JD_IS_XMPP_CONNECTION (self), 0);
  h->id = ++self->next_handler_id;
  h->priority = priority;
  h->name = g_strdup (stanza_name);
  h->ns = g_strdup (child_ns);
  h->func = handler;
  h->user_data = user_data;
  h->destroy = destroy;
  while (pos < self->handlers->len &&
         ((Handler *) g_ptr_array_index (self->handlers, pos))->priority <= priority)
    pos++;
  g_ptr_array_insert (self->handlers, (gint) pos, h);
  return h->id;
}

void
jd_xmpp_connection_remove_handler (JdXmppConnection *self, guint handler_id)
{
  g_return_if_fail (JD_IS_XMPP_CONNECTION (self));
  for (guint i = 0; i < self->handlers->len; i++)
    {
      Handler *h = g_ptr_array_index (self->handlers, i);

      if (h->id != handler_id)
        continue;
      h->removed = TRUE;
      if (self->dispatch_depth == 0)
        compact_handlers (self);
      return;
    }
}

/* XEP-0199 §4: answer pings from the server and from peers. */
static JdStanzaResult
on_ping_request (JdXmppConnection *self, xmpp_stanza_t *stanza, gpointer user_data)
{
  g_autoptr (xmpp_stanza_t) reply = NULL;

  if (g_strcmp0 (xmpp_stanza_get_type (stanza), "get") != 0)
    return JD_STANZA_PASS;
  reply = jd_stanza_iq_result (stanza);
  jd_xmpp_connection_send (self, reply);
  return JD_STANZA_HANDLED;
}

/* ---------------------------------------------------------------- */
/* IQ requests                                                      */

void
jd_xmpp_connection_send_iq_async (JdXmppConnection *self,
                                  xmpp_stanza_t *iq,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data)
{
  g_return_if_fail (JD_IS_XMPP_CONNECTION (self));
  jd_xmpp_iq_tracker_send (self->iqs, iq, self->settings->iq_timeout, cancellable, callback,
                           user_data);
}

/**
 * jd_xmpp_connection_send_iq_finish:
 * Returns: (transfer full): the result IQ; an error reply becomes
 *   %JD_XMPP_ERROR_STANZA whose message starts with the defined condition.
 */
xmpp_stanza_t *
jd_xmpp_connection_send_iq_finish (JdXmppConnection *self,
                                   GAsyncResult *result,
                                   GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_task_iq_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  g_autoptr (xmpp_stanza_t) reply =
    jd_xmpp_connection_send_iq_finish (JD_XMPP_CONNECTION (source), result, &error);

  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
jd_xmpp_connection_send_iq_for_task (JdXmppConnection *self, xmpp_stanza_t *iq, GTask *task)
{
  jd_xmpp_connection_send_iq_async (self, iq, g_task_get_cancellable (task), on_task_iq_done,
                                    task);
}

/* ---------------------------------------------------------------- */
/* XEP-0199 keepalive                                               */

static void
on_ping_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  JdXmppConnection *self = JD_XMPP_CONNECTION (source);
  g_autoptr (GError) error = NULL;

  jd_stanza_unref (jd_xmpp_connection_send_iq_finish (self, result, &error));
  self->ping_in_flight = FALSE;
  /* Any answer, even an error, proves the link is alive. */
  if (g_error_matches (error, JD_XMPP_ERROR, JD_XMPP_ERROR_TIMEOUT) && self->conn != NULL)
    {
      g_info ("%s: ping timed out, the link is dead", self->bare_jid);
      jd_xmpp_connection_break_link_for_test (self);
    }
}

static gboolean
on_ping_timer (gpointer user_data)
{
  JdXmppConnection *self = user_data;
  gint64 idle_s = (g_get_monotonic_time () - self->last_rx_us) / G_USEC_PER_SEC;

  g_clear_pointer (&self->ping_source, g_source_unref);
  if (self->state == JD_XMPP_STATE_READY && !self->ping_in_flight &&
      idle_s + 1 >= (gint64) self->settings->ping_interval)
    {
      g_autoptr (xmpp_stanza_t) iq =
        jd_stanza_new_iq (self->ctx, "get", self->domain, "ping", NS_PING);

      self->ping_in_flight = TRUE;
      jd_xmpp_iq_tracker_send (self->iqs, iq, self->settings->ping_timeout, NULL, on_ping_reply,
                               NULL);
    }
  schedule_ping (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_ping (JdXmppConnection *self)
{
  clear_source (&self->ping_source);
  if (self->settings->ping_interval == 0 || self->state != JD_XMPP_STATE_READY)
    return;
  self->ping_source = attach_timeout (self, self->settings->ping_interval * 1000, TRUE,
                                      on_ping_timer);
}

/* ---------------------------------------------------------------- */
/* Connecting                                                       */

static void
reset_attempt_facts (JdXmppConnection *self)
{
  self->sasl_failed = FALSE;
  g_clear_pointer (&self->sasl_condition, g_free);
  g_clear_pointer (&self->cert_error, g_free);
  self->tls_unavailable = FALSE;
  self->resumed = FALSE;
  self->connect_errno = 0;
}

static xmpp_conn_t *
new_strophe_conn (JdXmppConnection *self)
{
  xmpp_conn_t *conn = xmpp_conn_new (self->ctx);
  long flags = self->settings->allow_plaintext ? 0 : XMPP_CONN_FLAG_MANDATORY_TLS;

  xmpp_conn_set_flags (conn, flags);
  xmpp_conn_set_jid (conn, self->settings->jid);
  if (self->settings->password != NULL)
    xmpp_conn_set_pass (conn, self->settings->password);
  if (self->settings->cafile != NULL)
    xmpp_conn_set_cafile (conn, self->settings->cafile);
  xmpp_conn_set_certfail_handler (conn, on_certfail);
  xmpp_conn_set_sockopt_callback (conn, on_sockopt);
  if (self->sm_state != NULL)
    xmpp_conn_set_sm_state (conn, g_steal_pointer (&self->sm_state));
  xmpp_handler_add (conn, on_stanza, NULL, NULL, NULL, self);
  return conn;
}

static void
start_attempt (JdXmppConnection *self)
{
  int rc;

  if (!self->want_online || self->conn != NULL)
    return;
  reset_attempt_facts (self);
  self->conn = new_strophe_conn (self);
  jd_strophe_source_set_conn (self->source, self->conn);
  set_state (self, JD_XMPP_STATE_CONNECTING);
  rc = xmpp_connect_client (self->conn, self->settings->host,
                            self->settings->port, on_conn_event, self);
  if (rc != XMPP_EOK)
    on_stream_closed (self, ECONNREFUSED, NULL);
}

static gboolean
on_connect_idle (gpointer user_data)
{
  JdXmppConnection *self = user_data;

  g_clear_pointer (&self->connect_idle, g_source_unref);
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

void
jd_xmpp_connection_connect (JdXmppConnection *self)
{
  g_return_if_fail (JD_IS_XMPP_CONNECTION (self));
  if (self->want_online)
    return;
  self->want_online = TRUE;
  self->backoff_attempt = 0;
  clear_source (&self->connect_idle);
  /* Never start a stream from inside libstrophe's own loop. */
  self->connect_idle = g_idle_source_new ();
  g_source_set_priority (self->connect_idle, G_PRIORITY_HIGH);
  g_source_set_callback (self->connect_idle, on_connect_idle, self, NULL);
  g_source_attach (self->connect_idle, g_main_context_get_thread_default ());
}

void
jd_xmpp_connection_disconnect (JdXmppConnection *self)
{
  g_return_if_fail (JD_IS_XMPP_CONNECTION (self));
  self->want_online = FALSE;
  clear_source (&self->reconnect_source);
  clear_source (&self->connect_idle);
  g_clear_pointer (&self->sm_state, xmpp_free_sm_state);
  if (self->conn != NULL && self->state == JD_XMPP_STATE_READY)
    {
      /* Graceful: </stream:stream>, then libstrophe closes on the
       * server's answer or after its own timeout. */
      set_state (self, JD_XMPP_STATE_CONNECTING);
      xmpp_disconnect (self->conn);
      return;
    }
  drop_conn (self);
  jd_xmpp_iq_tracker_fail_all (self->iqs, NULL);
  if (self->state != JD_XMPP_STATE_DISCONNECTED)
    {
      set_state (self, JD_XMPP_STATE_DISCONNECTED);
      g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, NULL, FALSE);
    }
}

gboolean
jd_xmpp_connection_send (JdXmppConnection *self, xmpp_stanza_t *stanza)
{
  g_return_val_if_fail (JD_IS_XMPP_CONNECTION (self), FALSE);
  if (self->conn == NULL || self->state != JD_XMPP_STATE_READY)
    return FALSE;
  xmpp_send (self->conn, stanza);
  return TRUE;
}

void
jd_xmpp_connection_break_link_for_test (JdXmppConnection *self)
{
  int fd = jd_strophe_source_get_fd (self->source);

  /* libstrophe then reads EOF and closes as on a network failure, keeping
   * the XEP-0198 state resumable. */
  if (fd >= 0)
    shutdown (fd, SHUT_RDWR);
}

/* ---------------------------------------------------------------- */
/* Accessors                                                        */

JdXmppState
jd_xmpp_connection_get_state (JdXmppConnection *self)
{
  g_return_val_if_fail (JD_IS_XMPP_CONNECTION (self), JD_XMPP_STATE_DISCONNECTED);
  return self->state;
}

const JdXmppSettings *
jd_xmpp_connection_get_settings (JdXmppConnection *self)
{
  return self->settings;
}

const char *
jd_xmpp_connection_get_bound_jid (JdXmppConnection *self)
{
  const char *bound = self->conn != NULL ? xmpp_conn_get_bound_jid (self->conn) : NULL;

  return bound != NULL ? bound : self->bare_jid;
}

const char *
jd_xmpp_connection_get_bare_jid (JdXmppConnection *self)
{
  return self->bare_jid;
}

const char *
jd_xmpp_connection_get_domain (JdXmppConnection *self)
{
  return self->domain;
}

xmpp_ctx_t *
jd_xmpp_connection_get_context (JdXmppConnection *self)
{
  return self->ctx;
}

const GError *
jd_xmpp_connection_get_last_error (JdXmppConnection *self)
{
  return self->last_error;
}

gboolean
jd_xmpp_connection_is_secure (JdXmppConnection *self)
{
  return self->conn != NULL && xmpp_conn_is_secured (self->conn);
}

guint64
jd_xmpp_connection_get_wakeups (JdXmppConnection *self)
{
  return jd_strophe_source_get_wakeups (self->source);
}

/* ---------------------------------------------------------------- */
/* GObject                                                          */

static void
jd_xmpp_connection_dispose (GObject *object)
{
  JdXmppConnection *self = JD_XMPP_CONNECTION (object);

  self->want_online = FALSE;
  clear_source (&self->reconnect_source);
  clear_source (&self->connect_idle);
  clear_source (&self->ping_source);
  drop_conn (self);
  jd_xmpp_iq_tracker_fail_all (self->iqs, NULL);
  G_OBJECT_CLASS (jd_xmpp_connection_parent_class)->dispose (object);
}

static void
jd_xmpp_connection_finalize (GObject *object)
{
  JdXmppConnection *self = JD_XMPP_CONNECTION (object);

  release_dead_conns (G_OBJECT (self));
  g_clear_pointer (&self->sm_state, xmpp_free_sm_state);
  clear_source (&self->source);
  registry_set (self->ctx, NULL);
  g_clear_pointer (&self->ctx, xmpp_ctx_free);
  g_ptr_array_unref (self->dead_conns);
  g_ptr_array_unref (self->handlers);
  jd_xmpp_iq_tracker_free (self->iqs);
  reset_attempt_facts (self);
  g_clear_error (&self->last_error);
  g_free (self->bare_jid);
  g_free (self->domain);
  jd_xmpp_settings_free (self->settings);
  G_OBJECT_CLASS (jd_xmpp_connection_parent_class)->finalize (object);
}

static void
jd_xmpp_connection_class_init (JdXmppConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jd_xmpp_connection_dispose;
  object_class->finalize = jd_xmpp_connection_finalize;

  /**
   * JdXmppConnection::ready:
   * @resumed: the XEP-0198 stream was resumed: roster, presence and
   *   subscriptions are as they were, nothing needs to be sent again.
   */
  signals[SIGNAL_READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * JdXmppConnection::disconnected:
   * @reason: (nullable): why, or NULL after jd_xmpp_connection_disconnect()
   * @will_reconnect: a reconnect is scheduled
   */
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_ERROR, G_TYPE_BOOLEAN);
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
jd_xmpp_connection_init (JdXmppConnection *self)
{
  self->handlers = g_ptr_array_new_with_free_func ((GDestroyNotify) handler_free);
  self->dead_conns = g_ptr_array_new ();
  self->iqs = jd_xmpp_iq_tracker_new (self);
}

static void
ensure_library (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      xmpp_initialize ();
      /* libstrophe writes with plain send(): a peer that closed the
       * socket must be an error return, not a process-killing SIGPIPE. */
      signal (SIGPIPE, SIG_IGN);
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * jd_xmpp_connection_new:
 * @settings: copied
 *
 * The connection runs on the thread-default main context of the caller.
 * Returns: (transfer full)
 */
JdXmppConnection *
jd_xmpp_connection_new (const JdXmppSettings *settings)
{
  JdXmppConnection *self;

  g_return_val_if_fail (settings != NULL && settings->jid != NULL, NULL);
  ensure_library ();
  self = g_object_new (JD_TYPE_XMPP_CONNECTION, NULL);
  self->settings = jd_xmpp_settings_copy (settings);
  self->bare_jid = jd_jid_bare_of (settings->jid);
  if (self->bare_jid == NULL)
    self->bare_jid = g_strdup (settings->jid);
  self->domain = g_strdup (strchr (self->bare_jid, '@') != NULL
                             ? strchr (self->bare_jid, '@') + 1 : self->bare_jid);
  self->log.handler = on_strophe_log;
  self->log.userdata = self;
  self->ctx = xmpp_ctx_new (NULL, &self->log);
  registry_set (self->ctx, self);

  self->source = jd_strophe_source_new (self->ctx, G_OBJECT (self), release_dead_conns);
  g_source_attach (self->source, g_main_context_get_thread_default ());

  jd_xmpp_connection_add_handler (self, JD_XMPP_PRIORITY_DEFAULT, "iq", NS_PING,
                                  on_ping_request, NULL, NULL);
  return self;
}
