/* test-engines.c — what real engines write validates without false alarms
 *
 * the JSON files of tests/data/engines/<engine>-<version>/ are configs podman, Docker
 * and containerd's ctr wrote for common options (scripts/engine-corpus.sh
 * regenerates them; this test needs none of the engines). Each is
 * validated as a bundle, and its findings (failures of every tier, advice
 * included, and errors) must be exactly those expected.txt lists: every
 * finding the spec's text does not support would be a false alarm, and
 * every listed one is a real problem that must be found.
 *
 * expected.txt:  FILE-GLOB  REQUIREMENT  POINTER-GLOB  [TEXT THE MESSAGE HOLDS]
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  GPatternSpec *file;
  char *requirement;
  GPatternSpec *pointer;
  char *text;
  char *line;
} Expect;

static GPtrArray *expectations; /* Expect * */

static void
expect_free (Expect *e)
{
  g_pattern_spec_free (e->file);
  g_pattern_spec_free (e->pointer);
  g_free (e->requirement);
  g_free (e->text);
  g_free (e->line);
  g_free (e);
}

static void
load_expectations (const char *root)
{
  g_autofree char *path = g_build_filename (root, "expected.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  expectations = g_ptr_array_new_with_free_func ((GDestroyNotify) expect_free);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) w = NULL;
      Expect *e;

      g_strstrip (*l);
      if (**l == '\0' || **l == '#')
        continue;
      w = g_regex_split_simple ("\\s+", *l, 0, 0);
      if (g_strv_length (w) < 3)
        g_error ("%s: malformed line: %s", path, *l);
      e = g_new0 (Expect, 1);
      e->file = g_pattern_spec_new (w[0]);
      e->requirement = g_strdup (w[1]);
      e->pointer = g_pattern_spec_new (w[2]);
      if (w[3])
        {
          /* The text is the rest of the line, spaces kept. */
          const char *rest = strstr (*l, w[2]) + strlen (w[2]);
          e->text = g_strstrip (g_strdup (rest));
        }
      e->line = g_strdup (*l);
      g_ptr_array_add (expectations, e);
    }
}

static gboolean
matches (const Expect *e, const char *name, const OciResult *r)
{
  return g_pattern_spec_match_string (e->file, name) && g_strcmp0 (r->requirement_id, e->requirement) == 0
         && r->pointer && g_pattern_spec_match_string (e->pointer, r->pointer)
         && (e->text == NULL || (r->message && strstr (r->message, e->text)));
}

static void
on_result (OciResultBus *bus, const OciResult *r, GPtrArray *out)
{
  if (r->status == OCI_STATUS_FAIL || r->status == OCI_STATUS_ERROR)
    g_ptr_array_add (out, oci_result_copy (r));
}

/* A bundle of the config: @BUNDLE@ becomes the bundle's path, and the
 * directory root.path names is made. */
static char *
make_bundle (const char *config_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_dir_make_tmp ("ort-engine-XXXXXX", &error);
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GRegex) placeholder = g_regex_new ("@BUNDLE@", 0, 0, NULL);
  g_autofree char *replaced = NULL;
  g_autoptr(OciConfig) config = NULL;
  const char *root;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (config_path, &text, NULL, &error));
  replaced = g_regex_replace_literal (placeholder, text, -1, 0, bundle, 0, &error);
  g_assert_no_error (error);
  target = g_build_filename (bundle, "config.json", NULL);
  g_assert_true (g_file_set_contents (target, replaced, -1, &error));
  config = oci_config_new_from_file (target, &error);
  g_assert_no_error (error);
  root = oci_config_get_string (config, "/root/path");
  if (root)
    {
      g_autofree char *dir = g_path_is_absolute (root) ? g_strdup (root) : g_build_filename (bundle, root, NULL);
      g_assert_true (g_str_has_prefix (dir, bundle));
      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    }
  return g_steal_pointer (&bundle);
}

static void
test_config (gconstpointer data)
{
  const char *path = data;
  g_autofree char *engine_dir = g_path_get_dirname (path);
  g_autofree char *engine = g_path_get_basename (engine_dir);
  g_autofree char *file = g_path_get_basename (path);
  g_autofree char *name = g_build_filename (engine, file, NULL);
  g_autofree char *bundle = make_bundle (path);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MAY);
  g_autoptr(OciValidator) validator = NULL;
  g_autoptr(GString) unexpected = g_string_new (NULL);
  g_autoptr(GString) missing = g_string_new (NULL);

  oci_registry_add_default_search_path (registry);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), found);
  validator = oci_validator_new (registry, bus);
  oci_validator_validate_bundle (validator, bundle, NULL);
  ort_test_remove_tree (bundle);

  for (guint i = 0; i < found->len; i++)
    {
      const OciResult *r = found->pdata[i];
      gboolean listed = FALSE;

      for (guint k = 0; k < expectations->len && !listed; k++)
        listed = matches (expectations->pdata[k], name, r);
      if (!listed)
        g_string_append_printf (unexpected, "\n  %s %s at %s: %s", r->requirement_id ? r->requirement_id : "(error)",
                                oci_level_to_string (r->level), r->pointer ? r->pointer : "-", r->message);
    }
  for (guint k = 0; k < expectations->len; k++)
    {
      const Expect *e = expectations->pdata[k];
      gboolean seen = FALSE;

      if (!g_pattern_spec_match_string (e->file, name))
        continue;
      for (guint i = 0; i < found->len && !seen; i++)
        seen = matches (e, name, found->pdata[i]);
      if (!seen)
        g_string_append_printf (missing, "\n  %s", e->line);
    }
  /* One problem is reported once: the schema's finding and a checker's
   * at one pointer are one finding. */
  for (guint i = 0; i < found->len; i++)
    for (guint k = i + 1; k < found->len; k++)
      {
        const OciResult *a = found->pdata[i], *b = found->pdata[k];
        if (a->pointer && g_strcmp0 (a->pointer, b->pointer) == 0
            && (g_strcmp0 (a->requirement_id, "schema") == 0) != (g_strcmp0 (b->requirement_id, "schema") == 0))
          g_test_fail_printf ("%s: %s and %s both reported at %s", name, a->requirement_id, b->requirement_id,
                              a->pointer);
      }
  if (unexpected->len)
    g_test_fail_printf ("%s: findings expected.txt does not list:%s", name, unexpected->str);
  if (missing->len)
    g_test_fail_printf ("%s: expected findings not found:%s", name, missing->str);
}

/* Runs the CLI; returns its exit status, its output in @out. */
static int
run_cli (const char *const *argv, char **out)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_clear_pointer (out, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Advice never fails a bundle unless --strict; requirements shows the basis. */
static void
test_cli_tiers (void)
{
  static const char *const levels[] = { "may", "should", "must" };
  const char *cli = g_getenv ("OCI_TEST_CLI");
  g_autofree char *path = g_build_filename (g_getenv ("OCI_TEST_DATA"), "config", "linux",
                                            "n_memory_swap_below_limit.json", NULL);
  g_autofree char *bundle = make_bundle (path);
  g_autofree char *out = NULL;

  g_assert_nonnull (cli);
  for (int strict = 0; strict <= 1; strict++)
    for (gsize level = 0; level < G_N_ELEMENTS (levels); level++)
      {
        const char *argv[] = { cli, "validate", "--path", bundle, "--compliance-level", levels[level],
                               strict ? "--strict" : NULL, NULL };

        g_assert_cmpint (run_cli (argv, &out), ==, strict ? 1 : 0);
        g_assert_nonnull (strstr (out, "linux.resources.memory.swap (ADVICE)"));
      }
  ort_test_remove_tree (bundle);

  {
    const char *argv[] = { cli, "requirements", "--area", "base.mounts.bind.source", NULL };
    g_assert_cmpint (run_cli (argv, &out), ==, 0);
    g_assert_nonnull (strstr (out, "basis: no RFC 2119 keyword in the text; advice: mount(2) has nothing to bind"));
  }
  {
    const char *argv[] = { cli, "requirements", "--area", "base.process.cwd.absolute", NULL };
    g_assert_cmpint (run_cli (argv, &out), ==, 0);
    g_assert_nonnull (strstr (out, "basis: MUST at config.md#configProcess"));
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *root = g_build_filename (g_getenv ("OCI_TEST_DATA"), "engines", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *engine;
  int status;

  g_test_init (&argc, &argv, NULL);
  load_expectations (root);
  dir = g_dir_open (root, 0, NULL);
  g_assert_nonnull (dir);
  while ((engine = g_dir_read_name (dir)))
    {
      g_autofree char *sub = g_build_filename (root, engine, NULL);
      g_autoptr(GDir) files = g_file_test (sub, G_FILE_TEST_IS_DIR) ? g_dir_open (sub, 0, NULL) : NULL;
      const char *f;

      while (files && (f = g_dir_read_name (files)))
        if (g_str_has_suffix (f, ".json"))
          g_ptr_array_add (paths, g_build_filename (sub, f, NULL));
    }
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
  g_assert_cmpuint (paths->len, >=, 20);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *p = paths->pdata[i];
      g_autofree char *engine_dir = g_path_get_dirname (p);
      g_autofree char *eng = g_path_get_basename (engine_dir);
      g_autofree char *base = g_path_get_basename (p);
      g_autofree char *testpath = NULL;

      base[strlen (base) - 5] = '\0';
      testpath = g_strdup_printf ("/engines/%s/%s", eng, base);
      g_test_add_data_func (testpath, p, test_config);
    }
  g_test_add_func ("/engines/cli-tiers", test_cli_tiers);
  status = g_test_run ();
  g_ptr_array_unref (expectations);
  return status;
}
