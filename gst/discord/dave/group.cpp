#include "group.h"

#include <algorithm>

#include "crypto.h"
#include "epoch_change.h"
#include "mls_crypto.h"
#include "tree_math.h"

namespace lava::dave {
namespace {

// The extensions field of a GroupContext holds the vector body; this is the same body.
Bytes extensions_body(const std::vector<Extension>& list) {
  TlsWriter w;
  for (const auto& e : list) {
    w.u16(e.type);
    w.opaque(e.data);
  }
  return w.take();
}

std::optional<std::vector<Extension>> parse_extensions_body(ByteView body) {
  TlsWriter framed;
  framed.opaque(body);
  TlsReader r(framed.bytes());
  auto list = read_extensions(r);
  if (!r.done()) return std::nullopt;
  return list;
}

}  // namespace

MemberKeys MemberKeys::create(std::uint64_t user_id) {
  MemberKeys k{P256KeyPair::generate(), P256KeyPair::generate(), P256KeyPair::generate(), {}};
  LeafNode leaf;
  leaf.encryption_key = k.leaf_encryption.public_key;
  leaf.signature_key = k.signature.public_key;
  leaf.credential.identity = user_id_identity(user_id);
  leaf.sign(k.signature, {}, 0);
  k.key_package.init_key = k.init.public_key;
  k.key_package.leaf_node = std::move(leaf);
  k.key_package.sign(k.signature);
  return k;
}

void Group::set_extensions(std::vector<Extension> extensions) {
  extensions_ = std::move(extensions);
  context_.extensions = extensions_body(extensions_);
  external_senders_.clear();
  if (const Extension* e = find_extension(extensions_, kExtensionExternalSenders)) {
    bool ok = false;
    external_senders_ = read_external_senders(e->data, ok);
    if (!ok) external_senders_.clear();
  }
}

Group Group::create(Bytes group_id, const MemberKeys& keys, const ExternalSender& gateway) {
  Group g;
  g.context_.group_id = std::move(group_id);
  g.set_extensions({external_senders_extension({gateway})});
  g.tree_ = RatchetTree(keys.key_package.leaf_node);
  g.signature_key_ = keys.signature;
  g.keys_.emplace(0, keys.leaf_encryption);
  g.context_.tree_hash = g.tree_.tree_hash();
  g.secrets_ = EpochSecrets::from_init(random_bytes(kHashSize), Bytes(kHashSize, 0), g.context_);
  g.interim_transcript_hash_ =
      interim_transcript_hash({}, hmac_sha256(g.secrets_.confirmation_key, {}));
  return g;
}

Result<Group> Group::join(const Welcome& welcome, const MemberKeys& keys) {
  using R = Result<Group>;
  auto opened = open_welcome(welcome, keys.key_package, keys.init.private_key);
  if (!opened) return R::failure(opened.error());
  const GroupInfo& info = opened->info;
  if (info.context.version != kProtocolVersionMls10 || info.context.cipher_suite != kCipherSuite)
    return R::failure("Welcome is for another MLS version or cipher suite");
  const Extension* tree_ext = find_extension(info.extensions, kExtensionRatchetTree);
  if (!tree_ext) return R::failure("Welcome carries no ratchet tree");
  auto tree = RatchetTree::decode(tree_ext->data);
  if (!tree) return R::failure("malformed ratchet tree");
  const LeafNode* signer = tree->leaf(info.signer);
  if (!signer || !info.verify(signer->signature_key))
    return R::failure("GroupInfo signature does not verify");
  if (tree->tree_hash() != info.context.tree_hash) return R::failure("tree hash mismatch");
  for (std::uint32_t i = 0; i < tree->leaf_count(); ++i)
    if (const LeafNode* l = tree->leaf(i); l && !l->verify(info.context.group_id, i))
      return R::failure("a leaf node signature does not verify");
  if (!tree->parent_hashes_valid()) return R::failure("ratchet tree parent hashes are invalid");
  if (!identities_unique(*tree)) return R::failure("group holds one user id twice");
  auto own = tree->find_leaf(keys.key_package.leaf_node);
  if (!own) return R::failure("our leaf is not in the tree");

  Group g;
  g.secrets_ = EpochSecrets::from_joiner(opened->secrets.joiner_secret, info.context);
  if (!constant_time_equal(
          hmac_sha256(g.secrets_.confirmation_key, info.context.confirmed_transcript_hash),
          info.confirmation_tag))
    return R::failure("GroupInfo confirmation tag does not verify");
  auto extensions = parse_extensions_body(info.context.extensions);
  if (!extensions) return R::failure("malformed group context extensions");
  g.context_ = info.context;
  g.set_extensions(std::move(*extensions));
  g.tree_ = std::move(*tree);
  g.own_leaf_ = *own;
  g.signature_key_ = keys.signature;
  g.keys_.emplace(tree::leaf_to_node(*own), keys.leaf_encryption);
  g.interim_transcript_hash_ =
      interim_transcript_hash(info.context.confirmed_transcript_hash, info.confirmation_tag);
  if (opened->secrets.path_secret) {
    const auto steps = g.tree_.filtered_direct_path(info.signer);
    std::size_t i = 0;
    while (i < steps.size() && !tree::is_in_subtree(steps[i].node, tree::leaf_to_node(*own))) ++i;
    auto path = derive_path_from(g.tree_, steps, i, *opened->secrets.path_secret);
    if (!path) return R::failure(path.error());
    g.keys_.merge(path->keys);
  }
  return g;
}

Result<Bytes> Group::add_external_proposal(const PublicMessage& m) {
  using R = Result<Bytes>;
  const FramedContent& c = m.content;
  if (c.group_id != context_.group_id) return R::failure("proposal for another group");
  if (c.epoch != context_.epoch) return R::failure("proposal for another epoch");
  if (c.type != ContentType::proposal) return R::failure("not a proposal");
  if (c.sender.type != SenderType::external || c.sender.index >= external_senders_.size())
    return R::failure("proposal not from the external sender");
  if (!verify_with_label(external_senders_[c.sender.index].signature_key, "FramedContentTBS",
                         c.to_be_signed(nullptr), m.signature))
    return R::failure("proposal signature does not verify");
  const Proposal& p = std::get<Proposal>(c.body);
  if (const auto* add = std::get_if<AddProposal>(&p)) {
    if (!add->key_package.verify()) return R::failure("Add proposal key package is invalid");
  } else if (!tree_.leaf(std::get<RemoveProposal>(p).removed)) {
    return R::failure("Remove proposal names a blank leaf");
  }
  Bytes ref = make_proposal_ref(m.authenticated_content());
  proposals_.push_back({ref, p});
  return ref;
}

bool Group::revoke_proposal(ByteView ref) {
  return std::erase_if(proposals_, [&](const CachedProposal& p) { return equal(p.ref, ref); }) > 0;
}

Status Group::resolve(const Commit& commit, std::vector<Proposal>& out) const {
  for (const Bytes& ref : commit.proposal_refs) {
    auto it = std::find_if(proposals_.begin(), proposals_.end(),
                           [&](const CachedProposal& p) { return p.ref == ref; });
    if (it == proposals_.end()) return Status::failure("commit references an unknown proposal");
    out.push_back(it->proposal);
  }
  return {};
}

void Group::keep_valid_keys() {
  std::erase_if(keys_, [&](const auto& entry) {
    const auto& [node, key] = entry;
    return node >= tree_.node_count() || tree_.node(node).blank() ||
           tree_.node(node).encryption_key() != key.public_key;
  });
}

void Group::finish_epoch(const GroupContext& next, ByteView commit_secret,
                         ByteView confirmed_input) {
  const Bytes init = secrets_.init_secret;
  context_ = next;
  context_.confirmed_transcript_hash = sha256(concat(interim_transcript_hash_, confirmed_input));
  secrets_ = EpochSecrets::from_init(init, commit_secret, context_);
  proposals_.clear();
}

std::vector<std::optional<std::uint64_t>> Group::roster() const {
  std::vector<std::optional<std::uint64_t>> out;
  for (std::uint32_t i = 0; i < tree_.leaf_count(); ++i) {
    const LeafNode* l = tree_.leaf(i);
    out.push_back(l ? identity_user_id(l->credential.identity) : std::nullopt);
  }
  return out;
}

}  // namespace lava::dave
