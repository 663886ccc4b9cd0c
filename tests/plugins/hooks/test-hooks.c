/* test-hooks.c — the host phase of hook checks against files the tests
 * create: on the host for runtime-namespace hooks, in a root filesystem
 * with its own symlinks for startContainer hooks.
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
  char *bundle;
  GPtrArray *results; /* OciResult * */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->bundle = g_dir_make_tmp ("ort-hooks-XXXXXX", &error);
  g_assert_no_error (error);
  f->results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->bundle);
  g_free (f->bundle);
  g_ptr_array_unref (f->results);
}

/* A file under the bundle with @mode; returns its absolute path. */
static char *
make_file (Fixture *f, const char *rel, int mode)
{
  char *path = g_build_filename (f->bundle, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
write_config (Fixture *f, const char *os_member, const char *kind, const char *hook_path)
{
  g_autofree char *json = g_strdup_printf (
    "{\"ociVersion\": \"1.2.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], "
    "\"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"}, \"hooks\": {\"%s\": [{\"path\": \"%s\"}]}%s}",
    kind, hook_path, os_member);
  g_autofree char *path = g_build_filename (f->bundle, "config.json", NULL);
  g_autofree char *rootfs = g_build_filename (f->bundle, "rootfs", NULL);

  g_assert_cmpint (g_mkdir_with_parents (rootfs, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

static void
on_result (OciResultBus *bus, const OciResult *r, Fixture *f)
{
  g_ptr_array_add (f->results, oci_result_copy (r));
}

static void
validate (Fixture *f)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MAY);
  g_autoptr(OciValidator) validator = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_set_size (f->results, 0);
  oci_registry_add_default_search_path (registry);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), f);
  validator = oci_validator_new (registry, bus);
  oci_validator_set_host_specific (validator, TRUE);
  oci_validator_set_filters (validator, (const char *const[]) { "hooks.*", NULL }, NULL);
  g_assert_true (oci_validator_validate_bundle (validator, f->bundle, &error));
  g_assert_no_error (error);
}

/* The requirements of the results with @status, one per line. */
static char *
seen (Fixture *f, OciStatus status)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < f->results->len; i++)
    {
      OciResult *r = f->results->pdata[i];
      if (r->status == status)
        g_string_append_printf (s, "%s%s", s->len ? "\n" : "", r->requirement_id ? r->requirement_id : "-");
    }
  return g_string_free (s, FALSE);
}

/* A runtime-namespace hook made executable by the test passes; made
 * read-only it fails hooks.path.executable. */
static void
test_host_file_mode (Fixture *f, gconstpointer data)
{
  g_autofree char *hook = make_file (f, "hooks/ort-hook", 0755);
  g_autofree char *failures = NULL;

  write_config (f, "", "createRuntime", hook);
  validate (f);
  failures = seen (f, OCI_STATUS_FAIL);
  g_assert_cmpstr (failures, ==, "");

  g_assert_cmpint (g_chmod (hook, 0644), ==, 0);
  validate (f);
  g_free (failures);
  failures = seen (f, OCI_STATUS_FAIL);
  g_assert_cmpstr (failures, ==, "hooks.path.executable");
}

/* startContainer resolves in the rootfs, through its own bin -> /usr/bin:
 * the host has no /bin/ort-start-hook, the rootfs has. */
static void
test_start_container_in_rootfs (Fixture *f, gconstpointer data)
{
  g_autofree char *hook = make_file (f, "rootfs/usr/bin/ort-start-hook", 0755);
  g_autofree char *link = g_build_filename (f->bundle, "rootfs", "bin", NULL);
  g_autofree char *failures = NULL;

  g_assert_cmpint (symlink ("/usr/bin", link), ==, 0);
  write_config (f, "", "startContainer", "/bin/ort-start-hook");
  validate (f);
  failures = seen (f, OCI_STATUS_FAIL);
  g_assert_cmpstr (failures, ==, "");

  /* The same path as a createRuntime hook is looked up on the host. */
  write_config (f, "", "createRuntime", "/bin/ort-start-hook");
  validate (f);
  g_free (failures);
  failures = seen (f, OCI_STATUS_FAIL);
  g_assert_cmpstr (failures, ==, "hooks.path.resolves");
}

/* Host paths of another platform's config mean nothing here: a skip. */
static void
test_other_platform (Fixture *f, gconstpointer data)
{
  g_autofree char *failures = NULL;
  g_autofree char *skips = NULL;

  write_config (f, ", \"solaris\": {}", "prestart", "/nonexistent/hook");
  validate (f);
  failures = seen (f, OCI_STATUS_FAIL);
  skips = seen (f, OCI_STATUS_SKIP);
  g_assert_cmpstr (failures, ==, "");
  g_assert_cmpstr (skips, ==, "hooks.path.resolves");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hooks/host/file-mode", Fixture, NULL, fixture_set_up, test_host_file_mode, fixture_tear_down);
  g_test_add ("/hooks/host/start-container-in-rootfs", Fixture, NULL, fixture_set_up,
              test_start_container_in_rootfs, fixture_tear_down);
  g_test_add ("/hooks/host/other-platform", Fixture, NULL, fixture_set_up, test_other_platform,
              fixture_tear_down);
  return g_test_run ();
}
