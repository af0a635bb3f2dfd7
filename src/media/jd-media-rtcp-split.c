/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-media-rtcp-split.h"

#define JD_TYPE_RTCP_SPLIT (jd_rtcp_split_get_type ())
G_DECLARE_FINAL_TYPE (JdRtcpSplit, jd_rtcp_split, JD, RTCP_SPLIT, GstElement)

struct _JdRtcpSplit
{
  GstElement parent_instance;

  GstPad *sink;
  GstPad *rtp_src;
  GstPad *rtcp_src;
  gboolean srtp;            /* set before the element is used, read-only after */
};

G_DEFINE_FINAL_TYPE (JdRtcpSplit, jd_rtcp_split, GST_TYPE_ELEMENT)

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate rtp_src_template =
  GST_STATIC_PAD_TEMPLATE ("rtp_src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS ("application/x-rtp; application/x-srtp"));
static GstStaticPadTemplate rtcp_src_template =
  GST_STATIC_PAD_TEMPLATE ("rtcp_src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS ("application/x-rtcp; application/x-srtcp"));

/* RFC 5761 §4.  SRTCP leaves the first 8 bytes in clear, so this works
 * before decryption too. */
static gboolean
is_rtcp (GstBuffer *buf)
{
  guint8 head[2];

  return gst_buffer_extract (buf, 0, head, sizeof head) == sizeof head && head[1] >= 192 &&
         head[1] <= 223;
}

static GstFlowReturn
on_chain (GstPad *pad, GstObject *parent, GstBuffer *buf)
{
  JdRtcpSplit *self = JD_RTCP_SPLIT (parent);
  GstFlowReturn ret = gst_pad_push (is_rtcp (buf) ? self->rtcp_src : self->rtp_src, buf);

  /* One unlinked kind must not stop the other's source. */
  return ret == GST_FLOW_NOT_LINKED ? GST_FLOW_OK : ret;
}

static void
push_caps (JdRtcpSplit *self)
{
  g_autoptr (GstCaps) rtp =
    gst_caps_new_empty_simple (self->srtp ? "application/x-srtp" : "application/x-rtp");
  g_autoptr (GstCaps) rtcp =
    gst_caps_new_empty_simple (self->srtp ? "application/x-srtcp" : "application/x-rtcp");

  gst_pad_push_event (self->rtp_src, gst_event_new_caps (rtp));
  gst_pad_push_event (self->rtcp_src, gst_event_new_caps (rtcp));
}

static gboolean
on_sink_event (GstPad *pad, GstObject *parent, GstEvent *event)
{
  JdRtcpSplit *self = JD_RTCP_SPLIT (parent);
  gboolean ok;

  switch (GST_EVENT_TYPE (event))
    {
    case GST_EVENT_CAPS:
      /* The transport's caps (often none at all) say nothing of which
       * kind a packet is: each output has its own, sent after
       * stream-start as the sticky order wants. */
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_STREAM_START:
      ok = gst_pad_event_default (pad, parent, event);
      push_caps (self);
      return ok;
    default:
      return gst_pad_event_default (pad, parent, event);
    }
}

static void
jd_rtcp_split_class_init (JdRtcpSplitClass *klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &rtp_src_template);
  gst_element_class_add_static_pad_template (element_class, &rtcp_src_template);
  gst_element_class_set_static_metadata (element_class, "RTCP mux splitter", "Demuxer/Network/RTP",
                                         "Splits muxed RTP and RTCP (RFC 5761 section 4)",
                                         "jingled");
}

static void
jd_rtcp_split_init (JdRtcpSplit *self)
{
  self->sink = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sink, on_chain);
  gst_pad_set_event_function (self->sink, on_sink_event);
  self->rtp_src = gst_pad_new_from_static_template (&rtp_src_template, "rtp_src");
  self->rtcp_src = gst_pad_new_from_static_template (&rtcp_src_template, "rtcp_src");
  gst_element_add_pad (GST_ELEMENT (self), self->sink);
  gst_element_add_pad (GST_ELEMENT (self), self->rtp_src);
  gst_element_add_pad (GST_ELEMENT (self), self->rtcp_src);
}

GstElement *
jd_media_rtcp_split_new (gboolean srtp)
{
  JdRtcpSplit *self = g_object_new (JD_TYPE_RTCP_SPLIT, NULL);

  self->srtp = srtp;
  return GST_ELEMENT (self);
}
