#include "external_proposals.h"

#include "mls_crypto.h"

namespace lava::dave {

Bytes make_external_proposal(ByteView group_id, std::uint64_t epoch, const Proposal& proposal,
                             const P256KeyPair& gateway_key) {
  PublicMessage m;
  m.content = {Bytes(group_id.begin(), group_id.end()),
               epoch,
               {SenderType::external, 0},
               {},
               ContentType::proposal,
               proposal};
  m.signature = sign_with_label(gateway_key, "FramedContentTBS", m.content.to_be_signed(nullptr));
  return m.encode_message();
}

}  // namespace lava::dave
