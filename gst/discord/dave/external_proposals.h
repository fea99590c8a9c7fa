// The gateway side of DAVE's external sender: signed Add/Remove proposals as the voice gateway
// sends them in op 27. Members never call this; the test voice server and our tests do.
#pragma once

#include <cstdint>

#include "bytes.h"
#include "framing.h"
#include "p256.h"

namespace lava::dave {

// MLSMessage(PublicMessage) from external sender 0 carrying `proposal` for the given epoch.
Bytes make_external_proposal(ByteView group_id, std::uint64_t epoch, const Proposal& proposal,
                             const P256KeyPair& gateway_key);

}  // namespace lava::dave
