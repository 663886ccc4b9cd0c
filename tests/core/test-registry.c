/* test-registry.c — plugin loading (good and broken plugins), the result
 * bus's counters and exit codes, and the four reporters
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"
#include "report-check.h"

typedef struct
{
  char *dir;   /* plugin folder of this test */
  char *dir2;  /* a second one, searched after */
  OciRegistry *registry;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("ort-reg-XXXXXX", NULL);
  f->dir2 = g_dir_make_tmp ("ort-reg2-XXXXXX", NULL);
  f->registry = oci_registry_new ();
  oci_registry_add_search_dir (f->registry, f->dir);
  oci_registry_add_search_dir (f->registry, f->dir2);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->registry);
  ort_test_remove_tree (f->dir);
  ort_test_remove_tree (f->dir2);
  g_free (f->dir);
  g_free (f->dir2);
}

/* Puts the built test plugin @name into @dir as @as.so. */
static void
install (const char *dir, const char *name, const char *as)
{
  const char *built = g_getenv ("OCI_TEST_PLUGINS");
  g_autofree char *src = NULL;
  g_autofree char *dst = NULL;
  g_autofree char *file = g_strdup_printf ("%s.so", as);

  g_assert_nonnull (built);
  src = g_strdup_printf ("%s/test-%s.so", built, name);
  dst = g_build_filename (dir, file, NULL);
  ort_test_copy_file (src, dst);
}

static void
assert_one_warning (Fixture *f, const char *file, const char *says)
{
  GPtrArray *w = oci_registry_get_warnings (f->registry);

  if (w->len != 1)
    {
      g_autoptr(GString) all = g_string_new (NULL);
      for (guint i = 0; i < w->len; i++)
        g_string_append_printf (all, "\n  %s", (char *) w->pdata[i]);
      g_test_fail_printf ("expected one warning about %s, got %u:%s", file, w->len, all->str);
      return;
    }
  g_assert_nonnull (strstr (w->pdata[0], file));
  g_assert_nonnull (strstr (w->pdata[0], says));
}

static void
assert_good_loaded (Fixture *f)
{
  OciPlugin *good = oci_registry_lookup_plugin (f->registry, "testgood");

  g_assert_nonnull (good);
  g_assert_true (oci_plugin_is_active (good));
  g_assert_cmpuint (oci_plugin_get_checkers (good)->len, ==, 2);
  g_assert_nonnull (oci_registry_lookup_option (f->registry, "testgood-label"));
  g_assert_nonnull (oci_registry_lookup_requirement (f->registry, "testgood.flag", "1.2.0"));
}

static void
test_load_good (Fixture *f, gconstpointer data)
{
  install (f->dir, "good", "good");
  oci_registry_activate (f->registry, "linux", "amd64");
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 0);
  assert_good_loaded (f);
}

typedef struct
{
  const char *name;
  const char *says;
} Broken;

static const Broken broken[] = {
  { "wrong-abi", "ABI" },
  { "small-struct", "smaller than" },
  { "no-descriptor", "no plugin descriptor" },
  { "no-meta", "no valid plugin metadata" },
  { "ctor-exit", "no valid plugin metadata" },
  { "ctor-loop", "no valid plugin metadata" },
  { "ctor-crash", "no valid plugin metadata" },
  { "bad-name", "no valid name" },
  { "failing-init", "deliberately failing init" },
  { "unresolved", "oci_test_symbol_nobody_defines" },
  { "clash", "option --hostname does not begin with the plugin name ('--testclash-…')" },
  { "reserved-base", "the name 'base' is reserved for the built-in plugin" },
  { "meta-mismatch", "does not match its descriptor" },
  { "sections-mismatch", "sections hooks) does not match its descriptor (testsecmis: *; sections vm)" },
  { "sections-badoption", "option --elsewhere-flag is not named after the plugin or one of its sections (org.example.vendor)" },
  { "sections-defaults", "a plugin declared with config sections may not set generate defaults" },
};

/* A plugin found by its metadata is opened only for a target it applies
 * to: its broken module goes unnoticed until then. */
static void
test_load_deferred (Fixture *f, gconstpointer data)
{
  g_auto(GStrv) names = NULL;
  OciPlugin *lazy;

  install (f->dir, "lazy-broken", "lazy");
  install (f->dir, "good", "good");
  names = oci_registry_get_platform_names (f->registry);
  g_assert_true (g_strv_contains ((const char *const *) names, "solaris"));
  oci_registry_activate (f->registry, "linux", "amd64");
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 0);
  lazy = oci_registry_lookup_plugin (f->registry, "testlazy");
  g_assert_nonnull (lazy);
  g_assert_false (oci_plugin_is_active (lazy));
  g_assert_cmpstr (oci_plugin_get_description (lazy), ==, "opened only for solaris");
  oci_registry_activate (f->registry, "solaris", NULL);
  assert_one_warning (f, "lazy.so", "oci_test_symbol_nobody_defines");
  g_assert_false (oci_plugin_is_active (lazy));
  assert_good_loaded (f);
}

/* Each broken plugin gives exactly one warning naming its file, and the
 * good plugin beside it still loads. */
static void
test_load_broken (Fixture *f, gconstpointer data)
{
  const Broken *b = data;
  g_autofree char *file = g_strdup_printf ("zz-%s.so", b->name);
  g_autofree char *as = g_strdup_printf ("zz-%s", b->name);

  install (f->dir, "good", "good");
  install (f->dir, b->name, as);
  oci_registry_activate (f->registry, "linux", "amd64");
  assert_one_warning (f, file, b->says);
  assert_good_loaded (f);
}

static void
test_load_garbage (Fixture *f, gconstpointer data)
{
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.so", NULL);

  g_assert_true (g_file_set_contents (garbage, "\x7f" "ELF not really", -1, NULL));
  install (f->dir, "good", "good");
  oci_registry_activate (f->registry, NULL, NULL);
  assert_one_warning (f, "garbage.so", "no valid plugin metadata");
  assert_good_loaded (f);
}

/* The first directory wins; the second copy is named in a warning. */
static void
test_load_duplicate (Fixture *f, gconstpointer data)
{
  install (f->dir, "good", "good");
  install (f->dir2, "duplicate", "dup");
  oci_registry_activate (f->registry, NULL, NULL);
  assert_one_warning (f, "dup.so", "already loaded from");
  assert_good_loaded (f);
  g_assert_true (g_str_has_prefix (oci_plugin_get_path (oci_registry_lookup_plugin (f->registry, "testgood")), f->dir));
}

static void
test_platform_filter (Fixture *f, gconstpointer data)
{
  g_auto(GStrv) names = NULL;

  install (f->dir, "platform-linux", "l");
  install (f->dir, "platform-windows", "w");
  install (f->dir, "good", "good");
  names = oci_registry_get_platform_names (f->registry);
  g_assert_true (g_strv_contains ((const char *const *) names, "linux"));
  g_assert_true (g_strv_contains ((const char *const *) names, "windows"));
  g_assert_true (g_strv_contains ((const char *const *) names, "solaris"));
  oci_registry_activate (f->registry, "windows", "arm64");
  g_assert_false (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testwindows")));
  g_assert_false (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testlinux")));
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testgood")));
  oci_registry_activate (f->registry, "windows", "amd64");
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testwindows")));
  g_assert_false (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testlinux")));
  oci_registry_activate (f->registry, "solaris", NULL);
  oci_registry_activate (f->registry, "linux", "amd64");
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testlinux")));
}

static void
test_name_filter (Fixture *f, gconstpointer data)
{
  const char *const only[] = { "testwindows", NULL };
  g_auto(GStrv) platforms = NULL;

  install (f->dir, "platform-linux", "l");
  install (f->dir, "platform-windows", "w");
  oci_registry_set_name_filter (f->registry, only);
  oci_registry_activate (f->registry, NULL, NULL);
  g_assert_false (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testlinux")));
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testwindows")));
  /* the filter limits what is opened, not what platforms are known */
  platforms = oci_registry_get_platform_names (f->registry);
  g_assert_true (g_strv_contains ((const char *const *) platforms, "linux"));
}

/* ---- validation through the good plugin, the bus and exit codes -------- */

typedef struct
{
  GPtrArray *results;
} Collected;

static void
collect (OciResultBus *bus, const OciResult *r, Collected *c)
{
  g_ptr_array_add (c->results, oci_result_copy (r));
}

static const OciResult *
find (Collected *c, const char *requirement, OciStatus status)
{
  for (guint i = 0; i < c->results->len; i++)
    {
      const OciResult *r = c->results->pdata[i];
      if (g_strcmp0 (r->requirement_id, requirement) == 0 && r->status == status)
        return r;
    }
  return NULL;
}

static int
validate_with (Fixture *f, const char *json, OciTier compliance, Collected *c)
{
  g_autoptr(OciResultBus) bus = oci_result_bus_new (compliance);
  g_autoptr(OciValidator) v = oci_validator_new (f->registry, bus);
  g_autoptr(OciConfig) config = oci_config_new_from_data (json, -1, "test.json", NULL);

  g_assert_nonnull (config);
  oci_result_bus_set_want_passes (bus, TRUE);
  g_signal_connect (bus, "result", G_CALLBACK (collect), c);
  oci_result_bus_begin_subject (bus, "test");
  oci_validator_validate_config (v, config, NULL, "test", NULL);
  oci_result_bus_end_subject (bus, "test");
  oci_result_bus_finish (bus);
  return oci_result_bus_get_exit_code (bus);
}

/* A plugin that declared config sections is opened only for a config
 * that has one of them; generating or listing loads it as any other. */
static void
test_sections (Fixture *f, gconstpointer data)
{
  Collected c = { g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free) };
  OciPlugin *sections;
  const OciResult *r;

  install (f->dir, "good", "good");
  install (f->dir, "sections", "sections");
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.0.0\"}", OCI_TIER_MUST, &c), ==, 0);
  sections = oci_registry_lookup_plugin (f->registry, "testsections");
  g_assert_nonnull (sections);
  g_assert_cmpstr (oci_plugin_get_sections (sections), ==, "org.example.vendor, org.example.other");
  g_assert_false (oci_plugin_is_active (sections));
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testgood")));
  g_assert_null (find (&c, "testsections.enabled", OCI_STATUS_PASS));
  /* the second section listed is enough */
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.0.0\", \"org.example.other\": 1}",
                                  OCI_TIER_MUST, &c), ==, 0);
  g_assert_true (oci_plugin_is_active (sections));
  /* once open, its checks run (and fail) where the section says so */
  g_ptr_array_set_size (c.results, 0);
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.0.0\", \"org.example.vendor\": {\"enabled\": false}}",
                                  OCI_TIER_MUST, &c), ==, 1);
  r = find (&c, "testsections.enabled", OCI_STATUS_FAIL);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->pointer, ==, "/org.example.vendor/enabled");
  g_ptr_array_unref (c.results);
}

static guint
index_of (Collected *c, const OciResult *r)
{
  for (guint i = 0; i < c->results->len; i++)
    if (c->results->pdata[i] == r)
      return i;
  g_assert_not_reached ();
}

/* The schema's results come first, then the checkers', in their own
 * order: for the first config of a run (which opens the plugins) and for
 * later ones. */
static void
test_result_order (Fixture *f, gconstpointer data)
{
  static const char config[] =
    "{\"ociVersion\": \"1.0.0\", \"hostname\": 7,"
    " \"annotations\": {\"org.example.fail\": \"x\", \"org.example.warn\": \"y\"}}";

  install (f->dir, "good", "good");
  for (guint round = 0; round < 2; round++)
    {
      Collected c = { g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free) };
      const OciResult *schema, *flag, *advice;

      g_assert_cmpint (validate_with (f, config, OCI_TIER_MUST, &c), ==, 1);
      schema = find (&c, "schema", OCI_STATUS_FAIL);
      flag = find (&c, "testgood.flag", OCI_STATUS_FAIL);
      advice = find (&c, "testgood.advice", OCI_STATUS_FAIL);
      g_assert_nonnull (schema);
      g_assert_cmpstr (schema->pointer, ==, "/hostname");
      g_assert_nonnull (flag);
      g_assert_nonnull (advice);
      g_assert_cmpuint (index_of (&c, schema), <, index_of (&c, flag));
      g_assert_cmpuint (index_of (&c, flag), <, index_of (&c, advice));
      g_ptr_array_unref (c.results);
    }
}

/* A registry that activates for a target, not a config, opens it. */
static void
test_sections_activate (Fixture *f, gconstpointer data)
{
  install (f->dir, "sections", "sections");
  oci_registry_activate (f->registry, "linux", "amd64");
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testsections")));
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 0);
  g_assert_nonnull (oci_registry_lookup_option (f->registry, "testsections-enable"));
}

/* For generate: a plugin with sections opens only for its own options
 * (named after a section), or for any option when names is NULL (--help). */
static void
test_sections_options (Fixture *f, gconstpointer data)
{
  static const char *const unrelated[] = { "testgood-label", "hostname", "org.example.otherwise", NULL };
  static const char *const its_own[] = { "hostname", "testsections-enable", NULL };
  OciPlugin *sections;

  install (f->dir, "good", "good");
  install (f->dir, "sections", "sections");
  oci_registry_activate_for_options (f->registry, "linux", "amd64", unrelated);
  sections = oci_registry_lookup_plugin (f->registry, "testsections");
  g_assert_false (oci_plugin_is_active (sections));
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testgood")));
  g_assert_null (oci_registry_lookup_option (f->registry, "testsections-enable"));
  g_assert_true (oci_plugin_may_own_option (sections, "org.example.vendor-x"));
  g_assert_false (oci_plugin_may_own_option (sections, "org.example.vendorx"));
  oci_registry_activate_for_options (f->registry, "linux", "amd64", its_own);
  g_assert_true (oci_plugin_is_active (sections));
  g_assert_nonnull (oci_registry_lookup_option (f->registry, "testsections-enable"));
}

static void
test_sections_help (Fixture *f, gconstpointer data)
{
  install (f->dir, "sections", "sections");
  oci_registry_activate_for_options (f->registry, "linux", "amd64", NULL);
  g_assert_true (oci_plugin_is_active (oci_registry_lookup_plugin (f->registry, "testsections")));
}

static void
test_exit_codes (Fixture *f, gconstpointer data)
{
  Collected c = { g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free) };
  const OciResult *r;

  install (f->dir, "good", "good");
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.0.0\"}", OCI_TIER_MUST, &c), ==, 0);
  g_assert_nonnull (find (&c, "testgood.flag", OCI_STATUS_PASS));
  g_assert_nonnull (find (&c, "schema", OCI_STATUS_PASS));
  /* A SHOULD failure is a warning at the MUST level, a failure at SHOULD. */
  g_ptr_array_set_size (c.results, 0);
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.0.0\", \"annotations\": {\"org.example.warn\": \"x\"}}",
                                  OCI_TIER_MUST, &c), ==, 0);
  r = find (&c, "testgood.advice", OCI_STATUS_FAIL);
  g_assert_nonnull (r);
  g_assert_cmpint (r->level, ==, OCI_LEVEL_SHOULD);
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.0.0\", \"annotations\": {\"org.example.warn\": \"x\"}}",
                                  OCI_TIER_SHOULD, &c), ==, 1);
  /* A MUST failure fails; the result names pointer, line:column and URL. */
  g_ptr_array_set_size (c.results, 0);
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.2.0\",\n \"annotations\": {\"org.example.fail\": \"x\"}}",
                                  OCI_TIER_MUST, &c), ==, 1);
  r = find (&c, "testgood.flag", OCI_STATUS_FAIL);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->pointer, ==, "/annotations/org.example.fail");
  g_assert_cmpuint (r->line, ==, 2);
  g_assert_cmpuint (r->column, ==, 38);
  g_assert_cmpstr (r->url, ==, "https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md#configAnnotations");
  g_assert_cmpstr (r->checker_id, ==, "testgood.flag");
  /* A checker that cannot run is an error result (exit 2: a check could
   * not run); the others still run. */
  g_ptr_array_set_size (c.results, 0);
  g_assert_cmpint (validate_with (f, "{\"ociVersion\": \"1.0.0\", \"annotations\": {\"org.example.break\": \"x\"}}",
                                  OCI_TIER_MAY, &c), ==, 2);
  r = find (&c, NULL, OCI_STATUS_ERROR);
  g_assert_nonnull (r);
  g_assert_nonnull (strstr (r->message, "deliberately broken checker"));
  g_assert_nonnull (find (&c, "testgood.flag", OCI_STATUS_PASS));
  g_ptr_array_unref (c.results);
}

static void
count_errors (OciResultBus *bus, const OciResult *r, guint *errors)
{
  if (r->status == OCI_STATUS_ERROR)
    (*errors)++;
}

/* A third-party plugin's checkers run in plugin hosts: after a threaded
 * run (whose hosts die with their threads) a later bundle still gets its
 * results, and no error is made up. */
static void
test_isolation_hosts (Fixture *f, gconstpointer data)
{
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  g_autoptr(OciValidator) v = oci_validator_new (f->registry, bus);
  g_autoptr(GPtrArray) bundles = g_ptr_array_new_with_free_func (g_free);
  guint errors = 0;
  OciPlugin *bad;

  install (f->dir, "misbehave", "misbehave");
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("b%u", i);
      char *bundle = g_build_filename (f->dir2, name, NULL);
      g_autofree char *config = g_build_filename (bundle, "config.json", NULL);
      g_assert_cmpint (g_mkdir (bundle, 0755), ==, 0);
      g_assert_true (g_file_set_contents (config, "{\"ociVersion\": \"1.0.0\", \"annotations\": {\"org.example.fail\": \"x\"}}", -1, NULL));
      g_ptr_array_add (bundles, bundle);
    }
  g_ptr_array_add (bundles, NULL);
  g_signal_connect (bus, "result", G_CALLBACK (count_errors), &errors);
  g_assert_cmpuint (oci_validator_validate_bundles (v, (const char *const *) bundles->pdata, 3), ==, 0);
  bad = oci_registry_lookup_plugin (f->registry, "testbad");
  g_assert_true (oci_registry_is_isolated (f->registry, bad));
  g_assert_false (oci_registry_is_builtin (f->registry, bad));
  g_assert_true (oci_validator_validate_bundle (v, bundles->pdata[0], NULL));
  oci_result_bus_finish (bus);
  g_assert_cmpuint (errors, ==, 0);
  /* testbad.flag failed in each of the 7 validations */
  g_assert_cmpuint (oci_result_bus_get_exit_code (bus), ==, 1);
  g_assert_cmpuint (oci_validator_get_checks_run (v), >=, 7 * 3);
}

static void
test_bus_counters (void)
{
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  OciResult r = { 0 };
  g_autoptr(GError) error = g_error_new (OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_READ, "x: unreadable");

  oci_result_bus_begin_subject (bus, "a");
  r.requirement_id = "x";
  r.level = OCI_LEVEL_SHOULD;
  r.status = OCI_STATUS_FAIL;
  oci_result_bus_post (bus, &r);
  r.level = OCI_LEVEL_MAY;
  r.status = OCI_STATUS_PASS;
  oci_result_bus_post (bus, &r);
  oci_result_bus_end_subject (bus, "a");
  g_assert_cmpuint (oci_result_bus_count_warnings (bus), ==, 1);
  g_assert_cmpuint (oci_result_bus_count_failing (bus), ==, 0);
  g_assert_cmpuint (oci_result_bus_count (bus, OCI_TIER_MAY, OCI_STATUS_PASS), ==, 1);
  g_assert_cmpint (oci_result_bus_get_exit_code (bus), ==, 0);
  oci_result_bus_begin_subject (bus, "b");
  r.level = OCI_LEVEL_MUST_NOT;
  r.status = OCI_STATUS_FAIL;
  oci_result_bus_post (bus, &r);
  oci_result_bus_end_subject (bus, "b");
  g_assert_cmpint (oci_result_bus_get_exit_code (bus), ==, 1);
  g_assert_cmpuint (oci_result_bus_count_failed_subjects (bus), ==, 1);
  oci_result_bus_begin_subject (bus, "c");
  oci_result_bus_input_error (bus, "c", error);
  oci_result_bus_end_subject (bus, "c");
  g_assert_cmpint (oci_result_bus_get_exit_code (bus), ==, 2);
  g_assert_cmpuint (oci_result_bus_count_subjects (bus), ==, 3);
  g_assert_cmpuint (oci_result_bus_count_failed_subjects (bus), ==, 2);
}

/* ---- reporters -------------------------------------------------------- */

static char *
report (Fixture *f, OciReportFormat format)
{
  g_autofree char *path = g_build_filename (f->dir2, "report.out", NULL);
  FILE *out = fopen (path, "w");
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  g_autoptr(OciReporter) reporter = oci_reporter_new (format, out, "oci-runtime-tool");
  g_autoptr(OciValidator) v = oci_validator_new (f->registry, bus);
  g_autoptr(OciConfig) bad = oci_config_new_from_data (
    "{\"ociVersion\": \"1.2.0\", \"annotations\": {\"org.example.fail\": \"<&>\", \"org.example.warn\": \"\\u0001\"}}",
    -1, "bad.json", NULL);
  g_autoptr(OciConfig) good = oci_config_new_from_data ("{\"ociVersion\": \"1.2.0\"}", -1, "good.json", NULL);
  g_autoptr(GError) error = g_error_new (OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_PARSE, "missing.json:1:1: oops");
  char *text = NULL;

  oci_reporter_attach (reporter, bus);
  oci_result_bus_begin_subject (bus, "bad-bundle");
  oci_validator_validate_config (v, bad, NULL, "bad-bundle", NULL);
  oci_result_bus_end_subject (bus, "bad-bundle");
  oci_result_bus_begin_subject (bus, "good-bundle");
  oci_validator_validate_config (v, good, NULL, "good-bundle", NULL);
  oci_result_bus_end_subject (bus, "good-bundle");
  oci_result_bus_begin_subject (bus, "broken-bundle");
  oci_result_bus_input_error (bus, "broken-bundle", error);
  oci_result_bus_end_subject (bus, "broken-bundle");
  oci_result_bus_finish (bus);
  fclose (out);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static gboolean
run_tool (const char *const *argv, char **out)
{
  int status = -1;
  g_autoptr(GError) error = NULL;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                     NULL, out, NULL, &status, &error))
    g_error ("cannot run %s: %s", argv[0], error->message);
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_report_tap (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (f->dir2, "report.tap", NULL);
  g_autofree char *prove_out = NULL;
  const char *prove[] = { "prove", "--exec", "cat", "-v", path, NULL };

  install (f->dir, "good", "good");
  text = report (f, OCI_REPORT_TAP);
  g_assert_true (g_str_has_prefix (text, "TAP version 13\n"));
  g_assert_nonnull (strstr (text, "not ok 1 - testgood.flag [bad-bundle]: org.example.fail is set"));
  g_assert_nonnull (strstr (text, "# TODO SHOULD-level"));
  g_assert_nonnull (strstr (text, "  level: \"MUST\"\n"));
  g_assert_nonnull (strstr (text, "broken-bundle: cannot be read or parsed"));
  g_assert_true (g_str_has_suffix (text, "\n1..7\n"));
  /* prove must read it as a valid TAP stream: the deliberate failures
   * make it fail, the parse must not. */
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_false (run_tool (prove, &prove_out));
  g_assert_nonnull (strstr (prove_out, "Failed 2/7 subtests"));
  g_assert_null (strstr (prove_out, "Parse errors"));
}

static void
test_report_junit (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (f->dir2, "report.xml", NULL);
  g_autofree char *count = NULL;
  const char *xmllint[] = { "xmllint", "--noout", path, NULL };
  const char *xpath[] = { "xmllint", "--xpath", "string(/testsuites/@failures)", path, NULL };

  install (f->dir, "good", "good");
  text = report (f, OCI_REPORT_JUNIT);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_true (run_tool (xmllint, NULL));
  g_assert_true (run_tool (xpath, &count));
  g_assert_cmpstr (g_strstrip (count), ==, "1");
  g_assert_nonnull (strstr (text, "&lt;&amp;&gt;"));
  g_assert_null (strstr (text, "\x01"));
}

static void
test_report_json (Fixture *f, gconstpointer data)
{
  g_autofree char *schema = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "docs", "report.schema.json", NULL);
  g_autofree char *why = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) doc = NULL;
  gint64 n = -1;
  gboolean valid = TRUE;

  install (f->dir, "good", "good");
  text = report (f, OCI_REPORT_JSON);
  ort_check_schema (schema, text, strlen (text), &why);
  g_assert_cmpstr (why, ==, NULL);
  doc = oci_config_new_from_data (text, -1, "report.json", &error);
  g_assert_no_error (error);
  g_assert_true (oci_config_get_int (doc, "/summary/subjects", &n));
  g_assert_cmpint (n, ==, 3);
  g_assert_true (oci_config_get_int (doc, "/summary/exitCode", &n));
  g_assert_cmpint (n, ==, 2);
  g_assert_true (oci_config_get_int (doc, "/summary/warn", &n));
  g_assert_cmpint (n, ==, 1);
  g_assert_true (oci_config_get_boolean (doc, "/subjects/0/valid", &valid));
  g_assert_false (valid);
  g_assert_true (oci_config_get_boolean (doc, "/subjects/1/valid", &valid));
  g_assert_true (valid);
  g_assert_cmpstr (oci_config_get_string (doc, "/subjects/2/inputError"), ==, "missing.json:1:1: oops");
  g_assert_cmpstr (oci_config_get_string (doc, "/subjects/0/results/0/requirement"), ==, "testgood.flag");
  g_assert_cmpstr (oci_config_get_string (doc, "/subjects/0/results/0/pointer"), ==, "/annotations/org.example.fail");
}

static void
test_report_text (Fixture *f, gconstpointer data)
{
  g_autofree char *text = NULL;

  install (f->dir, "good", "good");
  text = report (f, OCI_REPORT_TEXT);
  /* Not a terminal: no colour codes. */
  g_assert_null (strchr (text, '\033'));
  g_assert_nonnull (strstr (text, "FAIL bad-bundle: testgood.flag (MUST)"));
  g_assert_nonnull (strstr (text, "WARN bad-bundle: testgood.advice (SHOULD)"));
  g_assert_nonnull (strstr (text, "see https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md#configAnnotations"));
  g_assert_nonnull (strstr (text, "3 checked, 1 valid, 2 invalid: 1 failure, 1 warning, 1 unreadable"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/registry/load/good", Fixture, NULL, setup, test_load_good, teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autofree char *path = g_strdup_printf ("/registry/load/%s", broken[i].name);
      g_test_add (path, Fixture, &broken[i], setup, test_load_broken, teardown);
    }
  g_test_add ("/registry/load/not-a-module", Fixture, NULL, setup, test_load_garbage, teardown);
  g_test_add ("/registry/load/deferred", Fixture, NULL, setup, test_load_deferred, teardown);
  g_test_add ("/registry/load/duplicate-name", Fixture, NULL, setup, test_load_duplicate, teardown);
  g_test_add ("/registry/platform-filter", Fixture, NULL, setup, test_platform_filter, teardown);
  g_test_add ("/registry/name-filter", Fixture, NULL, setup, test_name_filter, teardown);
  g_test_add ("/validator/exit-codes", Fixture, NULL, setup, test_exit_codes, teardown);
  g_test_add ("/validator/sections", Fixture, NULL, setup, test_sections, teardown);
  g_test_add ("/validator/result-order", Fixture, NULL, setup, test_result_order, teardown);
  g_test_add ("/registry/sections-activate", Fixture, NULL, setup, test_sections_activate, teardown);
  g_test_add ("/registry/sections-options", Fixture, NULL, setup, test_sections_options, teardown);
  g_test_add ("/registry/sections-help", Fixture, NULL, setup, test_sections_help, teardown);
  g_test_add ("/validator/isolation/hosts", Fixture, NULL, setup, test_isolation_hosts, teardown);
  g_test_add_func ("/bus/counters", test_bus_counters);
  g_test_add ("/reporter/tap", Fixture, NULL, setup, test_report_tap, teardown);
  g_test_add ("/reporter/junit", Fixture, NULL, setup, test_report_junit, teardown);
  g_test_add ("/reporter/json", Fixture, NULL, setup, test_report_json, teardown);
  g_test_add ("/reporter/text", Fixture, NULL, setup, test_report_text, teardown);
  return g_test_run ();
}
