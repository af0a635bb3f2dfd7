/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SECTION:jd-codec-registry
 *
 * The one place that turns the codec descriptors of codecs/ (JdCodec)
 * into what the other layers need: the XEP-0167 payload types we offer
 * or answer with, the RTP caps rtpbin and the depayloaders want, and the
 * GStreamer elements of each codec with their properties set.  Nothing
 * here, or anywhere else, switches on a codec: everything comes from the
 * descriptor's data.
 *
 * A codec is available when every element it needs is installed, checked
 * by element factory name (as webrtcbin's _have_nice_elements does): at
 * least one of its encoder and decoder alternatives, its parser, payloader
 * and depayloader.  A codec that is not available is not offered.
 *
 * Everything that looks at element factories needs gst_init() to have
 * been called first.
 */
#pragma once

#include <gst/gst.h>

#include "jd-codec.h"
#include "jingle/jd-jingle-rtp.h"

G_BEGIN_DECLS

/* JD_MEDIA_ERROR: the media layer's one error domain (STYLE.md §7.2.4). */
#define JD_MEDIA_ERROR (jd_media_error_quark ())
GQuark jd_media_error_quark (void);

typedef enum {
  /* None of the element factories a codec needs for this is installed. */
  JD_MEDIA_ERROR_MISSING_ELEMENT,
  /* The codec has no such element (telephone-event has no encoder). */
  JD_MEDIA_ERROR_NOT_SUPPORTED,
  /* A descriptor's property string names a property the element lacks. */
  JD_MEDIA_ERROR_BAD_PROPERTY,
  /* Malformed input: SDES key parameters, a DTMF digit outside 0-9 * # A-D. */
  JD_MEDIA_ERROR_INVALID_ARGUMENT,
  /* The stream is not sending: on hold, muted or not started. */
  JD_MEDIA_ERROR_NOT_SENDING,
} JdMediaError;

/**
 * jd_codec_is_available:
 * @codec: a descriptor
 *
 * Looks the factories up now, without caching.
 *
 * Returns: TRUE when every element @codec needs is installed
 */
gboolean jd_codec_is_available (const JdCodec *codec);

/**
 * jd_codec_registry_filter:
 * @table: (array zero-terminated=1): descriptors, in default order
 * @media: the media wanted
 * @preference: (array zero-terminated=1) (nullable): encoding names
 *   (ASCII case-insensitive), most preferred first; only codecs named in
 *   it are kept and unknown names are ignored; NULL keeps all of @table
 *   in its order
 *
 * The available descriptors of @table for @media.  For a name with
 * several descriptors (telephone-event at 48000 and 8000) all of them
 * are kept, in @table's order.  Not cached: see
 * jd_codec_registry_available() for the built-in table.
 *
 * Returns: (transfer container) (element-type JdCodec): the descriptors
 */
GPtrArray *jd_codec_registry_filter (const JdCodec *const *table,
                                     JdJingleMedia media,
                                     const char *const *preference);

/**
 * jd_codec_registry_available:
 * @media: the media wanted
 * @preference: (array zero-terminated=1) (nullable): as for
 *   jd_codec_registry_filter()
 *
 * jd_codec_registry_filter() on the built-in table jd_codecs[], with
 * availability looked up once per process (installing a plugin needs a
 * restart to be noticed).  Thread-safe.
 *
 * Returns: (transfer container) (element-type JdCodec): the descriptors
 */
GPtrArray *jd_codec_registry_available (JdJingleMedia media,
                                        const char *const *preference);

/**
 * jd_codec_registry_find:
 * @name: an encoding name, ASCII case-insensitive
 * @clockrate: the RTP clock rate
 * @channels: the channel count; 0 means 1 (XEP-0167 §5)
 *
 * Looks in the built-in table, whether the codec is available or not.
 *
 * Returns: (transfer none) (nullable): the descriptor
 */
const JdCodec *jd_codec_registry_find (const char *name, guint clockrate, guint channels);

/**
 * jd_codec_to_payload_type:
 * @codec: a descriptor
 *
 * The <payload-type/> we declare for @codec: its default id, name,
 * clock rate, channels (omitted when 1), fmtp parameters (after the
 * codec's adjust_fmtp hook) and rtcp-fb.
 *
 * Returns: (transfer full): a new payload type
 */
JdJinglePayloadType *jd_codec_to_payload_type (const JdCodec *codec);

/**
 * jd_codec_registry_local_description:
 * @media: the media
 * @preference: (array zero-terminated=1) (nullable): as for
 *   jd_codec_registry_filter()
 * @with_dtmf: whether to add RFC 4733 telephone-event
 *
 * What we support for @media, in the shape jd_jingle_negotiate_answer()
 * takes as "local" and a session-initiate carries: the available codecs
 * as payload types in preference order, with rtcp-mux (RFC 5761).  With
 * @with_dtmf, telephone-event follows at each clock rate of a kept audio
 * codec, whatever @preference says; without, it is left out even when
 * @preference names it.
 *
 * Returns: (transfer full): a new description
 */
JdJingleRtpDescription *jd_codec_registry_local_description (JdJingleMedia media,
                                                             const char *const *preference,
                                                             gboolean with_dtmf);

/**
 * jd_codec_rtp_caps:
 * @codec: a descriptor
 * @pt: the negotiated payload type id
 *
 * The caps of @codec's RTP stream, as rtpbin's request-pt-map and the
 * depayloaders want them and as gst_sdp_media_get_caps_from_media()
 * would write them: media, encoding-name (upper case), clock-rate,
 * payload, encoding-params for more than one audio channel, the default
 * fmtp parameters as strings and each rtcp-fb as a boolean
 * "rtcp-fb-<type>[-<subtype>]".
 *
 * Returns: (transfer full): fixed caps
 */
GstCaps *jd_codec_rtp_caps (const JdCodec *codec, guint8 pt);

/**
 * jd_codec_raw_caps:
 * @codec: a descriptor
 *
 * Returns: (transfer full) (nullable): the raw caps the encoder wants on
 *   its input, NULL for telephone-event
 */
GstCaps *jd_codec_raw_caps (const JdCodec *codec);

/**
 * jd_codec_make_encoder:
 * @codec: a descriptor
 * @error: JD_MEDIA_ERROR_MISSING_ELEMENT, _NOT_SUPPORTED, _BAD_PROPERTY
 *
 * The first installed encoder alternative with its properties, followed
 * by the parser and a capsfilter with the encoded caps when the codec has
 * them (then it is a bin with "sink" and "src" ghost pads).  Its input
 * must match jd_codec_raw_caps(): converting to it is the pipeline's job
 * (audioconvert ! audioresample, videoconvert), as is the payloader.
 *
 * Returns: (transfer floating) (nullable): the element or bin
 */
GstElement *jd_codec_make_encoder (const JdCodec *codec, GError **error);

/**
 * jd_codec_make_decoder:
 * @codec: a descriptor
 * @error: as for jd_codec_make_encoder()
 *
 * The parser, if any, and the first installed decoder alternative; it
 * takes what the depayloader produces and outputs raw media.
 *
 * Returns: (transfer floating) (nullable): the element or bin
 */
GstElement *jd_codec_make_decoder (const JdCodec *codec, GError **error);

/**
 * jd_codec_make_payloader:
 * @codec: a descriptor
 * @error: JD_MEDIA_ERROR_MISSING_ELEMENT, _NOT_SUPPORTED, _BAD_PROPERTY
 *
 * The payloader with its properties and "pt" set to the codec's default
 * id; the pipeline sets the negotiated one.  telephone-event has none
 * (JD_MEDIA_ERROR_NOT_SUPPORTED): jd-media-dtmf writes its packets.
 *
 * Returns: (transfer floating) (nullable): the element
 */
GstElement *jd_codec_make_payloader (const JdCodec *codec, GError **error);

/**
 * jd_codec_make_depayloader:
 * @codec: a descriptor
 * @error: JD_MEDIA_ERROR_MISSING_ELEMENT, _BAD_PROPERTY
 *
 * The depayloader with its properties; its input caps are
 * jd_codec_rtp_caps().
 *
 * Returns: (transfer floating) (nullable): the element
 */
GstElement *jd_codec_make_depayloader (const JdCodec *codec, GError **error);

G_END_DECLS
