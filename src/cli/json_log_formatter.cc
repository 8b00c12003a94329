#include "cli/json_log_formatter.h"

#include <nlohmann/json.hpp>

#include "absl/time/time.h"

namespace fakecri::cli {

void JsonLogFormatter::format(const spdlog::details::log_msg& msg,
                              spdlog::memory_buf_t& dest) {
  // Log lines carry the host's time: they describe the process, not the
  // simulation (whose time lives in the event log).
  nlohmann::json j;
  j["time"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ",
                               absl::FromChrono(msg.time), absl::UTCTimeZone());
  j["level"] = std::string(spdlog::level::to_string_view(msg.level).data(),
                           spdlog::level::to_string_view(msg.level).size());
  j["msg"] = std::string(msg.payload.data(), msg.payload.size());
  std::string line =
      j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line.push_back('\n');
  dest.append(line.data(), line.data() + line.size());
}

}  // namespace fakecri::cli
