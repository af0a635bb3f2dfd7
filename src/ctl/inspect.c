/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * inspect: one Jingle IQ through the daemon's own parser, reported as the
 * daemon would see it (summary + SDP) or answer it (the error reply).
 */
#include "inspect.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "jd-jingle-message.h"
#include "jd-jingle-sdp.h"
#include "jd-stanza.h"

#define SUMMARY "Parse one Jingle <iq/> as jingled does, and print either a summary\n" \
                "line and the equivalent SDP (exit 0), or the error jingled would\n"   \
                "answer with (exit 1).  Reads standard input when FILE is absent or -."
#define DESCRIPTION "The SDP speaks for the sender of the IQ: a=sendonly means the sender\n" \
                    "sends and its peer only receives.\n\n"                            \
                    "Exit status: 0 parsed, 1 rejected or not XML, 2 usage or I/O error."

/* SDP lines end with CRLF; a terminal and a diff are happier with LF. */
static void
append_lf_lines (GString *out, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0' || lines[i + 1] != NULL)
        g_string_append_printf (out, "%s\n", lines[i]);
    }
}

/* The XEP-0166 §8 child of <error/>, if any. */
static const char *
jingle_condition (xmpp_stanza_t *error)
{
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (error); c != NULL;
       c = xmpp_stanza_get_next (c))
    {
      if (xmpp_stanza_is_tag (c) &&
          g_strcmp0 (xmpp_stanza_get_ns (c), JD_NS_JINGLE_ERRORS) == 0)
        return xmpp_stanza_get_name (c);
    }
  return NULL;
}

/* The line is read off the reply itself, so that it cannot disagree with
 * what would go on the wire. */
static void
append_rejection (GString *out, xmpp_stanza_t *iq, const GError *error)
{
  g_autoptr (xmpp_stanza_t) reply = jd_jingle_error_reply (iq, error);
  g_autofree char *xml = jd_stanza_to_string (reply);
  xmpp_stanza_t *el = jd_stanza_get_child (reply, "error", NULL);
  const char *jingle = el != NULL ? jingle_condition (el) : NULL;

  g_string_append_printf (out, "%s\n", xml != NULL ? xml : "");
  g_string_append_printf (out, "error: %s/%s%s%s: %s\n",
                          el != NULL ? xmpp_stanza_get_type (el) : "-",
                          jd_stanza_error_condition (reply),
                          jingle != NULL ? "+" : "", jingle != NULL ? jingle : "",
                          error->message);
}

static JdInspectStatus
inspect_stanza (xmpp_stanza_t *iq, GString *out)
{
  g_autoptr (JdJingleMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *summary = NULL;

  if (!jd_jingle_message_parse (iq, &msg, &error))
    {
      append_rejection (out, iq, error);
      return JD_INSPECT_REJECTED;
    }
  summary = jd_jingle_message_summary (msg);
  g_string_append_printf (out, "%s\n", summary);
  if (msg->contents != NULL && msg->contents->len > 0)
    {
      g_autofree char *sdp = jd_jingle_message_to_sdp (msg);

      append_lf_lines (out, sdp);
    }
  return JD_INSPECT_OK;
}

/* A file may start with a BOM and an XML declaration; libstrophe parses
 * a stanza, not a document, and rejects both. */
static const char *
skip_prolog (const char *xml)
{
  const char *end;

  if (g_str_has_prefix (xml, "\xef\xbb\xbf"))
    xml += 3;
  while (g_ascii_isspace (*xml))
    xml++;
  if (!g_str_has_prefix (xml, "<?xml") || (end = strstr (xml, "?>")) == NULL)
    return xml;
  return end + 2;
}

/* Kept apart from jd_inspect_xml() so the stanza is released before its
 * context is freed. */
static JdInspectStatus
inspect_in_context (xmpp_ctx_t *ctx, const char *xml, GString *out)
{
  g_autoptr (xmpp_stanza_t) iq = jd_stanza_from_string (ctx, skip_prolog (xml));

  if (iq == NULL)
    {
      g_string_append (out, "error: not well-formed XML\n");
      return JD_INSPECT_REJECTED;
    }
  return inspect_stanza (iq, out);
}

JdInspectStatus
jd_inspect_xml (const char *xml, GString *out)
{
  xmpp_ctx_t *ctx;
  JdInspectStatus status;

  g_return_val_if_fail (xml != NULL, JD_INSPECT_USAGE);
  g_return_val_if_fail (out != NULL, JD_INSPECT_USAGE);

  ctx = xmpp_ctx_new (NULL, NULL);
  status = inspect_in_context (ctx, xml, out);
  xmpp_ctx_free (ctx);
  return status;
}

static gboolean
read_stdin (char **contents, GError **error)
{
  g_autoptr (GString) buf = g_string_new (NULL);
  char chunk[4096];
  size_t n;

  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    g_string_append_len (buf, chunk, (gssize) n);
  if (ferror (stdin))
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "standard input: %s", g_strerror (saved));
      return FALSE;
    }
  *contents = g_string_free (g_steal_pointer (&buf), FALSE);
  return TRUE;
}

static gboolean
read_input (const char *path, char **contents, GError **error)
{
  if (path == NULL || strcmp (path, "-") == 0)
    return read_stdin (contents, error);
  return g_file_get_contents (path, contents, NULL, error);
}

static gboolean
parse_arguments (int *argc, char ***argv, GError **error)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("[FILE.xml]");

  g_option_context_set_summary (context, SUMMARY);
  g_option_context_set_description (context, DESCRIPTION);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc > 2)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "expected at most one FILE");
      return FALSE;
    }
  return TRUE;
}

int
jd_inspect_main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *xml = NULL;
  JdInspectStatus status;

  if (!parse_arguments (&argc, &argv, &error))
    {
      g_printerr ("%s: %s (see --help)\n", g_get_prgname (), error->message);
      return JD_INSPECT_USAGE;
    }
  if (!read_input (argc > 1 ? argv[1] : NULL, &xml, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return JD_INSPECT_USAGE;
    }
  status = jd_inspect_xml (xml, out);
  /* fwrite, not g_print: the report is UTF-8 whatever the locale says. */
  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      g_printerr ("%s: standard output: %s\n", g_get_prgname (), g_strerror (errno));
      return JD_INSPECT_USAGE;
    }
  return status;
}
