// File: cri_log_test.cc
// Tests for the CRI log files: RFC3339Nano stamps, the record format and
// line splitting of CriLogWriter (checked byte for byte against what
// containerd's log copier writes), the LogFileSink's ordering, fd bound,
// truncation and error counting, and log path resolution/confinement.
#include "fake_runtime/logs/cri_log.h"

#include <dirent.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "testing/status_matchers.h"

namespace fakecri::logs {
namespace {

namespace fs = std::filesystem;
using ::fakecri::testing::StatusIs;

constexpr int64_t kSecond = 1'000'000'000;
// 2026-01-01T00:00:00Z
constexpr int64_t kT0 = 1'767'225'600 * kSecond;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int CountOpenFds() {
  int n = 0;
  for ([[maybe_unused]] const auto& e :
       fs::directory_iterator("/proc/self/fd")) {
    ++n;
  }
  return n;
}

// A fresh directory under /tmp per test, removed afterwards.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/fakecri_cri_log_test.XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Path(const std::string& rel) const { return (dir_ / rel); }

  fs::path dir_;
};

// ---------------------------------------------------------------------------
// RFC3339Nano

TEST(Rfc3339Nano, DropsFractionWhenZero) {
  EXPECT_EQ(FormatRfc3339Nano(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0), "2026-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Nano(1'136'214'245 * kSecond), "2006-01-02T15:04:05Z");
}

TEST(Rfc3339Nano, TrimsTrailingZeros) {
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 500'000'000), "2026-01-01T00:00:00.5Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 120'000'000), "2026-01-01T00:00:00.12Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 1'000), "2026-01-01T00:00:00.000001Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 1), "2026-01-01T00:00:00.000000001Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 999'999'999),
            "2026-01-01T00:00:00.999999999Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 100'000'010),
            "2026-01-01T00:00:00.10000001Z");
}

TEST(Rfc3339Nano, HandlesLeapDaysAndTimeOfDay) {
  EXPECT_EQ(FormatRfc3339Nano(1'709'251'199 * kSecond + 250'000'000),
            "2024-02-29T23:59:59.25Z");
  EXPECT_EQ(FormatRfc3339Nano(1'709'251'200 * kSecond), "2024-03-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339Nano(951'782'400 * kSecond), "2000-02-29T00:00:00Z");
}

TEST(Rfc3339Nano, NegativeTimesRoundTowardsThePast) {
  EXPECT_EQ(FormatRfc3339Nano(-1), "1969-12-31T23:59:59.999999999Z");
  EXPECT_EQ(FormatRfc3339Nano(-kSecond), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatRfc3339Nano(-kSecond / 2), "1969-12-31T23:59:59.5Z");
}

TEST(Rfc3339Nano, MatchesGmtimeOverTheWholeInt64Range) {
  // From 1678 to 2262 in steps of a prime number of seconds, so every
  // month, day and time of day shows up.
  const int64_t first = -9'200'000'000;
  const int64_t last = 9'200'000'000;
  int checked = 0;
  for (int64_t s = first; s < last; s += 7'777'777) {
    time_t t = static_cast<time_t>(s);
    struct tm tm;
    ASSERT_NE(::gmtime_r(&t, &tm), nullptr);
    char want[64];
    ASSERT_GT(::strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S.25Z", &tm), 0u);
    ASSERT_EQ(FormatRfc3339Nano(s * kSecond + 250'000'000), want) << s;
    ++checked;
  }
  EXPECT_GT(checked, 2000);
}

TEST(Rfc3339Nano, SecondCacheIsRefreshedWhenTheSecondChanges) {
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 7), "2026-01-01T00:00:00.000000007Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 + kSecond), "2026-01-01T00:00:01Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 + 3), "2026-01-01T00:00:00.000000003Z");
  EXPECT_EQ(FormatRfc3339Nano(kT0 - 30 * 86'400 * kSecond),
            "2025-12-02T00:00:00Z");
}

TEST(Rfc3339Nano, FormatToWritesTheSameBytesWithinTheMaximumLength) {
  char buf[kMaxRfc3339NanoBytes];
  const int64_t longest = kT0 + 123'456'789;
  EXPECT_EQ(FormatRfc3339NanoTo(longest, buf), kMaxRfc3339NanoBytes);
  EXPECT_EQ(std::string(buf, kMaxRfc3339NanoBytes), FormatRfc3339Nano(longest));
  const size_t n = FormatRfc3339NanoTo(kT0 + 120'000'000, buf);
  EXPECT_EQ(std::string(buf, n), "2026-01-01T00:00:00.12Z");
}

// ---------------------------------------------------------------------------
// CriLogWriter

class CriLogWriterTest : public TempDirTest {
 protected:
  // Everything written so far, as the kubelet would read it.
  std::string Contents(const std::string& path) {
    sink_.Sync();
    return ReadFile(path);
  }
  static std::string Rec(int64_t t, const char* stream, char tag,
                         const std::string& content) {
    return FormatRfc3339Nano(t) + " " + stream + " " + tag + " " + content +
           "\n";
  }

  LogFileSink sink_;
};

TEST_F(CriLogWriterTest, CreatesTheFileAtOnceUnlessItsOwnerDid) {
  const std::string created = Path("now/0.log");
  const std::string left = Path("owner/0.log");
  CriLogWriter now(sink_, created);
  CriLogWriter owner_did(sink_, left, CriLogWriter::kDefaultFlushThreshold,
                         CriLogWriter::Create::kAlreadyDone);
  sink_.Sync();
  EXPECT_TRUE(std::filesystem::exists(created));
  EXPECT_FALSE(std::filesystem::exists(left));
  // Output still reaches the file (the sink opens it on the first write).
  owner_did.Write(LogStream::kStdout, "hi\n", kT0);
  owner_did.Flush();
  EXPECT_EQ(Contents(left), "2026-01-01T00:00:00Z stdout F hi\n");
}

TEST_F(CriLogWriterTest, CompleteLinesBecomeFullRecordsByteForByte) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "hello\nworld\n", kT0 + 500'000'000);
  w.Write(LogStream::kStdout, "third line\n", kT0 + kSecond);
  w.Flush();
  EXPECT_EQ(Contents(path),
            "2026-01-01T00:00:00.5Z stdout F hello\n"
            "2026-01-01T00:00:00.5Z stdout F world\n"
            "2026-01-01T00:00:01Z stdout F third line\n");
}

TEST_F(CriLogWriterTest, InterleavesStdoutAndStderrInWriteOrder) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "out 1\n", kT0 + 1);
  w.Write(LogStream::kStderr, "err 1\nerr 2\n", kT0 + 2);
  w.Write(LogStream::kStdout, "out 2\n", kT0 + 3);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0 + 1, "stdout", 'F', "out 1") +
                                Rec(kT0 + 2, "stderr", 'F', "err 1") +
                                Rec(kT0 + 2, "stderr", 'F', "err 2") +
                                Rec(kT0 + 3, "stdout", 'F', "out 2"));
}

TEST_F(CriLogWriterTest, LineCompletedByALaterWriteTakesThatWritesTime) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "hel", kT0 + 1);
  w.Write(LogStream::kStderr, "e", kT0 + 2);
  w.Write(LogStream::kStdout, "lo", kT0 + 3);
  w.Write(LogStream::kStdout, " there\nnext", kT0 + 4);
  w.Write(LogStream::kStderr, "rr\n", kT0 + 5);
  w.Flush();
  // Incomplete tails are not written before their newline (or Close).
  EXPECT_EQ(Contents(path), Rec(kT0 + 4, "stdout", 'F', "hello there") +
                                Rec(kT0 + 5, "stderr", 'F', "err"));
  w.Write(LogStream::kStdout, "!\n", kT0 + 6);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0 + 4, "stdout", 'F', "hello there") +
                                Rec(kT0 + 5, "stderr", 'F', "err") +
                                Rec(kT0 + 6, "stdout", 'F', "next!"));
}

TEST_F(CriLogWriterTest, ByteAtATimeWritesGiveTheSameRecords) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  const std::string text = "a\r\nbb\n\nccc\r\rd\n";
  for (char c : text) w.Write(LogStream::kStdout, std::string(1, c), kT0);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'F', "a") +
                                Rec(kT0, "stdout", 'F', "bb") +
                                Rec(kT0, "stdout", 'F', "") +
                                Rec(kT0, "stdout", 'F', "ccc\r\rd"));
}

TEST_F(CriLogWriterTest, StripsOnlyTheCarriageReturnRightBeforeTheNewline) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "dos\r\nmid\rdle\ntwo\r\r\n\r\n", kT0);
  w.Write(LogStream::kStdout, "split\r", kT0 + 1);
  w.Write(LogStream::kStdout, "\n", kT0 + 2);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'F', "dos") +
                                Rec(kT0, "stdout", 'F', "mid\rdle") +
                                Rec(kT0, "stdout", 'F', "two\r") +
                                Rec(kT0, "stdout", 'F', "") +
                                Rec(kT0 + 2, "stdout", 'F', "split"));
}

TEST_F(CriLogWriterTest, EmptyLinesAreEmptyFullRecords) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStderr, "\n\n", kT0);
  w.Flush();
  EXPECT_EQ(Contents(path),
            "2026-01-01T00:00:00Z stderr F \n"
            "2026-01-01T00:00:00Z stderr F \n");
}

TEST_F(CriLogWriterTest, LongLineSplitsIntoPartialRecordsAt16KiB) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  const std::string a(kMaxLogLineBytes, 'a');
  const std::string b(kMaxLogLineBytes, 'b');
  w.Write(LogStream::kStdout, a + b + "cc\n", kT0);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'P', a) +
                                Rec(kT0, "stdout", 'P', b) +
                                Rec(kT0, "stdout", 'F', "cc"));
}

TEST_F(CriLogWriterTest, LineOfExactly16KiBIsOneFullRecord) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  const std::string a(kMaxLogLineBytes, 'a');
  const std::string b(kMaxLogLineBytes, 'b');
  w.Write(LogStream::kStdout, a + "\n", kT0);
  // Its "\r\n" does not count towards the limit either.
  w.Write(LogStream::kStdout, b + "\r\n", kT0 + 1);
  // Twice the limit: one P, then the last 16 KiB as F (never an empty F).
  w.Write(LogStream::kStdout, a + b + "\n", kT0 + 2);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'F', a) +
                                Rec(kT0 + 1, "stdout", 'F', b) +
                                Rec(kT0 + 2, "stdout", 'P', a) +
                                Rec(kT0 + 2, "stdout", 'F', b));
}

TEST_F(CriLogWriterTest, UnterminatedLineIsCutWhenItPassesTheLimit) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  const std::string a(kMaxLogLineBytes, 'a');
  w.Write(LogStream::kStdout, std::string(kMaxLogLineBytes - 1, 'a'), kT0);
  w.Write(LogStream::kStdout, "a", kT0 + 1);  // exactly 16 KiB: still waits
  w.Flush();
  EXPECT_EQ(Contents(path), "");
  w.Write(LogStream::kStdout, "xy", kT0 + 2);  // now past the limit
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0 + 2, "stdout", 'P', a));
  w.Write(LogStream::kStdout, "z\n", kT0 + 3);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0 + 2, "stdout", 'P', a) +
                                Rec(kT0 + 3, "stdout", 'F', "xyz"));
}

TEST_F(CriLogWriterTest, CarriageReturnAtTheLimitWaitsForItsNewline) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  const std::string a(kMaxLogLineBytes, 'a');
  w.Write(LogStream::kStdout, a + "\r", kT0);
  w.Flush();
  EXPECT_EQ(Contents(path), "");
  w.Write(LogStream::kStdout, "\n", kT0 + 1);
  // ... but a "\r" followed by more content is content.
  w.Write(LogStream::kStdout, a + "\r", kT0 + 2);
  w.Write(LogStream::kStdout, "b\n", kT0 + 3);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0 + 1, "stdout", 'F', a) +
                                Rec(kT0 + 3, "stdout", 'P', a) +
                                Rec(kT0 + 3, "stdout", 'F', "\rb"));
}

TEST_F(CriLogWriterTest, IncompleteTailIsWrittenAsPartialRecordAtClose) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "done\nno newline", kT0);
  w.Write(LogStream::kStderr, "err tail\r", kT0 + 1);
  w.Close(kT0 + 5);
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'F', "done") +
                                Rec(kT0 + 5, "stdout", 'P', "no newline") +
                                Rec(kT0 + 5, "stderr", 'P', "err tail\r"));
  // Nothing is left to write a second time.
  w.Close(kT0 + 6);
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'F', "done") +
                                Rec(kT0 + 5, "stdout", 'P', "no newline") +
                                Rec(kT0 + 5, "stderr", 'P', "err tail\r"));
}

TEST_F(CriLogWriterTest, LongTailAtCloseCountsItsLastCarriageReturn) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  const std::string a(kMaxLogLineBytes, 'a');
  w.Write(LogStream::kStdout, a + "\r", kT0);
  w.Close(kT0 + 1);
  EXPECT_EQ(Contents(path),
            Rec(kT0 + 1, "stdout", 'P', a) + Rec(kT0 + 1, "stdout", 'P', "\r"));
}

TEST_F(CriLogWriterTest, DestructorWritesTailsStampedWithTheirLastWrite) {
  const std::string path = Path("c/0.log");
  {
    CriLogWriter w(sink_, path);
    w.Write(LogStream::kStdout, "full\n", kT0);
    w.Write(LogStream::kStdout, "ta", kT0 + 1);
    w.Write(LogStream::kStdout, "il", kT0 + 2);
  }
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'F', "full") +
                                Rec(kT0 + 2, "stdout", 'P', "tail"));
}

TEST_F(CriLogWriterTest, ReopenSendsOnlyLaterRecordsToTheNewFile) {
  const std::string path = Path("pod/c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "before\npart", kT0);
  w.Flush();
  sink_.Sync();
  // The kubelet rotates: rename, then ReopenContainerLog.
  fs::rename(path, path + ".20260101-000000");
  w.Write(LogStream::kStdout, "-ial\n", kT0 + 1);  // in memory until Reopen
  w.Reopen();
  w.Write(LogStream::kStderr, "after\n", kT0 + 2);
  w.Flush();
  EXPECT_EQ(Contents(path + ".20260101-000000"),
            Rec(kT0, "stdout", 'F', "before") +
                Rec(kT0 + 1, "stdout", 'F', "part-ial"));
  EXPECT_EQ(Contents(path), Rec(kT0 + 2, "stderr", 'F', "after"));
}

TEST_F(CriLogWriterTest, ReopenCarriesAnIncompleteTailIntoTheNewFile) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "old\nhalf", kT0);
  w.Flush();
  sink_.Sync();
  fs::rename(path, path + ".1");
  w.Reopen();
  w.Write(LogStream::kStdout, " done\n", kT0 + 1);
  w.Flush();
  EXPECT_EQ(Contents(path + ".1"), Rec(kT0, "stdout", 'F', "old"));
  EXPECT_EQ(Contents(path), Rec(kT0 + 1, "stdout", 'F', "half done"));
}

TEST_F(CriLogWriterTest, ReopenWithoutRenameEmptiesTheFile) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "gone\n", kT0);
  w.Reopen();
  w.Write(LogStream::kStdout, "kept\n", kT0 + 1);
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0 + 1, "stdout", 'F', "kept"));
}

TEST_F(CriLogWriterTest, EmptyPathDiscardsEverything) {
  {
    CriLogWriter w(sink_, "");
    w.Write(LogStream::kStdout, "dropped\ntail", kT0);
    w.Write(LogStream::kStderr, std::string(3 * kMaxLogLineBytes, 'x'), kT0);
    w.Flush();
    w.Reopen();
    w.Close(kT0 + 1);
    EXPECT_EQ(w.bytes_written(), 0u);
    EXPECT_EQ(w.path(), "");
  }
  sink_.Sync();
  EXPECT_TRUE(fs::is_empty(dir_));
  EXPECT_EQ(sink_.write_errors(), 0u);
}

TEST_F(CriLogWriterTest, CreatesTheFileBeforeAnyOutput) {
  const std::string path = Path("pods/ns_pod_uid/c/0.log");
  CriLogWriter w(sink_, path);
  EXPECT_EQ(Contents(path), "");
  EXPECT_TRUE(fs::is_regular_file(path));
}

TEST_F(CriLogWriterTest, BuffersBelowTheThresholdUntilFlush) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "one\n", kT0);
  EXPECT_EQ(Contents(path), "");
  w.Flush();
  EXPECT_EQ(Contents(path), Rec(kT0, "stdout", 'F', "one"));
}

TEST_F(CriLogWriterTest, HandsRecordsToTheSinkOncePastTheThreshold) {
  const std::string path = Path("c/0.log");
  const std::string line(100, 'x');
  const size_t record = Rec(kT0, "stdout", 'F', line).size();
  CriLogWriter w(sink_, path, /*flush_threshold=*/3 * record);
  std::string want;
  for (int i = 0; i < 2; ++i) {
    w.Write(LogStream::kStdout, line + "\n", kT0);
    want += Rec(kT0, "stdout", 'F', line);
  }
  EXPECT_EQ(Contents(path), "");
  w.Write(LogStream::kStdout, line + "\n", kT0);
  want += Rec(kT0, "stdout", 'F', line);
  EXPECT_EQ(Contents(path), want);  // no Flush() call
}

TEST_F(CriLogWriterTest, BytesWrittenCountsFormattedRecordBytes) {
  const std::string path = Path("c/0.log");
  CriLogWriter w(sink_, path);
  w.Write(LogStream::kStdout, "abc\n", kT0 + 5);
  w.Write(LogStream::kStderr, "tail", kT0 + 6);
  EXPECT_EQ(w.bytes_written(), Rec(kT0 + 5, "stdout", 'F', "abc").size());
  w.Close(kT0 + 7);
  EXPECT_EQ(w.bytes_written(), Contents(path).size());
}

TEST_F(CriLogWriterTest, ManyWritersShareOneSink) {
  std::vector<std::unique_ptr<CriLogWriter>> writers;
  for (int i = 0; i < 50; ++i) {
    writers.push_back(std::make_unique<CriLogWriter>(
        sink_, Path("c/" + std::to_string(i) + ".log"), 256));
  }
  for (int s = 0; s < 20; ++s) {
    for (int i = 0; i < 50; ++i) {
      writers[static_cast<size_t>(i)]->Write(LogStream::kStdout,
                                             "line " + std::to_string(s) + "\n",
                                             kT0 + s * kSecond);
    }
  }
  for (auto& w : writers) w->Close(kT0 + 20 * kSecond);
  for (int i = 0; i < 50; ++i) {
    std::string want;
    for (int s = 0; s < 20; ++s) {
      want +=
          Rec(kT0 + s * kSecond, "stdout", 'F', "line " + std::to_string(s));
    }
    EXPECT_EQ(Contents(Path("c/" + std::to_string(i) + ".log")), want) << i;
  }
}

// ---------------------------------------------------------------------------
// LogFileSink

using LogFileSinkTest = TempDirTest;

TEST_F(LogFileSinkTest, AppendsInOrderAndCreatesParentDirectories) {
  LogFileSink sink;
  const std::string path = Path("a/b/c/0.log");
  std::string want;
  for (int i = 0; i < 1000; ++i) {
    const std::string chunk = "chunk " + std::to_string(i) + "\n";
    sink.Append(path, chunk);
    want += chunk;
  }
  sink.Sync();
  EXPECT_EQ(ReadFile(path), want);
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(sink.write_errors(), 0u);
}

TEST_F(LogFileSinkTest, AppendsToAnExistingFile) {
  const std::string path = Path("0.log");
  std::ofstream(path) << "existing\n";
  LogFileSink sink;
  sink.Append(path, "more\n");
  sink.Sync();
  EXPECT_EQ(ReadFile(path), "existing\nmore\n");
}

TEST_F(LogFileSinkTest, EmptyAppendOnlyCreatesTheFile) {
  LogFileSink sink;
  const std::string path = Path("d/0.log");
  sink.Append(path, "");
  sink.Sync();
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(fs::file_size(path), 0u);
}

TEST_F(LogFileSinkTest, SyncWithNothingQueuedReturns) {
  LogFileSink sink;
  sink.Sync();
  sink.Sync();
  EXPECT_EQ(sink.write_errors(), 0u);
}

TEST_F(LogFileSinkTest, DestructorWritesEverythingQueued) {
  const std::string path = Path("0.log");
  std::string want;
  {
    LogFileSink sink;
    for (int i = 0; i < 5000; ++i) {
      const std::string chunk = std::to_string(i) + "\n";
      sink.Append(path, chunk);
      want += chunk;
    }
  }
  EXPECT_EQ(ReadFile(path), want);
}

TEST_F(LogFileSinkTest, KeepsAtMost256FilesOpenAcrossManyPaths) {
  const int baseline = CountOpenFds();
  LogFileSink sink;
  constexpr int kFiles = 300;  // past the bound, and cheap to create
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < kFiles; ++i) {
      sink.Append(Path("pods/" + std::to_string(i) + ".log"),
                  "round " + std::to_string(round) + "\n");
    }
    sink.Sync();
    EXPECT_LE(sink.open_files(), kDefaultMaxOpenLogFiles);
    // The thread itself adds no fd; allow a few for the test's own use.
    EXPECT_LE(CountOpenFds(),
              baseline + static_cast<int>(kDefaultMaxOpenLogFiles) + 2);
  }
  EXPECT_EQ(sink.open_files(), kDefaultMaxOpenLogFiles);
  for (int i = 0; i < kFiles; ++i) {
    EXPECT_EQ(ReadFile(Path("pods/" + std::to_string(i) + ".log")),
              "round 0\nround 1\nround 2\n")
        << i;
  }
  EXPECT_EQ(sink.write_errors(), 0u);
}

TEST_F(LogFileSinkTest, EvictsTheLeastRecentlyUsedFile) {
  LogFileSink sink(/*max_open_files=*/2);
  const std::string a = Path("a.log");
  const std::string b = Path("b.log");
  const std::string c = Path("c.log");
  sink.Append(a, "a1\n");
  sink.Sync();
  sink.Append(b, "b1\n");
  sink.Sync();
  sink.Append(a, "a2\n");  // a is now the most recent
  sink.Sync();
  sink.Append(c, "c1\n");  // evicts b, not a
  sink.Sync();
  EXPECT_EQ(sink.open_files(), 2u);
  // Renaming a away: an open fd keeps writing to the renamed file, so a
  // was not evicted; b was, so its next append reopens the path.
  fs::rename(a, a + ".old");
  fs::rename(b, b + ".old");
  sink.Append(a, "a3\n");
  sink.Append(b, "b2\n");
  sink.Sync();
  EXPECT_EQ(ReadFile(a + ".old"), "a1\na2\na3\n");
  EXPECT_FALSE(fs::exists(a));
  EXPECT_EQ(ReadFile(b + ".old"), "b1\n");
  EXPECT_EQ(ReadFile(b), "b2\n");
}

TEST_F(LogFileSinkTest, TruncateStartsANewFileAtThePath) {
  LogFileSink sink;
  const std::string path = Path("c/0.log");
  sink.Append(path, "old\n");
  sink.Sync();
  fs::rename(path, path + ".rotated");
  sink.Append(path, "still old\n");  // open fd: goes to the renamed file
  sink.Truncate(path);
  sink.Append(path, "new\n");
  sink.Sync();
  EXPECT_EQ(ReadFile(path + ".rotated"), "old\nstill old\n");
  EXPECT_EQ(ReadFile(path), "new\n");
}

TEST_F(LogFileSinkTest, TruncateEmptiesAnExistingFileAndCreatesAMissingOne) {
  LogFileSink sink;
  const std::string kept = Path("kept.log");
  const std::string fresh = Path("new/dir/fresh.log");
  sink.Append(kept, "x\n");
  sink.Truncate(kept);
  sink.Truncate(fresh);
  sink.Sync();
  EXPECT_TRUE(fs::is_regular_file(kept));
  EXPECT_EQ(fs::file_size(kept), 0u);
  EXPECT_TRUE(fs::is_regular_file(fresh));
  EXPECT_EQ(fs::file_size(fresh), 0u);
}

TEST_F(LogFileSinkTest, CountsErrorsAndKeepsWorking) {
  LogFileSink sink;
  const std::string blocker = Path("not_a_dir");
  std::ofstream(blocker) << "file\n";
  sink.Append(blocker + "/c/0.log", "lost\n");
  sink.Truncate(blocker + "/c/1.log");
  const std::string good = Path("good/0.log");
  sink.Append(good, "fine\n");
  sink.Sync();
  EXPECT_EQ(sink.write_errors(), 2u);
  EXPECT_EQ(ReadFile(good), "fine\n");
}

TEST_F(LogFileSinkTest, DirectoryRemovedUnderAnOpenFileIsNotAnError) {
  LogFileSink sink;
  const std::string path = Path("pod/0.log");
  sink.Append(path, "a\n");
  sink.Sync();
  fs::remove_all(Path("pod"));
  sink.Append(path, "b\n");  // like containerd: lands in the unlinked file
  sink.Sync();
  EXPECT_EQ(sink.write_errors(), 0u);
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(LogFileSinkTest, ConcurrentAppendersKeepEachThreadsOrder) {
  LogFileSink sink(/*max_open_files=*/3);
  constexpr int kThreads = 4;
  constexpr int kAppends = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppends; ++i) {
        // All threads share one file; each also has its own.
        sink.Append(Path("shared.log"),
                    std::to_string(t) + ":" + std::to_string(i) + "\n");
        sink.Append(Path("own" + std::to_string(t) + ".log"),
                    std::to_string(i) + "\n");
        if (i % 500 == 0) sink.Sync();
      }
    });
  }
  for (auto& th : threads) th.join();
  sink.Sync();
  std::vector<int> next(kThreads, 0);
  std::istringstream shared(ReadFile(Path("shared.log")));
  std::string line;
  int lines = 0;
  while (std::getline(shared, line)) {
    const size_t colon = line.find(':');
    ASSERT_NE(colon, std::string::npos);
    const int t = std::stoi(line.substr(0, colon));
    const int i = std::stoi(line.substr(colon + 1));
    ASSERT_EQ(i, next[static_cast<size_t>(t)]) << "thread " << t;
    ++next[static_cast<size_t>(t)];
    ++lines;
  }
  EXPECT_EQ(lines, kThreads * kAppends);
  for (int t = 0; t < kThreads; ++t) {
    std::string want;
    for (int i = 0; i < kAppends; ++i) want += std::to_string(i) + "\n";
    EXPECT_EQ(ReadFile(Path("own" + std::to_string(t) + ".log")), want);
  }
}

// ---------------------------------------------------------------------------
// ResolveLogPath

TEST(ResolveLogPath, JoinsTheSandboxDirectoryAndTheContainerPath) {
  EXPECT_EQ(*ResolveLogPath("", "/var/log/pods/ns_p_uid", "c/0.log"),
            "/var/log/pods/ns_p_uid/c/0.log");
  EXPECT_EQ(
      *ResolveLogPath("/var/log/pods", "/var/log/pods/ns_p_uid/", "c/0.log"),
      "/var/log/pods/ns_p_uid/c/0.log");
}

TEST(ResolveLogPath, EmptyLogPathMeansNoLogFile) {
  EXPECT_EQ(*ResolveLogPath("/var/log/pods", "/var/log/pods/x", ""), "");
  EXPECT_EQ(*ResolveLogPath("", "", ""), "");
}

TEST(ResolveLogPath, EmptyDirectoryUsesTheLogPathAsIs) {
  EXPECT_EQ(*ResolveLogPath("", "", "/tmp/x/0.log"), "/tmp/x/0.log");
  EXPECT_EQ(*ResolveLogPath("", "", "rel/0.log"), "rel/0.log");
  EXPECT_EQ(*ResolveLogPath("/tmp", "", "/tmp/x/0.log"), "/tmp/x/0.log");
}

TEST(ResolveLogPath, NormalisesDotsAndRepeatedSlashes) {
  EXPECT_EQ(*ResolveLogPath("", "/var//log/./pods/", "a/../c//0.log"),
            "/var/log/pods/c/0.log");
  EXPECT_EQ(*ResolveLogPath("", "/", "../../x.log"), "/x.log");
  EXPECT_EQ(*ResolveLogPath("", "a", "../../x.log"), "../x.log");
  EXPECT_EQ(*ResolveLogPath("", "/d", "/abs.log"), "/d/abs.log");
}

TEST(ResolveLogPath, RejectsPathsEscapingTheRoot) {
  EXPECT_THAT(
      ResolveLogPath("/var/log/pods", "/var/log/pods/ns_p_uid",
                     "../../../../etc/passwd"),
      StatusIs(absl::StatusCode::kInvalidArgument,
               "log path \"/var/log/pods/ns_p_uid/../../../../etc/passwd\" "
               "escapes the log root \"/var/log/pods\""));
  EXPECT_THAT(ResolveLogPath("/var/log/pods", "/var/log", "c/0.log"),
              StatusIs(absl::StatusCode::kInvalidArgument, "escapes"));
  // A sibling sharing the root's name as a prefix is outside it.
  EXPECT_THAT(ResolveLogPath("/var/log/pods", "/var/log/pods-evil", "0.log"),
              StatusIs(absl::StatusCode::kInvalidArgument, "escapes"));
}

TEST(ResolveLogPath, AllowsDotDotThatStaysInsideTheRoot) {
  EXPECT_EQ(
      *ResolveLogPath("/var/log/pods/", "/var/log/pods/a", "../b/c/0.log"),
      "/var/log/pods/b/c/0.log");
  EXPECT_EQ(*ResolveLogPath("/", "/x", "../y.log"), "/y.log");
}

TEST(ResolveLogPath, RejectsRelativeResultsAndTheRootItselfWhenRootIsSet) {
  EXPECT_THAT(ResolveLogPath("/var/log/pods", "", "c/0.log"),
              StatusIs(absl::StatusCode::kInvalidArgument, "relative"));
  EXPECT_THAT(ResolveLogPath("/var/log/pods", "pods", "c/0.log"),
              StatusIs(absl::StatusCode::kInvalidArgument, "relative"));
  EXPECT_THAT(ResolveLogPath("/var/log/pods", "/var/log/pods/a", ".."),
              StatusIs(absl::StatusCode::kInvalidArgument, "log root"));
  EXPECT_THAT(ResolveLogPath("/", "/", "."),
              StatusIs(absl::StatusCode::kInvalidArgument, "log root"));
}

TEST(ResolveLogPath, RejectsEmbeddedNulBytes) {
  EXPECT_THAT(ResolveLogPath("", "/var/log", std::string_view("a\0b", 3)),
              StatusIs(absl::StatusCode::kInvalidArgument, "NUL"));
}

}  // namespace
}  // namespace fakecri::logs
