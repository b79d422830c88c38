package dev.neuron.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer bench's bookkeeping: the result line, the per-engine summary, the target lines. */
class PeersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void readsTheLastResultLineAndNothingWithoutOne() throws Exception {
    Path log = dir.resolve("peer.log");
    Files.write(log, List.of("epoch 1/5: 3.00s", "peer-result {\"test_accuracy\": 0.5}",
        "noise peer-result {}", "peer-result {\"test_accuracy\": 0.97, \"seed\": 2}"));
    assertEquals(0.97, Peers.result(log).get("test_accuracy").asDouble());
    assertEquals(2, Peers.result(log).get("seed").asInt());
    Files.write(log, List.of("Traceback (most recent call last):", "peer-result {broken"));
    assertNull(Peers.result(log));
  }

  @Test
  void summarizesMediansOfLaterEpochsAndTheMeanAccuracyOverRunsThatWorked() {
    ObjectNode e = engine("ran",
        run(0, 100, 0.97, 9, 2, 4, 3, 5),      // later epochs 2, 4, 3, 5: median 3.5
        run(0, 120, 0.98, 9, 6, 6, 7, 6),      // median 6
        run(1, 5, 0.10, 1, 1, 1, 1, 1),        // failed: left out
        run(0, 110, 0.99, 9, 1, 1, 1, 1));     // median 1
    Peers.summarize("x", e);
    assertEquals(3.5, e.get("seconds_per_epoch").asDouble(), 1e-12);
    assertEquals(110, e.get("end_to_end_seconds").asDouble(), 1e-12);
    assertEquals((0.97 + 0.98 + 0.99) / 3, e.get("test_accuracy_mean").asDouble(), 1e-12);
    assertEquals(1, e.get("failed_runs").asInt());
    assertEquals(3, e.get("test_accuracies").size());
  }

  @Test
  void anEngineWhoseRunsAllFailedIsMarkedFailedAndGetsNoTargets() {
    ObjectNode peers = JSON.createObjectNode();
    ObjectNode engines = peers.putObject("engines");
    engines.set("neuron", engine("ran", run(0, 20, 0.98, 3, 2, 2)));
    engines.set("keras", engine("ran", run(2, 20, 0.98, 3, 2, 2)));
    engines.set("elephas-sync", engine("absent"));
    engines.fields().forEachRemaining(x -> Peers.summarize(x.getKey(), (ObjectNode) x.getValue()));
    assertEquals("failed", engines.get("keras").get("status").asText());
    PeerTargets.print(peers, 0.1, 2);
    assertEquals(List.of("load_average_before", "cores", "quiet"),
        iterableToList(peers.get("targets").fieldNames()));
  }

  @Test
  void statesEachRatioAgainstItsTargetAndSaysWhenTheMachineWasBusy() {
    ObjectNode peers = JSON.createObjectNode();
    ObjectNode engines = peers.putObject("engines");
    engines.set("neuron", engine("ran", run(0, 15, 0.979, 9, 2, 2)));
    engines.set("keras", engine("ran", run(0, 12, 0.981, 9, 2.5, 2.5)));
    engines.set("torch-distributor", engine("ran", run(0, 40, 0.978, 9, 5, 5)));
    engines.set("elephas-sync", engine("ran", run(0, 200, 0.98, 9, 30, 30)));
    engines.fields().forEachRemaining(x -> Peers.summarize(x.getKey(), (ObjectNode) x.getValue()));
    PeerTargets.print(peers, 3.0, 2);
    ObjectNode t = (ObjectNode) peers.get("targets");
    assertFalse(t.get("quiet").asBoolean());
    assertEquals(0.8, t.get("per_epoch_over_keras").get("ratio").asDouble(), 1e-12);
    assertTrue(t.get("per_epoch_over_keras").get("met").asBoolean());
    assertEquals(1.25, t.get("end_to_end_over_keras").get("ratio").asDouble(), 1e-12);
    assertEquals(-0.002, t.get("accuracy_vs_keras").get("difference").asDouble(), 1e-12);
    assertTrue(t.get("accuracy_vs_keras").get("met").asBoolean());
    // 15 / 40 is within 0.5 and 0.979 >= 0.978: met.
    assertTrue(t.get("end_to_end_over_torch-distributor").get("met").asBoolean());
    // 15 / 200 is within 0.5, but 0.979 < 0.98: missed on accuracy.
    assertFalse(t.get("end_to_end_over_elephas-sync").get("met").asBoolean());
    assertFalse(t.get("end_to_end_over_elephas-sync").get("accuracy_equal_or_better")
        .asBoolean());
    assertFalse(t.has("end_to_end_over_elephas-async"));
  }

  private static List<String> iterableToList(java.util.Iterator<String> it) {
    List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static ObjectNode engine(String status, ObjectNode... runs) {
    ObjectNode e = JSON.createObjectNode().put("status", status);
    ArrayNode a = e.putArray("runs");
    for (ObjectNode r : runs) {
      a.add(r);
    }
    return e;
  }

  private static ObjectNode run(int exit, double endToEnd, double accuracy, double... epochs) {
    ObjectNode r = JSON.createObjectNode().put("exit", exit).put("end_to_end_seconds", endToEnd)
        .put("test_accuracy", accuracy);
    r.set("epoch_seconds", JSON.valueToTree(epochs));
    return r;
  }
}
