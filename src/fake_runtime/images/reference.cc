// File: reference.cc
// Hand-written matchers for docker/distribution's reference grammar (see
// its regexp.go). They replace the regular expressions so that parsing is
// linear, allocation-light and cannot blow the stack on hostile input.
#include "fake_runtime/images/reference.h"

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace fakecri::runtime {
namespace {

constexpr std::string_view kLegacyDefaultDomain = "index.docker.io";
constexpr std::string_view kOfficialRepoPrefix = "library/";
constexpr size_t kRepositoryNameTotalLengthMax = 255;
constexpr size_t kTagMaxLength = 128;

// Debian's abseil has its own string_view type, distinct from std's.
absl::string_view Av(std::string_view s) { return {s.data(), s.size()}; }

bool IsLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool IsAlnum(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c));
}
bool IsWordChar(char c) { return IsAlnum(c) || c == '_'; }
bool IsLowerHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllOf(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*
// separator      := [._] | "__" | "-"+
bool MatchPathComponent(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (true) {
    const size_t run_start = i;
    while (i < n && IsLowerAlnum(s[i])) ++i;
    if (i == run_start) return false;  // empty component or separator run
    if (i == n) return true;
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '_') {
      ++i;
      if (i < n && s[i] == '_') ++i;
    } else if (s[i] == '-') {
      while (i < n && s[i] == '-') ++i;
    } else {
      return false;
    }
  }
}

// remote-name := path-component ('/' path-component)*
bool MatchRemoteName(std::string_view s) {
  while (true) {
    const size_t slash = s.find('/');
    if (!MatchPathComponent(s.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    s.remove_prefix(slash + 1);
  }
}

// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool MatchDomainComponent(std::string_view s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  for (char c : s) {
    if (!IsAlnum(c) && c != '-') return false;
  }
  return true;
}

// domain := (domain-name | '[' ipv6 ']') (':' [0-9]+)?
bool MatchDomainAndPort(std::string_view s) {
  std::string_view host = s;
  std::string_view port;
  bool has_port = false;
  if (!s.empty() && s.front() == '[') {
    const size_t close = s.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : s.substr(1, close - 1)) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) && c != ':') {
        return false;
      }
    }
    host = s.substr(0, close + 1);
    std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      has_port = true;
      port = rest.substr(1);
    }
  } else {
    const size_t colon = s.find(':');
    if (colon != std::string_view::npos) {
      host = s.substr(0, colon);
      port = s.substr(colon + 1);
      has_port = true;
    }
    std::string_view rest = host;
    while (true) {
      const size_t dot = rest.find('.');
      if (!MatchDomainComponent(rest.substr(0, dot))) return false;
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
  }
  if (has_port && (port.empty() || !AllOf(port, IsDigit))) return false;
  return true;
}

// tag := [\w][\w.-]{0,127}
bool MatchTag(std::string_view s) {
  if (s.empty() || s.size() > kTagMaxLength || !IsWordChar(s.front())) {
    return false;
  }
  for (char c : s) {
    if (!IsWordChar(c) && c != '.' && c != '-') return false;
  }
  return true;
}

// The reference grammar's (lenient) digest pattern:
// [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}
bool MatchDigestPattern(std::string_view s) {
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view algorithm = s.substr(0, colon);
  std::string_view hex = s.substr(colon + 1);
  if (hex.size() < 32) return false;
  for (char c : hex) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  bool component_start = true;
  for (char c : algorithm) {
    if (component_start) {
      if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) return false;
      component_start = false;
    } else if (c == '-' || c == '_' || c == '+' || c == '.') {
      component_start = true;
    } else if (!IsAlnum(c)) {
      return false;
    }
  }
  return !algorithm.empty() && !component_start;
}

// go-digest's stricter Digest.Validate, run after the grammar matched.
absl::Status ValidateDigest(std::string_view d) {
  const absl::Status bad_format =
      absl::InvalidArgumentError("invalid checksum digest format");
  const size_t colon = d.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == d.size()) {
    return bad_format;
  }
  std::string_view algorithm = d.substr(0, colon);
  std::string_view encoded = d.substr(colon + 1);
  size_t hex_len = 0;
  if (algorithm == "sha256") {
    hex_len = 64;
  } else if (algorithm == "sha384") {
    hex_len = 96;
  } else if (algorithm == "sha512") {
    hex_len = 128;
  } else {
    // go-digest's DigestRegexp: [a-z0-9]+([.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+
    bool ok = !algorithm.empty() && IsLowerAlnum(algorithm.front()) &&
              IsLowerAlnum(algorithm.back());
    for (size_t i = 0; ok && i < algorithm.size(); ++i) {
      const char c = algorithm[i];
      if (c == '.' || c == '+' || c == '_' || c == '-') {
        ok = IsLowerAlnum(algorithm[i + 1]);  // back() is alnum: in range
      } else {
        ok = IsLowerAlnum(c);
      }
    }
    for (char c : encoded) {
      if (!IsWordChar(c) && c != '=' && c != '-') ok = false;
    }
    if (!ok) return bad_format;
    return absl::InvalidArgumentError("unsupported digest algorithm");
  }
  if (encoded.size() != hex_len) {
    return absl::InvalidArgumentError("invalid checksum digest length");
  }
  if (!AllOf(encoded, IsLowerHex)) return bad_format;
  return absl::OkStatus();
}

// docker/distribution's splitDockerDomain.
void SplitDockerDomain(std::string_view name, std::string& domain,
                       std::string& remainder) {
  const size_t slash = name.find('/');
  if (slash == std::string_view::npos) {
    domain = std::string(kDefaultDomain);
    remainder = absl::StrCat(Av(kOfficialRepoPrefix), Av(name));
    return;
  }
  std::string_view maybe_domain = name.substr(0, slash);
  std::string_view maybe_remainder = name.substr(slash + 1);
  if (maybe_domain == "localhost") {
    domain = std::string(maybe_domain);
    remainder = std::string(maybe_remainder);
  } else if (maybe_domain == kLegacyDefaultDomain) {
    domain = std::string(kDefaultDomain);
    remainder = std::string(maybe_remainder);
  } else if (maybe_domain.find_first_of(".:") != std::string_view::npos ||
             absl::AsciiStrToLower(Av(maybe_domain)) != maybe_domain) {
    // A dot or a port marks a host; so does uppercase, which repository
    // names never contain.
    domain = std::string(maybe_domain);
    remainder = std::string(maybe_remainder);
  } else {
    domain = std::string(kDefaultDomain);
    remainder = std::string(name);
  }
  if (domain == kDefaultDomain && remainder.find('/') == std::string::npos) {
    remainder = absl::StrCat(Av(kOfficialRepoPrefix), remainder);
  }
}

// Matches "<remote>[:tag][@digest]" after the domain; fills `out` on success.
bool MatchRemainder(std::string_view s, ImageReference& out) {
  const size_t path_end = s.find_first_of(":@");
  std::string_view path = s.substr(0, path_end);
  if (!MatchRemoteName(path)) return false;
  std::string_view tag;
  std::string_view digest;
  if (path_end != std::string_view::npos) {
    std::string_view rest = s.substr(path_end);
    if (rest.front() == ':') {
      const size_t at = rest.find('@');
      tag = rest.substr(1, at == std::string_view::npos ? at : at - 1);
      if (!MatchTag(tag)) return false;
      rest =
          at == std::string_view::npos ? std::string_view() : rest.substr(at);
    }
    if (!rest.empty()) {
      digest = rest.substr(1);  // rest.front() == '@'
      if (!MatchDigestPattern(digest)) return false;
    }
  }
  out.path = std::string(path);
  out.tag = std::string(tag);
  out.digest = std::string(digest);
  return true;
}

bool IsIdentifier(std::string_view s) {
  return s.size() == 64 && AllOf(s, IsLowerHex);
}

}  // namespace

std::string ImageReference::Repository() const {
  return absl::StrCat(domain, "/", path);
}

std::string ImageReference::String() const {
  std::string s = Repository();
  if (!tag.empty()) absl::StrAppend(&s, ":", tag);
  if (!digest.empty()) absl::StrAppend(&s, "@", digest);
  return s;
}

std::string ImageReference::TaggedString() const {
  return tag.empty() ? std::string() : absl::StrCat(Repository(), ":", tag);
}

std::string ImageReference::DigestedString() const {
  return digest.empty() ? std::string()
                        : absl::StrCat(Repository(), "@", digest);
}

absl::StatusOr<ImageReference> ParseImageReference(std::string_view ref) {
  if (IsIdentifier(ref)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid repository name (", Av(ref),
                     "), cannot specify 64-byte hexadecimal strings"));
  }
  ImageReference out;
  std::string remainder;
  SplitDockerDomain(ref, out.domain, remainder);

  // Checked before the grammar so that "Busybox" gets a precise message
  // rather than "invalid reference format".
  std::string_view remote = std::string_view(remainder).substr(
      0, std::string_view(remainder).find(':'));
  if (absl::AsciiStrToLower(Av(remote)) != remote) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid reference format: repository name (", Av(remote),
                     ") must be lowercase"));
  }

  // docker retries a failed match in lowercase to report "repository name
  // must be lowercase"; with the check above that retry can never succeed.
  if (!MatchDomainAndPort(out.domain) || !MatchRemainder(remainder, out)) {
    return absl::InvalidArgumentError("invalid reference format");
  }
  if (out.path.size() > kRepositoryNameTotalLengthMax) {
    return absl::InvalidArgumentError(
        absl::StrCat("repository name must not be more than ",
                     kRepositoryNameTotalLengthMax, " characters"));
  }
  if (!out.digest.empty()) {
    if (absl::Status s = ValidateDigest(out.digest); !s.ok()) return s;
  }
  if (out.tag.empty() && out.digest.empty()) out.tag = std::string(kDefaultTag);
  return out;
}

bool LooksLikeImageId(std::string_view s) {
  constexpr std::string_view kPrefix = "sha256:";
  size_t min_len = 12;
  if (s.substr(0, kPrefix.size()) == kPrefix) {
    s.remove_prefix(kPrefix.size());
    min_len = 1;
  }
  return s.size() >= min_len && s.size() <= 64 && AllOf(s, IsLowerHex);
}

bool IsValidTag(std::string_view tag) { return MatchTag(tag); }

bool IsValidDigest(std::string_view digest) {
  return MatchDigestPattern(digest) && ValidateDigest(digest).ok();
}

}  // namespace fakecri::runtime
