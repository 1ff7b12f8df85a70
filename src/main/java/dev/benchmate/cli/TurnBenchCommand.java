package dev.benchmate.cli;

import dev.benchmate.app.BenchmateConfig;
import dev.benchmate.app.Benchmate;
import dev.benchmate.app.BrainHolder;
import dev.benchmate.app.SimulatorDelays;
import dev.benchmate.app.WarmUp;
import dev.benchmate.core.AnswerSink;
import dev.benchmate.core.Assistant;
import dev.benchmate.core.Brain;
import dev.benchmate.core.FrontDoor;
import dev.benchmate.core.Question;
import dev.benchmate.core.TurnLatency;
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
            + "replaces --question-seconds); default: a generated voice-like sound.")
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
        AudioClip question = audio.map(WavFiles::read).orElseGet(() -> voiceLike(questionSeconds));
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
            return bench(question, model, modelName, sized);
        } finally {
            if (tempDir != null) {
                Files.deleteIfExists(model);
                Files.deleteIfExists(tempDir);
            }
        }
    }

    private int bench(AudioClip question, Path model, String modelName, TranscriberSettings sized) {
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
        try (WhisperTranscriber full = WhisperTranscriber.open(model, sized.withSizedWindow(false));
             Benchmate benchmate = Benchmate.wire(config, holder).who("the bench-turn command").simulated(true)
                     .camera(new ImageFileCamera(image)).sink(sink, "a timer")
                     .transcriber(heard, modelName + ", window sized to the question").log(false).build()) {
            System.out.printf("SIMULATED NPU at RK3576 reference figures: encoder %.0f ms, prefill %.1f ms/token, "
                    + "decode %.0f ms/token%n", SimulatorDelays.ENCODE_MS, SimulatorDelays.PREFILL_MS_PER_TOKEN,
                    SimulatorDelays.DECODE_MS_PER_TOKEN);
            System.out.printf("measured here (%s, %d cores, Java %s): Whisper with %s, %d threads; MaryTTS %s%n",
                    System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), modelName, sized.threads(), config.speaking().voice());
            System.out.printf("question: %.1f s of %s; Whisper window: full %d positions (30 s), sized %d%n",
                    question.seconds(), audio.map(p -> "audio from " + p.getFileName()).orElse("a generated "
                            + "voice-like sound"), AudioWindow.FULL, AudioWindow.positionsFor(question.seconds()));

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
            MaryTtsSynthesizer mary = new MaryTtsSynthesizer(config.speaking().voice(), config.speaking().rate());
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
            assistant.speechStarted();
            sleep(question.seconds());
            TurnLatency picked = spoken(assistant, heard, question, PICTURE_QUESTION, Question.PictureChoice.AUTO);
            oursPicture = picked.firstAudioMs();
            oursPictureLine = "  Benchmate, picture question: " + picked;
            sleep(question.seconds());
            TurnLatency followed = spoken(assistant, heard, question, FOLLOW_UP, Question.PictureChoice.AUTO);
            oursText = followed.firstAudioMs();
            oursTextLine = "  Benchmate, text follow-up:   " + followed;
            stopFigure = stopLatency(benchmate);
        }
        System.out.println("stages, from speech end (transcription and speech measured here, the NPU simulated):");
        System.out.println(serialPictureLine);
        System.out.println(oursPictureLine);
        System.out.println(serialTextLine);
        System.out.println(oursTextLine);
        System.out.printf("picture question:  serial %6.0f ms, Benchmate %6.0f ms, %.2fx sooner%n", serialPicture,
                oursPicture, serialPicture / oursPicture);
        System.out.printf("text follow-up:    serial %6.0f ms, Benchmate %6.0f ms, %.2fx sooner%n", serialText,
                oursText, serialText / oursText);
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

    /** As the voice loop asks the moment the question has been spoken: speech end to each stage. */
    private static TurnLatency spoken(Assistant assistant, KnownWords heard, AudioClip audio, String words,
                                      Question.PictureChoice picture) {
        heard.words = words;
        return assistant.ask(Question.audio(FrontDoor.VOICE, audio, picture, true, System.nanoTime()),
                AnswerSink.NONE).await(Duration.ofMinutes(5)).latency();
    }

    /**
     * The article's order: Whisper's full window after speech end, encode, the whole answer, then
     * speech. Stages in ms from speech end: transcription, encode, prefill, generation, first
     * sentence synthesized, first audio.
     */
    private static double[] serial(Brain brain, WhisperTranscriber whisper, MaryTtsSynthesizer mary, AudioClip audio,
                                   Picture picture, String question) {
        long speechEnd = System.nanoTime();
        whisper.transcribe(audio); // its words are the question's (a synthetic model's mean nothing)
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

    /**
     * A generated sound with a voice's shape (a 120 Hz hum with harmonics, in syllables of 4 a
     * second, over quiet noise), for Whisper's encoder to work on; nothing in it is a word.
     */
    static AudioClip voiceLike(double seconds) {
        if (seconds <= 0 || seconds > 30) {
            throw new IllegalArgumentException("--question-seconds must be above 0 and at most 30, got " + seconds);
        }
        int rate = AudioClip.SPEECH_RATE;
        float[] s = new float[(int) Math.round(seconds * rate)];
        java.util.Random noise = new java.util.Random(3);
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / rate;
            double syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
            double hum = 0;
            for (int h = 1; h <= 6; h++) {
                hum += Math.sin(2 * Math.PI * 120 * h * t) / h;
            }
            s[i] = (float) (0.15 * syllable * hum / 2.5 + noise.nextGaussian() * 0.003);
        }
        return new AudioClip(s, rate);
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

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
