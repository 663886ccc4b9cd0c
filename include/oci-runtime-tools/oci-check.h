/* oci-check.h — checkers and the context they run in
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>
#include "oci-config.h"
#include "oci-requirement.h"

G_BEGIN_DECLS

/* libocirt is built with hidden visibility: what is declared here is its API. */
#pragma GCC visibility push(default)

/**
 * OciPhase:
 * @OCI_PHASE_BUNDLE: needs only the config and the bundle directory
 * @OCI_PHASE_HOST: needs the host (run with --host-specific)
 * @OCI_PHASE_INSIDE: runs inside a container, from oci-runtimetest
 * @OCI_PHASE_STATE: checks a runtime's state document (validate --state)
 * @OCI_PHASE_FEATURES: checks a runtime's features document (validate
 *   --features)
 */
typedef enum
{
  OCI_PHASE_BUNDLE = 1 << 0,
  OCI_PHASE_HOST = 1 << 1,
  OCI_PHASE_INSIDE = 1 << 2,
  OCI_PHASE_STATE = 1 << 3,
  OCI_PHASE_FEATURES = 1 << 4,
} OciPhase;

typedef struct _OciCheckContext OciCheckContext;
typedef struct _OciPlugin OciPlugin;

/**
 * OciCheckFunc:
 * @ctx: the context: config, bundle, target, and where results go
 * @error: set only when the check could not run
 *
 * Posts results with oci_check_fail() and friends. A spec violation is a
 * result, never a #GError.
 *
 * Returns: %FALSE with @error set if the check could not run
 */
typedef gboolean (*OciCheckFunc) (OciCheckContext *ctx, GError **error);

/**
 * OciChecker:
 * @id: dotted lowercase id, e.g. "linux.seccomp"; the first segment is the plugin name
 * @description: one line
 * @phase: the phase it belongs to
 * @check: the function
 * @reserved: padding for later fields
 */
typedef struct
{
  const char *id;
  const char *description;
  OciPhase phase;
  OciCheckFunc check;
  gpointer reserved[4];
} OciChecker;

OciConfig *oci_check_context_get_config (OciCheckContext *ctx);
const char *oci_check_context_get_bundle (OciCheckContext *ctx);
const char *oci_check_context_get_rootfs (OciCheckContext *ctx);
const char *oci_check_context_get_os (OciCheckContext *ctx);
const char *oci_check_context_get_arch (OciCheckContext *ctx);
const char *oci_check_context_get_release (OciCheckContext *ctx);
OciPhase oci_check_context_get_phase (OciCheckContext *ctx);
OciPlugin *oci_check_context_get_plugin (OciCheckContext *ctx);
gboolean oci_check_context_is_host_specific (OciCheckContext *ctx);
gboolean oci_check_context_wants (OciCheckContext *ctx, const char *requirement_id);
gboolean oci_check_context_release_at_least (OciCheckContext *ctx, const char *release);

void oci_check_pass (OciCheckContext *ctx, const char *requirement_id);
void oci_check_fail (OciCheckContext *ctx,
                     const char *requirement_id,
                     const char *pointer,
                     const char *format,
                     ...) G_GNUC_PRINTF (4, 5);
void oci_check_fail_values (OciCheckContext *ctx,
                            const char *requirement_id,
                            const char *pointer,
                            const char *expected,
                            const char *actual,
                            const char *format,
                            ...) G_GNUC_PRINTF (6, 7);
void oci_check_skip (OciCheckContext *ctx,
                     const char *requirement_id,
                     const char *pointer,
                     const char *format,
                     ...) G_GNUC_PRINTF (4, 5);
gboolean oci_check_expect (OciCheckContext *ctx,
                           gboolean condition,
                           const char *requirement_id,
                           const char *pointer,
                           const char *format,
                           ...) G_GNUC_PRINTF (5, 6);

#pragma GCC visibility pop

G_END_DECLS
