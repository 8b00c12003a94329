// File: json_log_formatter.h
// spdlog formatter writing one JSON object per line (--log-format json):
// {"time":"...Z","level":"info","msg":"..."}.
#ifndef FAKECRI_CLI_JSON_LOG_FORMATTER_H_
#define FAKECRI_CLI_JSON_LOG_FORMATTER_H_

#include <spdlog/formatter.h>

#include <memory>

namespace fakecri::cli {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg,
              spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonLogFormatter>();
  }
};

}  // namespace fakecri::cli

#endif  // FAKECRI_CLI_JSON_LOG_FORMATTER_H_
