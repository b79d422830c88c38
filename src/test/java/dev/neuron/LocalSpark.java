package dev.neuron;

import dev.neuron.cli.Sessions;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a real local SparkSession ({@code local[2,4]}: two threads, a
 * task may fail three times before its job does, as on a cluster; Neuron's settings),
 * started once per test JVM and shared: {@code @ExtendWith(LocalSpark.class)} and take a
 * {@link SparkSession} or {@link JavaSparkContext} parameter. A test that needs a Spark
 * configuration of its own runs in {@link #withOwnContext}.
 */
public final class LocalSpark implements ParameterResolver {
  private static SparkSession session;

  public static synchronized SparkSession session() {
    if (session == null) {
      session = Sessions.start("neuron-test", "local[2,4]", 2);
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  /**
   * Runs {@code body} on a local SparkContext of {@code conf}'s own, then stops it. A JVM holds one
   * SparkContext at a time, so the shared session stops first; the next test that asks for it
   * gets a new one.
   */
  public static synchronized void withOwnContext(SparkConf conf, Consumer<JavaSparkContext> body) {
    if (session != null) {
      session.stop();
      session = null;
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
    JavaSparkContext jsc = new JavaSparkContext(conf);
    try {
      jsc.setLogLevel("WARN");
      body.accept(jsc);
    } finally {
      jsc.stop();
    }
  }

  public static JavaSparkContext jsc() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> t = p.getParameter().getType();
    return t == SparkSession.class || t == JavaSparkContext.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == SparkSession.class ? session() : jsc();
  }
}
