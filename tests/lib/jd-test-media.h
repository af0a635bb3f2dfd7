/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One side of a media test: a JdMediaPipeline with its own DTLS
 * certificate, the first error it reported, and optionally what its
 * tone sink heard (the peak of each spectrum report, and how many were
 * the expected tone).  Two sides talk over UDP on 127.0.0.1: each
 * stream's udpsrc reads the side's socket and its udpsink sends from it
 * to the peer's.  Everything is updated on the thread-default main
 * context, so tests wait with JD_TEST_WAIT_UNTIL().
 */
#pragma once

#include <gio/gio.h>

#include "media/jd-media-pipeline.h"

G_BEGIN_DECLS

typedef struct {
  char *name;                  /* the pipeline's, and the side's in messages */
  JdMediaPipeline *pipeline;
  char *pem;                   /* a fresh certificate for the config's dtls_pem */
  GSocket *socket;             /* bound on 127.0.0.1 */
  GstElement *net_src;         /* the UDP stream's udpsrc, for pad probes; borrowed,
                                * the pipeline owns it */
  GError *error;               /* the pipeline's first "error" */
  /* After jd_test_media_side_listen(): */
  double expected_hz;
  guint rate;
  guint bands;
  guint hits;                  /* spectrum reports within one bin of expected_hz */
  guint reports;               /* spectrum reports of any peak */
  double last_peak_hz;
} JdTestMediaSide;

/* A pipeline named @name, a certificate and a socket; needs gst_init().
 * Init both sides of a call before adding either's stream: each stream
 * sends to its peer's socket. */
void     jd_test_media_side_init  (JdTestMediaSide *side, const char *name);
/* Stops the pipeline and frees everything @side holds. */
void     jd_test_media_side_clear (JdTestMediaSide *side);
/* The port of @side's socket. */
guint16  jd_test_media_side_get_port (JdTestMediaSide *side);
/* Counts the spectrum reports of @side's sink from now on.  Returns the
 * sink description to put in the stream's config: it measures @rate Hz
 * audio in @bands bands every @interval_ms.  Returns: (transfer full) */
char    *jd_test_media_side_listen (JdTestMediaSide *side, double expected_hz, guint rate,
                                    guint bands, guint interval_ms);
/* Adds stream 0 with @net_src and @net_sink (floating, taken over) and
 * asserts that it worked. */
void     jd_test_media_side_add_stream (JdTestMediaSide *side, const JdMediaStreamConfig *config,
                                        GstElement *net_src, GstElement *net_sink);
/* Adds stream 0 sending from @side's socket to @peer's (which may be
 * @side itself) and receiving on @side's. */
void     jd_test_media_side_add_udp_stream (JdTestMediaSide *side,
                                            const JdMediaStreamConfig *config,
                                            JdTestMediaSide *peer);
/* Starts both pipelines, asserting that they start. */
void     jd_test_media_start (JdTestMediaSide *alice, JdTestMediaSide *bob);
/* Waits until both sides have heard their expected tone @hits times,
 * and fails on either side's error. */
void     jd_test_media_wait_for_tones (JdTestMediaSide *alice, JdTestMediaSide *bob, guint hits,
                                       guint timeout_ms);
/* A live sine of @hz at volume 0.4.  Returns: (transfer full) */
char    *jd_test_media_tone_source (double hz);
/* Whether @peak_hz, the peak of a spectrum of @bands bands over @rate Hz
 * audio (jd_media_tone_peak_hz()), is the tone @expected_hz: within one
 * FFT bin of it, which silence and concealment are not. */
gboolean jd_test_media_is_tone (double peak_hz, double expected_hz, guint rate, guint bands);

G_END_DECLS
