#include "pose/tracker.h"

namespace edgepose::pose {

void PoseTracker::Apply(float pose_presence, const Landmarks& landmarks, int image_width,
                        int image_height) {
  const bool present = pose_presence > options_.presence_threshold &&
                       static_cast<int>(landmarks.size()) > kAuxScaleLandmark;
  if (options_.static_image_mode || !present) {
    roi_.reset();
    return;
  }
  const Landmark& center = landmarks[kAuxCenterLandmark];
  const Landmark& scale = landmarks[kAuxScaleLandmark];
  roi_ = RoiFromKeypoints({center.x, center.y}, {scale.x, scale.y}, image_width, image_height,
                          options_.roi);
}

}  // namespace edgepose::pose
