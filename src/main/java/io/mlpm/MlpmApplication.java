package io.mlpm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** MLPM Orchestrator: the ML lifecycle as BPMN processes on an embedded Camunda 7 engine. */
// No generated in-memory user: every login is an engine user (security.EngineAuthenticationProvider).
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class MlpmApplication {

  public static void main(String[] args) {
    SpringApplication.run(MlpmApplication.class, args);
  }
}
