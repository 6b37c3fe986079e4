package io.strata.s3mock;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Not part of the Strata build: scripts/s3-start compiles it against S3Mock's own jars and puts it
 * on S3Mock's loader path. S3Mock adds its plain-HTTP connector on every interface and Spring's
 * server.address only applies to the main connector; this binds the added ones to 127.0.0.1 too.
 */
@AutoConfiguration
public class LoopbackConnectors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> loopbackAdditionalConnectors() {
        return factory -> {
            for (Connector connector : factory.getAdditionalConnectors()) {
                connector.setProperty("address", "127.0.0.1");
            }
        };
    }
}
