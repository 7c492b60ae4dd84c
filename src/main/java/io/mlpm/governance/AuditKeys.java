package io.mlpm.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit signer, from the configured key or the key file beside the database. */
@Configuration
class AuditKeys {

  private static final Logger LOG = LoggerFactory.getLogger(AuditKeys.class);

  @Bean
  AuditSigner auditSigner(AuditSettings settings) {
    if (settings.signingKey() != null && !settings.signingKey().isBlank()) {
      byte[] key = settings.signingKey().getBytes(StandardCharsets.UTF_8);
      if (key.length < 32) {
        throw new IllegalStateException("mlpm.audit.signing-key must have at least 32 characters (it has "
            + key.length + "); use e.g. 'openssl rand -base64 32'.");
      }
      return new AuditSigner(key);
    }
    return new AuditSigner(fromFile(settings.keyFile()));
  }

  private static byte[] fromFile(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
      LOG.info("Audit chain heads are signed with the key in {}.", file.toAbsolutePath());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the audit signing key " + file.toAbsolutePath() + ": " + e, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The audit signing key file " + file.toAbsolutePath()
          + " is not one line of Base64.", e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    try {
      // Owner-only from the moment it exists, where the file system has POSIX permissions.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      return; // another node sharing the directory made it first
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    LOG.warn("Generated the audit signing key {}: keep it apart from database backups (or set"
        + " mlpm.audit.signing-key), and give every node of a cluster the same key.", file.toAbsolutePath());
  }
}
