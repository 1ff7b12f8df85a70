package dev.benchmate.listening;

import dev.benchmate.media.Pcm;

import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.SpeechRateConversion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * The microphone through Java Sound (ALSA on the board). Asks for 16 kHz mono 16-bit; a device
 * that only offers 48 / 44.1 kHz or stereo is opened as it is and converted.
 */
public final class JavaSoundMicrophone implements AudioInput {
    private static final float[] RATES = {16_000f, 48_000f, 44_100f, 32_000f, 22_050f};
    private final TargetDataLine line;
    private final SpeechRateConversion conversion;
    private final byte[] bytes;
    private final String description;

    private JavaSoundMicrophone(TargetDataLine line, String mixerName) {
        this.line = line;
        AudioFormat f = line.getFormat();
        this.conversion = new SpeechRateConversion(f.getSampleRate(), f.getChannels());
        this.bytes = new byte[(int) (f.getSampleRate() / 50) * f.getFrameSize()];
        this.description = mixerName + " (" + f + ")";
    }

    /** @param deviceName part of the device's name, case-insensitive; empty for the default device */
    public static JavaSoundMicrophone open(String deviceName) {
        List<String> seen = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer mixer = AudioSystem.getMixer(info);
            for (float rate : RATES) {
                for (int channels = 1; channels <= 2; channels++) {
                    AudioFormat format = new AudioFormat(rate, 16, channels, true, false);
                    DataLine.Info want = new DataLine.Info(TargetDataLine.class, format);
                    if (!mixer.isLineSupported(want)) {
                        continue;
                    }
                    seen.add(info.getName());
                    if (!deviceName.isBlank() && !info.getName().toLowerCase(Locale.ROOT)
                            .contains(deviceName.toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    try {
                        TargetDataLine line = (TargetDataLine) mixer.getLine(want);
                        line.open(format, (int) (rate / 5) * format.getFrameSize());
                        line.start();
                        return new JavaSoundMicrophone(line, info.getName());
                    } catch (LineUnavailableException | IllegalArgumentException e) {
                        seen.add(info.getName() + " (busy: " + e.getMessage() + ")");
                    }
                }
            }
        }
        if (seen.isEmpty()) {
            throw new AudioFormatException("no microphone found (Java Sound lists no capture device with 16-bit PCM)");
        }
        throw new AudioFormatException("no microphone named '" + deviceName + "'; capture devices: "
                + seen.stream().distinct().toList() + " (set benchmate.listening.input-device)");
    }

    @Override
    public float[] read() {
        int n = line.read(bytes, 0, bytes.length);
        if (n <= 0) {
            return line.isOpen() ? new float[0] : null;
        }
        float[] interleaved = Pcm.toFloats(bytes, n);
        return conversion.convert(interleaved, interleaved.length / line.getFormat().getChannels(), false);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        line.stop();
        line.close();
    }
}
