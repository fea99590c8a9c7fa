#include <cstddef>
#include <cstdint>

#include "dave/bytes.h"
#include "dave/gateway_messages.h"
#include "dave/media_frame.h"
#include "dave/ratchet_tree.h"

// The first byte picks which DAVE parser of peer-controlled bytes gets the rest: the binary
// gateway ops 25–30, the media frame trailer and the ratchet tree extension.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const lava::dave::ByteView input(data + 1, size - 1);
  switch (data[0] % 9) {
    case 0:
      (void)lava::dave::parse_server_binary_frame(input);
      break;
    case 1:
      (void)lava::dave::parse_external_sender(input);
      break;
    case 2:
      (void)lava::dave::parse_proposals(input);
      break;
    case 3:
      (void)lava::dave::parse_announce_commit(input);
      break;
    case 4:
      (void)lava::dave::parse_welcome(input);
      break;
    case 5:
      (void)lava::dave::parse_key_package_frame(input);
      break;
    case 6:
      (void)lava::dave::parse_commit_welcome_frame(input);
      break;
    case 7:
      (void)lava::dave::parse_protocol_frame(input);
      break;
    default:
      (void)lava::dave::RatchetTree::decode(input);
  }
  return 0;
}
