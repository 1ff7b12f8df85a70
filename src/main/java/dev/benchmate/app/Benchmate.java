package dev.benchmate.app;

import dev.benchmate.thinking.Conversation;

import dev.benchmate.core.Assistant;
import dev.benchmate.core.Brain;
import dev.benchmate.core.EventHub;
import dev.benchmate.core.EventLog;
import dev.benchmate.core.FailureCues;
import dev.benchmate.core.Liveness;
import dev.benchmate.core.LookingAhead;
import dev.benchmate.core.Readiness;
import dev.benchmate.core.Stage;
import dev.benchmate.core.Supervisor;
import dev.benchmate.core.TurnEvent;
import dev.benchmate.core.VoiceLoop;
import dev.benchmate.listening.AudioInput;
import dev.benchmate.listening.JavaSoundMicrophone;
import dev.benchmate.listening.EchoReference;
import dev.benchmate.listening.EchoCancellingInput;
import dev.benchmate.listening.EchoCanceller;
import dev.benchmate.listening.PhraseSpotter;
import dev.benchmate.listening.Phrases;
import dev.benchmate.listening.ReplayInput;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.looking.Camera;
import dev.benchmate.looking.ImageFileCamera;
import dev.benchmate.looking.OpenCvCamera;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.Picture;
import dev.benchmate.media.PictureUnreadableException;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.JavaSoundSpeaker;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import dev.benchmate.speaking.RealTimeWavSink;
import dev.benchmate.speaking.SpeechOutput;
import dev.benchmate.speaking.TappedSink;
import dev.benchmate.speaking.Voices;
import dev.benchmate.speaking.EspeakSynthesizer;
import dev.benchmate.transcribing.Transcriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one place Benchmate is put together, for every front door: the service, the commands
 * ({@code ask}, {@code bench-turn}) and the web. It loads the brain (taking the instance lock),
 * builds the voice, the camera and the transcriber from the configuration, the event hub with the
 * log on it, the supervisor and the assistant; the service adds the voice loop. Closing it stops
 * them in the reverse order; the brain is released by the {@link BrainHolder}.
 */
public final class Benchmate implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Benchmate.class);
    /** Events the log may fall behind by before it misses some. */
    private static final int LOG_QUEUE = 1024;

    private final BenchmateConfig config;
    private final EventHub hub;
    private final Supervisor supervisor;
    private final Brain brain;
    private final SpeechOutput voice;
    /** The speaker itself, under the voice (a replay's recording speaker is aligned with the replay). */
    private final AudioSink speaker;
    /** The speaker with a tap for the echo canceller's reference. */
    private final TappedSink played;
    private final Camera camera;
    private final Optional<Transcriber> transcriber;
    private final Assistant assistant;
    private final Phrases phrases;
    private final List<Readiness.Feature> features = new ArrayList<>();
    private final Deque<AutoCloseable> parts;
    private final Optional<ScriptedSpeech> scripted;
    private volatile VoiceLoop loop;
    private final LookingAhead.Settings lookingAhead;
    /** Whether the voice loop's microphone has Benchmate's voice cancelled out. */
    private boolean echoOn;
    private final Optional<Supplier<AudioInput>> microphoneOverride;
    private volatile Readiness.Feature microphone = Readiness.Feature.off("microphone", "the voice loop is not started");

    /** How a front door wants Benchmate put together; unset parts come from the configuration. */
    public static final class Builder {
        private final BenchmateConfig config;
        private final BrainHolder holder;
        private String who = "the service";
        private boolean simulated;
        private Camera camera;
        private AudioSink sink;
        private String sinkDescription;
        private Supplier<AudioInput> microphone;
        private boolean transcription = true;
        private Transcriber transcriberOverride;
        private String transcriberDescription;
        private ScriptedSpeech scripted;
        private boolean log = true;
        private java.util.function.Consumer<String> progress = step -> { };

        private Builder(BenchmateConfig config, BrainHolder holder) {
            this.config = config;
            this.holder = holder;
        }

        /** What takes the instance lock, as the lock file and a second Benchmate's message say. */
        public Builder who(String who) {
            this.who = who;
            return this;
        }

        /** On the NPU simulator (a test instrument), whatever the configuration says. */
        public Builder simulated(boolean simulated) {
            this.simulated = simulated;
            return this;
        }

        /** This camera instead of the configured one (a picture file given to a command). */
        public Builder camera(Camera camera) {
            this.camera = camera;
            return this;
        }

        /** This speaker instead of the configured one (a WAV file, a benchmark's timer). */
        public Builder sink(AudioSink sink, String description) {
            this.sink = sink;
            this.sinkDescription = description;
            return this;
        }

        /**
         * This microphone instead of the configured device: opened (again) as the device would be,
         * read through the echo canceller like it (a test's room, which hears this speaker).
         */
        public Builder microphone(Supplier<AudioInput> open) {
            this.microphone = open;
            return this;
        }

        /** Whether to load Whisper (a typed question needs none). */
        public Builder transcription(boolean on) {
            this.transcription = on;
            return this;
        }

        /** This transcriber instead of Whisper (the simulated recognizer). */
        public Builder transcriber(Transcriber transcriber, String description) {
            this.transcriberOverride = transcriber;
            this.transcriberDescription = description;
            return this;
        }

        /** Told of each step of the start as it begins (systemd's status line while the service starts). */
        public Builder progress(java.util.function.Consumer<String> progress) {
            this.progress = progress;
            return this;
        }

        /** Whether events go to the log (a command prints its own results instead). */
        public Builder log(boolean on) {
            this.log = on;
            return this;
        }

        /** The simulated recognizer (a test instrument) as transcriber and, in the loop, phrase spotter. */
        public Builder recognizer(ScriptedSpeech script) {
            this.scripted = script;
            return transcriber(script, "SIMULATED recognizer, script " + script.script());
        }

        /**
         * Loads and assembles everything. A missing model, runtime or a bad setting throws with a
         * message naming it; whatever was built by then is closed again.
         */
        public Benchmate build() {
            return new Benchmate(this);
        }
    }

    public static Builder wire(BenchmateConfig config, BrainHolder holder) {
        return new Builder(config, holder);
    }

    private Benchmate(Builder b) {
        this.config = b.config;
        this.parts = new ArrayDeque<>();
        this.scripted = Optional.ofNullable(b.scripted);
        this.microphoneOverride = Optional.ofNullable(b.microphone);
        Deque<AutoCloseable> made = parts;
        try {
            phrases = ListeningSetup.phrases(config.listening());
            var settings = ConfiguredSettings.assistant(config, phrases);
            lookingAhead = ConfiguredSettings.lookingAhead(config.vision()); // a bad value stops the start here
            BrainSettings brainSettings = ConfiguredSettings.brain(config);
            if (b.simulated && !brainSettings.simulated()) {
                brainSettings = brainSettings.onSimulator(Simulator.locate());
            }
            if (ConfiguredSettings.remote(config)) {
                var remote = ConfiguredSettings.remoteSettings(config);
                boolean fallback = ConfiguredSettings.remoteFallsBack(config);
                b.holder.lock(b.who);
                brain = b.holder.hold(BrainLoader.loadRemote(remote, fallback ? Optional.of(brainSettings)
                        : Optional.empty(), config.remote().recheck(), b.progress));
            } else {
                brain = b.holder.load(brainSettings, b.who, b.progress);
            }
            // where questions are spoken, and pictures are encoded here (not when thinking elsewhere)
            if (brain.encoder() != null && (b.transcription || b.transcriberOverride != null)) {
                b.progress.accept("asking the language model runtime whether it keeps a prefill-only run…");
                Conversation.SplitProbe split = brain.probeSplitPrefill();
                features.add(new Readiness.Feature("picture prefill while the question is spoken",
                        split.keepsCache(), split.message()));
                if (!split.keepsCache()) {
                    LOG.warnf("The picture is prefilled after the question, not while it is spoken: %s",
                            split.message());
                }
            }

            hub = push(made, new EventHub());
            if (b.log) {
                hub.subscribe("log", LOG_QUEUE, new EventLog());
            }
            supervisor = push(made, new Supervisor(hub, InstantSource.system()));

            BenchmateConfig.Speaking s = config.speaking();
            b.progress.accept("loading the voice (MaryTTS " + s.voice() + ")…");
            Voices voices = voices(s, s.voice());
            AudioSink sink = b.sink;
            String sinkDescription = b.sinkDescription;
            if (sink == null && s.outputFile().isPresent()) {
                sink = new RealTimeWavSink(s.outputFile().get());
                sinkDescription = "the file " + s.outputFile().get() + " (real time)";
            } else if (sink == null) {
                sink = new JavaSoundSpeaker(s.outputDevice().orElse(""));
                sinkDescription = s.outputDevice().map(d -> "the speaker '" + d + "'").orElse("the first speaker");
            }
            speaker = sink;
            played = new TappedSink(sink);
            voice = push(made, new SpeechOutput(voices, played));
            hub.subscribe("cues", 64, new FailureCues(voice));
            features.add(Readiness.Feature.on("voice", "MaryTTS " + s.voice() + " to " + sinkDescription));
            features.add(voices.speaksChinese() ? Readiness.Feature.on("chinese voice", "espeak-ng " + s.chineseVoice())
                    : Readiness.Feature.off("chinese voice", "espeak-ng is not installed (apt-get install espeak-ng)"));

            camera = push(made, b.camera != null ? b.camera : configuredCamera());

            if (b.transcriberOverride != null) {
                transcriber = Optional.of(b.transcriberOverride);
                features.add(Readiness.Feature.on("transcription", b.transcriberDescription));
            } else if (b.transcription) {
                b.progress.accept("loading the transcriber (" + config.transcribing().model().getFileName() + ")…");
                ListeningSetup.Part<Transcriber> t = ListeningSetup.transcriber(config.transcribing());
                transcriber = t.value();
                features.add(new Readiness.Feature("transcription", t.value().isPresent(), t.detail()));
            } else {
                transcriber = Optional.empty();
            }
            transcriber.ifPresent(t -> push(made, t));

            assistant = push(made, new Assistant(brain, camera, transcriber, voice, hub, supervisor, settings,
                    InstantSource.system()));
            assistant.transcribeAtPauses(config.transcribing().atPauses(), config.transcribing().joinParts());
            assistant.lookingAhead(lookingAhead);
        } catch (RuntimeException | Error e) {
            closeAll();
            throw e;
        }
        b.holder.holdUser(this);
    }

    /**
     * The one voice chooser, as configured: MaryTTS with this voice and the configured rate,
     * espeak-ng's voices for Chinese and for what MaryTTS cannot voice, where espeak-ng is installed.
     */
    public static Voices voices(BenchmateConfig.Speaking s, String maryVoice) {
        if (s.rate() < 0.5 || s.rate() > 2.0) {
            throw new IllegalArgumentException("benchmate.speaking.rate must be between 0.5 and 2.0, got " + s.rate());
        }
        return new Voices(new MaryTtsSynthesizer(maryVoice, s.rate()), EspeakSynthesizer.find(s.chineseVoice()),
                EspeakSynthesizer.find(s.fallbackVoice()));
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> made, T part) {
        made.push(part);
        return part;
    }

    private Camera configuredCamera() {
        BenchmateConfig.Camera c = config.camera();
        if (c.image().isPresent()) {
            try {
                return new ImageFileCamera(c.image().get());
            } catch (PictureUnreadableException e) {
                LOG.warnf("The camera is off: benchmate.camera.image: %s", e.getMessage());
                return new NoCamera("benchmate.camera.image: " + e.getMessage());
            }
        }
        if (c.width() <= 0 || c.height() <= 0 || c.fps() <= 0) {
            throw new IllegalArgumentException("benchmate.camera.width, height and fps must be positive, got "
                    + c.width() + "x" + c.height() + " at " + c.fps());
        }
        return new OpenCvCamera(c.device(), c.width(), c.height(), c.fps());
    }

    /** A camera that is not there, and why. */
    private record NoCamera(String why) implements Camera {
        @Override
        public Optional<Picture> latestFrame() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no camera (" + why + ")";
        }

        @Override
        public void close() {
        }
    }

    /**
     * Warms up what the first answer would otherwise pay for (the voice's first sentence with the
     * sentence splitter, the transcriber's first utterance with its sized window), waiting at most
     * {@code limit}; call it before the service says it is ready. Its outcome is logged and shown
     * among the parts ("warm start"); a failure or the limit is a warning, never a reason to stop.
     */
    public WarmUp.Report warmUp(Duration limit) {
        List<WarmUp.Step> steps = new ArrayList<>();
        steps.add(new WarmUp.Step("voice", voice::warmUp));
        // The simulated recognizer answers from its script: nothing to warm.
        transcriber.filter(t -> scripted.isEmpty() || scripted.get() != t)
                .ifPresent(t -> steps.add(new WarmUp.Step("transcriber", t::warmUp)));
        WarmUp.Report r = WarmUp.run(steps, limit);
        if (r.complete()) {
            LOG.infof("Warmed up in %d ms: %s", r.tookMs(), r.summary());
            features.add(Readiness.Feature.on("warm start", r.summary()));
        } else {
            LOG.warnf("Warm-up incomplete after %d ms (the first answer may be slower): %s", r.tookMs(), r.summary());
            features.add(Readiness.Feature.off("warm start", r.summary()));
        }
        return r;
    }

    /**
     * Starts the hands-free loop: the microphone (or the replayed recording of
     * benchmate.listening.input-file), the phrase spotter, the hands-free rules. Without a
     * microphone it stays off and readiness says why; the rest keeps serving.
     *
     * @return the loop, or empty when there is no microphone
     */
    public Optional<VoiceLoop> startVoiceLoop() {
        BenchmateConfig.Listening l = config.listening();
        UtteranceRecorder recorder = ListeningSetup.recorder(l);
        Supplier<AudioInput> input;
        Optional<PhraseSpotter> spotter;
        AudioInput first;
        try {
            if (microphoneOverride.isPresent()) {
                input = microphoneOverride.get();
                first = input.get();
            } else if (l.inputFile().isPresent()) {
                ReplayInput replay = new ReplayInput(l.inputFile().get());
                first = replay;
                input = replay::resumed;
            } else {
                String device = l.inputDevice().orElse("");
                first = JavaSoundMicrophone.open(device);
                input = () -> JavaSoundMicrophone.open(device);
            }
        } catch (AudioFormatException e) {
            microphone = Readiness.Feature.off("microphone", e.getMessage());
            LOG.warnf("The voice loop is off: %s", e.getMessage());
            return Optional.empty();
        }
        java.util.function.UnaryOperator<AudioInput> ownVoiceOut;
        boolean replayed = l.inputFile().isPresent() && microphoneOverride.isEmpty();
        if (!replayed) {
            ownVoiceOut = echoCancelling(l);
        } else {
            ownVoiceOut = java.util.function.UnaryOperator.identity();
            features.add(Readiness.Feature.off("echo cancellation", "the input is a recording, which does not hear "
                    + "Benchmate's speaker"));
        }
        if (scripted.isPresent()) {
            spotter = Optional.of(scripted.get());
            recorder.onUtterance(scripted.get()::heard);
            features.add(Readiness.Feature.on("wake phrase and commands", "SIMULATED recognizer, script "
                    + scripted.get().script()));
        } else {
            ListeningSetup.Part<PhraseSpotter> p = ListeningSetup.spotter(l);
            spotter = p.value();
            spotter.ifPresent(sp -> parts.push(sp));
            features.add(new Readiness.Feature("wake phrase and commands", p.value().isPresent(), p.detail()));
        }
        AudioInput opened = first;
        Supplier<AudioInput> reopen = input;
        boolean[] firstUsed = {false};
        Supplier<AudioInput> open = () -> {
            if (!firstUsed[0]) {
                firstUsed[0] = true;
                return ownVoiceOut.apply(opened);
            }
            return ownVoiceOut.apply(reopen.get());
        };
        VoiceLoop v = new VoiceLoop(open, recorder, spotter, ListeningSetup.gate(l), assistant, voice, hub, supervisor,
                InstantSource.system());
        v.bargeIn(bargeIn(l, echoOn || replayed));
        parts.push(v);
        loop = v;
        if (speaker instanceof RealTimeWavSink recording) {
            recording.restartClock(); // what is said lines up with the replayed recording
        }
        v.start();
        microphone = Readiness.Feature.on("microphone", first.describe());
        return Optional.of(v);
    }

    /**
     * Encodes the camera's view ahead of questions while Benchmate is idle
     * (benchmate.vision.encode-ahead): a question about a view that held still gets its picture at
     * once instead of after the encoder's seconds. The service starts it; a one-question command
     * has no use for it.
     */
    public void lookAhead() {
        LookingAhead.Settings s = lookingAhead;
        assistant.startLookingAhead();
        features.add(s.on() ? Readiness.Feature.on("the view encoded ahead", "once it holds still, at most every "
                + s.gap().toSeconds() + " s") : Readiness.Feature.off("the view encoded ahead",
                "benchmate.vision.encode-ahead=false: each question's frame is encoded when it is asked"));
    }

    /**
     * The microphone with Benchmate's own voice cancelled out (benchmate.listening.echo-cancellation,
     * where libspeexdsp is installed): every block the speaker plays goes to the canceller's
     * reference from now on. Without the library, one warning and the microphone as it is.
     */
    private java.util.function.UnaryOperator<AudioInput> echoCancelling(BenchmateConfig.Listening l) {
        ListeningSetup.Part<EchoCanceller> echo = ListeningSetup.echoCanceller(l);
        features.add(new Readiness.Feature("echo cancellation", echo.value().isPresent(), echo.detail()));
        if (echo.value().isEmpty()) {
            return java.util.function.UnaryOperator.identity();
        }
        EchoCanceller canceller = echo.value().get();
        parts.push(canceller); // closed after the loop, which closes the input first
        EchoReference reference = new EchoReference(EchoReference.DEFAULT_CAPACITY_MS);
        played.connect(reference);
        echoOn = true;
        int filterMs = ListeningSetup.echoSettings(l).filterMs();
        return microphone -> {
            canceller.reset(); // a microphone opened (again): the echo path is learnt afresh
            return new EchoCancellingInput(microphone, reference, canceller, filterMs);
        };
    }

    /** What may interrupt the voice (see {@link ListeningSetup#bargeIn}), with a readiness line for speech. */
    private VoiceLoop.BargeIn bargeIn(BenchmateConfig.Listening l, boolean ownVoiceKeptOut) {
        ListeningSetup.Part<VoiceLoop.BargeIn> b = ListeningSetup.bargeIn(l, ownVoiceKeptOut);
        if (!"command".equalsIgnoreCase(l.bargeIn().trim())) {
            boolean on = b.value().orElseThrow() == VoiceLoop.BargeIn.SPEECH;
            features.add(new Readiness.Feature("barge-in on speech", on, b.detail()));
            if (!on) {
                LOG.warn(b.detail());
            }
        }
        return b.value().orElseThrow();
    }

    /**
     * In the sim profile, a replayed recording with a script beside it (S.wav, S.txt) is understood
     * by the simulated recognizer (a test instrument) instead of Vosk and Whisper.
     */
    public static Optional<ScriptedSpeech> simulatedRecognizer(BenchmateConfig config) {
        Optional<Path> recording = config.listening().inputFile();
        if (!config.npu().simulator() || recording.isEmpty()) {
            return Optional.empty();
        }
        Path script = ScriptedSpeech.scriptFor(recording.get());
        if (!Files.isRegularFile(script)) {
            return Optional.empty();
        }
        return Optional.of(ScriptedSpeech.read(script, ListeningSetup.phrases(config.listening())));
    }

    /** Whether it can answer; each optional part on or off, with why. */
    public Readiness readiness() {
        List<Readiness.Feature> all = new ArrayList<>();
        all.add(microphone);
        all.add(camera.latestFrame().isPresent() ? Readiness.Feature.on("camera", camera.describe())
                : Readiness.Feature.off("camera", "no frame from " + camera.describe() + " (retrying; questions are "
                + "answered without a picture)"));
        all.addAll(features);
        if (brain.conversation() instanceof dev.benchmate.core.RemoteFirst remote) {
            all.add(remote.remoteUp() ? Readiness.Feature.on("engine on the LAN", remote.engine())
                    : Readiness.Feature.off("engine on the LAN", remote.engine() + " is not answering, the NPU answers "
                    + "for it: " + remote.downWhy().orElse("")));
        }
        String detail = (brain.simulated() ? "SIMULATED NPU, " : "") + brain.describe();
        Liveness live = liveness();
        return live.alive() ? Readiness.ready(detail, all) : Readiness.notReady(live.toString(), all);
    }

    public Liveness liveness() {
        return supervisor.liveness();
    }

    public EventHub hub() {
        return hub;
    }

    public Assistant assistant() {
        return assistant;
    }

    public SpeechOutput voice() {
        return voice;
    }

    public Brain brain() {
        return brain;
    }

    public Camera camera() {
        return camera;
    }

    public Optional<VoiceLoop> loop() {
        return Optional.ofNullable(loop);
    }

    /** Stops the loop, the assistant, the supervisor, the voice, the camera, in that order. */
    @Override
    public void close() {
        closeAll();
    }

    private void closeAll() {
        for (AutoCloseable p = parts.poll(); p != null; p = parts.poll()) {
            try {
                p.close();
            } catch (Exception e) {
                LOG.warnf("Closing %s failed: %s", p.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
