/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * jinglectl: control jingled over D-Bus.  `jinglectl [GLOBAL…] COMMAND
 * [ARG…]`; each command is in a ctl-*.c and talks to the daemon only
 * through the generated proxies (jd-dbus-generated.h).  The exit status
 * is a JdCtlExit.
 */
#include "ctl.h"
#include "inspect.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name;
  const char *params;
  const char *summary;
  JdCtlCommandFunc func;
} Command;

/* `inspect` needs no daemon and keeps its own options. */
static int
run_inspect (JdCtl *ctl, int argc, char **argv)
{
  return jd_inspect_main (argc, argv);
}

static const Command commands[] = {
  { "status", "", "the daemon, its accounts and calls", jd_ctl_status },
  { "accounts", "", "the accounts and their properties", jd_ctl_accounts },
  { "presence", "[SHOW [STATUS [PRIORITY]]]", "show or set our presence", jd_ctl_presence },
  { "roster", "", "list the roster", jd_ctl_roster },
  { "add", "JID [NAME]", "add a contact", jd_ctl_add },
  { "remove", "JID", "remove a contact", jd_ctl_contact },
  { "approve", "JID", "let JID see our presence", jd_ctl_contact },
  { "deny", "JID", "refuse JID's subscription", jd_ctl_contact },
  { "subscribe", "JID", "ask to see JID's presence", jd_ctl_contact },
  { "block", "JID", "block JID", jd_ctl_contact },
  { "unblock", "JID", "unblock JID", jd_ctl_contact },
  { "blocked", "", "list the blocked JIDs", jd_ctl_blocked },
  { "msg", "JID TEXT", "send a chat message", jd_ctl_msg },
  { "call", "JID [--video] [--raw-udp] [--no-jmi] [--codecs A,B] [--dtmf DIGITS] [--wait]",
    "call JID", jd_ctl_call },
  { "answer", "[CALL]", "accept an incoming call", jd_ctl_answer },
  { "reject", "[CALL] [REASON]", "refuse an incoming call", jd_ctl_end },
  { "hangup", "[CALL] [REASON]", "end a call", jd_ctl_end },
  { "hold", "[CALL]", "put a call on hold", jd_ctl_hold },
  { "unhold", "[CALL]", "resume a held call", jd_ctl_hold },
  { "mute", "[CALL] MEDIA on|off", "stop or resume sending audio or video", jd_ctl_mute },
  { "dtmf", "[CALL] DIGITS [--duration MS]", "send DTMF tones", jd_ctl_dtmf },
  { "calls", "", "the calls and their properties", jd_ctl_calls },
  { "stats", "[CALL]", "live statistics of a call", jd_ctl_stats },
  { "monitor", "", "print every signal of the daemon", jd_ctl_monitor },
  { "inspect", "[FILE.xml]", "parse one Jingle IQ offline, as jingled does", run_inspect },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new ("Commands:\n");

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, commands[i].params);

      /* A long usage gets the summary on a line of its own. */
      if (strlen (usage) > 28)
        g_string_append_printf (text, "  %s\n  %-28s %s\n", usage, "", commands[i].summary);
      else
        g_string_append_printf (text, "  %-28s %s\n", usage, commands[i].summary);
    }
  g_string_append (text,
                   "\nCALL is a call number N (/im/jingled/call/N) or a path; without it,\n"
                   "the only call.  Each command has --help.\n\n"
                   "Exit status: 0 success, 1 the daemon answered with an error, 2 usage\n"
                   "error, 3 jingled not reachable, 4 (call --wait) the call ended with a\n"
                   "failure reason.");
  return g_string_free (text, FALSE);
}

static JdCtlExit
parse_global (JdCtl *ctl, int *argc, char ***argv)
{
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("COMMAND [ARG…]");
  g_autofree GOptionEntry *global = jd_ctl_global_entries (ctl);
  g_autofree char *description = describe_commands ();
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context, "Control jingled, the Jingle call daemon, over D-Bus.");
  g_option_context_set_description (context, description);
  /* Options up to the command are global; the command parses the rest. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, global, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    return jd_ctl_usage ("%s", error->message);
  if (version)
    {
      g_print ("jinglectl %s\n", JD_VERSION);
      exit (JD_CTL_EXIT_OK);
    }
  if (*argc < 2)
    return jd_ctl_usage ("no command given");
  return JD_CTL_EXIT_OK;
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (commands[i].name, name) == 0)
        return &commands[i];
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  JdCtl ctl = { 0 };
  const Command *command;
  int status;

  setlocale (LC_ALL, "");
  g_set_prgname ("jinglectl");
  /* Registers the im.jingled.Error.* names before any call can fail. */
  (void) JD_DBUS_ERROR;
  status = parse_global (&ctl, &argc, &argv);
  if (status != JD_CTL_EXIT_OK)
    goto out;
  command = find_command (argv[1]);
  if (command == NULL)
    {
      status = jd_ctl_usage ("unknown command %s", argv[1]);
      goto out;
    }
  status = command->func (&ctl, argc - 1, argv + 1);
out:
  jd_ctl_clear (&ctl);
  return status;
}
