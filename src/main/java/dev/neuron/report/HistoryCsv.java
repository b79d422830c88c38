package dev.neuron.report;

import dev.neuron.train.EpochRecord;
import java.util.List;
import java.util.Locale;

/**
 * The history as CSV, one row per epoch under the header
 * {@code epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second}
 * (Keras' {@code CSVLogger} columns plus timing); validation cells are empty when the run had
 * none. {@code learning_rate} is the rate of the epoch's last step, written exactly (Java's
 * shortest decimal that reads back as the same float).
 */
public final class HistoryCsv {
  public static final String NAME = "history.csv";
  static final String HEADER =
      "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,samples_per_second";

  private HistoryCsv() {}

  public static String format(List<EpochRecord> records) {
    StringBuilder s = new StringBuilder(HEADER).append('\n');
    for (EpochRecord r : records) {
      s.append(r.epoch()).append(',').append(num(r.loss())).append(',')
          .append(num(r.accuracy())).append(',').append(num(r.valLoss())).append(',')
          .append(num(r.valAccuracy())).append(',')
          .append(Float.isNaN(r.learningRate()) ? "" : Float.toString(r.learningRate()))
          .append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds())).append(',')
          .append(String.format(Locale.ROOT, "%.1f", r.samplesPerSecond())).append('\n');
    }
    return s.toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }
}
