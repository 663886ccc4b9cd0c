/* test-schema-suite.c: OciSchema against the official JSON-Schema-Test-Suite
 *
 * One GTest path per case of the draft4 files (tests/draft4/NAME.json):
 * /schema/suite/<file>/<group>/<test>. The suite directory comes from
 * $JSON_SCHEMA_TEST_SUITE (Debian's json-schema-test-suite package by
 * default); without it the run fails. Its remotes/ directory is served as
 * http://localhost:1234/ through a resolver, as the suite expects.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-runtime-tools/oci-schema.h"

#include <string.h>

#define DEFAULT_SUITE_DIR "/usr/share/json-schema-test-suite"
#define REMOTE_PREFIX "http://localhost:1234/"

typedef struct {
  const char *remotes;         /* borrowed from main() */
  char       *file;
  guint       group;
  guint       index;
  const char *group_description;
  const char *description;
  JsonNode   *schema;          /* borrowed: the parsed files outlive the run */
  JsonNode   *data;
  gboolean    valid;
} SuiteCase;

static void
suite_case_free (gpointer data)
{
  SuiteCase *suite_case = data;

  g_free (suite_case->file);
  g_free (suite_case);
}

/* Through OciSchema's parser, which keeps integers beyond gint64. */
static JsonNode *
parse_file (const char *path,
            GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return oci_schema_parse_json (contents, length, path, error);
}

static JsonNode *
resolve_remote (const char *uri,
                gpointer    user_data,
                GError    **error)
{
  const char *remotes = user_data;
  g_autofree char *path = NULL;

  if (!g_str_has_prefix (uri, REMOTE_PREFIX))
    return oci_schema_default_resolve (uri, NULL, error);
  path = g_build_filename (remotes, uri + strlen (REMOTE_PREFIX), NULL);
  return parse_file (path, error);
}

static void
print_violations (GPtrArray *violations)
{
  for (guint i = 0; i < violations->len; i++)
    {
      OciSchemaViolation *violation = g_ptr_array_index (violations, i);

      g_test_message ("  violation at \"%s\" (%s, %s): %s", violation->instance_pointer,
                      violation->keyword, violation->schema_location, violation->message);
    }
}

static void
test_suite_case (gconstpointer data)
{
  const SuiteCase *suite_case = data;
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("http://json-schema-test-suite.invalid/draft4/%s/%u",
                                          suite_case->file, suite_case->group);
  gboolean ran;

  g_test_message ("%s.json: %s: %s (expected %s)", suite_case->file,
                  suite_case->group_description, suite_case->description,
                  suite_case->valid ? "valid" : "invalid");

  oci_schema_set_resolver (schema, resolve_remote, (gpointer) suite_case->remotes, NULL);
  ran = oci_schema_add_document (schema, uri, suite_case->schema, &error);
  g_assert_no_error (error);
  g_assert_true (ran);

  ran = oci_schema_validate (schema, uri, suite_case->data, &violations, &error);
  g_assert_no_error (error);
  g_assert_true (ran);
  print_violations (violations);
  if (suite_case->valid)
    g_assert_cmpuint (violations->len, ==, 0);
  else
    g_assert_cmpuint (violations->len, >, 0);

  /* the short-circuiting path must agree */
  g_assert_cmpint (oci_schema_is_valid (schema, uri, suite_case->data, &error), ==, suite_case->valid);
  g_assert_no_error (error);
}

static void
test_fail_with_message (gconstpointer data)
{
  g_test_fail_printf ("%s", (const char *) data);
}

static void
add_failure (const char *path,
             char       *message)
{
  g_test_add_data_func_full (path, message, test_fail_with_message, g_free);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *member = json_object_get_member (object, name);

  return member != NULL && JSON_NODE_HOLDS_VALUE (member) ? json_node_get_string (member) : NULL;
}

static void
add_group (const char *remotes,
           const char *file,
           guint       group,
           JsonObject *object)
{
  JsonArray *tests = json_object_get_array_member (object, "tests");

  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonObject *test = json_array_get_object_element (tests, i);
      SuiteCase *suite_case = g_new0 (SuiteCase, 1);
      g_autofree char *path = g_strdup_printf ("/schema/suite/%s/%u/%u", file, group, i);

      suite_case->remotes = remotes;
      suite_case->file = g_strdup (file);
      suite_case->group = group;
      suite_case->index = i;
      suite_case->group_description = member_string (object, "description");
      suite_case->description = member_string (test, "description");
      suite_case->schema = json_object_get_member (object, "schema");
      suite_case->data = json_object_get_member (test, "data");
      suite_case->valid = json_object_get_boolean_member (test, "valid");
      g_test_add_data_func_full (path, suite_case, test_suite_case, suite_case_free);
    }
}

/* Registers the cases of one file; its parsed tree is kept in @roots. */
static void
add_file (const char *remotes,
          const char *directory,
          const char *name,
          GPtrArray  *roots)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autofree char *file = g_strndup (name, strlen (name) - strlen (".json"));
  g_autofree char *test_path = g_strdup_printf ("/schema/suite/%s/parse", file);
  g_autoptr(GError) error = NULL;
  JsonNode *root = parse_file (path, &error);
  JsonArray *groups;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      add_failure (test_path, g_strdup_printf ("%s: %s", path,
                                               error ? error->message : "not an array of groups"));
      g_clear_pointer (&root, json_node_unref);
      return;
    }
  g_ptr_array_add (roots, root);
  groups = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    add_group (remotes, file, i, json_array_get_object_element (groups, i));
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
add_suite (const char *suite_dir,
           const char *remotes,
           GPtrArray  *roots,
           GError    **error)
{
  g_autofree char *directory = g_build_filename (suite_dir, "tests", "draft4", NULL);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;
  /* optional/ is a directory and is not registered */
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "no draft4 test files in %s", directory);
      return FALSE;
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    add_file (remotes, directory, g_ptr_array_index (names, i), roots);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  const char *suite_dir = g_getenv ("JSON_SCHEMA_TEST_SUITE");
  g_autofree char *remotes = NULL;

  g_test_init (&argc, &argv, NULL);

  if (suite_dir == NULL || suite_dir[0] == '\0')
    suite_dir = DEFAULT_SUITE_DIR;
  remotes = g_build_filename (suite_dir, "remotes", NULL);
  if (!add_suite (suite_dir, remotes, roots, &error))
    add_failure ("/schema/suite/missing",
                 g_strdup_printf ("JSON Schema test suite not usable at %s (%s); install "
                                  "json-schema-test-suite or set JSON_SCHEMA_TEST_SUITE",
                                  suite_dir, error->message));
  return g_test_run ();
}
