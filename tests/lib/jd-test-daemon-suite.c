/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jd-test-daemon-suite.h"

#include <gst/gst.h>

#include "jd-test-xmpp.h"

JdTestProsody *
jd_test_prosody_suite_init (int *argc, char ***argv)
{
  g_autoptr (GError) error = NULL;
  JdTestProsody *prosody;

  gst_init (argc, argv);
  g_test_init (argc, argv, NULL);
  prosody = jd_test_prosody_start (&error);
  g_assert_no_error (error);
  return prosody;
}

JdTestProsody *
jd_test_daemon_suite_init (int *argc, char ***argv)
{
  JdTestProsody *prosody = jd_test_prosody_suite_init (argc, argv);

  {
    g_autoptr (JdTestAccount) alice = jd_test_account_new (prosody, "alice");
    g_autoptr (JdTestAccount) bob = jd_test_account_new (prosody, "bob");

    jd_test_account_login (alice);
    jd_test_account_login (bob);
    jd_test_account_befriend (alice, bob);
  }
  return prosody;
}
