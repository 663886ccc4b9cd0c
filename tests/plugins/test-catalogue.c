/* test-catalogue.c — every requirement row states the basis it rests on
 *
 * A row with an RFC 2119 level rests on a sentence of the spec: its keyword
 * must occur at its anchor in the document of every release the row
 * covers. tests/data/spec/keywords.txt says, per release, which keywords a
 * section holds (scripts/extract-spec-keywords.py wrote it from the spec's
 * git history; the project keeps no spec text). A row without a keyword
 * behind it is ADVICE and says why it is checked at all.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

#include "ort-test.h"

typedef struct
{
  char *since;
  char *until; /* NULL: open */
  char **keywords;
} Section;

static void
section_free (Section *s)
{
  g_free (s->since);
  g_free (s->until);
  g_strfreev (s->keywords);
  g_free (s);
}

/* "doc#anchor" -> GPtrArray of Section */
static GHashTable *
load_keywords (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("OCI_TEST_DATA"), "spec", "keywords.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l; l++)
    {
      g_auto(GStrv) w = NULL;
      Section *s;
      GPtrArray *list;
      char *key;

      if (**l == '\0' || **l == '#')
        continue;
      w = g_strsplit (*l, " ", -1);
      g_assert_cmpuint (g_strv_length (w), ==, 5);
      s = g_new0 (Section, 1);
      s->since = g_strdup (w[2]);
      s->until = strcmp (w[3], "-") == 0 ? NULL : g_strdup (w[3]);
      s->keywords = strcmp (w[4], "-") == 0 ? g_new0 (char *, 1) : g_strsplit (g_strdelimit (w[4], "_", ' '), ",", -1);
      key = g_strdup_printf ("%s#%s", w[0], w[1]);
      list = g_hash_table_lookup (table, key);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
          g_hash_table_insert (table, g_strdup (key), list);
        }
      g_ptr_array_add (list, s);
      g_free (key);
    }
  return table;
}

static const Section *
section_for (GHashTable *table, const OciRequirement *r, const char *release)
{
  g_autofree char *key = g_strdup_printf ("%s#%s", r->document, r->anchor ? r->anchor : "");
  GPtrArray *list = g_hash_table_lookup (table, key);

  for (guint i = 0; list && i < list->len; i++)
    {
      const Section *s = list->pdata[i];
      OciRequirement range = { .since = s->since, .until = s->until };
      if (oci_requirement_applies (&range, release))
        return s;
    }
  return NULL;
}

static GPtrArray *
catalogue (OciRegistry *registry)
{
  oci_registry_add_default_search_path (registry);
  oci_registry_activate (registry, NULL, NULL);
  return oci_registry_get_requirements (registry);
}

/* Every keyword row's keyword occurs at its anchor in each release it
 * covers; every row's anchor is a section of those releases. */
static void
test_keywords (void)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  g_autoptr(GHashTable) table = load_keywords ();
  g_autoptr(GString) wrong = g_string_new (NULL);
  GPtrArray *rows = catalogue (registry);
  guint checked = 0;

  g_assert_cmpuint (rows->len, >, 200);
  for (guint i = 0; i < rows->len; i++)
    {
      const OciRequirement *r = rows->pdata[i];

      /* The core's own row: its basis is the release's JSON Schema, data
       * the spec ships beside its text, not a sentence. */
      if (strcmp (r->id, "schema") == 0)
        continue;
      for (const char *const *rel = oci_spec_get_releases (); *rel; rel++)
        {
          const Section *s;

          if (!oci_requirement_applies (r, *rel))
            continue;
          s = section_for (table, r, *rel);
          checked++;
          /* Advice rows need no keyword, but their link must lead to a
           * section of that release's text. */
          if (s == NULL)
            g_string_append_printf (wrong, "\n  %s (%s): %s has no section #%s in %s", r->id,
                                    oci_level_to_string (r->level), r->document, r->anchor, *rel);
          else if (r->level != OCI_LEVEL_ADVICE && !g_strv_contains ((const char *const *) s->keywords, oci_level_to_string (r->level)))
            g_string_append_printf (wrong, "\n  %s: %s#%s in %s has no %s", r->id, r->document, r->anchor,
                                    *rel, oci_level_to_string (r->level));
        }
    }
  if (wrong->len)
    g_test_fail_printf ("rows whose keyword the text does not have:%s", wrong->str);
  g_assert_cmpuint (checked, >, 500);
}

/* Every advice row says why it is checked. */
static void
test_advice_reasons (void)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  GPtrArray *rows = catalogue (registry);
  guint advice = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const OciRequirement *r = rows->pdata[i];
      g_autofree char *basis = oci_requirement_basis (r);

      if (r->level != OCI_LEVEL_ADVICE)
        {
          g_assert_true (g_str_has_prefix (basis, oci_level_to_string (r->level)));
          g_assert_nonnull (strstr (basis, r->document));
          continue;
        }
      advice++;
      if (!g_str_has_prefix (basis, "no RFC 2119 keyword in the text; advice: ") || strlen (basis) < 50)
        g_test_fail_printf ("%s: an advice row without a reason: %s", r->id, r->summary);
    }
  g_assert_cmpuint (advice, >, 50);
}

/* The three rows whose level contradicted their sentence. */
static void
test_contradictions (void)
{
  g_autoptr(OciRegistry) registry = oci_registry_new ();
  static const char *const ids[] = {
    "base.process.consolesize.terminal", "base.mounts.bind.source", "linux.process.capabilities.known",
  };

  catalogue (registry);
  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const OciRequirement *r = oci_registry_lookup_requirement (registry, ids[i], "1.3.0");
      g_assert_nonnull (r);
      g_assert_cmpint (r->level, ==, OCI_LEVEL_ADVICE);
    }
  /* Before 1.1.0 the text made an unknown capability an error. */
  g_assert_cmpint (oci_registry_lookup_requirement (registry, "linux.process.capabilities.known", "1.0.2")->level,
                   ==, OCI_LEVEL_MUST);
}

/* Advice warns at every compliance level and fails only when strict. */
static void
test_advice_tier (void)
{
  static const OciTier levels[] = { OCI_TIER_MAY, OCI_TIER_SHOULD, OCI_TIER_MUST };
  OciResult r = { .requirement_id = (char *) "x.advice", .level = OCI_LEVEL_ADVICE, .status = OCI_STATUS_FAIL };
  OciTier tier;

  g_assert_cmpint (oci_level_tier (OCI_LEVEL_ADVICE), ==, OCI_TIER_ADVICE);
  g_assert_false (oci_tier_parse ("advice", &tier));
  for (gsize i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(OciResultBus) bus = oci_result_bus_new (levels[i]);

      oci_result_bus_begin_subject (bus, "b");
      oci_result_bus_post (bus, &r);
      oci_result_bus_end_subject (bus, "b");
      g_assert_false (oci_result_bus_is_failing (bus, &r));
      g_assert_cmpuint (oci_result_bus_count_warnings (bus), ==, 1);
      g_assert_cmpint (oci_result_bus_get_exit_code (bus), ==, 0);
      oci_result_bus_set_strict (bus, TRUE);
      g_assert_true (oci_result_bus_is_failing (bus, &r));
      g_assert_cmpuint (oci_result_bus_count_warnings (bus), ==, 0);
      g_assert_cmpint (oci_result_bus_get_exit_code (bus), ==, 1);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalogue/keywords", test_keywords);
  g_test_add_func ("/catalogue/advice-reasons", test_advice_reasons);
  g_test_add_func ("/catalogue/contradictions", test_contradictions);
  g_test_add_func ("/catalogue/advice-tier", test_advice_tier);
  return g_test_run ();
}
