/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The daemon's D-Bus objects (private to src/daemon): each subclasses the
 * gdbus-codegen skeleton of its interface, answers its methods and keeps
 * its properties current, so the skeleton emits PropertiesChanged on
 * every change.
 *
 *   JdDbusManager  /im/jingled            im.jingled.Manager1
 *   JdDbusAccount  /im/jingled/account/N  im.jingled.Account1 over a JdAccount
 *   JdDbusCall     /im/jingled/call/N     im.jingled.Call1 over a JdCall
 *
 * The daemon (jd-daemon.c) creates, exports and unexports them and keeps
 * the Calls lists.
 */
#pragma once

#include "jd-account.h"
#include "jd-dbus-error.h"
#include "jd-dbus-generated.h"

G_BEGIN_DECLS

typedef struct _JdDaemon JdDaemon;

/* A GError of a lower layer as the im.jingled.Error it means to a
 * client.  Returns: (transfer full) */
GError *jd_dbus_error_from (const GError *error);
/* Answers @invocation with @error (mapped with jd_dbus_error_from()). */
void    jd_dbus_return_error (GDBusMethodInvocation *invocation, const GError *error);

#define JD_TYPE_DBUS_CALL (jd_dbus_call_get_type ())
G_DECLARE_FINAL_TYPE (JdDbusCall, jd_dbus_call, JD, DBUS_CALL, JdDbusCall1Skeleton)

/* @account: (transfer none): outlives the call object (the daemon's). */
JdDbusCall *jd_dbus_call_new          (JdCall *call, JdAccount *account, const char *account_path,
                                       gboolean incoming);
JdCall     *jd_dbus_call_get_call     (JdDbusCall *self);
/* The media the call carries, "audio" first.  Returns: (transfer full) */
GStrv       jd_dbus_call_dup_media    (JdDbusCall *self);

#define JD_TYPE_DBUS_ACCOUNT (jd_dbus_account_get_type ())
G_DECLARE_FINAL_TYPE (JdDbusAccount, jd_dbus_account, JD, DBUS_ACCOUNT, JdDbusAccount1Skeleton)

/* @daemon: borrowed; it owns us. */
JdDbusAccount *jd_dbus_account_new         (JdAccount *account, JdDaemon *daemon);
JdAccount     *jd_dbus_account_get_account (JdDbusAccount *self);

#define JD_TYPE_DBUS_MANAGER (jd_dbus_manager_get_type ())
G_DECLARE_FINAL_TYPE (JdDbusManager, jd_dbus_manager, JD, DBUS_MANAGER, JdDbusManager1Skeleton)

JdDbusManager *jd_dbus_manager_new (JdDaemon *daemon);

G_END_DECLS
