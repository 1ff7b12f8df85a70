package dev.benchmate.testing;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.SpeechRateConversion;
import dev.benchmate.media.WavFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Recorded sessions for the replayed voice loop: MaryTTS sentences at given times, and their script. */
public final class Sessions {
    private Sessions() {
    }

    /** A sentence and when it starts in the session (seconds). */
    public record Said(double at, String words) {
    }

    /** Builds a session with each sentence at its time, then silence; writes NAME.wav and NAME.txt. */
    public static Path write(Path dir, String name, double seconds, Said... said) throws Exception {
        float[] all = new float[(int) (16000 * seconds)];
        StringBuilder script = new StringBuilder("# what is said in " + name + ".wav: START END WORDS\n");
        for (Said s : said) {
            AudioClip c = SpeechRateConversion.toSpeechRate(Voice.mary().synthesize(s.words()));
            int from = (int) (16000 * s.at());
            System.arraycopy(c.samples(), 0, all, from, Math.min(c.samples().length, all.length - from));
            script.append(String.format(Locale.ROOT, "%.2f %.2f %s%n", s.at(), s.at() + c.seconds(), s.words()));
        }
        Path wav = dir.resolve(name + ".wav");
        WavFiles.write(new AudioClip(all, 16000), wav);
        Files.writeString(dir.resolve(name + ".txt"), script);
        return wav;
    }
}
