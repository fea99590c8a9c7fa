// MLS message framing (RFC 9420 §6) for PublicMessage handshakes, with the Add/Remove proposals
// and by-reference Commits DAVE uses (§12.1, §12.4).
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "bytes.h"
#include "key_schedule.h"
#include "mls_structs.h"

namespace lava::dave {

enum class WireFormat : std::uint16_t {
  public_message = 1,
  private_message = 2,
  welcome = 3,
  group_info = 4,
  key_package = 5,
};
enum class SenderType : std::uint8_t { member = 1, external = 2 };
enum class ContentType : std::uint8_t { application = 1, proposal = 2, commit = 3 };
inline constexpr std::uint16_t kProposalAdd = 1;
inline constexpr std::uint16_t kProposalRemove = 3;

struct Sender {
  SenderType type = SenderType::member;
  std::uint32_t index = 0;  // leaf index (member) or external sender index
};

struct AddProposal {
  KeyPackage key_package;
};
struct RemoveProposal {
  std::uint32_t removed = 0;
};
// Only Add and Remove parse; every other proposal type fails the reader.
using Proposal = std::variant<AddProposal, RemoveProposal>;
void encode_proposal(TlsWriter& w, const Proposal& p);
Proposal read_proposal(TlsReader& r);

struct UpdatePathNode {
  Bytes encryption_key;
  struct Secret {
    Bytes kem_output;
    Bytes ciphertext;
  };
  std::vector<Secret> encrypted_path_secret;
};
struct UpdatePath {
  LeafNode leaf_node;
  std::vector<UpdatePathNode> nodes;
};
UpdatePath read_update_path(TlsReader& r);

// proposals by reference only (DAVE's rule); an inline proposal fails the reader.
struct Commit {
  std::vector<Bytes> proposal_refs;
  std::optional<UpdatePath> path;
};

struct FramedContent {
  Bytes group_id;
  std::uint64_t epoch = 0;
  Sender sender;
  Bytes authenticated_data;
  ContentType type = ContentType::proposal;
  std::variant<Proposal, Commit> body;

  void encode(TlsWriter& w) const;
  static FramedContent read(TlsReader& r);
  // FramedContentTBS for a PublicMessage; `context` counts only for member senders.
  Bytes to_be_signed(const GroupContext* context) const;
};

struct PublicMessage {
  FramedContent content;
  Bytes signature;
  Bytes confirmation_tag;  // commits only
  Bytes membership_tag;    // member senders only

  // AuthenticatedContent, the input of ProposalRef and of the transcript hash.
  Bytes authenticated_content() const;
  Bytes confirmed_transcript_input() const;
  Bytes membership_tag_input(const GroupContext& context) const;
  // MLSMessage framing: version, wire format, PublicMessage.
  Bytes encode_message() const;
};

// Parses an MLSMessage that must hold a PublicMessage; the reader fails on anything else.
PublicMessage read_public_message(TlsReader& r);
Result<PublicMessage> parse_public_message(ByteView mls_message);

}  // namespace lava::dave
