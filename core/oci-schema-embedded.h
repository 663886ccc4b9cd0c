/* oci-schema-embedded.h — the runtime-spec schemas built into the library
 *
 * schemas/gen-schemas.py writes them, per release, into a generated C file
 * (schemas/meson.build): plain constant data, which the library reads in
 * place. (They were a GResource at first: looking one up ran GIO's
 * resource and GVariant code, some 0.3 MiB of resident memory per process
 * for no use; the URIs keep the resource:// scheme.)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *path;      /* "/org/ocirt/schemas/1.3.0/config-schema.json" */
  const char *text;      /* NUL-terminated */
  gsize       length;
  const char *index;     /* the container index (gen-schemas.py), or NULL */
  gsize       index_length;
} OciEmbeddedSchema;

/* sorted by path */
extern const OciEmbeddedSchema oci_embedded_schemas[];
extern const gsize oci_embedded_schemas_count;

G_GNUC_INTERNAL const OciEmbeddedSchema *oci_embedded_schema_lookup (const char *path);

G_END_DECLS
