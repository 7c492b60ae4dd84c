package io.mlpm.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.OptionalLong;

/** A route's own cap on request bodies (e.g. predictions, sized by the model's features). */
public interface BodyLimit {

  /** The most bytes a body of this request may have, or empty when this limit does not apply. */
  OptionalLong bytesFor(HttpServletRequest request);

  /** Which setting to change for a larger cap, named in the 413 answer. */
  String setting();
}
