/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-account-mam: an account's catch-up on its message archive (XEP-0313),
 * so that a call proposed while this daemon was down or disconnected, and
 * seen only by our other devices, is still reported as missed.  XEP-0353's
 * business rules ask for carbons and MAM: offline storage has nothing
 * when another device of ours was online.
 *
 * At every login (not after a resumed stream: nothing was lost), when the
 * server advertises urn:xmpp:mam:2 on our bare JID, the archive is read
 * after the last archive id seen and its JMI messages go to the JMI
 * manager (jd_jingle_jmi_manager_handle_archive()), which reports the
 * missed calls.  The position is kept per account in a state file so a
 * restarted daemon continues where it stopped:
 *   $STATE_DIRECTORY/<account>.mam (systemd's StateDirectory=), else
 *   $XDG_STATE_HOME/jingled/<account>.mam (g_get_user_state_dir()),
 * holding the archive id, or nothing for "from the archive's start" (it
 * was empty).  It also follows the JMI messages that arrive live (their
 * XEP-0359 stanza-id), so a call this run saw is not read again at the
 * next start.  Without a file (first run, or an id the server does not
 * know any more), only the newest archive id is learnt: old history is
 * never reported.
 */
#pragma once

#include "jingle/jd-jingle-jmi-manager.h"
#include "xmpp/jd-xmpp-client.h"

G_BEGIN_DECLS

typedef struct _JdAccountMam JdAccountMam;

/* @client and @jmi are referenced; @account_name names the state file. */
JdAccountMam *jd_account_mam_new  (const char *account_name, JdXmppClient *client,
                                   JdJingleJmiManager *jmi);
void          jd_account_mam_free (JdAccountMam *self);

/* Returns: (transfer full): the state file of @account_name. */
char         *jd_account_mam_state_path (const char *account_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdAccountMam, jd_account_mam_free)

G_END_DECLS
