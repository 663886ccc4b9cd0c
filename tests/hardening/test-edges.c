/* test-edges.c — the tools at the edges of their contract: outputs that
 * are not regular files, inputs that are pipes, FIFOs, devices or too
 * large, and odd requests. Every special file is made here, in a folder
 * of the test's own (devices with mknod, never anything under /dev).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  char *dir;
  char *out;
  char *err;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("ort-edges-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  ort_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static char *
in_dir (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static int
run_cli (Fixture *f, const char *stdin_path, const char *const *args)
{
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  return ort_test_run_cli (f->dir, args, stdin_path, &f->out, &f->err);
}

/* Runs a shell line with $CLI the tool, for pipes into it. */
static int
run_sh (Fixture *f, const char *line)
{
  g_autofree char *script = g_strdup_printf ("CLI=\"$OCI_TEST_CLI\"; %s", line);
  const char *argv[] = { "sh", "-c", script, NULL };

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  return ort_test_run (f->dir, argv, NULL, &f->out, &f->err);
}

static void
assert_says (Fixture *f, const char *needle)
{
  g_autofree char *all = g_strconcat (f->out, f->err, NULL);

  if (strstr (all, needle) == NULL)
    g_test_fail_printf ("expected \"%s\" in the output:\n%s", needle, all);
}

static void
make_node (const char *path, mode_t kind, int major_, int minor_)
{
  g_assert_cmpint (mknod (path, kind | 0666, makedev (major_, minor_)), ==, 0);
}

static void
write_file (const char *path, const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* ---- outputs that are not regular files ------------------------------- */

static void
test_output_device (Fixture *f, gconstpointer data)
{
  g_autofree char *node = in_dir (f, "null");
  const char *args[] = { "generate", "--output", node, NULL };
  struct stat st;

  make_node (node, S_IFCHR, 1, 3);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  g_assert_cmpint (lstat (node, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_assert_cmpuint (major (st.st_rdev), ==, 1);
  g_assert_cmpuint (minor (st.st_rdev), ==, 3);
}

static void
test_output_fifo (Fixture *f, gconstpointer data)
{
  g_autofree char *fifo = in_dir (f, "fifo");
  const char *args[] = { "generate", "--output", fifo, "--hostname", "through-fifo", NULL };
  char buf[65536];
  ssize_t n;
  struct stat st;
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  /* the reader is this test; a config fits in the pipe's buffer */
  fd = open (fifo, O_RDONLY | O_NONBLOCK);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  n = read (fd, buf, sizeof buf - 1);
  close (fd);
  g_assert_cmpint (n, >, 0);
  buf[n] = '\0';
  g_assert_nonnull (strstr (buf, "\"hostname\": \"through-fifo\""));
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
}

static void
test_output_fifo_no_reader (Fixture *f, gconstpointer data)
{
  g_autofree char *fifo = in_dir (f, "fifo");
  const char *args[] = { "generate", "--output", fifo, NULL };
  struct stat st;

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 2);
  assert_says (f, "no reader");
  g_assert_cmpint (lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
}

static void
test_output_socket (Fixture *f, gconstpointer data)
{
  g_autofree char *path = in_dir (f, "sock");
  const char *args[] = { "generate", "--output", path, "--hostname", "through-socket", NULL };
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autoptr(GString) got = g_string_new (NULL);
  char buf[4096];
  ssize_t n;
  int server, conn;

  g_assert_cmpuint (strlen (path), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, path);
  server = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (bind (server, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (server, 1), ==, 0);
  /* the connection waits in the backlog and its bytes in the buffer */
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  conn = accept (server, NULL, NULL);
  g_assert_cmpint (conn, >=, 0);
  while ((n = read (conn, buf, sizeof buf)) > 0)
    g_string_append_len (got, buf, n);
  close (conn);
  close (server);
  g_assert_nonnull (strstr (got->str, "\"hostname\": \"through-socket\""));
}

static void
test_output_symlink (Fixture *f, gconstpointer data)
{
  g_autofree char *link = in_dir (f, "link.json");
  g_autofree char *target = in_dir (f, "target.json");
  g_autofree char *text = NULL;
  g_autofree char *points = NULL;
  const char *args[] = { "generate", "--output", link, "--hostname", "via-link", NULL };

  write_file (target, "old");
  g_assert_cmpint (g_chmod (target, 0640), ==, 0);
  g_assert_cmpint (symlink ("target.json", link), ==, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  points = g_file_read_link (link, NULL);
  g_assert_cmpstr (points, ==, "target.json");
  text = read_file (target);
  g_assert_nonnull (strstr (text, "\"hostname\": \"via-link\""));
}

static void
test_output_dangling_symlink (Fixture *f, gconstpointer data)
{
  g_autofree char *link = in_dir (f, "link.json");
  g_autofree char *target = in_dir (f, "new.json");
  g_autofree char *text = NULL;
  const char *args[] = { "generate", "--output", link, NULL };

  g_assert_cmpint (symlink ("new.json", link), ==, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  text = read_file (target);
  g_assert_nonnull (strstr (text, "\"ociVersion\""));
}

static void
test_output_symlink_loop (Fixture *f, gconstpointer data)
{
  g_autofree char *a = in_dir (f, "a");
  g_autofree char *b = in_dir (f, "b");
  const char *args[] = { "generate", "--output", a, NULL };

  g_assert_cmpint (symlink ("b", a), ==, 0);
  g_assert_cmpint (symlink ("a", b), ==, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 2);
  assert_says (f, "symbolic links");
  g_assert_true (g_file_test (a, G_FILE_TEST_IS_SYMLINK));
}

static void
test_output_directory (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = in_dir (f, "folder");
  const char *args[] = { "generate", "--output", dir, NULL };

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 2);
  assert_says (f, "directory");
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
}

static void
test_output_block_device (Fixture *f, gconstpointer data)
{
  g_autofree char *node = in_dir (f, "disk");
  const char *args[] = { "generate", "--output", node, NULL };
  struct stat st;

  /* loop0's numbers; it is never opened: the tool refuses first */
  make_node (node, S_IFBLK, 7, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 2);
  assert_says (f, "block device");
  g_assert_cmpint (lstat (node, &st), ==, 0);
  g_assert_true (S_ISBLK (st.st_mode));
}

static void
test_output_long_name (Fixture *f, gconstpointer data)
{
  g_autofree char *name = g_strnfill (250, 'n');
  g_autofree char *path = in_dir (f, name);
  g_autofree char *text = NULL;
  const char *args[] = { "generate", "--output", path, NULL };

  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  text = read_file (path);
  g_assert_nonnull (strstr (text, "\"ociVersion\""));
}

static void
test_output_mode_kept (Fixture *f, gconstpointer data)
{
  g_autofree char *path = in_dir (f, "config.json");
  const char *args[] = { "generate", "--output", path, NULL };
  struct stat st;

  write_file (path, "old");
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_size, >, 3);
}

/* /dev/stdout is the descriptor: a file opened for appending keeps what
 * it had, as with '-'. (The shell points standard output at "log" in the
 * test's own folder: no node under /dev is written or created.) */
static void
test_output_dev_stdout_append (Fixture *f, gconstpointer data)
{
  g_autofree char *log = in_dir (f, "log");
  g_autofree char *text = NULL;

  write_file (log, "precious\n");
  g_assert_cmpint (run_sh (f, "\"$CLI\" generate --output /dev/stdout --hostname appended >> log"), ==, 0);
  text = read_file (log);
  g_assert_true (g_str_has_prefix (text, "precious\n{"));
  g_assert_nonnull (strstr (text, "\"hostname\": \"appended\""));
}

/* ---- inputs: pipes, FIFOs, devices, size bounds ----------------------- */

typedef struct
{
  const char *name;
  const char *const args[8]; /* @ is the special file */
} ReadCase;

static const ReadCase read_cases[] = {
  { "template", { "generate", "--template", "@", NULL } },
  { "env-file", { "generate", "--env-file", "@", NULL } },
  { "state", { "validate", "--state", "@", NULL } },
  { "features", { "validate", "--features", "@", NULL } },
  { "json-schema-schema", { "json-schema", "@", "instance.json", NULL } },
  { "json-schema-instance", { "json-schema", "schema.json", "@", NULL } },
  { "json-schema-ref", { "json-schema", "ref-schema.json", "instance.json", NULL } },
  { "known-failures", { "runtime-validate", "--runtime", "/nonexistent/runc", "--known-failures", "@", "--list", NULL } },
};

/* Runs @c with @special in place of @, next to the files it names. */
static int
run_read_case (Fixture *f, const ReadCase *c, const char *special, const char *stdin_path)
{
  g_autofree char *instance = in_dir (f, "instance.json");
  g_autofree char *schema = in_dir (f, "schema.json");
  g_autofree char *ref_schema = in_dir (f, "ref-schema.json");
  g_autofree char *ref_text = g_strdup_printf ("{\"$ref\": \"%s\"}", special);
  const char *args[G_N_ELEMENTS (c->args)] = { NULL };

  write_file (instance, "{}");
  write_file (schema, "{\"type\": \"object\"}");
  write_file (ref_schema, ref_text);
  for (gsize i = 0; c->args[i]; i++)
    args[i] = strcmp (c->args[i], "@") == 0 ? special : c->args[i];
  return run_cli (f, stdin_path, args);
}

static void
test_read_fifo (Fixture *f, gconstpointer data)
{
  const ReadCase *c = data;
  g_autofree char *fifo = in_dir (f, "fifo");

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  /* no writer: the watchdog fails a hang; the message says there is no
   * writer, not that the document is empty (a $ref target, which must be
   * a regular file, is refused as a FIFO) */
  g_assert_cmpint (run_read_case (f, c, fifo, NULL), ==, 2);
  assert_says (f, "fifo");
  if (!g_str_equal (c->name, "json-schema-ref"))
    assert_says (f, "is a FIFO with no writer");
}

static void
test_read_zero (Fixture *f, gconstpointer data)
{
  const ReadCase *c = data;
  g_autofree char *zero = in_dir (f, "zero");

  make_node (zero, S_IFCHR, 1, 5);
  g_assert_cmpint (run_read_case (f, c, zero, NULL), ==, 2);
  assert_says (f, "zero");
  /* a $ref names regular files only; the others read to the bound */
  if (!g_str_equal (c->name, "json-schema-ref"))
    assert_says (f, "larger than 67108864 bytes");
}

static void
test_read_stdin_zero (Fixture *f, gconstpointer data)
{
  g_autofree char *zero = in_dir (f, "zero");
  const char *args[] = { "validate", "--state", "-", NULL };

  make_node (zero, S_IFCHR, 1, 5);
  g_assert_cmpint (run_cli (f, zero, args), ==, 2);
  assert_says (f, "standard input");
  assert_says (f, "larger than");
}

static const char template_doc[] = "{\"ociVersion\": \"1.0.2\", \"hostname\": \"piped\"}";

static void
assert_piped_template (Fixture *f)
{
  g_assert_nonnull (strstr (f->out, "\"hostname\": \"piped\""));
  g_assert_nonnull (strstr (f->out, "\"ociVersion\": \"1.0.2\""));
}

static void
test_template_pipes (Fixture *f, gconstpointer data)
{
  g_autofree char *line = NULL;
  const char *how = data;

  if (g_str_equal (how, "dash"))
    line = g_strdup_printf ("printf '%%s' '%s' | \"$CLI\" generate --template -", template_doc);
  else if (g_str_equal (how, "dev-stdin"))
    line = g_strdup_printf ("printf '%%s' '%s' | \"$CLI\" generate --template /dev/stdin", template_doc);
  else
    line = g_strdup_printf ("printf '%%s' '%s' > t; exec 3< t; rm t;"
                            " printf '%%s' '%s' | { \"$CLI\" generate --template /dev/fd/4 4<&0; }",
                            template_doc, template_doc);
  g_assert_cmpint (run_sh (f, line), ==, 0);
  assert_piped_template (f);
}

static void
test_env_file_dash (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (run_sh (f, "printf 'A=1\\nB=two\\n' | \"$CLI\" generate --env-file -"), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"A=1\""));
  g_assert_nonnull (strstr (f->out, "\"B=two\""));
}

/* ---- the bounded reader itself ---------------------------------------- */

static void
test_bounded_limit (Fixture *f, gconstpointer data)
{
  g_autofree char *path = in_dir (f, "ten");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  write_file (path, "0123456789");
  g_assert_true (oci_file_read_bounded (path, 10, OCI_FILE_READ_REGULAR, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, 10);
  g_assert_cmpstr (contents, ==, "0123456789");
  g_clear_pointer (&contents, g_free);
  g_assert_false (oci_file_read_bounded (path, 9, OCI_FILE_READ_REGULAR, &contents, &length, &error));
  g_assert_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "larger than 9 bytes"));
}

static void
test_bounded_device (Fixture *f, gconstpointer data)
{
  g_autofree char *zero = in_dir (f, "zero");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  make_node (zero, S_IFCHR, 1, 5);
  g_assert_false (oci_file_read_bounded (zero, 1000, OCI_FILE_READ_REGULAR, &contents, &length, &error));
  g_assert_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "character device"));
  g_clear_error (&error);
  g_assert_false (oci_file_read_bounded (zero, 100000, OCI_FILE_READ_STREAMS, &contents, &length, &error));
  g_assert_error (error, OCI_CONFIG_ERROR, OCI_CONFIG_ERROR_LIMIT);
  g_assert_null (contents);
}

/* Files under /proc report a size of 0 and must be read to their end. */
static void
test_bounded_proc (Fixture *f, gconstpointer data)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  struct stat st;

  g_assert_cmpint (stat ("/proc/self/status", &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  g_assert_true (oci_file_read_bounded ("/proc/self/status", OCI_FILE_MAX_SIZE, OCI_FILE_READ_REGULAR, &contents,
                                        &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 0);
  g_assert_nonnull (strstr (contents, "Name:"));
}


/* ---- odd requests ------------------------------------------------------ */

static const char valid_process[] =
  "\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"user\": {\"uid\": 0, \"gid\": 0}}";

/* A bundle whose config is @text, with a rootfs. */
static char *
make_bundle (Fixture *f, const char *text, gssize len)
{
  char *bundle = in_dir (f, "bundle");
  g_autofree char *rootfs = g_build_filename (bundle, "rootfs", NULL);
  g_autofree char *config = g_build_filename (bundle, "config.json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (rootfs, 0755), ==, 0);
  g_assert_true (g_file_set_contents (config, text, len, NULL));
  return bundle;
}

static void
test_unknown_platform (Fixture *f, gconstpointer data)
{
  g_autofree char *text = g_strdup_printf ("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, %s}",
                                           valid_process);
  g_autofree char *bundle = make_bundle (f, text, -1);
  const char *args[] = { "validate", "--platform", "linx", "--path", bundle, NULL };

  g_assert_cmpint (run_cli (f, NULL, args), ==, 2);
  assert_says (f, "--platform");
  assert_says (f, "\"linx\"");
  assert_says (f, "linux");
}

static void
test_bad_jobs (Fixture *f, gconstpointer data)
{
  const char *value = data;
  const char *args[] = { "validate", "-j", value, "--path", f->dir, NULL };

  g_assert_cmpint (run_cli (f, NULL, args), ==, 2);
  assert_says (f, "--jobs");
  assert_says (f, "syntax");
}

static void
test_version_below_1 (Fixture *f, gconstpointer data)
{
  g_autofree char *text = g_strdup_printf ("{\"ociVersion\": \"0.0.1\", \"root\": {\"path\": \"rootfs\"}, %s}",
                                           valid_process);
  g_autofree char *bundle = make_bundle (f, text, -1);
  const char *args[] = { "validate", "--path", bundle, NULL };

  run_cli (f, NULL, args);
  assert_says (f, "ociVersion 0.0.1");
  assert_says (f, "checking against");
}

static void
test_c_locale_utf8 (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (run_sh (f, "LC_ALL=C \"$CLI\" generate --hostname \303\251t\303\251"), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"hostname\": \"\303\251t\303\251\""));
  g_assert_cmpint (run_sh (f, "LC_ALL=C \"$CLI\" generate --hostname \"$(printf '\\377')\""), ==, 2);
  assert_says (f, "--hostname");
}

/* A byte order mark is skipped, and locations do not count it. */
static void
test_bom_locations (Fixture *f, gconstpointer data)
{
  g_autofree char *text = g_strdup_printf ("\357\273\277{\"root\": {\"path\": \"nope\"}, \"ociVersion\": \"1.0.2\", %s}",
                                           valid_process);
  g_autofree char *bundle = make_bundle (f, text, -1);
  const char *args[] = { "validate", "--path", bundle, NULL };

  g_assert_cmpint (run_cli (f, NULL, args), ==, 1);
  assert_says (f, "config.json:1:19");
}

/* ---- growth with the size of the input -------------------------------- */

/* 20,000 findings, each located: the watchdog fails a rescan per finding. */
static void
test_many_findings_located (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *bundle = NULL;
  const char *args[] = { "validate", "--max-findings", "0", "--path", NULL, NULL };

  g_string_append_printf (s, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, %s, \"mounts\": [\n",
                          valid_process);
  for (int i = 0; i < 20000; i++)
    g_string_append_printf (s, "{\"destination\": \"rel/%d\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}%s\n", i,
                            i < 19999 ? "," : "");
  g_string_append (s, "]}");
  bundle = make_bundle (f, s->str, s->len);
  args[4] = bundle;
  g_assert_cmpint (run_cli (f, NULL, args), ==, 1);
  assert_says (f, "config.json:20001:17");
  assert_says (f, "config.json:2:17");
}

static guint
count_occurrences (const char *haystack, const char *needle)
{
  guint n = 0;

  for (const char *p = haystack; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* 250 findings of one requirement: 100 shown, one line for the other 150,
 * in every format, and the counts still count them all. */
static void
test_findings_summarised (Fixture *f, gconstpointer data)
{
  const char *format = data;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *bundle = NULL;
  const char *args[] = { "validate", "--format", format, "--path", NULL, NULL };
  const char *all[] = { "validate", "--format", format, "--max-findings", "0", "--path", NULL, NULL };
  const char *const needle = "rel/";
  const char *summary = "and 150 more findings of base.mounts.destination.absolute (not shown";

  g_string_append_printf (s, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, %s, \"mounts\": [",
                          valid_process);
  for (int i = 0; i < 250; i++)
    g_string_append_printf (s, "%s{\"destination\": \"rel/%d\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}",
                            i ? "," : "", i);
  g_string_append (s, "]}");
  bundle = make_bundle (f, s->str, s->len);
  args[4] = bundle;
  all[6] = bundle;
  g_assert_cmpint (run_cli (f, NULL, args), ==, 1);
  assert_says (f, summary);
  g_assert_null (strstr (f->out, "rel/100\""));
  g_assert_nonnull (strstr (f->out, "rel/99"));
  if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *sum;

      g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
      sum = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "summary");
      g_assert_cmpint (json_object_get_int_member (sum, "fail"), ==, 250);
      g_assert_cmpint (json_object_get_int_member (sum, "notShown"), ==, 150);
    }
  else if (g_str_equal (format, "text"))
    assert_says (f, "250 failures");
  else if (g_str_equal (format, "junit"))
    g_assert_cmpuint (count_occurrences (f->out, "<failure "), ==, 100);
  else
    g_assert_cmpuint (count_occurrences (f->out, "\nnot ok "), ==, 100 + 4);
  /* 0: every one */
  g_assert_cmpint (run_cli (f, NULL, all), ==, 1);
  g_assert_null (strstr (f->out, "more findings"));
  g_assert_nonnull (strstr (f->out, "rel/249"));
  g_assert_cmpuint (count_occurrences (f->out, needle), >=, 250);
}

static void
test_max_findings_bad (Fixture *f, gconstpointer data)
{
  const char *args[] = { "validate", "--max-findings", "-3", NULL };

  g_assert_cmpint (run_cli (f, NULL, args), ==, 2);
  assert_says (f, "--max-findings: invalid value -3");
}

/* 1,000 mounts at one destination: one finding each, with a count. */
static void
test_shadowing_counted (Fixture *f, gconstpointer data)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *bundle = NULL;
  const char *args[] = { "validate", "--compliance-level", "should", "--max-findings", "0", "--path", NULL, NULL };

  g_string_append_printf (s, "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, %s, \"mounts\": [",
                          valid_process);
  for (int i = 0; i < 1000; i++)
    g_string_append_printf (s, "%s{\"destination\": \"/same\", \"type\": \"tmpfs\", \"source\": \"tmpfs\"}",
                            i ? "," : "");
  g_string_append (s, "], \"linux\": {}}");
  bundle = make_bundle (f, s->str, s->len);
  args[6] = bundle;
  run_cli (f, NULL, args);
  assert_says (f, "/same hides mounts[998] at /same and 998 other mounts mounted before it");
  assert_says (f, "/same hides mounts[0] at /same, mounted before it");
  g_assert_cmpuint (strlen (f->out), <, 1000 * 400);
}

static void
test_env_file_large (Fixture *f, gconstpointer data)
{
  g_autofree char *path = in_dir (f, "env");
  g_autoptr(GString) s = g_string_new (NULL);
  const char *args[] = { "generate", "--env-file", path, "--env", "VAR_7=again", NULL };

  for (int i = 0; i < 60000; i++)
    g_string_append_printf (s, "VAR_%d=value-%d\n", i, i);
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  g_assert_nonnull (strstr (f->out, "\"VAR_59999=value-59999\""));
  /* replaced in place, not added */
  g_assert_nonnull (strstr (f->out, "\"VAR_6=value-6\",\n\t\t\t\"VAR_7=again\",\n\t\t\t\"VAR_8=value-8\""));
}

static void
test_device_replaced (Fixture *f, gconstpointer data)
{
  const char *args[] = { "generate", "--linux-device-add", "c:1:2:/dev/x", "--linux-device-add", "c:1:3:/dev/y",
                         "--linux-device-add", "b:7:4:/dev/x", NULL };
  const char *first, *second;

  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  first = strstr (f->out, "\"path\": \"/dev/x\"");
  second = strstr (f->out, "\"path\": \"/dev/y\"");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_true (first < second);
  g_assert_null (strstr (first + 1, "\"path\": \"/dev/x\""));
  g_assert_nonnull (strstr (first, "\"type\": \"b\""));
}

/* -j 500 under a 1 GB address-space limit: fewer threads, not an abort. */
static void
test_jobs_address_space (Fixture *f, gconstpointer data)
{
#if defined(__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer reserves more address space than the limit");
#else
  g_autofree char *text = g_strdup_printf ("{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": \"rootfs\"}, %s}",
                                           valid_process);
  g_autofree char *bundle = make_bundle (f, text, -1);
  g_autoptr(GString) line = g_string_new ("ulimit -v 1000000; \"$CLI\" validate -j 500");

  for (int i = 0; i < 100; i++)
    g_string_append_printf (line, " --path '%s'", bundle);
  g_assert_cmpint (run_sh (f, line->str), ==, 0);
  assert_says (f, "100 checked, 100 valid");
#endif
}

/* 20,000 mounts from a template, every other one removed by destination. */
static void
test_mounts_remove_many (Fixture *f, gconstpointer data)
{
  g_autofree char *template = in_dir (f, "template.json");
  g_autoptr(GString) s = g_string_new ("{\"ociVersion\": \"1.0.2\", \"mounts\": [");
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < 20000; i++)
    g_string_append_printf (s, "%s{\"destination\": \"/m/%d\", \"type\": \"tmpfs\"}", i ? "," : "", i % 10000);
  g_string_append (s, "]}");
  g_assert_true (g_file_set_contents (template, s->str, s->len, NULL));
  g_ptr_array_add (args, g_strdup ("generate"));
  g_ptr_array_add (args, g_strdup ("--template"));
  g_ptr_array_add (args, g_strdup (template));
  /* each destination twice in the template: removing it once leaves the second */
  for (int i = 0; i < 10000; i++)
    g_ptr_array_add (args, g_strdup_printf ("--mounts-remove=/m/%d", i));
  g_ptr_array_add (args, g_strdup ("--mounts-remove=/m/5"));
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (run_cli (f, NULL, (const char *const *) args->pdata), ==, 0);
  g_assert_true (g_str_has_prefix (strstr (f->out, "\"mounts\""), "\"mounts\": [\n\t\t{\n\t\t\t\"destination\": \"/m/0\""));
  g_assert_nonnull (strstr (f->out, "\"/m/9999\""));
  g_assert_nonnull (strstr (f->out, "\"/m/4\""));
  g_assert_null (strstr (f->out, "\"/m/5\""));
}

/* The destinations of the mounts in @out, in order, joined with spaces. */
static char *
mount_destinations (const char *out)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p = strstr (out, "\"mounts\"");

  while (p && (p = strstr (p, "\"destination\": \"")) != NULL)
    {
      p += strlen ("\"destination\": \"");
      g_string_append_printf (s, "%s%.*s", s->len ? " " : "", (int) strcspn (p, "\""), p);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Removals are marked during a run of one option and leave the array
 * before the next option: each of these sees the array as if every
 * removal before it had been done at once. */
static void
test_mounts_remove_order (Fixture *f, gconstpointer data)
{
  g_autofree char *template = in_dir (f, "template.json");
  const char *args[] = { "generate", "--template", template,
                         "--mounts-remove=/a", "--mounts-remove=/b", "--mounts-remove=/nowhere",
                         "--mounts-add={\"destination\": \"/b\", \"type\": \"tmpfs\", \"source\": \"new\"}",
                         "--mounts-remove=/a", "--mounts-remove=/b",
                         "--mounts-add={\"destination\": \"/d\", \"type\": \"tmpfs\"}",
                         "--mounts-remove=/c", "--mounts-remove=/b", NULL };
  g_autofree char *order = NULL;

  write_file (template, "{\"ociVersion\": \"1.0.2\", \"mounts\": ["
              "{\"destination\": \"/a\", \"type\": \"tmpfs\"}, {\"destination\": \"/b\", \"type\": \"tmpfs\"},"
              "{\"destination\": \"/a\", \"type\": \"tmpfs\"}, {\"destination\": \"/c\", \"type\": \"tmpfs\"},"
              "{\"destination\": \"/b\", \"type\": \"bind\"}, {\"destination\": \"/e\", \"type\": \"tmpfs\"}]}");
  g_assert_cmpint (run_cli (f, NULL, args), ==, 0);
  order = mount_destinations (f->out);
  /* /a /b /a /c /b /e → -/a -/b: /a /c /b /e → +/b: /a /c /b /e /b(new)
   * → -/a -/b: /c /e /b(new) → +/d → -/c -/b: /e /d */
  g_assert_cmpstr (order, ==, "/e /d");
}

/* Removing every element in one run drops the array, as one at a time
 * did; an add after a remove-all stays. */
static void
test_mounts_remove_all_emptied (Fixture *f, gconstpointer data)
{
  g_autofree char *template = in_dir (f, "template.json");
  const char *emptied[] = { "generate", "--template", template, "--mounts-remove=/b", "--mounts-remove=/a",
                            "--linux-device-remove=/dev/x", NULL };
  const char *readded[] = { "generate", "--template", template, "--mounts-remove=/a", "--mounts-remove-all",
                            "--mounts-add={\"destination\": \"/z\", \"type\": \"tmpfs\"}", "--mounts-remove=/b",
                            NULL };
  g_autofree char *order = NULL;

  write_file (template, "{\"ociVersion\": \"1.0.2\", \"mounts\": ["
              "{\"destination\": \"/a\", \"type\": \"tmpfs\"}, {\"destination\": \"/b\", \"type\": \"tmpfs\"}],"
              "\"linux\": {\"devices\": [{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]}}");
  g_assert_cmpint (run_cli (f, NULL, emptied), ==, 0);
  g_assert_null (strstr (f->out, "\"mounts\""));
  g_assert_null (strstr (f->out, "\"devices\""));
  g_assert_cmpint (run_cli (f, NULL, readded), ==, 0);
  order = mount_destinations (f->out);
  g_assert_cmpstr (order, ==, "/z");
}

int
main (int argc, char **argv)
{
  static const char *const pipes[] = { "dash", "dev-stdin", "dev-fd" };
  static const char *const formats[] = { "text", "tap", "json", "junit" };

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hardening/output/device", Fixture, NULL, setup, test_output_device, teardown);
  g_test_add ("/hardening/output/fifo", Fixture, NULL, setup, test_output_fifo, teardown);
  g_test_add ("/hardening/output/fifo-no-reader", Fixture, NULL, setup, test_output_fifo_no_reader, teardown);
  g_test_add ("/hardening/output/socket", Fixture, NULL, setup, test_output_socket, teardown);
  g_test_add ("/hardening/output/symlink", Fixture, NULL, setup, test_output_symlink, teardown);
  g_test_add ("/hardening/output/dangling-symlink", Fixture, NULL, setup, test_output_dangling_symlink, teardown);
  g_test_add ("/hardening/output/symlink-loop", Fixture, NULL, setup, test_output_symlink_loop, teardown);
  g_test_add ("/hardening/output/directory", Fixture, NULL, setup, test_output_directory, teardown);
  g_test_add ("/hardening/output/block-device", Fixture, NULL, setup, test_output_block_device, teardown);
  g_test_add ("/hardening/output/name-250-bytes", Fixture, NULL, setup, test_output_long_name, teardown);
  g_test_add ("/hardening/output/mode-kept", Fixture, NULL, setup, test_output_mode_kept, teardown);
  g_test_add ("/hardening/output/dev-stdout-append", Fixture, NULL, setup, test_output_dev_stdout_append, teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (read_cases); i++)
    {
      g_autofree char *fifo = g_strdup_printf ("/hardening/read/fifo-no-writer/%s", read_cases[i].name);
      g_autofree char *zero = g_strdup_printf ("/hardening/read/device-zero/%s", read_cases[i].name);
      g_test_add (fifo, Fixture, &read_cases[i], setup, test_read_fifo, teardown);
      g_test_add (zero, Fixture, &read_cases[i], setup, test_read_zero, teardown);
    }
  g_test_add ("/hardening/read/stdin-zero", Fixture, NULL, setup, test_read_stdin_zero, teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (pipes); i++)
    {
      g_autofree char *p = g_strdup_printf ("/hardening/read/template-pipe/%s", pipes[i]);
      g_test_add (p, Fixture, pipes[i], setup, test_template_pipes, teardown);
    }
  g_test_add ("/hardening/read/env-file-dash", Fixture, NULL, setup, test_env_file_dash, teardown);
  g_test_add ("/hardening/read/bounded/limit", Fixture, NULL, setup, test_bounded_limit, teardown);
  g_test_add ("/hardening/read/bounded/device", Fixture, NULL, setup, test_bounded_device, teardown);
  g_test_add ("/hardening/read/bounded/proc", Fixture, NULL, setup, test_bounded_proc, teardown);
  g_test_add ("/hardening/odd/unknown-platform", Fixture, NULL, setup, test_unknown_platform, teardown);
  g_test_add ("/hardening/odd/jobs/negative", Fixture, "-1", setup, test_bad_jobs, teardown);
  g_test_add ("/hardening/odd/jobs/too-many", Fixture, "100000", setup, test_bad_jobs, teardown);
  g_test_add ("/hardening/odd/jobs/address-space-limit", Fixture, NULL, setup, test_jobs_address_space, teardown);
  g_test_add ("/hardening/odd/version-below-1", Fixture, NULL, setup, test_version_below_1, teardown);
  g_test_add ("/hardening/odd/c-locale-utf8", Fixture, NULL, setup, test_c_locale_utf8, teardown);
  g_test_add ("/hardening/odd/bom-locations", Fixture, NULL, setup, test_bom_locations, teardown);
  g_test_add ("/hardening/scale/many-findings-located", Fixture, NULL, setup, test_many_findings_located, teardown);
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *p = g_strdup_printf ("/hardening/scale/findings-summarised/%s", formats[i]);
      g_test_add (p, Fixture, formats[i], setup, test_findings_summarised, teardown);
    }
  g_test_add ("/hardening/odd/max-findings-negative", Fixture, NULL, setup, test_max_findings_bad, teardown);
  g_test_add ("/hardening/scale/shadowing-counted", Fixture, NULL, setup, test_shadowing_counted, teardown);
  g_test_add ("/hardening/scale/env-file-60000", Fixture, NULL, setup, test_env_file_large, teardown);
  g_test_add ("/hardening/scale/device-replaced-in-place", Fixture, NULL, setup, test_device_replaced, teardown);
  g_test_add ("/hardening/scale/mounts-remove-10000", Fixture, NULL, setup, test_mounts_remove_many, teardown);
  g_test_add ("/hardening/scale/mounts-remove-order", Fixture, NULL, setup, test_mounts_remove_order, teardown);
  g_test_add ("/hardening/scale/mounts-remove-emptied", Fixture, NULL, setup, test_mounts_remove_all_emptied,
              teardown);
  return g_test_run ();
}
