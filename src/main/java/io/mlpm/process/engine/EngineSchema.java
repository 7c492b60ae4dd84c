package io.mlpm.process.engine;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.integration.spring.SpringLiquibase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The engine's tables on a shared database (the postgres profile): created and upgraded by
 * Camunda's own Liquibase changelog, before the engine starts ({@link EngineAfterSchemaMigration}),
 * which itself never alters them ({@code camunda.bpm.database.schema-update: false}). A database
 * whose engine tables the engine made itself (an earlier release, or schema-update) is adopted
 * once: its changelog is marked as run up to the version those tables carry.
 */
@Configuration
@ConditionalOnProperty(name = "spring.liquibase.enabled", havingValue = "true")
class EngineSchema {

  static final String CHANGELOG = "classpath:org/camunda/bpm/engine/db/liquibase/camunda-changelog.xml";

  @Bean
  SpringLiquibase liquibase(DataSource dataSource) {
    SpringLiquibase liquibase = new AdoptingLiquibase();
    liquibase.setDataSource(dataSource);
    liquibase.setChangeLog(CHANGELOG);
    // Nothing about this installation leaves the machine.
    liquibase.setAnalyticsEnabled(false);
    return liquibase;
  }

  /** Liquibase's update, after adopting engine tables that no changelog created. */
  static final class AdoptingLiquibase extends SpringLiquibase {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSchema.class);

    @Override
    protected void performUpdate(Liquibase liquibase) throws LiquibaseException {
      Connection connection = ((JdbcConnection) liquibase.getDatabase().getConnection()).getUnderlyingConnection();
      Optional<String> unmanaged;
      try {
        unmanaged = unmanagedEngineVersion(connection);
      } catch (SQLException e) {
        throw new LiquibaseException("Cannot read the engine's schema version: " + e.getMessage(), e);
      }
      if (unmanaged.isPresent()) {
        String tag = tagOf(unmanaged.get());
        LOG.warn("The engine's tables (schema version {}) were not created by Camunda's Liquibase changelog:"
            + " marking it as run up to {} once, then upgrading from there.", unmanaged.get(), tag);
        liquibase.changeLogSync(tag, new Contexts(), new LabelExpression());
      }
      super.performUpdate(liquibase);
    }

    /** The engine's schema version when its tables exist but no changelog has been recorded. */
    private static Optional<String> unmanagedEngineVersion(Connection connection) throws SQLException {
      if (!tableExists(connection, "act_ge_schema_log")) {
        return Optional.empty();
      }
      if (tableExists(connection, "databasechangelog")) {
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM databasechangelog")) {
          if (rs.next() && rs.getLong(1) > 0) {
            return Optional.empty();
          }
        }
      }
      try (Statement s = connection.createStatement();
          // The engine logs each version its tables were created or upgraded to (act_ge_property says 'fox').
          ResultSet rs = s.executeQuery("SELECT version_ FROM act_ge_schema_log ORDER BY timestamp_ DESC")) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    }

    private static boolean tableExists(Connection connection, String name) throws SQLException {
      DatabaseMetaData meta = connection.getMetaData();
      for (String candidate : new String[] {name, name.toUpperCase(java.util.Locale.ROOT)}) {
        try (ResultSet rs = meta.getTables(null, null, candidate, new String[] {"TABLE"})) {
          if (rs.next()) {
            return true;
          }
        }
      }
      return false;
    }

    /** Camunda tags its changelog once per minor release: 7.24.2 → 7.24.0-tag. */
    static String tagOf(String schemaVersion) {
      String[] parts = schemaVersion.split("\\.");
      if (parts.length < 2) {
        throw new IllegalStateException("Unexpected engine schema version '" + schemaVersion + "'.");
      }
      return parts[0] + "." + parts[1] + ".0-tag";
    }
  }
}
