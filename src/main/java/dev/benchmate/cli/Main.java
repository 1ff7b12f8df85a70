package dev.benchmate.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * The jar's way in. With no arguments it is the service, and the service serves HTTP (the API, the
 * console, health, metrics). With arguments it is one of the commands (chat, ask, say, the
 * benchmarks, models, --help), and a command never opens the port: the HTTP server is switched off
 * before Quarkus starts, so a command can run beside the service, or on a machine where the port
 * is someone else's.
 */
@QuarkusMain
public class Main implements QuarkusApplication {
    @Inject
    CommandLine commandLine;

    public static void main(String... args) {
        if (args.length > 0) {
            System.setProperty("quarkus.http.host-enabled", "false");
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        return commandLine.execute(args);
    }
}
