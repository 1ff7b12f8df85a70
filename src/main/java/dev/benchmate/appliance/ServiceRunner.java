package dev.benchmate.appliance;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.BrainLoader;
import dev.benchmate.app.BrainSettings;
import dev.benchmate.app.ConfiguredSettings;
import dev.benchmate.app.ListeningSetup;
import dev.benchmate.core.Readiness;

import dev.benchmate.bindings.NativeLibraryMissingException;
import dev.benchmate.core.Brain;
import dev.benchmate.media.ModelFileMissingException;
import dev.benchmate.looking.VisionEncoderException;
import dev.benchmate.thinking.LanguageModelException;
import dev.benchmate.core.Assistant;
import dev.benchmate.core.PicturePolicy;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.core.TurnListener;
import dev.benchmate.core.VoiceLoop;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.JavaSoundMicrophone;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.looking.Camera;
import dev.benchmate.looking.ImageFileCamera;
import dev.benchmate.looking.OpenCvCamera;
import dev.benchmate.speaking.EspeakSynthesizer;
import dev.benchmate.speaking.JavaSoundSpeaker;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.transcribing.Transcriber;
import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
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
            startVoiceLoop(holder.current().orElseThrow());
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

    /**
     * The hands-free loop, when a microphone is there. Without one the service still runs (the
     * HTTP API will take questions), and the log says why there is no voice.
     */
    void startVoiceLoop(Brain brain) {
        BenchmateConfig.Listening l = config.listening();
        AudioInput mic;
        try {
            mic = JavaSoundMicrophone.open(l.inputDevice().orElse(""));
        } catch (AudioFormatException e) {
            LOG.warnf("The voice loop is off: %s", e.getMessage());
            return;
        }
        try {
            BenchmateConfig.Camera c = config.camera();
            Camera camera = holder.holdUser(c.image().<Camera>map(ImageFileCamera::new)
                    .orElseGet(() -> new OpenCvCamera(c.device(), c.width(), c.height(), c.fps())));
            Optional<Transcriber> transcriber = ListeningSetup.transcriber(config.transcribing());
            transcriber.ifPresent(holder::holdUser);
            Optional<PhraseSpotter> spotter = ListeningSetup.spotter(l);
            spotter.ifPresent(holder::holdUser);
            SpeechOutput voice = holder.holdUser(new SpeechOutput(new MaryTtsSynthesizer(config.speaking().voice(),
                    config.speaking().rate()), EspeakSynthesizer.find("cmn"),
                    new JavaSoundSpeaker(config.speaking().outputDevice().orElse(""))));
            Assistant assistant = holder.holdUser(new Assistant(brain, camera, transcriber, voice, new PicturePolicy(),
                    Duration.ofMinutes(2), InstantSource.system(), new LoggedTurns()));
            VoiceLoop loop = holder.holdUser(new VoiceLoop(mic, ListeningSetup.recorder(l), spotter,
                    ListeningSetup.gate(l), assistant, voice, new LoggedTurns()));
            loop.start();
            LOG.infof("Listening on %s, looking through %s", mic.describe(), camera.describe());
        } catch (RuntimeException e) {
            mic.close();
            LOG.errorf("The voice loop is off: %s", e.getMessage());
        }
    }

    /** Turn events into the log (the HTTP API and console will take them too). */
    static final class LoggedTurns implements TurnListener {
        @Override
        public void on(TurnEvent e) {
            if (e instanceof TurnEvent.Transcribed t) {
                LOG.infof("Heard: %s", t.text());
            } else if (e instanceof TurnEvent.Answered a) {
                LOG.infof("Answered%s: %s [%s]", a.pictureAttached() ? " with the picture" : "", a.answer(), a.latency());
            } else if (e instanceof TurnEvent.Failed f) {
                LOG.warnf("Turn problem: %s", f.message());
            } else if (e instanceof TurnEvent.ConversationRestarted r) {
                LOG.infof("New conversation (%s)", r.why());
            }
        }
    }

    public Readiness readiness() {
        return readiness;
    }
}
