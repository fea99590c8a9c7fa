// A local HTTP media server for the node's tests: serves in-memory files with Range support
// (libsoup answers 206 for complete bodies) on its own thread and main context.
#pragma once

#include <libsoup/soup.h>

#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "gobject_ptr.h"

namespace lava::test {

class MediaServer {
 public:
  MediaServer();
  ~MediaServer();
  MediaServer(const MediaServer&) = delete;
  MediaServer& operator=(const MediaServer&) = delete;

  // Serves `body` at `path` with `content_type`. Unknown paths answer 404.
  void add(const std::string& path, std::string body, const std::string& content_type);
  std::string url(const std::string& path) const;

 private:
  struct File {
    std::string body;
    std::string content_type;
  };
  static void on_request(SoupServer*, SoupServerMessage* msg, const char* path, GHashTable*,
                         gpointer self);

  GMainContext* context_ = nullptr;
  GMainLoop* loop_ = nullptr;
  GObjectPtr<SoupServer> server_;
  int port_ = 0;
  std::mutex mutex_;
  std::map<std::string, File> files_;
  std::thread thread_;
};

// Runs a gst-launch description until EOS (true) or an error or a minute (false).
bool run_to_eos(const std::string& launch);

// Encodes `seconds` of a 440 Hz tone with the given gst-launch encoder chain (e.g.
// "vorbisenc ! oggmux") and title/artist tags; returns the file bytes.
std::string make_tone(double seconds, const std::string& encoder, const std::string& title,
                      const std::string& artist);

}  // namespace lava::test
