package io.mlpm.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Caps on request bodies under {@code mlpm.http.*} (application.yaml has the defaults): every
 * body is bounded before anything parses it, and all bodies being read at one moment share
 * {@code inFlightBodies}, so no number of parallel requests can exhaust the heap.
 */
@ConfigurationProperties(prefix = "mlpm.http")
public record HttpLimits(DataSize maxEngineBody, DataSize maxApiBody, DataSize maxPredictionBody,
    DataSize inFlightBodies) {

  public HttpLimits {
    maxEngineBody = maxEngineBody == null ? DataSize.ofMegabytes(1) : maxEngineBody;
    maxApiBody = maxApiBody == null ? DataSize.ofMegabytes(1) : maxApiBody;
    maxPredictionBody = maxPredictionBody == null ? DataSize.ofMegabytes(32) : maxPredictionBody;
    inFlightBodies = inFlightBodies == null ? DataSize.ofMegabytes(256) : inFlightBodies;
  }
}
