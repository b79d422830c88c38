package dev.neuron;

import dev.neuron.cli.Sessions;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a real local SparkSession ({@code local[2,4]}: two threads, a
 * task may fail three times before its job does, as on a cluster; Neuron's settings),
 * started once per test JVM and shared: {@code @ExtendWith(LocalSpark.class)} and take a
 * {@link SparkSession} or {@link JavaSparkContext} parameter.
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
