package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommunicationReportTest {
  // 469 syncs of 10 ms, 6 of them communication (60 %), 2 MB each (1 MB each way).
  private static final StepTimes.Epoch SLOW = new StepTimes.Epoch(1, 469, 10, 10, 3.5, 3.5, 0.5,
      0.5, 6, 6, new Traffic(469, 469_000_000L, 469_000_000L));

  @Test
  void aboveHalfNamesEachSettingWithItsSavingFromTheMeasuredEpoch() {
    CommunicationReport.Share s = CommunicationReport.of(SLOW,
        new CommunicationReport.Setup(4, 128, 1, false), true);
    assertEquals(0.6, s.share(), 1e-12);
    assertEquals(2e6, s.bytesPerSync(), 1e-6);
    double perEpoch = 469 * 6 / 1e3;
    List<String> settings = s.advice().stream().map(CommunicationReport.Advice::setting).toList();
    // Periodic averaging is not offered to a gang: its rounds would be Spark jobs, whose cost
    // the gang did not measure.
    assertEquals(List.of("spark.neuron.gang.wire=bf16", "train.batch_size=1024"), settings);
    assertEquals(perEpoch / 2, s.advice().get(0).savedSecondsPerEpoch(), 1e-9);
    assertEquals(perEpoch * (1 - 128 / 1024.0), s.advice().get(1).savedSecondsPerEpoch(), 1e-9);
    assertTrue(s.message().contains("60% of a sync"), s.message());
    assertTrue(s.message().contains("spark.neuron.gang.wire=bf16"), s.message());
  }

  @Test
  void atHalfOrBelowItOnlyTellsTheShare() {
    StepTimes.Epoch fast = new StepTimes.Epoch(1, 469, 10, 10, 5, 5, 0, 0, 5, 5, Traffic.NONE);
    CommunicationReport.Share s = CommunicationReport.of(fast,
        new CommunicationReport.Setup(2, 128, 1, false), true);
    assertEquals(0.5, s.share(), 1e-12);
    assertTrue(s.advice().isEmpty());
    assertTrue(s.message().startsWith("epoch 1: communication took 50% of a sync"), s.message());
  }

  @Test
  void offersOnlyWhatTheRunDoesNotAlreadyDo() {
    // bf16 already on, already large batches, periodic averaging already on: nothing left to
    // offer but what applies.
    CommunicationReport.Share s = CommunicationReport.of(SLOW,
        new CommunicationReport.Setup(4, 1024, 16, true), true);
    assertTrue(s.advice().isEmpty(), s.advice().toString());
    assertTrue(s.message().endsWith("no setting of this run would cut it"), s.message());
    // One Spark job per sync: no bytes counted, so the savings scale with the syncs.
    StepTimes.Epoch jobs = new StepTimes.Epoch(1, 469, 10, 10, 3.5, 3.5, 0.5, 0.5, 6, 6,
        Traffic.NONE);
    CommunicationReport.Share j = CommunicationReport.of(jobs,
        new CommunicationReport.Setup(4, 128, 1, false), false);
    assertEquals(List.of("train.local_steps=4", "train.local_steps=16", "train.batch_size=1024"),
        j.advice().stream().map(CommunicationReport.Advice::setting).toList());
    assertEquals(469 * 6 / 1e3 * 0.75, j.advice().get(0).savedSecondsPerEpoch(), 1e-9);
    assertEquals(469 * 6 / 1e3 * (1 - 1 / 16.0), j.advice().get(1).savedSecondsPerEpoch(),
        1e-9);
  }
}
