package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.models.ModelFetcher;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Downloads (or copies) models into the places the configuration names. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Download (or copy --from a folder) models into the places their settings name.",
                "Fetches the named models (none: every model for the configured SoC and language that is not "
                + "in place). A download goes to NAME.part beside its place and "
                + "resumes from there when it breaks; its size and SHA-256 are checked before one atomic rename puts "
                + "it in place (an archive is unpacked beside its place, then renamed into it). A download that does "
                + "not match the manifest is refused and removed. A model the manifest knows no checksum for is "
                + "fetched and reported as unverified.",
                "On the board, fetch as the service's user: sudo -u benchmate benchmate models fetch"})
public class ModelsFetchCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "URL-or-DIR",
            description = "Where the files are: a folder (a USB stick) or a base address holding them under the "
                    + "manifest's file names (archives as .zip). Default: each model's own address.")
    String from;

    @Option(names = "--manifest", paramLabel = "FILE", description = "A models manifest instead of the built-in one.")
    Path manifest;

    @Parameters(paramLabel = "NAME", arity = "0..*",
            description = "Models to fetch, by file name as 'benchmate models' lists them (or the archive's name).")
    List<String> names = List.of();

    @ParentCommand
    ModelsCommand parent;

    @Inject
    BenchmateConfig config;

    @Override
    public Integer call() {
        return CommandFailures.run("models fetch",
                () -> ModelsCommand.manager(config, manifest, parent == null ? null : parent.manifest)
                        .fetch(Optional.ofNullable(from), names, ModelFetcher.Options.defaults()));
    }
}
