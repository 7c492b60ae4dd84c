package io.mlpm;

import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** A fresh in-memory H2 database with the project's Flyway migrations, for tests without Spring. */
public final class TestDatabase {

  private TestDatabase() {}

  public static JdbcTemplate migrated() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").table("mlpm_schema_history").load()
        .migrate();
    return new JdbcTemplate(ds);
  }

  /** The audit trail on that database, with a fixed test key and no one listening to its events. */
  public static io.mlpm.governance.AuditTrail auditTrail(JdbcTemplate jdbc) {
    return new io.mlpm.governance.AuditTrail(jdbc,
        new org.springframework.jdbc.datasource.DataSourceTransactionManager(jdbc.getDataSource()),
        new io.mlpm.governance.AuditSigner(new byte[32]), new io.mlpm.governance.AuditSettings(null, null, false),
        event -> { });
  }
}
