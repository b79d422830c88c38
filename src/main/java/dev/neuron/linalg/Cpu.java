package dev.neuron.linalg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * What OpenBLAS and the JDK vector API look at when they choose kernels: the CPU's model name and
 * its vector extensions (from {@code /proc/cpuinfo} on Linux; the architecture alone elsewhere).
 */
final class Cpu {
  private static final List<String> FLAGS = List.of("avx", "avx2", "fma", "avx512f");
  private static final String DESCRIPTION = read();

  private Cpu() {}

  static String describe() {
    return DESCRIPTION;
  }

  private static String read() {
    String arch = System.getProperty("os.arch");
    try {
      String model = "";
      TreeSet<String> flags = new TreeSet<>();
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (model.isEmpty() && line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).trim();
        } else if (flags.isEmpty() && line.startsWith("flags")) {
          for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
            if (FLAGS.contains(f)) {
              flags.add(f);
            }
          }
        }
      }
      return "CPU " + (model.isEmpty() ? arch : model) + " " + flags;
    } catch (IOException | RuntimeException e) {
      return "CPU " + arch;
    }
  }
}
