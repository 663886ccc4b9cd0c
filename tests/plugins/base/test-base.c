/* test-base.c — base checks that need bundles the conformance corpus
 * cannot describe: links made by the test, root filesystems with their
 * own absolute symlinks, files that exist only in a rootfs.
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

  f->bundle = g_dir_make_tmp ("ort-base-XXXXXX", &error);
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

/* Creates @rel under the bundle: a directory when @contents is NULL, else
 * a file with @mode. */
static char *
make (Fixture *f, const char *rel, const char *contents, int mode)
{
  char *path = g_build_filename (f->bundle, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  if (contents == NULL)
    g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  else
    {
      g_assert_true (g_file_set_contents (path, contents, -1, NULL));
      g_assert_cmpint (g_chmod (path, mode), ==, 0);
    }
  return path;
}

static void
link_at (Fixture *f, const char *rel, const char *target)
{
  g_autofree char *path = g_build_filename (f->bundle, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
on_result (OciResultBus *bus, const OciResult *r, Fixture *f)
{
  g_ptr_array_add (f->results, oci_result_copy (r));
}

static void
validate (Fixture *f, gboolean host)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MAY);
  g_autoptr(OciValidator) validator = NULL;
  g_autoptr(GError) error = NULL;

  oci_registry_add_default_search_path (registry);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), f);
  validator = oci_validator_new (registry, bus);
  oci_validator_set_host_specific (validator, host);
  oci_validator_set_filters (validator, (const char *const[]) { "base.*", NULL }, NULL);
  g_assert_true (oci_validator_validate_bundle (validator, f->bundle, &error));
  g_assert_no_error (error);
}

/* The results of @requirement with @status, as pointer lines ("" written
 * as two quotes, as in the manifests). */
static char *
seen (Fixture *f, const char *requirement, OciStatus status)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < f->results->len; i++)
    {
      OciResult *r = f->results->pdata[i];
      if (r->status == status && g_strcmp0 (r->requirement_id, requirement) == 0)
        g_string_append_printf (s, "%s%s", s->len ? "\n" : "",
                                r->pointer == NULL ? "-" : *r->pointer ? r->pointer : "\"\"");
    }
  return g_string_free (s, FALSE);
}

static guint
count_failures (Fixture *f)
{
  guint n = 0;

  for (guint i = 0; i < f->results->len; i++)
    if (((OciResult *) f->results->pdata[i])->status == OCI_STATUS_FAIL)
      n++;
  return n;
}

/* Writes a config running @args0 to @name, relative to the bundle unless
 * absolute. */
static void
write_config (Fixture *f, const char *name, const char *args0)
{
  g_autofree char *json = g_strdup_printf (
    "{\"ociVersion\": \"1.2.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, "
    "\"args\": [\"%s\"], \"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"}}", args0);
  g_autofree char *path = g_path_is_absolute (name) ? g_strdup (name)
                                                    : g_build_filename (f->bundle, name, NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
}

/* config.json as a link to a file outside the bundle does not reside there. */
static void
test_config_link_out (Fixture *f, gconstpointer data)
{
  g_autofree char *outside = g_strconcat (f->bundle, "-config.json", NULL);
  g_autofree char *failures = NULL;

  g_free (make (f, "rootfs", NULL, 0));
  write_config (f, outside, "sh");
  link_at (f, "config.json", outside);
  validate (f, FALSE);
  g_remove (outside);
  failures = seen (f, "base.bundle.single-directory", OCI_STATUS_FAIL);
  g_assert_cmpstr (failures, ==, "\"\"");
}

/* A link that stays in the bundle is fine. */
static void
test_config_link_in (Fixture *f, gconstpointer data)
{
  g_free (make (f, "rootfs", NULL, 0));
  write_config (f, "real.json", "sh");
  link_at (f, "config.json", "real.json");
  validate (f, FALSE);
  g_assert_cmpuint (count_failures (f), ==, 0);
}

/* rootfs -> images/1 (inside) is fine; the root filesystem is a directory. */
static void
test_root_link_inside (Fixture *f, gconstpointer data)
{
  g_free (make (f, "images/1", NULL, 0));
  link_at (f, "rootfs", "images/1");
  write_config (f, "config.json", "sh");
  validate (f, FALSE);
  g_assert_cmpuint (count_failures (f), ==, 0);
}

/* bin -> /usr/bin inside the rootfs means rootfs/usr/bin, not the host's. */
static void
test_exec_absolute_link (Fixture *f, gconstpointer data)
{
  g_autofree char *failures = NULL;

  g_free (make (f, "rootfs/usr/bin/ort-test-tool", "#!/bin/sh\n", 0755));
  link_at (f, "rootfs/bin", "/usr/bin");
  write_config (f, "config.json", "/bin/ort-test-tool");
  validate (f, FALSE);
  g_assert_cmpuint (count_failures (f), ==, 0);

  g_ptr_array_set_size (f->results, 0);
  g_free (make (f, "rootfs/usr/bin/ort-test-data", "data\n", 0644));
  write_config (f, "config.json", "/bin/ort-test-data");
  validate (f, FALSE);
  failures = seen (f, "base.process.args.executable", OCI_STATUS_FAIL);
  g_assert_cmpstr (failures, ==, "/process/args/0");
}

/* ".." stops at the root of the rootfs: up/../../../etc/passwd is the
 * rootfs's /etc/passwd (absent), never the host's (not executable). */
static void
test_exec_dotdot_stays_inside (Fixture *f, gconstpointer data)
{
  g_free (make (f, "rootfs/bin", NULL, 0));
  link_at (f, "rootfs/bin/up", "../../../../../../../../etc");
  write_config (f, "config.json", "/bin/up/passwd");
  validate (f, FALSE);
  g_assert_cmpuint (count_failures (f), ==, 0);
}

/* A symlink loop cannot be judged: a skip, not a failure. */
static void
test_exec_loop (Fixture *f, gconstpointer data)
{
  g_autofree char *skips = NULL;

  g_free (make (f, "rootfs", NULL, 0));
  link_at (f, "rootfs/a", "b");
  link_at (f, "rootfs/b", "/a");
  write_config (f, "config.json", "/a");
  validate (f, FALSE);
  skips = seen (f, "base.process.args.executable", OCI_STATUS_SKIP);
  g_assert_cmpstr (skips, ==, "/process/args/0");
  g_assert_cmpuint (count_failures (f), ==, 0);
}

/* A relative bind source is the bundle's: data/ made by the test. */
static void
test_bind_source_in_bundle (Fixture *f, gconstpointer data)
{
  const char *json =
    "{\"ociVersion\": \"1.1.0\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], "
    "\"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"}, \"mounts\": [{\"destination\": \"/data\", "
    "\"type\": \"none\", \"source\": \"data\", \"options\": [\"rbind\"]}]}";
  g_autofree char *path = g_build_filename (f->bundle, "config.json", NULL);
  g_autofree char *failures = NULL;

  g_free (make (f, "rootfs", NULL, 0));
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  validate (f, TRUE);
  failures = seen (f, "base.mounts.bind.source", OCI_STATUS_FAIL);
  g_assert_cmpstr (failures, ==, "/mounts/0/source");

  g_ptr_array_set_size (f->results, 0);
  g_free (make (f, "data", NULL, 0));
  validate (f, TRUE);
  g_assert_cmpuint (count_failures (f), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/base/bundle/config-link-out", Fixture, NULL, fixture_set_up, test_config_link_out,
              fixture_tear_down);
  g_test_add ("/base/bundle/config-link-in", Fixture, NULL, fixture_set_up, test_config_link_in,
              fixture_tear_down);
  g_test_add ("/base/bundle/root-link-inside", Fixture, NULL, fixture_set_up, test_root_link_inside,
              fixture_tear_down);
  g_test_add ("/base/executable/absolute-link", Fixture, NULL, fixture_set_up, test_exec_absolute_link,
              fixture_tear_down);
  g_test_add ("/base/executable/dotdot-stays-inside", Fixture, NULL, fixture_set_up,
              test_exec_dotdot_stays_inside, fixture_tear_down);
  g_test_add ("/base/executable/loop", Fixture, NULL, fixture_set_up, test_exec_loop, fixture_tear_down);
  g_test_add ("/base/mounts/bind-source-in-bundle", Fixture, NULL, fixture_set_up,
              test_bind_source_in_bundle, fixture_tear_down);
  return g_test_run ();
}
