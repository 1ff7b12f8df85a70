package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.AudioFormatException;
import dev.benchmate.media.Pcm;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * The speaker through Java Sound (ALSA on the board). The line is opened at the rate of the first
 * block and reopened if a later block has another rate; its buffer is 100 ms, so stopping is quick.
 */
public final class JavaSoundSpeaker implements AudioSink {
    private final String deviceName;
    private SourceDataLine line;
    private float rate;
    private volatile boolean ranDry;

    public JavaSoundSpeaker(String deviceName) {
        this.deviceName = deviceName;
    }

    @Override
    public void write(AudioClip block) {
        SourceDataLine l = lineFor(block.sampleRate());
        byte[] pcm = Pcm.toBytes(block.samples());
        ranDry = l.available() >= l.getBufferSize(); // all of its buffer free: it had played everything
        l.write(pcm, 0, pcm.length);
    }

    @Override
    public boolean ranDry() {
        return ranDry;
    }

    private synchronized SourceDataLine lineFor(int sampleRate) {
        if (line != null && rate == sampleRate) {
            return line;
        }
        if (line != null) {
            line.drain();
            line.close();
        }
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        DataLine.Info want = new DataLine.Info(SourceDataLine.class, format);
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (!deviceName.isBlank()
                    && !info.getName().toLowerCase(Locale.ROOT).contains(deviceName.toLowerCase(Locale.ROOT))) {
                continue;
            }
            Mixer mixer = AudioSystem.getMixer(info);
            if (mixer.isLineSupported(want)) {
                try {
                    SourceDataLine l = (SourceDataLine) mixer.getLine(want);
                    l.open(format, sampleRate / 10 * 2);
                    l.start();
                    line = l;
                    rate = sampleRate;
                    return l;
                } catch (LineUnavailableException e) {
                    // busy: try the next device
                }
            }
        }
        throw new AudioFormatException(deviceName.isBlank() ? "no speaker found (Java Sound lists no playback device)"
                : "no speaker named '" + deviceName + "' (set benchmate.speaking.output-device)");
    }

    @Override
    public synchronized void stopNow() {
        if (line != null) {
            line.stop();
            line.flush();
            line.start();
        }
    }

    @Override
    public void drain() {
        SourceDataLine l;
        synchronized (this) {
            l = line;
        }
        if (l != null) {
            l.drain();
        }
    }

    @Override
    public synchronized void close() {
        if (line != null) {
            line.close();
            line = null;
        }
    }
}
