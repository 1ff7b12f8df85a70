package dev.benchmate.speaking;

import dev.benchmate.media.Pcm;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Mandarin through espeak-ng (Debian package espeak-ng, voice cmn), because MaryTTS has no
 * Mandarin voice. Each sentence is one short espeak-ng run writing WAV to its stdout.
 */
public final class EspeakSynthesizer implements Synthesizer {
    private final String voice;

    private EspeakSynthesizer(String voice) {
        this.voice = voice;
    }

    /** The synthesizer, or empty when espeak-ng is not installed. */
    public static Optional<EspeakSynthesizer> find(String voice) {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(new EspeakSynthesizer(voice))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public AudioClip synthesize(String text) {
        try {
            Process p = new ProcessBuilder("espeak-ng", "-v", voice, "--stdout", text).start();
            byte[] wav = p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new SynthesisException("espeak-ng failed on \"" + text + "\"", null);
            }
            try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(
                    new ByteArrayInputStream(wav)))) {
                AudioFormat f = in.getFormat();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                byte[] b = bytes.toByteArray();
                return new AudioClip(Pcm.toFloats(b, b.length), (int) f.getSampleRate());
            }
        } catch (IOException | UnsupportedAudioFileException e) {
            throw new SynthesisException("espeak-ng could not say \"" + text + "\": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SynthesisException("interrupted", e);
        }
    }

    @Override
    public int sampleRate() {
        return 22050;
    }
}
