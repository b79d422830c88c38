import dev.neuron.io.ModelFile;
import dev.neuron.io.SavedModel;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.train.EpochOrder;
import dev.neuron.train.Seeds;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Writes what a Neuron run of the reference job starts from, for keras_mlp_pytorch.py:
 * {@code init-SEED.f32} (the initial parameters, little-endian float32) and {@code order-SEED.i32}
 * (for each of 5 epochs, the 60,000 example indices in the order the steps take them); or, with
 * {@code model}, a saved model's parameters.
 *
 * <pre>
 *   java -cp "target/neuron.jar:$(cat target/classpath.txt)" tools/reference/Dump.java init DIR SEED...
 *   java -cp "target/neuron.jar:$(cat target/classpath.txt)" tools/reference/Dump.java model MODEL.nrn OUT.f32
 * </pre>
 */
public class Dump {
  public static void main(String[] a) throws IOException {
    if (a[0].equals("model")) {
      SavedModel m = ModelFile.read(new org.apache.hadoop.conf.Configuration(), a[1]);
      write(a[2], floats(m.params()));
      return;
    }
    Network net = Network.input(784).dense(512, Activation.RELU).dense(10, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    for (int k = 2; k < a.length; k++) {
      long seed = Long.parseLong(a[k]);
      // As SparkTrainer.initialState draws them and BlockWorker orders the steps.
      float[] p = net.initialParameters(Initializer.GLOROT_UNIFORM,
          new SplittableRandom(Seeds.derive(seed, Seeds.Purpose.INIT, 0)));
      write(a[1] + "/init-" + seed + ".f32", floats(p));
      int n = 60000;
      ByteBuffer o = ByteBuffer.allocate(4 * n * 5).order(ByteOrder.LITTLE_ENDIAN);
      for (int e = 0; e < 5; e++) {
        EpochOrder order = new EpochOrder(seed, e, n);
        int[] at = new int[n];
        for (int i = 0; i < n; i++) {
          at[(int) order.position(i)] = i;
        }
        for (int i : at) {
          o.putInt(i);
        }
      }
      write(a[1] + "/order-" + seed + ".i32", o);
    }
  }

  private static ByteBuffer floats(float[] f) {
    ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(f);
    return b;
  }

  private static void write(String path, ByteBuffer b) throws IOException {
    try (FileOutputStream out = new FileOutputStream(path)) {
      out.write(b.array());
    }
  }
}
