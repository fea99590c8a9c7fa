#include <cstddef>
#include <cstdint>

#include "dave/bytes.h"
#include "dave/gateway_messages.h"
#include "dave/media_frame.h"
#include "dave/mls_structs.h"
#include "dave/ratchet_tree.h"
#include "dave/welcome.h"

namespace {

// What Group::join reads from a decrypted GroupInfo before any signature check: the ratchet
// tree and external senders extensions.
void read_group_info(lava::dave::ByteView input) {
  auto info = lava::dave::GroupInfo::parse(input);
  if (!info) return;
  for (const auto& e : info->extensions) {
    if (e.type == lava::dave::kExtensionRatchetTree) (void)lava::dave::RatchetTree::decode(e.data);
    if (e.type == lava::dave::kExtensionExternalSenders) {
      bool ok = false;
      (void)lava::dave::read_external_senders(e.data, ok);
    }
  }
}

}  // namespace

// The first byte picks which DAVE parser of peer-controlled bytes gets the rest: the binary
// gateway ops 25–30, the media frame trailer, the ratchet tree extension, and the MLS
// structures only a Welcome's decryption reveals (GroupInfo, GroupSecrets, external senders),
// which random bytes could never reach through the encrypted op 30.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const lava::dave::ByteView input(data + 1, size - 1);
  switch (data[0] % 13) {
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
    case 8:
      (void)lava::dave::RatchetTree::decode(input);
      break;
    case 9:
      read_group_info(input);
      break;
    case 10:
      (void)lava::dave::GroupSecrets::parse(input);
      break;
    case 11:
      (void)lava::dave::Welcome::parse_message(input);
      break;
    default: {
      bool ok = false;
      (void)lava::dave::read_external_senders(input, ok);
    }
  }
  return 0;
}
