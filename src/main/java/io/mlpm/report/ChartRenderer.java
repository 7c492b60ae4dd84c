package io.mlpm.report;

import io.mlpm.data.profile.ColumnProfile;
import io.mlpm.data.profile.ColumnProfile.HistogramBin;
import io.mlpm.data.profile.ColumnProfile.ValueCount;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.springframework.stereotype.Component;

/** Draws the report's charts as PNG on the server (JFreeChart), so the page needs no script. */
@Component
public class ChartRenderer {

  static final int WIDTH = 480;
  static final int HEIGHT = 260;
  private static final int MAX_BARS = 20;
  private static final int LABEL_LENGTH = 30;
  private static final Color BAR = new Color(0x3c, 0x6e, 0xb4);

  static {
    // Spring Boot starts headless already; this covers use outside it (no display on a server).
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** A histogram for numeric columns, the most frequent values for all others. */
  public byte[] column(ColumnProfile column) {
    List<HistogramBin> bins = column.histogram();
    if (bins != null && !bins.isEmpty()) {
      return png(histogram(column.name(), bins), WIDTH, HEIGHT);
    }
    List<ValueCount> top = column.topValues() == null ? List.of() : column.topValues();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    UniqueLabels labels = new UniqueLabels();
    top.stream().limit(MAX_BARS).forEach(v -> data.addValue(v.count(), "rows", labels.of(v.value())));
    JFreeChart chart = bars(column.name(), "value", data, PlotOrientation.HORIZONTAL);
    return png(chart, WIDTH, Math.max(HEIGHT, 80 + 22 * data.getColumnCount()));
  }

  /** The target's class counts. */
  public byte[] classes(String target, Map<String, Long> classCounts) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    UniqueLabels labels = new UniqueLabels();
    classCounts.entrySet().stream().limit(50).forEach(e -> data.addValue(e.getValue(), "rows", labels.of(e.getKey())));
    JFreeChart chart = bars(Labels.shorten(target, 60) + " (target)", "class", data, PlotOrientation.VERTICAL);
    if (data.getColumnCount() > 6) {
      chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
    return png(chart, WIDTH, HEIGHT + 40);
  }

  private static JFreeChart histogram(String name, List<HistogramBin> bins) {
    XYIntervalSeries series = new XYIntervalSeries("rows");
    for (HistogramBin b : bins) {
      double lower = b.lower();
      double upper = b.upper() > b.lower() ? b.upper() : b.lower() + 1; // a constant column has one empty-width bin
      series.add((lower + upper) / 2, lower, upper, b.count(), 0, b.count());
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(series);
    JFreeChart chart = ChartFactory.createXYBarChart(Labels.shorten(name, 60), "value", false, "rows", data,
        PlotOrientation.VERTICAL, false, false, false);
    XYPlot plot = chart.getXYPlot();
    XYBarRenderer renderer = (XYBarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardXYBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, BAR);
    renderer.setDrawBarOutline(true);
    renderer.setSeriesOutlinePaint(0, Color.WHITE);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static JFreeChart bars(String title, String axis, DefaultCategoryDataset data, PlotOrientation orientation) {
    JFreeChart chart = ChartFactory.createBarChart(Labels.shorten(title, 70), axis, "rows", data, orientation, false,
        false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setNoDataMessage("No values to show");
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, BAR);
    renderer.setMaximumBarWidth(orientation == PlotOrientation.HORIZONTAL ? 0.12 : 0.08);
    if (orientation == PlotOrientation.HORIZONTAL) {
      plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT); // counts below the bars, as in the histograms
    }
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Shortened values can coincide; a category axis needs distinct keys or bars silently merge. */
  private static final class UniqueLabels {
    private final Set<String> used = new HashSet<>();

    String of(String value) {
      String label = Labels.shorten(value, LABEL_LENGTH);
      String unique = label;
      for (int i = 2; !used.add(unique); i++) {
        unique = label + " #" + i;
      }
      return unique;
    }
  }
}
