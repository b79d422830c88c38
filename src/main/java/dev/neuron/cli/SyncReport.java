package dev.neuron.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.train.LocalSgd;
import dev.neuron.train.EpochTraffic;
import dev.neuron.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;

/**
 * What each epoch of a run with periodic averaging exchanged ({@link EpochTraffic}, counted by the
 * trainer), for metrics.json's {@code "sync"}: the settings, then per epoch the syncs (synchronous
 * steps plus rounds) and the payload bytes down and up.
 */
final class SyncReport implements TrainingListener {
  private final List<EpochTraffic> epochs = new ArrayList<>();

  @Override
  public void onTraffic(EpochTraffic epoch) {
    epochs.add(epoch);
  }

  /** Adds {@code "sync"} to {@code root} when the run had periodic averaging. */
  void into(ObjectNode root, LocalSgd local) {
    if (!local.on()) {
      return;
    }
    ObjectNode sync = root.putObject("sync").put("local_steps", local.steps())
        .put("local_warmup_steps", local.warmupSteps()).put("local_state", local.state().key());
    ArrayNode a = sync.putArray("epochs");
    for (EpochTraffic t : epochs) {
      a.addObject().put("epoch", t.epoch()).put("syncs", t.syncs())
          .put("synchronous_steps", t.syncSteps()).put("rounds", t.rounds())
          .put("bytes_down", t.bytesDown()).put("bytes_up", t.bytesUp());
    }
  }
}
