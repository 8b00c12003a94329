// File: path.h
// Lexical path helpers shared by the filesystem pieces. Every path they
// return is absolute and normalised: "/" or "/a/b", no "." / ".." / "//",
// no trailing slash.
#ifndef FAKECRI_USERLAND_FS_PATH_H_
#define FAKECRI_USERLAND_FS_PATH_H_

#include <string>
#include <string_view>
#include <vector>

namespace fakecri::userland::fs_internal {

// `path` joined to `cwd` when relative, "." and ".." applied lexically
// (".." of "/" is "/").
std::string NormalizePath(std::string_view cwd, std::string_view path);

// Components of a normalised path ("/" has none).
std::vector<std::string_view> SplitPath(std::string_view path);

std::string JoinPath(std::string_view dir, std::string_view name);
std::string_view ParentPath(std::string_view path);  // "/" for "/" and "/a"
std::string_view BaseName(std::string_view path);    // "" for "/"

// `path` is `prefix` or lies below it.
bool PathIsUnder(std::string_view path, std::string_view prefix);
// `path` lies strictly below `prefix`.
bool PathIsBelow(std::string_view path, std::string_view prefix);
// `path` with `prefix` (which it is under) cut off: "" when equal, else
// without a leading slash.
std::string_view PathInside(std::string_view path, std::string_view prefix);

// A raw path the kernel would only accept as a directory: it ends in "/",
// "/." or "/.." (or is "." / "..").
bool WantsDirectory(std::string_view raw);

}  // namespace fakecri::userland::fs_internal

#endif  // FAKECRI_USERLAND_FS_PATH_H_
