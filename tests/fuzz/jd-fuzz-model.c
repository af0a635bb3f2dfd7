/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-fuzz-model.h"

#include <stdlib.h>

#include "jd-jingle-message.h"
#include "jd-stanza.h"

xmpp_ctx_t *
jd_fuzz_ctx (void)
{
  static xmpp_ctx_t *ctx;

  if (ctx == NULL)
    ctx = xmpp_ctx_new (NULL, NULL);
  return ctx;
}

static gpointer
parse (const JdStanzaModel *model, JdFuzzCheckFailure check_failure, xmpp_stanza_t *stanza)
{
  g_autoptr (GError) error = NULL;
  gpointer value = NULL;

  if (!model->parse (stanza, &value, &error))
    {
      if (error == NULL || error->domain != JD_JINGLE_ERROR || value != NULL ||
          (error->code != JD_JINGLE_ERROR_BAD_REQUEST && error->code != JD_JINGLE_ERROR_LIMIT))
        abort ();
      if (check_failure != NULL)
        check_failure (stanza, error);
      return NULL;
    }
  if (value == NULL || error != NULL)
    abort ();
  return value;
}

/* XML normalises white space in attribute values, which libstrophe does
 * not escape, so the text form need only parse, not compare equal. */
static void
check_serialised (const JdStanzaModel *model, JdFuzzCheckFailure check_failure,
                  xmpp_stanza_t *built)
{
  g_autofree char *xml = jd_stanza_to_string (built);
  g_autoptr (xmpp_stanza_t) stanza = NULL;
  gpointer value;

  if (xml == NULL)
    abort ();
  stanza = xmpp_stanza_new_from_string (jd_fuzz_ctx (), xml);
  if (stanza == NULL || (value = parse (model, check_failure, stanza)) == NULL)
    abort ();
  model->free (value);
}

int
jd_fuzz_model_run (const JdStanzaModel *model, JdFuzzCheckFailure check_failure,
                   const uint8_t *data, size_t size)
{
  g_autofree char *xml = g_strndup ((const char *) data, size);
  g_autoptr (xmpp_stanza_t) stanza = xmpp_stanza_new_from_string (jd_fuzz_ctx (), xml);
  g_autoptr (xmpp_stanza_t) built = NULL;
  gpointer value, copy, again;

  if (stanza == NULL || (value = parse (model, check_failure, stanza)) == NULL)
    return 0;
  copy = model->copy (value);
  built = model->build (jd_fuzz_ctx (), value);
  again = parse (model, check_failure, built);
  if (again == NULL || !model->equal (value, again) || !model->equal (copy, value))
    abort ();
  check_serialised (model, check_failure, built);
  model->free (value);
  model->free (copy);
  model->free (again);
  return 0;
}
