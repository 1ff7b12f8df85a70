package dev.benchmate.service;

import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.core.Brain;
import dev.benchmate.core.ModelFileMissingException;
import dev.benchmate.looking.VisionEncoderException;
import dev.benchmate.thinking.LanguageModelException;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The service: loads the configured models, says whether it is ready, and runs until stopped.
 * A missing model or runtime does not stop it: it says what is missing and stays up, so the
 * rest of the appliance (and, later, its health endpoint) can report the problem.
 */
@ApplicationScoped
public class ServiceRunner {
    private static final Logger LOG = Logger.getLogger(ServiceRunner.class);

    @Inject
    BenchmateConfig config;
    @Inject
    BrainHolder holder;

    private volatile Readiness readiness = Readiness.notReady("starting");

    public int run() {
        readiness = loadBrain();
        if (readiness.ready()) {
            LOG.infof("Benchmate ready: %s", readiness.detail());
        } else {
            LOG.errorf("Benchmate NOT ready: %s. The service keeps running; fix this and restart it.",
                    readiness.detail());
        }
        Quarkus.waitForExit();
        return 0;
    }

    Readiness loadBrain() {
        try {
            BrainSettings settings = ConfiguredSettings.brain(config);
            Brain brain = holder.hold(BrainLoader.load(settings));
            return Readiness.ready((brain.simulated() ? "SIMULATED NPU, " : "") + settings.llm().model().getFileName()
                    + " + " + settings.visionModel().getFileName());
        } catch (ModelFileMissingException | NativeLibraryMissingException | LanguageModelException
                 | VisionEncoderException | IllegalArgumentException | IllegalStateException e) {
            return Readiness.notReady(e.getMessage());
        }
    }

    public Readiness readiness() {
        return readiness;
    }
}
