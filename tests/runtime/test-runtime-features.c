/* test-runtime-features.c — the features-driven cases against the fake
 * runtime: a runtime that advertises what it accepts passes them, one
 * that lies in its features document (advertises CAP_BPF and the
 * nosymfollow mount option, then refuses configs with them) fails them,
 * each refused element named; one that accepts a hook it advertises but
 * never runs it fails; a runtime without `features` skips them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "oci-runtime-private.h"

typedef struct
{
  const char *mode;      /* FAKE_RUNTIME_MODE */
  const char *case_id;   /* the case to run */
  const char *status;    /* its expected status in the JSON report */
  const char *fail;      /* (nullable) a word the failure of the rule must name */
  const char *rule;      /* the features requirement it tests */
} FeaturesRun;

static const FeaturesRun runs[] = {
  { "features", "linux.features.capabilities", NULL, NULL, "linux.runtime.features.capabilities" },
  { "features-lie", "linux.features.capabilities", NULL, "CAP_BPF", "linux.runtime.features.capabilities" },
  { "features", "linux.features.mount_options", NULL, NULL, "linux.runtime.features.mount-options" },
  { "features-lie", "linux.features.mount_options", NULL, "nosymfollow", "linux.runtime.features.mount-options" },
  { "features", "linux.features.oci_version_max", "pass", NULL, "linux.runtime.features.oci-version" },
  { "ok", "linux.features.namespaces", "skip", NULL, NULL },
  /* It advertises createRuntime, accepts it, and never runs it. */
  { "features", "linux.features.hooks", "fail", "createRuntime", "linux.runtime.features.hooks" },
};

static const char *
member (JsonObject *object, const char *name)
{
  return json_object_has_member (object, name) ? json_object_get_string_member (object, name) : NULL;
}

/* The case's object in the JSON report. */
static JsonObject *
find_case (JsonNode *root, const char *id)
{
  JsonArray *cases = json_object_get_array_member (json_node_get_object (root), "cases");

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);
      if (g_strcmp0 (member (c, "id"), id) == 0)
        return c;
    }
  return NULL;
}

/* How many results of @rule have @status; with @word, only those whose
 * message names it. */
static guint
count_results (JsonObject *c, const char *rule, const char *status, const char *word)
{
  JsonArray *results = json_object_get_array_member (c, "results");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);
      const char *message = member (r, "message");

      if (g_strcmp0 (member (r, "requirement"), rule) == 0 && g_strcmp0 (member (r, "status"), status) == 0
          && (word == NULL || (message && strstr (message, word))))
        n++;
    }
  return n;
}

/* Runs @case_id against the fake in @mode (JSON report); NULL when the
 * machine cannot (the test is then skipped). *status: the exit status. */
static JsonParser *
run_fake (const char *mode, const char *case_id, int *status)
{
  const char *cli = g_getenv ("OCI_TEST_CLI");
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "fake-runtime.sh", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ort-test-features-XXXXXX", &error);
  g_autofree char *work = g_build_filename (dir, "work", NULL);
  const char *argv[] = { cli, "runtime-validate", "--runtime", fake, "--timeout=20", "--work-dir", work,
                         "--format", "json", "--only", case_id, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int wait_status = 0;

  g_assert_no_error (error);
  if (cli == NULL || !g_file_test ("/bin/busybox", G_FILE_TEST_IS_EXECUTABLE) || geteuid () != 0)
    {
      g_test_skip ("needs OCI_TEST_CLI, /bin/busybox and root (every case needs root)");
      oci_rm_rf (dir, NULL);
      return NULL;
    }
  g_mkdir (work, 0755);
  g_setenv ("FAKE_RUNTIME_MODE", mode, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &wait_status, &error));
  g_unsetenv ("FAKE_RUNTIME_MODE");
  g_assert_no_error (error);
  g_test_message ("stdout:\n%s\nstderr:\n%s", out, err);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  oci_rm_rf (dir, NULL);
  return g_steal_pointer (&parser);
}

static void
test_features_run (gconstpointer data)
{
  const FeaturesRun *run = data;
  int status = 0;
  g_autoptr(JsonParser) parser = run_fake (run->mode, run->case_id, &status);
  JsonObject *c;

  if (parser == NULL)
    return;
  c = find_case (json_parser_get_root (parser), run->case_id);
  g_assert_nonnull (c);
  if (run->status)
    g_assert_cmpstr (member (c, "status"), ==, run->status);
  if (run->rule && run->fail)
    {
      /* The lie is a failure naming the refused element, and the exit
       * status says a requirement is broken. */
      g_assert_cmpuint (count_results (c, run->rule, "fail", run->fail), ==, 1);
      g_assert_cmpint (status, ==, 1);
    }
  else if (run->rule)
    {
      g_assert_cmpuint (count_results (c, run->rule, "pass", NULL), ==, 1);
      g_assert_cmpuint (count_results (c, run->rule, "fail", NULL), ==, 0);
    }
  else
    g_assert_nonnull (strstr (member (c, "reason"), "no working `features` command"));
}

/* Scoring: a case whose only result is a skip proved nothing and is no
 * ok. The fake in mode "fail" refuses every config, so the check of a
 * wrong namespace path cannot tell its refusal from the control's. */
static void
test_unproven_is_skip (void)
{
  int status = 0;
  g_autoptr(JsonParser) parser = run_fake ("fail", "linux.ns_path_type.ipc", &status);
  JsonObject *c;

  if (parser == NULL)
    return;
  c = find_case (json_parser_get_root (parser), "linux.ns_path_type.ipc");
  g_assert_nonnull (c);
  g_assert_cmpuint (count_results (c, "linux.runtime.namespaces.path-type", "skip", NULL), ==, 1);
  g_assert_cmpstr (member (c, "status"), ==, "skip");
  g_assert_nonnull (strstr (member (c, "reason"), "nothing proven"));
}

/* Scoring: `idmap` is a SHOULD option; a runtime (claiming 1.2.0) that
 * refuses it cleanly is a skip saying so, not an error or a failure. */
static void
test_idmap_refused_is_skip (void)
{
  int status = 0;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *c;

  g_setenv ("FAKE_RUNTIME_SPEC", "1.2.0", TRUE);
  parser = run_fake ("refuse-idmap", "linux.idmapped_mounts", &status);
  g_unsetenv ("FAKE_RUNTIME_SPEC");
  if (parser == NULL)
    return;
  c = find_case (json_parser_get_root (parser), "linux.idmapped_mounts");
  g_assert_nonnull (c);
  g_assert_cmpstr (member (c, "status"), ==, "skip");
  g_assert_nonnull (strstr (member (c, "reason"), "refused the configured value cleanly"));
  g_assert_cmpint (status, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/runtime/scoring/unproven-is-skip", test_unproven_is_skip);
  g_test_add_func ("/runtime/scoring/idmap-refused-is-skip", test_idmap_refused_is_skip);
  for (gsize i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/runtime/features/%s/%s", runs[i].mode, runs[i].case_id);
      g_test_add_data_func (path, &runs[i], test_features_run);
    }
  return g_test_run ();
}
