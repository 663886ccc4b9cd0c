/* test-linux-host.c — checks of the linux plugin that look at real files:
 * device nodes already in a root filesystem, and the host's capabilities
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  char *bundle;
  char *rootfs;
  GPtrArray *results; /* OciResult * of the last run */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->bundle = g_dir_make_tmp ("ort-linux-XXXXXX", &error);
  g_assert_no_error (error);
  f->rootfs = g_build_filename (f->bundle, "rootfs", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->rootfs, 0755), ==, 0);
  f->results = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_result_free);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->bundle);
  g_free (f->bundle);
  g_free (f->rootfs);
  g_ptr_array_unref (f->results);
}

static void
on_result (OciResultBus *bus, const OciResult *r, Fixture *f)
{
  g_ptr_array_add (f->results, oci_result_copy (r));
}

/* Validates @linux (the members of a 1.3.0 config's linux object, or
 * NULL) with @process_extra (members of process) in the fixture's bundle. */
static void
validate (Fixture *f, const char *linux_members, const char *process_extra, gboolean host)
{
  g_autofree char *text = g_strdup_printf (
    "{\"ociVersion\": \"1.3.0\", \"root\": {\"path\": \"rootfs\"},"
    " \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"], \"cwd\": \"/\"%s%s},"
    " \"linux\": {%s}}",
    process_extra ? ", " : "", process_extra ? process_extra : "", linux_members ? linux_members : "");
  g_autofree char *config = g_build_filename (f->bundle, "config.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(OciResultBus) bus = oci_result_bus_new (OCI_TIER_MAY);
  g_autoptr(OciValidator) validator = NULL;

  g_assert_true (g_file_set_contents (config, text, -1, &error));
  g_assert_no_error (error);
  g_ptr_array_set_size (f->results, 0);
  oci_registry_add_default_search_path (registry);
  oci_result_bus_set_want_passes (bus, TRUE);
  g_signal_connect (bus, "result", G_CALLBACK (on_result), f);
  validator = oci_validator_new (registry, bus);
  oci_validator_set_host_specific (validator, host);
  g_assert_true (oci_validator_validate_bundle (validator, f->bundle, &error));
  g_assert_no_error (error);
}

static guint
count (Fixture *f, const char *requirement, OciStatus status)
{
  guint n = 0;

  for (guint i = 0; i < f->results->len; i++)
    {
      OciResult *r = f->results->pdata[i];
      if (r->status == status && g_strcmp0 (r->requirement_id, requirement) == 0)
        n++;
    }
  return n;
}

static void
make_fifo (Fixture *f, const char *relative)
{
  g_autofree char *path = g_build_filename (f->rootfs, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
}

static void
test_fifo_matches (Fixture *f, gconstpointer data)
{
  make_fifo (f, "dev/fifo0");
  validate (f, "\"devices\": [{\"path\": \"/dev/fifo0\", \"type\": \"p\"}]", NULL, FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 0);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_PASS), ==, 1);
}

static void
test_fifo_is_not_char (Fixture *f, gconstpointer data)
{
  make_fifo (f, "dev/fifo0");
  validate (f, "\"devices\": [{\"path\": \"/dev/fifo0\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 1);
}

static void
test_regular_file (Fixture *f, gconstpointer data)
{
  g_autofree char *dev = g_build_filename (f->rootfs, "dev", NULL);
  g_autofree char *null = g_build_filename (dev, "null", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dev, 0755), ==, 0);
  g_assert_true (g_file_set_contents (null, "", 0, NULL));
  validate (f, "\"devices\": [{\"path\": \"/dev/null\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 1);
}

/* mknod needs CAP_MKNOD: as root only. */
static void
test_char_numbers (Fixture *f, gconstpointer data)
{
  g_autofree char *dev = g_build_filename (f->rootfs, "dev", NULL);
  g_autofree char *null = g_build_filename (dev, "null", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dev, 0755), ==, 0);
  if (mknod (null, S_IFCHR | 0666, makedev (1, 3)) != 0)
    {
      g_test_skip_printf ("cannot create a device node here: %s", g_strerror (errno));
      return;
    }
  validate (f, "\"devices\": [{\"path\": \"/dev/null\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 0);
  validate (f, "\"devices\": [{\"path\": \"/dev/null\", \"type\": \"u\", \"major\": 1, \"minor\": 3}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 0);
  validate (f, "\"devices\": [{\"path\": \"/dev/null\", \"type\": \"c\", \"major\": 1, \"minor\": 5}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 1);
  validate (f, "\"devices\": [{\"path\": \"/dev/null\", \"type\": \"b\", \"major\": 1, \"minor\": 3}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 1);
}

/* An absolute link in the root filesystem resolves inside it: the host's
 * /dev/zero (1:5) must not be compared, the rootfs's FIFO must. */
static void
test_links_stay_inside (Fixture *f, gconstpointer data)
{
  g_autofree char *zero = g_build_filename (f->rootfs, "dev", "zero-link", NULL);
  g_autofree char *fifo = g_build_filename (f->rootfs, "dev", "fifo-link", NULL);

  make_fifo (f, "dev/fifo0");
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  g_assert_cmpint (symlink ("/dev/fifo0", fifo), ==, 0);
  validate (f, "\"devices\": [{\"path\": \"/dev/zero-link\", \"type\": \"c\", \"major\": 1, \"minor\": 9}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 0);
  validate (f, "\"devices\": [{\"path\": \"/dev/fifo-link\", \"type\": \"c\", \"major\": 1, \"minor\": 9}]", NULL,
            FALSE);
  g_assert_cmpuint (count (f, "linux.devices.rootfs.match", OCI_STATUS_FAIL), ==, 1);
}

static int
host_last_cap (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/cap_last_cap", &text, NULL, NULL))
    return -1;
  return (int) g_ascii_strtoll (text, NULL, 10);
}

static char *
capability_name (int value)
{
  char *lower = cap_to_name (value);
  g_autofree char *upper = g_ascii_strup (lower, -1);

  cap_free (lower);
  /* cap_to_name() writes a number for a capability it has no name for. */
  return g_str_has_prefix (upper, "CAP_") ? g_steal_pointer (&upper) : NULL;
}

static void
test_last_capability (Fixture *f, gconstpointer data)
{
  int last = host_last_cap ();
  g_autofree char *name = last >= 0 ? capability_name (last) : NULL;
  g_autofree char *caps = NULL;

  if (name == NULL)
    {
      g_test_skip ("the host's last capability has no name libcap knows");
      return;
    }
  caps = g_strdup_printf ("\"capabilities\": {\"bounding\": [\"%s\"]}", name);
  validate (f, NULL, caps, TRUE);
  g_assert_cmpuint (count (f, "linux.process.capabilities.known", OCI_STATUS_FAIL), ==, 0);
  g_assert_cmpuint (count (f, "linux.process.capabilities.known", OCI_STATUS_PASS), ==, 1);
}

/* A name libcap knows beyond the host's last capability: a failure with
 * --host-specific only. Needs a libcap newer than the kernel. */
static void
test_beyond_last_capability (Fixture *f, gconstpointer data)
{
  int last = host_last_cap ();
  g_autofree char *name = last >= 0 ? capability_name (last + 1) : NULL;
  g_autofree char *caps = NULL;

  if (name == NULL)
    {
      g_test_skip ("libcap knows no capability beyond the host's last one");
      return;
    }
  caps = g_strdup_printf ("\"capabilities\": {\"bounding\": [\"%s\"]}", name);
  validate (f, NULL, caps, FALSE);
  g_assert_cmpuint (count (f, "linux.process.capabilities.known", OCI_STATUS_FAIL), ==, 0);
  validate (f, NULL, caps, TRUE);
  g_assert_cmpuint (count (f, "linux.process.capabilities.known", OCI_STATUS_FAIL), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/linux/devices/rootfs/fifo-matches", Fixture, NULL, fixture_set_up, test_fifo_matches,
              fixture_tear_down);
  g_test_add ("/linux/devices/rootfs/fifo-is-not-char", Fixture, NULL, fixture_set_up, test_fifo_is_not_char,
              fixture_tear_down);
  g_test_add ("/linux/devices/rootfs/regular-file", Fixture, NULL, fixture_set_up, test_regular_file,
              fixture_tear_down);
  g_test_add ("/linux/devices/rootfs/char-numbers", Fixture, NULL, fixture_set_up, test_char_numbers,
              fixture_tear_down);
  g_test_add ("/linux/devices/rootfs/links-stay-inside", Fixture, NULL, fixture_set_up, test_links_stay_inside,
              fixture_tear_down);
  g_test_add ("/linux/capabilities/host/last", Fixture, NULL, fixture_set_up, test_last_capability,
              fixture_tear_down);
  g_test_add ("/linux/capabilities/host/beyond-last", Fixture, NULL, fixture_set_up, test_beyond_last_capability,
              fixture_tear_down);
  return g_test_run ();
}
