/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-codec
 *
 * A codec is data (DESIGN.md, STYLE.md §8): one `static const` JdCodec
 * per file in codecs/, with designated initialisers, in the manner of
 * baresip's `struct aucodec` (modules/g711).  A descriptor says how the
 * codec is signalled (the XEP-0167 <payload-type/>, i.e. the SDP rtpmap
 * and fmtp of RFC 4566 §6) and which GStreamer elements, by factory
 * name, encode, pay, depay and decode it.  src/media/jd-codec-registry
 * turns descriptors into payload types, caps and elements; nothing else
 * in the tree knows about individual codecs.
 *
 * meson generates the table jd_codecs[] from codecs/meson.build, as
 * baresip does with src/static.c.in.  Adding a codec is adding a file
 * here and its name to that list.
 *
 * This header needs only the JdJingleMedia enum, so codecs/ has no link
 * dependency on libjd-jingle.
 */
#pragma once

#include <glib.h>

#include "jingle/jd-jingle-types.h"

G_BEGIN_DECLS

/* One fmtp parameter (XEP-0167 <parameter name value/>, RFC 4566 a=fmtp). */
typedef struct {
  const char *name;
  const char *value;
} JdCodecParam;

/* One XEP-0293 <rtcp-fb type subtype/> (RFC 4585 §4.2 a=rtcp-fb). */
typedef struct {
  const char *type;
  const char *subtype;      /* nullable */
} JdCodecRtcpFb;

/* A GStreamer element by factory name, with properties in the syntax of
 * gst_util_set_object_arg(): "name=value name=value", values without
 * spaces. */
typedef struct {
  const char *factory;
  const char *properties;   /* nullable */
} JdCodecElement;

typedef struct _JdCodec JdCodec;

struct _JdCodec {
  /* The encoding name as signalled (case-insensitive on the wire,
   * RFC 4855 §3) and the RTP clock rate and channels of the rtpmap: what
   * the SDP says, which is not always what the codec samples at (G.722,
   * RFC 3551 §4.5.2). */
  const char *name;
  JdJingleMedia media;
  guint clock_rate;
  guint channels;           /* 1 for mono and for video */
  /* The static payload type of RFC 3551 §6, or our default dynamic one
   * (96-127, RFC 3551 §3).  An answer always uses the offerer's ids. */
  guint8 payload_type;

  /* What we declare as receiver; {NULL}-terminated, nullable. */
  const JdCodecParam *default_params;
  const JdCodecRtcpFb *rtcp_fbs;

  /* Raw media the encoder expects on its sink pad: the pipeline converts
   * to it (audioconvert ! audioresample ! capsfilter, or videoconvert).
   * NULL for telephone-event. */
  const char *raw_caps;
  /* Ordered alternatives, {NULL}-terminated: the first installed one wins.
   * NULL for telephone-event, whose payloader is a source. */
  const JdCodecElement *encoders;
  const JdCodecElement *decoders;
  /* Optional: after the encoder and before the decoder (e.g. h264parse),
   * and caps to force between encoder and payloader (e.g. the H.264
   * profile we signal). */
  const char *parser;
  const char *encoded_caps;
  JdCodecElement payloader;
  JdCodecElement depayloader;

  /* RFC 4733 telephone-event: no encoder, decoder or payloader; the
   * pipeline writes the RTP packets itself (src/media/jd-media-dtmf.c)
   * and the depayloader turns them into events. */
  gboolean is_dtmf;
  /* Further elements the pipeline builds for this codec, by factory name,
   * NULL-terminated, nullable: it is available only if all are installed. */
  const char *const *requires;

  /* Optional hook, NULL unless a codec needs it: adjusts the parameters
   * we declare.  @fmtp maps name to value (g_free'd strings) and holds
   * default_params on entry. */
  void (*adjust_fmtp) (const JdCodec *codec, GHashTable *fmtp);
};

/* The generated table (codecs-table.c): every descriptor, in default
 * preference order, NULL-terminated. */
extern const JdCodec *const jd_codecs[];

G_END_DECLS
