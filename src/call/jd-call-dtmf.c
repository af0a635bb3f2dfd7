/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-call-dtmf.h"

#include <string.h>

#include "jd-call.h"

#define DEFAULT_TONE_MS 100
#define DEFAULT_GAP_MS 50

typedef struct {
  char code;
  guint tone_ms;
  guint gap_ms;
} Digit;

struct _JdCallDtmf
{
  JdJingleSession *session;
  GQueue pending;               /* Digit* */
  GSource *timer;               /* until the next digit may go */
  GQueue sent;                  /* Digit*, sent as session-info; their refusal may come */
  gboolean inband;              /* the peer refused: in-band from now on */
};

gboolean
jd_call_dtmf_validate (const char *digits, GError **error)
{
  if (digits == NULL || *digits == '\0')
    {
      g_set_error_literal (error, JD_CALL_ERROR, JD_CALL_ERROR_INVALID_DTMF, "no DTMF digits");
      return FALSE;
    }
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '*' && *p != '#' &&
        strchr ("ABCD", g_ascii_toupper (*p)) == NULL)
      {
        g_set_error (error, JD_CALL_ERROR, JD_CALL_ERROR_INVALID_DTMF,
                     "'%c' is not a DTMF digit (0-9, *, #, A-D)", g_ascii_isprint (*p) ? *p : '?');
        return FALSE;
      }
  return TRUE;
}

JdCallDtmf *
jd_call_dtmf_new (JdJingleSession *session)
{
  JdCallDtmf *self = g_new0 (JdCallDtmf, 1);

  self->session = session;
  g_queue_init (&self->pending);
  g_queue_init (&self->sent);
  return self;
}

void
jd_call_dtmf_cancel (JdCallDtmf *self)
{
  g_queue_clear_full (&self->pending, g_free);
  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
}

void
jd_call_dtmf_free (JdCallDtmf *self)
{
  jd_call_dtmf_cancel (self);
  g_queue_clear_full (&self->sent, g_free);
  g_free (self);
}

static gboolean send_next (gpointer user_data);

static void
send_one (JdCallDtmf *self, const Digit *d)
{
  g_autoptr (JdJingleInfo) info = jd_jingle_info_new (JD_JINGLE_INFO_DTMF);
  g_autoptr (GError) error = NULL;

  info->dtmf_code = d->code;
  info->dtmf_duration = d->tone_ms;
  if (!jd_jingle_session_send_info (self->session, info, &error))
    g_info ("DTMF '%c' not sent: %s", d->code, error->message);
  self->timer = g_timeout_source_new (d->tone_ms + d->gap_ms);
  g_source_set_callback (self->timer, send_next, self, NULL);
  g_source_attach (self->timer, g_main_context_get_thread_default ());
}

static gboolean
send_next (gpointer user_data)
{
  JdCallDtmf *self = user_data;
  g_autofree Digit *d = g_queue_pop_head (&self->pending);

  g_clear_pointer (&self->timer, g_source_unref);
  if (d != NULL)
    {
      send_one (self, d);
      g_queue_push_tail (&self->sent, g_steal_pointer (&d));
    }
  return G_SOURCE_REMOVE;
}

void
jd_call_dtmf_send (JdCallDtmf *self, const char *digits, guint tone_ms, guint gap_ms)
{
  for (const char *p = digits; *p != '\0'; p++)
    {
      Digit *d = g_new0 (Digit, 1);

      d->code = g_ascii_toupper (*p);
      d->tone_ms = tone_ms != 0 ? tone_ms : DEFAULT_TONE_MS;
      d->gap_ms = gap_ms != 0 ? gap_ms : DEFAULT_GAP_MS;
      g_queue_push_tail (&self->pending, d);
    }
  if (self->timer == NULL)
    send_next (self);
}

static void
replay_all (GQueue *digits, JdCallDtmfReplayFunc replay, gpointer user_data)
{
  Digit *d;

  while ((d = g_queue_pop_head (digits)) != NULL)
    {
      replay (d->code, d->tone_ms, d->gap_ms, user_data);
      g_free (d);
    }
}

gboolean
jd_call_dtmf_refused (JdCallDtmf *self, JdCallDtmfReplayFunc replay, gpointer user_data)
{
  if (self->inband || g_queue_is_empty (&self->sent))
    return FALSE;
  self->inband = TRUE;
  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  replay_all (&self->sent, replay, user_data);
  replay_all (&self->pending, replay, user_data);
  return TRUE;
}

gboolean
jd_call_dtmf_is_inband (JdCallDtmf *self)
{
  return self->inband;
}
