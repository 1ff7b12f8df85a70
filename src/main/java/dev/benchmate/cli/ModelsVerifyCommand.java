package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Checks every model's SHA-256 (where one is known) and that the configuration points at it. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check each model's SHA-256 and place; exit 1 unless every one is in place and not wrong.",
                "Each model for the configured SoC and language is checked against the manifest's SHA-256 (an "
                        + "unpacked archive against the record fetch kept beside it, NAME.sha256), and its setting "
                        + "must name it. Each one that is not ready is named with how to get it. A model whose "
                        + "checksum cannot be known is reported as unverified, never as ok."})
public class ModelsVerifyCommand implements Callable<Integer> {
    @Option(names = "--manifest", paramLabel = "FILE", description = "A models manifest instead of the built-in one.")
    Path manifest;

    @ParentCommand
    ModelsCommand parent;

    @Inject
    BenchmateConfig config;

    @Override
    public Integer call() {
        return CommandFailures.run("models verify",
                () -> ModelsCommand.manager(config, manifest, parent == null ? null : parent.manifest).verify());
    }
}
