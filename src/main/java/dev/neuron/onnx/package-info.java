/**
 * Export to ONNX, the common exchange format, so a trained network runs outside Spark (ONNX
 * Runtime, TensorRT, browsers …). {@link dev.neuron.onnx.Protobuf} writes the protocol-buffer wire
 * format by hand (the handful of ONNX messages needed do not justify a protobuf dependency);
 * {@link dev.neuron.onnx.OnnxExport} lays a network out as an ONNX graph.
 */
package dev.neuron.onnx;
