// Error handling for all of EdgePose: library code never throws.
//
// A fallible function returns Status (no value) or Result<T>. Both are thin
// [[nodiscard]] wrappers over tl::expected<T, Error> so they can become
// std::expected once the toolchain has C++23. Messages are one line,
// "<subject>: <problem>", and each boundary prefixes its own context.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include <tl/expected.hpp>

namespace edgepose {

struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using tl::expected<T, Error>::expected;
  Result(const tl::expected<T, Error>& other) : tl::expected<T, Error>(other) {}
  Result(tl::expected<T, Error>&& other) : tl::expected<T, Error>(std::move(other)) {}
};

using Status = Result<void>;

inline Status Ok() { return {}; }

inline tl::unexpected<Error> MakeError(std::string message) {
  return tl::make_unexpected(Error{std::move(message)});
}

// Prefixes "context: " to an error, leaves success untouched.
template <class T>
Result<T> WithContext(Result<T> result, const std::string& context) {
  if (!result) return MakeError(context + ": " + result.error().message);
  return result;
}

}  // namespace edgepose

#define EP_CONCAT_INNER(a, b) a##b
#define EP_CONCAT(a, b) EP_CONCAT_INNER(a, b)

#define EP_RETURN_IF_ERROR(expr)                                        \
  do {                                                                  \
    auto ep_status_ = (expr);                                           \
    if (!ep_status_) return ::tl::make_unexpected(ep_status_.error());  \
  } while (0)

#define EP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)                        \
  auto tmp = (expr);                                                    \
  if (!tmp) return ::tl::make_unexpected(std::move(tmp).error());       \
  lhs = std::move(*tmp)

// EP_ASSIGN_OR_RETURN(auto x, Compute()); declares x or returns the error.
#define EP_ASSIGN_OR_RETURN(lhs, expr) \
  EP_ASSIGN_OR_RETURN_IMPL(EP_CONCAT(ep_result_, __LINE__), lhs, expr)
