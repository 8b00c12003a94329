// File: path.cc
// Lexical path normalisation and prefix tests.
#include "fake_runtime/userland/fs/path.h"

#include <string>
#include <string_view>
#include <vector>

namespace fakecri::userland::fs_internal {
namespace {

void AppendComponents(std::string_view path,
                      std::vector<std::string_view>* out) {
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) {
      std::string_view c = path.substr(i, j - i);
      if (c == "..") {
        if (!out->empty()) out->pop_back();
      } else if (c != ".") {
        out->push_back(c);
      }
    }
    i = j;
  }
}

}  // namespace

std::string NormalizePath(std::string_view cwd, std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path.front() != '/') AppendComponents(cwd, &parts);
  AppendComponents(path, &parts);
  if (parts.empty()) return "/";
  std::string out;
  for (std::string_view p : parts) {
    out.push_back('/');
    out.append(p);
  }
  return out;
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) parts.push_back(path.substr(i, j - i));
    i = j;
  }
  return parts;
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  std::string out(dir);
  if (out.empty() || out.back() != '/') out.push_back('/');
  out.append(name);
  return out;
}

std::string_view ParentPath(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return path;
  return path.substr(slash + 1);
}

bool PathIsUnder(std::string_view path, std::string_view prefix) {
  if (prefix == "/") return !path.empty() && path.front() == '/';
  if (path.size() < prefix.size() || path.substr(0, prefix.size()) != prefix) {
    return false;
  }
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

bool PathIsBelow(std::string_view path, std::string_view prefix) {
  return path != prefix && PathIsUnder(path, prefix);
}

std::string_view PathInside(std::string_view path, std::string_view prefix) {
  std::string_view rest = path.substr(prefix == "/" ? 0 : prefix.size());
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  return rest;
}

bool WantsDirectory(std::string_view raw) {
  if (raw == "." || raw == "..") return true;
  if (raw.size() < 2) return false;  // "/" itself is a directory anyway
  if (raw.back() == '/') return true;
  std::string_view base = raw.substr(raw.rfind('/') + 1);
  return raw.find('/') != std::string_view::npos &&
         (base == "." || base == "..");
}

}  // namespace fakecri::userland::fs_internal
