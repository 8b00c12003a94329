// File: image_store.cc
// ImageStore: records keyed by id plus a name index (every repo tag and
// repo digest -> id), so that moving a tag or removing an image keeps both
// sides consistent under one lock.
#include "fake_runtime/images/image_store.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "fake_runtime/common/quote.h"
#include "fake_runtime/common/status_macros.h"
#include "fake_runtime/images/reference.h"
#include "nlohmann/json.hpp"

namespace fakecri::runtime {
namespace {

constexpr std::string_view kSha256Prefix = "sha256:";

// Debian's abseil has its own string_view type, distinct from std's.
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

bool IsFullId(std::string_view s) {
  return s.size() == kSha256Prefix.size() + 64 &&
         s.substr(0, kSha256Prefix.size()) == kSha256Prefix &&
         IsLowerHex(s.substr(kSha256Prefix.size()));
}

// containerd pins its sandbox image; every "pause" repository is one.
bool IsPauseRepository(std::string_view repository) {
  const size_t slash = repository.rfind('/');
  return repository.substr(slash == std::string_view::npos ? 0 : slash + 1) ==
         "pause";
}

// Go's strconv.ParseInt(s, 10, 64): optional sign, digits, no overflow.
std::optional<int64_t> ParseInt64(std::string_view s) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
    if (!s.empty() && s.front() == '-') return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// 64 bits taken from the (already well-mixed) id, for derived details.
uint64_t IdBits(std::string_view id) {
  uint64_t v = 0;
  std::string_view hex = id.substr(std::min(id.size(), kSha256Prefix.size()));
  std::from_chars(hex.data(), hex.data() + std::min<size_t>(16, hex.size()), v,
                  16);
  return v;
}

void AddUnique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

}  // namespace

ImageStore::ImageStore(ImageCatalogue catalogue, Clock& clock)
    : clock_(clock), catalogue_(std::move(catalogue)) {}

void ImageStore::SetCatalogue(ImageCatalogue catalogue) {
  fakecri::MutexLock lock(&mu_);
  catalogue_ = std::move(catalogue);
}

uint64_t ImageStore::PullSize(std::string_view raw) const {
  absl::StatusOr<ImageReference> ref = ParseImageReference(raw);
  if (!ref.ok()) return 0;
  fakecri::MutexLock lock(&mu_);
  return catalogue_.Lookup(*ref).size_bytes;
}

absl::StatusOr<std::string> ImageStore::Pull(std::string_view raw) {
  ASSIGN_OR_RETURN(ImageReference ref, ParseImageReference(raw));
  const TimeNs now = clock_.Now();
  fakecri::MutexLock lock(&mu_);
  if (!ref.digest.empty()) {
    // A digest names content: if it is here, this is that image.
    if (auto it = names_.find(ref.DigestedString()); it != names_.end()) {
      return it->second;
    }
  }
  ImageProfile profile = catalogue_.Lookup(ref);
  const std::string id = profile.config_digest;
  if (!images_.contains(id)) {
    Entry& e = images_[id];
    e.seq = next_seq_++;
    e.record.id = id;
    e.record.pinned = IsPauseRepository(profile.repository);
    e.record.pulled_at = now;
    e.record.profile = std::move(profile);
  }
  const ImageProfile& p = images_[id].record.profile;
  if (!ref.digest.empty()) {
    BindLocked(ref.DigestedString(), id);
  } else {
    BindLocked(ref.TaggedString(), id);
    BindLocked(absl::StrCat(ref.Repository(), "@", p.manifest_digest), id);
  }
  return id;
}

void ImageStore::BindLocked(const std::string& name, const std::string& id) {
  const bool is_digest = name.find('@') != std::string::npos;
  auto [it, inserted] = names_.emplace(name, id);
  if (!inserted && it->second != id) {
    const std::string old_id = it->second;
    it->second = id;
    ImageRecord& old = images_[old_id].record;
    std::erase(is_digest ? old.repo_digests : old.repo_tags, name);
    // Nothing names the old image any more: containerd drops it too.
    if (old.repo_tags.empty() && old.repo_digests.empty()) {
      EraseLocked(old_id);
    }
  }
  ImageRecord& rec = images_[id].record;
  AddUnique(is_digest ? rec.repo_digests : rec.repo_tags, name);
}

void ImageStore::EraseLocked(const std::string& id) {
  auto it = images_.find(id);
  if (it == images_.end()) return;
  for (const std::string& name : it->second.record.repo_tags) {
    names_.erase(name);
  }
  for (const std::string& name : it->second.record.repo_digests) {
    names_.erase(name);
  }
  images_.erase(it);
}

absl::StatusOr<std::string> ImageStore::ResolveLocked(
    std::string_view ref_or_id) const {
  if (ref_or_id.empty()) {
    return absl::InvalidArgumentError("no image specified");
  }
  const auto not_found = [&] {
    return absl::NotFoundError(
        absl::StrCat("image ", QuoteInput(ref_or_id), " not found"));
  };
  if (IsFullId(ref_or_id)) {
    if (images_.contains(std::string(ref_or_id))) return std::string(ref_or_id);
    return not_found();
  }
  if (absl::StatusOr<ImageReference> ref = ParseImageReference(ref_or_id);
      ref.ok()) {
    // Like ParseDockerRef: a digest wins over a tag given with it.
    const std::string name =
        ref->digest.empty() ? ref->TaggedString() : ref->DigestedString();
    if (auto it = names_.find(name); it != names_.end()) return it->second;
  }
  // Last resort, as in containerd: a truncated id.
  std::string_view hex = ref_or_id;
  if (hex.substr(0, kSha256Prefix.size()) == kSha256Prefix) {
    hex.remove_prefix(kSha256Prefix.size());
  }
  if (hex.empty() || hex.size() > 64 || !IsLowerHex(hex)) return not_found();
  const std::string prefix = absl::StrCat(Av(kSha256Prefix), Av(hex));
  std::vector<std::string> matches;
  for (auto it = images_.lower_bound(prefix);
       it != images_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    matches.push_back(it->first);
  }
  if (matches.empty()) return not_found();
  if (matches.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("ambiguous image id prefix \"", Av(ref_or_id),
                     "\": matches ", matches.size(), " images"));
  }
  return matches.front();
}

absl::StatusOr<ImageRecord> ImageStore::Get(std::string_view ref_or_id) const {
  fakecri::ReaderMutexLock lock(&mu_);
  ASSIGN_OR_RETURN(const std::string id, ResolveLocked(ref_or_id));
  return images_.at(id).record;
}

std::optional<ImageRecord> ImageStore::Find(std::string_view ref_or_id) const {
  absl::StatusOr<ImageRecord> rec = Get(ref_or_id);
  if (!rec.ok()) return std::nullopt;
  return *std::move(rec);
}

absl::Status ImageStore::Remove(std::string_view ref_or_id) {
  fakecri::MutexLock lock(&mu_);
  absl::StatusOr<std::string> id = ResolveLocked(ref_or_id);
  if (absl::IsNotFound(id.status())) return absl::OkStatus();
  RETURN_IF_ERROR(id.status());
  EraseLocked(*id);
  return absl::OkStatus();
}

absl::Status ImageStore::SetPinned(std::string_view ref_or_id, bool pinned) {
  fakecri::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(const std::string id, ResolveLocked(ref_or_id));
  images_[id].record.pinned = pinned;
  return absl::OkStatus();
}

std::vector<ImageRecord> ImageStore::List() const {
  fakecri::ReaderMutexLock lock(&mu_);
  std::vector<const Entry*> entries;
  entries.reserve(images_.size());
  for (const auto& [id, e] : images_) entries.push_back(&e);
  std::sort(entries.begin(), entries.end(),
            [](const Entry* a, const Entry* b) { return a->seq < b->seq; });
  std::vector<ImageRecord> out;
  out.reserve(entries.size());
  for (const Entry* e : entries) out.push_back(e->record);
  return out;
}

ImageStore::Usage ImageStore::FsUsage() const {
  fakecri::ReaderMutexLock lock(&mu_);
  Usage u;
  for (const auto& [id, e] : images_) {
    u.bytes += e.record.profile.size_bytes;
    u.inodes += e.record.profile.inodes;
  }
  return u;
}

void ImageStore::ToProto(const ImageRecord& rec, ::runtime::v1::Image* out) {
  out->Clear();
  out->set_id(rec.id);
  for (const std::string& t : rec.repo_tags) out->add_repo_tags(t);
  for (const std::string& d : rec.repo_digests) out->add_repo_digests(d);
  out->set_size(rec.profile.size_bytes);
  const std::string& user = rec.profile.user;
  if (!user.empty()) {
    // Only the user part of "user:group" is reported.
    const std::string_view name =
        std::string_view(user).substr(0, std::string_view(user).find(':'));
    if (std::optional<int64_t> uid = ParseInt64(name)) {
      out->mutable_uid()->set_value(*uid);
    } else {
      out->set_username(std::string(name));
    }
  }
  out->mutable_spec()->set_image(rec.id);
  out->set_pinned(rec.pinned);
}

std::string ImageStore::VerboseInfoJson(const ImageRecord& rec) {
  using nlohmann::json;
  const ImageProfile& p = rec.profile;
  const uint64_t bits = IdBits(rec.id);

  // OCI image config: empty fields are omitted, as Go's omitempty does.
  json config = json::object();
  if (!p.user.empty()) config["User"] = p.user;
  if (!p.exposed_ports.empty()) {
    json ports = json::object();
    for (const std::string& port : p.exposed_ports)
      ports[port] = json::object();
    config["ExposedPorts"] = ports;
  }
  if (!p.env.empty()) config["Env"] = p.env;
  if (!p.entrypoint.empty()) config["Entrypoint"] = p.entrypoint;
  if (!p.cmd.empty()) config["Cmd"] = p.cmd;
  if (!p.working_dir.empty()) config["WorkingDir"] = p.working_dir;
  if (!p.labels.empty()) config["Labels"] = p.labels;
  if (!p.stop_signal.empty()) config["StopSignal"] = p.stop_signal;

  // Layers and chain id follow the OCI construction (chain_n =
  // H(chain_{n-1} + " " + diff_n)) with synthetic digests.
  const int layers = 1 + static_cast<int>(bits % 4);
  std::vector<std::string> diff_ids;
  std::string chain_id;
  for (int i = 0; i < layers; ++i) {
    diff_ids.push_back(SyntheticDigest(absl::StrCat(rec.id, "/layer/", i)));
    chain_id = i == 0
                   ? diff_ids[0]
                   : SyntheticDigest(absl::StrCat(chain_id, " ", diff_ids[i]));
  }

  // A build date derived from the id, somewhere in 2023-2024: stable, and
  // independent of when the fake "pulled" it.
  const absl::Time created = absl::FromUnixSeconds(
      1672531200 + static_cast<int64_t>((bits >> 8) % (2 * 365 * 86400)));

#if defined(__aarch64__)
  constexpr const char* kArch = "arm64";
#else
  constexpr const char* kArch = "amd64";
#endif
  json spec = {
      {"created",
       absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", created, absl::UTCTimeZone())},
      {"architecture", kArch},
      {"os", "linux"},
      {"config", config},
      {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
  };
  json info = {{"chainID", chain_id}, {"imageSpec", spec}};
  return info.dump();
}

}  // namespace fakecri::runtime
