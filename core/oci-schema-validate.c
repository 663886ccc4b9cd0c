/* oci-schema-validate.c: apply compiled schemas to instances
 *
 * This is the hot path. While the instance conforms nothing is allocated
 * here (GRegex allocates its match data; uniqueItems over more than a few
 * items allocates an array of hashes): the instance pointer is kept as a
 * stack of borrowed segments and only turned into a string when a
 * violation is recorded. anyOf, oneOf and not
 * probe their branches with recording switched off; a branch's own
 * violations never reach the caller's list.
 *
 * A node met for the first time is compiled on the spot (see
 * oci_schema_node_ensure()); a schema that cannot be compiled stops the
 * validation with its error.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"
#include "oci-json-private.h"

#include <stdlib.h>
#include <string.h>

/* Nested schema applications (instance depth plus $ref and allOf hops)
 * allowed before giving up on a schema that loops without progress. */
#define MAX_DEPTH 512

/* Past this many items, uniqueItems sorts hashes instead of comparing pairs. */
#define UNIQUE_PAIRWISE_MAX 16

typedef struct {
  const char *name;   /* NULL for an array index */
  guint       index;
} PathSegment;

typedef struct {
  GPtrArray   *violations;  /* NULL while probing: stop at the first failure */
  PathSegment *path;
  guint        path_len;
  guint        path_cap;
  guint        depth;
  gboolean     aborted;
  GError      *error;
  PathSegment  path_inline[64];
} Ctx;

static gboolean validate_node (Ctx                 *ctx,
                               const OciSchemaNode *node,
                               JsonNode            *instance);

#define PROBING(ctx) ((ctx)->violations == NULL || (ctx)->aborted)

/* A check failed: while probing, stop checking the current node. */
#define FAILED()                                         \
  G_STMT_START {                                         \
    ok = FALSE;                                          \
    if (PROBING (ctx))                                   \
      return FALSE;                                      \
  } G_STMT_END

/* A check failed: record why, unless probing. */
#define FAIL(keyword, ...)                               \
  G_STMT_START {                                         \
    FAILED ();                                           \
    record (ctx, node, keyword, __VA_ARGS__);            \
  } G_STMT_END

static void
path_grow (Ctx *ctx)
{
  ctx->path_cap *= 2;
  if (ctx->path == ctx->path_inline)
    ctx->path = g_memdup2 (ctx->path_inline, sizeof ctx->path_inline);
  ctx->path = g_renew (PathSegment, ctx->path, ctx->path_cap);
}

static inline void
path_push (Ctx        *ctx,
           const char *name,
           guint       index)
{
  if (G_UNLIKELY (ctx->path_len == ctx->path_cap))
    path_grow (ctx);
  ctx->path[ctx->path_len].name = name;
  ctx->path[ctx->path_len].index = index;
  ctx->path_len++;
}

static inline void
path_pop (Ctx *ctx)
{
  ctx->path_len--;
}

static char *
build_instance_pointer (Ctx *ctx)
{
  GString *pointer = g_string_new (NULL);

  for (guint i = 0; i < ctx->path_len; i++)
    {
      if (ctx->path[i].name != NULL)
        oci_schema_pointer_append (pointer, ctx->path[i].name);
      else
        g_string_append_printf (pointer, "/%u", ctx->path[i].index);
    }
  return g_string_free (pointer, FALSE);
}

static void G_GNUC_PRINTF (4, 5)
record (Ctx                 *ctx,
        const OciSchemaNode *node,
        const char          *keyword,
        const char          *format,
        ...)
{
  OciSchemaViolation *violation;
  va_list args;

  if (ctx->violations == NULL)
    return;

  violation = g_new0 (OciSchemaViolation, 1);
  violation->instance_pointer = build_instance_pointer (ctx);
  violation->keyword = g_strdup (keyword);
  /* keywords hold neither "/" nor "~": no escaping needed */
  violation->schema_location = g_strconcat (oci_schema_node_location ((OciSchemaNode *) node), "/",
                                            keyword, NULL);
  va_start (args, format);
  violation->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (ctx->violations, violation);
}

static void
abort_validation (Ctx                 *ctx,
                  const OciSchemaNode *node)
{
  if (ctx->aborted)
    return;
  ctx->aborted = TRUE;
  g_set_error (&ctx->error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
               "%s: schemas nest deeper than %d levels; does a $ref loop back "
               "without descending into the instance?",
               oci_schema_node_location ((OciSchemaNode *) node), MAX_DEPTH);
}

/* The compiled schema to apply for @node: itself, or the end of its $ref
 * chain. NULL (and the validation aborted) when it cannot be compiled. */
static inline const OciSchemaNode *
enter_node (Ctx                 *ctx,
            const OciSchemaNode *node)
{
  GError *error = NULL;

  if (G_LIKELY (oci_schema_node_ensure (node, &error)))
    {
      if (node->ref_target == NULL)
        return node;
      node = node->ref_target;
      if (G_LIKELY (oci_schema_node_ensure (node, &error)))
        return node;
    }
  if (!ctx->aborted)
    {
      ctx->aborted = TRUE;
      ctx->error = error != NULL ? error
        : g_error_new (OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA, "%s: cannot be compiled",
                       oci_schema_node_location ((OciSchemaNode *) node));
    }
  else
    g_clear_error (&error);
  return NULL;
}

/* A short rendering of a value for messages. */
static char *
describe_value (JsonNode *value)
{
  g_autofree char *text = NULL;

  switch (oci_schema_kind_of (value))
    {
    case OCI_SCHEMA_KIND_OBJECT:
      return g_strdup ("object");
    case OCI_SCHEMA_KIND_ARRAY:
      return g_strdup ("array");
    default:
      break;
    }
  /* not json_to_string (): its generator copies the node, and the copy
   * takes a reference on the value that json-glib does not count
   * atomically; @value may be an "enum" member of a schema that other
   * threads are reading at the same time */
  text = oci_json_write (value, NULL, NULL);
  if (g_utf8_strlen (text, -1) > 60)
    {
      char *cut = g_utf8_offset_to_pointer (text, 57);

      return g_strdup_printf ("%.*s...", (int) (cut - text), text);
    }
  return g_steal_pointer (&text);
}

static char *
describe_types (guint types)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint remaining = types;

  for (guint bit = 1; bit <= OCI_SCHEMA_KIND_OBJECT; bit <<= 1)
    {
      if (!(types & bit))
        continue;
      remaining &= ~bit;
      if (text->len > 0)
        g_string_append (text, remaining == 0 ? " or " : ", ");
      g_string_append (text, oci_schema_kind_name (bit));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_enum (JsonArray *values)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = json_array_get_length (values);

  for (guint i = 0; i < n && i < 8; i++)
    {
      g_autofree char *value = describe_value (json_array_get_element (values, i));

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", value);
    }
  if (n > 8)
    g_string_append (text, ", ...");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
type_matches (guint         types,
              OciSchemaKind kind)
{
  return (types & kind) != 0
    || (kind == OCI_SCHEMA_KIND_INTEGER && (types & OCI_SCHEMA_KIND_NUMBER) != 0);
}

static gboolean
enum_contains (const OciSchemaNode *node,
               JsonNode            *instance)
{
  JsonArray *values = node->enum_values;
  guint n = json_array_get_length (values);

  if (node->enum_set != NULL)
    return g_hash_table_contains (node->enum_set, instance);

  for (guint i = 0; i < n; i++)
    if (oci_schema_json_equal (json_array_get_element (values, i), instance))
      return TRUE;
  return FALSE;
}

static gboolean
validate_generic (Ctx                 *ctx,
                  const OciSchemaNode *node,
                  JsonNode            *instance,
                  OciSchemaKind        kind)
{
  gboolean ok = TRUE;

  if (node->types != 0 && !type_matches (node->types, kind))
    {
      g_autofree char *expected = NULL;

      FAILED ();
      expected = describe_types (node->types);
      record (ctx, node, "type", "expected %s, got %s", expected, oci_schema_kind_name (kind));
    }
  if (node->enum_values != NULL && !enum_contains (node, instance))
    {
      g_autofree char *got = NULL;
      g_autofree char *allowed = NULL;

      FAILED ();
      got = describe_value (instance);
      allowed = describe_enum (node->enum_values);
      record (ctx, node, "enum", "%s is not one of the allowed values %s", got, allowed);
    }
  return ok;
}

static void
record_number (Ctx                   *ctx,
               const OciSchemaNode   *node,
               const char            *keyword,
               const OciSchemaNumber *value,
               const char            *relation,
               const OciSchemaNumber *limit)
{
  g_autofree char *got = oci_schema_number_to_string (value);
  g_autofree char *bound = oci_schema_number_to_string (limit);

  record (ctx, node, keyword, "%s %s %s", got, relation, bound);
}

static gboolean
validate_number (Ctx                 *ctx,
                 const OciSchemaNode *node,
                 JsonNode            *instance)
{
  OciSchemaNumber value;
  gboolean ok = TRUE;
  gboolean exclusive;
  int cmp;

  if (!(node->flags & (OCI_SCHEMA_HAS_MINIMUM | OCI_SCHEMA_HAS_MAXIMUM | OCI_SCHEMA_HAS_MULTIPLE_OF)))
    return TRUE;
  oci_schema_number_from_node (instance, &value);

  if (node->flags & OCI_SCHEMA_HAS_MINIMUM)
    {
      cmp = oci_schema_number_compare (&value, &node->minimum);
      exclusive = (node->flags & OCI_SCHEMA_EXCLUSIVE_MINIMUM) != 0;
      if (exclusive ? cmp <= 0 : cmp < 0)
        {
          FAILED ();
          record_number (ctx, node, "minimum", &value,
                         exclusive ? "is not greater than the exclusive minimum" : "is less than the minimum",
                         &node->minimum);
        }
    }
  if (node->flags & OCI_SCHEMA_HAS_MAXIMUM)
    {
      cmp = oci_schema_number_compare (&value, &node->maximum);
      exclusive = (node->flags & OCI_SCHEMA_EXCLUSIVE_MAXIMUM) != 0;
      if (exclusive ? cmp >= 0 : cmp > 0)
        {
          FAILED ();
          record_number (ctx, node, "maximum", &value,
                         exclusive ? "is not less than the exclusive maximum" : "is greater than the maximum",
                         &node->maximum);
        }
    }
  if ((node->flags & OCI_SCHEMA_HAS_MULTIPLE_OF)
      && !oci_schema_number_is_multiple (&value, &node->multiple_of))
    {
      FAILED ();
      record_number (ctx, node, "multipleOf", &value, "is not a multiple of", &node->multiple_of);
    }
  return ok;
}

static gboolean
validate_string (Ctx                 *ctx,
                 const OciSchemaNode *node,
                 JsonNode            *instance)
{
  const char *text;
  gboolean ok = TRUE;

  if (node->min_length < 0 && node->max_length < 0 && node->pattern == NULL)
    return TRUE;
  text = json_node_get_string (instance);
  if (node->min_length >= 0 || node->max_length >= 0)
    {
      /* lengths count Unicode code points, not bytes */
      gint64 length = g_utf8_strlen (text, -1);

      if (node->min_length >= 0 && length < node->min_length)
        FAIL ("minLength", "expected at least %" G_GINT64_FORMAT " characters, got %" G_GINT64_FORMAT,
              node->min_length, length);
      if (node->max_length >= 0 && length > node->max_length)
        FAIL ("maxLength", "expected at most %" G_GINT64_FORMAT " characters, got %" G_GINT64_FORMAT,
              node->max_length, length);
    }
  if (node->pattern != NULL && !g_regex_match (node->pattern, text, 0, NULL))
    {
      g_autofree char *got = NULL;

      FAILED ();
      got = describe_value (instance);
      record (ctx, node, "pattern", "%s does not match the pattern \"%s\"", got, node->pattern_source);
    }
  return ok;
}

/* A duplicate pair among @elements, found by comparing every pair. */
static gboolean
find_duplicate_pairwise (JsonArray *elements,
                         guint     *first,
                         guint     *second)
{
  guint n = json_array_get_length (elements);

  for (guint j = 1; j < n; j++)
    for (guint i = 0; i < j; i++)
      if (oci_schema_json_equal (json_array_get_element (elements, i),
                                 json_array_get_element (elements, j)))
        {
          *first = i;
          *second = j;
          return TRUE;
        }
  return FALSE;
}

typedef struct {
  guint hash;
  guint index;
} HashedIndex;

static int
compare_hashed (gconstpointer a,
                gconstpointer b)
{
  const HashedIndex *x = a, *y = b;

  if (x->hash != y->hash)
    return x->hash < y->hash ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* The same, in O(n log n): only elements with equal hashes are compared. */
static gboolean
find_duplicate_hashed (JsonArray *elements,
                       guint     *first,
                       guint     *second)
{
  guint n = json_array_get_length (elements);
  g_autofree HashedIndex *hashed = g_new (HashedIndex, n);

  for (guint i = 0; i < n; i++)
    {
      hashed[i].hash = oci_schema_json_hash (json_array_get_element (elements, i));
      hashed[i].index = i;
    }
  qsort (hashed, n, sizeof *hashed, compare_hashed);

  for (guint run = 0; run < n; run++)
    for (guint k = run + 1; k < n && hashed[k].hash == hashed[run].hash; k++)
      if (oci_schema_json_equal (json_array_get_element (elements, hashed[run].index),
                                 json_array_get_element (elements, hashed[k].index)))
        {
          *first = hashed[run].index;
          *second = hashed[k].index;
          return TRUE;
        }
  return FALSE;
}

static gboolean
validate_item (Ctx                 *ctx,
               const OciSchemaNode *node,
               JsonArray           *elements,
               guint                i)
{
  const OciSchemaNode *schema = NULL;
  gboolean ok = TRUE;

  if (node->items != NULL)
    schema = node->items;
  else if (node->tuple_items != NULL && i < node->tuple_items->len)
    schema = g_ptr_array_index (node->tuple_items, i);
  else if (node->tuple_items != NULL)
    schema = node->additional_items;

  path_push (ctx, NULL, i);
  if (schema != NULL)
    ok = validate_node (ctx, schema, json_array_get_element (elements, i));
  else if (node->tuple_items != NULL && (node->flags & OCI_SCHEMA_NO_ADDITIONAL_ITEMS))
    {
      ok = FALSE;
      record (ctx, node, "additionalItems",
              "item %u is not allowed: the schema describes only %u items", i, node->tuple_items->len);
    }
  path_pop (ctx);
  return ok;
}

static gboolean
validate_array (Ctx                 *ctx,
                const OciSchemaNode *node,
                JsonNode            *instance)
{
  JsonArray *elements = json_node_get_array (instance);
  guint n = json_array_get_length (elements);
  gboolean ok = TRUE;
  guint first, second;

  if (node->min_items >= 0 && n < node->min_items)
    FAIL ("minItems", "expected at least %" G_GINT64_FORMAT " items, got %u", node->min_items, n);
  if (node->max_items >= 0 && n > node->max_items)
    FAIL ("maxItems", "expected at most %" G_GINT64_FORMAT " items, got %u", node->max_items, n);

  if (node->items != NULL || node->tuple_items != NULL)
    for (guint i = 0; i < n; i++)
      if (!validate_item (ctx, node, elements, i))
        {
          ok = FALSE;
          if (PROBING (ctx))
            return FALSE;
        }

  if ((node->flags & OCI_SCHEMA_UNIQUE_ITEMS)
      && (n <= UNIQUE_PAIRWISE_MAX ? find_duplicate_pairwise (elements, &first, &second)
                                   : find_duplicate_hashed (elements, &first, &second)))
    FAIL ("uniqueItems", "items %u and %u are equal", MIN (first, second), MAX (first, second));
  return ok;
}

static gboolean
validate_member (Ctx                 *ctx,
                 const OciSchemaNode *node,
                 const char          *name,
                 JsonNode            *member)
{
  const OciSchemaNode *child = NULL;
  gboolean matched = FALSE;
  gboolean ok = TRUE;

  path_push (ctx, name, 0);
  if (node->properties != NULL && (child = g_hash_table_lookup (node->properties, name)) != NULL)
    {
      matched = TRUE;
      ok = validate_node (ctx, child, member);
    }
  for (guint i = 0; node->pattern_properties != NULL && i < node->pattern_properties->len; i++)
    {
      const OciSchemaPatternProperty *entry =
        &g_array_index (node->pattern_properties, OciSchemaPatternProperty, i);

      if ((ok || !PROBING (ctx)) && g_regex_match (entry->regex, name, 0, NULL))
        {
          matched = TRUE;
          ok &= validate_node (ctx, entry->schema, member);
        }
    }
  if (!matched && node->additional_properties != NULL)
    ok &= validate_node (ctx, node->additional_properties, member);
  else if (!matched && (node->flags & OCI_SCHEMA_NO_ADDITIONAL_PROPERTIES))
    {
      ok = FALSE;
      record (ctx, node, "additionalProperties", "property \"%s\" is not allowed", name);
    }
  path_pop (ctx);
  return ok;
}

static gboolean
validate_members (Ctx                 *ctx,
                  const OciSchemaNode *node,
                  JsonObject          *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean ok = TRUE;

  if (node->properties == NULL && node->pattern_properties == NULL
      && node->additional_properties == NULL
      && !(node->flags & OCI_SCHEMA_NO_ADDITIONAL_PROPERTIES))
    return TRUE;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (!validate_member (ctx, node, name, member))
      {
        ok = FALSE;
        if (PROBING (ctx))
          return FALSE;
      }
  return ok;
}

static gboolean
validate_dependency (Ctx                       *ctx,
                     const OciSchemaNode       *node,
                     const OciSchemaDependency *dependency,
                     JsonNode                  *instance)
{
  JsonObject *object = json_node_get_object (instance);
  gboolean ok = TRUE;

  if (!json_object_has_member (object, dependency->name))
    return TRUE;
  if (dependency->schema != NULL)
    return validate_node (ctx, dependency->schema, instance);

  for (guint i = 0; i < json_array_get_length (dependency->properties); i++)
    {
      const char *needed = json_array_get_string_element (dependency->properties, i);

      if (!json_object_has_member (object, needed))
        FAIL ("dependencies", "property \"%s\" requires property \"%s\"", dependency->name, needed);
    }
  return ok;
}

static gboolean
validate_object (Ctx                 *ctx,
                 const OciSchemaNode *node,
                 JsonNode            *instance)
{
  JsonObject *object = json_node_get_object (instance);
  guint n = json_object_get_size (object);
  gboolean ok = TRUE;

  if (node->min_properties >= 0 && n < node->min_properties)
    FAIL ("minProperties", "expected at least %" G_GINT64_FORMAT " properties, got %u",
          node->min_properties, n);
  if (node->max_properties >= 0 && n > node->max_properties)
    FAIL ("maxProperties", "expected at most %" G_GINT64_FORMAT " properties, got %u",
          node->max_properties, n);

  for (guint i = 0; node->required != NULL && i < json_array_get_length (node->required); i++)
    {
      const char *name = json_array_get_string_element (node->required, i);

      if (!json_object_has_member (object, name))
        FAIL ("required", "missing required property \"%s\"", name);
    }

  if (!validate_members (ctx, node, object))
    {
      ok = FALSE;
      if (PROBING (ctx))
        return FALSE;
    }

  for (guint i = 0; node->dependencies != NULL && i < node->dependencies->len; i++)
    if (!validate_dependency (ctx, node, &g_array_index (node->dependencies, OciSchemaDependency, i),
                              instance))
      {
        ok = FALSE;
        if (PROBING (ctx))
          return FALSE;
      }
  return ok;
}

static gboolean
probe (Ctx                 *ctx,
       const OciSchemaNode *node,
       JsonNode            *instance)
{
  GPtrArray *saved = ctx->violations;
  gboolean ok;

  ctx->violations = NULL;
  ok = validate_node (ctx, node, instance);
  ctx->violations = saved;
  return ok;
}

static guint
deepest_pointer (GPtrArray *violations)
{
  guint deepest = 0;

  for (guint i = 0; i < violations->len; i++)
    {
      OciSchemaViolation *violation = g_ptr_array_index (violations, i);

      deepest = MAX (deepest, strlen (violation->instance_pointer) + 1);
    }
  return deepest;
}

/* When no branch matches, the branch that got furthest into the instance
 * (its deepest violation), then the one with fewest violations, is the
 * likeliest intent; its deepest violation explains the failure. Runs only
 * on failure, so it may allocate freely. */
static char *
describe_closest_branch (Ctx       *ctx,
                         GPtrArray *branches,
                         JsonNode  *instance)
{
  g_autoptr(GPtrArray) best = NULL;
  guint best_index = 0, best_depth = 0;
  GPtrArray *saved = ctx->violations;
  OciSchemaViolation *detail = NULL;
  g_autofree char *here = build_instance_pointer (ctx);

  for (guint i = 0; i < branches->len && !ctx->aborted; i++)
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) oci_schema_violation_free);
      guint depth;

      ctx->violations = found;
      validate_node (ctx, g_ptr_array_index (branches, i), instance);
      ctx->violations = saved;
      depth = deepest_pointer (found);
      if (found->len > 0
          && (best == NULL || depth > best_depth || (depth == best_depth && found->len < best->len)))
        {
          g_clear_pointer (&best, g_ptr_array_unref);
          best = g_steal_pointer (&found);
          best_index = i;
          best_depth = depth;
        }
    }
  if (best == NULL)
    return g_strdup ("");

  for (guint i = 0; i < best->len; i++)
    {
      OciSchemaViolation *violation = g_ptr_array_index (best, i);

      if (strlen (violation->instance_pointer) + 1 == best_depth)
        {
          detail = violation;
          break;
        }
    }
  if (g_strcmp0 (detail->instance_pointer, here) == 0)
    return g_strdup_printf ("; closest is #%u: %s", best_index, detail->message);
  return g_strdup_printf ("; closest is #%u: at %s, %s", best_index,
                          detail->instance_pointer, detail->message);
}

static gboolean
validate_any_of (Ctx                 *ctx,
                 const OciSchemaNode *node,
                 JsonNode            *instance)
{
  g_autofree char *closest = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; i < node->any_of->len; i++)
    if (probe (ctx, g_ptr_array_index (node->any_of, i), instance))
      return TRUE;
  if (ctx->aborted)
    return FALSE;

  closest = PROBING (ctx) ? NULL : describe_closest_branch (ctx, node->any_of, instance);
  FAIL ("anyOf", "value matches none of the %u schemas in anyOf%s", node->any_of->len, closest);
  return ok;
}

static gboolean
validate_one_of (Ctx                 *ctx,
                 const OciSchemaNode *node,
                 JsonNode            *instance)
{
  g_autofree char *closest = NULL;
  guint matches = 0, first = 0, second = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i < node->one_of->len && matches < 2; i++)
    if (probe (ctx, g_ptr_array_index (node->one_of, i), instance))
      {
        if (matches++ == 0)
          first = i;
        else
          second = i;
      }
  if (ctx->aborted)
    return FALSE;
  if (matches == 1)
    return TRUE;

  if (matches > 1)
    {
      FAIL ("oneOf", "value matches more than one schema in oneOf (#%u and #%u)", first, second);
      return ok;
    }
  closest = PROBING (ctx) ? NULL : describe_closest_branch (ctx, node->one_of, instance);
  FAIL ("oneOf", "value matches none of the %u schemas in oneOf%s", node->one_of->len, closest);
  return ok;
}

static gboolean
validate_combinators (Ctx                 *ctx,
                      const OciSchemaNode *node,
                      JsonNode            *instance)
{
  gboolean ok = TRUE;

  for (guint i = 0; node->all_of != NULL && i < node->all_of->len; i++)
    if (!validate_node (ctx, g_ptr_array_index (node->all_of, i), instance))
      {
        ok = FALSE;
        if (PROBING (ctx))
          return FALSE;
      }
  if (node->any_of != NULL && !validate_any_of (ctx, node, instance))
    {
      ok = FALSE;
      if (PROBING (ctx))
        return FALSE;
    }
  if (node->one_of != NULL && !validate_one_of (ctx, node, instance))
    {
      ok = FALSE;
      if (PROBING (ctx))
        return FALSE;
    }
  if (node->not_schema != NULL && probe (ctx, node->not_schema, instance))
    FAIL ("not", "value must not match the schema in \"not\"");
  return ok && !ctx->aborted;
}

static gboolean
validate_by_kind (Ctx                 *ctx,
                  const OciSchemaNode *node,
                  JsonNode            *instance,
                  OciSchemaKind        kind)
{
  switch (kind)
    {
    case OCI_SCHEMA_KIND_INTEGER:
    case OCI_SCHEMA_KIND_NUMBER:
      return validate_number (ctx, node, instance);
    case OCI_SCHEMA_KIND_STRING:
      return validate_string (ctx, node, instance);
    case OCI_SCHEMA_KIND_ARRAY:
      return validate_array (ctx, node, instance);
    case OCI_SCHEMA_KIND_OBJECT:
      return validate_object (ctx, node, instance);
    case OCI_SCHEMA_KIND_NULL:
    case OCI_SCHEMA_KIND_BOOLEAN:
    default:
      return TRUE;
    }
}

static gboolean
validate_node (Ctx                 *ctx,
               const OciSchemaNode *node,
               JsonNode            *instance)
{
  OciSchemaKind kind;
  gboolean ok;

  if (ctx->aborted)
    return FALSE;
  node = enter_node (ctx, node);
  if (node == NULL)
    return FALSE;
  if (ctx->depth >= MAX_DEPTH)
    {
      abort_validation (ctx, node);
      return FALSE;
    }

  ctx->depth++;
  kind = oci_schema_kind_of (instance);
  ok = validate_generic (ctx, node, instance, kind);
  if (ok || !PROBING (ctx))
    ok &= validate_by_kind (ctx, node, instance, kind);
  if (ok || !PROBING (ctx))
    ok &= validate_combinators (ctx, node, instance);
  ctx->depth--;
  return ok && !ctx->aborted;
}

/**
 * oci_schema_node_validate:
 * @root: a node, compiled or not
 * @instance: the document to check
 * @violations: (nullable): where to add violations; %NULL stops at the first
 * @out_valid: (out): whether @instance conforms
 *
 * Returns: %FALSE with @error set when validation could not finish
 */
gboolean
oci_schema_node_validate (OciSchemaNode *root,
                          JsonNode      *instance,
                          GPtrArray     *violations,
                          gboolean      *out_valid,
                          GError       **error)
{
  Ctx ctx = { 0 };
  gboolean valid;

  ctx.violations = violations;
  ctx.path = ctx.path_inline;
  ctx.path_cap = G_N_ELEMENTS (ctx.path_inline);

  valid = validate_node (&ctx, root, instance);

  if (ctx.path != ctx.path_inline)
    g_free (ctx.path);
  if (ctx.aborted)
    {
      g_propagate_error (error, ctx.error);
      return FALSE;
    }
  *out_valid = valid;
  return TRUE;
}
