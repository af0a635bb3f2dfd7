/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-test-bus: a private D-Bus bus for one test: `dbus-daemon --session
 * --nofork --print-address=1` started as a child and stopped by its PID.
 * Each daemon under test gets its own, so two of them can own im.jingled.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _JdTestBus JdTestBus;

/* Returns: (transfer full): a running bus, or NULL with @error */
JdTestBus       *jd_test_bus_start       (GError **error);
/* Stops the bus (SIGTERM to its PID) and waits for it. */
void             jd_test_bus_free        (JdTestBus *self);
const char      *jd_test_bus_get_address (JdTestBus *self);
/* Returns: (transfer none): the test's own connection to the bus,
 * dispatching on the thread-default context of the caller of start. */
GDBusConnection *jd_test_bus_get_connection (JdTestBus *self);

/* A GSpawnChildSetupFunc: the child gets SIGTERM when the test dies. */
void             jd_test_child_setup     (gpointer user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestBus, jd_test_bus_free)

G_END_DECLS
