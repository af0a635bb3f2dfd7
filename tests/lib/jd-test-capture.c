/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-capture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <gst/app/gstappsink.h>

#define PCMU_RATE 8000
#define MAX_PACKET 65536

struct _JdTestCapture
{
  int fd;
  GSource *source;          /* on the thread-default context */
  GArray *ports;            /* guint16; empty = all */
  GPtrArray *payloads;      /* GBytes */
  guint8 *packet;           /* MAX_PACKET bytes to receive into */
};

static gboolean
wanted (JdTestCapture *self, guint16 src_port, guint16 dst_port)
{
  if (self->ports->len == 0)
    return TRUE;
  for (guint i = 0; i < self->ports->len; i++)
    {
      guint16 port = g_array_index (self->ports, guint16, i);

      if (port == src_port || port == dst_port)
        return TRUE;
    }
  return FALSE;
}

static guint16
get_be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

/* @ip: an IPv4 packet, as a SOCK_DGRAM packet socket delivers it. */
static void
keep_udp_payload (JdTestCapture *self, const guint8 *ip, gsize len)
{
  gsize header;
  const guint8 *udp;
  guint16 udp_len;

  if (len < 20 || ip[0] >> 4 != 4 || ip[9] != IPPROTO_UDP)
    return;
  header = (gsize) (ip[0] & 0x0f) * 4;
  /* Fragments (more-fragments flag or an offset) never carry RTP here. */
  if (header < 20 || len < header + 8 || (get_be16 (ip + 6) & 0x3fff) != 0)
    return;
  udp = ip + header;
  udp_len = get_be16 (udp + 4);
  if (udp_len < 8 || header + udp_len > len || !wanted (self, get_be16 (udp), get_be16 (udp + 2)))
    return;
  g_ptr_array_add (self->payloads, g_bytes_new (udp + 8, udp_len - 8));
}

static gboolean
on_readable (gint fd, GIOCondition condition, gpointer user_data)
{
  JdTestCapture *self = user_data;

  for (;;)
    {
      struct sockaddr_ll from;
      socklen_t from_len = sizeof from;
      ssize_t n = recvfrom (fd, self->packet, MAX_PACKET, MSG_DONTWAIT,
                            (struct sockaddr *) &from, &from_len);

      if (n < 0)
        break;
      /* On loopback every packet shows up twice: leaving and arriving. */
      if (from.sll_pkttype != PACKET_OUTGOING)
        keep_udp_payload (self, self->packet, (gsize) n);
    }
  return G_SOURCE_CONTINUE;
}

static int
open_packet_socket (GError **error)
{
  /* Protocol 0 receives nothing until bound, so no other interface's
   * packets slip in between socket() and bind(). */
  int fd = socket (AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_ll addr = { .sll_family = AF_PACKET, .sll_protocol = htons (ETH_P_IP) };
  int saved;

  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "capturing UDP on loopback needs CAP_NET_RAW (run the test as root): "
                   "packet socket: %s", g_strerror (saved));
      return -1;
    }
  addr.sll_ifindex = (int) if_nametoindex ("lo");
  if (addr.sll_ifindex == 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "cannot capture on interface lo: %s", g_strerror (saved));
      close (fd);
      return -1;
    }
  return fd;
}

JdTestCapture *
jd_test_capture_new (GError **error)
{
  int fd = open_packet_socket (error);
  JdTestCapture *self;

  if (fd < 0)
    return NULL;
  self = g_new0 (JdTestCapture, 1);
  self->fd = fd;
  self->ports = g_array_new (FALSE, FALSE, sizeof (guint16));
  self->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->packet = g_malloc (MAX_PACKET);
  self->source = g_unix_fd_source_new (fd, G_IO_IN);
  g_source_set_callback (self->source, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_attach (self->source, g_main_context_get_thread_default ());
  return self;
}

void
jd_test_capture_add_port (JdTestCapture *self, guint16 port)
{
  g_array_append_val (self->ports, port);
}

/* Whatever reached lo before now, even if the source has not run yet:
 * a datagram a pipeline has received has passed the capture first. */
static void
drain (JdTestCapture *self)
{
  on_readable (self->fd, G_IO_IN, self);
}

guint
jd_test_capture_get_count (JdTestCapture *self)
{
  drain (self);
  return self->payloads->len;
}

static gboolean
has_run (const guint8 *data, gsize len, const guint8 *cycle, gsize period, gsize run)
{
  for (gsize start = 0; start + run <= len; start++)
    for (gsize phase = 0; phase < period; phase++)
      {
        gsize k = 0;

        while (k < run && data[start + k] == cycle[(phase + k) % period])
          k++;
        if (k == run)
          return TRUE;
      }
  return FALSE;
}

gboolean
jd_test_capture_find_cycle (JdTestCapture *self, GBytes *cycle, gsize run)
{
  gsize period;
  const guint8 *pattern = g_bytes_get_data (cycle, &period);

  g_return_val_if_fail (period > 0, FALSE);
  drain (self);
  for (guint i = 0; i < self->payloads->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (self->payloads, i), &len);

      if (has_run (data, len, pattern, period, run))
        return TRUE;
    }
  return FALSE;
}

void
jd_test_capture_free (JdTestCapture *self)
{
  if (self == NULL)
    return;
  g_source_destroy (self->source);
  g_source_unref (self->source);
  close (self->fd);
  g_array_unref (self->ports);
  g_ptr_array_unref (self->payloads);
  g_free (self->packet);
  g_free (self);
}

static char *
tone_source (guint freq_hz, double volume, const char *extra)
{
  char vol[G_ASCII_DTOSTR_BUF_SIZE];

  /* Locale-independent: gst-launch parses "0.5", not "0,5". */
  g_ascii_formatd (vol, sizeof vol, "%g", volume);
  return g_strdup_printf ("audiotestsrc wave=sine freq=%u volume=%s %s ! "
                          "capsfilter caps=audio/x-raw,format=S16LE,rate=%u,channels=1",
                          freq_hz, vol, extra, PCMU_RATE);
}

char *
jd_test_pcmu_tone_source (guint freq_hz, double volume)
{
  /* 20 ms buffers, so 20 ms packets as a call sends them. */
  return tone_source (freq_hz, volume, "is-live=true samplesperbuffer=160");
}

GBytes *
jd_test_pcmu_tone_cycle (guint freq_hz, double volume)
{
  guint period = PCMU_RATE / freq_hz;
  guint samples = period * 10;
  g_autofree char *extra = g_strdup_printf ("num-buffers=1 samplesperbuffer=%u", samples);
  g_autofree char *source = tone_source (freq_hz, volume, extra);
  g_autofree char *description = g_strdup_printf ("%s ! mulawenc ! appsink name=out", source);
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr (GstElement) sink = NULL;
  g_autoptr (GstSample) sample = NULL;
  GstMapInfo map;
  GBytes *cycle;

  g_assert_no_error (error);
  g_assert_cmpuint (PCMU_RATE % freq_hz, ==, 0);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);
  sample = gst_app_sink_pull_sample (GST_APP_SINK (sink));
  g_assert_nonnull (sample);
  g_assert_true (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ));
  g_assert_cmpuint (map.size, ==, samples);
  /* Not silence: the search would find that anywhere. */
  g_assert_cmpuint (map.data[0], !=, map.data[period / 4]);
  /* A whole number of samples per period: the bytes repeat exactly. */
  for (gsize i = period; i < map.size; i++)
    g_assert_cmpuint (map.data[i], ==, map.data[i % period]);
  cycle = g_bytes_new (map.data, period);
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return cycle;
}
