/* test-conformance.c — the data-driven conformance corpus of the plugins
 *
 * Each folder tests/data/config/<area>/ holds y_*.json configs that must
 * pass and n_*.json configs that must fail, and a manifest.txt naming, per
 * file, what is expected:
 *
 *   # file               expect                        options
 *   y_minimal.json       ok                            [allow=ID,ID] [platform=OS[/ARCH]] …
 *   n_cwd_relative.json  base.process.cwd.absolute     [pointer=/process/cwd] …
 *
 * Options: pointer=P (the failure's JSON pointer), platform=OS[/ARCH],
 * spec=RELEASE (as --spec-version), host (as --host-specific),
 * rootfs=none|file|link-out|NAME (what the bundle holds beside config.json:
 * by default a directory named after root.path, or "rootfs"), level=LEVEL
 * (the failure's RFC 2119 level, e.g. level=SHOULD), allow=ID[,ID] (y_
 * files: failures of these requirements are tolerated).
 *
 * Each line is one test. The last test checks coverage: every requirement
 * of the catalogue about configs and bundles (every document but runtime*.md, and
 * no <area>.runtime.* id: the runtime suite covers those) has an n_ case that produces it and a
 * y_ case in which it passes.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  char *area;
  char *file;
  char *path;
  char *expect; /* "ok" or a requirement id */
  char *pointer;
  char *platform;
  char *spec;
  char *rootfs;
  char *level;
  char **allow;
  gboolean host;
} Case;

typedef struct
{
  GPtrArray *results; /* OciResult * */
} Outcome;

static GPtrArray *all_cases;

static void
case_free (Case *c)
{
  g_free (c->area);
  g_free (c->file);
  g_free (c->path);
  g_free (c->expect);
  g_free (c->pointer);
  g_free (c->platform);
  g_free (c->spec);
  g_free (c->rootfs);
  g_free (c->level);
  g_strfreev (c->allow);
  g_free (c);
}

static void
on_result (OciResultBus *bus, const OciResult *r, Outcome *out)
{
  g_ptr_array_add (out->results, oci_result_copy (r));
}

static void
on_input_error (OciResultBus *bus, const char *subject, const char *message, Outcome *out)
{
  OciResult *r = oci_result_new ();

  r->status = OCI_STATUS_ERROR;
  r->message = g_strdup (message);
  g_ptr_array_add (out->results, r);
}

static void
make_rootfs (Case *c, const char *bundle, const char *config_path)
{
  g_autoptr(OciConfig) config = oci_config_new_from_file (config_path, NULL);
  const char *root = config ? oci_config_get_string (config, "/root/path") : NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (g_strcmp0 (c->rootfs, "none") == 0)
    return;
  if (c->rootfs && strcmp (c->rootfs, "file") != 0 && strcmp (c->rootfs, "link-out") != 0)
    name = g_strdup (c->rootfs);
  else if (root && !g_path_is_absolute (root) && strstr (root, "..") == NULL && *root)
    name = g_strdup (root);
  else
    name = g_strdup ("rootfs");
  path = g_build_filename (bundle, name, NULL);
  if (g_strcmp0 (c->rootfs, "file") == 0)
    g_assert_true (g_file_set_contents (path, "", 0, NULL));
  else if (g_strcmp0 (c->rootfs, "link-out") == 0)
    g_assert_cmpint (symlink ("/", path), ==, 0);
  else
    g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
}

/* Runs one case in a fresh bundle; the results land in @out. */
static void
run_case (Case *c, Outcome *out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_dir_make_tmp ("ort-conf-XXXXXX", &error);
  g_autofree char *config_path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *os = NULL;
  gsize len;
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MAY);
  g_autoptr(OciValidator) validator = NULL;

  g_assert_no_error (error);
  config_path = g_build_filename (bundle, "config.json", NULL);
  g_assert_true (g_file_get_contents (c->path, &data, &len, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (config_path, data, len, &error));
  make_rootfs (c, bundle, config_path);

  oci_registry_add_default_search_path (registry);
  oci_result_bus_set_want_passes (bus, TRUE);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), out);
  g_signal_connect (bus, "input-error", G_CALLBACK (on_input_error), out);
  validator = oci_validator_new (registry, bus);
  oci_validator_set_host_specific (validator, c->host);
  if (c->spec)
    oci_validator_set_spec_version (validator, c->spec);
  if (c->platform)
    {
      g_auto(GStrv) parts = g_strsplit (c->platform, "/", 2);
      oci_validator_set_platform (validator, parts[0], parts[1]);
    }
  oci_validator_validate_bundle (validator, bundle, NULL);
  g_assert_cmpuint (oci_registry_get_warnings (registry)->len, ==, 0);
  ort_test_remove_tree (bundle);
}

static gboolean
allowed (Case *c, const OciResult *r)
{
  return c->allow && r->requirement_id && g_strv_contains ((const char *const *) c->allow, r->requirement_id);
}

/* Whether @r is a finding of @expect (at @level): itself, or a finding
 * the validator merged it into (the schema's and a checker's at one
 * pointer are one finding whose message names the other). */
static gboolean
finding_names (const OciResult *r, const char *expect, const char *level)
{
  g_autofree char *merged = NULL;

  if (g_strcmp0 (r->requirement_id, expect) == 0)
    return level == NULL || g_strcmp0 (oci_level_to_string (r->level), level) == 0;
  if (r->message == NULL)
    return FALSE;
  merged = level ? g_strdup_printf ("; also %s (%s): ", expect, level) : g_strdup_printf ("; also %s (", expect);
  return strstr (r->message, merged) != NULL;
}

static void
test_case (gconstpointer data)
{
  Case *c = (Case *) data;
  Outcome out = { g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free) };
  gboolean found = FALSE;
  g_autoptr(GString) seen = g_string_new (NULL);

  run_case (c, &out);
  for (guint i = 0; i < out.results->len; i++)
    {
      OciResult *r = out.results->pdata[i];
      if (r->status != OCI_STATUS_FAIL && r->status != OCI_STATUS_ERROR)
        continue;
      g_string_append_printf (seen, "\n  %s %s at %s: %s", oci_status_to_string (r->status),
                              r->requirement_id ? r->requirement_id : "-", r->pointer ? r->pointer : "-",
                              r->message ? r->message : "");
      if (g_strcmp0 (c->expect, "ok") == 0)
        continue;
      if (r->status == OCI_STATUS_FAIL && (c->pointer == NULL || g_strcmp0 (r->pointer, c->pointer) == 0)
          && finding_names (r, c->expect, c->level))
        found = TRUE;
    }
  if (g_strcmp0 (c->expect, "ok") == 0)
    {
      for (guint i = 0; i < out.results->len; i++)
        {
          OciResult *r = out.results->pdata[i];
          if ((r->status == OCI_STATUS_FAIL || r->status == OCI_STATUS_ERROR) && !allowed (c, r))
            {
              g_test_fail_printf ("%s/%s must pass, but:%s", c->area, c->file, seen->str);
              break;
            }
        }
    }
  else if (!found)
    g_test_fail_printf ("%s/%s must fail %s%s%s%s%s, but the failures were:%s", c->area, c->file, c->expect,
             c->pointer ? " at " : "", c->pointer ? c->pointer : "", c->level ? " as " : "",
             c->level ? c->level : "", seen->len ? seen->str : " (none)");
  g_ptr_array_unref (out.results);
}

/* Every requirement has an n_ case naming it, and passes in some y_ case. */
static void
test_coverage (void)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(GHashTable) failing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) passing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  GPtrArray *rows;

  for (guint i = 0; i < all_cases->len; i++)
    {
      Case *c = all_cases->pdata[i];
      Outcome out = { g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free) };

      if (g_strcmp0 (c->expect, "ok") != 0)
        {
          g_hash_table_add (failing, g_strdup (c->expect));
          g_ptr_array_unref (out.results);
          continue;
        }
      run_case (c, &out);
      for (guint k = 0; k < out.results->len; k++)
        {
          OciResult *r = out.results->pdata[k];
          if (r->status == OCI_STATUS_PASS && r->requirement_id)
            g_hash_table_add (passing, g_strdup (r->requirement_id));
        }
      g_ptr_array_unref (out.results);
    }

  oci_registry_add_default_search_path (registry);
  oci_registry_activate (registry, NULL, NULL);
  rows = oci_registry_get_requirements (registry);
  for (guint i = 0; i < rows->len; i++)
    {
      const OciRequirement *r = rows->pdata[i];
      gboolean has_n = g_hash_table_contains (failing, r->id);

      /* Rules about a runtime's behaviour (runtime.md, runtime-linux.md,
       * and the "<area>.runtime.*" ids for what config.md asks of a
       * runtime) are covered by runtime-validate's cases, not configs;
       * those of its state and features documents by the y_/n_
       * documents of tests/data/documents (tests/cli/test-documents.c). */
      if (g_str_has_prefix (r->document, "runtime") || strcmp (r->document, "features.md") == 0
          || strstr (r->id, ".runtime.") != NULL)
        continue;
      gboolean has_y = g_hash_table_contains (passing, r->id);
      if (!has_n || !has_y)
        g_string_append_printf (missing, "\n  %s:%s%s", r->id, has_n ? "" : " no n_ case",
                                has_y ? "" : " no y_ case passing it");
    }
  if (missing->len)
    g_test_fail_printf ("requirements without conformance cases:%s", missing->str);
}

static void
load_area (const char *root, const char *area)
{
  g_autofree char *dir = g_build_filename (root, area, NULL);
  g_autofree char *manifest = g_build_filename (dir, "manifest.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (manifest, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) words = NULL;
      g_autofree char *testpath = NULL;
      Case *c;

      g_strstrip (*l);
      if (**l == '\0' || **l == '#')
        continue;
      words = g_regex_split_simple ("\\s+", *l, 0, 0);
      if (g_strv_length (words) < 2)
        g_error ("%s: malformed line: %s", manifest, *l);
      c = g_new0 (Case, 1);
      c->area = g_strdup (area);
      c->file = g_strdup (words[0]);
      c->path = g_build_filename (dir, words[0], NULL);
      c->expect = g_strdup (words[1]);
      if (!g_file_test (c->path, G_FILE_TEST_IS_REGULAR))
        g_error ("%s: no such file %s", manifest, c->path);
      if (g_str_has_prefix (c->file, "y_") != (strcmp (c->expect, "ok") == 0))
        g_error ("%s: %s: y_ files expect ok, n_ files a requirement", manifest, c->file);
      for (char **w = words + 2; *w; w++)
        {
          if (g_str_has_prefix (*w, "pointer="))
            c->pointer = g_strdup (*w + 8);
          else if (g_str_has_prefix (*w, "platform="))
            c->platform = g_strdup (*w + 9);
          else if (g_str_has_prefix (*w, "spec="))
            c->spec = g_strdup (*w + 5);
          else if (g_str_has_prefix (*w, "rootfs="))
            c->rootfs = g_strdup (*w + 7);
          else if (g_str_has_prefix (*w, "level="))
            c->level = g_strdup (*w + 6);
          else if (g_str_has_prefix (*w, "allow="))
            c->allow = g_strsplit (*w + 6, ",", -1);
          else if (strcmp (*w, "host") == 0)
            c->host = TRUE;
          else
            g_error ("%s: unknown option %s", manifest, *w);
        }
      if (c->pointer && strcmp (c->pointer, "\"\"") == 0)
        c->pointer[0] = '\0';
      g_ptr_array_add (all_cases, c);
      testpath = g_strdup_printf ("/conformance/%s/%s", area, c->file);
      g_test_add_data_func (testpath, c, test_case);
    }
}

int
main (int argc, char **argv)
{
  const char *data = g_getenv ("OCI_TEST_DATA");
  g_autofree char *root = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) areas = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (data);
  root = g_build_filename (data, "config", NULL);
  dir = g_dir_open (root, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *m = g_build_filename (root, name, "manifest.txt", NULL);
      if (g_file_test (m, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (areas, g_strdup (name));
    }
  g_ptr_array_sort (areas, (GCompareFunc) g_strcmp0);
  all_cases = g_ptr_array_new_with_free_func ((GDestroyNotify) case_free);
  for (guint i = 0; i < areas->len; i++)
    {
      g_autofree char *a = g_strdup (*(char **) &areas->pdata[i]);
      load_area (root, a);
    }
  g_test_add_func ("/conformance/coverage", test_coverage);
  status = g_test_run ();
  g_ptr_array_unref (all_cases);
  return status;
}
