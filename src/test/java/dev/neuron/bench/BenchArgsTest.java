package dev.neuron.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.cli.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jobs/bench.sh}'s options: help exits 0 with the usage, a wrong option exits 2. */
class BenchArgsTest {
  @Test
  void helpIsTheUsageAndAWrongOptionABadInput() {
    for (String flag : new String[] {"--help", "-h"}) {
      RuntimeException help = assertThrows(RuntimeException.class,
          () -> BenchArgs.parse(new String[] {"--out", "x", flag}));
      assertEquals(0, ExitCode.of(help), flag);
      assertTrue(help.getMessage().startsWith("usage: bench"), help.getMessage());
    }
    RuntimeException wrong = assertThrows(RuntimeException.class,
        () -> BenchArgs.parse(new String[] {"--no-such-option", "1"}));
    assertEquals(2, ExitCode.of(wrong));
    assertTrue(wrong.getMessage().startsWith("unknown option --no-such-option"),
        wrong.getMessage());
  }

  @Test
  void optionsAreParsed() {
    BenchArgs a = BenchArgs.parse(new String[] {"--epochs", "2", "--partitions", "3", "--mode",
        "jobs", "--seed", "7"});
    assertEquals(2, a.epochs());
    assertEquals(3, a.partitions());
    assertEquals(List.of("jobs"), a.modes());
    assertEquals(7L, a.seed());
  }
}
