package dev.neuron.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the first epoch, what share of a sync went to communication ({@link StepTimes}: the sync
 * less the slowest partition's arithmetic and the driver's update) and, when that is more than
 * half, the settings that would cut it, each with its saving computed from what the epoch
 * measured. A sync is a step, or with periodic averaging a round of local steps.
 *
 * <p>The savings assume that a sync's communication scales with what it carries: its bytes where
 * the gang counted them, else (one Spark job per sync, whose bytes Spark moves) one sync's cost
 * per sync, whatever it carries. They are estimates from one epoch's rates, said so in the message, not promises: a
 * sync also pays fixed costs (Spark's job, a round trip) that fewer bytes do not cut.
 */
public final class CommunicationReport implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(CommunicationReport.class);

  /**
   * What the run is: its partitions, global batch, local steps per sync (1: synchronous) and
   * whether the gang's bf16 wire is on.
   */
  public record Setup(int partitions, int batchSize, int localSteps, boolean bf16) {}

  /** One setting that would cut communication, and the saving per epoch it is estimated at. */
  public record Advice(String setting, String effect, double savedSecondsPerEpoch) {}

  /** The first epoch's figures. */
  public record Share(int syncs, double syncMs, double communicationMs, double bytesPerSync,
      boolean gang, List<Advice> advice) {
    public double share() {
      return syncMs > 0 ? communicationMs / syncMs : 0;
    }

    public String message() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "epoch 1: communication"
          + " took %.0f%% of a sync (%.2f of %.2f ms, %d syncs)", 100 * share(), communicationMs,
          syncMs, syncs));
      if (bytesPerSync > 0) {
        s.append(String.format(Locale.ROOT, "; %.2f MB per sync, %.0f MB/s as measured",
            bytesPerSync / 1e6, bytesPerSync / communicationMs / 1e3));
      }
      if (advice.isEmpty()) {
        return s.append(share() > 0.5 ? "; no setting of this run would cut it" : "").toString();
      }
      s.append(". More than half: settings that would cut it, if communication scales with what"
          + " a sync carries (estimates from this epoch's rates):");
      for (Advice a : advice) {
        s.append(String.format(Locale.ROOT, " %s (%s): about %.1f s less per epoch;",
            a.setting, a.effect, a.savedSecondsPerEpoch));
      }
      return s.substring(0, s.length() - 1);
    }
  }

  private final StepTimes times;
  private final Setup setup;
  private boolean gang;
  private Share first;

  /** Reads the first epoch from {@code times}, which must be told of each epoch before this. */
  public CommunicationReport(StepTimes times, Setup setup) {
    this.times = times;
    this.setup = setup;
  }

  @Override
  public void onStart(ModeChoice mode) {
    gang = mode.mode() == ExecutionMode.GANG;
  }

  @Override
  public void onEpoch(EpochStats epoch, int epochs) {
    if (first == null && !times.epochs().isEmpty()) {
      first = of(times.epochs().get(0), setup, gang);
      LOG.info(first.message());
    }
  }

  /** The first epoch's figures; {@code null} before it ends. */
  public Share first() {
    return first;
  }

  /** The share and, above one half, the advice, from one epoch of {@link StepTimes}. */
  static Share of(StepTimes.Epoch e, Setup setup, boolean gang) {
    double bytes = e.traffic().syncs() > 0
        ? (double) (e.traffic().bytesSent() + e.traffic().bytesReceived()) / e.traffic().syncs()
        : 0;
    double perEpoch = e.steps() * e.communicationMean() / 1e3;
    List<Advice> advice = new ArrayList<>();
    if (e.stepMean() > 0 && e.communicationMean() / e.stepMean() > 0.5) {
      if (gang && !setup.bf16 && bytes > 0 && setup.localSteps == 1) {
        // Bodies travel as bfloat16 both ways: half their bytes.
        advice.add(new Advice("spark.neuron.gang.wire=bf16", "half the bytes per sync",
            perEpoch / 2));
      }
      // Rounds run one Spark job each: from a gang, a sync would cost a job, which this run did
      // not measure (on the shaped cluster a job costs several gang steps), so they are offered
      // only to a run whose syncs are jobs already.
      if (!gang && setup.localSteps == 1 && setup.partitions > 1) {
        for (int h : new int[] {4, 16}) {
          // A round ships the weights and, averaged, the optimizer's slots each way, once per h
          // steps; a job's cost is mostly Spark's own, taken as the same per sync.
          double kept = 1.0 / h;
          advice.add(new Advice("train.local_steps=" + h, String.format(Locale.ROOT,
              "one Spark job per %d steps; accuracy: docs/local-sgd.md", h),
              perEpoch * (1 - kept)));
        }
      }
      if (setup.batchSize > 0 && setup.batchSize < 1024) {
        double kept = setup.batchSize / 1024.0;
        advice.add(new Advice("train.batch_size=1024", String.format(Locale.ROOT, "%.0fx fewer"
            + " syncs; scale optimizer.learning_rate by the same and warm it up:"
            + " README, \"Large batches\"", 1 / kept), perEpoch * (1 - kept)));
      }
    }
    return new Share(e.steps(), e.stepMean(), e.communicationMean(), bytes, gang,
        List.copyOf(advice));
  }
}
