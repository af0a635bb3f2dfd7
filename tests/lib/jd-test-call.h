/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A call between two fresh accounts through the private Prosody, with
 * what each side hears and receives recorded for assertions: the pitch of
 * the decoded audio (GStreamer's spectrum element), the DTMF digits in
 * order, the frames of decoded video.  Both sides use real libnice agents
 * restricted to 127.0.0.1 and real GStreamer pipelines.
 */
#pragma once

#include "call/jd-call.h"
#include "jd-test-xmpp.h"
#include "jingle/jd-jingle-xmpp.h"

G_BEGIN_DECLS

typedef struct {
  JdCall *call;
  JdCallOptions options;        /* set before dialling; sources/sinks filled in by default */
  double send_hz;               /* the tone this side sends */
  double expect_hz;             /* the tone it should hear */
  guint hits;                   /* spectrum reports with the expected peak */
  guint reports;                /* spectrum reports of any peak */
  double last_peak_hz;
  GString *dtmf;                /* digits received, in order */
  guint video_frames;           /* decoded frames that reached the sink */
  int video_width, video_height;
} JdTestSide;

typedef struct {
  JdTestAccount *alice_account;
  JdTestAccount *bob_account;
  JdJingleManager *alice_manager;
  JdJingleManager *bob_manager;
  JdTestSide alice;             /* the caller */
  JdTestSide bob;
  gboolean bob_answers;         /* default TRUE: accept on arrival */
  GError *bob_error;            /* why bob's call could not be made */
  gboolean bob_was_offered;
  GPtrArray *strings;           /* descriptions the options point to */
  /* Optional: runs just before (@before TRUE) and after bob's call is
   * made, e.g. to make its sockets in another network namespace. */
  void (*bob_call_hook) (gboolean before, gpointer data);
  gpointer bob_call_hook_data;
} JdTestCall;

JdTestCall *jd_test_call_new    (JdTestProsody *prosody);
void        jd_test_call_free   (JdTestCall *tc);
/* Fills in the test sources and sinks (tones, spectrum, video pattern),
 * dials bob from alice and returns at once. */
void        jd_test_call_dial   (JdTestCall *tc);
/* Waits until both are active and each hears the other's tone, then
 * checks that the tone lasts: over the next 2 s (10 reports of 200 ms)
 * at least 8 of each side's reports peak at it. */
void        jd_test_call_wait_tones (JdTestCall *tc);
/* The number of frames of @side's decoded video so far. */
guint       jd_test_side_frames (JdTestSide *side);
/* @side's call: RTP packets of @media received so far (its statistics). */
guint64     jd_test_side_received (JdTestSide *side, JdJingleMedia media);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JdTestCall, jd_test_call_free)

extern const char *const jd_test_loopback[];

/* A man in the middle, for faults a well-behaved peer never produces:
 * @func may change every Jingle request @acc receives before its Jingle
 * manager sees it (as a hostile server could). */
typedef void (*JdTestJingleRewrite) (xmpp_stanza_t *jingle, gpointer user_data);
void        jd_test_rewrite_jingle (JdTestAccount *acc, JdTestJingleRewrite func,
                                    gpointer user_data);
/* Rewrites: every <candidate/> to @ip:@port; every <fingerprint/> to a
 * different (still well-formed) value. */
void        jd_test_rewrite_candidates (xmpp_stanza_t *jingle, gpointer black_hole_port);
/* Only the ICE-UDP ones: raw UDP candidates pass. */
void        jd_test_rewrite_ice_candidates (xmpp_stanza_t *jingle, gpointer black_hole_port);
void        jd_test_rewrite_fingerprint (xmpp_stanza_t *jingle, gpointer unused);

G_END_DECLS
