// File: cri_input.cc
#include "cri_input.h"

#include <algorithm>

namespace fakecri::fuzz {

std::vector<CriCall> DecodeCalls(const uint8_t* data, size_t size) {
  std::vector<CriCall> calls;
  size_t at = 0;
  while (size - at >= 5 && calls.size() < kMaxCalls) {
    CriCall call;
    call.rpc =
        static_cast<CriRpc>(data[at] % static_cast<uint8_t>(CriRpc::kCount));
    call.target = data[at + 1];
    call.advance = data[at + 2];
    size_t len = data[at + 3] | (static_cast<size_t>(data[at + 4]) << 8);
    at += 5;
    len = std::min(len, size - at);
    call.request =
        std::string_view(reinterpret_cast<const char*>(data + at), len);
    at += len;
    calls.push_back(call);
  }
  return calls;
}

void EncodeCall(CriRpc rpc, uint8_t target, uint8_t advance,
                std::string_view request, std::string* out) {
  const size_t len = std::min<size_t>(request.size(), 0xffff);
  out->push_back(static_cast<char>(rpc));
  out->push_back(static_cast<char>(target));
  out->push_back(static_cast<char>(advance));
  out->push_back(static_cast<char>(len & 0xff));
  out->push_back(static_cast<char>(len >> 8));
  out->append(request.substr(0, len));
}

}  // namespace fakecri::fuzz
