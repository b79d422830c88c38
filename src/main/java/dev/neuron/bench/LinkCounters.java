package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The byte counters of the namespace cluster's links ({@code jobs/netns-cluster.sh}): each
 * namespace's {@code eth0}, read with {@code ip -n NS -s -j link}. What a link sent and received
 * there is exactly what crossed it, headers and Spark's own traffic included.
 */
public final class LinkCounters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LinkCounters() {}

  /** One reading: link name → {tx bytes, rx bytes}, for each name → namespace, in order. */
  public static Map<String, long[]> read(Map<String, String> namespaces) {
    Map<String, long[]> all = new LinkedHashMap<>();
    namespaces.forEach((name, ns) -> all.put(name, read(ns)));
    return all;
  }

  private static long[] read(String ns) {
    try {
      Process p = new ProcessBuilder("ip", "-n", ns, "-s", "-j", "link", "show", "dev", "eth0")
          .redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("ip -n " + ns + " -s -j link show dev eth0: exit "
            + p.exitValue() + ": " + new String(out).trim());
      }
      JsonNode stats = JSON.readTree(out).path(0).path("stats64");
      if (!stats.path("tx").has("bytes")) {
        throw new IllegalStateException("ip -n " + ns + " -s -j link: no stats64 byte counters in "
            + new String(out).trim());
      }
      return new long[] {stats.path("tx").path("bytes").asLong(),
          stats.path("rx").path("bytes").asLong()};
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the link counters of " + ns + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading link counters", e);
    }
  }

  /** {@code later − earlier}, link by link. */
  public static Map<String, long[]> minus(Map<String, long[]> later, Map<String, long[]> earlier) {
    Map<String, long[]> d = new LinkedHashMap<>();
    later.forEach((ns, v) -> d.put(ns, new long[] {v[0] - earlier.get(ns)[0],
        v[1] - earlier.get(ns)[1]}));
    return d;
  }
}
