/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Passwords from a file or a command.  The password is the first line;
 * it never appears in a message.  Buffers that held it are wiped before
 * they are freed.
 */
#include "jd-config-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* More than any password; a bigger file is not a password file. */
#define MAX_SECRET 4096

static void
wipe_free (char *s)
{
  if (s == NULL)
    return;
  explicit_bzero (s, strlen (s));
  g_free (s);
}

/* A buffer that may hold a password: wiped when it goes out of scope. */
typedef char Secret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Secret, wipe_free)

/* The first line of @text, without its end of line; NULL when empty. */
static char *
first_line (const char *text)
{
  gsize n = strcspn (text, "\r\n");

  return n > 0 ? g_strndup (text, n) : NULL;
}

static gboolean
check_private (int fd, GError **error)
{
  struct stat st;

  if (fstat (fd, &st) < 0)
    {
      int saved = errno;

      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD, "%s", g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD, "not a regular file");
      return FALSE;
    }
  if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0)
    {
      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD,
                   "readable by group or others (mode %04o); run chmod 600 on it",
                   (guint) (st.st_mode & 07777));
      return FALSE;
    }
  return TRUE;
}

/* The mode is checked on the open file, so a file swapped after the check
 * is never read. */
char *
jd_config_read_password_file (const char *path, GError **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  g_autoptr (Secret) buf = NULL;
  ssize_t n;
  char *password;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD, "cannot open %s: %s",
                   path, g_strerror (saved));
      return NULL;
    }
  buf = g_malloc0 (MAX_SECRET + 1);
  if (!check_private (fd, error))
    {
      close (fd);
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  n = read (fd, buf, MAX_SECRET);
  close (fd);
  if (n < 0)
    {
      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD, "cannot read %s", path);
      return NULL;
    }
  password = first_line (buf);
  if (password == NULL)
    g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD,
                 "%s: the first line is empty", path);
  return password;
}

static char *
first_stderr_line (const char *err)
{
  g_autofree char *line = first_line (err != NULL ? err : "");

  if (line == NULL)
    return g_strdup ("");
  return g_strdup_printf (": %.200s", line);
}

char *
jd_config_run_password_command (const char *command, GError **error)
{
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  g_autoptr (Secret) out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *why = NULL;
  g_autoptr (GError) local = NULL;
  int status;
  char *password;

  /* stdin is /dev/null: a command that prompts fails instead of hanging. */
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &local))
    {
      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD, "cannot run /bin/sh: %s",
                   local->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, &local))
    {
      why = first_stderr_line (err);
      g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD, "the command failed (%s)%s",
                   local->message, why);
      return NULL;
    }
  password = first_line (out);
  if (password == NULL)
    g_set_error (error, JD_CONFIG_ERROR, JD_CONFIG_ERROR_PASSWORD,
                 "the command printed no password");
  return password;
}
