/* test-schema.c: OciSchema behaviour beyond the conformance suite
 *
 * Violation fields (pointers, keywords, schema locations, messages),
 * references between files, errors, caching, lazy compilation, the
 * process-wide copy of the embedded schemas, and threads.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-runtime-tools/oci-schema.h"
#include "oci-runtime-tools/oci-spec.h"
#include "oci-schema-private.h"
#include "oci-schema-embedded.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define TEST_URI "urn:oci-runtime-tools:test"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static OciSchema *
schema_new_from_string (const char *uri,
                        const char *text)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(JsonNode) document = parse_json (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_add_document (schema, uri, document, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&schema);
}

/* Validates and asserts that validation ran. */
static GPtrArray *
validate_string (OciSchema  *schema,
                 const char *uri,
                 const char *instance_text)
{
  g_autoptr(JsonNode) instance = parse_json (instance_text);
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_validate (schema, uri, instance, &violations, &error));
  g_assert_no_error (error);
  g_assert_nonnull (violations);
  return g_steal_pointer (&violations);
}

static GPtrArray *
check (const char *schema_text,
       const char *instance_text)
{
  g_autoptr(OciSchema) schema = schema_new_from_string (TEST_URI, schema_text);

  return validate_string (schema, TEST_URI, instance_text);
}

/* Asserts that validating against @schema could not run, with @code. */
static void
assert_validate_error (OciSchema  *schema,
                       const char *instance_text,
                       int         code)
{
  g_autoptr(JsonNode) instance = parse_json (instance_text);
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_schema_validate (schema, TEST_URI, instance, &violations, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, code);
  g_assert_null (violations);
  /* the short-circuiting path reports it too */
  g_clear_error (&error);
  g_assert_false (oci_schema_is_valid (schema, TEST_URI, instance, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, code);
}

static void
check_error (const char *schema_text,
             const char *instance_text,
             int         code)
{
  g_autoptr(OciSchema) schema = schema_new_from_string (TEST_URI, schema_text);

  assert_validate_error (schema, instance_text, code);
}

static void
assert_violation (GPtrArray  *violations,
                  guint       index,
                  const char *pointer,
                  const char *keyword,
                  const char *location,
                  const char *message)
{
  OciSchemaViolation *violation;

  g_assert_cmpuint (violations->len, >, index);
  violation = g_ptr_array_index (violations, index);
  g_assert_cmpstr (violation->instance_pointer, ==, pointer);
  g_assert_cmpstr (violation->keyword, ==, keyword);
  if (location != NULL)
    g_assert_cmpstr (violation->schema_location, ==, location);
  if (message != NULL)
    g_assert_cmpstr (violation->message, ==, message);
}

static const char *
violation_message (GPtrArray *violations,
                   guint      index)
{
  g_assert_cmpuint (violations->len, >, index);
  return ((OciSchemaViolation *) g_ptr_array_index (violations, index))->message;
}

static void
test_violation_type (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"properties\": {\"a/b\": {\"properties\": {\"c~d\": {\"type\": \"integer\"}}}}}",
           "{\"a/b\": {\"c~d\": \"x\"}}");

  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "/a~1b/c~0d", "type",
                    TEST_URI "#/properties/a~1b/properties/c~0d/type",
                    "expected integer, got string");
}

static void
test_violation_type_list (void)
{
  g_autoptr(GPtrArray) violations = check ("{\"type\": [\"string\", \"integer\", \"null\"]}", "true");

  assert_violation (violations, 0, "", "type", TEST_URI "#/type",
                    "expected null, integer or string, got boolean");
}

static void
test_violation_required (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"properties\": {\"root\": {\"required\": [\"path\", \"readonly\"]}}}",
           "{\"root\": {\"readonly\": true}}");

  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "/root", "required", TEST_URI "#/properties/root/required",
                    "missing required property \"path\"");
}

static void
test_violation_additional_properties (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"properties\": {\"a\": {}}, \"patternProperties\": {\"^x-\": {}},"
           " \"additionalProperties\": false}",
           "{\"a\": 1, \"x-vendor\": 2, \"b~/\": 3}");

  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "/b~0~1", "additionalProperties",
                    TEST_URI "#/additionalProperties", "property \"b~/\" is not allowed");
}

static void
test_violation_items (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"properties\": {\"list\": {\"items\": {\"type\": \"string\"}}}}",
           "{\"list\": [\"a\", \"b\", 3]}");

  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "/list/2", "type", TEST_URI "#/properties/list/items/type",
                    "expected string, got integer");
}

static void
test_violation_additional_items (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"items\": [{}, {}], \"additionalItems\": false}", "[1, 2, 3]");

  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "/2", "additionalItems", TEST_URI "#/additionalItems",
                    "item 2 is not allowed: the schema describes only 2 items");
}

static void
test_violation_all_collected (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"type\": \"object\", \"required\": [\"z\"],"
           " \"properties\": {\"a\": {\"type\": \"integer\"}, \"b\": {\"minimum\": 10}}}",
           "{\"a\": \"x\", \"b\": 3}");

  g_assert_cmpuint (violations->len, ==, 3);
  assert_violation (violations, 0, "", "required", NULL, "missing required property \"z\"");
  assert_violation (violations, 1, "/a", "type", NULL, "expected integer, got string");
  assert_violation (violations, 2, "/b", "minimum", TEST_URI "#/properties/b/minimum",
                    "3 is less than the minimum 10");
}

static void
test_violation_any_of (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"anyOf\": [{\"type\": \"string\"},"
           " {\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}}]}",
           "{\"n\": \"x\"}");

  /* one violation for the keyword, none from the branches */
  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "", "anyOf", TEST_URI "#/anyOf",
                    "value matches none of the 2 schemas in anyOf; "
                    "closest is #1: at /n, expected integer, got string");
}

static void
test_violation_one_of (void)
{
  g_autoptr(GPtrArray) several = check ("{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "3");
  g_autoptr(GPtrArray) none = check ("{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "-1.5");
  g_autoptr(GPtrArray) one = check ("{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "1.5");

  g_assert_cmpuint (several->len, ==, 1);
  assert_violation (several, 0, "", "oneOf", TEST_URI "#/oneOf",
                    "value matches more than one schema in oneOf (#0 and #1)");
  g_assert_cmpuint (none->len, ==, 1);
  assert_violation (none, 0, "", "oneOf", NULL, NULL);
  g_assert_true (g_str_has_prefix (violation_message (none, 0),
                                   "value matches none of the 2 schemas in oneOf; closest is #"));
  g_assert_cmpuint (one->len, ==, 0);
}

static void
test_violation_not (void)
{
  g_autoptr(GPtrArray) violations = check ("{\"not\": {\"type\": \"null\"}}", "null");
  g_autoptr(GPtrArray) valid = check ("{\"not\": {\"type\": \"null\"}}", "0");

  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "", "not", TEST_URI "#/not",
                    "value must not match the schema in \"not\"");
  g_assert_cmpuint (valid->len, ==, 0);
}

static void
test_violation_numbers (void)
{
  g_autoptr(GPtrArray) exclusive = check ("{\"maximum\": 2.5, \"exclusiveMaximum\": true}", "2.5");
  g_autoptr(GPtrArray) multiple = check ("{\"multipleOf\": 2}", "7");
  g_autoptr(GPtrArray) decimal = check ("{\"multipleOf\": 0.1}", "0.3");
  g_autoptr(GPtrArray) big = check ("{\"maximum\": 10}", "1e400");
  g_autoptr(GPtrArray) near_max = check ("{\"minimum\": 9223372036854775807}", "9.3e18");
  g_autoptr(GPtrArray) float_integer = check ("{\"type\": \"integer\"}", "1.0");

  assert_violation (exclusive, 0, "", "maximum", TEST_URI "#/maximum",
                    "2.5 is not less than the exclusive maximum 2.5");
  assert_violation (multiple, 0, "", "multipleOf", TEST_URI "#/multipleOf", "7 is not a multiple of 2");
  g_assert_cmpuint (decimal->len, ==, 0);
  /* 1e400 is infinite for json-glib: still a number, still too large */
  g_assert_cmpuint (big->len, ==, 1);
  assert_violation (big, 0, "", "maximum", NULL, "inf is greater than the maximum 10");
  /* a double above G_MAXINT64 compares exactly against a gint64 */
  g_assert_cmpuint (near_max->len, ==, 0);
  /* draft-04: "integer" is a number written without fraction or exponent */
  assert_violation (float_integer, 0, "", "type", NULL, "expected integer, got number");
}

static void
test_parse_big_integers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root =
    oci_schema_parse_json ("[18446744073709551615, -9223372036854775808, 9223372036854775807,"
                           " 9223372036854775808, \"18446744073709551615\", -1,"
                           " 123456789012345678901234567890.5]", -1, "inline", &error);
  JsonArray *array;

  g_assert_no_error (error);
  g_assert_nonnull (root);
  array = json_node_get_array (root);
  /* json-glib alone would read -1 here */
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (array, 0)), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_array_get_double_element (array, 0), ==, 18446744073709551615.0);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);
  g_assert_cmpint (json_array_get_int_element (array, 2), ==, G_MAXINT64);
  g_assert_cmpfloat (json_array_get_double_element (array, 3), ==, 9223372036854775808.0);
  g_assert_cmpstr (json_array_get_string_element (array, 4), ==, "18446744073709551615");
  g_assert_cmpint (json_array_get_int_element (array, 5), ==, -1);
  g_assert_cmpfloat (json_array_get_double_element (array, 6), >, 1e29);
}

/* The strict reader refuses what RFC 8259 does not allow (leading zeros)
 * and numbers no double can hold, naming line:column. */
static void
test_parse_strict_numbers (void)
{
  static const char *const bad[] = { "[-01]", "[1e400]", "[-1e400]", "[01]" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = oci_schema_parse_json (bad[i], -1, "inline", &error);
      g_assert_null (root);
      g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD);
      g_assert_true (g_str_has_prefix (error->message, "inline:1:"));
    }
}

static void
test_parse_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = oci_schema_parse_json ("{\n  \"a\": [1,\n}", -1, "inline.json", &error);

  g_assert_null (root);
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD);
  g_assert_true (g_str_has_prefix (error->message, "inline.json:3:"));
}

static void
test_violation_uint64 (void)
{
  const char *uint64 = "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 18446744073709551615}";
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(JsonNode) document = oci_schema_parse_json (uint64, -1, "uint64", NULL);
  g_autoptr(JsonNode) largest = oci_schema_parse_json ("18446744073709551615", -1, "largest", NULL);
  g_autoptr(JsonNode) negative = oci_schema_parse_json ("-1", -1, "negative", NULL);
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_add_document (schema, TEST_URI, document, &error));
  g_assert_no_error (error);
  /* the runtime-spec's uint64: its maximum stays 2^64 - 1, not -1 */
  g_assert_true (oci_schema_is_valid (schema, TEST_URI, largest, &error));
  g_assert_no_error (error);
  g_assert_true (oci_schema_validate (schema, TEST_URI, negative, &violations, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "", "minimum", TEST_URI "#/minimum", "-1 is less than the minimum 0");
}

static void
test_violation_strings (void)
{
  /* "héé" has three code points in five bytes */
  g_autoptr(GPtrArray) short_enough = check ("{\"maxLength\": 3}", "\"h\\u00e9\\u00e9\"");
  g_autoptr(GPtrArray) too_short = check ("{\"minLength\": 4}", "\"h\\u00e9\\u00e9\"");
  g_autoptr(GPtrArray) pattern = check ("{\"pattern\": \"^[a-z]+$\"}", "\"abc\\n\"");
  g_autoptr(GPtrArray) unanchored = check ("{\"pattern\": \"b+\"}", "\"abba\"");
  g_autoptr(GPtrArray) unicode_escape = check ("{\"pattern\": \"^\\\\u00e9$\"}", "\"\\u00e9\"");

  g_assert_cmpuint (short_enough->len, ==, 0);
  assert_violation (too_short, 0, "", "minLength", TEST_URI "#/minLength",
                    "expected at least 4 characters, got 3");
  /* ECMA-262 "$" does not match before a final newline */
  assert_violation (pattern, 0, "", "pattern", TEST_URI "#/pattern",
                    "\"abc\\n\" does not match the pattern \"^[a-z]+$\"");
  g_assert_cmpuint (unanchored->len, ==, 0);
  g_assert_cmpuint (unicode_escape->len, ==, 0);
}

static void
test_violation_enum (void)
{
  g_autoptr(GPtrArray) violations = check ("{\"enum\": [\"a\", 1, null]}", "\"b\"");
  g_autoptr(GPtrArray) numeric = check ("{\"enum\": [1, {\"k\": [2]}]}", "1.0");
  g_autoptr(GPtrArray) deep = check ("{\"enum\": [1, {\"k\": [2]}]}", "{\"k\": [2.0]}");

  assert_violation (violations, 0, "", "enum", TEST_URI "#/enum",
                    "\"b\" is not one of the allowed values \"a\", 1, null");
  g_assert_cmpuint (numeric->len, ==, 0);
  g_assert_cmpuint (deep->len, ==, 0);
}

static void
test_violation_unique_items (void)
{
  g_autoptr(GString) array = g_string_new ("[");
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GPtrArray) mixed = check ("{\"uniqueItems\": true}", "[{\"a\": 1}, {\"a\": 1.0}]");

  /* past the pairwise limit, duplicates are found through hashes */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (array, "%s\"s%u\"", i > 0 ? ", " : "", i == 30 ? 3 : i);
  g_string_append (array, "]");
  violations = check ("{\"uniqueItems\": true}", array->str);

  assert_violation (violations, 0, "", "uniqueItems", TEST_URI "#/uniqueItems", "items 3 and 30 are equal");
  assert_violation (mixed, 0, "", "uniqueItems", NULL, "items 0 and 1 are equal");
}

static void
test_violation_dependencies (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"dependencies\": {\"uid\": [\"gid\"], \"umask\": {\"required\": [\"uid\"]}}}",
           "{\"uid\": 0, \"umask\": 18}");
  g_autoptr(GPtrArray) schema_form =
    check ("{\"dependencies\": {\"umask\": {\"required\": [\"uid\"]}}}", "{\"umask\": 18}");

  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "", "dependencies", TEST_URI "#/dependencies",
                    "property \"uid\" requires property \"gid\"");
  assert_violation (schema_form, 0, "", "required", TEST_URI "#/dependencies/umask/required",
                    "missing required property \"uid\"");
}

static void
test_violation_counts (void)
{
  g_autoptr(GPtrArray) items = check ("{\"minItems\": 2, \"maxItems\": 3}", "[1]");
  g_autoptr(GPtrArray) properties = check ("{\"maxProperties\": 1}", "{\"a\": 1, \"b\": 2}");

  assert_violation (items, 0, "", "minItems", TEST_URI "#/minItems", "expected at least 2 items, got 1");
  assert_violation (properties, 0, "", "maxProperties", TEST_URI "#/maxProperties",
                    "expected at most 1 properties, got 2");
}

static void
test_ref_location (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"definitions\": {\"port\": {\"type\": \"integer\", \"maximum\": 65535}},"
           " \"properties\": {\"ports\": {\"items\": {\"$ref\": \"#/definitions/port\"}}}}",
           "{\"ports\": [80, 70000]}");

  /* the location is where the failing keyword is written */
  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "/ports/1", "maximum", TEST_URI "#/definitions/port/maximum",
                    "70000 is greater than the maximum 65535");
}

static void
test_ref_location_independent_id (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"definitions\": {\"x\": {\"id\": \"#positive\", \"minimum\": 0}},"
           " \"properties\": {\"a\": {\"$ref\": \"#positive\"}}}",
           "{\"a\": -1}");

  assert_violation (violations, 0, "/a", "minimum", TEST_URI "#/definitions/x/minimum", NULL);
}

static void
test_ref_percent_and_escapes (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"definitions\": {\"a b/c~d\": {\"type\": \"string\"}},"
           " \"items\": {\"$ref\": \"#/definitions/a%20b~1c~0d\"}}",
           "[1]");

  assert_violation (violations, 0, "/0", "type", TEST_URI "#/definitions/a b~1c~0d/type", NULL);
}

typedef struct {
  char *dir;
  char *config;
  char *defs;
} TempSchemas;

static void
temp_schemas_write (TempSchemas *temp,
                    const char  *config_text,
                    const char  *defs_text)
{
  g_autoptr(GError) error = NULL;

  temp->dir = g_dir_make_tmp ("oci-schema-XXXXXX", &error);
  g_assert_no_error (error);
  temp->config = g_build_filename (temp->dir, "config-schema.json", NULL);
  temp->defs = g_build_filename (temp->dir, "defs.json", NULL);
  g_assert_true (g_file_set_contents (temp->config, config_text, -1, &error));
  g_assert_no_error (error);
  if (defs_text != NULL)
    {
      g_assert_true (g_file_set_contents (temp->defs, defs_text, -1, &error));
      g_assert_no_error (error);
    }
}

static void
temp_schemas_clear (TempSchemas *temp)
{
  g_unlink (temp->config);
  g_unlink (temp->defs);
  g_rmdir (temp->dir);
  g_free (temp->config);
  g_free (temp->defs);
  g_free (temp->dir);
}

static void
test_ref_between_files (void)
{
  TempSchemas temp = { 0 };
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected_uri = NULL;
  g_autofree char *defs_uri = NULL;
  g_autofree char *location = NULL;

  temp_schemas_write (&temp,
                      "{\"type\": \"object\", \"properties\": {\"uid\": "
                      "{\"$ref\": \"defs.json#/definitions/uint32\"}}}",
                      "{\"definitions\": {\"uint32\": {\"type\": \"integer\", \"minimum\": 0}}}");

  g_assert_true (oci_schema_add_file (schema, temp.config, &uri, &error));
  g_assert_no_error (error);
  expected_uri = g_filename_to_uri (temp.config, NULL, NULL);
  g_assert_cmpstr (uri, ==, expected_uri);

  violations = validate_string (schema, uri, "{\"uid\": -1}");
  defs_uri = g_filename_to_uri (temp.defs, NULL, NULL);
  location = g_strconcat (defs_uri, "#/definitions/uint32/minimum", NULL);
  g_assert_cmpuint (violations->len, ==, 1);
  assert_violation (violations, 0, "/uid", "minimum", location, "-1 is less than the minimum 0");

  /* the referenced file is now known by its own URI too */
  g_assert_nonnull (oci_schema_lookup_document (schema, defs_uri));
  temp_schemas_clear (&temp);
}

static void
test_ref_unresolved_file (void)
{
  TempSchemas temp = { 0 };
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(JsonNode) instance = parse_json ("{}");
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  temp_schemas_write (&temp, "{\"$ref\": \"defs.json#/definitions/nothing\"}", NULL);
  g_assert_true (oci_schema_add_file (schema, temp.config, &uri, &error));
  g_assert_no_error (error);

  g_assert_false (oci_schema_validate (schema, uri, instance, NULL, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF);
  temp_schemas_clear (&temp);
}

static void
test_ref_unresolved_fragment (void)
{
  /* a $ref is resolved when validation reaches it */
  check_error ("{\"properties\": {\"a\": {\"$ref\": \"#/definitions/missing\"}}}", "{\"a\": 1}",
               OCI_SCHEMA_ERROR_UNRESOLVED_REF);
  check_error ("{\"items\": {\"$ref\": \"#nowhere\"}}", "[1]", OCI_SCHEMA_ERROR_UNRESOLVED_REF);
  /* no network: only file:// and resource:// are loaded */
  check_error ("{\"$ref\": \"http://example.invalid/schema.json\"}", "{}",
               OCI_SCHEMA_ERROR_UNRESOLVED_REF);
  check_error ("{\"$ref\": \"resource:///org/oci-runtime-tools/missing.json\"}", "{}",
               OCI_SCHEMA_ERROR_UNRESOLVED_REF);
}

static void
test_ref_unknown_schema_uri (void)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(JsonNode) instance = parse_json ("{}");
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_schema_validate (schema, "urn:nothing-here", instance, NULL, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF);
  g_clear_error (&error);
  g_assert_false (oci_schema_validate (schema, "relative.json", instance, NULL, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF);
}

static void
test_ref_cycle (void)
{
  check_error ("{\"definitions\": {\"a\": {\"$ref\": \"#/definitions/b\"},"
               " \"b\": {\"$ref\": \"#/definitions/a\"}}, \"$ref\": \"#/definitions/a\"}",
               "1", OCI_SCHEMA_ERROR_INVALID_SCHEMA);
  /* recursion that never descends into the instance */
  check_error ("{\"allOf\": [{\"$ref\": \"#\"}]}", "1", OCI_SCHEMA_ERROR_INVALID_SCHEMA);
}

static void
test_ref_recursive_instance (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"type\": \"object\", \"properties\": {\"child\": {\"$ref\": \"#\"},"
           " \"name\": {\"type\": \"string\"}}}",
           "{\"child\": {\"child\": {\"child\": {\"name\": 5}}}}");

  assert_violation (violations, 0, "/child/child/child/name", "type",
                    TEST_URI "#/properties/name/type", NULL);
}

static void
assert_invalid_schema (const char *text)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(JsonNode) document = parse_json (text);
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_schema_add_document (schema, TEST_URI, document, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA);
  /* the message names where the problem is */
  g_assert_true (g_str_has_prefix (error->message, TEST_URI "#"));
  /* nothing of a rejected document stays behind */
  g_assert_null (oci_schema_lookup_document (schema, TEST_URI));
}

static void
test_invalid_regex (void)
{
  assert_invalid_schema ("{\"pattern\": \"([a-z]\"}");
  assert_invalid_schema ("{\"patternProperties\": {\"*\": {}}}");
  /* below the root: when validation reaches it */
  check_error ("{\"properties\": {\"a\": {\"pattern\": \"([a-z]\"}}}", "{\"a\": \"x\"}",
               OCI_SCHEMA_ERROR_INVALID_SCHEMA);
}

static void
test_invalid_keywords (void)
{
  assert_invalid_schema ("{\"type\": \"strnig\"}");
  assert_invalid_schema ("{\"type\": 5}");
  assert_invalid_schema ("{\"minLength\": -1}");
  assert_invalid_schema ("{\"maxItems\": 1.5}");
  assert_invalid_schema ("{\"multipleOf\": 0}");
  assert_invalid_schema ("{\"required\": \"name\"}");
  assert_invalid_schema ("{\"properties\": []}");
  assert_invalid_schema ("{\"properties\": {\"a\": 5}}");
  assert_invalid_schema ("{\"allOf\": []}");
  assert_invalid_schema ("{\"dependencies\": {\"a\": 5}}");
  assert_invalid_schema ("{\"exclusiveMinimum\": \"yes\"}");
  assert_invalid_schema ("{\"$ref\": 5}");
}

static void
test_unknown_keywords_ignored (void)
{
  g_autoptr(GPtrArray) violations =
    check ("{\"x-vendor\": {\"type\": 5}, \"format\": \"nonsense\", \"title\": 3}", "{}");

  g_assert_cmpuint (violations->len, ==, 0);
}

static void
test_load_parse_error (void)
{
  TempSchemas temp = { 0 };
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  temp_schemas_write (&temp, "{\n  \"type\": \"object\",\n  oops\n}", NULL);
  g_assert_false (oci_schema_add_file (schema, temp.config, &uri, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD);
  g_assert_null (uri);
  /* file name and line:column */
  g_assert_true (g_regex_match_simple ("config-schema\\.json:[0-9]+:[0-9]+: ", error->message, 0, 0));
  temp_schemas_clear (&temp);
}

static void
test_load_missing_file (void)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (oci_schema_add_file (schema, "/nonexistent/oci-schema/missing.json", NULL, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD);
}

static void
test_add_document_twice (void)
{
  g_autoptr(OciSchema) schema = schema_new_from_string (TEST_URI, "{\"type\": \"object\"}");
  g_autoptr(JsonNode) same = parse_json ("{\"type\": \"object\"}");
  g_autoptr(JsonNode) other = parse_json ("{\"type\": \"array\"}");
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_add_document (schema, TEST_URI "#", same, &error));
  g_assert_no_error (error);
  g_assert_false (oci_schema_add_document (schema, TEST_URI, other, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD);
}

typedef struct {
  guint calls;
} CountingResolver;

static JsonNode *
counting_resolve (const char *uri,
                  gpointer    user_data,
                  GError    **error)
{
  CountingResolver *resolver = user_data;

  resolver->calls++;
  if (g_strcmp0 (uri, "http://schemas.test/defs.json") == 0)
    return json_from_string ("{\"definitions\": {\"name\": {\"type\": \"string\", \"minLength\": 1}}}",
                             error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "unknown: %s", uri);
  return NULL;
}

static void
assert_same_violations (GPtrArray *a,
                        GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      OciSchemaViolation *x = g_ptr_array_index (a, i);
      OciSchemaViolation *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->instance_pointer, ==, y->instance_pointer);
      g_assert_cmpstr (x->keyword, ==, y->keyword);
      g_assert_cmpstr (x->schema_location, ==, y->schema_location);
      g_assert_cmpstr (x->message, ==, y->message);
    }
}

static void
test_cache_validate_twice (void)
{
  CountingResolver resolver = { 0 };
  g_autoptr(OciSchema) schema =
    schema_new_from_string ("http://schemas.test/config.json",
                            "{\"properties\": {\"hostname\": {\"$ref\": \"defs.json#/definitions/name\"},"
                            " \"domainname\": {\"$ref\": \"defs.json#/definitions/name\"}}}");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;

  oci_schema_set_resolver (schema, counting_resolve, &resolver, NULL);
  first = validate_string (schema, "http://schemas.test/config.json", "{\"hostname\": \"\", \"domainname\": 1}");
  second = validate_string (schema, "http://schemas.test/config.json", "{\"hostname\": \"\", \"domainname\": 1}");

  g_assert_cmpuint (first->len, ==, 2);
  assert_same_violations (first, second);
  /* defs.json was loaded once and then served from the cache */
  g_assert_cmpuint (resolver.calls, ==, 1);
}

static void
test_resolver_error_mapping (void)
{
  CountingResolver resolver = { 0 };
  g_autoptr(OciSchema) schema =
    schema_new_from_string ("http://schemas.test/config.json", "{\"$ref\": \"other.json\"}");
  g_autoptr(JsonNode) instance = parse_json ("{}");
  g_autoptr(GError) error = NULL;

  oci_schema_set_resolver (schema, counting_resolve, &resolver, NULL);
  g_assert_false (oci_schema_validate (schema, "http://schemas.test/config.json", instance, NULL, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF);
  g_assert_cmpuint (resolver.calls, ==, 1);
}

static void
test_id_changes_base (void)
{
  CountingResolver resolver = { 0 };
  g_autoptr(OciSchema) schema =
    schema_new_from_string (TEST_URI,
                            "{\"id\": \"http://schemas.test/root.json\","
                            " \"properties\": {\"a\": {\"$ref\": \"defs.json#/definitions/name\"}}}");
  g_autoptr(GPtrArray) by_document = NULL;
  g_autoptr(GPtrArray) by_id = NULL;

  oci_schema_set_resolver (schema, counting_resolve, &resolver, NULL);
  by_document = validate_string (schema, TEST_URI, "{\"a\": 1}");
  by_id = validate_string (schema, "http://schemas.test/root.json#", "{\"a\": 1}");

  assert_violation (by_document, 0, "/a", "type", "http://schemas.test/defs.json#/definitions/name/type", NULL);
  assert_same_violations (by_document, by_id);
}

static void
test_meta_schema (void)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  JsonNode *meta = oci_schema_lookup_document (schema, OCI_SCHEMA_DRAFT4_URI "#");
  g_autoptr(GPtrArray) self_check = NULL;
  g_autoptr(GPtrArray) broken = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (meta);
  text = json_to_string (meta, FALSE);
  self_check = validate_string (schema, OCI_SCHEMA_DRAFT4_URI, text);
  g_assert_cmpuint (self_check->len, ==, 0);

  broken = validate_string (schema, OCI_SCHEMA_DRAFT4_URI "#",
                            "{\"properties\": {\"a\": {\"type\": \"strnig\"}}, \"minItems\": -1}");
  g_assert_cmpuint (broken->len, ==, 2);
  /* in the instance's member order */
  assert_violation (broken, 0, "/properties/a/type", "anyOf",
                    OCI_SCHEMA_DRAFT4_URI "#/properties/type/anyOf", NULL);
  assert_violation (broken, 1, "/minItems", "minimum",
                    OCI_SCHEMA_DRAFT4_URI "#/definitions/positiveInteger/minimum",
                    "-1 is less than the minimum 0");
}

/* core/ seen from G_TEST_SRCDIR, which is tests/ or tests/core/ */
static const char *
find_metaschema_file (void)
{
  const char *path = g_test_get_filename (G_TEST_DIST, "..", "core", "oci-schema-metaschema.json", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    path = g_test_get_filename (G_TEST_DIST, "..", "..", "core", "oci-schema-metaschema.json", NULL);
  return path;
}

/* The embedded copy must be the text of core/oci-schema-metaschema.json. */
static void
test_meta_schema_matches_file (void)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *path = find_metaschema_file ();
  gboolean loaded;

  loaded = json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  g_assert_true (loaded);
  g_assert_true (json_node_equal (json_parser_get_root (parser),
                                  oci_schema_lookup_document (schema, OCI_SCHEMA_DRAFT4_URI)));
}

static void
test_is_valid (void)
{
  g_autoptr(OciSchema) schema = schema_new_from_string (TEST_URI, "{\"items\": {\"type\": \"string\"}}");
  g_autoptr(JsonNode) good = parse_json ("[\"a\", \"b\"]");
  g_autoptr(JsonNode) bad = parse_json ("[\"a\", 2]");
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_is_valid (schema, TEST_URI, good, &error));
  g_assert_no_error (error);
  g_assert_false (oci_schema_is_valid (schema, TEST_URI, bad, &error));
  g_assert_no_error (error);
  g_assert_false (oci_schema_is_valid (schema, "urn:missing", good, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF);
}

static gpointer
validate_in_thread (gpointer data)
{
  const char *schema_text = data;
  g_autoptr(OciSchema) schema = schema_new_from_string (TEST_URI, schema_text);
  guint total = 0;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GPtrArray) violations =
        validate_string (schema, TEST_URI, "{\"args\": [\"sh\", 1, \"-c\", 2], \"cwd\": \"/\"}");

      total += violations->len;
    }
  return GUINT_TO_POINTER (total);
}

static void
test_ref_deep_instance (void)
{
  g_autoptr(OciSchema) schema = schema_new_from_string (TEST_URI, "{\"items\": {\"$ref\": \"#\"}}");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) too_deep = g_string_new (NULL);
  g_autoptr(JsonNode) instance = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200; i++)
    g_string_append_c (deep, ']');
  violations = validate_string (schema, TEST_URI, deep->str);
  g_assert_cmpuint (violations->len, ==, 0);

  /* past the nesting limit validation stops with an error, not a crash */
  for (guint i = 0; i < 2000; i++)
    g_string_append_c (too_deep, '[');
  for (guint i = 0; i < 2000; i++)
    g_string_append_c (too_deep, ']');
  instance = parse_json (too_deep->str);
  g_assert_false (oci_schema_is_valid (schema, TEST_URI, instance, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA);
}

static gpointer
validate_shared (gpointer data)
{
  OciSchema *schema = data;
  guint total = 0;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GPtrArray) violations =
        validate_string (schema, TEST_URI, "{\"args\": [\"sh\", 1], \"cwd\": \"relative\"}");

      total += violations->len;
    }
  return GUINT_TO_POINTER (total);
}

/* Concurrent first use: compilation is serialised, validation is shared. */
static void
test_threads_shared (void)
{
  g_autoptr(OciSchema) schema =
    schema_new_from_string (TEST_URI,
                            "{\"properties\": {\"args\": {\"items\": {\"$ref\": \"#/definitions/arg\"}},"
                            " \"cwd\": {\"type\": \"string\", \"pattern\": \"^/\"}},"
                            " \"definitions\": {\"arg\": {\"type\": \"string\"}}}");
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("validate", validate_shared, schema);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 400);
}

static void
test_threads (void)
{
  const char *schema_text = "{\"properties\": {\"args\": {\"items\": {\"type\": \"string\"}},"
                            " \"cwd\": {\"type\": \"string\", \"pattern\": \"^/\"}}}";
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("validate", validate_in_thread, (gpointer) schema_text);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 400);
}

/* ---- lazy compilation -------------------------------------------------- */

/* A definition is compiled when a $ref to it is first reached, by the
 * second instance here, not when the document is added. */
static void
test_lazy_ref_reached_later (void)
{
  g_autoptr(OciSchema) schema =
    schema_new_from_string (TEST_URI,
                            "{\"properties\": {\"cwd\": {\"type\": \"string\"},"
                            " \"user\": {\"$ref\": \"#/definitions/User\"}},"
                            " \"definitions\": {"
                            "  \"User\": {\"properties\": {\"uid\": {\"$ref\": \"#/definitions/uint32\"},"
                            "                              \"gid\": {\"$ref\": \"#/definitions/uint32\"}}},"
                            "  \"uint32\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 4294967295}}}");
  g_autoptr(GPtrArray) first = validate_string (schema, TEST_URI, "{\"cwd\": \"/\"}");
  g_autoptr(GPtrArray) second = validate_string (schema, TEST_URI, "{\"cwd\": \"/\", \"user\": {\"uid\": -1}}");
  g_autoptr(GPtrArray) third = validate_string (schema, TEST_URI, "{\"user\": {\"gid\": 4294967296}}");

  g_assert_cmpuint (first->len, ==, 0);
  g_assert_cmpuint (second->len, ==, 1);
  assert_violation (second, 0, "/user/uid", "minimum", TEST_URI "#/definitions/uint32/minimum",
                    "-1 is less than the minimum 0");
  g_assert_cmpuint (third->len, ==, 1);
  assert_violation (third, 0, "/user/gid", "maximum", TEST_URI "#/definitions/uint32/maximum",
                    "4294967296 is greater than the maximum 4294967295");
}

/* A malformed subschema below the root no longer fails oci_schema_add_document():
 * it fails each validation that reaches it, and only those. */
static void
test_lazy_broken_subschema (void)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(JsonNode) document =
    parse_json ("{\"properties\": {\"a\": {\"type\": \"strnig\"}, \"b\": {\"type\": \"string\"}}}");
  g_autoptr(GPtrArray) fine = NULL;
  g_autoptr(GPtrArray) wrong = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_add_document (schema, TEST_URI, document, &error));
  g_assert_no_error (error);
  fine = validate_string (schema, TEST_URI, "{\"b\": \"x\"}");
  g_assert_cmpuint (fine->len, ==, 0);

  /* the same error every time: a failed compilation is not kept */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) instance = parse_json ("{\"a\": 1}");

      g_assert_false (oci_schema_validate (schema, TEST_URI, instance, NULL, &error));
      g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA);
      g_assert_true (g_str_has_prefix (error->message, TEST_URI "#/properties/a: \"type\""));
      g_clear_error (&error);
    }

  /* the rest of the schema still works */
  wrong = validate_string (schema, TEST_URI, "{\"b\": 1}");
  assert_violation (wrong, 0, "/b", "type", TEST_URI "#/properties/b/type", NULL);

  /* oci_schema_compile() finds it without an instance */
  g_assert_false (oci_schema_compile (schema, TEST_URI, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA);
}

static void
test_lazy_broken_definition (void)
{
  const char *text = "{\"anyOf\": [{\"type\": \"string\"}, {\"$ref\": \"#/definitions/bad\"}],"
                     " \"definitions\": {\"bad\": {\"minLength\": -1}, \"unused\": {\"type\": 5}}}";
  g_autoptr(OciSchema) schema = schema_new_from_string (TEST_URI, text);
  g_autoptr(OciSchema) unused_only =
    schema_new_from_string (TEST_URI, "{\"definitions\": {\"unused\": {\"type\": 5}}}");
  g_autoptr(GPtrArray) first = validate_string (schema, TEST_URI, "\"x\"");
  g_autoptr(GError) error = NULL;

  /* anyOf stopped at its first branch */
  g_assert_cmpuint (first->len, ==, 0);
  /* the second branch is tried, and its $ref compiled, for a number */
  assert_validate_error (schema, "1", OCI_SCHEMA_ERROR_INVALID_SCHEMA);

  /* a definition no $ref names is never compiled, even by oci_schema_compile() */
  g_assert_true (oci_schema_compile (unused_only, TEST_URI, &error));
  g_assert_no_error (error);
  g_assert_false (oci_schema_compile (schema, TEST_URI, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA);
  g_assert_true (g_str_has_prefix (error->message, TEST_URI "#/definitions/bad: "));
}

static void
test_lazy_unresolved_ref (void)
{
  g_autoptr(OciSchema) schema =
    schema_new_from_string (TEST_URI, "{\"properties\": {\"a\": {\"$ref\": \"#/definitions/missing\"}}}");
  g_autoptr(GPtrArray) violations = validate_string (schema, TEST_URI, "{\"b\": 1}");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (violations->len, ==, 0);
  assert_validate_error (schema, "{\"a\": 1}", OCI_SCHEMA_ERROR_UNRESOLVED_REF);
  g_assert_false (oci_schema_compile (schema, TEST_URI, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF);
}

/* The "$ref"s of a chain are followed as soon as the first is reached,
 * so a cycle is found even behind a property. */
static void
test_lazy_cycle_behind_property (void)
{
  g_autoptr(OciSchema) schema =
    schema_new_from_string (TEST_URI,
                            "{\"properties\": {\"a\": {\"$ref\": \"#/definitions/x\"}},"
                            " \"definitions\": {\"x\": {\"$ref\": \"#/definitions/y\"},"
                            "                   \"y\": {\"$ref\": \"#/definitions/x\"}}}");
  g_autoptr(GPtrArray) violations = validate_string (schema, TEST_URI, "{}");

  g_assert_cmpuint (violations->len, ==, 0);
  assert_validate_error (schema, "{\"a\": 1}", OCI_SCHEMA_ERROR_INVALID_SCHEMA);
}

/* ---- the embedded schemas ---------------------------------------------- */

/* Every schema of every release compiles completely: laziness hides no
 * broken part of what the library ships. */
static void
test_embedded_compile_all (void)
{
  static const char *const documents[] = { "config", "state", "features" };
  g_autoptr(OciSchema) schema = oci_schema_new ();

  for (const char *const *release = oci_spec_get_releases (); *release != NULL; release++)
    for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
      {
        g_autofree char *uri = oci_spec_schema_uri (*release, documents[i]);
        g_autoptr(GError) error = NULL;

        /* features documents start with 1.1.0 */
        if (oci_schema_lookup_document (schema, uri) == NULL)
          {
            g_assert_cmpstr (documents[i], ==, "features");
            continue;
          }
        g_assert_true (oci_schema_compile (schema, uri, &error));
        g_assert_no_error (error);
      }
}

static const char embedded_instance[] =
  "{\"ociVersion\": \"1.2.0\","
  " \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"user\": {\"uid\": 0, \"gid\": -1},"
  "  \"capabilities\": {\"bounding\": [\"CAP_CHOWN\"]},"
  "  \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1, \"soft\": 1}]},"
  " \"root\": {\"path\": \"rootfs\"},"
  " \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"}],"
  " \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"bogus\"}],"
  "  \"resources\": {\"memory\": {\"limit\": 1}},"
  "  \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ERRNO\","
  "   \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}}}";

static GPtrArray *
validate_embedded (OciSchema  *schema,
                   const char *uri)
{
  g_autoptr(JsonNode) instance = parse_json (embedded_instance);
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_validate (schema, uri, instance, &violations, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&violations);
}

static void
assert_embedded_violations (GPtrArray *violations)
{
  g_assert_cmpuint (violations->len, ==, 2);
  assert_violation (violations, 0, "/process/user/gid", "minimum", NULL, "-1 is less than the minimum 0");
  assert_violation (violations, 1, "/linux/namespaces/1/type", "enum", NULL, NULL);
}

/* Several OciSchema objects share one compiled copy of an embedded
 * schema; their resolvers are not asked for it. */
static void
test_embedded_shared (void)
{
  g_autofree char *uri = oci_spec_schema_uri ("1.2.0", "config");
  g_autoptr(OciSchema) first = oci_schema_new ();
  g_autoptr(OciSchema) second = oci_schema_new ();
  g_autoptr(GPtrArray) by_first = NULL;
  g_autoptr(GPtrArray) by_second = NULL;
  CountingResolver resolver = { 0 };

  oci_schema_set_resolver (first, counting_resolve, &resolver, NULL);
  by_first = validate_embedded (first, uri);
  g_clear_object (&first);
  /* what the first compiled outlives it */
  by_second = validate_embedded (second, uri);

  assert_embedded_violations (by_first);
  assert_same_violations (by_first, by_second);
  g_assert_true (g_str_has_prefix (((OciSchemaViolation *) by_first->pdata[0])->schema_location, uri));
  g_assert_cmpuint (resolver.calls, ==, 0);

  first = oci_schema_new ();
  g_assert_nonnull (oci_schema_lookup_document (first, uri));
  g_assert_true (oci_schema_lookup_document (first, uri) == oci_schema_lookup_document (second, uri));
}

/* The embedded text is compiled without a json-glib tree; a tree of the
 * same document, added as a user document, must give the same results. */
static void
test_embedded_text_matches_tree (void)
{
  g_autofree char *uri = oci_spec_schema_uri ("1.2.0", "config");
  g_autoptr(OciSchema) schema = oci_schema_new ();
  g_autoptr(GPtrArray) by_text = NULL;
  g_autoptr(GPtrArray) by_tree = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *tree = oci_schema_lookup_document (schema, uri);

  g_assert_nonnull (tree);
  g_assert_true (oci_schema_add_document (schema, "urn:oci-runtime-tools:test:tree", tree, &error));
  g_assert_no_error (error);
  by_text = validate_embedded (schema, uri);
  by_tree = validate_embedded (schema, "urn:oci-runtime-tools:test:tree");
  g_assert_true (oci_schema_compile (schema, "urn:oci-runtime-tools:test:tree", &error));
  g_assert_no_error (error);

  assert_embedded_violations (by_tree);
  g_assert_cmpuint (by_text->len, ==, by_tree->len);
  for (guint i = 0; i < by_text->len; i++)
    {
      OciSchemaViolation *x = by_text->pdata[i];
      OciSchemaViolation *y = by_tree->pdata[i];

      g_assert_cmpstr (x->instance_pointer, ==, y->instance_pointer);
      g_assert_cmpstr (x->message, ==, y->message);
      g_assert_cmpstr (strchr (x->schema_location, '#'), ==, strchr (y->schema_location, '#'));
    }
}

/* A document an OciSchema registers under a resource:// URI is its own,
 * and wins over the embedded store for that object alone. */
static void
test_embedded_overridden (void)
{
  const char *uri = "resource:///org/oci-runtime-tools/test/override.json";
  g_autoptr(OciSchema) own = schema_new_from_string (uri, "{\"type\": \"string\"}");
  g_autoptr(OciSchema) other = oci_schema_new ();
  g_autoptr(JsonNode) instance = parse_json ("1");
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (oci_schema_validate (own, uri, instance, &violations, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (violations->len, ==, 1);
  g_assert_false (oci_schema_validate (other, uri, instance, NULL, &error));
  g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_UNRESOLVED_REF);
}

static gpointer
validate_embedded_in_thread (gpointer data)
{
  g_autoptr(OciSchema) schema = oci_schema_new ();
  guint total = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GPtrArray) violations = validate_embedded (schema, data);

      assert_embedded_violations (violations);
      total += violations->len;
    }
  return GUINT_TO_POINTER (total);
}

/* The first use of the shared store from several threads at once, each
 * with an OciSchema of its own. A subprocess, so that it is the first. */
static void
test_threads_embedded_first_use (void)
{
  GThread *threads[4];
  g_autofree char *uri = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  uri = oci_spec_schema_uri ("1.2.0", "config");
  /* GObject creates the class where the first instance is made, with
   * locks ThreadSanitizer cannot see: make it here, before the threads */
  g_type_class_unref (g_type_class_ref (OCI_TYPE_SCHEMA));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("validate", validate_embedded_in_thread, uri);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 40);
}

/* ---- schema text --------------------------------------------------------- */

static void
test_text_malformed (void)
{
  static const char *const bad[] = {
    "{\"a\": }", "{\"a\": 1,}", "[1 2]", "\"\x01\"", "\"\\q\"", "\"\xff\"", "[1e400]",
    "{} x", "\"open", "{\"a\" 1}", "[01]", "tru", "",
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      OciSchemaText *text = oci_schema_text_new (bad[i], strlen (bad[i]), "bad.json", &error);

      g_assert_null (text);
      g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD);
      g_assert_true (g_str_has_prefix (error->message, "bad.json:1:"));
    }
  for (guint i = 0; i < 600; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 600; i++)
    g_string_append_c (deep, ']');
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (oci_schema_text_new (deep->str, deep->len, "deep.json", &error));
    g_assert_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_LOAD);
  }
}

/* Member names with escapes, found directly and through the index that
 * objects of more than a few members get. */
/* Walks a few members of the 1.3.0 config schema in @text; returns where
 * the last one starts. */
static const char *
walk_config_schema (OciSchemaText *text)
{
  OciSchemaValue root, definitions, process, properties, args;

  oci_schema_value_init_text (&root, text);
  g_assert_true (oci_schema_value_member (&root, "definitions", &definitions));
  g_assert_true (oci_schema_value_member (&definitions, "Process", &process));
  g_assert_true (oci_schema_value_member (&process, "properties", &properties));
  g_assert_true (oci_schema_value_member (&properties, "args", &args));
  g_assert_false (oci_schema_value_member (&properties, "no-such-member", &args));
  g_assert_true (oci_schema_value_member (&properties, "cwd", &args));
  return args.at;
}

/* The embedded schemas come with the build's index of their containers;
 * a text read with it finds what a scanned one finds, and an index that
 * fails its checks is ignored (the text is scanned). */
static void
test_text_indexed (void)
{
  const OciEmbeddedSchema *e = oci_embedded_schema_lookup ("/org/ocirt/schemas/1.3.0/config-schema.json");
  g_autoptr(GBytes) index = NULL;
  g_autoptr(GBytes) bad_magic = NULL;
  g_autoptr(GBytes) short_index = NULL;
  g_autofree char *changed = NULL;
  OciSchemaText *scanned, *indexed, *fallback1, *fallback2;
  const char *where;

  g_assert_nonnull (e);
  g_assert_nonnull (e->index);
  g_assert_null (oci_embedded_schema_lookup ("/org/ocirt/schemas/0.9.0/config-schema.json"));
  index = g_bytes_new_static (e->index, e->index_length);
  changed = g_memdup2 (e->index, e->index_length);
  changed[0] = 'X';
  bad_magic = g_bytes_new_static (changed, e->index_length);
  short_index = g_bytes_new_static (e->index, e->index_length - 4);

  scanned = oci_schema_text_new (e->text, e->length, "scanned", NULL);
  indexed = oci_schema_text_new_indexed (e->text, e->length, index, "indexed", NULL);
  fallback1 = oci_schema_text_new_indexed (e->text, e->length, bad_magic, "bad-magic", NULL);
  fallback2 = oci_schema_text_new_indexed (e->text, e->length, short_index, "short", NULL);
  g_assert_nonnull (scanned);
  g_assert_nonnull (indexed);
  g_assert_nonnull (fallback1);
  g_assert_nonnull (fallback2);
  where = walk_config_schema (scanned);
  g_assert_true (where > e->text && where < e->text + e->length);
  g_assert_true (walk_config_schema (indexed) == where);
  g_assert_true (walk_config_schema (fallback1) == where);
  g_assert_true (walk_config_schema (fallback2) == where);
  oci_schema_text_free (scanned);
  oci_schema_text_free (indexed);
  oci_schema_text_free (fallback1);
  oci_schema_text_free (fallback2);
}

static void
test_text_members (void)
{
  g_autoptr(GString) json = g_string_new ("{\"a\\/b\": {\"x\\u0041\": 1.5, \"n\": [true, \"\\u00e9\\n\"]}");
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  OciSchemaValue root, member, inner, item;
  OciSchemaNumber number;
  OciSchemaText *text;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (json, ", \"k%u\": {\"v\": %u}", i, i);
  g_string_append (json, ", \"last\\t\": -7}X");
  /* no NUL right after the text: it is copied, and the X left out */
  text = oci_schema_text_new (json->str, json->len - 1, "t.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);
  oci_schema_value_init_text (&root, text);

  g_assert_true (oci_schema_value_member (&root, "a/b", &member));
  g_assert_true (oci_schema_value_member (&member, "xA", &inner));
  g_assert_true (oci_schema_value_get_number (&inner, &number));
  g_assert_false (number.is_int);
  g_assert_cmpfloat (number.d, ==, 1.5);
  g_assert_true (oci_schema_value_member (&member, "n", &inner));
  g_assert_true (oci_schema_value_element (&inner, 1, &item));
  g_assert_cmpstr (oci_schema_value_get_string (&item, scratch), ==, "\xc3\xa9\n");
  g_assert_false (oci_schema_value_element (&inner, 2, &item));

  /* past 16 members the object is indexed: hits, misses, escapes */
  g_assert_true (oci_schema_value_member (&root, "k39", &member));
  g_assert_true (oci_schema_value_member (&member, "v", &inner));
  g_assert_true (oci_schema_value_get_number (&inner, &number));
  g_assert_true (number.is_int);
  g_assert_cmpint (number.i, ==, 39);
  g_assert_false (oci_schema_value_member (&root, "k40", &member));
  g_assert_true (oci_schema_value_member (&root, "last\t", &member));
  g_assert_true (oci_schema_value_get_number (&member, &number));
  g_assert_cmpint (number.i, ==, -7);
  g_assert_true (oci_schema_value_member (&root, "a/b", &member));
  oci_schema_text_free (text);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/violation/type", test_violation_type);
  g_test_add_func ("/schema/violation/type-list", test_violation_type_list);
  g_test_add_func ("/schema/violation/required", test_violation_required);
  g_test_add_func ("/schema/violation/additional-properties", test_violation_additional_properties);
  g_test_add_func ("/schema/violation/items", test_violation_items);
  g_test_add_func ("/schema/violation/additional-items", test_violation_additional_items);
  g_test_add_func ("/schema/violation/all-collected", test_violation_all_collected);
  g_test_add_func ("/schema/violation/any-of", test_violation_any_of);
  g_test_add_func ("/schema/violation/one-of", test_violation_one_of);
  g_test_add_func ("/schema/violation/not", test_violation_not);
  g_test_add_func ("/schema/violation/numbers", test_violation_numbers);
  g_test_add_func ("/schema/violation/strings", test_violation_strings);
  g_test_add_func ("/schema/violation/uint64", test_violation_uint64);
  g_test_add_func ("/schema/parse/big-integers", test_parse_big_integers);
  g_test_add_func ("/schema/parse/strict-numbers", test_parse_strict_numbers);
  g_test_add_func ("/schema/parse/error", test_parse_error);
  g_test_add_func ("/schema/violation/enum", test_violation_enum);
  g_test_add_func ("/schema/violation/unique-items", test_violation_unique_items);
  g_test_add_func ("/schema/violation/dependencies", test_violation_dependencies);
  g_test_add_func ("/schema/violation/counts", test_violation_counts);
  g_test_add_func ("/schema/ref/location", test_ref_location);
  g_test_add_func ("/schema/ref/location-independent-id", test_ref_location_independent_id);
  g_test_add_func ("/schema/ref/escapes", test_ref_percent_and_escapes);
  g_test_add_func ("/schema/ref/between-files", test_ref_between_files);
  g_test_add_func ("/schema/ref/unresolved-file", test_ref_unresolved_file);
  g_test_add_func ("/schema/ref/unresolved-fragment", test_ref_unresolved_fragment);
  g_test_add_func ("/schema/ref/unknown-schema-uri", test_ref_unknown_schema_uri);
  g_test_add_func ("/schema/ref/cycle", test_ref_cycle);
  g_test_add_func ("/schema/ref/recursive-instance", test_ref_recursive_instance);
  g_test_add_func ("/schema/ref/id-changes-base", test_id_changes_base);
  g_test_add_func ("/schema/invalid/regex", test_invalid_regex);
  g_test_add_func ("/schema/invalid/keywords", test_invalid_keywords);
  g_test_add_func ("/schema/invalid/unknown-keywords-ignored", test_unknown_keywords_ignored);
  g_test_add_func ("/schema/load/parse-error", test_load_parse_error);
  g_test_add_func ("/schema/load/missing-file", test_load_missing_file);
  g_test_add_func ("/schema/load/add-twice", test_add_document_twice);
  g_test_add_func ("/schema/cache/validate-twice", test_cache_validate_twice);
  g_test_add_func ("/schema/resolver/error-mapping", test_resolver_error_mapping);
  g_test_add_func ("/schema/meta/self", test_meta_schema);
  g_test_add_func ("/schema/meta/matches-file", test_meta_schema_matches_file);
  g_test_add_func ("/schema/is-valid", test_is_valid);
  g_test_add_func ("/schema/ref/deep-instance", test_ref_deep_instance);
  g_test_add_func ("/schema/threads/distinct", test_threads);
  g_test_add_func ("/schema/threads/shared", test_threads_shared);
  g_test_add_func ("/schema/threads/embedded-first-use", test_threads_embedded_first_use);
  g_test_add_func ("/schema/lazy/ref-reached-later", test_lazy_ref_reached_later);
  g_test_add_func ("/schema/lazy/broken-subschema", test_lazy_broken_subschema);
  g_test_add_func ("/schema/lazy/broken-definition", test_lazy_broken_definition);
  g_test_add_func ("/schema/lazy/unresolved-ref", test_lazy_unresolved_ref);
  g_test_add_func ("/schema/lazy/cycle-behind-property", test_lazy_cycle_behind_property);
  g_test_add_func ("/schema/embedded/compile-all", test_embedded_compile_all);
  g_test_add_func ("/schema/embedded/shared", test_embedded_shared);
  g_test_add_func ("/schema/embedded/text-matches-tree", test_embedded_text_matches_tree);
  g_test_add_func ("/schema/embedded/overridden", test_embedded_overridden);
  g_test_add_func ("/schema/text/malformed", test_text_malformed);
  g_test_add_func ("/schema/text/members", test_text_members);
  g_test_add_func ("/schema/text/indexed", test_text_indexed);

  return g_test_run ();
}
