package dev.neuron.train.gang;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's view of who serves each partition: the member from the newest attempt Spark made of
 * the newest launch of the gang's stage. Events from earlier launches are ignored, their members
 * turned away.
 */
final class Members {
  private static final Logger LOG = LoggerFactory.getLogger(Members.class);
  private final Peer[] peers;
  private final int[] attempts;
  private int launch = -1;
  private int attempt = -1;

  Members(int partitions) {
    this.peers = new Peer[partitions];
    this.attempts = new int[partitions];
  }

  /** Forgets every member: launch number {@code n} of the stage begins. */
  void relaunch(int n) {
    closeAll();
    Arrays.fill(attempts, -1);
    launch = n;
    attempt = -1;
  }

  Peer get(int partition) {
    return peers[partition];
  }

  /** The array the driver loop keeps current, for a reader that tolerates a stale entry. */
  Peer[] view() {
    return peers;
  }

  /** Whether every partition has a live member from the newest stage attempt. */
  boolean complete() {
    for (int p = 0; p < peers.length; p++) {
      if (peers[p] == null || attempts[p] != attempt || !peers[p].isActive()) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code r} comes from the current member of its partition, over its connection. */
  boolean current(Event.Result r) {
    return r.launch() == launch && r.attempt() == attempts[r.partition()]
        && r.peer() == peers[r.partition()];
  }

  /**
   * Applies a membership event; false if a current member was lost (every channel is then closed,
   * so the other tasks fail at once and Spark retries the stage sooner) or a newer attempt of the
   * stage began.
   */
  boolean track(Event e) {
    if (e.launch() != launch) {
      if (e instanceof Event.Joined j) {
        j.peer().close();
      }
      return true;
    }
    if (e instanceof Event.Joined j && j.attempt() >= attempts[j.partition()]) {
      if (peers[j.partition()] != null) {
        peers[j.partition()].close();
      }
      peers[j.partition()] = j.peer();
      attempts[j.partition()] = j.attempt();
      LOG.info("gang: partition {} (stage attempt {}) joined over {}", j.partition(), j.attempt(),
          j.peer().transport());
      boolean newer = j.attempt() > attempt;
      attempt = Math.max(attempt, j.attempt());
      return !newer || attempt == 0;
    } else if (e instanceof Event.Joined j) {
      j.peer().close();
    } else if (e instanceof Event.Left l && l.peer() == peers[l.partition()]) {
      closeAll();
      return false;
    }
    return true;
  }

  /** Sends STOP to every live member. */
  void stopAll() {
    for (Peer m : peers) {
      if (m != null && m.isActive()) {
        m.signal(Frames.STOP);
      }
    }
  }

  void closeAll() {
    for (int p = 0; p < peers.length; p++) {
      if (peers[p] != null) {
        peers[p].close();
        peers[p] = null;
      }
    }
  }

  /** How each partition's task is connected: "in-JVM" or "tcp". */
  List<String> transports() {
    return Arrays.stream(peers).map(Peer::transport).toList();
  }
}
