/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-stanza.h"

#include <string.h>

void
jd_stanza_unref (gpointer stanza)
{
  if (stanza != NULL)
    xmpp_stanza_release (stanza);
}

void
jd_stanza_free_string (xmpp_ctx_t *ctx, char *str)
{
  if (str != NULL)
    xmpp_free (ctx, str);
}

xmpp_stanza_t *
jd_stanza_new_element (xmpp_ctx_t *ctx, const char *name, const char *ns)
{
  xmpp_stanza_t *el = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (el, name);
  if (ns != NULL)
    xmpp_stanza_set_ns (el, ns);
  return el;
}

/* Returns: (transfer none): the new child, owned by @parent. */
xmpp_stanza_t *
jd_stanza_add_element (xmpp_stanza_t *parent, const char *name, const char *ns)
{
  g_autoptr (xmpp_stanza_t) el = NULL;

  el = jd_stanza_new_element (xmpp_stanza_get_context (parent), name, ns);
  xmpp_stanza_add_child (parent, el);
  return el;
}

void
jd_stanza_add_text_child (xmpp_stanza_t *parent, const char *name, const char *text)
{
  xmpp_stanza_t *el = jd_stanza_add_element (parent, name, NULL);
  g_autoptr (xmpp_stanza_t) body = xmpp_stanza_new (xmpp_stanza_get_context (parent));

  xmpp_stanza_set_text (body, text);
  xmpp_stanza_add_child (el, body);
}

xmpp_stanza_t *
jd_stanza_new_iq (xmpp_ctx_t *ctx,
                  const char *type,
                  const char *to,
                  const char *child_name,
                  const char *child_ns)
{
  g_autofree char *id = g_uuid_string_random ();
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, type, id);

  if (to != NULL)
    xmpp_stanza_set_to (iq, to);
  if (child_name != NULL)
    jd_stanza_add_element (iq, child_name, child_ns);
  return iq;
}

/* Returns: (transfer none) (nullable) */
xmpp_stanza_t *
jd_stanza_get_child (xmpp_stanza_t *stanza, const char *name, const char *ns)
{
  if (ns == NULL)
    return xmpp_stanza_get_child_by_name (stanza, name);
  return xmpp_stanza_get_child_by_name_and_ns (stanza, name, ns);
}

char *
jd_stanza_dup_text (xmpp_stanza_t *stanza)
{
  char *raw;
  char *copy;

  if (stanza == NULL)
    return NULL;
  raw = xmpp_stanza_get_text (stanza);
  if (raw == NULL)
    return NULL;
  copy = g_strdup (raw);
  xmpp_free (xmpp_stanza_get_context (stanza), raw);
  return copy;
}

char *
jd_stanza_dup_child_text (xmpp_stanza_t *stanza, const char *name, const char *ns)
{
  return jd_stanza_dup_text (jd_stanza_get_child (stanza, name, ns));
}

/* Returns: (transfer none) (nullable): the namespace of the first element
 * child, the usual way to tell what an IQ or message carries. */
const char *
jd_stanza_get_first_child_ns (xmpp_stanza_t *stanza)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (stanza); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      if (xmpp_stanza_is_tag (c))
        return xmpp_stanza_get_ns (c);
    }
  return NULL;
}

char *
jd_stanza_to_string (xmpp_stanza_t *stanza)
{
  char *buf = NULL;
  size_t len = 0;
  char *copy;

  if (xmpp_stanza_to_text (stanza, &buf, &len) != XMPP_EOK)
    return NULL;
  copy = g_strndup (buf, len);
  xmpp_free (xmpp_stanza_get_context (stanza), buf);
  return copy;
}

xmpp_stanza_t *
jd_stanza_from_string (xmpp_ctx_t *ctx, const char *xml)
{
  return xmpp_stanza_new_from_string (ctx, xml);
}

static xmpp_stanza_t *
new_reply (xmpp_stanza_t *request, const char *type)
{
  xmpp_stanza_t *reply = xmpp_stanza_new (xmpp_stanza_get_context (request));
  const char *from = xmpp_stanza_get_from (request);
  const char *id = xmpp_stanza_get_id (request);

  xmpp_stanza_set_name (reply, xmpp_stanza_get_name (request));
  xmpp_stanza_set_type (reply, type);
  if (id != NULL)
    xmpp_stanza_set_id (reply, id);
  if (from != NULL)
    xmpp_stanza_set_to (reply, from);
  return reply;
}

xmpp_stanza_t *
jd_stanza_iq_result (xmpp_stanza_t *request)
{
  return new_reply (request, "result");
}

xmpp_stanza_t *
jd_stanza_error_reply (xmpp_stanza_t *request,
                       const char *error_type,
                       const char *condition,
                       const char *text)
{
  xmpp_stanza_t *reply = new_reply (request, "error");
  xmpp_stanza_t *error = jd_stanza_add_element (reply, "error", NULL);

  xmpp_stanza_set_attribute (error, "type", error_type);
  jd_stanza_add_element (error, condition, JD_NS_STANZAS);
  if (text != NULL)
    {
      xmpp_stanza_t *t = jd_stanza_add_element (error, "text", JD_NS_STANZAS);
      g_autoptr (xmpp_stanza_t) body = xmpp_stanza_new (xmpp_stanza_get_context (request));

      xmpp_stanza_set_text (body, text);
      xmpp_stanza_add_child (t, body);
    }
  return reply;
}

const char *
jd_stanza_error_condition (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *error = jd_stanza_get_child (stanza, "error", NULL);

  if (error == NULL)
    return NULL;
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (error); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_get_name (c);

      if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_ns (c), JD_NS_STANZAS) == 0 &&
          g_strcmp0 (name, "text") != 0)
        return name;
    }
  return "undefined-condition";
}

const char *
jd_stanza_error_text (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *error = jd_stanza_get_child (stanza, "error", NULL);
  xmpp_stanza_t *text;

  if (error == NULL)
    return NULL;
  text = jd_stanza_get_child (error, "text", JD_NS_STANZAS);
  if (text == NULL)
    return NULL;
  text = xmpp_stanza_get_children (text);
  return text != NULL ? xmpp_stanza_get_text_ptr (text) : NULL;
}
