/* oci-schema-value.c: JSON values as draft-04 sees them
 *
 * Numbers keep the form json-glib parsed them into: an exact gint64 for
 * literals without fraction or exponent, a double otherwise. Draft-04
 * counts only the former as "integer"; comparisons across the two forms
 * are exact, never a lossy cast of the gint64 to double.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "oci-schema-private.h"

#include <math.h>

/* 2^63 as a double: the first double above every gint64 */
#define TWO_POW_63 9223372036854775808.0

OciSchemaKind
oci_schema_kind_of (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return OCI_SCHEMA_KIND_OBJECT;
    case JSON_NODE_ARRAY:
      return OCI_SCHEMA_KIND_ARRAY;
    case JSON_NODE_NULL:
      return OCI_SCHEMA_KIND_NULL;
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_INT:
      return OCI_SCHEMA_KIND_INTEGER;
    case G_TYPE_DOUBLE:
    case G_TYPE_FLOAT:
      {
        double d = json_node_get_double (node);

        /* only an integer literal too large for gint64 reads as such a
         * double (see oci_schema_parse_json()) */
        if (isfinite (d) && fabs (d) >= TWO_POW_63 && d == floor (d))
          return OCI_SCHEMA_KIND_INTEGER;
        return OCI_SCHEMA_KIND_NUMBER;
      }
    case G_TYPE_BOOLEAN:
      return OCI_SCHEMA_KIND_BOOLEAN;
    case G_TYPE_STRING:
      return OCI_SCHEMA_KIND_STRING;
    default:
      return OCI_SCHEMA_KIND_NULL;
    }
}

const char *
oci_schema_kind_name (OciSchemaKind kind)
{
  switch (kind)
    {
    case OCI_SCHEMA_KIND_NULL:
      return "null";
    case OCI_SCHEMA_KIND_BOOLEAN:
      return "boolean";
    case OCI_SCHEMA_KIND_INTEGER:
      return "integer";
    case OCI_SCHEMA_KIND_NUMBER:
      return "number";
    case OCI_SCHEMA_KIND_STRING:
      return "string";
    case OCI_SCHEMA_KIND_ARRAY:
      return "array";
    case OCI_SCHEMA_KIND_OBJECT:
      return "object";
    default:
      return "unknown";
    }
}

gboolean
oci_schema_number_from_node (JsonNode        *node,
                             OciSchemaNumber *number)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_INT:
      number->is_int = TRUE;
      number->i = json_node_get_int (node);
      number->d = (double) number->i;
      return TRUE;
    case G_TYPE_DOUBLE:
    case G_TYPE_FLOAT:
      number->is_int = FALSE;
      number->d = json_node_get_double (node);
      number->i = 0;
      return TRUE;
    default:
      return FALSE;
    }
}

static int
compare_int_double (gint64 i,
                    double d)
{
  double whole;
  gint64 whole_int;

  if (isnan (d))
    return -1;
  if (d >= TWO_POW_63)
    return -1;
  if (d < -TWO_POW_63)
    return 1;

  /* here floor (d) is within the gint64 range, so the cast is exact */
  whole = floor (d);
  whole_int = (gint64) whole;
  if (i < whole_int)
    return -1;
  if (i > whole_int)
    return 1;
  return d > whole ? -1 : 0;
}

/* Returns <0, 0 or >0 like strcmp(); 1 and 1.0 are equal. */
int
oci_schema_number_compare (const OciSchemaNumber *a,
                           const OciSchemaNumber *b)
{
  if (a->is_int && b->is_int)
    return (a->i > b->i) - (a->i < b->i);
  if (a->is_int)
    return compare_int_double (a->i, b->d);
  if (b->is_int)
    return -compare_int_double (b->i, a->d);
  return (a->d > b->d) - (a->d < b->d);
}

/* An integral double that a gint64 holds exactly, as that gint64. */
static gboolean
number_as_int (const OciSchemaNumber *number,
               gint64                *out)
{
  if (number->is_int)
    {
      *out = number->i;
      return TRUE;
    }
  if (!isfinite (number->d) || number->d != floor (number->d)
      || number->d >= TWO_POW_63 || number->d < -TWO_POW_63)
    return FALSE;
  *out = (gint64) number->d;
  return TRUE;
}

/* Exact for integers; for decimals, tolerant of binary rounding
 * (0.0075 is a multiple of 0.0001 although 0.0075 / 0.0001 is not 75). */
gboolean
oci_schema_number_is_multiple (const OciSchemaNumber *value,
                               const OciSchemaNumber *divisor)
{
  gint64 vi, di;
  double quotient, nearest;

  if (number_as_int (value, &vi) && number_as_int (divisor, &di) && di > 0)
    return vi % di == 0;

  if (divisor->d == 0.0)
    return FALSE;
  quotient = value->d / divisor->d;
  if (!isfinite (quotient))
    return FALSE;
  nearest = nearbyint (quotient);
  return fabs (quotient - nearest) <= 1e-9 * MAX (1.0, fabs (nearest));
}

char *
oci_schema_number_to_string (const OciSchemaNumber *number)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (number->is_int)
    return g_strdup_printf ("%" G_GINT64_FORMAT, number->i);

  /* the shortest of the usual precisions that reads back the same */
  g_ascii_formatd (buf, sizeof buf, "%.15g", number->d);
  if (g_ascii_strtod (buf, NULL) != number->d)
    g_ascii_formatd (buf, sizeof buf, "%.17g", number->d);
  return g_strdup (buf);
}

static gboolean
objects_equal (JsonObject *a,
               JsonObject *b)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (json_object_get_size (a) != json_object_get_size (b))
    return FALSE;

  json_object_iter_init (&iter, a);
  while (json_object_iter_next (&iter, &name, &member))
    {
      JsonNode *other = json_object_get_member (b, name);

      if (other == NULL || !oci_schema_json_equal (member, other))
        return FALSE;
    }
  return TRUE;
}

static gboolean
arrays_equal (JsonArray *a,
              JsonArray *b)
{
  guint n = json_array_get_length (a);

  if (n != json_array_get_length (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!oci_schema_json_equal (json_array_get_element (a, i),
                                json_array_get_element (b, i)))
      return FALSE;
  return TRUE;
}

/* Deep equality as draft-04 defines it for "enum" and "uniqueItems". */
gboolean
oci_schema_json_equal (JsonNode *a,
                       JsonNode *b)
{
  OciSchemaKind ka = oci_schema_kind_of (a);
  OciSchemaKind kb = oci_schema_kind_of (b);
  OciSchemaNumber na, nb;

  if (oci_schema_number_from_node (a, &na) && oci_schema_number_from_node (b, &nb))
    return oci_schema_number_compare (&na, &nb) == 0;
  if (ka != kb)
    return FALSE;

  switch (ka)
    {
    case OCI_SCHEMA_KIND_NULL:
      return TRUE;
    case OCI_SCHEMA_KIND_BOOLEAN:
      return !json_node_get_boolean (a) == !json_node_get_boolean (b);
    case OCI_SCHEMA_KIND_STRING:
      return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
    case OCI_SCHEMA_KIND_ARRAY:
      return arrays_equal (json_node_get_array (a), json_node_get_array (b));
    case OCI_SCHEMA_KIND_OBJECT:
      return objects_equal (json_node_get_object (a), json_node_get_object (b));
    default:
      return FALSE;
    }
}

static guint
number_hash (JsonNode *node)
{
  OciSchemaNumber number;
  gint64 as_int;

  oci_schema_number_from_node (node, &number);
  /* equal numbers must hash alike whatever their form */
  if (number_as_int (&number, &as_int))
    return g_int64_hash (&as_int);
  return g_double_hash (&number.d);
}

/* A hash consistent with oci_schema_json_equal(). */
guint
oci_schema_json_hash (JsonNode *node)
{
  OciSchemaKind kind = oci_schema_kind_of (node);
  guint hash = kind;

  switch (kind)
    {
    case OCI_SCHEMA_KIND_INTEGER:
    case OCI_SCHEMA_KIND_NUMBER:
      return number_hash (node);
    case OCI_SCHEMA_KIND_BOOLEAN:
      return hash * 31 + (json_node_get_boolean (node) ? 1 : 0);
    case OCI_SCHEMA_KIND_STRING:
      return hash * 31 + g_str_hash (json_node_get_string (node));
    case OCI_SCHEMA_KIND_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        for (guint i = 0; i < n; i++)
          hash = hash * 31 + oci_schema_json_hash (json_array_get_element (array, i));
        return hash;
      }
    case OCI_SCHEMA_KIND_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        /* member order does not matter: combine with a commutative sum */
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          hash += g_str_hash (name) ^ oci_schema_json_hash (member);
        return hash;
      }
    case OCI_SCHEMA_KIND_NULL:
    default:
      return hash;
    }
}
