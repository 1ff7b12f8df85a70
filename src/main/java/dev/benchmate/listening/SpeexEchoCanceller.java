package dev.benchmate.listening;

import dev.benchmate.bindings.speexdsp.SpeexDspLibrary;
import dev.benchmate.bindings.speexdsp.SpeexEchoRuntime;
import dev.benchmate.media.AudioClip;
import java.util.Locale;

/** The echo canceller through speexdsp (MDF echo canceller, then its preprocessor linked to it). */
public final class SpeexEchoCanceller implements EchoCanceller {
    private final SpeexEchoRuntime runtime;
    private final EchoSettings settings;
    private final short[] mic;
    private final short[] played;
    private final short[] out;

    private SpeexEchoCanceller(SpeexEchoRuntime runtime, EchoSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
        int n = runtime.frameSize();
        this.mic = new short[n];
        this.played = new short[n];
        this.out = new short[n];
    }

    /** The setting that names the library file. */
    public static final String LIBRARY_SETTING = "benchmate.listening.speexdsp-library";

    /**
     * Loads libspeexdsp (the configured file or folder, else the system's) and opens a canceller.
     *
     * @throws dev.benchmate.bindings.NativeLibraryMissingException when libspeexdsp cannot be loaded,
     *         naming the Debian package and the setting
     */
    public static SpeexEchoCanceller open(java.util.Optional<java.nio.file.Path> library, EchoSettings settings) {
        return open(SpeexEchoRuntime.load(library, LIBRARY_SETTING), settings);
    }

    public static SpeexEchoCanceller open(SpeexDspLibrary library, EchoSettings settings) {
        int frame = settings.frameSize();
        int filter = settings.filterSamples();
        return new SpeexEchoCanceller(SpeexEchoRuntime.open(library, frame, filter, AudioClip.SPEECH_RATE,
                new SpeexEchoRuntime.Preprocessing(settings.denoise(), settings.agc(), settings.dereverb())), settings);
    }

    @Override
    public int frameSize() {
        return runtime.frameSize();
    }

    @Override
    public void cancel(float[] micFrame, float[] playedFrame, float[] outFrame) {
        toShorts(micFrame, mic);
        toShorts(playedFrame, played);
        runtime.cancel(mic, played, out);
        toFloats(out, outFrame);
    }

    @Override
    public void preprocess(float[] frame, boolean afterCancel) {
        toShorts(frame, out);
        runtime.preprocess(out, afterCancel);
        toFloats(out, frame);
    }

    @Override
    public boolean preprocessing() {
        return settings.denoise() || settings.agc() || settings.dereverb();
    }

    @Override
    public void reset() {
        runtime.reset();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "speexdsp echo canceller (%d ms frames, %d ms filter; denoise %s, AGC %s, dereverb %s)",
                settings.frameMs(), settings.filterMs(), onOff(settings.denoise()), onOff(settings.agc()),
                onOff(settings.dereverb()));
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    @Override
    public void close() {
        runtime.close();
    }

    static void toShorts(float[] from, short[] to) {
        for (int i = 0; i < to.length; i++) {
            float v = from[i] * 32768f;
            to[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
    }

    static void toFloats(short[] from, float[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i] / 32768f;
        }
    }
}
