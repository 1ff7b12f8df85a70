package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.models.Manifest;
import dev.benchmate.app.models.ModelSettings;
import dev.benchmate.app.models.ModelsManager;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the models Benchmate uses, where the configuration expects each, and what is there. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the models Benchmate needs, their state and where the configuration expects them.",
                "One line per model for the configured SoC (benchmate.npu.platform) and listening language: file, "
                + "state (missing, present, wrong, unverified) and place (the path and its setting). It checks "
                + "sizes only, so it is instant; 'models verify' checks the SHA-256.",
                "The manifest is the one the application carries (the repository's models/manifest.json; "
                        + "the .deb installs it as /usr/share/benchmate/models/manifest.json) unless --manifest names "
                        + "another."},
        subcommands = {ModelsVerifyCommand.class, ModelsFetchCommand.class})
public class ModelsCommand implements Callable<Integer> {
    @Option(names = "--manifest", paramLabel = "FILE", description = "A models manifest instead of the built-in one.")
    Path manifest;

    @Option(names = "--all", description = "Also the manifest's models for other SoCs and listening languages.")
    boolean all;

    @Inject
    BenchmateConfig config;

    @Override
    public Integer call() {
        return CommandFailures.run("models", () -> manager(config, manifest).list(all));
    }

    /** The manager for the configuration, with the manifest the options name (the subcommand's before the parent's). */
    static ModelsManager manager(BenchmateConfig config, Path... manifests) {
        Manifest m = null;
        for (Path p : manifests) {
            if (p != null) {
                m = Manifest.read(p);
                break;
            }
        }
        return new ModelsManager(m != null ? m : Manifest.builtIn(), ModelSettings.from(config), System.out,
                System.console() != null);
    }
}
