/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a D-Bus client of a test daemon (jd-test-daemon.h) sees of its
 * calls: Call1 proxies with their Ended reason and DTMF, the account's
 * IncomingCall, dialling a bare JID until the callee is reachable, and
 * the tone a call recording (audio-sink = file:...) holds.
 */
#pragma once

#include "jd-test-daemon.h"

G_BEGIN_DECLS

#define JD_TEST_DAEMON_CALL_TIMEOUT_MS 15000

typedef struct {
  JdDbusCall1 *proxy;
  GString *dtmf;
  char *ended;                  /* the reason of Ended, once */
} JdTestDaemonCall;
typedef struct {
  guint count;
  char *path;
  char *from;
  GStrv media;
} JdTestIncoming;
typedef struct {
  guint count;
  char *from;                   /* of the last MissedCall */
  GStrv media;
  gint64 timestamp;
} JdTestMissed;

void        jd_test_daemon_call_watch  (JdTestDaemonCall *c, JdTestDaemon *d, const char *path);
void        jd_test_daemon_call_clear  (JdTestDaemonCall *c);
/* Why the call ended: its Ended signal, or for a call that ended before
 * the proxy was made (a quick decline), its EndReason.  NULL until then. */
const char *jd_test_daemon_call_end_reason (JdTestDaemonCall *c);
gboolean    jd_test_daemon_call_in_state (JdTestDaemonCall *c, const char *state);

/* For Account1::incoming-call, with a JdTestIncoming. */
void        jd_test_on_incoming_call   (JdDbusAccount1 *account, const char *path, const char *from,
                                        const char *const *media, JdTestIncoming *in);
void        jd_test_incoming_clear     (JdTestIncoming *in);
/* For Account1::missed-call, with a JdTestMissed; clear() also resets
 * the count. */
void        jd_test_on_missed_call     (JdDbusAccount1 *account, const char *from,
                                        const char *const *media, gint64 timestamp,
                                        JdTestMissed *m);
void        jd_test_missed_clear       (JdTestMissed *m);
/* For Manager1::call-added / call-removed: counts into a guint. */
void        jd_test_on_call_counted    (JdDbusManager1 *manager, const char *path, guint *count);

GVariant   *jd_test_no_options         (void);
/* Dials @jid with no options, again while the callee is not reachable
 * yet (PeerUnavailable).  Returns: (transfer full): the call's path */
char       *jd_test_daemon_dial        (JdTestDaemon *from, const char *jid);
const char *jd_test_daemon_bound_jid   (JdTestDaemon *d);

/* How many of the spectrum reports over the WAV @path peak at @hz. */
void        jd_test_count_tone         (const char *path, double hz, guint *hits, guint *reports);
/* A second of audio at least, mostly @hz. */
void        jd_test_assert_recorded_tone (const char *path, double hz);

G_END_DECLS
