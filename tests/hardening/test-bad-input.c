/* test-bad-input.c — hostile and broken inputs through the real command
 * line: every case ends with exit 1 or 2 and a message naming the path,
 * never a signal or a hang, and generate never loses a file
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  char *dir;
  char *bundle;
  char *config;
  char *out;
  char *err;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("ort-bad-XXXXXX", NULL);
  f->bundle = g_build_filename (f->dir, "bundle", NULL);
  f->config = g_build_filename (f->bundle, "config.json", NULL);
  g_assert_cmpint (g_mkdir (f->bundle, 0755), ==, 0);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->bundle);
  g_free (f->config);
  g_free (f->out);
  g_free (f->err);
}

/* Runs the CLI with a watchdog: a hang is a failure, not a stuck suite. */
static int
run_argv (Fixture *f, const char *const *args)
{
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  return ort_test_run_cli (f->dir, args, NULL, &f->out, &f->err);
}

static int
validate (Fixture *f)
{
  const char *args[] = { "validate", "--path", f->bundle, NULL };

  return run_argv (f, args);
}

static void
write_config (Fixture *f, const char *text, gssize len)
{
  g_assert_true (g_file_set_contents (f->config, text, len, NULL));
}

static void
assert_says (Fixture *f, const char *needle)
{
  g_autofree char *all = g_strconcat (f->out, f->err, NULL);

  if (strstr (all, needle) == NULL)
    g_test_fail_printf ("expected \"%s\" in the output:\n%s", needle, all);
}

/* Broken config.json contents: exit 2 with file:line:column. */
typedef struct
{
  const char *name;
  const char *text;
  gssize len;
  const char *where;
  const char *says;
} BadText;

static const BadText bad_texts[] = {
  { "empty", "", 0, "config.json:1:1", "empty" },
  { "invalid-json", "{\n \"ociVersion\": \"1.0.0\",,\n}", -1, "config.json:2:24", "member name" },
  { "top-level-array", "[{\"ociVersion\": \"1.0.0\"}]", -1, "config.json:1:1", "must be an object" },
  { "invalid-utf8", "{\"ociVersion\": \"1.0.0\", \"hostname\": \"\xc3\x28\"}", -1, "config.json:1:38", "UTF-8" },
  { "nul-byte", "{\"ociVersion\": \"1.0.0\"}\0{}", 26, "config.json:1:24", "after the JSON value" },
  { "duplicate-keys", "{\"ociVersion\": \"1.0.0\",\n\"ociVersion\": \"1.1.0\"}", -1, "config.json:2:1", "duplicate member" },
  { "huge-double", "{\"ociVersion\": \"1.0.0\", \"process\": {\"user\": {\"uid\": 1e400}}}", -1, "config.json:1:53", "out of the range" },
};

static void
test_bad_text (Fixture *f, gconstpointer data)
{
  const BadText *b = data;

  write_config (f, b->text, b->len);
  g_assert_cmpint (validate (f), ==, 2);
  assert_says (f, b->where);
  assert_says (f, b->says);
}

/* Numbers the schema refuses for their field: exit 1, pointer named. */
typedef struct
{
  const char *name;
  const char *value;
} BadNumber;

static const BadNumber bad_numbers[] = {
  { "negative-uid", "-1" },
  { "above-uint32", "4294967296" },
  { "above-uint64", "18446744073709551616" },
  { "fraction", "0.5" },
};

static void
test_bad_number (Fixture *f, gconstpointer data)
{
  const BadNumber *b = data;
  g_autofree char *rootfs = g_build_filename (f->bundle, "rootfs", NULL);
  g_autofree char *text = g_strdup_printf ("{\"ociVersion\": \"1.0.2\", \"process\": {\"user\": {\"uid\": %s, \"gid\": 0},"
                                           " \"args\": [\"sh\"], \"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"}}",
                                           b->value);

  g_assert_cmpint (g_mkdir (rootfs, 0755), ==, 0);
  write_config (f, text, -1);
  g_assert_cmpint (validate (f), ==, 1);
  assert_says (f, "/process/user/uid");
  assert_says (f, "schema (MUST)");
}

static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  GString *s = g_string_new ("{\"a\":");

  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  for (int i = 0; i < 100000; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  write_config (f, s->str, s->len);
  g_string_free (s, TRUE);
  g_assert_cmpint (validate (f), ==, 2);
  assert_says (f, "deeper than");
}

static void
test_huge_file (Fixture *f, gconstpointer data)
{
  int fd = open (f->config, O_CREAT | O_WRONLY | O_TRUNC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 200 * 1024 * 1024), ==, 0);
  close (fd);
  g_assert_cmpint (validate (f), ==, 2);
  assert_says (f, "too large");
  assert_says (f, f->config);
}

/* config.json that is not a readable regular file. */
static void
test_special_config (Fixture *f, gconstpointer data)
{
  const char *kind = data;

  if (g_str_equal (kind, "directory"))
    g_assert_cmpint (g_mkdir (f->config, 0755), ==, 0);
  else if (g_str_equal (kind, "fifo"))
    g_assert_cmpint (mkfifo (f->config, 0644), ==, 0);
  else if (g_str_equal (kind, "device"))
    g_assert_cmpint (symlink ("/dev/zero", f->config), ==, 0);
  else if (g_str_equal (kind, "dangling-symlink"))
    g_assert_cmpint (symlink ("nowhere.json", f->config), ==, 0);
  else if (g_str_equal (kind, "symlink-loop"))
    g_assert_cmpint (symlink ("config.json", f->config), ==, 0);
  else if (g_str_equal (kind, "missing"))
    ;
  else if (g_str_equal (kind, "unreadable"))
    {
      if (geteuid () == 0)
        {
          g_test_skip ("root reads any file whatever its mode");
          return;
        }
      write_config (f, "{}", 2);
      g_chmod (f->config, 0);
    }
  g_assert_cmpint (validate (f), ==, 2);
  assert_says (f, f->config);
}

static void
test_missing_bundle (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-bundle", NULL);
  const char *args[] = { "validate", "--path", missing, NULL };

  g_assert_cmpint (run_argv (f, args), ==, 2);
  assert_says (f, missing);
}

/* root.path problems are spec failures: exit 1, naming root.path. */
static void
test_root_path (Fixture *f, gconstpointer data)
{
  const char *kind = data;
  g_autofree char *rootfs = g_build_filename (f->bundle, "rootfs", NULL);

  write_config (f, "{\"ociVersion\": \"1.0.2\", \"process\": {\"user\": {\"uid\": 0, \"gid\": 0}, \"args\": [\"sh\"],"
                " \"cwd\": \"/\"}, \"root\": {\"path\": \"rootfs\"}}", -1);
  if (g_str_equal (kind, "file"))
    g_assert_true (g_file_set_contents (rootfs, "", 0, NULL));
  else if (g_str_equal (kind, "symlink-out"))
    g_assert_cmpint (symlink ("/", rootfs), ==, 0);
  g_assert_cmpint (validate (f), ==, 1);
  assert_says (f, "/root/path");
}

/* generate never loses a file. */
static void
test_generate_atomic (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.json", NULL);
  g_autofree char *text = NULL;
  const char *bad[] = { "generate", "--output", out, "--hostname", "h", "--linux-cpu-shares", "lots", NULL };
  const char *good[] = { "generate", "--output", out, "--hostname", "fresh", NULL };

  g_assert_true (g_file_set_contents (out, "precious", -1, NULL));
  g_assert_cmpint (run_argv (f, bad), ==, 2);
  assert_says (f, "--linux-cpu-shares");
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "precious");
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (run_argv (f, good), ==, 0);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"hostname\": \"fresh\""));
}

static void
test_generate_template_is_output (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "config.json", NULL);
  g_autofree char *text = NULL;
  const char *make[] = { "generate", "--output", path, NULL };
  const char *edit[] = { "generate", "--template", path, "--output", path, "--hostname", "edited", NULL };

  g_assert_cmpint (run_argv (f, make), ==, 0);
  g_assert_cmpint (run_argv (f, edit), ==, 0);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"hostname\": \"edited\""));
  g_assert_nonnull (strstr (text, "\"ociVersion\""));
}

static void
test_generate_unwritable (Fixture *f, gconstpointer data)
{
  g_autofree char *out = g_build_filename (f->dir, "no-such-dir", "out.json", NULL);
  const char *args[] = { "generate", "--output", out, NULL };

  g_assert_cmpint (run_argv (f, args), ==, 2);
  assert_says (f, "out.json");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  static const char *const specials[] = { "directory", "fifo", "device", "dangling-symlink", "symlink-loop",
                                          "missing", "unreadable" };
  static const char *const roots[] = { "missing", "file", "symlink-out" };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_texts); i++)
    {
      g_autofree char *p = g_strdup_printf ("/bad-input/text/%s", bad_texts[i].name);
      g_test_add (p, Fixture, &bad_texts[i], setup, test_bad_text, teardown);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad_numbers); i++)
    {
      g_autofree char *p = g_strdup_printf ("/bad-input/number/%s", bad_numbers[i].name);
      g_test_add (p, Fixture, &bad_numbers[i], setup, test_bad_number, teardown);
    }
  g_test_add ("/bad-input/deep-nesting", Fixture, NULL, setup, test_deep_nesting, teardown);
  g_test_add ("/bad-input/200mb-config", Fixture, NULL, setup, test_huge_file, teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (specials); i++)
    {
      g_autofree char *p = g_strdup_printf ("/bad-input/config-file/%s", specials[i]);
      g_test_add (p, Fixture, specials[i], setup, test_special_config, teardown);
    }
  g_test_add ("/bad-input/missing-bundle", Fixture, NULL, setup, test_missing_bundle, teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *p = g_strdup_printf ("/bad-input/root-path/%s", roots[i]);
      g_test_add (p, Fixture, roots[i], setup, test_root_path, teardown);
    }
  g_test_add ("/generate/atomic/failure-keeps-file", Fixture, NULL, setup, test_generate_atomic, teardown);
  g_test_add ("/generate/atomic/template-is-output", Fixture, NULL, setup, test_generate_template_is_output, teardown);
  g_test_add ("/generate/atomic/unwritable", Fixture, NULL, setup, test_generate_unwritable, teardown);
  return g_test_run ();
}
