package dev.neuron.cli;

import dev.neuron.read.IdxDataset;
import dev.neuron.read.ImageSets;
import dev.neuron.io.OutputDir;
import dev.neuron.read.ExampleSources;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a labelled image set of {@code --n} images built from the MNIST test set (the first
 * 10,000 exact, later ones perturbed): {@code make-image-set --n N --out DIR [--format
 * png|jpeg|parquet|parquet-bytes|csv] [--size S] [--colour] [--source data/mnist] [--seed S]
 * [--partitions P] [--master URL]}; {@code --size} and {@code --colour} shape image files. The
 * output appears complete or not at all.
 */
public final class MakeImageSet {
  static final String USAGE = "usage: make-image-set --n N --out DIR"
      + " [--format png|jpeg|parquet|parquet-bytes|csv] [--size S] [--colour] [--source DIR]"
      + " [--seed S] [--partitions P] [--master URL]";

  private MakeImageSet() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    SparkSession spark = null;
    OutputDir output = null;
    try {
      HelpRequested.check(argv, USAGE);
      Map<String, String> a = new HashMap<>(Map.of("--format", "png", "--source", "data/mnist",
          "--seed", "1", "--master", ""));
      for (int i = 0; i < argv.length; i += 2) {
        if (argv[i].equals("--colour")) {
          a.put("--colour", "true");
          i--;
          continue;
        }
        if (!Map.of("--n", 0, "--out", 0, "--format", 0, "--source", 0, "--seed", 0,
            "--partitions", 0, "--master", 0, "--size", 0).containsKey(argv[i])
            || i + 1 >= argv.length) {
          throw new ConfigException("bad option " + argv[i] + "\n" + USAGE);
        }
        a.put(argv[i], argv[i + 1]);
      }
      if (!a.containsKey("--n") || !a.containsKey("--out")) {
        throw new ConfigException("--n and --out are required\n" + USAGE);
      }
      long n = Long.parseLong(a.get("--n"));
      if (n <= 0) {
        throw new ConfigException("--n: expected a positive count, found " + n);
      }
      ImageSets.Layout layout = ImageSets.Layout.fromKey(a.get("--format"));
      int cores = Runtime.getRuntime().availableProcessors();
      int partitions = a.containsKey("--partitions") ? Integer.parseInt(a.get("--partitions"))
          : (int) Math.max(cores, Math.min(1000, n / 25_000));
      spark = Sessions.start("neuron-make-image-set", a.get("--master"), cores);
      IdxDataset source = ExampleSources.locateIdx(spark.sparkContext().hadoopConfiguration(),
          a.get("--source"));
      output = OutputDir.create(spark.sparkContext().hadoopConfiguration(), a.get("--out"));
      long t0 = System.nanoTime();
      ImageSets.write(spark, source, n, Long.parseLong(a.get("--seed")), layout,
          output.stagingDir(), partitions, Integer.parseInt(a.getOrDefault("--size", "0")),
          a.containsKey("--colour"));
      output.commit();
      System.out.printf("Wrote %d images (%s) to %s in %.1fs%n", n, a.get("--format"),
          a.get("--out"), (System.nanoTime() - t0) / 1e9);
      return 0;
    } catch (NumberFormatException e) {
      System.err.println("error: expected a number: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (Exception e) {
      // SparkException (checked in Scala, undeclared here) carries executors' data errors.
      if (output != null) {
        output.abort();
      }
      return ExitCode.of(e);
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }
}
