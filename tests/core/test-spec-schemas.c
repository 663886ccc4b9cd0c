/* test-spec-schemas.c — the embedded runtime-spec schemas of every release
 *
 * tests/data/schema/<release>/y_*.json must validate against that release's
 * schema (config, or state / features when the name says so); every n_ file
 * is listed in tests/data/schema/manifest.txt with the instance pointer and
 * keyword of a violation it must produce:
 *   <release>/<file> <pointer> <keyword> [state|features]
 * Also: release selection rules and --schema-dir style file schemas.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <glib/gstdio.h>
#include <oci-runtime-tools/oci-runtime-tools.h>

typedef struct
{
  char *release;
  char *path;
  char *document;
  char *pointer; /* NULL for y_ files */
  char *keyword;
} SchemaCase;

static OciSchema *shared_schema;

static void
schema_case_free (SchemaCase *c)
{
  g_free (c->release);
  g_free (c->path);
  g_free (c->document);
  g_free (c->pointer);
  g_free (c->keyword);
  g_free (c);
}

/* The manifest names the object for additionalProperties (and the array
 * for additionalItems); OciSchema points at the offending member or item,
 * a direct child of it. */
static gboolean
pointer_matches (const SchemaCase *c, const OciSchemaViolation *v)
{
  gsize n = strlen (c->pointer);

  if (strcmp (v->instance_pointer, c->pointer) == 0)
    return TRUE;
  if (strcmp (c->keyword, "additionalProperties") != 0 && strcmp (c->keyword, "additionalItems") != 0)
    return FALSE;
  return strncmp (v->instance_pointer, c->pointer, n) == 0 && v->instance_pointer[n] == '/'
         && strchr (v->instance_pointer + n + 1, '/') == NULL;
}

static void
test_schema_case (gconstpointer data)
{
  const SchemaCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) instance = oci_json_load_file (c->path, &error);
  g_autofree char *uri = oci_spec_schema_uri (c->release, c->document);
  g_autoptr(GPtrArray) violations = NULL;
  gboolean found = FALSE;
  g_autoptr(GString) seen = g_string_new (NULL);

  g_assert_no_error (error);
  oci_schema_validate (shared_schema, uri, instance, &violations, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < violations->len; i++)
    {
      OciSchemaViolation *v = violations->pdata[i];
      g_string_append_printf (seen, "\n  %s %s: %s", v->instance_pointer, v->keyword, v->message);
      if (c->pointer && strcmp (v->keyword, c->keyword) == 0 && pointer_matches (c, v))
        found = TRUE;
    }
  if (c->pointer == NULL && violations->len > 0)
    g_test_fail_printf ("%s must be valid against %s, but:%s", c->path, uri, seen->str);
  if (c->pointer && !found)
    g_test_fail_printf ("%s must violate '%s' at \"%s\"; violations:%s", c->path, c->keyword,
                        c->pointer, seen->len ? seen->str : " none");
}

static const char *
document_for (const char *file)
{
  if (g_str_has_prefix (file, "y_state") || g_str_has_prefix (file, "n_state"))
    return "state";
  if (g_str_has_prefix (file, "y_features") || g_str_has_prefix (file, "n_features"))
    return "features";
  return "config";
}

static void
add_cases (const char *root, GPtrArray *cases)
{
  g_autofree char *manifest_path = g_build_filename (root, "manifest.txt", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (manifest_path, &text, NULL, &error));
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) w = g_regex_split_simple ("\\s+", g_strstrip (*l), 0, 0);
      SchemaCase *c;
      g_autofree char *name = NULL;
      char *slash;

      if (**l == '\0' || **l == '#')
        continue;
      g_assert_cmpuint (g_strv_length (w), >=, 3);
      c = g_new0 (SchemaCase, 1);
      slash = strchr (w[0], '/');
      g_assert_nonnull (slash);
      c->release = g_strndup (w[0], slash - w[0]);
      c->path = g_build_filename (root, w[0], NULL);
      c->pointer = g_strdup (strcmp (w[1], "\"\"") == 0 ? "" : w[1]);
      c->keyword = g_strdup (w[2]);
      c->document = g_strdup (w[3] ? w[3] : "config");
      g_hash_table_add (listed, g_strdup (c->path));
      g_ptr_array_add (cases, c);
    }
  /* Every y_ file is a case too, and every n_ file must be listed. */
  for (const char *const *r = oci_spec_get_releases (); *r; r++)
    {
      g_autofree char *dir_path = g_build_filename (root, *r, NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)))
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        {
          const char *n = *(char **) &names->pdata[i];
          g_autofree char *path = g_build_filename (dir_path, n, NULL);
          if (g_str_has_prefix (n, "n_"))
            {
              if (!g_hash_table_contains (listed, path))
                g_error ("%s is not listed in %s", path, manifest_path);
              continue;
            }
          if (g_str_has_prefix (n, "y_"))
            {
              SchemaCase *c = g_new0 (SchemaCase, 1);
              c->release = g_strdup (*r);
              c->path = g_steal_pointer (&path);
              c->document = g_strdup (document_for (n));
              g_ptr_array_add (cases, c);
            }
        }
    }
}

/* Version selection: pre-releases map to their release; newer or unknown
 * versions use the newest older release; not SemVer or before 1.0.0 is
 * invalid. */
static void
test_release_match (void)
{
  static const struct { const char *version; OciReleaseMatch match; const char *release; } rows[] = {
    { "1.0.2", OCI_RELEASE_EXACT, "1.0.2" },
    { "1.0.2-dev", OCI_RELEASE_EXACT, "1.0.2" },
    { "1.0.0-rc5", OCI_RELEASE_EXACT, "1.0.0" },
    { "1.2.0+build.7", OCI_RELEASE_EXACT, "1.2.0" },
    { "1.3.0", OCI_RELEASE_EXACT, "1.3.0" },
    { "1.3.1", OCI_RELEASE_NEWER, "1.3.0" },
    { "2.0.0", OCI_RELEASE_NEWER, "1.3.0" },
    { "1.1.7", OCI_RELEASE_UNKNOWN, "1.1.0" },
    { "1.0.3", OCI_RELEASE_UNKNOWN, "1.0.2" },
    { "0.5.0", OCI_RELEASE_INVALID, NULL },
    { "1.0", OCI_RELEASE_INVALID, NULL },
    { "v1.0.0", OCI_RELEASE_INVALID, NULL },
    { "01.0.0", OCI_RELEASE_INVALID, NULL },
    { "", OCI_RELEASE_INVALID, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *release = NULL;
      OciReleaseMatch m = oci_spec_match_release (rows[i].version, &release);
      g_assert_cmpint (m, ==, rows[i].match);
      if (rows[i].release)
        g_assert_cmpstr (release, ==, rows[i].release);
    }
}

/* The generator's release list is the one the library knows. */
static void
test_release_list (void)
{
  const char *build = g_getenv ("OCI_TEST_SCHEMA_BUILD");
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (build);
  path = g_build_filename (build, "releases.txt", NULL);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  expected = g_strjoinv ("\n", (char **) oci_spec_get_releases ());
  g_assert_cmpstr (g_strstrip (text), ==, expected);
}

/* Schemas in files (as --schema-dir uses) resolve relative references
 * between files of the folder. */
static void
test_schema_dir_refs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ort-schema-XXXXXX", &error);
  g_autofree char *main_path = g_build_filename (dir, "config-schema.json", NULL);
  g_autofree char *defs_path = g_build_filename (dir, "defs.json", NULL);
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autofree char *uri = NULL;
  g_autoptr(JsonNode) good = oci_json_load_data ("{\"ociVersion\": \"1.0.0\"}", 23, "good", NULL);
  g_autoptr(JsonNode) bad = oci_json_load_data ("{\"ociVersion\": 7}", 17, "bad", NULL);
  g_autoptr(GPtrArray) v1 = NULL;
  g_autoptr(GPtrArray) v2 = NULL;

  g_assert_true (g_file_set_contents (main_path,
                                      "{\"type\":\"object\",\"properties\":{\"ociVersion\":"
                                      "{\"$ref\":\"defs.json#/definitions/Version\"}}}", -1, NULL));
  g_assert_true (g_file_set_contents (defs_path, "{\"definitions\":{\"Version\":{\"type\":\"string\"}}}", -1, NULL));
  g_assert_true (oci_schema_add_file (schema, main_path, &uri, &error));
  g_assert_no_error (error);
  g_assert_true (oci_schema_validate (schema, uri, good, &v1, &error));
  g_assert_cmpuint (v1->len, ==, 0);
  g_assert_true (oci_schema_validate (schema, uri, bad, &v2, &error));
  g_assert_cmpuint (v2->len, ==, 1);
  g_assert_cmpstr (((OciSchemaViolation *) v2->pdata[0])->instance_pointer, ==, "/ociVersion");
  g_assert_true (g_str_has_suffix (((OciSchemaViolation *) v2->pdata[0])->schema_location,
                                   "defs.json#/definitions/Version/type"));
  g_remove (main_path);
  g_remove (defs_path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  const char *data = g_getenv ("OCI_TEST_DATA");
  g_autofree char *root = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_case_free);

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (data);
  root = g_build_filename (data, "schema", NULL);
  shared_schema = oci_schema_new ();
  add_cases (root, cases);
  for (guint i = 0; i < cases->len; i++)
    {
      SchemaCase *c = cases->pdata[i];
      g_autofree char *base = g_path_get_basename (c->path);
      g_autofree char *path = g_strdup_printf ("/spec-schemas/%s/%s", c->release, base);
      g_test_add_data_func (path, c, test_schema_case);
    }
  g_test_add_func ("/spec-schemas/release-match", test_release_match);
  g_test_add_func ("/spec-schemas/release-list", test_release_list);
  g_test_add_func ("/spec-schemas/schema-dir-refs", test_schema_dir_refs);
  {
    int status = g_test_run ();
    g_object_unref (shared_schema);
    return status;
  }
}
