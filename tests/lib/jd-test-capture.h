/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a call puts on the wire: UDP datagrams captured on the loopback
 * interface, and the PCMU bytes of a test tone to look for in them.
 *
 * The capture is an AF_PACKET socket bound to "lo" and read by a GSource
 * on the thread-default main context, so it fills while the test waits
 * in JD_TEST_WAIT_UNTIL().  It needs CAP_NET_RAW (CI runs as root).
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

typedef struct _JdTestCapture JdTestCapture;

/* Starts capturing.  Fails with a message naming CAP_NET_RAW when the
 * process may not open packet sockets.
 * Returns: (transfer full) (nullable) */
JdTestCapture *jd_test_capture_new  (GError **error);
/* Keeps only datagrams from or to @port from now on (call it for each
 * port of interest); with none, every UDP datagram is kept. */
void           jd_test_capture_add_port (JdTestCapture *self, guint16 port);
/* The number of UDP payloads kept so far. */
guint          jd_test_capture_get_count (JdTestCapture *self);
/* Whether some kept payload holds @run consecutive bytes of @cycle
 * repeated, starting anywhere in the cycle. */
gboolean       jd_test_capture_find_cycle (JdTestCapture *self, GBytes *cycle, gsize run);
void           jd_test_capture_free (JdTestCapture *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestCapture, jd_test_capture_free)

/* A live source description sending a sine of @freq_hz at @volume as
 * 16-bit 8000 Hz mono, which a PCMU sending chain encodes unchanged
 * (no conversion that could dither).  Returns: (transfer full) */
char   *jd_test_pcmu_tone_source (guint freq_hz, double volume);
/* The μ-law bytes of one period of that tone (8000 / @freq_hz samples,
 * which must be whole), encoded by GStreamer's own mulawenc.  Needs
 * gst_init().  Returns: (transfer full) */
GBytes *jd_test_pcmu_tone_cycle  (guint freq_hz, double volume);

G_END_DECLS
