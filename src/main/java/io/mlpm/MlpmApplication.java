package io.mlpm;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** MLPM Orchestrator: the ML lifecycle as BPMN processes on an embedded Camunda 7 engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MlpmApplication {

  public static void main(String[] args) {
    SpringApplication.run(MlpmApplication.class, args);
  }
}
