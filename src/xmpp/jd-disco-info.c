/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jd-disco-info: XEP-0030 §3.1 disco#info results and XEP-0128 extended
 * information (XEP-0004 data forms, reduced to what XEP-0115 hashes).
 */
#include "jd-disco-info.h"

#include <string.h>

#include "jd-stanza.h"
#include "jd-xmpp-error.h"

typedef gpointer (*CopyFunc) (gconstpointer item);
typedef gboolean (*EqualFunc) (gconstpointer a, gconstpointer b);

static gpointer
copy_string (gconstpointer s)
{
  return g_strdup (s);
}

static gboolean
equal_string (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (a, b) == 0;
}

/* Returns: (transfer full): a deep copy of @src whose elements are freed
 * with @free_func. */
static GPtrArray *
copy_array (const GPtrArray *src, CopyFunc copy, GDestroyNotify free_func)
{
  GPtrArray *dst = g_ptr_array_new_full (src->len, free_func);

  for (guint i = 0; i < src->len; i++)
    g_ptr_array_add (dst, copy (g_ptr_array_index (src, i)));
  return dst;
}

static gboolean
arrays_equal (const GPtrArray *a, const GPtrArray *b, EqualFunc equal)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        return FALSE;
    }
  return TRUE;
}

/* Identities */

/* Returns: (transfer full) */
JdDiscoIdentity *
jd_disco_identity_new (const char *category,
                       const char *type,
                       const char *lang,
                       const char *name)
{
  JdDiscoIdentity *identity;

  g_return_val_if_fail (category != NULL && type != NULL, NULL);
  identity = g_new0 (JdDiscoIdentity, 1);
  identity->category = g_strdup (category);
  identity->type = g_strdup (type);
  identity->lang = g_strdup (lang);
  identity->name = g_strdup (name);
  return identity;
}

/* Returns: (transfer full) */
JdDiscoIdentity *
jd_disco_identity_copy (const JdDiscoIdentity *identity)
{
  g_return_val_if_fail (identity != NULL, NULL);
  return jd_disco_identity_new (identity->category, identity->type,
                                identity->lang, identity->name);
}

void
jd_disco_identity_free (JdDiscoIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->category);
  g_free (identity->type);
  g_free (identity->lang);
  g_free (identity->name);
  g_free (identity);
}

static gboolean
identity_equal (gconstpointer pa, gconstpointer pb)
{
  const JdDiscoIdentity *a = pa, *b = pb;

  return g_strcmp0 (a->category, b->category) == 0 &&
         g_strcmp0 (a->type, b->type) == 0 &&
         g_strcmp0 (a->lang, b->lang) == 0 &&
         g_strcmp0 (a->name, b->name) == 0;
}

/* Data forms */

static JdDataFormField *
field_new (const char *var, const char *type)
{
  JdDataFormField *field = g_new0 (JdDataFormField, 1);

  field->var = g_strdup (var);
  field->type = g_strdup (type);
  field->values = g_ptr_array_new_with_free_func (g_free);
  return field;
}

/* Returns: (transfer full) */
JdDataFormField *
jd_data_form_field_copy (const JdDataFormField *field)
{
  JdDataFormField *copy;

  g_return_val_if_fail (field != NULL, NULL);
  copy = g_new0 (JdDataFormField, 1);
  copy->var = g_strdup (field->var);
  copy->type = g_strdup (field->type);
  copy->values = copy_array (field->values, copy_string, g_free);
  return copy;
}

void
jd_data_form_field_free (JdDataFormField *field)
{
  if (field == NULL)
    return;
  g_free (field->var);
  g_free (field->type);
  g_ptr_array_unref (field->values);
  g_free (field);
}

void
jd_data_form_field_add_value (JdDataFormField *field, const char *value)
{
  g_return_if_fail (field != NULL && value != NULL);
  g_ptr_array_add (field->values, g_strdup (value));
}

static gboolean
field_equal (gconstpointer pa, gconstpointer pb)
{
  const JdDataFormField *a = pa, *b = pb;

  return g_strcmp0 (a->var, b->var) == 0 &&
         g_strcmp0 (a->type, b->type) == 0 &&
         arrays_equal (a->values, b->values, equal_string);
}

/* Returns: (transfer full) */
JdDataForm *
jd_data_form_new (const char *type)
{
  JdDataForm *form = g_new0 (JdDataForm, 1);

  form->type = g_strdup (type);
  form->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_data_form_field_free);
  return form;
}

static gpointer
copy_field (gconstpointer field)
{
  return jd_data_form_field_copy (field);
}

/* Returns: (transfer full) */
JdDataForm *
jd_data_form_copy (const JdDataForm *form)
{
  JdDataForm *copy;

  g_return_val_if_fail (form != NULL, NULL);
  copy = g_new0 (JdDataForm, 1);
  copy->type = g_strdup (form->type);
  copy->fields = copy_array (form->fields, copy_field,
                             (GDestroyNotify) jd_data_form_field_free);
  return copy;
}

void
jd_data_form_free (JdDataForm *form)
{
  if (form == NULL)
    return;
  g_free (form->type);
  g_ptr_array_unref (form->fields);
  g_free (form);
}

/* Returns: (transfer none): the new field, owned by @form. */
JdDataFormField *
jd_data_form_add_field (JdDataForm *form, const char *var, const char *type)
{
  JdDataFormField *field;

  g_return_val_if_fail (form != NULL, NULL);
  field = field_new (var, type);
  g_ptr_array_add (form->fields, field);
  return field;
}

/* Returns: (transfer none) (nullable): the first field named @var. */
JdDataFormField *
jd_data_form_get_field (const JdDataForm *form, const char *var)
{
  g_return_val_if_fail (form != NULL && var != NULL, NULL);
  for (guint i = 0; i < form->fields->len; i++)
    {
      JdDataFormField *field = g_ptr_array_index (form->fields, i);

      if (g_strcmp0 (field->var, var) == 0)
        return field;
    }
  return NULL;
}

static gboolean
form_equal (gconstpointer pa, gconstpointer pb)
{
  const JdDataForm *a = pa, *b = pb;

  return g_strcmp0 (a->type, b->type) == 0 &&
         arrays_equal (a->fields, b->fields, field_equal);
}

/* Disco info */

/* Returns: (transfer full) */
JdDiscoInfo *
jd_disco_info_new (void)
{
  JdDiscoInfo *info = g_new0 (JdDiscoInfo, 1);

  info->identities = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_disco_identity_free);
  info->features = g_ptr_array_new_with_free_func (g_free);
  info->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) jd_data_form_free);
  return info;
}

void
jd_disco_info_free (JdDiscoInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->node);
  g_ptr_array_unref (info->identities);
  g_ptr_array_unref (info->features);
  g_ptr_array_unref (info->forms);
  g_free (info);
}

static gpointer
copy_identity (gconstpointer identity)
{
  return jd_disco_identity_copy (identity);
}

static gpointer
copy_form (gconstpointer form)
{
  return jd_data_form_copy (form);
}

/* Returns: (transfer full) */
JdDiscoInfo *
jd_disco_info_copy (const JdDiscoInfo *info)
{
  JdDiscoInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);
  copy = g_new0 (JdDiscoInfo, 1);
  copy->node = g_strdup (info->node);
  copy->identities = copy_array (info->identities, copy_identity,
                                 (GDestroyNotify) jd_disco_identity_free);
  copy->features = copy_array (info->features, copy_string, g_free);
  copy->forms = copy_array (info->forms, copy_form, (GDestroyNotify) jd_data_form_free);
  return copy;
}

/* Same node, and the same identities, features and forms in the same order. */
gboolean
jd_disco_info_equal (const JdDiscoInfo *a, const JdDiscoInfo *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return g_strcmp0 (a->node, b->node) == 0 &&
         arrays_equal (a->identities, b->identities, identity_equal) &&
         arrays_equal (a->features, b->features, equal_string) &&
         arrays_equal (a->forms, b->forms, form_equal);
}

void
jd_disco_info_add_identity (JdDiscoInfo *info,
                            const char *category,
                            const char *type,
                            const char *lang,
                            const char *name)
{
  g_return_if_fail (info != NULL && category != NULL && type != NULL);
  g_ptr_array_add (info->identities,
                   jd_disco_identity_new (category, type, lang, name));
}

/* Adding a feature twice is a no-op: a duplicate would make our own caps
 * hash ill-formed for every receiver (XEP-0115 §5.4 step 3.4). */
void
jd_disco_info_add_feature (JdDiscoInfo *info, const char *var)
{
  g_return_if_fail (info != NULL && var != NULL);
  if (!jd_disco_info_has_feature (info, var))
    g_ptr_array_add (info->features, g_strdup (var));
}

gboolean
jd_disco_info_has_feature (const JdDiscoInfo *info, const char *var)
{
  g_return_val_if_fail (info != NULL && var != NULL, FALSE);
  return g_ptr_array_find_with_equal_func (info->features, var, g_str_equal, NULL);
}

/* @form: (transfer full) */
void
jd_disco_info_add_form (JdDiscoInfo *info, JdDataForm *form)
{
  g_return_if_fail (info != NULL && form != NULL);
  g_ptr_array_add (info->forms, form);
}

/* Parsing */

static gboolean
bad_reply (GError **error, const char *problem)
{
  g_set_error (error, JD_XMPP_ERROR, JD_XMPP_ERROR_BAD_REPLY,
               "Malformed disco#info: %s", problem);
  return FALSE;
}

static gboolean
is_empty (const char *s)
{
  return s == NULL || *s == '\0';
}

/* Children of a parsed stanza carry the namespace they inherit; children
 * of a stanza built in memory usually carry none.  Accept both. */
static gboolean
is_child (xmpp_stanza_t *el, const char *name, const char *ns)
{
  const char *el_ns;

  if (!xmpp_stanza_is_tag (el) || g_strcmp0 (xmpp_stanza_get_name (el), name) != 0)
    return FALSE;
  el_ns = xmpp_stanza_get_ns (el);
  return el_ns == NULL || strcmp (el_ns, ns) == 0;
}

/* XEP-0128 §2: the form is an <x xmlns='jabber:x:data'/> child. */
static gboolean
is_form (xmpp_stanza_t *el)
{
  return xmpp_stanza_is_tag (el) &&
         g_strcmp0 (xmpp_stanza_get_name (el), "x") == 0 &&
         g_strcmp0 (xmpp_stanza_get_ns (el), JD_NS_DATA_FORMS) == 0;
}

/* libstrophe's XML parsers drop attribute prefixes, so a received xml:lang
 * arrives as "lang"; a stanza built in memory keeps "xml:lang". */
static const char *
get_lang (xmpp_stanza_t *el)
{
  const char *lang = xmpp_stanza_get_attribute (el, "xml:lang");

  return lang != NULL ? lang : xmpp_stanza_get_attribute (el, "lang");
}

/* XEP-0030 §3.1: category and type are REQUIRED. */
static gboolean
parse_identity (xmpp_stanza_t *el, JdDiscoInfo *info, GError **error)
{
  const char *category = xmpp_stanza_get_attribute (el, "category");
  const char *type = xmpp_stanza_get_attribute (el, "type");

  if (is_empty (category) || is_empty (type))
    return bad_reply (error, "identity without category or type");
  g_ptr_array_add (info->identities,
                   jd_disco_identity_new (category, type, get_lang (el),
                                          xmpp_stanza_get_attribute (el, "name")));
  return TRUE;
}

/* Duplicates are kept on purpose: XEP-0115 §5.4 must see them to reject
 * the answer. */
static gboolean
parse_feature (xmpp_stanza_t *el, JdDiscoInfo *info, GError **error)
{
  const char *var = xmpp_stanza_get_attribute (el, "var");

  if (is_empty (var))
    return bad_reply (error, "feature without var");
  g_ptr_array_add (info->features, g_strdup (var));
  return TRUE;
}

static void
parse_field (xmpp_stanza_t *el, JdDataForm *form)
{
  JdDataFormField *field = jd_data_form_add_field (form,
                                                   xmpp_stanza_get_attribute (el, "var"),
                                                   xmpp_stanza_get_attribute (el, "type"));

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      g_autofree char *text = NULL;

      if (!is_child (c, "value", JD_NS_DATA_FORMS))
        continue;
      text = jd_stanza_dup_text (c);
      jd_data_form_field_add_value (field, text != NULL ? text : "");
    }
}

/* Only <field/> children matter for XEP-0115; title, instructions and
 * reported/item tables are skipped. */
static JdDataForm *
parse_form (xmpp_stanza_t *el)
{
  JdDataForm *form = jd_data_form_new (xmpp_stanza_get_attribute (el, "type"));

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (el); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      if (is_child (c, "field", JD_NS_DATA_FORMS))
        parse_field (c, form);
    }
  return form;
}

static gboolean
parse_child (xmpp_stanza_t *child, JdDiscoInfo *info, GError **error)
{
  if (is_child (child, "identity", JD_NS_DISCO_INFO))
    return parse_identity (child, info, error);
  if (is_child (child, "feature", JD_NS_DISCO_INFO))
    return parse_feature (child, info, error);
  if (is_form (child))
    g_ptr_array_add (info->forms, parse_form (child));
  /* Anything else is someone's extension (XEP-0030 §3.1), not an error. */
  return TRUE;
}

/**
 * jd_disco_info_parse:
 * @query: a <query xmlns='http://jabber.org/protocol/disco#info'/> element
 * @out: (out) (transfer full): the parsed value
 * @error: #JD_XMPP_ERROR_BAD_REPLY when @query is not a valid answer
 *
 * Identities, features and forms keep the order and multiplicity they had
 * on the wire; unknown children are ignored.
 *
 * Returns: %TRUE on success.
 */
gboolean
jd_disco_info_parse (xmpp_stanza_t *query, JdDiscoInfo **out, GError **error)
{
  g_autoptr (JdDiscoInfo) info = NULL;

  g_return_val_if_fail (query != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!xmpp_stanza_is_tag (query) ||
      g_strcmp0 (xmpp_stanza_get_name (query), "query") != 0 ||
      g_strcmp0 (xmpp_stanza_get_ns (query), JD_NS_DISCO_INFO) != 0)
    return bad_reply (error, "not a disco#info <query/>");

  info = jd_disco_info_new ();
  info->node = g_strdup (xmpp_stanza_get_attribute (query, "node"));
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      if (!parse_child (c, info, error))
        return FALSE;
    }
  *out = g_steal_pointer (&info);
  return TRUE;
}

/* Building */

static void
set_attr (xmpp_stanza_t *el, const char *name, const char *value)
{
  if (value != NULL)
    xmpp_stanza_set_attribute (el, name, value);
}

static void
build_identity (xmpp_stanza_t *query, const JdDiscoIdentity *identity)
{
  xmpp_stanza_t *el = jd_stanza_add_element (query, "identity", NULL);

  set_attr (el, "category", identity->category);
  set_attr (el, "type", identity->type);
  set_attr (el, "xml:lang", identity->lang);
  set_attr (el, "name", identity->name);
}

static void
build_field (xmpp_stanza_t *form_el, const JdDataFormField *field)
{
  xmpp_stanza_t *el = jd_stanza_add_element (form_el, "field", NULL);

  set_attr (el, "var", field->var);
  set_attr (el, "type", field->type);
  for (guint i = 0; i < field->values->len; i++)
    jd_stanza_add_text_child (el, "value", g_ptr_array_index (field->values, i));
}

static void
build_form (xmpp_stanza_t *query, const JdDataForm *form)
{
  xmpp_stanza_t *el = jd_stanza_add_element (query, "x", JD_NS_DATA_FORMS);

  set_attr (el, "type", form->type);
  for (guint i = 0; i < form->fields->len; i++)
    build_field (el, g_ptr_array_index (form->fields, i));
}

/**
 * jd_disco_info_build:
 * @ctx: the libstrophe context that allocates the stanza
 * @info: the value to serialise
 *
 * Returns: (transfer full): a <query xmlns='…disco#info' node='…'/> element.
 */
xmpp_stanza_t *
jd_disco_info_build (xmpp_ctx_t *ctx, const JdDiscoInfo *info)
{
  xmpp_stanza_t *query;

  g_return_val_if_fail (ctx != NULL && info != NULL, NULL);
  query = jd_stanza_new_element (ctx, "query", JD_NS_DISCO_INFO);
  set_attr (query, "node", info->node);
  for (guint i = 0; i < info->identities->len; i++)
    build_identity (query, g_ptr_array_index (info->identities, i));
  for (guint i = 0; i < info->features->len; i++)
    {
      xmpp_stanza_t *el = jd_stanza_add_element (query, "feature", NULL);

      xmpp_stanza_set_attribute (el, "var", g_ptr_array_index (info->features, i));
    }
  for (guint i = 0; i < info->forms->len; i++)
    build_form (query, g_ptr_array_index (info->forms, i));
  return query;
}
