/* oci-runtime-tools.h — the one header of libocirt and its plugin SDK
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#pragma once

#define OCI_RUNTIME_TOOLS_INSIDE

#include <oci-runtime-tools/oci-version.h>
#include "oci-error.h"
#include "oci-semver.h"
#include "oci-file.h"
#include "oci-config.h"
#include "oci-requirement.h"
#include "oci-result.h"
#include "oci-result-bus.h"
#include "oci-reporter.h"
#include "oci-check.h"
#include "oci-generate.h"
#include "oci-plugin.h"
#include "oci-registry.h"
#include "oci-schema.h"
#include "oci-spec.h"
#include "oci-path.h"
#include "oci-validator.h"
#include "oci-runtime.h"

#undef OCI_RUNTIME_TOOLS_INSIDE
