package io.mlpm.governance;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the key that signs audit chain heads comes from: {@code signingKey} (at least 32
 * characters, e.g. from the environment variable MLPM_AUDIT_SIGNING_KEY), or else the file
 * {@code keyFile}, created with a random key on first start. Either way it is outside the database.
 * {@code sealLegacyRecords}: append records written before the chain existed to it, at this start.
 */
@ConfigurationProperties(prefix = "mlpm.audit")
public record AuditSettings(String signingKey, Path keyFile, boolean sealLegacyRecords) {

  public AuditSettings {
    keyFile = keyFile == null ? Path.of("./data/audit-signing.key") : keyFile;
  }
}
