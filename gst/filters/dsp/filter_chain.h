// All of Lavalink's filters in the order audio flows through Lavalink's FilterChain (its list
// volume, equalizer, ..., lowPass is built output-first and then reversed):
//   lowPass -> channelMix -> rotation -> distortion -> vibrato -> tremolo -> [timescale]
//   -> karaoke -> equalizer -> volume
// Timescale changes the number of frames, so the caller runs process_pre(), feeds timescale(),
// and runs process_post() on what comes out. Only active filters run. Switching a filter on or
// off cross-fades between the dry and the filtered signal over one block, and parameter changes
// ramp, so nothing clicks. configure() allocates, and so does SoundTouch when set_params()
// brings a new timescale pitch or rate (unless apply_timescale() brought it first); nothing
// else does.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "channel_mix.h"
#include "distortion.h"
#include "equalizer.h"
#include "filters/filters_json.h"
#include "karaoke.h"
#include "low_pass.h"
#include "rotation.h"
#include "timescale.h"
#include "tremolo.h"
#include "vibrato.h"

namespace lava::dsp {

class FilterChain {
 public:
  static constexpr std::size_t kBlockFrames = 1024;

  void configure(unsigned rate, unsigned channels);
  void set_params(const filters::FilterParams& params);
  // Any thread, also while another one streams: hands the timescale part of `params` to
  // SoundTouch now, so that the allocations a new pitch or rate makes happen in the caller's
  // thread; set_params() with the same values then changes nothing there.
  void apply_timescale(const filters::FilterParams& params);
  // Forget all signal history (flushing seek, new stream).
  void reset();

  bool timescale_on() const { return timescale_on_; }
  // Whether any filter before/after timescale would touch the signal.
  bool pre_active() const;
  bool post_active() const;
  // A buffer went by untouched (nothing active): later changes fade in.
  void passed_through() { fresh_ = false; }
  void process_pre(std::span<float> interleaved);
  void process_post(std::span<float> interleaved);
  Timescale& timescale() { return timescale_; }
  unsigned channels() const { return channels_; }

 private:
  struct Stage {
    bool on = false;   // wanted now
    bool was = false;  // what the last block did
    bool running() const { return on || was; }
  };
  template <typename Kernel, typename Process>
  void run(Stage& stage, Kernel& kernel, std::span<float> block, Process process);
  void pre_block(std::span<float> block);
  void post_block(std::span<float> block);

  void settle_stages();

  unsigned channels_ = 0;
  bool stereo_ = false;
  bool fresh_ = true;       // nothing processed since configure()/reset(): changes need no fading
  std::vector<float> dry_;  // one block, for cross-fades

  Stage low_pass_on_, channel_mix_on_, rotation_on_, distortion_on_, vibrato_on_, tremolo_on_,
      karaoke_on_, equalizer_on_;
  bool timescale_on_ = false;
  float volume_from_ = 1.0f, volume_to_ = 1.0f;

  LowPass low_pass_;
  ChannelMix channel_mix_;
  Rotation rotation_;
  Distortion distortion_;
  Vibrato vibrato_;
  Tremolo tremolo_;
  Timescale timescale_;
  Karaoke karaoke_;
  Equalizer equalizer_;
};

}  // namespace lava::dsp
