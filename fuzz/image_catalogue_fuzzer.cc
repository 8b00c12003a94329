// File: image_catalogue_fuzzer.cc
// The image catalogue loader (ImageCatalogue::LoadYamlString) on top of the
// built-in catalogue. Checked: no crash, no sanitizer report; an error
// names its place ("fuzz.yaml:<line>:<col>: ...") and leaves the catalogue
// as it was; after a successful load every tag of every entry resolves
// (Lookup) to that entry's repository and is pullable from an ImageStore.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "fake_runtime/clock/virtual_clock.h"
#include "fake_runtime/images/image_catalogue.h"
#include "fake_runtime/images/image_store.h"
#include "fake_runtime/images/reference.h"

namespace {

using fakecri::runtime::ImageCatalogue;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "image_catalogue_fuzzer: %s\n", what.c_str());
  std::abort();
}

std::string Describe(const ImageCatalogue& c) {
  std::string out;
  for (const auto& e : c.Entries()) {
    out += e.repository + "@" + e.manifest_digest + ":";
    for (const auto& t : e.tags) out += t + ",";
    out += "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  static const ImageCatalogue* const kBuiltIn =
      new ImageCatalogue(ImageCatalogue::BuiltIn());
  static const size_t kBuiltInCount = kBuiltIn->Entries().size();
  static const std::string kBuiltInText = Describe(*kBuiltIn);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ImageCatalogue catalogue = *kBuiltIn;
  absl::Status st = catalogue.LoadYamlString(text, "fuzz.yaml");
  if (!st.ok()) {
    if (!absl::StartsWith(st.message(), "fuzz.yaml:")) {
      Fail("error without a place: " + st.ToString());
    }
    if (Describe(catalogue) != kBuiltInText) {
      Fail("a failed load changed the catalogue: " + st.ToString());
    }
    return 0;
  }
  // The loaded entries only: the built-in ones are tested elsewhere.
  const std::vector<fakecri::runtime::ImageProfile> entries =
      catalogue.Entries();
  fakecri::runtime::VirtualClock clock;
  std::optional<fakecri::runtime::ImageStore> store;
  for (size_t i = kBuiltInCount; i < entries.size(); ++i) {
    const auto& e = entries[i];
    for (const auto& tag : e.tags) {
      const std::string ref = e.repository + ":" + tag;
      auto parsed = fakecri::runtime::ParseImageReference(ref);
      if (!parsed.ok()) {
        Fail("accepted entry has an unparsable reference " + ref + ": " +
             parsed.status().ToString());
      }
      const auto profile = catalogue.Lookup(*parsed);
      if (profile.synthetic || profile.repository != e.repository) {
        Fail("accepted entry " + ref + " does not look up to itself");
      }
      if (!store) store.emplace(catalogue, clock);
      auto pulled = store->Pull(ref);
      if (!pulled.ok()) {
        Fail("accepted entry " + ref +
             " cannot be pulled: " + pulled.status().ToString());
      }
    }
  }
  return 0;
}
