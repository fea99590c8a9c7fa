#include "proc_stats.h"

#include <dirent.h>

#include <fstream>
#include <string>

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
  if (DIR* d = opendir((base + "/fd").c_str())) {
    s.fds = 0;
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') ++s.fds;
    closedir(d);
  }
  return s;
}

}  // namespace lava::test
