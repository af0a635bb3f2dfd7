/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-strophe-source.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/* libstrophe's timers (stream features, bind, disconnect cleanup) last a
 * few seconds; this resolution is plenty. */
#define TICK_MS 100

/* libstrophe reads 4096 bytes per run; a TLS record holds up to 16384. */
#define TLS_DRAIN_PASSES 4

typedef struct {
  GSource base;
  xmpp_ctx_t *ctx;          /* borrowed: the owner frees it after us */
  xmpp_conn_t *conn;        /* borrowed: the owner's current stream */
  GObject *owner;           /* borrowed: it owns us */
  JdStropheAfterRun after_run;
  gpointer fd_tag;
  int fd;
  GIOCondition watching;
  gboolean ticking;
  gint64 tick_deadline;
  int running;
  guint64 wakeups;
} StropheSource;

static void
update_fd_condition (StropheSource *s)
{
  GIOCondition want = G_IO_IN;

  if (s->fd_tag == NULL || s->conn == NULL)
    return;
  if (xmpp_conn_is_connecting (s->conn) || xmpp_conn_send_queue_len (s->conn) > 0)
    want |= G_IO_OUT;
  /* Modifying wakes the context up, so only do it on a real change. */
  if (want != s->watching)
    {
      g_source_modify_unix_fd (&s->base, s->fd_tag, want);
      s->watching = want;
    }
}

static gboolean
source_prepare (GSource *source, gint *timeout)
{
  StropheSource *s = (StropheSource *) source;
  gint64 now;

  *timeout = -1;
  update_fd_condition (s);
  if (!s->ticking)
    {
      s->tick_deadline = -1;
      return FALSE;
    }
  now = g_source_get_time (source);
  if (s->tick_deadline < 0)
    s->tick_deadline = now + TICK_MS * 1000;
  if (now >= s->tick_deadline)
    return TRUE;
  *timeout = (gint) ((s->tick_deadline - now + 999) / 1000);
  return FALSE;
}

static gboolean
source_check (GSource *source)
{
  StropheSource *s = (StropheSource *) source;

  return s->tick_deadline >= 0 && g_source_get_time (source) >= s->tick_deadline;
}

/* Servers keep Nagle on (Prosody does by default), so their next small
 * stanza waits for our ACK; Linux delays ACKs up to 40 ms and leaves its
 * quick-ACK mode by itself, hence re-arming it after every read. */
static void
ack_promptly (int fd)
{
#ifdef TCP_QUICKACK
  int one = 1;

  setsockopt (fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
#endif
}

static gboolean
source_dispatch (GSource *source, GSourceFunc callback, gpointer user_data)
{
  StropheSource *s = (StropheSource *) source;
  GIOCondition revents = s->fd_tag != NULL ? g_source_query_unix_fd (source, s->fd_tag) : 0;
  guint passes = 1;

  s->tick_deadline = -1;
  s->wakeups++;
  if ((revents & G_IO_IN) && s->conn != NULL && xmpp_conn_is_secured (s->conn))
    passes = TLS_DRAIN_PASSES;
  if (revents & G_IO_IN)
    ack_promptly (s->fd);
  g_object_ref (s->owner);
  s->running++;
  for (guint i = 0; i < passes; i++)
    xmpp_run_once (s->ctx, 0);
  s->running--;
  s->after_run (s->owner);
  g_object_unref (s->owner);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs source_funcs = {
  .prepare = source_prepare,
  .check = source_check,
  .dispatch = source_dispatch,
};

/**
 * jd_strophe_source_new:
 * Returns: (transfer full): an unattached source
 */
GSource *
jd_strophe_source_new (xmpp_ctx_t *ctx, GObject *owner, JdStropheAfterRun after_run)
{
  GSource *source = g_source_new (&source_funcs, sizeof (StropheSource));
  StropheSource *s = (StropheSource *) source;

  s->ctx = ctx;
  s->owner = owner;
  s->after_run = after_run;
  s->fd = -1;
  s->tick_deadline = -1;
  g_source_set_name (source, "jingled xmpp");
  return source;
}

void
jd_strophe_source_set_conn (GSource *source, xmpp_conn_t *conn)
{
  ((StropheSource *) source)->conn = conn;
}

void
jd_strophe_source_watch_fd (GSource *source, int fd)
{
  StropheSource *s = (StropheSource *) source;

  if (s->fd_tag != NULL)
    g_source_remove_unix_fd (source, s->fd_tag);
  s->fd_tag = fd >= 0 ? g_source_add_unix_fd (source, fd, G_IO_IN | G_IO_OUT) : NULL;
  s->fd = fd;
  s->watching = G_IO_IN | G_IO_OUT;
}

int
jd_strophe_source_get_fd (GSource *source)
{
  return ((StropheSource *) source)->fd;
}

void
jd_strophe_source_set_ticking (GSource *source, gboolean ticking)
{
  ((StropheSource *) source)->ticking = ticking;
}

gboolean
jd_strophe_source_is_running (GSource *source)
{
  return ((StropheSource *) source)->running > 0;
}

guint64
jd_strophe_source_get_wakeups (GSource *source)
{
  return ((StropheSource *) source)->wakeups;
}
