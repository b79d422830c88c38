package dev.neuron.cli;

import dev.neuron.io.ModelFile;
import dev.neuron.io.SavedModel;
import dev.neuron.onnx.OnnxExport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code export-onnx --model DIR --out FILE.onnx}: writes a trained model as an ONNX graph (see
 * {@link OnnxExport}). The file appears whole or not at all; an existing one is refused. Exit codes
 * as {@link Train}: 0 done, 2 bad arguments or model, 1 anything else.
 */
public final class ExportOnnx {
  static final String USAGE = "usage: export-onnx --model DIR --out FILE.onnx";

  private ExportOnnx() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    try {
      HelpRequested.check(argv, USAGE);
      String model = null;
      String out = null;
      for (int i = 0; i < argv.length; i += 2) {
        if (i + 1 >= argv.length) {
          throw new ConfigException(argv[i] + ": missing value\n" + USAGE);
        }
        switch (argv[i]) {
          case "--model" -> model = argv[i + 1];
          case "--out" -> out = argv[i + 1];
          default -> throw new ConfigException("unknown option " + argv[i] + "\n" + USAGE);
        }
      }
      if (model == null || out == null) {
        throw new ConfigException("both --model and --out are required\n" + USAGE);
      }
      export(new Configuration(), model, out);
      System.out.println("Wrote " + out);
      return 0;
    } catch (RuntimeException e) {
      return ExitCode.of(e);
    }
  }

  static void export(Configuration conf, String model, String out) {
    SavedModel m = ModelFile.read(conf, model);
    byte[] bytes = OnnxExport.toBytes(m.network(), m.params(),
        m.provenance().getOrDefault("neuron.version", "0.1.0"));
    Path target = new Path(out);
    try {
      FileSystem fs = target.getFileSystem(conf);
      // No .crc sidecar next to a file meant for other tools (the local file system writes one).
      fs.setWriteChecksum(false);
      if (fs.exists(target)) {
        throw new IllegalArgumentException("output " + out + " already exists; choose another"
            + " --out or remove it");
      }
      Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
      try {
        try (OutputStream os = fs.create(tmp, false)) {
          os.write(bytes);
        }
        if (!fs.rename(tmp, target)) {
          throw new IOException("rename to " + target + " failed");
        }
      } finally {
        fs.delete(tmp, false);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }
}
