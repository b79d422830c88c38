package dev.neuron.bench;

import dev.neuron.cli.ConfigException;
import dev.neuron.cli.HelpRequested;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Options of {@code jobs/bench-peers.sh}. */
record BenchPeersArgs(List<Long> seeds, int epochs, List<Peer> peers, String out, String data,
    List<String> neuronFlags, long limitSeconds) {

  static final String USAGE = """
      usage: bench-peers [--seeds 1,2,3] [--epochs N] [--peers all|NAME,NAME...] [--out DIR]
                         [--data DIR] [--neuron-flags "FLAGS"] [--limit-minutes M]
      For each seed, jobs/train-mnist.sh then each peer, in turns; peers: keras, pytorch,
        torch-distributor, elephas-sync, elephas-async (default all). --neuron-flags: extra flags
        for jobs/train-mnist.sh; --limit-minutes: a run that takes longer is ended and reported
        as failed (default 30).""";

  static BenchPeersArgs parse(String[] argv) {
    HelpRequested.check(argv, USAGE);
    List<Long> seeds = List.of(1L, 2L, 3L);
    int epochs = 5;
    List<Peer> peers = List.of(Peer.values());
    String out = "runs/bench-peers";
    String data = "data/mnist";
    List<String> neuronFlags = List.of();
    long limit = 30 * 60;
    if (argv.length % 2 != 0) {
      throw new ConfigException(argv[argv.length - 1] + ": missing value\n" + USAGE);
    }
    for (int i = 0; i + 1 < argv.length; i += 2) {
      String v = argv[i + 1];
      try {
        switch (argv[i]) {
          case "--seeds" -> seeds = Arrays.stream(v.split(",")).map(Long::parseLong).toList();
          case "--epochs" -> epochs = positive(argv[i], Integer.parseInt(v));
          case "--peers" -> peers = v.equals("all") ? List.of(Peer.values()) : peerList(v);
          case "--out" -> out = v;
          case "--data" -> data = v;
          case "--neuron-flags" -> neuronFlags = v.isBlank() ? List.of()
              : List.of(v.trim().split("\\s+"));
          case "--limit-minutes" -> limit = 60L * positive(argv[i], Integer.parseInt(v));
          default -> throw new ConfigException("unknown option " + argv[i] + "\n" + USAGE);
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(argv[i] + " " + v + ": expected a number (a comma-separated"
            + " list for --seeds)\n" + USAGE);
      }
    }
    return new BenchPeersArgs(seeds, epochs, peers, out, data, neuronFlags, limit);
  }

  private static int positive(String flag, int v) {
    if (v < 1) {
      throw new ConfigException(flag + ": expected at least 1, found " + v);
    }
    return v;
  }

  private static List<Peer> peerList(String v) {
    List<Peer> peers = new ArrayList<>();
    for (String key : v.split(",")) {
      try {
        peers.add(Peer.fromKey(key));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("--peers " + v + ": " + e.getMessage() + ", or all");
      }
    }
    return peers;
  }
}
