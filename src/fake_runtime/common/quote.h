// File: quote.h
// Quoting client input in error messages. A client can send an id or a
// path of any length; quoted whole, a 20,000-byte id made the status
// message exceed gRPC's metadata limit, and the client saw
// RESOURCE_EXHAUSTED instead of the error. Every message that quotes
// client input goes through QuoteInput.
#ifndef FAKECRI_COMMON_QUOTE_H_
#define FAKECRI_COMMON_QUOTE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace fakecri {

// Input bytes quoted in full up to this length.
inline constexpr size_t kMaxQuotedInput = 128;

// "input", or for longer input its first kMaxQuotedInput bytes (cut at a
// UTF-8 character boundary) as "prefix..." (N bytes). Takes std::string,
// std::string_view and absl::string_view alike.
template <typename S>
std::string QuoteInput(const S& input) {
  const std::string_view s(input.data(), input.size());
  std::string out = "\"";
  if (s.size() <= kMaxQuotedInput) {
    out.append(s);
    out.push_back('"');
    return out;
  }
  size_t cut = kMaxQuotedInput;
  // Back up over UTF-8 continuation bytes (10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  out.append(s.substr(0, cut));
  out.append("...\" (");
  out.append(std::to_string(s.size()));
  out.append(" bytes)");
  return out;
}

// Final cap on a status message sent to a client, far below gRPC's 8 KiB
// default metadata limit (the message travels in grpc-message).
inline constexpr size_t kMaxStatusMessage = 2048;

// `message` unchanged when short enough, else cut (at a UTF-8 boundary)
// with "... (message truncated)".
inline std::string CapStatusMessage(std::string_view message) {
  if (message.size() <= kMaxStatusMessage) return std::string(message);
  size_t cut = kMaxStatusMessage;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string out(message.substr(0, cut));
  out.append("... (message truncated)");
  return out;
}

}  // namespace fakecri

#endif  // FAKECRI_COMMON_QUOTE_H_
