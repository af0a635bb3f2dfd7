/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-strophe-source: a GSource that runs one libstrophe context on a GLib
 * main context without polling (DESIGN.md, "libstrophe on the GLib loop").
 *
 * - It watches the connection's socket (learnt by the owner from
 *   libstrophe's sockopt callback) for input, and for output only while
 *   libstrophe is connecting or has queued data; libstrophe then runs
 *   once with a zero timeout.
 * - After a read on a TLS stream it runs libstrophe until a whole TLS
 *   record is consumed: OpenSSL may hold decrypted bytes the socket no
 *   longer signals.
 * - libstrophe's own timed handlers only exist while a stream is set up or
 *   torn down; the owner turns a coarse tick on for those states only.
 */
#pragma once

#include <glib-object.h>
#include <strophe.h>

G_BEGIN_DECLS

/* Called after every run of libstrophe, outside of it. */
typedef void (*JdStropheAfterRun) (GObject *owner);

/* @owner is borrowed, and referenced while libstrophe runs: its callbacks
 * may drop the owner's last reference. */
GSource  *jd_strophe_source_new         (xmpp_ctx_t *ctx,
                                         GObject *owner,
                                         JdStropheAfterRun after_run);
void      jd_strophe_source_set_conn    (GSource *source, xmpp_conn_t *conn);
void      jd_strophe_source_watch_fd    (GSource *source, int fd);
int       jd_strophe_source_get_fd      (GSource *source);
void      jd_strophe_source_set_ticking (GSource *source, gboolean ticking);
/* TRUE while libstrophe is on the stack (its callbacks are running). */
gboolean  jd_strophe_source_is_running  (GSource *source);
guint64   jd_strophe_source_get_wakeups (GSource *source);

G_END_DECLS
