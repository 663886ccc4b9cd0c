/* oci-requirement.h — spec requirements and their RFC 2119 levels
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/**
 * OciLevel:
 * @OCI_LEVEL_MAY: MAY
 * @OCI_LEVEL_OPTIONAL: OPTIONAL
 * @OCI_LEVEL_SHOULD: SHOULD
 * @OCI_LEVEL_SHOULD_NOT: SHOULD NOT
 * @OCI_LEVEL_RECOMMENDED: RECOMMENDED
 * @OCI_LEVEL_NOT_RECOMMENDED: NOT RECOMMENDED
 * @OCI_LEVEL_MUST: MUST
 * @OCI_LEVEL_MUST_NOT: MUST NOT
 * @OCI_LEVEL_REQUIRED: REQUIRED
 * @OCI_LEVEL_SHALL: SHALL
 * @OCI_LEVEL_SHALL_NOT: SHALL NOT
 *
 * The RFC 2119 keyword of a requirement. The numeric order groups them in
 * three tiers: MAY < SHOULD < MUST (see oci_level_tier()).
 *
 * @OCI_LEVEL_ADVICE is no keyword: the row rests on no sentence of the
 * spec's text, but on what runtimes or the kernel do ("runc refuses
 * this"). Its summary ends with "(advice: REASON)". Advice is reported but
 * fails nothing unless asked for (oci_result_bus_set_strict()). Added
 * after the keywords, so the values before it never change.
 */
typedef enum
{
  OCI_LEVEL_MAY = 0,
  OCI_LEVEL_OPTIONAL,
  OCI_LEVEL_SHOULD = 10,
  OCI_LEVEL_SHOULD_NOT,
  OCI_LEVEL_RECOMMENDED,
  OCI_LEVEL_NOT_RECOMMENDED,
  OCI_LEVEL_MUST = 20,
  OCI_LEVEL_MUST_NOT,
  OCI_LEVEL_REQUIRED,
  OCI_LEVEL_SHALL,
  OCI_LEVEL_SHALL_NOT,
  OCI_LEVEL_ADVICE = 30,
} OciLevel;

/**
 * OciTier:
 * @OCI_TIER_MAY: MAY and OPTIONAL
 * @OCI_TIER_SHOULD: SHOULD, SHOULD NOT, RECOMMENDED, NOT RECOMMENDED
 * @OCI_TIER_MUST: MUST, MUST NOT, REQUIRED, SHALL, SHALL NOT
 * @OCI_TIER_ADVICE: %OCI_LEVEL_ADVICE: outside the MAY < SHOULD < MUST
 *   order; never a compliance level
 */
typedef enum
{
  OCI_TIER_MAY = 0,
  OCI_TIER_SHOULD = 1,
  OCI_TIER_MUST = 2,
  OCI_TIER_ADVICE = 3,
} OciTier;

/**
 * OciRequirement:
 * @id: stable dotted lowercase id, e.g. "base.process.cwd.absolute"
 * @level: the RFC 2119 level in the releases this row covers
 * @document: the spec document, e.g. "config.md", or, for a vendor's
 *   own rule, an absolute URL ("https://example.com/policy.html"), linked
 *   as it is
 * @anchor: (nullable): the section anchor in that document, without '#'
 * @since: (nullable): first release the row applies to ("1.0.0"); %NULL:
 *   every release (a vendor rule that is no spec rule)
 * @until: (nullable): first release it no longer applies to, %NULL if none
 * @summary: one line saying what is required
 *
 * A requirement is one rule of the spec. A rule whose level changed
 * between releases is several rows with the same @id and disjoint
 * [@since, @until) ranges.
 */
typedef struct
{
  const char *id;
  OciLevel level;
  const char *document;
  const char *anchor;
  const char *since;
  const char *until;
  const char *summary;
} OciRequirement;

OciTier oci_level_tier (OciLevel level);
const char *oci_level_to_string (OciLevel level);
gboolean oci_level_parse (const char *text, OciLevel *level);
gboolean oci_tier_parse (const char *text, OciTier *tier);
gboolean oci_requirement_applies (const OciRequirement *requirement, const char *release);
char *oci_requirement_url (const OciRequirement *requirement, const char *release);
char *oci_requirement_basis (const OciRequirement *requirement);

#pragma GCC visibility pop

G_END_DECLS
