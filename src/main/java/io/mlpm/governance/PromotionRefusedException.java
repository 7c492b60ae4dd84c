package io.mlpm.governance;

/** A promotion the sign-off records do not cover; nothing was changed. */
public class PromotionRefusedException extends IllegalStateException {

  public PromotionRefusedException(String message) {
    super(message);
  }
}
