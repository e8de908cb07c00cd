// The error layer: wrt::Error, wrt::Result<T>, WRT_TRY.
#pragma once

#include <wrt/error/error.hpp>
#include <wrt/error/result.hpp>
