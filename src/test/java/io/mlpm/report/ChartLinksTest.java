package io.mlpm.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChartLinksTest {

  @Test
  void aColumnNameBecomesOnePercentEncodedPathSegment() {
    assertThat(ChartLinks.column("p", "petal width; cm?")).isEqualTo(
        "/api/projects/p/data-report/charts/petal%20width%3B%20cm%3F.png");
    assertThat(ChartLinks.column("p", "größe")).isEqualTo("/api/projects/p/data-report/charts/gr%C3%B6%C3%9Fe.png");
  }

  @Test
  void namesAPathSegmentCannotCarryGoInTheQuery() {
    assertThat(ChartLinks.column("p", "km/h")).isEqualTo("/api/projects/p/data-report/chart.png?column=km%2Fh");
    assertThat(ChartLinks.column("p", "a\\b")).endsWith("/chart.png?column=a%5Cb");
    assertThat(ChartLinks.column("p", "_target")).endsWith("/chart.png?column=_target");
    assertThat(ChartLinks.column("p", "..")).endsWith("/chart.png?column=..");
    assertThat(ChartLinks.column("p", "")).endsWith("/chart.png?column=");
    assertThat(ChartLinks.column("p", "a+b c")).endsWith("/charts/a%2Bb%20c.png");
  }

  @Test
  void theTargetChartHasAFixedName() {
    assertThat(ChartLinks.target("p")).isEqualTo("/api/projects/p/data-report/charts/_target.png");
  }
}
