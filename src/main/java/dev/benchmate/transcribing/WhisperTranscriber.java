package dev.benchmate.transcribing;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.SpeechFeatureUnavailableException;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whisper (Whisper-Tiny q8_0 on the board) through whisper-jni. The model file is checked before
 * whisper.cpp sees it, because whisper.cpp aborts the process on a truncated file. One
 * transcription at a time: a whisper.cpp context is not shared between threads.
 */
public final class WhisperTranscriber implements Transcriber {
    /** -60 dBFS: below this nothing in the clip is speech. */
    private static final float SILENCE_PEAK = 0.001f;
    private static boolean libraryLoaded;
    private final WhisperJNI whisper;
    private final WhisperContext context;
    private final TranscriberSettings settings;
    private boolean closed;

    private WhisperTranscriber(WhisperJNI whisper, WhisperContext context, TranscriberSettings settings) {
        this.whisper = whisper;
        this.context = context;
        this.settings = settings;
    }

    /**
     * @throws WhisperModelException when the model is missing or unusable (named in the message)
     * @throws SpeechFeatureUnavailableException when whisper-jni's native library does not load here
     */
    public static WhisperTranscriber open(Path model, TranscriberSettings settings) {
        WhisperModelFile.check(model);
        loadLibrary();
        WhisperJNI whisper = new WhisperJNI();
        try {
            WhisperContext context = whisper.init(model);
            if (context == null) {
                throw new WhisperModelException("whisper.cpp could not load " + model);
            }
            return new WhisperTranscriber(whisper, context, settings);
        } catch (IOException e) {
            throw new WhisperModelException("whisper.cpp could not load " + model + ": " + e.getMessage());
        }
    }

    private static synchronized void loadLibrary() {
        if (libraryLoaded) {
            return;
        }
        try {
            WhisperJNI.loadLibrary();
            WhisperJNI.setLibraryLogger(line -> { }); // whisper.cpp's own progress lines are not ours to print
            libraryLoaded = true;
        } catch (IOException | LinkageError e) {
            throw new SpeechFeatureUnavailableException("whisper-jni's native library does not load on "
                    + System.getProperty("os.arch") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Transcript transcribe(AudioClip utterance) {
        return transcribe(utterance, null);
    }

    @Override
    public synchronized Transcript transcribe(AudioClip utterance, String earlier) {
        if (utterance.sampleRate() != AudioClip.SPEECH_RATE) {
            throw new AudioFormatException("Whisper takes 16 kHz audio, got " + utterance.sampleRate() + " Hz");
        }
        if (closed) {
            throw new TranscriptionException("the transcriber is closed");
        }
        long t0 = System.nanoTime();
        float[] samples = utterance.samples();
        // Too short or silent to hold a question: answered without waking whisper.cpp.
        if (samples.length < AudioClip.SPEECH_RATE / 10 || peak(samples) < SILENCE_PEAK) {
            return new Transcript("", true, Duration.ofNanos(System.nanoTime() - t0), utterance.seconds());
        }
        WhisperFullParams p = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
        p.language = settings.language();
        p.detectLanguage = false;
        p.nThreads = settings.threads();
        p.initialPrompt = prompt(settings.initialPrompt().orElse(null), earlier);
        p.translate = false;
        p.noTimestamps = true;
        p.singleSegment = true;
        p.suppressNonSpeechTokens = true;
        p.printProgress = false;
        p.printRealtime = false;
        p.printSpecial = false;
        p.printTimestamps = false;
        // Bounded output: one spoken question, never a runaway loop on noise.
        p.nMaxTextCtx = 64;
        // The encoder works on the audio there is (with a margin), not on 30 s of padding.
        p.audioCtx = audioContext(settings, utterance);
        int ret = whisper.full(context, p, samples, samples.length);
        if (ret != 0) {
            throw new TranscriptionException("whisper.cpp failed on this utterance (code " + ret + ")");
        }
        StringBuilder text = new StringBuilder();
        int segments = whisper.fullNSegments(context);
        for (int i = 0; i < segments; i++) {
            text.append(whisper.fullGetSegmentText(context, i));
        }
        String heard = text.toString().trim();
        return new Transcript(heard, NothingHeard.test(heard), Duration.ofNanos(System.nanoTime() - t0),
                utterance.seconds());
    }

    /**
     * One transcription of a few seconds of quiet noise (loud enough not to be taken for silence,
     * which never reaches whisper.cpp) as long as a short question, with this transcriber's
     * settings: its sized window, its threads; whisper.cpp sizes its buffers on first use.
     */
    @Override
    public void warmUp() {
        transcribe(warmUpClip());
    }

    /** Three seconds of noise at about -40 dBFS, the same every time. */
    static AudioClip warmUpClip() {
        java.util.Random random = new java.util.Random(11);
        float[] noise = new float[3 * AudioClip.SPEECH_RATE];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (random.nextGaussian() * 0.01);
        }
        return new AudioClip(noise, AudioClip.SPEECH_RATE);
    }

    /**
     * whisper.cpp's audio_ctx for this utterance: its length and a margin in encoder positions when
     * the window is sized, 0 (whisper.cpp's whole 30 s window) when not.
     */
    static int audioContext(TranscriberSettings settings, AudioClip utterance) {
        return settings.sizedWindow() ? AudioWindow.positionsFor(utterance.seconds()) : 0;
    }

    /** The configured prompt, then the words heard before this audio (the nearer context last). */
    static String prompt(String configured, String earlier) {
        String before = earlier == null ? "" : earlier.trim();
        if (configured == null || configured.isBlank()) {
            return before.isEmpty() ? null : before;
        }
        return before.isEmpty() ? configured : configured.trim() + " " + before;
    }

    private static float peak(float[] samples) {
        float max = 0;
        for (float v : samples) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            whisper.free(context);
        }
    }
}
