#include "proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lava::test {

ProcStats read_proc_stats(int pid) {
  ProcStats s;
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream status(base + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) s.rss_kb = std::stoll(line.substr(6));
    if (line.starts_with("Threads:")) s.threads = std::stoi(line.substr(8));
  }
  // /proc/<pid>/stat: utime and stime are fields 14 and 15, counted after the parenthesised
  // command name (which may hold spaces).
  std::ifstream stat(base + "/stat");
  if (std::getline(stat, line)) {
    const auto after_name = line.rfind(')');
    if (after_name != std::string::npos) {
      std::istringstream fields(line.substr(after_name + 2));
      std::string field;
      long long utime = 0, stime = 0;
      for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stoll(field);
        if (i == 15) stime = std::stoll(field);
      }
      s.cpu_s = double(utime + stime) / double(sysconf(_SC_CLK_TCK));
    }
  }
  if (DIR* d = opendir((base + "/fd").c_str())) {
    s.fds = 0;
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') ++s.fds;
    closedir(d);
  }
  return s;
}

int malloc_arena_heaps(int pid) {
  struct Mapping {
    unsigned long long start, end;
    bool anonymous;
  };
  std::vector<Mapping> maps;
  std::ifstream in("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(in, line)) {
    // start-end perms offset dev inode [path]
    std::istringstream f(line);
    std::string range, perms, offset, dev, path;
    unsigned long long inode = 0;
    f >> range >> perms >> offset >> dev >> inode >> path;
    const auto dash = range.find('-');
    maps.push_back({std::stoull(range.substr(0, dash), nullptr, 16),
                    std::stoull(range.substr(dash + 1), nullptr, 16), inode == 0 && path.empty()});
  }
  constexpr unsigned long long kHeapSize = 64ull << 20;
  int heaps = 0;
  for (std::size_t i = 0; i < maps.size(); ++i) {
    if (!maps[i].anonymous || maps[i].start % kHeapSize != 0) continue;
    unsigned long long end = maps[i].start;
    for (std::size_t j = i; j < maps.size() && maps[j].anonymous && maps[j].start == end &&
                            end - maps[i].start < kHeapSize;
         ++j)
      end = maps[j].end;
    if (end - maps[i].start == kHeapSize) ++heaps;
  }
  return heaps;
}

}  // namespace lava::test
