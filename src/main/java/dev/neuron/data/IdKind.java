package dev.neuron.data;

/** What identifies a scored record in the predictions: its global row index or its file. */
public enum IdKind {
  ROW_INDEX,
  FILE_PATH
}
