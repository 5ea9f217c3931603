// Fitting calibrated ranges to what a later saturation can still tell apart.
//
// Why: in MediaPipe's pose models the 1x1 projection convolutions of the last residual blocks
// write a linear tensor (calibrated e.g. [-12.3, 6.5]) that is only ever read by an ADD with a
// fused RELU6, whose other input lies in [0, 6]. Every value below -6 gives a sum below 0 and
// every value above 6 a sum above 6: the RELU6 maps them to 0 and 6 whatever their exact value.
// Quantizing that tensor over [-6, 6] instead of its calibrated range is therefore exact and makes
// its int8 step 1.5x finer; measured with fake quantization of pose_landmark_full's activations,
// mean landmark error 3.6 -> 2.8 px (those tensors are where the model is most sensitive).
//
// Rule: for ADD(a, b) with fused activation [lo, hi] (RELU: [0, inf), RELU6: [0, 6],
// RELU_N1_TO_1: [-1, 1]) and b's calibrated range [b_min, b_max], the values of a that matter lie
// in [lo - b_max, hi - b_min]. A tensor is narrowed only when every reader is such an ADD (the
// union of their intervals is kept), it is not a model output, and its own range sets its params
// (its producer is not an op that keeps its input's params or has fixed ones, nor is it an input).
//
// LOGISTIC: its integer output has fixed params (int8: scale 1/256, zero point -128), so it tells
// apart only inputs in LogisticInputDomain (int8: about [-6.9, 5.3]); beyond, the output code
// saturates. A LOGISTIC reader therefore narrows like a saturating ADD. When every reader is a
// LOGISTIC whose probability the model reports (a graph output, possibly behind RESHAPE) and a
// layer without a fused activation writes the logit, the range is set to exactly that domain, also
// where calibration saw less: pose_landmark's presence logit, calibrated on crops that all hold a
// person, was [0, 19.5], so the int8 presence could never fall below 0.5 (and its step was 0.08
// logits; over the domain it is 0.05).
#pragma once

#include <map>

#include "edgepose/model.h"
#include "edgepose/tensor.h"
#include "quant/observers/range_observer.h"

namespace edgepose::quant {

// Fits `ranges` (subgraph-0 tensor index -> calibrated range) in place for activations of
// `activation_type` (int8 or int16); returns the changed tensors with their new ranges.
std::map<int, Range> FitRangesToSaturatingReaders(const tfl::ModelT& model, std::map<int, Range>& ranges,
                                                  DType activation_type);

// The inputs a quantized LOGISTIC's output can tell apart (ends inside by a quarter output step).
Range LogisticInputDomain(DType activation_type);

}  // namespace edgepose::quant
