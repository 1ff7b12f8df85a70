package dev.benchmate.appliance;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.InstanceLock;
import dev.benchmate.app.RunningBenchmate;
import dev.benchmate.app.ScriptedSpeech;
import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.core.Readiness;
import dev.benchmate.core.VoiceLoop;
import dev.benchmate.looking.VisionEncoderException;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.media.SpeechFeatureUnavailableException;
import dev.benchmate.speaking.SynthesisException;
import dev.benchmate.thinking.LanguageModelException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * The service: takes the machine's instance lock, loads the configured models, says whether it is
 * ready, starts the hands-free loop, and runs until stopped. A missing model or runtime does not
 * stop it: it says what is missing and stays up, so the rest of the appliance (and its health
 * endpoint) can report the problem. SIGTERM (systemd) and Ctrl-C stop it cleanly: the loop and the
 * turn end, the NPU is released, the exit status is 0. With a replayed recording as its
 * microphone it stops by itself when the recording has ended and its questions are answered.
 */
@ApplicationScoped
public class ServiceRunner {
    private static final Logger LOG = Logger.getLogger(ServiceRunner.class);
    /** The longest the start waits for the warm-up before it says ready anyway. */
    static final java.time.Duration WARM_UP_LIMIT = java.time.Duration.ofSeconds(30);

    @Inject
    BenchmateConfig config;
    @Inject
    BrainHolder holder;
    @Inject
    RunningBenchmate running;
    @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
    boolean serving;

    /** SIGTERM or SIGINT arrived. */
    private final CompletableFuture<Void> exitRequested = new CompletableFuture<>();
    private final SystemdNotifier systemd = SystemdNotifier.fromEnvironment();

    /**
     * The service takes the machine's instance lock before its port opens, so a second service
     * says who holds Benchmate (not that the port is in use) and never answers on it. Commands
     * (no port) take the lock when they load the NPU.
     */
    void lockBeforeServing(@Observes @Priority(10) StartupEvent event) {
        if (!serving) {
            return;
        }
        try {
            holder.lock("the service");
        } catch (InstanceLock.HeldException | IllegalStateException e) {
            throw new ConfigurationException("Not starting: " + e.getMessage(), java.util.Set.of("benchmate.state-dir"));
        }
    }

    public int run() {
        if (JournalFormat.useIfJournal()) {
            LOG.debug("Logging for the journal: syslog priorities, no time stamps");
        }
        stopOnSignals();
        try {
            holder.lock("the service");
        } catch (InstanceLock.HeldException | IllegalStateException e) {
            LOG.errorf("Not starting: %s", e.getMessage());
            return 1;
        }
        Optional<VoiceLoop> loop = Optional.empty();
        try {
            Optional<ScriptedSpeech> script = Benchmate.simulatedRecognizer(config);
            Benchmate.Builder b = Benchmate.wire(config, holder).who("the service").progress(step -> {
                running.starting(step);
                systemd.status(step);
            });
            script.ifPresent(b::recognizer);
            script.ifPresent(s -> LOG.warnf("Using the SIMULATED recognizer (a test instrument) with the script %s "
                    + "(%d utterances) instead of Vosk and Whisper", s.script(), s.lines()));
            Benchmate benchmate = b.build();
            running.starting("warming up the voice and the transcriber…");
            systemd.status("warming up the voice and the transcriber…");
            benchmate.warmUp(WARM_UP_LIMIT);
            running.starting("starting the voice loop…");
            systemd.status("starting the voice loop…");
            loop = benchmate.startVoiceLoop();
            benchmate.lookAhead();
            running.started(benchmate);
            Readiness r = benchmate.readiness();
            String features = r.features().stream().map(Readiness.Feature::toString).collect(Collectors.joining(", "));
            LOG.infof("Benchmate ready: %s; %s", r.detail(), features);
            systemd.ready("ready: " + r.detail() + offParts(r));
        } catch (ModelFileMissingException | NativeLibraryMissingException | LanguageModelException
                 | VisionEncoderException | SynthesisException | AudioFormatException
                 | SpeechFeatureUnavailableException | IllegalArgumentException | IllegalStateException e) {
            running.failed(e.getMessage());
            LOG.errorf("Benchmate NOT ready: %s. The service keeps running; fix this and restart it.",
                    e.getMessage());
            systemd.ready("NOT ready: " + e.getMessage());
        }
        systemd.watch(this::liveness);
        try {
            if (config.listening().inputFile().isPresent()) {
                return untilReplayEnds(loop);
            }
            Quarkus.waitForExit();
            return 0;
        } finally {
            systemd.close();
        }
    }

    /** "; off: transcription, wake phrase and commands" for the status line, or nothing. */
    private static String offParts(Readiness r) {
        String off = r.features().stream().filter(f -> !f.on()).map(Readiness.Feature::name)
                .collect(Collectors.joining(", "));
        return off.isEmpty() ? "" : "; off: " + off;
    }

    /** Alive unless a part of the assembled Benchmate is dead or stuck (NOT ready is still alive: it says why). */
    public dev.benchmate.core.Liveness liveness() {
        return running.liveness();
    }

    /** A replayed session: the service ends with the recording, once its last answer has been spoken. */
    private int untilReplayEnds(Optional<VoiceLoop> loop) {
        if (loop.isEmpty()) {
            LOG.error("The replayed recording (benchmate.listening.input-file) cannot be played: see above");
            return 1;
        }
        CompletableFuture<Void> ended = loop.get().ended();
        CompletableFuture.anyOf(ended, exitRequested).join();
        if (ended.isDone()) {
            LOG.infof("The replayed recording has ended and its questions are answered: stopping");
        }
        return 0;
    }

    /**
     * SIGTERM and SIGINT end the service normally (exit status 0, the NPU released by the shutdown
     * that follows), instead of the JVM's default of dying with 143.
     */
    private void stopOnSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> {
                    systemd.stopping();
                    exitRequested.complete(null);
                    Quarkus.asyncExit(0);
                });
            } catch (IllegalArgumentException e) {
                LOG.debugf("Cannot handle SIG%s here: %s", name, e.getMessage());
            }
        }
    }

}
