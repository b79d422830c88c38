package dev.neuron.report;

import dev.neuron.train.EpochRecord;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: two charts side by side, loss and accuracy against the epoch, each with the
 * training curve (solid) and, when the run had validation data, the validation curve. Rendered
 * headless (AWT in {@code java.awt.headless} mode), so it works on a cluster driver.
 */
public final class Curves {
  public static final String NAME = "curves.png";
  private static final int WIDTH = 520;
  private static final int HEIGHT = 380;
  private static final Color TRAIN = new Color(31, 119, 180);
  private static final Color VALIDATION = new Color(255, 127, 14);

  private Curves() {}

  /** The PNG for {@code records} (at least one epoch); {@code title} names the run, briefly. */
  public static byte[] png(List<EpochRecord> records, String title) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("curves need at least one epoch, found none");
    }
    System.setProperty("java.awt.headless", "true");
    int n = records.size();
    double[] epochs = new double[n];
    double[][] series = new double[4][n];
    for (int i = 0; i < n; i++) {
      EpochRecord r = records.get(i);
      epochs[i] = r.epoch();
      series[0][i] = r.loss();
      series[1][i] = r.valLoss();
      series[2][i] = r.accuracy();
      series[3][i] = r.valAccuracy();
    }
    boolean validation = records.stream().allMatch(EpochRecord::hasValidation);
    String suffix = title.isEmpty() ? "" : " (" + title + ")";
    XYChart loss = chart("loss" + suffix, "loss", epochs, series[0],
        validation ? series[1] : null);
    XYChart acc = chart("accuracy" + suffix, "accuracy", epochs, series[2],
        validation ? series[3] : null);
    BufferedImage img = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    try {
      loss.paint(g, WIDTH, HEIGHT);
      g.translate(WIDTH, 0);
      acc.paint(g, WIDTH, HEIGHT);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode curves.png: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static XYChart chart(String title, String yTitle, double[] x, double[] train,
      double[] validation) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
        .yAxisTitle(yTitle).build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesVisible(true);
    c.getStyler().setXAxisDecimalPattern("0");
    c.getStyler().setYAxisDecimalPattern("0.0##");
    c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
    XYSeries t = c.addSeries("train", x, train);
    t.setLineColor(TRAIN);
    t.setMarkerColor(TRAIN);
    t.setMarker(SeriesMarkers.CIRCLE);
    if (validation != null) {
      XYSeries v = c.addSeries("validation", x, validation);
      v.setLineColor(VALIDATION);
      v.setMarkerColor(VALIDATION);
      v.setMarker(SeriesMarkers.DIAMOND);
    }
    return c;
  }
}
