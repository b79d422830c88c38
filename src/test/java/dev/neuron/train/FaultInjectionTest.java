package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The switch's value format; the switch itself is exercised by cli.DisturbedRunsTest. */
class FaultInjectionTest {
  @Test
  void matchesOnlyItsPartitionAndStep() {
    assertTrue(FaultInjection.matches("1:37", FaultInjection.FAIL_TASK, 1, 37));
    assertTrue(FaultInjection.matches(" 0 : 5 ", FaultInjection.FAIL_TASK, 0, 5));
    assertFalse(FaultInjection.matches("1:37", FaultInjection.FAIL_TASK, 0, 37));
    assertFalse(FaultInjection.matches("1:37", FaultInjection.FAIL_TASK, 1, 36));
    assertFalse(FaultInjection.matches("", FaultInjection.FAIL_TASK, 1, 37));
  }

  @Test
  void aListMatchesEachOfItsEntries() {
    String spec = "0:5, 1:5,0:7";
    assertTrue(FaultInjection.matches(spec, FaultInjection.FAIL_TASK, 0, 5));
    assertTrue(FaultInjection.matches(spec, FaultInjection.FAIL_TASK, 1, 5));
    assertTrue(FaultInjection.matches(spec, FaultInjection.FAIL_TASK, 0, 7));
    assertFalse(FaultInjection.matches(spec, FaultInjection.FAIL_TASK, 1, 7));
  }

  @Test
  void aMalformedValueIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FaultInjection.matches("1-37", FaultInjection.EXIT_EXECUTOR, 1, 37));
    assertEquals("spark.neuron.test.exitExecutor: expected partition:step[,partition:step…], found '1-37'",
        e.getMessage());
  }
}
