/* oci-spec.h — the runtime-spec releases known to this build and their schemas
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include "oci-schema.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/**
 * OciReleaseMatch:
 * @OCI_RELEASE_EXACT: the version is a known release (or its pre-release / build)
 * @OCI_RELEASE_NEWER: a newer version than any known; the newest known is used
 * @OCI_RELEASE_UNKNOWN: between known releases but not one of them; the
 *   newest older release is used
 * @OCI_RELEASE_INVALID: not SemVer, or older than the first release
 */
typedef enum
{
  OCI_RELEASE_EXACT,
  OCI_RELEASE_NEWER,
  OCI_RELEASE_UNKNOWN,
  OCI_RELEASE_INVALID,
} OciReleaseMatch;

const char *const *oci_spec_get_releases (void);
const char *oci_spec_get_newest_release (void);
gboolean oci_spec_is_release (const char *release);
OciReleaseMatch oci_spec_match_release (const char *version, const char **release);
char *oci_spec_schema_uri (const char *release, const char *document);
gboolean oci_spec_has_schema (const char *release, const char *document);
char *oci_spec_hide_schema_uris (const char *text);
const char *oci_host_os (void);
const char *oci_host_arch (void);

#pragma GCC visibility pop

G_END_DECLS
