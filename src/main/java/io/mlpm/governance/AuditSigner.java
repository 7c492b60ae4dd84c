package io.mlpm.governance;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the head of an audit chain (HMAC-SHA256) with a key held outside the database: someone
 * who can write the database but not read the key cannot sign a chain they rewrote.
 */
public final class AuditSigner {

  private final byte[] key;
  private final String keyId;

  public AuditSigner(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("The audit signing key must have at least 32 bytes, not " + key.length + ".");
    }
    this.key = key.clone();
    // A short fingerprint, to tell which key signed a head; keyed, so it offers nothing to test guesses against.
    this.keyId = mac("mlpm audit key id").substring(0, 16);
  }

  public String keyId() {
    return keyId;
  }

  public String sign(String subject, long seq, String hash) {
    return mac(subject + "\n" + seq + "\n" + hash);
  }

  private String mac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean verifies(String subject, long seq, String hash, String signature) {
    return signature != null && MessageDigest.isEqual(sign(subject, seq, hash).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
