package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.cli.PhaseClock.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseClockTest {
  @Test
  void phasesAddUpToTheTotalInOrder() throws InterruptedException {
    PhaseClock clock = PhaseClock.startingNow();
    Thread.sleep(20);
    clock.end(Phase.SPARK);
    clock.end(Phase.DATA);
    Thread.sleep(30);
    clock.end(Phase.TRAINING);
    assertEquals(List.of(Phase.SPARK, Phase.DATA, Phase.TRAINING),
        List.copyOf(clock.seconds().keySet()));
    assertFalse(clock.seconds().containsKey(Phase.LAUNCH), "no launch phase inside a running JVM");
    assertTrue(clock.seconds().get(Phase.SPARK) >= 0.02);
    assertTrue(clock.seconds().get(Phase.TRAINING) >= 0.03);
    double sum = clock.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(clock.total(), sum, 1e-9);
    assertTrue(clock.summary().matches("\\d+\\.\\d s \\(CPU \\d+\\.\\d s\\): spark \\d+\\.\\d,"
        + " data \\d+\\.\\d, training \\d+\\.\\d"), clock.summary());
  }

  @Test
  void aWholeJvmRunStartsWithItsLaunch() {
    PhaseClock clock = PhaseClock.sinceJvmStart();
    clock.end(Phase.SPARK);
    List<Phase> phases = List.copyOf(clock.seconds().keySet());
    assertEquals(List.of(Phase.LAUNCH, Phase.SPARK), phases);
    // This JVM has been running for a while: launch counts from its start, not from the clock's.
    assertTrue(clock.seconds().get(Phase.LAUNCH) > 0);
    assertEquals(clock.total(), clock.seconds().get(Phase.LAUNCH)
        + clock.seconds().get(Phase.SPARK), 1e-3);
  }
}
