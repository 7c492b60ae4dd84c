package io.mlpm.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
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
      warnIfReadableByOthers(file);
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
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Written whole to a private temporary file, then renamed: no reader ever sees half a key.
    Path temp;
    try {
      temp = Files.createTempFile(dir, ".audit-key", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      temp = Files.createTempFile(dir, ".audit-key", ".tmp");
    }
    Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp); // another node sharing the directory made it first
      return;
    }
    LOG.warn("Generated the audit signing key {}: keep it apart from database backups (or set"
        + " mlpm.audit.signing-key), and give every node of a cluster the same key.", file.toAbsolutePath());
  }

  private static void warnIfReadableByOthers(Path file) {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("The audit signing key {} is readable by others ({}); restrict it to its owner (chmod 600).",
            file.toAbsolutePath(), PosixFilePermissions.toString(p));
      }
    } catch (UnsupportedOperationException | IOException e) {
      // no POSIX permissions here: nothing to check
    }
  }
}
