// MINIMUM shares MAXIMUM's params and Prepare (maximum.h).
#pragma once

#include "runtime/kernels/reference/maximum.h"
