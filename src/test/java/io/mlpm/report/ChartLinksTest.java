package io.mlpm.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChartLinksTest {

  @Test
  void aPlainColumnNameIsOnePathSegment() {
    assertThat(ChartLinks.column("p", "petal_width-cm2")).isEqualTo(
        "/api/projects/p/data-report/charts/petal_width-cm2.png");
  }

  /** The firewall refuses ';' and encoded '%', '/', '\' or '.' in a path: such names go in the query. */
  @Test
  void namesThatNeedEncodingGoInTheQuery() {
    assertThat(ChartLinks.column("p", "petal width; cm?")).isEqualTo(
        "/api/projects/p/data-report/chart.png?column=petal%20width%3B%20cm%3F");
    assertThat(ChartLinks.column("p", "größe")).isEqualTo("/api/projects/p/data-report/chart.png?column=gr%C3%B6%C3%9Fe");
    assertThat(ChartLinks.column("p", "100%")).endsWith("/chart.png?column=100%25");
    assertThat(ChartLinks.column("p", "a.b")).endsWith("/chart.png?column=a.b");
  }

  @Test
  void namesAPathSegmentCannotCarryGoInTheQuery() {
    assertThat(ChartLinks.column("p", "km/h")).isEqualTo("/api/projects/p/data-report/chart.png?column=km%2Fh");
    assertThat(ChartLinks.column("p", "a\\b")).endsWith("/chart.png?column=a%5Cb");
    assertThat(ChartLinks.column("p", "_target")).endsWith("/chart.png?column=_target");
    assertThat(ChartLinks.column("p", "..")).endsWith("/chart.png?column=..");
    assertThat(ChartLinks.column("p", "")).endsWith("/chart.png?column=");
    assertThat(ChartLinks.column("p", "a+b c")).endsWith("/chart.png?column=a%2Bb%20c");
  }

  @Test
  void theTargetChartHasAFixedName() {
    assertThat(ChartLinks.target("p")).isEqualTo("/api/projects/p/data-report/charts/_target.png");
  }
}
