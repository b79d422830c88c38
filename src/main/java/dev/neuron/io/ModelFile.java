package dev.neuron.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.nn.Network;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model file ({@value #NAME} in a model directory): a {@link Container} with magic
 * {@value #MAGIC}, JSON {@code {"network":{…},"provenance":{…}}} and one array, the parameters.
 */
public final class ModelFile {
  public static final String NAME = "model.nrn";
  static final String MAGIC = "NRNMODEL";

  private ModelFile() {}

  public static void write(Configuration conf, String path, SavedModel model) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.set("network", NetworkJson.write(model.network()));
    ObjectNode prov = json.putObject("provenance");
    new TreeMap<>(model.provenance()).forEach(prov::put);
    Path p = new Path(path);
    try (OutputStream out = p.getFileSystem(conf).create(p, false)) {
      Container.write(out, MAGIC, json, List.of(model.params()));
    } catch (IOException e) {
      throw new FormatException(path + ": cannot write: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a model file, or the {@value #NAME} inside a model directory (refused on an object
   * store while it lacks its completion marker: see {@link OutputDir}).
   */
  public static SavedModel read(Configuration conf, String path) {
    String file = resolve(conf, path);
    Container.Contents c = Container.read(conf, file, MAGIC);
    Network net = NetworkJson.read(c.json().get("network"), file);
    if (c.arrays().size() != 1) {
      throw new FormatException(file + ": expected 1 parameter array, found " + c.arrays().size());
    }
    float[] params = c.arrays().get(0);
    if (params.length != net.paramCount()) {
      throw new FormatException(file + ": parameters: the network " + net.describe() + " needs "
          + net.paramCount() + ", found " + params.length);
    }
    Map<String, String> prov = new TreeMap<>();
    JsonNode p = c.json().get("provenance");
    if (p != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        prov.put(e.getKey(), e.getValue().asText());
      }
    }
    return new SavedModel(net, params, prov);
  }

  private static String resolve(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
        OutputDir.requireComplete(fs, p);
        return new Path(p, NAME).toString();
      }
      return path;
    } catch (IOException e) {
      throw new FormatException(path + ": cannot read: " + e.getMessage(), e);
    }
  }
}
