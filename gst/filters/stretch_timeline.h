// Segments and timestamps for an element whose output may run at another speed than its input
// (Lavalink's timescale). While the signal is not stretched, buffers keep their timestamps and
// the input segment passes on (shifted in running time if an earlier stretch changed how much
// output time has gone by). While stretched, output buffers are stamped contiguously from an
// origin and the output segment carries applied_rate = speed * rate, so stream time, and so the
// position a sink reports, stays the track position, and seeks (in stream time) stay right.
#pragma once

#include <gst/gst.h>

namespace lava {

class StretchTimeline {
 public:
  // Flushing seek: back to passthrough timing.
  void reset();
  void set_input_segment(const GstSegment& segment);
  const GstSegment& input_segment() const { return in_; }

  // Before an input buffer: `ratio` is media time per output time (speed * rate), 1 while not
  // stretching. Returns the segment event to push first, or nullptr (transfer full).
  GstEvent* begin_input(GstClockTime pts, bool stretch, double ratio);
  void end_input(GstClockTime end);
  // After the stretch has been drained (its tail pushed): the next buffer passes through.
  void leave_stretch();
  bool stretching() const { return stretching_; }

  // Stamps an output buffer of `frames` frames at `rate` Hz while stretching.
  void stamp(GstBuffer* buffer, guint64 frames, int rate);

 private:
  GstEvent* identity_segment(GstClockTime pts);
  GstEvent* stretch_segment(GstClockTime pts, double ratio);
  GstClockTime out_elapsed() const;

  GstSegment in_{};
  bool have_in_ = false;
  bool dirty_ = true;  // the next buffer needs a segment pushed first
  bool stretching_ = false;
  gint64 rt_offset_ = 0;  // output running time minus input running time, when not stretching
  GstClockTime last_in_end_ = GST_CLOCK_TIME_NONE;

  GstClockTime origin_pts_ = 0, origin_time_ = 0, origin_base_ = 0;
  double ratio_ = 1.0;
  guint64 frames_ = 0;  // output frames since the origin
  int rate_ = 0;
  bool discont_ = false;
};

}  // namespace lava
