package dev.benchmate.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads WAV files into 16 kHz mono clips, converting sample format, channels and rate. */
public final class WavFiles {
    private WavFiles() {
    }

    /** A clip as 16-bit PCM mono WAV bytes. */
    public static byte[] toBytes(AudioClip clip) {
        float[] s = clip.samples();
        byte[] pcm = Pcm.toBytes(s);
        AudioFormat format = new AudioFormat(clip.sampleRate(), 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioInputStream in = new AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, s.length)) {
            AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new AudioFormatException("cannot encode WAV: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** Writes a clip as a 16-bit PCM mono WAV file. */
    public static void write(AudioClip clip, Path file) {
        try {
            Files.write(file, toBytes(clip));
        } catch (IOException e) {
            throw new AudioFormatException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rate a WAV file's header declares. */
    public static float sampleRate(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AudioFormatException("audio file not found: " + file);
        }
        try {
            return AudioSystem.getAudioFileFormat(file.toFile()).getFormat().getSampleRate();
        } catch (javax.sound.sampled.UnsupportedAudioFileException | java.io.IOException e) {
            throw new AudioFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static AudioClip read(Path file) {
        return read(file, Double.MAX_VALUE);
    }

    /**
     * Reads a recording of at most {@code maxSeconds}; a longer one is refused from its header, or,
     * when the header does not say its length (or lies), as soon as more than that has been read.
     */
    public static AudioClip read(Path file, double maxSeconds) {
        if (!Files.isRegularFile(file)) {
            throw new AudioFormatException("audio file not found: " + file);
        }
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat src = raw.getFormat();
            AudioFormat pcm16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, src.getSampleRate(), 16,
                    src.getChannels(), src.getChannels() * 2, src.getSampleRate(), false);
            if (!AudioSystem.isConversionSupported(pcm16, src)) {
                throw new AudioFormatException(file + ": cannot convert " + src + " to 16-bit PCM");
            }
            long declared = raw.getFrameLength();
            if (declared > 0 && src.getFrameRate() > 0 && declared / src.getFrameRate() > maxSeconds) {
                throw new AudioFormatException(String.format(java.util.Locale.ROOT,
                        "the recording is %.1f s long; at most %.0f s is taken", declared / src.getFrameRate(), maxSeconds));
            }
            try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm16, raw)) {
                // a header may not say (or lie about) the length: never read more than the longest allowed
                long allowed = maxSeconds >= Double.MAX_VALUE / 2 ? Integer.MAX_VALUE - 8
                        : Math.min(Integer.MAX_VALUE - 8L, (long) Math.ceil(maxSeconds * src.getSampleRate())
                                * src.getChannels() * 2L);
                byte[] data = in.readNBytes((int) allowed);
                if (in.read(new byte[Math.max(2, src.getChannels() * 2)]) > 0) {
                    throw new AudioFormatException(String.format(java.util.Locale.ROOT,
                            "the recording is longer than %.0f s, the most that is taken", maxSeconds));
                }
                int channels = src.getChannels();
                float[] interleaved = Pcm.toFloats(data, data.length);
                int frames = interleaved.length / channels;
                float[] mono = new SpeechRateConversion(src.getSampleRate(), channels).convert(interleaved, frames, true);
                return new AudioClip(mono, AudioClip.SPEECH_RATE);
            }
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFormatException(file + " is not a WAV (or other audio) file Java Sound can read", e);
        } catch (IOException e) {
            throw new AudioFormatException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
