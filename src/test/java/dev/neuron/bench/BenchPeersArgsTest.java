package dev.neuron.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.cli.ExitCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jobs/bench-peers.sh}'s options: help exits 0, a wrong option or value exits 2. */
class BenchPeersArgsTest {
  @Test
  void helpIsTheUsageAndWrongInputNamesWhatWasExpected() {
    RuntimeException help = assertThrows(RuntimeException.class,
        () -> BenchPeersArgs.parse(new String[] {"--help"}));
    assertEquals(0, ExitCode.of(help));
    assertTrue(help.getMessage().startsWith("usage: bench-peers"), help.getMessage());
    RuntimeException peer = assertThrows(RuntimeException.class,
        () -> BenchPeersArgs.parse(new String[] {"--peers", "keras,mxnet"}));
    assertEquals(2, ExitCode.of(peer));
    assertTrue(peer.getMessage().startsWith("--peers keras,mxnet: peer mxnet: expected one of"
        + " keras, pytorch, torch-distributor, elephas-sync, elephas-async"), peer.getMessage());
    RuntimeException seeds = assertThrows(RuntimeException.class,
        () -> BenchPeersArgs.parse(new String[] {"--seeds", "1,x"}));
    assertEquals(2, ExitCode.of(seeds));
    assertTrue(seeds.getMessage().startsWith("--seeds 1,x: expected a number"),
        seeds.getMessage());
    assertEquals(2, ExitCode.of(assertThrows(RuntimeException.class,
        () -> BenchPeersArgs.parse(new String[] {"--epochs", "0"}))));
  }

  @Test
  void optionsAreParsedAndTheDefaultsAreEveryPeerOverSeedsOneToThree() {
    BenchPeersArgs d = BenchPeersArgs.parse(new String[0]);
    assertEquals(List.of(1L, 2L, 3L), d.seeds());
    assertEquals(List.of(Peer.values()), d.peers());
    BenchPeersArgs a = BenchPeersArgs.parse(new String[] {"--seeds", "4,5", "--peers",
        "elephas-sync,keras", "--limit-minutes", "2", "--neuron-flags", "--mode jobs"});
    assertEquals(List.of(4L, 5L), a.seeds());
    assertEquals(List.of(Peer.ELEPHAS_SYNC, Peer.KERAS), a.peers());
    assertEquals(120, a.limitSeconds());
    assertEquals(List.of("--mode", "jobs"), a.neuronFlags());
  }
}
