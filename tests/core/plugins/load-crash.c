/* Valid metadata, but loading it goes wrong the way LOAD_HOW says:
 * a constructor that exits, or an init that crashes or hangs.
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <oci-runtime-tools/oci-runtime-tools.h>

#define CTOR_EXIT 1
#define INIT_CRASH 2
#define INIT_HANG 3

#if LOAD_HOW == CTOR_EXIT
__attribute__ ((constructor)) static void
ctor_exit (void)
{
  exit (0);
}
#endif

static gboolean
init (OciPlugin *plugin, GError **error)
{
#if LOAD_HOW == INIT_CRASH
  raise (SIGSEGV);
#elif LOAD_HOW == INIT_HANG
  for (;;)
    pause ();
#endif
  return TRUE;
}

OCI_PLUGIN_DEFINE (LOAD_NAME, "goes wrong while loading", "*", init)
