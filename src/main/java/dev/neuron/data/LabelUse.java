package dev.neuron.data;

/** Whether the job needs a label on every record (evaluation) or takes records without (prediction). */
public enum LabelUse {
  REQUIRED,
  OPTIONAL
}
