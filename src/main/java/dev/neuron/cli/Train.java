package dev.neuron.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.cli.PhaseClock.Phase;
import dev.neuron.read.DataIdentity;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.MetricsReport;
import dev.neuron.io.Checkpoint;
import dev.neuron.io.CheckpointDir;
import dev.neuron.io.ModelFile;
import dev.neuron.io.OutputDir;
import dev.neuron.io.SavedModel;
import dev.neuron.linalg.Blas;
import dev.neuron.nn.Network;
import dev.neuron.read.IdxBlocks;
import dev.neuron.read.IdxDataset;
import dev.neuron.report.Curves;
import dev.neuron.report.HistoryCsv;
import dev.neuron.train.BlasSurvey;
import dev.neuron.train.Listeners;
import dev.neuron.train.CommunicationReport;
import dev.neuron.train.StepTimes;
import dev.neuron.train.gang.GangSetting;
import dev.neuron.train.EpochRecord;
import dev.neuron.train.ExecutorBlas;
import dev.neuron.train.Listeners;
import dev.neuron.train.FitSequence;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.TrainOptions;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.TrainingState;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a network on IDX, Parquet, CSV or image-folder data ({@link TrainInput}; with validation
 * and early stopping when configured), evaluates it on the test set, and writes {@code model.nrn}, {@code metrics.json}, {@code history.csv} and
 * {@code curves.png} to the output directory, all or nothing.
 */
public final class Train {
  private Train() {}

  public static void main(String[] argv) {
    System.exit(run(argv, PhaseClock.sinceJvmStart()));
  }

  /** Runs the training main in this JVM; returns its exit code. */
  public static int run(String[] argv) {
    return run(argv, PhaseClock.startingNow());
  }

  private static int run(String[] argv, PhaseClock clock) {
    try {
      Args args = Args.parse(argv);
      TrainConfig config = TrainConfig.load(args.config(), args.overrides());
      return train(config, args.resume(), clock);
    } catch (Exception e) {
      return ExitCode.of(e);
    }
  }

  static int train(TrainConfig config, boolean resume, PhaseClock clock) {
    String out = config.out().isEmpty() ? "runs/mnist-mlp-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-seed"
        + config.trainOptions().seed() : config.out();
    int partitions = config.partitions();
    if (resume && config.out().isEmpty() && config.checkpoint().dir().isEmpty()) {
      throw new ConfigException("--resume: expected --out or checkpoint.dir naming the run to"
          + " continue, found neither");
    }
    // A session borrowed from the caller (a test, a notebook) is left running.
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkContext sc = Sessions.context("neuron-train", config.master(), partitions);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    clock.end(Phase.SPARK);
    Configuration hadoop = jsc.hadoopConfiguration();
    OutputDir output = null;
    TrainInput input = null;
    try {
      input = TrainInput.open(Sessions.onDemand(sc), hadoop, config, partitions);
      Network net = config.network(input.features());
      input.check(net);
      TrainOptions options = config.trainOptions();
      TrainInput.Test testData = input.test(net.outputSize());
      output = OutputDir.create(hadoop, out);
      System.out.printf("Neuron: %s, %s %s, batch %s, %d epochs, seed %d, %d partitions on %s,"
          + " %s mode%n", net.describe(), options.optimizer().key(),
          new TreeMap<>(options.optimizer().hyperParameters()),
          options.batchSize() == TrainOptions.FULL_BATCH ? "full" : options.batchSize(),
          options.epochs(), options.seed(), partitions, jsc.master(), config.mode().key());
      if (options.local().on()) {
        System.out.println("Periodic averaging: " + options.local().describe());
      }
      System.out.printf("BLAS: %s; train: %s%n", Blas.implementation(), input.describe());

      TrainingSet train = input.read(jsc, partitions, net.outputSize());
      List<ExecutorBlas> executorsBlas = BlasSurvey.of(train.blocks());
      for (ExecutorBlas e : executorsBlas) {
        System.out.printf("BLAS on executor %s (%s, pid %d): %s; %s%n", e.executor(), e.host(),
            e.pid(), e.implementation(), e.kernel());
      }
      DataConfig data = config.data();
      TrainingSet validation = data.validation().isEmpty() ? null
          : IdxBlocks.cached(jsc, IdxDataset.inDirectory(hadoop, data.dir(), data.validation()),
              partitions, net.outputSize());
      CheckpointDir checkpoints = checkpoints(config, hadoop, out, net, train.count(),
          input.features(), input.identity(hadoop));
      clock.end(Phase.DATA);
      ConsoleProgress progress = new ConsoleProgress(System.out, System.console() != null);
      RegressionScores scores = net.isRegression() ? new RegressionScores() : null;
      StepTimes times = new StepTimes();
      SyncReport syncs = new SyncReport();
      CommunicationReport communication = new CommunicationReport(times,
          new CommunicationReport.Setup(partitions, options.batchSize(), options.local().steps(),
              GangSetting.bf16Wire(jsc)));
      FitSequence.Outcome fit = FitSequence.on(jsc).withMode(config.mode())
          .withEarlyStopping(config.earlyStopping())
          .withStart((n, o) -> startingState(checkpoints, resume, n, o))
          .withListener(Listeners.of(progress, times, syncs, communication)).withCheckpointer(checkpoints)
          .withOutput(progress::onRecord, System.out::println)
          .withFinish(scores == null ? (t, v, s) -> { } : scores.scorer(jsc, net))
          .withClassWeights(data.classWeights())
          .fit(train, validation, data.validationSplit(), net, options);
      TrainingState result = fit.state();
      clock.end(Phase.TRAINING);

      Metrics test = null;
      if (testData != null && scores != null) {
        scores.test = testData.regression(jsc, net, result.params(), partitions);
        System.out.println("Test: " + MetricsReport.regressionLine(scores.test));
      } else if (testData != null) {
        test = testData.evaluate(jsc, net, result.params(), partitions, config.topK());
        System.out.printf("Test: loss %.4f - accuracy %.4f (%d images)%n", test.loss(),
            test.accuracy(), test.count());
      }
      clock.end(Phase.TEST);
      ModelFile.write(hadoop, output.file(ModelFile.NAME),
          new SavedModel(net, result.params(), config.asMap()));
      output.writeText("metrics.json", metricsJson(config, partitions, fit, test, scores,
          executorsBlas, times.epochs(), communication.first(), clock, syncs));
      output.writeText(HistoryCsv.NAME, HistoryCsv.format(fit.records()));
      output.writeBytes(Curves.NAME, Curves.png(fit.records(), "seed " + options.seed()));
      output.commit();
      clock.end(Phase.SAVE);
      System.out.println("Saved " + out + " in " + clock.summary());
      return 0;
    } catch (Throwable e) {
      // Throwable, not RuntimeException: Spark rethrows a failed task as its checked SparkException.
      if (output != null) {
        output.abort();
      }
      if (input != null) {
        input.release();
      }
      throw e;
    } finally {
      if (ownSession) {
        sc.stop();
      }
    }
  }

  /**
   * The run's checkpoint folder. Its fingerprint names the data files' identities, so a resume
   * on other data of the same size is refused, unless checkpoint.allow_other_data says the
   * change is intended.
   */
  private static CheckpointDir checkpoints(TrainConfig config, Configuration hadoop, String out,
      Network net, long examples, int features, String trainFiles) {
    Map<String, String> files = new TreeMap<>();
    files.put("data.train.files", trainFiles);
    DataConfig data = config.data();
    if (!data.validation().isEmpty()) {
      files.put("data.validation.files", DataIdentity.of(hadoop, IdxDataset.inDirectory(hadoop,
          data.dir(), data.validation())));
    }
    CheckpointConfig c = config.checkpoint();
    CheckpointDir dir = CheckpointDir.open(hadoop, c.dir().isEmpty() ? out + ".checkpoints"
        : c.dir(), net, config.fingerprint(examples, features, files),
        config.trainOptions().optimizer().key(), c.everySteps(), c.keep());
    return c.allowOtherData() ? dir.allowingChanges(files.keySet()) : dir;
  }

  /** Fresh weights, or with {@code --resume} the newest readable checkpoint of this run. */
  private static TrainingState startingState(CheckpointDir checkpoints, boolean resume,
      Network net, TrainOptions options) {
    if (!resume) {
      if (!checkpoints.files().isEmpty()) {
        throw new ConfigException("checkpoint.dir " + checkpoints.path() + " already holds"
            + " checkpoints of an earlier run: pass --resume to continue it, or choose another"
            + " checkpoint.dir or --out");
      }
      return SparkTrainer.initialState(net, options);
    }
    Checkpoint c = checkpoints.newest(System.err);
    if (c == null) {
      System.out.println("Resume: no checkpoint in " + checkpoints.path()
          + " yet; starting from the beginning");
      return SparkTrainer.initialState(net, options);
    }
    System.out.printf("Resume: from %s at epoch %d, step %d%n", checkpoints.path(),
        c.state().epoch() + 1, c.state().step());
    return c.state();
  }

  /**
   * The run's report. A regression run ({@code regression} not null) has no accuracy: its epochs
   * carry the losses, and {@code train}, {@code validation} and {@code test} the final weights'
   * errors ({@link MetricsReport#regression}).
   */
  static String metricsJson(TrainConfig config, int partitions, FitSequence.Outcome fit,
      Metrics test, RegressionScores regression, List<ExecutorBlas> executorsBlas,
      List<StepTimes.Epoch> stepTimes, CommunicationReport.Share communication, PhaseClock clock,
      SyncReport syncs) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode epochs = root.putArray("epochs");
    for (EpochRecord e : fit.records()) {
      ObjectNode o = epochs.addObject().put("epoch", e.epoch()).put("loss", e.loss());
      if (regression == null) {
        o.put("accuracy", e.accuracy());
      }
      if (e.hasValidation()) {
        o.put("val_loss", e.valLoss());
        if (regression == null) {
          o.put("val_accuracy", e.valAccuracy());
        }
      }
      if (!Float.isNaN(e.learningRate())) {
        o.put("learning_rate", e.learningRate());
      }
      o.put("seconds", e.seconds()).put("samples_per_second", e.samplesPerSecond());
    }
    if (config.earlyStopping() != null) {
      root.putObject("early_stopping").put("stopped_epoch", fit.stoppedEpoch())
          .put("restored_epoch", fit.restoredEpoch());
    }
    if (fit.classWeights() != null) {
      ArrayNode w = root.putArray("class_weights");
      for (float c : fit.classWeights()) {
        w.add(c);
      }
    }
    if (regression != null) {
      regression.into(root);
    }
    if (test != null) {
      MetricsReport.weighted(root.putObject("test").put("loss", test.loss())
          .put("accuracy", test.accuracy()).put("top_k_accuracy", test.topKAccuracy())
          .put("count", test.count()), test);
    }
    root.put("seed", config.trainOptions().seed());
    root.put("partitions", partitions);
    root.put("mode", fit.mode().mode().key());
    root.put("mode_reason", fit.mode().reason());
    syncs.into(root, config.trainOptions().local());
    root.put("blas", Blas.implementation());
    ArrayNode executors = root.putArray("executors_blas");
    for (ExecutorBlas e : executorsBlas) {
      executors.addObject().put("executor", e.executor()).put("host", e.host())
          .put("pid", e.pid()).put("implementation", e.implementation())
          .put("netlib", e.netlibSource()).put("native_library", e.nativeLibrary())
          .put("kernel", e.kernel());
    }
    // Each epoch's steps: whole, slowest partition's arithmetic, the driver's update, the rest
    // (communication), in milliseconds; what the step channel carried (gang mode over TCP).
    ArrayNode times = root.putArray("step_times");
    for (StepTimes.Epoch t : stepTimes) {
      times.addObject().put("epoch", t.epoch()).put("steps", t.steps())
          .put("step_ms_mean", t.stepMean()).put("step_ms_median", t.stepMedian())
          .put("arithmetic_ms_mean", t.arithmeticMean())
          .put("arithmetic_ms_median", t.arithmeticMedian())
          .put("update_ms_mean", t.updateMean()).put("update_ms_median", t.updateMedian())
          .put("communication_ms_mean", t.communicationMean())
          .put("communication_ms_median", t.communicationMedian())
          .put("syncs", t.traffic().syncs()).put("bytes_sent", t.traffic().bytesSent())
          .put("bytes_received", t.traffic().bytesReceived());
    }
    if (communication != null) {
      ObjectNode c = root.putObject("communication").put("epoch", 1)
          .put("share", communication.share()).put("sync_ms", communication.syncMs())
          .put("communication_ms", communication.communicationMs())
          .put("bytes_per_sync", communication.bytesPerSync())
          .put("message", communication.message());
      ArrayNode advice = c.putArray("advice");
      for (CommunicationReport.Advice a : communication.advice()) {
        advice.addObject().put("setting", a.setting()).put("effect", a.effect())
            .put("saved_seconds_per_epoch", a.savedSecondsPerEpoch());
      }
    }
    // Where the run's time went up to here (the save that writes this file is not yet over).
    ObjectNode phases = root.putObject("phase_seconds");
    clock.seconds().forEach((p, s) -> phases.put(p.key, s));
    ObjectNode phasesCpu = root.putObject("phase_cpu_seconds");
    clock.cpuSeconds().forEach((p, s) -> phasesCpu.put(p.key, s));
    ObjectNode conf = root.putObject("config");
    config.asMap().forEach(conf::put);
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
