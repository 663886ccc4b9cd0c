/* test-plugin-sdk.c — what the SDK offers a vendor: plugin metadata, the
 * lowest libocirt a plugin needs, vendor requirement URLs, settings, and
 * plugins written in C++
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "oci-plugin-private.h"
#include "ort-test.h"

typedef struct
{
  char *plugins;  /* plugin folder of this test */
  char *settings; /* settings folder of this test */
  OciRegistry *registry;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  const char *dirs[2] = { NULL, NULL };

  f->plugins = g_dir_make_tmp ("ort-sdk-plugins-XXXXXX", NULL);
  f->settings = g_dir_make_tmp ("ort-sdk-settings-XXXXXX", NULL);
  g_assert_nonnull (f->plugins);
  g_assert_nonnull (f->settings);
  dirs[0] = f->settings;
  f->registry = oci_registry_new ();
  oci_registry_add_search_dir (f->registry, f->plugins);
  oci_registry_set_settings_dirs (f->registry, dirs);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->registry);
  ort_test_remove_tree (f->plugins);
  ort_test_remove_tree (f->settings);
  g_free (f->plugins);
  g_free (f->settings);
}

/* Puts the built test plugin sdk-@name.so into the test's folder. */
static void
install (Fixture *f, const char *name)
{
  const char *built = g_getenv ("OCI_TEST_SDK_PLUGINS");
  g_autofree char *file = g_strdup_printf ("sdk-%s.so", name);
  g_autofree char *src = NULL;
  g_autofree char *dst = NULL;

  g_assert_nonnull (built);
  src = g_build_filename (built, file, NULL);
  dst = g_build_filename (f->plugins, file, NULL);
  ort_test_copy_file (src, dst);
}

static void
write_settings (Fixture *f, const char *name, const char *text)
{
  g_autofree char *base = g_strconcat (name, ".conf", NULL);
  g_autofree char *path = g_build_filename (f->settings, base, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* The warnings joined, for messages and substring checks. */
static char *
warnings_text (Fixture *f)
{
  GPtrArray *w = oci_registry_get_warnings (f->registry);
  GString *all = g_string_new (NULL);

  for (guint i = 0; i < w->len; i++)
    g_string_append_printf (all, "%s\n", (char *) w->pdata[i]);
  return g_string_free (all, FALSE);
}

static OciPlugin *
activate (Fixture *f, const char *name)
{
  OciPlugin *p;

  oci_registry_activate (f->registry, NULL, NULL);
  p = oci_registry_lookup_plugin (f->registry, name);
  g_assert_nonnull (p);
  g_assert_true (oci_plugin_is_active (p));
  return p;
}

static void
collect (OciResultBus *bus, const OciResult *r, GPtrArray *results)
{
  g_ptr_array_add (results, oci_result_copy (r));
}

/* Validates @json with the test's registry; every result, passes too. */
static GPtrArray *
validate (Fixture *f, const char *json)
{
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MUST);
  g_autoptr(OciValidator) v = oci_validator_new (f->registry, bus);
  g_autoptr(OciConfig) config = oci_config_new_from_data (json, -1, "test.json", NULL);
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);

  g_assert_nonnull (config);
  oci_result_bus_set_want_passes (bus, TRUE);
  g_signal_connect (bus, "result", G_CALLBACK (collect), results);
  oci_result_bus_begin_subject (bus, "test");
  oci_validator_validate_config (v, config, NULL, "test", NULL);
  oci_result_bus_end_subject (bus, "test");
  oci_result_bus_finish (bus);
  return results;
}

static const OciResult *
find (GPtrArray *results, const char *requirement)
{
  for (guint i = 0; i < results->len; i++)
    {
      const OciResult *r = results->pdata[i];
      if (g_strcmp0 (r->requirement_id, requirement) == 0)
        return r;
    }
  return NULL;
}

static void
test_metadata_vendor (Fixture *f, gconstpointer data)
{
  OciPlugin *p;

  install (f, "meta");
  p = activate (f, "testmeta");
  g_assert_cmpstr (oci_plugin_get_version (p), ==, "2.3.4");
  g_assert_cmpstr (oci_plugin_get_license (p), ==, "MIT");
  g_assert_cmpstr (oci_plugin_get_url (p), ==, "https://vendor.example/testmeta");
  g_assert_cmpstr (oci_plugin_get_vendor (p), ==, "Vendor Inc.");
  g_assert_cmpstr (oci_plugin_get_min_libocirt (p), ==, "0.0.1");
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 0);
}

/* Built before the metadata (a smaller struct_size): loads, states none. */
static void
test_metadata_old_descriptor (Fixture *f, gconstpointer data)
{
  OciPlugin *p;

  install (f, "old-desc");
  p = activate (f, "testold");
  g_assert_null (oci_plugin_get_version (p));
  g_assert_null (oci_plugin_get_license (p));
  g_assert_null (oci_plugin_get_min_libocirt (p));
}

static void
test_metadata_builtin (void)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  GPtrArray *plugins;

  oci_registry_add_default_search_path (registry);
  oci_registry_activate (registry, NULL, NULL);
  plugins = oci_registry_get_plugins (registry);
  g_assert_cmpuint (plugins->len, >=, 8);
  for (guint i = 0; i < plugins->len; i++)
    {
      OciPlugin *p = plugins->pdata[i];
      g_assert_cmpstr (oci_plugin_get_version (p), ==, OCI_RUNTIME_TOOLS_VERSION);
      g_assert_cmpstr (oci_plugin_get_license (p), ==, "Apache-2.0");
      g_assert_cmpstr (oci_plugin_get_min_libocirt (p), ==, OCI_RUNTIME_TOOLS_VERSION);
    }
}

/* Refused from its metadata, with one warning, its code never run (its
 * init would abort the test). */
static void
test_metadata_too_new (Fixture *f, gconstpointer data)
{
  g_autofree char *w = NULL;

  install (f, "too-new");
  oci_registry_activate (f->registry, NULL, NULL);
  g_assert_null (oci_registry_lookup_plugin (f->registry, "testnew"));
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 1);
  w = warnings_text (f);
  g_assert_nonnull (strstr (w, "sdk-too-new.so"));
  g_assert_nonnull (strstr (w, "needs libocirt 99.0.0 or newer, this is " OCI_RUNTIME_TOOLS_VERSION));
}

static void
test_requirement_url (void)
{
  const OciRequirement vendor = { "acme.rule", OCI_LEVEL_MUST, "https://acme.example/policy", "limits", NULL,
                                  NULL, "a vendor rule" };
  const OciRequirement bare = { "acme.other", OCI_LEVEL_MUST, "https://acme.example/policy", NULL, NULL, NULL,
                                "no anchor" };
  const OciRequirement spec = { "base.x", OCI_LEVEL_MUST, "config.md", "process", "1.0.0", NULL, "spec" };
  g_autofree char *u1 = oci_requirement_url (&vendor, "1.3.0");
  g_autofree char *u2 = oci_requirement_url (&vendor, NULL);
  g_autofree char *u3 = oci_requirement_url (&bare, "1.0.0");
  g_autofree char *u4 = oci_requirement_url (&spec, "1.2.0");

  g_assert_cmpstr (u1, ==, "https://acme.example/policy#limits");
  g_assert_cmpstr (u2, ==, "https://acme.example/policy#limits");
  g_assert_cmpstr (u3, ==, "https://acme.example/policy");
  g_assert_cmpstr (u4, ==, "https://github.com/opencontainers/runtime-spec/blob/v1.2.0/config.md#process");
  /* no release range: every release */
  g_assert_true (oci_requirement_applies (&vendor, "1.0.0"));
  g_assert_true (oci_requirement_applies (&vendor, "1.3.0"));
  g_assert_false (oci_requirement_applies (&spec, "0.9.0"));
}

/* A vendor row without a release is accepted and found for any release;
 * its result links to the vendor's page. */
static void
test_requirement_vendor_row (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) results = NULL;
  const OciRequirement *row;
  const OciResult *r;

  install (f, "meta");
  activate (f, "testmeta");
  row = oci_registry_lookup_requirement (f->registry, "testmeta.rule", "1.0.0");
  g_assert_nonnull (row);
  g_assert_true (row == oci_registry_lookup_requirement (f->registry, "testmeta.rule", "1.3.0"));
  results = validate (f, "{\"ociVersion\": \"1.1.0\"}");
  r = find (results, "testmeta.rule");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->url, ==, "https://vendor.example/policy.html#rule");
}

static void
test_settings_defaults (Fixture *f, gconstpointer data)
{
  OciPlugin *p;

  install (f, "meta");
  p = activate (f, "testmeta");
  g_assert_cmpstr (oci_plugin_get_setting_string (p, "label"), ==, "none");
  g_assert_cmpint (oci_plugin_get_setting_int (p, "limit"), ==, 10);
  g_assert_false (oci_plugin_get_setting_boolean (p, "strict"));
  g_assert_cmpfloat (oci_plugin_get_setting_double (p, "ratio"), ==, 0.5);
  g_assert_null (oci_plugin_get_setting_string (p, "unset"));
  g_assert_cmpstr (oci_plugin_get_setting_source (p, "limit"), ==, "default");
  g_assert_cmpuint (oci_plugin_get_settings (p)->len, ==, 5);
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 0);
}

/* The file sets values; --plugin-option wins over it. */
static void
test_settings_file_and_option (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->settings, "testmeta.conf", NULL);
  g_autoptr(GError) error = NULL;
  OciPlugin *p;

  install (f, "meta");
  write_settings (f, "testmeta", "[testmeta]\nlabel = from file\nlimit = 42\nstrict = true\nratio = 2.25\n");
  g_assert_true (oci_registry_add_plugin_option (f->registry, "testmeta.limit=7", &error));
  g_assert_no_error (error);
  /* another plugin's option is not this one's; naming no loaded plugin,
   * it is a warning */
  g_assert_true (oci_registry_add_plugin_option (f->registry, "other.limit=1", &error));
  p = activate (f, "testmeta");
  g_assert_cmpstr (oci_plugin_get_setting_string (p, "label"), ==, "from file");
  g_assert_cmpstr (oci_plugin_get_setting_source (p, "label"), ==, path);
  g_assert_true (oci_plugin_get_setting_boolean (p, "strict"));
  g_assert_cmpfloat (oci_plugin_get_setting_double (p, "ratio"), ==, 2.25);
  g_assert_cmpint (oci_plugin_get_setting_int (p, "limit"), ==, 7);
  g_assert_cmpstr (oci_plugin_get_setting_source (p, "limit"), ==, "--plugin-option");
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 1);
  g_assert_cmpstr (oci_registry_get_warnings (f->registry)->pdata[0], ==,
                   "--plugin-option other.limit: no plugin named 'other' is loaded");
}

/* A checker reads the settings through its context. */
static void
test_settings_checker (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) results = NULL;
  const OciResult *r;

  install (f, "meta");
  g_assert_true (oci_registry_add_plugin_option (f->registry, "testmeta.limit=1234", NULL));
  activate (f, "testmeta");
  results = validate (f, "{\"ociVersion\": \"1.1.0\"}");
  r = find (results, "testmeta.rule");
  g_assert_nonnull (r);
  g_assert_cmpstr (r->message, ==, "limit=1234");
  /* each result names its plugin and version */
  g_assert_cmpstr (r->plugin, ==, "testmeta");
  g_assert_cmpstr (r->plugin_version, ==, "2.3.4");
  r = find (results, "schema");
  g_assert_nonnull (r);
  g_assert_null (r->plugin);
}

/* An unknown key, a value of the wrong type, a stray group: one warning
 * each, naming the key and where it came from; the default stays. */
static void
test_settings_unknown_and_bad (Fixture *f, gconstpointer data)
{
  g_autofree char *w = NULL;
  OciPlugin *p;

  install (f, "meta");
  write_settings (f, "testmeta", "[testmeta]\nlimti = 3\nlimit = lots\n[other]\nx = 1\n");
  p = activate (f, "testmeta");
  g_assert_cmpint (oci_plugin_get_setting_int (p, "limit"), ==, 10);
  g_assert_cmpstr (oci_plugin_get_setting_source (p, "limit"), ==, "default");
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 3);
  w = warnings_text (f);
  g_assert_nonnull (strstr (w, "setting 'testmeta.limti'"));
  g_assert_nonnull (strstr (w, "is unknown"));
  g_assert_nonnull (strstr (w, "'testmeta.limit' = \"lots\""));
  g_assert_nonnull (strstr (w, "is not a valid integer"));
  g_assert_nonnull (strstr (w, "group [other] ignored"));
}

/* A settings file is read as any document: a FIFO there never blocks,
 * it is one warning. */
static void
test_settings_fifo (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->settings, "testmeta.conf", NULL);
  g_autofree char *w = NULL;
  OciPlugin *p;

  install (f, "meta");
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  p = activate (f, "testmeta");
  g_assert_cmpint (oci_plugin_get_setting_int (p, "limit"), ==, 10);
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 1);
  w = warnings_text (f);
  g_assert_nonnull (strstr (w, "settings file ignored"));
  g_assert_nonnull (strstr (w, "is a FIFO, not a regular file"));
}

static void
test_settings_option_syntax (void)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_registry_add_plugin_option (registry, "noequals", &error));
  g_assert_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (oci_registry_add_plugin_option (registry, "nodot=1", &error));
  g_assert_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (oci_registry_add_plugin_option (registry, "acme.Bad_Key=1", &error));
  g_assert_error (error, OCI_PLUGIN_ERROR, OCI_PLUGIN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (oci_registry_add_plugin_option (registry, "acme.key=a=b", &error));
  g_assert_no_error (error);
}

/* Without set folders, $OCI_RUNTIME_TOOLS_SETTINGS_PATH names them. */
static void
test_settings_env (Fixture *f, gconstpointer data)
{
  OciPlugin *p;

  if (g_test_subprocess ())
    {
      oci_registry_set_settings_dirs (f->registry, NULL);
      g_setenv (OCI_PLUGIN_SETTINGS_PATH_ENV, f->settings, TRUE);
      install (f, "meta");
      write_settings (f, "testmeta", "[testmeta]\nlimit = 99\n");
      p = activate (f, "testmeta");
      g_assert_cmpint (oci_plugin_get_setting_int (p, "limit"), ==, 99);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* OCI_PLUGIN_DEFINE_FULL in a C++ file exports a C descriptor. */
static void
test_cxx (Fixture *f, gconstpointer data)
{
  OciPlugin *p;

  install (f, "cxx");
  p = activate (f, "testcxx");
  g_assert_cmpstr (oci_plugin_get_version (p), ==, "0.9.0");
  g_assert_cmpuint (oci_plugin_get_checkers (p)->len, ==, 1);
  g_assert_cmpuint (oci_registry_get_warnings (f->registry)->len, ==, 0);
}

/* oci-runtimetest, run outside a container on a .ort/ folder holding
 * the testmeta plugin and the settings runtime-validate wrote for the
 * run: the inside checker reads the run's value, not the default (and
 * not a settings file inside the container). */
static void
test_settings_inside (Fixture *f, gconstpointer data)
{
  const char *runtimetest = g_getenv ("OCI_TEST_RUNTIMETEST");
  g_autofree char *root = g_dir_make_tmp ("ort-sdk-inside-XXXXXX", NULL);
  g_autofree char *ort = g_build_filename (root, ".ort", NULL);
  g_autofree char *plugins = g_build_filename (ort, "plugins", NULL);
  g_autofree char *plugin = g_build_filename (plugins, "sdk-meta.so", NULL);
  g_autofree char *src = g_build_filename (g_getenv ("OCI_TEST_SDK_PLUGINS"), "sdk-meta.so", NULL);
  g_autofree char *settings = NULL;
  g_autofree char *settings_path = g_build_filename (ort, "settings", NULL);
  g_autofree char *config_path = g_build_filename (ort, "config.json", NULL);
  g_autofree char *inside_path = g_build_filename (ort, "inside", NULL);
  g_autofree char *etc = g_build_filename (root, "etc", NULL);
  const char *argv[] = { runtimetest, NULL };
  g_auto(GStrv) env = NULL;
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_nonnull (runtimetest);
  /* the outside run: a settings file and an option over it */
  install (f, "meta");
  write_settings (f, "testmeta", "[testmeta]\nlimit = 7\nlabel = from-file\n");
  g_assert_true (oci_registry_add_plugin_option (f->registry, "testmeta.limit=42", NULL));
  activate (f, "testmeta");
  settings = oci_registry_settings_to_data (f->registry);
  g_test_message ("%s", settings);
  /* the inside: what runtime-validate puts under /.ort */
  g_assert_cmpint (g_mkdir_with_parents (plugins, 0755), ==, 0);
  ort_test_copy_file (src, plugin);
  g_assert_true (g_file_set_contents (settings_path, settings, -1, NULL));
  g_assert_true (g_file_set_contents (config_path, "{\"ociVersion\": \"1.2.0\"}", -1, NULL));
  g_assert_true (g_file_set_contents (inside_path, "testmeta.*\n", -1, NULL));
  /* a settings file the inside would find by default is not read */
  g_assert_cmpint (g_mkdir_with_parents (etc, 0755), ==, 0);
  env = g_environ_setenv (g_get_environ (), "OCI_RUNTIMETEST_ROOT", root, TRUE);
  env = g_environ_setenv (env, "OCI_RUNTIME_TOOLS_SETTINGS_PATH", etc, TRUE);
  {
    g_autofree char *conf = g_build_filename (etc, "testmeta.conf", NULL);
    g_assert_true (g_file_set_contents (conf, "[testmeta]\nlimit = 99\n", -1, NULL));
  }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                               &status, NULL));
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "limit=42"));
  g_assert_null (strstr (out, "limit=10"));
  g_assert_null (strstr (out, "limit=99"));
  g_assert_null (strstr (out, "Bail out!"));
  /* the file's other value came along too */
  g_assert_nonnull (strstr (settings, "label=from-file"));
  g_assert_null (strstr (settings, "ratio"));
  ort_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sdk/metadata/vendor", Fixture, NULL, setup, test_metadata_vendor, teardown);
  g_test_add ("/sdk/metadata/old-descriptor", Fixture, NULL, setup, test_metadata_old_descriptor, teardown);
  g_test_add_func ("/sdk/metadata/builtin", test_metadata_builtin);
  g_test_add ("/sdk/metadata/too-new", Fixture, NULL, setup, test_metadata_too_new, teardown);
  g_test_add_func ("/sdk/requirement/url", test_requirement_url);
  g_test_add ("/sdk/requirement/vendor-row", Fixture, NULL, setup, test_requirement_vendor_row, teardown);
  g_test_add ("/sdk/settings/defaults", Fixture, NULL, setup, test_settings_defaults, teardown);
  g_test_add ("/sdk/settings/file-and-option", Fixture, NULL, setup, test_settings_file_and_option, teardown);
  g_test_add ("/sdk/settings/checker", Fixture, NULL, setup, test_settings_checker, teardown);
  g_test_add ("/sdk/settings/unknown-and-bad", Fixture, NULL, setup, test_settings_unknown_and_bad, teardown);
  g_test_add ("/sdk/settings/fifo", Fixture, NULL, setup, test_settings_fifo, teardown);
  g_test_add_func ("/sdk/settings/option-syntax", test_settings_option_syntax);
  g_test_add ("/sdk/settings/env", Fixture, NULL, setup, test_settings_env, teardown);
  g_test_add ("/sdk/settings/inside", Fixture, NULL, setup, test_settings_inside, teardown);
  g_test_add ("/sdk/cxx/descriptor", Fixture, NULL, setup, test_cxx, teardown);
  return g_test_run ();
}
