package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.Pacing;
import dev.benchmate.media.WavFiles;
import java.nio.file.Path;

/**
 * A WAV file as the microphone: 20 ms blocks at real-time pace, as a microphone delivers them, so
 * the loop's timing (speech start, the follow-up window, Benchmate talking while the person speaks)
 * is what it would be live. For demos and tests on machines without audio devices. Ends with the file.
 */
public final class ReplayInput implements AudioInput {
    private final ClipInput clip;
    private final String name;
    private final double seconds;
    private long startNanos = -1;
    private long samplesRead;
    private volatile boolean closed;

    public ReplayInput(Path file) {
        AudioClip audio = WavFiles.read(file);
        this.clip = new ClipInput(audio, file.toString());
        this.name = "replay of " + file;
        this.seconds = audio.seconds();
    }

    @Override
    public float[] read() {
        if (closed) {
            return null;
        }
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
        float[] block = clip.read();
        if (block == null) {
            return null;
        }
        samplesRead += block.length;
        if (!Pacing.sleepUntil(startNanos + samplesRead * 1_000_000_000L / AudioClip.SPEECH_RATE)) {
            return null;
        }
        return block;
    }

    /**
     * The same recording, going on from where it was, after capture had to start over (a recording
     * cannot be opened again the way a microphone is).
     */
    public ReplayInput resumed() {
        closed = false;
        return this;
    }

    public double seconds() {
        return seconds;
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s (%.1f s)", name, seconds);
    }

    @Override
    public void close() {
        closed = true;
    }
}
