package io.mlpm.monitoring;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/** A PNG bar chart of the PSI per feature of a health report, with the warn and fail lines. */
public final class DriftChart {

  /** More features than this show only the worst ones, said so in the title. */
  public static final int MAX_FEATURES = 40;
  static final Color OK = new Color(0x2e7d32);
  static final Color WARN = new Color(0xef6c00);
  static final Color FAIL = new Color(0xc62828);
  static final Color ACCEPTED = new Color(0x9e9e9e);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private DriftChart() {}

  public static byte[] png(HealthReport report) {
    List<FeatureDrift> shown = report.features().stream().filter(f -> f.psi() != null)
        .sorted(Comparator.comparingDouble(FeatureDrift::psi).reversed()).limit(MAX_FEATURES).toList();
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (FeatureDrift f : shown) {
      data.addValue(f.psi(), "PSI", f.accepted() ? f.feature() + " (accepted)" : f.feature());
    }
    HealthThresholds t = report.thresholds();
    String title = "Input drift of " + report.projectKey()
        + (report.modelVersion() == null ? "" : ", model version " + report.modelVersion());
    String subtitle = HealthCheckService.count(report.predictions()) + " predictions, checked " + report.checkedAt()
        + (report.features().size() > shown.size() && !shown.isEmpty()
            ? " - the " + shown.size() + " largest of " + report.features().size() + " features" : "");

    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis(null), new NumberAxis("PSI"), new Renderer(shown));
    plot.setOrientation(PlotOrientation.HORIZONTAL);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setNoDataMessage("No predictions to compare with the training data yet.");
    double top = shown.isEmpty() ? 0 : shown.get(0).psi();
    NumberAxis range = (NumberAxis) plot.getRangeAxis();
    range.setRange(0, Math.max(t.psiFail() * 1.3, top * 1.15));
    // Warn label at the bottom, fail label at the top: they never overlap.
    plot.addRangeMarker(marker(t.psiWarn(), WARN, "warn " + HealthCheckService.limit(t.psiWarn()),
        RectangleAnchor.BOTTOM_RIGHT, TextAnchor.BOTTOM_LEFT));
    plot.addRangeMarker(marker(t.psiFail(), FAIL, "fail " + HealthCheckService.limit(t.psiFail()),
        RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT));

    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, false);
    chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
    chart.setBackgroundPaint(Color.WHITE);
    int height = 140 + 26 * Math.max(3, shown.size());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, 720, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static ValueMarker marker(double value, Color color, String label, RectangleAnchor anchor,
      TextAnchor textAnchor) {
    ValueMarker m = new ValueMarker(value, color, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
        10f, new float[] {6f, 4f}, 0f));
    m.setLabel(label);
    m.setLabelPaint(color);
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    m.setLabelAnchor(anchor);
    m.setLabelTextAnchor(textAnchor);
    return m;
  }

  /** Colours each bar by its level; accepted features are grey. */
  private static final class Renderer extends BarRenderer {
    private final transient List<FeatureDrift> features;

    Renderer(List<FeatureDrift> features) {
      this.features = features;
      setBarPainter(new StandardBarPainter());
      setShadowVisible(false);
      setMaximumBarWidth(0.08);
      setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.000", DecimalFormatSymbols.getInstance(Locale.ROOT))));
      setDefaultItemLabelsVisible(true);
      setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
      setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    }

    @Override
    public Paint getItemPaint(int row, int column) {
      FeatureDrift f = features.get(column);
      if (f.accepted()) {
        return ACCEPTED;
      }
      return FeatureDrift.FAIL.equals(f.level()) ? FAIL : FeatureDrift.WARN.equals(f.level()) ? WARN : OK;
    }
  }
}
