// Values from the MLS working group's RFC 9420 test vectors (mlswg/mls-implementations,
// test-vectors/*.json), ciphersuite 2 entries only, transcribed as constants.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace lava::dave::vectors {

struct CryptoBasics {
  struct {
    const char* label = "DeriveSecret";
    const char* out = "1ecafd3d40cb32cae416e09bc01da56357d00cb094f74e3c69c2969216e50afc";
    const char* secret = "7165576616048aa145d20f7c1d460e2d9d8bbde882bc3bb0750d50e369809f99";
  } derive_secret;
  struct {
    std::uint32_t generation = 2694881440;
    const char* label = "DeriveTreeSecret";
    std::uint32_t length = 32;
    const char* out = "298ab27d2e621d9fc079126d9ffce5259fa0d58697267b40bfadf805b01d0d3c";
    const char* secret = "62db8a06300e98dbfd2c831e18544873cec3a2c1ba852fcee8423ff3c08e397e";
  } derive_tree_secret;
  struct {
    const char* ciphertext =
        "98b7d4edc79f4a90f65434050f75e31a3bc6501c584d41abd6ed5fe3c2db9de22d25ef40c45cce7d0fcc881d7d"
        "27af2f";
    const char* context = "e27e3b0104990cca866751732c82787af4dcf265c893f77e31bcfd679370e24e";
    const char* kem_output =
        "041fae8a8173cad50c0cc6d55f148ff8edda63083b3673cf6dce6a0ae6ee3f0b61505470309dade87ac5ccdb58"
        "1da3e9ddf6726949d5a92b65dcad6c8679c7313e";
    const char* label = "EncryptWithLabel";
    const char* plaintext = "38a6b327573639d654b5b729336cf74d01728cf4fa9af81a0ef1814ffc1d492f";
    const char* priv = "ff21771424dadd640e05c67983aafe19b4d8df50783a0c2decc17d0c7ca4cc17";
    const char* pub =
        "047b27b0be346d14d7b4df30296a030deeba088746da7cfda43d0ec739df3ce90d3c96d5f302e41f935ac90206"
        "51285c7bcf073172d375c5abcfc9e491b3491f88";
  } encrypt_with_label;
  struct {
    const char* context = "453c420d63ecb1a8da89d3569770c42bad572864f3709d1e9dd19a0961cbf5e1";
    const char* label = "ExpandWithLabel";
    std::uint32_t length = 16;
    const char* out = "5710680c556304f4aec67aab4abbc1b1";
    const char* secret = "194d4e81c3f9fcfbc40e2cf3f5b104d0f51e71b5a7f1e4ddd70cc8d4a3620e5f";
  } expand_with_label;
  struct {
    const char* label = "RefHash";
    const char* out = "8f508c2f89d2797b6882ee487dc2832b2b6d59b27681293c2c2c3f1f0e6cd54f";
    const char* value = "feb64672017685dc26d0b7fc41cd96d8bef40af09002eb5aa9a52580c80f0b2e";
  } ref_hash;
  struct {
    const char* content = "a0dda617ce4685d764c762b11186b6d60ff8de85ff01eca2413bd4ecfd3b3a57";
    const char* label = "SignWithLabel";
    const char* priv = "207c472d3efaf6737a6f5ae14a3c33a139034865364a128bca5475c85cc02fe0";
    const char* pub =
        "04448971fc06de011d780cf68fd27e2570322d04079f529c3deb48a2015fdd828162c570264e051b5856e81111"
        "71fb0341907173aefa665682c2549af982a31483";
    const char* signature =
        "304402206042e397e1bb78951709790e3446b13bf17f9c641aaed92fb1768b5bc99dd98402202465153d91dd79"
        "e808286088768d8ed150381f3675498d6e150ae713be43387b";
  } sign_with_label;
};
inline const CryptoBasics kCryptoBasics{};

struct VarintCase {
  const char* header;
  std::uint32_t length;
};
inline const VarintCase kVarints[] = {
    {"00", 0},           {"0d", 13},
    {"36", 54},          {"3f", 63},
    {"4040", 64},        {"40ff", 255},
    {"4185", 389},       {"4aaa", 2730},
    {"4fff", 4095},      {"7fff", 16383},
    {"80004000", 16384}, {"8000beef", 48879},
    {"8000dead", 57005}, {"bfffffff", 1073741823},
};

struct TreeMath {
  std::uint32_t n_leaves, n_nodes, root;
  std::vector<std::optional<std::uint32_t>> left, right, parent, sibling;
};
inline const TreeMath kTreeMath[] = {
    {1, 1, 0, {std::nullopt}, {std::nullopt}, {std::nullopt}, {std::nullopt}},
    {2,
     3,
     1,
     {std::nullopt, 0, std::nullopt},
     {std::nullopt, 2, std::nullopt},
     {1, std::nullopt, 1},
     {2, std::nullopt, 0}},
    {4,
     7,
     3,
     {std::nullopt, 0, std::nullopt, 1, std::nullopt, 4, std::nullopt},
     {std::nullopt, 2, std::nullopt, 5, std::nullopt, 6, std::nullopt},
     {1, 3, 1, std::nullopt, 5, 3, 5},
     {2, 5, 0, std::nullopt, 6, 1, 4}},
    {8,
     15,
     7,
     {std::nullopt, 0, std::nullopt, 1, std::nullopt, 4, std::nullopt, 3, std::nullopt, 8,
      std::nullopt, 9, std::nullopt, 12, std::nullopt},
     {std::nullopt, 2, std::nullopt, 5, std::nullopt, 6, std::nullopt, 11, std::nullopt, 10,
      std::nullopt, 13, std::nullopt, 14, std::nullopt},
     {1, 3, 1, 7, 5, 3, 5, std::nullopt, 9, 11, 9, 7, 13, 11, 13},
     {2, 5, 0, 11, 6, 1, 4, std::nullopt, 10, 13, 8, 3, 14, 9, 12}},
    {16,
     31,
     15,
     {std::nullopt, 0,  std::nullopt, 1,  std::nullopt, 4,  std::nullopt, 3,
      std::nullopt, 8,  std::nullopt, 9,  std::nullopt, 12, std::nullopt, 7,
      std::nullopt, 16, std::nullopt, 17, std::nullopt, 20, std::nullopt, 19,
      std::nullopt, 24, std::nullopt, 25, std::nullopt, 28, std::nullopt},
     {std::nullopt, 2,  std::nullopt, 5,  std::nullopt, 6,  std::nullopt, 11,
      std::nullopt, 10, std::nullopt, 13, std::nullopt, 14, std::nullopt, 23,
      std::nullopt, 18, std::nullopt, 21, std::nullopt, 22, std::nullopt, 27,
      std::nullopt, 26, std::nullopt, 29, std::nullopt, 30, std::nullopt},
     {1,  3,  1,  7,  5,  3,  5,  15, 9,  11, 9,  7,  13, 11, 13, std::nullopt,
      17, 19, 17, 23, 21, 19, 21, 15, 25, 27, 25, 23, 29, 27, 29},
     {2,  5,  0,  11, 6,  1,  4,  23, 10, 13, 8,  3,  14, 9,  12, std::nullopt,
      18, 21, 16, 27, 22, 17, 20, 7,  26, 29, 24, 19, 30, 25, 28}},
    {32,
     63,
     31,
     {std::nullopt, 0,  std::nullopt, 1,  std::nullopt, 4,  std::nullopt, 3,  std::nullopt, 8,
      std::nullopt, 9,  std::nullopt, 12, std::nullopt, 7,  std::nullopt, 16, std::nullopt, 17,
      std::nullopt, 20, std::nullopt, 19, std::nullopt, 24, std::nullopt, 25, std::nullopt, 28,
      std::nullopt, 15, std::nullopt, 32, std::nullopt, 33, std::nullopt, 36, std::nullopt, 35,
      std::nullopt, 40, std::nullopt, 41, std::nullopt, 44, std::nullopt, 39, std::nullopt, 48,
      std::nullopt, 49, std::nullopt, 52, std::nullopt, 51, std::nullopt, 56, std::nullopt, 57,
      std::nullopt, 60, std::nullopt},
     {std::nullopt, 2,  std::nullopt, 5,  std::nullopt, 6,  std::nullopt, 11, std::nullopt, 10,
      std::nullopt, 13, std::nullopt, 14, std::nullopt, 23, std::nullopt, 18, std::nullopt, 21,
      std::nullopt, 22, std::nullopt, 27, std::nullopt, 26, std::nullopt, 29, std::nullopt, 30,
      std::nullopt, 47, std::nullopt, 34, std::nullopt, 37, std::nullopt, 38, std::nullopt, 43,
      std::nullopt, 42, std::nullopt, 45, std::nullopt, 46, std::nullopt, 55, std::nullopt, 50,
      std::nullopt, 53, std::nullopt, 54, std::nullopt, 59, std::nullopt, 58, std::nullopt, 61,
      std::nullopt, 62, std::nullopt},
     {1,  3,  1,  7,  5,  3,  5,  15, 9,  11, 9,  7,  13, 11, 13, 31,
      17, 19, 17, 23, 21, 19, 21, 15, 25, 27, 25, 23, 29, 27, 29, std::nullopt,
      33, 35, 33, 39, 37, 35, 37, 47, 41, 43, 41, 39, 45, 43, 45, 31,
      49, 51, 49, 55, 53, 51, 53, 47, 57, 59, 57, 55, 61, 59, 61},
     {2,  5,  0,  11, 6,  1,  4,  23, 10, 13, 8,  3,  14, 9,  12, 47,
      18, 21, 16, 27, 22, 17, 20, 7,  26, 29, 24, 19, 30, 25, 28, std::nullopt,
      34, 37, 32, 43, 38, 33, 36, 55, 42, 45, 40, 35, 46, 41, 44, 15,
      50, 53, 48, 59, 54, 49, 52, 39, 58, 61, 56, 51, 62, 57, 60}},
};

inline const char* kKeyScheduleGroupId =
    "a897b53575b4dd35fed4466e4e714bfa949eaa72e616a9c68a47b39cb7a60d2e";
inline const char* kKeyScheduleInitialInit =
    "a897b53575b4dd35fed4466e4e714bfa949eaa72e616a9c68a47b39cb7a60d2e";
struct KeyScheduleEpoch {
  const char* tree_hash;
  const char* commit_secret;
  const char* psk_secret;
  const char* confirmed_transcript_hash;
  const char* group_context;
  const char* joiner_secret;
  const char* welcome_secret;
  const char* init_secret;
  const char* sender_data_secret;
  const char* encryption_secret;
  const char* exporter_secret;
  const char* epoch_authenticator;
  const char* external_secret;
  const char* confirmation_key;
  const char* membership_key;
  const char* resumption_psk;
  const char* external_pub;
  const char* exporter_label;
  const char* exporter_context;
  std::uint32_t exporter_length;
  const char* exporter_secret_out;
};
inline const KeyScheduleEpoch kKeySchedule[] = {
    {"9769e302a99c457350a8e636009b12a2fee068664004606d6318eb3a1977d818",
     "a22606222e350fd7f0937168fe7548fb06626ab143cba7611d641693b1447509",
     "e871b247379522395689182736cb3d1e7b108d6ae934b802223975de8dc3f80b",
     "5e57c9364dc71f0f71b19ffe561ab77257c490708a47e29f8f73f2b318201d2f",
     "0001000220a897b53575b4dd35fed4466e4e714bfa949eaa72e616a9c68a47b39cb7a60d2e0000000000000000209"
     "769e302a99c457350a8e636009b12a2fee068664004606d6318eb3a1977d818205e57c9364dc71f0f71b19ffe561a"
     "b77257c490708a47e29f8f73f2b318201d2f00",
     "b3e94856e4ac46ce5a92176b7a1d97e1b8c5e4d50aff1bb25c7387b756dafd52",
     "159dc69117edda2a8d7f01f7b3ee9252a576e38e3524ebf8dbd59efa39ef3332",
     "8669c65d78b3f0ffea3d0e5d2205eb799ec39b97dada7624af0ccc3fa65bcd60",
     "a19b19d68dd5b2744bdd38e9576d8b68e7592395dcd9a19f8853d831cbb783bd",
     "de53a6bb794b7652cb69589cfae9007a8f6f50347d91821a02c02c94b8d502e9",
     "37b4777fbfa0bb7b83d5a4e52d1d249000564918b96436704595c36b57c1e366",
     "6bb5c0d569550a2c7e1917b0ebeef193b703281fc5eaa3392b3125c8e394f69d",
     "1f0124fdbb08c0d72123838e3731ab6953a53d565496f523bb3a4e539c949aac",
     "9d8dd78766b9391995f0cd122bff536c01e056ae3c29fbd8dca3a128f1a097ba",
     "136eed7ac9f27002cbb4bc47d91676341df8c8eaa8349828dd51d22d5ffb3f43",
     "99444cb54d7e6d7da939124f5a666bac5a878eb756405a437893914b33353504",
     "0404c9d6889bc661210f8c74d9e07e355755268949b606694c395516b978e76e88d30be4f47e427abf0e64126dee9"
     "9df85a62a90de44fc7feafab3e355d6338d8c",
     "9ba13d54ecdec7cbefcb47b4268d7b1990fabc6d6e67681e167959389d84e4e4",
     "884f1af892ab002f5be4c5d5081ade9e0e6418c6ea7a9a92e90534f19dcef785",
     32,
     "fb21b093a965ca191ddc236dd38791d738d37818d8d3861020151dfdd8ee70b0"},
    {"826a4d3b0956277ce5e272e4d18fdca023ffb63ea4cea636e34cc837ae7c5c5d",
     "7b3027aa5d2224aab7e2a18660bbf57930e2e21d95e02b849c704d970e3e28c5",
     "ca7a68f2a8a52147d70f1eb7195de968d2e182b93596bc5a61393861e91180e4",
     "14a2985ea47db0685924a74d47ac8a08ec241f843b536dd1348e3ffb2d78184e",
     "0001000220a897b53575b4dd35fed4466e4e714bfa949eaa72e616a9c68a47b39cb7a60d2e0000000000000001208"
     "26a4d3b0956277ce5e272e4d18fdca023ffb63ea4cea636e34cc837ae7c5c5d2014a2985ea47db0685924a74d47ac"
     "8a08ec241f843b536dd1348e3ffb2d78184e00",
     "56da58805b3d101e29d2e30a289521f569022caf35b4d38dabf87c6fbca14a50",
     "3a41beb4e9c73e9f08e827bad80623118cd7ea7dc386d036950026b99e77fce3",
     "7e865d2798f8c4d525aaf16ca07ae590dded972a0d66003c8182470241c38dcf",
     "299b5fc2f3388c3d36fad329aa6e127e10cb75a9e087dd092c93c496ceea1c5d",
     "e99cd6a6fea96eaf2ec1deeb36b715070259330bcfe6c3f8d126fc532150c5ee",
     "14cbe123c10819429719541776782030dd46fc5467186f8d47e13d71facaba44",
     "35304d2ca84327c0d857539619966f721ea62666f2f6ed54905bebf7e958cc25",
     "e33af6fd60347fdfb08c645acbb5230ebb7fe45f86d41bf9d6854d5921c6617d",
     "2f04b94ed0bbe4b2af50a0ef14437e9d6ae241b9d184c7b49d0f4f6904dab072",
     "50da02ce823804e3fe58293d3386bea7f32360c9644c2383965e6f7ff6a1a663",
     "cda55479f2d79d2fd3cc31a5b088524f8e14e1d09a6c452f7ad4e5447b5a57bb",
     "04cd06e3f46cb57f8616cf06cf3c9ea317cf80db4e93da2e2dfdf1a4fd5f4e80636a4c87cb170418d70adb0fbd5ce"
     "3b31af1eb00047b2892e7ec951d3496552272",
     "ed66d7f1da52171ac9448f0f902edcfefa4ebbda843a43bd3d173cb7c5b4331e",
     "02dc18fc5bc4d9093cf41fa0053521653775b123784d40ac7d46cc5a72ef4d46",
     32,
     "71f2a450aa47dccbe2984c4d741e5c4c637630175962ce5f2eff66b4c26bb953"},
    {"661ce3bd9ebec8608fa97bf5413a4588f50a8f9face225ec67a6d29c862b2516",
     "d2825785628f1ea7404d6761f27272af5f99416ea28cc9d335df47ed2b0097d4",
     "599aa672406270914c60d30b7a31d2f2e217c3b5298b279b79e34c65a60e5f24",
     "b5d7ec8c9d8b6a28c9467fe4918844be6acc08e98c1e10c71122e95f9a5e78c5",
     "0001000220a897b53575b4dd35fed4466e4e714bfa949eaa72e616a9c68a47b39cb7a60d2e0000000000000002206"
     "61ce3bd9ebec8608fa97bf5413a4588f50a8f9face225ec67a6d29c862b251620b5d7ec8c9d8b6a28c9467fe49188"
     "44be6acc08e98c1e10c71122e95f9a5e78c500",
     "fe900e89cfd3efb2389bcb745ee9aa0891c28251d04276c7c1025672b9389a33",
     "d285a6878ef5333c3ceda57a20092e367df7561329ee6960feda21b374647a26",
     "6ca0cb77418803ed69a79b38ecad9fd23023b65e7b5dc76eb3e57de7f4d66fc6",
     "980a117d376d79a89dbe6213e438fe6835bb7c051b74c700555a492c503b44db",
     "b60eb28fffd896fb3e2d50ae005adeae99752dca0deeec04615264179d4f5841",
     "c54d18dab31f33c601e9c118bf4ed7da3f6ba47d7015ab75ea0cbed9e04e1307",
     "41075a99af8ad0f536344699d21cc759582fec96c0dddf880dfc9dbb3f8b890c",
     "3e9d1f5432b348921d433e4a0fa7688211efa2d8a29538129fa3a04e3ccae08c",
     "ac9a97807e7167765187e26a3ba52e6d20e104740baacfd0e809bf6a94cdfda7",
     "58cd8e9842b6088f8525554102f4ff6831f31b75060920422c85c1dfe54c21b0",
     "06efd465e3dfdafa94dd9e936c7f71512ea3b1f3dc53368579b4d607bdb4b5b9",
     "04d291538b8844075474030538a927a26fdccb86955b7b014178626fb6aeda43d397e0fd89080cb8216c2d8bdf353"
     "791ea8eccf25cd7d2aa90f6272eebb1737c3f",
     "06f549e9bf966d7b7135b6ef6d4e3032a1c720adf0281c3ef1c0beac0da88621",
     "b0fa7e3f0f2199278a55267d551d43946bbfc6d847632867dd86abd1217982a5",
     32,
     "5b197935caefa88ed8d8205af646b522a02a6c1b488395621236ab1b5a0f378d"},
    {"08225ed7f3b0b8aa9f03b24395ed8ee7002d38209fddd7d941dd8ac629ac8a62",
     "f652baa9151c9719ecb2716240a2a5ed9aeede1df19de0de862ded166a724783",
     "4106e07ffe8f0bfdbfd317d92e37a1fc6c4d1fba53ee054b7acf8587013d533b",
     "dab8c2f8ec97a0e5a137c55a5b9ac1ccdf5ae8329810e98e0bc3930aae0b4be1",
     "0001000220a897b53575b4dd35fed4466e4e714bfa949eaa72e616a9c68a47b39cb7a60d2e0000000000000003200"
     "8225ed7f3b0b8aa9f03b24395ed8ee7002d38209fddd7d941dd8ac629ac8a6220dab8c2f8ec97a0e5a137c55a5b9a"
     "c1ccdf5ae8329810e98e0bc3930aae0b4be100",
     "6624cd191a3141784d05038ba45ddd94b35be850cde61e173f2dc3bbe85dc156",
     "744595bf2df5d81a75a6e8ad626b850c59e29400541839fd7e60d6b9d94bb767",
     "254f4d6e5ac4d01faa9b765aeb6cc2035dd7030a54716309076aa4bf0e82c9e8",
     "4ec712ba8a2d5ed0325fa0752179c4b68ee6654460aab1d7c7d8ea5ce2abbdc5",
     "2c7c2ef55a2c03fbbf7196e4a51f2a70feb473c1e5c5b7891222e3c7cac76aba",
     "ac5e044dfb6dac6e4d5ed1c24d3704ffcd7122d3728a718dfc3d0806a42be7b9",
     "3dee04aa653c5587f2a745b65ef7c6d99e484741aa0897915431bb919005c5a4",
     "994c525395647e95fd7bb97811caf64a5905ff68e38eb779d54eb9e8ac3a2fa8",
     "5b46056ff41d185365c5bd7e864047183b245c739939403cec96c0c8265a6fe0",
     "0ff704006401de7487bd9d97856825daa5a3d4ee385155e8e105e5ad88b88e78",
     "767c53ad0a962f8d80e8cca8b6a75a9d4a70bff81c55dfc7c19f264aaaad4a99",
     "04f98e5fe952473e144e348d3fd45c8c9a84a3a64030520eaa244c78e32408d62d5ae6bd9b3ead1bddaf214862c9a"
     "4945cb56299537200a28b9b134885e4849872",
     "b76193af29eadc6e16c66493e2a4ef8219aad79986b6d4911493741ec1e666cc",
     "941db06073e76050679d33cf1f0ec33de3e5a2cd00cb738b54c0dd90de251cdd",
     32,
     "9461b656d17db9c3f8020824b88028016d35f46d25f7888f171aa35c8cc75779"},
    {"918e07d9bfd965f880f860830b24427d9200fcac485e973b4943e67d322c1682",
     "50fb68cdd31ff76b8d86b88b80124534d845cf2a835411b002b40b7b08d28278",
     "c7e0f52b886962b1edde9e75b9ecafa0d8efeffb474732a3da298c470f1d1445",
     "5e88437e7e8e91582bc440a375e93280417c94c5e38db8537963dd3750dd3e16",
     "0001000220a897b53575b4dd35fed4466e4e714bfa949eaa72e616a9c68a47b39cb7a60d2e0000000000000004209"
     "18e07d9bfd965f880f860830b24427d9200fcac485e973b4943e67d322c1682205e88437e7e8e91582bc440a375e9"
     "3280417c94c5e38db8537963dd3750dd3e1600",
     "b8d3d505f08d09af3a9f972fbde42eb5a5e4aa5d32ec0ea4505e9f4eeb9dc86c",
     "12b40a85172e1d6b60ccc6f999e649fb382c3dce110c16b3d7fee94ce5c40497",
     "c9706471508781f5d223b5fd64c4dcf419015eb0d920d01d0148cf3f01d060da",
     "5d590dc85dbba44d8aed8d58a48de4fbd831672a6a969c22f9fb2b9efc758bd8",
     "d8944af48586b5d3e675b3048e867749666c0b59abe4970e08a68d2c28134e68",
     "9a152300bc71d1740e46b07b1a015f3fb87136672fb91ca4acacb8171c135f91",
     "ca40a3f22bc1a7f7067970098f3df244be0ee53f3ba28226eec57d59f0015be9",
     "08300f75189cccd6eabcb9a5a3b9890cb97dad685c86fe9d96bdcc20789676a3",
     "5ac61cc2ffdbe78642bf810f1983e262dc35146234a07be6039df82e745f04a5",
     "afb46dacfaf67cb4b9a6d9b2af7b2ec93805721ce966fbe59441c9c4bd2ea208",
     "91cb6f63a85453aa5aecb36017e2881e6f1b3dd19f673d57fc6f846dbcdc69c4",
     "04196c9aa3c85fd46ff7347b2cc180f214c547851c78a6fb42d5d8640bcd20b6dcd369a7d3f5a81387ae18e99dc53"
     "38c990746fd1d24dda0aad35d55ee6f253350",
     "cc9c4b25b0bd69250b6e4f9908d1b170bf62fe8cc11ad36d33e602324ac0662a",
     "a0f762fc82d5e421d8fdf8a317b2fd463008c625bf19db7fbfa4ac778b5106a2",
     32,
     "aab9dfafc42abafb021ebce083317d461d46bb32c62d8a35b9fb169a290a0346"},
};

struct WelcomeVector {
  const char* init_priv;
  const char* signer_pub;
  const char* key_package;
  const char* welcome;
};
inline const WelcomeVector kWelcome{
    "0c627e5642c6a01adb63f130222b66eea352ebe47b85dfef57d123f7d17fcaf7",
    "04b8d619186ae6aad30a2705941f354e317df3d83aba604c8a852d3db3c08e6cc7a226bcc5ec72be698727b3e27fd3"
    "9f6fe4a624c3064d99f3967731b22fbfe330",
    "00010005000100024041049e8568620803fb6a37c3167e2e6df927a58e46905aa339d067fa05d9bfb33d6bb22250f4"
    "4c24bf8441f1924f60f7f281236de1c99c98cbb8ca1f5a26edf286e04041045b2f23e87fdd51c407478878689f647c"
    "feca1e6ddf13bab8315af9485d124943fd297144d1934525ed49397628b2ead0e6bc6e51aa1be12cf1b7c9f2476596"
    "6f4041041ff15b03864ec390007b543c6e244468a46dcc57378d468722a267db7371c49cb0a9a2e32e864f292b25c2"
    "9674d7edc37d637edbdf9b41ac8904dd8ca4ee77f1000120b640fbb0df8e646b29c83c5ed08aea89f72ab108922827"
    "ea76cd3b917d6d99420200010c00010002000300040005000600000400010002010000000000000000ffffffffffff"
    "ffff0040483046022100a1168a2d80fb099aba2f983c5c3e344127f0d57e4b57b841ec2dfacdd1be62960221009942"
    "2833715ad86ed402557d453e359f4c7c7a87dc2438f514047d6fcfb0b31a0040473045022100d973500369913a1744"
    "0a0491c6119a50e0911d175b588f0cfde3ff41274aa9f5022043e06b3f7c32f2a40f68802b87743d6e1b0828efcedd"
    "182fe6363b45f9656e19",
    "000100030002409820e25365e70ce3dc73d96d38ff1969f3488e9999ab81403e26437c9332bf0f878d404104d0d237"
    "907f851105d0317a02e3bc53006a0632d1e36398d511cc9b8a0847d4397276473fe7183c7c997de9ccd5500d82735c"
    "179e03db75cacc82129c37dc796133a9331de12bd6fe7c212b6ade3b2967feff8ed72b1dfbad54b07d7a9c13c9afe0"
    "0c1c47186af40b33a07670827404f7cd99e86e40ef0bee12b48b86d125155b035f52e8a131469cf1b9645d70e270d3"
    "aa21c04945fa80b7fea30ccfceb436e4df23558cdc1a6cd435db3199314795b7c488b4bf0855cb589ad9c7eb43ea8b"
    "c9edef6b85ad1c97451b706e5de27aabe664dca132a288b3fc091b9100e470fb506833aaa4ab279a4480b6e01e9d9b"
    "502537197c129b98aacbc52a7a440844c4fb153bf0ec32629eca3bf038cd2e89226e953f2cb36171d9f86df078e5bb"
    "12fabb90da79deac8a207986089add4da2dd2ad9c7bb5407c80fd1e0e89ece6c328ee9bf27e79a56961e794b4b85d0"
    "1befdde8e4255a80a62e58ac2b668485b9b3876afdc51e5a63"};

}  // namespace lava::dave::vectors
