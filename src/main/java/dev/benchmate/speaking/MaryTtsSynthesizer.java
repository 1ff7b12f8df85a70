package dev.benchmate.speaking;

import dev.benchmate.media.Pcm;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import marytts.LocalMaryInterface;
import marytts.exceptions.MaryConfigurationException;
import marytts.exceptions.SynthesisException;

/**
 * MaryTTS 5.2.1 in-process (voice cmu-slt-hsmm by default). Loading takes about a second, so one
 * instance serves the process; MaryTTS's interface is not thread-safe, so synthesis is serialized.
 */
public final class MaryTtsSynthesizer implements Synthesizer {
    private final LocalMaryInterface mary;
    private final String prosodyRate;
    private int sampleRate;

    public MaryTtsSynthesizer(String voice) {
        this(voice, 1.0);
    }

    /** @param rate speaking speed: 1.0 the voice's own, 1.25 a quarter faster, 0.8 slower (0.5 to 2) */
    public MaryTtsSynthesizer(String voice, double rate) {
        if (rate < 0.5 || rate > 2.0) {
            throw new IllegalArgumentException("speaking rate must be between 0.5 and 2.0, got " + rate);
        }
        keepMaryLogsInOurs();
        try {
            mary = new LocalMaryInterface();
        } catch (MaryConfigurationException e) {
            throw new dev.benchmate.speaking.SynthesisException("MaryTTS did not start: " + e.getMessage(), e);
        }
        if (!mary.getAvailableVoices().contains(voice)) {
            throw new dev.benchmate.speaking.SynthesisException("MaryTTS voice '" + voice + "' is not installed; "
                    + "available: " + mary.getAvailableVoices(), null);
        }
        mary.setVoice(voice);
        // Without it MaryTTS warns on every sentence that the locale is null.
        mary.setLocale(marytts.modules.synthesis.Voice.getVoice(voice).getLocale());
        // The HMM voice takes its speed from SSML prosody (its Rate audio effect does nothing).
        this.prosodyRate = rate == 1.0 ? null
                : String.format(java.util.Locale.ROOT, "%+d%%", Math.round((rate - 1.0) * 100));
        if (prosodyRate != null) {
            mary.setInputType("SSML");
        }
    }

    private org.w3c.dom.Document ssml(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String xml = "<?xml version=\"1.0\"?><speak version=\"1.0\" xmlns=\"http://www.w3.org/2001/10/synthesis\" "
                + "xml:lang=\"en-US\"><prosody rate=\"" + prosodyRate + "\">" + escaped + "</prosody></speak>";
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                    xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | IOException e) {
            throw new dev.benchmate.speaking.SynthesisException("cannot wrap \"" + text + "\" for MaryTTS", e);
        }
    }

    /**
     * MaryTTS configures its own log file (log/server.log under the working directory) unless the
     * log4j root logger already has an appender. Its messages reach Quarkus's log through
     * log4j-jboss-logmanager anyway, so a null appender tells it logging is taken care of.
     */
    private static void keepMaryLogsInOurs() {
        org.apache.log4j.Logger root = org.apache.log4j.Logger.getRootLogger();
        if (!root.getAllAppenders().hasMoreElements()) {
            root.addAppender(new org.apache.log4j.varia.NullAppender());
        }
    }

    @Override
    public synchronized AudioClip synthesize(String text) {
        try (AudioInputStream raw = prosodyRate == null ? mary.generateAudio(text) : mary.generateAudio(ssml(text))) {
            AudioFormat src = raw.getFormat();
            AudioFormat pcm16 = new AudioFormat(src.getSampleRate(), 16, src.getChannels(), true, false);
            try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm16, raw)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                byte[] b = bytes.toByteArray();
                float[] interleaved = Pcm.toFloats(b, b.length);
                float[] mono = new float[interleaved.length / src.getChannels()];
                for (int i = 0; i < mono.length; i++) {
                    float sum = 0;
                    for (int c = 0; c < src.getChannels(); c++) {
                        sum += interleaved[i * src.getChannels() + c];
                    }
                    mono[i] = sum / src.getChannels();
                }
                sampleRate = (int) src.getSampleRate();
                return new AudioClip(mono, sampleRate);
            }
        } catch (SynthesisException | IOException e) {
            throw new dev.benchmate.speaking.SynthesisException("MaryTTS could not say \"" + text + "\": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized int sampleRate() {
        return sampleRate;
    }
}
