package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An epoch's step times: means and medians by part, the channel's traffic summed. */
class StepTimesTest {
  private static StepStats step(int i, long nanos, long compute, long driver, Traffic t) {
    return new StepStats(1, i, 3, 0.5, 10, nanos, compute, driver).withTraffic(t);
  }

  @Test
  void summarizesEachEpochApart() {
    StepTimes times = new StepTimes();
    times.onStep(step(1, 10_000_000, 4_000_000, 1_000_000, new Traffic(1, 100, 200)));
    times.onStep(step(2, 20_000_000, 6_000_000, 1_000_000, new Traffic(1, 50, 200)));
    times.onStep(step(3, 60_000_000, 8_000_000, 4_000_000, new Traffic(1, 50, 200)));
    times.onEpoch(new EpochStats(1, 0.5, 0.9, 0.09, 333, 0.001f), 2);
    times.onStep(step(1, 2_000_000, 1_000_000, 500_000, Traffic.NONE));
    times.onEpoch(new EpochStats(2, 0.4, 0.9, 0.002, 5000, 0.001f), 2);

    List<StepTimes.Epoch> e = times.epochs();
    assertEquals(2, e.size());
    StepTimes.Epoch first = e.get(0);
    assertEquals(3, first.steps());
    assertEquals(30.0, first.stepMean(), 1e-9);
    assertEquals(20.0, first.stepMedian(), 1e-9);
    assertEquals(6.0, first.arithmeticMean(), 1e-9);
    assertEquals(2.0, first.updateMean(), 1e-9);
    // Communication is the rest of each step: 5, 13 and 48 ms.
    assertEquals(22.0, first.communicationMean(), 1e-9);
    assertEquals(13.0, first.communicationMedian(), 1e-9);
    assertEquals(new Traffic(3, 200, 600), first.traffic());
    StepTimes.Epoch second = e.get(1);
    assertEquals(1, second.steps());
    assertEquals(0.5, second.communicationMedian(), 1e-9);
    assertEquals(Traffic.NONE, second.traffic());
  }
}
