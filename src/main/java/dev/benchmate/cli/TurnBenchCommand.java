package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.SimulatorDelays;
import dev.benchmate.app.WarmUp;
import dev.benchmate.app.ListeningSetup;
import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.Assistant;
import dev.benchmate.core.Brain;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.Question;
import dev.benchmate.core.TurnLatency;
import dev.benchmate.listening.Utterance;
import dev.benchmate.listening.UtteranceRecorder;
import dev.benchmate.looking.ImageFileCamera;
import dev.benchmate.media.AudioClip;
import dev.benchmate.media.ImageEmbedding;
import dev.benchmate.media.Picture;
import dev.benchmate.media.TokenListener;
import dev.benchmate.media.WavFiles;
import dev.benchmate.speaking.AudioSink;
import dev.benchmate.speaking.MaryTtsSynthesizer;
import dev.benchmate.speaking.SentenceSplitter;
import dev.benchmate.thinking.Answer;
import dev.benchmate.transcribing.AudioWindow;
import dev.benchmate.transcribing.SyntheticWhisperModel;
import dev.benchmate.transcribing.Transcriber;
import dev.benchmate.transcribing.TranscriberSettings;
import dev.benchmate.transcribing.Transcript;
import dev.benchmate.transcribing.WhisperHyperParameters;
import dev.benchmate.transcribing.WhisperTranscriber;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speech end to first audio, with the NPU simulated at the RK3576 reference figures and Whisper and
 * MaryTTS measured on this machine, for (a) the serial flow of the article's proposal — Whisper
 * with its default 30 s window after speech end, then encode, prefill, the whole answer, then
 * speech — and (b) Benchmate's — the picture encoded during the question, Whisper's window sized
 * to the question, the first sentence spoken as soon as it exists. For a picture question and a
 * text follow-up. Before them, the first answer after start against the median of the later ones (warm start).
 * Without a real Whisper model (none can be downloaded here) it generates a synthetic
 * Whisper-Tiny-shaped one whose decoder ends at once: its encoder does the real work a window
 * changes, its text means nothing, so each turn goes on with the question's known words.
 */
@Command(name = "bench-turn", mixinStandardHelpOptions = true,
        description = "Compare speech end to first audio, transcription included: the serial flow vs Benchmate's, "
                + "on the simulated NPU at the RK3576 reference figures with Whisper and MaryTTS measured here; "
                + "and the first answer after start against the later ones.")
public class TurnBenchCommand implements Callable<Integer> {
    static final String PICTURE_QUESTION = "What is written on the chip?";
    static final String FOLLOW_UP = "And the one beside it?";

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "The picture.")
    Path image;

    @Option(names = "--question-seconds", defaultValue = "3", description = "How long the spoken question lasts "
            + "(default ${DEFAULT-VALUE}).")
    double questionSeconds;

    @Option(names = "--audio", paramLabel = "WAV", description = "A recorded question to transcribe (its length "
            + "replaces --question-seconds); default: MaryTTS reading a question, cut to that length.")
    Optional<Path> audio;

    @Option(names = "--whisper-model", paramLabel = "GGML", description = "A real ggml Whisper model; default: a "
            + "synthetic Whisper-Tiny-shaped q8_0 model (random weights, its text means nothing).")
    Optional<Path> whisperModel;

    @Option(names = "--whisper-threads", description = "Whisper threads (default: 4, or fewer cores).")
    Optional<Integer> whisperThreads;

    @Option(names = "--answers", defaultValue = "10", description = "Answers after start, for the first against "
            + "the last (default ${DEFAULT-VALUE}).")
    int answers;

    @Option(names = "--no-warm-up", description = "Skip the service's warm-up at start (to see a cold first answer).")
    boolean noWarmUp;

    @Option(names = "--runtime-keeps-prefill", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "Whether the simulated runtime keeps a prefill-only run in its KV cache (what the start-up "
                    + "probe will find); false shows the path for a runtime that does not (default: ${DEFAULT-VALUE}).")
    boolean runtimeKeepsPrefill;

    @Inject
    BenchmateConfig config;
    @Inject
    BrainHolder holder;

    /** A camera that shows what it is told to: the picture file, then another view. */
    static final class ShownCamera implements dev.benchmate.looking.Camera {
        private final ImageFileCamera file;
        private volatile Picture shown;

        ShownCamera(ImageFileCamera file) {
            this.file = file;
            this.shown = file.latestFrame().orElseThrow();
        }

        void show(Picture p) {
            shown = p;
        }

        /** The same picture with its colours inverted: another view for the camera. */
        static Picture inverted(Picture p) {
            byte[] bgr = p.bgr().clone();
            for (int i = 0; i < bgr.length; i++) {
                bgr[i] = (byte) (255 - (bgr[i] & 0xff));
            }
            return new Picture(p.width(), p.height(), bgr, p.source() + ", inverted");
        }

        @Override
        public Optional<Picture> latestFrame() {
            return Optional.of(shown);
        }

        @Override
        public String describe() {
            return file.describe();
        }

        @Override
        public void close() {
            file.close();
        }
    }

    /** A speaker that only notes when its first audio arrived. */
    static final class FirstAudioSink implements AudioSink {
        volatile long first = -1;

        @Override
        public void write(AudioClip block) {
            if (first < 0) {
                first = System.nanoTime();
            }
        }

    }

    /**
     * Whisper's real work on the question's audio, then the question's known words: a synthetic
     * model's text means nothing, and the turn must go on as it would after the real words.
     */
    static final class KnownWords implements Transcriber {
        private final WhisperTranscriber whisper;
        volatile String words;

        KnownWords(WhisperTranscriber whisper) {
            this.whisper = whisper;
        }

        @Override
        public Transcript transcribe(AudioClip utterance) {
            Transcript measured = whisper.transcribe(utterance);
            return new Transcript(words, false, measured.took(), measured.audioSeconds());
        }

        @Override
        public Transcript transcribe(AudioClip rest, String earlier) {
            Transcript measured = whisper.transcribe(rest, earlier);
            return new Transcript(words, false, measured.took(), measured.audioSeconds());
        }

        @Override
        public boolean hearsParts() {
            return whisper.hearsParts();
        }

        @Override
        public void warmUp() {
            whisper.warmUp();
        }

        @Override
        public void close() {
            whisper.close();
        }
    }

    @Override
    public Integer call() {
        return CommandFailures.run("bench-turn", holder, this::bench);
    }

    private int bench() throws IOException {
        if (answers < 2) {
            throw new IllegalArgumentException("--answers must be 2 or more, got " + answers);
        }
        SimulatorDelays.rk3576();
        dev.benchmate.bindings.ProcessEnvironment.set("BENCHMATE_SIM_PREFILL_ONLY_KEEPS_CACHE",
                runtimeKeepsPrefill ? "1" : "0");
        MaryTtsSynthesizer mary = new MaryTtsSynthesizer(config.speaking().voice(), config.speaking().rate());
        AudioClip question = audio.map(WavFiles::read).map(dev.benchmate.media.SpeechRateConversion::toSpeechRate)
                .orElseGet(() -> spokenQuestion(mary, questionSeconds));
        int threads = whisperThreads.orElse(Math.min(4, Runtime.getRuntime().availableProcessors()));
        Path tempDir = null;
        Path model;
        String modelName;
        if (whisperModel.isPresent()) {
            model = whisperModel.get();
            modelName = "Whisper " + model.getFileName();
        } else {
            tempDir = Files.createTempDirectory("benchmate-bench-turn");
            model = SyntheticWhisperModel.write(tempDir.resolve("whisper-tiny-shaped-q8_0.bin"),
                    WhisperHyperParameters.TINY_Q8_0, 1, true);
            modelName = "a synthetic Whisper-Tiny-shaped model (random weights, its text means nothing; its decoder "
                    + "ends at once, its encoder does the real work)";
        }
        TranscriberSettings sized = new TranscriberSettings("en", threads, Optional.empty(), true);
        try {
            return bench(question, mary, model, modelName, sized);
        } finally {
            if (tempDir != null) {
                Files.deleteIfExists(model);
                Files.deleteIfExists(tempDir);
            }
        }
    }

    private int bench(AudioClip question, MaryTtsSynthesizer mary, Path model, String modelName,
                      TranscriberSettings sized) {
        FirstAudioSink sink = new FirstAudioSink();
        KnownWords heard = new KnownWords(WhisperTranscriber.open(model, sized));
        String first;
        String oursPictureLine;
        String oursTextLine;
        String serialPictureLine;
        String serialTextLine;
        double oursPicture;
        double oursText;
        double serialPicture;
        double serialText;
        String stopFigure;
        String changedLine;
        double oursChanged;
        int aheadBefore;
        ShownCamera camera = new ShownCamera(new ImageFileCamera(image));
        try (WhisperTranscriber full = WhisperTranscriber.open(model, sized.withSizedWindow(false));
             Benchmate benchmate = Benchmate.wire(config, holder).who("the bench-turn command").simulated(true)
                     .camera(camera).sink(sink, "a timer")
                     .transcriber(heard, modelName + ", window sized to the question").log(false).build()) {
            System.out.printf("SIMULATED NPU at RK3576 reference figures: encoder %.0f ms, prefill %.1f ms/token, "
                    + "decode %.0f ms/token%n", SimulatorDelays.ENCODE_MS, SimulatorDelays.PREFILL_MS_PER_TOKEN,
                    SimulatorDelays.DECODE_MS_PER_TOKEN);
            System.out.printf("measured here (%s, %d cores, Java %s): Whisper with %s, %d threads; MaryTTS %s%n",
                    System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), modelName, sized.threads(), config.speaking().voice());
            System.out.printf("question: %.1f s of %s; Whisper window: full %d positions (30 s), sized %d%n",
                    question.seconds(), audio.map(p -> "audio from " + p.getFileName()).orElse("MaryTTS "
                            + "reading a question"), AudioWindow.FULL, AudioWindow.positionsFor(question.seconds()));
            System.out.printf("speech end, in both flows: the recorder ends the utterance after %d ms of silence "
                    + "(benchmate.listening.end-silence-ms); Benchmate transcribes the audio so far at the %d ms pause "
                    + "inside it (benchmate.transcribing.at-pauses=%s)%n", config.listening().endSilenceMs(),
                    config.listening().pauseMs(), config.transcribing().atPauses());

            System.out.println(benchmate.brain().conversation().canPrepare()
                    ? "picture prefill while the question is spoken: on (the start-up probe found the simulated runtime "
                    + "keeps a prefill-only run): the picture's half of the turn is prefilled once encoded"
                    : "picture prefill while the question is spoken: off (the start-up probe found the simulated "
                    + "runtime does not keep a prefill-only run): the picture question is prefilled whole after "
                    + "transcription, today's path");
            first = firstAgainstLast(benchmate, heard, question);
            System.out.println(first);

            Brain brain = benchmate.brain();
            brain.conversation().reset();
            mary.synthesize("Warm up.");
            full.warmUp();
            Picture picture = benchmate.camera().latestFrame().orElseThrow();
            double[] stages = serial(brain, full, mary, question, picture, PICTURE_QUESTION);
            serialPicture = stages[5];
            serialPictureLine = serialLine("picture question", stages);
            stages = serial(brain, full, mary, question, null, FOLLOW_UP);
            serialText = stages[5];
            serialTextLine = serialLine("text follow-up", stages);
            brain.conversation().reset();

            Assistant assistant = benchmate.assistant();
            aheadBefore = assistant.encodedAhead();
            TurnLatency picked = spoken(assistant, heard, question, PICTURE_QUESTION, Question.PictureChoice.AUTO,
                    assistant::speechStarted);
            oursPicture = picked.firstAudioMs();
            oursPictureLine = "  Benchmate, picture question: " + picked;
            TurnLatency followed = spoken(assistant, heard, question, FOLLOW_UP, Question.PictureChoice.AUTO,
                    assistant::speechStarted);
            oursText = followed.firstAudioMs();
            oursTextLine = "  Benchmate, text follow-up:   " + followed;

            brain.conversation().reset();
            Picture changed = ShownCamera.inverted(picture);
            TurnLatency fresh = spoken(assistant, heard, question, PICTURE_QUESTION, Question.PictureChoice.AUTO, () -> {
                camera.show(changed); // the part put under the camera as the question begins
                assistant.speechStarted();
            });
            oursChanged = fresh.firstAudioMs();
            changedLine = "  Benchmate, picture question, the view changed as it began: " + fresh;
            stopFigure = stopLatency(benchmate);
        }
        System.out.printf("listening chain (the service's speech detector, fed in real time): speech start seen %.0f ms "
                + "after the question's first sound, speech end declared %.0f ms after its last%n",
                lastHeard.startSeenMs(), lastHeard.endSeenMs());
        System.out.println("stages, from speech end (transcription and speech measured here, the NPU simulated):");
        System.out.println(serialPictureLine);
        System.out.println(oursPictureLine);
        System.out.println(serialTextLine);
        System.out.println(oursTextLine);
        System.out.println(changedLine);
        System.out.println(aheadBefore > 0
                ? "the picture question's view had held still since the start: it was encoded ahead, while idle ("
                + aheadBefore + " encoding(s) ahead before it, as the service does, benchmate.vision.encode-ahead), "
                + "and its picture prefilled from the question's speech start; where the view changed as the "
                + "question began, it is encoded from speech start"
                : "the view was NOT encoded ahead (benchmate.vision.encode-ahead=false?): the picture question's "
                + "frame was encoded from its speech start");
        System.out.printf("picture question:  serial %.0f ms, Benchmate %.0f ms, %.2fx sooner%n", serialPicture,
                oursPicture, serialPicture / oursPicture);
        System.out.printf("text follow-up:    serial %.0f ms, Benchmate %.0f ms, %.2fx sooner%n", serialText,
                oursText, serialText / oursText);
        System.out.printf("picture question, the view changed as it began: serial %.0f ms, Benchmate %.0f ms, "
                + "%.2fx sooner%n", serialPicture, oursChanged, serialPicture / oursChanged);
        System.out.println(stopFigure);
        return 0;
    }

    /**
     * The service's start (its warm-up, unless --no-warm-up), then spoken questions without a
     * picture, one after the other: the first answer's first audio against the last's.
     */
    private String firstAgainstLast(Benchmate benchmate, KnownWords heard, AudioClip question) {
        String warm;
        if (noWarmUp) {
            warm = "no warm-up at start (--no-warm-up)";
        } else {
            WarmUp.Report r = benchmate.warmUp(Duration.ofSeconds(30));
            warm = "warm-up at start " + r.tookMs() + " ms (" + r.summary() + ")";
        }
        benchmate.lookAhead(); // as the service does after its warm-up
        Assistant assistant = benchmate.assistant();
        TurnLatency first = spoken(assistant, heard, question, "Is it hot?", Question.PictureChoice.NONE);
        double[] laterAudio = new double[answers - 1];
        double[] laterPrefill = new double[answers - 1];
        TurnLatency last = first;
        for (int i = 0; i < laterAudio.length; i++) {
            last = spoken(assistant, heard, question, "Is it hot?", Question.PictureChoice.NONE);
            laterAudio[i] = last.firstAudioMs();
            laterPrefill[i] = last.prefillMs();
        }
        double warmAudio = median(laterAudio);
        // The first run into an empty cache prefills the system prompt (simulated NPU time); where the
        // service's start-up probe ran, it left the system prompt in the cache, and this is about 0.
        double systemPrompt = first.prefillMs() - median(laterPrefill);
        double apart = first.firstAudioMs() - warmAudio;
        return String.format("  answer 1 after start: %s%n  answer %d:            %s%nfirst answer after start: first "
                + "audio %.0f ms, answers 2-%d %.0f ms (median), %.0f ms apart, %.0f ms without the system prompt's "
                + "prefill (%s)", first, answers, last, first.firstAudioMs(), answers, warmAudio, apart,
                apart - systemPrompt, warm);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The question heard as the voice loop hears it: its audio, between quiet, fed in real time in
     * 20 ms blocks through the listening chain the service builds (benchmate.listening.*): the
     * speech detector's start runs atSpeechStart (the voice loop: the camera's frame), its pauses go to the
     * transcription at pauses, and the utterance it cuts is asked the moment it ends: speech end,
     * for every stage.
     */
    private TurnLatency spoken(Assistant assistant, KnownWords heard, AudioClip audio, String words,
                               Question.PictureChoice picture, Runnable atSpeechStart) {
        heard.words = words;
        Listened l = listen(audio, atSpeechStart, assistant::heardSoFar);
        return assistant.ask(Question.audio(FrontDoor.VOICE, l.utterance(), picture, true, l.endNanos()),
                AnswerSink.NONE).await(Duration.ofMinutes(5)).latency();
    }

    private TurnLatency spoken(Assistant assistant, KnownWords heard, AudioClip audio, String words,
                               Question.PictureChoice picture) {
        return spoken(assistant, heard, audio, words, picture, () -> { });
    }

    /** An utterance as the recorder cut it, when its end was declared, and how late start and end were seen. */
    record Listened(AudioClip utterance, long endNanos, double startSeenMs, double endSeenMs) {
    }

    private static final double LEAD_SECONDS = 0.5;
    /** The last question heard, for its figures. */
    private Listened lastHeard;

    /** Plays the question, between quiet, into the service's recorder in real time; returns at its end. */
    Listened listen(AudioClip question, Runnable onStart, java.util.function.Consumer<AudioClip> onPause) {
        UtteranceRecorder recorder = ListeningSetup.recorder(config.listening());
        long[] started = {-1};
        recorder.onSpeechStart(() -> {
            started[0] = System.nanoTime();
            onStart.run();
        });
        recorder.onPause(onPause);
        int rate = AudioClip.SPEECH_RATE;
        float[] lead = followedByQuiet(new AudioClip(new float[0], rate), (int) (LEAD_SECONDS * 1000)).samples();
        float[] stream = followedByQuiet(new AudioClip(concat(lead, question.samples()), rate),
                config.listening().endSilenceMs() + 2000).samples();
        int block = rate / 50;
        long t0 = System.nanoTime();
        long trueStart = t0 + (long) (LEAD_SECONDS * 1e9);
        long trueEnd = trueStart + (long) (question.seconds() * 1e9);
        for (int i = 0; i + block <= stream.length; i += block) {
            long due = t0 + (long) ((i + block) * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            List<Utterance> done = recorder.accept(java.util.Arrays.copyOfRange(stream, i, i + block));
            if (!done.isEmpty()) {
                long end = System.nanoTime();
                lastHeard = new Listened(done.get(0).audio(), end, (started[0] - trueStart) / 1e6,
                        (end - trueEnd) / 1e6);
                return lastHeard;
            }
        }
        throw new IllegalStateException("the speech detector did not hear the question as one utterance; try --audio "
                + "with a recorded question");
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The question and then ms of quiet, as the recorder keeps it after the last word. */
    private static AudioClip followedByQuiet(AudioClip audio, int ms) {
        float[] s = java.util.Arrays.copyOf(audio.samples(), audio.samples().length + audio.sampleRate() * ms / 1000);
        java.util.Random noise = new java.util.Random(5);
        for (int i = audio.samples().length; i < s.length; i++) {
            s[i] = (float) (noise.nextGaussian() * 0.003);
        }
        return new AudioClip(s, audio.sampleRate());
    }

    /**
     * The article's order: Whisper's full window after speech end, encode, the whole answer, then
     * speech. Stages in ms from speech end: transcription, encode, prefill, generation, first
     * sentence synthesized, first audio.
     */
    private double[] serial(Brain brain, WhisperTranscriber whisper, MaryTtsSynthesizer mary, AudioClip audio,
                            Picture picture, String question) {
        Listened l = listen(audio, () -> { }, soFar -> { });
        long speechEnd = l.endNanos();
        whisper.transcribe(l.utterance()); // its words are the question's (a synthetic model's mean nothing)
        long heard = System.nanoTime();
        ImageEmbedding embedding = picture == null ? null : brain.look(picture);
        long encoded = System.nanoTime();
        Answer answer = brain.ask(question, embedding, TokenListener.NONE);
        long generated = System.nanoTime();
        SentenceSplitter splitter = new SentenceSplitter();
        List<String> sentences = new java.util.ArrayList<>(splitter.accept(answer.text()));
        sentences.addAll(splitter.flush());
        mary.synthesize(sentences.get(0));
        long spoken = System.nanoTime();
        double prefill = answer.stats().prefillMs();
        return new double[] {(heard - speechEnd) / 1e6, (encoded - heard) / 1e6, prefill,
                (generated - encoded) / 1e6 - prefill, (spoken - generated) / 1e6, (spoken - speechEnd) / 1e6};
    }

    private static String serialLine(String what, double[] s) {
        return String.format("  serial, %s: transcript %.0f ms (full 30 s window) | vision %.0f ms | prefill %.0f "
                        + "ms | whole answer %.0f ms more | first sentence synthesized %.0f ms | first audio %.0f ms",
                what, s[0], s[1], s[2], s[3], s[4], s[5]);
    }

    /** Read by Benchmate's voice and cut to the question's length: speech the speech detector hears as a person. */
    static final String SPOKEN_QUESTION = "What is written on the chip beside the blue capacitor, and what is it for?";

    /**
     * The question as speech: MaryTTS reads {@link #SPOKEN_QUESTION} (again, if it is shorter than
     * the length asked for), without its surrounding quiet, cut to that length with a short fade.
     */
    static AudioClip spokenQuestion(MaryTtsSynthesizer mary, double seconds) {
        if (seconds <= 0 || seconds > 30) {
            throw new IllegalArgumentException("--question-seconds must be above 0 and at most 30, got " + seconds);
        }
        float[] words = trimmed(dev.benchmate.media.SpeechRateConversion.toSpeechRate(
                mary.synthesize(SPOKEN_QUESTION)).samples());
        int n = (int) Math.round(seconds * AudioClip.SPEECH_RATE);
        float[] s = new float[n];
        for (int at = 0; at < n; at += words.length + AudioClip.SPEECH_RATE / 5) {
            System.arraycopy(words, 0, s, at, Math.min(words.length, n - at));
        }
        int fade = Math.min(n, AudioClip.SPEECH_RATE / 50);
        for (int i = 0; i < fade; i++) {
            s[n - 1 - i] *= (float) i / fade;
        }
        return new AudioClip(s, AudioClip.SPEECH_RATE);
    }

    /** Without the quiet before the first and after the last sound. */
    private static float[] trimmed(float[] s) {
        int from = 0;
        int to = s.length;
        while (from < to && Math.abs(s[from]) < 0.01f) {
            from++;
        }
        while (to > from && Math.abs(s[to - 1]) < 0.01f) {
            to--;
        }
        return java.util.Arrays.copyOfRange(s, from, to);
    }

    /**
     * Stop in the middle of a spoken answer, from another thread, as "stop" heard by the loop or an
     * HTTP stop does: how soon the call returns, and how soon the generation ends after it.
     */
    private static String stopLatency(Benchmate benchmate) {
        Assistant assistant = benchmate.assistant();
        long[] lastToken = {0};
        java.util.concurrent.CountDownLatch speaking = new java.util.concurrent.CountDownLatch(1);
        var watch = benchmate.hub().subscribe("bench-stop", 1024, e -> {
            if (e.what() instanceof dev.benchmate.core.TurnEvent.Token) {
                lastToken[0] = System.nanoTime();
                speaking.countDown();
            }
        });
        try {
            var turn = assistant.ask(Question.text(FrontDoor.COMMAND, "Tell me about it.", Question.PictureChoice.NONE,
                    true), AnswerSink.NONE);
            speaking.await(60, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(200);
            long stop = System.nanoTime();
            assistant.stop();
            long returned = System.nanoTime();
            var result = turn.result().get(60, java.util.concurrent.TimeUnit.SECONDS);
            long ended = System.nanoTime();
            return String.format("stop 200 ms into an answer: the call returned in %.2f ms, the turn ended %.0f ms "
                    + "after it (last token %.0f ms after it; %s)", (returned - stop) / 1e6, (ended - stop) / 1e6,
                    Math.max(0, lastToken[0] - stop) / 1e6, result.stopped() ? "stopped" : "NOT stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "stop: interrupted";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "stop: the turn did not end: " + e;
        } finally {
            watch.close();
        }
    }
}
