/* No plugin metadata, and a constructor that would loop the process if
 * the module were ever opened: discovery must never open it.
 * SPDX-License-Identifier: Apache-2.0 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__ ((constructor)) static void
ctor_loop (void)
{
  for (;;) pause ();
}
