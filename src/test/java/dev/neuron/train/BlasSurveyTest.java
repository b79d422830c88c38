package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.linalg.Blas;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalSpark.class)
class BlasSurveyTest {
  @Test
  void localModeHasOneExecutorJvmTheDriversOwn(JavaSparkContext jsc) {
    List<ExecutorBlas> found = BlasSurvey.of(jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), 6));
    assertEquals(1, found.size(), "six partitions, one JVM");
    ExecutorBlas e = found.get(0);
    assertEquals("driver", e.executor());
    assertEquals(ProcessHandle.current().pid(), e.pid());
    assertEquals(Blas.implementation(), e.implementation());
    assertEquals(Blas.nativeLibrary(), e.nativeLibrary());
    assertTrue(e.netlibSource().endsWith(".jar"), e.netlibSource());
  }
}
