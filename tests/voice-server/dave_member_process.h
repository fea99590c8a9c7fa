// The voice test server's second (and further) DAVE members: dave-member/member.js, a Node child
// process running @snazzah/davey, spoken to over its stdin/stdout (one JSON object per line; the
// format is described in member.js). Each member user id gets a DaveLink for the gateway.
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "dave/bytes.h"
#include "dave_gateway.h"
#include "gobject_ptr.h"

namespace lava::voicetest {

class DaveMemberProcess {
 public:
  struct Handlers {
    std::function<void(std::uint64_t user, dave::ByteView frame)> binary;  // u8 op ‖ payload
    std::function<void(std::uint64_t user, int op, JsonObject* d)> json;
    std::function<void(std::uint64_t user, JsonObject* event)> event;
    // A frame handed to decrypt(): the plaintext, or null and the reason.
    std::function<void(std::uint64_t id, const dave::Bytes* plain, const char* error)> decrypted;
  };
  DaveMemberProcess(std::string node, std::string script, std::uint64_t channel_id,
                    Handlers handlers);
  ~DaveMemberProcess();
  DaveMemberProcess(const DaveMemberProcess&) = delete;
  DaveMemberProcess& operator=(const DaveMemberProcess&) = delete;

  bool start(GError** error);
  // A new davey session for `user` (it sends its key package); its link for the gateway.
  DaveLink* add_member(std::uint64_t user);
  void remove_member(std::uint64_t user);
  // Asks member `user` to decrypt `frame` from `sender`; the answer comes to Handlers::decrypted.
  void decrypt(std::uint64_t id, std::uint64_t user, std::uint64_t sender, dave::ByteView frame);

 private:
  class Link;
  static void on_line(GObject* source, GAsyncResult* result, gpointer self);
  void read_next();
  void handle_line(const char* line);
  void write(JsonObject* message);

  std::string node_, script_;
  std::uint64_t channel_id_;
  Handlers handlers_;
  GObjectPtr<GSubprocess> process_;
  GObjectPtr<GDataInputStream> out_;
  GObjectPtr<GCancellable> cancel_;
  std::map<std::uint64_t, std::unique_ptr<Link>> links_;
};

}  // namespace lava::voicetest
