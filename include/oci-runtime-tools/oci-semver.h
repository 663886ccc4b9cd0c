/* oci-semver.h — Semantic Versioning 2.0.0 values
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/**
 * OciSemver:
 * @major: major version
 * @minor: minor version
 * @patch: patch version
 * @prerelease: (nullable): pre-release part after '-', or %NULL
 * @build: (nullable): build metadata after '+', or %NULL
 *
 * A parsed SemVer 2.0.0 version. Strings point into storage owned by the
 * value; clear with oci_semver_clear().
 */
typedef struct
{
  guint64 major;
  guint64 minor;
  guint64 patch;
  char *prerelease;
  char *build;
} OciSemver;

gboolean oci_semver_parse (const char *text, OciSemver *out, GError **error);
void oci_semver_clear (OciSemver *version);
int oci_semver_compare (const OciSemver *a, const OciSemver *b);
int oci_semver_compare_strings (const char *a, const char *b);
char *oci_semver_to_string (const OciSemver *version);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OciSemver, oci_semver_clear)

#pragma GCC visibility pop

G_END_DECLS
