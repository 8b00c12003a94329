// A kubelet built against upstream cri-api must be able to talk to fakecri, so
// our copy of the CRI proto has to stay wire-identical to the upstream file.
// Both files are compiled to descriptor sets with protoc and compared
// structurally; comments, source info and Go-only options are ignored.

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace fakecri {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kOurProto[] = FAKECRI_OUR_PROTO;
constexpr char kUpstreamProto[] = FAKECRI_UPSTREAM_PROTO;
constexpr char kProtoc[] = FAKECRI_PROTOC;

// One readable line per difference; values read "ours != upstream".
using Diffs = std::vector<std::string>;

template <typename T>
using Index = std::map<std::string, const T*>;

// Per-test scratch space, unique so parallel ctest runs never collide.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (fs::temp_directory_path() / "fakecri_proto_compat_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

testing::AssertionResult ReadFile(const fs::path& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return testing::AssertionFailure() << "cannot read " << path;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return testing::AssertionSuccess();
}

testing::AssertionResult WriteFile(const fs::path& path,
                                   const std::string& contents) {
  std::error_code error;
  fs::create_directories(path.parent_path(), error);
  std::ofstream out(path, std::ios::binary);
  out << contents;
  out.close();
  if (error || !out)
    return testing::AssertionFailure() << "cannot write " << path;
  return testing::AssertionSuccess();
}

int ReplaceAll(std::string* text, std::string_view from, std::string_view to) {
  int count = 0;
  for (size_t at = text->find(from); at != std::string::npos;
       at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
    ++count;
  }
  return count;
}

std::string ShellQuote(const std::string& word) {
  std::string quoted = "'";
  for (char c : word) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// Runs protoc on `proto_file` (importing only from its own directory) and
// loads the resulting descriptor set; protoc's output is kept for failures.
testing::AssertionResult Compile(const fs::path& proto_file,
                                 const fs::path& descriptor_set_out,
                                 pb::FileDescriptorSet* set) {
  const fs::path file = fs::absolute(proto_file).lexically_normal();
  const std::string command = ShellQuote(kProtoc) +
                              " --include_imports --descriptor_set_out=" +
                              ShellQuote(descriptor_set_out.string()) + " -I " +
                              ShellQuote(file.parent_path().string()) + " " +
                              ShellQuote(file.string()) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return testing::AssertionFailure() << "cannot run: " << command;
  }
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    output.append(buffer, n);
  }
  if (const int status = pclose(pipe); status != 0) {
    return testing::AssertionFailure() << "protoc failed (wait status "
                                       << status << "): " << command << "\n"
                                       << output;
  }
  std::string bytes;
  if (testing::AssertionResult read = ReadFile(descriptor_set_out, &bytes);
      !read) {
    return read;
  }
  if (!set->ParseFromString(bytes) || set->file_size() == 0) {
    return testing::AssertionFailure()
           << "no descriptor set in " << descriptor_set_out;
  }
  return testing::AssertionSuccess();
}

std::string Show(const std::string& value) { return '"' + value + '"'; }
std::string Show(bool value) { return value ? "true" : "false"; }
std::string Show(int value) { return std::to_string(value); }

template <typename T>
void CompareValue(const std::string& where, std::string_view what,
                  const T& ours, const T& upstream, Diffs* diffs) {
  if (ours == upstream) return;
  std::ostringstream line;
  line << where << what << " " << Show(ours) << " != " << Show(upstream);
  diffs->push_back(line.str());
}

// Reports keys only one side has; `compare_item` gets the common ones with a
// `where` prefix naming the item, e.g. "message runtime.v1.Foo: ".
template <typename T, typename CompareFn>
void CompareIndexed(const std::string& where, const std::string& kind,
                    const Index<T>& ours, const Index<T>& upstream,
                    CompareFn compare_item, Diffs* diffs) {
  for (const auto& [key, upstream_item] : upstream) {
    const auto it = ours.find(key);
    if (it == ours.end()) {
      diffs->push_back(where + "missing in ours: " + kind + " " + key);
      continue;
    }
    compare_item(where + kind + " " + key + ": ", *it->second, *upstream_item,
                 diffs);
  }
  for (const auto& [key, our_item] : ours) {
    if (!upstream.contains(key)) {
      diffs->push_back(where + "extra in ours: " + kind + " " + key);
    }
  }
}

void CompareSets(const std::string& where, const std::string& kind,
                 const std::set<std::string>& ours,
                 const std::set<std::string>& upstream, Diffs* diffs) {
  for (const std::string& item : upstream) {
    if (!ours.contains(item)) {
      diffs->push_back(where + "missing in ours: " + kind + " " + item);
    }
  }
  for (const std::string& item : ours) {
    if (!upstream.contains(item)) {
      diffs->push_back(where + "extra in ours: " + kind + " " + item);
    }
  }
}

template <typename T>
Index<T> IndexByName(const pb::RepeatedPtrField<T>& items) {
  Index<T> index;
  for (const T& item : items) index.emplace(item.name(), &item);
  return index;
}

std::string Qualify(const std::string& scope, const std::string& name) {
  return scope.empty() ? name : scope + "." + name;
}

// Every type by full name, so nested types and moves between files or scopes
// are compared the way the wire (via type_name) sees them.
struct Catalog {
  Index<pb::DescriptorProto> messages;
  Index<pb::EnumDescriptorProto> enums;
  Index<pb::ServiceDescriptorProto> services;
};

void AddMessage(const std::string& scope, const pb::DescriptorProto& message,
                Catalog* catalog) {
  const std::string name = Qualify(scope, message.name());
  catalog->messages.emplace(name, &message);
  for (const pb::DescriptorProto& nested : message.nested_type()) {
    AddMessage(name, nested, catalog);
  }
  for (const pb::EnumDescriptorProto& nested : message.enum_type()) {
    catalog->enums.emplace(Qualify(name, nested.name()), &nested);
  }
}

Catalog CatalogOf(const pb::FileDescriptorSet& set) {
  Catalog catalog;
  for (const pb::FileDescriptorProto& file : set.file()) {
    for (const pb::DescriptorProto& message : file.message_type()) {
      AddMessage(file.package(), message, &catalog);
    }
    for (const pb::EnumDescriptorProto& enumeration : file.enum_type()) {
      catalog.enums.emplace(Qualify(file.package(), enumeration.name()),
                            &enumeration);
    }
    for (const pb::ServiceDescriptorProto& service : file.service()) {
      catalog.services.emplace(Qualify(file.package(), service.name()),
                               &service);
    }
  }
  return catalog;
}

std::string RangeText(int first, int last) {
  return first == last ? std::to_string(first)
                       : std::to_string(first) + "-" + std::to_string(last);
}

std::set<std::string> ReservedOf(const pb::DescriptorProto& message) {
  std::set<std::string> reserved;
  // Message reserved ranges are end-exclusive in descriptors.
  for (const auto& range : message.reserved_range()) {
    reserved.insert("range " + RangeText(range.start(), range.end() - 1));
  }
  for (const std::string& name : message.reserved_name()) {
    reserved.insert("name " + name);
  }
  return reserved;
}

std::set<std::string> ReservedOf(const pb::EnumDescriptorProto& enumeration) {
  std::set<std::string> reserved;
  // Enum reserved ranges are end-inclusive in descriptors.
  for (const auto& range : enumeration.reserved_range()) {
    reserved.insert("range " + RangeText(range.start(), range.end()));
  }
  for (const std::string& name : enumeration.reserved_name()) {
    reserved.insert("name " + name);
  }
  return reserved;
}

// Oneofs are compared by name: declaration order (the index) alone changes
// nothing on the wire, while moving a field between oneofs does.
std::string OneofOf(const pb::DescriptorProto& message,
                    const pb::FieldDescriptorProto& field) {
  if (!field.has_oneof_index() ||
      field.oneof_index() >= message.oneof_decl_size()) {
    return "";
  }
  return message.oneof_decl(field.oneof_index()).name();
}

std::string PackedOf(const pb::FieldDescriptorProto& field) {
  if (!field.options().has_packed()) return "unset";
  return field.options().packed() ? "true" : "false";
}

void CompareField(const std::string& where,
                  const pb::DescriptorProto& our_message,
                  const pb::FieldDescriptorProto& ours,
                  const pb::DescriptorProto& upstream_message,
                  const pb::FieldDescriptorProto& upstream, Diffs* diffs) {
  using Field = pb::FieldDescriptorProto;
  CompareValue(where, "number", ours.number(), upstream.number(), diffs);
  CompareValue(where, "type", Field::Type_Name(ours.type()),
               Field::Type_Name(upstream.type()), diffs);
  CompareValue(where, "type_name", ours.type_name(), upstream.type_name(),
               diffs);
  CompareValue(where, "label", Field::Label_Name(ours.label()),
               Field::Label_Name(upstream.label()), diffs);
  CompareValue(where, "oneof", OneofOf(our_message, ours),
               OneofOf(upstream_message, upstream), diffs);
  CompareValue(where, "proto3_optional", ours.proto3_optional(),
               upstream.proto3_optional(), diffs);
  CompareValue(where, "packed option", PackedOf(ours), PackedOf(upstream),
               diffs);
  CompareValue(where, "json_name", ours.json_name(), upstream.json_name(),
               diffs);
}

void CompareMessage(const std::string& where, const pb::DescriptorProto& ours,
                    const pb::DescriptorProto& upstream, Diffs* diffs) {
  // map<K, V> and a repeated entry message encode alike, but the generated
  // APIs differ, so a switch between them is still worth reporting.
  CompareValue(where, "map_entry option", ours.options().map_entry(),
               upstream.options().map_entry(), diffs);
  CompareIndexed(
      where, "oneof", IndexByName(ours.oneof_decl()),
      IndexByName(upstream.oneof_decl()),
      [](const std::string&, const pb::OneofDescriptorProto&,
         const pb::OneofDescriptorProto&, Diffs*) {},
      diffs);
  CompareIndexed(
      where, "field", IndexByName(ours.field()), IndexByName(upstream.field()),
      [&](const std::string& field_where, const pb::FieldDescriptorProto& a,
          const pb::FieldDescriptorProto& b, Diffs* field_diffs) {
        CompareField(field_where, ours, a, upstream, b, field_diffs);
      },
      diffs);
  CompareSets(where, "reserved", ReservedOf(ours), ReservedOf(upstream), diffs);
}

void CompareEnumValue(const std::string& where,
                      const pb::EnumValueDescriptorProto& ours,
                      const pb::EnumValueDescriptorProto& upstream,
                      Diffs* diffs) {
  CompareValue(where, "number", ours.number(), upstream.number(), diffs);
}

void CompareEnum(const std::string& where, const pb::EnumDescriptorProto& ours,
                 const pb::EnumDescriptorProto& upstream, Diffs* diffs) {
  CompareIndexed(where, "value", IndexByName(ours.value()),
                 IndexByName(upstream.value()), CompareEnumValue, diffs);
  CompareSets(where, "reserved", ReservedOf(ours), ReservedOf(upstream), diffs);
}

void CompareMethod(const std::string& where,
                   const pb::MethodDescriptorProto& ours,
                   const pb::MethodDescriptorProto& upstream, Diffs* diffs) {
  CompareValue(where, "input_type", ours.input_type(), upstream.input_type(),
               diffs);
  CompareValue(where, "output_type", ours.output_type(), upstream.output_type(),
               diffs);
  CompareValue(where, "client_streaming", ours.client_streaming(),
               upstream.client_streaming(), diffs);
  CompareValue(where, "server_streaming", ours.server_streaming(),
               upstream.server_streaming(), diffs);
}

void CompareService(const std::string& where,
                    const pb::ServiceDescriptorProto& ours,
                    const pb::ServiceDescriptorProto& upstream, Diffs* diffs) {
  CompareIndexed(where, "method", IndexByName(ours.method()),
                 IndexByName(upstream.method()), CompareMethod, diffs);
}

// --include_imports lists dependencies first, so the compiled file is last.
const pb::FileDescriptorProto& MainFile(const pb::FileDescriptorSet& set) {
  return set.file(set.file_size() - 1);
}

std::string FileOptionsThatMatter(const pb::FileDescriptorProto& file) {
  pb::FileOptions options = file.options();
  // go_package only names the Go import path of generated code.
  options.clear_go_package();
  return options.ShortDebugString();
}

Diffs DiffDescriptorSets(const pb::FileDescriptorSet& ours,
                         const pb::FileDescriptorSet& upstream) {
  Diffs diffs;
  const pb::FileDescriptorProto& our_file = MainFile(ours);
  const pb::FileDescriptorProto& upstream_file = MainFile(upstream);
  CompareValue("", "package", our_file.package(), upstream_file.package(),
               &diffs);
  // proto2 and proto3 differ in field presence and packing defaults.
  CompareValue("", "syntax", our_file.syntax(), upstream_file.syntax(), &diffs);
  CompareValue("", "file options", FileOptionsThatMatter(our_file),
               FileOptionsThatMatter(upstream_file), &diffs);

  const Catalog our_types = CatalogOf(ours);
  const Catalog upstream_types = CatalogOf(upstream);
  CompareIndexed("", "service", our_types.services, upstream_types.services,
                 CompareService, &diffs);
  CompareIndexed("", "message", our_types.messages, upstream_types.messages,
                 CompareMessage, &diffs);
  CompareIndexed("", "enum", our_types.enums, upstream_types.enums, CompareEnum,
                 &diffs);
  return diffs;
}

std::string Lines(const Diffs& diffs) {
  std::string lines;
  for (const std::string& diff : diffs) lines += "\n  " + diff;
  return lines;
}

// Writes our proto to `copy` with exactly one textual edit, so a test can
// show that the comparison notices it.
testing::AssertionResult WriteEditedCopyOfOurs(const fs::path& copy,
                                               std::string_view from,
                                               std::string_view to) {
  std::string text;
  if (testing::AssertionResult read = ReadFile(kOurProto, &text); !read) {
    return read;
  }
  if (const int count = ReplaceAll(&text, from, to); count != 1) {
    return testing::AssertionFailure()
           << "expected exactly one \"" << from << "\" in " << kOurProto
           << ", found " << count;
  }
  return WriteFile(copy, text);
}

TEST(ProtoCompat, OurProtoIsWireIdenticalToUpstream) {
  if (!fs::exists(kUpstreamProto)) {
    GTEST_SKIP() << "upstream cri-api reference not found at " << kUpstreamProto
                 << " (CI places shared/ beside the checkout)";
  }
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty()) << "cannot create a temp dir";

  std::string upstream_text;
  ASSERT_TRUE(ReadFile(kUpstreamProto, &upstream_text));
  // protoc 3.21 rejects the newer debug_redact field option. Options do not
  // affect the wire format, so dropping it keeps the comparison sound.
  ReplaceAll(&upstream_text, " [debug_redact = true]", "");
  const fs::path upstream_copy = tmp.path() / "upstream" / "api.proto";
  ASSERT_TRUE(WriteFile(upstream_copy, upstream_text));

  pb::FileDescriptorSet ours;
  pb::FileDescriptorSet upstream;
  ASSERT_TRUE(Compile(kOurProto, tmp.path() / "ours.pb", &ours));
  ASSERT_TRUE(Compile(upstream_copy, tmp.path() / "upstream.pb", &upstream));

  const Diffs diffs = DiffDescriptorSets(ours, upstream);
  EXPECT_TRUE(diffs.empty())
      << diffs.size() << " wire differences between " << kOurProto << " and "
      << kUpstreamProto << " (values read ours != upstream):" << Lines(diffs);
}

TEST(ProtoCompat, ComparisonReportsAChangedFieldNumber) {
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty()) << "cannot create a temp dir";
  const fs::path edited = tmp.path() / "edited" / "api.proto";
  // 40 is unused in VersionResponse, so only the number itself differs.
  ASSERT_TRUE(WriteEditedCopyOfOurs(edited, "string runtime_api_version = 4;",
                                    "string runtime_api_version = 40;"));

  pb::FileDescriptorSet edited_set;
  pb::FileDescriptorSet ours;
  ASSERT_TRUE(Compile(edited, tmp.path() / "edited.pb", &edited_set));
  ASSERT_TRUE(Compile(kOurProto, tmp.path() / "ours.pb", &ours));

  EXPECT_THAT(DiffDescriptorSets(edited_set, ours),
              ElementsAre("message runtime.v1.VersionResponse: field "
                          "runtime_api_version: number 40 != 4"));
}

TEST(ProtoCompat, ComparisonReportsARenamedFieldAsMissingAndExtra) {
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty()) << "cannot create a temp dir";
  const fs::path edited = tmp.path() / "edited" / "api.proto";
  ASSERT_TRUE(WriteEditedCopyOfOurs(edited, "string runtime_name = 2;",
                                    "string runtime_label = 2;"));

  pb::FileDescriptorSet edited_set;
  pb::FileDescriptorSet ours;
  ASSERT_TRUE(Compile(edited, tmp.path() / "edited.pb", &edited_set));
  ASSERT_TRUE(Compile(kOurProto, tmp.path() / "ours.pb", &ours));

  EXPECT_THAT(DiffDescriptorSets(edited_set, ours),
              UnorderedElementsAre(
                  "message runtime.v1.VersionResponse: missing in ours: field "
                  "runtime_name",
                  "message runtime.v1.VersionResponse: extra in ours: field "
                  "runtime_label"));
}

}  // namespace
}  // namespace fakecri
