/* ort-test.h — helpers the test programs share
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ort_test_remove_tree (const char *path);
void ort_test_copy_file (const char *from, const char *to);

G_END_DECLS
