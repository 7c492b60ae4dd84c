package io.mlpm.governance;

import java.time.Instant;

/** One record of a subject's audit chain, as stored. */
public record AuditRecord(long seq, String subject, String actor, String action, String detail, Instant at,
    AuditContext context, String prevHash, String hash) {}
