package dev.benchmate.testing;

import dev.benchmate.media.Pcm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Writes 16-bit PCM WAV files for tests. */
public final class Wavs {
    private Wavs() {
    }

    /** Interleaved samples in [-1, 1]. */
    public static Path write(Path file, float[] interleaved, float rate, int channels) throws IOException {
        byte[] pcm = Pcm.toBytes(interleaved);
        AudioFormat format = new AudioFormat(rate, 16, channels, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format,
                interleaved.length / channels)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }
}
