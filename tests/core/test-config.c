/* test-config.c — the config model: strict reading, pointers, writing
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ort-config-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture *f, const char *name, const char *data, gssize len)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

/* ---- reading ---------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *text;
  gssize len;
  int code;
  const char *where; /* expected "line:column" in the message */
  const char *says;
} BadInput;

static const BadInput bad_inputs[] = {
  { "empty", "", 0, OCI_CONFIG_ERROR_PARSE, "1:1", "empty" },
  { "garbage", "{\n  \"a\": tru\n}", -1, OCI_CONFIG_ERROR_PARSE, "2:8", "expected a JSON value" },
  { "trailing-comma", "{\"a\": 1,\n}", -1, OCI_CONFIG_ERROR_PARSE, "2:1", "member name" },
  { "comment", "{ /* no */ }", -1, OCI_CONFIG_ERROR_PARSE, "1:3", "member name" },
  { "not-object", "[1, 2]", -1, OCI_CONFIG_ERROR_NOT_OBJECT, "1:1", "must be an object" },
  { "scalar", "42", -1, OCI_CONFIG_ERROR_NOT_OBJECT, "1:1", "must be an object" },
  { "invalid-utf8", "{\"a\": \"\xff\xfe\"}", -1, OCI_CONFIG_ERROR_ENCODING, "1:8", "UTF-8" },
  { "nul-byte", "{\"a\": \"x\0y\"}", 12, OCI_CONFIG_ERROR_ENCODING, "1:9", "NUL" },
  { "nul-outside", "{\"a\": 1}\0", 9, OCI_CONFIG_ERROR_PARSE, "1:9", "after the JSON value" },
  { "nul-escape", "{\"a\": \"\\u0000\"}", -1, OCI_CONFIG_ERROR_ENCODING, "1:8", "NUL" },
  { "lone-surrogate", "{\"a\": \"\\ud800\"}", -1, OCI_CONFIG_ERROR_ENCODING, "1:8", "surrogate" },
  { "duplicate-key", "{\"a\": 1,\n \"a\": 2}", -1, OCI_CONFIG_ERROR_DUPLICATE_KEY, "2:2", "duplicate member \"a\"" },
  { "huge-number", "{\"a\": 1e400}", -1, OCI_CONFIG_ERROR_PARSE, "1:7", "out of the range" },
  { "leading-zero", "{\"a\": 01}", -1, OCI_CONFIG_ERROR_PARSE, "1:8", "expected" },
  { "unterminated", "{\"a\": \"x", -1, OCI_CONFIG_ERROR_PARSE, "1:7", "unterminated string" },
  { "control-char", "{\"a\": \"x\ty\"}", -1, OCI_CONFIG_ERROR_PARSE, "1:9", "must be escaped" },
  { "two-values", "{} {}", -1, OCI_CONFIG_ERROR_PARSE, "1:4", "after the JSON value" },
};

static void
test_read_bad (Fixture *f, gconstpointer data)
{
  const BadInput *b = data;
  g_autofree char *path = write_file (f, "config.json", b->text, b->len < 0 ? (gssize) strlen (b->text) : b->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) config = oci_config_new_from_file (path, &error);
  g_autofree char *where = g_strdup_printf ("%s:%s:", path, b->where);

  g_assert_null (config);
  g_assert_error (error, OCI_CONFIG_ERROR, b->code);
  if (!g_str_has_prefix (error->message, where))
    g_test_fail_printf ("message \"%s\" does not start with \"%s\"", error->message, where);
  g_assert_nonnull (strstr (error->message, b->says));
}

static void
test_read_deep (Fixture *f, gconstpointer data)
{
  /* 100,000 levels: an error naming the depth, never a stack overflow. */
  gsize n = 100000;
  g_autoptr(GString) s = g_string_new ("{\"a\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) config = NULL;

  for (gsize i = 0; i < n; i++)
    g_string_append_c (s, '[');
  for (gsize i = 0; i < n; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  config = oci_config_new_from_data (s->str, s->len, "deep.json", &error);
  g_assert_null (config);
  g_assert_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "deeper than"));
}

static void
test_read_special_files (Fixture *f, gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "fifo", NULL);
  g_autofree char *loop = g_build_filename (f->dir, "loop", NULL);
  g_autofree char *dangling = g_build_filename (f->dir, "dangling", NULL);
  g_autofree char *big = g_build_filename (f->dir, "big.json", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.json", NULL);
  const struct { const char *path; int code; const char *says; } rows[] = {
    { f->dir, OCI_CONFIG_ERROR_READ, "is a directory" },
    { fifo, OCI_CONFIG_ERROR_READ, "not a regular file" },
    { "/dev/null", OCI_CONFIG_ERROR_READ, "not a regular file" },
    { loop, OCI_CONFIG_ERROR_READ, "symbolic links" },
    { dangling, OCI_CONFIG_ERROR_READ, "No such file" },
    { missing, OCI_CONFIG_ERROR_READ, "No such file" },
    { big, OCI_CONFIG_ERROR_LIMIT, "too large" },
  };
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("loop", loop), ==, 0);
  g_assert_cmpint (symlink ("nowhere", dangling), ==, 0);
  /* 200 MB, sparse: refused by its size before any byte is read. */
  fd = open (big, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 200 * 1024 * 1024), ==, 0);
  close (fd);
  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OciConfig) config = oci_config_new_from_file (rows[i].path, &error);
      g_assert_null (config);
      g_assert_error (error, OCI_CONFIG_ERROR, rows[i].code);
      g_assert_true (g_str_has_prefix (error->message, rows[i].path));
      g_assert_nonnull (strstr (error->message, rows[i].says));
    }
}

static void
test_read_unreadable (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "secret.json", "{}", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) config = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root reads files whatever their mode");
      return;
    }
  g_chmod (path, 0);
  config = oci_config_new_from_file (path, &error);
  g_assert_null (config);
  g_assert_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_READ);
}

/* ---- pointers --------------------------------------------------------- */

static const char sample[] =
  "{\n"
  "\t\"ociVersion\": \"1.2.0\",\n"
  "\t\"process\": {\"args\": [\"sh\", \"-c\"], \"cwd\": \"/\", \"terminal\": true, \"oomScoreAdj\": -5},\n"
  "\t\"annotations\": {\"a/b\": \"slash\", \"c~d\": \"tilde\"},\n"
  "\t\"org.example.vendor\": {\"keep\": [1, 2.5, null, false]}\n"
  "}";

static void
test_pointer_get (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) c = oci_config_new_from_data (sample, -1, "sample.json", &error);
  gint64 n = 0;
  gboolean b = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (oci_config_get_version (c), ==, "1.2.0");
  g_assert_cmpstr (oci_config_get_string (c, "/process/args/1"), ==, "-c");
  g_assert_null (oci_config_get_string (c, "/process/args/2"));
  g_assert_null (oci_config_get_string (c, "/process/args/01"));
  g_assert_null (oci_config_get_string (c, "/process/terminal"));
  g_assert_true (oci_config_get_boolean (c, "/process/terminal", &b));
  g_assert_true (b);
  g_assert_true (oci_config_get_int (c, "/process/oomScoreAdj", &n));
  g_assert_cmpint (n, ==, -5);
  g_assert_false (oci_config_get_int (c, "/process/cwd", &n));
  g_assert_cmpstr (oci_config_get_string (c, "/annotations/a~1b"), ==, "slash");
  g_assert_cmpstr (oci_config_get_string (c, "/annotations/c~0d"), ==, "tilde");
  g_assert_nonnull (oci_config_get_object (c, "/process"));
  g_assert_cmpuint (json_array_get_length (oci_config_get_array (c, "/process/args")), ==, 2);
  g_assert_null (oci_config_get_array (c, "/process"));
  g_assert_true (oci_config_has (c, "/org.example.vendor/keep/2"));
  g_assert_false (oci_config_has (c, "/nothing"));
  g_assert_false (oci_config_has (c, "no-slash"));
}

/* Strings beyond ASCII, with a long member name (the reader keeps short
 * names on its stack, longer ones on the heap). */
static void
test_read_utf8 (void)
{
  static const char text[] =
    "{\"ociVersion\": \"1.2.0\", \"hostname\": \"h\xc3\xa9llo-\xe2\x82\xac\","
    " \"annotations\": {\"org.example.a-rather-long-annotation-name-that-does-not-fit-in-64-bytes\": \"\xf0\x9f\x90\xb3\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(OciConfig) c = oci_config_new_from_data (text, -1, "utf8.json", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (oci_config_get_string (c, "/hostname"), ==, "h\xc3\xa9llo-\xe2\x82\xac");
  g_assert_cmpstr (oci_config_get_string (c, "/annotations/org.example.a-rather-long-annotation-name-that-does-not-fit-in-64-bytes"),
                   ==, "\xf0\x9f\x90\xb3");
}

static void
test_pointer_set (void)
{
  g_autoptr(OciConfig) c = oci_config_new ();
  JsonArray *a;

  oci_config_set_string (c, "/process/cwd", "/tmp");
  oci_config_set_int (c, "/process/user/uid", 1000);
  oci_config_set_boolean (c, "/root/readonly", TRUE);
  oci_config_append_string (c, "/process/args", "sh");
  oci_config_append_string (c, "/process/args", "-x");
  oci_config_set_string (c, "/process/args/0", "bash");
  oci_config_set_string (c, "/process/args/-", "last");
  a = oci_config_get_array (c, "/process/args");
  g_assert_cmpuint (json_array_get_length (a), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (a, 0), ==, "bash");
  g_assert_cmpstr (json_array_get_string_element (a, 2), ==, "last");
  /* A scalar in the way is replaced by the objects the pointer needs. */
  oci_config_set_string (c, "/hostname", "x");
  oci_config_set_string (c, "/hostname/deeper", "y");
  g_assert_cmpstr (oci_config_get_string (c, "/hostname/deeper"), ==, "y");
  g_assert_true (oci_config_remove (c, "/process/args/1"));
  g_assert_cmpuint (json_array_get_length (a), ==, 2);
  g_assert_true (oci_config_remove (c, "/root"));
  g_assert_false (oci_config_remove (c, "/root"));
  g_assert_false (oci_config_remove (c, "/process/args/9"));
  g_assert_nonnull (oci_config_ensure_object (c, "/linux/resources"));
  g_assert_nonnull (oci_config_ensure_array (c, "/linux/maskedPaths"));
  g_assert_true (oci_config_has (c, "/linux/resources"));
}

static void
test_location (void)
{
  g_autoptr(OciConfig) c = oci_config_new_from_data (sample, -1, "sample.json", NULL);
  guint line = 0, column = 0;

  g_assert_true (oci_config_get_location (c, "/process/cwd", &line, &column));
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (column, ==, 43);
  g_assert_true (oci_config_get_location (c, "/annotations/c~0d", &line, &column));
  g_assert_cmpuint (line, ==, 4);
  g_assert_cmpuint (column, ==, 41);
  g_assert_true (oci_config_get_location (c, "/org.example.vendor/keep/3", &line, &column));
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpuint (column, ==, 48);
  /* A missing member points at its nearest existing parent. */
  g_assert_true (oci_config_get_location (c, "/process/user/uid", &line, &column));
  g_assert_cmpuint (line, ==, 3);
  g_assert_cmpuint (column, ==, 13);
  g_assert_true (oci_config_get_location (c, "", &line, &column));
  g_assert_cmpuint (line, ==, 1);
}

/* ---- writing ---------------------------------------------------------- */

static const char *const root_order[] = { "ociVersion", "process", "annotations", NULL };
static const char *const process_order[] = { "terminal", "args", "cwd", NULL };
static const OciFieldOrder orders[] = {
  { "", OCI_FIELD_ORDER_LISTED, root_order },
  { "/process", OCI_FIELD_ORDER_LISTED, process_order },
  { "/annotations", OCI_FIELD_ORDER_SORTED, NULL },
};

static GHashTable *
order_table (void)
{
  GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

  for (gsize i = 0; i < G_N_ELEMENTS (orders); i++)
    g_hash_table_insert (t, (gpointer) orders[i].pattern, (gpointer) &orders[i]);
  return t;
}

static void
test_write_order (void)
{
  g_autoptr(OciConfig) c = oci_config_new_from_data (
    "{\"zz\": 1, \"process\": {\"cwd\": \"/\", \"x\": 0, \"args\": [\"a<b>&\"], \"terminal\": false},"
    " \"annotations\": {\"b\": \"2\", \"a\": \"1\"}, \"ociVersion\": \"1.0.0\", \"e\": [], \"o\": {}}",
    -1, NULL, NULL);
  g_autoptr(GHashTable) t = order_table ();
  g_autofree char *text = NULL;
  static const char expected[] =
    "{\n"
    "\t\"ociVersion\": \"1.0.0\",\n"
    "\t\"process\": {\n"
    "\t\t\"terminal\": false,\n"
    "\t\t\"args\": [\n"
    "\t\t\t\"a\\u003cb\\u003e\\u0026\"\n"
    "\t\t],\n"
    "\t\t\"cwd\": \"/\",\n"
    "\t\t\"x\": 0\n"
    "\t},\n"
    "\t\"annotations\": {\n"
    "\t\t\"a\": \"1\",\n"
    "\t\t\"b\": \"2\"\n"
    "\t},\n"
    "\t\"zz\": 1,\n"
    "\t\"e\": [],\n"
    "\t\"o\": {}\n"
    "}";

  oci_config_set_field_order (c, t);
  text = oci_config_to_data (c, NULL, NULL);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "in.json", sample, -1);
  g_autofree char *out = g_build_filename (f->dir, "out.json", NULL);
  g_autoptr(OciConfig) a = oci_config_new_from_file (path, NULL);
  g_autoptr(OciConfig) b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_config_save (a, out, NULL, &error));
  g_assert_no_error (error);
  b = oci_config_new_from_file (out, &error);
  g_assert_no_error (error);
  /* Unknown members, numbers, nulls and escapes survive. */
  g_assert_true (json_node_equal (oci_config_get_root (a), oci_config_get_root (b)));
  g_assert_true (oci_config_has (b, "/org.example.vendor/keep/2"));
}

static void
test_save_atomic (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_file (f, "keep.json", "old", 3);
  g_autofree char *blocked = g_build_filename (f->dir, "sub", NULL);
  g_autofree char *blocked_file = g_build_filename (blocked, "x.json", NULL);
  g_autoptr(OciConfig) c = oci_config_new_from_data ("{\"a\": 1}", -1, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (oci_config_save (c, path, "/a", &error));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "1");
  /* Nothing to write: the old file stays. */
  g_assert_false (oci_config_save (c, path, "/missing", &error));
  g_assert_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_POINTER);
  g_clear_error (&error);
  /* A failed write names the path and leaves no file. */
  g_assert_false (oci_config_save (c, blocked_file, NULL, &error));
  g_assert_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_WRITE);
  g_assert_false (g_file_test (blocked_file, G_FILE_TEST_EXISTS));
}

static void
test_semver (void)
{
  static const char *const good[] = { "1.0.0", "1.0.2-dev", "1.0.0-rc.1+build.5", "10.20.30", "1.0.0-0A.is.legal" };
  static const char *const bad[] = { "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "v1.0.0", "1.0.0 ", "" };
  static const char *const ascending[] = { "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                                           "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.2", "1.10.0" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_auto(OciSemver) v = { 0 };
      g_autofree char *back = NULL;
      g_assert_true (oci_semver_parse (good[i], &v, NULL));
      back = oci_semver_to_string (&v);
      g_assert_cmpstr (back, ==, good[i]);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(OciSemver) v = { 0 };
      g_autoptr(GError) error = NULL;
      g_assert_false (oci_semver_parse (bad[i], &v, &error));
      g_assert_error (error, OCI_SEMVER_ERROR, OCI_SEMVER_ERROR_INVALID);
    }
  for (gsize i = 0; i + 1 < G_N_ELEMENTS (ascending); i++)
    {
      g_assert_cmpint (oci_semver_compare_strings (ascending[i], ascending[i + 1]), <, 0);
      g_assert_cmpint (oci_semver_compare_strings (ascending[i + 1], ascending[i]), >, 0);
    }
  g_assert_cmpint (oci_semver_compare_strings ("1.0.0+a", "1.0.0+b"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/config/read/bad/%s", bad_inputs[i].name);
      g_test_add (path, Fixture, &bad_inputs[i], fixture_setup, test_read_bad, fixture_teardown);
    }
  g_test_add ("/config/read/deep", Fixture, NULL, fixture_setup, test_read_deep, fixture_teardown);
  g_test_add ("/config/read/special-files", Fixture, NULL, fixture_setup, test_read_special_files, fixture_teardown);
  g_test_add ("/config/read/unreadable", Fixture, NULL, fixture_setup, test_read_unreadable, fixture_teardown);
  g_test_add_func ("/config/pointer/get", test_pointer_get);
  g_test_add_func ("/config/read/utf8", test_read_utf8);
  g_test_add_func ("/config/pointer/set", test_pointer_set);
  g_test_add_func ("/config/location", test_location);
  g_test_add_func ("/config/write/order", test_write_order);
  g_test_add ("/config/write/round-trip", Fixture, NULL, fixture_setup, test_round_trip, fixture_teardown);
  g_test_add ("/config/write/atomic", Fixture, NULL, fixture_setup, test_save_atomic, fixture_teardown);
  g_test_add_func ("/semver", test_semver);
  return g_test_run ();
}
