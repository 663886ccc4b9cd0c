/* oci-schema-compile.c: turn one schema object into an OciSchemaNode
 *
 * Each keyword has a row in a table naming the function that checks its
 * value and stores it in parsed form. A subschema becomes a stub node that
 * is compiled only when validation reaches it; "definitions" are not
 * compiled at all until a $ref names one. $refs are only made absolute
 * here; oci-schema.c resolves them, possibly loading other documents.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  OciSchemaNode *node;
  GStringChunk  *strings;
  GString       *scratch;
} CompileCtx;

typedef gboolean (*KeywordCompileFunc) (CompileCtx           *ctx,
                                        const char           *keyword,
                                        const OciSchemaValue *value,
                                        guint                 flag,
                                        gsize                 offset,
                                        GError              **error);

typedef struct {
  const char        *name;
  KeywordCompileFunc compile;
  guint              flag;    /* OciSchemaNodeFlags the keyword sets */
  gsize              offset;  /* where in OciSchemaNode it is stored */
} KeywordRow;

#define NODE_FIELD(ctx, type, offset) ((type *) G_STRUCT_MEMBER_P ((ctx)->node, (offset)))

static gboolean G_GNUC_PRINTF (4, 5)
fail_keyword (CompileCtx  *ctx,
              const char  *keyword,
              GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
               "%s: \"%s\" %s", oci_schema_node_location (ctx->node), keyword, message);
  return FALSE;
}

void
oci_schema_pointer_append (GString    *pointer,
                           const char *token)
{
  g_string_append_c (pointer, '/');
  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (pointer, "~0");
      else if (*p == '/')
        g_string_append (pointer, "~1");
      else
        g_string_append_c (pointer, *p);
    }
}

/* RFC 3986 resolution; an empty trailing fragment is dropped so that
 * "…/schema#" and "…/schema" name the same document. */
char *
oci_schema_resolve_uri (const char *base,
                        const char *reference,
                        GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  char *resolved;
  gsize len;

  resolved = g_uri_resolve_relative (base, reference, G_URI_FLAGS_NONE, &local_error);
  if (resolved == NULL)
    {
      g_set_error (error, OCI_SCHEMA_ERROR, OCI_SCHEMA_ERROR_INVALID_SCHEMA,
                   "cannot resolve URI \"%s\" against \"%s\": %s",
                   reference, base ? base : "(none)", local_error->message);
      return NULL;
    }
  len = strlen (resolved);
  if (len > 0 && resolved[len - 1] == '#')
    resolved[len - 1] = '\0';
  return resolved;
}

/* ---- nodes ------------------------------------------------------------- */

static void
init_compiled (OciSchemaNode *node)
{
  node->min_length = node->max_length = -1;
  node->min_items = node->max_items = -1;
  node->min_properties = node->max_properties = -1;
}

/* A stub for the schema object @source; the store fills in where it is. */
OciSchemaNode *
oci_schema_node_new (OciSchemaStore       *store,
                     const OciSchemaValue *source)
{
  OciSchemaNode *node = g_new0 (OciSchemaNode, 1);

  node->store = store;
  node->source = *source;
  init_compiled (node);
  return node;
}

/* Forgets what compiling wrote, so that the node is a stub again. */
void
oci_schema_node_reset (OciSchemaNode *node)
{
  g_clear_pointer (&node->pattern, g_regex_unref);
  g_clear_pointer (&node->enum_set, g_hash_table_unref);
  g_clear_pointer (&node->properties, g_hash_table_unref);
  g_clear_pointer (&node->pattern_properties, g_array_unref);
  g_clear_pointer (&node->dependencies, g_array_unref);
  g_clear_pointer (&node->tuple_items, g_ptr_array_unref);
  g_clear_pointer (&node->all_of, g_ptr_array_unref);
  g_clear_pointer (&node->any_of, g_ptr_array_unref);
  g_clear_pointer (&node->one_of, g_ptr_array_unref);
  g_clear_pointer (&node->owned, g_ptr_array_unref);
  memset (&node->base_uri, 0, sizeof *node - G_STRUCT_OFFSET (OciSchemaNode, base_uri));
  init_compiled (node);
}

void
oci_schema_node_free (OciSchemaNode *node)
{
  if (node == NULL)
    return;
  oci_schema_node_reset (node);
  g_free (node->location);
  g_free (node);
}

/* "document-uri#json-pointer" of the node, for messages. Derived from the
 * parent on first use: most nodes never need it. */
const char *
oci_schema_node_location (OciSchemaNode *node)
{
  g_autoptr(GString) location = NULL;
  char *built;

  if ((built = g_atomic_pointer_get (&node->location)) != NULL)
    return built;

  location = g_string_new (oci_schema_node_location (node->parent));
  oci_schema_pointer_append (location, node->keyword);
  if (node->token != NULL)
    oci_schema_pointer_append (location, node->token);
  else if (node->has_index)
    g_string_append_printf (location, "/%u", node->index);
  built = g_string_free (g_steal_pointer (&location), FALSE);
  /* another thread may have built it meanwhile: keep the first */
  if (!g_atomic_pointer_compare_and_exchange (&node->location, NULL, built))
    g_free (built);
  return g_atomic_pointer_get (&node->location);
}

/* ---- keywords ---------------------------------------------------------- */

static OciSchemaNode *
compile_child (CompileCtx           *ctx,
               const OciSchemaValue *value,
               const char           *keyword,
               const char           *token,
               gint                  index,
               GError              **error)
{
  return oci_schema_store_child (ctx->node->store, ctx->node, keyword, token, index, value, error);
}

/* A member name that lives as long as the node: a text document's names
 * are decoded into a buffer that the next member reuses. */
static const char *
keep_name (CompileCtx           *ctx,
           const OciSchemaValue *container,
           const char           *name)
{
  if (container->json != NULL)
    return name;
  return g_string_chunk_insert (ctx->strings, name);
}

/* A JSON value kept for the node's lifetime. */
static JsonNode *
own_json (CompileCtx           *ctx,
          const OciSchemaValue *value,
          GError              **error)
{
  JsonNode *json = oci_schema_value_to_json (value, error);

  if (json == NULL)
    return NULL;
  if (ctx->node->owned == NULL)
    ctx->node->owned = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_ptr_array_add (ctx->node->owned, json);
  return json;
}

static gboolean
kind_from_name (const char *name,
                guint      *kind)
{
  static const struct {
    const char   *name;
    OciSchemaKind kind;
  } kinds[] = {
    { "null", OCI_SCHEMA_KIND_NULL },
    { "boolean", OCI_SCHEMA_KIND_BOOLEAN },
    { "integer", OCI_SCHEMA_KIND_INTEGER },
    { "number", OCI_SCHEMA_KIND_NUMBER },
    { "string", OCI_SCHEMA_KIND_STRING },
    { "array", OCI_SCHEMA_KIND_ARRAY },
    { "object", OCI_SCHEMA_KIND_OBJECT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (name, kinds[i].name) == 0)
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_string (const OciSchemaValue *value)
{
  return oci_schema_value_kind (value) == OCI_SCHEMA_KIND_STRING;
}

static gboolean
compile_type (CompileCtx           *ctx,
              const char           *keyword,
              const OciSchemaValue *value,
              guint                 flag G_GNUC_UNUSED,
              gsize                 offset G_GNUC_UNUSED,
              GError              **error)
{
  OciSchemaValueIter iter;
  OciSchemaValue name;
  guint kind;

  if (is_string (value))
    {
      const char *text = oci_schema_value_get_string (value, ctx->scratch);

      if (!kind_from_name (text, &ctx->node->types))
        return fail_keyword (ctx, keyword, error, "names an unknown type \"%s\"", text);
      return TRUE;
    }
  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_ARRAY)
    return fail_keyword (ctx, keyword, error, "must be a string or an array of strings");

  oci_schema_value_iter_init (&iter, value);
  while (oci_schema_value_iter_next (&iter, NULL, &name))
    {
      if (!is_string (&name) || !kind_from_name (oci_schema_value_get_string (&name, ctx->scratch), &kind))
        return fail_keyword (ctx, keyword, error, "item %u is not a type name", iter.index - 1);
      ctx->node->types |= kind;
    }
  if (ctx->node->types == 0)
    return fail_keyword (ctx, keyword, error, "must name at least one type");
  return TRUE;
}

static gboolean
compile_enum (CompileCtx           *ctx,
              const char           *keyword,
              const OciSchemaValue *value,
              guint                 flag G_GNUC_UNUSED,
              gsize                 offset G_GNUC_UNUSED,
              GError              **error)
{
  JsonNode *json;
  JsonArray *values;

  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_ARRAY)
    return fail_keyword (ctx, keyword, error, "must be an array");
  json = own_json (ctx, value, error);
  if (json == NULL)
    return FALSE;
  values = json_node_get_array (json);
  ctx->node->enum_values = values;

  /* long lists (capabilities, syscalls...) are looked up by hash */
  if (json_array_get_length (values) > 6)
    {
      ctx->node->enum_set = g_hash_table_new ((GHashFunc) oci_schema_json_hash,
                                              (GEqualFunc) oci_schema_json_equal);
      for (guint i = 0; i < json_array_get_length (values); i++)
        g_hash_table_add (ctx->node->enum_set, json_array_get_element (values, i));
    }
  return TRUE;
}

static gboolean
compile_number (CompileCtx           *ctx,
                const char           *keyword,
                const OciSchemaValue *value,
                guint                 flag,
                gsize                 offset,
                GError              **error)
{
  OciSchemaNumber *number = NODE_FIELD (ctx, OciSchemaNumber, offset);

  if (!oci_schema_value_get_number (value, number))
    return fail_keyword (ctx, keyword, error, "must be a number");
  if (flag == OCI_SCHEMA_HAS_MULTIPLE_OF && !(number->is_int ? number->i > 0 : number->d > 0))
    return fail_keyword (ctx, keyword, error, "must be greater than 0");
  ctx->node->flags |= flag;
  return TRUE;
}

static gboolean
compile_flag (CompileCtx           *ctx,
              const char           *keyword,
              const OciSchemaValue *value,
              guint                 flag,
              gsize                 offset G_GNUC_UNUSED,
              GError              **error)
{
  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_BOOLEAN)
    return fail_keyword (ctx, keyword, error, "must be a boolean");
  if (oci_schema_value_get_boolean (value))
    ctx->node->flags |= flag;
  return TRUE;
}

static gboolean
compile_count (CompileCtx           *ctx,
               const char           *keyword,
               const OciSchemaValue *value,
               guint                 flag G_GNUC_UNUSED,
               gsize                 offset,
               GError              **error)
{
  OciSchemaNumber number;
  gint64 *slot = NODE_FIELD (ctx, gint64, offset);

  if (!oci_schema_value_get_number (value, &number))
    return fail_keyword (ctx, keyword, error, "must be a non-negative integer");
  if (number.is_int)
    {
      if (number.i < 0)
        return fail_keyword (ctx, keyword, error, "must be a non-negative integer");
      *slot = number.i;
      return TRUE;
    }
  /* be lenient with 2.0: it is a count all the same */
  if (!(number.d >= 0) || number.d != floor (number.d))
    return fail_keyword (ctx, keyword, error, "must be a non-negative integer");
  *slot = number.d >= (double) G_MAXINT64 ? G_MAXINT64 : (gint64) number.d;
  return TRUE;
}

/* ECMA-262 spellings that PCRE reads differently or not at all. */
static char *
ecma_to_pcre (const char *source)
{
  GString *out = g_string_sized_new (strlen (source) + 8);
  gboolean in_class = FALSE;

  for (const char *p = source; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == 'u' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3])
          && g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]))
        {
          g_string_append_printf (out, "\\x{%.4s}", p + 2);
          p += 5;
        }
      else if (p[0] == '\\' && p[1] != '\0')
        {
          g_string_append_len (out, p, 2);
          p++;
        }
      else if (!in_class && strncmp (p, "[^]", 3) == 0)
        {
          g_string_append (out, "[\\s\\S]");
          p += 2;
        }
      else
        {
          if (*p == '[')
            in_class = TRUE;
          else if (*p == ']')
            in_class = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static GRegex *
compile_regex (CompileCtx *ctx,
               const char *keyword,
               const char *source,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *pcre = ecma_to_pcre (source);
  GRegex *regex;

  /* ECMA "$" never matches before a final newline */
  regex = g_regex_new (pcre, G_REGEX_DOLLAR_ENDONLY, 0, &local_error);
  if (regex == NULL)
    fail_keyword (ctx, keyword, error, "has an invalid regular expression \"%s\": %s",
                  source, local_error->message);
  return regex;
}

static gboolean
compile_pattern (CompileCtx           *ctx,
                 const char           *keyword,
                 const OciSchemaValue *value,
                 guint                 flag G_GNUC_UNUSED,
                 gsize                 offset G_GNUC_UNUSED,
                 GError              **error)
{
  if (!is_string (value))
    return fail_keyword (ctx, keyword, error, "must be a string");
  ctx->node->pattern_source = oci_schema_value_keep_string (value, ctx->strings);
  ctx->node->pattern = compile_regex (ctx, keyword, ctx->node->pattern_source, error);
  return ctx->node->pattern != NULL;
}

static gboolean
compile_schema (CompileCtx           *ctx,
                const char           *keyword,
                const OciSchemaValue *value,
                guint                 flag G_GNUC_UNUSED,
                gsize                 offset,
                GError              **error)
{
  OciSchemaNode **slot = NODE_FIELD (ctx, OciSchemaNode *, offset);

  *slot = compile_child (ctx, value, keyword, NULL, -1, error);
  return *slot != NULL;
}

/* additionalProperties / additionalItems: false, true or a schema */
static gboolean
compile_schema_or_bool (CompileCtx           *ctx,
                        const char           *keyword,
                        const OciSchemaValue *value,
                        guint                 flag,
                        gsize                 offset,
                        GError              **error)
{
  if (oci_schema_value_kind (value) == OCI_SCHEMA_KIND_BOOLEAN)
    {
      if (!oci_schema_value_get_boolean (value))
        ctx->node->flags |= flag;
      return TRUE;
    }
  return compile_schema (ctx, keyword, value, flag, offset, error);
}

static GPtrArray *
compile_schema_array (CompileCtx           *ctx,
                      const char           *keyword,
                      const OciSchemaValue *array,
                      GError              **error)
{
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  OciSchemaValueIter iter;
  OciSchemaValue item;

  oci_schema_value_iter_init (&iter, array);
  while (oci_schema_value_iter_next (&iter, NULL, &item))
    {
      OciSchemaNode *child = compile_child (ctx, &item, keyword, NULL, iter.index - 1, error);

      if (child == NULL)
        return NULL;
      g_ptr_array_add (children, child);
    }
  return g_steal_pointer (&children);
}

static gboolean
compile_schema_list (CompileCtx           *ctx,
                     const char           *keyword,
                     const OciSchemaValue *value,
                     guint                 flag G_GNUC_UNUSED,
                     gsize                 offset,
                     GError              **error)
{
  GPtrArray **slot = NODE_FIELD (ctx, GPtrArray *, offset);

  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_ARRAY)
    return fail_keyword (ctx, keyword, error, "must be a non-empty array of schemas");
  *slot = compile_schema_array (ctx, keyword, value, error);
  if (*slot != NULL && (*slot)->len == 0)
    return fail_keyword (ctx, keyword, error, "must be a non-empty array of schemas");
  return *slot != NULL;
}

static gboolean
compile_items (CompileCtx           *ctx,
               const char           *keyword,
               const OciSchemaValue *value,
               guint                 flag G_GNUC_UNUSED,
               gsize                 offset G_GNUC_UNUSED,
               GError              **error)
{
  if (oci_schema_value_kind (value) == OCI_SCHEMA_KIND_ARRAY)
    {
      ctx->node->tuple_items = compile_schema_array (ctx, keyword, value, error);
      return ctx->node->tuple_items != NULL;
    }
  ctx->node->items = compile_child (ctx, value, keyword, NULL, -1, error);
  return ctx->node->items != NULL;
}

typedef gboolean (*MemberFunc) (CompileCtx           *ctx,
                                const char           *keyword,
                                const char           *name,
                                const OciSchemaValue *member,
                                GError              **error);

/* Calls @func on each member of @value with a name that outlives the node. */
static gboolean
foreach_member (CompileCtx           *ctx,
                const char           *keyword,
                const OciSchemaValue *value,
                MemberFunc            func,
                GError              **error)
{
  OciSchemaValueIter iter;
  OciSchemaValue member;
  const char *name;
  gboolean ok = TRUE;

  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_OBJECT)
    return fail_keyword (ctx, keyword, error, "must be an object");
  oci_schema_value_iter_init (&iter, value);
  while (ok && oci_schema_value_iter_next (&iter, &name, &member))
    ok = func (ctx, keyword, keep_name (ctx, value, name), &member, error);
  oci_schema_value_iter_clear (&iter);
  return ok;
}

static gboolean
add_property (CompileCtx           *ctx,
              const char           *keyword,
              const char           *name,
              const OciSchemaValue *member,
              GError              **error)
{
  OciSchemaNode *child = compile_child (ctx, member, keyword, name, -1, error);

  if (child == NULL)
    return FALSE;
  /* the first of duplicate names wins, as when looking members up */
  if (!g_hash_table_contains (ctx->node->properties, name))
    g_hash_table_insert (ctx->node->properties, (gpointer) name, child);
  return TRUE;
}

static gboolean
compile_properties (CompileCtx           *ctx,
                    const char           *keyword,
                    const OciSchemaValue *value,
                    guint                 flag G_GNUC_UNUSED,
                    gsize                 offset G_GNUC_UNUSED,
                    GError              **error)
{
  ctx->node->properties = g_hash_table_new (g_str_hash, g_str_equal);
  return foreach_member (ctx, keyword, value, add_property, error);
}

static void
clear_pattern_property (gpointer data)
{
  OciSchemaPatternProperty *entry = data;

  g_clear_pointer (&entry->regex, g_regex_unref);
}

static gboolean
add_pattern_property (CompileCtx           *ctx,
                      const char           *keyword,
                      const char           *name,
                      const OciSchemaValue *member,
                      GError              **error)
{
  OciSchemaPatternProperty entry = { name, NULL, NULL };

  entry.schema = compile_child (ctx, member, keyword, name, -1, error);
  if (entry.schema == NULL)
    return FALSE;
  entry.regex = compile_regex (ctx, keyword, name, error);
  if (entry.regex == NULL)
    return FALSE;
  g_array_append_val (ctx->node->pattern_properties, entry);
  return TRUE;
}

static gboolean
compile_pattern_properties (CompileCtx           *ctx,
                            const char           *keyword,
                            const OciSchemaValue *value,
                            guint                 flag G_GNUC_UNUSED,
                            gsize                 offset G_GNUC_UNUSED,
                            GError              **error)
{
  ctx->node->pattern_properties = g_array_new (FALSE, FALSE, sizeof (OciSchemaPatternProperty));
  g_array_set_clear_func (ctx->node->pattern_properties, clear_pattern_property);
  return foreach_member (ctx, keyword, value, add_pattern_property, error);
}

static gboolean
is_string_array (const OciSchemaValue *value)
{
  OciSchemaValueIter iter;
  OciSchemaValue item;

  if (oci_schema_value_kind (value) != OCI_SCHEMA_KIND_ARRAY)
    return FALSE;
  oci_schema_value_iter_init (&iter, value);
  while (oci_schema_value_iter_next (&iter, NULL, &item))
    if (!is_string (&item))
      return FALSE;
  return TRUE;
}

static gboolean
compile_required (CompileCtx           *ctx,
                  const char           *keyword,
                  const OciSchemaValue *value,
                  guint                 flag G_GNUC_UNUSED,
                  gsize                 offset G_GNUC_UNUSED,
                  GError              **error)
{
  JsonNode *json;

  if (!is_string_array (value))
    return fail_keyword (ctx, keyword, error, "must be an array of strings");
  json = own_json (ctx, value, error);
  if (json == NULL)
    return FALSE;
  ctx->node->required = json_node_get_array (json);
  return TRUE;
}

static gboolean
add_dependency (CompileCtx           *ctx,
                const char           *keyword,
                const char           *name,
                const OciSchemaValue *member,
                GError              **error)
{
  OciSchemaDependency entry = { name, NULL, NULL };
  JsonNode *json;

  if (is_string_array (member))
    {
      if ((json = own_json (ctx, member, error)) == NULL)
        return FALSE;
      entry.properties = json_node_get_array (json);
    }
  else if (oci_schema_value_kind (member) == OCI_SCHEMA_KIND_OBJECT)
    {
      if ((entry.schema = compile_child (ctx, member, keyword, name, -1, error)) == NULL)
        return FALSE;
    }
  else
    return fail_keyword (ctx, keyword, error,
                         "member \"%s\" must be a schema or an array of strings", name);
  g_array_append_val (ctx->node->dependencies, entry);
  return TRUE;
}

static gboolean
compile_dependencies (CompileCtx           *ctx,
                      const char           *keyword,
                      const OciSchemaValue *value,
                      guint                 flag G_GNUC_UNUSED,
                      gsize                 offset G_GNUC_UNUSED,
                      GError              **error)
{
  ctx->node->dependencies = g_array_new (FALSE, FALSE, sizeof (OciSchemaDependency));
  return foreach_member (ctx, keyword, value, add_dependency, error);
}

#define AT(field) G_STRUCT_OFFSET (OciSchemaNode, field)

/* Sorted by name (strcmp order) for bsearch. Not here: "$ref" and "id",
 * which oci-schema.c handles, "definitions", which only $refs reach, and
 * annotations ("title", "description", "default", "format"…). */
static const KeywordRow keyword_table[] = {
  { "additionalItems", compile_schema_or_bool, OCI_SCHEMA_NO_ADDITIONAL_ITEMS, AT (additional_items) },
  { "additionalProperties", compile_schema_or_bool, OCI_SCHEMA_NO_ADDITIONAL_PROPERTIES,
    AT (additional_properties) },
  { "allOf", compile_schema_list, 0, AT (all_of) },
  { "anyOf", compile_schema_list, 0, AT (any_of) },
  { "dependencies", compile_dependencies, 0, 0 },
  { "enum", compile_enum, 0, 0 },
  { "exclusiveMaximum", compile_flag, OCI_SCHEMA_EXCLUSIVE_MAXIMUM, 0 },
  { "exclusiveMinimum", compile_flag, OCI_SCHEMA_EXCLUSIVE_MINIMUM, 0 },
  { "items", compile_items, 0, 0 },
  { "maxItems", compile_count, 0, AT (max_items) },
  { "maxLength", compile_count, 0, AT (max_length) },
  { "maxProperties", compile_count, 0, AT (max_properties) },
  { "maximum", compile_number, OCI_SCHEMA_HAS_MAXIMUM, AT (maximum) },
  { "minItems", compile_count, 0, AT (min_items) },
  { "minLength", compile_count, 0, AT (min_length) },
  { "minProperties", compile_count, 0, AT (min_properties) },
  { "minimum", compile_number, OCI_SCHEMA_HAS_MINIMUM, AT (minimum) },
  { "multipleOf", compile_number, OCI_SCHEMA_HAS_MULTIPLE_OF, AT (multiple_of) },
  { "not", compile_schema, 0, AT (not_schema) },
  { "oneOf", compile_schema_list, 0, AT (one_of) },
  { "pattern", compile_pattern, 0, 0 },
  { "patternProperties", compile_pattern_properties, 0, 0 },
  { "properties", compile_properties, 0, 0 },
  { "required", compile_required, 0, 0 },
  { "type", compile_type, 0, 0 },
  { "uniqueItems", compile_flag, OCI_SCHEMA_UNIQUE_ITEMS, 0 },
};

#undef AT

static int
compare_row_name (const void *name,
                  const void *row)
{
  return strcmp (name, ((const KeywordRow *) row)->name);
}

static const KeywordRow *
find_keyword (const char *name)
{
  return bsearch (name, keyword_table, G_N_ELEMENTS (keyword_table), sizeof keyword_table[0],
                  compare_row_name);
}

/*
 * oci_schema_node_compile_keywords:
 * @node: a stub without "$ref", whose base_uri is set
 *
 * Compiles the validation keywords of @node's own object (one pass over
 * its members); subschemas become stubs. On failure the node may hold
 * part of its keywords: the caller resets it.
 */
gboolean
oci_schema_node_compile_keywords (OciSchemaNode *node,
                                  GError       **error)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  CompileCtx ctx = { node, oci_schema_store_get_strings (node->store), scratch };
  guint32 seen = 0;
  OciSchemaValueIter iter;
  OciSchemaValue value;
  const char *name;
  gboolean ok = TRUE;

  G_STATIC_ASSERT (G_N_ELEMENTS (keyword_table) <= 32);

  oci_schema_value_iter_init (&iter, &node->source);
  while (ok && oci_schema_value_iter_next (&iter, &name, &value))
    {
      const KeywordRow *row = find_keyword (name);
      guint32 bit;

      if (row == NULL)
        continue;
      bit = 1u << (row - keyword_table);
      /* a text document may repeat a member; a tree cannot */
      if (seen & bit)
        ok = fail_keyword (&ctx, row->name, error, "appears more than once");
      else
        ok = row->compile (&ctx, row->name, &value, row->flag, row->offset, error);
      seen |= bit;
    }
  oci_schema_value_iter_clear (&iter);
  return ok;
}

static void
foreach_in_array (GPtrArray *array,
                  GFunc      func,
                  gpointer   user_data)
{
  if (array != NULL)
    g_ptr_array_foreach (array, func, user_data);
}

static void
call_if_set (OciSchemaNode *child,
             GFunc          func,
             gpointer       user_data)
{
  if (child != NULL)
    func (child, user_data);
}

/* Every subschema the validator may apply to a compiled node, including
 * its $ref target; definitions are not among them. */
void
oci_schema_node_foreach_child (OciSchemaNode *node,
                               GFunc          func,
                               gpointer       user_data)
{
  if (node->properties != NULL)
    {
      GHashTableIter iter;
      gpointer child;

      g_hash_table_iter_init (&iter, node->properties);
      while (g_hash_table_iter_next (&iter, NULL, &child))
        func (child, user_data);
    }
  for (guint i = 0; node->pattern_properties && i < node->pattern_properties->len; i++)
    func (g_array_index (node->pattern_properties, OciSchemaPatternProperty, i).schema, user_data);
  for (guint i = 0; node->dependencies && i < node->dependencies->len; i++)
    call_if_set (g_array_index (node->dependencies, OciSchemaDependency, i).schema, func, user_data);

  call_if_set (node->ref_target, func, user_data);
  call_if_set (node->additional_properties, func, user_data);
  call_if_set (node->items, func, user_data);
  call_if_set (node->additional_items, func, user_data);
  call_if_set (node->not_schema, func, user_data);
  foreach_in_array (node->tuple_items, func, user_data);
  foreach_in_array (node->all_of, func, user_data);
  foreach_in_array (node->any_of, func, user_data);
  foreach_in_array (node->one_of, func, user_data);
}
