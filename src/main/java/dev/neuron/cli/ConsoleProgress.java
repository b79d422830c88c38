package dev.neuron.cli;

import dev.neuron.train.EpochRecord;
import dev.neuron.train.EpochStats;
import dev.neuron.train.StepStats;
import dev.neuron.train.TrainingListener;
import java.io.PrintStream;

/**
 * Keras-style progress: a bar redrawn within the epoch when standard output is a terminal, and one
 * line per epoch ({@code Epoch 1/5 - 469 steps - 9.8s - loss: 0.2563 - accuracy: 0.9256}, then
 * {@code val_loss} and {@code val_accuracy} when validating), printed by {@link #onRecord}.
 */
final class ConsoleProgress implements TrainingListener {
  private static final long REDRAW_NANOS = 200_000_000L;
  private final PrintStream out;
  private final boolean terminal;
  private long lastDraw;
  private int steps;
  private int epochs;

  ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onStep(StepStats s) {
    steps = s.steps();
    long now = System.nanoTime();
    if (!terminal || (now - lastDraw < REDRAW_NANOS && s.step() < s.steps())) {
      return;
    }
    lastDraw = now;
    int width = 30;
    int done = (int) ((long) width * s.step() / s.steps());
    out.printf("\r%d/%d [%s%s] - loss: %.4f", s.step(), s.steps(), "=".repeat(done),
        ".".repeat(width - done), s.loss());
    out.flush();
  }

  @Override
  public void onEpoch(EpochStats e, int epochs) {
    this.epochs = epochs;
  }

  /** Prints the finished epoch, validation included, once it has been scored. */
  void onRecord(EpochRecord e) {
    if (terminal) {
      out.print("\r\033[K");
    }
    // A regression network's records carry no accuracy (NaN): only its losses are shown.
    boolean accuracy = !Double.isNaN(e.accuracy());
    String val = !e.hasValidation() ? "" : String.format(" - val_loss: %.4f", e.valLoss())
        + (accuracy ? String.format(" - val_accuracy: %.4f", e.valAccuracy()) : "");
    out.printf("Epoch %d/%d - %d steps - %.1fs - loss: %.4f%s%s - %.0f samples/s%n",
        e.epoch(), epochs, steps, e.seconds(), e.loss(),
        accuracy ? String.format(" - accuracy: %.4f", e.accuracy()) : "", val,
        e.samplesPerSecond());
    out.flush();
  }
}
