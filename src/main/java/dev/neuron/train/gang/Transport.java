package dev.neuron.train.gang;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.crypto.AuthServerBootstrap;
import org.apache.spark.network.netty.SparkTransportConf$;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.apache.spark.network.util.TransportConf;
import scala.Option;

/**
 * The gang's connections on Spark's own network layer, set up the way Spark sets up its RPC
 * connections ({@code NettyRpcEnv}): the {@code rpc} module's transport settings, and with
 * {@code spark.authenticate} the same authentication bootstrap and secret, so that
 * {@code spark.network.crypto.enabled} encrypts the gang's traffic and, on Spark 4,
 * {@code spark.ssl.rpc.*} puts it under TLS, exactly as they do Spark's. A {@link Guard} in front
 * of every accepted connection bounds what an unidentified peer can cost.
 */
final class Transport implements AutoCloseable {
  private final SparkConf sparkConf;
  private final SecurityManager security;
  private final TransportContext context;
  private final TransportConf conf;
  private TransportClientFactory clients;

  /**
   * A transport under Spark's settings {@code conf} and {@code security} (a JVM's
   * {@code SparkEnv} has both) whose connections deliver what peers send to {@code handler}.
   */
  Transport(SparkConf conf, SecurityManager security, RpcHandler handler, int threads) {
    this.sparkConf = conf;
    this.security = security;
    this.conf = transportConf(conf, security, threads);
    this.context = new TransportContext(this.conf, handler, false);
  }

  /**
   * Listens on {@code host}, on {@code port} (0: any free port; otherwise up to
   * {@code spark.port.maxRetries} ports above it, as Spark's own services do).
   */
  TransportServer serve(String host, int port, Guard guard) {
    List<TransportServerBootstrap> boot = new ArrayList<>();
    boot.add(guard);
    if (security.isAuthenticationEnabled()) {
      boot.add(new AuthServerBootstrap(conf, security));
      boot.add(guard.afterAuthentication(security.getSaslUser()));
    }
    int retries = port == 0 ? 0 : sparkConf.getInt("spark.port.maxRetries", 16);
    for (int k = 0; ; k++) {
      try {
        return context.createServer(host, port == 0 ? 0 : port + k, boot);
      } catch (Exception e) {
        // Netty rethrows the bind failure unchecked, whatever its declared type.
        if (k >= retries) {
          throw new IllegalStateException("cannot listen on " + host + ":" + (port + k)
              + (retries > 0 ? " (and the " + retries + " ports below it)" : "") + ": " + e, e);
        }
      }
    }
  }

  /** Connects to {@code host:port}, authenticating first when Spark does. */
  TransportClient connect(String host, int port) throws IOException {
    if (clients == null) {
      List<TransportClientBootstrap> boot = security.isAuthenticationEnabled()
          ? List.of(new AuthClientBootstrap(conf, security.getSaslUser(), security))
          : List.of();
      clients = context.createClientFactory(boot);
    }
    try {
      return clients.createUnmanagedClient(host, port);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + host + ":" + port, e);
    }
  }

  /** How connections are secured, as Spark's settings make them: for the log. */
  String security() {
    if (!security.isAuthenticationEnabled()) {
      return "spark.authenticate off";
    }
    return conf.encryptionEnabled() ? "authenticated, encrypted" : "authenticated, not encrypted";
  }

  @Override
  public void close() {
    if (clients != null) {
      clients.close();
    }
    context.close();
  }

  /**
   * Spark's {@code SparkTransportConf.fromSparkConf} for the {@code rpc} module: on Spark 4 with
   * the RPC SSL options (a parameter Spark 3.5 lacks, hence the reflection).
   */
  static TransportConf transportConf(SparkConf conf, SecurityManager security, int threads) {
    Object factory = SparkTransportConf$.MODULE$;
    try {
      try {
        Method m = factory.getClass().getMethod("fromSparkConf", SparkConf.class, String.class,
            int.class, Option.class, Option.class);
        Object ssl = SecurityManager.class.getMethod("getRpcSSLOptions").invoke(security);
        return (TransportConf) m.invoke(factory, conf, "rpc", threads, Option.empty(),
            Option.apply(ssl));
      } catch (NoSuchMethodException spark35) {
        Method m = factory.getClass().getMethod("fromSparkConf", SparkConf.class, String.class,
            int.class, Option.class);
        return (TransportConf) m.invoke(factory, conf, "rpc", threads, Option.empty());
      }
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException("this Spark has no SparkTransportConf.fromSparkConf that"
          + " Neuron knows", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Spark's transport settings: " + e.getCause(),
          e.getCause());
    }
  }
}
