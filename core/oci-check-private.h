/* oci-check-private.h — the context a checker runs in
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include "oci-check.h"
#include "oci-registry.h"
#include "oci-result-bus.h"

G_BEGIN_DECLS

typedef gboolean (*OciSelectFunc) (gpointer data, const char *checker_id, const char *requirement_id);

struct _OciCheckContext
{
  OciRegistry *registry;
  OciResultBus *bus;
  OciConfig *config;
  const char *bundle;
  char *rootfs;
  const char *os;
  const char *arch;
  const char *release;
  const char *subject;
  OciPhase phase;
  gboolean host_specific;
  const OciChecker *checker;
  const char *checker_id;
  OciSelectFunc select;
  gpointer select_data;
  /* requirement id -> the checker id that checked it, while it holds;
   * ids that failed or were skipped are in @settled. Only kept when the bus
   * wants passes. */
  GHashTable *checked;
  GHashTable *settled;
  /* When set, results are kept here (OciResult *, owned by whoever set
   * it) instead of posted: validate's worker threads leave the posting to
   * the calling thread. */
  GPtrArray *held;
};

void oci_check_context_init (OciCheckContext *ctx,
                             OciRegistry *registry,
                             OciResultBus *bus,
                             OciConfig *config,
                             const char *bundle,
                             const char *subject);
void oci_check_context_flush_passes (OciCheckContext *ctx);
void oci_check_context_clear (OciCheckContext *ctx);
void oci_check_post (OciCheckContext *ctx,
                     OciStatus status,
                     const char *requirement_id,
                     const char *pointer,
                     const char *expected,
                     const char *actual,
                     const char *message);

G_END_DECLS
