/* report-check.h — is a report what its format promises? Shared by the
 * reporter fuzz target and the reporter tests.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean ort_check_json (const char *text, gsize length, char **why);
gboolean ort_check_xml (const char *text, gsize length, char **why);
gboolean ort_check_tap (const char *text, gsize length, guint points, char **why);
gboolean ort_check_github (const char *text, gsize length, char **why);
gboolean ort_check_schema (const char *schema_path, const char *text, gsize length, char **why);
gboolean ort_check_text (const char *text, gsize length, char **why);

G_END_DECLS
