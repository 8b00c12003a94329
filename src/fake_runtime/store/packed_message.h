// File: packed_message.h
// A protobuf message kept in its wire form. A parsed message with maps of
// labels and annotations costs several times its serialized size (a heap
// node per map entry, a buffer per long string); the runtime holds one
// config per container, 100,000 of them at scale, and reads them only when
// answering a call about that container.
#ifndef FAKECRI_STORE_PACKED_MESSAGE_H_
#define FAKECRI_STORE_PACKED_MESSAGE_H_

#include <string>

namespace fakecri::runtime {

template <typename Msg>
class PackedMessage {
 public:
  PackedMessage() = default;
  explicit PackedMessage(const Msg& m) { Set(m); }

  void Set(const Msg& m) {
    bytes_.clear();
    m.SerializeToString(&bytes_);
    bytes_.shrink_to_fit();
  }

  // A parsed copy. The bytes came from Set(), so they always parse.
  Msg Get() const {
    Msg m;
    (void)m.ParseFromString(bytes_);
    return m;
  }

  // Parses into `m` (which may live on an arena), replacing its contents.
  void ParseInto(Msg* m) const { (void)m->ParseFromString(bytes_); }

  size_t ByteSize() const { return bytes_.size(); }

 private:
  std::string bytes_;
};

}  // namespace fakecri::runtime

#endif  // FAKECRI_STORE_PACKED_MESSAGE_H_
