package io.mlpm.evaluation;

import io.mlpm.evaluation.EvaluationReport.ConfusionMatrix;
import io.mlpm.evaluation.EvaluationReport.FeatureImportance;
import io.mlpm.evaluation.EvaluationReport.ResidualPoint;
import io.mlpm.evaluation.EvaluationReport.RocCurve;
import io.mlpm.evaluation.EvaluationReport.RocPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Server-side PNG charts of an {@link EvaluationReport} (JFreeChart, headless): the confusion
 * matrix, ROC curves, residuals and feature importance.
 */
public final class EvaluationCharts {

  public static final String CONFUSION = "confusion";
  public static final String ROC = "roc";
  public static final String RESIDUALS = "residuals";
  public static final String IMPORTANCE = "importance";
  public static final List<String> ALL = List.of(CONFUSION, ROC, RESIDUALS, IMPORTANCE);
  /** Bars beyond this many features are left out of the importance chart (the card's table has all). */
  public static final int MAX_IMPORTANCE_BARS = 20;

  private static final Color BLUE = new Color(0x1f, 0x5f, 0xa8);
  private static final Font ANNOTATION = new Font(Font.SANS_SERIF, Font.BOLD, 13);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private EvaluationCharts() {}

  /** The charts this report has data for, in display order. */
  public static List<String> available(EvaluationReport report) {
    List<String> charts = new ArrayList<>();
    if (report.confusion() != null && !report.confusion().labels().isEmpty()) {
      charts.add(CONFUSION);
    }
    if (report.roc().stream().anyMatch(c -> !c.points().isEmpty())) {
      charts.add(ROC);
    }
    if (report.residuals() != null && !report.residuals().sample().isEmpty()) {
      charts.add(RESIDUALS);
    }
    if (report.importance() != null && !report.importance().features().isEmpty()) {
      charts.add(IMPORTANCE);
    }
    return charts;
  }

  /**
   * The chart as PNG bytes.
   *
   * @throws IllegalArgumentException when the chart is unknown or the report has no data for it
   *     (see {@link #available})
   */
  public static byte[] png(EvaluationReport report, String chart) {
    if (!available(report).contains(chart)) {
      throw new IllegalArgumentException("No chart '" + chart + "' for this report; available: "
          + available(report) + ".");
    }
    return switch (chart) {
      case CONFUSION -> write(confusion(report.confusion()), 640, 560);
      case ROC -> write(roc(report.roc()), 640, 560);
      case RESIDUALS -> write(residuals(report), 720, 480);
      case IMPORTANCE -> write(importance(report.importance()),
          720, 120 + 26 * Math.min(MAX_IMPORTANCE_BARS, report.importance().features().size()));
      default -> throw new IllegalStateException(chart);
    };
  }

  /** Cells coloured by the share of the actual class (row), annotated with the count. */
  static JFreeChart confusion(ConfusionMatrix m) {
    List<String> labels = m.labels();
    int k = labels.size();
    double[][] data = new double[3][k * k];
    XYPlot plot = new XYPlot();
    for (int i = 0; i < k; i++) {
      int rowTotal = m.counts().get(i).stream().mapToInt(Integer::intValue).sum();
      for (int j = 0; j < k; j++) {
        int count = m.counts().get(i).get(j);
        double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
        int cell = i * k + j;
        data[0][cell] = j; // predicted on x
        data[1][cell] = i; // actual on y
        data[2][cell] = share;
        XYTextAnnotation text = new XYTextAnnotation(String.valueOf(count), j, i);
        text.setFont(ANNOTATION);
        text.setPaint(share > 0.55 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(text);
      }
    }
    DefaultXYZDataset dataset = new DefaultXYZDataset();
    dataset.addSeries("share of actual class", data);
    String[] names = labels.toArray(String[]::new);
    SymbolAxis x = new SymbolAxis("Predicted", names);
    SymbolAxis y = new SymbolAxis("Actual", names);
    y.setInverted(true); // first label on top, like a table
    x.setGridBandsVisible(false);
    y.setGridBandsVisible(false);
    XYBlockRenderer renderer = new XYBlockRenderer();
    PaintScale scale = new ShareScale();
    renderer.setPaintScale(scale);
    plot.setDataset(dataset);
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setRenderer(renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setBackgroundPaint(Color.WHITE);
    JFreeChart chart = new JFreeChart("Confusion matrix (counts; colour = share of the actual class)",
        JFreeChart.DEFAULT_TITLE_FONT.deriveFont(14f), plot, false);
    NumberAxis legendAxis = new NumberAxis("share");
    legendAxis.setRange(0, 1);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(4, 4, 4, 4);
    chart.addSubtitle(legend);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  static JFreeChart roc(List<RocCurve> curves) {
    XYSeriesCollection dataset = new XYSeriesCollection();
    for (RocCurve curve : curves) {
      if (curve.points().isEmpty()) {
        continue;
      }
      XYSeries series = new XYSeries(curve.positiveClass() + " (AUC "
          + String.format(Locale.ROOT, "%.3f", curve.auc()) + ")", false, true);
      for (RocPoint p : curve.points()) {
        series.add(p.falsePositiveRate(), p.truePositiveRate());
      }
      dataset.addSeries(series);
    }
    String title = curves.size() == 1
        ? "ROC curve, positive class '" + curves.get(0).positiveClass() + "'"
        : "ROC curves, one class against the rest";
    JFreeChart chart = ChartFactory.createXYLineChart(title, "False positive rate", "True positive rate",
        dataset, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int s = 0; s < dataset.getSeriesCount(); s++) {
      renderer.setSeriesStroke(s, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    plot.addAnnotation(new XYLineAnnotation(0, 0, 1, 1, new BasicStroke(1f, BasicStroke.CAP_BUTT,
        BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f), Color.GRAY));
    ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
    style(chart);
    return chart;
  }

  static JFreeChart residuals(EvaluationReport report) {
    XYSeries series = new XYSeries("residual = actual − predicted", false, true);
    for (ResidualPoint p : report.residuals().sample()) {
      series.add(p.predicted(), p.residual());
    }
    int shown = report.residuals().sample().size();
    String title = "Residuals against predictions"
        + (shown < report.residuals().count() ? " (" + shown + " of " + report.residuals().count() + " rows)" : "");
    JFreeChart chart = ChartFactory.createScatterPlot(title, "Predicted " + report.target(), "Residual",
        new XYSeriesCollection(series), PlotOrientation.VERTICAL, false, false, false);
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    plot.getRenderer().setSeriesPaint(0, new Color(0x1f, 0x5f, 0xa8, 150));
    ValueMarker zero = new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1.5f));
    plot.addRangeMarker(zero);
    style(chart);
    return chart;
  }

  static JFreeChart importance(EvaluationReport.Importance importance) {
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    List<FeatureImportance> features = importance.features();
    for (FeatureImportance f : features.subList(0, Math.min(MAX_IMPORTANCE_BARS, features.size()))) {
      dataset.addValue(f.importance(), "importance", f.feature());
    }
    String title = "Permutation importance: worsening of " + importance.metric() + " when shuffled"
        + (features.size() > MAX_IMPORTANCE_BARS ? " (top " + MAX_IMPORTANCE_BARS + ")" : "");
    JFreeChart chart = ChartFactory.createBarChart(title, "Feature", "Worsening of " + importance.metric(),
        dataset, PlotOrientation.HORIZONTAL, false, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, BLUE);
    renderer.setMaximumBarWidth(0.08);
    plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
    style(chart);
    return chart;
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(JFreeChart.DEFAULT_TITLE_FONT.deriveFont(14f));
    chart.getPlot().setBackgroundPaint(new Color(0xf7, 0xf7, 0xf7));
  }

  private static byte[] write(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** White (share 0) to blue (share 1). */
  private static final class ShareScale implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    @Override
    public Paint getPaint(double value) {
      double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
      return new Color(
          (int) Math.round(255 + (BLUE.getRed() - 255) * v),
          (int) Math.round(255 + (BLUE.getGreen() - 255) * v),
          (int) Math.round(255 + (BLUE.getBlue() - 255) * v));
    }
  }
}
