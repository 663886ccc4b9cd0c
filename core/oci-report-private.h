/* oci-report-private.h — text encodings both reporters write
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

char *oci_xml_escape (const char *text);
char *oci_json_quote (const char *text);
void oci_yaml_field (FILE *out, const char *indent, const char *key, const char *value);

G_END_DECLS
