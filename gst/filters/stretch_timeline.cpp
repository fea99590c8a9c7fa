#include "stretch_timeline.h"

#include <algorithm>

namespace lava {

void StretchTimeline::reset() {
  stretching_ = false;
  dirty_ = true;
  rt_offset_ = 0;
  last_in_end_ = GST_CLOCK_TIME_NONE;
}

void StretchTimeline::set_input_segment(const GstSegment& segment) {
  gst_segment_copy_into(&segment, &in_);
  have_in_ = true;
  dirty_ = true;
}

GstClockTime StretchTimeline::out_elapsed() const {
  return rate_ > 0 ? gst_util_uint64_scale_int(frames_, GST_SECOND, rate_) : 0;
}

GstEvent* StretchTimeline::identity_segment(GstClockTime pts) {
  if (rt_offset_ == 0 || !GST_CLOCK_TIME_IS_VALID(pts)) return gst_event_new_segment(&in_);
  // Same timestamps, but running time continues from where the stretched output ended.
  GstSegment out;
  gst_segment_copy_into(&in_, &out);
  const GstClockTime start = std::max<GstClockTime>(pts, in_.start);
  const gint64 rt = static_cast<gint64>(gst_segment_to_running_time(&in_, GST_FORMAT_TIME, start));
  out.base = static_cast<guint64>(std::max<gint64>(0, rt + rt_offset_));
  out.time = gst_segment_to_stream_time(&in_, GST_FORMAT_TIME, start);
  out.start = out.position = start;
  return gst_event_new_segment(&out);
}

GstEvent* StretchTimeline::stretch_segment(GstClockTime pts, double ratio) {
  if (stretching_ && !dirty_) {
    // New speed mid-stretch: the new origin is where the output has got to.
    const GstClockTime elapsed = out_elapsed();
    origin_pts_ += elapsed;
    origin_time_ += static_cast<GstClockTime>(static_cast<double>(elapsed) * ratio_);
    origin_base_ += static_cast<GstClockTime>(static_cast<double>(elapsed) / std::abs(in_.rate));
  } else {
    origin_pts_ = GST_CLOCK_TIME_IS_VALID(pts) ? std::max<GstClockTime>(pts, in_.start) : in_.start;
    origin_time_ = gst_segment_to_stream_time(&in_, GST_FORMAT_TIME, origin_pts_);
    const gint64 rt =
        static_cast<gint64>(gst_segment_to_running_time(&in_, GST_FORMAT_TIME, origin_pts_));
    origin_base_ = static_cast<GstClockTime>(std::max<gint64>(0, rt + rt_offset_));
    discont_ = true;
  }
  if (!GST_CLOCK_TIME_IS_VALID(origin_time_)) origin_time_ = 0;
  frames_ = 0;
  ratio_ = ratio;
  stretching_ = true;
  GstSegment out;
  gst_segment_init(&out, GST_FORMAT_TIME);
  out.rate = in_.rate;
  out.applied_rate = in_.applied_rate * ratio;
  out.start = out.position = origin_pts_;
  out.time = origin_time_;
  out.base = origin_base_;
  return gst_event_new_segment(&out);
}

GstEvent* StretchTimeline::begin_input(GstClockTime pts, bool stretch, double ratio) {
  if (!have_in_ || in_.format != GST_FORMAT_TIME) {
    if (!have_in_ || !dirty_) return nullptr;
    dirty_ = false;
    return gst_event_new_segment(&in_);
  }
  GstEvent* event = nullptr;
  if (stretch && (!stretching_ || dirty_ || ratio != ratio_))
    event = stretch_segment(pts, ratio);
  else if (!stretch && dirty_)
    event = identity_segment(pts);
  dirty_ = false;
  return event;
}

void StretchTimeline::end_input(GstClockTime end) {
  last_in_end_ = end;
}

void StretchTimeline::leave_stretch() {
  if (!stretching_) return;
  stretching_ = false;
  dirty_ = true;
  if (!GST_CLOCK_TIME_IS_VALID(last_in_end_)) return;
  const GstClockTime out_rt =
      origin_base_ +
      static_cast<GstClockTime>(static_cast<double>(out_elapsed()) / std::abs(in_.rate));
  const guint64 in_rt = gst_segment_to_running_time(&in_, GST_FORMAT_TIME, last_in_end_);
  if (GST_CLOCK_TIME_IS_VALID(in_rt))
    rt_offset_ = static_cast<gint64>(out_rt) - static_cast<gint64>(in_rt);
}

void StretchTimeline::stamp(GstBuffer* buffer, guint64 frames, int rate) {
  rate_ = rate;
  const GstClockTime start = origin_pts_ + out_elapsed();
  frames_ += frames;
  GST_BUFFER_PTS(buffer) = start;
  GST_BUFFER_DTS(buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION(buffer) = origin_pts_ + out_elapsed() - start;
  GST_BUFFER_OFFSET(buffer) = GST_BUFFER_OFFSET_NONE;
  GST_BUFFER_OFFSET_END(buffer) = GST_BUFFER_OFFSET_NONE;
  if (discont_) GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DISCONT);
  discont_ = false;
}

}  // namespace lava
