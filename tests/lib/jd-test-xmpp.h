/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A test account: a real JdXmppClient logged in to the private Prosody,
 * with everything it hears recorded for assertions.
 */
#pragma once

#include "jd-test-prosody.h"
#include "jd-test-util.h"
#include "xmpp/jd-xmpp-client.h"

G_BEGIN_DECLS

typedef struct {
  JdXmppClient *client;
  char *jid;                  /* bare */
  GPtrArray *messages;        /* JdMessage* received */
  GPtrArray *sub_requests;    /* char* bare JIDs that asked to subscribe */
  GPtrArray *sub_notices;     /* char* "jid type" */
  guint ready_count;
  gboolean last_resumed;
  guint disconnected_count;
  GError *last_error;         /* of the last ::disconnected */
  guint presence_changes;
} JdTestAccount;

/* Test defaults: TLS verified against the harness CA, short backoff, no ping. */
JdXmppSettings *jd_test_account_settings (JdTestProsody *prosody, const char *user);
JdTestAccount  *jd_test_account_new      (JdTestProsody *prosody, const char *user);
JdTestAccount  *jd_test_account_new_with (const JdXmppSettings *settings);
void            jd_test_account_free     (JdTestAccount *acc);
/* Registers a new account named @tag<n> and logs it in: each test gets
 * accounts with an empty roster. */
JdTestAccount  *jd_test_account_fresh    (JdTestProsody *prosody, const char *tag);
/* Connects and waits (10 s at most) until ready and the roster is loaded. */
void            jd_test_account_login    (JdTestAccount *acc);
JdXmppConnection *jd_test_account_conn   (JdTestAccount *acc);
/* The full JID the account is bound to. */
const char     *jd_test_account_full_jid (JdTestAccount *acc);
/* Both subscribe to each other and wait for 'both' on each side. */
void            jd_test_account_befriend (JdTestAccount *a, JdTestAccount *b);
/* Sends raw XML (for hand-made or malformed peer stanzas). */
void            jd_test_account_send_raw (JdTestAccount *acc, const char *xml);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestAccount, jd_test_account_free)

G_END_DECLS
