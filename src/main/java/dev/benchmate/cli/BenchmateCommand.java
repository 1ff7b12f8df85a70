package dev.benchmate.cli;

import dev.benchmate.appliance.ServiceRunner;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code java -jar quarkus-run.jar}: with no command, the service; with one, that command. */
@TopCommand
@Command(name = "benchmate", mixinStandardHelpOptions = true, version = "Benchmate 0.1.0",
        description = "Offline hands-free \"look and ask\" assistant for Rockchip RK3576/RK3588. "
                + "With no command, runs the service.",
        subcommands = {ChatCommand.class, ListenCommand.class, BenchCommand.class,
                ListeningBenchCommand.class, EchoBenchCommand.class, SayCommand.class, SpeakingBenchCommand.class,
                AskCommand.class, TurnBenchCommand.class, ModelsCommand.class})
public class BenchmateCommand implements Callable<Integer> {
    @Inject
    ServiceRunner service;

    @Override
    public Integer call() {
        return service.run();
    }
}
