// discordvoicesink with DAVE end-to-end encryption against the voice test server's --dave mode:
// the server is the MLS external sender and delivery service, and its own member on
// @snazzah/davey decrypts every encrypted frame our sink sends (issue #8).
#include <gtest/gtest.h>

#include <string>

#include "voice_sink_fixture.h"

namespace lava::test {
namespace {

constexpr const char* kChannel = "222222222222222222";  // the server's default MLS group id
constexpr const char* kDaveyMember = "444444444444444444";
constexpr const char* kGuest = "555555555555555555";
constexpr int kRing = 11;  // the default ring (10 frames) and the frame render() is pushing

class VoiceSinkDave : public VoiceSinkTest {
 protected:
  void start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--dave", "--heartbeat-interval", "200"};
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<VoiceServerProcess>(args);
    build();
    set_credentials(server_->ws_url(), "session-1", "token-1", kChannel);
    play();
  }

  // Starts playing and waits until the sink encrypts with epoch 1 (the group of the sink and the
  // server's davey member).
  void start_encrypted() {
    start();
    ASSERT_TRUE(wait_execute(1));
    ASSERT_TRUE(wait_sink_epoch(1));
  }

  // The gateway's next op 22 that puts `epoch` in use.
  bool wait_execute(gint64 epoch) {
    while (auto e = server_->wait_event("dave_execute", 10000))
      if (member_int(e.get(), "epoch") == epoch) return true;
    return false;
  }

  // davey's voice privacy code for `epoch`, from the server's member.
  std::string davey_privacy_code(gint64 epoch) {
    while (auto e = server_->wait_event("dave_member", 10000)) {
      const char* user = json_object_get_string_member_with_default(e.get(), "user", "");
      if (g_strcmp0(user, kDaveyMember) == 0 && member_int(e.get(), "epoch") == epoch)
        return json_object_get_string_member_with_default(e.get(), "privacy_code", "");
    }
    return {};
  }

  guint64 sink_epoch() {
    guint64 epoch = 0;
    g_object_get(sink_.get(), "dave-epoch", &epoch, nullptr);
    return epoch;
  }

  std::string sink_privacy_code() {
    gchar* code = nullptr;
    g_object_get(sink_.get(), "dave-privacy-code", &code, nullptr);
    std::string out = code ? code : "";
    g_free(code);
    return out;
  }

  bool wait_sink_epoch(guint64 epoch) {
    for (int waited = 0; waited < 5000; waited += 20) {
      if (sink_epoch() == epoch) return true;
      g_usleep(20000);
    }
    return false;
  }

  // Waits until `more` further frames have left end-to-end encrypted.
  bool wait_e2ee_frames(guint64 more) {
    const guint64 target = counter("frames-e2ee") + more;
    for (int waited = 0; waited < 5000; waited += 20) {
      if (counter("frames-e2ee") >= target) return true;
      g_usleep(20000);
    }
    return false;
  }

  // The server's report once every encrypted frame that arrived has been through the davey
  // member (and, when `silent`, the sink's trailing silence has arrived).
  JsonObjectPtr settled_report(bool silent) {
    return server_->report_when(
        [this, silent](JsonObject* r) {
          JsonObject* s = stream_of(r);
          return s && (!silent || member_int(s, "trailing_silence") >= 5) &&
                 member_int(s, "e2ee_decrypted") + member_int(s, "e2ee_failures") ==
                     member_int(s, "e2ee_frames");
        },
        5000);
  }

  JsonObjectPtr pause_and_report() {
    EXPECT_NE(gst_element_set_state(pipeline_.get(), GST_STATE_PAUSED), GST_STATE_CHANGE_FAILURE);
    return settled_report(true);
  }

  // Every encrypted frame decrypted, none sent in the clear once encryption began, tone intact.
  // With `since` (an earlier report), the per-stream counts are taken from there on, and only
  // this sink's part in the group is judged (not every commit of the call).
  void expect_all_decrypted(JsonObject* report, gint64 min_frames, JsonObject* since = nullptr) {
    JsonObject* s = stream_of(report);
    ASSERT_TRUE(s);
    JsonObject* before = since ? stream_of(since) : nullptr;
    auto count = [&](const char* name) {
      return member_int(s, name) - (before ? member_int(before, name) : 0);
    };
    EXPECT_EQ(member_int(s, "dave_protocol_version"), 1);
    EXPECT_GE(count("e2ee_frames"), min_frames);
    EXPECT_EQ(count("e2ee_decrypted"), count("e2ee_frames"));
    EXPECT_EQ(member_int(s, "e2ee_failures"), 0)
        << json_object_get_string_member_with_default(s, "e2ee_last_error", "");
    EXPECT_EQ(count("e2ee_undecryptable"), 0);
    EXPECT_EQ(count("plain_after_e2ee"), 0);
    expect_intact_tone(s);
    EXPECT_EQ(member_int(report, "decrypt_failures"), 0);
    JsonObject* d = json_object_get_object_member(report, "dave");
    ASSERT_TRUE(d);
    EXPECT_EQ(member_int(d, "transition_timeouts"), 0);
    EXPECT_EQ(member_int(d, "leaf_mismatches"), 0);
    if (since) return;
    EXPECT_EQ(member_int(d, "rejected"), 0);
    // The sink counts frames when it encrypts them; up to a ring of them is still queued.
    EXPECT_LE(member_int(s, "e2ee_frames"), static_cast<gint64>(counter("frames-e2ee")));
    EXPECT_GE(member_int(s, "e2ee_frames") + static_cast<gint64>(kRing),
              static_cast<gint64>(counter("frames-e2ee")));
  }

  // Judges the stream from the point where the frames queued before a group change (dropped,
  // or sent in the clear as @discordjs/voice does while it has no group) have left: a ring's
  // worth of encrypted ones pushed since. Pauses the sink.
  void expect_decrypts_from_now(int frames = 25) {
    ASSERT_TRUE(wait_e2ee_frames(kRing));
    auto from = settled_report(false);
    ASSERT_TRUE(wait_e2ee_frames(frames));
    auto report = pause_and_report();
    expect_all_decrypted(report.get(), frames - kRing, from.get());
  }

  // After the sink left its group: a new group at epoch 1 with davey's code (new secrets), and
  // every frame in it decrypts.
  void expect_new_group(const std::string& old_code) {
    ASSERT_TRUE(wait_execute(1));
    const std::string davey_code = davey_privacy_code(1);
    ASSERT_TRUE(wait_sink_epoch(1));
    EXPECT_EQ(sink_privacy_code(), davey_code);
    EXPECT_NE(davey_code, old_code);
    expect_decrypts_from_now();
  }

  // The sink's stream in a report: the one with ssrc_ once set (a fresh Identify gets a new
  // SSRC), else the only one.
  JsonObject* stream_of(JsonObject* report) {
    if (ssrc_ == 0) return first_stream(report);
    JsonArray* streams = json_object_get_array_member(report, "streams");
    for (guint i = 0; streams && i < json_array_get_length(streams); ++i) {
      JsonObject* s = json_array_get_object_element(streams, i);
      if (member_int(s, "ssrc") == ssrc_) return s;
    }
    return nullptr;
  }

  std::unique_ptr<VoiceServerProcess> server_;
  gint64 ssrc_ = 0;
};

TEST_F(VoiceSinkDave, DaveyMemberDecryptsEveryFrame) {
  start();
  auto identify = server_->wait_event("identify");
  ASSERT_TRUE(identify);
  EXPECT_EQ(member_int(identify.get(), "max_dave_protocol_version"), 1);
  ASSERT_TRUE(wait_execute(1));
  const std::string davey_code = davey_privacy_code(1);
  ASSERT_TRUE(wait_sink_epoch(1));
  // The same code on both members: they hold the same group secrets.
  EXPECT_EQ(davey_code.size(), 30u);
  EXPECT_EQ(sink_privacy_code(), davey_code);
  gint version = -1;
  g_object_get(sink_.get(), "dave-protocol-version", &version, nullptr);
  EXPECT_EQ(version, 1);
  ASSERT_TRUE(wait_e2ee_frames(50));
  auto report = pause_and_report();
  expect_all_decrypted(report.get(), 50 - kRing);
  EXPECT_EQ(unexpected_errors_, 0);
}

TEST_F(VoiceSinkDave, MembersJoiningAndLeavingMidStreamChangeEpochsWithoutLosingAFrame) {
  ASSERT_NO_FATAL_FAILURE(start_encrypted());
  ASSERT_TRUE(wait_e2ee_frames(20));
  server_->command(std::string("dave-member join ") + kGuest);
  ASSERT_TRUE(wait_execute(2));
  ASSERT_TRUE(wait_sink_epoch(2));
  ASSERT_TRUE(wait_e2ee_frames(20));
  server_->command(std::string("dave-member leave ") + kGuest);
  ASSERT_TRUE(wait_execute(3));
  ASSERT_TRUE(wait_sink_epoch(3));
  EXPECT_EQ(sink_privacy_code(), davey_privacy_code(3));
  ASSERT_TRUE(wait_e2ee_frames(20));
  auto report = pause_and_report();
  expect_all_decrypted(report.get(), 60 - kRing);
  EXPECT_EQ(member_int(json_object_get_object_member(report.get(), "dave"), "epoch"), 3);
  EXPECT_EQ(unexpected_errors_, 0);
}

// A commit the sink cannot process: op 31 with its transition id, a new key package, and the
// gateway's remove + re-add bring it back into the group; the pipeline never errors.
TEST_F(VoiceSinkDave, CorruptCommitFromTheServerResetsTheGroupInsteadOfFailing) {
  ASSERT_NO_FATAL_FAILURE(start_encrypted());
  ASSERT_TRUE(wait_e2ee_frames(10));
  server_->clear_events();
  server_->command("send-binary 29 0007deadbeef");  // transition 7, garbage for a commit
  auto invalid = server_->wait_event("dave_invalid_commit_welcome");
  ASSERT_TRUE(invalid);
  EXPECT_STREQ(json_object_get_string_member(invalid.get(), "user"), "333");
  EXPECT_EQ(member_int(invalid.get(), "transition_id"), 7);
  ASSERT_TRUE(wait_message(GST_MESSAGE_WARNING)) << "the refused commit is reported";
  // Removed and re-added with the new key package: in one commit (epoch 2) when the key package
  // reached the gateway before the Remove was committed, else in two (epoch 3).
  auto rejoined = server_->wait_event("dave_execute", 10000);
  ASSERT_TRUE(rejoined);
  if (!wait_sink_epoch(2)) {
    ASSERT_TRUE(wait_execute(3));
    ASSERT_TRUE(wait_sink_epoch(3));
  }
  ASSERT_NO_FATAL_FAILURE(expect_decrypts_from_now());
  // The gateway refuses the davey member's first commit when our new key package's Add arrives
  // after its Remove (it wants every proposal of the epoch); nothing of ours may be refused.
  while (auto r = server_->wait_event("dave_rejected", 100))
    EXPECT_STRNE(json_object_get_string_member(r.get(), "user"), "333")
        << json_object_get_string_member(r.get(), "reason");
  // Garbage in the other binary ops: reported, never fatal.
  ASSERT_NE(gst_element_set_state(pipeline_.get(), GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  server_->command("send-binary 27 00ff");
  server_->command("send-binary 30 0009");
  server_->command("send-binary 25 01");
  ASSERT_TRUE(wait_e2ee_frames(25));
  EXPECT_EQ(unexpected_errors_, 0);
  gboolean connected = FALSE;
  g_object_get(sink_.get(), "connected", &connected, nullptr);
  EXPECT_TRUE(connected);
}

// A resumed gateway session keeps its MLS group (the voice server keeps the member through the
// resume): the sink goes on encrypting with the same epoch, every frame still decrypts.
TEST_F(VoiceSinkDave, ResumeKeepsTheGroupAndItsKeys) {
  ASSERT_NO_FATAL_FAILURE(start_encrypted());
  ASSERT_TRUE(wait_e2ee_frames(10));
  const std::string code = sink_privacy_code();
  server_->command("close 4015 Voice server crashed");
  ASSERT_TRUE(server_->wait_event("resume"));
  ASSERT_TRUE(wait_e2ee_frames(25));
  EXPECT_EQ(sink_epoch(), 1u);
  EXPECT_EQ(sink_privacy_code(), code);
  auto report = pause_and_report();
  expect_all_decrypted(report.get(), 35 - kRing);
  JsonObject* d = json_object_get_object_member(report.get(), "dave");
  EXPECT_EQ(member_int(d, "epoch"), 1);
  EXPECT_EQ(unexpected_errors_, 0);
}

// Left alone in the group, the sink gets op 24 {epoch 1} + op 21 {transition 0}: it drops the
// epoch (frames pass in the clear, as @discordjs/voice's reset session) and sends a new key
// package; when a member joins again, a new group starts at epoch 1 and encryption resumes.
TEST_F(VoiceSinkDave, SoleMemberResetThenANewGroup) {
  ASSERT_NO_FATAL_FAILURE(start_encrypted());
  const std::string first_code = sink_privacy_code();
  server_->command(std::string("dave-member leave ") + kDaveyMember);
  ASSERT_TRUE(server_->wait_event("dave_reset"));
  ASSERT_TRUE(wait_sink_epoch(0));
  EXPECT_EQ(sink_privacy_code(), "");
  server_->clear_events();
  server_->command(std::string("dave-member join ") + kDaveyMember);
  ASSERT_NO_FATAL_FAILURE(expect_new_group(first_code));
  EXPECT_EQ(unexpected_errors_, 0);
}

// Session no longer valid (4006): a fresh Identify is a new member with a new group; the frames
// queued under the old group's key are dropped, and the new group's frames all decrypt.
TEST_F(VoiceSinkDave, FreshIdentifyJoinsANewGroup) {
  ASSERT_NO_FATAL_FAILURE(start_encrypted());
  const std::string first_code = sink_privacy_code();
  server_->clear_events();
  ASSERT_TRUE(wait_message(GST_MESSAGE_ELEMENT, "discordvoice-connected"));
  server_->command("close 4006 Session no longer valid");
  ASSERT_TRUE(server_->wait_event("identify"));
  auto connected = wait_message(GST_MESSAGE_ELEMENT, "discordvoice-connected");
  ASSERT_TRUE(connected);
  guint ssrc = 0;
  gst_structure_get_uint(gst_message_get_structure(connected.get()), "ssrc", &ssrc);
  ssrc_ = ssrc;
  ASSERT_NO_FATAL_FAILURE(expect_new_group(first_code));
  EXPECT_EQ(unexpected_errors_, 0);
}

}  // namespace
}  // namespace lava::test
